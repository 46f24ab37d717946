"""Render and parse timings of the corpus for every engine, plus the check that they are correct.

gotmpl's output must equal Go's for every case (otherwise we would be timing the wrong work);
a mismatch is reported loudly and kept in the results. Jinja2 and gotpl outputs are compared to
Go's too, for information: Jinja2 cannot print Go's `map[...]` or `json.Marshal` bytes.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench.corpus import Case
from bench.engines import Engine
from bench.timing import Budget, median_ns

__all__ = ["Timing", "check_outputs", "time_engines"]


@dataclass
class Timing:
    """One engine on one case; `error` set when it could not run the case."""

    parse_ns: float | None = None
    render_ns: float | None = None
    output: str | None = None
    error: str | None = None


@dataclass
class CaseResult:
    """Every engine's timing for one case, and how each output compares with Go's."""

    case: Case
    timings: dict[str, Timing] = field(default_factory=dict)
    same_as_go: dict[str, bool] = field(default_factory=dict)


def _time_one(engine: Engine, case: Case, budget: Budget) -> Timing:
    try:
        data = engine.data(case)
        template = engine.parse(case)
        output = engine.render(template, case, data)
    except Exception as exc:  # an engine that cannot run a case is a result, not a crash
        return Timing(error=f"{type(exc).__name__}: {exc}")
    parse_ns = median_ns(lambda: engine.parse(case), budget)
    render_ns = median_ns(lambda: engine.render(template, case, data), budget)
    return Timing(parse_ns, render_ns, output)


def time_engines(
    cases: tuple[Case, ...],
    engines: dict[str, Engine],
    budget: Budget,
    go: Callable[[Case], dict[str, Any]] | None,
) -> list[CaseResult]:
    """Time every engine on every case; `go(case)` asks gobench for Go's (None: no Go).

    Go is timed case by case, right before the Python engines on the same case, so a change
    in machine load (these machines are shared) hits both sides of a ratio alike.
    """
    results = []
    for case in cases:
        result = CaseResult(case)
        if go is not None:
            g = go(case)
            result.timings["Go"] = Timing(
                g.get("parse_ns"), g.get("render_ns"), g.get("output"), g.get("error")
            )
        for name, engine in engines.items():
            result.timings[name] = _time_one(engine, case, budget)
        results.append(result)
    return results


def check_outputs(results: list[CaseResult]) -> list[str]:
    """Compare outputs with Go's; the lines to print, gotmpl mismatches first and loud."""
    loud: list[str] = []
    info: list[str] = []
    for r in results:
        go = r.timings.get("Go")
        if go is None or go.output is None:
            continue
        for name, t in r.timings.items():
            if name == "Go":
                continue
            same = t.output == go.output
            r.same_as_go[name] = same
            if same:
                continue
            if name == "gotmpl":
                diff = difflib.unified_diff(
                    go.output.splitlines(keepends=True),
                    (t.output or t.error or "").splitlines(keepends=True),
                    "Go",
                    "gotmpl",
                    n=1,
                )
                loud.append(f"!!! MISMATCH: gotmpl output differs from Go on {r.case.name}")
                loud.extend("!!!   " + line.rstrip("\n") for line in list(diff)[:20])
            else:
                why = t.error or "output differs"
                info.append(f"    {name} on {r.case.name}: not Go's bytes ({why[:80]})")
    return loud + info
