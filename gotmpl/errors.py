"""The error types: one boundary type (`TemplateError`) whose text is Go's, byte for byte."""

from __future__ import annotations

from typing import Any

__all__ = ["ExecError", "GoError", "ParseError", "TemplateError"]


class TemplateError(Exception):
    """Base of every error `parse` and `execute` raise; `str()` is Go's `err.Error()`."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ParseError(TemplateError):
    """A template that Go's parser rejects: `template: NAME:LINE: MSG`.

    Go formats the name as part of the format (gotmpl.parse.errorf), so the message is the text
    Go gives even for a name holding `%`; `msg` is MSG as formatted on its own.
    """

    def __init__(self, message: str, *, name: str, line: int, msg: str) -> None:
        super().__init__(message)
        self.name = name
        self.line = line
        self.msg = msg


class ExecError(TemplateError):
    """A failure while executing: `template: NAME:LINE:COL: executing "T" at <CTX>: MSG`.

    `partial` holds the output written before the error, as Go leaves it in the writer.
    """

    def __init__(
        self,
        message: str,
        *,
        name: str = "",
        line: int = 0,
        col: int = 0,
        context: str = "",
        msg: str = "",
        partial: str = "",
    ) -> None:
        super().__init__(message)
        self.name = name
        self.line = line
        self.col = col
        self.context = context
        self.msg = msg
        self.partial = partial


class GoError(Exception):
    """A Go-level error raised by value semantics or a builtin, as Go's `fmt.Errorf(format,
    args...)` would make it: `message` is the text, and the executor keeps `format` and `args`
    apart because Go puts its own prefix into the format (a template name holding `%` then
    consumes arguments, as in Go). The engine turns it into an ExecError (adding `error
    calling NAME: ` where Go does).
    """

    def __init__(self, format: str, *args: Any) -> None:
        super().__init__(format, *args)
        self.format = format
        self.format_args = args

    @property
    def message(self) -> str:
        """The error's text: Go's Errorf of the format and its arguments."""
        if not self.format_args:
            return self.format
        from gotmpl.fmt.print import errorf

        return errorf(self.format, *self.format_args)

    def __str__(self) -> str:
        return self.message


def type_arg(name: str) -> Any:
    """A reflect.Type argument of an error format, as Go passes it: it prints as the type's
    name, and as `*reflect.rtype` under `%T` (a template name holding `%` can make Go format
    its arguments with any verb)."""
    return _stringer("reflect.rtype", name)


def node_arg(node: Any) -> Any:
    """A parse node argument of an error format: it prints as the node's text, and as
    `*parse.FieldNode` (its Go type) under `%T`."""
    return _stringer("parse." + type(node).__name__, str(node))


def _stringer(type_name: str, text: str) -> Any:
    from gotmpl.gotypes import Pointer, Struct

    ptr = _stringer_type(type_name)
    return Pointer(Struct(ptr.elem, text=text), ptr)


_STRINGER_TYPES: dict[str, Any] = {}


def _stringer_type(name: str) -> Any:
    """The pointer type `*name` of a struct holding `text`, a Stringer printing that text."""
    ptr = _STRINGER_TYPES.get(name)
    if ptr is None:
        from gotmpl.gotypes import STRING, GoType, struct_type

        elem = struct_type(name, [("text", STRING)])
        methods = {"String": lambda p: p.target.get("text")}
        ptr = _STRINGER_TYPES[name] = GoType("ptr", f"*{name}", elem=elem, methods=methods)
    return ptr
