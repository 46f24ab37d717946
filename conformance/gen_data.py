"""Cases for what the data model carries from json.Unmarshal: the capacity of decoded arrays.

json.Unmarshal appends a JSON array's elements one by one to an empty `[]interface {}`, so
its capacity is Go's append growth at that length, and `slice` checks its bounds against the
capacity (see gotmpl/capacity.py). The cases slice decoded arrays at and past their capacity,
slice the results again, and use 3-index slices, at lengths around every growth step.
"""

from __future__ import annotations

from typing import Any

from conformance.gen_common import Ids, case

#: Array lengths on both sides of the capacities Go's growth reaches (1, 2, 4, 8, ... 71, 143,
#: 303, 591, 1023, 1535, 2560, 3584, 5120).
LENGTHS = [0, 1, 2, 3, 4, 5, 8, 9, 16, 17, 32, 33, 64, 70, 71, 72, 143, 144, 303, 304]
LENGTHS += [591, 592, 1023, 1024, 1535, 1536, 2560, 2561, 3584, 3585]


def capacity_cases() -> list[dict[str, Any]]:
    ids = Ids()
    out = []
    for length in LENGTHS:
        data = {"l": list(range(length))}
        # Probes around every capacity Go might have given this length.
        probes = sorted({length, length + 1, 2 * length, 2 * length + 1, length + 8})
        for hi in probes:
            text = f"{{{{len (slice .l 0 {hi})}}}}"
            out.append(case(ids(f"cap-{length}-{hi}"), "exec", text, data_mode="json", data=data))
    small = {"l": [1, 2, 3], "m": {"x": [[1], [1, 2, 3, 4, 5]]}}
    for text in [
        "{{slice .l 0 4}}",
        "{{slice .l 1 4}}",
        "{{slice .l 3 4}}",
        "{{slice .l 4}}",
        "{{slice .l 0 5}}",
        "{{slice (slice .l 0 1) 0 3}}",
        "{{slice (slice .l 0 1) 0 4}}",
        "{{slice (slice .l 0 1) 0 5}}",
        "{{slice (slice .l 1 2) 0 3}}",
        "{{slice (slice .l 0 2 2) 0 3}}",
        "{{slice .l 0 2 3}}",
        "{{slice (slice .l 0 2 3) 0 3}}",
        "{{slice .l 1 1 4}}",
        "{{len (slice (index .m.x 1) 0 8)}}",
        "{{slice (index .m.x 1) 0 9}}",
        "{{slice (index .m.x 0) 0 1}}",
        '{{printf "%v %T" (slice .l 0 4) (slice .l 0 4)}}',
        "{{range slice .l 0 4}}[{{.}}]{{end}}",
        "{{index (slice .l 0 4) 3}}",
    ]:
        out.append(case(ids("slice-cap"), "exec", text, data_mode="json", data=small))
    payload = {"version": "0.1", "type": "flag", "action": "updated", "payload": {"tags": ["a"]}}
    for text in ["{{slice .Payload.tags 0 1}}", "{{slice .Payload.tags 0 2}}"]:
        out.append(case(ids("flipt-cap"), "exec", text, name="", funcs="flipt",
                        data_mode="flipt_event", data=payload))  # fmt: skip
    return out


#: Flipt events as JSON text holding what json.Unmarshal resolves by its own rules: keys
#: differing from the field's name by case (strings.EqualFold, not Unicode full folding),
#: duplicate keys (the last one wins), objects given twice for one struct field (merged),
#: nulls (a string keeps its value, a pointer or interface becomes nil).
EVENT_TEXTS = [
    '{"type": "flag", "Type": "segment"}',
    '{"Type": "segment", "type": "flag"}',
    '{"TYPE": "x", "type": "y", "tYpe": "z"}',
    '{"type": "a", "type": "b"}',
    '{"type": "a", "type": null}',
    '{"STATUS": "up", "Version": "0.1"}',
    '{"\\ufb06atus": "ligature", "status": "s"}',
    '{"status": "s", "\\ufb06atus": "ligature"}',
    '{"\\u017ftatus": "long s"}',
    '{"ver_sion": "1", "ver-sion": "2", "Version": "3"}',
    '{"metadata": {"actor": {"ip": "1"}}, "Metadata": {"actor": {"email": "e"}}}',
    '{"metadata": {"actor": {"ip": "1"}}, "metadata": {"actor": null}}',
    '{"metadata": {"actor": null}, "metadata": {"actor": {"ip": "1"}}}',
    '{"metadata": {"actor": {"ip": "1"}}, "metadata": null}',
    '{"metadata": {"ACTOR": {"IP": "1", "Email": "e", "EMAIL": "f"}}}',
    '{"metadata": {"actor": {"\\u0131p": "dotless", "name": "n", "NAME": "N"}}}',
    '{"payload": {"a": 1}, "Payload": {"b": 2}}',
    '{"payload": {"a": 1}, "payload": null}',
    '{"payload": {"a": 1, "a": 2, "A": 3}}',
    '{"payload": [1, 2], "payload": {"k": [3]}}',
    '{"type": "flag", "action": "created", "ACTION": "deleted", "payload": {"key": "k"}}',
]
EVENT_TEMPLATE = (
    "{{.Version}}|{{.Type}}|{{.Action}}|{{.Status}}|{{.Metadata.Actor.IP}}|"
    "{{.Metadata.Actor.Email}}|{{.Metadata.Actor.Name}}|{{.Payload}}|{{toJson .}}"
)


def event_decoding_cases() -> list[dict[str, Any]]:
    ids = Ids()
    return [
        case(
            ids("event-keys"),
            "exec",
            EVENT_TEMPLATE,
            name="",
            funcs="flipt",
            data_mode="flipt_event",
            data_text=text,
        )  # fmt: skip
        for text in EVENT_TEXTS
    ]


#: Methods through pointers: a value method called through a nil pointer is Go's run-time
#: panic (reported as the call's error); fmt prints such a pointer as <nil>.
METHOD_TEMPLATES = [
    '{{.Hello "x"}}',
    "{{.Hello}}",
    "{{.Two}}",
    "{{.PtrM}}",
    '{{with $p := .}}{{$p.Hello "q"}}{{end}}',
    '{{printf "%v|%s|%+v" . . .}}',
    "{{print .}}",
    "{{.Name}}",
    '{{if .}}y{{else}}n{{end}}{{printf "%T" .}}',
]


def method_cases() -> list[dict[str, Any]]:
    ids = Ids()
    return [
        case(ids("nil-receiver"), "exec", text, funcs="test", data_mode="go:nilP")
        for text in METHOD_TEMPLATES
    ]
