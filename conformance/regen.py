"""`python -m conformance.regen`: rebuild the oracle and rewrite every expected file from Go.

Expected files (conformance/expected/*.jsonl) are written only here, from Go's answers to the
case files (conformance/cases/*.jsonl) with the same name. Pass case-file names to regenerate
only those: `python -m conformance.regen parse_go exec_spec`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from conformance.oracle_client import Oracle, build_oracle

ROOT = Path(__file__).resolve().parent
CASES = ROOT / "cases"
EXPECTED = ROOT / "expected"


def load_cases(path: Path) -> list[dict]:
    """The cases of one .jsonl file; ids must be unique within it."""
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]
    ids = [c["id"] for c in cases]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise SystemExit(f"{path.name}: duplicate ids {sorted(dupes)[:5]}")
    return cases


def main(argv: list[str]) -> int:
    """Regenerate expected files; returns the process exit status."""
    wanted = {a.removesuffix(".jsonl") for a in argv}
    oracle = Oracle(build_oracle())
    EXPECTED.mkdir(exist_ok=True)
    try:
        for path in sorted(CASES.glob("*.jsonl")):
            if wanted and path.stem not in wanted:
                continue
            cases = load_cases(path)
            results = oracle.run_many(cases)
            for case, res in zip(cases, results, strict=True):
                if res["id"] != case["id"]:
                    raise SystemExit(f"{path.name}: oracle answered {res['id']} for {case['id']}")
            text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results)
            (EXPECTED / path.name).write_text(text, encoding="utf-8")
            print(f"{path.name}: {len(results)} results")
    finally:
        oracle.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
