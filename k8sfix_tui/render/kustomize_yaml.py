"""YAML reading and writing the way kustomize does it.

Reading follows kyaml (YAML 1.2 flavour): `yes`/`on`/`y` stay strings, dates stay strings,
`1:20` is a string. Writing follows kustomize's output: keys sorted as Go's yaml.v2 sorts them, block style, two-space
indent, sequences not indented under their key, strings that a YAML 1.1 reader would take for
something else double-quoted, multi-line strings as literal blocks, integral floats as ints.
"""

from __future__ import annotations

import hashlib
import pickle
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import yaml

from .goyaml_order import sort_key
from ..errors import RenderError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class KLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader with YAML-1.2-like implicit typing (as kyaml/yaml.v3)."""


KLoader.yaml_implicit_resolvers = {}
_RESOLVERS: list[tuple[str, str, str]] = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
]
for _tag, _rx, _first in _RESOLVERS:
    KLoader.add_implicit_resolver(_tag, re.compile(_rx), list(_first))


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | float:
    text = str(node.value).replace("_", "")
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-")
    try:
        if text.startswith("0x"):
            return sign * int(text[2:], 16)
        if text.startswith("0o"):
            return sign * int(text[2:], 8)
        if text.startswith("0b"):
            return sign * int(text[2:], 2)
        if len(text) > 1 and text.startswith("0"):
            return sign * int(text, 8)
        return sign * int(text)
    except ValueError:
        return float(node.value)


def _construct_map(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Any:
    """Maps with string keys only: kustomize (via JSON) rejects any other key."""
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:merge":
            continue
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
            raise yaml.constructor.ConstructorError(
                None, None, f"map key {getattr(key_node, 'value', '?')!r} is not a string", key_node.start_mark
            )
    return loader.construct_yaml_map(node)


KLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
KLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
KLoader.add_constructor("tag:yaml.org,2002:timestamp", KLoader.construct_yaml_str)


def parse_documents(text: str, where: str) -> list[tuple[Any, int]]:
    """Parse a YAML stream into (document, 1-based first line) pairs; empty documents are dropped.

    Raises RenderError `where:line: message` on invalid YAML.
    """
    return [(data, line) for data, line, _ in parse_documents_ex(text, where)]


_EXPLICIT_NULL_TEXT = re.compile(r"(?:null|Null|NULL|~)\s*(?:#.*)?$", re.M)


MAX_EXPANDED_NODES = 2_000_000
MAX_DEPTH = 200


def _depth(root: yaml.Node) -> int:
    """Deepest nesting of collections (iterative: safe on hostile input)."""
    deepest = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    seen: set[int] = set()
    while stack:
        node, level = stack.pop()
        if id(node) in seen or not isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            continue
        seen.add(id(node))
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        if isinstance(node, yaml.MappingNode):
            stack.extend((v, level + 1) for _, v in node.value)
        else:
            stack.extend((v, level + 1) for v in node.value)
    return deepest


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """Node count once aliases are expanded (memoised on the node graph: linear time)."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # cycles count once
    total = 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            total += _expanded_size(k, memo) + _expanded_size(v, memo)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            total += _expanded_size(item, memo)
    memo[key] = total
    return total


def _explicit_nulls(node: yaml.Node, path: tuple[str, ...], out: set[tuple[str, ...]], seen: set[int]) -> None:
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = path + (str(key.value),)
            if isinstance(value, yaml.ScalarNode):
                if value.tag == "tag:yaml.org,2002:null" and value.value != "":
                    out.add(sub)
            else:
                _explicit_nulls(value, sub, out, seen)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _explicit_nulls(item, path, out, seen)


def parse_documents_ex(text: str, where: str) -> list[tuple[Any, int, set[tuple[str, ...]]]]:
    """Like parse_documents, plus the map-key paths (list positions elided) whose value is an
    explicit `null`/`~` (kustomize's merge keeps those, and drops empty values)."""
    loader = KLoader(text)
    out: list[tuple[Any, int, set[tuple[str, ...]]]] = []
    may_have_nulls = _EXPLICIT_NULL_TEXT.search(text) is not None
    uses_aliases = "*" in text and "&" in text
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            line = node.start_mark.line + 1
            nulls: set[tuple[str, ...]] = set()
            if uses_aliases and _expanded_size(node, {}) > MAX_EXPANDED_NODES:
                raise RenderError(
                    f"YAML document expands to more than {MAX_EXPANDED_NODES} nodes through aliases", f"{where}:{line}"
                )
            depth = _depth(node)
            if depth > MAX_DEPTH:
                raise RenderError(f"YAML nesting deeper than {MAX_DEPTH} levels", f"{where}:{line}")
            if may_have_nulls:
                _explicit_nulls(node, (), nulls, set())
            data = loader.construct_document(node)
            if data is None:
                continue
            out.append((data, line, nulls))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise RenderError(f"invalid YAML: {problem}", f"{where}:{line}" if line else where) from None
    except yaml.YAMLError as exc:
        raise RenderError(f"invalid YAML: {str(exc).splitlines()[0]}", where) from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise RenderError(f"invalid YAML: {exc}", where) from None
    finally:
        loader.dispose()
    return out


