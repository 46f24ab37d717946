"""Expressions compiled to Python source: the common pipelines, inline, over the walker.

The body generator (compile.py) asks here for the source of a pipeline. The forms inlined are
the ones templates are made of: `.`, `$x`, field chains on either (`.A.B`, `$x.a`) through maps
and struct fields, literals, and calls of functions whose parameters need no conversion
(`printf "%s" .a`, `eq .b "x"`, `len $x`, `toJson .Payload`), nested calls of builtins
included. Each inline step either produces exactly the value Go's rules give, or `MISS`; on
`MISS` the generated code hands the command to the walker (walk.py), which evaluates it from
the start with every rule and Go's errors. Only pure steps run before that decision, so the
walker repeats no function call. Variables are read at the slots the scope model gives them
(scope.py); a variable it cannot place statically is the walker's too.
"""

from __future__ import annotations

from typing import Any, NoReturn

from gotmpl.errors import GoError
from gotmpl.exec import builtins as bi
from gotmpl.exec.arguments import ideal_constant, typed_literal
from gotmpl.exec.fields import MISS, chain_site, field_step
from gotmpl.exec.scope import Analysis
from gotmpl.exec.signature import REFLECT, Signature, signature_of
from gotmpl.exec.state import State
from gotmpl.exec.trampoline import run
from gotmpl.exec.walk import MISSING, call_failed, eval_command
from gotmpl.fmt.print import plain_formatter, python_format
from gotmpl.gostring import canonical
from gotmpl.gotypes import NO_VALUE, Struct
from gotmpl.parse import node as n
from gotmpl.value import Iface, truth

__all__ = [
    "MISS",
    "Generated",
    "RUNTIME",
    "VIEW_PROLOGUE",
    "Dot",
    "fallback_source",
    "node_after",
    "field_step",
    "final_node",
    "operand_source",
    "pipeline_source",
    "reads_inline",
]

#: How deeply calls nest inside one inlined command (`print (len (index .a 1))` is 3); a
#: deeper command goes to the walker, so generating code never recurses far.
MAX_INLINE_NESTING = 6


#: The prologue lines giving a body its dot's struct view: the struct's stored values and
#: the names among them that read as they are stored (GoType.stored_fields, by the struct's
#: addressability); any other dot has an empty view. For a template that reads several
#: fields of the same dot, a dict lookup per field instead of a field_step per field.
VIEW_PROLOGUE = [
    "    if type(raw) is not dict and isinstance(raw, _Struct):",
    "        view_values = raw.values",
    "        view_names = raw.type.stored_fields[raw.addressable]",
    "    else:",
    "        view_values, view_names = _NO_VIEW",
]
_NO_VIEW: tuple[dict[str, Any], frozenset[str]] = ({}, frozenset())


def walk_command(st: State, dot: Any, cmd: n.CommandNode, final: Any = MISSING) -> Any:
    """A command the inline code missed, from the start in the walker (with the previous
    command's value), as evalPipeline receives its value (a nil interface is no value)."""
    value = run(eval_command(st, dot, cmd, final))
    return NO_VALUE if value is None else value


#: What the generated code of this module refers to, by the names it uses.
RUNTIME: dict[str, Any] = {
    "_MISS": MISS,
    "_NO_VALUE": NO_VALUE,
    "_Iface": Iface,
    "_step": field_step,
    "_Struct": Struct,
    "_NO_VIEW": _NO_VIEW,
    "_call_failed": call_failed,
    "_walk_command": walk_command,
    "_canonical": canonical,
    "_truth_of": truth,
    "_EQ_TYPES": frozenset({str, int, float, bool}),
    "_ORD_TYPES": frozenset({int, float}),
}


class _Probe:
    """A stand-in execution state for evaluating literal arguments at compile time: a literal
    that would fail at run time is left to the walker, which fails as Go does."""

    node: Any = None

    def fail(self, format: str, *args: Any) -> NoReturn:
        raise GoError(format, *args)


