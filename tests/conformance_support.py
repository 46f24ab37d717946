"""Load conformance cases with Go's expected results, and run one case through gotmpl.

Shared by test_parse_fixtures.py, test_exec_fixtures.py and test_differential.py so that every
runner builds templates the same way the oracle does (conformance/README.md); also the
hypothesis settings the fmt and json differential tests share.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gofixtures
import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent / "conformance"

# Hypothesis settings of the fmt and json differential tests: 500 examples in CI, 100 locally,
# GOTMPL_FUZZ_EXAMPLES for a long run.
CI = os.environ.get("HYPOTHESIS_PROFILE") == "ci"
EXAMPLES = int(os.environ.get("GOTMPL_FUZZ_EXAMPLES", "0")) or (500 if CI else 100)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=CI,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
needs_go = pytest.mark.skipif(shutil.which("go") is None, reason="go is not on PATH")


def _text(d: dict[str, Any], key: str) -> str | bytes | None:
    """A text field, decoding `<key>_b64` (bytes) when present."""
    if f"{key}_b64" in d:
        return base64.b64decode(d[f"{key}_b64"])
    return d.get(key)


def load_file(stem: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(case, expected) for every case of conformance/cases/<stem>.jsonl.

    Every case must have Go's expected result: a missing one fails collection loudly instead of
    silently running fewer cases.
    """
    expected = {r["id"]: r for r in _records(ROOT / "expected" / f"{stem}.jsonl")}
    return [(c, expected[c["id"]]) for c in _records(ROOT / "cases" / f"{stem}.jsonl")]


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def load(kinds: set[str]) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(file:id, case, expected) for every case of the given kinds, over all case files."""
    return [
        (f"{path.stem}:{c['id']}", c, e)
        for path in sorted((ROOT / "cases").glob("*.jsonl"))
        for c, e in load_file(path.stem)
        if c["kind"] in kinds
    ]


def _as_str(t: str | bytes | None) -> str:
    if t is None:
        return ""
    if isinstance(t, bytes):
        # gotmpl works on str; non-UTF-8 bytes travel as surrogate escapes.
        return t.decode("utf-8", "surrogateescape")
    return t


def build(case: dict[str, Any], safe: bool = False) -> dict[str, Any]:
    """Build the case's template set (in safe mode with `safe`); returns {var: template}.
    Raises gotmpl errors as Go would."""
    import gotmpl

    root = gotmpl.Template(case.get("name", "t"), safe=safe)
    if "delims" in case:
        root.delims(*case["delims"])
    fm = gofixtures.funcs_for(case.get("funcs"), case.get("func_aliases"))
    if fm or case.get("func_aliases"):
        root.funcs(fm)
    if case.get("options"):
        root.option(*case["options"])
    tmpls: dict[str, Any] = {"t": root}
    steps = case.get("steps")
    if steps is None:
        steps = [{"op": "parse", "text": _text(case, "template")}]
    for s in steps:
        on = tmpls[s.get("on") or "t"]
        op = s["op"]
        if op == "parse":
            on.parse(_as_str(_text(s, "text")))
        elif op == "new":
            tmpls[s.get("as") or s["name"]] = on.new(s["name"])
        elif op == "clone":
            tmpls[s["as"]] = on.clone()
        elif op == "lookup":
            tmpls[s["as"]] = on.lookup(s["name"])
        elif op == "add_parse_tree":
            added = on.add_parse_tree(s["name"], tmpls[s["tree_of"]].tree)
            if s.get("as"):
                tmpls[s["as"]] = added
        elif op == "option":
            on.option(*s["options"])
        else:
            raise ValueError(f"unknown op {op!r}")
    return tmpls


def expected_text(expected: dict[str, Any], key: str) -> str:
    """An expected text field as the str gotmpl produces (non-UTF-8 as surrogate escapes)."""
    return _as_str(_text(expected, key))


def outcome(case: dict[str, Any], safe: bool = False, again: bool = False) -> dict[str, Any]:
    """Run one case through gotmpl (in safe mode with `safe`) and describe the result in the
    oracle's result shape; with `again`, also of a second render where the first left a flat
    body to run (an outcome of phase `flat` when the two differ)."""
    import gotmpl

    res: dict[str, Any] = {}
    try:
        tmpls = build(case, safe)
    except gotmpl.ParseError as e:
        return {"ok": False, "phase": "parse", "error": str(e), "partial": ""}
    except gotmpl.TemplateError as e:
        return {"ok": False, "phase": "parse", "error": str(e), "partial": ""}
    except (ValueError, TypeError, KeyError) as e:
        # Go reports misuse (bad Funcs names, bad options) by panicking.
        return {"ok": False, "phase": "panic", "error": str(e).strip("'\""), "partial": ""}
    if case["kind"] == "parse":
        trees = {}
        for t in tmpls["t"].templates():
            if t.tree is not None:
                trees[t.name] = str(t.tree)
        return {"ok": True, "trees": trees}
    data = gofixtures.decode_data(case)
    on = tmpls[case.get("exec_on") or "t"]
    if "execute" in case:
        on = on.lookup(case["execute"]) or on
    res = _exec_outcome(on, case, data)
    code = on._code
    if again and code is not None and code[3] is not None:
        # The first render compiled a flat body (exec/compile.flat_body), which calls
        # nothing: the next render runs it, and must give what the first gave.
        second = _exec_outcome(on, case, data)
        if second != res:
            return {"ok": False, "phase": "flat", "error": f"{res} then {second}", "partial": ""}
    return res


def _exec_outcome(on: Any, case: dict[str, Any], data: Any) -> dict[str, Any]:
    import gotmpl

    try:
        out = on.execute_template(case["execute"], data) if "execute" in case else on.execute(data)
    except gotmpl.ExecError as e:
        return {"ok": False, "phase": "exec", "error": str(e), "partial": e.partial}
    except gotmpl.TemplateError as e:
        return {"ok": False, "phase": "exec", "error": str(e), "partial": ""}
    return {"ok": True, "output": out}


def expected_outcome(expected: dict[str, Any]) -> dict[str, Any]:
    """The oracle's result reshaped like `outcome` (texts decoded, id dropped)."""
    if expected["ok"]:
        if "trees" in expected or "trees_b64" in expected:
            trees = dict(expected.get("trees", {}))
            for k, v in expected.get("trees_b64", {}).items():
                trees[k] = base64.b64decode(v).decode("utf-8", "surrogateescape")
            return {"ok": True, "trees": trees}
        return {"ok": True, "output": expected_text(expected, "output")}
    return {
        "ok": False,
        "phase": expected.get("phase", "parse"),
        "error": expected_text(expected, "error"),
        "partial": expected_text(expected, "partial"),
    }


@contextlib.contextmanager
def walker_only() -> Iterator[None]:
    """Within the block, every template body runs in the walker (gotmpl.exec.walk) instead of
    compiled code: the reference executor on its own."""
    from gotmpl.exec import compile as compiler
    from gotmpl.exec.trampoline import run
    from gotmpl.exec.walk import walk

    def walker_body(tree: Any, common: Any) -> Any:
        def body(st: Any, dot: Any) -> None:
            run(walk(st, dot, tree.root))

        return body

    saved = compiler.compile_body, compiler.flat_body
    compiler.compile_body = walker_body  # type: ignore[assignment]
    compiler.flat_body = lambda tree, common: None  # type: ignore[assignment]
    try:
        yield
    finally:
        compiler.compile_body, compiler.flat_body = saved
