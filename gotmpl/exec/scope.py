"""The scope model: where each variable of a template body sits on Go's variable stack.

Go keeps variables on one push-down stack per template call: `$` first, each declaration
pushed as it is evaluated (in parenthesized arguments too), and everything an if, with or
range pushed popped again at its end (a range also pops its body's variables after each
iteration). Lookups search the stack by name from the top. Because pushes and pops follow
the template's text, the stack at every point of a body is known before it runs, with one
exception: a declaration inside a later argument of `and`/`or` is pushed only when the
argument is evaluated.

`analyze` simulates that stack once per tree and records, for every variable read or
assigned, its slot on the stack, or that it is undefined there (Go's run-time `undefined
variable` error), or that it depends on an and/or and must be looked up by name. The walker
and the compiler both read variables through these facts, so there is one scope model. The
facts the compiler needs about range loops and else lists are gathered on the same pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gotmpl.exec.trampoline import Step, run
from gotmpl.parse import node as n

__all__ = ["DYNAMIC", "UNDEFINED", "Analysis", "RangeFacts", "analysis"]

#: A variable found by name at run time (an and/or argument may or may not have declared it).
DYNAMIC = -1
#: A variable no declaration puts on the stack there: Go's run-time `undefined variable`.
UNDEFINED = -2

_LAZY = frozenset({"and", "or"})


@dataclass
class RangeFacts:
    """What the compiler needs to know about one range loop's body."""

    #: Slots the body assigns (`{{$x = ...}}`); None when an assignment's slot is dynamic.
    assigned: set[int] | None = field(default_factory=set)
    #: Whether the body can tell an `interface {}` element from the value it holds: through
    #: a field of it (Go names the static type in errors), a `slice` index, or a template
    #: call it is passed to. Printing it and passing it to functions unbox it.
    sees_static_type: bool = False


@dataclass
class Analysis:
    """The facts `analyze` gathers for one tree."""

    #: Every variable read or assigned: its slot, DYNAMIC or UNDEFINED.
    refs: dict[n.VariableNode, int] = field(default_factory=dict)
    #: Every declaring pipeline: the stack height before its first push, None when dynamic.
    pushes_at: dict[n.PipeNode, int | None] = field(default_factory=dict)
    #: Lists and pipelines after which the stack is higher than before (None: unknown).
    grows: dict[n.Node, int | None] = field(default_factory=dict)
    ranges: dict[n.RangeNode, RangeFacts] = field(default_factory=dict)
    #: Else lists of ranges that hold a break or continue.
    loop_control: set[n.ListNode] = field(default_factory=set)
    #: Range bodies and else lists that a break or continue leaves while statements nested
    #: in them have variables on the stack: those lists clean up on every way out, as the
    #: jump skips the nested statements' own cleanup.
    left_higher: set[n.ListNode] = field(default_factory=set)


class _Var:
    __slots__ = ("name", "conditional")

    def __init__(self, name: str, conditional: bool) -> None:
        self.name = name
        self.conditional = conditional


