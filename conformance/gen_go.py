# ruff: noqa: E501  (table data: Go test inputs kept one per line)
"""Cases taken from Go's own text/template tests (inputs only; Go's answers come from the oracle).

parse/parse_test.go, parse/lex_test.go -> parse_go.jsonl; exec_test.go, multi_test.go ->
exec_go.jsonl. Table rows are lifted with conformance/tools/gotables; inputs that live in loops
or function bodies rather than tables are listed here, as data.
"""

from __future__ import annotations

import json
from typing import Any

from conformance.gen_common import TEMPLATE_SRC, Ids, case, go_table

PARSE = TEMPLATE_SRC / "parse"

# exec_test.go data expressions -> (data_mode, data).
EXEC_DATA: dict[str, tuple[str, Any]] = {
    "nil": ("json", None),
    "0": ("json_int", 0),
    "13": ("json_int", 13),
    "123": ("json_int", 123),
    "15.1": ("json", 15.1),
    "true": ("json", True),
    '"hello"': ("json", "hello"),
    '"joe"': ("json", "joe"),
    "`It'd be nice.`": ("json", "It'd be nice."),
    "tVal": ("go:tVal", None),
    "T{}": ("go:T0", None),
    "tSliceOfNil": ("go:tSliceOfNil", None),
    "&iVal": ("go:iValPtr", None),
    "fVal1(0)": ("go:fVal1_0", None),
    "fVal1(2)": ("go:fVal1_2", None),
    "fVal2(0)": ("go:fVal2_0", None),
    "fVal2(2)": ("go:fVal2_2", None),
    "uint(14)": ("go:uint14", None),
    "16.2 - 17i": ("go:cplx16", None),
    "[]int{-1, -2, -3}": ("go:ints", None),
    'map[string]int{"two": 22}': ("go:msiTwo", None),
    'struct {\n\t\ta int\n\t\tb string\n\t}{7, "seven"}': ("go:anonAB", None),
    'map[string]any{"S": bytes.NewBufferString("foozle")}': ("go:mapSBuffer", None),
    "int(5)": ("go:int5", None),
    "int8(5)": ("go:int8_5", None),
    "int16(5)": ("go:int16_5", None),
    "int32(5)": ("go:int32_5", None),
    "int64(5)": ("go:int64_5", None),
    "uint(5)": ("go:uint5", None),
    "uint8(5)": ("go:uint8_5", None),
    "uint16(5)": ("go:uint16_5", None),
    "uint32(5)": ("go:uint32_5", None),
    "uint64(5)": ("go:uint64_5", None),
    "uintptr(5)": ("go:uintptr5", None),
    "uintptr(0)": ("go:uintptr0", None),
    'map[string]string{"cause": "neglect"}': ("go:mssCause", None),
    "'.'": ("go:runeDot", None),
    "'e'": ("go:runeE", None),
    "'P'": ("go:runeP", None),
}

# TestDelimsStringRoundtrip's inputs (a loop literal, not a table), parsed with [[ ]].
DELIMS_ROUNDTRIP = [
    "[[.X]]",
    "[[/* a comment */]]",
    "[[if .X]]y[[else]]z[[end]]",
    "[[range .X]][[break]][[continue]][[end]]",
    "[[with .X]]y[[end]]",
    '[[template "name" .]]',
]
# exec_test.go TestDelims: delimPairs.
DELIM_PAIRS = [("", ""), ("{{", "}}"), ("<<", ">>"), ("|", "|"), ("(日)", "(本)")]


def _s(field: dict[str, Any]) -> str:
    return field["str"]


