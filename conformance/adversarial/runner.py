"""Run generated cases through Go (the oracle) and gotmpl (a guarded worker), and classify.

gotmpl runs in a subprocess (conformance/adversarial/worker.py) with a deadline per case: a
case that hangs or kills the interpreter is recorded as a `timeout` or `crash` mismatch and the
worker is restarted. Go answers in batches through conformance.oracle_client. The comparison is
the one every Go-backed test uses (tests/conformance_support: `outcome` against
`expected_outcome`); mismatches are grouped by a short signature with the smallest case kept.
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.adversarial.common import raised_recursion_limit
from conformance.adversarial.worker import TESTS
from conformance.oracle_client import Oracle

__all__ = ["GotmplWorker", "Mismatch", "KindReport", "compare", "go_answers", "signature"]

REPO = Path(__file__).resolve().parents[2]
# Go answers holding a build- or run-dependent address: a `%d`/`%v` template name makes Go
# format a *reflect.rtype (`&{{8 0 1822872212 ...}}`) or a parse.Node with its func map
# (`add:0x5d1b80`), or a parse item with its position hash (`&{ 7  5  1733500117743600}`),
# into the error; a func prints its code address (`func(int) int=0x5d3040`);
# a pointer inside a value prints a heap address (the oracle's placeholder 0xc000000000 is
# stable and stays).
UNSTABLE = re.compile(
    r"&\{\{\d+ \d+ \d+|&\{[^{}]*\b\d{10,}\b|[:=]0x[0-9a-f]{5,}|0xc000(?!000000\b)[0-9a-f]{6}"
)


# Go builds error messages by formatting the template name into a format string: a `%` in the
# name shows up as fmt's own error forms.
FORMATTED = re.compile(r"%!|\((?:MISSING|BADINDEX|BADWIDTH|BADPREC)\)")


def _expected_outcome() -> Any:
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    from conformance_support import expected_outcome

    return expected_outcome


def dumps(case: dict[str, Any]) -> str:
    """One JSON line for a case, however deep its data."""
    with raised_recursion_limit():
        return json.dumps(case, ensure_ascii=True)


class GotmplWorker:
    """A worker subprocess running cases through gotmpl, restarted after a timeout or crash."""

    def __init__(self, timeout: float = 20.0) -> None:
        self.timeout = timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._buf = b""

    def _start(self) -> subprocess.Popen[bytes]:
        if self._proc is None:
            env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), str(TESTS)]))
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "conformance.adversarial.worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                cwd=REPO,
                env=env,
            )
            self._buf = b""
        return self._proc

    def run(self, case: dict[str, Any]) -> dict[str, Any]:
        """gotmpl's outcome, or a `timeout`/`crash` outcome when the worker did not answer."""
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(dumps(case).encode() + b"\n")
            proc.stdin.flush()
        except BrokenPipeError:
            return self._failed("crash", f"worker exited ({proc.poll()})")
        deadline = time.monotonic() + self.timeout
        fd = proc.stdout.fileno()
        while b"\n" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return self._failed("timeout", f"no answer within {self.timeout:g}s")
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return self._failed("crash", f"worker exited ({proc.wait()})")
            self._buf += chunk
        line, _, self._buf = self._buf.partition(b"\n")
        with raised_recursion_limit():
            return json.loads(line)

    def _failed(self, phase: str, msg: str) -> dict[str, Any]:
        self.close()
        return {"ok": False, "phase": phase, "error": msg, "partial": ""}

    def close(self) -> None:
        """Stop the worker (it is ours: killed by its own handle, never by name)."""
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.kill()
            self._proc.wait()
            for pipe in (self._proc.stdin, self._proc.stdout):
                if pipe is not None:
                    pipe.close()
            self._proc = None

    def __enter__(self) -> GotmplWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def go_answers(oracle: Oracle, cases: list[dict[str, Any]], chunk: int = 200) -> list[Any]:
    """Go's result for every case (None where the oracle itself failed on the case)."""
    out: list[Any] = []
    with raised_recursion_limit():
        for i in range(0, len(cases), chunk):
            part = cases[i : i + chunk]
            try:
                out.extend(oracle.run_many(part))
            except RuntimeError:
                out.extend(_one_by_one(oracle, part))
    return out


def _one_by_one(oracle: Oracle, cases: list[dict[str, Any]]) -> list[Any]:
    answers = []
    for c in cases:
        try:
            answers.append(oracle.run_many([c])[0])
        except RuntimeError:
            answers.append(None)
    return answers


# --- classification --------------------------------------------------------------------------


