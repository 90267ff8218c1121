"""Helm 3 (gojsonschema, Helm 3.17's pkg/chartutil/jsonschema.go): the keyword order of
validateRecursive (type first, then anyOf/oneOf/allOf/not/dependencies/if, object or array
keywords, const/enum/format, string or number keywords, then properties in schema order), flat
errors, the score that picks the closest anyOf/oneOf branch, and the `<field>: <description>` wording."""

from __future__ import annotations

from typing import Any

from .gonum import big_float_text
from .schema import Node, Violation, is_int
from .walk import (Err, Result, Walker, duplicate_pairs, number_failures, pattern_schemas, present_dependencies,
                   size_failures, string_failures, value_failures)

_NUMBER_ORDER = ("multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum")


class GoJsonSchema(Walker):
    """gojsonschema's validateRecursive: flat errors, scores for the closest anyOf/oneOf branch."""

    def run(self, node: Node, value: Any, chart: str) -> list[Violation]:
        errors = self.sub(node, value, (), 0).errors
        return [Violation(chart, e.path, message(e), e.kind, e.key) for e in errors]

    def failure(self, result: Result, path: tuple) -> Result:
        return result

    def wrong_type(self, node: Node, value: Any, jt: str, result: Result, path: tuple) -> None:
        given = ("integer" if is_int(value) else "number") if jt == "number" else jt
        result.add("type", path, expected=node.types, given=given)

    def keywords(self, node: Node, value: Any, jt: str, result: Result, path: tuple, depth: int) -> None:
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
        elif jt == "number":
            result.add_all(number_failures(node, value, _NUMBER_ORDER), path)
            result.score += 1
            self.common(node, value, result, path)
        elif jt == "string":
            self.common(node, value, result, path)
            result.add_all(string_failures(node, value if isinstance(value, str) else str(value)), path)
            result.score += 1
        else:
            self.common(node, value, result, path)
        result.score += 1

    def schema_keywords(self, node: Node, value: Any, result: Result, path: tuple, depth: int) -> None:
        if node.any_of:
            failures = self.first_pass(((b, value, path) for b in node.any_of), depth + 1)
            if failures is not None:
                result.add("anyOf", path)
                self._merge_best(result, failures)
        if node.one_of:
            matched, failures = self.one_of(node, value, path, depth)
            if len(matched) != 1:
                result.add("oneOf", path, matched=matched[:2])
                if not matched:
                    self._merge_best(result, failures)
        if node.all_of:
            results = [self.sub(b, value, path, depth + 1) for b in node.all_of]
            for r in results:
                result.merge(r)
            if not all(r.valid() for r in results):
                result.add("allOf", path)
        if node.not_ is not None and self.attempt(node.not_, value, path, depth + 1) is None:
            result.add("not", path)
        if node.dependencies and isinstance(value, dict):
            for key, dep in present_dependencies(node, value):
                if isinstance(dep, list):
                    for d in dep:
                        if d not in value:
                            result.add("dependency", path, prop=key, missing=[d])
                else:
                    self.recurse(dep, value, result, path, depth + 1)
        if node.if_ is not None:
            held, branch = self.if_branch(node, value, path, depth)
            if branch is not None:
                r = self.sub(branch, value, path, depth + 1)
                if not r.valid():
                    result.add("then" if held else "else", path)
                    result.merge(r)
        result.score += 1

    @staticmethod
    def _merge_best(result: Result, failures: list[Result]) -> None:
        """The failed branch that fit best (the first of the highest score) adds its errors, nested."""
        if failures:
            result.merge(max(failures, key=lambda r: r.score), 1)

    def common(self, node: Node, value: Any, result: Result, path: tuple) -> None:
        result.add_all(value_failures(node, value), path)
        result.score += 1

    def object_keywords(self, node: Node, value: dict, result: Result, path: tuple, depth: int) -> None:
        result.add_all(size_failures(len(value), node.min_props, node.max_props, ("minProperties", "maxProperties")), path)
        for name in node.required:
            if name in value:
                result.score += 1
            else:
                result.add("required", path, key=path + (name,), property=name)
        known = {name for name, _ in node.properties}
        for key in sorted(value, key=str):
            matched = pattern_schemas(node, key)
            for child in matched:
                result.merge(self.sub(child, value[key], path + (key,), depth + 1))
            if matched:
                result.score += 1
            if key in known or matched:
                continue
            if node.additional is False:
                result.add("additionalProperties", path, key=path + (key,), property=key)
            elif isinstance(node.additional, Node):
                result.merge(self.sub(node.additional, value[key], path + (key,), depth + 1))
        if node.property_names is not None:
            for key in value:
                r = self.sub(node.property_names, str(key), path, depth + 1)
                if not r.valid():
                    result.add("propertyNames", path, property=key)
                    result.merge(r, 1)
        result.score += 1

    def array_keywords(self, node: Node, value: list, result: Result, path: tuple, depth: int) -> None:
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
                    elif isinstance(node.additional_items, Node):
                        for i in range(len(node.items), n):
                            result.merge(self.sub(node.additional_items, value[i], path + (i,), depth + 1))
        result.add_all(size_failures(n, node.min_items, node.max_items, ("minItems", "maxItems")), path)
        if node.unique:
            for i, j in duplicate_pairs(value):
                result.add("uniqueItems", path, i=i, j=j)
        if node.contains is not None:
            failures = self.first_pass(((node.contains, item, path + (i,)) for i, item in enumerate(value)), depth + 1)
            if failures is not None:
                result.add("contains", path)
                self._merge_best(result, failures)
        result.score += 1