def parse_cases() -> list[dict[str, Any]]:
    """Every input of parse_test.go and lex_test.go, as parse cases."""
    ids = Ids()
    out: list[dict[str, Any]] = []

    def add(base: str, text: str, **kw: Any) -> None:
        out.append(case(ids(base), "parse", text, **kw))

    for row in go_table(PARSE / "parse_test.go", "parseTests"):
        add(f"parseTests/{_s(row[0])}", _s(row[1]), funcs="parsetest")
    for row in go_table(PARSE / "parse_test.go", "numberTests"):
        add(f"numberTests/{_s(row[0])}", "{{print " + _s(row[0]) + "}}")
    for row in go_table(PARSE / "parse_test.go", "errorTests"):
        add(f"errorTests/{_s(row[0])}", _s(row[1]))
    for row in go_table(PARSE / "parse_test.go", "isEmptyTests"):
        add(f"isEmptyTests/{_s(row[0])}", _s(row[1]))
    for row in go_table(PARSE / "parse_test.go", "TestParseWithComments.tests"):
        add(f"TestParseWithComments/{_s(row[0])}", _s(row[1]))
    for i, text in enumerate(DELIMS_ROUNDTRIP):
        add(f"TestDelimsStringRoundtrip/{i}", text, delims=["[[", "]]"])
    kw = "{{range .X}}{{break 20}}{{end}}"
    add("TestKeywordsAndFuncs/break-func", kw, funcs="gotest", func_aliases={"break": "echo"})
    add("TestKeywordsAndFuncs/no-break-func", kw)
    add("TestSkipFuncCheck", "{{fn 1 2}}")
    add("TestBlock", 'a{{block "inner" .}}bar{{.}}baz{{end}}b')
    add("TestLineNum", "{{printf 1234}}\n" * 3)
    for row in go_table(PARSE / "lex_test.go", "lexTests"):
        add(f"lexTests/{_s(row[0])}", _s(row[1]))
    for row in go_table(PARSE / "lex_test.go", "lexDelimTests"):
        add(f"lexDelimTests/{_s(row[0])}", _s(row[1]), delims=["$$", "@@"])
    for row in go_table(PARSE / "lex_test.go", "lexPosTests"):
        add(f"lexPosTests/{_s(row[0])}", _s(row[1]))
    add("TestDelimsAlphaNumeric", "{{hub .host hub}}", delims=["{{hub", "hub}}"])
    add("TestDelimsAndMarkers", "{{- .x -}} {{- - .x - -}}", delims=["{{- ", " -}}"])
    return out


