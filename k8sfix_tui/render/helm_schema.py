"""Helm's values.schema.json check: the coalesced values of the chart and of every enabled subchart
are validated against that chart's own JSON Schema before any template runs.

    from k8sfix_tui.render.helm_schema import validate_values
    warnings = validate_values(chart, values, sources, helm_major=3, strict=True)   # raises RenderError

Where and how, as Helm 3.17 does it (pkg/chartutil/jsonschema.go, gojsonschema): after
CoalesceValues, the root chart is checked against its schema with the whole tree of values, then
each dependency (those left after conditions/tags) with `values[<name or alias>]`, recursively.
Failures are collected over the whole tree and reported as one error:

    values don't meet the specifications of the schema(s) in the following chart(s):
    mychart:
    - replicaCount: Invalid type. Expected: integer, given: string
    subchart:
    - (root): port is required

`helm_major=3` words each line like gojsonschema (`<field>: <description>`, `(root)` for the top,
dotted paths `image.tag`, array items `hosts.0`); `helm_major=4` like santhosh-tekuri/jsonschema v6,
which Helm 4 uses (`- at '/image/tag': got number, want string`): its error tree (a subschema
with several errors is one `validation failed` line with its causes indented below, a `$ref` with
one cause is not shown, every failing anyOf/oneOf branch is listed), missing and additional
properties grouped per object, type/const/enum/format failures ending the checks of that value.

Both validators are ours (no network, no code copied), over one compiled form of the schema.
Helm 3: gojsonschema's keyword semantics, its order (type first, then anyOf/oneOf/allOf/not/
dependencies/if, object or array keywords, const/enum/format, string or number keywords, then
properties in schema order), its scoring of the closest anyOf/oneOf branch, its format checkers,
and its drafts (`$schema` draft-04/06/07, else the permissive "hybrid" mode; 2019-09/2020-12-only
keywords are ignored, as gojsonschema does). Where Go iterates maps (additional and pattern
properties, dependencies; Helm 4's properties) the order here is sorted, so output is stable where
real helm's order varies from run to run.
Unusable schemas fail like Helm does, one line under the chart name: not JSON (Go's decoder
wording where it can be told), a keyword of the wrong form (`minimum must be of a number`...).
`$ref` works inside the file (`#/definitions/x`, `#/$defs/x`, `$id`s declared in the file); a
remote `$ref` (http/https/file) is never fetched: an error saying so when `strict`, otherwise
(analysis) that reference accepts anything and a warning is returned.

The RenderError carries `schema_file` (the first failing chart's values.schema.json), `violations`
(every `Violation`) and `location` = the values file:line that set the first offending key when
it is known (the user's -f file, or a values.yaml), else the schema file.
"""

from __future__ import annotations

import json
import math
import re
import urllib.parse
import warnings
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Callable, Iterable

from ..errors import RenderError

__all__ = ["SCHEMA_FILE", "Violation", "SchemaProblem", "CompiledSchema", "compile_schema", "check", "validate_values"]

SCHEMA_FILE = "values.schema.json"
HEADER = "values don't meet the specifications of the schema(s) in the following chart(s):"
MAX_DEPTH = 400  # $ref chains / nesting; gojsonschema would overflow Go's stack on `{"$ref": "#"}`
_CACHE_MAX = 64

_DRAFTS = {
    "http://json-schema.org/draft-04/schema": 4,
    "http://json-schema.org/draft-06/schema": 6,
    "http://json-schema.org/draft-07/schema": 7,
}
HYBRID = 1 << 31
_JSON_TYPES = ("array", "boolean", "integer", "number", "null", "object", "string")


class SchemaProblem(Exception):
    """The schema itself cannot be used (Helm fails the same way); `line` in the file when known."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Violation:
    """One failed keyword. `path` is inside the chart's own values; `key` the values key to blame
    (the missing or extra property itself for required/additionalProperties); `nest` the depth
    under a combinator (Helm 4 indents those)."""

    chart: str
    path: tuple
    message: str
    kind: str
    key: tuple
    nest: int = 0

    @property
    def field(self) -> str:
        """gojsonschema's Field(): `(root)`, or the dotted path without the root."""
        return ".".join(str(p) for p in self.path) if self.path else "(root)"

    @property
    def pointer(self) -> str:
        return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in self.path)

    def line(self, helm_major: int = 3) -> str:
        if helm_major >= 4:
            return "  " * self.nest + f"- at {_tekuri_quote(self.pointer)}: {self.message}"
        return f"- {self.field}: {self.message}"


# ---------------------------------------------------------------------------------------------
# Go-compatible printing of numbers and JSON
# ---------------------------------------------------------------------------------------------


def _rat(value: Any) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(repr(value)) if math.isfinite(value) else Fraction(0)
    if isinstance(value, Decimal):
        return Fraction(value) if value.is_finite() else Fraction(0)
    return Fraction(int(value))


def _digits(f: float) -> tuple[str, int, bool]:
    """Shortest round-trip digits of |f| and the decimal point position (Go's digs.d, digs.dp)."""
    d = Decimal(repr(abs(f))).normalize()
    sign, digits, exp = d.as_tuple()
    s = "".join(map(str, digits)).lstrip("0") or "0"
    if s == "0":
        return "0", 1, f < 0
    return s, len(digits) + int(exp), f < 0


def _fmt_e(s: str, dp: int, neg: bool, two_digit_exp: bool = True) -> str:
    mant = s[0] + ("." + s[1:] if len(s) > 1 else "")
    exp = dp - 1
    es = f"{abs(exp):02d}" if two_digit_exp else str(abs(exp))
    return ("-" if neg else "") + mant + "e" + ("-" if exp < 0 else "+") + es


def _fmt_f(s: str, dp: int, neg: bool) -> str:
    if dp <= 0:
        out = "0." + "0" * (-dp) + s
    elif dp >= len(s):
        out = s + "0" * (dp - len(s))
    else:
        out = s[:dp] + "." + s[dp:]
    return ("-" if neg else "") + out


def go_json_float(f: float) -> str:
    """encoding/json's float64: positional unless |f| < 1e-6 or >= 1e21 (then `1e+21`, `1e-7`)."""
    if f == 0:
        return "-0" if math.copysign(1, f) < 0 else "0"
    s, dp, neg = _digits(f)
    if abs(f) < 1e-6 or abs(f) >= 1e21:
        out = _fmt_e(s, dp, neg)
        return re.sub(r"e-0(\d)$", r"e-\1", out)
    return _fmt_f(s, dp, neg)


def go_v_float(f: float) -> str:
    """Go's shortest %g, which fmt's %v and big.Float's %v print: exponent form (`1e+06`) when the
    decimal exponent is < -4 or >= 6 (strconv's `eprec = 6` for the shortest precision)."""
    if f == 0:
        return "0"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    s, dp, neg = _digits(f)
    exp = dp - 1
    if exp < -4 or exp >= 6:
        return _fmt_e(s, dp, neg)
    return _fmt_f(s, dp, neg)


def _big_float_text(r: Fraction) -> str:
    """How gojsonschema's messages print a *big.Float (`{{.min}}` -> Format 'v' -> shortest %g)."""
    try:
        return go_v_float(float(r))
    except OverflowError:
        return "+Inf" if r > 0 else "-Inf"


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    return ",".join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


def tekuri_int(n: int) -> str:
    """golang.org/x/text/message's %d in English (santhosh-tekuri's messages): digit grouping."""
    return ("-" if n < 0 else "") + _group(str(abs(n)))


def tekuri_float(f: float) -> str:
    """golang.org/x/text/message's %v of a float64 in English: shortest digits, the %g choice of
    form (exponent when exp < -4 or >= 6), decimal form grouped (`65,535`), exponent form `1E6`."""
    if f == 0:
        return "0"
    if math.isinf(f):
        return "∞" if f > 0 else "-∞"
    s, dp, neg = _digits(f)
    sign = "-" if neg else ""
    exp = dp - 1
    if exp < -4 or exp >= 6:
        return sign + s[0] + ("." + s[1:] if len(s) > 1 else "") + "E" + str(exp)
    text = _fmt_f(s, dp, False)
    whole, _, frac = text.partition(".")
    return sign + _group(whole) + ("." + frac if frac else "")


