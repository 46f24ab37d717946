"""Field paths a Flipt template reads that `audit.Event` cannot have, found without an event.

Flipt executes a webhook template on `audit.Event` (webhook.event: EVENT_TYPE); a field the
type lacks is an exec error on every event (`.Metadata.Actor.email`: `can't evaluate field email
in type *audit.Actor`). `python -m webhook check` prints these as warnings, not errors: the
payload is `any`, so paths under `.Payload` are never flagged, nor paths that the walk cannot
resolve (gotmpl.meta).
"""

from __future__ import annotations

from typing import Any

from gotmpl.gotypes import GoType
from gotmpl.meta import ELEMENT, references
from webhook.event import EVENT_TYPE

__all__ = ["field_warnings"]


def field_warnings(template: Any, root: GoType = EVENT_TYPE) -> list[str]:
    """One line per field path of `template` (a parsed gotmpl.Template run on a `root` value)
    that `root` cannot have: where, the path as written, and Go's error for it."""
    out = []
    seen = set()
    for ref in references(template).fields:
        for path in sorted(ref.resolved):
            problem = _problem(root, path)
            if problem is not None and (ref.where, problem) not in seen:
                seen.add((ref.where, problem))
                out.append(f"template {ref.where}: {ref}: {problem}")
    return out


def _problem(root: GoType, path: tuple[str, ...]) -> str | None:
    """Go's error for reading `path` from a value of type `root`, or None when it may work."""
    t = root
    for name in path:
        target = t.elem if t.kind == "ptr" and t.elem is not None else t
        if target.kind == "interface":
            return None  # any value may be there (the payload)
        if name == ELEMENT:
            if target.kind not in ("slice", "array", "map") or target.elem is None:
                return None  # ranging over it is an error of its own; nothing to add
            t = target.elem
            continue
        if name in target.methods:
            return None  # a method: what it returns is not known here
        field = target.field(name) if target.kind == "struct" else None
        if field is None:
            return f"can't evaluate field {name} in type {t.name}" + _near(target, name)
        t = field.type
    return None


def _near(t: GoType, name: str) -> str:
    """A field of `t` spelled like `name` but for case: what the author probably meant."""
    for f in t.fields:
        if f.name.lower() == name.lower():
            return f" (did you mean {f.name}?)"
    return ""
