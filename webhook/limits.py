"""Size limits on what the sender reads, and a reader that stops at them.

Flipt's configs are a few kilobytes, its templates a few hundred bytes and its events about
one kilobyte. The limits sit far above that and far below what would take the loader or the
CLI minutes (PyYAML reads about 1 MB a second; a 50 MB config took 51 s to be accepted), so
an oversized file is refused before it is parsed, in one line that says what was too big.
"""

from __future__ import annotations

import os
from typing import BinaryIO

__all__ = [
    "MAX_CONFIG_BYTES",
    "MAX_EVENT_BYTES",
    "MAX_EVENT_FILE_BYTES",
    "MAX_TEMPLATE_BYTES",
    "TooLarge",
    "read_text",
    "size_text",
]

#: A config file (YAML). About 4,000 templates of Flipt's Slack example fit; loading that
#: many takes about 5 s.
MAX_CONFIG_BYTES = 1 << 20
#: One template body (`audit.sinks.webhook.templates[i].body`).
MAX_TEMPLATE_BYTES = 64 << 10
#: One event's JSON: a line of a JSON-lines file, a one-event file, an element of an array.
MAX_EVENT_BYTES = 1 << 20
#: A whole event file: `send` accepts every event of it at once (into the outbox, in memory).
MAX_EVENT_FILE_BYTES = 64 << 20


def size_text(n: int) -> str:
    """`1 MiB`, `64 KiB`, or plain bytes."""
    for unit, shift in (("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift and n % (1 << shift) == 0:
            return f"{n >> shift} {unit}"
    return f"{n} bytes"


class TooLarge(ValueError):
    """`what` is bigger than `limit` bytes (`size` when known: a file being read stops early)."""

    def __init__(self, what: str, limit: int, size: int | None = None) -> None:
        self.what = what
        self.limit = limit
        self.size = size
        got = f"{size} bytes" if size is not None else f"more than {limit} bytes"
        super().__init__(f"{what} is too large: {got}; the limit is {size_text(limit)}")


def read_text(source: str | os.PathLike[str] | BinaryIO, limit: int, what: str) -> str:
    """The UTF-8 text of file `source` (a path, or a binary stream such as stdin's), refused
    with TooLarge past `limit` bytes before more than `limit` bytes are read. Newlines are
    translated as text mode does.

    Raises OSError and UnicodeDecodeError as `open` and `decode` do.
    """
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size  # 0 for pipes and devices: read to find out
            if size > limit:
                raise TooLarge(what, limit, size)
            data = fh.read(limit + 1)
    else:
        data = source.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(what, limit)
    text = data.decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
