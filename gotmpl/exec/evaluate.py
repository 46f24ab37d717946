"""Expression evaluation, compiled: pipelines, commands, fields, function calls and arguments.

Each parse node is compiled once into a closure that does only what that node needs at render
time; Go-value rules come from values.py and builtins.py. `st.node` is set wherever Go's
`state.at` is called, so errors name the node Go names.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NoReturn

from gotmpl.errors import GoError
from gotmpl.exec import builtins as bi
from gotmpl.exec.arguments import ideal_constant, typed_literal, validate
from gotmpl.exec.signature import (
    REFLECT,
    Signature,
    signature_of,
)
from gotmpl.gotypes import (
    NILLABLE_KINDS,
    NO_VALUE,
    GoType,
    GoValue,
    Pointer,
    Struct,
    addressed,
    pointer_type,
    zero_value,
)
from gotmpl.parse import node as n
from gotmpl.strconv.parse import quote
from gotmpl.value import Iface, find_method, lookup_field, type_name

__all__ = ["MISSING", "call_failed", "compile_command", "compile_pipeline", "undot"]

#: Go's missingVal: "no value from a previous pipeline stage".
MISSING = object()

Eval = Callable[[Any, Any], Any]


def undot(dot: Any) -> tuple[Any, str | None]:
    """The dot's value and its static type name (`interface {}` for range elements)."""
    if type(dot) is Iface:
        return dot.value, "interface {}"
    return dot, None


def _dot_value(dot: Any) -> Any:
    return dot.value if type(dot) is Iface else dot


def compile_arg(node: n.Node, t: GoType, common: Any) -> Eval:
    """Go's evalArg for one argument node and parameter type `t`."""
    if isinstance(node, n.DotNode):

        def dot_arg(st: Any, dot: Any) -> Any:
            st.node = node
            return validate(st, _dot_value(dot), t)

        return dot_arg
    if isinstance(node, n.NilNode):

        def nil_arg(st: Any, dot: Any) -> Any:
            st.node = node
            if t is REFLECT:
                return NO_VALUE
            if t.kind in NILLABLE_KINDS:
                return zero_value(t)
            st.fail(f"cannot assign nil to {t.name}")

        return nil_arg
    if isinstance(node, (n.FieldNode, n.VariableNode, n.PipeNode, n.IdentifierNode, n.ChainNode)):
        ev = compile_operand(node, common)

        def value_arg(st: Any, dot: Any) -> Any:
            st.node = node
            return validate(st, ev(st, dot), t)

        untyped = t is REFLECT or t.kind == "interface"
        if untyped and isinstance(node, (n.FieldNode, n.VariableNode)):
            return _map_path_arg(node, value_arg)
        return value_arg
    if t is REFLECT or t.kind == "interface":
        if isinstance(node, n.NumberNode):
            return lambda st, dot: ideal_constant(st, node)
        const = node.value if isinstance(node, n.BoolNode) else node.text  # type: ignore[attr-defined]

        def const_arg(st: Any, dot: Any) -> Any:
            st.node = node
            return const

        return const_arg
    return lambda st, dot: typed_literal(st, node, t)


def _map_path_arg(node: n.FieldNode | n.VariableNode, general: Eval) -> Eval:
    """`.a.b` or `$x.a` as an untyped argument when every step is a present map key: read
    inline; anything else (a missing key, a nil, a struct, a method) takes `general`, which
    reads the same data with all of Go's rules."""
    if isinstance(node, n.FieldNode):
        name, idents = None, node.ident
    else:
        name, idents = node.ident[0], node.ident[1:]

    def map_path(st: Any, dot: Any) -> Any:
        if name is None:
            v = dot
        else:
            for entry in reversed(st.vars):
                if entry[0] == name:
                    v = entry[1]
                    break
            else:
                return general(st, dot)
        for key in idents:
            if type(v) is not dict:
                return general(st, dot)
            v = v.get(key)
            if v is None:
                return general(st, dot)
        if type(v) is Iface:
            return general(st, dot)
        st.node = node
        return v

    return map_path


def compile_operand(node: n.Node, common: Any) -> Eval:
    """An operand used as a value (no arguments, no final): field, variable, pipe, call."""
    if isinstance(node, n.PipeNode):
        return compile_pipeline(node, common)
    cmd = compile_command(n.CommandNode(node.src, node.pos, (node,)), common, as_arg=True)
    return lambda st, dot: cmd(st, dot, MISSING)


# --- pipelines and commands --------------------------------------------------------------------


