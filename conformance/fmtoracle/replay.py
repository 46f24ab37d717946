"""Replay a fmt/json case (`{{F ARG...}}`) as a direct gofmt/gojson call, without the engine.

The case files written by gen_cases.py use only: printf, print, println, typeOf, toJson; and
arguments that are literals (strings, numbers, chars, nil, true/false) or field chains on dot.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from gotmpl import json as gojson
from gotmpl.fmt import print as gofmt
from gotmpl.gotypes import NO_VALUE, GoType, GoValue, Pointer, Struct, type_of

__all__ = ["CALLS", "parse_call", "replay"]

CALLS: dict[str, Callable[..., str]] = {
    "printf": gofmt.sprintf,
    "print": gofmt.sprint,
    "println": gofmt.sprintln,
    "typeOf": gofmt.type_string,
    "toJson": gojson.to_json,
}

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<str>"(?:[^"\\]|\\.)*")
    | (?P<char>'(?:[^'\\]|\\.)+')
    | (?P<field>\.[A-Za-z0-9_.]*)
    | (?P<word>[^\s]+)
    )""",
    re.VERBOSE,
)
_SIMPLE = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, '"': 34, "'": 39}


def _go_unquote(lit: str) -> str:
    """A Go interpreted string literal's value (bytes that are not UTF-8 become surrogates)."""
    body = lit[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        e = body[i + 1]
        if e in _SIMPLE:
            out.append(_SIMPLE[e])
            i += 2
        elif e == "x":
            out.append(int(body[i + 2 : i + 4], 16))
            i += 4
        elif e == "u":
            out += chr(int(body[i + 2 : i + 6], 16)).encode("utf-8")
            i += 6
        elif e == "U":
            out += chr(int(body[i + 2 : i + 10], 16)).encode("utf-8")
            i += 10
        else:
            out.append(int(body[i + 1 : i + 4], 8))
            i += 4
    return out.decode("utf-8", "surrogateescape")


def _number(word: str) -> Any:
    if re.fullmatch(r"-?(0x[0-9a-fA-F]+|\d+)", word):
        return int(word, 0)
    return float(word)


def _as_iface(value: Any, static: GoType | None) -> Any:
    """A struct field's value as an interface argument carries the field's static type."""
    if static is None or static.kind == "interface":
        return value
    if isinstance(value, (GoValue, Struct, Pointer)):
        return value
    if value is not None and type_of(value) == static:
        return value
    return GoValue(static, value)


def _field(data: Any, path: str) -> Any:
    v = data
    for name in [p for p in path.split(".") if p]:
        if isinstance(v, Pointer):
            v = v.target
        if isinstance(v, dict):
            v = v.get(name, NO_VALUE)
        elif isinstance(v, GoValue) and isinstance(v.value, dict):
            v = v.value.get(name, NO_VALUE)
        elif isinstance(v, Struct):
            f = v.type.field(name)
            assert f is not None, name
            v = _as_iface(v.get(name), f.type)
        else:
            raise ValueError(f"cannot replay field {name} of {v!r}")
    return v


def parse_call(template: str) -> tuple[str, list[tuple[str, str]]]:
    """(function name, [(token kind, text)]) of a `{{F ARG...}}` template."""
    m = re.fullmatch(r"\{\{(\w+)(.*)\}\}", template, re.DOTALL)
    if m is None:
        raise ValueError(f"not a single call: {template!r}")
    toks = []
    rest = m.group(2)
    pos = 0
    while pos < len(rest) and rest[pos:].strip():
        tm = _TOKEN.match(rest, pos)
        assert tm is not None
        kind = tm.lastgroup
        assert kind is not None
        toks.append((kind, tm.group(kind)))
        pos = tm.end()
    return m.group(1), toks


def _arg(kind: str, text: str, data: Any) -> Any:
    if kind == "str":
        return _go_unquote(text)
    if kind == "char":
        return ord(_go_unquote('"' + text[1:-1] + '"'))
    if kind == "field":
        if data is None:
            return NO_VALUE
        return _field(data, text)
    if text == "nil":
        return None
    if text in ("true", "false"):
        return text == "true"
    return _number(text)


def replay(template: str, data: Any) -> str:
    """The output of the case's one call made directly (raises what the call raises)."""
    name, toks = parse_call(template)
    args = [_arg(kind, text, data) for kind, text in toks]
    if name == "printf":
        return gofmt.sprintf(args[0], *args[1:])
    return CALLS[name](*args)
