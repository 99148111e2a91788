"""Load through the load balancer with locust: N conversations × T turns on the REST webhook, in its own process.

Run as `python -m bench.locust_run HOST OUT.json [--users 100] [--turns 20] [--rate 0.65]`; locust patches the
standard library with gevent when imported, so this module is never imported by the tests or by Rasa's process.
Each simulated user is one conversation (its own sender id) sending at most RATE messages per second; the JSON
written to OUT holds locust's figures and, per conversation, the turns sent with their HTTP status.
"""
from __future__ import annotations

import argparse
import itertools
import json
import time
import uuid

import gevent
from locust import FastHttpUser, constant_throughput, events, task
from locust.env import Environment
from locust.exception import StopUser

QUESTIONS = (
    "bonjour",
    "c'est quoi le tarif par école pour l'année ?",
    "on doit renvoyer la convention quand au plus tard ?",
    "qui doit signer la convention côté mairie ?",
    "est ce que mes fichiers restent d'une année à l'autre",
    "l'ENT ferme quand cet été ?",
    "comment les parents se connectent avec educonnect",
    "merci beaucoup",
)


def script(conversation: int, turns: int) -> list[str]:
    """Turns of one conversation; every fourth asks a cost with a number no other conversation uses, so that a
    turn stored in the wrong conversation would show."""
    return [f"Combien ça coûte pour {conversation * turns + turn + 1} écoles ?" if turn % 4 == 3
            else QUESTIONS[(conversation * 3 + turn) % len(QUESTIONS)] for turn in range(turns)]


class Conversation(FastHttpUser):
    network_timeout = 120.0  # a conversation whose instance died waits for its lock to expire (TICKET_LOCK_LIFETIME)
    turns = 20
    rate = 0.65
    numbers = itertools.count()
    log: dict[str, list[dict]] = {}
    finished = 0

    def wait_time(self) -> float:
        return constant_throughput(self.rate)(self) if self.rate else 0.0

    def on_start(self) -> None:
        self.sender = f"charge-{uuid.uuid4().hex[:12]}"
        self.script = script(next(self.numbers), self.turns)
        self.log[self.sender] = []

    @task
    def say(self) -> None:
        sent = self.log[self.sender]
        if len(sent) == len(self.script):
            Conversation.finished += 1
            raise StopUser()
        text = self.script[len(sent)]
        with self.client.post("/webhooks/rest/webhook", json={"sender": self.sender, "message": text},
                              name="/webhooks/rest/webhook", catch_response=True) as response:
            replies = response.json() if response.status_code in (200, 503) else []
            sent.append({"text": text, "status": response.status_code, "at": time.time(),
                         "replies": len(replies)})
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif not replies:
                response.failure("aucune réponse")


def run(host: str, users: int, turns: int, rate: float, timeout: float = 600) -> dict:
    Conversation.turns, Conversation.rate = turns, rate
    environment = Environment(user_classes=[Conversation], host=host, events=events)
    runner = environment.create_local_runner()
    started = time.time()
    runner.start(users, spawn_rate=min(users, 20))
    while Conversation.finished < users and time.time() - started < timeout:
        gevent.sleep(0.2)
    duration = time.time() - started
    runner.quit()
    total = environment.stats.total
    return {"users": users, "turns": turns, "duration_s": duration, "requests": total.num_requests,
            "failures": total.num_failures, "throughput": total.num_requests / duration,
            "median_ms": total.median_response_time, "p95_ms": total.get_response_time_percentile(0.95),
            "finished": Conversation.finished, "conversations": Conversation.log}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("host")
    parser.add_argument("out")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--rate", type=float, default=0.65, help="messages par seconde et par conversation au plus (0 : sans pause)")
    args = parser.parse_args()
    result = run(args.host, args.users, args.turns, args.rate)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False)


if __name__ == "__main__":
    main()
