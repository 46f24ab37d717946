"""Adversarial generated cases (conformance/adversarial) through gotmpl and Go, kind by kind.

A fixed seed and a modest count per kind keep the module under a minute on 2 cores;
GOTMPL_ADVERSARIAL=N runs N cases of every kind instead (a long run). Go answers every case
(the conformance oracle); gotmpl runs in a guarded worker process, so a hang or a crash fails
the case instead of the session. A failure lists each class of mismatch with its smallest case;
`python -m conformance.adversarial --kind K --shrink` reduces and regroups them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest

from conformance.adversarial import KINDS, generate
from conformance.adversarial.runner import GotmplWorker, KindReport, compare, dumps

SEED = 0
COUNTS = {
    "webhook": 1000, "scopes": 3000, "deep": 120, "literals": 3000, "names": 2000, "faults": 3000,
    "plain": 1500,
}  # fmt: skip
LONG = int(os.environ.get("GOTMPL_ADVERSARIAL", "0"))


@pytest.fixture(scope="module")
def worker() -> Iterator[GotmplWorker]:
    with GotmplWorker(timeout=30.0) as w:
        yield w


def _summary(rep: KindReport, limit: int = 8) -> str:
    lines = [f"{rep.kind}: {rep.mismatches} of {rep.cases} cases differ from Go"]
    ordered = sorted(rep.classes, key=lambda k: -len(rep.classes[k]))
    for key in ordered[:limit]:
        m = rep.reproducer(key)
        case = {k: v for k, v in m.case.items() if k != "data"}
        data = dumps({"data": m.case.get("data")})
        lines += [
            f"[{len(rep.classes[key])}] {key[0]}: {key[1]}",
            f"   case: {json.dumps(case, ensure_ascii=False)[:400]}",
            f"   data: {data[:200]}",
            f"   go:     {json.dumps(m.want, ensure_ascii=False)[:300]}",
            f"   gotmpl: {json.dumps(m.got, ensure_ascii=False)[:300]}",
        ]
    return "\n".join(lines)


@pytest.mark.go
@pytest.mark.parametrize("kind", list(KINDS))
def test_adversarial_cases_match_go(kind: str, go_oracle: Any, worker: GotmplWorker) -> None:
    cases = generate(kind, LONG or COUNTS[kind], SEED)
    rep = compare(kind, cases, go_oracle, worker)
    # Go refusing nearly every case would make the comparison vacuous.
    assert rep.cases >= 0.9 * len(cases), f"{kind}: only {rep.cases} of {len(cases)} compared"
    if rep.classes:
        pytest.fail(_summary(rep), pytrace=False)


@pytest.mark.parametrize("kind", list(KINDS))
def test_generators_are_deterministic_and_well_formed(kind: str) -> None:
    first, again = generate(kind, 30, 7), generate(kind, 30, 7)
    assert dumps({"c": first}) == dumps({"c": again})
    assert dumps({"c": first}) != dumps({"c": generate(kind, 30, 8)})
    assert len({c["id"] for c in first}) == len(first)
    for c in first:
        assert c["kind"] == "exec" and ("template" in c) != ("template_b64" in c), c["id"]
