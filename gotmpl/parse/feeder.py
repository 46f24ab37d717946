"""The token stream the grammar reads: Go's items turned into grammar tokens, with Go's context.

Go's parser decides a few things by looking at neighbouring tokens rather than by grammar:
whether a space separates operands, whether `.Y` continues a chain, whether `$x` starts a
declaration (three-token look-ahead), which variables are in scope, and whether `break` is inside
a range. This module makes those decisions while it streams tokens, so the LALR grammar stays
context-free; see the head of grammar.lark for the token conventions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from gotmpl.errors import ParseError
from gotmpl.parse.errorf import error_value, item_value, parse_error
from gotmpl.parse.lex import Item, Lexer
from gotmpl.parse.literals import number_node, string_value

__all__ = ["ParseJob", "Tok", "tokens"]

#: Grammar tokens after which a field continues a chain and a space separates operands.
TERM_END = frozenset(
    {
        "IDENT",
        "FIELD",
        "CHAIN",
        "VARIABLE",
        "UNDEFVAR",
        "DOT",
        "NIL",
        "BOOL",
        "NUMBER",
        "CHARCONST",
        "COMPLEX",
        "STRING",
        "RAWSTRING",
        "RPAREN",
    }
)
#: Keywords that make an action a control action (the left delimiter is then dropped).
ACTION_KEYWORDS = frozenset(
    {"IF", "ELSE", "END", "RANGE", "WITH", "DEFINE", "TEMPLATE", "BLOCK", "BREAK", "CONTINUE"}
)
_RENAME = {
    "IDENTIFIER": "IDENT",
    "LEFT_PAREN": "LPAREN",
    "RIGHT_PAREN": "RPAREN",
    "CHAR_CONSTANT": "CHARCONST",
    "RAW_STRING": "RAWSTRING",
    "RIGHT_DELIM": "RD",
    "LEFT_DELIM": "LD",
}
#: Grammar token names back to Go's item types (for errors that print the item).
TOKEN_ITEM = {
    **{token: item for item, token in _RENAME.items()},
    "SP": "SPACE",
    "CHAIN": "FIELD",
    "DECLVAR": "VARIABLE",
    "UNDEFVAR": "VARIABLE",
    "COMMA": "CHAR",
}
_PIPE_CONTEXT = {"IF": "if", "RANGE": "range", "WITH": "with"}
#: Terms a field may not follow (Go: bool, string, number, nil and dot nodes).
_LITERALS = frozenset(
    {"BOOL", "STRING", "RAWSTRING", "NUMBER", "CHARCONST", "COMPLEX", "NIL", "DOT"}
)
#: Go's maxStackDepth: how deeply parentheses may nest.
MAX_PAREN_DEPTH = 10000


@dataclass
class _Block:
    """An open if/range/with/define/block while scanning: for scopes and break checks."""

    kind: str
    var_mark: int
    saved_vars: list[str] | None = None
    chained: bool = False  # an `else if`/`else with` that shares its parent's {{end}}
    in_body: bool = False  # range: between its header and its else/end
    in_else: bool = False


@dataclass
class ParseJob:
    """Everything one `parse` call needs, handed to the lexer and the parser callbacks."""

    name: str
    text: str
    left: str
    right: str
    funcs: Any  # has __contains__: names of defined functions
    src: Any = None  # nodes.Source
    trees: dict[str, Any] = field(default_factory=dict)
    blocks: list[Any] = field(default_factory=list)  # the feeder's open blocks
    literals: dict[int, Any] = field(default_factory=dict)  # number nodes by offset
    stream: Iterator[Tok] | None = None  # the token generator (read on after a syntax error)
    last_line: int = 1
    eof_line: int = 1

    def error(self, fmt: str, *args: Any, line: int | None = None) -> ParseError:
        """Go's `t.errorf(fmt, args...)` at `line` (default: the last token's)."""
        return parse_error(self.name, self.last_line if line is None else line, fmt, *args)

    def error_value(self, text: str) -> ParseError:
        """Go's `t.error(err)` for an error whose Error() is `text`."""
        return self.error("%s", error_value(text))


class Tok:
    """One grammar token: its terminal name, text, char offset and line."""

    __slots__ = ("type", "value", "start_pos", "line")

    def __init__(self, type: str, value: str, start_pos: int, line: int) -> None:
        self.type = type
        self.value = value
        self.start_pos = start_pos
        self.line = line

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Tok({self.type}, {self.value!r})"


