"""Cases of kind `files`: ParseFiles, ParseGlob and ParseFS over a directory the oracle writes.

Each case names its files (relative path -> text), the call, the method's receiver when it is
the method form, and the call's arguments; oracle/files.go runs it in a fresh directory, so the
paths in Go's errors are the relative paths given here.
"""

from __future__ import annotations

from typing import Any

from conformance.gen_common import Ids, case

# One directory tree most cases share: a main template calling another, a define, the same base
# name in two directories, a hidden file, a parse error, bytes Python's text mode would change.
TREE = {
    "a.tmpl": 'A{{template "b.tmpl" .}}',
    "b.tmpl": "B{{.}}",
    "bad.tmpl": "ok\n{{if}}",
    "sub/a.tmpl": "subA",
    "sub/c.tmpl": 'C{{define "x"}}X{{end}}',
    "sub/deep/d.tmpl": "D",
    ".hidden.tmpl": "H",
    "notes.txt": "plain {{len .}}",
    "crlf.tmpl": "line1\r\nline2{{/* c */}}\r\n",
    "bom.tmpl": "\ufeffbom",
    "f.tmpl": "{{add 1 2}}",
    "x`q.tmpl": "backquote",
}
DIRS = ["empty"]
# The same tree without the files that fail to parse, for the globs that should succeed.
GOOD = {k: v for k, v in TREE.items() if k not in ("bad.tmpl", "f.tmpl")}


def _files(ids: Ids, cid: str, call: str, args: list[str], **kw: Any) -> dict[str, Any]:
    kw.setdefault("files", TREE)
    kw.setdefault("dirs", DIRS)
    return case(ids(cid), "files", call=call, args=args, **kw)


