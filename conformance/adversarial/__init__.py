"""Adversarial case generators: seeded, Go-answered cases of kinds the fixtures do not hold.

One generator per kind, each `fn(rng) -> case` (an exec case in conformance/README.md's format
whose id names its shape). `generate(kind, count, seed)` is deterministic for a seed: case i of
a kind draws from `random.Random(f"{kind}/{seed}/{i}")`. Run them against Go with
`python -m conformance.adversarial` (see __main__.py).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from conformance.adversarial.deep import deep_case
from conformance.adversarial.faults import fault_case
from conformance.adversarial.flipt import webhook_case
from conformance.adversarial.literals import literal_case
from conformance.adversarial.names import name_case
from conformance.adversarial.plain import plain_case
from conformance.adversarial.scopes import scope_case

__all__ = ["KINDS", "generate"]

KINDS: dict[str, Callable[[random.Random], dict[str, Any]]] = {
    "webhook": webhook_case,
    "scopes": scope_case,
    "deep": deep_case,
    "literals": literal_case,
    "names": name_case,
    "faults": fault_case,
    "plain": plain_case,
}


def generate(kind: str, count: int, seed: int = 0) -> list[dict[str, Any]]:
    """`count` cases of `kind`, ids `adv/<kind>/<shape>/<seed>-<i>`."""
    make = KINDS[kind]
    cases = []
    for i in range(count):
        c = make(random.Random(f"{kind}/{seed}/{i}"))
        c["id"] = f"adv/{kind}/{c['id']}/{seed}-{i}"
        cases.append(c)
    return cases
