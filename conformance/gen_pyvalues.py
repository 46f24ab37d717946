"""Cases of data mode `pyvalues`: datetime, date, Decimal, UUID, Enum and dataclass values as
the Go values gotmpl gives them (time.Time, civil.Date, json.Number, uuid.UUID, the member's
value, a struct), printed, marshaled and called on by Go (oracle/pyvalues.go builds them)."""

from __future__ import annotations

import decimal
from typing import Any

from conformance.gen_common import Ids, case


def _time(when: str, zone: str = "UTC", name: str | None = None, offset: int = 0) -> dict[str, Any]:
    spec: dict[str, Any] = {"$time": when, "zone": zone}
    if zone == "fixed":
        spec.update(name=name or "", offset=offset)
    return spec


TIMES = {
    "utc": _time("2024-01-02T03:04:05"),
    "utc-micro": _time("2024-01-02T03:04:05.123456"),
    "utc-trailing-zero": _time("2024-11-30T23:59:59.5"),
    "utc-millis": _time("1999-12-31T00:00:00.001"),
    "year-1": _time("0001-01-01T00:00:00"),
    "year-9999": _time("9999-12-31T23:59:59.999999"),
    "year-0999": _time("0999-03-04T13:14:15"),
    "local": _time("2024-06-15T12:30:00.25", "Local"),
    "paris-summer": _time("2024-07-14T22:00:00", "Europe/Paris"),
    "paris-winter": _time("2024-01-14T08:00:00.000100", "Europe/Paris"),
    "kolkata": _time("2024-03-01T00:00:00", "Asia/Kolkata"),
    "sao-paulo": _time("2024-03-01T00:00:00", "America/Sao_Paulo"),
    "fixed-named": _time("2024-05-06T07:08:09", "fixed", "EST", -5 * 3600),
    "fixed-unnamed": _time("2024-05-06T07:08:09", "fixed", "", 5 * 3600 + 45 * 60),
    "fixed-negative-half": _time("2024-05-06T07:08:09", "fixed", "", -(9 * 3600 + 30 * 60)),
    "fixed-seconds": _time("2024-05-06T07:08:09", "fixed", "", -30),
    "fixed-utc-name": _time("2024-05-06T07:08:09", "fixed", "UTC", 0),
    "fixed-quoted-name": _time("2024-05-06T07:08:09", "fixed", 'A"\\é', 3600),
}

# Every layout element of Go's Format, Go's named layouts, and literal text around them.
LAYOUTS = [
    "2006-01-02T15:04:05Z07:00",
    "Mon Jan _2 15:04:05 MST 2006",
    "Monday, 02-Jan-06 15:04:05 MST",
    "Mon, 02 Jan 2006 15:04:05 -0700",
    "3:04PM 3:04pm 03:04:05 PM",
    "Jan _2 15:04:05.000000 .000 .999 ,000 ,999999999 .0000000000 .9",
    "January 1 01 2 _2 02 __2 002 06 2006 _2006",
    "Z07:00:00 Z070000 Z0700 Z07:00 Z07 -07:00:00 -070000 -0700 -07:00 -07",
    "Monthly Janet Mon. Jan.",
    "15h04m05s.99 05.000x 1.0 4.09",
    "no elements here",
    "",
]

TIME_TEMPLATES = [
    "{{.}}",
    '{{printf "%v|%+v|%s|%q|%T|%d" . . . . . .Year}}',
    '{{printf "%#v" .}}',
    "{{toJson .}}",
    "{{.Year}} {{.Month}} {{.Day}} {{.Hour}} {{.Minute}} {{.Second}} {{.Nanosecond}}",
    "{{.YearDay}} {{.Weekday}} {{printf `%d %T %d %T` .Month .Month .Weekday .Weekday}}",
    '{{.Unix}} {{.UnixMilli}} {{.UnixMicro}} {{.UnixNano}} {{printf "%T" .Unix}}',
    "{{.IsZero}} {{.UTC}} {{eq . .}} {{if .}}true{{end}}",
]


