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
    __slots__ = ("name", "slot", "conditional", "dynamic", "shadowed")

    def __init__(
        self, name: str, slot: int, conditional: bool, below: _Var | None, shadowed: _Var | None
    ) -> None:
        self.name = name
        self.slot = slot
        self.conditional = conditional
        #: Whether this variable's slot is unknown: it, or a variable under it, is pushed
        #: only when an and/or argument is evaluated.
        self.dynamic: bool = conditional or (below is not None and below.dynamic)
        #: The variable of the same name it hides (lookups search from the top).
        self.shadowed = shadowed


class _Stack:
    """The simulated stack, with what a lookup needs at hand, so that every operation costs
    the same at any depth (bodies nest thousands of levels deep)."""

    def __init__(self) -> None:
        self.vars: list[_Var] = []
        self.top_by_name: dict[str, _Var] = {}

    def __len__(self) -> int:
        return len(self.vars)

    def push(self, name: str, conditional: bool) -> None:
        below = self.vars[-1] if self.vars else None
        var = _Var(name, len(self.vars), conditional, below, self.top_by_name.get(name))
        self.vars.append(var)
        self.top_by_name[name] = var

    def truncate(self, height: int) -> None:
        """Pop down to `height` variables."""
        while len(self.vars) > height:
            var = self.vars.pop()
            if var.shadowed is None:
                del self.top_by_name[var.name]
            else:
                self.top_by_name[var.name] = var.shadowed

    def slot(self, name: str) -> int:
        """Where a lookup of `name` lands now."""
        var = self.top_by_name.get(name)
        if var is None:
            return UNDEFINED
        return DYNAMIC if var.dynamic else var.slot

    def dynamic_above(self, height: int) -> bool:
        """Whether a variable above `height` may or may not have been pushed."""
        return any(v.conditional for v in self.vars[height:])

    def static_height(self) -> int | None:
        if self.vars and self.vars[-1].dynamic:
            return None
        return len(self.vars)


class _Resolver:
    """One pass over a body in Go's evaluation order, with the stack as it will be."""

    def __init__(self) -> None:
        self.facts = Analysis()
        self.stack = _Stack()
        self.stack.push("$", False)
        self.open_ranges: list[RangeFacts] = []  # innermost last; bodies only
        # How many of the open ranges (from the outermost) are known to see static types,
        # and to have a dynamic assignment: noting either again for them costs nothing.
        self.seeing_static = 0
        self.assigning_dynamic = 0
        #: The open range (body) that declared each slot, for the slots range pipelines push.
        self.range_of_slot: dict[int, RangeFacts] = {}
        # The range bodies and else lists being walked, innermost last, with whether each is
        # a body and the stack height where it starts: where a break or continue goes.
        self.loops: list[tuple[n.ListNode, bool, int]] = []

    def grew(self, node: n.Node, before: int) -> None:
        """Record how much `node` left on the stack, which held `before` variables."""
        if len(self.stack) > before:
            sure = not self.stack.dynamic_above(before)
            self.facts.grows[node] = len(self.stack) - before if sure else None

    # --- statements --------------------------------------------------------------------

    def walk_list(self, node: n.ListNode) -> Step[None]:
        before = len(self.stack)
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
                self.note_static_type_use()
            elif isinstance(child, (n.BreakNode, n.ContinueNode)):
                self.loop_control(isinstance(child, n.ContinueNode))
        self.grew(node, before)

    def if_or_with(self, node: n.BranchNode) -> Step[None]:
        mark = len(self.stack)
        yield self.pipeline(node.pipe, False)
        after_pipe = len(self.stack)
        yield self.walk_list(node.list)
        if node.else_list is not None:
            self.stack.truncate(after_pipe)
            yield self.walk_list(node.else_list)
        self.stack.truncate(mark)

    def range_(self, node: n.RangeNode) -> Step[None]:
        mark = len(self.stack)
        yield self.pipeline(node.pipe, False)
        after_pipe = len(self.stack)
        facts = RangeFacts(sees_static_type=node.pipe.is_assign)
        self.facts.ranges[node] = facts
        base = self.facts.pushes_at.get(node.pipe)
        own = range(base, base + len(node.pipe.decl)) if base is not None else range(0)
        for slot in own:
            self.range_of_slot[slot] = facts
        self.open_ranges.append(facts)
        self.loops.append((node.list, True, after_pipe))
        yield self.walk_list(node.list)
        self.loops.pop()
        self.open_ranges.pop()
        for slot in own:
            del self.range_of_slot[slot]
        depth = len(self.open_ranges)
        self.seeing_static = min(self.seeing_static, depth)
        self.assigning_dynamic = min(self.assigning_dynamic, depth)
        if node.else_list is not None:
            self.stack.truncate(after_pipe)
            self.loops.append((node.else_list, False, after_pipe))
            yield self.walk_list(node.else_list)
            self.loops.pop()
        self.stack.truncate(mark)

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
        before = len(self.stack)
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
                self.facts.pushes_at[pipe] = None if conditional else self.stack.static_height()
                for var in pipe.decl:
                    self.stack.push(var.ident[0], conditional)
        self.grew(pipe, before)

    def assign(self, var: n.VariableNode) -> None:
        slot = self.stack.slot(var.ident[0])
        self.facts.refs[var] = slot
        if slot == DYNAMIC:  # it may be any variable: every open range's loses its local
            for facts in self.open_ranges[self.assigning_dynamic :]:
                facts.assigned = None
            self.assigning_dynamic = len(self.open_ranges)
        elif slot >= 0:
            # Only the open range that declared this slot asks about it (compile.py keeps a
            # range's own variables in locals while its body does not assign them).
            owner = self.range_of_slot.get(slot)
            if owner is not None and owner.assigned is not None:
                owner.assigned.add(slot)

    def operand(self, node: n.Node, conditional: bool) -> Step[None]:
        if isinstance(node, n.VariableNode):
            self.facts.refs[node] = self.stack.slot(node.ident[0])
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
        """Every open range's elements can be told from their static type."""
        for facts in self.open_ranges[self.seeing_static :]:
            facts.sees_static_type = True
        self.seeing_static = len(self.open_ranges)


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
