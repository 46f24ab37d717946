"""Execution: compile a tree's statements into closures once, then run them per render.

A `_State` holds everything one execution changes (output, variables, depth, the node being
evaluated), so compiled templates are shared by every thread that renders them. Compiled code is
cached in the template set and dropped whenever its funcs, options or trees change.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any, NoReturn

from . import nodes as n
from .budget import Budget, BudgetExceeded, Meter
from .errors import ExecError, GoError, TemplateError
from .evaluate import compile_pipeline, plain_fields
from .gofmt import format_value
from .gotypes import NO_VALUE, GoType, GoValue, Pointer, Struct, pointer_type, type_of
from .ranging import range_items
from .strconv import quote
from .values import Iface, indirect, is_true

if TYPE_CHECKING:
    from .template import Template

__all__ = ["MAX_EXEC_DEPTH", "execute", "execute_to"]

#: Go's maxExecDepth: how deeply {{template}} calls may nest.
MAX_EXEC_DEPTH = 100000
#: Python frames one nested {{template}} call uses at most (for the recursion limit).
_FRAMES_PER_CALL = 12

Run = Callable[[Any, Any], None]


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


_BREAK, _CONTINUE = _Break(), _Continue()


class _State:
    """One execution's mutable state (Go's exec.state)."""

    __slots__ = ("emit", "vars", "node", "tmpl", "depth", "common", "missingkey", "meter", "deep")

    def __init__(
        self, tmpl: Template, emit: Callable[[str], Any], data: Any, meter: Meter | None
    ) -> None:
        self.meter = meter
        self.deep = False  # holds a raised recursion limit (see _DeepStack)
        if meter is not None:
            raw_emit = emit

            def emit(text: str) -> None:
                meter.emitted(text)
                raw_emit(text)

        self.emit = emit
        self.vars: list[list[Any]] = [["$", data]]
        self.node: n.Node | None = None
        self.tmpl = tmpl
        self.depth = 0
        self.common = tmpl._common
        self.missingkey = tmpl._common.missingkey

    def fail(self, msg: str, cause: BaseException | None = None) -> NoReturn:
        """Raise Go's ExecError for `msg` at the current node."""
        name = self.tmpl.name
        node = self.node
        if node is None:
            err = ExecError(f"template: {name}: {msg}", name=name, msg=msg)
        else:
            line, col = node.src.location(node.pos)
            context = str(node)
            parse_name = node.src.parse_name
            err = ExecError(
                f"template: {parse_name}:{line}:{col}: executing {quote(name)} at <{context}>: "
                f"{msg}",
                name=parse_name,
                line=line,
                col=col,
                context=context,
                msg=msg,
            )
        raise err from cause

    def var(self, name: str) -> Any:
        for entry in reversed(self.vars):
            if entry[0] == name:
                return entry[1]
        self.fail(f"undefined variable: {name}")

    def set_var(self, name: str, value: Any) -> None:
        for entry in reversed(self.vars):
            if entry[0] == name:
                entry[1] = value
                return
        self.fail(f"undefined variable: {name}")


# --- compiling statements ----------------------------------------------------------------------


def _compile_list(node: n.ListNode, common: Any) -> Run:
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
        return _compile_list(node, common)
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
    body = _compile_list(node.list, common)
    else_ = _compile_list(node.else_list, common) if node.else_list is not None else None
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
    body = _compile_list(node.list, common)
    else_ = _compile_list(node.else_list, common) if node.else_list is not None else None
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
                    if is_assign:
                        if nvars > 1:
                            st.set_var(names[0], key)
                            st.set_var(names[1], elem)
                        else:
                            st.set_var(names[0], elem)
                    else:
                        variables[-1][1] = elem
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
            _ensure_stack(st)
        compiled(callee)(st, value)
        st.vars, st.tmpl, st.depth = saved

    return run_template


class _DeepStack:
    """Lends executions a higher recursion limit while they nest deeply, and gives the old
    limit back when the last of them ends.

    Pure-Python calls need no C stack in CPython 3.11+, so Go's 100000 nested {{template}}
    calls fit; but the limit also guards C code that recurses (the json decoder, repr), which
    would crash the process under a limit left high. So the limit is raised only for as long
    as some execution is deep.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.holders = 0
        self.saved = 0

    def acquire(self) -> None:
        with self.lock:
            if self.holders == 0:
                self.saved = sys.getrecursionlimit()
            self.holders += 1

    def raise_to(self, need: int) -> None:
        with self.lock:
            if sys.getrecursionlimit() < need:
                sys.setrecursionlimit(need)

    def release(self) -> None:
        with self.lock:
            self.holders -= 1
            if self.holders == 0:
                sys.setrecursionlimit(self.saved)


_DEEP_STACK = _DeepStack()


def _ensure_stack(st: _State) -> None:
    if not st.deep:
        _DEEP_STACK.acquire()
        st.deep = True
    _DEEP_STACK.raise_to((st.depth + 512) * _FRAMES_PER_CALL)


def compiled(tmpl: Template) -> Run:
    """The compiled root of a template's tree (compiled on first use, then cached)."""
    tree = tmpl.tree
    cache = tmpl._common.compiled
    key = id(tree)
    entry = cache.get(key)
    if entry is None or entry[0] is not tree:
        entry = (tree, _compile_list(tree.root, tmpl._common))
        cache[key] = entry
    return entry[1]


# --- entry points ------------------------------------------------------------------------------


def _run(tmpl: Template, data: Any, emit: Callable[[str], Any], budget: Budget | None) -> None:
    data = NO_VALUE if data is None else data
    st = _State(tmpl, emit, data, Meter(budget) if budget is not None else None)
    if tmpl.tree is None:
        st.fail(f"{quote(tmpl.name)} is an incomplete or empty template")
    try:
        compiled(tmpl)(st, data)
    except TemplateError:
        raise
    except BudgetExceeded as e:
        st.fail(e.message)
    except (_Break, _Continue):  # pragma: no cover - the parser rejects misplaced break
        st.fail("break or continue outside range")
    except RecursionError as e:
        st.fail(f"exceeded maximum template depth ({MAX_EXEC_DEPTH})", e)
    except Exception as e:  # never let a Python error escape as anything but TemplateError
        st.fail(f"internal error: {type(e).__name__}: {e}", e)
    finally:
        if st.deep:
            _DEEP_STACK.release()


def execute(tmpl: Template, data: Any, budget: Budget | None = None) -> str:
    """Render `tmpl` on `data`; on error the ExecError carries the partial output."""
    out: list[str] = []
    try:
        _run(tmpl, data, out.append, budget)
    except ExecError as e:
        e.partial = "".join(out)
        raise
    return "".join(out)


def execute_to(tmpl: Template, data: Any, file: IO[str], budget: Budget | None = None) -> None:
    """Render `tmpl` on `data` straight into a text file object."""
    _run(tmpl, data, file.write, budget)
