"""Template bodies compiled to Python source: one generated function per body, over the walker.

`compile_body` writes one function for a tree's statements. Control flow becomes Python's own
(`for`, `if`, `break`), the common pipelines are inline (inline.py), and everything else runs
in the walker (walk.py), which holds every rule once: a pipeline that is not inlined, a command
whose inline reading missed, a statement nested deeper than generated code may nest, printing
the values that are not plain, and the errors. Variables sit where the scope model (scope.py)
puts them, read by slot, the way the walker reads them.

A compiled body calls the compiled bodies of the templates it calls while the call depth is
below walk.COMPILED_DEPTH; deeper calls run in the walker, which needs no Python stack per
level, so no template's depth is limited by Python's recursion limit.
"""

from __future__ import annotations

from typing import Any

from gotmpl.errors import GoError, TemplateError
from gotmpl.exec.inline import (
    VIEW_PROLOGUE,
    Dot,
    Generated,
    fallback_source,
    final_node,
    operand_source,
    pipeline_source,
    reads_inline,
)
from gotmpl.exec.scope import analysis
from gotmpl.exec.signature import signature_of
from gotmpl.exec.state import MAX_EXEC_DEPTH, State
from gotmpl.exec.trampoline import run
from gotmpl.exec.walk import (
    COMPILED_DEPTH,
    Break,
    Continue,
    eval_pipeline,
    if_true,
    print_value,
    range_of,
    template_callee,
    walk,
    walk_body,
)
from gotmpl.fmt.print import format_value, plain_container
from gotmpl.funcmaps import PLAIN_FORMS
from gotmpl.parse import node as n
from gotmpl.safe import ACTIVE, Policy

__all__ = ["compile_body", "compiled"]

#: How deeply generated code nests Python blocks and indentation before a statement is left to
#: the walker: Python allows 20 nested blocks and 100 indentation levels in one function.
_MAX_BLOCKS = 12
_MAX_INDENT = 48


def _walk_node(st: State, dot: Any, node: n.Node) -> None:
    run(walk(st, dot, node))


def _walk_pipeline(st: State, dot: Any, pipe: n.PipeNode) -> Any:
    return run(eval_pipeline(st, dot, pipe))


def _walk_template(st: State, callee: Any, value: Any) -> None:
    run(walk_body(st, callee, value))


def _gen_list(src: Generated, node: n.ListNode, depth: int, dot: Dot) -> None:
    if not node.nodes:
        src.add(depth, "pass")
    run: list[n.Node] = []
    for child in node.nodes:
        if isinstance(child, n.TextNode) or _prints_operand(src, child):
            run.append(child)
            continue
        _gen_run(src, run, depth, dot)
        run = []
        _gen_node(src, child, depth, dot)
    _gen_run(src, run, depth, dot)


def _prints_operand(src: Generated, node: n.Node) -> bool:
    """`{{.}}`, `{{.A.B}}`, `{{$x}}` or `{{$x.a}}`: an action whose inline value is read
    without any call that could fail."""
    if not isinstance(node, n.ActionNode) or node.pipe.decl or len(node.pipe.cmds) != 1:
        return False
    args = node.pipe.cmds[0].args
    return len(args) == 1 and reads_inline(src, args[0])


