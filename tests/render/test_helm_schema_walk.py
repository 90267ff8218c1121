"""The helm_schema package's shared walk: keyword checks both validators use, the order each
validator applies them in, and runaway recursion always reported as a SchemaProblem."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from k8sfix_tui.render.helm_schema import SchemaProblem, check, compile_schema
from k8sfix_tui.render.helm_schema.walk import (duplicate_pairs, number_failures, pattern_schemas, size_failures,
                                                string_failures, value_failures)


def _node(schema: dict):
    return compile_schema(json.dumps(schema)).root


DUPLICATES = [
    ([], []),
    ([1], []),
    ([1, 2, 3], []),
    ([1, 1], [(0, 1)]),
    ([1, 1, 1], [(0, 1), (1, 2)]),  # the earlier index is the last sighting (gojsonschema)
    ([1, 2.0, 2, {"a": 1}, {"a": 1.0}], [(1, 2), (3, 4)]),  # equal as JSON: numbers as float64
    (["1", 1], []),
]


@pytest.mark.parametrize("items,pairs", DUPLICATES)
def test_duplicate_pairs(items: list, pairs: list) -> None:
    assert list(duplicate_pairs(items)) == pairs


SIZES = [
    (0, 1, None, [("minItems", {"min": 1, "got": 0})]),
    (5, None, 3, [("maxItems", {"max": 3, "got": 5})]),
    (2, 1, 3, []),
    (2, 2, 2, []),
]


@pytest.mark.parametrize("n,low,high,expected", SIZES)
def test_size_failures(n: int, low: int | None, high: int | None, expected: list) -> None:
    assert size_failures(n, low, high, ("minItems", "maxItems")) == expected


NUMBERS = [  # (schema, value, gojsonschema order of kinds, santhosh-tekuri order of kinds)
    ({"minimum": 5, "multipleOf": 2}, 3, ["multipleOf", "minimum"], ["minimum", "multipleOf"]),
    ({"maximum": 1, "exclusiveMaximum": 1}, 1, ["exclusiveMaximum"], ["exclusiveMaximum"]),
    ({"maximum": 1, "exclusiveMinimum": 4, "minimum": 3}, 2, ["maximum", "minimum", "exclusiveMinimum"],
     ["minimum", "maximum", "exclusiveMinimum"]),
    ({"multipleOf": 0.1}, 0.3, [], []),  # exact: 0.3 is a multiple of 0.1 as decimals
    ({"minimum": 0}, 0, [], []),
]
GOJSON = ("multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum")
TEKURI = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")


@pytest.mark.parametrize("schema,value,go_kinds,tekuri_kinds", NUMBERS)
def test_number_failures_in_each_validators_order(schema: dict, value: object, go_kinds: list, tekuri_kinds: list) -> None:
    node = _node(schema)
    assert [k for k, _ in number_failures(node, value, GOJSON)] == go_kinds
    assert [k for k, _ in number_failures(node, value, TEKURI)] == tekuri_kinds
    for _, details in number_failures(node, value, GOJSON):
        assert details["got"] == Fraction(str(value))


def test_string_value_and_pattern_checks() -> None:
    node = _node({"minLength": 2, "maxLength": 3, "pattern": "^[a-z]+$"})
    assert [k for k, _ in string_failures(node, "A")] == ["minLength", "pattern"]
    assert [k for k, _ in string_failures(node, "abcd")] == ["maxLength"]
    assert string_failures(node, "ab") == []
    node = _node({"const": "x", "enum": ["y"], "format": "ipv4"})
    assert [k for k, _ in value_failures(node, "z")] == ["const", "enum", "format"]
    assert [k for k, _ in value_failures(node, 7)] == ["const", "enum"]  # formats only judge strings
    node = _node({"patternProperties": {"^a": {}, "b$": {"type": "string"}, "^z": {}}})
    assert len(pattern_schemas(node, "ab")) == 2 and pattern_schemas(node, "q") == []


ORDER = [  # Helm 3 lists every failure (properties last, in schema order), Helm 4 stops at type/const/enum/format
    # and groups a subschema's several errors under `validation failed` (keys sorted)
    ({"type": "string", "enum": ["a"], "minLength": 3}, "b",
     ["- (root): (root) must be one of the following: \"a\"", "- (root): String length must be greater than or equal to 3"],
     ["- at '': value must be 'a'"]),
    ({"minLength": 3, "pattern": "^a"}, "b",
     ["- (root): String length must be greater than or equal to 3", "- (root): Does not match pattern '^a'"],
     ["- at '': minLength: got 1, want 3", "- at '': 'b' does not match pattern '^a'"]),
    ({"properties": {"w": {"type": "null"}, "v": {"minLength": 3, "pattern": "^a"}}}, {"v": "b", "w": 0},
     ["- w: Invalid type. Expected: null, given: integer", "- v: String length must be greater than or equal to 3",
      "- v: Does not match pattern '^a'"],
     ["- at '/v': validation failed", "  - at '/v': minLength: got 1, want 3", "  - at '/v': 'b' does not match pattern '^a'",
      "- at '/w': got number, want null"]),
]


@pytest.mark.parametrize("schema,value,helm3,helm4", ORDER)
def test_each_validator_keeps_its_order(schema: dict, value: object, helm3: list, helm4: list) -> None:
    compiled = compile_schema(json.dumps(schema))
    assert [v.line(3) for v in check(compiled, value, "c", 3)] == helm3
    assert [v.line(4) for v in check(compiled, value, "c", 4)] == helm4


RUNAWAY = [  # schemas whose walk never ends: reported as a SchemaProblem, whichever limit comes first
    {"$ref": "#"},
    {"anyOf": [{"$ref": "#"}]},
    {"allOf": [{"$ref": "#"}], "properties": {"a": {}}},
    {"if": {"$ref": "#"}, "then": {}},
    {"definitions": {"d": {"oneOf": [{"$ref": "#/definitions/d"}, {"not": {"$ref": "#/definitions/d"}}]}},
     "$ref": "#/definitions/d"},
]


@pytest.mark.parametrize("schema", RUNAWAY, ids=[str(i) for i in range(len(RUNAWAY))])
@pytest.mark.parametrize("major", [3, 4])
def test_runaway_recursion_is_a_schema_problem(schema: dict, major: int) -> None:
    compiled = compile_schema(json.dumps(schema))
    with pytest.raises(SchemaProblem, match="recursion too deep"):
        check(compiled, {"a": 1}, "c", major)
