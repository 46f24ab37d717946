"""Template bodies compiled to Python source: one generated function per body.

`compile_body` writes one function for a tree's statements. Control flow becomes Python's own
(`for`, `if`, `break`), the common pipelines are inline (inline.py), and the rest call the
closures of evaluate.py and statements.py. Variables live on the execution's stack `st.vars`
as Go keeps them; since a body's declarations are lexical, the generator knows where each
one sits and reads it by index. A body Python cannot compile (more than Python's 20 nested
blocks) falls back to nested closures (`statements.compile_list`).
"""

from __future__ import annotations

from typing import Any

from gotmpl.errors import GoError, TemplateError
from gotmpl.exec.evaluate import compile_pipeline
from gotmpl.exec.inline import (
    RUNTIME,
    Dot,
    Scope,
    fallback_source,
    final_node,
    operand_source,
    pipeline_source,
)
from gotmpl.exec.statements import (
    MAX_EXEC_DEPTH,
    Run,
    compile_action,
    compile_list,
    print_value,
    range_of,
    template_callee,
    truth,
)
from gotmpl.fmt.print import format_value
from gotmpl.parse import node as n

__all__ = ["compile_body", "compiled"]


class _Source:
    """The Python source of one body function being generated, and the objects it names."""

    def __init__(self, common: Any) -> None:
        self.common = common
        self.lines: list[str] = []
        self.names: dict[str, Any] = {
            **RUNTIME,
            "_truth": truth,
            "_items": range_of,
            "_GoError": GoError,
            "_print": print_value,
            # Values printValue hands to fmt as they are: no pointer, method or address rules.
            "_PLAIN_DATA": frozenset({float, bool, dict, list, tuple}),
            "_format": format_value,
            "_callee": template_callee,
            "compiled": compiled,
            "_ONE_PASS": (None,),
        }
        self.count = 0
        self.calls_templates = False
        self.uses_view = False
        # Per enclosing loop, innermost last: None for a range body, or the flag a one-pass
        # else loop sets for `continue` (see _gen_range_else).
        self.continues: list[str | None] = [None]

    def const(self, obj: Any) -> str:
        name = f"K{len(self.names)}"
        self.names[name] = obj
        return name

    def fresh(self, base: str) -> str:
        self.count += 1
        return f"{base}{self.count}"

    def add(self, depth: int, text: str) -> None:
        self.lines.append("    " * depth + text)


def _declares(node: n.Node) -> bool:
    """Whether running `node` may push variables (which its scope must pop again)."""
    if isinstance(node, n.ActionNode):
        return bool(node.pipe.decl) and not node.pipe.is_assign
    if isinstance(node, (n.IfNode, n.WithNode, n.RangeNode)):
        pipe_declares = bool(node.pipe.decl) and not node.pipe.is_assign
        lists = [node.list, node.else_list]
        return pipe_declares or any(x is not None and _declares(x) for x in lists)
    if isinstance(node, n.TemplateNode):
        return node.pipe is not None and bool(node.pipe.decl) and not node.pipe.is_assign
    if isinstance(node, n.ListNode):
        return any(_declares(x) for x in node.nodes)
    return False


def _assigns(node: n.Node, name: str) -> bool:
    """Whether running `node` may assign variable `name` (`{{$x = ...}}`, in any pipeline)."""
    if isinstance(node, n.PipeNode):
        if node.is_assign and any(v.ident[0] == name for v in node.decl):
            return True
        return any(_assigns(arg, name) for cmd in node.cmds for arg in cmd.args)
    if isinstance(node, n.ChainNode):
        return _assigns(node.node, name)
    pipe = getattr(node, "pipe", None)
    if pipe is not None and _assigns(pipe, name):
        return True
    if isinstance(node, n.ListNode):
        return any(_assigns(x, name) for x in node.nodes)
    if isinstance(node, n.BranchNode):
        lists = [node.list, node.else_list]
        return any(x is not None and _assigns(x, name) for x in lists)
    return False


def _sees_static_type(node: n.Node, names: set[str]) -> bool:
    """Whether a range body can tell an `interface {}` element from the value it holds: only
    through a field of it (Go names the static type in the errors), a `slice` index, or in
    a template it is passed to. Printing it and passing it to functions unbox it."""
    if isinstance(node, (n.FieldNode, n.ChainNode, n.TemplateNode)):
        return True
    if isinstance(node, n.VariableNode):
        return len(node.ident) > 1 and node.ident[0] in names
    if isinstance(node, n.IdentifierNode):
        return node.ident == "slice"
    if isinstance(node, n.PipeNode):
        return any(_sees_static_type(a, names) for cmd in node.cmds for a in cmd.args)
    if isinstance(node, n.ListNode):
        return any(_sees_static_type(x, names) for x in node.nodes)
    parts = [
        getattr(node, "pipe", None),
        getattr(node, "list", None),
        getattr(node, "else_list", None),
    ]
    return any(x is not None and _sees_static_type(x, names) for x in parts)