def _literal(node: n.Node, t: Any) -> tuple[bool, Any]:
    """(True, value) for a literal argument whose conversion to `t` cannot fail."""
    if not isinstance(node, (n.StringNode, n.BoolNode, n.NumberNode)):
        return False, None
    try:
        if t is REFLECT or t.kind == "interface":
            if isinstance(node, n.NumberNode):
                return True, ideal_constant(_Probe(), node)  # type: ignore[arg-type]
            return True, node.value if isinstance(node, n.BoolNode) else node.text
        return True, typed_literal(_Probe(), node, t)  # type: ignore[arg-type]
    except GoError:
        return False, None


class Generated:
    """The Python source of one body function being generated, and the objects it names."""

    def __init__(
        self, common: Any, facts: Analysis, names: dict[str, Any], objects: bool = True
    ) -> None:
        self.common = common
        # Whether field reads may look into plain Python objects (see field_step).
        self.objects = objects
        self.facts = facts
        self.lines: list[str] = []
        self.names = {**RUNTIME, **names}
        self.count = 0
        self.calls_templates = False
        self.uses_view = False
        # Range key and element variables held in Python locals while nothing assigns them:
        # slot -> local name.
        self.locals: dict[int, str] = {}
        # Per enclosing loop, innermost last: None for a range body, or the flag a one-pass
        # else loop sets for `continue` (see compile._gen_range_else).
        self.continues: list[str | None] = []
        # Python blocks (for, try) open where code is being generated.
        self.blocks = 0
        # Commands of inlined pipelines: the node Go's state points at before each (the
        # pipeline before its first command, else where the previous command left it).
        self.node_before: dict[n.CommandNode, n.Node | None] = {}

    def const(self, obj: Any) -> str:
        """A name in the generated code for `obj`."""
        name = f"K{len(self.names)}"
        self.names[name] = obj
        return name

    @staticmethod
    def joined(parts: list[tuple[str, str]]) -> str:
        """The source of one string joining `parts`, each ("text", its text) or ("local", a
        local holding a str): adjacent literals and f-strings that Python compiles into one
        join, the texts as constants of the code rather than names to look up."""
        return " ".join(repr(p) if kind == "text" else f"f'{{{p}}}'" for kind, p in parts) or "''"

    def fresh(self, base: str) -> str:
        """A new local name."""
        self.count += 1
        return f"{base}{self.count}"

    def add(self, depth: int, text: str) -> None:
        """One line of source at indentation `depth`."""
        self.lines.append("    " * depth + text)

    def site(self, names: tuple[str, ...]) -> str:
        """The source of the reader of the chain `names` at a new site (fields.chain_site)."""
        return f"{self.const(chain_site(names, self.objects))}[0]"

    def step(self, base: str, key: str) -> str:
        """The source of a field_step of `key` on `base`."""
        return f"_step({base}, {key})" if self.objects else f"_step({base}, {key}, False)"


#: The dot in generated code: the local holding it as Go's state has it (an element of an
#: `interface {}` range boxed in Iface), the local holding its value unboxed, and the prefix
#: of the locals holding its struct view ("" for none; see VIEW_PROLOGUE).
Dot = tuple[str, str, str]


def reads_inline(src: Generated, node: n.Node) -> bool:
    """Whether operand `node` is one this module reads inline: dot, a field chain, a variable
    (and its fields) the scope model places at a slot, or a literal whose value cannot fail."""
    if isinstance(node, (n.DotNode, n.FieldNode)):
        return True
    if isinstance(node, n.VariableNode):
        return src.facts.refs[node] >= 0
    return _literal(node, REFLECT)[0]


