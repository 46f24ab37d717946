"""The function maps of Go programs whose templates gotmpl renders, by name.

`python -m gotmpl render --funcs flipt` renders a Flipt webhook body as Flipt would; the
webhook package registers the same map (webhook.FUNCS is FLIPT).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["FLIPT", "FUNCMAPS", "PLAIN_FORMS"]


def _to_json(v: Any) -> str:
    """Flipt's `toJson`: Go's `json.Marshal(v)` as a string (an error fails the template)."""
    marshal = _MARSHAL or _load_marshal()
    return marshal(v)


#: gotmpl.json's to_json once a toJson has run: importing it where a funcmap is only named
#: would slow every cold start, and an import statement inside `_to_json` would cost each
#: call more than marshalling a small payload.
_MARSHAL: Callable[[Any], str] | None = None


def _load_marshal() -> Callable[[Any], str]:
    global _MARSHAL
    from gotmpl.json import to_json

    _MARSHAL = to_json
    return to_json


#: Flipt v1.61.1's template funcMap (internal/server/audit/template/executer.go:
#: `template.New("").Funcs(funcMap)`).
FLIPT: Mapping[str, Callable[..., Any]] = {"toJson": _to_json}

#: Every map by the name the command line takes.
FUNCMAPS: Mapping[str, Mapping[str, Callable[..., Any]]] = {"flipt": FLIPT}


def _plain_to_json() -> Callable[[Any], str | None]:
    from gotmpl.json import plain_json

    return plain_json


#: Functions of these maps that have a plain form, by a loader of it. The plain form gives
#: the function's result for JSON-shaped arguments and None for anything else, raising
#: nothing and calling nothing the data defines; a flat body calls it first (see
#: exec.compile.flat_body), and the function itself runs only where it declined.
PLAIN_FORMS: Mapping[Callable[..., Any], Callable[[], Callable[..., str | None]]] = {
    _to_json: _plain_to_json
}
