"""Check the wheel and sdist that .ci/run built: what each must hold, and nothing half-shipped.

Usage: python .ci/check_dist.py DIST_DIR SOURCE_DIR (the tree they were built from). Exits 1
with one line per problem.
"""

from __future__ import annotations

import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path, PurePosixPath

#: Files the wheel must hold besides the packages' modules (package data the code loads).
WHEEL_DATA = [
    "gotmpl/py.typed",
    "webhook/py.typed",
    "gotmpl/parse/grammar.lark",
    "gotmpl/parse/tables.py",
    "gotmpl/examples/notification.tmpl",
    "gotmpl/examples/notification.json",
    "webhook/examples/flipt-url.yml",
    "webhook/examples/flipt-templates.yml",
    "webhook/examples/events.jsonl",
]
CLASSIFIER = "Typing :: Typed"
PACKAGES = ("gotmpl", "webhook")
SCRIPTS = {"gotmpl": "gotmpl.cli:main", "flipt-webhook": "webhook.cli:main"}


def check(dist: Path, source: Path) -> list[str]:
    """The problems found in the one wheel and one sdist of `dist`, built from `source`."""
    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        return [f"{dist}: expected one wheel and one sdist, found {wheels + sdists}"]
    problems: list[str] = []
    with zipfile.ZipFile(wheels[0]) as whl:
        names = set(whl.namelist())
        info = next(n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info"))
        meta = Parser().parsestr(whl.read(f"{info}/METADATA").decode())
        entry_points = whl.read(f"{info}/entry_points.txt").decode()
    problems += [f"wheel: missing {name}" for name in WHEEL_DATA if name not in names]
    if f"{info}/licenses/LICENSE" not in names:
        problems.append("wheel: missing the LICENSE file")
    if meta.get("License-Expression") != "MIT":
        problems.append(f"wheel: License-Expression is {meta.get('License-Expression')!r}")
    if CLASSIFIER not in meta.get_all("Classifier", []):
        problems.append(f"wheel: no {CLASSIFIER!r} classifier")
    if not meta.get_all("Project-URL"):
        problems.append("wheel: no project URLs")
    for script, target in SCRIPTS.items():
        if f"{script} = {target}" not in entry_points:
            problems.append(f"wheel: no console script {script} = {target}")
    modules = {n for n in names if n.endswith(".py")}
    # A folder missing from pyproject's package list would be missing from both archives.
    sources = {
        p.relative_to(source).as_posix() for pkg in PACKAGES for p in (source / pkg).rglob("*.py")
    }
    problems += [f"wheel: missing {m}, which the source has" for m in sorted(sources - modules)]
    with tarfile.open(sdists[0]) as sdist:
        members = {str(PurePosixPath(*PurePosixPath(m).parts[1:])) for m in sdist.getnames()}
    problems += [f"sdist: missing {m}, which the wheel has" for m in sorted(modules - members)]
    problems += [
        f"sdist: missing {f}"
        for f in ("LICENSE", "README.md", "pyproject.toml")
        if f not in members
    ]
    # Either self-contained for its tests or without them: ours ships none (MANIFEST.in).
    problems += [f"sdist: ships test file {m}" for m in sorted(members) if m.startswith("tests/")]
    return problems


def main() -> int:
    problems = check(Path(sys.argv[1]), Path(sys.argv[2]))
    for p in problems:
        print(f"check_dist: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