def _json_str(s: str) -> str:
    out = json.dumps(s, ensure_ascii=False)
    return (out.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def canonical_json(value: Any) -> str:
    """gojsonschema's marshalWithoutNumber: JSON with every number as a float64, sorted keys."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _json_str(value)
    if isinstance(value, (int, float, Fraction, Decimal)):
        try:
            f = float(value)
        except OverflowError:
            return "null"
        return go_json_float(f) if math.isfinite(f) else "null"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_json_str(str(k))}:{canonical_json(value[k])}" for k in sorted(value, key=str)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(canonical_json(v) for v in value) + "]"
    return _json_str(str(value))


def _tekuri_quote(s: str) -> str:
    q = json.dumps(s, ensure_ascii=False)[1:-1].replace('\\"', '"').replace("'", "\\'")
    return "'" + q + "'"


def _tekuri_display(v: Any) -> str:
    if isinstance(v, str):
        return _tekuri_quote(v)
    if isinstance(v, (dict, list)):
        return "value"
    if v is None:
        return "<nil>"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, Decimal)):
        return str(v)  # the schema's json.Number, printed as written
    return go_v_float(float(v))


# ---------------------------------------------------------------------------------------------
# values -> JSON types (what yaml.Marshal + YAMLToJSON leave of Helm's values)
# ---------------------------------------------------------------------------------------------


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float, Fraction, Decimal)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "string"


def _is_int(value: Any) -> bool:
    return _rat(value).denominator == 1


def _check_finite(value: Any, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise SchemaProblem("values nested too deeply to validate")
    if isinstance(value, float) and not math.isfinite(value):
        raise SchemaProblem(f"json: unsupported value: {'NaN' if math.isnan(value) else ('+Inf' if value > 0 else '-Inf')}")
    if isinstance(value, dict):
        for v in value.values():
            _check_finite(v, depth + 1)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _check_finite(v, depth + 1)


# ---------------------------------------------------------------------------------------------
# compiling a schema document
# ---------------------------------------------------------------------------------------------


class _Node:
    """One compiled (sub)schema; attributes stay None when the keyword is absent."""

    __slots__ = (
        "passes", "ref", "ref_target", "types", "properties", "additional", "pattern_props", "property_names",
        "dependencies", "items", "items_single", "additional_items", "multiple_of", "minimum", "maximum",
        "exclusive_minimum", "exclusive_maximum", "min_length", "max_length", "pattern", "pattern_src", "format",
        "min_props", "max_props", "required", "min_items", "max_items", "unique", "contains", "const", "const_value",
        "enum", "enum_values", "one_of", "any_of", "all_of", "not_", "if_", "then", "else_",
    )

    def __init__(self) -> None:
        for name in self.__slots__:
            setattr(self, name, None)
        self.types = []
        self.properties = []
        self.required = []
        self.items_single = False


_PERL_CLASSES = {"d": "0-9", "s": "\\t\\n\\f\\r ", "w": "0-9A-Za-z_"}
_POSIX_CLASSES = {
    "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "ascii": "\\x00-\\x7f", "blank": "\\t ", "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9", "graph": "!-~", "lower": "a-z", "print": " -~", "punct": "!-/:-@[-`{-~", "space": "\\t\\n\\v\\f\\r ",
    "upper": "A-Z", "word": "0-9A-Za-z_", "xdigit": "0-9A-Fa-f",
}


class _Unsupported(Exception):
    """RE2 syntax Python's re cannot express here; the pattern is then not checked."""


def _translate_re2(src: str) -> str:
    """RE2 -> Python re: ASCII \\d \\s \\w (RE2's are ASCII), POSIX classes, \\Q..\\E, \\z, `$` as
    end of text, `(?<name>`, inline flags in mid-pattern scoped to their group. Raises ValueError
    for what RE2 refuses (lookaround, backreferences), _Unsupported for what re cannot do."""
    out: list[str] = []
    i, n = 0, len(src)
    in_class = False
    multiline = False
    closers: list[int] = [0]  # per open group: how many scoped-flag groups to close with it
    while i < n:
        c = src[i]
        if c == "\\" and i + 1 < n:
            e = src[i + 1]
            if e in "1234567890" and e != "0":
                raise ValueError("backreference")
            if e == "Q":
                j = src.find("\\E", i + 2)
                lit = src[i + 2:] if j < 0 else src[i + 2:j]
                out.append("".join("\\" + ch if not ch.isalnum() else ch for ch in lit))
                i = n if j < 0 else j + 2
                continue
            if e.lower() in _PERL_CLASSES:
                body = _PERL_CLASSES[e.lower()]
                if in_class:
                    if e.isupper():
                        raise _Unsupported("negated class inside a class")
                    out.append(body)
                else:
                    out.append(("[^" if e.isupper() else "[") + body + "]")
                i += 2
                continue
            if e in "pP":
                m = re.match(r"[pP](?:\{(\^?)(\w+)\}|(\w))", src[i + 1:])
                name = (m.group(2) or m.group(3)) if m else ""
                negate = (e == "P") != bool(m and m.group(1))
                if name != "L" or in_class:
                    raise _Unsupported("unicode class")
                out.append("[\\W\\d_]" if negate else "[^\\W\\d_]")
                i += 1 + m.end()
                continue
            if e == "x" and src.startswith("{", i + 2):
                m = re.match(r"\{([0-9A-Fa-f]{1,6})\}", src[i + 2:])
                if not m or int(m.group(1), 16) > 0x10FFFF:
                    raise ValueError("bad escape")
                out.append(f"\\U{int(m.group(1), 16):08x}")
                i += 2 + m.end()
                continue
            out.append("\\Z" if e == "z" else src[i:i + 2])
            i += 2
            continue
        if in_class:
            if c == "[" and src.startswith("[:", i):
                j = src.find(":]", i + 2)
                name = src[i + 2:j] if j > 0 else ""
                neg = name.startswith("^")
                body = _POSIX_CLASSES.get(name.lstrip("^"))
                if body is None or neg:
                    raise _Unsupported("posix class")
                out.append(body)
                i = j + 2
                continue
            if c == "]" and not (out and out[-1] in ("[", "[^")):
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            if src.startswith("[^", i):
                out.append("[^")
                i += 2
            else:
                out.append("[")
                i += 1
            if i < n and src[i] == "]":
                out.append("\\]")
                i += 1
            continue
        if c == "(":
            if src.startswith("(?=", i) or src.startswith("(?!", i) or src.startswith("(?<=", i) or src.startswith("(?<!", i):
                raise ValueError("lookaround")
            m = re.match(r"\(\?([imsU-]+)\)", src[i:])
            if m:
                flags = m.group(1)
                if "U" in flags:
                    raise _Unsupported("ungreedy flag")
                if "m" in flags.split("-")[0]:
                    multiline = True
                out.append(f"(?{flags}:")
                closers[-1] += 1
                i += m.end()
                continue
            closers.append(0)
            if src.startswith("(?<", i) and not src.startswith("(?<=", i) and not src.startswith("(?<!", i):
                out.append("(?P<")
                i += 3
                continue
            out.append(c)
            i += 1
            continue
        if c == ")":
            out.append(")" * closers.pop() if len(closers) > 1 else "")
            if not closers:
                closers.append(0)
            out.append(")")
            i += 1
            continue
        if c == "$" and not multiline:
            out.append("\\Z")
            i += 1
            continue
        out.append(c)
        i += 1
    out.append(")" * closers[0] if closers else "")
    return "".join(out)


def _go_regex(src: str) -> re.Pattern[str] | None:
    """Compile an RE2 pattern with Python's re (translated, see _translate_re2). ValueError for
    patterns RE2 refuses; None when only Python cannot read it (the pattern is then not checked)."""
    try:
        py = _translate_re2(src)
    except _Unsupported:
        return None
    try:
        with warnings.catch_warnings():  # re's FutureWarnings about nested sets mean nothing in RE2
            warnings.simplefilter("ignore")
            return re.compile(py)
    except (re.error, RecursionError, OverflowError):
        raise ValueError("invalid") from None


@dataclass
class CompiledSchema:
    root: _Node
    warnings: list[str] = field(default_factory=list)


class _Compiler:
    def __init__(self, doc: Any, strict: bool) -> None:
        self.doc = doc
        self.strict = strict
        self.warnings: list[str] = []
        self.by_id: dict[str, Any] = {}
        self.compiled: dict[int, _Node] = {}
        self.pending: list[tuple[_Node, str, int]] = []  # (node, absolute ref, draft)
        self.k8s_dir: str | None = None  # bundled Kubernetes schemas chosen for remote k8s $refs

    # ids -------------------------------------------------------------------------------------

    def collect_ids(self, node: Any, base: str, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            raise SchemaProblem("schema nested too deeply")
        if isinstance(node, dict):
            for key in ("$id", "id"):
                ident = node.get(key)
                if isinstance(ident, str) and ident and not ident.startswith("#"):
                    base = urllib.parse.urljoin(base, ident) if base else ident
                    self.by_id.setdefault(base.split("#", 1)[0], node)
                elif isinstance(ident, str) and ident.startswith("#") and len(ident) > 1:
                    self.by_id.setdefault(base.split("#", 1)[0] + ident, node)
            for key, value in node.items():
                if key in ("enum", "const", "default", "examples"):
                    continue
                self.collect_ids(value, base, depth + 1)
        elif isinstance(node, list):
            for value in node:
                self.collect_ids(value, base, depth + 1)

    # parse -----------------------------------------------------------------------------------

    def compile(self, node: Any, draft: int, base: str, depth: int = 0) -> _Node:
        if depth > MAX_DEPTH:
            raise SchemaProblem("schema nested too deeply")
        key = id(node)
        if key in self.compiled:
            return self.compiled[key]
        out = _Node()
        self.compiled[key] = out
        if isinstance(node, bool) and draft >= 6:
            out.passes = node
            return out
        if not isinstance(node, dict):
            raise SchemaProblem("Expected: valid schema, given: Invalid JSON")
        m = node
        id_key = "id" if draft == 4 else ("id" if draft == HYBRID and "id" in m else "$id")
        if id_key in m:
            if not isinstance(m[id_key], str):
                raise SchemaProblem(f"Invalid type. Expected: string, given: {id_key}")
            if not m[id_key].startswith("#"):
                base = urllib.parse.urljoin(base, m[id_key]) if base else m[id_key]
        if "definitions" in m:
            defs = m["definitions"]
            if not isinstance(defs, dict):
                raise SchemaProblem("Invalid type. Expected: array of schemas, given: definitions")
            for dv in defs.values():
                if not isinstance(dv, (dict, bool)):
                    raise SchemaProblem("Invalid type. Expected: array of schemas, given: definitions")
                self.compile(dv, draft, base, depth + 1)
        if isinstance(m.get("$defs"), dict):
            for dv in m["$defs"].values():
                if isinstance(dv, (dict, bool)):
                    self.compile(dv, draft, base, depth + 1)
        for word in ("title", "description"):
            if word in m and not isinstance(m[word], str):
                raise SchemaProblem(f"Invalid type. Expected: string, given: {word}")
        if "$ref" in m:
            if not isinstance(m["$ref"], str):
                raise SchemaProblem("Invalid type. Expected: string, given: $ref")
            out.ref = m["$ref"]
            self.pending.append((out, _join(base, m["$ref"]), draft))
            return out  # gojsonschema ignores every sibling of $ref
        self._types(m, out)
        self._object(m, out, draft, base, depth)
        self._array(m, out, draft, base, depth)
        self._numbers(m, out, draft)
        self._strings(m, out)
        self._misc(m, out, draft, base, depth)
        return out

    def _types(self, m: dict, out: _Node) -> None:
        if "type" not in m:
            return
        t = m["type"]
        names = [t] if isinstance(t, str) else t if isinstance(t, list) else None
        if names is None or not all(isinstance(x, str) for x in names):
            raise SchemaProblem("Invalid type. Expected: string/array of strings, given: type")
        for name in names:
            if name not in _JSON_TYPES:
                raise SchemaProblem(
                    f"has a primitive type that is NOT VALID -- given: /{name}/ Expected valid values are:[{' '.join(_JSON_TYPES)}]")
            if name in out.types:
                raise SchemaProblem(f"{name} type is duplicated")
            out.types.append(name)

    def _object(self, m: dict, out: _Node, draft: int, base: str, depth: int) -> None:
        if "properties" in m:
            props = m["properties"]
            if not isinstance(props, dict):
                raise SchemaProblem("properties must be of type object")
            for name, sub in props.items():
                out.properties.append((name, self.compile(sub, draft, base, depth + 1)))
        if "additionalProperties" in m:
            ap = m["additionalProperties"]
            if isinstance(ap, bool):
                out.additional = ap
            elif isinstance(ap, dict):
                out.additional = self.compile(ap, draft, base, depth + 1)
            else:
                raise SchemaProblem("Invalid type. Expected: boolean/valid schema, given: additionalProperties")
        if "patternProperties" in m:
            pp = m["patternProperties"]
            if not isinstance(pp, dict):
                raise SchemaProblem("Invalid type. Expected: valid schema, given: patternProperties")
            out.pattern_props = []
            for pat, sub in pp.items():
                try:
                    rx = _go_regex(pat)
                except ValueError:
                    raise SchemaProblem(f"Invalid regex pattern '{pat}'") from None
                out.pattern_props.append((rx, self.compile(sub, draft, base, depth + 1)))
        if "propertyNames" in m and draft >= 6:
            pn = m["propertyNames"]
            if not isinstance(pn, (dict, bool)):
                raise SchemaProblem("Invalid type. Expected: valid schema, given: patternProperties")
            out.property_names = self.compile(pn, draft, base, depth + 1)
        if "dependencies" in m:
            deps = m["dependencies"]
            if not isinstance(deps, dict):
                raise SchemaProblem("dependencies must be of type object")
            out.dependencies = {}
            for name, dep in deps.items():
                if isinstance(dep, list):
                    if not all(isinstance(x, str) for x in dep):
                        raise SchemaProblem("dependency must be of type schema or array of strings")
                    out.dependencies[name] = list(dep)
                elif isinstance(dep, (dict, bool)):
                    out.dependencies[name] = self.compile(dep, draft, base, depth + 1)
                else:
                    raise SchemaProblem("dependency must be of type schema or array of strings")

    def _array(self, m: dict, out: _Node, draft: int, base: str, depth: int) -> None:
        if "items" in m:
            items = m["items"]
            if isinstance(items, list):
                out.items = []
                for it in items:
                    if not isinstance(it, (dict, bool)):
                        raise SchemaProblem("Invalid type. Expected: valid schema/array of schemas, given: items")
                    out.items.append(self.compile(it, draft, base, depth + 1))
            elif isinstance(items, (dict, bool)):
                out.items = [self.compile(items, draft, base, depth + 1)]
                out.items_single = True
            else:
                raise SchemaProblem("Invalid type. Expected: valid schema/array of schemas, given: items")
        if "additionalItems" in m:
            ai = m["additionalItems"]
            if isinstance(ai, bool):
                out.additional_items = ai
            elif isinstance(ai, dict):
                out.additional_items = self.compile(ai, draft, base, depth + 1)
            else:
                raise SchemaProblem("Invalid type. Expected: boolean/valid schema, given: additionalItems")

    def _numbers(self, m: dict, out: _Node, draft: int) -> None:
        if "multipleOf" in m:
            v = _number(m["multipleOf"])
            if v is None:
                raise SchemaProblem("Invalid type. Expected: number, given: multipleOf")
            if v <= 0:
                raise SchemaProblem("multipleOf must be strictly greater than 0")
            out.multiple_of = v
        for word, attr, ex_word, ex_attr in (("minimum", "minimum", "exclusiveMinimum", "exclusive_minimum"),
                                            ("maximum", "maximum", "exclusiveMaximum", "exclusive_maximum")):
            if word in m:
                v = _number(m[word])
                if v is None:
                    raise SchemaProblem(f"{word} must be of a number")
                setattr(out, attr, v)
            if ex_word in m:
                ex = m[ex_word]
                if isinstance(ex, bool) and draft in (4, HYBRID):
                    if getattr(out, attr) is None:
                        raise SchemaProblem(f"{ex_word} cannot be used without {word}")
                    if ex:
                        setattr(out, ex_attr, getattr(out, attr))
                        setattr(out, attr, None)
                elif _number(ex) is not None and draft != 4:
                    setattr(out, ex_attr, _number(ex))
                else:
                    want = "boolean" if draft == 4 else "boolean/number" if draft == HYBRID else "number"
                    raise SchemaProblem(f"Invalid type. Expected: {want}, given: {ex_word}")

    def _strings(self, m: dict, out: _Node) -> None:
        for word, attr in (("minLength", "min_length"), ("maxLength", "max_length")):
            if word in m:
                setattr(out, attr, _non_negative(m[word], word))
        if out.min_length is not None and out.max_length is not None and out.min_length > out.max_length:
            raise SchemaProblem("minLength cannot be greater than maxLength")
        if "pattern" in m:
            if not isinstance(m["pattern"], str):
                raise SchemaProblem("pattern must be of a string")
            try:
                out.pattern = _go_regex(m["pattern"])
            except ValueError:
                raise SchemaProblem("pattern must be a valid regex") from None
            out.pattern_src = m["pattern"]
        if "format" in m:
            if not isinstance(m["format"], str):
                raise SchemaProblem("format must be of type string")
            out.format = m["format"]

    def _misc(self, m: dict, out: _Node, draft: int, base: str, depth: int) -> None:
        for word, attr in (("minProperties", "min_props"), ("maxProperties", "max_props")):
            if word in m:
                setattr(out, attr, _non_negative(m[word], word))
        if out.min_props is not None and out.max_props is not None and out.min_props > out.max_props:
            raise SchemaProblem("minProperties cannot be greater than maxProperties")
        if "required" in m:
            req = m["required"]
            if not isinstance(req, list):
                raise SchemaProblem("required must be of an array")
            for r in req:
                if not isinstance(r, str):
                    raise SchemaProblem("required items must be string")
                if r in out.required:
                    raise SchemaProblem("required items must be unique")
                out.required.append(r)
        for word, attr in (("minItems", "min_items"), ("maxItems", "max_items")):
            if word in m:
                setattr(out, attr, _non_negative(m[word], word))
        if "uniqueItems" in m:
            if not isinstance(m["uniqueItems"], bool):
                raise SchemaProblem("uniqueItems must be of a boolean")
            out.unique = m["uniqueItems"]
        if "contains" in m and draft >= 6:
            out.contains = self.compile(m["contains"], draft, base, depth + 1)
        if "const" in m and draft >= 6:
            out.const = canonical_json(m["const"])
            out.const_value = m["const"]
        if "enum" in m:
            if not isinstance(m["enum"], list):
                raise SchemaProblem("enum must be of an array")
            out.enum, out.enum_values = [], []
            for v in m["enum"]:
                c = canonical_json(v)
                if c in out.enum:
                    raise SchemaProblem("enum items must be unique")
                out.enum.append(c)
                out.enum_values.append(v)
        for word, attr in (("oneOf", "one_of"), ("anyOf", "any_of"), ("allOf", "all_of")):
            if word in m:
                if not isinstance(m[word], list):
                    raise SchemaProblem(f"{'anyOf' if word == 'allOf' else word} must be of an array")
                setattr(out, attr, [self.compile(v, draft, base, depth + 1) for v in m[word]])
        if "not" in m:
            if not isinstance(m["not"], (dict, bool)):
                raise SchemaProblem("not must be of an object")
            out.not_ = self.compile(m["not"], draft, base, depth + 1)
        if draft >= 7:
            for word, attr in (("if", "if_"), ("then", "then"), ("else", "else_")):
                if word in m:
                    if not isinstance(m[word], (dict, bool)):
                        raise SchemaProblem(f"{word} must be of an object")
                    setattr(out, attr, self.compile(m[word], draft, base, depth + 1))

    # references ------------------------------------------------------------------------------

    def resolve_refs(self) -> None:
        done = 0
        while done < len(self.pending):
            node, ref, draft = self.pending[done]
            done += 1
            target = self._lookup(ref)
            if target is _REMOTE:
                scheme = urllib.parse.urlsplit(ref).scheme or "file"
                what = f'$ref "{node.ref}" points to a remote schema ({scheme}), which k8sfix does not fetch (offline)'
                if self.strict:
                    raise SchemaProblem(what)
                self.warnings.append(what + ": that reference accepts any value")
                node.ref_target = _ANY
                continue
            if target is None:
                raise SchemaProblem(f'$ref "{node.ref}" cannot be resolved in the schema file')
            if not isinstance(target, (dict, bool)):
                raise SchemaProblem("valid schema must be of type object")
            doc_url = ref.partition("#")[0]
            node.ref_target = self.compile(target, draft if not isinstance(target, dict) else _draft_of(target, draft),
                                           doc_url, 0)

    def _lookup(self, ref: str) -> Any:
        url, _, frag = ref.partition("#")
        doc: Any
        if url in self.by_id:
            doc = self.by_id[url]
        elif ref in self.by_id:
            return self.by_id[ref]
        elif url == "":
            doc = self.doc
        else:
            doc = self._kubernetes(url)
            if doc is None:
                return _REMOTE
            self.by_id[url] = doc
        if not frag:
            return doc
        if not frag.startswith("/"):
            return self.by_id.get("#" + frag)
        cur = doc
        for i, raw in enumerate(frag[1:].split("/")):
            part = urllib.parse.unquote(raw).replace("~1", "/").replace("~0", "~")
            if i == 0 and part == "definitions" and isinstance(cur, dict) and part not in cur and "$defs" in cur:
                part = "$defs"  # kubernetesjsonschema.dev's `definitions` are `$defs` in the bundled copy
            if isinstance(cur, dict) and part in cur:
                cur = cur[part]
            elif isinstance(cur, list) and part.isdigit() and int(part) < len(cur):
                cur = cur[int(part)]
            else:
                return None
        return cur


    def _kubernetes(self, url: str) -> Any:
        """A remote Kubernetes JSON schema (kubernetesjsonschema.dev, yannh/instrumenta
        kubernetes-json-schema, kubernetes.io ids) read from kubernetes-validate's bundled copy:
        the same definitions, no network. None for any other URL."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return None
        host, path = parts.netloc.lower(), parts.path
        if not ("kubernetesjsonschema" in host or host.endswith("kubernetes.io") or "kubernetes-json-schema" in path):
            return None
        if self.k8s_dir is None:  # one bundled version per schema file: the first versioned URL's
            m = re.search(r"/v?1\.(\d+)\.\d+", path)
            self.k8s_dir = _kubernetes_dir(int(m.group(1)) if m else None, "strict" in path)
        if self.k8s_dir is None:
            return None
        name = path.rstrip("/").rsplit("/", 1)[-1]
        if host.endswith("kubernetes.io") and not name.endswith(".json"):
            segs = [x for x in path.split("/") if x]  # /api/affinity/v1 -> affinity-v1.json
            name = "-".join(segs[1:]) + ".json" if len(segs) >= 2 else name
        return _read_bundled(self.k8s_dir, name)


def _kubernetes_dir(minor: int | None, strict: bool) -> str | None:
    try:
        import importlib.resources as resources

        base = resources.files("kubernetes_validate") / "kubernetes-json-schema"
        names = sorted(p.name for p in base.iterdir() if p.name.startswith("v1."))
    except (ImportError, ModuleNotFoundError, OSError, TypeError):
        return None
    suffix = "-local-strict" if strict else "-local"
    versions = sorted(int(n.split(".")[1]) for n in names if n.endswith(suffix) and n.count(".") >= 2)
    if not versions:
        return None
    pick = versions[-1] if minor is None else min(versions, key=lambda v: (abs(v - minor), -v))
    return str(base / f"v1.{pick}.0{suffix}")


_BUNDLED: dict[tuple[str, str], Any] = {}


def _read_bundled(directory: str, name: str) -> Any:
    if "/" in name or "\\" in name or not name.endswith(".json"):
        return None
    key = (directory, name)
    if key not in _BUNDLED:
        try:
            with open(f"{directory}/{name}", encoding="utf-8") as fh:
                _BUNDLED[key] = json.load(fh, parse_float=Decimal)
        except (OSError, ValueError):
            _BUNDLED[key] = None
        if len(_BUNDLED) > 32:
            _BUNDLED.pop(next(iter(_BUNDLED)))
    return _BUNDLED[key]


_REMOTE = object()
_ANY = _Node()
_ANY.passes = True


def _draft_of(node: dict, default: int) -> int:
    s = node.get("$schema")
    if isinstance(s, str):
        return _DRAFTS.get(s.split("#", 1)[0].rstrip("/"), default if s == "" else HYBRID)
    return default


def _join(base: str, ref: str) -> str:
    if not base:
        return ref
    if ref.startswith("#"):
        return base.split("#", 1)[0] + ref
    try:
        return urllib.parse.urljoin(base, ref)
    except ValueError:
        return ref


def _number(value: Any) -> Fraction | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    try:
        return _rat(value)
    except (ValueError, OverflowError, InvalidOperation):
        return None


def _non_negative(value: Any, word: str) -> int:
    n = _number(value)
    if n is None or n.denominator != 1:
        raise SchemaProblem(f"{word} must be of an integer")
    if n < 0:
        raise SchemaProblem(f"{word} must be greater than or equal to 0")
    return int(n)


_GO_JSON_ERRORS = (
    ("Expecting property name enclosed in double quotes", "invalid character {c} looking for beginning of object key string"),
    ("Expecting value", "invalid character {c} looking for beginning of value"),
    ("Expecting ':' delimiter", "invalid character {c} after object key"),
    ("Expecting ',' delimiter", "invalid character {c} after {where}"),
    ("Invalid control character", "invalid character {c} in string literal"),
    ("Invalid \\escape", "invalid character {c} in string escape code"),
)


def _go_char(c: str) -> str:
    if c == "'":
        return "'\\''"
    if c == '"':
        return "'\"'"
    if c.isprintable():
        return f"'{c}'"
    return "'" + json.dumps(c)[1:-1] + "'"


def parse_json(text: str) -> Any:
    """Decode like Go's json.Decoder (UseNumber): the first JSON value; trailing data ignored.
    Numbers are kept exact (Decimal); errors worded like Go's where they can be told."""
    stripped = text.lstrip(" \t\r\n")
    if not stripped:
        raise SchemaProblem("EOF", 1)
    decoder = json.JSONDecoder(parse_float=Decimal, parse_constant=_no_constant)
    try:
        value, _end = decoder.raw_decode(stripped)
    except json.JSONDecodeError as exc:
        line = exc.lineno + text[: len(text) - len(stripped)].count("\n")
        if exc.pos >= len(stripped) or (exc.msg.startswith("Unterminated string")):
            raise SchemaProblem("unexpected EOF", line) from None
        c = _go_char(stripped[exc.pos])
        for py, go in _GO_JSON_ERRORS:
            if exc.msg.startswith(py):
                where = "array element" if _in_array(stripped, exc.pos) else "object key:value pair"
                raise SchemaProblem(go.format(c=c, where=where), line) from None
        raise SchemaProblem(f"{exc.msg} (line {exc.lineno} column {exc.colno})", line) from None
    except (ValueError, RecursionError) as exc:
        raise SchemaProblem(str(exc) or "invalid JSON", 0) from None
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"invalid character '{name[0]}' looking for beginning of value")


def _in_array(text: str, pos: int) -> bool:
    depth = []
    in_str = esc = False
    for ch in text[:pos]:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth.append(ch)
        elif ch in "]}" and depth:
            depth.pop()
    return bool(depth) and depth[-1] == "["


_COMPILED: dict[tuple[bytes, bool], CompiledSchema | SchemaProblem] = {}


def compile_schema(data: bytes | str, strict: bool = True) -> CompiledSchema:
    """Parse and compile a values.schema.json (cached by content). Raises SchemaProblem."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    key = (raw, strict)
    hit = _COMPILED.get(key)
    if hit is None:
        try:
            hit = _compile(raw.decode("utf-8", "replace"), strict)
        except SchemaProblem as exc:
            hit = exc
        except RecursionError:
            hit = SchemaProblem("schema nested too deeply")
        if len(_COMPILED) >= _CACHE_MAX:
            _COMPILED.clear()
        _COMPILED[key] = hit
    if isinstance(hit, SchemaProblem):
        raise hit
    return hit


def _compile(text: str, strict: bool) -> CompiledSchema:
    doc = parse_json(text.lstrip("\ufeff"))
    if isinstance(doc, bool):
        root = _Node()
        root.passes = doc
        return CompiledSchema(root)
    if not isinstance(doc, dict):
        raise SchemaProblem("schema is invalid")
    if "$schema" in doc and not isinstance(doc["$schema"], str):
        raise SchemaProblem("$schema must be of type string")
    draft = _draft_of(doc, HYBRID)
    comp = _Compiler(doc, strict)
    root_id = doc.get("$id") if draft != 4 else doc.get("id")
    base = root_id if isinstance(root_id, str) and not root_id.startswith("#") else ""
    comp.collect_ids(doc, base)
    if base:
        comp.by_id.setdefault(base.split("#", 1)[0], doc)
    comp.by_id.setdefault("", doc)
    root = comp.compile(doc, draft, base)
    comp.resolve_refs()
    return CompiledSchema(root, comp.warnings)


# ---------------------------------------------------------------------------------------------
# validation (gojsonschema's walk and scoring)
# ---------------------------------------------------------------------------------------------


@dataclass
class _Err:
    path: tuple
    kind: str
    details: dict
    key: tuple
    nest: int = 0
    causes: list = field(default_factory=list)  # Helm 4 only: the error tree


class _Result:
    __slots__ = ("errors", "score")

    def __init__(self) -> None:
        self.errors: list[_Err] = []
        self.score = 0

    def add(self, kind: str, path: tuple, key: tuple | None = None, **details: Any) -> None:
        self.errors.append(_Err(path, kind, details, path if key is None else key))
        self.score -= 2

    def merge(self, other: "_Result", nest: int = 0) -> None:
        if nest:
            for e in other.errors:
                e.nest += nest
        self.errors.extend(other.errors)
        self.score += other.score

    def valid(self) -> bool:
        return not self.errors


_FORMATS: dict[str, Callable[[str], bool]] = {}


def _format_ok(fmt: str, value: Any) -> bool:
    if not isinstance(value, str):
        return True
    check = _FORMATS.get(fmt)
    return True if check is None else check(value)


def _ip(s: str, version: int) -> bool:
    """net.ParseIP (no zones) plus gojsonschema's `.`/`:` test."""
    import ipaddress

    if "%" in s or ("." if version == 4 else ":") not in s:
        return False
    try:
        ipaddress.ip_address(s)
        return True
    except ValueError:
        return False


_HOST = re.compile(r"^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9])(\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]))*$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIME = re.compile(r"^(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


def _date_ok(s: str) -> bool:
    import datetime

    m = _DATE.match(s)
    if not m:
        return False
    try:
        datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return True
    except ValueError:
        return False


def _time_ok(s: str, zone: str = "optional") -> bool:
    m = _TIME.match(s)
    if not m or (zone == "required" and not m.group(5)):
        return False
    hh, mm, ss = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if m.group(5) and m.group(5) != "Z":
        zh, zm = int(m.group(5)[1:3]), int(m.group(5)[4:6])
        if zh > 23 or zm > 59:
            return False
    return hh <= 23 and mm <= 59 and ss <= 59


def _date_time_ok(s: str) -> bool:
    """gojsonschema accepts a time, a date, or RFC 3339 (`T` separator, zone required)."""
    if _time_ok(s) or _date_ok(s):
        return True
    date, sep, rest = s.partition("T")
    return bool(sep) and _date_ok(date) and _time_ok(rest, "required")


_FORMATS.update({
    "ipv4": lambda s: _ip(s, 4),
    "ipv6": lambda s: _ip(s, 6),
    "hostname": lambda s: bool(_HOST.match(s)) and len(s) < 256,
    "date-time": _date_time_ok,
    "date": _date_ok,
    "time": _time_ok,
    "email": lambda s: bool(re.match(r"^(?:[^<>@\s]+@[^<>@\s]+|[^<>]*<[^<>@\s]+@[^<>@\s]+>)$", s.strip())),
    "idn-email": lambda s: bool(re.match(r"^(?:[^<>@\s]+@[^<>@\s]+|[^<>]*<[^<>@\s]+@[^<>@\s]+>)$", s.strip())),
    "uuid": lambda s: bool(_UUID.match(s)),
    "uri": lambda s: bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", s)) and "\\" not in s and not re.search(r"[\x00-\x20\x7f]", s),
    "iri": lambda s: bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", s)) and "\\" not in s and not re.search(r"[\x00-\x20\x7f]", s),
    "uri-reference": lambda s: "\\" not in s and not re.search(r"[\x00-\x20\x7f]", s),
    "iri-reference": lambda s: "\\" not in s and not re.search(r"[\x00-\x20\x7f]", s),
    "json-pointer": lambda s: bool(re.match(r"^(?:/(?:[^~/]|~0|~1)*)*$", s)),
    "relative-json-pointer": lambda s: bool(re.match(r"^(?:0|[1-9][0-9]*)(?:#|(?:/(?:[^~/]|~0|~1)*)*)$", s)),
    "regex": lambda s: s == "" or _regex_ok(s),
})


def _regex_ok(s: str) -> bool:
    try:
        _go_regex(s)
        return True
    except ValueError:
        return False


class _Validator:
    """gojsonschema's validateRecursive: flat errors, scores for the closest anyOf/oneOf branch."""

    def run(self, node: _Node, value: Any) -> list[_Err]:
        result = _Result()
        self.recurse(node, value, result, (), 0)
        return result.errors

    def sub(self, node: _Node, value: Any, path: tuple, depth: int) -> _Result:
        result = _Result()
        self.recurse(node, value, result, path, depth)
        return result

    def recurse(self, node: _Node, value: Any, result: _Result, path: tuple, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise SchemaProblem("schema $ref recursion too deep while validating")
        if node.passes is not None:
            if not node.passes:
                result.add("false", path)
            return
        if node.ref is not None:
            self.recurse(node.ref_target or _ANY, value, result, path, depth + 1)
            return
        jt = json_type(value)
        if node.types:
            if jt == "number":
                ok = "number" in node.types or (_is_int(value) and "integer" in node.types)
                given = "integer" if _is_int(value) else "number"
            else:
                ok = jt in node.types
                given = jt
            if not ok:
                result.add("type", path, expected=node.types, given=given)
                return
        self.schema_keywords(node, value, result, path, depth)
        if jt == "object":
            self.object_keywords(node, value, result, path, depth)
            self.common(node, value, result, path)
            for name, child in node.properties:
                if name in value:
                    self.recurse(child, value[name], result, path + (name,), depth + 1)
        elif jt == "array":
            self.array_keywords(node, value, result, path, depth)
            self.common(node, value, result, path)
        elif jt == "null" or jt == "boolean":
            self.common(node, value, result, path)
        elif jt == "number":
            self.number_keywords(node, value, result, path)
            self.common(node, value, result, path)
        else:
            self.common(node, value, result, path)
            self.string_keywords(node, value if isinstance(value, str) else str(value), result, path)
        result.score += 1

    # keywords --------------------------------------------------------------------------------

    def schema_keywords(self, node: _Node, value: Any, result: _Result, path: tuple, depth: int) -> None:
        if node.any_of:
            best: _Result | None = None
            for branch in node.any_of:
                r = self.sub(branch, value, path, depth + 1)
                if r.valid():
                    best = None
                    break
                if best is None or r.score > best.score:
                    best = r
            else:
                result.add("anyOf", path)
                if best is not None:
                    result.merge(best, 1)
        if node.one_of:
            matched: list[int] = []
            best = None
            for i, branch in enumerate(node.one_of):
                r = self.sub(branch, value, path, depth + 1)
                if r.valid():
                    matched.append(i)
                elif not matched and (best is None or r.score > best.score):
                    best = r
            if len(matched) != 1:
                result.add("oneOf", path, matched=matched[:2])
                if not matched and best is not None:
                    result.merge(best, 1)
        if node.all_of:
            ok = 0
            failed: list[_Result] = []
            for branch in node.all_of:
                r = self.sub(branch, value, path, depth + 1)
                if r.valid():
                    ok += 1
                failed.append(r)
            for r in failed:
                result.merge(r)
            if ok != len(node.all_of):
                result.add("allOf", path)
        if node.not_ is not None:
            if self.sub(node.not_, value, path, depth + 1).valid():
                result.add("not", path)
        if node.dependencies and isinstance(value, dict):
            for key in sorted(value, key=str):
                dep = node.dependencies.get(key)
                if isinstance(dep, list):
                    for d in dep:
                        if d not in value:
                            result.add("dependency", path, prop=key, missing=[d])
                elif isinstance(dep, _Node):
                    self.recurse(dep, value, result, path, depth + 1)
        if node.if_ is not None:
            cond = self.sub(node.if_, value, path, depth + 1).valid()
            branch = node.then if cond else node.else_
            if branch is not None:
                r = self.sub(branch, value, path, depth + 1)
                if not r.valid():
                    result.add("then" if cond else "else", path)
                    result.merge(r)
        result.score += 1

    def common(self, node: _Node, value: Any, result: _Result, path: tuple) -> None:
        if node.const is not None and canonical_json(value) != node.const:
            result.add("const", path, allowed=node.const, want=node.const_value)
        if node.enum is not None and node.enum and canonical_json(value) not in node.enum:
            result.add("enum", path, allowed=", ".join(node.enum), want=node.enum_values)
        if node.format and not _format_ok(node.format, value):
            result.add("format", path, format=node.format, got=value)
        result.score += 1

    def object_keywords(self, node: _Node, value: dict, result: _Result, path: tuple, depth: int) -> None:
        if node.min_props is not None and len(value) < node.min_props:
            result.add("minProperties", path, min=node.min_props, got=len(value))
        if node.max_props is not None and len(value) > node.max_props:
            result.add("maxProperties", path, max=node.max_props, got=len(value))
        for name in node.required:
            if name in value:
                result.score += 1
            else:
                result.add("required", path, key=path + (name,), property=name)
        known = {name for name, _ in node.properties}
        for key in sorted(value, key=str):
            matched = False
            for rx, child in node.pattern_props or ():
                if rx is None or rx.search(str(key)) is None:
                    continue
                matched = True
                result.merge(self.sub(child, value[key], path + (key,), depth + 1))
            if matched:
                result.score += 1
            if key in known or matched:
                continue
            if node.additional is False:
                result.add("additionalProperties", path, key=path + (key,), property=key)
            elif isinstance(node.additional, _Node):
                result.merge(self.sub(node.additional, value[key], path + (key,), depth + 1))
        if node.property_names is not None:
            for key in value:
                r = self.sub(node.property_names, str(key), path, depth + 1)
                if not r.valid():
                    result.add("propertyNames", path, property=key)
                    result.merge(r, 1)
        result.score += 1

    def array_keywords(self, node: _Node, value: list, result: _Result, path: tuple, depth: int) -> None:
        n = len(value)
        if node.items is not None:
            if node.items_single:
                for i, item in enumerate(value):
                    result.merge(self.sub(node.items[0], item, path + (i,), depth + 1))
            elif node.items:
                for i in range(min(n, len(node.items))):
                    result.merge(self.sub(node.items[i], value[i], path + (i,), depth + 1))
                if len(node.items) < n:
                    if node.additional_items is False:
                        result.add("additionalItems", path, count=n - len(node.items))
                    elif isinstance(node.additional_items, _Node):
                        for i in range(len(node.items), n):
                            result.merge(self.sub(node.additional_items, value[i], path + (i,), depth + 1))
        if node.min_items is not None and n < node.min_items:
            result.add("minItems", path, min=node.min_items, got=n)
        if node.max_items is not None and n > node.max_items:
            result.add("maxItems", path, max=node.max_items, got=n)
        if node.unique:
            seen: dict[str, int] = {}
            for j, item in enumerate(value):
                c = canonical_json(item)
                if c in seen:
                    result.add("uniqueItems", path, i=seen[c], j=j)
                seen[c] = j
        if node.contains is not None:
            best: _Result | None = None
            for i, item in enumerate(value):
                r = self.sub(node.contains, item, path + (i,), depth + 1)
                if r.valid():
                    best = None
                    break
                if best is None or r.score > best.score:
                    best = r
            else:
                result.add("contains", path)
                if best is not None:
                    result.merge(best, 1)
        result.score += 1

    def string_keywords(self, node: _Node, value: str, result: _Result, path: tuple) -> None:
        n = len(value)
        if node.min_length is not None and n < node.min_length:
            result.add("minLength", path, min=node.min_length, got=n)
        if node.max_length is not None and n > node.max_length:
            result.add("maxLength", path, max=node.max_length, got=n)
        if node.pattern is not None and node.pattern.search(value) is None:
            result.add("pattern", path, pattern=node.pattern_src, got=value)
        result.score += 1

    def number_keywords(self, node: _Node, value: Any, result: _Result, path: tuple) -> None:
        r = _rat(value)
        if node.multiple_of is not None and (r / node.multiple_of).denominator != 1:
            result.add("multipleOf", path, multiple=node.multiple_of, got=r)
        if node.maximum is not None and r > node.maximum:
            result.add("maximum", path, max=node.maximum, got=r)
        if node.exclusive_maximum is not None and r >= node.exclusive_maximum:
            result.add("exclusiveMaximum", path, max=node.exclusive_maximum, got=r)
        if node.minimum is not None and r < node.minimum:
            result.add("minimum", path, min=node.minimum, got=r)
        if node.exclusive_minimum is not None and r <= node.exclusive_minimum:
            result.add("exclusiveMinimum", path, min=node.exclusive_minimum, got=r)
        result.score += 1


_TEKURI_TYPES = ("null", "boolean", "number", "integer", "string", "array", "object")


class _Tekuri:
    """santhosh-tekuri/jsonschema v6's walk (Helm 4): type, const, enum and format stop at the first
    failure; then object/array/string/number keywords; then not/allOf/anyOf/oneOf/if. Every
    subschema answers one error: itself, or a `validation failed` group of its errors."""

    def validate(self, node: _Node, value: Any, path: tuple, depth: int) -> _Err | None:
        errs = self.level(node, value, path, depth)
        if not errs:
            return None
        if len(errs) == 1:
            return errs[0]
        return _Err(path, "group", {}, path, causes=errs)

    def level(self, node: _Node, value: Any, path: tuple, depth: int) -> list[_Err]:
        if depth > MAX_DEPTH:
            raise SchemaProblem("schema $ref recursion too deep while validating")
        if node.passes is not None:
            return [] if node.passes else [_Err(path, "false", {}, path)]
        if node.ref is not None:
            e = self.validate(node.ref_target or _ANY, value, path, depth + 1)
            if e is None:
                return []
            return [_Err(path, "ref", {}, path, causes=e.causes if e.kind == "group" else [e])]
        jt = json_type(value)
        if node.types:
            ok = jt in node.types or (jt == "number" and "integer" in node.types and _is_int(value))
            if not ok:
                want = [t for t in _TEKURI_TYPES if t in node.types]
                return [_Err(path, "type", {"given": jt, "expected": want}, path)]
        if node.const is not None and canonical_json(value) != node.const:
            return [_Err(path, "const", {"want": node.const_value}, path)]
        if node.enum and canonical_json(value) not in node.enum:
            return [_Err(path, "enum", {"want": node.enum_values}, path)]
        if node.format and not _format_ok(node.format, value):
            return [_Err(path, "format", {"format": node.format, "got": value}, path)]
        errs: list[_Err] = []
        if jt == "object":
            self.object_keywords(node, value, path, depth, errs)
        elif jt == "array":
            self.array_keywords(node, value, path, depth, errs)
        elif jt == "string":
            n = len(value)
            if node.min_length is not None and n < node.min_length:
                errs.append(_Err(path, "minLength", {"got": n, "min": node.min_length}, path))
            if node.max_length is not None and n > node.max_length:
                errs.append(_Err(path, "maxLength", {"got": n, "max": node.max_length}, path))
            if node.pattern is not None and node.pattern.search(value) is None:
                errs.append(_Err(path, "pattern", {"got": value, "pattern": node.pattern_src}, path))
        elif jt == "number":
            r = _rat(value)
            for kind, bound, bad in (("minimum", node.minimum, lambda b: r < b), ("maximum", node.maximum, lambda b: r > b),
                                     ("exclusiveMinimum", node.exclusive_minimum, lambda b: r <= b),
                                     ("exclusiveMaximum", node.exclusive_maximum, lambda b: r >= b)):
                if bound is not None and bad(bound):
                    errs.append(_Err(path, kind, {"got": r, "min" if "inimum" in kind else "max": bound}, path))
            if node.multiple_of is not None and (r / node.multiple_of).denominator != 1:
                errs.append(_Err(path, "multipleOf", {"got": r, "multiple": node.multiple_of}, path))
        self.conditions(node, value, path, depth, errs)
        return errs

    def object_keywords(self, node: _Node, value: dict, path: tuple, depth: int, errs: list[_Err]) -> None:
        if node.min_props is not None and len(value) < node.min_props:
            errs.append(_Err(path, "minProperties", {"got": len(value), "min": node.min_props}, path))
        if node.max_props is not None and len(value) > node.max_props:
            errs.append(_Err(path, "maxProperties", {"got": len(value), "max": node.max_props}, path))
        missing = [name for name in node.required if name not in value]
        if missing:
            errs.append(_Err(path, "required", {"missing": missing, "property": missing[0]}, path + (missing[0],)))
        for key in sorted(node.dependencies or (), key=str):
            if key not in value:
                continue
            dep = node.dependencies[key]
            if isinstance(dep, list):
                lacking = [d for d in dep if d not in value]
                if lacking:
                    errs.append(_Err(path, "dependency", {"prop": key, "missing": lacking}, path))
            else:
                e = self.validate(dep, value, path, depth + 1)
                if e is not None:
                    errs.append(e)
        props = dict(node.properties)
        extra: list[str] = []
        for key in sorted(value, key=str):
            evaluated = False
            child = props.get(key)
            if child is not None:
                evaluated = True
                self._add(errs, self.validate(child, value[key], path + (key,), depth + 1))
            for rx, sub in node.pattern_props or ():
                if rx is not None and rx.search(str(key)) is not None:
                    evaluated = True
                    self._add(errs, self.validate(sub, value[key], path + (key,), depth + 1))
            if not evaluated and node.additional is False:
                extra.append(str(key))
            elif not evaluated and isinstance(node.additional, _Node):
                self._add(errs, self.validate(node.additional, value[key], path + (key,), depth + 1))
        if extra:
            errs.append(_Err(path, "additionalProperties", {"properties": extra}, path + (extra[0],)))
        if node.property_names is not None:
            for key in sorted(value, key=str):
                if self.validate(node.property_names, str(key), path, depth + 1) is not None:
                    errs.append(_Err(path, "propertyNames", {"property": key}, path + (key,)))

    def array_keywords(self, node: _Node, value: list, path: tuple, depth: int, errs: list[_Err]) -> None:
        n = len(value)
        if node.min_items is not None and n < node.min_items:
            errs.append(_Err(path, "minItems", {"got": n, "min": node.min_items}, path))
        if node.max_items is not None and n > node.max_items:
            errs.append(_Err(path, "maxItems", {"got": n, "max": node.max_items}, path))
        if node.unique and n > 1:
            seen: dict[str, int] = {}
            for j, item in enumerate(value):
                c = canonical_json(item)
                if c in seen:
                    errs.append(_Err(path, "uniqueItems", {"i": seen[c], "j": j}, path))
                    break
                seen[c] = j
        evaluated = 0
        if node.items is not None:
            schemas = node.items if not node.items_single else [node.items[0]] * n
            evaluated = min(n, len(schemas))
            for i in range(evaluated):
                self._add(errs, self.validate(schemas[i], value[i], path + (i,), depth + 1))
        if node.additional_items is False and node.items is not None and evaluated != n:
            errs.append(_Err(path, "additionalItems", {"count": n - evaluated}, path))
        elif isinstance(node.additional_items, _Node) and node.items is not None:
            for i, item in enumerate(value[evaluated:]):  # santhosh-tekuri numbers these from 0
                self._add(errs, self.validate(node.additional_items, item, path + (i,), depth + 1))
        if node.contains is not None:
            failures = []
            for i, item in enumerate(value):
                e = self.validate(node.contains, item, path + (i,), depth + 1)
                if e is None:
                    break
                failures.append(e)
            else:
                errs.append(_Err(path, "contains", {}, path, causes=failures))

    def conditions(self, node: _Node, value: Any, path: tuple, depth: int, errs: list[_Err]) -> None:
        if node.not_ is not None and self.validate(node.not_, value, path, depth + 1) is None:
            errs.append(_Err(path, "not", {}, path))
        if node.all_of:
            failures = [e for e in (self.validate(b, value, path, depth + 1) for b in node.all_of) if e is not None]
            if failures:
                errs.append(_Err(path, "allOf", {}, path, causes=failures))
        if node.any_of:
            failures = []
            for b in node.any_of:
                e = self.validate(b, value, path, depth + 1)
                if e is None:
                    break
                failures.append(e)
            else:
                errs.append(_Err(path, "anyOf", {}, path, causes=failures))
        if node.one_of:
            matched = -1
            failures = []
            for i, b in enumerate(node.one_of):
                e = self.validate(b, value, path, depth + 1)
                if e is not None:
                    if matched == -1:
                        failures.append(e)
                elif matched == -1:
                    matched = i
                else:
                    errs.append(_Err(path, "oneOf", {"matched": [matched, i]}, path))
                    break
            if matched == -1:
                errs.append(_Err(path, "oneOf", {"matched": []}, path, causes=failures))
        if node.if_ is not None:
            branch = node.then if self.validate(node.if_, value, path, depth + 1) is None else node.else_
            if branch is not None:
                self._add(errs, self.validate(branch, value, path, depth + 1))

    @staticmethod
    def _add(errs: list[_Err], e: _Err | None) -> None:
        if e is not None:
            errs.append(e)


# ---------------------------------------------------------------------------------------------
# messages
# ---------------------------------------------------------------------------------------------


def _field(path: tuple) -> str:
    return ".".join(str(p) for p in path) if path else "(root)"


def gojsonschema_message(err: _Err) -> str:
    d = err.details
    k = err.kind
    if k == "type":
        types = d["expected"]
        expected = types[0] if len(types) == 1 else "[" + ",".join(types) + "]"
        return f"Invalid type. Expected: {expected}, given: {d['given']}"
    simple = {
        "false": "False always fails validation",
        "anyOf": "Must validate at least one schema (anyOf)",
        "oneOf": "Must validate one and only one schema (oneOf)",
        "allOf": "Must validate all the schemas (allOf)",
        "not": "Must not validate the schema (not)",
        "then": 'Must validate "then" as "if" was valid',
        "else": 'Must validate "else" as "if" was not valid',
        "contains": "At least one of the items must match",
    }
    if k in simple:
        return simple[k]
    if k == "required":
        return f"{d['property']} is required"
    if k == "additionalProperties":
        return f"Additional property {d['property']} is not allowed"
    if k == "dependency":
        return f"Has a dependency on {d['missing'][0]}"
    if k == "const":
        return f"{_field(err.path)} does not match: {d['allowed']}"
    if k == "enum":
        return f"{_field(err.path)} must be one of the following: {d['allowed']}"
    if k == "format":
        return f"Does not match format '{d['format']}'"
    if k == "pattern":
        return f"Does not match pattern '{d['pattern']}'"
    if k == "minLength":
        return f"String length must be greater than or equal to {d['min']}"
    if k == "maxLength":
        return f"String length must be less than or equal to {d['max']}"
    if k == "minItems":
        return f"Array must have at least {d['min']} items"
    if k == "maxItems":
        return f"Array must have at most {d['max']} items"
    if k == "minProperties":
        return f"Must have at least {d['min']} properties"
    if k == "maxProperties":
        return f"Must have at most {d['max']} properties"
    if k == "additionalItems":
        return "No additional items allowed on array"
    if k == "uniqueItems":
        return f"array items[{d['i']},{d['j']}] must be unique"
    if k == "propertyNames":
        return f'Property name of "{d["property"]}" does not match'
    if k == "multipleOf":
        return f"Must be a multiple of {_big_float_text(d['multiple'])}"
    if k == "minimum":
        return f"Must be greater than or equal to {_big_float_text(d['min'])}"
    if k == "exclusiveMinimum":
        return f"Must be greater than {_big_float_text(d['min'])}"
    if k == "maximum":
        return f"Must be less than or equal to {_big_float_text(d['max'])}"
    if k == "exclusiveMaximum":
        return f"Must be less than {_big_float_text(d['max'])}"
    return k


def tekuri_message(err: _Err) -> str:
    d = err.details
    k = err.kind
    if k == "type":
        return f"got {d['given']}, want {' or '.join(d['expected'])}"
    simple = {"false": "false schema", "anyOf": "anyOf failed", "group": "validation failed", "ref": "validation failed", "allOf": "allOf failed", "not": "not failed",
              "contains": "no items match contains schema"}
    if k in simple:
        return simple[k]
    if k == "oneOf":
        m = d.get("matched") or []
        return f"oneOf failed, subschemas {m[0]}, {m[1]} matched" if len(m) >= 2 else "oneOf failed, none matched"
    if k == "required":
        missing = d.get("missing") or [d["property"]]
        if len(missing) == 1:
            return f"missing property {_tekuri_quote(missing[0])}"
        return "missing properties " + ", ".join(_tekuri_quote(x) for x in missing)
    if k == "additionalProperties":
        props = d.get("properties") or [str(d.get("property"))]
        return "additional properties " + ", ".join(_tekuri_quote(x) for x in props) + " not allowed"
    if k == "dependency":
        return f"properties {', '.join(_tekuri_quote(x) for x in d['missing'])} required, if {_tekuri_quote(str(d['prop']))} exists"
    if k in ("const", "enum"):
        want = d["want"] if k == "enum" else [d["want"]]
        if any(isinstance(w, (dict, list)) for w in want):
            return f"{k} failed"
        shown = [_tekuri_display(w) for w in want]
        return f"value must be {shown[0]}" if len(shown) == 1 else "value must be one of " + ", ".join(shown)
    if k == "format":
        return f"{_tekuri_display(d['got'])} is not valid {d['format']}"
    if k == "pattern":
        return f"{_tekuri_quote(d['got'])} does not match pattern {_tekuri_quote(d['pattern'])}"
    if k in ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"):
        want = d["min"] if k.startswith("min") else d["max"]
        return f"{k}: got {tekuri_int(d['got'])}, want {tekuri_int(want)}"
    if k == "additionalItems":
        return f"last {tekuri_int(d['count'])} additionalItem(s) not allowed"
    if k == "uniqueItems":
        return f"items at {tekuri_int(d['i'])} and {tekuri_int(d['j'])} are equal"
    if k == "propertyNames":
        return f"invalid propertyName {_tekuri_quote(str(d['property']))}"
    if k in ("multipleOf", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        want = d.get("multiple", d.get("min", d.get("max")))
        return f"{k}: got {tekuri_float(float(d['got']))}, want {tekuri_float(float(want))}"
    return k


def check(schema: CompiledSchema, values: Any, chart: str = "", helm_major: int = 3) -> list[Violation]:
    """Every violation of `values` against `schema`, in the validator's order. Raises SchemaProblem
    only for values JSON cannot carry (NaN, infinities) or runaway $ref recursion."""
    _check_finite(values)
    if helm_major >= 4:
        top = _Tekuri().validate(schema.root, values, (), 0)
        causes = [] if top is None else top.causes if top.kind == "group" else [top]
        out: list[Violation] = []
        _flatten_tree(causes, 0, chart, out)
        return out
    errors = _Validator().run(schema.root, values)
    return [Violation(chart, e.path, gojsonschema_message(e), e.kind, e.key) for e in errors]


def _flatten_tree(errors: list[_Err], nest: int, chart: str, out: list[Violation]) -> None:
    """santhosh-tekuri's display: causes indented under their error; a $ref with one cause is
    not shown (its cause takes its place)."""
    for e in errors:
        if e.kind == "ref" and len(e.causes) == 1:
            _flatten_tree(e.causes, nest, chart, out)
            continue
        out.append(Violation(chart, e.path, tekuri_message(e), e.kind, e.key, nest))
        _flatten_tree(e.causes, nest + 1, chart, out)


# ---------------------------------------------------------------------------------------------
# the chart tree (called by render.helm between coalescing and rendering)
# ---------------------------------------------------------------------------------------------


def _schema_path(chart: Any) -> str:
    return f"{chart.origin}/{SCHEMA_FILE}"


def _walk(chart: Any, prefix: tuple) -> Iterable[tuple[Any, tuple]]:
    yield chart, prefix
    for sub in chart.dependencies:
        yield from _walk(sub, prefix + (sub.name,))


def _has_schema(chart: Any) -> bool:
    if getattr(chart, "schema", None) is not None:
        return True
    return any(_has_schema(sub) for sub in chart.dependencies)


def validate_values(chart: Any, values: dict, sources: list[tuple[str, dict[str, int], dict[str, Any]]] | None = None,
                    *, helm_major: int = 3, strict: bool = True) -> list[str]:
    """Helm's ValidateAgainstSchema over the chart tree (after dependencies were processed and values
    coalesced). Returns warnings (remote $refs skipped when not `strict`); raises RenderError."""
    if not _has_schema(chart):
        return []
    warnings: list[str] = []
    blocks: list[str] = []
    all_violations: list[Violation] = []
    first_schema: str | None = None
    first_location: str | None = None
    for node, prefix in _walk(chart, ()):
        scoped: Any = values
        for part in prefix:
            scoped = scoped.get(part) if isinstance(scoped, dict) else None
        if helm_major >= 4 and node is not chart:
            if scoped is None:
                continue
            if not isinstance(scoped, dict):
                blocks.append(f"{node.name}:\ninvalid type for values: expected object (map), got {_go_type(scoped)}\n")
                continue
        if node.schema is None:
            continue
        schema_file = _schema_path(node)
        try:
            compiled = compile_schema(node.schema, strict)
            for w in compiled.warnings:
                warnings.append(f"{schema_file}: {w}")
            found = check(compiled, scoped if isinstance(scoped, dict) else {}, node.name, helm_major)
        except RecursionError:
            exc = SchemaProblem("values or schema nested too deeply to validate")
            blocks.append(f"{node.name}:\n{exc.message}\n")
            first_schema = first_schema or schema_file
            first_location = first_location or schema_file
            continue
        except SchemaProblem as exc:
            blocks.append(f"{node.name}:\n{exc.message}\n")
            if first_schema is None:
                first_schema = schema_file
                first_location = f"{schema_file}:{exc.line}" if exc.line else schema_file
            continue
        if not found:
            continue
        blocks.append(f"{node.name}:\n" + "".join(v.line(helm_major) + "\n" for v in found))
        all_violations.extend(found)
        if first_schema is None:
            first_schema = schema_file
            first_location = _locate(chart, prefix, found[0], sources or []) or schema_file
    if not blocks:
        return warnings
    exc = RenderError(HEADER + "\n" + "".join(blocks), first_location or first_schema)
    exc.schema_file = first_schema  # type: ignore[attr-defined]
    exc.violations = all_violations  # type: ignore[attr-defined]
    raise exc


def _go_type(value: Any) -> str:
    return {"string": "string", "number": "float64", "boolean": "bool", "array": "[]interface {}"}.get(json_type(value), "string")


def _dotted(parts: Iterable) -> str:
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out = f"{out}.{p}" if out else str(p)
    return out


def _in_data(data: Any, parts: tuple) -> bool:
    cur = data
    for p in parts:
        if isinstance(p, int):
            if not isinstance(cur, list) or p >= len(cur):
                return False
            cur = cur[p]
        else:
            if not isinstance(cur, dict) or p not in cur:
                return False
            cur = cur[p]
    return True


def _locate(root: Any, prefix: tuple, violation: Violation, sources: list) -> str | None:
    """`file:line` that set the violation's key (or its nearest set parent), Helm's priority order:
    the last -f/--set that has it, else the shallowest chart's values.yaml that has it."""
    key = prefix + tuple(violation.key)
    candidates = []
    for n in range(len(key), len(prefix), -1):
        candidates.append(key[:n])
        if key[len(prefix):len(prefix) + 1] == ("global",):  # globals are copied down from the parents
            candidates.extend(prefix[:j] + key[len(prefix):n] for j in range(len(prefix) - 1, -1, -1))
    for parts in candidates:
        for label, lines, data in reversed(sources):
            if _in_data(data, parts):
                line = lines.get(_dotted(parts), 0) if lines else 0
                return f"{label}:{line}" if line else label
        chain = [(root, ())]
        for name in prefix:
            nxt = next((d for d in chain[-1][0].dependencies if d.name == name), None)
            if nxt is None:
                break
            chain.append((nxt, chain[-1][1] + (name,)))
        for chart, scope in chain:
            if parts[: len(scope)] != scope or not chart.values_file:
                continue
            line = chart.values_lines.get(_dotted(parts[len(scope):]))
            if line:
                return f"{root.origin}/{chart.values_file}:{line}"
    return None
