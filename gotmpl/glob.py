"""Go's shell patterns: path.Match, filepath.Match, filepath.Glob and io/fs.Glob (on Unix).

Python's glob and fnmatch differ from Go's in ways a template set would show: `*` matches a
leading dot, classes are negated with `^`, a backslash escapes, and a malformed pattern is an
error (Go's ErrBadPattern) rather than a literal. Names are Python strs holding Go's bytes
(gotmpl.gostring: an invalid byte is one lone surrogate), sorted by those bytes as Go sorts.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable

__all__ = ["BadPattern", "base", "clean", "fs_glob", "glob", "match", "valid_path"]

#: The depth past which Go's globs give up (CVE-2022-30632, CVE-2022-30630).
_SEPARATORS_LIMIT = 10000


class BadPattern(ValueError):
    """Go's ErrBadPattern: the pattern is malformed."""

    def __init__(self) -> None:
        super().__init__("syntax error in pattern")


def match(pattern: str, name: str, *, check_rest: bool = True) -> bool:
    """Whether `name` matches the whole of `pattern`; raises BadPattern.

    `check_rest` is path.Match, which checks the rest of the pattern before answering false;
    filepath.Match (False) stops at the first chunk that fails, so a malformed tail goes unseen.
    """
    while pattern:
        star, chunk, pattern = _scan_chunk(pattern)
        if star and not chunk:
            return "/" not in name  # a trailing * matches the rest unless it has a /
        rest = _match_chunk(chunk, name)
        if rest is not None and (not rest or pattern):
            name = rest
            continue
        if star:
            matched = False
            for i in range(len(name)):
                if name[i] == "/":
                    break
                rest = _match_chunk(chunk, name[i + 1 :])
                if rest is not None:
                    if not pattern and rest:
                        continue  # the last chunk must consume the whole name
                    name, matched = rest, True
                    break
            if matched:
                continue
        if check_rest:
            while pattern:
                _, chunk, pattern = _scan_chunk(pattern)
                _match_chunk(chunk, "")
        return False
    return not name


def _scan_chunk(pattern: str) -> tuple[bool, str, str]:
    """The next chunk of single-character operators, and whether a star precedes it."""
    stripped = pattern.lstrip("*")
    star = len(stripped) != len(pattern)
    pattern = stripped
    in_range = False
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            if i + 1 < len(pattern):
                i += 1
        elif c == "[":
            in_range = True
        elif c == "]":
            in_range = False
        elif c == "*" and not in_range:
            return star, pattern[:i], pattern[i:]
        i += 1
    return star, pattern, ""


def _match_chunk(chunk: str, s: str) -> str | None:
    """What is left of `s` after `chunk` matches its start, or None; raises BadPattern.

    After a mismatch the chunk is still read to the end, so a malformed one is always reported.
    """
    failed = False
    while chunk:
        failed = failed or not s
        c = chunk[0]
        if c == "[":
            r = None
            if not failed:
                r, s = s[0], s[1:]
            chunk = chunk[1:]
            negated = chunk[:1] == "^"
            if negated:
                chunk = chunk[1:]
            matched = False
            ranges = 0
            while True:
                if chunk[:1] == "]" and ranges > 0:
                    chunk = chunk[1:]
                    break
                lo, chunk = _get_esc(chunk)
                hi = lo
                if chunk[0] == "-":
                    hi, chunk = _get_esc(chunk[1:])
                matched = matched or (r is not None and lo <= r <= hi)
                ranges += 1
            failed = failed or matched == negated
            continue
        if c == "?":
            if not failed:
                failed = s[0] == "/"
                s = s[1:]
            chunk = chunk[1:]
            continue
        if c == "\\":
            chunk = chunk[1:]
            if not chunk:
                raise BadPattern
        if not failed:
            failed = chunk[0] != s[0]
            s = s[1:]
        chunk = chunk[1:]
    return None if failed else s