def _gen_run(src: Generated, run: list[n.Node], depth: int, dot: Dot) -> None:
    """Texts and operand actions in a row: their operands read inline first (which cannot fail
    or call anything, so Go cannot tell), then written at once when all are strings, else
    one by one, the walker running in Go's order where an inline read missed."""
    if len(run) < 2 or all(isinstance(x, n.TextNode) for x in run):
        for x in run:
            _gen_node(src, x, depth, dot)
        return
    parts: list[tuple[str, str]] = []
    reads = []
    for x in run:
        if isinstance(x, n.TextNode):
            parts.append(("text", x.text))
            continue
        assert isinstance(x, n.ActionNode)
        value = src.fresh("s")
        parts.append(("local", value))
        reads.append((x.pipe.cmds[0].args[0], value))
    _read_operands(src, reads, depth, dot)
    values = [value for _, value in reads]
    src.add(depth, f"if {' and '.join(f'type({v}) is str' for v in values)}:")
    src.add(depth + 1, f"emit({src.joined(parts)})")
    src.add(depth, "else:")
    for x, (kind, part) in zip(run, parts, strict=True):
        if kind == "text":
            src.add(depth + 1, f"emit({src.const(part)})")
        else:  # the value read above; the walker, in Go's order, where that missed
            assert isinstance(x, n.ActionNode)
            fallback_source(src, x.pipe.cmds[0], depth + 1, dot, part)
            _gen_print(src, x, depth + 1, part)


def _read_operands(src: Generated, reads: list[tuple[n.Node, str]], depth: int, dot: Dot) -> None:
    """Emit code reading operands into their locals. Fields of a dot with a struct view are
    read in two branches, one for a map dot and one for any other, so that the dot's type is
    asked once for them all."""
    if dot[2] and sum(isinstance(node, n.FieldNode) for node, _ in reads) > 1:
        src.add(depth, f"if type({dot[1]}) is dict:")
        for node, value in reads:
            operand_source(src, node, depth + 1, dot, value, "map")
        src.add(depth, "else:")
        for node, value in reads:
            operand_source(src, node, depth + 1, dot, value, "struct")
    else:
        for node, value in reads:
            operand_source(src, node, depth, dot, value)


def _gen_node(src: Generated, node: n.Node, depth: int, dot: Dot) -> None:
    if isinstance(node, n.TextNode):
        src.add(depth, f"emit({src.const(node.text)})")
    elif isinstance(node, n.BreakNode):
        src.add(depth, "break")
    elif isinstance(node, n.ContinueNode):
        _gen_continue(src, depth)
    elif depth > _MAX_INDENT or src.blocks > _MAX_BLOCKS:
        _gen_walk(src, node, depth, dot)
    elif isinstance(node, n.ActionNode):
        _gen_action(src, node, depth, dot)
    elif isinstance(node, n.TemplateNode):
        _gen_template(src, node, depth, dot)
    elif isinstance(node, (n.IfNode, n.WithNode)):
        _gen_if_with(src, node, depth, dot)
    elif isinstance(node, n.RangeNode):
        _gen_range(src, node, depth, dot)
    else:
        raise TemplateError(f"unknown node: {node}")


def _gen_walk(src: Generated, node: n.Node, depth: int, dot: Dot) -> None:
    """A statement left to the walker; inside a loop, a break or continue it raises ends or
    continues the generated loop."""
    if not src.continues:
        src.add(depth, f"_walk_node(st, {dot[0]}, {src.const(node)})")
        return
    src.add(depth, "try:")
    src.add(depth + 1, f"_walk_node(st, {dot[0]}, {src.const(node)})")
    src.add(depth, "except _Break:")
    src.add(depth + 1, "break")
    src.add(depth, "except _Continue:")
    _gen_continue(src, depth + 1)


def _pipeline(src: Generated, pipe: n.PipeNode, depth: int, dot: Dot) -> tuple[str, str]:
    """Emit `pipe`'s evaluation (inline where it can be); return the local holding its value
    and the node Go's state points at afterwards (`None` where the walker has set it)."""
    value = pipeline_source(src, pipe, depth, dot)
    if value is not None:
        at = final_node(src, pipe)
        return value, (src.const(at) if at is not None else "None")
    value = src.fresh("v")
    src.add(depth, f"{value} = _walk_pipeline(st, {dot[0]}, {src.const(pipe)})")
    return value, "None"


def _gen_action(src: Generated, node: n.ActionNode, depth: int, dot: Dot) -> None:
    value, _ = _pipeline(src, node.pipe, depth, dot)
    if not node.pipe.decl:
        _gen_print(src, node, depth, value)


