"""The committed LALR tables are what lark makes of grammar.lark today.

gotmpl parses with gotmpl/parse/tables.py and never imports lark at run time; this test builds
the tables again with the installed lark, so a change to the grammar that was not regenerated,
or a lark release that builds other tables, fails here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("lark")

from gotmpl.parse import build_tables  # noqa: E402


def test_committed_tables_are_what_lark_builds_from_the_grammar() -> None:
    committed = Path(build_tables.__file__).with_name("tables.py").read_text(encoding="utf-8")
    assert build_tables.generate() == committed, (
        "gotmpl/parse/tables.py is stale: run `python -m gotmpl.parse.build_tables`"
    )


def test_parsing_does_not_import_lark() -> None:
    import subprocess

    code = (
        "import sys, gotmpl; gotmpl.Template('t').parse('{{if .a}}{{.b | len}}{{end}}');"
        "print('lark' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
