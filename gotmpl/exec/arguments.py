"""Go's rules for the values a template passes to typed parameters.

validateType (a value for a parameter of type T, with Go's dereference and interface rules and
its `wrong type for value` errors), idealConstant (the type a number literal takes where the
parameter type is unknown) and the conversion of literals to typed parameters (`expected
integer; found 1.5`). Errors are raised through the execution state, at its current node.
"""

from __future__ import annotations

from typing import Any

from gotmpl.errors import node_arg, type_arg
from gotmpl.exec.signature import REFLECT, assignable, to_python
from gotmpl.exec.state import State
from gotmpl.gotypes import (
    COMPLEX_KINDS,
    FLOAT_KINDS,
    INT_KINDS,
    NILLABLE_KINDS,
    NO_VALUE,
    UINT_KINDS,
    GoType,
    Pointer,
    type_of,
    zero_value,
)
from gotmpl.parse import node as n

__all__ = ["ideal_constant", "typed_literal", "validate"]


def validate(st: State, value: Any, t: GoType) -> Any:
    """Go's validateType: the value passed for a parameter of type `t`, or Go's error."""
    if t is REFLECT:
        return value
    if value is NO_VALUE:
        if t.kind == "interface":
            return None
        if t.kind in NILLABLE_KINDS:
            return zero_value(t)
        st.fail("invalid value; expected %s", type_arg(t.name))
    if t.kind == "interface":
        return value
    if value is None:
        st.fail(
            "wrong type for value; expected %s; got %s", type_arg(t.name), type_arg("interface {}")
        )
    if assignable(value, t):
        return to_python(value, t)
    if type(value) is Pointer and value.type.elem == t:
        if value.target is None:
            st.fail("dereference of nil pointer of type %s", type_arg(t.name))
        return to_python(value.target, t)
    st.fail(
        "wrong type for value; expected %s; got %s", type_arg(t.name), type_arg(type_of(value).name)
    )


def ideal_constant(st: State, node: n.NumberNode) -> Any:
    """Go's idealConstant: a number literal's value where the parameter type is unknown."""
    st.node = node
    text = node.text
    if node.is_complex:
        return node.complex128
    hex_int = (
        len(text) > 2 and text[0] == "0" and text[1] in "xX" and not ("p" in text or "P" in text)
    )
    if node.is_float and not hex_int and text[0] != "'" and any(c in text for c in ".eEpP"):
        return node.float64
    if node.is_int:
        return node.int64
    if node.is_uint:
        st.fail("%s overflows int", text)
    return NO_VALUE


def typed_literal(st: State, node: n.Node, t: GoType) -> Any:
    """A literal argument converted to a typed parameter, with Go's `expected ...` errors."""
    st.node = node
    k = t.kind
    if k == "bool":
        if isinstance(node, n.BoolNode):
            return node.value
        st.fail("expected bool; found %s", node_arg(node))
    if k == "string":
        if isinstance(node, n.StringNode):
            return node.text
        st.fail("expected string; found %s", node_arg(node))
    if isinstance(node, n.NumberNode):
        if k in INT_KINDS and node.is_int:
            return node.int64
        if k in UINT_KINDS and node.is_uint:
            return node.uint64
        if k in FLOAT_KINDS and node.is_float:
            return node.float64
        if k in COMPLEX_KINDS and node.is_complex:
            return node.complex128
    what = {"int": "integer", "uint": "unsigned integer", "float": "float", "complex": "complex"}
    for prefix, word in what.items():
        if k.startswith(prefix):
            st.fail(f"expected {word}; found %s", node_arg(node))
    st.fail("can't handle %s for arg of type %s", node_arg(node), type_arg(t.name))
