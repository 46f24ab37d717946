"""Cases for the templates bundled in gotmpl/examples/ (inputs only; Go answers via regen).

`python -m conformance.gen_examples` rewrites cases/examples.jsonl: a parse case and an exec case
(with its .json data, decoded as json.Unmarshal into any does) for each example template.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent
EXAMPLES = ROOT.parent / "gotmpl" / "examples"
FLIPT_EVENT = ROOT.parent / "webhook" / "examples" / "events.jsonl"


def cases() -> list[dict]:
    """One parse and one exec case per example template, named as the CLI names them ("")."""
    out = []
    event = json.loads(FLIPT_EVENT.read_text(encoding="utf-8").splitlines()[0])
    for path in sorted(EXAMPLES.glob("*.tmpl")):
        text = path.read_text(encoding="utf-8")
        data_path = path.with_suffix(".json")
        base = {"name": "", "template": text}
        if path.stem.startswith("flipt_") and data_path.exists():
            # A Flipt body on JSON data: rendered with --funcs flipt; without it, Go's error.
            out.append({"id": f"{path.stem}/nofuncs", "kind": "parse", **base})
            base["funcs"] = "flipt"
        out.append({"id": f"{path.stem}/parse", "kind": "parse", **base})
        if data_path.exists():
            data = json.loads(data_path.read_text(encoding="utf-8"))
            out.append({"id": f"{path.stem}/exec", "kind": "exec", **base, "data_mode": "json",
                        "data": data})  # fmt: skip
        else:
            out.append({"id": f"{path.stem}/flipt", "kind": "exec", **base, "funcs": "flipt",
                        "data_mode": "flipt_event", "data": event})  # fmt: skip
    return out


def main() -> None:
    target = ROOT / "cases" / "examples.jsonl"
    lines = [json.dumps(c, ensure_ascii=False) for c in cases()]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
