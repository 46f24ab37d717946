"""gotmpl: Go's text/template in Python, rendering byte for byte what Go 1.27 renders.

The public surface is small: `Template` (Go's template set API) and the error types, whose
`str()` is Go's error text.
"""

from typing import TYPE_CHECKING, Any

from gotmpl.budget import Budget
from gotmpl.errors import ExecError, ParseError, TemplateError
from gotmpl.template import Template

if TYPE_CHECKING:
    from gotmpl.files import parse_files, parse_fs, parse_glob
    from gotmpl.json import to_json

__all__ = [
    "Budget",
    "ExecError",
    "ParseError",
    "Template",
    "TemplateError",
    "parse_files",
    "parse_fs",
    "parse_glob",
    "to_json",
]
# Imported on first use, so a render that does not call them does not load them.
_LAZY = {
    "to_json": "gotmpl.json",
    "parse_files": "gotmpl.files",
    "parse_glob": "gotmpl.files",
    "parse_fs": "gotmpl.files",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'gotmpl' has no attribute {name!r}")
