"""Executing a template: the entry points, and the one place errors become ExecError.

A render runs the template's compiled body (compile.py) on a fresh State; the body hands to
the walker whatever it does not cover. Every error leaves as a TemplateError with Go's text;
a Python exception from inside the engine is an internal error, never a bare traceback.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any, NoReturn

from gotmpl.budget import Budget, BudgetExceeded, Meter
from gotmpl.errors import ExecError, GoError, TemplateError
from gotmpl.exec.compile import compiled
from gotmpl.exec.state import State
from gotmpl.gostring import CanonicalWriter, canonical
from gotmpl.gotypes import NO_VALUE
from gotmpl.safe import Unsafe

if TYPE_CHECKING:
    from gotmpl.template import Template

__all__ = ["execute", "execute_to"]


#: States of finished renders, for the next render to take up instead of making one (a
#: render's fixed cost is a good part of a small template's). A render takes one with pop()
#: and gives it back with append(), both atomic, so concurrent renders never share one.
_IDLE: list[State] = []


def _body(tmpl: Template) -> Any:
    """The template's compiled body (compile.compiled), or Go's error for a template with
    nothing to run."""
    if tmpl.tree is None:
        raise _Incomplete
    return compiled(tmpl)


class _Incomplete(Exception):
    """The template has no tree (it was never parsed, or only named)."""


def _failed(st: State, err: BaseException) -> NoReturn:
    """Every way a render can fail, as the one error type the API raises."""
    if isinstance(err, TemplateError):
        raise err
    if isinstance(err, _Incomplete):
        st.fail("%q is an incomplete or empty template", st.tmpl.name)
    if isinstance(err, Unsafe):  # met inside fmt or json, at the node being evaluated
        st.fail_with(err)
    if isinstance(err, BudgetExceeded):
        st.fail("%s", err.message)
    if isinstance(err, GoError):  # a value that has no Go form (gotmpl.pyvalues), met in fast code
        st.fail_with(err)
    if isinstance(err, RecursionError):
        # The engine's own depth never reaches Python's limit; the caller's stack did.
        st.fail("internal error: Python's recursion limit reached: %s", str(err), cause=err)
    if isinstance(err, Exception):  # never let a Python error escape as anything else
        st.fail("internal error: %s: %s", type(err).__name__, str(err), cause=err)
    raise err


def execute(tmpl: Template, data: Any = None, budget: Budget | None = None) -> str:
    """Run the template on `data` and return the output; raises ExecError, whose `partial`
    holds the output written before the error.

    `budget` bounds the work (output bytes, range iterations, call depth, time); Go has no
    such limits, so by default there are none.
    """
    data = NO_VALUE if data is None else data
    # The compiled body, checked here first: the common case is one compare, not a call.
    code = tmpl._code
    body = None
    if code is not None and code[0] is tmpl.tree and code[1] is tmpl._common.generation:
        flat = code[3]
        if flat is not None and budget is None:
            text = flat(data)
            if text is not None:
                return text if text.isascii() else canonical(text)
            # Data of another shape than the flat body takes: renders of this template go
            # the compiled body's way from now on.
            tmpl._code = (*code[:3], None)
        body = code[2]
    out: list[str] = []
    try:
        st = _IDLE.pop()
    except IndexError:
        st = State.__new__(State)
    st.start(tmpl, out.append, data, None if budget is None else Meter(budget))
    try:
        if body is None:
            body = _body(tmpl)
        body(st, data)
    except BaseException as e:
        try:
            _failed(st, e)
        except ExecError as failure:
            failure.partial = canonical("".join(out))
            raise
    _IDLE.append(st)
    text = out[0] if len(out) == 1 else "".join(out)
    # Pieces join as Go's bytes do: "\xc3" then "\xa9" is "é".
    return text if text.isascii() else canonical(text)


def execute_to(
    tmpl: Template, out: IO[str], data: Any = None, budget: Budget | None = None
) -> None:
    """Run the template, writing its output to the text file `out` as it is produced.

    An error of `out` itself (a full disk, a closed pipe, a character its encoding lacks)
    is raised as it is, as Go's Execute returns the writer's error unwrapped.
    """
    data = NO_VALUE if data is None else data

    def write(text: str) -> None:
        try:
            out.write(text)
        except Exception as err:
            raise _WriteFailed(err) from err

    writer = CanonicalWriter(write)
    st = State(tmpl, writer.write, data, None if budget is None else Meter(budget))
    try:
        try:
            _body(tmpl)(st, data)
        except _WriteFailed:
            raise
        except BaseException as e:
            writer.close()
            _failed(st, e)
        writer.close()
    except _WriteFailed as failed:
        raise failed.err from None


class _WriteFailed(Exception):
    """The output file refused a write (Go's writeError): `err` is its own error."""

    def __init__(self, err: Exception) -> None:
        super().__init__(err)
        self.err = err
