"""Python values with a Go meaning (gotmpl.pyvalues): what Go itself cannot show.

What these values print and marshal is checked against Go in conformance/cases/
exec_pyvalues.jsonl (run by test_exec_fixtures.py). Here: that Python functions still get the
Python value, that a naive datetime is local time, that dataclass fields are exported where
other objects' lower-case attributes are not, and that no meaning leaks into plain data.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import fractions
import ipaddress
import pathlib
import uuid
from typing import Any

import pytest

import gotmpl

UTC = datetime.UTC


def render(src: str, data: Any, **funcs: Any) -> str:
    return gotmpl.Template("t").funcs({"toJson": gotmpl.to_json, **funcs}).parse(src).execute(data)


@pytest.mark.parametrize(
    "value",
    [
        datetime.datetime(2024, 1, 2, tzinfo=UTC),
        datetime.date(2024, 1, 2),
        decimal.Decimal("1.50"),
        uuid.UUID(int=7),
    ],
)
def test_functions_get_the_python_value(value: Any) -> None:
    seen: list[Any] = []
    render("{{keep .v}}", {"v": value}, keep=lambda x: seen.append(x) or "")
    assert seen == [value]
    assert type(seen[0]) is type(value)


def test_naive_datetime_is_local_time() -> None:
    naive = datetime.datetime(2024, 6, 15, 12, 30, 0, 250000)
    src = '{{.}} {{toJson .}} {{printf "%#v" .}}'
    got = render(src, naive)
    assert got.split(" time.Date")[0] == render(src, naive.astimezone()).split(" time.Date")[0]
    assert got.endswith(", time.Local)")


def test_dataclass_fields_are_exported_other_objects_follow_go() -> None:
    @dataclasses.dataclass
    class Order:
        when: datetime.datetime
        price: decimal.Decimal

    class Plain:
        def __init__(self) -> None:
            self.when = datetime.datetime(2024, 1, 2, tzinfo=UTC)
            self.Price = decimal.Decimal("2")

    order = Order(datetime.datetime(2024, 1, 2, tzinfo=UTC), decimal.Decimal("9.99"))
    assert render("{{.}} | {{toJson .}}", order) == (
        '{2024-01-02 00:00:00 +0000 UTC 9.99} | {"when":"2024-01-02T00:00:00Z","price":9.99}'
    )
    # An unexported Go field: fmt prints its own fields, json leaves it out.
    assert render("{{.}} | {{toJson .}}", Plain()) == '{{0 63839750400 <nil>} 2} | {"Price":2}'
    assert render("{{.when.Year}} {{.Price}}", Plain()) == "2024 2"


def test_enum_member_is_its_value() -> None:
    class Color(enum.Enum):
        RED = "red"
        PRICE = decimal.Decimal("1.0")

    assert render('{{.}} {{toJson .}} {{printf "%T" .}}', Color.RED) == 'red "red" string'
    assert render("{{toJson .}}", [Color.PRICE, Color.RED]) == '[1.0,"red"]'
    assert render('{{if eq . "red"}}yes{{end}}', Color.RED) == "yes"


def test_python_methods_are_not_reachable() -> None:
    when = datetime.datetime(2024, 1, 2, tzinfo=UTC)
    with pytest.raises(gotmpl.ExecError, match="can't evaluate field isoformat in type"):
        render("{{.isoformat}}", when)
    with pytest.raises(gotmpl.ExecError, match="can't evaluate field hex in type"):
        render("{{.hex}}", uuid.UUID(int=1))


def test_datetime_subclass_and_keys_in_plain_data() -> None:
    class Stamp(datetime.datetime):
        pass

    when = Stamp(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert render("{{.}} {{.Unix}}", when) == "2024-01-02 03:04:05 +0000 UTC 1704164645"
    assert render("{{range .}}{{.}};{{end}}", [when, 1, "x"]) == (
        "2024-01-02 03:04:05 +0000 UTC;1;x;"
    )


def test_safe_mode_reaches_go_methods_only() -> None:
    when = datetime.datetime(2024, 1, 2, tzinfo=UTC)
    data = {"t": when, "u": uuid.UUID(int=3), "n": decimal.Decimal("1.5")}
    safe = gotmpl.Template("s", safe=True).parse('{{.t.Format "2006"}} {{.u}} {{.n}} {{len .u}}')
    assert safe.execute(data) == gotmpl.Template("p").parse(safe.tree.root.src.text).execute(data)
    with pytest.raises(gotmpl.ExecError, match="can't evaluate field isoformat"):
        gotmpl.Template("s", safe=True).parse("{{.t.isoformat}}").execute(data)


@pytest.mark.parametrize(
    "value",
    [
        pathlib.PurePosixPath("/tmp/x"),
        fractions.Fraction(1, 3),
        ipaddress.ip_address("10.0.0.1"),
        datetime.time(3, 4),
    ],
)
@pytest.mark.parametrize("src", ["{{.}}", '{{printf "%v" .}}', "{{toJson .}}"])
def test_values_without_a_go_meaning_are_an_error_not_braces(value: Any, src: str) -> None:
    name = f"main.{type(value).__qualname__}"
    with pytest.raises(gotmpl.ExecError, match=f"{name} has no Go meaning: no attributes"):
        render(src, value)
    assert render("{{if .}}true{{end}}", value) == "true"  # held, tested, passed on: fine


def test_slots_are_fields() -> None:
    class Base:
        __slots__ = ("a", "_hidden")

        def __init__(self) -> None:
            self.a, self._hidden = 1, 2

    class Point(Base):
        __slots__ = "Z"

        def __init__(self) -> None:
            super().__init__()
            self.Z = 3

    assert render('{{.}} {{printf "%+v" .}} {{toJson .}} {{.a}}', Point()) == (
        '{1 3} {a:1 Z:3} {"Z":3} 1'
    )