def _gen_print(src: Generated, node: n.ActionNode, depth: int, value: str) -> None:
    """Print an action's value as Go's printValue does: strings and ints directly, plain data
    through fmt, the rest in the walker."""
    src.add(depth, f"if type({value}) is str:")
    src.add(depth + 1, f"emit({value})")
    src.add(depth, f"elif type({value}) is int:")
    src.add(depth + 1, f"emit(str({value}))")
    src.add(depth, f"elif type({value}) in _SCALARS:")
    src.add(depth + 1, f"emit(_format({value}))")
    src.add(depth, f"elif type({value}) in _CONTAINERS:")
    # fmt may fail inside a container (safe mode refusing an object it holds, a String
    # method's error): printValue's error names the action.
    src.add(depth + 1, f"st.node = {src.const(node)}")
    src.add(depth + 1, f"emit(_format({value}))")
    src.add(depth, "else:")
    src.add(depth + 1, f"_print(st, {src.const(node)}, {value})")


def _grows(src: Generated, *nodes: n.Node | None) -> bool:
    """Whether running these lists and pipelines leaves variables on the stack."""
    return any(x is not None and x in src.facts.grows for x in nodes)


def _gen_if_with(src: Generated, node: n.BranchNode, depth: int, dot: Dot) -> None:
    cleanup = _grows(src, node.pipe, node.list, node.else_list)
    mark = src.fresh("mark")
    if cleanup:
        src.add(depth, f"{mark} = len(vs)")
    value, at = _pipeline(src, node.pipe, depth, dot)
    src.add(depth, f"if ({value} if type({value}) is bool else _truth(st, {value}, {at})):")
    if isinstance(node, n.WithNode):
        raw = src.fresh("w")
        src.add(depth + 1, f"{raw} = {value}.value if type({value}) is _Iface else {value}")
        _gen_list(src, node.list, depth + 1, (value, raw, ""))
    else:
        _gen_list(src, node.list, depth + 1, dot)
    if node.else_list is not None:
        src.add(depth, "else:")
        _gen_list(src, node.else_list, depth + 1, dot)
    if cleanup:
        src.add(depth, f"del vs[{mark}:]")


def _gen_range(src: Generated, node: n.RangeNode, depth: int, dot: Dot) -> None:
    pipe = node.pipe
    facts = src.facts.ranges[node]
    mark0, mark = src.fresh("mark"), src.fresh("mark")
    items, boxed, key, elem = src.fresh("items"), src.fresh("boxed"), src.fresh("k"), src.fresh("e")
    inner_dot = src.fresh("dot")
    left_higher = src.facts.left_higher
    body_declares = _grows(src, node.list) or node.list in left_higher
    # Go pops what the pipeline and the else list declared when the range ends.
    cleanup = _grows(src, pipe, node.else_list) or node.else_list in left_higher
    src.add(depth, f"st.node = {src.const(node)}")
    if cleanup:
        src.add(depth, f"{mark0} = len(vs)")
    value, at = _pipeline(src, pipe, depth, dot)
    src.add(depth, f"{items}, {boxed} = _items(st, {value}, {len(pipe.decl)}, {at})")
    if body_declares:
        src.add(depth, f"{mark} = len(vs)")
    if node.else_list is not None:
        src.add(depth, f"{key} = _MISS")
    src.blocks += 2
    src.add(depth, "try:")
    src.add(depth + 1, f"for {key}, {elem} in {items}:")
    d = depth + 2
    src.add(d, "if meter is not None:")
    src.add(d + 1, "meter.iteration()")
    # The element as range saw it: interface-typed (for Go's messages) in dot and in the
    # element variable alike, where the body (or, for assigned variables, what follows) can
    # tell.
    if facts.sees_static_type:
        src.add(
            d, f"{inner_dot} = _Iface({elem}) if {boxed} and type({elem}) is not dict else {elem}"
        )
    else:
        inner_dot = elem
    saved_locals = dict(src.locals)
    _gen_range_vars(src, node, d, (key, inner_dot), (key, elem))
    src.continues.append(None)
    if body_declares:
        src.blocks += 1
        src.add(d, "try:")
        _gen_list(src, node.list, d + 1, (inner_dot, elem, ""))
        src.add(d, "finally:")
        src.add(d + 1, f"del vs[{mark}:]")
        src.blocks -= 1
    else:
        _gen_list(src, node.list, d, (inner_dot, elem, ""))
    src.continues.pop()
    src.locals = saved_locals  # past the loop the variables hold what the stack holds
    src.blocks -= 2
    src.add(depth, "except _GoError as err:")  # a channel or iterator that failed mid-range
    src.add(depth + 1, "st.fail_with(err)")
    if node.else_list is not None:
        src.add(depth, f"if {key} is _MISS:")
        _gen_range_else(src, node.else_list, depth + 1, dot)
    if cleanup:
        src.add(depth, f"del vs[{mark0}:]")


