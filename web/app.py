"""The aiohttp application: static pages, /config.json for the widget, /api/fiche for the console."""
from __future__ import annotations

import asyncio
import json
import os
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from web.api import lookup

STATIC = Path(__file__).resolve().parent / "static"
TRANSPORTS = ("socketio", "rest")
SETTINGS = web.AppKey("settings", "WebSettings")


@dataclass(frozen=True)
class WebSettings:
    host: str = "127.0.0.1"
    port: int = 8080
    rasa_url: str = "http://127.0.0.1:5005"  # empty: Rasa is behind the same origin (a reverse proxy)
    transport: str = "socketio"
    database_url: str | None = None  # None: DATABASE_URL, as for entbot


def load_web_settings() -> WebSettings:
    transport = os.environ.get("WEB_TRANSPORT", "socketio")
    if transport not in TRANSPORTS:
        raise SystemExit(f"WEB_TRANSPORT vaut « {transport} » : choisissez socketio ou rest.")
    return WebSettings(host=os.environ.get("WEB_HOST", "127.0.0.1"), port=int(os.environ.get("WEB_PORT", "8080")),
                       rasa_url=os.environ.get("RASA_URL", "http://127.0.0.1:5005").rstrip("/"),
                       transport=transport)


def make_app(settings: WebSettings) -> web.Application:
    app = web.Application(middlewares=[_security_headers])
    app[SETTINGS] = settings
    app.router.add_get("/", _page("index.html"))
    app.router.add_get("/console", _page("console.html"))
    app.router.add_get("/config.json", _config)
    app.router.add_get("/api/fiche", _fiche)
    app.router.add_static("/static/", STATIC)
    return app


def _page(name: str):
    async def handler(_request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / name, headers={"Cache-Control": "no-cache"})
    return handler


async def _config(request: web.Request) -> web.Response:
    """Where the widget finds Rasa, when its script tag does not say (data-server)."""
    settings: WebSettings = request.app[SETTINGS]
    # Readable from any page that embeds the widget.
    return web.json_response({"server": settings.rasa_url, "transport": settings.transport},
                             headers={"Cache-Control": "no-cache", "Access-Control-Allow-Origin": "*"})


async def _fiche(request: web.Request) -> web.Response:
    settings: WebSettings = request.app[SETTINGS]
    query, day = request.query.get("q"), request.query.get("date")
    # The database calls are synchronous (SQLAlchemy): off the event loop.
    status, body = await asyncio.get_running_loop().run_in_executor(None, lookup, query, day, settings.database_url)
    return web.json_response(body, status=status, dumps=_dumps)


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)


@web.middleware
async def _security_headers(request: web.Request, handler):
    response = await handler(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response
