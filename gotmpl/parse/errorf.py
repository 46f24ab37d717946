"""Parse errors as Go builds them: fmt.Errorf("template: NAME:LINE: " + format, args...).

Go's Tree.errorf pastes the template's name into the format before formatting, so a name that
holds `%v` consumes an argument and `100%` makes a verb of what follows. To give that same
text, an error keeps its format and its arguments with their Go types: the lexer's `item`
struct (whose String() is what `%s` prints), the parser's `{{end}}`/`{{else}}` nodes, and the
`*errors.errorString` values Go's parser reports through `t.error(err)`.
"""

from __future__ import annotations

from typing import Any

from gotmpl.errors import ParseError
from gotmpl.fmt.print import errorf
from gotmpl.gostring import byte_len
from gotmpl.gotypes import INT, STRING, GoType, Pointer, Struct, named, struct_type
from gotmpl.parse.lex import ITEM_TYPES, Item

__all__ = ["error_value", "item_value", "node_value", "parse_error"]


def parse_error(name: str, line: int, fmt: str, *args: Any) -> ParseError:
    """The ParseError Go's `t.errorf(fmt, args...)` makes in template `name` at `line`."""
    message = errorf("template: " + name + ":" + str(line) + ": " + fmt, *args)
    return ParseError(message, name=name, line=line, msg=errorf(fmt, *args))


_ITEM_TYPE = named("parse.itemType", INT)
_POS = named("parse.Pos", INT)


def _item_string(item: Struct) -> str:
    typ = ITEM_TYPES[item.get("typ")]
    return Item(typ, item.get("val"), 0, item.get("line")).describe()


_ITEM = struct_type(
    "parse.item",
    [("typ", _ITEM_TYPE), ("pos", _POS), ("val", STRING), ("line", INT)],
    methods={"String": _item_string},
)


def item_value(item: Item, text: str) -> Struct:
    """Go's `item` for one of our lexer's items in `text` (its offset counted in bytes)."""
    return Struct(
        _ITEM,
        typ=ITEM_TYPES.index(item.type),
        pos=byte_len(text[: item.pos]),
        val=item.value,
        line=item.line,
    )


_NODE_TYPE = named("parse.NodeType", INT)
_NODE_NUMBERS = {"else": 6, "end": 7}  # Go's nodeElse, nodeEnd
_TREE = struct_type("parse.Tree", [("leftDelim", STRING), ("rightDelim", STRING)])


def _node_types(word: str, fields: list[tuple[str, GoType]]) -> GoType:
    node = struct_type(f"parse.{word}Node", fields)

    def string(p: Pointer) -> str:
        tree = p.target.get("tr").target
        left: str = tree.get("leftDelim")
        right: str = tree.get("rightDelim")
        return left + word + right

    return GoType("ptr", f"*parse.{word}Node", elem=node, methods={"String": string})


_TREE_PTR = GoType("ptr", "*parse.Tree", elem=_TREE)
_NODES = {
    "end": _node_types("end", [("NodeType", _NODE_TYPE), ("Pos", _POS), ("tr", _TREE_PTR)]),
    "else": _node_types(
        "else", [("NodeType", _NODE_TYPE), ("Pos", _POS), ("tr", _TREE_PTR), ("Line", INT)]
    ),
}


def node_value(word: str, text: str, pos: int, line: int, left: str, right: str) -> Pointer:
    """Go's *endNode or *elseNode (`word`) at char offset `pos` of `text`, whose String() is
    the keyword between the tree's delimiters."""
    ptr_type = _NODES[word]
    values: dict[str, Any] = {
        "NodeType": _NODE_NUMBERS[word],
        "Pos": byte_len(text[:pos]),
        "tr": Pointer(Struct(_TREE, leftDelim=left, rightDelim=right), _TREE_PTR),
    }
    if word == "else":
        values["Line"] = line
    return Pointer(Struct(ptr_type.elem, **values), ptr_type)  # type: ignore[arg-type]


_ERROR_STRING = struct_type("errors.errorString", [("s", STRING)])
_ERROR_PTR = GoType(
    "ptr", "*errors.errorString", elem=_ERROR_STRING, methods={"Error": lambda p: p.target.get("s")}
)


def error_value(text: str) -> Pointer:
    """An error as errors.New (and fmt.Errorf without %w) makes it."""
    return Pointer(Struct(_ERROR_STRING, s=text), _ERROR_PTR)
