"""Helm 4 (santhosh-tekuri/jsonschema v6): type, const, enum and format end the checks of a value at
the first failure; then object/array/string/number keywords; then not/allOf/anyOf/oneOf/if. Every
subschema answers one error (itself, or a `validation failed` group of its errors), so the result
is a tree, shown indented (`- at '/image/tag': got number, want string`); a `$ref` with one cause
is not shown, missing and additional properties are grouped per object."""

from __future__ import annotations

from typing import Any

from .gonum import tekuri_display, tekuri_float, tekuri_int, tekuri_quote
from .schema import Node, Violation
from .walk import (Err, Result, Walker, duplicate_pairs, number_failures, pattern_schemas, present_dependencies,
                   size_failures, string_failures, value_failures)

_TYPES = ("null", "boolean", "number", "integer", "string", "array", "object")
_NUMBER_ORDER = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")


class Tekuri(Walker):
    """santhosh-tekuri/jsonschema v6's walk; `attempt` answers one `Err` (or None)."""

    ONE_OF_STOPS = True
    REF_TRANSPARENT = False

    def run(self, node: Node, value: Any, chart: str) -> list[Violation]:
        top = self.attempt(node, value, (), 0)
        out: list[Violation] = []
        _flatten([] if top is None else top.causes if top.kind == "group" else [top], 0, chart, out)
        return out

    def failure(self, result: Result, path: tuple) -> Err:
        errs = result.errors
        return errs[0] if len(errs) == 1 else Err(path, "group", {}, path, causes=errs)

    def wrong_type(self, node: Node, value: Any, jt: str, result: Result, path: tuple) -> None:
        result.add("type", path, given=jt, expected=[t for t in _TYPES if t in node.types])

    def keywords(self, node: Node, value: Any, jt: str, result: Result, path: tuple, depth: int) -> None:
        first = value_failures(node, value)[:1]
        if first:
            result.add_all(first, path)
            return
        if jt == "object":
            self.object_keywords(node, value, result, path, depth)
        elif jt == "array":
            self.array_keywords(node, value, result, path, depth)
        elif jt == "string":
            result.add_all(string_failures(node, value if isinstance(value, str) else str(value)), path)
        elif jt == "number":
            result.add_all(number_failures(node, value, _NUMBER_ORDER), path)
        self.conditions(node, value, result, path, depth)

    def check(self, result: Result, node: Node, value: Any, path: tuple, depth: int) -> None:
        """Validate a child schema; its one error (if any) joins this level's."""
        e = self.attempt(node, value, path, depth + 1)
        if e is not None:
            result.errors.append(e)

    def object_keywords(self, node: Node, value: dict, result: Result, path: tuple, depth: int) -> None:
        result.add_all(size_failures(len(value), node.min_props, node.max_props, ("minProperties", "maxProperties")), path)
        missing = [name for name in node.required if name not in value]
        if missing:
            result.add("required", path, key=path + (missing[0],), missing=missing, property=missing[0])
        for key, dep in present_dependencies(node, value) if node.dependencies else ():
            if isinstance(dep, list):
                lacking = [d for d in dep if d not in value]
                if lacking:
                    result.add("dependency", path, prop=key, missing=lacking)
            else:
                self.check(result, dep, value, path, depth)
        props = dict(node.properties)
        extra: list[str] = []
        for key in sorted(value, key=str):
            schemas = ([props[key]] if key in props else []) + pattern_schemas(node, key)
            for child in schemas:
                self.check(result, child, value[key], path + (key,), depth)
            if not schemas and node.additional is False:
                extra.append(str(key))
            elif not schemas and isinstance(node.additional, Node):
                self.check(result, node.additional, value[key], path + (key,), depth)
        if extra:
            result.add("additionalProperties", path, key=path + (extra[0],), properties=extra)
        if node.property_names is not None:
            for key in sorted(value, key=str):
                if self.attempt(node.property_names, str(key), path, depth + 1) is not None:
                    result.add("propertyNames", path, key=path + (key,), property=key)

    def array_keywords(self, node: Node, value: list, result: Result, path: tuple, depth: int) -> None:
        n = len(value)
        result.add_all(size_failures(n, node.min_items, node.max_items, ("minItems", "maxItems")), path)
        if node.unique:
            for i, j in duplicate_pairs(value):
                result.add("uniqueItems", path, i=i, j=j)
                break
        evaluated = 0
        if node.items is not None:
            schemas = node.items if not node.items_single else [node.items[0]] * n
            evaluated = min(n, len(schemas))
            for i in range(evaluated):
                self.check(result, schemas[i], value[i], path + (i,), depth)
        if node.additional_items is False and node.items is not None and evaluated != n:
            result.add("additionalItems", path, count=n - evaluated)
        elif isinstance(node.additional_items, Node) and node.items is not None:
            for i, item in enumerate(value[evaluated:]):  # santhosh-tekuri numbers these from 0
                self.check(result, node.additional_items, item, path + (i,), depth)
        if node.contains is not None:
            failures = self.first_pass(((node.contains, item, path + (i,)) for i, item in enumerate(value)), depth + 1)
            if failures is not None:
                result.add("contains", path, causes=failures)

    def conditions(self, node: Node, value: Any, result: Result, path: tuple, depth: int) -> None:
        if node.not_ is not None and self.attempt(node.not_, value, path, depth + 1) is None:
            result.add("not", path)
        if node.all_of:
            failures = [e for e in (self.attempt(b, value, path, depth + 1) for b in node.all_of) if e is not None]
            if failures:
                result.add("allOf", path, causes=failures)
        if node.any_of:
            failures = self.first_pass(((b, value, path) for b in node.any_of), depth + 1)
            if failures is not None:
                result.add("anyOf", path, causes=failures)
        if node.one_of:
            matched, failures = self.one_of(node, value, path, depth)
            if len(matched) >= 2:
                result.add("oneOf", path, matched=matched[:2])
            elif not matched:
                result.add("oneOf", path, causes=failures, matched=[])
        if node.if_ is not None:
            _, branch = self.if_branch(node, value, path, depth)
            if branch is not None:
                self.check(result, branch, value, path, depth)


