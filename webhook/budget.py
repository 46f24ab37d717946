"""Run a webhook template under the configured `TemplateBudget`, through gotmpl's budgets.

gotmpl enforces the limits (`Template.execute(data, budget=gotmpl.Budget(...))`; exceeding one
is an ExecError naming the budget). Go has none, so plain gotmpl use has none by default; the
sender always passes the config's `sender.template_budget`, whose defaults suit audit webhooks.
"""

from __future__ import annotations

import functools
from typing import Any

import gotmpl
from webhook.options import TemplateBudget

__all__ = ["execute", "to_gotmpl"]


@functools.lru_cache(maxsize=32)  # a Budget holds only limits (the per-render Meter is gotmpl's)
def to_gotmpl(budget: TemplateBudget) -> Any:
    """Our config's limits as a `gotmpl.Budget` (our 0 = unlimited = gotmpl's None)."""
    return gotmpl.Budget(
        output_bytes=budget.output_bytes or None,
        range_iterations=budget.range_iterations or None,
        template_depth=budget.call_depth or None,
        seconds=budget.wall_time or None,
    )


def execute(template: gotmpl.Template, data: Any, budget: TemplateBudget | None) -> str:
    """`template.execute(data)` within `budget`; raises what execute raises (ExecError)."""
    if budget is None or budget.unlimited:
        return template.execute(data)
    return template.execute(data, budget=to_gotmpl(budget))
