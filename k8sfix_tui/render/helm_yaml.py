"""YAML the way Helm reads and writes it.

Reading (`go_yaml_load`): Helm parses values through sigs.k8s.io/yaml, i.e. YAML 1.1 (yes/no/on
are booleans) -> JSON -> Go `interface{}`: every number becomes a float64, map keys become
strings and timestamps stay strings. `load_yaml_with_lines` also returns the line of every
dotted key, for provenance.

Writing (`to_yaml`): Helm's `toYaml` is json.Marshal followed by goyaml.v2's emitter: keys in
goyaml's natural order, 2-space indentation, sequences not indented under their key, strings
quoted only where they would read back as something else (double quotes) or start with an
indicator (single quotes), multi-line strings as `|-` literal blocks, long lines folded at 80
columns, trailing newline trimmed.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

import yaml

from .goyaml_order import sort_key
from .sprig_conv import go_float, strval

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class GoYamlLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """YAML 1.1 safe loader without timestamp resolution (goyaml.v2 into interface{}); map keys
    become strings as they are built (so `1:` and `true:` stay distinct keys)."""

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict:  # type: ignore[override]
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
        mapping: dict = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, (list, dict)):
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark
                )
            mapping[_go_key(key)] = self.construct_object(value_node, deep=deep)
        return mapping


_DROP_TAGS = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:float", "tag:yaml.org,2002:int", "tag:yaml.org,2002:value"}
GoYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROP_TAGS]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
# goyaml.v2's numbers: no sexagesimal forms, exponents without a dot are floats (1e3), and
# "08"-like strings that are not octal parse as floats.
GoYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)
GoYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*\.[0-9_]*)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
        r"|[-+]?0[0-9_]*[89][0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


class YamlLoadError(Exception):
    """Bad YAML; `line` is 1-based (0 when unknown); message reads like goyaml's."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


def _yaml_error(exc: yaml.YAMLError) -> YamlLoadError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 0
    problem = getattr(exc, "problem", None) or str(exc)
    return YamlLoadError(f"yaml: line {line}: {problem}", line)


def go_value(value: Any, floats: bool = True) -> Any:
    """Normalise a PyYAML value to what Go's JSON decoding gives: str keys, float64 numbers."""
    if isinstance(value, dict):
        return {_go_key(k): go_value(v, floats) for k, v in value.items()}
    if isinstance(value, list):
        return [go_value(v, floats) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return float(value) if floats else value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bytes):
        import base64

        return base64.b64encode(value).decode()
    return value


def _go_key(key: Any) -> str:
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, float):
        return go_float(key)
    return str(key)


def _alias_ratio_allowed(decoded: int) -> float:
    """goyaml's allowedAliasRatio: 99% up to 400k decoded nodes, falling to 10% at 4M."""
    if decoded <= 400_000:
        return 0.99
    if decoded >= 4_000_000:
        return 0.10
    return 0.99 - 0.89 * ((decoded - 400_000) / 3_600_000)


def check_aliasing(node: yaml.Node | None) -> None:
    """Refuse an alias bomb before anything expands it, as goyaml does ("document contains
    excessive aliasing"): count every node a decoder would visit (aliases expanded) and how many of
    those lie inside an alias, stopping as soon as the ratio is over goyaml's limit."""
    if node is None:
        return
    decoded = 0
    aliased = 0
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, in_alias = stack.pop()
        if not in_alias:
            if id(current) in seen:  # a second visit of a node is an alias of its anchor
                in_alias = True
                decoded += 1
            else:
                seen.add(id(current))
        decoded += 1
        if in_alias:
            aliased += 1
            if aliased > 100 and decoded > 1000 and aliased / decoded > _alias_ratio_allowed(decoded):
                mark = current.start_mark
                raise YamlLoadError("yaml: document contains excessive aliasing", mark.line + 1 if mark else 0)
        value = current.value
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in reversed(value):
                stack.append((value_node, in_alias))
                stack.append((key_node, in_alias))
        elif isinstance(current, yaml.SequenceNode):
            for item in reversed(value):
                stack.append((item, in_alias))


