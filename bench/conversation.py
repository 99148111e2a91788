"""The whole assistant through REST: right answers, latency, training time, cold start, memory."""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from bench.fiche import percentile
from bench.heldout import SETS, fact_found, load
from bot.settings import PROJECT_ROOT

RASA = str(Path(sys.executable).parent / "rasa")


def training_time() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run([RASA, "train", "--force", "--out", tmp, "--quiet"], cwd=PROJECT_ROOT, check=True,
                       capture_output=True)
        return time.perf_counter() - start


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def ask(url: str, sender: str, message: str) -> tuple[str, float]:
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        replies = json.loads(response.read())
    return "\n".join(r.get("text", "") for r in replies), (time.perf_counter() - start) * 1000


def main() -> None:
    from tests.bot_process import start_bot

    print(f"Entraînement complet (NLU + dialogue), objectif ≤ 3 min : {training_time():.0f} s")
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        bot = start_bot(Path(tmp))
        print(f"Démarrage à froid (serveur d'actions puis Rasa prêts) : {time.perf_counter() - start:.0f} s")
        try:
            url = f"{bot.rasa_url}/webhooks/rest/webhook"
            ask(url, "chauffe", "bonjour")
            timings: list[float] = []
            for name in SETS:
                checkable = [item for item in load(name) if item.get("facts")]
                misses = []
                for item in checkable:
                    text, ms = ask(url, f"bench-{uuid.uuid4().hex[:8]}", item["text"])
                    timings.append(ms)
                    if not fact_found(text, item["facts"]):
                        misses.append(item)
                right = len(checkable) - len(misses)
                share = right / len(checkable)
                print(f"Réponses contenant le bon fait ({name}) : {right}/{len(checkable)} ({share:.2%}), "
                      f"objectif ≥ 97 % {'atteint' if share >= 0.97 else 'non atteint'}")
                for item in misses[:12]:
                    print(f"    manqué : « {item['text']} » (attendu {item['facts']})")
            print(f"Latence par message (REST, actions et base compris) : médiane {statistics.median(timings):.0f} ms,"
                  f" p95 {percentile(timings, 0.95):.0f} ms ({len(timings)} messages), objectif p95 ≤ 150 ms")
            print(f"Mémoire résidente : Rasa {rss_mb(bot.processes[1].pid):.0f} Mo, "
                  f"serveur d'actions {rss_mb(bot.processes[0].pid):.0f} Mo")
        finally:
            bot.stop()
