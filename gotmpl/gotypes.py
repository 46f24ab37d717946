"""Go types for Python values: type descriptors, typed wrappers, and the mapping between them.

Plain Python values stand for the Go values a JSON-decoded `any` holds (see README, "Data
model"). Go programs also pass values plain Python cannot express (int64, uint8, float32, named
types, structs with a Go type name, pointers, typed nils); the wrappers here carry a `GoType` so
that printing (`%T`, `%#v`), comparison and error messages say what Go says.
"""

from __future__ import annotations

import struct as _struct
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ANY",
    "BOOL",
    "BYTES",
    "COMPLEX64",
    "COMPLEX128",
    "FLOAT32",
    "FLOAT64",
    "INT",
    "INT8",
    "INT16",
    "INT32",
    "INT64",
    "MAP_ANY_ANY",
    "MAP_STRING_ANY",
    "NO_VALUE",
    "SLICE_ANY",
    "STRING",
    "UINT",
    "UINT8",
    "UINT16",
    "UINT32",
    "UINT64",
    "UINTPTR",
    "Field",
    "GoType",
    "GoValue",
    "Pointer",
    "Struct",
    "addressed",
    "array_of",
    "float32_round",
    "map_of",
    "named",
    "pointer_type",
    "ptr_to",
    "slice_of",
    "struct_type",
    "type_of",
]

INT_KINDS = frozenset({"int", "int8", "int16", "int32", "int64"})
UINT_KINDS = frozenset({"uint", "uint8", "uint16", "uint32", "uint64", "uintptr"})
FLOAT_KINDS = frozenset({"float32", "float64"})
COMPLEX_KINDS = frozenset({"complex64", "complex128"})
#: Kinds whose zero value is nil.
NILLABLE_KINDS = frozenset({"ptr", "map", "slice", "func", "chan", "interface"})

_INT_BITS = {"int": 64, "int8": 8, "int16": 16, "int32": 32, "int64": 64}
_UINT_BITS = {"uint": 64, "uint8": 8, "uint16": 16, "uint32": 32, "uint64": 64, "uintptr": 64}


@dataclass(frozen=True, eq=False)
class Field:
    """One struct field: its Go name, type and parsed `json:"..."` tag."""

    name: str
    type: GoType
    json_name: str | None = None  # None: use the field name
    omitempty: bool = False
    json_string: bool = False  # the `,string` option
    json_skip: bool = False  # the tag was "-"

    @property
    def exported(self) -> bool:
        """Whether the field is exported (its name starts with an upper-case letter)."""
        return self.name[:1].isupper()


