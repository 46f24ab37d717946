"""Statements compiled for execution: one Python function per template body.

`compile_body` generates the source of one function for a tree's statements (text, actions,
if/with, range, template calls, break and continue), with pipelines, actions and template calls
as the closures of evaluate.py and the helpers here; control flow becomes Python's own (`for`,
`if`, `break`), so rendering a body costs no call per statement. A body Python cannot compile
(more than Python's 20 nested blocks) falls back to nested closures (`compile_list`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import nodes as n
from .errors import GoError, TemplateError
from .evaluate import compile_pipeline, plain_fields
from .gofmt import format_value
from .gotypes import NO_VALUE, GoType, GoValue, Pointer, Struct, pointer_type, type_of
from .ranging import range_items
from .strconv import quote
from .values import Iface, indirect, is_true

__all__ = ["MAX_EXEC_DEPTH", "compile_body", "compile_list", "print_value"]

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
        return _compile_action(node, common)
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


def _compile_action(node: n.ActionNode, common: Any) -> Run:
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

    cmds = node.pipe.cmds
    if len(cmds) == 1 and len(cmds[0].args) == 1 and isinstance(cmds[0].args[0], n.FieldNode):
        return _field_action(cmds[0].args[0].ident, run_action)
    return run_action


def _field_action(idents: tuple[str, ...], general: Run) -> Run:
    """`{{.A.B}}` on maps and struct fields, printed when it is a string: the most common
    action of all, done without the general machinery. Anything else (a missing key, a nil,
    a method, an error) takes the general path from the start, which reads the same data."""

    def run_field(st: Any, dot: Any) -> None:
        v = dot
        for name in idents:
            if type(v) is dict:
                v = v.get(name)
            else:
                if type(v) is Pointer:
                    if name in v.type.methods:
                        break
                    v = v.target
                if not isinstance(v, Struct):
                    break
                slot = plain_fields(v.type).get(name)
                if slot is None:
                    break
                v = v.values.get(name)
                if not slot[0] and not isinstance(v, (Struct, Pointer)):
                    break
            if v is None:
                break
        else:
            if type(v) is str:
                st.emit(v)
                return
        general(st, dot)

    return run_field


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
            else_(st, dot)
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
    name = node.name

    def run_template(st: Any, dot: Any) -> None:
        st.node = node
        callee = common.templates.get(name)
        if callee is None or callee.tree is None:
            st.fail(f"template {quote(name)} not defined")
        if st.depth == MAX_EXEC_DEPTH:
            st.fail(f"exceeded maximum template depth ({MAX_EXEC_DEPTH})")
        value = pipe(st, dot) if pipe is not None else NO_VALUE
        saved = st.vars, st.tmpl, st.depth
        st.vars = [["$", value]]
        st.tmpl = callee
        st.depth += 1
        if st.meter is not None:
            st.meter.call(st.depth)
        if st.depth % 256 == 0:
            st.deepen()
        st.compiled(callee)(st, value)
        st.vars, st.tmpl, st.depth = saved

    return run_template


# --- one function per body ---------------------------------------------------------------------


def _truth(st: Any, value: Any) -> bool:
    """if/with's test: Go's isTrue, or Go's error for a value it cannot test."""
    try:
        return is_true(value)
    except GoError:
        st.fail(f"if/with can't use {format_value(value)}")
        raise  # st.fail raised already; this keeps the return paths explicit


def _items(st: Any, value: Any, nvars: int) -> Any:
    """What range visits for `value`, or Go's error for what it cannot range over."""
    if type(value) is Pointer:
        value, _ = indirect(value)
    try:
        return range_items(value, nvars), _boxes_elements(value)
    except GoError as e:
        st.fail(e.message)


