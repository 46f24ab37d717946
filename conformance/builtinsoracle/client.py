"""Talk to the builtins oracle (main.go here): build it, encode our values, ask Go.

Values travel in the tagged form main.go documents; `tag` turns a Python value of our data
model into it, so a Go answer and our own result compare as plain JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from gotmpl.capacity import json_array_capacity
from gotmpl.gotypes import (
    ANY,
    INT,
    NO_VALUE,
    STRING,
    GoType,
    GoValue,
    Pointer,
    Struct,
    struct_type,
    type_of,
)

__all__ = ["SI_TYPE", "S_TYPE", "SP_TYPE", "BuiltinsOracle", "go_available", "normalize", "tag"]

HERE = Path(__file__).resolve().parent

#: Struct types main.go knows by name.
S_TYPE = struct_type("main.S", [("A", INT), ("B", STRING)])
SP_TYPE = struct_type("main.SP", [("A", INT), ("p", INT)])
SI_TYPE = struct_type("main.SI", [("A", ANY), ("B", ANY)])


def go_available() -> bool:
    return shutil.which("go") is not None


def _float(x: float) -> Any:
    if x != x:
        return "NaN"
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def tag(v: Any) -> dict[str, Any]:
    """The tagged form of a value (NO_VALUE and None get their own tags)."""
    if v is NO_VALUE:
        return {"t": "novalue"}
    if v is None:
        return {"t": "nil"}
    t = type_of(v)
    out = {"t": t.name, "v": payload(v, t)}
    # A slice's backing array past its length: a list's is json.Unmarshal's growth (nil
    # elements), a typed slice's its spare elements.
    if type(v) is list and json_array_capacity(len(v)) > len(v):
        out["s"] = [tag(None)] * (json_array_capacity(len(v)) - len(v))
    elif type(v) is GoValue and v.type.kind == "slice" and v.spare:
        out["s"] = [payload(e, t.elem) for e in v.spare]  # type: ignore[arg-type]
    return out


def payload(v: Any, t: GoType) -> Any:
    """The bare payload of `v` as a value of static type `t`."""
    k = t.kind
    if k == "interface":
        return tag(v)
    if isinstance(v, Pointer):
        return None if v.target is None else payload(v.target, t.elem)  # type: ignore[arg-type]
    if isinstance(v, Struct):
        return [payload(v.get(f.name), f.type) for f in t.fields]
    x = v.value if isinstance(v, GoValue) else v
    if k == "bool":
        return bool(x)
    if k.startswith(("int", "uint")):
        return int(x)
    if k.startswith("float"):
        return _float(x)
    if k.startswith("complex"):
        return [_float(x.real), _float(x.imag)]
    if k == "string":
        return x.encode("utf-8", "surrogateescape").hex()
    if k in ("slice", "array"):
        if x is None:
            return None
        return [payload(e, t.elem) for e in x]  # type: ignore[arg-type]
    if k == "map":
        if x is None:
            return None
        return [[payload(a, t.key), payload(b, t.elem)] for a, b in x.items()]  # type: ignore[arg-type]
    if k == "chan":  # inputs carry the buffered elements; Go answers "chan"
        return None if x is None else [payload(e, t.elem) for e in x]  # type: ignore[arg-type]
    if k == "func":
        return None if x is None else k
    raise TypeError(f"cannot encode {v!r}")


def normalize(x: Any) -> Any:
    """`x` with map pair lists sorted, so Go's random map order does not matter."""
    if isinstance(x, dict):
        out = {k: normalize(v) for k, v in x.items()}
        if out.get("t", "").startswith("map[") and isinstance(out.get("v"), list):
            out["v"] = sorted(out["v"], key=lambda p: json.dumps(p, sort_keys=True))
        return out
    if isinstance(x, list):
        return [normalize(e) for e in x]
    return x


def build(out_dir: Path) -> Path:
    """Compile main.go into out_dir and return the binary."""
    out = out_dir / "builtinsoracle"
    env = dict(os.environ, GOTOOLCHAIN="local", CGO_ENABLED="0", GOFLAGS="-mod=mod")
    env.setdefault("GOCACHE", str(Path(tempfile.gettempdir()) / "gotmpl-builtins-gocache"))
    subprocess.run(["go", "build", "-o", str(out), "."], cwd=HERE, env=env, check=True)
    return out


class BuiltinsOracle:
    """One running oracle process; `ask` sends a request and returns Go's answer."""

    def __init__(self, binary: Path) -> None:
        self._proc = subprocess.Popen(
            [str(binary)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )

    def ask(self, op: str, args: list[Any], **extra: Any) -> dict[str, Any]:
        """Go's answer for `op` ("call", "truth", "range", "field") on our values `args`.

        An argument wrapped in gotmpl.builtins.Iface is passed as a field of the data map,
        so Go sees its static type `interface {}`.
        """
        iface = [type(a).__name__ == "Iface" for a in args]
        req = {
            "op": op,
            "args": [tag(a.value if f else a) for a, f in zip(args, iface, strict=True)],
            "iface": iface,
            **extra,
        }
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(json.dumps(req) + "\n")
        self._proc.stdin.flush()
        return json.loads(self._proc.stdout.readline())

    def close(self) -> None:
        if self._proc.stdin:
            self._proc.stdin.close()
        self._proc.wait(timeout=10)