def _construct_checked(text: str) -> tuple[list[yaml.Node], list[Any]]:
    """Compose every document, refuse alias bombs, then construct."""
    loader = GoYamlLoader(text)
    try:
        nodes = []
        while loader.check_node():
            node = loader.get_node()
            check_aliasing(node)
            nodes.append(node)
        return nodes, [loader.construct_document(n) for n in nodes]
    finally:
        loader.dispose()


def load_single_checked(text: str) -> Any:
    """`yaml.load(text, GoYamlLoader)` (one document, raw PyYAML values) with the alias-bomb check:
    raises yaml.YAMLError like PyYAML, YamlLoadError for excessive aliasing."""
    loader = GoYamlLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_aliasing(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def go_yaml_load_all(text: str) -> list[Any]:
    """All documents of a YAML stream, Go-normalised. Raises YamlLoadError."""
    try:
        _nodes, docs = _construct_checked(text)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc) from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise YamlLoadError(f"yaml: {exc}") from None
    return [go_value(d) for d in docs]


def go_yaml_load(text: str) -> Any:
    """The first document of `text`, Go-normalised (None for an empty document)."""
    docs = go_yaml_load_all(text)
    return docs[0] if docs else None


def load_values_text(text: str) -> tuple[dict[str, Any], dict[str, int]]:
    """Helm's LoadValues: every document merged (later wins, maps deep-merged); plus, for each
    dotted key path (`a.b`, `list[0].c`), the 1-based line where it is written."""
    try:
        nodes, docs = _construct_checked(text)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc) from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise YamlLoadError(f"yaml: {exc}") from None
    merged: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for node, doc in zip(nodes, docs):
        if doc is None:
            continue
        if not isinstance(doc, dict):
            kind = "array" if isinstance(doc, list) else "string" if isinstance(doc, str) else "number"
            line = node.start_mark.line + 1
            raise YamlLoadError(
                f"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}",
                line,
            )
        merged = merge_maps(merged, go_value(doc))
        _record_lines(node, "", lines)
    return merged, lines


