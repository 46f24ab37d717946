"""Seeded random template programs and their mutations, for differential runs against Go.

A second generator beside test_differential's hypothesis strategies, with a wider grammar:
trim markers, comments, define/template, if/with chains with else-if/else-with, range with
declarations and break/continue, declarations and assignments, literals of every form, printf
verbs, pipelines and parentheses. Mutations (deleted, inserted and replaced characters) turn
programs into parse errors. Each program is a case in the conformance format.
"""

from __future__ import annotations

import random
from typing import Any

__all__ = ["mutate", "program"]

KEYS = ["a", "b", "c", "X", "é", "list", "m", "n", "s"]
LITERALS = [
    "0", "1", "-1", "3", "0x1F", "0o17", "017", "1_000", "'a'", "'\\n'", "1.5", "-2.5e3", "1e6",
    "0x1p-2", "2i", "1+2i", '"x"', '"a b"', '"<&>"', '"\\u00e9"', "`raw`", "true", "false", "nil",
    '"%d"', '"10"', "0.1", "100",
]  # fmt: skip
FUNCS = [
    "len", "index", "slice", "print", "println", "printf", "html", "js", "urlquery", "not",
    "and", "or", "eq", "ne", "lt", "le", "gt", "ge",
]  # fmt: skip
VERBS = [
    "%v", "%d", "%s", "%q", "%x", "%5.2f", "%-4d|", "%+v", "%T", "%t", "%c", "%08.3f", "%e",
    "%g", "%%", "%5s", "%.1s", "%#v", "%U", "%o", "%b",
]  # fmt: skip
STAGES = [
    "print",
    "len",
    "html",
    'printf "%v"',
    "not",
    "urlquery",
    "js",
    "println",
    "index .",
    "eq 1",
]
SCALARS = [None, True, False, 0, 1, -3, 2.5, 1e6, 123456789, 0.1, "", "x", "<a&b>", "é", "10"]


class _Gen:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def field(self) -> str:
        return "." + ".".join(self.r.choice(KEYS) for _ in range(self.r.randint(1, 2)))

    def operand(self, names: list[str], depth: int) -> str:
        x = self.r.random()
        if x < 0.25:
            return self.r.choice(LITERALS)
        if x < 0.5:
            return self.field()
        if x < 0.6:
            return "."
        if x < 0.75:
            tail = "." + self.r.choice(KEYS) if self.r.random() < 0.3 else ""
            return self.r.choice(names) + tail
        if depth < 2:
            return "(" + self.pipeline(names, depth + 1) + ")"
        return self.field()

    def command(self, names: list[str], depth: int) -> str:
        if self.r.random() < 0.4:
            return self.operand(names, depth)
        fn = self.r.choice(FUNCS)
        args = [self.operand(names, depth) for _ in range(self.r.randint(0, 3))]
        if fn == "printf":
            verbs = " ".join(self.r.choice(VERBS) for _ in range(self.r.randint(1, 3)))
            args.insert(0, '"' + verbs + '"')
        return " ".join([fn, *args])

    def pipeline(self, names: list[str], depth: int = 0) -> str:
        text = self.command(names, depth)
        if self.r.random() < 0.3:
            for _ in range(self.r.randint(0, 2)):
                text += " | " + self.r.choice(STAGES)
        return text

    def open(self) -> str:
        return self.r.choice(["{{", "{{- "])

    def close(self) -> str:
        return self.r.choice(["}}", " -}}"])

    def body(self, names: list[str], depth: int = 0, in_range: bool = False) -> str:
        r = self.r
        out = []
        for _ in range(r.randint(1, 4)):
            x = r.random()
            if x < 0.2:
                out.append(r.choice(["x", " ", "\n", "ab ", "\t", "é"]))
            elif x < 0.45:
                out.append(self.open() + self.pipeline(names) + self.close())
            elif x < 0.55:
                var = r.choice(["$x", "$y", "$z"])
                op = ":=" if var not in names or r.random() < 0.5 else "="
                out.append(f"{self.open()}{var} {op} {self.pipeline(names)}{self.close()}")
                names = [*names, var]
            elif x < 0.6:
                out.append(self.open() + "/* c */" + self.close())
            elif depth < 2 and x < 0.72:
                out.append(self._branch(names, depth, in_range))
            elif depth < 2 and x < 0.85:
                out.append(self._range(names, depth, in_range))
            elif in_range and x < 0.9:
                out.append(r.choice(["{{break}}", "{{continue}}"]))
            elif x < 0.95:
                out.append('{{template "T" ' + self.operand(names, 0) + "}}")
            else:
                out.append(self.open() + r.choice(["$", "$.a", ".", "$.list"]) + self.close())
        return "".join(out)

    def _branch(self, names: list[str], depth: int, in_range: bool) -> str:
        kw = self.r.choice(["if", "with"])
        head = self.open() + kw + " " + self.pipeline(names) + self.close()
        tail = ""
        if self.r.random() < 0.5:
            if self.r.random() < 0.4:
                tail = "{{else " + kw + " " + self.pipeline(names) + "}}"
            else:
                tail = "{{else}}"
            tail += self.body(names, depth + 1, in_range)
        return head + self.body(names, depth + 1, in_range) + tail + "{{end}}"

    def _range(self, names: list[str], depth: int, in_range: bool) -> str:
        decls = ["", "$i, $e := ", "$e := "]
        if "$i" in names and "$e" in names:
            decls.append("$i, $e = ")
        decl = self.r.choice(decls)
        inner = [*names, *(v for v in ("$i", "$e") if v in decl)]
        head = self.open() + "range " + decl + self.pipeline(names) + self.close()
        tail = "{{else}}" + self.body(names, depth + 1, in_range) if self.r.random() < 0.3 else ""
        return head + self.body(inner, depth + 1, True) + tail + "{{end}}"

    def data(self, depth: int = 0) -> Any:
        x = self.r.random()
        if depth > 2 or x < 0.4:
            return self.r.choice([*SCALARS, [], {}])
        if x < 0.7:
            return [self.data(depth + 1) for _ in range(self.r.randint(0, 3))]
        return {self.r.choice(KEYS): self.data(depth + 1) for _ in range(self.r.randint(0, 4))}


def program(seed: int) -> dict[str, Any]:
    """One random program and data (json or json_int) as a conformance exec case."""
    g = _Gen(seed)
    text = '{{define "T"}}[{{.}}]{{end}}' + g.body(["$"])
    mode = g.r.choice(["json", "json_int"])
    return {"id": f"random/{seed}", "kind": "exec", "template": text, "data_mode": mode,
            "data": g.data(), "funcs": "test"}  # fmt: skip


def mutate(case: dict[str, Any], seed: int) -> dict[str, Any]:
    """The case with one to three characters deleted, inserted or replaced."""
    r = random.Random(seed)
    chars = list(case["template"])
    for _ in range(r.randint(1, 3)):
        if not chars:
            break
        i = r.randrange(len(chars))
        x = r.random()
        if x < 0.4:
            del chars[i]
        elif x < 0.7:
            chars.insert(i, r.choice([*"{}()|$.:=\"'` -,!@", "{{", "}}", "end", "else", "if "]))
        else:
            chars[i] = r.choice(list("{}()|$. \n"))
    return {**case, "id": f"{case['id']}/m{seed}", "template": "".join(chars)}
