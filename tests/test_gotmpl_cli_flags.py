"""`python -m gotmpl render --funcs flipt` and the budget flags.

Flipt bodies: Go's answers for the bundled example (cases/examples.jsonl: flipt_tojson).
Budgets are gotmpl's own (Go has none): the command must end as the library does with the same
gotmpl.Budget, printing its error and the output written before it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_gotmpl_cli import _expected as expected
from test_gotmpl_cli import run

import gotmpl
from gotmpl.duration import DurationError, parse_duration

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "gotmpl" / "examples"


def _expected(case_id: str) -> dict:
    return expected("examples", case_id)


def test_funcs_flipt_renders_a_flipt_body_as_go() -> None:
    tmpl, data = EXAMPLES / "flipt_tojson.tmpl", EXAMPLES / "flipt_tojson.json"
    proc = run("render", str(tmpl), "--funcs", "flipt", "--data", str(data))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == _expected("flipt_tojson/exec")["output"]
    parsed = run("parse", str(tmpl), "--funcs", "flipt")
    assert parsed.stdout == _expected("flipt_tojson/parse")["trees"][""] + "\n"


def test_without_funcs_toJson_is_gos_parse_error() -> None:
    proc = run("render", str(EXAMPLES / "flipt_tojson.tmpl"))
    assert proc.returncode == 1
    assert proc.stderr == _expected("flipt_tojson/nofuncs")["error"] + "\n"


def test_funcs_names_only_known_maps() -> None:
    proc = run("render", "-", "--funcs", "sprig", stdin="x")
    assert proc.returncode == 2
    assert "invalid choice: 'sprig'" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("flags", "budget", "src", "data"),
    [
        (["--max-range", "3"], gotmpl.Budget(range_iterations=3), "{{range .}}x{{end}}", [1] * 5),
        (["--max-output", "5"], gotmpl.Budget(output_bytes=5), "{{range .}}ab{{end}}", [1] * 5),
        (
            ["--max-depth", "2"],
            gotmpl.Budget(template_depth=2),
            '{{define "r"}}r{{template "r" .}}{{end}}{{template "r" .}}',
            None,
        ),
        (
            ["--timeout", "20ms"],
            gotmpl.Budget(seconds=0.02),
            "{{range 100000000}}{{end}}",
            None,
        ),
    ],
)
def test_budget_flags_end_the_render_as_the_library_does(
    flags: list[str], budget: gotmpl.Budget, src: str, data: object, tmp_path: Path
) -> None:
    with pytest.raises(gotmpl.ExecError) as info:
        gotmpl.Template("").parse(src).execute(data, budget=budget)
    data_file = tmp_path / "data.json"
    data_file.write_text(json.dumps(data))
    proc = run("render", "-", "--int", "--data", str(data_file), *flags, stdin=src)
    assert proc.returncode == 1
    assert proc.stderr == str(info.value) + "\n"
    assert proc.stdout == info.value.partial


def test_no_budget_flag_means_no_budget() -> None:
    proc = run("render", "-", stdin="{{range 200000}}{{end}}done")
    assert (proc.returncode, proc.stdout) == (0, "done")


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--timeout", "2"], None),
        (["--timeout", "1x"], None),
        (["--timeout=-1s"], "--timeout must not be negative, got -1s"),
        (["--max-range", "-1"], "--max-range must not be negative, got -1"),
    ],
)
def test_bad_budget_flags_are_one_line_errors(flags: list[str], message: str | None) -> None:
    if message is None:  # Go's ParseDuration error text (checked against Go in gocompat tests)
        with pytest.raises(DurationError) as info:
            parse_duration(flags[1])
        message = f"--timeout: {info.value}"
    proc = run("render", "-", *flags, stdin="x")
    assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", f"gotmpl: {message}\n")
