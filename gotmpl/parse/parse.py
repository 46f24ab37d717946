"""The parser: grammar.lark's LALR(1) tables (built by lark) driving node construction.

`parse_text` returns the trees one template text defines (the main one and every define/block).
lark computes the LALR tables from grammar.lark once; a small shift/reduce loop here walks them
over the feeder's tokens, calling the reduce callbacks directly (lark's generic parser loop costs
several times more per token, and parsing is on the webhook's config-load path). Go's
parse-time checks happen in the reduce callbacks; a syntax error is worded the way Go words it
by `explain`, which reads the parser's value stack and the feeder's open blocks.
"""

from __future__ import annotations

import contextvars
import functools
import itertools
from collections.abc import Callable
from typing import Any

from gotmpl.errors import ParseError
from gotmpl.gostring import canonical
from gotmpl.gotypes import Struct
from gotmpl.parse import node as n
from gotmpl.parse.errorf import item_value, node_value
from gotmpl.parse.feeder import TERM_END, TOKEN_ITEM, ParseJob, Tok, tokens
from gotmpl.parse.lex import Item
from gotmpl.parse.literals import number_node, string_value

__all__ = ["Tree", "parse_text"]

_JOB: contextvars.ContextVar[ParseJob] = contextvars.ContextVar("gotmpl_parse_job")


class Tree:
    """One named template body: Go's parse.Tree (its Root and where it came from)."""

    __slots__ = ("name", "root", "src", "analysis")

    def __init__(self, name: str, root: n.ListNode, src: n.Source) -> None:
        self.name = name
        self.root = root
        self.src = src
        # What the executor works out once about the tree (exec/scope.py), when it first
        # runs it; a tree never changes after parsing.
        self.analysis: Any = None

    @property
    def parse_name(self) -> str:
        """The name of the template whose text this tree was parsed from (Go's ParseName)."""
        return self.src.parse_name

    def __str__(self) -> str:
        return str(self.root)

    def __repr__(self) -> str:
        return f"Tree({self.name!r}, {str(self.root)!r})"


def is_empty_tree(node: n.Node | None) -> bool:
    """Go's IsEmptyTree: only space text (and comments, which we drop) and nothing else."""
    if node is None:
        return True
    if isinstance(node, n.ListNode):
        return all(is_empty_tree(x) for x in node.nodes)
    if isinstance(node, n.TextNode):
        return node.text.strip(" \t\n\r\v\f\x85\xa0") == ""
    return False


#: The children of a grammar rule being reduced, by position: tokens and the values earlier
#: reductions built (nodes, lists of them, declarations), as grammar.lark orders them.
Children = list[Any]

_NON_EXECUTABLE = (n.BoolNode, n.DotNode, n.NilNode, n.NumberNode, n.StringNode)


