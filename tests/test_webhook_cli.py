"""`python -m webhook`: exit codes, reports, and no tracebacks for user errors."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from webhook.cli import main
from webhook.receiver import Receiver, Reply

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "webhook" / "examples" / "events.jsonl"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def interruptible() -> None:
    """In the child: SIGINT at its default, so Python turns it into KeyboardInterrupt even
    when the test run itself ignores SIGINT (a job started in the background by a
    non-interactive shell, as CI may start it, passes SIG_IGN on to its children)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


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


def imported(*argv: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules `python -m webhook ARGV` imports (its -X importtime report)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "webhook", *argv],
        capture_output=True, text=True, timeout=60, env=env, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("import time:")]
    return {ln.rsplit("|", 1)[1].strip() for ln in lines}


#: What sending needs and checking a config does not: each costs a cold start tens of ms.
SENDING_ONLY = ("httpx", "httpcore", "tenacity", "asyncio", "aiohttp", "ssl", "webhook.sender")


def test_check_imports_nothing_only_sending_needs(tmp_path):
    env = {
        **os.environ,
        "WEBHOOK_DEMO_SECRET": "s",
        "WEBHOOK_DEMO_SLACK_URL": "http://127.0.0.1:9/slack",
        "WEBHOOK_DEMO_JSON_URL": "http://127.0.0.1:9/json",
    }
    config = ROOT / "webhook" / "examples" / "flipt-templates.yml"
    modules = imported("check", "--config", str(config), env=env)
    assert "webhook.config" in modules and "yaml" in modules
    assert not modules & set(SENDING_ONLY)
    with_events = imported("check", "--config", str(config), "--event", str(EVENTS), env=env)
    assert "webhook.core" in with_events and not with_events & set(SENDING_ONLY)


def test_every_public_name_is_there_when_first_used():
    import webhook

    assert sorted(webhook.__all__) == sorted([*webhook._HOME, *webhook._EAGER])
    import webhook.verify  # a module named as a function: the function stays the package's

    for name in webhook.__all__:
        home = webhook._HOME.get(name, "webhook.verify")
        assert getattr(webhook, name) is getattr(sys.modules[home], name)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        webhook.nope  # noqa: B018


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


_EVENT = '{"version":"0.2","type":"flag","action":"created","payload":{"n":N},"timestamp":"t"}'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Python's decoder reads 1e400 as infinity; Go's json.Unmarshal refuses it.
        (_EVENT.replace("N", "1e400"), "BAD:1: event: invalid JSON: cannot unmarshal number "
         "1e400 into Go value of type float64"),
        ("[" + _EVENT.replace("N", "-1e400") + "]", "BAD:1: event: invalid JSON: cannot "
         "unmarshal number -1e400 into Go value of type float64"),
        ("[" + _EVENT.replace("N", "1") + ", 5]", "BAD: event 1: event: expected an object, "
         "got number"),
    ],
)  # fmt: skip
def test_event_file_errors_name_the_event_and_the_number(tmp_path, text, message):
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    proc = subprocess.run(
        [sys.executable, "-m", "webhook", "send", "--config",
         str(write_config(tmp_path, "http://127.0.0.1:9/")), "--event", str(bad)],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "webhook: error: " + message.replace("BAD", str(bad)) + "\n"


def test_demo_delivers_everything_and_every_signature_verifies():
    code, out = run("demo")
    assert code == 0, out
    assert "problems: 0" in out
    # 6 URL-mode events + 2 templates x 4 events that pass the flag:*/segment:* filter
    assert "14/14 signatures verified" in out


def _verdicts_of_check(out: str) -> dict[tuple[int, int], str]:
    """`check`'s verdict per (event, target): sendable, skipped, or the reason it is not."""
    verdicts: dict[tuple[int, int], str] = {}
    lines = out.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"--- event (\d+) \(\S+\) -> target (\d+):(.*)", line)
        if m:
            n, target, state = int(m[1]), int(m[2]), m[3].strip()
            if state == "NOT SENDABLE":
                verdicts[n, target] = lines[i + 1]
            elif state.startswith("skipped"):
                verdicts[n, target] = "skipped"
            else:
                verdicts[n, target] = "sendable"
    return verdicts