def _gen_list(src: _Source, node: n.ListNode, depth: int, dot: Dot, scope: Scope) -> None:
    if not node.nodes:
        src.add(depth, "pass")
    run: list[n.Node] = []
    for child in node.nodes:
        if isinstance(child, n.TextNode) or _prints_operand(child, scope):
            run.append(child)
            continue
        _gen_run(src, run, depth, dot, scope)
        run = []
        _gen_node(src, child, depth, dot, scope)
    _gen_run(src, run, depth, dot, scope)


def _prints_operand(node: n.Node, scope: Scope) -> bool:
    """`{{.}}`, `{{.A.B}}`, `{{$x}}` or `{{$x.a}}` (of a declared variable): an action whose
    inline value is read without any call that could fail."""
    if not isinstance(node, n.ActionNode) or node.pipe.decl or len(node.pipe.cmds) != 1:
        return False
    args = node.pipe.cmds[0].args
    if len(args) != 1:
        return False
    if isinstance(args[0], n.VariableNode):
        return scope.index(args[0].ident[0]) is not None
    return isinstance(args[0], (n.DotNode, n.FieldNode))


def _gen_run(src: _Source, run: list[n.Node], depth: int, dot: Dot, scope: Scope) -> None:
    """Texts and operand actions in a row: their operands read inline first (which cannot fail
    or call anything, so Go cannot tell), then written at once when all are strings, else
    one by one, the general rules running in Go's order where an inline read missed."""
    if len(run) < 2 or all(isinstance(x, n.TextNode) for x in run):
        for x in run:
            _gen_node(src, x, depth, dot, scope)
        return
    parts, values = [], []
    for x in run:
        if isinstance(x, n.TextNode):
            parts.append(src.const(x.text))
            continue
        value = src.fresh("s")
        operand_source(src, x.pipe.cmds[0].args[0], depth, dot, scope, value)
        parts.append(value)
        values.append(value)
    src.add(depth, f"if {' and '.join(f'type({v}) is str' for v in values)}:")
    src.add(depth + 1, 'emit(f"' + "".join(f"{{{p}}}" for p in parts) + '")')
    src.add(depth, "else:")
    for x, part in zip(run, parts, strict=True):
        if isinstance(x, n.TextNode):
            src.add(depth + 1, f"emit({part})")
        else:  # the value read above; the general rules, in Go's order, where that missed
            fallback_source(src, x.pipe.cmds[0], depth + 1, dot, part)
            _gen_print(src, x, depth + 1, part)


def _gen_node(src: _Source, node: n.Node, depth: int, dot: Dot, scope: Scope) -> None:
    if isinstance(node, n.TextNode):
        src.add(depth, f"emit({src.const(node.text)})")
    elif isinstance(node, n.ActionNode):
        _gen_action(src, node, depth, dot, scope)
    elif isinstance(node, n.TemplateNode):
        _gen_template(src, node, depth, dot, scope)
    elif isinstance(node, (n.IfNode, n.WithNode)):
        _gen_if_with(src, node, depth, dot, scope)
    elif isinstance(node, n.RangeNode):
        _gen_range(src, node, depth, dot, scope)
    elif isinstance(node, n.BreakNode):
        src.add(depth, "break")
    elif isinstance(node, n.ContinueNode):
        _gen_continue(src, depth)
    elif isinstance(node, n.ListNode):
        _gen_list(src, node, depth, dot, scope)
    else:
        raise TemplateError(f"unknown node: {node}")


def _pipeline(
    src: _Source, pipe: n.PipeNode, depth: int, dot: Dot, scope: Scope
) -> tuple[str, str]:
    """Emit `pipe`'s evaluation (inline where it can be); return the local holding its value
    and the node Go's state points at afterwards (`None` where the closure has set it); its
    declarations join `scope`."""
    value = pipeline_source(src, pipe, depth, dot, scope)
    if value is not None:
        at = final_node(src, pipe)
        return value, (src.const(at) if at is not None else "None")
    value = src.fresh("v")
    src.add(depth, f"{value} = {src.const(compile_pipeline(pipe, src.common))}(st, {dot[0]})")
    if not pipe.is_assign:
        for var in pipe.decl:
            scope.declare(var.ident[0])
    return value, "None"


def _gen_action(src: _Source, node: n.ActionNode, depth: int, dot: Dot, scope: Scope) -> None:
    if node.pipe.decl:
        _pipeline(src, node.pipe, depth, dot, scope)
        return
    value = pipeline_source(src, node.pipe, depth, dot, scope)
    if value is None:
        src.add(depth, f"{src.const(compile_action(node, src.common))}(st, {dot[0]})")
        return
    _gen_print(src, node, depth, value)


