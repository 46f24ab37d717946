"""Template sets from files: Go's ParseFiles, ParseGlob and ParseFS (text/template/helper.go).

Each file becomes a template named by its base name; the receiver (or, for the package
functions, a new template named after the first file) is returned. Every failure is a
TemplateError whose text is Go's: "template: no files named in call to ParseFiles", "template:
pattern matches no files: `*.tmpl`", "syntax error in pattern", Go's *PathError text ("open
a.tmpl: no such file or directory") with the OSError as `__cause__`, or the ParseError of the file
that failed (named by its base name). As in Go, the templates of files parsed before a failure
stay in the set.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Sequence
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Union

from gotmpl.errors import TemplateError
from gotmpl.fmt.print import errorf
from gotmpl.glob import BadPattern, base, fs_glob, glob, valid_path
from gotmpl.gostring import from_bytes

if TYPE_CHECKING:
    from gotmpl.template import Template

__all__ = [
    "FileSystem",
    "parse_files",
    "parse_files_into",
    "parse_fs",
    "parse_fs_into",
    "parse_glob",
    "parse_glob_into",
]

#: What parse_fs reads: a directory (as Go's os.DirFS) or an importlib.resources Traversable
#: (a package's files, a zip archive's `zipfile.Path`).
FileSystem = Union[str, "os.PathLike[str]", Traversable]

# Reads one file: returns (template name, text) or raises TemplateError.
_Reader = Callable[[str], tuple[str, str]]


def parse_files(*filenames: str | os.PathLike[str]) -> Template:
    """Go's template.ParseFiles: a new set named after the first file's base name."""
    return parse_files_into(None, *filenames)


def parse_glob(pattern: str) -> Template:
    """Go's template.ParseGlob: a new set named after the first matching file."""
    return parse_glob_into(None, pattern)


def parse_fs(fs: FileSystem, *patterns: str) -> Template:
    """Go's template.ParseFS: a new set named after the first matching file of `fs`."""
    return parse_fs_into(None, fs, *patterns)


def parse_files_into(t: Template | None, *filenames: str | os.PathLike[str]) -> Template:
    """Go's ParseFiles: parse each named file into `t`'s set (a new set when `t` is None)."""
    return _parse(t, _read_os, [os.fspath(f) for f in filenames])


def parse_glob_into(t: Template | None, pattern: str) -> Template:
    """Go's ParseGlob: ParseFiles over the files filepath.Glob matches, which must be some."""
    try:
        filenames = glob(pattern)
    except BadPattern as e:
        raise TemplateError(str(e)) from None
    if not filenames:
        raise TemplateError(errorf("template: pattern matches no files: %#q", pattern))
    return _parse(t, _read_os, filenames)


def parse_fs_into(t: Template | None, fs: FileSystem, *patterns: str) -> Template:
    """Go's ParseFS: ParseFiles over the files of `fs` each io/fs.Glob pattern matches."""
    fsys = _DirFS(os.fspath(fs)) if isinstance(fs, (str, os.PathLike)) else _TraversableFS(fs)
    filenames: list[str] = []
    for pattern in patterns:
        try:
            found = fs_glob(pattern, fsys.exists, fsys.list_dir)
        except BadPattern as e:
            raise TemplateError(str(e)) from None
        if not found:
            raise TemplateError(errorf("template: pattern matches no files: %#q", pattern))
        filenames.extend(found)
    return _parse(t, fsys.read, filenames)


def _parse(t: Template | None, read: _Reader, filenames: Sequence[str]) -> Template:
    """Go's parseFiles: the first file names a new set; a file named as `t` becomes its body."""
    if not filenames:
        raise TemplateError("template: no files named in call to ParseFiles")
    for filename in filenames:
        name, text = read(filename)
        if t is None:
            from gotmpl.template import Template

            t = Template(name)
        (t if name == t.name else t.new(name)).parse(text)
    assert t is not None
    return t


def _path_error(op: str, path: str, err: OSError) -> TemplateError:
    """Go's *PathError text, `OP PATH: ERRNO TEXT` (Go's errno texts are C's, lowercased)."""
    reason = os.strerror(err.errno) if err.errno else str(err)
    return TemplateError(f"{op} {path}: {reason[:1].lower()}{reason[1:]}")


def _read_bytes(path: str, shown: str) -> bytes:
    """Go's os.ReadFile: `open` fails on a missing file, `read` on a directory."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError as e:
        raise _path_error("open", shown, e) from e
    except ValueError:  # a NUL byte in the name: Go's open fails with EINVAL
        raise _path_error("open", shown, OSError(errno.EINVAL, "")) from None
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
    except OSError as e:
        raise _path_error("read", shown, e) from e
    finally:
        os.close(fd)
    return b"".join(chunks)


def _read_os(filename: str) -> tuple[str, str]:
    return base(filename), from_bytes(_read_bytes(filename, filename))


class _DirFS:
    """Go's os.DirFS(root): names are fs.ValidPath names below root."""

    def __init__(self, root: str) -> None:
        self.root = root

    def _full(self, name: str) -> str | None:
        return os.path.join(self.root, name) if valid_path(name) else None

    def exists(self, name: str) -> bool:
        full = self._full(name)
        return full is not None and os.path.exists(full)

    def list_dir(self, name: str) -> list[str] | None:
        full = self._full(name)
        try:
            return os.listdir(full) if full is not None and os.path.isdir(full) else None
        except OSError:
            return None

    def read(self, name: str) -> tuple[str, str]:
        full = self._full(name)
        if full is None:
            raise _path_error("readfile", name, OSError(errno.EINVAL, ""))
        return base(name), from_bytes(_read_bytes(full, name))


class _TraversableFS:
    """An importlib.resources Traversable as a Go fs.FS rooted at it."""

    def __init__(self, root: Traversable) -> None:
        self.root = root

    def _node(self, name: str) -> Traversable | None:
        if not valid_path(name):
            return None
        node = self.root if name == "." else self.root.joinpath(*name.split("/"))
        return node if node.is_dir() or node.is_file() else None

    def exists(self, name: str) -> bool:
        return self._node(name) is not None

    def list_dir(self, name: str) -> list[str] | None:
        node = self._node(name)
        if node is None or not node.is_dir():
            return None
        return [child.name for child in node.iterdir()]

    def read(self, name: str) -> tuple[str, str]:
        node = self._node(name)
        if node is None:
            raise _path_error("open", name, OSError(errno.ENOENT, ""))
        if node.is_dir():
            raise _path_error("read", name, OSError(errno.EISDIR, ""))
        try:
            data = node.read_bytes()
        except OSError as e:
            raise _path_error("open", name, e) from e
        return base(name), from_bytes(data)
