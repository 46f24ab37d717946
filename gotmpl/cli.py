"""The `python -m gotmpl` command line: parse (canonical form) and render templates.

User errors (a bad template, unreadable data, Go's parse or exec error) print one line on
stderr and exit non-zero, never a traceback: 1 for template errors, 2 for usage and input.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from gotmpl.budget import Budget
from gotmpl.errors import TemplateError
from gotmpl.jsonvalid import MAX_NESTING_DEPTH, go_float, json_error
from gotmpl.template import Template

__all__ = ["main"]


class _InputError(Exception):
    """Input the command cannot use (a missing file, malformed JSON)."""


def _read(path: str) -> str:
    try:
        if path == "-":
            return sys.stdin.read()
        with open(path, encoding="utf-8", errors="surrogateescape") as fh:
            return fh.read()
    except OSError as e:
        raise _InputError(f"{path}: {e.strerror or e}") from None


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def json_depth(text: str) -> int:
    """How deep JSON `text` nests arrays and objects (brackets inside strings do not count):
    exact when it may exceed MAX_NESTING_DEPTH, else a bound (the number of opening brackets)."""
    brackets = text.count("[") + text.count("{")
    if brackets <= MAX_NESTING_DEPTH:
        return brackets
    depth = deepest = 0
    for ch in _NOT_BRACKET.sub("", _JSON_STRING.sub("", text)):
        depth += 1 if ch in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def decode_json(text: str, *, keep_ints: bool = False, source: str = "data") -> Any:
    """JSON decoded as Go's json.Unmarshal into `any`: every number a float64.

    With `keep_ints`, whole numbers written without a fraction or exponent stay Go ints
    (refused beyond a 64-bit int's range).
    Nesting is accepted up to Go's limit (MAX_NESTING_DEPTH), deeper is Go's error. Errors
    name `source` (the data file).
    """

    def reject(name: str) -> Any:
        raise ValueError(name)  # NaN, Infinity: json_error says what Go says of them

    def whole(literal: str) -> int:
        number = int(literal)
        if not -(2**63) <= number < 2**63:  # Go's int on the 64-bit machines it runs on
            raise ValueError(f"cannot unmarshal number {literal} into Go value of type int")
        return number

    depth = json_depth(text)
    if depth > MAX_NESTING_DEPTH:
        raise _InputError(
            f"{source}: exceeded max depth ({depth} levels; Go's encoding/json takes "
            f"at most {MAX_NESTING_DEPTH})"
        )
    # CPython's decoder recurses once per level; the limit is raised for the call only.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, depth + 1000))
    try:
        return json.loads(
            text,
            parse_int=whole if keep_ints else go_float,
            parse_float=go_float,
            parse_constant=reject,
        )
    except ValueError as e:
        syntax = json_error(text)
        if syntax is None:  # valid JSON holding a number Go refuses
            raise _InputError(f"{source}: {e}") from None
        where = f"line {syntax.line}, column {syntax.col}"
        raise _InputError(f"{source}: {syntax.msg} ({where})") from None
    except RecursionError:
        raise _InputError(f"{source}: nested too deeply for this Python to decode") from None
    finally:
        sys.setrecursionlimit(limit)


def _template(args: argparse.Namespace, text: str) -> Template:
    t = Template(args.name)
    if args.delims:
        t.delims(*args.delims)
    if args.funcs:
        from gotmpl.funcmaps import FUNCMAPS

        t.funcs(FUNCMAPS[args.funcs])
    try:
        t.option(*args.option)
    except ValueError as e:
        raise _InputError(str(e)) from None
    return t.parse(text)


def canonical(t: Template) -> str:
    """The set's canonical source: the main tree, then each other template as a define."""
    left, right = t._left or "{{", t._right or "}}"
    parts = [str(t.tree) if t.tree is not None else ""]
    for other in t.templates():
        if other is not t and other.tree is not None:
            name = json.dumps(other.name, ensure_ascii=False)
            parts.append(f"{left}define {name}{right}{other.tree}{left}end{right}")
    return "".join(parts)


def silence(stream: TextIO) -> None:
    """Point a stream whose reader went away (`| head`) at /dev/null, so the interpreter's
    last flush cannot fail again (the Python docs' advice for SIGPIPE)."""
    try:
        fd = stream.fileno()
    except (OSError, ValueError):  # io.UnsupportedOperation is both: no descriptor to point
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter with the terminal's width read without shutil, which argparse
    would import (with its compression modules) on every run, help or not."""

    def __init__(self, prog: str) -> None:
        columns = os.environ.get("COLUMNS", "")
        try:
            width = int(columns) if columns.isdigit() else os.get_terminal_size().columns
        except OSError:
            width = 80
        super().__init__(prog, width=max(width - 2, 20))


class VersionAction(argparse.Action):
    """`--version`: the installed distribution's version, looked up only when asked (the
    metadata import would slow every run)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS) -> None:
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="print the version"
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("gotmpl")
        except PackageNotFoundError:
            found = "unknown (not installed)"
        print(f"{parser.prog} {found}")
        parser.exit()


