"""Go's text/template in pure Python, as Helm uses it.

    ts = TemplateSet(funcs, strict_missing=False, max_depth=1000, emit_hook=None, no_value=None)
    ts.add("chart/templates/x.yaml", text)      # parse once; defines join the shared namespace
    ts.execute("chart/templates/x.yaml", data)  # -> str
    ts.execute_with_lines(name, data)           # -> (str, [template line per output line])
    ts.render_string("gotpl", text, data)       # Helm's `tpl`: a throwaway template

Values: Go nil is `None`; maps are Python mappings, slices lists/tuples; fields of other objects are
attributes, and their methods are called (`.Files.Get "x"`); a mapping subclass's capitalised methods
are Go map-type methods (`.Values.AsMap`). A class may name its Go type in `__go_type__` ("int64").
Function callables get plain values and signal Go errors by raising; any exception becomes
`TemplateError` with Go's wording (`error calling NAME: MESSAGE`).

Printing follows Go exactly (checked against Go's own text/template, see
tests/render/gotemplate/test_gotemplate_vs_go.py): an action prints nil or a missing key as
`<no value>`; `print`/`printf` print nil as `<nil>`.

Modules: lexer (tokens, trim markers), nodes (tree, `str()` gives source back), parser, exec
(tree walker), funcs (builtins), gofmt (fmt verbs), values (Go types, truth, `%v`), bench.
"""

from __future__ import annotations

import sys
import threading
from typing import Any, Callable

from ...errors import K8sfixError
from .errors import TemplateDepthError, TemplateError
from .exec import Runner, output_lines
from .funcs import BUILTINS
from .nodes import Tree, is_empty_tree
from .parser import parse
from .values import MISSING, go_quote

__all__ = ["TemplateSet", "TemplateError", "TemplateDepthError", "MISSING", "parse_template"]

NO_VALUE = "<no value>"

_PARSE_CACHE: dict[tuple, tuple[Tree, dict[str, Tree]]] = {}
_PARSE_CACHE_MAX = 4096
_PARSE_CACHE_MAX_CHARS = 32_000_000  # bound the memory the cache keeps (trees hold their text)
_PARSE_CACHE_CHARS = 0


def parse_template(name: str, text: str, func_names: frozenset[str] | set[str] = frozenset()) -> Tree:
    """Parse one template (for tests and tools); functions outside `func_names` and the builtins fail."""
    tree, _ = parse(name, text, lambda f: f in func_names or f in BUILTINS)
    return tree


def _ensure_stack(max_depth: int) -> None:
    """Let Python recurse deep enough for `max_depth` nested templates (~25 frames each).

    Only ever raises the process-wide limit (never lowers it); Python 3.11 keeps pure-Python
    frames off the C stack, so this is safe for the template walker."""
    need = min(25 * max_depth + 1000, 60000)
    if sys.getrecursionlimit() < need:
        sys.setrecursionlimit(need)


