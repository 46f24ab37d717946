"""The Python engines under test behind one shape: parse a case, render it.

Each engine gets what its users would write: gotmpl and gotpl the Go text with Flipt's funcMap,
Jinja2 the twin template in an Environment without autoescape (the bodies are JSON, not HTML).
Parsing includes building the template object, as Go's `New("").Funcs(m).Parse(text)` does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench.corpus import GO_FUNCS, Case

__all__ = ["ENGINES", "Engine", "available"]


@dataclass(frozen=True)
class Engine:
    """`parse(case)` returns a compiled template; `render(template, case, data)` returns text."""

    name: str
    parse: Callable[[Case], Any]
    render: Callable[[Any, Case, Any], str]
    data: Callable[[Case], Any]


def _gotmpl() -> Engine:
    import gotmpl

    def parse(case: Case) -> Any:
        return gotmpl.Template("").funcs(GO_FUNCS).parse(case.go)

    def render(t: Any, case: Case, data: Any) -> str:
        return t.execute_template(case.entry, data) if case.entry else t.execute(data)

    return Engine("gotmpl", parse, render, Case.gotmpl_data)


def _gotpl() -> Engine:
    import gotpl

    def parse(case: Case) -> Any:
        return gotpl.Template(case.go, name="", functions=GO_FUNCS)

    def render(t: Any, case: Case, data: Any) -> str:
        return t.render_template(case.entry, data) if case.entry else t.render(data)

    return Engine("gotpl", parse, render, Case.gotpl_data)


def _jinja2() -> Engine:
    import jinja2

    env = jinja2.Environment(autoescape=False, keep_trailing_newline=True)

    def parse(case: Case) -> Any:
        return env.from_string(case.jinja)

    def render(t: Any, case: Case, data: Any) -> str:
        return t.render(data)

    return Engine("Jinja2", parse, render, Case.jinja_data)


ENGINES: dict[str, Callable[[], Engine]] = {
    "gotmpl": _gotmpl,
    "Jinja2": _jinja2,
    "gotpl": _gotpl,
}


def available() -> tuple[dict[str, Engine], dict[str, str]]:
    """The engines that import here, and why each missing one is missing."""
    found: dict[str, Engine] = {}
    missing: dict[str, str] = {}
    for name, make in ENGINES.items():
        try:
            found[name] = make()
        except ImportError as exc:
            missing[name] = f"{exc} (pip install -e '.[bench]')"
    return found, missing