def _gist(res: dict[str, Any]) -> str:
    """A result reduced to its kind of outcome: `ok`, or the phase and the message's rule."""
    if res["ok"]:
        return "ok"
    msg = res["error"]
    if res["phase"] in ("python", "timeout", "crash"):
        return f"{res['phase']}: {msg.split(':')[0]}"
    if "executing " in msg and ">: " in msg:
        msg = msg[msg.rindex(">: ") + 3 :]
    else:
        msg = re.sub(r"^template: .*?:\d+: ", "", msg, flags=re.S)
    msg = re.sub(r'"(?:[^"\\]|\\.)*"', "Q", msg)
    msg = re.sub(r"U\+[0-9A-F]{4,6}( '.*?')?", "U+X", msg)
    msg = re.sub(r"(maximum recursion depth exceeded).*", r"\1", msg)
    msg = re.sub(r"\$[^\s:,)]+", "$V", msg)
    msg = re.sub(r"\d+", "N", msg)
    return f"{res['phase']}: {msg[:70]}"


def signature(want: dict[str, Any], got: dict[str, Any], case: dict[str, Any]) -> str:
    """A short name for how gotmpl's outcome differs from Go's (equal outcomes: '')."""
    if want == got:
        return ""
    gw, gg = _gist(want), _gist(got)
    if (
        _percent_name(case)
        and FORMATTED.search(want.get("error", ""))
        and not FORMATTED.search(got.get("error", ""))
    ):
        return "go formats the template name into its message (%!...)"
    if not got["ok"] and got["phase"] in ("python", "timeout", "crash"):
        return f"ours {gg} (go {gw})"
    if gw == gg == "ok":
        return "output differs"
    if gw == gg:
        if want["error"] != got["error"]:
            return f"error text differs ({gw})"
        return f"partial differs ({gw})"
    return f"go {gw} / ours {gg}"


def _percent_name(case: dict[str, Any]) -> bool:
    """Whether a template name of the case holds `%` (its own name, or a defined one)."""
    text = str(case.get("template", ""))
    return "%" in case.get("name", "") or bool(re.search(r'define "[^"]*%', text))


@dataclass
class Mismatch:
    """One mismatching case with both outcomes."""

    case: dict[str, Any]
    want: dict[str, Any]
    got: dict[str, Any]

    @property
    def size(self) -> int:
        return len(self.case.get("template", self.case.get("template_b64", ""))) + len(
            dumps({"d": self.case.get("data")})
        )


@dataclass
class KindReport:
    """The tally of one kind: cases, matches, and mismatches by class (shape, signature)."""

    kind: str
    cases: int = 0
    matches: int = 0
    skipped: int = 0
    classes: dict[tuple[str, str], list[Mismatch]] = field(default_factory=dict)
    reduced: dict[tuple[str, str], Mismatch] = field(default_factory=dict)

    def add(self, shape: str, sig: str, m: Mismatch) -> None:
        self.classes.setdefault((shape, sig), []).append(m)

    def reproducer(self, key: tuple[str, str]) -> Mismatch:
        """The class's shrunk case if there is one, else its smallest case."""
        return self.reduced.get(key) or min(self.classes[key], key=lambda m: m.size)

    @property
    def mismatches(self) -> int:
        return sum(len(v) for v in self.classes.values())


def shape_of(case: dict[str, Any]) -> str:
    """The generator's shape name, from an id `adv/<kind>/<shape...>/<seed>-<index>`."""
    parts = case["id"].split("/")
    return "/".join(parts[2:-1])


def compare(
    kind: str,
    cases: Iterable[dict[str, Any]],
    oracle: Oracle,
    worker: GotmplWorker,
    coarse: bool = True,
) -> KindReport:
    """Run every case through Go and gotmpl and tally the differences.

    `coarse` groups by signature and the shape's first part only (e.g. `slack`), so one root
    cause seen through many event types stays one class.
    """
    expected_outcome = _expected_outcome()
    cases = list(cases)
    report = KindReport(kind)
    for case, answer in zip(cases, go_answers(oracle, cases), strict=True):
        if answer is None or UNSTABLE.search(json.dumps(answer)):
            report.skipped += 1
            continue
        got = worker.run(case)
        if got.get("phase") == "unmirrored":
            report.skipped += 1
            continue
        report.cases += 1
        want = expected_outcome(answer)
        sig = signature(want, got, case)
        if not sig:
            report.matches += 1
            continue
        shape = shape_of(case)
        report.add(shape.split("/")[0] if coarse else shape, sig, Mismatch(case, want, got))
    return report
