"""Execution budgets end runaway renders with an ExecError naming the budget (ours, not Go's)."""

from __future__ import annotations

import time

import pytest

import gotmpl
from gotmpl import Budget, ExecError, Template

RECURSE = '{{define "R"}}x{{template "R" .}}{{end}}{{template "R" .}}'


def render(src: str, budget: Budget | None, data=None) -> str:
    return Template("t").parse(src).execute(data, budget)


def test_range_iterations_are_capped():
    with pytest.raises(ExecError, match="range budget exceeded: more than 1000 iterations") as e:
        render("{{range 100000000}}.{{end}}", Budget(range_iterations=1000))
    assert e.value.partial == "." * 1000
    assert render("{{range 1000}}.{{end}}", Budget(range_iterations=1000)) == "." * 1000


def test_nested_ranges_count_every_iteration():
    src = "{{range 40}}{{range 40}}{{end}}{{end}}"
    with pytest.raises(ExecError, match="range budget"):
        render(src, Budget(range_iterations=1000))
    assert render(src, Budget(range_iterations=40 + 40 * 40)) == ""


def test_output_bytes_are_capped_before_writing():
    with pytest.raises(ExecError, match="output budget exceeded: more than 10 bytes") as e:
        render("{{range 100}}é{{end}}", Budget(output_bytes=10))
    assert len(e.value.partial.encode()) <= 10


def test_template_depth_is_capped():
    with pytest.raises(ExecError, match="template depth budget exceeded: more than 50") as e:
        render(RECURSE, Budget(template_depth=50))
    assert e.value.partial == "x" * 50


def test_wall_time_is_capped():
    start = time.monotonic()
    with pytest.raises(ExecError, match=r"time budget exceeded: more than 0.2s"):
        render("{{range 1000000000}}{{end}}", Budget(seconds=0.2))
    assert time.monotonic() - start < 5


def test_no_budget_means_gos_limits_only():
    assert render("{{range 5000}}.{{end}}", None) == "." * 5000
    with pytest.raises(ExecError, match=r"exceeded maximum template depth \(100000\)"):
        render(RECURSE, None)


def test_budget_errors_are_template_errors_and_negative_limits_are_refused():
    with pytest.raises(gotmpl.TemplateError):
        render("{{range 10}}{{end}}", Budget(range_iterations=1))
    with pytest.raises(ValueError, match="output_bytes"):
        Budget(output_bytes=-1)


def test_execute_to_and_execute_template_take_the_budget(tmp_path):
    t = Template("t").parse('{{define "d"}}{{range 10}}.{{end}}{{end}}')
    with pytest.raises(ExecError, match="range budget"):
        t.execute_template("d", None, Budget(range_iterations=3))
    with (tmp_path / "out.txt").open("w") as out, pytest.raises(ExecError, match="output"):
        t.lookup("d").execute_to(out, None, Budget(output_bytes=4))
    assert (tmp_path / "out.txt").read_text() == "...."
