"""parse_files, parse_glob and parse_fs against Go's ParseFiles, ParseGlob and ParseFS.

Every expected result is the oracle's (conformance/cases/files.jsonl, oracle/files.go): the
case's files are written to a fresh directory, which is the working directory of both Go and
these tests, so paths in errors are the same relative paths. ParseFS cases run three ways: on
the directory's path, on a `pathlib.Path` and on a `zipfile.Path` over a zip of the same tree
(an importlib.resources Traversable that is not a directory).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import gofixtures
import pytest
from conformance_support import build, load_file

import gotmpl
from gotmpl.glob import BadPattern, match

CASES = load_file("files")


def _write_tree(root: Path, case: dict[str, Any]) -> None:
    for d in case.get("dirs", []):
        (root / d).mkdir(parents=True, exist_ok=True)
    for name, text in case["files"].items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


def _zip_of(root: Path, case: dict[str, Any], into: Path) -> zipfile.Path:
    with zipfile.ZipFile(into, "w") as z:
        for d in case.get("dirs", []):
            z.writestr(d.rstrip("/") + "/", "")
        for name, text in case["files"].items():
            z.writestr(name, text.encode("utf-8"))
    return zipfile.Path(zipfile.ZipFile(into))


def _trees(t: gotmpl.Template) -> dict[str, str]:
    return {u.name: str(u.tree) for u in t.templates() if u.tree is not None}


def _call(case: dict[str, Any], fs: Any) -> tuple[dict[str, Any], gotmpl.Template | None]:
    """Make the case's call; returns the oracle-shaped outcome and the receiver."""
    recv = build(case)["t"] if case.get("method") else None
    args = case["args"]
    try:
        if case["call"] == "ParseFiles":
            got = recv.parse_files(*args) if recv else gotmpl.parse_files(*args)
        elif case["call"] == "ParseGlob":
            got = recv.parse_glob(args[0]) if recv else gotmpl.parse_glob(args[0])
        else:
            got = recv.parse_fs(fs, *args) if recv else gotmpl.parse_fs(fs, *args)
    except gotmpl.TemplateError as e:
        res: dict[str, Any] = {"ok": False, "error": str(e)}
        if recv is not None:
            res["trees"] = _trees(recv)
        return res, recv
    res = {"ok": True, "name": got.name, "trees": _trees(got)}
    try:
        res["output"] = got.execute(gofixtures.decode_data(case))
    except gotmpl.TemplateError as e:
        res["exec_error"] = str(e)
    return res, recv


@pytest.mark.parametrize(("case", "expected"), CASES, ids=[c["id"] for c, _ in CASES])
def test_matches_go(
    case: dict[str, Any], expected: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    _write_tree(tree, case)
    monkeypatch.chdir(tree)
    want = {k: v for k, v in expected.items() if k != "id"}
    root = case.get("fs_root", ".")
    got, recv = _call(case, root)
    assert got == want
    if case["call"] == "ParseFS":
        assert _call(case, tree / root)[0] == want
        zroot = _zip_of(tree, case, tmp_path / "tree.zip")
        assert _call(case, zroot if root == "." else zroot.joinpath(root))[0] == want
    if recv is not None and got["ok"]:
        assert got["name"] == recv.name  # the method returns its receiver


def test_cases_present() -> None:
    assert len(CASES) >= 80


def test_read_error_keeps_the_oserror(tmp_path: Path) -> None:
    with pytest.raises(gotmpl.TemplateError) as info:
        gotmpl.parse_files(tmp_path / "missing.tmpl")
    assert isinstance(info.value.__cause__, FileNotFoundError)


def test_paths_may_be_pathlike(tmp_path: Path) -> None:
    (tmp_path / "p.tmpl").write_text("{{.}}")
    assert gotmpl.parse_files(tmp_path / "p.tmpl").execute(1) == "1"


@pytest.mark.parametrize(
    ("pattern", "name", "path_match", "filepath_match"),
    [
        # path.Match checks the rest of the pattern before answering false; filepath.Match
        # does not (Go's globs call each once with "" to check a pattern).
        ("a*[", "", BadPattern, False),
        ("*", "a/b", False, False),
        ("a*b", "axxb", True, True),
    ],
)
def test_match_flavours(pattern: str, name: str, path_match: Any, filepath_match: Any) -> None:
    for check_rest, want in ((True, path_match), (False, filepath_match)):
        if want is BadPattern:
            with pytest.raises(BadPattern):
                match(pattern, name, check_rest=check_rest)
        else:
            assert match(pattern, name, check_rest=check_rest) is want
