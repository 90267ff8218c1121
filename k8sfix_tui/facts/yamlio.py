"""Fast, guarded YAML loading with document start lines and per-field source lines.

`load_documents(text, path)` composes each document with libyaml (`CSafeLoader`, falling back to
the pure-Python `SafeLoader`), constructs it, and keeps the document's first line plus a map of
dotted field paths to lines. Hostile input fails fast as a `SourceError`: alias bombs (documents
whose aliases expand beyond `MAX_EXPANDED_NODES`), recursive aliases and absurd nesting (which
would otherwise overflow libyaml's C stack) never reach the rest of k8sfix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

import yaml

from ..model import Location, SourceError

MAX_EXPANDED_NODES = 250_000
MAX_NESTING_HINT = 300  # above this cheap upper bound we use the pure-Python loader (RecursionError-safe)
MAX_WALK_DEPTH = 40

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_DROPPED = frozenset({_TIMESTAMP, "tag:yaml.org,2002:value"})  # dates stay strings; a bare `=` is a string


def _without_timestamps(base: type) -> type:
    """A loader class like `base` that keeps dates (and a bare `=`) as strings, as Kubernetes does."""

    class _Loader(base):  # type: ignore[misc, valid-type]
        pass

    _Loader.yaml_implicit_resolvers = {
        key: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED]
        for key, resolvers in base.yaml_implicit_resolvers.items()
    }
    if not base.yaml_path_resolvers:
        # Same answers as BaseResolver.resolve, without per-scalar list building or path checks.
        wildcard = _Loader.yaml_implicit_resolvers.get(None, [])
        by_first = {k: tuple(v) + tuple(wildcard) for k, v in _Loader.yaml_implicit_resolvers.items() if k is not None}
        only_wildcard = tuple(wildcard)
        scalar_node, sequence_node = yaml.ScalarNode, yaml.SequenceNode
        default_scalar, default_seq, default_map = base.DEFAULT_SCALAR_TAG, base.DEFAULT_SEQUENCE_TAG, base.DEFAULT_MAPPING_TAG

        def resolve(self: Any, kind: Any, value: Any, implicit: Any) -> str:
            if kind is scalar_node:
                if implicit[0]:
                    for tag, regexp in by_first.get(value[:1], only_wildcard):
                        if regexp.match(value):
                            return tag
                return default_scalar
            return default_seq if kind is sequence_node else default_map

        def no_path(self: Any, *args: Any) -> None:
            return None

        _Loader.resolve = resolve
        _Loader.descend_resolver = no_path
        _Loader.ascend_resolver = no_path
    return _Loader


PyLoader = _without_timestamps(yaml.SafeLoader)
FastLoader = _without_timestamps(getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@dataclass
class YamlDoc:
    """One parsed YAML document: its data, first line (1-based) and field lines."""

    data: Any
    line: int
    end_line: int
    field_lines: dict[str, int] = field(default_factory=dict)
    key_line: dict[str, int] = field(default_factory=dict)  # top-level key -> line


_ANCHOR_RX = re.compile(r"(?:^|[\s\[{,])&[^\s,\[\]{}]", re.M)
_ALIAS_RX = re.compile(r"(?:^|[\s\[{,])\*[^\s,\[\]{}]", re.M)
_BRACKET_RX = re.compile(r"[\[\]{}]")
_DEEP_INDENT_RX = re.compile(r"\n[ \t]{%d,}" % MAX_NESTING_HINT)
_COMPACT_RX = re.compile(r"(?:[-?][ \t]+){%d,}" % (MAX_NESTING_HINT // 2))
_DEEP_INDENT = "\n" + " " * MAX_NESTING_HINT
_DEPTH = {"[": 1, "{": 1, "]": -1, "}": -1}


def looks_deeply_nested(text: str) -> bool:
    """Cheap upper-bound test for nesting deep enough to endanger libyaml's recursive composer."""
    if text.count("[") + text.count("{") > MAX_NESTING_HINT:
        depth = max(accumulate(_DEPTH[c] for c in _BRACKET_RX.findall(text)), default=0)
        if depth > MAX_NESTING_HINT:
            return True
    if _DEEP_INDENT in text or ("\t" in text and _DEEP_INDENT_RX.search(text)):
        return True
    if "- - " in text or "? ? " in text or "-\t" in text:
        return bool(_COMPACT_RX.search(text))
    return False