def _gen_print(src: _Source, node: n.ActionNode, depth: int, value: str) -> None:
    """Print an action's value as Go's printValue does: strings and ints directly, plain data
    through fmt, the rest the general way."""
    src.add(depth, f"if type({value}) is str:")
    src.add(depth + 1, f"emit({value})")
    src.add(depth, f"elif type({value}) is int:")
    src.add(depth + 1, f"emit(str({value}))")
    src.add(depth, f"elif type({value}) in _PLAIN_DATA:")
    src.add(depth + 1, f"emit(_format({value}))")
    src.add(depth, "else:")
    src.add(depth + 1, f"_print(st, {src.const(node)}, {value})")


def _gen_if_with(src: _Source, node: n.BranchNode, depth: int, dot: Dot, scope: Scope) -> None:
    outer = scope.mark()
    cleanup = _declares(node)
    mark = src.fresh("mark")
    if cleanup:
        src.add(depth, f"{mark} = len(vs)")
    value, at = _pipeline(src, node.pipe, depth, dot, scope)
    src.add(depth, f"if ({value} if type({value}) is bool else _truth(st, {value}, {at})):")
    inner = scope.mark()
    if isinstance(node, n.WithNode):
        raw = src.fresh("w")
        src.add(depth + 1, f"{raw} = {value}.value if type({value}) is _Iface else {value}")
        _gen_list(src, node.list, depth + 1, (value, raw, ""), scope)
    else:
        _gen_list(src, node.list, depth + 1, dot, scope)
    scope.pop_to(inner)
    if node.else_list is not None:
        src.add(depth, "else:")
        _gen_list(src, node.else_list, depth + 1, dot, scope)
    scope.pop_to(outer)
    if cleanup:
        src.add(depth, f"del vs[{mark}:]")


def _gen_range(src: _Source, node: n.RangeNode, depth: int, dot: Dot, scope: Scope) -> None:
    outer = scope.mark()
    names = [v.ident[0] for v in node.pipe.decl]
    mark0, mark = src.fresh("mark"), src.fresh("mark")
    items, boxed, key, elem = src.fresh("items"), src.fresh("boxed"), src.fresh("k"), src.fresh("e")
    inner_dot = src.fresh("dot")
    declares = bool(names) and not node.pipe.is_assign
    body_declares = _declares(node.list)
    src.add(depth, f"st.node = {src.const(node)}")
    if declares:
        src.add(depth, f"{mark0} = len(vs)")
    value, at = _pipeline(src, node.pipe, depth, dot, scope)
    src.add(depth, f"{items}, {boxed} = _items(st, {value}, {len(names)}, {at})")
    if body_declares:
        src.add(depth, f"{mark} = len(vs)")
    if node.else_list is not None:
        src.add(depth, f"{key} = _MISS")
    slots = [scope.index(name) for name in names]
    src.add(depth, "try:")
    src.add(depth + 1, f"for {key}, {elem} in {items}:")
    d = depth + 2
    src.add(d, "if meter is not None:")
    src.add(d + 1, "meter.iteration()")
    # The element as range saw it: interface-typed (for Go's messages) in dot and in the
    # element variable alike, where the body (or, for assigned variables, what follows) can
    # tell.
    if node.pipe.is_assign or _sees_static_type(node.list, set(names)):
        src.add(
            d, f"{inner_dot} = _Iface({elem}) if {boxed} and type({elem}) is not dict else {elem}"
        )
    else:
        inner_dot = elem
    for name, slot, item, raw in zip(
        names, slots, [key, inner_dot][2 - len(names) :], [key, elem][2 - len(names) :], strict=True
    ):
        if slot is None:  # an undefined variable: the pipeline has failed to set it already
            continue
        src.add(d, f"vs[{slot}][1] = {item}")
        if not _assigns(node.list, name):
            scope.locals[slot] = raw
    body_scope = scope.mark()
    src.continues.append(None)
    if body_declares:
        src.add(d, "try:")
        _gen_list(src, node.list, d + 1, (inner_dot, elem, ""), scope)
        src.add(d, "finally:")
        src.add(d + 1, f"del vs[{mark}:]")
    else:
        _gen_list(src, node.list, d, (inner_dot, elem, ""), scope)
    src.continues.pop()
    scope.pop_to(body_scope)
    for slot in slots:  # past the loop the variables hold what the stack holds
        if slot is not None:
            scope.locals.pop(slot, None)
    src.add(depth, "except _GoError as err:")
    src.add(depth + 1, "st.fail(err.message)")
    if node.else_list is not None:
        src.add(depth, f"if {key} is _MISS:")
        _gen_range_else(src, node.else_list, depth + 1, dot, scope)
    scope.pop_to(outer)
    if declares:
        src.add(depth, f"del vs[{mark0}:]")


