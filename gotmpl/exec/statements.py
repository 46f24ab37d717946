"""Statements as closures, and the run-time helpers of generated bodies.

`compile_list` turns a body's statements into nested closures: the fallback for a body Python
cannot compile as one function (more than Python's 20 nested blocks; see codegen.py), and
the reference the generated code is tested against. The helpers after it (printing a value,
if/with's truth test, what range visits, entering a {{template}}) are shared by both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gotmpl.errors import GoError, TemplateError
from gotmpl.exec.evaluate import call_failed, compile_pipeline
from gotmpl.exec.ranging import range_items
from gotmpl.fmt.print import format_value
from gotmpl.gotypes import NO_VALUE, GoType, GoValue, Pointer, Struct, pointer_type, type_of
from gotmpl.parse import node as n
from gotmpl.strconv.parse import quote
from gotmpl.value import Iface, indirect, is_true

__all__ = [
    "MAX_EXEC_DEPTH",
    "Run",
    "call_failed",
    "compile_action",
    "compile_list",
    "enter_template",
    "print_value",
    "range_of",
    "template_callee",
    "truth",
]

#: Go's maxExecDepth: how deeply {{template}} calls may nest.
MAX_EXEC_DEPTH = 100000

Run = Callable[[Any, Any], None]


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


_BREAK, _CONTINUE = _Break(), _Continue()


def compile_list(node: n.ListNode, common: Any) -> Run:
    runs = [_compile_node(x, common) for x in node.nodes]
    if len(runs) == 1:
        return runs[0]

    def run_list(st: Any, dot: Any) -> None:
        for run in runs:
            run(st, dot)

    return run_list


def _compile_node(node: n.Node, common: Any) -> Run:
    if isinstance(node, n.TextNode):
        text = node.text

        def run_text(st: Any, dot: Any) -> None:
            st.emit(text)

        return run_text
    if isinstance(node, n.ActionNode):
        return compile_action(node, common)
    if isinstance(node, (n.IfNode, n.WithNode)):
        return _compile_if_with(node, common)
    if isinstance(node, n.RangeNode):
        return _compile_range(node, common)
    if isinstance(node, n.TemplateNode):
        return _compile_template(node, common)
    if isinstance(node, n.BreakNode):

        def run_break(st: Any, dot: Any) -> None:
            raise _BREAK

        return run_break
    if isinstance(node, n.ContinueNode):

        def run_continue(st: Any, dot: Any) -> None:
            raise _CONTINUE

        return run_continue
    if isinstance(node, n.ListNode):
        return compile_list(node, common)
    raise TemplateError(f"unknown node: {node}")


def compile_action(node: n.ActionNode, common: Any) -> Run:
    pipe = compile_pipeline(node.pipe, common)
    if node.pipe.decl:

        def run_decl(st: Any, dot: Any) -> None:
            st.node = node
            pipe(st, dot)

        return run_decl

    def run_action(st: Any, dot: Any) -> None:
        st.node = node
        value = pipe(st, dot)
        t = type(value)
        if t is str:
            st.emit(value)
        elif t is int:
            st.emit(str(value))
        else:
            print_value(st, node, value)

    return run_action


def print_value(st: Any, node: n.Node, value: Any) -> None:
    """Go's printValue: how an action shows its pipeline's value."""
    st.node = node
    if type(value) is Pointer and not _has_string_method(value.type):
        value, _ = indirect(value)
    elif getattr(value, "addressable", False) and not _has_string_method(value.type):
        # Go's printableValue takes the address of an addressable value whose *T is a
        # Stringer or error.
        ptr = pointer_type(value.type)
        if ptr is not None and _has_string_method(ptr):
            value = Pointer(value, ptr)
    if value is NO_VALUE:
        st.emit("<no value>")
        return
    if _unprintable(value):
        st.fail(f"can't print {node} of type {type_of(value).name}")
    st.emit(format_value(value))


def _unprintable(value: Any) -> bool:
    t = type(value)
    if t in (str, int, float, bool, dict, list, tuple, Struct, bytes, complex):
        return False
    if t is GoValue:
        k = value.type.kind
        return (k == "func" or k == "chan") and not _has_string_method(value.type)
    if t is Pointer or value is None:
        return False
    try:
        k = type_of(value).kind
    except ValueError:
        return False
    return k in ("func", "chan") and not hasattr(value, "String")


def _has_string_method(t: GoType) -> bool:
    return "String" in t.methods or "Error" in t.methods


def _compile_if_with(node: n.BranchNode, common: Any) -> Run:
    pipe = compile_pipeline(node.pipe, common)
    body = compile_list(node.list, common)
    else_ = compile_list(node.else_list, common) if node.else_list is not None else None
    is_with = isinstance(node, n.WithNode)

    def run_if(st: Any, dot: Any) -> None:
        st.node = node
        mark = len(st.vars)
        value = pipe(st, dot)
        try:
            truth = is_true(value)
        except GoError:
            st.fail(f"if/with can't use {format_value(value)}")
        if truth:
            body(st, value if is_with else dot)
        elif else_ is not None:
            else_(st, dot)
        del st.vars[mark:]

    return run_if


def _compile_range(node: n.RangeNode, common: Any) -> Run:
    pipe = compile_pipeline(node.pipe, common)
    body = compile_list(node.list, common)
    else_ = compile_list(node.else_list, common) if node.else_list is not None else None
    names = [v.ident[0] for v in node.pipe.decl]
    nvars = len(names)
    is_assign = node.pipe.is_assign

    def run_range(st: Any, dot: Any) -> None:
        st.node = node
        mark0 = len(st.vars)
        value, _ = indirect(pipe(st, dot))
        try:
            items = range_items(value, nvars)
        except GoError as e:
            st.fail(e.message)
        boxed = _boxes_elements(value)
        mark = len(st.vars)
        ran = False
        variables = st.vars
        meter = st.meter
        try:
            for key, elem in items:
                ran = True
                if meter is not None:
                    meter.iteration()
                if nvars:
                    seen = Iface(elem) if boxed and type(elem) is not dict else elem
                    if is_assign:
                        if nvars > 1:
                            st.set_var(names[0], key)
                            st.set_var(names[1], seen)
                        else:
                            st.set_var(names[0], seen)
                    else:
                        variables[-1][1] = seen
                        if nvars > 1:
                            variables[-2][1] = key
                try:  # noqa: SIM105 - cheaper than contextlib.suppress per iteration
                    body(st, Iface(elem) if boxed and type(elem) is not dict else elem)
                except _Continue:
                    pass
                del variables[mark:]
        except _Break:
            del variables[mark:]
        except GoError as e:
            st.fail(e.message)
        if not ran and else_ is not None:
            # Go's range recovers a break from its else list too: it ends this range (a
            # continue there goes on to the enclosing one).
            try:  # noqa: SIM105 - as above
                else_(st, dot)
            except _Break:
                pass
        del variables[mark0:]

    return run_range


def _boxes_elements(value: Any) -> bool:
    """Whether a range over `value` yields interface-typed elements (Go reports them so)."""
    t = type(value)
    if t is list or t is tuple or t is dict:
        return True
    if t is GoValue and value.type.elem is not None:
        return value.type.elem.kind == "interface"
    return False


def _compile_template(node: n.TemplateNode, common: Any) -> Run:
    pipe = compile_pipeline(node.pipe, common) if node.pipe is not None else None

    def run_template(st: Any, dot: Any) -> None:
        callee = template_callee(st, node)
        value = pipe(st, dot) if pipe is not None else NO_VALUE
        enter_template(st, callee, st.compiled(callee), value)

    return run_template


def template_callee(st: Any, node: n.TemplateNode) -> Any:
    """The template a {{template}} action calls, after Go's checks (both come before the
    argument is evaluated): that it is defined, and that the call is not too deep."""
    st.node = node
    callee = st.common.templates.get(node.name)
    if callee is None or callee.tree is None:
        st.fail(f"template {quote(node.name)} not defined")
    if st.depth == MAX_EXEC_DEPTH:
        st.fail(f"exceeded maximum template depth ({MAX_EXEC_DEPTH})")
    return callee


def enter_template(st: Any, callee: Any, body: Run, value: Any) -> None:
    """Run `callee`'s compiled body on `value` with a fresh variable stack, one level deeper."""
    saved = st.vars, st.tmpl, st.depth
    st.vars = [["$", value]]
    st.tmpl = callee
    st.depth += 1
    if st.meter is not None:
        st.meter.call(st.depth)
    if st.depth % 256 == 0:
        st.deepen()
    body(st, value)
    st.vars, st.tmpl, st.depth = saved


def truth(st: Any, value: Any, node: n.Node | None) -> bool:
    """if/with's test of a pipeline's value: Go's isTrue, or Go's error for a value it cannot
    test (`node`: the node last evaluated, when inline code has not set it)."""
    try:
        return is_true(value)
    except GoError:
        if node is not None:
            st.node = node
        st.fail(f"if/with can't use {format_value(value)}")


def range_of(st: Any, value: Any, nvars: int, node: n.Node | None) -> tuple[Any, bool]:
    """What range visits for a pipeline's value, and whether its elements are interface-typed;
    or Go's error for what it cannot range over (`node` as for `truth`)."""
    if type(value) is Pointer:
        value, _ = indirect(value)
    try:
        return range_items(value, nvars), _boxes_elements(value)
    except GoError as e:
        if node is not None:
            st.node = node
        st.fail(e.message)