class _Source:
    """The Python source of one body function being generated, and the objects it names."""

    def __init__(self, common: Any) -> None:
        self.common = common
        self.lines: list[str] = []
        self.names: dict[str, Any] = {
            "_truth": _truth,
            "_items": _items,
            "_Iface": Iface,
            "_GoError": GoError,
            "_print": print_value,
            "_NO_VALUE": NO_VALUE,
        }
        self.count = 0

    def const(self, obj: Any) -> str:
        name = f"K{len(self.names)}"
        self.names[name] = obj
        return name

    def fresh(self, base: str) -> str:
        self.count += 1
        return f"{base}{self.count}"

    def add(self, depth: int, text: str) -> None:
        self.lines.append("    " * depth + text)


def _gen_list(src: _Source, node: n.ListNode, depth: int, dot: str) -> None:
    if not node.nodes:
        src.add(depth, "pass")
    for child in node.nodes:
        _gen_node(src, child, depth, dot)


def _gen_node(src: _Source, node: n.Node, depth: int, dot: str) -> None:
    if isinstance(node, n.TextNode):
        src.add(depth, f"emit({src.const(node.text)})")
    elif isinstance(node, n.ActionNode) and _single_operand(node, n.VariableNode):
        _gen_variable_action(src, node, depth)
    elif isinstance(node, n.ActionNode) and _single_operand(node, n.DotNode):
        value = src.fresh("v")
        src.add(depth, f"st.node = {src.const(node.pipe.cmds[0].args[0])}")
        src.add(depth, f"{value} = {dot}.value if type({dot}) is _Iface else {dot}")
        _gen_print(src, node, depth, value)
    elif isinstance(node, n.ActionNode):
        src.add(depth, f"{src.const(_compile_action(node, src.common))}(st, {dot})")
    elif isinstance(node, n.TemplateNode):
        src.add(depth, f"{src.const(_compile_template(node, src.common))}(st, {dot})")
    elif isinstance(node, (n.IfNode, n.WithNode)):
        _gen_if_with(src, node, depth, dot)
    elif isinstance(node, n.RangeNode):
        _gen_range(src, node, depth, dot)
    elif isinstance(node, n.BreakNode):
        src.add(depth, "break")
    elif isinstance(node, n.ContinueNode):
        src.add(depth, "continue")
    elif isinstance(node, n.ListNode):
        _gen_list(src, node, depth, dot)
    else:
        raise TemplateError(f"unknown node: {node}")


def _single_operand(node: n.ActionNode, kind: type) -> bool:
    """`{{$x}}` or `{{.}}`: one command of one operand of `kind` (a variable without fields),
    no declaration."""
    cmds = node.pipe.cmds
    if node.pipe.decl or len(cmds) != 1 or len(cmds[0].args) != 1:
        return False
    arg = cmds[0].args[0]
    if isinstance(arg, n.VariableNode):
        return kind is n.VariableNode and len(arg.ident) == 1
    return isinstance(arg, kind)


def _gen_print(src: _Source, node: n.ActionNode, depth: int, value: str) -> None:
    """Print `value` as the action's result: strings and ints directly, the rest as Go's
    printValue (a nil interface is a pipeline's invalid result: `<no value>`)."""
    src.add(depth, f"if type({value}) is str:")
    src.add(depth + 1, f"emit({value})")
    src.add(depth, f"elif type({value}) is int:")
    src.add(depth + 1, f"emit(str({value}))")
    src.add(depth, "else:")
    src.add(depth + 1, f"_print(st, {src.const(node)}, _NO_VALUE if {value} is None else {value})")


def _gen_variable_action(src: _Source, node: n.ActionNode, depth: int) -> None:
    """`{{$x}}` inline: look the variable up from the innermost scope out and print it."""
    var = node.pipe.cmds[0].args[0]
    assert isinstance(var, n.VariableNode)
    entry, value = src.fresh("x"), src.fresh("v")
    src.add(depth, f"st.node = {src.const(var)}")
    src.add(depth, f"for {entry} in reversed(st.vars):")
    src.add(depth + 1, f"if {entry}[0] == {var.ident[0]!r}:")
    src.add(depth + 2, f"{value} = {entry}[1]")
    src.add(depth + 2, "break")
    src.add(depth, "else:")
    src.add(depth + 1, f"{value} = st.var({var.ident[0]!r})")
    src.add(depth, f"if type({value}) is _Iface:")
    src.add(depth + 1, f"{value} = {value}.value")
    _gen_print(src, node, depth, value)


