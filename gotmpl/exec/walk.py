"""The reference executor: Go's exec.go over parse nodes, every rule once.

Each function here is the Go function of the same name (walkRange is `walk_range`, evalField
`eval_field`), setting `st.node` where Go calls `s.at`, so errors name the node Go names. The
compiled bodies (compile.py) are the fast path; wherever they do not cover a node they call
into this module, so there is one implementation of every rule.

The functions that recurse are generators run by trampoline.run. Where recursion is bounded
(a command's fields and call, an if's pipeline and lists) a function calls the next with
`yield from`, which CPython runs without the trampoline's costs. Where it is not bounded by
anything but the template (a list's statements, a parenthesized pipeline, a {{template}}
call's body) the callee is `yield`ed to the trampoline, so a template nested ten thousand
levels deep, or a {{template}} recursion to Go's limit, needs no more Python stack than a
flat one.

Values: plain Python values and the wrappers of gotypes stand for Go values; `NO_VALUE` is Go's
invalid reflect.Value, `None` a nil interface, `MISSING` Go's missingVal (no piped value). A
value whose static type is `interface {}` (a range element of `[]interface {}`) is boxed in
`Iface` where Go could tell it apart (see value.Iface); evaluated fields carry their static type
name beside the value.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from gotmpl.errors import GoError, node_arg, type_arg
from gotmpl.exec import builtins as bi
from gotmpl.exec.arguments import ideal_constant, typed_literal, validate
from gotmpl.exec.lookup import lookup_field
from gotmpl.exec.ranging import boxes_elements, range_items
from gotmpl.exec.scope import DYNAMIC, analysis
from gotmpl.exec.signature import REFLECT, Signature, signature_of
from gotmpl.exec.state import MAX_EXEC_DEPTH, State
from gotmpl.exec.trampoline import Step, run
from gotmpl.fmt.print import format_value
from gotmpl.gotypes import (
    NILLABLE_KINDS,
    NO_VALUE,
    GoType,
    Pointer,
    addressed,
    type_of,
    zero_value,
)
from gotmpl.parse import node as n
from gotmpl.value import (
    Iface,
    in_place,
    indirect,
    is_true,
    method,
    printable_value,
    type_name,
)

__all__ = [
    "MISSING",
    "Break",
    "Continue",
    "call_failed",
    "eval_command",
    "eval_pipeline",
    "print_value",
    "walk",
    "walk_body",
]

#: Go's missingVal: "no value from a previous pipeline stage".
MISSING = object()

#: How many {{template}} calls deep compiled bodies call each other directly (Python frames);
#: deeper calls run in the walker, whose depth costs no Python stack.
COMPILED_DEPTH = 48


class Break(Exception):
    """Go's walkBreak panic: a {{break}} on its way to the range that recovers it."""


class Continue(Exception):
    """Go's walkContinue panic."""


# --- statements ----------------------------------------------------------------------------


def walk(st: State, dot: Any, node: n.Node) -> Step[None]:
    """Go's walk: run one statement node (a list runs its nodes in order)."""
    if isinstance(node, n.ListNode):
        for child in node.nodes:
            if type(child) is n.TextNode:
                st.emit(child.text)
            else:
                yield walk(st, dot, child)
        return
    st.node = node
    if isinstance(node, n.ActionNode):
        # Variables an action declares persist until the enclosing block ends.
        value = yield from eval_pipeline(st, dot, node.pipe)
        if not node.pipe.decl:
            print_value(st, node, value)
    elif isinstance(node, (n.IfNode, n.WithNode)):
        yield from walk_if_or_with(st, dot, node)
    elif isinstance(node, n.RangeNode):
        yield from walk_range(st, dot, node)
    elif isinstance(node, n.TemplateNode):
        yield from walk_template(st, dot, node)
    elif isinstance(node, n.TextNode):
        st.emit(node.text)
    elif isinstance(node, n.BreakNode):
        raise Break
    elif isinstance(node, n.ContinueNode):
        raise Continue
    else:
        st.fail("unknown node: %s", node_arg(node))


def walk_if_or_with(st: State, dot: Any, node: n.BranchNode) -> Step[None]:
    mark = len(st.vars)
    try:
        value = yield from eval_pipeline(st, dot, node.pipe)
        if if_true(st, value):
            yield from walk(st, value if isinstance(node, n.WithNode) else dot, node.list)
        elif node.else_list is not None:
            yield from walk(st, dot, node.else_list)
    finally:
        del st.vars[mark:]


