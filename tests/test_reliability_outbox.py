"""The durable outbox: written before sending, emptied on delivery, dead letters kept and
replayed with the same delivery id, nothing accepted lost to SIGKILL or to a close."""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from webhook import AsyncSender, Sender, load_config
from webhook.cli import main
from webhook.outbox import DEAD, PENDING, Outbox
from webhook.receiver import Receiver, Reply

ROOT = Path(__file__).resolve().parent.parent


def write_config(
    tmp_path: Path, url: str, *, body: str | None = None, backoff: str = "300ms", **sender: str
) -> Path:
    hook = {
        "enabled": True,
        "signing_secret": "outbox-secret",
        "max_backoff_duration": backoff,
        "sender": {"outbox": str(tmp_path / "outbox.db"), "backoff_base": "5ms", **sender},
    }
    if body is None:
        hook["url"] = f"{url}/hook"
    else:
        hook["templates"] = [{"url": f"{url}/t", "body": body}]
    p = tmp_path / "flipt.yml"
    p.write_text(yaml.safe_dump({"audit": {"sinks": {"webhook": hook}}}))
    return p


def event(n: int) -> dict:
    return {
        "version": "0.2",
        "type": "flag",
        "action": "created",
        "payload": {"n": n},
        "timestamp": "2024-05-01T10:00:00Z",
    }


def stored(path: Path) -> list[tuple[str, str, bytes | None]]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT delivery_id, state, body FROM deliveries").fetchall()


def test_written_before_sending_and_removed_when_delivered(tmp_path):
    db = tmp_path / "outbox.db"
    seen_in_outbox = []

    def respond(received, index):
        ids = {row[0] for row in stored(db)}
        seen_in_outbox.append(received.delivery_id in ids)
        return Reply(200)

    with Receiver(respond=respond) as rx:
        config = load_config(write_config(tmp_path, rx.url), env={})
        with Sender(config) as s:
            results = s.send_many([event(i) for i in range(5)])
    assert all(r.delivered for [r] in results)
    assert seen_in_outbox == [True] * 5
    assert stored(db) == []
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_dead_letters_keep_their_reason_and_replay_with_the_same_id(tmp_path):
    broken = {"on": True}

    def respond(received, index):
        return Reply(503) if broken["on"] else Reply(200)

    with Receiver(secret="outbox-secret", respond=respond) as rx:
        cfg = write_config(tmp_path, rx.url)
        config = load_config(cfg, env={})
        with Sender(config) as s:
            [[r1], [r2]] = s.send_many([event(1), event(2)])
        assert not r1.delivered and "gave up" in r1.reason
        letters = Outbox(tmp_path / "outbox.db").letters()
        assert {x.delivery_id for x in letters} == {r1.delivery_id, r2.delivery_id}
        assert all(x.state == DEAD and "HTTP 503" in x.reason and x.attempts >= 1 for x in letters)

        out = io.StringIO()
        assert main(["replay", "--config", str(cfg), "--list"], out=out) == 0
        assert "2 delivery(ies)" in out.getvalue() and r1.delivery_id in out.getvalue()

        broken["on"] = False
        before = len(rx.requests)
        out = io.StringIO()
        assert main(["replay", "--config", str(cfg)], out=out) == 0
        replayed = rx.requests[before:]
        assert "2 delivered" in out.getvalue()
    assert {r.delivery_id for r in replayed} == {r1.delivery_id, r2.delivery_id}
    assert all(r.signature_ok for r in replayed)
    first = {r.delivery_id: r.body for r in rx.requests[:before]}
    assert all(first[r.delivery_id] == r.body for r in replayed)
    assert stored(tmp_path / "outbox.db") == []


def test_unrenderable_event_is_a_dead_letter_rendered_again_on_replay(tmp_path):
    with Receiver() as rx:
        bad = write_config(tmp_path, rx.url, body='{"n": {{ .Payload.n }}, "x": {{ .Nope }}}')
        config = load_config(bad, env={})
        with Sender(config) as s:
            [[r]] = s.send_many([event(7)])
        assert r.attempts == 0 and "Nope" in r.reason
        [letter] = Outbox(tmp_path / "outbox.db").letters()
        assert letter.state == DEAD and letter.body is None and '"n":7' in letter.event

        fixed = write_config(tmp_path, rx.url, body='{"n": {{ .Payload.n }}}')
        assert main(["replay", "--config", str(fixed)], out=io.StringIO()) == 0
        [req] = rx.requests
    assert json.loads(req.body) == {"n": 7} and req.delivery_id == r.delivery_id
    assert stored(tmp_path / "outbox.db") == []


