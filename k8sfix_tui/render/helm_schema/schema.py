"""The shared vocabulary of the package: the compiled schema node, the violation, the problem with
an unusable schema, and the JSON view of Helm's values (what yaml.Marshal + YAMLToJSON leave)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from .gonum import rat, tekuri_quote

SCHEMA_FILE = "values.schema.json"
HEADER = "values don't meet the specifications of the schema(s) in the following chart(s):"
MAX_DEPTH = 400  # $ref chains / nesting; gojsonschema would overflow Go's stack on `{"$ref": "#"}`
HYBRID = 1 << 31  # gojsonschema's draft when `$schema` names none it knows
JSON_TYPES = ("array", "boolean", "integer", "number", "null", "object", "string")


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
            return "  " * self.nest + f"- at {tekuri_quote(self.pointer)}: {self.message}"
        return f"- {self.field}: {self.message}"


class Node:
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


ANY = Node()  # what an unresolvable-but-tolerated $ref points to: accepts every value
ANY.passes = True


@dataclass
class CompiledSchema:
    root: Node
    warnings: list[str] = field(default_factory=list)


def json_type(value: Any) -> str:
    """The JSON type of a values node (anything unknown counts as a string, as YAML printed it)."""
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


def is_int(value: Any) -> bool:
    return rat(value).denominator == 1


def number(value: Any) -> Fraction | None:
    """A schema keyword's number, exactly; None when it is not a JSON number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    try:
        return rat(value)
    except (ValueError, OverflowError, InvalidOperation):
        return None


def check_finite(value: Any, depth: int = 0) -> None:
    """JSON cannot carry NaN or infinities: fail as Go's encoder does, before validating."""
    if depth > MAX_DEPTH:
        raise SchemaProblem("values nested too deeply to validate")
    if isinstance(value, float) and not math.isfinite(value):
        raise SchemaProblem(f"json: unsupported value: {'NaN' if math.isnan(value) else ('+Inf' if value > 0 else '-Inf')}")
    if isinstance(value, dict):
        for v in value.values():
            check_finite(v, depth + 1)
    elif isinstance(value, (list, tuple)):
        for v in value:
            check_finite(v, depth + 1)
