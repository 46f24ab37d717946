"""Cases from the example tables of /work/shared/go-template-spec.md (inputs only).

Every row of a table whose header is made of Template/Data/Opt/Result becomes an exec case
(funcs "test", the spec's F; JSON data with integer literals as Go int). Rows whose result is a
parse error or a String() become parse cases too. The spec's own results are not used: Go's
answers come from the oracle.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from conformance.gen_common import Ids, case

SPEC = Path(os.environ.get("GOTMPL_SPEC", "/work/shared/go-template-spec.md"))
COLUMNS = {"Template", "Data", "Opt", "Result"}


def _cells(line: str) -> list[str]:
    parts = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [p.strip().replace("\\|", "|") for p in parts]


def _code(cell: str) -> str:
    """The text inside a Markdown code span (`x` or `` x ``)."""
    m = re.fullmatch(r"(`+)(.*)\1", cell, re.S)
    if not m:
        raise ValueError(f"not a code span: {cell!r}")
    inner = m.group(2)
    if len(m.group(1)) > 1 and inner.startswith(" ") and inner.endswith(" "):
        inner = inner[1:-1]
    return inner


def _template(cell: str) -> str:
    if cell.startswith("esc:"):
        return json.loads(_code(cell[4:]))
    return _code(cell)


def _data(cell: str) -> dict[str, Any]:
    if cell in ("", "—"):
        return {}
    if cell.startswith("Go:"):
        return {"data_mode": "go:" + cell[3:]}
    return {"data_mode": "json_int", "data": json.loads(_code(cell))}


def _opt(cell: str) -> dict[str, Any]:
    if not cell:
        return {}
    opt = json.loads(_code(cell))
    out: dict[str, Any] = {}
    if "delims" in opt:
        out["delims"] = opt["delims"]
    if "opt" in opt:
        out["options"] = [opt["opt"]]
    return out


def spec_cases() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(parse cases, exec cases) from the spec's example tables."""
    parse: list[dict[str, Any]] = []
    execs: list[dict[str, Any]] = []
    pids, eids = Ids(), Ids()
    header: list[str] | None = None
    for lineno, line in enumerate(SPEC.read_text(encoding="utf-8").splitlines(), 1):
        if not line.startswith("|"):
            header = None
            continue
        cells = _cells(line)
        if header is None:
            header = cells if set(cells) <= COLUMNS and cells[0] == "Template" else []
            continue
        if not header or set(line) <= set("|-: "):
            continue
        row = dict(zip(header, cells, strict=False))
        text = _template(row["Template"])
        kw = {**_data(row.get("Data", "")), **_opt(row.get("Opt", ""))}
        result = row.get("Result", "")
        execs.append(case(eids(f"spec/L{lineno}"), "exec", text, funcs="test", **kw))
        if result.startswith(("PARSE", "String()")):
            pkw = {k: v for k, v in kw.items() if k in ("delims", "options")}
            parse.append(case(pids(f"spec/L{lineno}"), "parse", text, funcs="test", **pkw))
    return parse, execs
