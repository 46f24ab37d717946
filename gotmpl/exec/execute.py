"""Executing a template: the entry points, and the one place errors become ExecError.

A render runs the template's compiled body (compile.py) on a fresh State; the body hands to
the walker whatever it does not cover. Every error leaves as a TemplateError with Go's text;
a Python exception from inside the engine is an internal error, never a bare traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from gotmpl.budget import Budget, BudgetExceeded, Meter
from gotmpl.errors import ExecError, TemplateError
from gotmpl.exec.compile import compiled
from gotmpl.exec.state import State
from gotmpl.gotypes import NO_VALUE

if TYPE_CHECKING:
    from gotmpl.template import Template

__all__ = ["execute", "execute_to"]


def _run(tmpl: Template, data: Any, emit: Callable[[str], Any], budget: Budget | None) -> None:
    data = NO_VALUE if data is None else data
    st = State(tmpl, emit, data, Meter(budget) if budget is not None else None)
    if tmpl.tree is None:
        st.fail("%q is an incomplete or empty template", tmpl.name)
    try:
        compiled(tmpl)(st, data)
    except TemplateError:
        raise
    except BudgetExceeded as e:
        st.fail("%s", e.message)
    except RecursionError as e:
        # The engine's own depth never reaches Python's limit; the caller's stack did.
        st.fail("internal error: Python's recursion limit reached: %s", str(e), cause=e)
    except Exception as e:  # never let a Python error escape as anything but TemplateError
        st.fail("internal error: %s: %s", type(e).__name__, str(e), cause=e)


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
