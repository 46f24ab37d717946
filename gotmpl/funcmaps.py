"""The function maps of Go programs whose templates gotmpl renders, by name.

`python -m gotmpl render --funcs flipt` renders a Flipt webhook body as Flipt would; the
webhook package registers the same map (webhook.FUNCS is FLIPT).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["FLIPT", "FUNCMAPS"]


def _to_json(v: Any) -> str:
    """Flipt's `toJson`: Go's `json.Marshal(v)` as a string (an error fails the template)."""
    from gotmpl.json import to_json

    return to_json(v)


#: Flipt v1.61.1's template funcMap (internal/server/audit/template/executer.go:
#: `template.New("").Funcs(funcMap)`).
FLIPT: Mapping[str, Callable[..., Any]] = {"toJson": _to_json}

#: Every map by the name the command line takes.
FUNCMAPS: Mapping[str, Mapping[str, Callable[..., Any]]] = {"flipt": FLIPT}
