"""`python -m gotmpl`: parse and render print what Go prints; errors are one line, no traceback.

Expected texts come from the oracle's answers for the bundled examples (cases/examples.jsonl)
and the spec's cases.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_webhook_cli import first_line_then_hang_up

from gotmpl.jsonvalid import json_error

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "gotmpl" / "examples"


def _expected(file: str, case_id: str) -> dict:
    for line in (ROOT / "conformance" / "expected" / f"{file}.jsonl").read_text().splitlines():
        result = json.loads(line)
        if result["id"] == case_id:
            return result
    raise LookupError(case_id)


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gotmpl", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


def test_parse_prints_gos_string_form_then_defines():
    proc = run("parse", str(EXAMPLES / "notification.tmpl"))
    assert proc.returncode == 0, proc.stderr
    trees = _expected("examples", "notification/parse")["trees"]
    assert proc.stdout == trees[""] + '{{define "who"}}' + trees["who"] + "{{end}}\n"


def test_render_prints_gos_output_for_json_data():
    proc = run(
        "render", str(EXAMPLES / "notification.tmpl"), "--data", str(EXAMPLES / "notification.json")
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == _expected("examples", "notification/exec")["output"]


def test_render_reads_the_template_from_stdin_and_honours_int_and_options():
    proc = run("render", "-", "--data", "-", stdin="")
    assert proc.returncode == 2 and "data" in proc.stderr
    data = ROOT / "tests" / "_cli_data.json"
    try:
        data.write_text('{"n": 3}')
        proc = run("render", "-", "--data", str(data), "--int", stdin='{{printf "%T" .n}}')
        assert (proc.returncode, proc.stdout) == (0, "int")
        proc = run("render", "-", "--data", str(data), stdin='{{printf "%T" .n}}')
        assert (proc.returncode, proc.stdout) == (0, "float64")
        proc = run("render", "-", "--name", "t", "--option", "missingkey=error", stdin="{{.x}}")
        assert proc.returncode == 1
        assert proc.stderr == _expected("exec_spec", "spec/L423")["error"] + "\n"
    finally:
        data.unlink(missing_ok=True)


@pytest.mark.parametrize(
    ("case_id", "text"), [("spec/L349", "{{if}}{{end}}"), ("spec/L290", "{{nofunc 1}}")]
)
def test_parse_errors_are_gos_text_on_one_line(case_id, text):
    proc = run("parse", "-", "--name", "t", stdin=text)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr == _expected("parse_spec", case_id)["error"] + "\n"
    assert "Traceback" not in proc.stderr


def test_bad_input_is_reported_without_traceback():
    proc = run("render", str(ROOT / "no-such-file.tmpl"))
    assert proc.returncode == 2
    assert proc.stderr.startswith("gotmpl: ") and proc.stderr.count("\n") == 1
    proc = run("render", "-", "--option", "bogus", stdin="x")
    assert (proc.returncode, proc.stderr) == (2, "gotmpl: unrecognized option: bogus\n")


@pytest.mark.parametrize(
    ("depth", "accepted"),
    # Go's encoding/json (scanner.go, maxNestingDepth) takes 10000 levels and refuses 10001.
    [(10_000, True), (10_001, False), (100_000, False)],
)
@pytest.mark.parametrize("kind", ["array", "object"])
def test_deeply_nested_data_is_gos_limit_and_never_a_traceback(tmp_path, depth, accepted, kind):
    opening, closing = ("[", "]") if kind == "array" else ('{"a":', "}")
    data = tmp_path / "deep.json"
    data.write_text(opening * depth + '"[{ not nesting"' + closing * depth)
    proc = run("render", "-", "--data", str(data), stdin="{{ len . }}")
    if accepted:
        assert (proc.returncode, proc.stdout, proc.stderr) == (0, "1", "")
    else:
        assert proc.returncode == 2 and proc.stdout == ""
        assert proc.stderr == (
            f"gotmpl: {data}: exceeded max depth ({depth} levels; "
            "Go's encoding/json takes at most 10000)\n"
        )


def test_a_deeply_nested_template_is_never_a_traceback():
    """Printing back 2,000 nested ifs recursed past Python's limit with a traceback."""
    proc = run("parse", "-", stdin="{{if 1}}" * 2000 + "{{end}}" * 2000)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 0 or (proc.returncode, proc.stderr.count("\n")) == (2, 1)


def test_a_reader_that_goes_away_ends_render_in_one_line(tmp_path):
    """`gotmpl render big.tmpl | head -1`: the closed pipe is the output's error, said once,
    not an internal error of the template."""
    template = tmp_path / "big.tmpl"
    template.write_text("{{range 200000}}line {{.}}\n{{end}}")
    first, code, err = first_line_then_hang_up("gotmpl", "render", str(template))
    assert first and code == 1
    assert err == "gotmpl: cannot write the output: Broken pipe\n"


def test_data_errors_name_the_data_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"a": 1,}')
    proc = run("render", "-", "--data", str(bad), stdin="{{.a}}")
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"gotmpl: {bad}: ") and proc.stderr.count("\n") == 1


@pytest.mark.parametrize("number", ["1e400", "-1e400", "1" + "0" * 400])
def test_numbers_beyond_float64_are_refused_as_go_refuses_them(tmp_path, number):
    """Go's json.Unmarshal refuses a number float64 cannot hold; Python's decoder made it
    +Inf, which then failed later, at toJson, far from the data file."""
    data = tmp_path / "big.json"
    data.write_text(f'{{"a": {number}, "tiny": 1e-400}}')
    proc = run("render", "-", "--data", str(data), stdin="{{.a}}")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        f"gotmpl: {data}: cannot unmarshal number {number} into Go value of type float64\n"
    )
    data.write_text('{"tiny": 1e-400}')  # underflow is not refused
    assert run("render", "-", "--data", str(data), stdin="{{.tiny}}").returncode == 0


@pytest.mark.parametrize("number", ["9223372036854775808", "-9223372036854775809"])
def test_int_refuses_whole_numbers_no_go_int_holds(tmp_path, number):
    data = tmp_path / "big.json"
    data.write_text(f'{{"a": {number}, "edge": 9223372036854775807}}')
    proc = run("render", "-", "--data", str(data), "--int", stdin="{{.a}}")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        f"gotmpl: {data}: cannot unmarshal number {number} into Go value of type int\n"
    )
    data.write_text('{"edge": 9223372036854775807, "low": -9223372036854775808}')
    proc = run("render", "-", "--data", str(data), "--int", stdin="{{.edge}} {{.low}}")
    assert (proc.returncode, proc.stdout) == (0, "9223372036854775807 -9223372036854775808")


@pytest.mark.parametrize(
    "text", ['{"a": 1,}', '{"a": 1} x', '{"a": NaN}', "", '{"a":\n [1,\n  2,]}']
)
def test_data_that_is_not_json_gets_gos_error_and_its_place(tmp_path, text):
    """The message is encoding/json's (gotmpl.jsonvalid, held to Go by
    tests/test_webhook_gocompat.py), with the line and column Go leaves out."""
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    proc = run("render", "-", "--data", str(bad), stdin="{{.a}}")
    syntax = json_error(text)
    assert syntax is not None
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        f"gotmpl: {bad}: {syntax.msg} (line {syntax.line}, column {syntax.col})\n"
    )


def test_template_and_data_cannot_both_come_from_stdin():
    proc = run("render", "-", "--data", "-", stdin='{"a": 1}')
    assert (proc.returncode, proc.stderr) == (
        2,
        "gotmpl: the template and --data cannot both be read from stdin (-)\n",
    )
