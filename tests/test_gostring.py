"""Go strings are bytes (gotmpl.gostring): any spelling of the same bytes is the same Go string.

A `str` may spell Go's bytes canonically (valid UTF-8 as characters) or with some of them as
surrogate escapes (`"\\udcc3\\udca9"` is "é"); data from Python callers may use either. The
properties below hold for every spelling, and the differential tests check fmt, json and the
comparison builtins against Go on strings with split and invalid sequences.
"""

from __future__ import annotations

from typing import Any

import pytest
from conformance_support import FUZZ, needs_go
from hypothesis import given
from hypothesis import strategies as st

from conformance.builtinsoracle.client import BuiltinsOracle, normalize, tag
from conformance.fmtoracle.client import FmtOracle
from gotmpl.errors import GoError
from gotmpl.exec.builtins import BUILTINS
from gotmpl.fmt import print as gofmt
from gotmpl.gostring import byte_len, canonical, from_bytes, to_bytes, valid_utf8
from gotmpl.json import JSONError, to_json
from gotmpl.strconv.quote import quote

# Byte strings rich in multi-byte sequences, their fragments and invalid bytes.
_chunks = st.one_of(
    st.characters(codec="utf-8").map(lambda c: c.encode()),
    st.sampled_from(["é", "€", "😀", "\u2028", "\ufffd", "a", '"', "\\"]).map(str.encode),
    st.integers(0x80, 0xFF).map(lambda b: bytes([b])),
    st.sampled_from([b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98", b"\xed\xa0\x80", b"\xc0\xaf"]),
)
go_bytes = st.lists(_chunks, max_size=8).map(b"".join)


def escaped(b: bytes) -> str:
    """The spelling with every byte above 0x7f as its surrogate escape."""
    return "".join(chr(c) if c < 0x80 else chr(0xDC00 + c) for c in b)


@st.composite
def spellings(draw: st.DrawFn) -> tuple[bytes, str]:
    """(Go bytes, one of their spellings: canonical, all escaped, or mixed at random)."""
    b = draw(go_bytes)
    how = draw(st.sampled_from(["canonical", "escaped", "mixed"]))
    if how == "canonical":
        return b, from_bytes(b)
    if how == "escaped":
        return b, escaped(b)
    cuts = sorted(draw(st.lists(st.integers(0, len(b)), max_size=4)))
    parts, last = [], 0
    for cut in [*cuts, len(b)]:
        piece = b[last:cut]
        parts.append(escaped(piece) if draw(st.booleans()) else from_bytes(piece))
        last = cut
    return b, "".join(parts)


@FUZZ
@given(spelled=spellings())
def test_every_spelling_has_one_canonical_form(spelled: tuple[bytes, str]) -> None:
    b, s = spelled
    assert to_bytes(s) == b
    assert canonical(s) == from_bytes(b)
    assert to_bytes(canonical(s)) == b
    assert byte_len(s) == len(b)
    assert valid_utf8(canonical(s)) == (b.decode("utf-8", "replace").encode() == b)


def test_other_surrogates_count_as_replacement() -> None:
    assert to_bytes("a\ud800b") == b"a\xef\xbf\xbdb"
    assert canonical("a\ud800b") == "a\ufffdb"
    assert quote("\udc41") == '"\ufffd"'


def test_ascii_is_returned_as_is() -> None:
    s = "plain ascii"
    assert canonical(s) is s


# --- against Go ----------------------------------------------------------------------------

_VERBS = ["%v", "%s", "%q", "%+q", "%#q", "%x", "% X", "%5s|", "%-5s|", "%.1s", "%.2q", "%05s"]


def go_says(fmt_oracle: FmtOracle, op: str, fmt: str, args: tuple[Any, ...]) -> str:
    out, err = fmt_oracle.ask(op, fmt, args)
    assert not err, err
    return out


@needs_go
@FUZZ
@given(spelled=spellings(), verb=st.sampled_from(_VERBS))
def test_printf_of_spellings(fmt_oracle: FmtOracle, spelled: tuple[bytes, str], verb: str) -> None:
    _, s = spelled
    assert gofmt.sprintf(verb, s) == go_says(fmt_oracle, "sprintf", verb, (canonical(s),))


@needs_go
@FUZZ
@given(parts=st.lists(spellings(), min_size=1, max_size=4), ln=st.booleans())
def test_joins_of_pieces(fmt_oracle: FmtOracle, parts: list[tuple[bytes, str]], ln: bool) -> None:
    """Sprint/Sprintln/Sprintf join pieces whose bytes may complete each other's sequences; the
    joined result is one Go string, compared through %q so its runes are visible."""
    spelled = tuple(s for _, s in parts)
    go_args = tuple(canonical(s) for s in spelled)
    if ln:
        ours, theirs = gofmt.sprintln(*spelled), go_says(fmt_oracle, "sprintln", "", go_args)
    else:
        ours, theirs = gofmt.sprint(*spelled), go_says(fmt_oracle, "sprint", "", go_args)
    assert ours == theirs
    assert gofmt.sprintf("%q", ours) == go_says(fmt_oracle, "sprintf", "%q", (theirs,))
    fmt = "%s" * len(spelled)
    assert gofmt.sprintf(fmt, *spelled) == go_says(fmt_oracle, "sprintf", fmt, go_args)


@needs_go
@FUZZ
@given(keys=st.lists(spellings(), max_size=4), value=spellings())
def test_json_of_spellings(
    fmt_oracle: FmtOracle, keys: list[tuple[bytes, str]], value: tuple[bytes, str]
) -> None:
    """json.Marshal writes valid sequences as text, invalid bytes as U+FFFD, and sorts keys by
    their bytes, whatever their spelling."""
    doc = {s: [value[1], i] for i, (_, s) in enumerate(keys)}
    if len({b for b, _ in keys}) != len(keys):
        return  # two spellings of one key are one Go map key
    go_doc = {canonical(k): [canonical(v[0]), v[1]] for k, v in doc.items()}
    for v in (value[1], doc):
        go_v = canonical(v) if isinstance(v, str) else go_doc
        out, err = fmt_oracle.ask("json", "", (go_v,))
        try:
            assert (to_json(v), "") == (out, err)
        except JSONError as exc:
            assert ("", str(exc)) == (out, err)


@needs_go
@FUZZ
@given(
    a=spellings(), b=spellings(), fn=st.sampled_from(["eq", "ne", "lt", "le", "gt", "ge", "len"])
)
def test_comparisons_see_bytes(
    builtins_oracle: BuiltinsOracle, a: tuple[bytes, str], b: tuple[bytes, str], fn: str
) -> None:
    args = [a[1]] if fn == "len" else [a[1], b[1]]
    try:
        mine = {"result": tag(BUILTINS[fn].fn(*args))}
    except GoError as e:
        mine = {"error": str(e)}
    go = builtins_oracle.ask("call", [canonical(x) for x in args], fn=fn)
    assert normalize(mine) == normalize(go)


def test_execute_to_joins_bytes_split_across_writes() -> None:
    """A UTF-8 sequence whose bytes come from different actions reaches a strict text file
    as its character, as Go's bytes would join in its writer; a byte no sequence completes
    is written at the end."""
    import io

    from gotmpl import Template

    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", errors="strict")
    t = Template("t").parse(r'{{print "\xe2"}}{{"\x80"}}{{"\xa8"}}|{{print "\xc3"}}')
    with pytest.raises(UnicodeEncodeError):  # the lone byte at the end: no character
        t.execute_to(out)
    out.flush()
    assert raw.getvalue() == "\u2028|".encode()
    text = io.StringIO()
    t.execute_to(text)
    assert text.getvalue().encode("utf-8", "surrogateescape") == b"\xe2\x80\xa8|\xc3"