def test_check_and_send_give_the_same_verdicts_within_the_template_budget(tmp_path):
    """check renders on send's own prepare path: budgets, JSON check, filter, all of it."""
    bodies = [
        '{"key": {{ toJson .Payload.key }}}',
        "{{range 1000000000}}x{{end}}",  # ran for minutes under check before
        '"{{range 3}}{{printf "%900000s" "x"}}{{end}}"',  # 2.7 MB: over the output budget
        "{{ .Payload.key }}",  # not JSON
    ]
    templates = "\n".join(
        f"        - url: URL/t{i}\n          body: '{b}'" for i, b in enumerate(bodies)
    )
    events = tmp_path / "events.jsonl"
    events.write_text(
        '{"version":"0.2","type":"flag","action":"created","payload":{"key":"k"}}\n'
        '{"version":"0.2","type":"segment","action":"created","payload":{"key":"s"}}\n'
    )
    with Receiver() as rx:
        cfg = tmp_path / "flipt.yml"
        cfg.write_text(
            "audit:\n  events: [flag:created]\n  sinks:\n    webhook:\n      enabled: true\n"
            f"      templates:\n{templates.replace('URL', rx.url)}\n"
        )
        argv = ["--config", str(cfg), "--event", str(events)]
        check = subprocess.run(
            [sys.executable, "-m", "webhook", "check", *argv],
            capture_output=True, text=True, cwd=ROOT, timeout=30,
        )  # fmt: skip
        code, out = run("send", "--json", *argv)
    by_check = _verdicts_of_check(check.stdout)
    by_send = {}
    for line in out.splitlines():
        r = json.loads(line)
        state = "skipped" if r["skipped"] else r["reason"] if r["attempts"] == 0 else "sendable"
        by_send[r["event"], r["target"]] = state
    assert check.returncode == code == 1
    assert by_check == by_send
    assert by_check[0, 0] == "sendable" and by_check[1, 0] == "skipped"
    assert "range budget exceeded" in by_check[0, 1]
    assert "output budget exceeded" in by_check[0, 2]
    assert by_check[0, 3] == "invalid JSON: k"
    assert len(check.stdout) < 2_000_000  # the budget bounds what check prints too


@pytest.mark.parametrize(
    "flags",
    [
        [],
        ["--json"],
        ["--async", "--concurrency", "1"],
        ["--async", "--concurrency", "1", "--json"],
    ],
    ids=["sync", "sync-json", "async", "async-json"],
)
def test_send_report_lines_already_decided_survive_sigkill(tmp_path, flags):
    """`send > file`: each line is written and flushed as its delivery is decided, so a
    SIGKILL loses only what was still undecided."""
    gate = threading.Event()
    decided = 5

    def respond(received, index):
        if index >= decided:
            gate.wait(20)  # hold the rest until the sender is dead
        return Reply(200)

    events = tmp_path / "events.jsonl"
    events.write_text(EVENTS.read_text() * 3)  # 18 events, all delivered to one target
    report = tmp_path / "report.txt"
    with Receiver(respond=respond) as rx:
        argv = ["send", "--config", str(write_config(tmp_path, rx.url)), "--event", str(events)]
        with report.open("w") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "webhook", *argv, *flags],
                stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT,
            )  # fmt: skip
            try:
                # one delivery at a time: a request arrives only after the line of the one
                # before it was flushed
                rx.wait_for(decided + 1, timeout=20)
            finally:
                proc.kill()
                proc.wait(10)
                gate.set()
        assert len(rx.requests) >= decided + 1
    lines = report.read_text().splitlines()
    assert proc.returncode == -signal.SIGKILL
    if "--json" in flags:
        got = [json.loads(line) for line in lines]
        assert [r["delivered"] for r in got] == [True] * decided
        assert [r["event"] for r in got] == list(range(decided))
    else:
        assert len(lines) == decided and all("delivered (HTTP 200)" in x for x in lines)


