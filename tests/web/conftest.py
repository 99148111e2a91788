"""Browser tests: Debian's Chromium driven by Playwright, the web server on a free port, Rasa real or stand-in."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from tests.bot_process import free_port, wait_until_up
from tests.conftest import require_service

CHROMIUM = Path("/usr/bin/chromium")
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
VENDOR = PROJECT_ROOT / "web" / "static" / "vendor"
SCREENSHOTS = PROJECT_ROOT / "artifacts" / "screenshots"
DOC_IMAGES = PROJECT_ROOT / "docs" / "images"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


@dataclass
class Server:
    url: str
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_web(workdir: Path, rasa_url: str, database_url: str, transport: str = "socketio") -> Server:
    port = free_port()
    log = workdir / f"web-{port}.log"
    env = {**os.environ, "WEB_PORT": str(port), "RASA_URL": rasa_url, "DATABASE_URL": database_url,
           "WEB_TRANSPORT": transport, "ENTBOT_TODAY": "2022-10-03"}
    process = subprocess.Popen([sys.executable, "-m", "web"], cwd=PROJECT_ROOT, env=env,
                               stdout=log.open("w"), stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", process)
    try:
        wait_until_up(f"{server.url}/config.json", process, log, timeout=30)
    except Exception:
        server.stop()
        raise
    return server


class FakeRasa:
    """tests/web/fake_rasa.py in its own process, which a test may stop and start again on the same port."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / "fake-rasa.jsonl"
        self.log.touch()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        out = self.log.with_suffix(".out")
        self.process = subprocess.Popen([sys.executable, "-m", "tests.web.fake_rasa", str(self.port), str(self.log)],
                                        cwd=PROJECT_ROOT, stdout=out.open("a"), stderr=subprocess.STDOUT)
        wait_until_up(f"{self.url}/", self.process, out, timeout=30)

    def stop(self) -> None:
        """Killed, not stopped gracefully: the open connections drop as in a network failure."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def events(self, kind: str) -> list:
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [e["data"] for e in map(json.loads, lines) if e["event"] == kind]


@pytest.fixture(scope="module")
def browser():
    """Per module: Playwright's sync API holds an event loop in the main thread for as long as it runs."""
    if not CHROMIUM.exists():
        require_service(f"Chromium absent ({CHROMIUM}) : `make setup` l'installe (apt-get install chromium)")
    if not (VENDOR / ".copied").exists() or not AXE.exists():
        pytest.fail("Les fichiers npm manquent (web/static/vendor, node_modules) : lancez `make setup`.")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """Pages in a fresh context each (own sessionStorage), French, with clipboard rights; closed after the test."""
    contexts = []

    def make(viewport: dict = DESKTOP):
        context = browser.new_context(viewport=viewport, locale="fr-FR",
                                      permissions=["clipboard-read", "clipboard-write"])
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory) -> str:
    from bot.seed import seed
    url = f"sqlite:///{tmp_path_factory.mktemp('webdb') / 'ent.sqlite3'}"
    seed(url, progress=False)
    return url


@pytest.fixture(scope="session")
def fake_rasa(tmp_path_factory):
    fake = FakeRasa(tmp_path_factory.mktemp("fake-rasa"))
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def web_fake(tmp_path_factory, fake_rasa, seeded_database) -> Server:
    """The web server talking to the stand-in Rasa: widget behaviour and the console, without a trained model."""
    server = start_web(tmp_path_factory.mktemp("web-fake"), fake_rasa.url, seeded_database)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def web_fake_rest(tmp_path_factory, fake_rasa, seeded_database) -> Server:
    """The same, with the widget configured for Rasa's REST channel (WEB_TRANSPORT=rest)."""
    server = start_web(tmp_path_factory.mktemp("web-rest"), fake_rasa.url, seeded_database, transport="rest")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def web_bot(tmp_path_factory, running_bot) -> Server:
    """The web server talking to the real assistant (tests/conftest.py: running_bot)."""
    server = start_web(tmp_path_factory.mktemp("web-bot"), running_bot.rasa_url, running_bot.database_url)
    yield server
    server.stop()


def run_axe(page) -> list[dict]:
    """axe-core's violations of WCAG 2.1 A and AA on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
        const result = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ') + ' : ' + n.failureSummary)}));
    }""")


def screenshot(page, name: str, for_docs: bool = False) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if for_docs:
        DOC_IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOC_IMAGES / f"{name}.png")
    return path