def operand_source(
    src: Generated, node: n.Node, depth: int, dot: Dot, out: str, shape: str | None = None
) -> None:
    """Emit code leaving operand `node`'s value, or MISS, in local `out` (`node` is one
    `reads_inline` accepts). Go's missing value (`<no value>`) is MISS too: the walker knows
    where it may go. `shape`: "map" or "struct" where the code runs only when the dot's
    value is a map, or only when it is not (see compile._read_operands)."""
    if isinstance(node, n.DotNode):
        src.add(depth, f"{out} = _MISS if {dot[1]} is _NO_VALUE else {dot[1]}")
        return
    if isinstance(node, (n.StringNode, n.BoolNode, n.NumberNode)):
        src.add(depth, f"{out} = {src.const(_literal(node, REFLECT)[1])}")
        return
    local = None
    if isinstance(node, n.FieldNode):
        base, idents = dot[1], node.ident
        if dot[2]:
            # The first link as a map's key or through the dot's struct view (see
            # VIEW_PROLOGUE), then the rest.
            key, rest = repr(idents[0]), idents[1:]
            src.uses_view = True
            if shape != "struct":
                inner = depth if shape == "map" else depth + 1
                if shape is None:
                    src.add(depth, f"if type({base}) is dict:")
                src.add(inner, f"{out} = {base}.get({key}, _MISS)")
                _links_source(src, inner, out, rest)
                if shape == "map":
                    return
                src.add(depth, f"elif {key} in {dot[2]}_names:")
            else:
                src.add(depth, f"if {key} in {dot[2]}_names:")
            src.add(depth + 1, f"{out} = {dot[2]}_values.get({key})")
            src.add(depth + 1, f"if {out} is None:")
            src.add(depth + 2, f"{out} = _MISS")
            _links_source(src, depth + 1, out, rest)
            src.add(depth, "else:")
            if rest:  # the whole chain at one site
                src.add(depth + 1, f"{out} = {src.site(idents)}({base})")
            else:
                src.add(depth + 1, f"{out} = {src.step(base, key)}")
            return
    else:
        assert isinstance(node, n.VariableNode)
        slot = src.facts.refs[node]
        local = src.locals.get(slot)
        if local is not None:  # held unboxed already
            if len(node.ident) == 1:
                src.add(depth, f"{out} = _MISS if {local} is _NO_VALUE else {local}")
                return
            base = local
        else:
            base = f"vs[{slot}][1]"
        idents = node.ident[1:]
    if base != out:
        src.add(depth, f"{out} = {base}")
    if isinstance(node, n.VariableNode) and base != local:
        src.add(depth, f"if type({out}) is _Iface:")  # an element of an interface range
        src.add(depth + 1, f"{out} = {out}.value")
        if not idents:
            src.add(depth, f"if {out} is _NO_VALUE:")
            src.add(depth + 1, f"{out} = _MISS")
    _links_source(src, depth, out, idents)


def _links_source(src: Generated, depth: int, out: str, names: tuple[str, ...]) -> None:
    """Emit code reading the chain `names` from the value in local `out` into `out`: a map's
    key inline, anything else at the chain's site (see fields.chain_site)."""
    if len(names) == 1:
        key = repr(names[0])
        src.add(
            depth,
            f"{out} = {out}.get({key}, _MISS) if type({out}) is dict else {src.site(names)}({out})",
        )
    elif names:
        src.add(depth, f"{out} = {src.site(names)}({out})")


def _callee(src: Generated, ident: n.IdentifierNode) -> tuple[Any, Signature, bool] | None:
    """The function an identifier calls, its signature, and whether it is a builtin, for all
    but `call` and `slice` (whose arguments Go treats specially)."""
    name = ident.ident
    user = src.common.funcs.get(name)
    if user is not None:
        return user, signature_of(user), False
    builtin = bi.BUILTINS.get(name)
    if builtin is not None and name not in ("call", "slice"):
        return builtin.fn, builtin.signature, True
    return None


#: How one argument is passed: ("const", value), ("operand", node) or ("call", command, its
#: plan, boxed), `boxed` meaning Go's missing value arrives as nil (an interface parameter).
_Arg = tuple[Any, ...]