def compile_pipeline(pipe: n.PipeNode, common: Any) -> Eval:
    """Go's evalPipeline: commands chained by their final value, then declarations."""
    cmds = [compile_command(c, common) for c in pipe.cmds]
    decl = [v.ident[0] for v in pipe.decl]
    is_assign = pipe.is_assign

    if len(cmds) == 1 and not decl:
        only = cmds[0]

        def single(st: Any, dot: Any) -> Any:
            st.node = pipe
            value = only(st, dot, MISSING)
            return NO_VALUE if value is None else value

        return single

    def pipeline(st: Any, dot: Any) -> Any:
        st.node = pipe
        value = MISSING
        for cmd in cmds:
            value = cmd(st, dot, value)
            if value is None:
                value = NO_VALUE
        for name in decl:
            if is_assign:
                st.set_var(name, value)
            else:
                st.vars.append([name, value])
        return value

    return pipeline


def _not_a_function(st: Any, args: tuple[n.Node, ...], final: Any) -> None:
    if len(args) > 1 or final is not MISSING:
        st.fail(f"can't give argument to non-function {args[0]}")


def compile_command(cmd: n.CommandNode, common: Any, as_arg: bool = False) -> Callable:
    """Go's evalCommand: `ev(st, dot, final)` for one command of a pipeline."""
    first = cmd.args[0]
    args = cmd.args
    if isinstance(first, n.FieldNode):
        return _compile_field(first, args, common, as_arg)
    if isinstance(first, n.ChainNode):
        return _compile_chain(first, args, common, as_arg)
    if isinstance(first, n.IdentifierNode):
        return _compile_function(first, cmd if not as_arg else first, args, common, as_arg)
    if isinstance(first, n.PipeNode):
        inner = compile_pipeline(first, common)

        def paren(st: Any, dot: Any, final: Any) -> Any:
            _not_a_function(st, args, final)
            return inner(st, dot)

        return paren
    if isinstance(first, n.VariableNode):
        return _compile_variable(first, args, common, as_arg)

    if isinstance(first, n.NumberNode):

        def number(st: Any, dot: Any, final: Any) -> Any:
            st.node = first
            _not_a_function(st, args, final)
            return ideal_constant(st, first)

        return number
    if isinstance(first, n.NilNode):

        def nil(st: Any, dot: Any, final: Any) -> Any:
            st.node = first
            _not_a_function(st, args, final)
            st.fail("nil is not a command")

        return nil
    if isinstance(first, n.DotNode):

        def dot_cmd(st: Any, dot: Any, final: Any) -> Any:
            st.node = first
            if len(args) > 1 or final is not MISSING:
                _not_a_function(st, args, final)
            return _dot_value(dot)

        return dot_cmd
    const = first.value if isinstance(first, n.BoolNode) else first.text  # type: ignore[attr-defined]

    def literal(st: Any, dot: Any, final: Any) -> Any:
        st.node = first
        _not_a_function(st, args, final)
        return const

    return literal


def _compile_field(node: n.FieldNode, args: tuple, common: Any, as_arg: bool) -> Callable:
    idents = node.ident
    call_args = None if as_arg else args

    if len(idents) == 1 and len(args) == 1:
        name = idents[0]

        def field1(st: Any, dot: Any, final: Any) -> Any:
            st.node = node
            if type(dot) is dict and final is MISSING:
                value = dot.get(name, MISSING)
                if value is not MISSING:
                    return value
            recv, static = undot(dot)
            return eval_field(st, dot, name, node, call_args, final, recv, static)[0]

        return field1

    def field(st: Any, dot: Any, final: Any) -> Any:
        st.node = node
        recv, static = undot(dot)
        return field_chain(st, dot, recv, static, node, idents, call_args, final)

    return field


def _compile_chain(node: n.ChainNode, args: tuple, common: Any, as_arg: bool) -> Callable:
    call_args = None if as_arg else args
    base = node.node
    if isinstance(base, n.NilNode):

        def nil_chain(st: Any, dot: Any, final: Any) -> Any:
            st.node = node
            st.fail(f"indirection through explicit nil in {node}")

        return nil_chain
    base_ev = compile_arg(base, REFLECT, common)

    def chain(st: Any, dot: Any, final: Any) -> Any:
        st.node = node
        recv = base_ev(st, dot)
        return field_chain(st, dot, recv, None, node, node.fields, call_args, final)

    return chain


