"""Template sets: Go's template.Template API (New, Parse, Funcs, Delims, Option, Lookup, Clone...).

Templates made by one another (`new`, define, block) share one namespace, funcs and options, as
in Go. Parsed trees never change; each execution keeps its own state, so one template set can
render from many threads at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from gotmpl.budget import Budget
from gotmpl.errors import TemplateError
from gotmpl.exec.builtins import BUILTINS
from gotmpl.exec.execute import execute, execute_to
from gotmpl.parse.parse import Tree, is_empty_tree, parse_text
from gotmpl.strconv.quote import quote
from gotmpl.unicode import is_identifier

if TYPE_CHECKING:
    import os

    from gotmpl.files import FileSystem

__all__ = ["Template"]

_MISSINGKEY = {"default": "invalid", "invalid": "invalid", "zero": "zero", "error": "error"}


class _Common:
    """What associated templates share: the namespace, the funcs and the options."""

    def __init__(self, safe: bool) -> None:
        self.templates: dict[str, Template] = {}
        self.funcs: dict[str, Callable[..., Any]] = {}
        self.missingkey = "invalid"
        self.safe = safe  # safe mode (gotmpl/safe.py), fixed when the set is made
        # Renewed whenever compiled bodies go stale (funcs or options change): see
        # codegen.compiled.
        self.generation = object()


class _FuncNames:
    """The names a parse may call: builtins plus this set's funcs."""

    __slots__ = ("funcs",)

    def __init__(self, funcs: Mapping[str, Any]) -> None:
        self.funcs = funcs

    def __contains__(self, name: object) -> bool:
        return name in self.funcs or name in BUILTINS


class Template:
    """A named template in a set of associated templates (Go's *template.Template).

    `Template(name)` starts a new set. With `safe=True` the set is for templates written by
    someone else: its renders reach data only through plain values and call only the
    builtins and the functions given to `funcs` (see gotmpl.safe); every template of the set
    (made by `new`, define, block, or `clone`) keeps the mode.
    """

    def __init__(self, name: str = "", *, safe: bool = False) -> None:
        self._name = name
        self._common = _Common(safe)
        self._left = ""
        self._right = ""
        self.tree: Tree | None = None
        self._code: tuple[Tree, object, Any, Any] | None = None  # see exec.compile.compiled

    @classmethod
    def _member(cls, name: str, common: _Common) -> Template:
        """A template of the set `common` belongs to."""
        t = cls.__new__(cls)
        t._name, t._common, t._left, t._right = name, common, "", ""
        t.tree, t._code = None, None
        return t

    # --- configuration ---------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The template's name (Go's Name)."""
        return self._name

    @property
    def safe(self) -> bool:
        """Whether the set renders in safe mode (see gotmpl.safe)."""
        return self._common.safe

    def delims(self, left: str, right: str) -> Template:
        """Set the action delimiters for later `parse` calls; "" means the default."""
        self._left, self._right = left, right
        return self

    def funcs(self, mapping: Mapping[str, Callable[..., Any]]) -> Template:
        """Add functions to the set; names must be Go identifiers and values callable."""
        for fname, fn in mapping.items():
            if not isinstance(fname, str) or not is_identifier(fname):
                raise ValueError(f"function name {quote(str(fname))} is not a valid identifier")
            if not callable(fn):
                raise ValueError(f"value for {fname} not a function")
        self._common.funcs.update(mapping)
        self._common.generation = object()
        return self

    def option(self, *opts: str) -> Template:
        """Go's Option: only `missingkey=default|invalid|zero|error` exists."""
        for opt in opts:
            if opt == "":
                raise ValueError("empty option string")
            key, sep, value = opt.partition("=")
            if sep and key == "missingkey" and value in _MISSINGKEY:
                self._common.missingkey = _MISSINGKEY[value]
                self._common.generation = object()
                continue
            raise ValueError(f"unrecognized option: {opt}")
        return self

    # --- the set ---------------------------------------------------------------------------

    def new(self, name: str) -> Template:
        """A new template associated with this one, with the same delimiters."""
        t = Template._member(name, self._common)
        t._left, t._right = self._left, self._right
        return t

    def lookup(self, name: str) -> Template | None:
        """The associated template called `name`, or None (Go's Lookup)."""
        return self._common.templates.get(name)

    def templates(self) -> list[Template]:
        """The templates of the set (Go's order is random; ours is definition order)."""
        return list(self._common.templates.values())

    def defined_templates(self) -> str:
        """Go's DefinedTemplates text: `; defined templates are: "a", "b"`, or ""."""
        names = [f'"{k}"' for k, t in self._common.templates.items() if t.tree is not None]
        return "; defined templates are: " + ", ".join(names) if names else ""

    def clone(self) -> Template:
        """A copy of the whole set; later parses into the copy leave this one unchanged."""
        common = _Common(self._common.safe)
        common.funcs = dict(self._common.funcs)
        common.missingkey = self._common.missingkey
        twin = None
        for name, t in self._common.templates.items():
            copy = Template._member(name, common)
            copy._left, copy._right, copy.tree = t._left, t._right, t.tree
            common.templates[name] = copy
            if t is self:
                twin = copy
        if twin is None:
            twin = Template._member(self._name, common)
            twin._left, twin._right, twin.tree = self._left, self._right, self.tree
        return twin

    def add_parse_tree(self, name: str, tree: Tree) -> Template:
        """Go's AddParseTree: associate `tree` under `name` (a new template if needed)."""
        nt = self if name == self._name else self.new(name)
        old = self._common.templates.get(name)
        if old is not None and old.tree is not None and is_empty_tree(tree.root):
            if nt.tree is None:
                nt.tree = tree
            return nt
        self._common.templates[name] = nt
        nt.tree = tree
        return nt

    # --- parsing and execution -----------------------------------------------------------

    def parse(self, text: str) -> Template:
        """Parse `text` into this template (its defines join the set); raises ParseError."""
        trees = parse_text(
            self._name, text, self._left, self._right, _FuncNames(self._common.funcs)
        )
        for name, tree in trees.items():
            self.add_parse_tree(name, tree)
        return self

    def parse_files(self, *filenames: str | os.PathLike[str]) -> Template:
        """Go's ParseFiles: parse each file into the set as a template named by its base name
        (a file named as this template becomes its body); returns self (gotmpl.files)."""
        from gotmpl.files import parse_files_into

        return parse_files_into(self, *filenames)

    def parse_glob(self, pattern: str) -> Template:
        """Go's ParseGlob: parse_files over the files matching `pattern` (Go's filepath.Match
        syntax: `*` matches a leading dot, `[^a]` negates); returns self."""
        from gotmpl.files import parse_glob_into

        return parse_glob_into(self, pattern)

    def parse_fs(self, fs: FileSystem, *patterns: str) -> Template:
        """Go's ParseFS: parse_files over the files of `fs` (a directory, or an
        importlib.resources Traversable) matching each slash-separated pattern; returns self."""
        from gotmpl.files import parse_fs_into

        return parse_fs_into(self, fs, *patterns)

    # The execution module's functions are the methods: a render is one call shorter.
    execute = execute
    execute_to = execute_to

    def execute_template(self, name: str, data: Any = None, budget: Budget | None = None) -> str:
        """Run the associated template `name` on `data`."""
        t = self.lookup(name)
        if t is None:
            raise TemplateError(
                f"template: no template {quote(name)} associated with template {quote(self._name)}"
            )
        return t.execute(data, budget)

    def __repr__(self) -> str:
        return f"<gotmpl.Template {self._name!r}>"