def _record_lines(node: yaml.Node, prefix: str, out: dict[str, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            if key_node.value == "<<":
                _record_lines(value_node, prefix, out)
                continue
            path = f"{prefix}.{key_node.value}" if prefix else key_node.value
            out[path] = key_node.start_mark.line + 1
            _record_lines(value_node, path, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            path = f"{prefix}[{i}]"
            out[path] = item.start_mark.line + 1
            _record_lines(item, path, out)


def merge_maps(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Helm's loader.MergeMaps: b wins; nested maps merged recursively (new dicts, inputs kept)."""
    out = dict(a)
    for key, value in b.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge_maps(out[key], value)
        else:
            out[key] = value
    return out


# ---------------------------------------------------------------------------------------------
# toYaml: json.Marshal + goyaml.v2 emitter
# ---------------------------------------------------------------------------------------------

BEST_WIDTH = 80


class YamlEncodeError(Exception):
    pass


def json_shape(value: Any) -> Any:
    """What `json.Marshal` then a YAML decode makes of a value: whole floats become ints."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise YamlEncodeError(f"json: unsupported value: {go_float(value)}")
        if value == int(value) and abs(value) < 1e21:
            return int(value)
        return float(value)
    if isinstance(value, dict):
        return {strval(k): json_shape(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_shape(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        import base64

        return base64.b64encode(bytes(value)).decode()
    shape = getattr(value, "to_go_json", None)
    if callable(shape):
        return json_shape(shape())
    return str(value)


def to_yaml(value: Any) -> str:
    """Helm's `toYaml` (empty string when the value cannot be marshalled)."""
    try:
        return to_yaml_strict(value)
    except (YamlEncodeError, RecursionError):
        return ""


def to_yaml_strict(value: Any) -> str:
    """Helm's `mustToYaml`: raises YamlEncodeError."""
    shaped = json_shape(value)
    out: list[str] = []
    _emit_document(shaped, out)
    text = "".join(out)
    return text[:-1] if text.endswith("\n") else text


natural_key = sort_key  # goyaml.v2 key order, shared with the Kustomize printer


_V2_BOOL = {
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
    "on", "On", "ON", "off", "Off", "OFF",
}
_V2_NULL = {"", "~", "null", "Null", "NULL"}
_V2_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_V2_INT = re.compile(r"^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*)$")
_V2_SPECIAL_FLOAT = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"}
_V2_TIMESTAMP = re.compile(
    r"^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d{1,2}(?::?\d{2})?))?)?$"
)
_BASE60 = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")


_GO_INT = re.compile(r"^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$")


def _go_parse_float_ok(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return "_" not in s and s.strip() == s and s.lower().lstrip("+-") not in ("infinity", "nan") or s.lower().lstrip("+-") in ("inf", "infinity", "nan")


def _resolves_to_non_string(s: str) -> bool:
    """goyaml.v2 resolve() (plus isBase60Float): would this plain scalar read back as something
    other than a string?"""
    if s in _V2_NULL or s in _V2_BOOL or s in _V2_SPECIAL_FLOAT or s == "<<":
        return True
    first = s[0]
    if first == ".":
        return _go_parse_float_ok(s)
    if first in "-+0123456789":
        if _V2_TIMESTAMP.match(s) or _BASE60.match(s):
            return True
        plain = s.replace("_", "")
        if _GO_INT.match(plain):
            return True
        if _V2_FLOAT.match(plain):
            return True
        if re.match(r"^[-+]?0b[01]+$", plain):
            return True
    return False


def _is_printable(ch: str) -> bool:
    o = ord(ch)
    return (
        o == 0x0A
        or 0x20 <= o <= 0x7E
        or 0xA0 <= o <= 0xD7FF
        or 0xE000 <= o <= 0xFFFD and o != 0xFEFF
    )


_BREAKS = "\r\n\u0085\u2028\u2029"


def _analyze(s: str) -> dict[str, bool]:
    """libyaml's yaml_emitter_analyze_scalar."""
    if not s:
        return {"multiline": False, "flow_plain": False, "block_plain": True, "single": True, "block": False}
    block_ind = flow_ind = line_breaks = special = False
    leading_space = leading_break = trailing_space = trailing_break = False
    break_space = space_break = False
    previous_space = previous_break = False
    if s.startswith("---") or s.startswith("..."):
        block_ind = flow_ind = True
    preceded_by_ws = True
    n = len(s)
    for i, ch in enumerate(s):
        followed_by_ws = i + 1 >= n or s[i + 1] in " \t\r\n\u0085\u2028\u2029"
        if i == 0:
            if ch in "#,[]{}&*!|>'\"%@`":
                flow_ind = block_ind = True
            elif ch in "?:":
                flow_ind = True
                if followed_by_ws:
                    block_ind = True
            elif ch == "-" and followed_by_ws:
                flow_ind = block_ind = True
        else:
            if ch in ",?[]{}":
                flow_ind = True
            elif ch == ":":
                flow_ind = True
                if followed_by_ws:
                    block_ind = True
            elif ch == "#" and preceded_by_ws:
                flow_ind = block_ind = True
        if not _is_printable(ch):
            special = True
        if ch == " ":
            if i == 0:
                leading_space = True
            if i == n - 1:
                trailing_space = True
            if previous_break:
                break_space = True
            previous_space, previous_break = True, False
        elif ch in _BREAKS:
            line_breaks = True
            if i == 0:
                leading_break = True
            if i == n - 1:
                trailing_break = True
            if previous_space:
                space_break = True
            previous_space, previous_break = False, True
        else:
            previous_space = previous_break = False
        preceded_by_ws = ch in " \t\r\n\u0085\u2028\u2029"
    flow_plain = block_plain = single = block = True
    if leading_space or leading_break or trailing_space or trailing_break:
        flow_plain = block_plain = False
    if trailing_space:
        block = False
    if break_space:
        flow_plain = block_plain = single = False
    if space_break or special:
        flow_plain = block_plain = single = block = False
    if line_breaks:
        flow_plain = block_plain = False
    if flow_ind:
        flow_plain = False
    if block_ind:
        block_plain = False
    return {"multiline": line_breaks, "flow_plain": flow_plain, "block_plain": block_plain, "single": single, "block": block}


class _Writer:
    """Minimal libyaml-like writer tracking the column for 80-column folding."""

    def __init__(self, out: list[str]) -> None:
        self.out = out
        self.column = 0

    def write(self, text: str) -> None:
        self.out.append(text)
        nl = text.rfind("\n")
        self.column = len(text) - nl - 1 if nl >= 0 else self.column + len(text)

    def newline_indent(self, indent: int) -> None:
        self.out.append("\n" + " " * indent)
        self.column = indent


def _scalar_style(s: str, simple_key: bool) -> str:
    plain_ok = not _resolves_to_non_string(s) if s else False
    if "\n" in s:
        style = "literal"
    elif plain_ok:
        style = "plain"
    else:
        style = "double"
    a = _analyze(s)
    if simple_key and a["multiline"]:
        return "double"
    if style == "plain":
        if not a["block_plain"]:
            style = "single"
        if not s and simple_key:
            style = "single"
    if style == "single" and not a["single"]:
        style = "double"
    if style == "literal" and (not a["block"] or simple_key):
        style = "double"
    return style


_ESCAPES = {
    "\0": "0", "\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r", "\x1b": "e",
    '"': '"', "\\": "\\", "\u0085": "N", "\u00a0": "_", "\u2028": "L", "\u2029": "P",
}


def _write_scalar(w: _Writer, s: str, indent: int, simple_key: bool) -> None:
    style = _scalar_style(s, simple_key)
    allow_breaks = not simple_key
    if style == "plain":
        spaces = False
        n = len(s)
        for i, ch in enumerate(s):
            if ch == " ":
                if allow_breaks and not spaces and w.column > BEST_WIDTH and i + 1 < n and s[i + 1] != " ":
                    w.newline_indent(indent)
                else:
                    w.write(ch)
                spaces = True
            else:
                w.write(ch)
                spaces = False
    elif style == "single":
        w.write("'")
        spaces = False
        n = len(s)
        for i, ch in enumerate(s):
            if ch == " ":
                if allow_breaks and not spaces and w.column > BEST_WIDTH and 0 < i < n - 1 and s[i + 1] != " ":
                    w.newline_indent(indent)
                else:
                    w.write(ch)
                spaces = True
            else:
                w.write("''" if ch == "'" else ch)
                spaces = False
        w.write("'")
    elif style == "double":
        w.write('"')
        spaces = False
        n = len(s)
        for i, ch in enumerate(s):
            if not _is_printable(ch) or ch == "\ufeff" or ch in _BREAKS or ch in '"\\':
                code = ord(ch)
                if ch in _ESCAPES:
                    w.write("\\" + _ESCAPES[ch])
                elif code <= 0xFF:
                    w.write(f"\\x{code:02X}")
                elif code <= 0xFFFF:
                    w.write(f"\\u{code:04X}")
                else:
                    w.write(f"\\U{code:08X}")
                spaces = False
            elif ch == " ":
                if allow_breaks and not spaces and w.column > BEST_WIDTH and 0 < i < n - 1:
                    w.newline_indent(indent)
                    if s[i + 1] == " ":
                        w.write("\\")
                else:
                    w.write(ch)
                spaces = True
            else:
                w.write(ch)
                spaces = False
        w.write('"')
    else:  # literal
        hints = ""
        if s[0] in " \n":
            hints += "2"
        if s[-1] != "\n":
            hints += "-"
        elif len(s) == 1 or s[-2] == "\n":
            hints += "+"
        w.write("|" + hints)
        w.write("\n")
        breaks = True
        for ch in s:
            if ch == "\n":
                w.write("\n")
                breaks = True
            else:
                if breaks:
                    w.write(" " * indent)
                w.write(ch)
                breaks = False
        # the literal leaves the cursor at column 0 after its last break, or mid-line
        if s.endswith("\n"):
            w.out[-1] = w.out[-1][:-1] if w.out[-1].endswith("\n") else w.out[-1]
            w.column = 0


def _scalar_text(value: Any) -> str | None:
    """Non-string scalars as goyaml.v2 writes them; None for strings and collections."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        if math.isnan(value):
            return ".nan"
        return go_float(value)
    return None


def _emit_value(w: _Writer, value: Any, indent: int) -> None:
    """Write a scalar or empty collection at the cursor (after `key: ` or `- `)."""
    text = _scalar_text(value)
    if text is not None:
        w.write(text)
    elif isinstance(value, str):
        _write_scalar(w, value, indent, simple_key=False)
    elif isinstance(value, dict):
        w.write("{}")
    else:
        w.write("[]")


def _is_block(value: Any) -> bool:
    return isinstance(value, (dict, list)) and len(value) > 0


def _emit_mapping(w: _Writer, mapping: dict, indent: int, inline_first: bool) -> None:
    for n, key in enumerate(sorted(mapping, key=natural_key)):
        if n > 0 or not inline_first:
            if w.out:
                w.write("\n")
            w.write(" " * indent)
        _write_scalar(w, key, indent + 2, simple_key=True)
        w.write(":")
        value = mapping[key]
        if isinstance(value, dict) and value:
            _emit_mapping(w, value, indent + 2, inline_first=False)
        elif isinstance(value, list) and value:
            _emit_sequence(w, value, indent, inline_first=False)
        else:
            w.write(" ")
            _emit_value(w, value, indent + 2)


def _emit_sequence(w: _Writer, items: list, indent: int, inline_first: bool) -> None:
    for n, item in enumerate(items):
        if n > 0 or not inline_first:
            if w.out:
                w.write("\n")
            w.write(" " * indent)
        w.write("-")
        if isinstance(item, dict) and item:
            w.write(" ")
            _emit_mapping(w, item, indent + 2, inline_first=True)
        elif isinstance(item, list) and item:
            w.write(" ")
            _emit_sequence(w, item, indent + 2, inline_first=True)
        else:
            w.write(" ")
            _emit_value(w, item, indent + 2)


def _emit_document(value: Any, out: list[str]) -> None:
    w = _Writer(out)
    if isinstance(value, dict) and value:
        _emit_mapping(w, value, 0, inline_first=True)
    elif isinstance(value, list) and value:
        _emit_sequence(w, value, 0, inline_first=True)
    else:
        _emit_value(w, value, 2)
    out.append("\n")


def to_toml(value: Any) -> str:
    """BurntSushi/toml-style encoding of a map (Helm's `toToml`); error text on failure."""
    if not isinstance(value, dict):
        return "toml: top-level values must be Go maps or structs"
    lines: list[str] = []
    _toml_table(value, [], lines)
    return "\n".join(lines) + ("\n" if lines else "")


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value == int(value) and abs(value) < 1e16:
            return f"{value:.1f}"
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_scalar(v)}" for k, v in sorted(value.items())) + "}"
    text = strval(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def _toml_table(table: dict, path: list[str], lines: list[str]) -> None:
    simple = [(k, v) for k, v in sorted(table.items()) if v is not None and not isinstance(v, dict)]
    nested = [(k, v) for k, v in sorted(table.items()) if isinstance(v, dict)]
    for key, val in simple:
        lines.append(f"{'  ' * max(len(path) - 0, 0) if False else ''}{_toml_key(key)} = {_toml_scalar(val)}")
    for key, val in nested:
        sub = path + [_toml_key(str(key))]
        if lines:
            lines.append("")
        lines.append("[" + ".".join(sub) + "]")
        _toml_table(val, sub, lines)