def _compile_variable(node: n.VariableNode, args: tuple, common: Any, as_arg: bool) -> Callable:
    name = node.ident[0]
    fields = node.ident[1:]
    call_args = None if as_arg else args

    if not fields and len(args) == 1:

        def plain_variable(st: Any, dot: Any, final: Any) -> Any:
            st.node = node
            for entry in reversed(st.vars):
                if entry[0] == name:
                    break
            else:
                st.var(name)  # raises Go's undefined-variable error
            if final is not MISSING:
                _not_a_function(st, args, final)
            value = entry[1]
            return value.value if type(value) is Iface else value

        return plain_variable

    def variable(st: Any, dot: Any, final: Any) -> Any:
        st.node = node
        value, static = undot(st.var(name))
        if not fields:
            _not_a_function(st, args, final)
            return value
        return field_chain(st, dot, value, static, node, fields, call_args, final)

    return variable


def field_chain(
    st: Any,
    dot: Any,
    recv: Any,
    static: str | None,
    node: n.Node,
    idents: tuple[str, ...],
    args: tuple | None,
    final: Any,
) -> Any:
    """Go's evalFieldChain: walk `.A.B.C`, the last link taking the arguments."""
    last = len(idents) - 1
    for i, name in enumerate(idents):
        if i < last:
            recv, static = eval_field(st, dot, name, node, None, MISSING, recv, static)
        else:
            return eval_field(st, dot, name, node, args, final, recv, static)[0]
    return recv


def _method(recv: Any, name: str) -> tuple[Callable, Signature] | None:
    """A method of `recv` with its Go signature (receiver excluded)."""
    t = type(recv)
    if t is GoValue or t is Pointer or isinstance(recv, Struct):
        m = recv.type.methods.get(name)
        if m is None and t is Pointer and recv.target is not None:
            return _method(recv.target, name)
        if m is None and t is not Pointer and recv.addressable:
            # An addressable T has *T's methods too: call them on its address.
            ptr = pointer_type(recv.type)
            if ptr is not None and name in ptr.methods:
                return _method(Pointer(recv, ptr), name)
        if m is None:
            return None
        sig = signature_of(m)
        bound = recv
        return (lambda *a: m(bound, *a)), Signature(sig.params[1:], sig.variadic)
    fn = find_method(recv, name)
    if fn is None:
        return None
    return fn, signature_of(fn)


def eval_field(
    st: Any,
    dot: Any,
    name: str,
    node: n.Node,
    args: tuple | None,
    final: Any,
    recv: Any,
    static: str | None,
) -> tuple[Any, str | None]:
    """Go's evalField: a method call, a struct field or a map key; (value, its static type)."""
    if recv is NO_VALUE:
        if st.missingkey == "error":
            st.fail(f"nil data; no entry for key {quote(name)}")
        return NO_VALUE, None
    if recv is None:
        st.fail(f"nil pointer evaluating {static or 'interface {}'}.{name}")
    if final is MISSING and (args is None or len(args) == 1):
        # Fast path: an exported field of a struct, or of a struct behind a non-nil pointer.
        target = recv.target if type(recv) is Pointer and name not in recv.type.methods else recv
        if isinstance(target, Struct):
            slot = target.type.plain_fields.get(name)
            if slot is not None:
                value = target.values.get(name, MISSING)
                plain, vstatic = slot
                typed = plain or isinstance(value, (Struct, Pointer, GoValue))
                if typed and value is not MISSING and value is not None:
                    if target is not recv or target.addressable:
                        value = addressed(value)
                    return value, vstatic
    if type(recv) is not dict:
        method = _method(recv, name)
        if method is not None:
            fn, sig = method
            return call(st, dot, fn, sig, None, node, name, args, final), None
    has_args = (args is not None and len(args) > 1) or final is not MISSING
    try:
        value, vstatic = lookup_field(
            recv, name, has_args=has_args, missingkey=st.missingkey, static=static
        )
    except GoError as e:
        st.fail(e.message)
    if type(recv) is Pointer or getattr(recv, "addressable", False):
        value = addressed(value)  # a field reached in place is addressable, as in Go
    # The static type matters for the next link's errors only where Go's differs from the
    # dynamic one: interface-typed values (a nil one has no dynamic type at all).
    keep = vstatic == "interface {}" or value is None
    return value, (vstatic if keep else None)


# --- calls ---------------------------------------------------------------------------------


