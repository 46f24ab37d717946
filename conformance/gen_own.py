# ruff: noqa: E501  (table data: Go test inputs kept one per line)
"""Our own cases: delimiters, trim markers, comments, literal forms, and Flipt-style templates."""

from __future__ import annotations

from typing import Any

from conformance.gen_common import Ids, case

DELIMS = [
    ("{{", "}}"),
    ("<<", ">>"),
    ("[[", "]]"),
    ("{%", "%}"),
    ("<%=", "%>"),
    ("(日)", "(本)"),
    ("«", "»"),
    ("L", "R"),
    ("begin", "end"),
    ("{", "}"),
    ("$", "$"),
    ("{{{", "}}}"),
]
# Bodies written with {{ }}; each is re-spelled with every delimiter pair.
BODIES = [
    "a {{.X}} b",
    "{{- .X -}} x {{- .Y}}",
    "{{/* c */}}{{.X}}",
    "{{- /* c */ -}} y",
    "{{if .X}}yes{{else if .Y}}maybe{{else}}no{{end}}",
    "{{range $i, $e := .L}}{{$i}}{{$e}}{{else}}none{{end}}",
    '{{with .X}}{{.}}{{end}}{{template "n" .}}{{define "n"}}N{{end}}',
    '{{printf "%d" 1 | printf "%s"}}',
    "{{.X",
    "{{/* unclosed",
]
LITERALS = [
    "0",
    "-0",
    "+1",
    "1_000",
    "0x1F",
    "0X1f",
    "0o17",
    "0O17",
    "017",
    "0b101",
    "0B1",
    "0x_1F",
    "1e3",
    "1E+3",
    "1e-3",
    ".5",
    "-.5",
    "5.",
    "0x1p-2",
    "0x1.8p1",
    "0X1P+2",
    "1i",
    "0i",
    "1.5i",
    "1+2i",
    "1-2i",
    "-1+2i",
    "1e3i",
    "017i",
    "0x10i",
    "'a'",
    "'\\n'",
    "'\\x41'",
    "'\\u00e9'",
    "'\\U0001F600'",
    "'\\''",
    "'本'",
    "''",
    "'ab'",
    '"a"',
    '"\\t\\n\\\\"',
    '"\\x41\\101"',
    '"\\u00e9"',
    '"\\\'"',
    "`raw`",
    "`a\\nb`",
    '`with "q"`',
    "true",
    "false",
    "nil",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "1__0",
    "1_",
    "0x",
    "08",
    "1e400",
    "0b2",
    "3k",
    "1.2.3",
    "0x1.8",
    "1e",
    "++1",
    "--1",
    "-",
    "0.0",
    "1e+06",
    "123456789.0",
    "1e-07",
    "0x1p1024",
]
TRIMS = [
    "a {{- 1}} b",
    "a {{-1}} b",
    "a {{1 -}} b",
    "a {{1-}} b",
    "a\t\r\n {{- 1 -}} \n\tb",
    "a {{-\t1\t-}} b",
    "a {{-\n1\n-}} b",
    "a {{-\r1\r-}} b",
    "x{{- -}}y",
    "x {{- }} y",
    "x {{ -}} y",
    "a \u00a0{{- 1}}",
    "a {{- 1 -}}\u00a0b",
    "{{- if true -}} x {{- end -}}",
    "  {{- range .}} {{.}} {{- end}}  ",
    "a\n\n{{- .X}}\n{{if}}",
]
COMMENTS = [
    "x {{/* c */}} y",
    "x {{- /* c */ -}} y",
    "x {{- /* c */}} y",
    "x {{/* c */ -}} y",
    "{{/*\nmulti\n*/}}x",
    "x {{ /* c */ }} y",
    "x {{/* c */ }} y",
    "x {{-/* c */}} y",
    "{{/* unclosed }}",
    "{{/* a */ /* b */}}",
    "{{/**/}}",
    "{{/* */}}{{/* */}}",
    "{{/* }} */}}",
    "{{/* {{ */}}",
    "{{if true}}{{/* c */}}{{end}}",
    "{{/* c */-}}",
]
OTHER = [
    "{{.X .Y}}",
    "{{.X|.Y}}",
    "{{$x := 1}}{{$x = 2}}{{$x}}",
    "{{$x=1}}",
    "{{$ := 1}}",
    "{{range $i, $e := .}}{{end}}",
    "{{range $e := .}}{{end}}",
    "{{range $i, $e = .}}{{end}}",
    "{{with $x := .}}{{$x}}{{else with .Y}}{{end}}",
    "{{if .}}{{else with .}}{{end}}",
    '{{block "b" .}}x{{end}}{{block "c" 1}}{{end}}',
    "{{template `x`}}",
    "{{(.X).Y}} {{(1).X}}",
    "{{.X.Y.Z}} {{$.X}} {{$x := .}}{{$x.Y.Z}}",
    "{{..X}}",
    "{{nil.X}}",
    "{{true.X}}",
    "{{(print 1).X}}",
    "{{print (1 | print) (2)}}",
    "{{and}}{{or}}{{not}}",
    "{{len}}{{index}}{{slice}}{{call}}{{html}}{{js}}{{urlquery}}{{print}}{{println}}",
    "{{eq}}{{ne}}{{lt}}{{le}}{{gt}}{{ge}}{{printf}}",
    "{{range .}}{{if .}}{{break}}{{end}}{{end}}",
    "{{range .}}{{with .}}{{continue}}{{end}}{{end}}",
    "{{continue}}",
    "{{range .}}{{continue 1}}{{end}}",
    "{{else}}",
    "{{end}}",
    "{{if .}}{{end 1}}",
    "{{if .}}{{else 1}}{{end}}",
    '{{define "a"}}',
    '{{define "a"}}{{end}}{{define "a"}}{{end}}',
    "{{define `a`}}x{{end}}",
    '{{define "a" }}x{{ end }}',
    '{{template "a" . .}}',
    "{{.X | }}",
    "{{| .X}}",
    "{{.X ||}}",
    "{{( 1 )}}",
    "{{(}}",
    "{{)}}",
    "{{.X (}}",
    '{{"a" "b"}}',
    '{{.X "a"}}',
    "{{$x := 1}}{{$x.Y}}",
    "{{$x}}",
    "{{$}}",
    "{{$.}}",
    "{{.}}{{.X}}",
    "{{ . }}",
    "{{range .}}{{$i := 1}}{{end}}{{$i}}",
    "{{with $x := 1}}{{end}}{{$x}}",
    '{{"\\z"}}',
    "{{'\\z'}}",
    '{{"a}}',
    "{{`a}}",
    "{{'a}}",
    "{{.X.}}",
    "{{. X}}",
    "{{$x.}}",
    "{{@}}",
    "{{#}}",
    "{{~}}",
    "{{;}}",
    "{{[}}",
    "{{.X[0]}}",
    "{{.X,}}",
    "{{a:=1}}",
    "{{.a-b}}",
    "{{.é.日本}}",
    "{{$é := 1}}{{$é}}",
    "{{$1 := 1}}{{$1}}",
    "{{.X\t.Y\n.Z\r}}",
    "{{\n.X\n}}",
    "line1\n{{\n\n",
    '{{\n  "abc\n}}',
    "{{\n  .X\n  (1\n}}",
]