def pyvalues_cases() -> list[dict[str, Any]]:
    """Every pyvalues case."""
    ids = Ids()
    cases = []

    def add(cid: str, template: str, data: Any) -> None:
        cases.append(
            case(ids(cid), "exec", template, funcs="flipt", data_mode="pyvalues", data=data)
        )

    for label, t in TIMES.items():
        for i, template in enumerate(TIME_TEMPLATES):
            add(f"time {label} {i}", template, t)
    for i, layout in enumerate(LAYOUTS):
        for label in ("utc-micro", "paris-summer", "fixed-seconds", "year-0999", "local"):
            add(f"format {i} {label}", "{{.Format .layout}}", TIMES[label] | {"layout": layout})
    for label in ("utc-micro", "fixed-unnamed"):
        add(
            f"format-field {label}",
            "{{.t.Format .layout}}",
            {"t": TIMES[label], "layout": LAYOUTS[0]},
        )
    for src in ["{{.wall}}", "{{.year}}", "{{.isoformat}}", "{{.Format 3}}", "{{.Format}}"]:
        add(f"time-error {src}", src, TIMES["utc"])
        add(f"time-error-field {src}", src.replace("{{.", "{{.t."), {"t": TIMES["utc"]})
    both = {"a": TIMES["utc-micro"], "b": TIMES["paris-summer"]}
    add("time map", "{{.}} {{toJson .}} {{range $k, $v := .}}{{$k}}={{$v.Day}} {{end}}", both)
    add("time list", '{{.}} {{toJson .}} {{printf "%v" .}} {{index . 1}}', list(both.values()))
    add("time eq", "{{eq .a .a}} {{eq .a .b}} {{ne .a .b}}", both)
    compare = "{{.a.Before .b}} {{.a.After .b}} {{.a.Equal .b}} {{.a.Compare .b}} {{.a.Sub .b}}"
    for x, y in [
        ("utc-micro", "paris-summer"),
        ("paris-summer", "utc-micro"),
        ("fixed-named", "fixed-named"),
        ("year-1", "year-9999"),
        ("year-9999", "year-1"),
        ("utc", "fixed-utc-name"),
    ]:
        add(f"time compare {x} {y}", compare, {"a": TIMES[x], "b": TIMES[y]})
    for arg in ["1", '"2024"', ".c", "nil"]:
        add(f"time compare-error {arg}", "{{.a.Before " + arg + "}}", both | {"c": 3})
    add("time lt", "{{lt .a .b}}", both)

    dates = {"plain": "2024-01-02", "year-1": "0001-01-01", "year-0999": "0999-12-31"}
    for label, d in dates.items():
        for i, template in enumerate(
            [
                "{{.}} {{toJson .}} {{.Year}} {{.Month}} {{.Day}}",
                '{{printf "%v|%+v|%s|%#v|%T|%d" . . . . . .Month}}',
                "{{eq . .}} {{if .}}yes{{end}}",
            ]
        ):
            add(f"date {label} {i}", template, {"$date": d})
    add("date error", "{{.year}}", {"$date": "2024-01-02"})

    for text in ["1.50", "-0", "0", "1E+2", "1E-7", "123456789012345678901234567890.5", "-1"]:
        number = {"$decimal": str(decimal.Decimal(text))}
        for i, template in enumerate(
            [
                '{{.}} {{toJson .}} {{printf "%v|%s|%q|%T|%x|%d" . . . . . .}}',
                '{{printf "%#v" .}} {{len .}} {{eq . "1.50"}} {{if .}}yes{{end}}',
                "{{.Float64}}",
                "{{.Int64}}",
                "{{.String}}",
                '{{printf "%f|%.1f|%5.1s" . . .}} {{printf "%.1f" .Float64}}',
            ]
        ):
            add(f"decimal {text} {i}", template, number)
    for text in ["NaN", "Infinity", "-Infinity", "sNaN"]:
        number = {"$decimal": str(decimal.Decimal(text))}
        add(f"decimal {text}", "{{.}} {{printf `%v` .}}", number)
        add(f"decimal {text} toJson", "{{toJson .}}", number)
        add(f"decimal {text} Float64", "{{.Float64}}", number)
    add(
        "decimal map",
        "{{.}} {{toJson .}}",
        {"price": {"$decimal": "9.99"}, "qty": {"$decimal": "2"}},
    )

    second = 10**9
    for ns in [0, 1000, 1_500_000, 999_999_000, second, 61 * second, 3600 * second + 1000]:
        for sign in (1, -1):
            add(
                f"duration {sign * ns}",
                '{{.}} {{printf "%v|%d|%T|%#v|%s|%x" . . . . . .}} {{toJson .}} '
                "{{.Hours}} {{.Minutes}} {{.Seconds}} {{.Milliseconds}} {{.Microseconds}} "
                "{{.Nanoseconds}} {{.String}}",
                {"$duration": sign * ns},
            )
    add("duration days", "{{.}} {{.Hours}}", {"$duration": 3 * 86400 * second + 7000})
    add("duration max", "{{.}} {{.Seconds}}", {"$duration": (1 << 63) // 1000 * 1000})
    add("duration in map", "{{.}} {{toJson .}}", {"wait": {"$duration": 90 * second}})
    for u in ["6ba7b810-9dad-11d1-80b4-00c04fd430c8", "00000000-0000-0000-0000-000000000000"]:
        for i, template in enumerate(
            [
                '{{.}} {{toJson .}} {{.URN}} {{printf "%v|%s|%q|%x|%X|%T" . . . . . .}}',
                '{{printf "%#v" .}} {{printf "%d" .}} {{len .}} {{index . 15}} {{eq . .}}',
            ]
        ):
            add(f"uuid {u[:8]} {i}", template, {"$uuid": u})
    add("uuid map key text", "{{toJson .}}", [{"$uuid": "6ba7b810-9dad-11d1-80b4-00c04fd430c8"}])

    for label, value in [("string", "red"), ("int", 3), ("float", 1.5), ("list", [1, "a"])]:
        add(f"enum {label}", '{{.}} {{toJson .}} {{printf "%T" .}}', {"$enum": value})
    add("enum of decimal", "{{.}} {{toJson .}}", {"$enum": {"$decimal": "2.50"}})

    record = {
        "$dataclass": [
            ["when", TIMES["utc-micro"]],
            ["price", {"$decimal": "9.99"}],
            ["id", {"$uuid": "6ba7b810-9dad-11d1-80b4-00c04fd430c8"}],
            ["day", {"$date": "2024-01-02"}],
            ["qty", 2],
            ["note", None],
        ]
    }
    add("dataclass", '{{.}} {{toJson .}} {{printf "%v" .}}', record)
    add("dataclass list", "{{toJson .}} {{.}}", [record, record])
    return cases