def expanded_size(node: yaml.Node, limit: int = MAX_EXPANDED_NODES) -> int:
    """Number of nodes `node` expands to with aliases resolved; raises ValueError past `limit`
    or on a recursive alias. Shared (aliased) nodes are counted once per use, computed once."""
    memo: dict[int, int] = {}
    active: set[int] = set()

    def size(n: yaml.Node) -> int:
        key = id(n)
        if key in memo:
            return memo[key]
        if key in active:
            raise ValueError("recursive YAML alias")
        if isinstance(n, yaml.ScalarNode):
            return 1
        active.add(key)
        total = 1
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                total += size(k) + size(v)
                if total > limit:
                    raise ValueError(f"YAML aliases expand to more than {limit} nodes (alias bomb?)")
        else:
            for item in n.value:
                total += size(item)
                if total > limit:
                    raise ValueError(f"YAML aliases expand to more than {limit} nodes (alias bomb?)")
        active.discard(key)
        memo[key] = total
        return total

    return size(node)


_SKIP_VALUES = frozenset({"data", "stringData", "binaryData"})


def node_field_lines(node: yaml.Node) -> dict[str, int]:
    """Dotted path -> 1-based line for every mapping key and sequence item of a document node.

    Paths look like `spec.template.spec.containers[0].image`. ConfigMap/Secret `data` values and
    `metadata.managedFields` are not descended into (keys only)."""
    out: dict[str, int] = {}
    stack: list[tuple[yaml.Node, str, int]] = [(node, "", 0)]
    while stack:
        n, prefix, depth = stack.pop()
        if depth > MAX_WALK_DEPTH:
            continue
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else "?"
                path = f"{prefix}.{key}" if prefix else key
                out[path] = k.start_mark.line + 1
                if isinstance(v, yaml.ScalarNode):
                    continue
                if key in _SKIP_VALUES and depth == 0:
                    if isinstance(v, yaml.MappingNode):
                        for kk, _ in v.value:
                            if isinstance(kk, yaml.ScalarNode):
                                out[f"{path}.{kk.value}"] = kk.start_mark.line + 1
                    continue
                if key == "managedFields":
                    continue
                stack.append((v, path, depth + 1))
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                path = f"{prefix}[{i}]"
                out[path] = item.start_mark.line + 1
                if not isinstance(item, yaml.ScalarNode):
                    stack.append((item, path, depth + 1))
    return out


_T = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _INT, _FLOAT, _BOOL, _NULL, _MERGE = (
    _T + "str", _T + "map", _T + "seq", _T + "int", _T + "float", _T + "bool", _T + "null", _T + "merge")


class _Fallback(Exception):
    """The fast constructor met something it leaves to PyYAML (merge keys, tags, odd keys)."""


def fast_document(root: yaml.Node, loader: Any, lines: dict[str, int] | None, aliased: list[bool] | None = None) -> Any:
    """Construct a composed document like `SafeConstructor.construct_document` does for plain
    Kubernetes YAML, filling `lines` (dotted path -> line, as `node_field_lines`) in the same
    pass. Raises `_Fallback` for merge keys, explicit tags or non-scalar keys."""
    memo: dict[int, Any] = {}
    ScalarNode, MappingNode, SequenceNode = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode

    def scalar(n: yaml.ScalarNode) -> Any:
        tag = n.tag
        if tag == _STR:
            return n.value
        if tag == _INT:
            return loader.construct_yaml_int(n)
        if tag == _BOOL:
            return loader.construct_yaml_bool(n)
        if tag == _NULL:
            return None
        if tag == _FLOAT:
            return loader.construct_yaml_float(n)
        raise _Fallback

    def build(n: yaml.Node, prefix: str, depth: int, track: bool) -> Any:
        if n.__class__ is ScalarNode:
            return scalar(n)
        key = id(n)
        if key in memo:
            if aliased is not None:
                aliased[0] = True
            return memo[key]
        if n.__class__ is MappingNode and n.tag == _MAP:
            d: dict[Any, Any] = {}
            memo[key] = d
            for k, v in n.value:
                if k.__class__ is not ScalarNode or k.tag == _MERGE:
                    raise _Fallback
                kv = scalar(k)
                if track:
                    path = f"{prefix}.{k.value}" if prefix else k.value
                    lines[path] = k.start_mark.line + 1  # type: ignore[index]
                    if depth == 0 and k.value in _SKIP_VALUES and v.__class__ is MappingNode:
                        for kk, _ in v.value:
                            if kk.__class__ is ScalarNode:
                                lines[f"{path}.{kk.value}"] = kk.start_mark.line + 1  # type: ignore[index]
                        sub_track = False
                    else:
                        sub_track = depth < MAX_WALK_DEPTH and k.value != "managedFields"
                    d[kv] = build(v, path, depth + 1, sub_track)
                else:
                    d[kv] = build(v, prefix, depth + 1, False)
            return d
        if n.__class__ is SequenceNode and n.tag == _SEQ:
            out: list[Any] = []
            memo[key] = out
            for i, item in enumerate(n.value):
                if track:
                    path = f"{prefix}[{i}]"
                    lines[path] = item.start_mark.line + 1  # type: ignore[index]
                    out.append(build(item, path, depth + 1, depth < MAX_WALK_DEPTH))
                else:
                    out.append(build(item, prefix, depth + 1, False))
            return out
        raise _Fallback

    return build(root, "", 0, lines is not None)


