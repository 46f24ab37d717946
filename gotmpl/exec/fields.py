"""Field reads inline: one link (`field_step`) and chains of links read at one place in a body.

`field_step` is a struct field's read by Go's rules when its stored value needs no re-typing,
directly or through a pointer, or MISS for everything else (the walker's). A chain such as
`.Metadata.Actor.IP` is a run of such links and map key lookups, and field_step's answer
depends only on the Python classes and Go types it meets: the receiver's class and type (a
pointer's methods, a struct's fields), whether the struct is addressable, and the class of
the stored value. A chain site runs the links as they are (its `reference`) until one run
succeeds; it then compiles a straight-line reader for exactly the classes and types that run
met, each checked by identity before the link is read. Under those checks every link decides
as field_step decided, so the reader only repeats its answers; when a check fails (other data,
a nil, a miss) the reader runs the links as they are. A link then reads in a few hundred
CPython instructions instead of a field_step call's two to three thousand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gotmpl import safe
from gotmpl.gotypes import GoValue, Pointer, Struct, addressed
from gotmpl.pyvalues import has_meaning

__all__ = ["MISS", "chain_site", "field_step"]


class _Miss:
    """The value of an inline step whose fast rule does not apply."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISS"


MISS = _Miss()

#: Classes of stored values field_step returns as they are (or MISS), never through
#: `addressed`: there is no address of a basic value to take.
_BASIC = frozenset({str, int, float, bool})


def field_step(recv: Any, name: str, objects: bool = True) -> Any:
    """`.name` on a value that is not a map: an exported field of a struct, reached directly
    or through a non-nil pointer, when its stored value needs no re-typing; else MISS (a method,
    a nil, an interface-typed field holding a plain value, anything else). `objects`: whether
    an attribute of a plain Python object may be read (not where a safe set's code runs
    outside its policy: see compile.flat_body)."""
    if type(recv) is Pointer:
        if name in recv.type.methods:
            return MISS
        target = recv.target
        in_place = True  # a field reached through a pointer is addressable
    else:
        target = recv
        in_place = False
    if type(target) is not Struct and not isinstance(target, Struct):
        return MISS if in_place or not objects else _attribute(recv, name)
    slot = target.type.plain_fields.get(name)
    if slot is None:
        return MISS
    value: Any = target.values.get(name)
    cls = type(value)
    if cls in _BASIC:
        return value if slot[0] else MISS  # a named type's plain value needs re-typing
    if value is None:
        return MISS
    if cls is Struct or cls is Pointer or cls is GoValue or isinstance(value, Struct):
        return addressed(value) if in_place or target.addressable else value
    return value if slot[0] else MISS


#: Classes whose instances read as Go structs with their instance attributes as fields (see
#: value.lookup_field): no special attribute access, not callable, not a value the data model
#: gives another meaning.
_PLAIN_OBJECT: dict[type, bool] = {}
_NOT_OBJECTS = (str, bytes, bytearray, list, tuple, dict, int, float, complex, BaseException)


def _attribute(obj: Any, name: str) -> Any:
    """`.name` on a plain Python object: its instance attribute of that name when no class
    attribute (a method, a property) could stand in its place; else MISS (always in a safe
    render, whose walker reads objects under gotmpl.safe's rule)."""
    if safe.active():
        return MISS
    cls = type(obj)
    plain = _PLAIN_OBJECT.get(cls)
    if plain is None:
        plain = _PLAIN_OBJECT[cls] = (
            not issubclass(cls, _NOT_OBJECTS)
            and cls not in (GoValue, Struct, Pointer)
            and _getattribute(cls) is object.__getattribute__
            and not callable(obj)
            and hasattr(obj, "__dict__")
            and not has_meaning(cls)
        )
    if not plain or name[:1] == "_" or getattr(cls, name, None) is not None:
        return MISS
    value = getattr(obj, "__dict__", _NO_ATTRS).get(name)
    return MISS if value is None else value


def _getattribute(cls: type) -> object:
    """The attribute lookup a class's instances use (object's, unless the class has its own)."""
    return cls.__getattribute__


_NO_ATTRS: dict[str, Any] = {}

#: Runs that may fail to teach a site its shape (a nil, a miss, a plain object) before the
#: site keeps to running the links as they are.
_ATTEMPTS = 8

#: The longest chain a site compiles a reader for (each link nests the reader's source two
#: levels deeper, and Python's parser allows 100).
_MAX_LINKS = 16

Reader = Callable[[Any], Any]


