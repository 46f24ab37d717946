"""gotmpl: Go's text/template in Python, rendering byte for byte what Go 1.27 renders.

    >>> import gotmpl
    >>> t = gotmpl.Template("notify").funcs({"upper": str.upper}).parse(
    ...     'Flag {{ .key | printf "%q" }} {{ if .enabled }}on{{ else }}off{{ end }}'
    ...     " by {{ upper .who }}"
    ... )
    >>> t.execute({"key": "checkout", "enabled": True, "who": "ann"})
    'Flag "checkout" on by ANN'
    >>> safe = gotmpl.Template("t", safe=True).parse("{{ .f.unlink }}")
    >>> try:
    ...     safe.execute({"f": object()})
    ... except gotmpl.ExecError as err:
    ...     print(err.context, "|", err.msg)
    .f.unlink | safe mode: can't reach unlink of main.object, which is not plain data

The public surface is small: `Template` (Go's template set API: parse, funcs, option, delims,
new, lookup, clone, execute; `safe=True` for templates written by someone else), `Budget` (a
bound on one render's work), `to_json` (Go's json.Marshal) and the error types, whose `str()`
is Go's error text (`ParseError`, `ExecError`, both `TemplateError`). Python values stand for
Go values as the README's data model says; `gotmpl.gotypes` wraps the ones plain Python cannot
express.
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