def if_true(st: State, value: Any, node: n.Node | None = None) -> bool:
    """The truth if/with test a pipeline's value by, or Go's error for a value without one,
    at `node` when given (compiled code, which does not keep st.node as it goes)."""
    try:
        return is_true(value)
    except GoError:
        if node is not None:
            st.node = node
        st.fail("if/with can't use %v", value)


def walk_range(st: State, dot: Any, node: n.RangeNode) -> Step[None]:
    st.node = node
    mark0 = len(st.vars)
    try:
        value = yield from eval_pipeline(st, dot, node.pipe)
        items, boxed = range_of(st, value, len(node.pipe.decl))
        mark = len(st.vars)
        ran = False
        try:
            for key, elem in items:
                ran = True
                yield from one_iteration(st, node, key, elem, boxed, mark)
        except Break:
            pass
        except GoError as err:  # a channel or iterator that failed mid-range
            st.fail_with(err)
        if not ran and node.else_list is not None:
            # Go's walkRange recovers a break from its else list too: it ends this range.
            with contextlib.suppress(Break):
                yield from walk(st, dot, node.else_list)
    finally:
        del st.vars[mark0:]


def range_of(st: State, value: Any, nvars: int, node: n.Node | None = None) -> tuple[Any, bool]:
    """What range visits for a pipeline's value, and whether its elements are interface-typed;
    or Go's error for what it cannot range over (at `node` when given, as for if_true)."""
    if type(value) is Pointer:
        value, _ = indirect(value)
    try:
        return range_items(value, nvars), boxes_elements(value)
    except GoError as err:
        if node is not None:
            st.node = node
        st.fail_with(err)


def one_iteration(
    st: State, node: n.RangeNode, key: Any, elem: Any, boxed: bool, mark: int
) -> Step[None]:
    if st.meter is not None:
        st.meter.iteration()
    seen = Iface(elem) if boxed and type(elem) is not dict else elem
    decl = node.pipe.decl
    if decl:
        if node.pipe.is_assign:
            # With two variables the key comes first; with one, the element.
            if len(decl) > 1:
                set_var(st, decl[0], key)
                set_var(st, decl[1], seen)
            else:
                set_var(st, decl[0], seen)
        else:
            st.vars[-1][1] = seen
            if len(decl) > 1:
                st.vars[-2][1] = key
    try:
        yield from walk(st, seen, node.list)
    except Continue:
        pass
    finally:
        del st.vars[mark:]


def walk_template(st: State, dot: Any, node: n.TemplateNode) -> Step[None]:
    callee = template_callee(st, node)
    # Variables declared by the pipeline persist; the callee inherits none.
    value = yield from eval_pipeline(st, dot, node.pipe)
    yield from walk_body(st, callee, value)


def template_callee(st: State, node: n.TemplateNode) -> Any:
    """The template a {{template}} action calls, after Go's checks (both made before the
    argument is evaluated): that it is defined, and that the call is not too deep."""
    st.node = node
    callee = st.common.templates.get(node.name)
    if callee is None or callee.tree is None:
        st.fail("template %q not defined", node.name)
    if st.depth == MAX_EXEC_DEPTH:
        st.fail("exceeded maximum template depth (%v)", MAX_EXEC_DEPTH)
    return callee


def walk_body(st: State, callee: Any, value: Any) -> Step[None]:
    """Run `callee`'s body on `value` with a fresh variable stack, one level deeper; as
    compiled code while the depth allows, else in this walker."""
    saved = st.vars, st.tmpl, st.depth
    st.vars, st.tmpl, st.depth = [["$", value]], callee, st.depth + 1
    if st.meter is not None:
        st.meter.call(st.depth)
    try:
        if st.depth < COMPILED_DEPTH:
            from gotmpl.exec.compile import compiled

            compiled(callee)(st, value)
        else:
            yield walk(st, value, callee.tree.root)
    finally:
        st.vars, st.tmpl, st.depth = saved


# --- variables -----------------------------------------------------------------------------


def var_value(st: State, node: n.VariableNode) -> Any:
    """Go's varValue for the variable `node` names, through the scope facts."""
    slot = analysis(st.tmpl.tree).refs[node]
    name = node.ident[0]
    if slot >= 0:
        entry = st.vars[slot]
        if entry[0] != name:  # the scope model and the stack disagree: never silently
            st.fail("internal error: variable %s at slot %d holds %s", name, slot, entry[0])
        return entry[1]
    if slot == DYNAMIC:
        for entry in reversed(st.vars):
            if entry[0] == name:
                return entry[1]
    st.fail("undefined variable: %s", name)