def _plan_call(
    src: Generated, cmd: n.CommandNode, pure: bool, nesting: int = 0, final: str | None = None
) -> tuple[Any, list[_Arg]] | None:
    """The function and the argument plan of a command inlined as a call, or None. A nested
    call (`pure`) may only call builtins and its own arguments must inline too, since a call
    that ran before the enclosing command bailed out would run again in the walker. `final`:
    the local holding the previous command's value, the call's last argument."""
    ident = cmd.args[0]
    if not isinstance(ident, n.IdentifierNode) or nesting > MAX_INLINE_NESTING:
        return None
    found = _callee(src, ident)
    if found is None or (pure and not found[2]):
        return None
    fn, sig, builtin = found
    if final is not None and builtin and ident.ident in bi.LAZY:
        return None  # and/or with a piped value: the walker's
    args = cmd.args[1:]
    count = len(args) + (final is not None)
    fixed = len(sig.params)
    if not (count == fixed or (sig.variadic is not None and count >= fixed)):
        return None
    plan: list[_Arg] = []
    for i, arg in enumerate(args):
        t = sig.param(i)
        ok, value = _literal(arg, t)
        if ok:
            plan.append(("const", value))
            continue
        if t is not REFLECT and t.kind != "interface":
            return None
        if reads_inline(src, arg):
            plan.append(("operand", arg))
            continue
        if not isinstance(arg, n.PipeNode) or arg.decl or len(arg.cmds) != 1:
            return None
        nested = _plan_call(src, arg.cmds[0], pure=True, nesting=nesting + 1)
        if nested is None:
            return None
        plan.append(("call", arg.cmds[0], nested, t is not REFLECT))
    if final is not None:
        t = sig.param(count - 1)
        if t is REFLECT:
            plan.append(("final", final))
        elif t.kind == "interface":  # Go's validateType: no value becomes a nil interface
            plan.append(("final", f"(None if {final} is _NO_VALUE else {final})"))
        else:
            return None
    return fn, plan


def _emit_arg(src: Generated, arg: _Arg, depth: int, dot: Dot, ready: list[str]) -> str:
    """Emit one planned argument and return the name holding it (a constant's, or a local
    that may hold MISS). `ready`: the locals of the arguments evaluated before it."""
    if arg[0] == "const":
        return src.const(arg[1])
    if arg[0] == "final":
        final: str = arg[1]
        return final
    local = src.fresh("a")
    if arg[0] == "operand":
        operand_source(src, arg[1], depth, dot, local)
        return local
    # A nested call runs only once every argument before it has its value, so that its
    # errors come in Go's order.
    _, nested_cmd, nested, boxed = arg
    src.add(depth, f"{local} = _MISS")
    if ready:
        src.add(depth, f"if {' and '.join(f'{a} is not _MISS' for a in ready)}:")
        depth += 1
    _emit_call(src, nested_cmd, nested, depth, dot, local)
    src.add(depth, f"if {local} is None:")
    src.add(depth + 1, f"{local} = {'None' if boxed else '_NO_VALUE'}")
    if boxed:
        src.add(depth, f"elif {local} is _NO_VALUE:")
        src.add(depth + 1, f"{local} = None")
    return local


def _emit_lazy(
    src: Generated,
    name: str,
    plan: list[_Arg],
    nodes: tuple[n.Node, ...],
    depth: int,
    dot: Dot,
    out: str,
) -> None:
    """Go's and/or: each argument evaluated only while the ones before it leave the answer
    open (truthy for and, falsy for or); the value is the last one evaluated."""
    go_on = "" if name == "and" else "not "
    for i, (arg, node) in enumerate(zip(plan, nodes, strict=True)):
        src.add(depth, f"{out} = {_emit_arg(src, arg, depth, dot, [])}")
        at = final_node(src, node) if isinstance(node, n.PipeNode) else node
        if at is not None:
            src.add(depth, f"st.node = {src.const(at)}")
        if i < len(plan) - 1:
            truth = f"({out} if type({out}) is bool else _truth_of({out}))"
            src.add(depth, f"if {out} is not _MISS and {go_on}{truth}:")
            depth += 1


