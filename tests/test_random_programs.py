"""Seeded random programs (and mutations of them into parse errors) through gotmpl and Go.

The programs come from tests/random_programs.py; Go answers through the conformance oracle.
GOTMPL_RANDOM_PROGRAMS sets how many seeds run (default 1000, each with two mutations).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from conformance_support import expected_outcome, outcome
from random_programs import mutate, program

from conformance.gen_leaf import NAMES, NODE_DUMPING_NAMES

COUNT = int(os.environ.get("GOTMPL_RANDOM_PROGRAMS", "1000"))
CASES = [program(seed) for seed in range(COUNT)]
CASES += [mutate(c, 2 * i + k) for i, c in enumerate(CASES) for k in range(2)]


@pytest.mark.go
def test_random_programs_match_go(go_oracle: Any) -> None:
    mismatches = []
    for case in CASES:
        want = expected_outcome(go_oracle.run(case))
        got = outcome(case)
        if want != got:
            mismatches.append((case["template"], case.get("data"), want, got))
    assert not mismatches, mismatches[:3]


#: Template names under which Go prints its parser's heap addresses for {{end}}/{{else}} errors.
_NODE_DUMPING = {NAMES[k] for k in NODE_DUMPING_NAMES}


def _corpus_mutations() -> list[dict[str, Any]]:
    """Mutations of the conformance templates (Go's own tests, the spec, ours) as parse cases:
    Go's test inputs sit near many edges, so small edits reach many error paths."""
    import json
    from pathlib import Path

    cases = []
    for path in sorted((Path(__file__).parent.parent / "conformance" / "cases").glob("*.jsonl")):
        for i, line in enumerate(path.read_text(encoding="utf-8").split("\n")):
            if not line:
                continue
            case = json.loads(line)
            if case.get("kind") != "parse" and not path.stem.startswith("exec_"):
                continue
            if "template" not in case or "steps" in case:
                continue
            base = {k: v for k, v in case.items() if k in ("id", "name", "template", "delims")}
            if base.get("name") in _NODE_DUMPING:
                del base["name"]  # a mutation may reach an error whose node Go dumps
            base.update(kind="parse", funcs=case.get("funcs", "test"))
            cases.append(mutate(base, i))
    return cases


@pytest.mark.go
def test_mutated_corpus_templates_parse_as_go_parses_them(go_oracle: Any) -> None:
    mismatches = []
    for case in _corpus_mutations():
        want = expected_outcome(go_oracle.run(case))
        got = outcome(case)
        if not want["ok"]:
            want.pop("partial", None)
            got.pop("partial", None)
        if want != got:
            mismatches.append((case["template"], want, got))
    assert not mismatches, mismatches[:3]