def set_var(st: State, node: n.VariableNode, value: Any) -> None:
    """Go's setVar: overwrite the variable `node` names."""
    slot = analysis(st.tmpl.tree).refs[node]
    name = node.ident[0]
    if slot >= 0 and st.vars[slot][0] == name:
        st.vars[slot][1] = value
        return
    if slot == DYNAMIC:
        for entry in reversed(st.vars):
            if entry[0] == name:
                entry[1] = value
                return
    if slot >= 0:
        st.fail("internal error: variable %s at slot %d holds %s", name, slot, st.vars[slot][0])
    st.fail("undefined variable: %s", name)


def push(st: State, pipe: n.PipeNode, value: Any) -> None:
    """Push a pipeline's declared variables, checking the scope model's prediction."""
    expected = analysis(st.tmpl.tree).pushes_at.get(pipe)
    if expected is not None and len(st.vars) != expected:
        st.fail("internal error: stack at %d, expected %d", len(st.vars), expected)
    for var in pipe.decl:
        st.vars.append([var.ident[0], value])


# --- pipelines and commands ----------------------------------------------------------------


def eval_pipeline(st: State, dot: Any, pipe: n.PipeNode | None) -> Step[Any]:
    """Go's evalPipeline: commands chained by their final value, then the declarations."""
    if pipe is None:
        return NO_VALUE
    st.node = pipe
    value: Any = MISSING
    for cmd in pipe.cmds:
        value = yield from eval_command(st, dot, cmd, value)
        # An interface value digs down one level (a nil one is no value).
        if value is None:
            value = NO_VALUE
    if pipe.decl:
        if pipe.is_assign:
            for var in pipe.decl:
                set_var(st, var, value)
        else:
            push(st, pipe, value)
    return value


def not_a_function(st: State, args: tuple[n.Node, ...], final: Any) -> None:
    if len(args) > 1 or final is not MISSING:
        st.fail("can't give argument to non-function %s", node_arg(args[0]))


def eval_command(st: State, dot: Any, cmd: n.CommandNode, final: Any) -> Step[Any]:
    """Go's evalCommand: one command of a pipeline, `final` the previous command's value."""
    first = cmd.args[0]
    if isinstance(first, n.FieldNode):
        return (yield from eval_field_node(st, dot, first, cmd.args, final))
    if isinstance(first, n.ChainNode):
        return (yield from eval_chain_node(st, dot, first, cmd.args, final))
    if isinstance(first, n.IdentifierNode):
        return (yield from eval_function(st, dot, first, cmd, cmd.args, final))
    if isinstance(first, n.PipeNode):
        not_a_function(st, cmd.args, final)
        return (yield eval_pipeline(st, dot, first))
    if isinstance(first, n.VariableNode):
        return (yield from eval_variable_node(st, dot, first, cmd.args, final))
    st.node = first
    not_a_function(st, cmd.args, final)
    if isinstance(first, n.BoolNode):
        return first.value
    if isinstance(first, n.DotNode):
        return dot.value if type(dot) is Iface else dot
    if isinstance(first, n.NilNode):
        st.fail("nil is not a command")
    if isinstance(first, n.NumberNode):
        return ideal_constant(st, first)
    if isinstance(first, n.StringNode):
        return first.text
    st.fail("can't evaluate command %q", node_arg(first))


def eval_field_node(
    st: State, dot: Any, field: n.FieldNode, args: tuple[n.Node, ...] | None, final: Any
) -> Step[Any]:
    st.node = field
    recv, static = undot(dot)
    value, _ = yield from eval_field_chain(st, dot, recv, static, field, field.ident, args, final)
    return value


def eval_chain_node(
    st: State, dot: Any, chain: n.ChainNode, args: tuple[n.Node, ...] | None, final: Any
) -> Step[Any]:
    st.node = chain
    if isinstance(chain.node, n.NilNode):
        st.fail("indirection through explicit nil in %s", node_arg(chain))
    # (pipe).Field1.Field2 has pipe as .node, the fields as .fields.
    recv = yield from eval_arg(st, dot, REFLECT, chain.node)
    value, _ = yield from eval_field_chain(st, dot, recv, None, chain, chain.fields, args, final)
    return value


def eval_variable_node(
    st: State, dot: Any, var: n.VariableNode, args: tuple[n.Node, ...] | None, final: Any
) -> Step[Any]:
    st.node = var
    value, static = undot(var_value(st, var))
    if len(var.ident) == 1:
        not_a_function(st, args or (), final)
        return value
    value, _ = yield from eval_field_chain(st, dot, value, static, var, var.ident[1:], args, final)
    return value