def _emit_call(
    src: Generated,
    cmd: n.CommandNode,
    planned: tuple[Any, list[_Arg]],
    depth: int,
    dot: Dot,
    out: str,
) -> None:
    """Emit a planned call: each argument inline, then the call with Go's error wrapping, or
    MISS in `out` when an argument missed."""
    fn, plan = planned
    ident = cmd.args[0]
    assert isinstance(ident, n.IdentifierNode)
    if ident.ident in bi.LAZY and fn is bi.BUILTINS[ident.ident].fn:
        _emit_lazy(src, ident.ident, plan, cmd.args[1:], depth, dot, out)
        return
    names: list[str] = []
    locals_: list[str] = []
    for arg in plan:
        name = _emit_arg(src, arg, depth, dot, locals_)
        names.append(name)
        if arg[0] not in ("const", "final"):
            locals_.append(name)
    if locals_:
        src.add(depth, f"if {' or '.join(f'{a} is _MISS' for a in locals_)}:")
        src.add(depth + 1, f"{out} = _MISS")
        src.add(depth, "else:")
        depth += 1
    form = _FAST_FORMS.get(ident.ident)
    if form is not None and fn is bi.BUILTINS[ident.ident].fn and len(names) == form[0]:
        # A builtin on plain values whose Go result is the Python operator's.
        src.add(depth, f"if {form[1].format(*names)}:")
        src.add(depth + 1, f"{out} = {form[2].format(*names)}")
        src.add(depth, "else:")
        depth += 1
    fast = _printf_format(fn, plan)
    if fast is not None:
        # printf of a constant format whose verbs Python's `%` does as Go does: one `%` when
        # the arguments have the types that holds for.
        pyfmt, kinds = fast
        guards = " and ".join(
            _GUARDS[kind].format(a) for a, kind in zip(names[1:], kinds, strict=True)
        )
        src.add(depth, f"if {guards}:")
        src.add(depth + 1, f"{out} = {src.const(pyfmt)} % ({''.join(a + ', ' for a in names[1:])})")
        # The pieces join as Go's bytes do ("\xc3" then "\xa9" is "é").
        src.add(depth + 1, f"if not {out}.isascii():")
        src.add(depth + 2, f"{out} = _canonical({out})")
        src.add(depth, "else:")
        depth += 1
    plain = _printf_plain(fn, plan) if fast is None else None
    if plain is not None:
        # printf of a constant format with bare %v or %q: fmt's formatter of plain values
        # first, the builtin where it declines.
        src.add(depth, f"{out} = {src.const(plain)}({', '.join(names[1:])})")
        src.add(depth, f"if {out} is None:")
        depth += 1
    src.add(depth, "try:")
    src.add(depth + 1, f"{out} = {src.const(fn)}({', '.join(names)})")
    src.add(depth, "except Exception as err:")
    src.add(depth + 1, f"_call_failed(st, {src.const(cmd)}, {ident.ident!r}, err)")


_SAME_EQ = "type({0}) is type({1}) and type({0}) in _EQ_TYPES"
_SAME_ORD = "type({0}) is type({1}) and type({0}) in _ORD_TYPES"
#: Builtins inlined as Python operators: (argument count, the test that the arguments are
#: plain values of one kind, the expression). Strings are not ordered this way: Go orders
#: their bytes, which for invalid UTF-8 is not Python's code point order.
_FAST_FORMS = {
    "eq": (2, _SAME_EQ, "{0} == {1}"),
    "ne": (2, _SAME_EQ, "{0} != {1}"),
    "lt": (2, _SAME_ORD, "{0} < {1}"),
    "le": (2, _SAME_ORD, "{0} <= {1}"),
    "gt": (2, _SAME_ORD, "{0} > {1}"),
    "ge": (2, _SAME_ORD, "{0} >= {1}"),
    "not": (1, "type({0}) is bool", "not {0}"),
    "len": (1, "type({0}) is list or type({0}) is dict", "len({0})"),
}

#: The test that an argument has the Python type a `python_format` verb needs.
_GUARDS = {
    str: "type({0}) is str",
    int: "type({0}) is int",
    float: "type({0}) is float and {0} - {0} == 0.0",
}


def _printf_format(fn: Any, plan: list[_Arg]) -> tuple[str, tuple[type, ...]] | None:
    """The Python format of the builtin printf's constant format, if it has one that fits the
    arguments."""
    if fn is not bi.BUILTINS["printf"].fn or not plan or plan[0][0] != "const":
        return None
    found = python_format(plan[0][1])
    if found is None or len(found[1]) != len(plan) - 1 or not found[1]:
        return None
    return found


def _printf_plain(fn: Any, plan: list[_Arg]) -> Any:
    """fmt's plain formatter of the builtin printf's constant format (see plain_formatter),
    for a format `%` cannot do (where _printf_format found none)."""
    if fn is not bi.BUILTINS["printf"].fn or len(plan) < 2 or plan[0][0] != "const":
        return None
    if type(plan[0][1]) is not str:
        return None
    return plain_formatter(plan[0][1], len(plan) - 1)