class _Build:
    """Reduce callbacks: build nodes and make Go's parse-time checks."""

    # --- lists and the top level ---------------------------------------------------------

    def empty_list(self, c: Children) -> list[n.Node]:
        return []

    def list_append(self, c: Children) -> list[n.Node]:
        nodes: list[n.Node] = c[0]
        nodes.append(c[1])
        return nodes

    def define(self, c: Children) -> list[n.Node]:
        job_add_tree(_JOB.get(), c[2], c[4], c[2])
        nodes: list[n.Node] = c[0]
        return nodes

    def start(self, c: Children) -> n.ListNode:
        job = _JOB.get()
        return n.ListNode(job.src, 0, tuple(c[0]))

    def text(self, c: Children) -> n.TextNode:
        tok = c[0]
        return n.TextNode(_JOB.get().src, tok.start_pos, str(tok))

    def name(self, c: Children) -> Tok:
        tok = c[0]
        return Tok("NAME", string_value(_JOB.get(), tok), tok.start_pos, tok.line)

    # --- actions and control -------------------------------------------------------------

    def action(self, c: Children) -> n.ActionNode:
        pipe = c[1]
        return n.ActionNode(pipe.src, pipe.pos, pipe)

    def _branch(self, cls: type[n.BranchNode], c: Children) -> n.BranchNode:
        pipe, body, else_list = c[1], c[3], c[4]
        src = pipe.src
        return cls(src, pipe.pos, pipe, n.ListNode(src, pipe.pos, tuple(body)), else_list)

    def if_node(self, c: Children) -> n.BranchNode:
        return self._branch(n.IfNode, c)

    def range_node(self, c: Children) -> n.BranchNode:
        return self._branch(n.RangeNode, c)

    def with_node(self, c: Children) -> n.BranchNode:
        return self._branch(n.WithNode, c)

    def no_else(self, c: Children) -> None:
        return None

    def else_list(self, c: Children) -> n.ListNode:
        return n.ListNode(_JOB.get().src, c[0].start_pos, tuple(c[2]))

    def else_if(self, c: Children) -> n.ListNode:
        inner = self._branch(n.IfNode, c[1:])
        return n.ListNode(inner.src, c[1].start_pos, (inner,))

    def else_with(self, c: Children) -> n.ListNode:
        inner = self._branch(n.WithNode, c[1:])
        return n.ListNode(inner.src, c[1].start_pos, (inner,))

    def template(self, c: Children) -> n.TemplateNode:
        name = c[1]
        pipe = c[2] if len(c) == 4 else None
        return n.TemplateNode(_JOB.get().src, name.start_pos, str(name), pipe)

    def block(self, c: Children) -> n.TemplateNode:
        job = _JOB.get()
        name, pipe, body = c[1], c[2], c[4]
        job_add_tree(job, name, body, name, context="block clause")
        return n.TemplateNode(job.src, name.start_pos, str(name), pipe)

    def break_node(self, c: Children) -> n.BreakNode:
        return n.BreakNode(_JOB.get().src, c[0].start_pos)

    def continue_node(self, c: Children) -> n.ContinueNode:
        return n.ContinueNode(_JOB.get().src, c[0].start_pos)

    # --- pipelines -------------------------------------------------------------------------

    def pipeline(self, c: Children) -> n.PipeNode:
        job = _JOB.get()
        if isinstance(c[0], tuple):
            is_assign, decl = c[0]
            cmds = c[1]
            pos = decl[0].pos
        else:
            is_assign, decl = False, ()
            cmds = c[0]
            pos = cmds[0].pos
        for i, cmd in enumerate(cmds[1:]):
            if isinstance(cmd.args[0], _NON_EXECUTABLE):
                raise job.error("non executable command in pipeline stage %d", i + 2)
        return n.PipeNode(job.src, pos, is_assign, decl, tuple(cmds))

    def _decl(self, c: Children, is_assign: bool) -> tuple[bool, tuple[n.VariableNode, ...]]:
        src = _JOB.get().src
        decl = tuple(n.VariableNode(src, t.start_pos, (str(t),)) for t in c if t.type == "DECLVAR")
        return is_assign, decl

    def declare(self, c: Children) -> tuple[bool, tuple[n.VariableNode, ...]]:
        return self._decl(c, False)

    def assign(self, c: Children) -> tuple[bool, tuple[n.VariableNode, ...]]:
        return self._decl(c, True)

    def cmds(self, c: Children) -> list[n.CommandNode]:
        if len(c) == 1:
            return [c[0]]
        cmds: list[n.CommandNode] = c[0]
        cmds.append(c[2])
        return cmds

    def command(self, c: Children) -> n.CommandNode:
        args = c[0]
        first = args[0]
        pos = first.start if isinstance(first, n.PipeNode) else first.pos
        return n.CommandNode(first.src, pos, tuple(args))

    def args(self, c: Children) -> list[n.Node]:
        if len(c) == 1:
            return [c[0]]
        args: list[n.Node] = c[0]
        args.append(c[2])
        return args

    def chain(self, c: Children) -> n.Node:
        node, tok = c
        field = str(tok)[1:]
        if isinstance(node, n.FieldNode):
            pos = node.pos if len(node.ident) > 1 else tok.start_pos
            return n.FieldNode(node.src, pos, (*node.ident, field))
        if isinstance(node, n.VariableNode):
            pos = node.pos if len(node.ident) > 1 else tok.start_pos
            return n.VariableNode(node.src, pos, (*node.ident, field))
        # A field after a literal never gets here: the feeder rejects it as Go does.
        if isinstance(node, n.ChainNode):
            return n.ChainNode(node.src, node.pos, node.node, (*node.fields, field))
        return n.ChainNode(node.src, tok.start_pos, node, (field,))

    # --- terms -----------------------------------------------------------------------------

    def identifier(self, c: Children) -> n.IdentifierNode:
        tok = c[0]
        return n.IdentifierNode(_JOB.get().src, tok.start_pos, str(tok))

    def dot(self, c: Children) -> n.DotNode:
        return n.DotNode(_JOB.get().src, c[0].start_pos)

    def nil(self, c: Children) -> n.NilNode:
        return n.NilNode(_JOB.get().src, c[0].start_pos)

    def variable(self, c: Children) -> n.VariableNode:
        tok = c[0]
        return n.VariableNode(_JOB.get().src, tok.start_pos, (str(tok),))

    def field(self, c: Children) -> n.FieldNode:
        tok = c[0]
        return n.FieldNode(_JOB.get().src, tok.start_pos, (str(tok)[1:],))

    def bool(self, c: Children) -> n.BoolNode:
        tok = c[0]
        return n.BoolNode(_JOB.get().src, tok.start_pos, str(tok) == "true")

    def number(self, c: Children) -> n.NumberNode:
        job = _JOB.get()
        tok = c[0]
        return job.literals.pop(tok.start_pos, None) or number_node(job, tok)

    def string(self, c: Children) -> n.StringNode:
        job = _JOB.get()
        tok = c[0]
        return n.StringNode(job.src, tok.start_pos, str(tok), string_value(job, tok))

    def paren(self, c: Children) -> n.PipeNode:
        p = c[1]
        return n.PipeNode(p.src, p.pos, p.is_assign, p.decl, p.cmds, c[0].start_pos)


