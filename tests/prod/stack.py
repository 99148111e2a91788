"""The production set-up started for a test run or a benchmark: deploy/run-prod on free ports, with its own
PostgreSQL databases (created by run-prod, dropped afterwards) and its own Redis database index (flushed)."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.settings import PROJECT_ROOT
from tests.bot_process import MODEL, free_port, wait_until_up

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def missing_services() -> str | None:
    """Why the production set-up cannot run here, or None."""
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        return "nginx absent (make setup l'installe : apt-get install nginx-light)"
    try:
        engine = create_engine(POSTGRES_ADMIN_URL, future=True)
        with engine.connect():
            pass
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure means the server is not there
        return f"PostgreSQL injoignable ({POSTGRES_ADMIN_URL}) : {exc.__class__.__name__}"
    try:
        redis_command("PING")
    except OSError as exc:
        return f"Redis injoignable ({REDIS_HOST}:{REDIS_PORT}) : {exc.__class__.__name__}"
    if not MODEL.exists():
        return f"pas de modèle entraîné ({MODEL}) : make model"
    return None


def redis_command(*words: str, db: int = 0) -> bytes:
    """One Redis command over a plain socket (inline protocol), so that the tests need no Redis client."""
    with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=5) as connection:
        connection.sendall(f"SELECT {db}\r\n{' '.join(words)}\r\n".encode())
        reply = b""
        while reply.count(b"\r\n") < 2:
            chunk = connection.recv(4096)
            if not chunk:
                break
            reply += chunk
        return reply.split(b"\r\n")[1]


def empty_redis_db() -> int:
    """A Redis database index that nothing uses, for this run only."""
    for db in range(15, 1, -1):
        if redis_command("DBSIZE", db=db) == b":0":
            return db
    raise RuntimeError("Aucune base Redis vide entre 2 et 15 pour les tests.")


@dataclass
class ProdStack:
    workdir: Path
    env: dict[str, str]
    process: subprocess.Popen | None = None
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.workdir / "run-prod.log"

    @property
    def url(self) -> str:
        return f"http://{self.env['PROD_LISTEN']}"

    @property
    def rasa_ports(self) -> list[int]:
        return [int(port) for port in self.env["RASA_PORTS"].split()]

    @property
    def var(self) -> Path:
        return Path(self.env["PROD_VAR"])

    def pid(self, name: str) -> int:
        return int((self.var / "pids" / f"{name}.pid").read_text())

    def start(self, timeout: float = 420) -> None:
        self.log.touch()
        started_at = self.log.stat().st_size  # the log is kept across restarts: only this start's lines count
        self.process = subprocess.Popen([str(PROJECT_ROOT / "deploy" / "run-prod")], cwd=PROJECT_ROOT, env=self.env,
                                        stdout=self.log.open("a"), stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + timeout
        while "Ctrl-C pour tout arrêter" not in self.log.read_bytes()[started_at:].decode(errors="replace"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"deploy/run-prod n'a pas démarré :\n{self.log.read_text()[-4000:]}")
            time.sleep(1)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def wait_until_up(self, url: str, timeout: float = 240) -> None:
        """A part that run-prod restarts answers again (run-prod itself must stay up meanwhile)."""
        wait_until_up(url, self.process, self.log, timeout)

    def logs(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in sorted((self.var / "logs").glob("*.log")))


def new_stack(workdir: Path) -> ProdStack:
    """Free ports, new database names and an empty Redis database; nothing is started yet."""
    run = uuid.uuid4().hex[:8]
    admin = make_url(POSTGRES_ADMIN_URL)
    ports = [free_port() for _ in range(5)]
    env = {**os.environ,
           "DATABASE_URL": admin.set(database=f"entbot_prod_{run}").render_as_string(hide_password=False),
           "TRACKER_STORE_URL": admin.set(database=f"entbot_prod_{run}_conv").render_as_string(hide_password=False),
           "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{empty_redis_db()}",
           "ACTIONS_PORT": str(ports[0]), "RASA_PORTS": f"{ports[1]} {ports[2]}",
           "PROD_LISTEN": f"127.0.0.1:{ports[3]}", "PROD_PORT": str(ports[3]), "WEB_PORT": str(ports[4]),
           "SITE_ORIGIN": "https://ent-ecole.example.fr", "PROD_VAR": str(workdir / "var"),
           "ENTBOT_TODAY": "2022-10-03"}
    env.pop("ACTION_SERVER_URL", None)
    return ProdStack(workdir, env)


def drop_stack_data(stack: ProdStack) -> None:
    """Drops the run's databases and flushes its Redis database."""
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as connection:
        for key in ("DATABASE_URL", "TRACKER_STORE_URL"):
            name = make_url(stack.env[key]).database
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
    redis_command("FLUSHDB", db=int(stack.env["REDIS_URL"].rsplit("/", 1)[1]))