def _command_value(
    src: Generated, cmd: n.CommandNode, depth: int, dot: Dot, out: str, final: str | None
) -> bool:
    """Emit code leaving the value of a pipeline's command in `out` (`final`: the local
    holding the previous command's value), as Go's evalPipeline has it (nil as Go's missing
    value), the walker running on MISS; False when the command is not one this module inlines
    (nothing emitted)."""
    first = cmd.args[0]
    planned = _plan_call(src, cmd, pure=False, final=final)
    if planned is not None:
        _emit_call(src, cmd, planned, depth, dot, out)
    elif final is None and len(cmd.args) == 1 and reads_inline(src, first):
        operand_source(src, first, depth, dot, out)
    else:
        return False
    fallback_source(src, cmd, depth, dot, out, final)
    return True


def fallback_source(
    src: Generated, cmd: n.CommandNode, depth: int, dot: Dot, out: str, final: str | None = None
) -> None:
    """Emit the end of a command's inline evaluation: the walker when `out` holds MISS, and
    Go's missing value for nil, as evalPipeline returns it."""
    src.add(depth, f"if {out} is _MISS:")
    walk_source(src, cmd, depth + 1, dot, out, final)
    src.add(depth, f"elif {out} is None:")
    src.add(depth + 1, f"{out} = _NO_VALUE")


def walk_source(
    src: Generated, cmd: n.CommandNode, depth: int, dot: Dot, out: str, final: str | None
) -> None:
    """Emit the walker's evaluation of `cmd` into `out` (`final`: the previous command's
    value), from where Go's state stands before it: the pipeline (before its first command)
    or the node the previous command left it at."""
    before = src.node_before.get(cmd)
    if before is not None:
        src.add(depth, f"st.node = {src.const(before)}")
    piped = f", {final}" if final is not None else ""
    src.add(depth, f"{out} = _walk_command(st, {dot[0]}, {src.const(cmd)}{piped})")


def node_after(src: Generated, cmd: n.CommandNode) -> n.Node | None:
    """The node Go's state points at once command `cmd` has been evaluated (the place of the
    errors that follow): its last argument, or the last node evaluated inside it (a
    parenthesized pipeline's, a chain's base); the function called when it had no argument.
    None after and/or, whose inline code sets it as it goes."""
    while True:
        first = cmd.args[0]
        if (
            isinstance(first, n.IdentifierNode)
            and first.ident in bi.LAZY
            and first.ident not in src.common.funcs
        ):
            return None
        last = cmd.args[-1]
        if isinstance(last, n.ChainNode):
            last = last.node
        if not isinstance(last, n.PipeNode):
            return last
        cmd = last.cmds[-1]


def final_node(src: Generated, pipe: n.PipeNode) -> n.Node | None:
    """The node Go's state points at once `pipe` has been evaluated (see node_after)."""
    return node_after(src, pipe.cmds[-1])


def pipeline_source(src: Generated, pipe: n.PipeNode, depth: int, dot: Dot) -> str | None:
    """Emit code evaluating `pipe` (Go's evalPipeline, declarations included) into a fresh
    local and return its name; None (nothing emitted) when the pipeline is not one of the
    inlined forms.

    Declared variables are pushed onto the execution's stack at the slots the scope model
    gave them; assigned ones are set in place."""
    if pipe.decl:
        if pipe.is_assign:
            if any(src.facts.refs[v] < 0 for v in pipe.decl):
                return None  # the walker looks it up by name or reports it undefined
        elif src.facts.pushes_at.get(pipe) is None:
            return None
    out = src.fresh("v")
    src.node_before[pipe.cmds[0]] = pipe
    for previous, cmd in zip(pipe.cmds, pipe.cmds[1:], strict=False):
        src.node_before[cmd] = node_after(src, previous)
    if not _command_value(src, pipe.cmds[0], depth, dot, out, None):
        return None
    for cmd in pipe.cmds[1:]:
        final, out = out, src.fresh("v")
        if not _command_value(src, cmd, depth, dot, out, final):
            walk_source(src, cmd, depth, dot, out, final)
    for var in pipe.decl:
        if pipe.is_assign:
            src.add(depth, f"vs[{src.facts.refs[var]}][1] = {out}")
        else:
            src.add(depth, f"vs.append([{var.ident[0]!r}, {out}])")
    return out
