"""Parse-tree nodes, one class per Go node kind; `str(node)` is Go's `Node.String()`.

Nodes are plain data and never change after parsing. Each keeps its source offset (`pos`, in
characters) and the `Source` it came from, which knows the delimiters the node prints with and how
to turn an offset into Go's `name:line:col` (col in bytes).
"""

from __future__ import annotations

from dataclasses import dataclass

from gotmpl.gostring import byte_len
from gotmpl.strconv.quote import quote

__all__ = [
    "ActionNode",
    "BoolNode",
    "BreakNode",
    "ChainNode",
    "CommandNode",
    "ContinueNode",
    "DotNode",
    "FieldNode",
    "IdentifierNode",
    "IfNode",
    "ListNode",
    "NilNode",
    "Node",
    "NumberNode",
    "PipeNode",
    "RangeNode",
    "Source",
    "StringNode",
    "TemplateNode",
    "TextNode",
    "VariableNode",
    "WithNode",
]


@dataclass(frozen=True, eq=False)
class Source:
    """The text one `parse` call read, its ParseName and delimiters."""

    parse_name: str
    text: str
    left: str
    right: str

    def location(self, pos: int) -> tuple[int, int]:
        """Go's (line, col) for a char offset: col is the byte offset within the line."""
        text = self.text
        nl = text.rfind("\n", 0, pos)
        line = text.count("\n", 0, pos) + 1
        segment = text[nl + 1 : pos] if nl >= 0 else text[:pos]
        return line, byte_len(segment)


class Node:
    """Base of all nodes. A node with children prints them through `_parts`, and `str()` walks
    those parts on an explicit stack: trees may nest thousands of levels deep, as Go's do."""

    __slots__ = ("pos", "src")

    def __init__(self, src: Source, pos: int) -> None:
        self.src = src
        self.pos = pos

    def _parts(self) -> tuple[str | Node, ...]:
        """What the node prints as, in order: text, and the children that print themselves."""
        raise NotImplementedError

    def __str__(self) -> str:
        out: list[str] = []
        todo: list[str | Node] = [self]
        while todo:
            part = todo.pop()
            if type(part) is str:
                out.append(part)
            elif isinstance(part, _Leaf):
                out.append(part.__str__())
            else:
                todo.extend(reversed(part._parts()))  # type: ignore[union-attr]
        return "".join(out)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class _Leaf(Node):
    """A node without children, printing itself directly."""

    __slots__ = ()

    def __str__(self) -> str:
        raise NotImplementedError


class TextNode(_Leaf):
    """Go's TextNode: plain text between actions."""

    __slots__ = ("text",)

    def __init__(self, src: Source, pos: int, text: str) -> None:
        super().__init__(src, pos)
        self.text = text

    def __str__(self) -> str:
        return self.text


class ListNode(Node):
    """Go's ListNode: a sequence of nodes."""

    __slots__ = ("nodes",)

    def __init__(self, src: Source, pos: int, nodes: tuple[Node, ...]) -> None:
        super().__init__(src, pos)
        self.nodes = nodes

    def _parts(self) -> tuple[str | Node, ...]:
        return self.nodes


class IdentifierNode(_Leaf):
    """Go's IdentifierNode: a function name."""

    __slots__ = ("ident",)

    def __init__(self, src: Source, pos: int, ident: str) -> None:
        super().__init__(src, pos)
        self.ident = ident

    def __str__(self) -> str:
        return self.ident


class VariableNode(_Leaf):
    """`$x.A.B`: `ident` holds the variable name then the field names."""

    __slots__ = ("ident",)

    def __init__(self, src: Source, pos: int, ident: tuple[str, ...]) -> None:
        super().__init__(src, pos)
        self.ident = ident

    def __str__(self) -> str:
        return ".".join(self.ident)


class DotNode(_Leaf):
    """Go's DotNode: the cursor, `.`."""

    __slots__ = ()

    def __str__(self) -> str:
        return "."


class NilNode(_Leaf):
    """Go's NilNode: the untyped constant `nil`."""

    __slots__ = ()

    def __str__(self) -> str:
        return "nil"


class FieldNode(_Leaf):
    """`.A.B`: `ident` holds the field names."""

    __slots__ = ("ident",)

    def __init__(self, src: Source, pos: int, ident: tuple[str, ...]) -> None:
        super().__init__(src, pos)
        self.ident = ident

    def __str__(self) -> str:
        return "".join("." + i for i in self.ident)


class ChainNode(Node):
    """A term followed by fields, `(pipe).A.B` or `fn.A`."""

    __slots__ = ("node", "fields")

    def __init__(self, src: Source, pos: int, node: Node, fields: tuple[str, ...]) -> None:
        super().__init__(src, pos)
        self.node = node
        self.fields = fields

    def _parts(self) -> tuple[str | Node, ...]:
        fields = "".join("." + f for f in self.fields)
        if isinstance(self.node, PipeNode):
            return ("(", self.node, ")", fields)
        return (self.node, fields)


class BoolNode(_Leaf):
    """Go's BoolNode: the constant `true` or `false`."""

    __slots__ = ("value",)

    def __init__(self, src: Source, pos: int, value: bool) -> None:
        super().__init__(src, pos)
        self.value = value

    def __str__(self) -> str:
        return "true" if self.value else "false"