def _field(path: tuple) -> str:
    return ".".join(str(p) for p in path) if path else "(root)"


_FIXED = {
    "false": "False always fails validation",
    "anyOf": "Must validate at least one schema (anyOf)",
    "oneOf": "Must validate one and only one schema (oneOf)",
    "allOf": "Must validate all the schemas (allOf)",
    "not": "Must not validate the schema (not)",
    "then": 'Must validate "then" as "if" was valid',
    "else": 'Must validate "else" as "if" was not valid',
    "contains": "At least one of the items must match",
    "additionalItems": "No additional items allowed on array",
}
_TEMPLATES = {
    "required": "{property} is required",
    "additionalProperties": "Additional property {property} is not allowed",
    "format": "Does not match format '{format}'",
    "pattern": "Does not match pattern '{pattern}'",
    "minLength": "String length must be greater than or equal to {min}",
    "maxLength": "String length must be less than or equal to {max}",
    "minItems": "Array must have at least {min} items",
    "maxItems": "Array must have at most {max} items",
    "minProperties": "Must have at least {min} properties",
    "maxProperties": "Must have at most {max} properties",
    "uniqueItems": "array items[{i},{j}] must be unique",
    "propertyNames": 'Property name of "{property}" does not match',
}
_BOUNDS = {
    "multipleOf": ("Must be a multiple of", "multiple"),
    "minimum": ("Must be greater than or equal to", "min"),
    "exclusiveMinimum": ("Must be greater than", "min"),
    "maximum": ("Must be less than or equal to", "max"),
    "exclusiveMaximum": ("Must be less than", "max"),
}


def message(err: Err) -> str:
    """gojsonschema's DefaultLocale description of one error (the part after `<field>: `)."""
    d, k = err.details, err.kind
    if k == "type":
        types = d["expected"]
        expected = types[0] if len(types) == 1 else "[" + ",".join(types) + "]"
        return f"Invalid type. Expected: {expected}, given: {d['given']}"
    if k in _FIXED:
        return _FIXED[k]
    if k in _TEMPLATES:
        return _TEMPLATES[k].format(**d)
    if k == "dependency":
        return f"Has a dependency on {d['missing'][0]}"
    if k == "const":
        return f"{_field(err.path)} does not match: {d['allowed']}"
    if k == "enum":
        return f"{_field(err.path)} must be one of the following: {d['allowed']}"
    if k in _BOUNDS:
        words, bound = _BOUNDS[k]
        return f"{words} {big_float_text(d[bound])}"
    return k

