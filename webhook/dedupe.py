"""A receiver's memory of the deliveries it has processed, so a retry or a replay of one is
recognised: the sender promises at least once, with one `X-Webhook-Delivery-Id` per event and
target that every retry and replay repeats (Standard Webhooks' `webhook-id` is the same id).

In memory the filter keeps the newest `capacity` ids (a bounded window: an id older than that
is forgotten); with `path` it keeps them in SQLite, bounded the same way, so they survive a
restart and can be shared by the processes of one receiver.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict

__all__ = ["DuplicateFilter"]


class DuplicateFilter:
    """Remembers delivery ids; `seen(id)` says whether one came before (and remembers it).

    Thread-safe. Call `forget(id)` when processing a delivery failed, so that its retry is
    processed rather than dropped as a duplicate.
    """

    def __init__(self, capacity: int = 100_000, path: str | os.PathLike[str] | None = None) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self.path = None if path is None else os.fspath(path)
        self._lock = threading.Lock()
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._db: sqlite3.Connection | None = None
        if self.path is not None:
            try:
                self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA busy_timeout=5000")
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS seen (n INTEGER PRIMARY KEY AUTOINCREMENT,"
                    " delivery_id TEXT NOT NULL UNIQUE)"
                )
            except sqlite3.DatabaseError as exc:  # sqlite3 does not say which file
                raise ValueError(f"DuplicateFilter: cannot use {self.path}: {exc}") from None

    def __repr__(self) -> str:
        where = f", path={self.path!r}" if self.path else ""
        return f"DuplicateFilter(capacity={self.capacity}{where})"

    def seen(self, delivery_id: str) -> bool:
        """True if `delivery_id` was seen before; else remember it and return False."""
        with self._lock:
            if self._db is None:
                self._check_open()
                if delivery_id in self._ids:
                    return True
                self._ids[delivery_id] = None
                if len(self._ids) > self.capacity:
                    self._ids.popitem(last=False)
                return False
            added = self._db.execute(
                "INSERT OR IGNORE INTO seen (delivery_id) VALUES (?)", (delivery_id,)
            ).rowcount
            if added:  # bounded: the newest `capacity` ids stay
                self._db.execute(
                    "DELETE FROM seen WHERE n <= (SELECT MAX(n) FROM seen) - ?", (self.capacity,)
                )
            return not added

    def forget(self, delivery_id: str) -> None:
        """Drop `delivery_id`, so its next arrival counts as new (processing it failed)."""
        with self._lock:
            if self._db is None:
                self._check_open()
                self._ids.pop(delivery_id, None)
            else:
                self._db.execute("DELETE FROM seen WHERE delivery_id = ?", (delivery_id,))

    def _check_open(self) -> None:
        if self.path is not None:
            raise RuntimeError("DuplicateFilter is closed")

    def __len__(self) -> int:
        with self._lock:
            if self._db is None:
                return len(self._ids)
            return int(self._db.execute("SELECT COUNT(*) FROM seen").fetchone()[0])

    def close(self) -> None:
        """Close the SQLite file of a file-backed filter, which then refuses further use."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def __enter__(self) -> DuplicateFilter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
