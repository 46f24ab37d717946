"""Grammar-driven programs dense in variables, with Go's parse-time scope rules.

Go's parser keeps one list of visible names per template (`Tree.vars`): a declaration anywhere
in a pipeline, parenthesized arguments included, appends to it, and only the end of a whole
control (`{{end}}`, after any `{{else}}`) trims it. So a name declared in an if-body is still
visible in the else-list, and one declared inside `and`/`or` arguments is visible afterwards even
when it was never evaluated. At run time Go looks names up by name on a stack of what actually
ran. The generator follows the parser's rule exactly (so programs parse) and aims at the places
where the two views part: range else-lists, if/with bodies and else-lists, parenthesized and
conditionally evaluated declarations, `=` at many depths, both range forms, break/continue,
shadowing, `$` redeclared, reads after a scope ended, and templates with their own scope.
"""

from __future__ import annotations

import random
from typing import Any

from conformance.adversarial.common import exec_case

__all__ = ["scope_case"]

NAMES = ["$a", "$b", "$x", "$y", "$i", "$e", "$k", "$v"]
FIELDS = [".l", ".e", ".m", ".t", ".f", ".n", ".s", ".i", ".nested.l", ".nested.m", "."]
LITERALS = ["1", "2", "0", '"s"', '""', "true", "false", "-1", "3"]
RANGE_OVER = [".l", ".e", ".m", ".nested.l", ".nested.m", "2", "0", ".n", ".s"]