def _error(path: str, exc: BaseException, base_line: int = 0) -> SourceError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = (mark.line + 1 + base_line) if mark is not None else max(base_line, 1)
    if isinstance(exc, yaml.MarkedYAMLError):
        problem = exc.problem or exc.context or "invalid YAML"
        msg = f"invalid YAML: {problem}"
    elif isinstance(exc, RecursionError):
        msg = "invalid YAML: nesting too deep"
    elif isinstance(exc, (ValueError, TypeError)):
        msg = f"invalid YAML: {exc}"
    else:
        msg = f"invalid YAML: {type(exc).__name__}: {exc}"
    return SourceError(Location(path, line), " ".join(msg.split()))


def load_documents(
    text: str, path: str, *, lines: bool = True, line_offset: int = 0
) -> tuple[list[YamlDoc], list[SourceError]]:
    """Parse every document of `text`. Returns the documents parsed before any error and the
    errors (at most one: parsing stops at the first invalid document). Empty documents are
    dropped. `line_offset` shifts reported lines (for YAML embedded in another file)."""
    docs: list[YamlDoc] = []
    errors: list[SourceError] = []
    deep = looks_deeply_nested(text)
    loader_cls = PyLoader if deep else FastLoader
    check_aliases = "*" in text and "&" in text and bool(_ANCHOR_RX.search(text)) and bool(_ALIAS_RX.search(text))
    loader = loader_cls(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            if check_aliases:
                expanded_size(node)
            fl: dict[str, int] | None = {} if lines and isinstance(node, yaml.MappingNode) else None
            aliased = [False]
            try:
                if deep:
                    raise _Fallback
                data = fast_document(node, loader, fl, aliased)
                if aliased[0] and not check_aliases:
                    expanded_size(node)  # the cheap pre-check missed an alias: verify now
            except _Fallback:
                if not check_aliases and "*" in text and "&" in text:
                    expanded_size(node)
                data = loader.construct_document(node)
                fl = node_field_lines(node) if fl is not None else None
            if data is None:
                continue
            start = node.start_mark.line + 1 + line_offset
            end = node.end_mark.line + 1 + line_offset
            doc = YamlDoc(data, start, end)
            if fl is not None:
                if line_offset:
                    fl = {k: v + line_offset for k, v in fl.items()}
                doc.field_lines = fl
                doc.key_line = {k: v for k, v in fl.items() if "." not in k and "[" not in k}
            docs.append(doc)
    except MemoryError:
        errors.append(SourceError(Location(path, 1 + line_offset), "invalid YAML: document too large"))
    except Exception as exc:  # any parser/constructor failure (PyYAML raises IndexError on `!!int ""`)
        errors.append(_error(path, exc, line_offset))
    finally:
        try:
            loader.dispose()
        except Exception:  # pragma: no cover - dispose never matters
            pass
    return docs, errors


def load_one(text: str, path: str) -> tuple[YamlDoc | None, list[SourceError]]:
    """The first document of `text` (values.yaml, Chart.yaml, kustomization.yaml)."""
    docs, errors = load_documents(text, path)
    return (docs[0] if docs else None), errors


def data_size(value: Any, limit: int = MAX_EXPANDED_NODES) -> int:
    """Expanded size of parsed data (shared sub-objects counted once per use, computed once);
    raises ValueError past `limit` or on a reference cycle. Guards rendered output, which other
    parsers may have built from aliased YAML."""
    memo: dict[int, int] = {}
    active: set[int] = set()

    def size(v: Any) -> int:
        if not isinstance(v, (dict, list)):
            return 1
        key = id(v)
        if key in memo:
            return memo[key]
        if key in active:
            raise ValueError("recursive structure (YAML alias cycle)")
        active.add(key)
        total = 1
        for item in (v.values() if isinstance(v, dict) else v):
            total += size(item)
            if total > limit:
                raise ValueError(f"YAML aliases expand to more than {limit} nodes (alias bomb?)")
        active.discard(key)
        memo[key] = total
        return total

    return size(value)


def check_file(path: Any, rel: str) -> SourceError | None:
    """A SourceError when the YAML file at `path` is hostile or invalid (alias bomb, nesting,
    syntax), else None. Used before handing files to renderers with weaker guards."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) > 5 * 1024 * 1024:
        return SourceError(Location(rel, 0), "file too large (> 5 MB)")
    text = data.decode("utf-8", errors="replace")
    _, errors = load_documents(text, rel, lines=False)
    return errors[0] if errors else None


def is_hostile(message: str) -> bool:
    """True for load errors that mark a file as dangerous to hand to other parsers."""
    return "alias" in message or "nesting" in message or "too large" in message