def undot(value: Any) -> tuple[Any, str | None]:
    """A value and its static type name (`interface {}` for a boxed one, else None: its
    dynamic type)."""
    if type(value) is Iface:
        return value.value, "interface {}"
    return value, None


def eval_field_chain(
    st: State,
    dot: Any,
    recv: Any,
    static: str | None,
    node: n.Node,
    idents: tuple[str, ...],
    args: tuple[n.Node, ...] | None,
    final: Any,
) -> Step[tuple[Any, str | None]]:
    """Go's evalFieldChain: walk `.A.B.C`, the last link taking the arguments; returns the
    value and its static type name (see undot)."""
    last = len(idents) - 1
    for i, name in enumerate(idents):
        if i < last:
            recv, static = yield from eval_field(st, dot, name, node, None, MISSING, recv, static)
    return (yield from eval_field(st, dot, idents[last], node, args, final, recv, static))


def method_of(recv: Any, name: str) -> tuple[Callable[..., Any], Signature] | None:
    """A method of `recv` (value.method: its method set, and its pointer's where it is in
    place) with its Go signature, the receiver dropped."""
    found = method(recv, name, in_place=in_place(recv))
    if found is None:
        return None
    fn, source = found
    sig = signature_of(source)
    if source is not fn:  # the method's function takes the receiver first
        sig = Signature(sig.params[1:], sig.variadic)
    return fn, sig


def eval_field(
    st: State,
    dot: Any,
    name: str,
    node: n.Node,
    args: tuple[n.Node, ...] | None,
    final: Any,
    recv: Any,
    static: str | None,
) -> Step[tuple[Any, str | None]]:
    """Go's evalField: a method call, a struct field or a map key: (value, static type)."""
    if recv is NO_VALUE:
        if st.missingkey == "error":  # Go treats an invalid receiver as a missing map key
            st.fail("nil data; no entry for key %q", name)
        return NO_VALUE, None
    if recv is None:
        st.fail("nil pointer evaluating %s.%s", type_arg(static or "interface {}"), name)
    if type(recv) is not dict:
        method = method_of(recv, name)
        if method is not None:
            fn, sig = method
            value = yield from eval_call(st, dot, fn, sig, None, node, name, args, final)
            return value, None
    has_args = (args is not None and len(args) > 1) or final is not MISSING
    try:
        value, vstatic = lookup_field(
            recv, name, has_args=has_args, missingkey=st.missingkey, static=static
        )
    except GoError as err:
        st.fail_with(err)
    if type(recv) is Pointer or in_place(recv):
        value = addressed(value)  # a field reached in place is addressable, as in Go
    # The static type matters for the next link's errors only where Go's differs from the
    # dynamic one: interface-typed values (a nil one has no dynamic type at all).
    keep = vstatic == "interface {}" or value is None
    return value, (vstatic if keep else None)


# --- calls ---------------------------------------------------------------------------------


def find_function(st: State, name: str) -> tuple[Any, str | None, Signature] | None:
    """Go's findFunction: a user function (which overrides a builtin of the same name) or a
    builtin: (function, builtin name or None, signature)."""
    user = st.common.funcs.get(name)
    if user is not None:
        return user, None, signature_of(user)
    builtin = bi.BUILTINS.get(name)
    if builtin is not None:
        return builtin.fn, name, builtin.signature
    return None


def eval_function(
    st: State,
    dot: Any,
    ident: n.IdentifierNode,
    cmd: n.Node,
    args: tuple[n.Node, ...] | None,
    final: Any,
) -> Step[Any]:
    st.node = ident
    found = find_function(st, ident.ident)
    if found is None:
        st.fail("%q is not a defined function", ident.ident)
    fn, builtin, sig = found
    return (yield from eval_call(st, dot, fn, sig, builtin, cmd, ident.ident, args, final))


