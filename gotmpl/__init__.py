"""gotmpl: Go's text/template in Python, rendering byte for byte what Go 1.27 renders.

The public surface is small: `Template` (Go's template set API) and the error types, whose
`str()` is Go's error text.
"""

from typing import Any

from gotmpl.budget import Budget
from gotmpl.errors import ExecError, ParseError, TemplateError
from gotmpl.template import Template

__all__ = ["Budget", "ExecError", "ParseError", "Template", "TemplateError", "to_json"]


def __getattr__(name: str) -> Any:
    # to_json needs Go's encoding/json; a render that does not call it need not import it.
    if name == "to_json":
        from gotmpl.json import to_json

        return to_json
    raise AttributeError(f"module 'gotmpl' has no attribute {name!r}")
