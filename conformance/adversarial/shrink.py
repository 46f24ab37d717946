"""Reduce a mismatching case while it keeps its signature: fewer actions, smaller data.

Each candidate is answered by Go (the long-lived oracle) and by gotmpl (the guarded worker); it
is kept when the two still differ in the same way. Template text is cut at action boundaries
(delta debugging over the `{{...}}` and text segments, then unwrapping control blocks); data
loses map keys and list elements. Deep cases (long texts or data) are left as they are: their
depth is already in their shape name.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from typing import Any

from conformance.adversarial.runner import (
    GotmplWorker,
    Mismatch,
    _expected_outcome,
    dumps,
    signature,
)
from conformance.oracle_client import Oracle

__all__ = ["shrink"]

ACTION = re.compile(rb"(\{\{.*?\}\})", re.S)
OPEN = re.compile(rb"\{\{-?\s*(if|with|range|define|block)\b")
END = re.compile(rb"\{\{-?\s*end\s*-?\}\}")
MAX_TEXT = 4000


def _template(case: dict[str, Any]) -> bytes:
    if "template_b64" in case:
        return base64.b64decode(case["template_b64"])
    return case.get("template", "").encode("utf-8", "surrogateescape")


def _with_template(case: dict[str, Any], text: bytes) -> dict[str, Any]:
    out = {k: v for k, v in case.items() if k not in ("template", "template_b64")}
    try:
        out["template"] = text.decode("utf-8")
    except UnicodeDecodeError:
        out["template_b64"] = base64.b64encode(text).decode()
    return out


class _Shrinker:
    def __init__(self, m: Mismatch, oracle: Oracle, worker: GotmplWorker, budget: int) -> None:
        self.best = m
        self.sig = signature(m.want, m.got, m.case)
        self.oracle = oracle
        self.worker = worker
        self.budget = budget
        self.expected_outcome = _expected_outcome()

    def attempt(self, case: dict[str, Any]) -> bool:
        """Keep `case` if Go and gotmpl still differ the same way."""
        if self.budget <= 0:
            return False
        self.budget -= 1
        try:
            want = self.expected_outcome(self.oracle.run(case))
        except (RuntimeError, ValueError):
            return False
        got = self.worker.run(case)
        if signature(want, got, case) != self.sig:
            return False
        self.best = Mismatch(case, want, got)
        return True

    def segments(self) -> list[bytes]:
        return [s for s in ACTION.split(_template(self.best.case)) if s]

    def try_segments(self, segs: list[bytes]) -> bool:
        return self.attempt(_with_template(self.best.case, b"".join(segs)))

    def ddmin(self) -> None:
        segs = self.segments()
        n = 2
        while len(segs) >= 2 and self.budget > 0:
            size = -(-len(segs) // n)
            for start in range(0, len(segs), size):
                cand = segs[:start] + segs[start + size :]
                if cand and self.try_segments(cand):
                    segs = cand
                    n = max(n - 1, 2)
                    break
            else:
                if n >= len(segs):
                    return
                n = min(len(segs), 2 * n)

    def unwrap(self) -> None:
        """Remove a control's opening and its {{end}}, keeping the body."""
        i = 0
        while self.budget > 0:
            segs = self.segments()
            opens = [k for k, s in enumerate(segs) if OPEN.match(s)]
            if i >= len(opens):
                return
            k = opens[i]
            depth, j = 0, k
            for j in range(k, len(segs)):
                if OPEN.match(segs[j]):
                    depth += 1
                elif END.match(segs[j]):
                    depth -= 1
                    if depth == 0:
                        break
            if depth == 0 and self.try_segments(segs[:k] + segs[k + 1 : j] + segs[j + 1 :]):
                continue
            i += 1

    def data(self) -> None:
        """Drop map keys and list elements of the data while the mismatch stays."""
        case = self.best.case
        if not isinstance(case.get("data"), dict | list) or case.get("data_mode") == "flipt_event":
            return
        self._reduce(lambda: self.best.case["data"], lambda d: {**self.best.case, "data": d})

    def _reduce(self, get: Callable[[], Any], put: Callable[[Any], dict[str, Any]]) -> None:
        value = get()
        keys = list(value) if isinstance(value, dict) else list(range(len(value)))
        for key in reversed(keys):
            value = get()
            if isinstance(value, dict):
                cand: Any = {k: v for k, v in value.items() if k != key}
            else:
                cand = value[:key] + value[key + 1 :]
            self.attempt(put(cand))


def shrink(m: Mismatch, oracle: Oracle, worker: GotmplWorker, budget: int = 400) -> Mismatch:
    """A smaller case with the same mismatch signature (the case itself when none is found)."""
    if len(_template(m.case)) > MAX_TEXT or len(dumps({"d": m.case.get("data")})) > MAX_TEXT:
        return m
    s = _Shrinker(m, oracle, worker, budget)
    for _ in range(2):
        s.ddmin()
        s.unwrap()
        s.data()
    return s.best


TAGS = [
    ("range-else", rb"\{\{-?\s*range\b[^}]*\}\}(?:(?!\{\{-?\s*end).)*\{\{-?\s*else\s*-?\}\}"),
    ("range-vars", rb"range \$"),
    ("range", rb"\{\{-?\s*range\b"),
    ("if/with", rb"\{\{-?\s*(?:if|with)\b"),
    ("else", rb"\{\{-?\s*else"),
    ("paren-decl", rb"\(\$\w* :="),
    ("paren-assign", rb"\(\$\w* = "),
    ("and/or", rb"\b(?:and|or) "),
    ("decl", rb"\$\w* :="),
    ("assign", rb"\$\w* = "),
    ("$-redeclared", rb"[{(]\$ :?= "),
    ("template", rb"\{\{-?\s*template\b"),
    ("break/continue", rb"\{\{-?\s*(?:break|continue)\b"),
]


def tags(case: dict[str, Any]) -> str:
    """The constructs a (reduced) case's template still uses, e.g. `range-else decl`."""
    text = _template(case)
    found = [name for name, pat in TAGS if re.search(pat, text, re.S)]
    return " ".join(found) or "-"