def _compile_function(
    ident: n.IdentifierNode, at: n.Node, args: tuple, common: Any, as_arg: bool
) -> Callable:
    name = ident.ident
    user = common.funcs.get(name)
    call_args = None if as_arg else args
    if user is not None:
        fn, builtin, sig = user, None, signature_of(user)
    elif name in bi.BUILTINS:
        fn, builtin, sig = bi.BUILTINS[name], name, bi.SIGNATURES[name]
    else:

        def undefined(st: Any, dot: Any, final: Any) -> Any:
            st.node = ident
            st.fail(f"{quote(name)} is not a defined function")

        return undefined
    arg_nodes = call_args[1:] if call_args else ()
    compiled = [compile_arg(a, sig.param(i), common) for i, a in enumerate(arg_nodes)]
    if builtin == "slice":
        # Go does not unwrap slice indexes: an interface-typed field stays boxed.
        for i, a in enumerate(arg_nodes[1:], 1):
            if isinstance(a, (n.FieldNode, n.VariableNode, n.DotNode)):
                compiled[i] = _boxed_field_arg(a)

    def function(st: Any, dot: Any, final: Any) -> Any:
        st.node = ident
        return call(st, dot, fn, sig, builtin, at, name, call_args, final, compiled)

    fixed = len(sig.params)
    arity_ok = len(compiled) == fixed or (sig.variadic is not None and len(compiled) >= fixed)
    if not arity_ok or builtin in bi.LAZY or builtin == "call":
        return function

    def direct(st: Any, dot: Any, final: Any) -> Any:
        """The first stage of a pipeline (no piped value), its arity known good: evaluate the
        arguments and call, with Go's error wrapping, without the general checks."""
        if final is not MISSING:
            return function(st, dot, final)
        st.node = ident
        argv = [ev(st, dot) for ev in compiled]
        try:
            return fn(*argv)
        except Exception as e:
            call_failed(st, at, name, e)

    return direct


def _boxed_field_arg(node: n.FieldNode | n.VariableNode | n.DotNode) -> Eval:
    """A dot, variable or field argument kept in an Iface box when its static type is
    `interface {}`."""

    def boxed(st: Any, dot: Any) -> Any:
        st.node = node
        if isinstance(node, n.DotNode):
            recv, static = undot(dot)
            idents: tuple[str, ...] = ()
        elif isinstance(node, n.FieldNode):
            recv, static = undot(dot)
            idents = node.ident
        else:
            (recv, static), idents = undot(st.var(node.ident[0])), node.ident[1:]
        for name in idents:
            recv, static = eval_field(st, dot, name, node, None, MISSING, recv, static)
        if static == "interface {}" and recv is not NO_VALUE:
            return Iface(recv)
        return recv

    return boxed


def call(
    st: Any,
    dot: Any,
    fn: Callable,
    sig: Signature,
    builtin: str | None,
    node: n.Node,
    name: str,
    args: tuple | None,
    final: Any,
    compiled: list[Eval] | None = None,
) -> Any:
    """Go's evalCall: check the arity, evaluate the arguments, call, wrap errors."""
    arg_nodes = args[1:] if args else ()
    num_in = len(arg_nodes) + (final is not MISSING)
    fixed = len(sig.params)
    if sig.variadic is not None:
        if num_in < fixed:
            st.fail(f"wrong number of args for {name}: want at least {fixed} got {len(arg_nodes)}")
    elif num_in != fixed:
        st.fail(f"wrong number of args for {name}: want {fixed} got {num_in}")
    if compiled is None:
        compiled = [compile_arg(a, sig.param(i), st.common) for i, a in enumerate(arg_nodes)]

    if builtin in bi.LAZY:  # and/or: evaluate arguments only until one decides
        thunks: list[Callable[[], Any]] = [functools.partial(ev, st, dot) for ev in compiled]
        if final is not MISSING:
            thunks.append(lambda: final)
        return bi.BUILTINS[builtin](thunks)

    argv = [ev(st, dot) for ev in compiled]
    if final is not MISSING:
        argv.append(validate(st, final, sig.param(num_in - 1)))
    try:
        if builtin == "call":  # Go's call also takes the callee's node text, for its messages
            callee = str(arg_nodes[0]) if arg_nodes else _value_string(final)
            return fn(callee, *argv)
        return fn(*argv)
    except Exception as e:
        call_failed(st, node, name, e)


def call_failed(st: Any, node: n.Node, name: str, e: Exception) -> NoReturn:
    """Go's wrapping of a failed call, builtin or user function: `error calling NAME: ERR`."""
    st.node = node
    st.fail(f"error calling {name}: {e.message if isinstance(e, GoError) else e}", e)


def _value_string(v: Any) -> str:
    """Go's reflect.Value.String(): the string itself, else `<T Value>`."""
    if type(v) is str:
        return v
    return f"<{type_name(v)} Value>"