def job_add_tree(
    job: ParseJob, name_tok: Tok, body: list[n.Node], at: Tok, context: str = "define clause"
) -> None:
    """Go's Tree.add for a define or block body: keep, replace, or a redefinition error."""
    name = str(name_tok)
    tree = Tree(name, n.ListNode(job.src, at.start_pos, tuple(body)), job.src)
    old = job.trees.get(name)
    if old is None or is_empty_tree(old.root):
        job.trees[name] = tree
    elif not is_empty_tree(tree.root):
        raise job.error("template: multiple definition of template %q", name)


_BUILD = _Build()


#: A reduction in the driver's tables: how many values it takes, the callback building its
#: value from them, and the nonterminal it makes.
Reduction = tuple[int, Callable[[Children], Any], str]


class _Tables:
    """The LALR tables (tables.py, generated from grammar.lark by lark) in the form the driver
    reads fastest: `actions[state][terminal]` is a state to shift to, or a (size, callback,
    nonterminal) reduction; `goto[state][nonterminal]` is the state after a reduction."""

    def __init__(self) -> None:
        from gotmpl.parse import tables

        reductions = [
            (size, _passthrough if name == "_passthrough" else getattr(_BUILD, name), origin)
            for size, name, origin in tables.REDUCTIONS
        ]
        self.start = tables.START
        self.end = tables.END
        self.actions: list[dict[str, int | Reduction]] = [
            {k: (v if v >= 0 else reductions[~v]) for k, v in row.items()} for row in tables.ACTIONS
        ]
        self.goto = tables.GOTO


def _passthrough(c: Children) -> Any:
    return c[0]


@functools.lru_cache(maxsize=1)
def _tables() -> _Tables:
    return _Tables()


def _drive(job: ParseJob) -> n.ListNode:
    """Shift/reduce the job's tokens over the tables; returns the root list."""
    tables = _tables()
    actions, goto = tables.actions, tables.goto
    states = [tables.start]
    values: list[Any] = []
    end = Tok("$END", "", len(job.text), 0)
    stream = tokens(job)
    job.stream = stream
    for tok in itertools.chain(stream, (end,)):
        ttype = tok.type
        while True:
            act = actions[states[-1]].get(ttype)
            if act is None:
                raise explain(job, tok, values)
            if isinstance(act, int):
                if ttype == "$END" and act == tables.end:
                    root: n.ListNode = values[-1]
                    return root
                states.append(act)
                values.append(tok)
                break
            size, callback, origin = act
            if size:
                args = values[-size:]
                del states[-size:]
                del values[-size:]
            else:
                args = []
            values.append(callback(args))
            nxt = goto[states[-1]][origin]
            states.append(nxt)
            if ttype == "$END" and nxt == tables.end:
                root = values[-1]
                return root
    raise AssertionError("unreachable: the end token always accepts or errors")


def parse_text(name: str, text: str, left: str, right: str, funcs: Any) -> dict[str, Tree]:
    """Go's parse.Parse: the trees one text defines, by name (the main one under `name`)."""
    text = canonical(text)  # the lexer reads Go's runes: one per character
    left = left or "{{"
    right = right or "}}"
    src = n.Source(name, text, left, right)
    job = ParseJob(name, text, left, right, funcs, src)
    token = _JOB.set(job)
    try:
        root = _drive(job)
    finally:
        _JOB.reset(token)
    main = Tree(name, root, src)
    old = job.trees.get(name)
    if old is None or is_empty_tree(old.root):
        job.trees[name] = main
    elif not is_empty_tree(main.root):
        raise job.error("template: multiple definition of template %q", name, line=job.eof_line)
    return job.trees