def parse_cases() -> list[dict[str, Any]]:
    """Our own parse cases (funcs "test" so that typeOf/add/... exist)."""
    ids = Ids()
    out: list[dict[str, Any]] = []
    for left, right in DELIMS:
        for i, body in enumerate(BODIES):
            text = body.replace("{{", "\x00").replace("}}", right).replace("\x00", left)
            delims = None if (left, right) == ("{{", "}}") else [left, right]
            out.append(case(ids(f"delims/{left}{right}/{i}"), "parse", text, delims=delims))
    out.append(case(ids("delims/default-mixed"), "parse", "{{.}} [[.]]", delims=["[[", "]]"]))
    out.append(case(ids("delims/left-only"), "parse", "a {{.}} <<.>> b", delims=["<<", ""]))
    out.append(case(ids("delims/right-only"), "parse", "a {{.>> b", delims=["", ">>"]))
    for lit in LITERALS:
        out.append(case(ids(f"literal/{lit}"), "parse", f"{{{{print {lit}}}}}", funcs="test"))
    for text in TRIMS:
        out.append(case(ids(f"trim/{text}"), "parse", text))
    for text in COMMENTS:
        out.append(case(ids(f"comment/{text}"), "parse", text))
    for text in OTHER:
        out.append(case(ids(f"other/{text}"), "parse", text, funcs="test"))
    return out


def exec_cases() -> list[dict[str, Any]]:
    """Our own exec cases: every literal printed with its type, trims and comments run."""
    ids = Ids()
    out: list[dict[str, Any]] = []
    for lit in LITERALS:
        out.append(
            case(
                ids(f"literal/{lit}"),
                "exec",
                f"{{{{print {lit}}}}} {{{{typeOf {lit}}}}}",
                funcs="test",
            )
        )
    for text in TRIMS + COMMENTS:
        out.append(
            case(ids(f"text/{text}"), "exec", text, data_mode="json_int", data={"X": 1, "Y": 2})
        )
    return out


