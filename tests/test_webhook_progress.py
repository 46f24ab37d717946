"""`send` shows progress (sent, delivered, failed, rate) on stderr only when stderr is a
terminal: checked through a real pseudo-terminal, and with stderr a pipe."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from test_webhook_cli import EVENTS, ROOT, write_config

from webhook.receiver import Receiver, Reply


def send(tmp_path: Path, url: str, stderr_tty: bool) -> tuple[int, str, str]:
    """Run `python -m webhook send` with stdout a pipe and stderr a pty or a pipe."""
    events = tmp_path / "events.jsonl"
    events.write_text(EVENTS.read_text() * 3)  # 18 events
    argv = [sys.executable, "-m", "webhook", "send", "--config", str(write_config(tmp_path, url))]
    argv += ["--event", str(events)]
    if not stderr_tty:
        done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, timeout=60)
        return done.returncode, done.stdout, done.stderr
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=slave, cwd=ROOT, text=True)
        os.close(slave)
        err = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            err += chunk
        out = proc.stdout.read() if proc.stdout else ""
        return proc.wait(30), out, err.decode()
    finally:
        os.close(master)


def test_progress_on_a_terminal(tmp_path):
    def respond(received, index):
        return Reply(400 if index == 3 else 200)  # one event fails

    with Receiver(respond=respond) as rx:
        code, out, err = send(tmp_path, rx.url, stderr_tty=True)
    assert code == 1
    assert len([x for x in out.splitlines() if x.startswith("event ")]) == 18
    assert "sent" not in out  # the report holds no progress
    # redrawn in place: each draw starts by erasing the line; the last one ends it
    draws = err.replace("\r\n", "\n").split("\r\x1b[K")
    assert draws[0] == "" and len(draws) >= 2
    assert draws[1].startswith("sent 1/18, delivered 1, failed 0, ")
    final = draws[-1]
    assert final.startswith("sent 18/18, delivered 17, failed 1, ") and final.endswith("/s\n")


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path):
    with Receiver() as rx:
        code, out, err = send(tmp_path, rx.url, stderr_tty=False)
    assert code == 0 and err == ""
    assert len(out.splitlines()) == 18