def _get_esc(chunk: str) -> tuple[str, str]:
    """One possibly escaped character of a class, and the rest; raises BadPattern."""
    if not chunk or chunk[0] in "-]":
        raise BadPattern
    if chunk[0] == "\\":
        chunk = chunk[1:]
        if not chunk:
            raise BadPattern
    r, rest = chunk[0], chunk[1:]
    if "\udc80" <= r <= "\udcff" or not rest:  # an invalid UTF-8 byte, or no closing ]
        raise BadPattern
    return r, rest


def _has_meta(path: str) -> bool:
    return any(c in path for c in "*?[\\")


def clean(path: str) -> str:
    """Go's path.Clean (and filepath.Clean on Unix): the shortest equivalent name."""
    cleaned = posixpath.normpath(path) if path else "."
    if cleaned.startswith("//"):  # POSIX keeps a leading "//"; Go does not
        cleaned = "/" + cleaned.lstrip("/")
    return cleaned


def base(path: str) -> str:
    """Go's path.Base (and filepath.Base on Unix): the last element, trailing slashes dropped."""
    if not path:
        return "."
    path = path.rstrip("/")
    if not path:
        return "/"
    return path[path.rfind("/") + 1 :]


def _split(pattern: str) -> tuple[str, str]:
    """The directory part (without its last separator, "." when empty) and the last element."""
    i = pattern.rfind("/") + 1
    head = pattern[:i]
    if head == "":
        head = "."
    elif head != "/":
        head = head[:-1]
    return head, pattern[i:]


def _go_sorted(names: list[str]) -> list[str]:
    return sorted(names, key=lambda n: n.encode("utf-8", "surrogateescape"))


def _expand(
    pattern: str,
    depth: int,
    exists: Callable[[str], bool],
    list_dir: Callable[[str], list[str] | None],
    check_rest: bool,
) -> list[str]:
    """Go's globWithLimit, over `exists` (Lstat or Stat) and `list_dir` (None: unreadable)."""
    if depth > _SEPARATORS_LIMIT:
        raise BadPattern
    match(pattern, "", check_rest=check_rest)
    if not _has_meta(pattern):
        return [pattern] if exists(pattern) else []
    head, file = _split(pattern)
    dirs = [head] if not _has_meta(head) else None
    if dirs is None:
        if head == pattern:
            raise BadPattern
        dirs = _expand(head, depth + 1, exists, list_dir, check_rest)
    matches = []
    for d in dirs:
        names = list_dir(d)
        for n in _go_sorted(names or []):
            if match(file, n, check_rest=check_rest):
                matches.append(clean(d + "/" + n))
    return matches


def glob(pattern: str) -> list[str]:
    """Go's filepath.Glob on this machine's file system; raises BadPattern.

    I/O errors are ignored, as Go ignores them: an unreadable directory matches nothing.
    """

    def exists(path: str) -> bool:
        try:
            os.lstat(path)
        except (OSError, ValueError):
            return False
        return True

    def list_dir(path: str) -> list[str] | None:
        try:
            return os.listdir(path) if os.path.isdir(path) else None
        except (OSError, ValueError):
            return None

    return _expand(pattern, 1, exists, list_dir, check_rest=False)


def fs_glob(
    pattern: str,
    exists: Callable[[str], bool],
    list_dir: Callable[[str], list[str] | None],
) -> list[str]:
    """Go's io/fs.Glob over a file system given by its Stat and ReadDir; raises BadPattern."""
    return _expand(pattern, 0, exists, list_dir, check_rest=True)


def valid_path(name: str) -> bool:
    """Go's fs.ValidPath: an unrooted, slash-separated name without ".", ".." or empty
    elements (or "." itself), in valid UTF-8: the only names an fs.FS opens."""
    if any("\udc80" <= c <= "\udcff" for c in name) or "\x00" in name:
        return False
    if name == ".":
        return True
    return all(elem not in ("", ".", "..") for elem in name.split("/"))