# Flipt v1.61.1 audit events as Flipt marshals them (json.Marshal of audit.Event).
_ACTOR = {
    "authentication": "oidc",
    "ip": "127.0.0.1",
    "email": "dev@flipt.io",
    "name": "Dev",
    "picture": "https://example.com/p.png",
}
EVENTS: dict[str, dict[str, Any]] = {
    "flag_created": {
        "version": "0.2",
        "type": "flag",
        "action": "created",
        "metadata": {"actor": _ACTOR},
        "payload": {
            "key": "new-ui",
            "name": "New UI",
            "description": "<b>&</b>",
            "enabled": True,
            "namespace_key": "default",
            "variants": [],
            "metadata": {},
        },
        "timestamp": "2024-05-01T10:00:00Z",
        "status": "success",
    },
    "variant_updated": {
        "version": "0.2",
        "type": "variant",
        "action": "updated",
        "metadata": {"actor": {"authentication": "token", "ip": "10.0.0.1"}},
        "payload": {
            "id": "abc",
            "flag_key": "new-ui",
            "key": "blue",
            "attachment": '{"a":1}',
            "rank": 1000000,
            "rollout": 12.5,
            "tiny": 1e-07,
            "big": 1e21,
            "n": None,
        },
        "timestamp": "2024-05-01T10:00:01+02:00",
        "status": "success",
    },
    "flag_deleted": {
        "version": "0.2",
        "type": "flag",
        "action": "deleted",
        "metadata": {},
        "payload": {"key": "old", "namespace_key": "default"},
        "timestamp": "2024-05-01T10:00:02Z",
        "status": "success",
    },
    "denied": {
        "version": "0.2",
        "type": "flag",
        "action": "read",
        "metadata": {"actor": {"authentication": "jwt", "email": "x@y.z"}},
        "payload": None,
        "timestamp": "2024-05-01T10:00:03Z",
        "status": "denied",
    },
    "unicode": {
        "version": "0.2",
        "type": "segment",
        "action": "created",
        "metadata": {"actor": {"name": "Zoë \u2028 日本", "email": "z@example.com"}},
        "payload": {
            "key": "seg",
            "constraints": [{"property": "age", "operator": "gte", "value": "18"}],
            "match_type": 0,
        },
        "timestamp": "2024-05-01T10:00:04Z",
        "status": "success",
    },
}
FLIPT_TEMPLATES = [
    '{"type": "{{ .Type }}", "action": "{{ .Action }}"}',
    '{"email": "{{ .Metadata.Actor.Email }}", "ip": "{{ .Metadata.Actor.IP }}"}',
    '{"actor": {{ toJson .Metadata.Actor }}}',
    '{"payload": {{ toJson .Payload }}}',
    "{{ toJson . }}",
    '{"key": "{{ .Payload.key }}", "missing": "{{ .Payload.missing }}", "n": "{{ .Payload.n }}"}',
    '{"rank": {{ .Payload.rank }}, "rollout": "{{ .Payload.rollout }}"}',
    '{"text": "{{ .Type }} {{ .Payload.key }} was {{ .Action }} by {{ .Metadata.Actor.Name }}"}',
    "{{ .Metadata.Actor }}",
    '{{ printf "%v|%s|%q" .Payload.missing .Status .Version }}',
    '{{ if eq .Action "deleted" }}gone{{ else }}{{ .Action }}{{ end }}',
    "{{ with .Payload }}{{ range $k, $v := . }}{{ $k }}={{ $v }};{{ end }}{{ else }}none{{ end }}",
    "{{ .Timestamp }} {{ .Status }} {{ .Version }}",
    "{{ .Metadata.Actor.ip }}",
    "{{ .Payload.key.x }}",
    "{{ .Status.X }}",
    "{{ toJson .Payload.description }}",
    '{{- /* header */ -}}\n{\n  "flag": {{ toJson .Payload.key }},\n  "who": {{ toJson .Metadata.Actor.Email }}\n}\n',
    "{{ len .Payload }}",
    '{{ index .Payload "key" }}',
]


def flipt_cases() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(exec cases in flipt_event mode, flipt_body cases)."""
    ids = Ids()
    execs = [
        case(
            ids(f"flipt/{ev}/{i}"),
            "exec",
            text,
            name="",
            funcs="flipt",
            data_mode="flipt_event",
            data=data,
        )
        for ev, data in EVENTS.items()
        for i, text in enumerate(FLIPT_TEMPLATES)
    ]
    bids = Ids()
    bodies = [
        case(bids(f"body/{ev}/{secret or 'nosecret'}"), "flipt_body", data=data, secret=secret)
        for ev, data in EVENTS.items()
        for secret in ("s3crET", "")
    ]
    vector = {
        "version": "",
        "type": "flag",
        "action": "create",
        "metadata": {},
        "payload": None,
        "timestamp": "",
        "status": "",
    }
    bodies.append(
        case(
            "body/flipt-client-test-vector",
            "flipt_body",
            data=vector,
            secret="s3crET",
            flipt_roundtrip=False,
        )
    )
    bodies.append(
        case("body/flipt-client-test-vector/roundtrip", "flipt_body", data=vector, secret="s3crET")
    )
    return execs, bodies