def _flatten(errors: list[Err], nest: int, chart: str, out: list[Violation]) -> None:
    """santhosh-tekuri's display: causes indented under their error; a $ref with one cause is
    not shown (its cause takes its place)."""
    for e in errors:
        if e.kind == "ref" and len(e.causes) == 1:
            _flatten(e.causes, nest, chart, out)
            continue
        out.append(Violation(chart, e.path, message(e), e.kind, e.key, nest))
        _flatten(e.causes, nest + 1, chart, out)


_FIXED = {"false": "false schema", "anyOf": "anyOf failed", "group": "validation failed", "ref": "validation failed",
          "allOf": "allOf failed", "not": "not failed", "contains": "no items match contains schema"}
_COUNTS = ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties")
_NUMBERS = ("multipleOf", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


def _quoted(names: list) -> str:
    return ", ".join(tekuri_quote(str(x)) for x in names)


def _one_of(d: dict) -> str:
    m = d.get("matched") or []
    return f"oneOf failed, subschemas {m[0]}, {m[1]} matched" if len(m) >= 2 else "oneOf failed, none matched"


def _required(d: dict) -> str:
    missing = d.get("missing") or [d["property"]]
    return f"missing property {tekuri_quote(missing[0])}" if len(missing) == 1 else "missing properties " + _quoted(missing)


def _wanted(kind: str, want: list) -> str:
    if any(isinstance(w, (dict, list)) for w in want):
        return f"{kind} failed"
    shown = [tekuri_display(w) for w in want]
    return f"value must be {shown[0]}" if len(shown) == 1 else "value must be one of " + ", ".join(shown)


_BY_KIND = {
    "type": lambda d: f"got {d['given']}, want {' or '.join(d['expected'])}",
    "oneOf": _one_of,
    "required": _required,
    "additionalProperties": lambda d: f"additional properties {_quoted(d.get('properties') or [d.get('property')])} not allowed",
    "dependency": lambda d: f"properties {_quoted(d['missing'])} required, if {tekuri_quote(str(d['prop']))} exists",
    "const": lambda d: _wanted("const", [d["want"]]),
    "enum": lambda d: _wanted("enum", d["want"]),
    "format": lambda d: f"{tekuri_display(d['got'])} is not valid {d['format']}",
    "pattern": lambda d: f"{tekuri_quote(d['got'])} does not match pattern {tekuri_quote(d['pattern'])}",
    "additionalItems": lambda d: f"last {tekuri_int(d['count'])} additionalItem(s) not allowed",
    "uniqueItems": lambda d: f"items at {tekuri_int(d['i'])} and {tekuri_int(d['j'])} are equal",
    "propertyNames": lambda d: f"invalid propertyName {tekuri_quote(str(d['property']))}",
}


def message(err: Err) -> str:
    """santhosh-tekuri's English message of one error (the part after `- at '<pointer>': `)."""
    d, k = err.details, err.kind
    if k in _FIXED:
        return _FIXED[k]
    if k in _BY_KIND:
        return _BY_KIND[k](d)
    if k in _COUNTS:
        want = d["min"] if k.startswith("min") else d["max"]
        return f"{k}: got {tekuri_int(d['got'])}, want {tekuri_int(want)}"
    if k in _NUMBERS:
        want = d.get("multiple", d.get("min", d.get("max")))
        return f"{k}: got {tekuri_float(float(d['got']))}, want {tekuri_float(float(want))}"
    return k
