"""The durable outbox: accepted deliveries on disk (SQLite, WAL) until a receiver takes them.

Each row is one (event, target) delivery under its delivery id. A row is written, and the
transaction committed with `synchronous=FULL`, before the first attempt; it is deleted once a
2xx arrives. A delivery that fails for good stays as a `dead` letter with its last reason; one
interrupted (sender closed, process killed) stays `pending`. `replay` resends both with the
same delivery id, so a receiver that de-duplicates sees each event once.

Only the rendered body, the event (when it could not be rendered) and redacted reasons are
stored; never the signing secret or header values: those come from the config at send time.

One process delivers from an outbox's pending rows at a time: `OutboxLock` is held by the relay
while it runs and by `replay`, and the second to come is refused. It is `flock(2)` on
`<outbox>.lock`, which the kernel releases when the holder exits, even by SIGKILL, so a crash
never leaves a stale lock; the file keeps the holder's pid for the error message.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["DEAD", "PENDING", "Letter", "Outbox", "OutboxError", "OutboxInUse", "OutboxLock"]

PENDING = "pending"
DEAD = "dead"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    delivery_id TEXT PRIMARY KEY,
    target_key  TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'dead')),
    body        BLOB,
    event       TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    reason      TEXT,
    accepted_at REAL NOT NULL,
    updated_at  REAL NOT NULL
)
"""
_COLUMNS = "delivery_id, target_key, state, body, event, attempts, reason, accepted_at, updated_at"


class OutboxError(Exception):
    """The outbox file cannot be opened or written (the message names the path)."""


@dataclass(frozen=True)
class Letter:
    """One stored delivery. `body` is None when the event could not be rendered; then `event`
    (its JSON) is kept so a fixed template can render it on replay."""

    delivery_id: str
    target_key: str
    state: str
    body: bytes | None = field(repr=False)
    event: str | None = field(repr=False)
    attempts: int = 0
    reason: str | None = None
    accepted_at: float = 0.0
    updated_at: float = 0.0


class Outbox:
    """A SQLite outbox file, safe to share between threads of one process."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA busy_timeout=10000")
            self._db.execute(_SCHEMA)
        except sqlite3.Error as exc:
            raise OutboxError(f"outbox {self.path}: {exc}") from None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Outbox({self.path!r})"

    def _write(self, sql: str, rows: Iterable[tuple[object, ...]]) -> None:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(sql, rows)
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise OutboxError(f"outbox {self.path}: {exc}") from None

    def _rollback(self) -> None:
        """End a failed transaction; a connection that cannot even do that (closed, its file
        gone) has nothing to roll back, and the caller reports the first error."""
        with contextlib.suppress(sqlite3.Error):
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")

    def accept(self, letters: Iterable[Letter]) -> None:
        """Store new deliveries in one durable transaction (before anything is sent)."""
        self._write(
            f"INSERT OR REPLACE INTO deliveries ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (
                    x.delivery_id,
                    x.target_key,
                    x.state,
                    x.body,
                    x.event,
                    x.attempts,
                    x.reason,
                    x.accepted_at or time.time(),
                    time.time(),
                )
                for x in letters
            ],
        )

    def delivered(self, delivery_id: str) -> None:
        """A 2xx arrived: the delivery leaves the outbox."""
        self._write("DELETE FROM deliveries WHERE delivery_id = ?", [(delivery_id,)])

    def update(
        self, delivery_id: str, state: str, attempts: int, reason: str | None, body: bytes | None
    ) -> None:
        """Record attempts made and the last reason; `state` DEAD once retries are exhausted.
        `body` replaces a missing one (a replayed event that now renders)."""
        self._write(
            "UPDATE deliveries SET state = ?, attempts = attempts + ?, reason = ?,"
            " body = COALESCE(?, body), updated_at = ? WHERE delivery_id = ?",
            [(state, attempts, reason, body, time.time(), delivery_id)],
        )

    def letters(self, states: Iterable[str] = (PENDING, DEAD)) -> list[Letter]:
        """Stored deliveries in the given states, oldest first."""
        wanted = tuple(states)
        marks = ",".join("?" * len(wanted))
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM deliveries WHERE state IN ({marks})"
                " ORDER BY accepted_at, rowid",
                wanted,
            ).fetchall()
        return [Letter(*row) for row in rows]

    def check_writable(self) -> None:
        """Raise OutboxError unless a write could start now: takes SQLite's write lock and
        lets it go, writing nothing (the relay's health check)."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute("ROLLBACK")
            except sqlite3.Error as exc:
                self._rollback()
                raise OutboxError(f"outbox {self.path}: {exc}") from None

    def counts(self) -> dict[str, int]:
        """How many deliveries are pending and dead."""
        with self._lock:
            try:
                rows = self._db.execute("SELECT state, COUNT(*) FROM deliveries GROUP BY state")
                found = dict(rows.fetchall())
            except sqlite3.Error as exc:
                raise OutboxError(f"outbox {self.path}: {exc}") from None
        return {PENDING: found.get(PENDING, 0), DEAD: found.get(DEAD, 0)}

    def close(self) -> None:
        """Close the outbox's database connection."""
        with self._lock:
            self._db.close()


class OutboxInUse(OutboxError):
    """Another process holds the outbox's lock."""


class OutboxLock:
    """The lock of the outbox at `outbox_path`; `acquire` raises OutboxInUse when taken."""

    def __init__(self, outbox_path: str) -> None:
        self.outbox_path = outbox_path
        self.path = outbox_path + ".lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock without waiting, and write our pid into the lock file."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise OutboxError(f"outbox lock {self.path}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise OutboxInUse(
                f"outbox {self.outbox_path} is in use by another process (pid {holder}); "
                "one relay or replay delivers from an outbox at a time"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self._fd = fd

    def release(self) -> None:
        """Let the lock go (the file stays: removing it could race a new holder)."""
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None

    def __enter__(self) -> OutboxLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
