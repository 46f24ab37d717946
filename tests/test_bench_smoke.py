"""Smoke test: `python -m bench` runs end to end (tiny counts); it asserts no timings."""

from __future__ import annotations

import shutil

import pytest

pytest.importorskip("jinja2")
pytest.importorskip("gotpl")

from bench.__main__ import main  # noqa: E402
from bench.corpus import CASES  # noqa: E402

_TINY = ["--quick", "--batches", "1", "--batch-ms", "0.2", "--events", "10", "--rounds", "1"]
_TINY += ["--slow-events", "2", "--fuzz-events", "20"]


def test_bench_runs_without_go(capsys: pytest.CaptureFixture[str]) -> None:
    code = main([*_TINY, "--memory-events", "20", "--no-go"])
    out = capsys.readouterr().out
    assert code == 0
    assert "notice: skipped (--no-go)" in out
    for case in CASES:
        assert f"| {case.name} | render |" in out
        assert f"| {case.name} | parse |" in out
    for receiver in ("answers at once", "answers after 50 ms"):
        assert f"| {receiver} | sync (`Sender`, httpx.Client) |" in out
        assert f"| {receiver} | async (`AsyncSender`, httpx.AsyncClient on aiohttp" in out
    assert "AsyncSender >= 8x Sender's events/s" in out
    assert "| `Event.from_dict(obj)` |" in out and "Event.from_dict <= 3.0 µs" in out
    assert "| flipt-templates.yml | the docs' Slack (fails) and toJson bodies" in out
    assert "check --fuzz >= 2,000 events/s on the docs' templates" in out
    assert "| 20 |" in out  # the memory run's last sample
    assert "memory flat" in out


@pytest.mark.go
@pytest.mark.skipif(shutil.which("go") is None, reason="needs go on PATH")
def test_bench_checks_gotmpl_against_go(capsys: pytest.CaptureFixture[str]) -> None:
    code = main([*_TINY, "--no-sender"])
    out = capsys.readouterr().out
    assert code == 0, out  # 1 means gotmpl's output differed from Go's
    assert f"gotmpl == Go, byte for byte, on all {len(CASES)} templates" in out
    assert "render <= Go on Flipt templates" in out