@dataclass(frozen=True, eq=False)
class GoType:
    """A Go type: its kind, its name as `%T` prints it, and its parts.

    `name` is the full type string (`int`, `[]interface {}`, `map[string]int`, `*audit.Actor`,
    `main.MyInt`). Types compare by name, as Go types with the same spelling are identical.
    """

    kind: str
    name: str
    elem: GoType | None = None
    key: GoType | None = None
    length: int | None = None
    fields: tuple[Field, ...] = ()
    named: bool = False  # a defined type such as main.MyInt or audit.Event
    methods: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    #: The exported fields of a struct type that no method shadows, for reading them without
    #: the general rules: name -> (whether a stored value needs no re-typing, the static type
    #: to report for interface fields). Set at construction (plain attributes, read on every
    #: inline field read, cost a third of a cached property's lookup).
    plain_fields: dict[str, tuple[bool, str | None]] = field(init=False, repr=False)
    #: The plain fields whose stored value is the field's value as it is (no re-typing),
    #: indexed by the struct's addressability: of a struct held as a value [False], those of
    #: an unnamed basic type or an interface type; of an addressable one [True], only the
    #: basic ones (an interface field may hold a struct whose address Go would take).
    stored_fields: tuple[frozenset[str], frozenset[str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind == "ptr" and self.methods and self.elem is not None:
            _POINTER_TYPES[self.elem.name] = self
        plain: dict[str, tuple[bool, str | None]] = {}
        for f in self.fields:
            if not f.exported or f.name in self.methods:
                continue
            ft = f.type
            if ft.kind == "interface":
                plain[f.name] = (True, ft.name if ft.name == "interface {}" else None)
            else:
                plain[f.name] = (ft.name in _PLAIN_FIELD_TYPES and not ft.named, None)
        stored = frozenset(name for name, (as_is, _) in plain.items() if as_is)
        basic = frozenset(
            f.name for f in self.fields if f.name in stored and f.type.kind != "interface"
        )
        object.__setattr__(self, "plain_fields", plain)
        object.__setattr__(self, "stored_fields", (stored, basic))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GoType) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        return f"GoType({self.name})"

    def __str__(self) -> str:
        return self.name

    def field(self, name: str) -> Field | None:
        """The struct field called `name`, or None."""
        for f in self.fields:
            if f.name == name:
                return f
        return None

    @property
    def bits(self) -> int:
        """Size in bits of an int/uint/float kind (complex: of one part)."""
        if self.kind in _INT_BITS:
            return _INT_BITS[self.kind]
        if self.kind in _UINT_BITS:
            return _UINT_BITS[self.kind]
        return {"float32": 32, "float64": 64, "complex64": 32, "complex128": 64}[self.kind]


_PLAIN_FIELD_TYPES = frozenset({"string", "int", "float64", "bool", "complex128"})

#: Pointer types that declare methods, by their element's name: Go's method set of *T, which an
#: addressable T also has (see `pointer_type`).
_POINTER_TYPES: dict[str, GoType] = {}


def pointer_type(t: GoType) -> GoType | None:
    """The `*T` type declaring methods for `t`, if any was created."""
    return _POINTER_TYPES.get(t.name)


def _basic(kind: str) -> GoType:
    return GoType(kind, kind)


BOOL = _basic("bool")
STRING = _basic("string")
INT, INT8, INT16, INT32, INT64 = (_basic(k) for k in ("int", "int8", "int16", "int32", "int64"))
UINT, UINT8, UINT16, UINT32, UINT64, UINTPTR = (
    _basic(k) for k in ("uint", "uint8", "uint16", "uint32", "uint64", "uintptr")
)
FLOAT32, FLOAT64 = _basic("float32"), _basic("float64")
COMPLEX64, COMPLEX128 = _basic("complex64"), _basic("complex128")
ANY = GoType("interface", "interface {}")


def slice_of(elem: GoType) -> GoType:
    """Go's `[]elem` slice type."""
    return GoType("slice", f"[]{elem.name}", elem=elem)


def array_of(length: int, elem: GoType) -> GoType:
    """Go's `[length]elem` array type."""
    return GoType("array", f"[{length}]{elem.name}", elem=elem, length=length)


def map_of(key: GoType, elem: GoType) -> GoType:
    """Go's `map[key]elem` type."""
    return GoType("map", f"map[{key.name}]{elem.name}", elem=elem, key=key)


def ptr_to(elem: GoType) -> GoType:
    """Go's `*elem` pointer type (the registered one, with its methods, when elem has one)."""
    return GoType("ptr", f"*{elem.name}", elem=elem)


def named(
    name: str, underlying: GoType, methods: Mapping[str, Callable[..., Any]] | None = None
) -> GoType:
    """A defined type (`type MyInt int` is `named("main.MyInt", INT)`), optionally with methods.

    Methods are Python callables taking the receiver value first.
    """
    return GoType(
        underlying.kind,
        name,
        elem=underlying.elem,
        key=underlying.key,
        length=underlying.length,
        fields=underlying.fields,
        named=True,
        methods=dict(methods or {}),
    )


def struct_type(
    name: str,
    fields: Sequence[tuple[str, GoType] | tuple[str, GoType, str]],
    methods: Mapping[str, Callable[..., Any]] | None = None,
) -> GoType:
    """A named struct type. Each field is (name, type) or (name, type, json_tag).

    The tag is the text inside `json:"..."`, e.g. "email,omitempty" or "-".
    An empty name gives an anonymous struct type, printed as Go prints it.
    """
    built = []
    for spec in fields:
        fname, ftype = spec[0], spec[1]
        tag = spec[2] if len(spec) > 2 else None
        if tag is None:
            built.append(Field(fname, ftype))
        elif tag == "-":
            built.append(Field(fname, ftype, json_skip=True))
        else:
            jname, *opts = tag.split(",")
            built.append(
                Field(
                    fname,
                    ftype,
                    json_name=jname or None,
                    omitempty="omitempty" in opts,
                    json_string="string" in opts,
                )
            )
    if not name:
        parts = "; ".join(f"{f.name} {f.type.name}" for f in built)
        name = "struct { " + parts + " }" if parts else "struct {}"
    return GoType("struct", name, fields=tuple(built), named=True, methods=dict(methods or {}))


BYTES = slice_of(UINT8)
SLICE_ANY = slice_of(ANY)
MAP_STRING_ANY = map_of(STRING, ANY)
MAP_ANY_ANY = map_of(ANY, ANY)


class _NoValue:
    """Go's invalid reflect.Value: a missing map key, nil data, a nil interface unwrapped."""

    _instance: _NoValue | None = None

    def __new__(cls) -> _NoValue:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NO_VALUE"

    def __bool__(self) -> bool:
        return False


NO_VALUE = _NoValue()


def float32_round(x: float) -> float:
    """Go's conversion `float32(x)`: `x` rounded to the nearest float32 (ties to even; beyond
    float32's range, ±Inf), as a Python float. The one copy of the rule: a float32 GoValue,
    FormatFloat's bitSize 32 and json's float32 all round through it."""
    try:
        rounded: float = _struct.unpack("f", _struct.pack("f", x))[0]
        return rounded
    except OverflowError:
        return float("inf") if x > 0 else float("-inf")


def _wrap_int(value: int, t: GoType) -> int:
    if t.kind in _INT_BITS:
        bits = _INT_BITS[t.kind]
        value &= (1 << bits) - 1
        if value >= 1 << (bits - 1):
            value -= 1 << bits
        return value
    return value & ((1 << _UINT_BITS[t.kind]) - 1)


class GoValue:
    """A Python value with an explicit Go type.

    Scalars: `GoValue(UINT8, 200)`, `GoValue(FLOAT32, 0.1)` (rounded to float32),
    `GoValue(named("main.MyInt", INT), 3)`. Containers: `GoValue(slice_of(INT), [1, 2])`,
    `GoValue(map_of(INT, STRING), {3: "c"})`, `GoValue(array_of(3, INT), [1, 2, 3])`.
    Typed nil maps and slices: `GoValue(map_of(STRING, INT), None)`. Elements of a typed
    container are plain Python values (or wrappers) of the element type.
    Funcs: `GoValue(func_type, callable)`; channels: `GoValue(chan_type, iterable)`.
    """

    __slots__ = ("type", "value", "spare", "addressable")

    def __init__(self, type: GoType, value: Any, spare: list[Any] | None = None) -> None:
        if type.kind in INT_KINDS or type.kind in UINT_KINDS:
            value = _wrap_int(int(value), type)
        elif type.kind == "float32":
            value = float32_round(float(value))
        elif type.kind == "float64":
            value = float(value)
        elif type.kind == "complex64":
            value = complex(float32_round(value.real), float32_round(value.imag))
        elif type.kind == "complex128":
            value = complex(value)
        self.type = type
        self.value = value
        self.spare = spare  # a slice's backing elements past its length, up to its capacity
        self.addressable = False

    def __repr__(self) -> str:
        return f"GoValue({self.type.name}, {self.value!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GoValue) and other.type == self.type and other.value == self.value

    def __hash__(self) -> int:
        return hash((self.type.name, self.value if not isinstance(self.value, list) else None))


class Struct:
    """A Go struct value of a struct GoType: `Struct(actor_type, Email="a@b", IP="1.2.3.4")`.

    Fields not given take their zero value lazily (None for nillable kinds, else the Go zero).
    Methods come from the type's `methods` (callables taking the struct first).
    """

    __slots__ = ("type", "values", "addressable")

    def __init__(self, type: GoType, **values: Any) -> None:
        if type.kind != "struct":
            raise TypeError(f"{type.name} is not a struct type")
        unknown = set(values) - {f.name for f in type.fields}
        if unknown:
            raise TypeError(f"{type.name} has no field {sorted(unknown)[0]}")
        self.type = type
        self.values = values
        self.addressable = False

    def get(self, name: str) -> Any:
        """The value of field `name` (its zero value when unset)."""
        if name in self.values:
            return self.values[name]
        f = self.type.field(name)
        if f is None:
            raise KeyError(name)
        return zero_value(f.type)

    def __repr__(self) -> str:
        inner = ", ".join(f"{f.name}={self.get(f.name)!r}" for f in self.type.fields)
        return f"Struct({self.type.name}, {inner})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Struct)
            and other.type == self.type
            and all(self.get(f.name) == other.get(f.name) for f in self.type.fields)
        )

    def __hash__(self) -> int:
        return hash(self.type.name)