def _gen_if_with(src: _Source, node: n.BranchNode, depth: int, dot: str) -> None:
    mark, value = src.fresh("mark"), src.fresh("v")
    src.add(depth, f"st.node = {src.const(node)}")
    src.add(depth, f"{mark} = len(st.vars)")
    src.add(depth, f"{value} = {src.const(compile_pipeline(node.pipe, src.common))}(st, {dot})")
    src.add(depth, f"if ({value} if type({value}) is bool else _truth(st, {value})):")
    _gen_list(src, node.list, depth + 1, value if isinstance(node, n.WithNode) else dot)
    if node.else_list is not None:
        src.add(depth, "else:")
        _gen_list(src, node.else_list, depth + 1, dot)
    src.add(depth, f"del st.vars[{mark}:]")


def _gen_range(src: _Source, node: n.RangeNode, depth: int, dot: str) -> None:
    names = [v.ident[0] for v in node.pipe.decl]
    mark0, mark, ran = src.fresh("mark"), src.fresh("mark"), src.fresh("ran")
    items, boxed, key, elem = src.fresh("items"), src.fresh("boxed"), src.fresh("k"), src.fresh("e")
    inner = src.fresh("dot")
    pipe = src.const(compile_pipeline(node.pipe, src.common))
    src.add(depth, f"st.node = {src.const(node)}")
    src.add(depth, f"{mark0} = len(st.vars)")
    src.add(depth, f"{items}, {boxed} = _items(st, {pipe}(st, {dot}), {len(names)})")
    src.add(depth, f"{mark} = len(st.vars)")
    src.add(depth, f"{ran} = False")
    src.add(depth, "try:")
    src.add(depth + 1, f"for {key}, {elem} in {items}:")
    d = depth + 2
    src.add(d, f"{ran} = True")
    src.add(d, "if st.meter is not None:")
    src.add(d + 1, "st.meter.iteration()")
    # The element as range saw it: interface-typed (for Go's messages) in dot and in the
    # element variable alike.
    src.add(d, f"{inner} = _Iface({elem}) if {boxed} and type({elem}) is not dict else {elem}")
    if names and node.pipe.is_assign:
        if len(names) > 1:
            src.add(d, f"st.set_var({names[0]!r}, {key})")
            src.add(d, f"st.set_var({names[1]!r}, {inner})")
        else:
            src.add(d, f"st.set_var({names[0]!r}, {inner})")
    elif names:
        src.add(d, f"st.vars[-1][1] = {inner}")
        if len(names) > 1:
            src.add(d, f"st.vars[-2][1] = {key}")
    src.add(d, "try:")
    _gen_list(src, node.list, d + 1, inner)
    src.add(d, "finally:")
    src.add(d + 1, f"del st.vars[{mark}:]")
    src.add(depth, "except _GoError as err:")
    src.add(depth + 1, "st.fail(err.message)")
    if node.else_list is not None:
        src.add(depth, f"if not {ran}:")
        _gen_list(src, node.else_list, depth + 1, dot)
    src.add(depth, f"del st.vars[{mark0}:]")


def compile_body(node: n.ListNode, common: Any) -> Run:
    """One Python function running a template body (falls back to closures if Python
    cannot compile it, e.g. more than 20 nested blocks)."""
    src = _Source(common)
    src.add(1, "emit = st.emit")
    _gen_list(src, node, 1, "dot")
    code = "def body(st, dot):\n" + "\n".join(src.lines) + "\n"
    try:
        exec(compile(code, "<gotmpl template body>", "exec"), src.names)  # noqa: S102
    except (SyntaxError, RecursionError, MemoryError):
        return compile_list(node, common)
    return src.names["body"]