@pytest.mark.parametrize("mode", [[], ["--async"]], ids=["sync", "async"])
def test_sigkill_mid_run_loses_nothing_accepted(tmp_path, mode):
    n_events = 200
    events = tmp_path / "events.jsonl"
    events.write_text("".join(json.dumps(event(i)) + "\n" for i in range(n_events)))
    slow = {"on": True}  # slow while the doomed sender runs, fast for the replay
    with Receiver(respond=lambda r, i: Reply(200, delay=0.02 if slow["on"] else 0)) as rx:
        cfg = write_config(tmp_path, rx.url)
        cmd = [sys.executable, "-m", "webhook", "send", "--config", str(cfg), "--event"]
        proc = subprocess.Popen(
            [*cmd, str(events), *mode],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            rx.wait_for(40, timeout=30)
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        assert proc.returncode == -signal.SIGKILL
        arrived = {json.loads(r.body)["payload"]["n"] for r in rx.requests}
        left = {
            json.loads(body)["payload"]["n"] for _, state, body in stored(tmp_path / "outbox.db")
        }
        assert len(arrived) < n_events  # killed mid-run
        assert arrived | left == set(range(n_events))  # every accepted event is somewhere

        slow["on"] = False
        assert main(["replay", "--config", str(cfg)], out=io.StringIO()) == 0
        ids_by_n = defaultdict(set)
        for r in rx.requests:
            ids_by_n[json.loads(r.body)["payload"]["n"]].add(r.delivery_id)
    assert set(ids_by_n) == set(range(n_events))
    assert all(len(ids) == 1 for ids in ids_by_n.values())  # duplicates share their id
    assert stored(tmp_path / "outbox.db") == []


def test_async_close_times_out_and_persists_in_flight_work(tmp_path):
    gate = threading.Event()

    def respond(received, index):
        gate.wait(5)  # hold every request until the test is done closing
        return Reply(200)

    with Receiver(respond=respond) as rx:
        config = load_config(write_config(tmp_path, rx.url, attempt_timeout="5s"), env={})

        async def run():
            sender = AsyncSender(config, max_concurrency=2)
            task = asyncio.ensure_future(sender.send_many([event(i) for i in range(5)]))
            while len(rx.requests) < 2:
                await asyncio.sleep(0.01)
            report = await sender.close(timeout=0.2)
            return report, await task

        report, results = asyncio.run(run())
        gate.set()
    assert report.timed_out and report.persisted
    assert len(report.pending) == 5 and report.outbox == {PENDING: 5, DEAD: 0}
    assert all(
        r.pending and not r.delivered and "kept in the outbox" in r.reason for [r] in results
    )
    assert sorted(report.pending) == sorted(r.delivery_id for [r] in results)
    # the two that were on the wire may have arrived: reported as unconfirmed
    assert sum(r.unconfirmed for [r] in results) == 2
    with Receiver() as rx2:
        cfg = write_config(tmp_path, rx2.url)
        assert main(["replay", "--config", str(cfg)], out=io.StringIO()) == 0
        assert sorted(r.delivery_id for r in rx2.requests) == sorted(report.pending)


def test_sync_close_from_another_thread_interrupts_backoff(tmp_path):
    with Receiver(respond=lambda r, i: Reply(500)) as rx:
        cfg = write_config(tmp_path, rx.url, backoff="60s", backoff_base="10s")
        config = load_config(cfg, env={})
        sender = Sender(config, attempt_timeout=2.0)
        box: dict = {}
        worker = threading.Thread(target=lambda: box.update(r=sender.send_many([event(1)])))
        worker.start()
        rx.wait_for(1)
        report = sender.close(timeout=5)
        worker.join(5)
    assert not worker.is_alive()
    [[r]] = box["r"]
    assert r.pending and r.attempts == len(rx.requests) and "HTTP 500" in r.reason
    assert report.pending == (r.delivery_id,) and report.persisted and not report.timed_out
    [letter] = Outbox(tmp_path / "outbox.db").letters()
    assert letter.state == PENDING and letter.delivery_id == r.delivery_id


def test_sending_after_close_is_refused(tmp_path):
    config = load_config(write_config(tmp_path, "http://127.0.0.1:9"), env={})
    sender = Sender(config)
    assert sender.close().clean
    try:
        sender.send(event(1))
    except RuntimeError as exc:
        assert "closed" in str(exc)
    else:
        raise AssertionError("send after close must fail")