class Pointer:
    """A Go pointer: `Pointer(struct_value)`, or a typed nil `Pointer(None, ptr_to(T))`.

    The pointer type defaults to `*T` of the target's type. Pointers compare by identity, as in Go.
    """

    __slots__ = ("target", "type")

    def __init__(self, target: Any, type: GoType | None = None) -> None:
        if type is None:
            if target is None:
                raise TypeError("a nil Pointer needs its type")
            type = ptr_to(type_of(target))
        self.target = target
        self.type = type

    @property
    def is_nil(self) -> bool:
        """Whether this is a nil pointer."""
        return self.target is None

    def __repr__(self) -> str:
        return f"Pointer({self.type.name}, {self.target!r})"


def addressed(v: Any) -> Any:
    """`v` as an addressable Go value (a struct field or slice element reached in place): the
    same data, flagged so that pointer-receiver methods and array slicing apply, as in Go."""
    if isinstance(v, Struct):
        if v.addressable:
            return v
        twin = object.__new__(type(v))
        twin.type, twin.values, twin.addressable = v.type, v.values, True
        return twin
    if type(v) is GoValue and v.type.kind in ("array", "struct") and not v.addressable:
        boxed = object.__new__(GoValue)
        boxed.type, boxed.value, boxed.spare, boxed.addressable = v.type, v.value, v.spare, True
        return boxed
    return v