_EXITS = {
    "parse": "exit status: 0 parsed; 1 Go's parse error (on stderr), or stdout refused the "
    "output; 2 unreadable input",
    "render": "exit status: 0 rendered; 1 Go's parse or exec error (on stderr, the output "
    "written before it on stdout), or stdout refused the output; 2 unreadable input or data, "
    "or a bad flag",
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m gotmpl", description=__doc__.splitlines()[0], formatter_class=_Formatter
    )
    p.add_argument("--version", action=VersionAction)
    sub = p.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("parse", "print the template's canonical form (Go's String()) or Go's parse error"),
        ("render", "render the template on JSON data and print the output"),
    ):
        c = sub.add_parser(name, help=help_text, epilog=_EXITS[name], formatter_class=_Formatter)
        c.add_argument("template", help="template file, or - for standard input")
        c.add_argument("--name", default="", help="template name used in errors (default '')")
        c.add_argument("--delims", nargs=2, metavar=("LEFT", "RIGHT"), help="action delimiters")
        c.add_argument(
            "--option", action="append", default=[], help="e.g. missingkey=error (repeatable)"
        )
        c.add_argument(
            "--funcs", choices=["flipt"], help="a Go program's function map (flipt: toJson)"
        )
        if name == "render":
            c.add_argument("--data", help="JSON data file, or - for standard input")
            c.add_argument("--int", action="store_true", help="keep whole JSON numbers as Go ints")
            budget = c.add_argument_group(
                "budgets (gotmpl.Budget; default: none, as Go; 0 allows none of it)"
            )
            budget.add_argument("--max-output", type=int, metavar="BYTES", help="output bytes")
            budget.add_argument("--max-range", type=int, metavar="N", help="range iterations")
            budget.add_argument("--max-depth", type=int, metavar="N", help="template call depth")
            budget.add_argument("--timeout", metavar="DURATION", help="wall time, e.g. 2s, 500ms")
    return p


def _budget(args: argparse.Namespace) -> Budget | None:
    """The render's budget from the budget flags; None when none is given."""
    seconds = None
    if args.timeout is not None:
        from gotmpl.duration import DurationError, parse_duration

        try:
            seconds = parse_duration(args.timeout) / 1e9
        except DurationError as e:
            raise _InputError(f"--timeout: {e}") from None
    limits = (args.max_output, args.max_range, args.max_depth, seconds)
    flags = ("--max-output", "--max-range", "--max-depth", "--timeout")
    given = (args.max_output, args.max_range, args.max_depth, args.timeout)
    for flag, value, text in zip(flags, limits, given, strict=True):
        if value is not None and value < 0:
            raise _InputError(f"{flag} must not be negative, got {text}")
    if all(x is None for x in limits):
        return None
    return Budget(*limits)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "render" and args.data == "-" == args.template:
            raise _InputError("the template and --data cannot both be read from stdin (-)")
        text = _read(args.template)
        t = _template(args, text)
        if args.command == "parse":
            sys.stdout.write(canonical(t) + "\n")
            sys.stdout.flush()  # here, where its error is caught, not at exit
            return 0
        data = None
        if args.data:
            source = "stdin" if args.data == "-" else args.data
            data = decode_json(_read(args.data), keep_ints=args.int, source=source)
        t.execute_to(sys.stdout, data, _budget(args))
        sys.stdout.flush()
        return 0
    except TemplateError as e:
        sys.stdout.flush()
        print(e, file=sys.stderr)
        return 1
    except _InputError as e:
        print(f"gotmpl: {e}", file=sys.stderr)
        return 2
    except OSError as e:  # stdout's own error (execute_to raises it as Go returns it)
        silence(sys.stdout)
        print(f"gotmpl: cannot write the output: {e.strerror or e}", file=sys.stderr)
        return 1
    except RecursionError:  # e.g. printing back a template nested hundreds of levels deep
        sys.stdout.flush()
        print("gotmpl: input nested too deeply for Python's recursion limit", file=sys.stderr)
        return 2