def chain_site(names: tuple[str, ...], objects: bool) -> list[Reader]:
    """A cell holding the reader of `names` from a receiver: `cell[0](x)` is the chain's
    value on `x`, or MISS. `objects`: as field_step's."""

    def reference(x: Any) -> Any:
        for name in names:
            x = x.get(name, MISS) if type(x) is dict else field_step(x, name, objects)
        return x

    cell: list[Reader] = []
    attempts = _ATTEMPTS if len(names) <= _MAX_LINKS else 0
    if not attempts:
        cell.append(reference)
        return cell

    def learn(x: Any) -> Any:
        nonlocal attempts
        value, links = _observe(x, names, objects)
        if links is not None:
            cell[0] = _reader(names, links, reference)
        else:
            attempts -= 1
            if attempts == 0:
                cell[0] = reference
        return value

    cell.append(learn)
    return cell


#: What one successful link met: None for a map, else (the pointer's type, or None for a
#: struct read directly; the struct's class, type and addressability; the stored value's
#: class; whether field_step passed the value through `addressed`).
Link = tuple[Any, ...] | None


def _observe(x: Any, names: tuple[str, ...], objects: bool) -> tuple[Any, list[Link] | None]:
    """The chain's value on `x`, computed by the links as they are, and what each link met,
    or None for the links when a link missed or met something other than a map or a struct."""
    links: list[Link] | None = []
    for name in names:
        if type(x) is dict:
            x = x.get(name, MISS)
            if links is not None:
                links.append(None)
        else:
            recv = x
            x = field_step(recv, name, objects)
            if links is not None:
                links = _struct_link(recv, name, x, links)
        if x is MISS:
            return MISS, None
    return x, links


def _struct_link(recv: Any, name: str, result: Any, links: list[Link]) -> list[Link] | None:
    """`links` with the link that took `result` from `recv` (field_step having answered),
    or None when the receiver is not a struct or a pointer to one."""
    pointer = type(recv) is Pointer
    target = recv.target if pointer else recv
    if not isinstance(target, Struct):
        return None
    stored = target.values.get(name)
    if stored is None or type(stored) is not type(result):
        return None
    # field_step sends every stored value that is not basic through `addressed` when the
    # field is reached in place (addressed leaves the classes it does not change alone).
    address = (pointer or target.addressable) and type(stored) not in _BASIC
    if not address and result is not stored:
        return None
    ptr_type = recv.type if pointer else None
    links.append((ptr_type, type(target), target.type, target.addressable, type(stored), address))
    return links


def _reader(names: tuple[str, ...], links: list[Link], reference: Reader) -> Reader:
    """The straight-line reader of the chain for the shape `links` describes."""
    consts: dict[str, Any] = {"_MISS": MISS, "_Pointer": Pointer, "_addressed": addressed}

    def const(obj: Any) -> str:
        name = f"C{len(consts)}"
        consts[name] = obj
        return name

    # A stored value is read by subscript (a struct may leave a field to its zero value,
    # unstored: the KeyError sends that receiver to the links as they are).
    lines = ["def read(recv):", "    x = recv", "    try:"]
    depth = 2
    for i, (name, link) in enumerate(zip(names, links, strict=True)):
        pad = "    " * depth
        key = repr(name)
        if link is None:
            lines += [f"{pad}if type(x) is dict:", f"{pad}    x = x.get({key}, _MISS)"]
            depth += 1
            continue
        ptr_type, cls, go_type, addressable, stored, address = link
        if ptr_type is not None:
            lines += [
                f"{pad}if type(x) is _Pointer and x.type is {const(ptr_type)}:",
                f"{pad}    x = x.target",
            ]
            depth += 1
            pad = "    " * depth
            addressable = None  # reached in place either way: no matter
        lines += [
            f"{pad}if type(x) is {const(cls)} and x.type is {const(go_type)}"
            + ("" if addressable is None else f" and x.addressable is {addressable}")
            + ":",
            f"{pad}    x = x.values[{key}]",
        ]
        depth += 1
        # The stored value's class is checked where nothing else checks it: the next link's
        # guard checks the same class, unless `_addressed` comes between.
        if address or i == len(names) - 1:
            lines.append(f"{'    ' * depth}if type(x) is {const(stored)}:")
            depth += 1
        if address:
            lines.append(f"{'    ' * depth}x = _addressed(x)")
    lines.append(f"{'    ' * depth}return x")
    lines += ["    except KeyError:", "        pass", "    return reference(recv)"]
    consts["reference"] = reference
    code = compile("\n".join(lines), "<gotmpl field chain>", "exec")
    exec(code, consts)
    read: Reader = consts["read"]
    return read
