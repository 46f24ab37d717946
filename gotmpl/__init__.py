"""gotmpl: Go's text/template in Python, rendering byte for byte what Go 1.27 renders.

The public surface is small: `Template` (Go's template set API) and the error types, whose
`str()` is Go's error text.
"""

from gotmpl.budget import Budget
from gotmpl.errors import ExecError, ParseError, TemplateError
from gotmpl.json import to_json
from gotmpl.template import Template

__all__ = ["Budget", "ExecError", "ParseError", "Template", "TemplateError", "to_json"]
