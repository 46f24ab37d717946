"""Data nested ten thousand levels deep gives Go's result in any thread, whatever Python's
recursion limit: fmt, json and eq keep their own stacks.

The cases of conformance/cases/exec_deep_data.jsonl (Go's answers) run in a fresh thread with
the interpreter's default recursion limit, which must be the same afterwards (the cases go ten
times deeper than that limit, and to encoding/json's 10001). Values that contain themselves,
which Go's fmt never returns from, are an error here.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

from conformance_support import expected_outcome, load_file, outcome
from gofixtures import DEEP_TYPE

from gotmpl.errors import GoError
from gotmpl.exec.compare import eq
from gotmpl.fmt.print import sprint, sprintf
from gotmpl.gotypes import Struct
from gotmpl.json import to_json

CASES = load_file("exec_deep_data")


def in_thread(fn: Callable[[], Any]) -> Any:
    """fn() run in a new thread; its result, or the exception it raised."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = fn()
        except BaseException as exc:  # handed back to the test
            box["result"] = exc

    limit = sys.getrecursionlimit()
    worker = threading.Thread(target=target)
    worker.start()
    worker.join()
    assert sys.getrecursionlimit() == limit
    return box["result"]


def test_cases_run_in_a_thread() -> None:
    def run_all() -> list[str]:
        return [c["id"] for c, want in CASES if outcome(c) != expected_outcome(want)]

    assert in_thread(run_all) == []


def test_values_that_contain_themselves() -> None:
    loop: list[Any] = [1]
    loop.append(loop)
    cyclic = Struct(DEEP_TYPE)
    cyclic.values["Next"] = cyclic
    for fn in (
        lambda: sprint(loop),
        lambda: sprintf("%#v", {"a": loop}),
        lambda: eq(cyclic, cyclic),
    ):
        assert isinstance(in_thread(fn), GoError)
    assert "cycle" in str(in_thread(lambda: to_json(loop)))