def _tok(type_: str, item: Item) -> Tok:
    return Tok(type_, item.value, item.pos, item.line)


def tokens(job: ParseJob) -> Iterator[Tok]:  # noqa: C901 - one stream, Go's decisions in order
    """The grammar tokens of a parse job, in order, with Go's parse-time decisions made as they
    stream."""
    funcs = job.funcs
    lexer = Lexer(
        job.text,
        job.left,
        job.right,
        break_ok="break" not in funcs,
        continue_ok="continue" not in funcs,
    )
    raw = lexer.items()
    pushback: list[Item] = []

    def next_item() -> Item:
        if pushback:
            return pushback.pop()
        item = next(raw)
        job.last_line = item.line
        return item

    def peek_nonspace() -> Item:
        """The next non-space item, left in place (spaces before it too)."""
        taken = []
        while True:
            item = next_item()
            taken.append(item)
            if item.type != "SPACE":
                break
        pushback.extend(reversed(taken))
        return item

    # Go's parser notes where the action it is reading began (t.actionLine) and forgets it when
    # that action returns: a control action (if/range/with) returns only at its {{end}}, but
    # any action nested in its body clears the note. Lexer errors name it when it differs.
    action_line = 0

    def raise_lex_error(item: Item) -> None:
        extra = ""
        if action_line and action_line != item.line:
            extra = f" in action started at {job.name}:{action_line}"
            if item.value.endswith(" action"):
                extra = extra[len(" in action") :]
        raise job.error("%s%s", item_value(item, job.text), extra, line=item.line)

    variables = ["$"]
    blocks: list[_Block] = []
    job.blocks = blocks
    paren_depth = 0
    prev_term = False  # last token sent ends a term: a field chains, a space separates
    literal: str | None = None  # the last token sent, when it is a literal term
    pipe_ctx: str | None = None  # set when the next token starts a pipeline
    decl_count = 0
    name_for: str | None = None  # "TEMPLATE"/"BLOCK"/"DEFINE": the next token is its name
    header: str | None = None  # the control keyword whose header action is open
    after_else = False
    branch_stop: str | None = None  # "break"/"continue" awaiting its right delimiter

    def break_allowed() -> bool:
        for b in reversed(blocks):
            if b.kind in ("define", "block"):
                return False
            if b.kind == "range" and b.in_body and not b.in_else:
                return True
        return False

    while True:
        item = next_item()
        typ = item.type
        after_literal, literal = literal, None  # only the very next token may be its field
        if typ == "ERROR":
            raise_lex_error(item)
        if typ == "SPACE":
            if prev_term:
                prev_term = False
                yield _tok("SP", item)
            continue
        if typ == "EOF":
            job.eof_line = item.line
            return
        if typ == "TEXT":
            prev_term = False
            yield _tok("TEXT", item)
            continue
        if typ == "LEFT_DELIM":
            nxt = peek_nonspace()
            if nxt.type != "DEFINE":  # Go reads a top-level define without noting its line
                action_line = item.line
            if nxt.type in ACTION_KEYWORDS:
                continue  # the keyword token opens this action
            prev_term = False
            pipe_ctx, decl_count = "command", 0
            header = "command"
            yield _tok("LD", item)
            continue

        if name_for is not None:
            kind, name_for = name_for, None
            if typ in ("STRING", "RAW_STRING"):
                prev_term = False
                if kind != "DEFINE":
                    pipe_ctx, decl_count = kind.lower() + " clause", 0
                tok = _tok(_RENAME.get(typ, typ), item)
                yield tok
                string_value(job, tok)
                continue

        if typ == "VARIABLE":
            if pipe_ctx is not None:
                nxt = peek_nonspace()
                if nxt.type in ("DECLARE", "ASSIGN") or (nxt.type == "CHAR" and nxt.value == ","):
                    variables.append(item.value)
                    decl_count += 1
                    ctx = pipe_ctx
                    yield _tok("DECLVAR", item)
                    if nxt.type == "CHAR":
                        # Consume the comma here: Go decides right after it.
                        while next_item().type == "SPACE":
                            pass
                        if ctx != "range" or decl_count >= 2:
                            raise job.error("too many declarations in %s", ctx)
                        after = peek_nonspace()
                        if after.type not in ("VARIABLE", "RIGHT_DELIM", "RIGHT_PAREN"):
                            raise job.error("range can only initialize variables")
                        yield _tok("COMMA", nxt)
                        continue  # pipe_ctx stays: the second variable may declare too
                    pipe_ctx = None
                    prev_term = False
                    continue
            pipe_ctx = None
            prev_term = True
            if item.value in variables:
                yield _tok("VARIABLE", item)
                continue
            tok = _tok("UNDEFVAR", item)
            yield tok
            raise job.error("undefined variable %q", item.value)  # Go: the last token lexed

        pipe_ctx = None
        # Block-stack changes follow the yield: if the parser rejects this token, the stack
        # still describes the place where it was rejected (see parser.explain).
        if typ in _PIPE_CONTEXT or typ in ("DEFINE", "TEMPLATE", "BLOCK"):
            chained = after_else and typ in ("IF", "WITH")
            if chained:
                action_line = 0  # the {{else}} action has returned; its if/with goes on
            after_else = False
            header = typ
            prev_term = False
            yield _tok(typ, item)
            if typ == "DEFINE":
                blocks.append(_Block("define", 0, saved_vars=variables))
                variables = ["$"]
                name_for = typ
            elif typ in ("TEMPLATE", "BLOCK"):
                name_for = typ
            else:
                blocks.append(_Block(typ.lower(), len(variables), chained=chained))
                pipe_ctx, decl_count = _PIPE_CONTEXT[typ], 0
            continue
        after_else = False

        if typ == "RIGHT_DELIM":
            if branch_stop is not None:
                word, branch_stop = branch_stop, None
                if not break_allowed():
                    raise job.error(f"{{{{{word}}}}} outside {{{{range}}}}")
            prev_term = False
            yield _tok("RD", item)
            if header not in ("IF", "RANGE", "WITH"):
                action_line = 0  # the action returned (a block's body is a new tree)
            if header == "RANGE" and blocks:
                blocks[-1].in_body = True
            elif header == "BLOCK":
                blocks.append(_Block("block", 0, saved_vars=variables))
                variables = ["$"]
            header = None
            continue
        if typ == "ELSE":
            prev_term = False
            yield _tok("ELSE", item)
            if blocks and blocks[-1].kind == "range":
                blocks[-1].in_else = True
            after_else = True
            continue
        if typ == "END":
            prev_term = False
            yield _tok("END", item)
            while blocks:
                b = blocks.pop()
                if b.saved_vars is not None:
                    variables = b.saved_vars
                else:
                    del variables[b.var_mark :]
                if not b.chained:
                    break
            continue
        if typ in ("BREAK", "CONTINUE"):
            nxt = peek_nonspace()
            if nxt.type == "RIGHT_DELIM":
                branch_stop = item.value
            prev_term = False
            yield _tok(typ, item)
            continue

        if typ == "FIELD":
            yield _tok("CHAIN" if prev_term else "FIELD", item)
            if prev_term and after_literal is not None:
                # Go rejects `"a".X` once it has read the field, before lexing on.
                raise job.error("unexpected . after term %q", after_literal)
            prev_term = True
            continue
        if typ == "LEFT_PAREN":
            paren_depth += 1
            if paren_depth > MAX_PAREN_DEPTH:
                raise job.error("max expression depth exceeded")
            pipe_ctx, decl_count = "parenthesized pipeline", 0
            prev_term = False
            yield _tok("LPAREN", item)
            continue
        if typ == "CHAR":
            prev_term = False
            yield _tok("COMMA" if item.value == "," else "CHAR", item)
            continue
        if typ == "RIGHT_PAREN":
            paren_depth -= 1
        name = _RENAME.get(typ, typ)
        prev_term = name in TERM_END
        literal = item.value if name in _LITERALS else None
        tok = _tok(name, item)
        yield tok
        # Go checks a term as it reads it, before lexing on.
        if name == "IDENT" and item.value not in funcs:
            raise job.error("function %q not defined", item.value)
        if name in ("NUMBER", "CHARCONST", "COMPLEX"):
            job.literals[item.pos] = number_node(job, tok)
        elif name in ("STRING", "RAWSTRING"):
            string_value(job, tok)