# --- syntax errors in Go's words ---------------------------------------------------------------

_PIPE_OPENERS = {
    "LD": "command",
    "IF": "if",
    "RANGE": "range",
    "WITH": "with",
    "LPAREN": "parenthesized pipeline",
    "TEMPLATE": "template clause",
    "BLOCK": "block clause",
}
_PIPE_END = {"RD", "RPAREN", "$END"}
_TERM_TOKENS = TERM_END | {"SP"}


def _item(job: ParseJob, tok: Tok | None) -> Struct:
    """Go's item for a grammar token (None: the end of input), as error arguments carry it."""
    if tok is None or tok.type == "$END":
        return item_value(Item("EOF", "", len(job.text), job.eof_line), job.text)
    typ = TOKEN_ITEM.get(tok.type, tok.type)
    return item_value(Item(typ, str(tok), tok.start_pos, tok.line), job.text)


def _next_token(job: ParseJob) -> Tok | None:
    if job.stream is None:
        return None
    try:
        return next(job.stream)
    except StopIteration:
        return None


def explain(job: ParseJob, tok: Tok, stack: list[Any]) -> ParseError:
    """Word a syntax error (`tok` not allowed after `stack`) as Go's parser does there."""
    line = job.eof_line if tok.type == "$END" else tok.line
    item = _item(job, tok)

    def err(fmt: str, *args: Any) -> ParseError:
        return job.error(fmt, *args, line=line)

    # Where are we? Walk down to the innermost open action part, skipping closed parens.
    opener: Tok | None = None
    depth = 0
    for v in reversed(stack):
        if not isinstance(v, Tok):
            continue
        t = v.type
        if t == "RPAREN":
            depth += 1
        elif t == "LPAREN":
            if depth:
                depth -= 1
            else:
                opener = v
                break
        elif t in ("RD", "TEXT"):
            break
        elif t in _PIPE_OPENERS or t in ("DEFINE", "ELSE", "END", "BREAK", "CONTINUE"):
            opener = v
            break

    if opener is not None:
        top = stack[-1]
        kind = opener.type
        if kind == "END":
            return err("unexpected %s in %s", item, "end")
        if kind == "ELSE":
            if tok.type in ("IF", "WITH"):
                return err("unexpected %s in %s", item, "input")
            return err("unexpected %s in %s", item, "else")
        if kind in ("BREAK", "CONTINUE"):
            return err("unexpected %s in %s", item, f"{{{{{opener}}}}}")
        if kind == "DEFINE":
            return err("unexpected %s in %s", item, "define clause")
        ctx = _PIPE_OPENERS[kind]
        if top is opener and kind in ("TEMPLATE", "BLOCK"):
            return err("unexpected %s in %s", item, ctx)
        at_name = stack[-2] is opener and kind in ("TEMPLATE", "BLOCK")
        operand = isinstance(top, Tok) and top.type in _TERM_TOKENS and not at_name
        if operand or isinstance(top, (list, n.Node)):
            return err("unexpected %s in %s", item, "operand")
        if tok.type in _PIPE_END:
            return err("missing value for %s", ctx)
        return err("unexpected %s in %s", item, ctx)

    # Between actions: a control keyword where it does not belong, or the end of input.
    if tok.type == "$END":
        return err("unexpected EOF")
    if tok.type == "DEFINE":
        return err("unexpected %s in %s", item, "command")
    if tok.type in ("END", "ELSE"):
        word = str(tok)
        after = _next_token(job)
        line = job.last_line
        if word == "end":
            if after is None or after.type != "RD":
                return err("unexpected %s in %s", _item(job, after), "end")
        elif after is None or after.type not in ("RD", "IF", "WITH"):
            return err("unexpected %s in %s", _item(job, after), "else")
        # Go's node sits at the token after the keyword (its right delimiter, or else's if).
        node = node_value(word, job.text, after.start_pos, after.line, job.left, job.right)
        open_blocks = job.blocks
        if not open_blocks:
            return err("unexpected %s", node)
        inner = open_blocks[-1].kind
        if inner == "define":
            return err("unexpected %s in %s", node, "define clause")
        if inner == "block":
            return err("unexpected %s in %s", node, "block clause")
        return err("expected end; found %s", node)
    return err("unexpected %s in %s", item, "input")
