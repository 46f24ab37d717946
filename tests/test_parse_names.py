"""Template names holding `%` in parse errors, against Go: its parser pastes the name into the
error's format (gotmpl.parse.errorf), so the name's verbs consume the error's arguments.

Names are drawn from fmt's verbs, flags, widths and argument indexes; templates are the parse
error forms of conformance/gen_leaf.py whose arguments print without heap addresses (`%p`
of an error is one, as is any verb but %v %s %q %x %T on an {{end}}/{{else}} node).
"""

from __future__ import annotations

from typing import Any

from conformance_support import FUZZ, expected_outcome, needs_go, outcome
from hypothesis import given
from hypothesis import strategies as st

from conformance.gen_leaf import ERRORS, NODE_ERRORS

names = st.text(alphabet=st.sampled_from(list("%%%vsdqxXTwecUt+#-. 0123*[]!a:é")), max_size=8)
templates = st.sampled_from([t for k, t in ERRORS.items() if k not in NODE_ERRORS])


@needs_go
@FUZZ
@given(name=names, text=templates)
def test_parse_error_under_any_name(go_oracle: Any, name: str, text: str) -> None:
    case = {"id": "names", "kind": "parse", "name": name, "template": text}
    want = expected_outcome(go_oracle.run(case))
    got = outcome(case)
    want.pop("partial", None)
    got.pop("partial", None)
    assert got == want
