"""Run a webhook template under the configured `TemplateBudget`, through gotmpl's budget API.

gotmpl owns the enforcement (Go has no budgets, so plain gotmpl use has none by default); the
sender only passes its limits along: `Template.execute(data, budget=gotmpl.Budget(...))`, whose
fields are named like ours. `budget_supported()` says whether the installed gotmpl has that API;
without it templates run unbounded and `load_config` adds a warning saying so.
"""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

from webhook.options import TemplateBudget

__all__ = ["budget_supported", "execute"]


def _budget_class() -> Any:
    import gotmpl

    return getattr(gotmpl, "Budget", None)


def budget_supported() -> bool:
    """Whether gotmpl offers `Budget` and `Template.execute(..., budget=)`."""
    cls = _budget_class()
    if cls is None:
        return False
    import gotmpl

    return "budget" in inspect.signature(gotmpl.Template.execute).parameters


def _gotmpl_budget(cls: Any, budget: TemplateBudget) -> Any:
    """Our limits as gotmpl.Budget keywords (0 = unlimited maps to None), skipping any field
    the installed gotmpl does not know."""
    known = set(inspect.signature(cls).parameters)
    values = {
        f.name: (getattr(budget, f.name) or None)
        for f in dataclasses.fields(budget)
        if f.name in known
    }
    return cls(**values)


def execute(template: Any, data: Any, budget: TemplateBudget | None) -> str:
    """`template.execute(data)` within `budget`; raises what execute raises (ExecError)."""
    if budget is None or budget.unlimited or not budget_supported():
        return template.execute(data)
    return template.execute(data, budget=_gotmpl_budget(_budget_class(), budget))