class NumberNode(_Leaf):
    """A number literal with Go's flags saying which kinds of value it can be."""

    __slots__ = (
        "text",
        "is_int",
        "is_uint",
        "is_float",
        "is_complex",
        "int64",
        "uint64",
        "float64",
        "complex128",
    )

    def __init__(self, src: Source, pos: int, text: str) -> None:
        super().__init__(src, pos)
        self.text = text
        self.is_int = self.is_uint = self.is_float = self.is_complex = False
        self.int64 = self.uint64 = 0
        self.float64 = 0.0
        self.complex128 = 0j

    def __str__(self) -> str:
        return self.text


class StringNode(_Leaf):
    """Go's StringNode: a quoted or raw string constant (`quoted` as written, `text` its value)."""

    __slots__ = ("quoted", "text")

    def __init__(self, src: Source, pos: int, quoted: str, text: str) -> None:
        super().__init__(src, pos)
        self.quoted = quoted
        self.text = text

    def __str__(self) -> str:
        return self.quoted


class CommandNode(Node):
    """Go's CommandNode: one command of a pipeline, its arguments in order."""

    __slots__ = ("args",)

    def __init__(self, src: Source, pos: int, args: tuple[Node, ...]) -> None:
        super().__init__(src, pos)
        self.args = args

    def _parts(self) -> tuple[str | Node, ...]:
        parts: list[str | Node] = []
        for i, arg in enumerate(self.args):
            if i:
                parts.append(" ")
            parts.extend(("(", arg, ")") if isinstance(arg, PipeNode) else (arg,))
        return tuple(parts)


class PipeNode(Node):
    """A pipeline; `lparen` is the offset of its `(` when it is a parenthesized operand."""

    __slots__ = ("is_assign", "decl", "cmds", "lparen")

    def __init__(
        self,
        src: Source,
        pos: int,
        is_assign: bool,
        decl: tuple[VariableNode, ...],
        cmds: tuple[CommandNode, ...],
        lparen: int | None = None,
    ) -> None:
        super().__init__(src, pos)
        self.is_assign = is_assign
        self.decl = decl
        self.cmds = cmds
        self.lparen = lparen

    @property
    def start(self) -> int:
        """Where the operand starts in the source: its `(` if it has one."""
        return self.pos if self.lparen is None else self.lparen

    def _parts(self) -> tuple[str | Node, ...]:
        parts: list[str | Node] = []
        if self.decl:
            names = ", ".join(str(v) for v in self.decl)
            parts.append(names + (" = " if self.is_assign else " := "))
        for i, cmd in enumerate(self.cmds):
            if i:
                parts.append(" | ")
            parts.append(cmd)
        return tuple(parts)


class ActionNode(Node):
    """Go's ActionNode: a non-control action, `{{pipeline}}`, printed or declaring."""

    __slots__ = ("pipe",)

    def __init__(self, src: Source, pos: int, pipe: PipeNode) -> None:
        super().__init__(src, pos)
        self.pipe = pipe

    def _parts(self) -> tuple[str | Node, ...]:
        return (self.src.left, self.pipe, self.src.right)


class BranchNode(Node):
    """The shared shape of if, range and with."""

    __slots__ = ("pipe", "list", "else_list")
    keyword = ""

    def __init__(
        self, src: Source, pos: int, pipe: PipeNode, list: ListNode, else_list: ListNode | None
    ) -> None:
        super().__init__(src, pos)
        self.pipe = pipe
        self.list = list
        self.else_list = else_list

    def _parts(self) -> tuple[str | Node, ...]:
        left, right = self.src.left, self.src.right
        head = (f"{left}{self.keyword} ", self.pipe, right, self.list)
        end = f"{left}end{right}"
        if self.else_list is None:
            return (*head, end)
        return (*head, f"{left}else{right}", self.else_list, end)


class IfNode(BranchNode):
    """Go's IfNode: `{{if pipeline}} list {{else}} list {{end}}`."""

    __slots__ = ()
    keyword = "if"


class RangeNode(BranchNode):
    """Go's RangeNode: `{{range pipeline}} list {{else}} list {{end}}`."""

    __slots__ = ()
    keyword = "range"


class WithNode(BranchNode):
    """Go's WithNode: `{{with pipeline}} list {{else}} list {{end}}`."""

    __slots__ = ()
    keyword = "with"


class BreakNode(_Leaf):
    """Go's BreakNode: `{{break}}` inside a range."""

    __slots__ = ()

    def __str__(self) -> str:
        return f"{self.src.left}break{self.src.right}"


class ContinueNode(_Leaf):
    """Go's ContinueNode: `{{continue}}` inside a range."""

    __slots__ = ()

    def __str__(self) -> str:
        return f"{self.src.left}continue{self.src.right}"


class TemplateNode(Node):
    """Go's TemplateNode: `{{template "name" pipeline}}`."""

    __slots__ = ("name", "pipe")

    def __init__(self, src: Source, pos: int, name: str, pipe: PipeNode | None) -> None:
        super().__init__(src, pos)
        self.name = name
        self.pipe = pipe

    def _parts(self) -> tuple[str | Node, ...]:
        head = f"{self.src.left}template {quote(self.name)}"
        if self.pipe is None:
            return (head, self.src.right)
        return (head, " ", self.pipe, self.src.right)
