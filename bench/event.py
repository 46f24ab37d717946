"""Event decoding: `webhook.Event` from the first event of webhook/examples/events.jsonl.

Every event the sender sends is decoded first (`Event.from_json` for a JSON line, `from_dict`
for an object already parsed), so this runs once per event next to the render it feeds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import webhook
from bench.timing import Budget, median_ns

__all__ = ["EventDecoding", "measure_event_decoding"]


@dataclass(frozen=True)
class EventDecoding:
    """Median nanoseconds per decode of one typical event."""

    from_dict_ns: float
    from_json_ns: float


def measure_event_decoding(budget: Budget) -> EventDecoding:
    """`Event.from_dict` of the parsed first line of events.jsonl, and `Event.from_json` of it."""
    examples = Path(webhook.__file__).resolve().parent / "examples" / "events.jsonl"
    line = examples.read_text(encoding="utf-8").splitlines()[0]
    obj = json.loads(line)
    return EventDecoding(
        median_ns(lambda: webhook.Event.from_dict(obj), budget),
        median_ns(lambda: webhook.Event.from_json(line), budget),
    )