def _gen_range_vars(
    src: Generated, node: n.RangeNode, depth: int, seen: tuple[str, str], raw: tuple[str, str]
) -> None:
    """Set a range's variables for one iteration, as Go's oneIteration does: the declared ones
    at the top of the stack, the assigned ones where they live; and note the locals that hold
    them unboxed while the body does not assign them."""
    pipe = node.pipe
    decl = pipe.decl
    if not decl:
        return
    # With two variables the key comes first; with one, the element.
    pairs = list(zip(decl, seen[2 - len(decl) :], raw[2 - len(decl) :], strict=True))
    assigned = src.facts.ranges[node].assigned
    if pipe.is_assign:
        for var, value, _ in pairs:
            slot = src.facts.refs[var]
            if slot < 0:  # the walker's pipeline has found it, or failed on it, already
                src.add(depth, f"_set_var(st, {src.const(var)}, {value})")
                src.names["_set_var"] = _set_var
            else:
                src.add(depth, f"vs[{slot}][1] = {value}")
        return
    base = src.facts.pushes_at.get(pipe)
    for i, (_, value, unboxed) in enumerate(pairs):
        top = len(pairs) - i  # the element is on top, the key below it
        src.add(depth, f"vs[-{top}][1] = {value}")
        if base is not None and assigned is not None:
            slot = base + i
            if slot not in assigned:
                src.locals[slot] = unboxed


def _set_var(st: State, var: n.VariableNode, value: Any) -> None:
    from gotmpl.exec.walk import set_var

    set_var(st, var, value)


def _gen_range_else(src: Generated, node: n.ListNode, depth: int, dot: Dot) -> None:
    """A range's else list. Go's range recovers a break from its else list as well as from
    its body, so a `break` there ends this range, not the enclosing one; a `continue` goes on
    to the enclosing range. The list runs in a one-pass loop for `break` to leave, and a
    `continue` leaves it with a flag that continues the enclosing loop after it."""
    if node not in src.facts.loop_control:
        _gen_list(src, node, depth, dot)
        return
    flag = src.fresh("cont")
    src.add(depth, f"{flag} = False")
    src.add(depth, "for _ in _ONE_PASS:")
    src.blocks += 1
    src.continues.append(flag)
    _gen_list(src, node, depth + 1, dot)
    src.continues.pop()
    src.blocks -= 1
    src.add(depth, f"if {flag}:")
    _gen_continue(src, depth + 1)


def _gen_continue(src: Generated, depth: int) -> None:
    """`continue` of the innermost range loop, leaving any one-pass else loops on the way."""
    if not src.continues or src.continues[-1] is None:
        src.add(depth, "continue")
    else:
        src.add(depth, f"{src.continues[-1]} = True")
        src.add(depth, "break")


