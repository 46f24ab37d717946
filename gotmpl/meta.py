"""What a template set reads: field paths, variables, functions and templates (as jinja2.meta).

`references(t)` walks the parse trees of `t`'s set without running them. Each field path is
reported where it is written (`.Actor.Email`, `$a.Email`, `(index .x 0).Name`) with what it
starts from, and, where the walk can tell, the paths from the data passed to `execute` it may
stand for: `{{with .Metadata}}{{.Actor}}{{end}}` reads `Metadata.Actor`; a range element is
`[]` (`{{range .Items}}{{.Name}}{{end}}` reads `Items.[].Name`); `$` is the template's data; a
template called with `{{template "t" .X}}` starts from every path its callers pass. A value
made by a function or a method call with arguments starts nowhere known (no resolved paths).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gotmpl.parse import node as n

if TYPE_CHECKING:
    from gotmpl.template import Template

__all__ = ["ELEMENT", "FieldRef", "References", "references"]

#: The path step of a range element (an index, a map value, a channel's or iterator's value).
ELEMENT = "[]"
#: At most this many paths are kept for one value (a template called from many places).
_MAX_PATHS = 32

Path = tuple[str, ...]
Paths = frozenset[Path]
_UNKNOWN: Paths = frozenset()
_ROOT: Paths = frozenset({()})


@dataclass(frozen=True)
class FieldRef:
    """One field path as written in a template.

    `start` is what it starts from: "." (dot), a variable ("$", "$x"), or a parenthesized
    pipeline or function (its text); `path` the field names after it; `resolved` the paths
    from the data it may stand for (empty when not known); `where` Go's `name:line:col`.
    """

    template: str
    start: str
    path: Path
    resolved: Paths
    where: str

    def __str__(self) -> str:
        start = "" if self.start == "." else self.start
        return start + "".join("." + f for f in self.path)


@dataclass(frozen=True)
class References:
    """Everything a template set refers to: `fields` in source order per template; the names
    of `variables` (declared or used, with `$`), `functions` (builtins included) and
    `templates` (called by `{{template}}`, defined or not)."""

    fields: tuple[FieldRef, ...]
    variables: frozenset[str]
    functions: frozenset[str]
    templates: frozenset[str]


def references(t: Template) -> References:
    """The references of every template in `t`'s set; `t` itself is executed on the data."""
    trees = {t.name: t.tree} if t.tree is not None else {}
    trees.update((u.name, u.tree) for u in t.templates() if u.tree is not None and u is not t)
    # Each template's dot: the root data for `t`, the union of its callers' arguments for the
    # others, worked out until no template learns a new path.
    dots: dict[str, Paths] = {name: _UNKNOWN for name in trees}
    dots[t.name] = _ROOT
    for _ in range(len(trees) + 1):
        changed = False
        for name, tree in trees.items():
            walk = _Walk(name, dots[name])
            walk.run(tree.root)
            for called, paths in walk.calls:
                if called in dots and not paths <= dots[called]:
                    dots[called] = _capped(dots[called] | paths)
                    changed = True
        if not changed:
            break
    fields: list[FieldRef] = []
    variables: set[str] = set()
    functions: set[str] = set()
    templates: set[str] = set()
    for name, tree in trees.items():
        walk = _Walk(name, dots[name])
        walk.run(tree.root)
        fields.extend(walk.fields)
        variables |= walk.variables
        functions |= walk.functions
        templates |= {called for called, _ in walk.calls}
    return References(
        tuple(fields), frozenset(variables), frozenset(functions), frozenset(templates)
    )


def _capped(paths: Paths) -> Paths:
    return paths if len(paths) <= _MAX_PATHS else frozenset(sorted(paths)[:_MAX_PATHS])


def _extend(paths: Paths, fields: Path) -> Paths:
    return frozenset(p + fields for p in paths)


class _Var:
    """A variable's paths; scopes share it, so an assignment in a nested list reaches the
    variable where it was declared, as in Go."""

    __slots__ = ("paths",)

    def __init__(self, paths: Paths) -> None:
        self.paths = paths


_Scope = dict[str, _Var]


