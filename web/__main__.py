"""`python -m web`: serves the chat page, the console and the API on WEB_HOST:WEB_PORT (127.0.0.1:8080)."""
from aiohttp import web as aiohttp_web

from web.app import load_web_settings, make_app


def main() -> None:
    settings = load_web_settings()
    aiohttp_web.run_app(make_app(settings), host=settings.host, port=settings.port,
                        print=lambda _: print(f"Page et console sur http://{settings.host}:{settings.port}/"))


if __name__ == "__main__":
    main()
