"""`check --fuzz` throughput: the events a second `webhook.fuzz.fuzz` takes on the example
configs, as `python -m webhook check --config C --fuzz N` times it.

webhook/examples/flipt-templates.yml holds the Flipt docs' Slack body (it fails, so shrinking
its failure is in the time) and `toJson` body; flipt-url.yml is URL mode, every event type.
The rate counts the edge events with the walk's, as the report does.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import webhook
from webhook.config import load_config
from webhook.fuzz import fuzz

__all__ = ["CONFIGS", "FuzzRate", "measure_fuzz"]

#: The example configs timed, each with what it holds.
CONFIGS = {
    "flipt-templates.yml": "the docs' Slack (fails) and toJson bodies, flag:* segment:*",
    "flipt-url.yml": "URL mode, every event type",
}
# the ${VAR}s of the example configs; nothing is sent
_ENV = {
    "WEBHOOK_DEMO_SECRET": "bench",
    "WEBHOOK_DEMO_SLACK_URL": "https://hooks.slack.com/services/bench",
    "WEBHOOK_DEMO_JSON_URL": "http://127.0.0.1:9/json",
    "WEBHOOK_DEMO_URL": "http://127.0.0.1:9/url",
}


@dataclass(frozen=True)
class FuzzRate:
    """`fuzz(config, n)` on one example config: events per target and the median seconds."""

    config: str
    events: int
    seconds: float

    @property
    def per_second(self) -> float:
        """Events decided (and failures shrunk) a second."""
        return self.events / self.seconds


def measure_fuzz(n: int, rounds: int) -> list[FuzzRate]:
    """Each of `CONFIGS` fuzzed with `n` events from seed 0, median of `rounds` runs."""
    examples = Path(webhook.__file__).resolve().parent / "examples"
    rates = []
    for name in CONFIGS:
        config = load_config(examples / name, env=_ENV)
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            report = fuzz(config, n, 0)
            times.append(time.perf_counter() - started)
        rates.append(FuzzRate(name, report.events, statistics.median(times)))
    return rates