class _Walk:
    """One pass over a tree from a known dot, collecting references. Trees and pipelines are
    walked on explicit stacks (they may nest thousands of levels); a control structure copies
    the scope it opens, as Go's variables live until its {{end}}."""

    def __init__(self, name: str, dot: Paths) -> None:
        self.name = name
        self.dot = dot
        self.fields: list[FieldRef] = []
        self.variables: set[str] = set()
        self.functions: set[str] = set()
        self.calls: list[tuple[str, Paths]] = []

    def run(self, root: n.ListNode) -> None:
        stack: list[tuple[n.Node, Paths, _Scope]] = [(root, self.dot, {"$": _Var(self.dot)})]
        while stack:
            node, dot, scope = stack.pop()
            if isinstance(node, n.ListNode):
                # Declarations in an action last to the end of the list: one scope for it.
                stack.extend((child, dot, scope) for child in reversed(node.nodes))
            elif isinstance(node, n.ActionNode):
                self._declare(node.pipe, scope, self._pipe(node.pipe, dot, scope))
            elif isinstance(node, n.BranchNode):
                stack.extend(reversed(self._branch(node, dot, scope)))
            elif isinstance(node, n.TemplateNode):
                # Without a pipeline the template runs on nil: no path of the data.
                arg = _UNKNOWN if node.pipe is None else self._pipe(node.pipe, dot, scope)
                self.calls.append((node.name, arg))

    def _branch(
        self, node: n.BranchNode, dot: Paths, scope: _Scope
    ) -> list[tuple[n.Node, Paths, _Scope]]:
        """The lists of an if, with or range, with the dot and variables each runs with."""
        inner = dict(scope)
        value = self._pipe(node.pipe, dot, inner)
        body_dot = dot
        if isinstance(node, n.RangeNode):
            element = _extend(value, (ELEMENT,))
            decl = node.pipe.decl
            if len(decl) == 2:
                self._bind(decl[0], _UNKNOWN, inner, False)
                self._bind(decl[1], element, inner, False)
            elif decl:
                self._bind(decl[0], element, inner, False)
            body_dot = element
        else:
            self._declare(node.pipe, inner, value)
            if isinstance(node, n.WithNode):
                body_dot = value
        parts: list[tuple[n.Node, Paths, _Scope]] = [(node.list, body_dot, dict(inner))]
        if node.else_list is not None:
            parts.append((node.else_list, dot, dict(inner)))
        return parts

    def _declare(self, pipe: n.PipeNode, scope: _Scope, value: Paths) -> None:
        for var in pipe.decl:
            self._bind(var, value, scope, pipe.is_assign)

    def _bind(self, var: n.VariableNode, value: Paths, scope: _Scope, assign: bool) -> None:
        name = var.ident[0]
        self.variables.add(name)
        cell = scope.get(name)
        if assign and cell is not None:
            # An assignment may or may not run: the variable holds either value afterwards.
            cell.paths = _capped(cell.paths | value)
        else:
            scope[name] = _Var(value)

    def _pipe(self, pipe: n.PipeNode, dot: Paths, scope: _Scope) -> Paths:
        """Collect the pipeline's references (its operands, parenthesized pipelines and
        chains within, in source order); return the paths its value may stand for."""
        todo: list[n.Node | FieldRef] = [pipe]
        while todo:
            arg = todo.pop()
            if isinstance(arg, FieldRef):
                self.fields.append(arg)  # a chain's, after what its operand holds
            elif isinstance(arg, n.PipeNode):
                self.variables.update(v.ident[0] for v in arg.decl)
                todo.extend(reversed([a for cmd in arg.cmds for a in cmd.args]))
            elif isinstance(arg, n.IdentifierNode):
                self.functions.add(arg.ident)
            elif isinstance(arg, n.FieldNode):
                self.fields.append(self._ref(arg, ".", arg.ident, _extend(dot, arg.ident)))
            elif isinstance(arg, n.VariableNode):
                self.variables.add(arg.ident[0])
                if len(arg.ident) > 1:
                    base = self._var(scope, arg.ident[0])
                    ref = self._ref(arg, arg.ident[0], arg.ident[1:], _extend(base, arg.ident[1:]))
                    self.fields.append(ref)
            elif isinstance(arg, n.ChainNode):
                start = f"({arg.node})" if isinstance(arg.node, n.PipeNode) else str(arg.node)
                resolved = self._value(arg, dot, scope)
                todo.append(self._ref(arg, start, arg.fields, resolved))
                todo.append(arg.node)
        if len(pipe.cmds) != 1 or len(pipe.cmds[0].args) != 1:
            return _UNKNOWN  # a call: its result is not a path of the data
        return self._value(pipe.cmds[0].args[0], dot, scope)

    def _value(self, arg: n.Node, dot: Paths, scope: _Scope) -> Paths:
        """The paths of the data an operand stands for (without collecting anything)."""
        fields: Path = ()
        while True:
            if isinstance(arg, n.ChainNode):
                fields = arg.fields + fields
                arg = arg.node
            elif isinstance(arg, n.PipeNode) and len(arg.cmds) == 1 and len(arg.cmds[0].args) == 1:
                arg = arg.cmds[0].args[0]
            else:
                break
        if isinstance(arg, n.DotNode):
            base = dot
        elif isinstance(arg, n.FieldNode):
            base = _extend(dot, arg.ident)
        elif isinstance(arg, n.VariableNode):
            base = _extend(self._var(scope, arg.ident[0]), arg.ident[1:])
        else:
            return _UNKNOWN
        return _extend(base, fields)

    @staticmethod
    def _var(scope: _Scope, name: str) -> Paths:
        cell = scope.get(name)
        return _UNKNOWN if cell is None else cell.paths

    def _ref(self, node: n.Node, start: str, path: Path, resolved: Paths) -> FieldRef:
        line, col = node.src.location(node.pos)
        where = f"{node.src.parse_name}:{line}:{col}"
        return FieldRef(self.name, start, path, _capped(resolved), where)