class TemplateSet:
    """A namespace of parsed templates sharing one function map (Go's *template.Template)."""

    def __init__(
        self,
        funcs: dict[str, Callable[..., Any]] | None = None,
        *,
        strict_missing: bool = False,
        max_depth: int = 1000,
        emit_hook: Callable[..., None] | None = None,
        no_value: str | None = None,
        root_name: str = "gotpl",
        emit_offsets: bool = False,
    ) -> None:
        """`strict_missing` is Go's missingkey=error; otherwise missingkey=zero (Helm). `no_value`, when
        given, replaces the text `<no value>` in the output of outermost executions (Helm uses "").
        `emit_hook(value, text)` sees every printed action; with `emit_offsets` it is called as
        `emit_hook(value, text, offset)`, offset = where `text` starts in that execution's output
        (after the `no_value` replacement)."""
        self.funcs: dict[str, Callable[..., Any]] = funcs if funcs is not None else {}
        self.strict_missing = strict_missing
        self.max_depth = max_depth
        self.emit_hook = emit_hook
        self.emit_offsets = emit_offsets
        self.no_value = no_value
        self.root_name = root_name
        self._tmpl: dict[str, Tree] = {}
        self._tl = threading.local()

    # -- parsing ----------------------------------------------------------------------------------------
    def _has_func(self, name: str) -> bool:
        return name in self.funcs or name in BUILTINS

    def _parse(self, name: str, text: str) -> tuple[Tree, dict[str, Tree]]:
        fkey = frozenset(self.funcs)
        key = (name, text, fkey)
        hit = _PARSE_CACHE.get(key)
        if hit is not None:
            return hit
        res = parse(
            name,
            text,
            self._has_func,
            break_ok="break" not in self.funcs,
            continue_ok="continue" not in self.funcs,
        )
        global _PARSE_CACHE_CHARS
        if len(_PARSE_CACHE) >= _PARSE_CACHE_MAX or _PARSE_CACHE_CHARS > _PARSE_CACHE_MAX_CHARS:
            _PARSE_CACHE.clear()
            _PARSE_CACHE_CHARS = 0
        _PARSE_CACHE[key] = res
        _PARSE_CACHE_CHARS += len(text)
        return res

    @staticmethod
    def _associate(ns: dict[str, Tree], name: str, tree: Tree) -> None:
        old = ns.get(name)
        if old is not None and is_empty_tree(tree.root):
            return  # Go: an empty definition never replaces an existing one
        ns[name] = tree

    def add(self, name: str, text: str) -> None:
        """Parse `text` as template `name`; its defines/blocks join (and override in) the namespace."""
        _ensure_stack(self.max_depth)
        tree, defs = self._parse(name, text)
        self._associate(self._tmpl, name, tree)
        for dname, dtree in defs.items():
            self._associate(self._tmpl, dname, dtree)

    def has(self, name: str) -> bool:
        """Whether a template or define of that name exists."""
        return self._lookup(name) is not None

    def names(self) -> list[str]:
        """All template and define names, sorted."""
        return sorted(self._tmpl)

    # -- execution --------------------------------------------------------------------------------------
    def _overlays(self) -> list[dict[str, Tree]]:
        ov = getattr(self._tl, "overlays", None)
        if ov is None:
            ov = self._tl.overlays = []
        return ov

    def _lookup(self, name: str) -> Tree | None:
        ov = getattr(self._tl, "overlays", None)
        if ov:
            for layer in reversed(ov):
                t = layer.get(name)
                if t is not None:
                    return t
        return self._tmpl.get(name)

    def _depth(self) -> int:
        return getattr(self._tl, "depth", 0)

    def _set_depth(self, d: int) -> None:
        self._tl.depth = d

    def _run(self, name: str, data: Any, track: bool) -> tuple[str, list[int] | None]:
        tree = self._lookup(name)
        if tree is None:
            raise TemplateError(
                f"template: no template {go_quote(name)} associated with template {go_quote(self.root_name)}",
                template=name,
            )
        depth = self._depth()
        if depth >= self.max_depth:
            raise TemplateDepthError(
                f"template: {name}: exceeded max depth ({self.max_depth}) of nested templates", template=name
            )
        runner = Runner(self, track)
        if depth == 0:
            _ensure_stack(self.max_depth)
        self._tl.depth = depth + 1
        try:
            runner.run(tree, name, data)
        except RecursionError:
            raise TemplateDepthError(
                f"template: {name}: exceeded max depth of nested templates (Python stack exhausted)", template=name
            ) from None
        except K8sfixError:
            raise
        except Exception as e:  # safety net: a value or hook misbehaved somewhere unexpected
            raise TemplateError(
                f"template: {name}: executing {go_quote(name)}: {type(e).__name__}: {e}", template=name
            ) from e
        finally:
            self._tl.depth = depth
        out = "".join(runner.out)
        if depth == 0 and self.no_value is not None and NO_VALUE in out:
            out = out.replace(NO_VALUE, self.no_value)
        lines = output_lines(runner.out, runner.src) if runner.src is not None else None
        return out, lines

    def execute(self, name: str, data: Any) -> str:
        """Render the template or define `name` with `data` as dot (and `$`)."""
        return self._run(name, data, False)[0]

    def execute_with_lines(self, name: str, data: Any) -> tuple[str, list[int]]:
        """Render, and for each output line the line in template `name` that produced its first
        non-blank character (output of nested templates maps to the call site)."""
        out, lines = self._run(name, data, True)
        return out, lines or []

    def render_string(self, name: str, text: str, data: Any) -> str:
        """Parse `text` as a throwaway template `name` that can use the set's defines (Helm's `tpl`);
        its own defines are visible while it runs and vanish afterwards."""
        _ensure_stack(self.max_depth)
        tree, defs = self._parse(name, text)
        layer: dict[str, Tree] = {}
        for dname, dtree in defs.items():
            base = self._lookup(dname)
            if base is not None and is_empty_tree(dtree.root):
                continue
            layer[dname] = dtree
        layer[name] = tree
        ov = self._overlays()
        ov.append(layer)
        try:
            return self._run(name, data, False)[0]
        finally:
            ov.pop()
