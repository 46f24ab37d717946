"""Helpers shared by the case generators: case construction, unique ids, writing .jsonl files."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
CASES = ROOT / "cases"
GO_SRC = Path(
    os.environ.get("GOTMPL_GO_SRC", ROOT.parent / ".venv/lib/python3.11/site-packages/go/src")
)
TEMPLATE_SRC = GO_SRC / "text" / "template"


def text_field(key: str, text: str | bytes) -> dict[str, str]:
    """`{key: text}`, or `{key_b64: ...}` for bytes that are not valid UTF-8."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return {f"{key}_b64": base64.b64encode(text).decode()}
    return {key: text}


def go_string(s: str) -> str | bytes:
    """A Go string value from gotables: surrogate escapes stand for raw non-UTF-8 bytes."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogateescape")


def case(cid: str, kind: str, template: str | bytes | None = None, **kw: Any) -> dict[str, Any]:
    """One case dict with keys in a stable order; None-valued options are dropped."""
    c: dict[str, Any] = {"id": cid, "kind": kind}
    if template is not None:
        c.update(text_field("template", template))
    c.update({k: v for k, v in kw.items() if v is not None})
    return c


class Ids:
    """Unique ids within one file: a repeated base gets `#2`, `#3`, ..."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, base: str) -> str:
        n = self.seen.get(base, 0) + 1
        self.seen[base] = n
        return base if n == 1 else f"{base}#{n}"


def write_cases(name: str, cases: list[dict[str, Any]]) -> None:
    """Write conformance/cases/NAME.jsonl (one JSON object per line)."""
    CASES.mkdir(exist_ok=True)
    text = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases)
    (CASES / f"{name}.jsonl").write_text(text, encoding="utf-8")
    print(f"{name}.jsonl: {len(cases)} cases")


_gotables: Path | None = None


def go_table(path: Path, var: str) -> list[list[dict[str, Any]]]:
    """Rows of a table literal in a Go test file, via conformance/tools/gotables."""
    global _gotables
    if _gotables is None:
        if shutil.which("go") is None:
            raise SystemExit("the generators need `go` on PATH")
        _gotables = Path(tempfile.mkdtemp()) / "gotables"
        subprocess.run(
            ["go", "build", "-o", str(_gotables), "."], cwd=ROOT / "tools/gotables", check=True
        )
    out = subprocess.run(
        [str(_gotables), str(path), var],
        capture_output=True,
        check=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
    ).stdout
    return [json.loads(line)["fields"] for line in out.splitlines() if line]
