"""How long the helpdesk waits for a fiche: lookup + card, on the embedded SQLite database."""
from __future__ import annotations

import random
import statistics
import time
from datetime import date

from sqlalchemy import select

from bot.db import open_session
from bot.fiche import Found, build_fiche, place_index, resolve
from bot.models import Commune, School


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(url: str | None = None, samples: int = 300, seed: int = 7) -> dict:
    today = date(2022, 10, 3)
    with open_session(url) as session:
        communes = session.scalars(select(Commune)).all()
        schools = session.scalars(select(School.uai)).all()
        place_index(session)  # built once per process, like in the running assistant
        rng = random.Random(seed)
        queries = {
            "nom exact": [c.name for c in rng.sample(communes, samples)],
            "nom sans accents ni tirets": [c.name.lower().replace("-", " ").replace("é", "e").replace("è", "e")
                                           for c in rng.sample(communes, samples)],
            "UAI": rng.sample(schools, samples),
        }
        results = {}
        for kind, items in queries.items():
            timings = []
            for query in items:
                start = time.perf_counter()
                found = resolve(session, query)
                if isinstance(found, Found):
                    build_fiche(session, found, today)
                timings.append((time.perf_counter() - start) * 1000)
            results[kind] = {"mediane_ms": round(statistics.median(timings), 2),
                             "p95_ms": round(percentile(timings, 0.95), 2), "n": len(timings)}
    return results


def main() -> None:
    print("Fiche d'une collectivité (recherche + fiche complète), SQLite, objectif < 20 ms :")
    for kind, figures in measure().items():
        print(f"  {kind:<28} médiane {figures['mediane_ms']:>6.2f} ms   p95 {figures['p95_ms']:>6.2f} ms"
              f"   ({figures['n']} recherches)")