# ------------------------------------------------------------------------------------------
# Parse cache: a resource file included by many kustomizations is parsed once per process
# ------------------------------------------------------------------------------------------

PARSE_CACHE_MAX_BYTES = 64 * 1024 * 1024
"""Bound on the pickled size of all cached parses (least recently used entries go first)."""


class _ParseCache:
    """LRU of parse results, keyed by (where, blake2b of the text), stored pickled.

    Pickled bytes make every hit a fresh, independent copy (transforms mutate what they get),
    keep aliased/shared subtrees shared as the parser made them, give an exact memory figure
    for the bound, and are a single object for the cyclic GC instead of thousands.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.total = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[tuple[str, bytes], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, bytes]) -> bytes | None:
        with self._lock:
            blob = self._entries.get(key)
            if blob is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return blob

    def put(self, key: tuple[str, bytes], blob: bytes) -> None:
        if len(blob) > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.total -= len(old)
            self._entries[key] = blob
            self.total += len(blob)
            while self.total > self.max_bytes and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self.total -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.total = 0
            self.hits = 0
            self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)


PARSE_CACHE = _ParseCache(PARSE_CACHE_MAX_BYTES)


def parse_documents_cached(text: str, where: str) -> list[tuple[Any, int, set[tuple[str, ...]]]]:
    """`parse_documents_ex` memoised per process on (where, hash of text).

    Every call returns fresh objects (mutating them never reaches a later call); a file whose
    text changed hashes differently and is parsed again. Invalid YAML is not cached (it raises
    the same RenderError every time).
    """
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()
    key = (where, digest)
    blob = PARSE_CACHE.get(key)
    if blob is not None:
        return pickle.loads(blob)
    out = parse_documents_ex(text, where)
    try:
        blob = pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, ValueError, RecursionError, AttributeError):
        return out  # not storable (never for safe-loader output): just not cached
    PARSE_CACHE.put(key, blob)
    return out


def read_yaml_file(path: Path, rel: str) -> list[tuple[Any, int]]:
    """Read and parse a YAML file; unreadable files raise RenderError naming `rel`."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RenderError("file is not UTF-8 text", rel) from None
    except OSError as exc:
        raise RenderError(f"cannot read file: {exc.strerror or exc}", rel) from None
    return parse_documents(text, rel)


# ------------------------------------------------------------------------------------------
# Output
# ------------------------------------------------------------------------------------------

_YAML11_SPECIAL = re.compile(
    r"""^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
    |~|null|Null|NULL
    |[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|(?:0|[1-9][0-9_]*)|[1-9][0-9_]*(?::[0-5]?[0-9])+)
    |[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
       (?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?
    |<<|=)$""",
    re.X,
)


class KDumper(_BaseDumper):  # type: ignore[misc,valid-type]
    """Dumper producing kustomize-like output."""


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    if data == "" or _YAML11_SPECIAL.match(data):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


def _represent_float(dumper: yaml.SafeDumper, data: float) -> yaml.ScalarNode:
    if data == data and data not in (float("inf"), float("-inf")) and data == int(data) and abs(data) < 1e21:
        return dumper.represent_int(int(data))
    if data != data:
        return dumper.represent_scalar("tag:yaml.org,2002:float", ".nan")
    if data in (float("inf"), float("-inf")):
        return dumper.represent_scalar("tag:yaml.org,2002:float", "+.inf" if data > 0 else "-.inf")
    return dumper.represent_scalar("tag:yaml.org,2002:float", repr(data))


def _represent_dict(dumper: yaml.SafeDumper, data: dict) -> yaml.MappingNode:
    items = sorted(data.items(), key=lambda item: sort_key(item[0]))
    return dumper.represent_mapping("tag:yaml.org,2002:map", items)


KDumper.add_representer(dict, _represent_dict)
KDumper.add_representer(str, _represent_str)
KDumper.add_representer(float, _represent_float)


def dump_object(obj: Any) -> str:
    """One object as kustomize prints it (no document separator)."""
    text = yaml.dump(
        obj, Dumper=KDumper, default_flow_style=False, sort_keys=False, allow_unicode=True, width=80, indent=2
    )
    if text.endswith("\n...\n"):  # PyYAML's explicit document end after a `|+` block; Go omits it
        text = text[: -len("...\n")]
    return text


def dump_stream(objects: list[Any]) -> str:
    """A `---`-separated stream, like `kustomize build` output."""
    try:
        return "---\n".join(dump_object(o) for o in objects)
    except RecursionError:
        raise RenderError("objects nest too deeply to print") from None
