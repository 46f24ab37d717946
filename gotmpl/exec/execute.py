"""Executing a template: the entry points, and the one place errors become ExecError.

A render runs the template's compiled body (compile.py) on a fresh State; the body hands to
the walker whatever it does not cover. Every error leaves as a TemplateError with Go's text;
a Python exception from inside the engine is an internal error, never a bare traceback.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any, NoReturn

from gotmpl.budget import Budget, BudgetExceeded, Meter
from gotmpl.errors import ExecError, TemplateError
from gotmpl.exec.compile import compiled
from gotmpl.exec.state import State
from gotmpl.gotypes import NO_VALUE

if TYPE_CHECKING:
    from gotmpl.template import Template

__all__ = ["execute", "execute_to"]


def _body(tmpl: Template) -> Any:
    """The template's compiled body (see compile.compiled), checked here first: the common
    case is one tuple compare, not a call."""
    code = tmpl._code
    if code is not None and code[0] is tmpl.tree and code[1] is tmpl._common.generation:
        return code[2]
    return compiled(tmpl)


def _failed(st: State, err: BaseException) -> NoReturn:
    """Every way a render can fail, as the one error type the API raises."""
    if isinstance(err, TemplateError):
        raise err
    if isinstance(err, BudgetExceeded):
        st.fail("%s", err.message)
    if isinstance(err, RecursionError):
        # The engine's own depth never reaches Python's limit; the caller's stack did.
        st.fail("internal error: Python's recursion limit reached: %s", str(err), cause=err)
    if isinstance(err, Exception):  # never let a Python error escape as anything else
        st.fail("internal error: %s: %s", type(err).__name__, str(err), cause=err)
    raise err


def execute(tmpl: Template, data: Any, budget: Budget | None = None) -> str:
    """Render `tmpl` on `data`; on error the ExecError carries the partial output."""
    out: list[str] = []
    data = NO_VALUE if data is None else data
    st = State(tmpl, out.append, data, None if budget is None else Meter(budget))
    try:
        if tmpl.tree is None:
            st.fail("%q is an incomplete or empty template", tmpl.name)
        _body(tmpl)(st, data)
    except BaseException as e:
        try:
            _failed(st, e)
        except ExecError as failure:
            failure.partial = "".join(out)
            raise
    return "".join(out)


def execute_to(tmpl: Template, data: Any, file: IO[str], budget: Budget | None = None) -> None:
    """Render `tmpl` on `data` straight into a text file object."""
    data = NO_VALUE if data is None else data
    st = State(tmpl, file.write, data, None if budget is None else Meter(budget))
    try:
        if tmpl.tree is None:
            st.fail("%q is an incomplete or empty template", tmpl.name)
        _body(tmpl)(st, data)
    except BaseException as e:
        _failed(st, e)