def files_cases() -> list[dict[str, Any]]:
    """Every files case: the package functions, the methods, and their errors."""
    ids = Ids()
    cases = []

    def add(cid: str, call: str, args: list[str], **kw: Any) -> None:
        cases.append(_files(ids, cid, call, args, **kw))

    def method(cid: str, call: str, args: list[str], name: str, **kw: Any) -> None:
        kw.setdefault("steps", [])
        add(cid, call, args, method=True, name=name, **kw)

    # ParseFiles: the first file names the set; later files of the same base name win.
    add("files-two", "ParseFiles", ["a.tmpl", "b.tmpl"], data=7)
    add("files-one-define", "ParseFiles", ["sub/c.tmpl"])
    add("files-same-base", "ParseFiles", ["a.tmpl", "sub/a.tmpl", "b.tmpl"])
    add("files-same-base-first", "ParseFiles", ["sub/a.tmpl", "a.tmpl", "b.tmpl"])
    add("files-deep", "ParseFiles", ["sub/deep/d.tmpl", "./b.tmpl"])
    add("files-crlf", "ParseFiles", ["crlf.tmpl"])
    add("files-bom", "ParseFiles", ["bom.tmpl"])
    add("files-hidden", "ParseFiles", [".hidden.tmpl"])
    add("files-txt", "ParseFiles", ["notes.txt"], data=[1, 2])
    add("files-func-undefined", "ParseFiles", ["f.tmpl"])
    add("files-b-only", "ParseFiles", ["b.tmpl", "a.tmpl"], data="d")
    add("files-none", "ParseFiles", [])
    add("files-missing", "ParseFiles", ["missing.tmpl"])
    add("files-missing-second", "ParseFiles", ["a.tmpl", "nope/b.tmpl"])
    add("files-empty-path", "ParseFiles", [""])
    add("files-dir", "ParseFiles", ["sub"])
    add("files-not-dir", "ParseFiles", ["a.tmpl/x"])
    add("files-parse-error-second", "ParseFiles", ["a.tmpl", "bad.tmpl"])
    add("files-parse-error-first", "ParseFiles", ["bad.tmpl", "a.tmpl"])
    add("files-empty-file", "ParseFiles", ["e.tmpl"], files={"e.tmpl": ""})
    add(
        "files-redefine",
        "ParseFiles",
        ["one.tmpl", "two.tmpl"],
        files={
            "one.tmpl": '{{define "x"}}1{{end}}',
            "two.tmpl": '{{define "x"}}2{{end}}{{template "x"}}',
        },
    )
    # The methods: the receiver keeps its name; a file of its name becomes its body.
    method("m-files-named", "ParseFiles", ["a.tmpl", "b.tmpl"], "b.tmpl", data=1)
    method("m-files-unnamed", "ParseFiles", ["a.tmpl", "b.tmpl"], "")
    method("m-files-other", "ParseFiles", ["a.tmpl", "b.tmpl"], "t")
    method(
        "m-files-parsed",
        "ParseFiles",
        ["a.tmpl", "b.tmpl"],
        "t",
        steps=[{"op": "parse", "text": 'T{{template "a.tmpl" 2}}'}],
    )
    method("m-files-funcs", "ParseFiles", ["f.tmpl"], "f.tmpl", funcs="test")
    method("m-files-error-second", "ParseFiles", ["a.tmpl", "bad.tmpl"], "a.tmpl")
    method("m-files-missing-second", "ParseFiles", ["b.tmpl", "missing.tmpl"], "t")
    method("m-files-none", "ParseFiles", [], "t")
    method(
        "m-files-delims",
        "ParseFiles",
        ["d.tmpl"],
        "d.tmpl",
        files={"d.tmpl": "<<.>> {{.}}"},
        delims=["<<", ">>"],
        data="v",
    )

    # ParseGlob: filepath.Glob's matching, order and errors.
    for pattern in [
        "*.tmpl",
        "[ab].tmpl",
        "[^ab]*.tmpl",
        "[a-b].tmpl",
        "?.tmpl",
        "\\a.tmpl",
        "b.tmpl",
        "sub/*",
        "*/a.tmpl",
        "s*/*.tmpl",
        "*/*/*.tmpl",
        "./*.tmpl",
        "sub/../b.tmpl",
        "*",
        "x`q.*",
    ]:
        add(f"glob {pattern}", "ParseGlob", [pattern], files=GOOD)
    for pattern in [
        "*.none",
        "nonexistent",
        "x`*.none",
        "*/",
        "empty/*",
        "[",
        "a[",
        "[]",
        "[a-]",
        "\\",
        "*.tmpl\\",
        "a*[",
        "z*[",
        "[\\",
        "sub",
    ]:
        add(f"glob-error {pattern}", "ParseGlob", [pattern])
    method("m-glob", "ParseGlob", ["[ab].tmpl"], "b.tmpl", data=3)
    method("m-glob-none", "ParseGlob", ["*.none"], "t")

    # ParseFS over os.DirFS: io/fs's Glob (path.Match) and slash-separated, unrooted names.
    for patterns in [
        ["*.tmpl"],
        ["sub/*.tmpl", "b.tmpl"],
        ["b.tmpl", "b.tmpl"],
        ["*/a.tmpl"],
        ["sub/deep/*"],
        ["./*.tmpl"],
        ["x`q.*"],
        ["[^.]*.tmpl"],
    ]:
        add(f"fs {' '.join(patterns)}", "ParseFS", patterns, files=GOOD)
    add("fs-root sub", "ParseFS", ["*.tmpl"], fs_root="sub")
    add("fs-all-good", "ParseFS", ["*"], files=GOOD)
    for patterns in [
        [],
        ["none*"],
        ["b.tmpl", "none*"],
        ["./b.tmpl"],
        ["sub/../b.tmpl"],
        ["../*"],
        ["/b.tmpl"],
        ["["],
        ["a*["],
        ["z*["],
        ["*"],
        ["sub"],
        ["bad.tmpl"],
    ]:
        add(f"fs-error {' '.join(patterns)}", "ParseFS", patterns)
    method("m-fs", "ParseFS", ["sub/*.tmpl"], "c.tmpl")
    method("m-fs-error", "ParseFS", ["a.tmpl", "bad.tmpl"], "t")
    return cases