@pytest.mark.parametrize("flags", [[], ["--async", "--json"]], ids=["sync", "async-json"])
def test_a_report_reader_that_goes_away_does_not_stop_the_deliveries(tmp_path, flags):
    """`send | head -1`: the report stops, every event is still delivered."""
    events = tmp_path / "events.jsonl"
    events.write_text(EVENTS.read_text() * 20)  # 120 events
    closed = threading.Event()

    def respond(received, index):
        if index > 0:
            closed.wait(10)  # no second line before the reader is gone
        return Reply(200)

    with Receiver(respond=respond) as rx:
        argv = ["send", "--config", str(write_config(tmp_path, rx.url)), "--event", str(events)]
        proc = subprocess.Popen(
            [sys.executable, "-m", "webhook", *argv, *flags],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
        )  # fmt: skip
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()  # as head does after its line
        closed.set()
        code = proc.wait(30)
        err = proc.stderr.read().decode()
        assert len(rx.requests) == 120
    assert first and code == 0
    assert err.startswith("webhook: cannot write the report (Broken pipe); deliveries go on\n")
    assert err.count("\n") == 1


@pytest.mark.parametrize("outbox", [False, True], ids=["no-outbox", "outbox"])
@pytest.mark.parametrize(
    "flags", [[], ["--async", "--concurrency", "1", "--json"]], ids=["sync", "async-json"]
)
def test_ctrl_c_mid_send_says_which_deliveries_it_left_unfinished(tmp_path, flags, outbox):
    """Ctrl-C while the third of six deliveries is in flight: the two decided are in the
    report, and stderr names the four left (their events, the one in flight and whether the
    outbox keeps them) instead of exiting without a word."""
    gate = threading.Event()

    def respond(received, index):
        if index >= 2:
            gate.wait(20)  # the third delivery is in flight when Ctrl-C comes
        return Reply(200)

    with Receiver(respond=respond) as rx:
        config = write_config(tmp_path, rx.url)
        if outbox:
            config.write_text(
                config.read_text() + f"      sender:\n        outbox: {tmp_path / 'out.db'}\n"
            )
        argv = ["send", "--config", str(config), "--event", str(EVENTS), *flags]
        proc = subprocess.Popen(
            [sys.executable, "-m", "webhook", *argv], stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, cwd=ROOT, preexec_fn=interruptible,
        )  # fmt: skip
        try:
            rx.wait_for(3, timeout=20)
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=20)
        finally:
            gate.set()
            proc.kill()
        in_flight = rx.requests[2].delivery_id
    assert proc.returncode == 130
    assert len(out.splitlines()) == 2 and out.count("delivered") == 2
    [line] = err.splitlines()
    assert line.startswith("webhook: interrupted: 4 of 6 deliveries unfinished (events 2-5)")
    assert "pending ids " in line and "(those in flight may have arrived)" in line
    assert in_flight in line
    if outbox:
        assert line.endswith("kept in the outbox: `python -m webhook replay` resends them")
        code, listed = run("replay", "--config", str(config), "--list")
        assert code == 0 and listed.count("pending ") == 4, listed
    else:
        assert line.endswith("NOT persisted (no outbox): send those events again")


@pytest.mark.parametrize(
    ("command", "going_on"), [("check", "the check goes on"), ("demo", "the demo goes on")]
)
def test_check_and_demo_go_on_when_their_reader_goes_away(tmp_path, command, going_on):
    """`check --event many.jsonl | head`: the output stops, the verdict (the exit status)
    still covers every event; stderr says so once, no internal error. The same for demo."""
    events = tmp_path / "events.jsonl"
    events.write_text(EVENTS.read_text() * 200)  # 1,200 bodies to print
    config = write_config(tmp_path, "http://127.0.0.1:9/")
    argv = ["check", "--config", str(config), "--event", str(events)]
    first, code, err = first_line_then_hang_up(
        "webhook", *(argv if command == "check" else ["demo"])
    )
    assert first and code == 0
    assert err == f"webhook: cannot write the report (Broken pipe); {going_on}\n"


def first_line_then_hang_up(*argv: str) -> tuple[bytes, int, str]:
    """Run `python -m ARGV`, read its first line, close its stdout as `head -1` does; its
    exit status and stderr."""
    proc = subprocess.Popen(
        [sys.executable, "-m", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    code = proc.wait(60)
    return first, code, proc.stderr.read().decode()