def _gen_range_else(src: _Source, node: n.ListNode, depth: int, dot: Dot, scope: Scope) -> None:
    """A range's else list. Go's range recovers a break from its else list as well as from
    its body, so a `break` there ends this range, not the enclosing one; a `continue` goes on
    to the enclosing range. The list runs in a one-pass loop for `break` to leave, and a
    `continue` leaves it with a flag that continues the enclosing loop after it."""
    if not _has_loop_control(node):
        _gen_list(src, node, depth, dot, scope)
        return
    flag = src.fresh("cont")
    src.add(depth, f"{flag} = False")
    src.add(depth, "for _ in _ONE_PASS:")
    src.continues.append(flag)
    _gen_list(src, node, depth + 1, dot, scope)
    src.continues.pop()
    src.add(depth, f"if {flag}:")
    _gen_continue(src, depth + 1)


def _gen_continue(src: _Source, depth: int) -> None:
    """`continue` of the innermost range loop, leaving any one-pass else loops on the way."""
    if src.continues[-1] is None:
        src.add(depth, "continue")
    else:
        src.add(depth, f"{src.continues[-1]} = True")
        src.add(depth, "break")


def _has_loop_control(node: n.Node) -> bool:
    if isinstance(node, (n.BreakNode, n.ContinueNode)):
        return True
    parts = [getattr(node, "list", None), getattr(node, "else_list", None)]
    if isinstance(node, n.ListNode):
        parts = list(node.nodes)
    return any(x is not None and _has_loop_control(x) for x in parts)


def _gen_template(src: _Source, node: n.TemplateNode, depth: int, dot: Dot, scope: Scope) -> None:
    # Go looks the template up (and checks the depth) before it evaluates the argument; any
    # failure there is template_callee's to report.
    at, callee, caller, level = (
        src.const(node),
        src.fresh("callee"),
        src.fresh("tmpl"),
        src.fresh("depth"),
    )
    src.calls_templates = True
    src.add(depth, f"st.node = {at}")
    src.add(depth, f"{callee} = templates.get({node.name!r})")
    src.add(depth, f"if {callee} is None or {callee}.tree is None or st.depth == {MAX_EXEC_DEPTH}:")
    src.add(depth + 1, f"_callee(st, {at})")
    value = _pipeline(src, node.pipe, depth, dot, scope)[0] if node.pipe else "_NO_VALUE"
    # Run the callee's body on the value with a fresh variable stack, one level deeper.
    src.add(depth, f"{caller}, {level} = st.tmpl, st.depth + 1")
    src.add(depth, f"st.vars, st.tmpl, st.depth = [['$', {value}]], {callee}, {level}")
    src.add(depth, "if meter is not None:")
    src.add(depth + 1, f"meter.call({level})")
    src.add(depth, f"if {level} % 256 == 0:")
    src.add(depth + 1, "st.deepen()")
    src.add(depth, f"compiled({callee})(st, {value})")
    src.add(depth, f"st.vars, st.tmpl, st.depth = vs, {caller}, {level} - 1")


def compile_body(node: n.ListNode, common: Any) -> Run:
    """One Python function running a template body (falls back to closures if Python
    cannot compile it, e.g. more than 20 nested blocks)."""
    src = _Source(common)
    _gen_list(src, node, 1, ("dot", "raw", "view"), Scope())
    prologue = [
        "    emit = st.emit",
        "    vs = st.vars",
        "    meter = st.meter",
        "    raw = dot.value if type(dot) is _Iface else dot",
    ]
    if src.calls_templates:
        prologue.append("    templates = st.common.templates")
    if src.uses_view:
        prologue.append(
            "    view_values, view_names = _NO_VIEW if type(raw) is dict else _view(raw)"
        )
    code = "def body(st, dot):\n" + "\n".join(prologue + src.lines) + "\n"
    try:
        exec(compile(code, "<gotmpl template body>", "exec"), src.names)  # noqa: S102
    except (SyntaxError, RecursionError, MemoryError):
        return compile_list(node, common)
    return src.names["body"]


def compiled(tmpl: Any) -> Run:
    """The compiled body of a template's tree: compiled on first use and kept on the
    template, until its tree changes or its set's funcs or options do (which renews the
    set's `generation`)."""
    code = tmpl._code
    generation = tmpl._common.generation
    if code is not None and code[0] is tmpl.tree and code[1] is generation:
        return code[2]
    body = compile_body(tmpl.tree.root, tmpl._common)
    tmpl._code = (tmpl.tree, generation, body)
    return body
