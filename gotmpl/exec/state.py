"""One execution's state (Go's exec.state) and the way it reports errors.

Everything an execution changes lives here, apart from the template, so one parsed template
renders from many threads at once. The walker and the compiled bodies both run on a `State`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

from gotmpl.budget import Meter
from gotmpl.errors import ExecError, GoError
from gotmpl.fmt.print import errorf
from gotmpl.parse import node as n
from gotmpl.strconv.quote import quote

if TYPE_CHECKING:
    from gotmpl.template import Template

__all__ = ["MAX_EXEC_DEPTH", "State"]

#: Go's maxExecDepth: how deeply {{template}} calls may nest.
MAX_EXEC_DEPTH = 100000


class State:
    """One execution's mutable state.

    `vars` is Go's variable stack: `[name, value]` entries, `$` first; a template call gets a
    fresh one. `node` is the node Go's state points at (`s.at`), the place errors name.
    """

    __slots__ = ("emit", "vars", "node", "tmpl", "depth", "meter")

    def __init__(
        self, tmpl: Template, emit: Callable[[str], Any], data: Any, meter: Meter | None
    ) -> None:
        self.start(tmpl, emit, data, meter)

    def start(
        self, tmpl: Template, emit: Callable[[str], Any], data: Any, meter: Meter | None
    ) -> None:
        """Set the state up for a render of `tmpl` on `data` (a state is reused by renders
        that come after the one it served: see execute.py)."""
        self.meter = meter
        self.emit = emit if meter is None else meter.metered(emit)
        self.vars: list[list[Any]] = [["$", data]]
        self.node: n.Node | None = None
        self.tmpl = tmpl
        self.depth = 0

    @property
    def common(self) -> Any:
        """What the executing set shares: its templates, funcs and options."""
        return self.tmpl._common

    @property
    def missingkey(self) -> str:
        """The executing set's missingkey option: "invalid", "zero" or "error"."""
        return self.tmpl._common.missingkey

    def fail(self, format: str, *args: Any, cause: BaseException | None = None) -> NoReturn:
        """Raise Go's ExecError at the current node: `errorf(format, args...)` of exec.go.

        Go builds the error as `Errorf("template: LOCATION: executing NAME at <NODE>: " +
        format, args...)` with the template and node escaped but not the location, so a
        parse name holding `%` consumes arguments as in Go.
        """
        msg = errorf(format, *args) if args else format
        name = self.tmpl.name
        node = self.node
        if node is None:
            raise ExecError(f"template: {name}: {msg}", name=name, msg=msg) from cause
        line, col = node.src.location(node.pos)
        parse_name = node.src.parse_name
        context = str(node)
        location = f"{parse_name}:{line}:{col}"
        head = f"template: {location}: executing {quote(name)} at <{context}>: "
        if "%" in location:
            escaped = head[len(f"template: {location}: ") :].replace("%", "%%")
            text = errorf(f"template: {location}: {escaped}{format}", *args)
        else:
            text = head + msg
        raise ExecError(
            text, name=parse_name, line=line, col=col, context=context, msg=msg
        ) from cause

    def fail_with(self, err: GoError) -> NoReturn:
        """Raise a value rule's GoError as Go's errorf of its format and arguments."""
        self.fail(err.format, *err.format_args, cause=err)