def zero_value(t: GoType) -> Any:
    """Go's zero value of type `t`, as the Python value the engine uses."""
    k = t.kind
    if k in NILLABLE_KINDS:
        if k == "interface":
            return None
        if k == "ptr":
            return Pointer(None, t)
        return GoValue(t, None)
    if k == "struct":
        return Struct(t)
    if k == "array" and t.elem is not None:
        return GoValue(t, [zero_value(t.elem) for _ in range(t.length or 0)])
    if t.named or t not in _PLAIN_TYPES:
        return GoValue(t, {"bool": False, "string": ""}.get(k, 0))
    return {"bool": False, "string": "", "int": 0, "float64": 0.0, "complex128": 0j}[k]


_PLAIN_TYPES = {BOOL, STRING, INT, FLOAT64, COMPLEX128}


def type_of(value: Any) -> GoType:
    """The dynamic Go type of a Python value (nil interface: raises ValueError)."""
    if value is None or value is NO_VALUE:
        raise ValueError("nil has no type")
    if isinstance(value, (GoValue, Struct, Pointer)):
        return value.type
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT
    if isinstance(value, float):
        return FLOAT64
    if isinstance(value, str):
        return STRING
    if isinstance(value, complex):
        return COMPLEX128
    if isinstance(value, (bytes, bytearray)):
        return BYTES
    if isinstance(value, (list, tuple)):
        return SLICE_ANY
    if isinstance(value, dict):
        return MAP_STRING_ANY if all(isinstance(k, str) for k in value) else MAP_ANY_ANY
    if isinstance(value, BaseException):
        return GoType("ptr", f"*{_py_type_name(value)}", named=True)
    from gotmpl.pyvalues import go_meaning

    meaning = go_meaning(value)
    if meaning is not value:
        return type_of(meaning)
    if callable(value):
        return GoType("func", "func(...) interface {}")
    if hasattr(type(value), "__iter__") or hasattr(type(value), "__next__"):
        return GoType("func", "iter.Seq[interface {}]")
    return GoType("struct", _py_type_name(value), named=True)


def _py_type_name(value: Any) -> str:
    cls = type(value)
    return f"main.{cls.__qualname__}"