def _exec_row(ids: Ids, prefix: str, row: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    name, text, data_src = _s(row[0]), _s(row[1]), row[3]["src"]
    mode, data = EXEC_DATA[data_src]
    return case(
        ids(f"{prefix}/{name}"),
        "exec",
        text,
        name=name,
        funcs="gotest",
        data_mode=mode,
        data=data,
        **kw,
    )


MULTI_TEXT1 = '\n\t{{define "x"}}TEXT{{end}}\n\t{{define "dotV"}}{{.V}}{{end}}\n'
MULTI_TEXT2 = '\n\t{{define "dot"}}{{.}}{{end}}\n\t{{define "nested"}}{{template "dot" .}}{{end}}\n'
TMPL1 = 'template1\n{{define "x"}}x{{end}}\n{{template "y"}}\n'
TMPL2 = 'template2\n{{define "y"}}y{{end}}\n{{template "x"}}\n'
CLONE = [
    '{{define "a"}}{{template "b"}}{{template "c"}}{{end}}',
    '{{define "b"}}b{{end}}',
    '{{define "c"}}root{{end}}',
    '{{define "c"}}clone{{end}}',
    '{{define "e"}}{{.Foo}}{{end}}',
]


def _parse(text: str, on: str = "t") -> dict[str, Any]:
    return {"op": "parse", "on": on, "text": text}


def multi_cases(ids: Ids) -> list[dict[str, Any]]:
    """multi_test.go: multiParseTests, multiExecTests and the set-manipulating tests."""
    out: list[dict[str, Any]] = []
    for row in go_table(TEMPLATE_SRC / "multi_test.go", "multiParseTests"):
        out.append(case(ids(f"multiParseTests/{_s(row[0])}"), "parse", _s(row[1]), name="root"))
    for row in go_table(TEMPLATE_SRC / "multi_test.go", "multiExecTests"):
        name, text = _s(row[0]), _s(row[1])
        mode, data = EXEC_DATA[row[3]["src"]]
        steps = [
            _parse(MULTI_TEXT1),
            _parse(MULTI_TEXT2),
            {"op": "new", "on": "t", "name": name, "as": "x"},
            _parse(text, "x"),
        ]
        out.append(
            case(
                ids(f"multiExecTests/{name}"),
                "exec",
                name="root",
                funcs="gotest",
                steps=steps,
                exec_on="x",
                data_mode=mode,
                data=data,
            )
        )
    files = [_parse(TMPL1), _parse(TMPL2)]
    # ParseFiles names each file's template after the file; the root keeps its own name.
    files = [
        {"op": "new", "on": "t", "name": "tmpl1.tmpl", "as": "f1"},
        _parse(TMPL1, "f1"),
        {"op": "new", "on": "t", "name": "tmpl2.tmpl", "as": "f2"},
        _parse(TMPL2, "f2"),
        {"op": "new", "on": "t", "name": "test", "as": "x"},
        _parse('{{template "tmpl1.tmpl"}}{{template "tmpl2.tmpl"}}', "x"),
    ]
    out.append(
        case(
            ids("templateFileExecTests/test"),
            "exec",
            name="root",
            funcs="gotest",
            steps=files,
            exec_on="x",
            data_mode="json_int",
            data=0,
        )
    )
    clone_steps = [
        _parse(CLONE[0]),
        _parse(CLONE[1]),
        _parse(CLONE[4]),
        {"op": "option", "on": "t", "options": ["missingkey=error"]},
        {"op": "clone", "on": "t", "as": "c"},
        _parse(CLONE[2]),
        _parse(CLONE[3], "c"),
    ]
    for on in ("t", "c"):
        out.append(
            case(
                ids(f"TestClone/{on}-a"),
                "exec",
                name="root",
                steps=clone_steps,
                exec_on=on,
                execute="a",
                data_mode="json_int",
                data=0,
            )
        )
        out.append(
            case(
                ids(f"TestClone/{on}-e"),
                "exec",
                name="root",
                steps=clone_steps,
                exec_on=on,
                execute="e",
                data_mode="json",
                data={},
            )
        )
    out.append(
        case(
            ids("TestAddParseTree"),
            "exec",
            name="root",
            steps=[
                _parse(CLONE[0]),
                _parse(CLONE[1]),
                {"op": "new", "on": "t", "name": "cloneText3", "as": "other"},
                _parse(CLONE[2], "other"),
                {"op": "lookup", "on": "other", "name": "c", "as": "ctree"},
                {"op": "add_parse_tree", "on": "t", "name": "c", "tree_of": "ctree", "as": "added"},
            ],
            exec_on="added",
            execute="a",
            data_mode="json_int",
            data=0,
        )
    )
    redefs = ['{{define "test"}}foo{{end}}', '{{define "test"}}bar{{end}}']
    out.append(
        case(
            ids("TestRedefinition"),
            "exec",
            name="tmpl1",
            steps=[
                _parse(redefs[0]),
                _parse(redefs[1]),
                {"op": "new", "on": "t", "name": "tmpl2", "as": "t2"},
                _parse(redefs[1], "t2"),
            ],
            execute="test",
        )
    )
    out.append(
        case(
            ids("TestTemplateLookUp"),
            "exec",
            name="foo",
            steps=[
                {"op": "new", "on": "t", "name": "bar", "as": "bar"},
                _parse('{{define "foo"}}test{{end}}'),
            ],
        )
    )
    out.append(
        case(
            ids("TestNew"),
            "parse",
            name="test",
            steps=[
                _parse('{{define "test"}}foo{{end}}'),
                {"op": "new", "on": "t", "name": "test"},
            ],
        )
    )
    out.append(
        case(
            ids("TestParse"),
            "exec",
            name="test",
            steps=[
                _parse('{{define "test"}}{{end}}'),
                _parse('{{define "test"}}{{/* this is a comment */}}{{end}}'),
                _parse('{{define "test"}}foo{{end}}'),
            ],
        )
    )
    for i, row in enumerate(go_table(TEMPLATE_SRC / "multi_test.go", "TestEmptyTemplate.cases")):
        defs, name = row[0]["strs"], _s(row[1])
        steps: list[dict[str, Any]] = []
        for j, d in enumerate(defs):
            steps += [{"op": "new", "on": "t", "name": name, "as": f"m{j}"}, _parse(d, f"m{j}")]
        out.append(
            case(
                ids(f"TestEmptyTemplate/{i}"),
                "exec",
                name="root",
                steps=steps,
                exec_on=f"m{len(defs) - 1}",
                data_mode="json",
                data=name,
            )
        )
    out.append(
        case(
            ids("TestIssue19294"),
            "exec",
            name="title.xhtml",
            steps=[
                _parse('{{template "xhtml" .}}'),
                {"op": "new", "on": "t", "name": "stylesheet", "as": "s"},
                _parse('{{define "stylesheet"}}stylesheet{{end}}', "s"),
                {"op": "new", "on": "t", "name": "xhtml", "as": "x"},
                _parse('{{block "stylesheet" .}}{{end}}', "x"),
            ],
            data_mode="json_int",
            data=0,
        )
    )
    return out


def inline_exec_cases(ids: Ids) -> list[dict[str, Any]]:
    """exec_test.go tests written as code rather than tables, re-expressed as cases."""
    out: list[dict[str, Any]] = []

    def add(base: str, text: str | None, **kw: Any) -> None:
        out.append(case(ids(base), "exec", text, **kw))

    for left, right in DELIM_PAIRS:
        tl, tr = left or "{{", right or "}}"
        text = f'{tl}.Str{tr}{tl}/*comment*/{tr}{tl}"{tl}"{tr}'
        add(
            f"TestDelims/{tl}", text, name="delims", delims=[left, right], data_mode="go:delimValue"
        )
        out.append(
            case(ids(f"TestDelims/{tl}/tree"), "parse", text, name="delims", delims=[left, right])
        )
    add("TestExecuteError", "{{.MyError true}}", name="error", data_mode="go:tVal")
    exec_error_text = (
        'line 1\nline 2\nline 3\n{{template "one" .}}\n{{define "one"}}{{template "two" .}}{{end}}\n'
        '{{define "two"}}{{template "three" .}}{{end}}\n{{define "three"}}{{index "hi" $}}{{end}}'
    )
    add("TestExecError", exec_error_text, name="top", data_mode="json_int", data=5)
    add("TestExecError_CustomError", "{{ err }}", name="top", funcs="goerr")
    js_cases = [
        "a",
        "'foo",
        'Go "jump" \\',
        'Yukihiro says "今日は世界"',
        "unprintable \ufffe",
        "<html>",
        "no = in attributes",
        "&#x27; does not become HTML entity",
    ]
    for i, s in enumerate(js_cases):
        add(f"TestJSEscaping/{i}", "{{js .}}", data_mode="json", data=s)
    tree_text = (
        '\n\t(- define "tree" -)\n\t[\n\t\t(- .Val -)\n\t\t(- with .Left -)\n\t\t\t(template "tree" . -)'
        '\n\t\t(- end -)\n\t\t(- with .Right -)\n\t\t\t(- template "tree" . -)\n\t\t(- end -)\n\t]'
        "\n\t(- end -)\n"
    )
    add("TestTree", tree_text, name="root", delims=["(", ")"], execute="tree", data_mode="go:tree")
    add(
        "TestMessageForExecuteEmpty/empty",
        None,
        name="empty",
        steps=[],
        data_mode="json_int",
        data=0,
    )
    two = '{{define "one"}}one{{end}}{{define "two"}}two{{end}}'
    secondary = [
        {"op": "new", "on": "t", "name": "", "as": "tests"},
        _parse(two, "tests"),
        {"op": "add_parse_tree", "on": "t", "name": "secondary", "tree_of": "tests"},
    ]
    add(
        "TestMessageForExecuteEmpty/after-add",
        None,
        name="empty",
        steps=secondary,
        data_mode="json_int",
        data=0,
    )
    add(
        "TestMessageForExecuteEmpty/secondary",
        None,
        name="empty",
        steps=secondary,
        execute="secondary",
        data_mode="json_int",
        data=0,
    )
    add("TestFinalForPrintf", '{{"x" | printf}}', name="", data_mode="json_int", data=0)
    for row in go_table(TEMPLATE_SRC / "exec_test.go", "cmpTests"):
        expr = _s(row[0])
        add(
            f"cmpTests/{expr}",
            f"{{{{if {expr}}}}}true{{{{else}}}}false{{{{end}}}}",
            name="empty",
            data_mode="go:cmp",
        )
    missing = "{{.x}} {{.y}}"
    for opt in (None, "missingkey=default", "missingkey=zero", "missingkey=error"):
        add(
            f"TestMissingMapKey/{opt or 'none'}",
            missing,
            name="t1",
            options=[opt] if opt else None,
            data_mode="go:msiX99",
        )
    add("TestMissingMapKey/nil-data", missing, name="t1", options=["missingkey=error"])
    add(
        "TestUnterminatedStringError",
        "hello\n\n{{`unterminated\n\n\n\n}}\n some more\n\n",
        name="X",
    )
    for fname in ["_", "a", "a1", "Ӵ", "", "2", "a-b"]:
        add(
            f"TestGoodBadFuncNames/{fname}",
            "ok",
            name="X",
            funcs="gotest",
            func_aliases={fname: "returnInt"},
        )
    truthy = [
        "json_int:1",
        "json_int:0",
        "uint8_1",
        "uint8_0",
        "json:1.0",
        "json:0.0",
        "complex64_1",
        "complex64_0",
        "json:true",
        "json:false",
        "arr2",
        "arr0",
        "bytesABC",
        "bytesEmpty",
        "msiAB",
        "msiEmpty",
        "chanOpen",
        "nilChan",
        "newInt",
        "nilIntPtr",
    ]
    for t in truthy:
        if ":" in t:
            mode, lit = t.split(":")
            kw: dict[str, Any] = {"data_mode": mode, "data": json.loads(lit)}
        else:
            kw = {"data_mode": f"go:{t}"}
        add(f"TestIsTrue/{t}", "{{if .}}true{{else}}false{{end}}", **kw)
    block = 'a({{block "inner" .}}bar({{.}})baz{{end}})b'
    overlay = '{{define "inner"}}foo({{.}})bar{{end}}'
    bsteps = [_parse(block), {"op": "clone", "on": "t", "as": "c"}, _parse(overlay, "c")]
    add("TestBlock/base", None, name="outer", steps=bsteps, data_mode="json", data="hello")
    add(
        "TestBlock/overlay",
        None,
        name="outer",
        steps=bsteps,
        exec_on="c",
        data_mode="json",
        data="goodbye",
    )
    for fname, text, fixture in [
        ("MissingFieldOnNil", "{{.MissingField}}", "nilT"),
        ("MissingFieldOnNonNil", "{{.MissingField}}", "Tptr0"),
        ("ExistingFieldOnNil", "{{.X}}", "nilT"),
        ("MissingKeyOnNilMap", "{{.MissingKey}}", "nilMapPtr"),
        ("MissingKeyOnMapPtrToNil", "{{.MissingKey}}", "emptyMapPtr"),
    ]:
        add(f"TestEvalFieldErrors/{fname}", text, name="tmpl", data_mode=f"go:{fixture}")
    add("TestMaxExecDepth", '{{template "tmpl" .}}', name="tmpl")
    for i, text in enumerate(
        ["{{range .}}{{.String}}{{end}}", "{{with index . 0}}{{.String}}{{end}}"]
    ):
        add(f"TestAddrOfIndex/{i}", text, name="tmpl", data_mode="go:sliceV")
    iface = [
        "{{index .Nil 1}}",
        "{{index .Slice 2}}",
        "{{index .Slice .Two}}",
        "{{call .Nil 1}}",
        "{{call .PlusOne 1}}",
        "{{call .PlusOne .One}}",
        "{{and (index .Slice 0) true}}",
        "{{and .Zero true}}",
        "{{and (index .Slice 1) false}}",
        "{{and .One false}}",
        "{{or (index .Slice 0) false}}",
        "{{or .Zero false}}",
        "{{or (index .Slice 1) true}}",
        "{{or .One true}}",
        "{{not (index .Slice 0)}}",
        "{{not .Zero}}",
        "{{not (index .Slice 1)}}",
        "{{not .One}}",
        "{{eq (index .Slice 0) .Zero}}",
        "{{eq (index .Slice 1) .One}}",
        "{{ne (index .Slice 0) .Zero}}",
        "{{ne (index .Slice 1) .One}}",
        "{{ge (index .Slice 0) .One}}",
        "{{ge (index .Slice 1) .Zero}}",
        "{{gt (index .Slice 0) .One}}",
        "{{gt (index .Slice 1) .Zero}}",
        "{{le (index .Slice 0) .One}}",
        "{{le (index .Slice 1) .Zero}}",
        "{{lt (index .Slice 0) .One}}",
        "{{lt (index .Slice 1) .Zero}}",
    ]
    for text in iface:
        add(f"TestInterfaceValues/{text}", text, name="tmpl", data_mode="go:ifaceValues")
    for text, fixture in [
        ("{{doPanic}}", "nilT"),
        ("{{call doPanic}}", "nilT"),
        ("{{.GetU}}", "nilT"),
        ("{{call .GetU}}", "nilT"),
        ("{{call .PanicFunc}}", "tVal"),
        ("{{.NonEmptyInterfaceNil.Method0}}", "tVal"),
    ]:
        add(f"TestExecutePanicDuringCall/{text}", text, funcs="gopanic", data_mode=f"go:{fixture}")
    for text, fixture in [
        ("{{call}}", "tVal"),
        ("{{call .True}}", "tVal"),
        ("{{call .BinaryFunc 1}}", "tVal"),
        ("{{call .VariadicFuncInt}}", "tVal"),
        ("{{call .TooFewReturnCountFunc}}", "tVal"),
        ("{{call .TooManyReturnCountFunc}}", "tVal"),
        ("{{call .InvalidReturnTypeFunc}}", "tVal"),
        ('{{call (len "test")}}', None),
    ]:
        add(
            f"TestFunctionCheckDuringCall/{text}",
            text,
            data_mode=f"go:{fixture}" if fixture else None,
        )
    add("TestIssue31810/value", "{{ (.)  }}", name="", data_mode="json", data="result")
    add("TestIssue31810/func", "{{ (.)  }}", name="", data_mode="go:fnResult")
    add("TestIssue31810/call", "{{ (call .)  }}", name="", data_mode="go:fnResult")
    add(
        "TestIssue39807",
        None,
        name="foo",
        steps=[
            _parse('{{ template "bar" . }}'),
            {"op": "new", "on": "t", "name": "bar", "as": "barset"},
            _parse("bar", "barset"),
            {"op": "add_parse_tree", "on": "t", "name": "bar", "tree_of": "barset"},
        ],
    )
    add("TestIssue48215", "{{ .S }}", name="", data_mode="go:embedNil")
    return out


def exec_cases() -> list[dict[str, Any]]:
    """execTests, multi_test.go and the inline exec_test.go tests."""
    ids = Ids()
    out = [
        _exec_row(ids, "execTests", row)
        for row in go_table(TEMPLATE_SRC / "exec_test.go", "execTests")
    ]
    for row in go_table(PARSE / "parse_test.go", "numberTests"):
        text = _s(row[0])
        out.append(
            case(
                ids(f"numberTests/{text}"),
                "exec",
                f'{{{{print {text}}}}} {{{{printf "%T" {text}}}}}',
            )
        )
    out += multi_cases(ids)
    out += inline_exec_cases(ids)
    return out
