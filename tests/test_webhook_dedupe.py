"""The receiver's duplicate filter, keyed by X-Webhook-Delivery-Id: bounded in memory,
optionally in SQLite, and catching the duplicate a lost answer really causes."""

from __future__ import annotations

import threading

import pytest

from webhook import DuplicateFilter, Event, Sender, Target, WebhookConfig
from webhook.receiver import Receiver, Reply


def test_in_memory_window_is_bounded():
    f = DuplicateFilter(capacity=3)
    assert [f.seen(x) for x in "abcab"] == [False, False, False, True, True]
    assert not f.seen("d") and len(f) == 3  # "a", the oldest, is forgotten
    assert not f.seen("a")
    f.forget("a")
    assert not f.seen("a")


def test_sqlite_survives_reopening_is_shared_and_bounded(tmp_path):
    path = tmp_path / "seen.db"
    with DuplicateFilter(capacity=100, path=path) as f:
        assert not f.seen("id-1") and f.seen("id-1")
    with DuplicateFilter(capacity=100, path=path) as f, DuplicateFilter(path=path) as g:
        assert f.seen("id-1")  # after a restart
        assert not g.seen("id-2") and f.seen("id-2")  # two processes of one receiver
        f.forget("id-2")
        assert not g.seen("id-2")
    with DuplicateFilter(capacity=10, path=path) as f:
        for n in range(25):
            assert not f.seen(f"x{n}")
        assert len(f) == 10 and f.seen("x24") and not f.seen("x0")


def test_sqlite_threads_each_id_once(tmp_path):
    with DuplicateFilter(path=tmp_path / "seen.db") as f:
        firsts: list[str] = []

        def work() -> None:
            for n in range(200):
                if not f.seen(f"id-{n}"):
                    firsts.append(f"id-{n}")

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(firsts) == sorted(f"id-{n}" for n in range(200))


def test_the_retry_after_a_lost_answer_is_caught():
    """The receiver processes the request, its answer is lost (reset), the sender retries with
    the same id: the filter tells the retry apart, so the event is handled once."""
    seen = DuplicateFilter()
    handled: list[str] = []

    def respond(received, index):
        delivery_id = received.delivery_id
        if not seen.seen(delivery_id):
            handled.append(delivery_id)
        return Reply(200, reset=index == 0)

    event = Event.from_dict({"version": "0.1", "type": "flag", "action": "created"})
    with Receiver(respond=respond) as rx:
        config = WebhookConfig((Target(0, rx.url),), max_backoff=2.0)
        with Sender(config, backoff_base=0.0) as sender:
            [result] = sender.send(event)
        assert len(rx.requests) == 2
    assert result.delivered and result.unconfirmed == 1
    assert handled == [result.delivery_id]


@pytest.mark.parametrize("case", ["missing-dir", "not-a-db"])
def test_a_database_it_cannot_use_is_named_in_one_line(tmp_path, case):
    """sqlite3's bare `unable to open database file` did not say which file."""
    path = tmp_path / "no" / "seen.db" if case == "missing-dir" else tmp_path / "seen.db"
    if case == "not-a-db":
        path.write_text("not a database, just text " * 100)
    with pytest.raises(ValueError) as info:
        DuplicateFilter(path=path)
    assert str(info.value).startswith(f"DuplicateFilter: cannot use {path}: ")