class _Program:
    """One program under construction; `vars` mirrors Go's Tree.vars at the current point."""

    def __init__(self, r: random.Random) -> None:
        self.r = r
        self.vars: list[str] = ["$"]
        self.ended: list[str] = []  # names whose scope has ended (for reads that must fail)
        self.budget = r.randint(12, 40)  # actions left to emit, keeps programs small

    # --- expressions ------------------------------------------------------------------------

    def var(self) -> str:
        names = [v for v in self.vars if v != "$"] or ["$"]
        return self.r.choice(names + ["$"] * (len(names) < 3))

    def new_name(self) -> str:
        return self.r.choice(NAMES)

    def operand(self, depth: int) -> str:
        r = self.r
        x = r.random()
        if x < 0.2:
            return r.choice(LITERALS)
        if x < 0.38:
            return r.choice(FIELDS)
        if x < 0.65:
            v = self.var()
            return v + r.choice(["", "", "", ".l", ".s"]) if v == "$" else v
        if depth >= 2:
            return self.var()
        if x < 0.8:
            return "(" + self.decl_pipe(depth + 1) + ")"
        return "(" + self.call(depth + 1) + ")"

    def decl_pipe(self, depth: int) -> str:
        """A parenthesized pipeline with a declaration or an assignment in it."""
        value = self.call(depth) if self.r.random() < 0.4 else self.operand(depth)
        return self.declare(value)

    def declare(self, value: str) -> str:
        """`$n := value` (a new or shadowing name) or `$n = value` (a visible one)."""
        if self.vars[1:] and self.r.random() < 0.4:
            name = self.var()
            text = f"{name} = {value}"
        else:
            name = self.new_name() if self.r.random() < 0.97 else "$"
            text = f"{name} := {value}"
            self.vars.append(name)
        return text

    def call(self, depth: int) -> str:
        r = self.r
        fn = r.choice(["print", "and", "or", "len", "index", "eq", "not", "printf", "ne"])
        if fn in ("and", "or"):
            # Later arguments run only when the earlier ones do not decide: declarations in
            # them may never run, although the parser has added their names.
            args = [self.operand(depth)]
            args.append("(" + self.decl_pipe(depth + 1) + ")")
            if r.random() < 0.4:
                args.append(self.operand(depth))
            return fn + " " + " ".join(args)
        if fn == "len":
            return "len " + r.choice([".l", ".e", ".m", ".s", self.var()])
        if fn == "index":
            return "index " + r.choice([".l 0", '.m "a"', ".nested.l 1 0", self.var() + " 0"])
        if fn == "printf":
            return 'printf "%v|%T" ' + self.operand(depth) + " " + self.operand(depth)
        n = {"print": r.randint(1, 3), "eq": 2, "ne": 2, "not": 1}[fn]
        return fn + " " + " ".join(self.operand(depth) for _ in range(n))

    def pipeline(self, depth: int = 0) -> str:
        text = self.call(depth) if self.r.random() < 0.5 else self.operand(depth)
        if self.r.random() < 0.15:
            text += " | " + self.r.choice(["print", 'printf "%v"', "len"])
        return text

    # --- statements -------------------------------------------------------------------------

    def body(self, depth: int, in_range: bool) -> str:
        out = []
        for _ in range(self.r.randint(1, 4)):
            if self.budget <= 0:
                break
            out.append(self.statement(depth, in_range))
        return "".join(out)

    def statement(self, depth: int, in_range: bool) -> str:
        r = self.r
        self.budget -= 1
        x = r.random()
        if x < 0.08:
            return r.choice(["-", " ", "\n", "|"])
        if x < 0.28:
            return "{{" + self.var() + "}}"
        if x < 0.45:
            return "{{" + self.declare(self.pipeline()) + "}}"
        if x < 0.55:
            return "{{" + self.pipeline() + "}}"
        if x < 0.58 and self.ended:
            # A name read after its scope ended: Go rejects it at parse time.
            return "{{" + r.choice(self.ended) + "}}"
        if in_range and x < 0.63:
            return r.choice(["{{break}}", "{{continue}}"])
        if x < 0.66:
            return '{{template "T" ' + self.operand(1) + "}}"
        if depth >= 3:
            return "{{" + self.var() + "}}"
        if x < 0.82:
            return self.control(r.choice(["if", "with"]), depth, in_range)
        return self.control("range", depth, in_range)

    def control(self, kw: str, depth: int, in_range: bool) -> str:
        """`{{kw ...}}list[{{else}}list]{{end}}`: every name declared from the head to the
        {{end}}, else-lists included, ends there (Go's parseControl)."""
        mark = len(self.vars)
        head = self.range_head() if kw == "range" else f"{kw} {self.cond()}"
        text = "{{" + head + "}}" + self.body(depth + 1, in_range or kw == "range")
        if self.r.random() < 0.55:
            if kw != "range" and self.r.random() < 0.4:
                # `{{else if c}}` is `{{else}}{{if c}}...{{end}}` sharing the outer {{end}}.
                text += "{{else " + self.control(kw, depth + 1, in_range)[2:]
                self._end(mark)
                return text
            text += "{{else}}" + self.body(depth + 1, in_range)
        self._end(mark)
        return text + "{{end}}"

    def _end(self, mark: int) -> None:
        self.ended.extend(v for v in self.vars[mark:] if v not in self.vars[:mark])
        del self.vars[mark:]

    def cond(self) -> str:
        return self.declare(self.pipeline()) if self.r.random() < 0.35 else self.pipeline()

    def range_head(self) -> str:
        """`range` with no variable, one or two declared (`:=`) or assigned (`=`) ones."""
        r = self.r
        over = r.choice([*RANGE_OVER, self.var()])
        visible = [v for v in self.vars if v != "$"]
        forms = ["", "one", "two"]
        if visible:
            forms += ["assign-one", "assign-two"] if len(set(visible)) > 1 else ["assign-one"]
        form = r.choice(forms)
        if form == "one":
            name = self.new_name()
            self.vars.append(name)
            return f"range {name} := {over}"
        if form == "two":
            a, b = self.new_name(), self.new_name()
            self.vars.extend([a, b])
            return f"range {a}, {b} := {over}"
        if form == "assign-one":
            return f"range {r.choice(visible)} = {over}"
        if form == "assign-two":
            a, b = r.sample(sorted(set(visible)), 2)
            return f"range {a}, {b} = {over}"
        return f"range {over}"


def _define(r: random.Random, name: str) -> str:
    """A template with its own scope (only `$`), reading and declaring variables."""
    p = _Program(r)
    p.budget = r.randint(2, 6)
    body = p.body(1, False).replace('{{template "T" ', '{{print "T" ')
    return f'{{{{define "{name}"}}}}<{body}>{{{{end}}}}'


def _data(r: random.Random) -> dict[str, Any]:
    return {
        "l": r.choice([[1, 2, 3], ["a", "b"], [0], [[1], []]]),
        "e": [],
        "m": r.choice([{"a": 1, "b": "x"}, {"a": [1, 2]}, {}]),
        "t": True,
        "f": False,
        "n": None,
        "s": r.choice(["str", "", "é"]),
        "i": r.choice([3, 0, -2]),
        "nested": {"l": [[1], [2, 3]], "m": {"k": [1], "j": {}}},
    }


def scope_case(r: random.Random) -> dict[str, Any]:
    """One variable-dense program over small JSON data (integers kept as Go ints)."""
    p = _Program(r)
    text = p.body(0, False)
    tail = [v for v in dict.fromkeys(p.vars) if v != "$"]
    if tail:
        text += "{{print " + " ".join(tail) + "}}"
    text = _define(r, "T") + text
    return exec_case("program", text, data_mode="json_int", data=_data(r))
