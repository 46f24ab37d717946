"""Size limits (webhook/limits.py): configs, template bodies, events and event files past
their limit are refused before they are parsed, in one line that says what was too big."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from webhook import ConfigError, Event, EventError, load_config
from webhook.limits import (
    MAX_CONFIG_BYTES,
    MAX_EVENT_BYTES,
    MAX_EVENT_FILE_BYTES,
    MAX_TEMPLATE_BYTES,
)

ROOT = Path(__file__).resolve().parent.parent
HEAD = "audit:\n  sinks:\n    webhook:\n      enabled: true\n"
URL_CFG = HEAD + "      url: http://127.0.0.1:9/hook\n"


def cli(*argv: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "webhook", *argv],
        input=stdin.decode("latin-1") if stdin is not None else None,
        capture_output=True, text=True, cwd=ROOT, timeout=30,
    )  # fmt: skip


def padded(text: str, size: int) -> str:
    """`text` with a YAML comment that makes it exactly `size` bytes."""
    return text + "#" + "x" * (size - len(text) - 2) + "\n"


def test_a_50_mb_config_fails_fast_in_one_line(tmp_path):
    cfg = tmp_path / "flipt.yml"
    cfg.write_text(padded(URL_CFG, 50 << 20))
    t0 = time.monotonic()
    proc = cli("check", "--config", str(cfg))
    took = time.monotonic() - t0
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == (
        f"webhook: error: {cfg}: config file is too large: {50 << 20} bytes; the limit is 1 MiB\n"
    )
    assert took < 10  # the interpreter's start-up; it took 51 s to accept before
    t0 = time.monotonic()
    with pytest.raises(ConfigError, match="config file is too large"):
        load_config(cfg, env={})
    assert time.monotonic() - t0 < 0.5


def test_the_config_limit_is_exact(tmp_path):
    cfg = tmp_path / "flipt.yml"
    cfg.write_text(padded(URL_CFG, MAX_CONFIG_BYTES))
    assert load_config(cfg, env={}).targets[0].url == "http://127.0.0.1:9/hook"
    cfg.write_text(padded(URL_CFG, MAX_CONFIG_BYTES + 1))
    with pytest.raises(ConfigError) as info:
        load_config(cfg, env={})
    assert info.value.key == "" and str(info.value).startswith(str(cfg))


def test_a_template_body_past_its_limit_names_the_key(tmp_path):
    def config(body_size: int) -> Path:
        body = '"' + "x" * (body_size - 2) + '"'
        cfg = tmp_path / "flipt.yml"
        cfg.write_text(
            HEAD + "      templates:\n        - url: http://127.0.0.1:9/\n"
            f"          body: '{body}'\n"
        )
        return cfg

    assert load_config(config(MAX_TEMPLATE_BYTES), env={}).targets[0].body
    with pytest.raises(ConfigError) as info:
        load_config(config(MAX_TEMPLATE_BYTES + 1), env={})
    assert info.value.key == "audit.sinks.webhook.templates[0].body"
    assert info.value.message == (
        f"template body is too large: {MAX_TEMPLATE_BYTES + 1} bytes; the limit is 64 KiB"
    )


def event_json(size: int) -> str:
    """A Flipt event whose compact JSON is exactly `size` bytes."""
    head = '{"version":"0.2","type":"flag","action":"created","payload":{"pad":"'
    return head + "x" * (size - len(head) - 3) + '"}}'


def test_an_event_past_its_limit_is_refused():
    assert Event.from_json(event_json(MAX_EVENT_BYTES)).pair == "flag:created"
    with pytest.raises(EventError, match=f"event is too large: {MAX_EVENT_BYTES + 1} bytes"):
        Event.from_json(event_json(MAX_EVENT_BYTES + 1))


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        ("lines", "events.json:2: event is too large: 1048577 bytes; the limit is 1 MiB"),
        ("one", "events.json: event is too large: 1048577 bytes; the limit is 1 MiB"),
        ("array", "events.json: event 1 is too large: 1048577 bytes; the limit is 1 MiB"),
    ],
)
def test_event_files_name_the_event_that_is_too_large(tmp_path, layout, message):
    small, big = event_json(200), event_json(MAX_EVENT_BYTES + 1)
    text = {
        "lines": f"{small}\n{big}\n",
        "one": big,
        "array": f"[{small}, {big}]",
    }[layout]
    events = tmp_path / "events.json"
    events.write_text(text)
    cfg = tmp_path / "flipt.yml"
    cfg.write_text(URL_CFG)
    proc = cli("check", "--config", str(cfg), "--event", str(events))
    assert proc.returncode == 2
    assert proc.stderr.endswith(message + "\n") and proc.stderr.count("\n") == 1


@pytest.mark.parametrize("source", ["file", "stdin"])
def test_an_event_file_past_its_limit_is_refused_before_it_is_read(tmp_path, source):
    line = (json.dumps(json.loads(event_json(1000))) + "\n").encode()
    data = line * (MAX_EVENT_FILE_BYTES // len(line) + 1)
    cfg = tmp_path / "flipt.yml"
    cfg.write_text(URL_CFG)
    if source == "file":
        (tmp_path / "events.jsonl").write_bytes(data)
        proc = cli("check", "--config", str(cfg), "--event", str(tmp_path / "events.jsonl"))
        size = f"{len(data)} bytes"
    else:
        proc = cli("check", "--config", str(cfg), "--event", "-", stdin=data)
        size = f"more than {MAX_EVENT_FILE_BYTES} bytes"
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert f"event file is too large: {size}; the limit is 64 MiB" in proc.stderr
