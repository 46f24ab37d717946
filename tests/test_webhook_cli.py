"""`python -m webhook`: exit codes, reports, and no tracebacks for user errors."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from webhook.cli import main
from webhook.receiver import Receiver, Reply

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "webhook" / "examples" / "events.jsonl"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def write_config(tmp_path: Path, url: str, secret: str = "cli-secret") -> Path:
    p = tmp_path / "flipt.yml"
    p.write_text(
        textwrap.dedent(f"""
        audit:
          sinks:
            webhook:
              enabled: true
              url: {url}
              signing_secret: {secret}
              max_backoff_duration: 300ms
        """)
    )
    return p


def test_check_without_events(tmp_path):
    code, out = run("check", "--config", str(write_config(tmp_path, "http://127.0.0.1:9/x")))
    assert code == 0 and "mode: url" in out and "signing: on" in out
    assert "cli-secret" not in out and "/x" not in out


def test_check_renders_url_mode_bodies(tmp_path):
    cfg = write_config(tmp_path, "http://127.0.0.1:9/")
    code, out = run("check", "--config", str(cfg), "--event", str(EVENTS))
    assert code == 0
    assert '"payload":{"description":"flipt flag","enabled":true' in out


def test_send_delivers_and_reports(tmp_path):
    with Receiver(secret="cli-secret") as rx:
        code, out = run(
            "send", "--config", str(write_config(tmp_path, rx.url)), "--event", str(EVENTS)
        )
        n = len(rx.requests)
        assert all(r.signature_ok for r in rx.requests)
    assert code == 0 and n == 6 and out.count("delivered (HTTP 200)") == 6


def test_send_async_json_report_and_failure_exit(tmp_path):
    with Receiver(respond=lambda r, i: Reply(404)) as rx:
        code, out = run(
            "send", "--async", "--json", "--config", str(write_config(tmp_path, rx.url)),
            "--event", str(EVENTS),
        )  # fmt: skip
    assert code == 1
    assert out.count('"delivered": false') == 6 and '"reason": "HTTP 404"' in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "--config", "/nonexistent/flipt.yml"], "cannot read config"),
        (["send", "--config", "CFG", "--event", "/nonexistent.json"], "cannot read events"),
        (["send", "--config", "CFG", "--event", "BADEVENT"], "expected a string"),
    ],
)
def test_user_errors_are_one_line_without_traceback(tmp_path, argv, message):
    cfg = write_config(tmp_path, "http://127.0.0.1:9/")
    bad = tmp_path / "bad.json"
    bad.write_text('{"type": 5}')
    argv = [str(cfg) if a == "CFG" else str(bad) if a == "BADEVENT" else a for a in argv]
    proc = subprocess.run(
        [sys.executable, "-m", "webhook", *argv], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_demo_delivers_everything_and_every_signature_verifies():
    code, out = run("demo")
    assert code == 0, out
    assert "problems: 0" in out
    # 6 URL-mode events + 2 templates x 4 events that pass the flag:*/segment:* filter
    assert "14/14 signatures verified" in out