def _gen_template(src: Generated, node: n.TemplateNode, depth: int, dot: Dot) -> None:
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
    value = _pipeline(src, node.pipe, depth, dot)[0] if node.pipe else "_NO_VALUE"
    # The callee's body on the value, with a fresh variable stack, one level deeper: compiled
    # while the depth allows, else in the walker.
    src.add(depth, f"{level} = st.depth + 1")
    src.add(depth, f"if {level} < {COMPILED_DEPTH}:")
    src.add(depth + 1, f"{caller} = st.tmpl")
    src.add(depth + 1, f"st.vars, st.tmpl, st.depth = [['$', {value}]], {callee}, {level}")
    src.add(depth + 1, "if meter is not None:")
    src.add(depth + 2, f"meter.call({level})")
    src.add(depth + 1, f"compiled({callee})(st, {value})")
    src.add(depth + 1, f"st.vars, st.tmpl, st.depth = vs, {caller}, {level} - 1")
    src.add(depth, "else:")
    src.add(depth + 1, f"_walk_template(st, {callee}, {value})")


def compile_body(tree: Any, common: Any) -> Any:
    """One Python function running a template body."""
    src = Generated(common, analysis(tree), _NAMES)
    _gen_list(src, tree.root, 1, ("dot", "raw", "view"))
    prologue = [
        "    emit = st.emit",
        "    vs = st.vars",
        "    meter = st.meter",
        "    raw = dot.value if type(dot) is _Iface else dot",
    ]
    if src.calls_templates:
        prologue.append("    templates = st.tmpl._common.templates")
    return _define(src, "body(st, dot)", prologue)


def _define(src: Generated, signature: str, prologue: list[str]) -> Any:
    """The generated function `signature` of `src`'s lines after `prologue` (and the dot's
    struct view where a line reads it)."""
    if src.uses_view:
        prologue += VIEW_PROLOGUE
    code = f"def {signature}:\n" + "\n".join(prologue + src.lines) + "\n"
    exec(compile(code, "<gotmpl template body>", "exec"), src.names)  # noqa: S102
    return src.names[signature.partition("(")[0]]


def flat_body(tree: Any, common: Any) -> Any:
    """For a body of texts and actions printing operands read inline (`.A`, `.A.B`, a
    literal) or a call of a function with a plain form (funcmaps.PLAIN_FORMS) on such
    operands, as Flipt's field, Slack and toJson bodies are: one function of the data
    returning the whole output when every operand holds a string, an int, a float, a bool
    or a map or list of JSON-shaped data (fmt's plain_container) and every plain form
    answers, and None otherwise, having called nothing the data or the set defines. The
    render then needs no State; on None the compiled body renders from the start. None when
    the body has another shape."""
    src = Generated(common, analysis(tree), _FLAT_NAMES, objects=not common.safe)
    parts: list[tuple[str, str]] = []
    values: list[str] = []
    reads: list[tuple[n.Node, str]] = []
    calls: list[tuple[str, str, list[str]]] = []
    for x in tree.root.nodes:
        if isinstance(x, n.TextNode):
            parts.append(("text", x.text))
            continue
        value = src.fresh("s")
        call = _plain_call(src, x)
        if call is not None:
            args = [src.fresh("a") for _ in call[1]]
            reads += zip(call[1], args, strict=True)
            calls.append((value, src.const(call[0]), args))
        elif _prints_operand(src, x) and not isinstance(x.pipe.cmds[0].args[0], n.VariableNode):
            reads.append((x.pipe.cmds[0].args[0], value))
        else:
            return None
        parts.append(("local", value))
        values.append(value)
    _read_operands(src, reads, 1, ("dot", "raw", "view"))
    for value, form, args in calls:
        if args:
            src.add(1, f"if {' or '.join(f'{a} is _MISS' for a in args)}:")
            src.add(2, "return None")
        src.add(1, f"{value} = {form}({', '.join(args)})")
        src.add(1, f"if {value} is None:")
        src.add(2, "return None")
    output = f"return {src.joined(parts)}"
    if values:
        src.add(1, f"if {' and '.join(f'type({v}) is str' for v in values)}:")
        src.add(2, output)
    for v in values:  # printValue's rules for the values that need no State, as _gen_print's
        src.add(1, f"if type({v}) is not str:")
        src.add(2, f"if type({v}) is int:")
        src.add(3, f"{v} = str({v})")
        src.add(2, f"elif type({v}) in _SCALARS:")
        src.add(3, f"{v} = _format({v})")
        src.add(2, f"elif type({v}) in _CONTAINERS:")
        src.add(3, f"{v} = _plain_container({v})")
        src.add(3, f"if {v} is None:")
        src.add(4, "return None")
        src.add(2, "else:")
        src.add(3, "return None")
    src.add(1, output)
    return _define(src, "flat(dot)", ["    raw = dot.value if type(dot) is _Iface else dot"])