class _Resolver:
    """One pass over a body in Go's evaluation order, with the stack as it will be."""

    def __init__(self) -> None:
        self.facts = Analysis()
        self.stack = [_Var("$", False)]
        self.open_ranges: list[RangeFacts] = []  # innermost last; bodies only
        # The range bodies and else lists being walked, innermost last, with whether each is
        # a body and the stack height where it starts: where a break or continue goes.
        self.loops: list[tuple[n.ListNode, bool, int]] = []

    # --- the stack ---------------------------------------------------------------------

    def slot(self, name: str) -> int:
        """Where a lookup of `name` lands now (Go searches from the top)."""
        for i in range(len(self.stack) - 1, -1, -1):
            var = self.stack[i]
            if var.name == name:
                if var.conditional or any(v.conditional for v in self.stack[:i]):
                    return DYNAMIC
                return i
        return UNDEFINED

    def static_height(self) -> int | None:
        if any(v.conditional for v in self.stack):
            return None
        return len(self.stack)

    def grew(self, node: n.Node, before: list[_Var]) -> None:
        """Record how much `node` left on the stack."""
        if len(self.stack) > len(before):
            sure = not any(v.conditional for v in self.stack[len(before) :])
            self.facts.grows[node] = len(self.stack) - len(before) if sure else None

    # --- statements --------------------------------------------------------------------

    def walk_list(self, node: n.ListNode) -> Step[None]:
        before = list(self.stack)
        for child in node.nodes:
            if isinstance(child, n.ActionNode):
                yield self.pipeline(child.pipe, False)
            elif isinstance(child, (n.IfNode, n.WithNode)):
                yield self.if_or_with(child)
            elif isinstance(child, n.RangeNode):
                yield self.range_(child)
            elif isinstance(child, n.TemplateNode):
                if child.pipe is not None:
                    yield self.pipeline(child.pipe, False)
                for facts in self.open_ranges:
                    facts.sees_static_type = True
            elif isinstance(child, (n.BreakNode, n.ContinueNode)):
                self.loop_control(isinstance(child, n.ContinueNode))
        self.grew(node, before)

    def if_or_with(self, node: n.BranchNode) -> Step[None]:
        mark = len(self.stack)
        yield self.pipeline(node.pipe, False)
        after_pipe = list(self.stack)
        yield self.walk_list(node.list)
        if node.else_list is not None:
            self.stack = list(after_pipe)
            yield self.walk_list(node.else_list)
        self.stack = after_pipe[:mark]

    def range_(self, node: n.RangeNode) -> Step[None]:
        mark = len(self.stack)
        yield self.pipeline(node.pipe, False)
        after_pipe = list(self.stack)
        facts = RangeFacts(sees_static_type=node.pipe.is_assign)
        self.facts.ranges[node] = facts
        self.open_ranges.append(facts)
        self.loops.append((node.list, True, len(self.stack)))
        yield self.walk_list(node.list)
        self.loops.pop()
        self.open_ranges.pop()
        if node.else_list is not None:
            self.stack = list(after_pipe)
            self.loops.append((node.else_list, False, len(self.stack)))
            yield self.walk_list(node.else_list)
            self.loops.pop()
        self.stack = after_pipe[:mark]

    def loop_control(self, is_continue: bool) -> None:
        """Note the else lists a break or continue leaves: Go's range recovers a break from
        its else list (ending that range), while a continue goes on out to the nearest range
        body, through every else list on the way."""
        for loop, is_body, height in reversed(self.loops):
            if not is_body:
                self.facts.loop_control.add(loop)
            if is_body or not is_continue:
                if len(self.stack) > height:
                    self.facts.left_higher.add(loop)
                return

    # --- pipelines -----------------------------------------------------------------------

    def pipeline(self, pipe: n.PipeNode, conditional: bool) -> Step[None]:
        before = list(self.stack)
        for cmd in pipe.cmds:
            first = cmd.args[0]
            lazy = isinstance(first, n.IdentifierNode) and first.ident in _LAZY
            for i, arg in enumerate(cmd.args):
                # and/or evaluate their first argument always, the others only while the
                # answer is open (a function of the same name evaluates all: dynamic
                # lookups are right for both).
                yield self.operand(arg, conditional or (lazy and i >= 2))
        if pipe.decl:
            if pipe.is_assign:
                for var in pipe.decl:
                    self.assign(var)
            else:
                self.facts.pushes_at[pipe] = None if conditional else self.static_height()
                for var in pipe.decl:
                    self.stack.append(_Var(var.ident[0], conditional))
        self.grew(pipe, before)

    def assign(self, var: n.VariableNode) -> None:
        slot = self.slot(var.ident[0])
        self.facts.refs[var] = slot
        for facts in self.open_ranges:
            if facts.assigned is not None:
                if slot >= 0:
                    facts.assigned.add(slot)
                elif slot == DYNAMIC:
                    facts.assigned = None

    def operand(self, node: n.Node, conditional: bool) -> Step[None]:
        if isinstance(node, n.VariableNode):
            slot = self.slot(node.ident[0])
            self.facts.refs[node] = slot
            if len(node.ident) > 1 and self.open_ranges:
                self.note_static_type_use()
        elif isinstance(node, n.PipeNode):
            yield self.pipeline(node, conditional)
        elif isinstance(node, n.ChainNode):
            self.note_static_type_use()
            yield self.operand(node.node, conditional)
        elif isinstance(node, n.FieldNode) or (
            isinstance(node, n.IdentifierNode) and node.ident == "slice"
        ):
            self.note_static_type_use()

    def note_static_type_use(self) -> None:
        for facts in self.open_ranges:
            facts.sees_static_type = True


def analyze(root: n.ListNode) -> Analysis:
    """The scope facts of one template body (a tree's root list)."""
    resolver = _Resolver()
    run(resolver.walk_list(root))
    return resolver.facts


def analysis(tree: Any) -> Analysis:
    """The facts of a parsed tree, computed on first use and kept with the tree (trees never
    change once parsed)."""
    facts: Analysis | None = tree.analysis
    if facts is None:
        facts = tree.analysis = analyze(tree.root)
    return facts
