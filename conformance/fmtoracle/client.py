"""Client of the fmtoracle Go helper: encode our data model for it, run it, read its answers.

Used by tests/test_gofmt.py and tests/test_gojson.py for differential tests against real Go.
`NAMED` holds the Python twins of the named types the helper defines.
"""

from __future__ import annotations

import base64
import json
import math
import os
import shutil
import subprocess
import tempfile
from typing import Any

from gotmpl.gotypes import (
    ANY,
    BOOL,
    FLOAT64,
    INT,
    STRING,
    UINT8,
    Field,
    GoType,
    GoValue,
    Pointer,
    Struct,
    map_of,
    named,
    slice_of,
    struct_type,
)
from gotmpl.value import dyn, slot

HERE = os.path.dirname(os.path.abspath(__file__))


def _celsius(v: GoValue) -> str:
    return f"{v.value:.1f}C" if math.isfinite(v.value) else f"{v.value}C"


def _panic(_: Any) -> str:
    raise RuntimeError("boom")


E_TYPE = struct_type("main.E", [], methods={"Error": lambda _: "custom err"})
NAMED: dict[str, GoType] = {
    "main.MyInt": named("main.MyInt", INT),
    "main.MyUint8": named("main.MyUint8", UINT8),
    "main.MyStr": named("main.MyStr", STRING),
    "main.MyFloat": named("main.MyFloat", FLOAT64),
    "main.MyBool": named("main.MyBool", BOOL),
    "main.MyList": named("main.MyList", slice_of(INT)),
    "main.MyMap": named("main.MyMap", map_of(STRING, INT)),
    "main.Str": struct_type(
        "main.Str", [("N", INT)], methods={"String": lambda s: f"Str<{s.get('N')}>"}
    ),
    "main.E": E_TYPE,
    "main.Celsius": named("main.Celsius", FLOAT64, {"String": _celsius}),
    "main.Pan": named("main.Pan", INT, {"String": _panic}),
    "main.T": struct_type("main.T", [("A", INT), ("B", STRING), ("C", ANY)]),
}


def _tag(f: Field) -> str | None:
    if f.json_skip:
        return "-"
    if f.json_name == "-":
        return "-,"
    if f.json_name is None and not f.omitempty and not f.json_string:
        return None
    return (
        (f.json_name or "")
        + (",omitempty" if f.omitempty else "")
        + (",string" if f.json_string else "")
    )


def type_spec(t: GoType | None) -> Any:
    """The helper's spelling of a Go type."""
    if t is None or t.kind == "interface":
        return "any"
    if t.named and not t.name.startswith("struct {"):
        return t.name
    k = t.kind
    if k == "slice":
        return {"slice": type_spec(t.elem)}
    if k == "array":
        return {"array": [t.length, type_spec(t.elem)]}
    if k == "map":
        return {"map": [type_spec(t.key), type_spec(t.elem)]}
    if k == "ptr":
        return {"ptr": type_spec(t.elem)}
    if k == "struct":
        return {"struct": [[f.name, type_spec(f.type), _tag(f)] for f in t.fields]}
    return t.name


def _str(s: str) -> Any:
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        b = s.encode("utf-8", "surrogateescape")
        return {"b64": base64.b64encode(b).decode()}


def encode_data(t: GoType, raw: Any) -> Any:
    """The helper's DATA for a payload of type `t`."""
    k = t.kind
    if k == "interface":
        return encode_value(raw)
    if k in ("float32", "float64"):
        return repr(float(raw))
    if k in ("complex64", "complex128"):
        return [repr(raw.real), repr(raw.imag)]
    if k == "string":
        return _str(raw)
    if k == "bool" or k.startswith("int") or k.startswith("uint"):
        return raw
    if k in ("slice", "array"):
        if raw is None:
            return None
        if isinstance(raw, (bytes, bytearray)):
            return {"b64": base64.b64encode(bytes(raw)).decode()}
        return [encode_data(*_slot(x, t.elem)) for x in raw]
    if k == "map":
        if raw is None:
            return None
        return [
            [encode_data(*_slot(kk, t.key)), encode_data(*_slot(vv, t.elem))]
            for kk, vv in raw.items()
        ]
    if k == "ptr":
        target = raw.target if isinstance(raw, Pointer) else None
        return None if target is None else encode_data(*_slot(target, t.elem))
    if k == "struct":
        return [encode_data(*_slot(raw.get(f.name), f.type)) for f in t.fields]
    return None


def _slot(v: Any, static: GoType | None) -> tuple[GoType, Any]:
    if static is None or static.kind == "interface":
        return ANY, v
    t, raw = slot(v, static)
    return t, raw


def encode_value(v: Any) -> Any:
    """The helper's VALUE for an interface holding `v` (null for nil)."""
    t, raw = dyn(v)
    if t is None:
        return None
    return {"t": type_spec(t), "v": encode_data(t, raw)}


class FmtOracle:
    """A running fmtoracle process built from main.go in a temporary directory."""

    def __init__(self) -> None:
        go = shutil.which("go")
        if go is None:
            raise RuntimeError("go is not on PATH")
        self._dir = tempfile.mkdtemp(prefix="fmtoracle")
        exe = os.path.join(self._dir, "fmtoracle")
        subprocess.run(
            [go, "build", "-o", exe, os.path.join(HERE, "main.go")],
            check=True,
            cwd=self._dir,
            capture_output=True,
        )
        self._proc = subprocess.Popen(
            [exe], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0
        )

    def ask(self, op: str, fmt: str = "", args: tuple = ()) -> tuple[str, str]:
        """Go's answer: (output as our str, error text)."""
        return self.ask_encoded(op, fmt, [encode_value(a) for a in args])

    def ask_encoded(self, op: str, fmt: str, args: list[Any]) -> tuple[str, str]:
        """`ask` with the arguments already in the helper's VALUE form: a value Go converts
        on arrival (`{"t": "float32", "v": repr(x)}` is float32(x)) can then be sent as is."""
        req = {"op": op, "format": _str(fmt), "args": args}
        if isinstance(req["format"], dict):
            raise ValueError("format strings must be valid UTF-8")
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(json.dumps(req).encode() + b"\n")
        rep = json.loads(self._proc.stdout.readline())
        out = base64.b64decode(rep["out"]).decode("utf-8", "surrogateescape")
        return out, rep["err"]

    def close(self) -> None:
        self._proc.terminate()
        self._proc.wait()
        shutil.rmtree(self._dir, ignore_errors=True)


__all__ = ["NAMED", "FmtOracle", "Struct", "encode_value", "type_spec"]