def _plain_call(src: Generated, node: n.Node) -> tuple[Any, list[n.Node]] | None:
    """`{{f .A "x"}}` where the set's `f` has a plain form (funcmaps.PLAIN_FORMS) and every
    argument is an operand read inline, one per parameter: that form and the arguments."""
    if not isinstance(node, n.ActionNode) or node.pipe.decl or len(node.pipe.cmds) != 1:
        return None
    ident, *args = node.pipe.cmds[0].args
    if not isinstance(ident, n.IdentifierNode):
        return None
    fn = src.common.funcs.get(ident.ident)
    load = next((load for f, load in PLAIN_FORMS.items() if f is fn), None)
    if load is None or not all(
        reads_inline(src, a) and not isinstance(a, n.VariableNode) for a in args
    ):
        return None
    sig = signature_of(fn)
    if sig.variadic is not None or len(sig.params) != len(args):
        return None
    return load(), args


def compiled(tmpl: Any) -> Any:
    """The compiled body of a template's tree: compiled on first use and kept on the
    template, until its tree changes or its set's funcs or options do (which renews the
    set's `generation`)."""
    code = tmpl._code
    generation = tmpl._common.generation
    if code is not None and code[0] is tmpl.tree and code[1] is generation:
        return code[2]
    common = tmpl._common
    body = compile_body(tmpl.tree, common)
    if common.safe:
        body = _under_policy(body, Policy(common.funcs.values()))
    tmpl._code = (tmpl.tree, generation, body, flat_body(tmpl.tree, common))
    return body


def _under_policy(body: Any, policy: Policy) -> Any:
    """A safe set's body, run under its policy (gotmpl.safe): the body, the walker it hands
    to and the functions it calls all see it."""

    def safe_body(st: State, dot: Any) -> None:
        token = ACTIVE.set(policy)
        try:
            body(st, dot)
        finally:
            ACTIVE.reset(token)

    return safe_body


#: What generated bodies refer to besides inline's RUNTIME, by the names they use.
_NAMES: dict[str, Any] = {
    "_truth": if_true,
    "_items": range_of,
    "_GoError": GoError,
    "_Break": Break,
    "_Continue": Continue,
    "_print": print_value,
    # Values printValue hands to fmt as they are: no pointer, method or address rules; fmt
    # cannot fail on the scalars.
    "_SCALARS": frozenset({float, bool}),
    "_CONTAINERS": frozenset({dict, list, tuple}),
    "_format": format_value,
    "_callee": template_callee,
    "_walk_node": _walk_node,
    "_walk_pipeline": _walk_pipeline,
    "_walk_template": _walk_template,
    "compiled": compiled,
    "_ONE_PASS": (None,),
}
#: A flat body prints containers only through plain_container: fmt may call methods of what
#: a container holds, and a flat body that gave up would have called them once before the
#: compiled body does.
_FLAT_NAMES = {
    "_SCALARS": _NAMES["_SCALARS"],
    "_CONTAINERS": _NAMES["_CONTAINERS"],
    "_format": format_value,
    "_plain_container": plain_container,
}
