"""Both CLIs: --version, every subcommand's help lists its exit statuses, `send --timeout`
takes Go durations as the config does, and `listen` reads its secret from the environment
or a file."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from importlib.metadata import version

import httpx
import pytest
from test_webhook_cli import EVENTS, ROOT, interruptible, write_config

from webhook.core import SIGNATURE_HEADER, sign
from webhook.duration import DurationError, parse_duration
from webhook.receiver import Receiver, Reply


def run(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *argv], capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={**os.environ, **(env or {})},
    )  # fmt: skip


@pytest.mark.parametrize("cli", ["webhook", "gotmpl"])
def test_version(cli):
    done = run(cli, "--version")
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        f"python -m {cli} {version('gotmpl')}\n",
        "",
    )


@pytest.mark.parametrize(
    ("cli", "command"),
    [("webhook", c) for c in ("check", "send", "replay", "listen", "demo")]
    + [("gotmpl", c) for c in ("parse", "render")],
)
def test_every_subcommand_help_lists_its_exit_statuses(cli, command):
    done = run(cli, command, "--help", env={"COLUMNS": "200"})
    assert done.returncode == 0
    statuses = re.search(r"exit status: (.*)", done.stdout)
    assert statuses, done.stdout
    codes = [int(c) for c in re.findall(r"(?:^|; )(\d) ", statuses.group(1))]
    assert codes[0] == 0 and codes == sorted(codes)
    if cli == "webhook":
        assert codes[-1] == 3  # a bug of ours


def test_send_timeout_is_a_go_duration(tmp_path):
    events = tmp_path / "e.json"
    events.write_text(EVENTS.read_text().splitlines()[0])
    with Receiver(respond=lambda received, index: Reply(200, delay=0.5)) as rx:
        config = str(write_config(tmp_path, rx.url))
        done = run(
            "webhook", "send", "--config", config, "--event", str(events), "--timeout", "100ms"
        )
        assert done.returncode == 1 and "reason: timeout (ReadTimeout)" in done.stdout
        done = run("webhook", "send", "--config", config, "--event", str(events), "--timeout", "1s")
        assert done.returncode == 0 and "delivered (HTTP 200)" in done.stdout
    for bad in ("5", "1x"):
        with pytest.raises(DurationError) as info:
            parse_duration(bad)
        done = run("webhook", "send", "--config", config, "--event", str(events), "--timeout", bad)
        assert done.returncode == 2 and f"argument --timeout: {info.value}\n" in done.stderr
    done = run("webhook", "send", "--config", config, "--event", str(events), "--timeout", "2h")
    assert (
        done.returncode == 2 and "argument --timeout: 2h: must be between 1ms and 1h" in done.stderr
    )
    assert "Traceback" not in done.stderr


def listen(*flags: str, env: dict[str, str]) -> tuple[int, str, int]:
    """Start `listen` on a free port, post one body signed with "env-secret", stop it: its
    exit status, the line it printed for the request, and the status it answered."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "webhook", "listen", "--port", "0", *flags],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, **env}, preexec_fn=interruptible,
    )  # fmt: skip
    assert proc.stdout is not None
    try:
        first = proc.stdout.readline()
        url = re.search(r"listening on (\S+)", first)
        assert url, first + (proc.stderr.read() if proc.stderr else "")
        body = b'{"type":"flag"}'
        # Bounds for a loaded CI machine, where httpx's default 5 s was seen to run out.
        answer = httpx.post(
            url.group(1) + "/x",
            content=body,
            headers={SIGNATURE_HEADER: sign(body, "env-secret")},
            timeout=60,
        )
        shown = proc.stdout.readline()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(60)
    return proc.returncode, shown, answer.status_code


def test_listen_reads_its_secret_from_the_environment_or_a_file(tmp_path):
    got = listen("--secret-env", "LISTEN_SECRET", env={"LISTEN_SECRET": "env-secret"})
    assert got[0] == 0 and "[signature OK]" in got[1] and got[2] == 200
    secret = tmp_path / "secret"
    secret.write_text("env-secret\n")
    got = listen("--secret-file", str(secret), env={})
    assert got[0] == 0 and "[signature OK]" in got[1] and got[2] == 200


def test_listen_refuses_what_does_not_verify_and_says_when_it_cannot(tmp_path):
    """A wrong secret on either side: listen answers 401, so `send` reports the failure
    rather than `delivered (HTTP 200)`. Without a secret it verifies nothing, and says so."""
    secret = tmp_path / "secret"
    secret.write_text("other-secret\n")
    got = listen("--secret-file", str(secret), env={})
    assert got[0] == 0 and "[signature BAD: answered 401]" in got[1] and got[2] == 401
    got = listen(env={})
    assert got[0] == 0 and "[not verified: listen has no secret]" in got[1] and got[2] == 200


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (
            ["--secret-env", "NOPE_NOT_SET"],
            "webhook: error: --secret-env: $NOPE_NOT_SET is not set\n",
        ),
        (
            ["--secret-file", "/nonexistent/s"],
            "webhook: error: --secret-file: cannot read /nonexistent/s: "
            "No such file or directory\n",
        ),
    ],
)
def test_listen_secret_errors_are_one_line(flags, message):
    done = run("webhook", "listen", "--port", "0", *flags, env={})
    assert (done.returncode, done.stderr) == (2, message)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["send", "--event", "-", "--concurrency", "0"], "--concurrency: 0: must be 1 to 10000"),
        (["send", "--event", "-", "--concurrency", "x"], "--concurrency: x: must be 1 to 10000"),
        (["check", "--fuzz", "0"], "--fuzz: 0: must be 1 to 1000000"),
        (["check", "--fuzz", "2.5"], "--fuzz: 2.5: must be 1 to 1000000"),
    ],
)
def test_numeric_flags_say_their_range(tmp_path, argv, message):
    """argparse named our converter (`invalid _positive value: '0'`); the range is what a
    user needs."""
    config = write_config(tmp_path, "http://127.0.0.1:9/")
    done = run("webhook", argv[0], "--config", str(config), *argv[1:], env={})
    assert done.returncode == 2 and done.stderr.endswith(f"error: argument {message}\n")


@pytest.mark.parametrize("port", ["99999", "65536", "-1", "http"])
def test_listen_refuses_a_port_no_socket_can_have(port):
    """A port outside 0-65535 was an internal error (OverflowError from the socket)."""
    done = run("webhook", "listen", f"--port={port}", "--secret", "x", env={})
    assert done.returncode == 2
    assert done.stderr.endswith(f"argument --port: {port}: must be 0 to 65535\n")
