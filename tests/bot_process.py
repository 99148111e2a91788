"""Starts the real assistant for end-to-end tests: seeded SQLite, action server and Rasa on free local ports."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bot.settings import PROJECT_ROOT

MODEL = PROJECT_ROOT / "models" / "ent-ecole.tar.gz"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} s'est arrêté au démarrage :\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} ne répond pas après {timeout} s :\n{log.read_text()[-3000:]}")


@dataclass
class RunningBot:
    rasa_url: str
    actions_url: str
    database_url: str
    processes: list[subprocess.Popen]

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def start_bot(workdir: Path, today: str = "2022-10-03") -> RunningBot:
    """The model must exist (`make model`); the database and the conversations live in workdir."""
    from bot.seed import seed

    if not MODEL.exists():
        raise RuntimeError(f"Pas de modèle entraîné ({MODEL}) : lancez `make model`.")
    database_url = f"sqlite:///{workdir / 'ent.sqlite3'}"
    seed(database_url, progress=False)
    actions_port, rasa_port = free_port(), free_port()
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        f"action_endpoint:\n  url: http://127.0.0.1:{actions_port}/webhook\n"
        f"tracker_store:\n  type: rasa_components.tracker_store.CachedSQLTrackerStore\n  dialect: sqlite\n"
        f"  db: {workdir / 'conversations.sqlite3'}\n",
        encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": database_url, "ENTBOT_TODAY": today, "SANIC_HOST": "127.0.0.1"}
    processes = []
    actions_log, rasa_log = workdir / "actions.log", workdir / "rasa.log"
    processes.append(subprocess.Popen(
        [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(actions_port)],
        cwd=PROJECT_ROOT, env=env, stdout=actions_log.open("w"), stderr=subprocess.STDOUT))
    try:
        wait_until_up(f"http://127.0.0.1:{actions_port}/health", processes[-1], actions_log)
        processes.append(subprocess.Popen(
            [str(BIN / "rasa"), "run", "--model", str(MODEL), "--endpoints", str(endpoints),
             "--credentials", str(PROJECT_ROOT / "credentials.yml"), "--interface", "127.0.0.1",
             "--port", str(rasa_port), "--cors", "*"],
            cwd=PROJECT_ROOT, env=env, stdout=rasa_log.open("w"), stderr=subprocess.STDOUT))
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", processes[-1], rasa_log)
    except Exception:
        RunningBot("", "", database_url, processes).stop()
        raise
    return RunningBot(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{actions_port}", database_url, processes)
