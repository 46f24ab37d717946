"""Execution: run a template's compiled body on data, with Go's error reporting.

A `_State` holds everything one execution changes (output, variables, depth, the node being
evaluated), so compiled templates are shared by every thread that renders them. Compiled code
(statements.py) is cached in the template set and dropped whenever its funcs, options or trees
change.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any, NoReturn

from gotmpl.budget import Budget, BudgetExceeded, Meter
from gotmpl.errors import ExecError, TemplateError
from gotmpl.exec.compile import compiled
from gotmpl.exec.statements import MAX_EXEC_DEPTH
from gotmpl.gotypes import NO_VALUE
from gotmpl.parse import node as n
from gotmpl.strconv.parse import quote

if TYPE_CHECKING:
    from gotmpl.template import Template

__all__ = ["MAX_EXEC_DEPTH", "execute", "execute_to"]

#: Python frames one nested {{template}} call uses at most (for the recursion limit).
_FRAMES_PER_CALL = 12

Run = Callable[[Any, Any], None]


class _State:
    """One execution's mutable state (Go's exec.state)."""

    __slots__ = ("emit", "vars", "node", "tmpl", "depth", "common", "missingkey", "meter", "deep")

    def __init__(
        self, tmpl: Template, emit: Callable[[str], Any], data: Any, meter: Meter | None
    ) -> None:
        self.meter = meter
        self.deep = False  # holds a raised recursion limit (see _DeepStack)
        self.emit = emit if meter is None else meter.metered(emit)
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

    def compiled(self, tmpl: Template) -> Run:
        """The compiled body of `tmpl` (for {{template}} calls)."""
        return compiled(tmpl)

    def deepen(self) -> None:
        """Make room on the stack for the current template depth (see _DeepStack)."""
        if not self.deep:
            _DEEP_STACK.acquire()
            self.deep = True
        _DEEP_STACK.raise_to((self.depth + 512) * _FRAMES_PER_CALL)

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