def eval_call(
    st: State,
    dot: Any,
    fn: Callable[..., Any],
    sig: Signature,
    builtin: str | None,
    node: n.Node,
    name: str,
    args: tuple[n.Node, ...] | None,
    final: Any,
) -> Step[Any]:
    """Go's evalCall: check the arity, evaluate the arguments, call, wrap errors."""
    arg_nodes = args[1:] if args else ()
    num_in = len(arg_nodes) + (final is not MISSING)
    fixed = len(sig.params)
    if sig.variadic is not None:
        if num_in < fixed:
            st.fail(
                "wrong number of args for %s: want at least %d got %d", name, fixed, len(arg_nodes)
            )
    elif num_in != fixed:
        st.fail("wrong number of args for %s: want %d got %d", name, fixed, num_in)

    if builtin in bi.LAZY:  # and/or: evaluate arguments only until one decides
        value: Any = NO_VALUE
        for arg in arg_nodes:
            value = yield from eval_arg(st, dot, REFLECT, arg)
            if bi.settles(builtin, value):
                return value
        if final is not MISSING:
            value = validate(st, final, REFLECT)
        return value

    argv = []
    for i, arg in enumerate(arg_nodes):
        t = sig.param(i)
        if (
            builtin == "slice"
            and i > 0
            and isinstance(arg, (n.FieldNode, n.VariableNode, n.DotNode))
        ):
            # Go does not unwrap slice's indexes: an interface-typed one stays so.
            argv.append((yield from eval_static_arg(st, dot, arg)))
        else:
            argv.append((yield from eval_arg(st, dot, t, arg)))
    if final is not MISSING:
        argv.append(validate(st, final, sig.param(num_in - 1)))
    try:
        if builtin == "call":  # Go's call also takes the callee's node text, for its messages
            callee = str(arg_nodes[0]) if arg_nodes else _value_string(final)
            return fn(callee, *argv)
        return fn(*argv)
    except Exception as err:
        call_failed(st, node, name, err)


def call_failed(st: State, node: n.Node, name: str, err: Exception) -> None:
    """Go's wrapping of a failed call, builtin or user function: `error calling NAME: ERR`."""
    st.node = node
    st.fail("error calling %s: %w", name, err, cause=err)


def _value_string(v: Any) -> str:
    """Go's reflect.Value.String(): the string itself, else `<T Value>`."""
    if type(v) is str:
        return v
    return f"<{type_name(v)} Value>"


def eval_static_arg(st: State, dot: Any, node: n.Node) -> Step[Any]:
    """A dot, variable or field argument as a reflect.Value parameter receives it: boxed in
    Iface when its static type is `interface {}`."""
    st.node = node
    if isinstance(node, n.DotNode):
        recv, static = undot(dot)
        idents: tuple[str, ...] = ()
    elif isinstance(node, n.FieldNode):
        recv, static = undot(dot)
        idents = node.ident
    else:
        assert isinstance(node, n.VariableNode)
        (recv, static), idents = undot(var_value(st, node)), node.ident[1:]
    for name in idents:
        recv, static = yield from eval_field(st, dot, name, node, None, MISSING, recv, static)
    if static == "interface {}" and recv is not NO_VALUE:
        return Iface(recv)
    return recv


def eval_arg(st: State, dot: Any, t: GoType, node: n.Node) -> Step[Any]:
    """Go's evalArg: one argument node as a parameter of type `t` receives it."""
    st.node = node
    if isinstance(node, n.DotNode):
        return validate(st, dot.value if type(dot) is Iface else dot, t)
    if isinstance(node, n.NilNode):
        if t is REFLECT:
            return NO_VALUE
        if t.kind in NILLABLE_KINDS:
            return zero_value(t)
        st.fail("cannot assign nil to %s", type_arg(t.name))
    if isinstance(node, n.FieldNode):
        value = yield from eval_field_node(st, dot, node, (node,), MISSING)
    elif isinstance(node, n.VariableNode):
        value = yield from eval_variable_node(st, dot, node, None, MISSING)
    elif isinstance(node, n.PipeNode):
        value = yield eval_pipeline(st, dot, node)
    elif isinstance(node, n.IdentifierNode):
        value = yield from eval_function(st, dot, node, node, None, MISSING)
    elif isinstance(node, n.ChainNode):
        value = yield from eval_chain_node(st, dot, node, None, MISSING)
    elif t is REFLECT or t.kind == "interface":
        if isinstance(node, n.NumberNode):
            return ideal_constant(st, node)
        return node.value if isinstance(node, n.BoolNode) else node.text  # type: ignore[attr-defined]
    else:
        return typed_literal(st, node, t)
    return validate(st, value, t)


# --- printing ------------------------------------------------------------------------------


def print_value(st: State, node: n.Node, value: Any) -> None:
    """Go's printValue: how an action shows its pipeline's value."""
    st.node = node
    printable, ok = printable_value(value)
    if not ok:
        st.fail("can't print %s of type %s", node_arg(node), type_arg(type_of(value).name))
    st.emit(format_value(printable))


# --- entry ----------------------------------------------------------------------------------


def execute(st: State, dot: Any, root: n.ListNode) -> None:
    """Run a body (the root of st.tmpl's tree) in the walker."""
    run(walk(st, dot, root))
