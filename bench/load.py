"""The production set-up under load: throughput and latency through nginx, 100 conversations × 20 turns.

Starts deploy/run-prod (two Rasa instances, PostgreSQL, Redis) on free ports with throw-away databases, as the
tests of tests/prod do, and drives it with locust (bench/locust_run.py, in its own process).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bot.settings import PROJECT_ROOT

USERS, TURNS = 100, 20


def main() -> None:
    from tests.prod.stack import drop_stack_data, missing_services, new_stack

    print(f"Production sous charge (nginx, 2 instances Rasa, PostgreSQL, Redis ; {USERS} conversations × {TURNS} "
          f"échanges, {os.cpu_count()} cœurs), objectif ≥ 60 msg/s et p95 ≤ 300 ms :")
    reason = missing_services()
    if reason:
        print(f"  ignoré : {reason}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        stack = new_stack(Path(tmp))
        try:
            stack.start()
            goal, half = (load(stack.url, Path(tmp) / f"{rate}.json", rate) for rate in (0.65, 0.3))
        finally:
            stack.stop()
            drop_stack_data(stack)
    # Each conversation sends at most RATE messages per second, like a person reading the replies: the load offered
    # is users × rate; when it exceeds what the machine holds, the throughput measured is that limit.
    report("65 msg/s offerts (0,65 message/s par conversation)", goal)
    report("30 msg/s offerts (0,3 message/s par conversation)", half)


def load(url: str, out: Path, rate: float) -> dict:
    subprocess.run([sys.executable, "-m", "bench.locust_run", url, str(out), "--users", str(USERS), "--turns",
                    str(TURNS), "--rate", str(rate)], cwd=PROJECT_ROOT, check=True, capture_output=True)
    return json.loads(out.read_text())


def report(title: str, result: dict) -> None:
    print(f"  {title} : {result['requests']} messages en {result['duration_s']:.1f} s, "
          f"{result['throughput']:.1f} msg/s, latence médiane {result['median_ms']:.0f} ms, "
          f"p95 {result['p95_ms']:.0f} ms, {result['failures']} erreur(s)")
