"""values.schema.json: Helm 3.17 (gojsonschema) and Helm 4 (santhosh-tekuri) messages, the chart
tree walk (subcharts scoped, globals, disabled subcharts skipped), --skip-schema-validation, the
values file:line of the offending key, unusable schemas, and the facts route."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from k8sfix_tui.cli import main
from k8sfix_tui.errors import RenderError
from k8sfix_tui.render.helm import RenderOptions, render_chart
from k8sfix_tui.render.helm_schema import (
    HEADER,
    SchemaProblem,
    canonical_json,
    check,
    compile_schema,
    go_json_float,
    go_v_float,
    tekuri_float,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "helm_schema"
SHOP = DATA / "shop"
BAD = DATA / "values-bad.yaml"


def _lines(schema: dict, values: object, helm_major: int = 3) -> list[str]:
    return [v.line(helm_major) for v in check(compile_schema(json.dumps(schema)), values, "c", helm_major)]


# --------------------------------------------------------------------------------------------
# messages, one keyword at a time (Helm 3.17: gojsonschema's DefaultLocale, `field: description`)
# --------------------------------------------------------------------------------------------

INT = {"type": "object", "properties": {"replicaCount": {"type": "integer"}}}
MESSAGES_HELM3 = [
    (INT, {"replicaCount": "3"}, ["- replicaCount: Invalid type. Expected: integer, given: string"]),
    (INT, {"replicaCount": 1.5}, ["- replicaCount: Invalid type. Expected: integer, given: number"]),
    (INT, {"replicaCount": 2.0}, []),  # a whole float is an integer after YAML -> JSON
    (INT, {"replicaCount": None}, ["- replicaCount: Invalid type. Expected: integer, given: null"]),
    ({"properties": {"a": {"type": ["string", "null"]}}}, {"a": 1}, ["- a: Invalid type. Expected: [string,null], given: integer"]),
    ({"type": "object"}, [], ["- (root): Invalid type. Expected: object, given: array"]),
    ({"required": ["replicaCount", "image"]}, {"image": {}}, ["- (root): replicaCount is required"]),
    ({"properties": {"image": {"required": ["tag"]}}}, {"image": {}}, ["- image: tag is required"]),
    ({"properties": {"p": {"enum": ["Always", "Never"]}}}, {"p": "x"}, ['- p: p must be one of the following: "Always", "Never"']),
    ({"properties": {"p": {"enum": [1, 2.5, None, "<a&b>"]}}}, {"p": 3},
     ['- p: p must be one of the following: 1, 2.5, null, "\\u003ca\\u0026b\\u003e"']),
    ({"properties": {"p": {"enum": [1]}}}, {"p": 1.0}, []),
    ({"properties": {"p": {"const": "x"}}}, {"p": "y"}, ['- p: p does not match: "x"']),
    ({"properties": {"r": {"pattern": "^[a-z]+$"}}}, {"r": "UP"}, ["- r: Does not match pattern '^[a-z]+$'"]),
    ({"properties": {"r": {"pattern": "[a-z]"}}}, {"r": "UPa"}, []),  # RE2 MatchString is a search
    ({"properties": {"n": {"minimum": 1}}}, {"n": 0}, ["- n: Must be greater than or equal to 1"]),
    ({"properties": {"n": {"maximum": 65535}}}, {"n": 70000}, ["- n: Must be less than or equal to 65535"]),
    ({"properties": {"n": {"maximum": 1000000}}}, {"n": 2000000}, ["- n: Must be less than or equal to 1e+06"]),
    ({"properties": {"n": {"minimum": 0.5}}}, {"n": 0.25}, ["- n: Must be greater than or equal to 0.5"]),
    ({"properties": {"n": {"exclusiveMinimum": 0}}}, {"n": 0}, ["- n: Must be greater than 0"]),
    ({"properties": {"n": {"maximum": 10, "exclusiveMaximum": True}}}, {"n": 10}, ["- n: Must be less than 10"]),  # draft-4 form
    ({"properties": {"n": {"multipleOf": 0.1}}}, {"n": 0.3}, []),  # exact decimals, like big.Rat
    ({"properties": {"n": {"multipleOf": 5}}}, {"n": 7}, ["- n: Must be a multiple of 5"]),
    ({"properties": {"s": {"minLength": 2}}}, {"s": "é"}, ["- s: String length must be greater than or equal to 2"]),
    ({"properties": {"s": {"maxLength": 3}}}, {"s": "abcd"}, ["- s: String length must be less than or equal to 3"]),
    ({"additionalProperties": False, "properties": {"a": {}}}, {"a": 1, "z": 1, "b": 2},
     ["- (root): Additional property b is not allowed", "- (root): Additional property z is not allowed"]),
    ({"additionalProperties": {"type": "string"}}, {"x": 1}, ["- x: Invalid type. Expected: string, given: integer"]),
    ({"patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": False}, {"x-a": 1, "y": ""},
     ["- x-a: Invalid type. Expected: string, given: integer", "- (root): Additional property y is not allowed"]),
    ({"properties": {"l": {"minItems": 2}}}, {"l": [1]}, ["- l: Array must have at least 2 items"]),
    ({"properties": {"l": {"maxItems": 1}}}, {"l": [1, 2]}, ["- l: Array must have at most 1 items"]),
    ({"properties": {"l": {"uniqueItems": True}}}, {"l": [1, 2, 1.0]}, ["- l: array items[0,2] must be unique"]),
    ({"properties": {"l": {"items": {"type": "string"}}}}, {"l": ["a", 2]}, ["- l.1: Invalid type. Expected: string, given: integer"]),
    ({"properties": {"m": {"minProperties": 1}}}, {"m": {}}, ["- m: Must have at least 1 properties"]),
    ({"properties": {"e": {"format": "ipv4"}}}, {"e": "300.1.1.1"}, ["- e: Does not match format 'ipv4'"]),
    ({"properties": {"e": {"format": "made-up"}}}, {"e": "x"}, []),
    ({"properties": {"a": False}}, {"a": 1}, ["- a: False always fails validation"]),
    ({"dependencies": {"tls": ["cert"]}}, {"tls": True}, ["- (root): Has a dependency on cert"]),
    ({"properties": {"v": {"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 10}]}}}, {"v": 3},
     ["- v: Must validate at least one schema (anyOf)", "- v: Must be greater than or equal to 10"]),
    ({"properties": {"v": {"oneOf": [{"type": "integer"}, {"minimum": 0}]}}}, {"v": 3},
     ["- v: Must validate one and only one schema (oneOf)"]),
    ({"properties": {"v": {"allOf": [{"type": "integer"}, {"minimum": 5}]}}}, {"v": 3},
     ["- v: Must be greater than or equal to 5", "- v: Must validate all the schemas (allOf)"]),
    ({"properties": {"v": {"not": {"type": "string"}}}}, {"v": "s"}, ["- v: Must not validate the schema (not)"]),
    ({"if": {"properties": {"tls": {"const": True}}}, "then": {"required": ["cert"]}}, {"tls": True},
     ['- (root): Must validate "then" as "if" was valid', "- (root): cert is required"]),
    ({"definitions": {"p": {"type": "integer"}}, "properties": {"port": {"$ref": "#/definitions/p"}}}, {"port": "x"},
     ["- port: Invalid type. Expected: integer, given: string"]),
    ({"$defs": {"p": {"type": "integer"}}, "properties": {"port": {"$ref": "#/$defs/p"}}}, {"port": "x"},
     ["- port: Invalid type. Expected: integer, given: string"]),
    ({"properties": {"a": {"properties": {"b": {"properties": {"c": {"type": "boolean"}}}}}}}, {"a": {"b": {"c": "yes"}}},
     ["- a.b.c: Invalid type. Expected: boolean, given: string"]),
    # type mismatch stops the walk of that value, nothing else is reported for it
    ({"properties": {"n": {"type": "integer", "minimum": 5, "enum": [7]}}}, {"n": "x"},
     ["- n: Invalid type. Expected: integer, given: string"]),
]


@pytest.mark.parametrize("schema,values,expected", MESSAGES_HELM3, ids=[str(i) for i in range(len(MESSAGES_HELM3))])
def test_messages_helm3(schema: dict, values: object, expected: list[str]) -> None:
    assert _lines(schema, values) == expected


MESSAGES_HELM4 = [
    (INT, {"replicaCount": "3"}, ["- at '/replicaCount': got string, want integer"]),
    ({"required": ["a", "b"]}, {}, ["- at '': missing properties 'a', 'b'"]),
    ({"required": ["age"]}, {}, ["- at '': missing property 'age'"]),
    ({"additionalProperties": False}, {"x": 1, "y": 2}, ["- at '': additional properties 'x', 'y' not allowed"]),
    ({"properties": {"p": {"enum": ["a", "b"]}}}, {"p": "c"}, ["- at '/p': value must be one of 'a', 'b'"]),
    ({"properties": {"p": {"const": "a"}}}, {"p": "c"}, ["- at '/p': value must be 'a'"]),
    ({"properties": {"age": {"minimum": 0}}}, {"age": -5}, ["- at '/age': minimum: got -5, want 0"]),
    ({"properties": {"port": {"maximum": 65535}}}, {"port": 70000}, ["- at '/port': maximum: got 70,000, want 65,535"]),
    ({"properties": {"p": {"enum": [1.0, 2]}}}, {"p": 3}, ["- at '/p': value must be one of 1.0, 2"]),
    ({"properties": {"s": {"pattern": "^a"}}}, {"s": "b"}, ["- at '/s': 'b' does not match pattern '^a'"]),
    ({"properties": {"s": {"minLength": 2}}}, {"s": "b"}, ["- at '/s': minLength: got 1, want 2"]),
    # helm 4's own TestValidateAgainstSchema2020Negative (pkg/chart/common/util/jsonschema_test.go)
    ({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["data"],
      "properties": {"data": {"type": "array", "contains": {"type": "string"}}}}, {"data": [12]},
     ["- at '/data': no items match contains schema", "  - at '/data/0': got number, want string"]),
    ({"properties": {"v": {"anyOf": [{"type": "string"}, {"type": "boolean"}]}}}, {"v": 1},
     ["- at '/v': anyOf failed", "  - at '/v': got number, want string", "  - at '/v': got number, want boolean"]),
    ({"properties": {"v": {"type": ["string", "null"]}}}, {"v": 1}, ["- at '/v': got number, want null or string"]),
    ({"required": ["name"], "properties": {"image": {"required": ["repository"], "properties": {"tag": {"type": "string"}}}}},
     {"image": {"tag": 1}},
     ["- at '': missing property 'name'", "- at '/image': validation failed", "  - at '/image': missing property 'repository'",
      "  - at '/image/tag': got number, want string"]),
    # a lone group at the top is unwrapped, as santhosh-tekuri's Schema.Validate does
    ({"properties": {"image": {"required": ["repository"], "properties": {"tag": {"type": "string"}}}}}, {"image": {"tag": 1}},
     ["- at '/image': missing property 'repository'", "- at '/image/tag': got number, want string"]),
    ({"definitions": {"p": {"type": "integer", "minimum": 1}}, "properties": {"port": {"$ref": "#/definitions/p"}}}, {"port": 0},
     ["- at '/port': minimum: got 0, want 1"]),  # a $ref with one cause is not shown
    ({"properties": {"p": {"enum": ["a"], "minLength": 5}}}, {"p": "b"}, ["- at '/p': value must be 'a'"]),  # enum stops
]


@pytest.mark.parametrize("schema,values,expected", MESSAGES_HELM4, ids=[str(i) for i in range(len(MESSAGES_HELM4))])
def test_messages_helm4(schema: dict, values: object, expected: list[str]) -> None:
    assert _lines(schema, values, 4) == expected


@pytest.mark.parametrize("value,json_text,v_text,tekuri", [
    (1.0, "1", "1", "1"), (0.5, "0.5", "0.5", "0.5"), (1e21, "1e+21", "1e+21", "1E21"),
    (1e20, "100000000000000000000", "1e+20", "1E20"), (999999.0, "999999", "999999", "999,999"),
    (1234567.0, "1234567", "1.234567e+06", "1.234567E6"), (65535.0, "65535", "65535", "65,535"),
    (1e-7, "1e-7", "1e-07", "1E-7"), (0.0001, "0.0001", "0.0001", "0.0001"), (0.00001, "0.00001", "1e-05", "1E-5"),
    (-2.5, "-2.5", "-2.5", "-2.5"), (-1234.5, "-1234.5", "-1234.5", "-1,234.5"),
])
def test_go_number_formatting(value: float, json_text: str, v_text: str, tekuri: str) -> None:
    assert go_json_float(value) == json_text
    assert go_v_float(value) == v_text
    assert tekuri_float(value) == tekuri


FORMATS = [
    ("ipv4", "10.0.0.1", True), ("ipv4", "300.1.1.1", False), ("ipv4", "::1", False), ("ipv6", "::1", True),
    ("ipv6", "fe80::1%eth0", False), ("hostname", "api.example.com", True), ("hostname", "-bad.example", False),
    ("date", "2024-02-29", True), ("date", "2023-02-29", False), ("time", "10:00:00", True), ("time", "25:00:00", False),
    ("date-time", "2024-01-02T10:00:00Z", True), ("date-time", "2024-01-02T10:00:00.5+02:00", True),
    ("date-time", "2024-01-02T10:00:00", False), ("date-time", "2024-01-02", True),  # gojsonschema also takes a date
    ("email", "ops@example.com", True), ("email", "Ops <ops@example.com>", True), ("email", "nope", False),
    ("uri", "https://example.com/x", True), ("uri", "/relative", False), ("uri-reference", "/relative", True),
    ("uuid", "123E4567-E89B-12D3-A456-426614174000", True), ("uuid", "1234", False),
    ("regex", "^a+$", True), ("regex", "(", False), ("json-pointer", "/a/b~1c", True), ("json-pointer", "a", False),
]


@pytest.mark.parametrize("fmt,value,ok", FORMATS, ids=[f"{f}-{v}" for f, v, _ in FORMATS])
def test_formats_like_gojsonschema(fmt: str, value: str, ok: bool) -> None:
    assert _lines({"properties": {"v": {"format": fmt}}}, {"v": value}) == ([] if ok else [f"- v: Does not match format '{fmt}'"])


def test_canonical_json_sorts_keys_and_uses_float64() -> None:
    assert canonical_json({"b": [1, 2.0], "a": None}) == '{"a":null,"b":[1,2]}'


# --------------------------------------------------------------------------------------------
# unusable schemas: one line under the chart name, like helm
# --------------------------------------------------------------------------------------------

BAD_SCHEMAS = [
    ('{"type": "object",}', "invalid character '}' looking for beginning of object key string"),
    ('{"type": "object"', "unexpected EOF"),
    ("", "EOF"),
    ("[1, 2]", "schema is invalid"),
    ('{"type": "objekt"}', "has a primitive type that is NOT VALID -- given: /objekt/"),
    ('{"type": 5}', "Invalid type. Expected: string/array of strings, given: type"),
    ('{"minimum": "1"}', "minimum must be of a number"),
    ('{"minLength": -1}', "minLength must be greater than or equal to 0"),
    ('{"pattern": "(?=x)"}', "pattern must be a valid regex"),
    ('{"required": "a"}', "required must be of an array"),
    ('{"properties": {"a": {"$ref": "#/definitions/missing"}}}', '$ref "#/definitions/missing" cannot be resolved'),
    ('{"properties": {"a": {"$ref": "https://example.com/s.json"}}}', "which k8sfix does not fetch (offline)"),
]


@pytest.mark.parametrize("text,message", BAD_SCHEMAS, ids=[t[:24] for t, _ in BAD_SCHEMAS])
def test_unusable_schema_is_a_schema_problem(text: str, message: str) -> None:
    with pytest.raises(SchemaProblem) as info:
        compile_schema(text)
    assert message in info.value.message
    assert "\n" not in info.value.message


def test_trailing_data_after_the_schema_is_ignored_like_gos_decoder() -> None:
    assert _lines({"type": "object"}, {}) == []
    compiled = compile_schema('{"type": "string"} trailing')
    assert [v.line() for v in check(compiled, {})] == ["- (root): Invalid type. Expected: string, given: object"]


def test_remote_ref_is_permissive_with_a_warning_when_not_strict() -> None:
    text = '{"properties": {"a": {"$ref": "https://example.com/s.json#/x"}, "b": {"type": "integer"}}}'
    compiled = compile_schema(text, strict=False)
    assert compiled.warnings and "offline" in compiled.warnings[0]
    assert [v.line() for v in check(compiled, {"a": [1], "b": "x"})] == ["- b: Invalid type. Expected: integer, given: string"]


def test_ref_cycle_does_not_hang() -> None:
    compiled = compile_schema('{"$ref": "#"}')
    with pytest.raises(SchemaProblem):
        check(compiled, {"a": 1})


def test_ids_declared_in_the_file_resolve() -> None:
    schema = {"$id": "https://example.com/root.json", "definitions": {"p": {"$id": "port.json", "type": "integer"}},
              "properties": {"port": {"$ref": "port.json"}, "other": {"$ref": "#/definitions/p"}}}
    assert _lines(schema, {"port": "x", "other": 1}) == ["- port: Invalid type. Expected: integer, given: string"]


# --------------------------------------------------------------------------------------------
# the chart tree, through render_chart
# --------------------------------------------------------------------------------------------


def _error(opts: RenderOptions, chart: Path = SHOP) -> RenderError:
    with pytest.raises(RenderError) as info:
        render_chart(chart, opts)
    return info.value


def test_defaults_pass_and_render() -> None:
    result = render_chart(SHOP, RenderOptions())
    assert [m.source for m in result.manifests] == ["shop/templates/deployment.yaml", "shop/charts/db/templates/statefulset.yaml"]


def test_values_file_breaking_parent_and_subchart() -> None:
    exc = _error(RenderOptions(values_files=[str(BAD)]))
    assert exc.message == (
        HEADER + "\n"
        "shop:\n"
        "- replicaCount: Invalid type. Expected: integer, given: string\n"
        "- image.tag: String length must be greater than or equal to 1\n"
        '- image.pullPolicy: image.pullPolicy must be one of the following: "Always", "IfNotPresent", "Never"\n'
        "db:\n"
        "- storage: Does not match pattern '^[0-9]+(Mi|Gi|Ti)$'\n"
    )
    assert exc.schema_file == f"{SHOP}/values.schema.json"
    assert exc.location == f"{BAD}:1"  # replicaCount, in the -f file
    assert [v.chart for v in exc.violations] == ["shop", "shop", "shop", "db"]
    assert not getattr(exc, "debug_hint", False)  # helm adds no --debug hint to schema errors


def test_set_violation_points_at_set_and_ref_definition_applies() -> None:
    exc = _error(RenderOptions(set_values=["service.port=0"]))
    assert exc.message.endswith("shop:\n- service.port: Must be greater than or equal to 1\n")
    assert exc.location == "--set"


def test_chart_default_violation_points_at_values_yaml_line(tmp_path: Path) -> None:
    chart = tmp_path / "shop"
    shutil.copytree(SHOP, chart)
    text = (chart / "values.yaml").read_text().replace("replicaCount: 2", "replicaCount: 0")
    (chart / "values.yaml").write_text(text)
    exc = _error(RenderOptions(), chart)
    assert exc.message.endswith("shop:\n- replicaCount: Must be greater than or equal to 1\n")
    assert exc.location == f"{chart}/values.yaml:3"
    exc = _error(RenderOptions(set_values=["db.port=x"]))
    assert exc.message.endswith("db:\n- port: Invalid type. Expected: integer, given: string\n")
    assert exc.location == "--set"


def test_subchart_default_location(tmp_path: Path) -> None:
    chart = tmp_path / "shop"
    shutil.copytree(SHOP, chart)
    (chart / "charts" / "db" / "values.yaml").write_text("port: 5432\nstorage: lots\n")
    exc = _error(RenderOptions(), chart)
    assert exc.location == f"{chart}/charts/db/values.yaml:2"


def test_globals_are_validated_in_the_subchart_scope() -> None:
    exc = _error(RenderOptions(set_values=["global.environment=qa"]))
    assert exc.message == HEADER + '\ndb:\n- global.environment: global.environment must be one of the following: "dev", "staging", "prod"\n'
    assert exc.location == "--set"


def test_disabled_subchart_is_not_validated_enabled_one_is() -> None:
    render_chart(SHOP, RenderOptions(set_values=["cache.enabled=false"]))
    exc = _error(RenderOptions(set_values=["cache.enabled=true"]))
    assert exc.message == HEADER + "\ncache:\n- (root): password is required\n"
    render_chart(SHOP, RenderOptions(set_values=["cache.enabled=true", "cache.password=longenough"]))


def test_skip_schema_validation() -> None:
    result = render_chart(SHOP, RenderOptions(values_files=[str(BAD)], skip_schema_validation=True))
    assert "replicas: 3" in result.text


def test_helm4_wording_through_the_tree() -> None:
    exc = _error(RenderOptions(set_values=["replicaCount=0", "cache.enabled=true"], helm_major=4))
    assert exc.message == HEADER + "\nshop:\n- at '/replicaCount': minimum: got 0, want 1\ncache:\n- at '': missing property 'password'\n"


@pytest.mark.parametrize("text,first", [
    ("{not json", "invalid character 'n' looking for beginning of object key string"),
    ('{"properties": {"a": {"$ref": "http://schemas.example.com/a.json"}}}', "which k8sfix does not fetch (offline)"),
])
def test_unusable_schema_in_a_chart(tmp_path: Path, text: str, first: str) -> None:
    chart = tmp_path / "shop"
    shutil.copytree(SHOP, chart)
    (chart / "values.schema.json").write_text(text)
    exc = _error(RenderOptions(), chart)
    assert exc.message.startswith(HEADER + "\nshop:\n") and first in exc.message
    assert str(exc.location).startswith(f"{chart}/values.schema.json")


def test_remote_ref_in_analysis_mode_renders_with_a_warning(tmp_path: Path) -> None:
    chart = tmp_path / "shop"
    shutil.copytree(SHOP, chart)
    (chart / "values.schema.json").write_text('{"properties": {"image": {"$ref": "https://example.com/image.json"}}}')
    result = render_chart(chart, RenderOptions(keep_going=True))
    assert any("offline" in w for w in result.warnings)


def test_chart_without_schema_untouched(tmp_path: Path) -> None:
    chart = tmp_path / "shop"
    shutil.copytree(SHOP, chart)
    for p in chart.rglob("values.schema.json"):
        p.unlink()
    render_chart(chart, RenderOptions(values_files=[str(BAD)]))


# --------------------------------------------------------------------------------------------
# command line and facts
# --------------------------------------------------------------------------------------------


def test_template_command_prints_helms_multiline_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", str(SHOP), "--set", "replicaCount=abc"]) == 1
    err = capsys.readouterr().err
    assert err == f"Error: {HEADER}\nshop:\n- replicaCount: Invalid type. Expected: integer, given: string\n"
    assert main(["template", str(SHOP), "--set", "replicaCount=abc", "--skip-schema-validation"]) == 0
    assert "replicas: abc" in capsys.readouterr().out


def test_facts_route_source_error_names_schema_and_key(tmp_path: Path) -> None:
    from k8sfix_tui.facts.charts import RenderRequest, read_chart, render_objects

    shutil.copytree(SHOP, tmp_path / "deploy" / "shop")
    shutil.copy(BAD, tmp_path / "deploy" / "values-bad.yaml")
    files = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "deploy").rglob("*") if p.is_file())
    errors: list = []
    chart = read_chart(tmp_path, "deploy/shop", files, errors)
    assert chart is not None and not errors
    objects, errs = render_objects(tmp_path, chart, RenderRequest("r", "default", ["deploy/values-bad.yaml"], [], []), "prod")
    assert objects == [] and len(errs) == 1
    assert errs[0].location.path == "deploy/values-bad.yaml" and errs[0].location.line == 1
    assert "schema deploy/shop/values.schema.json" in errs[0].message
    assert "replicaCount: Invalid type. Expected: integer, given: string" in errs[0].message
    objects, errs = render_objects(tmp_path, chart, RenderRequest("r", "default", [], [], []), "default")
    assert len(objects) == 2 and errs == []
    skip = RenderRequest("r", "default", ["deploy/values-bad.yaml"], [], [], skip_schema_validation=True)
    objects, errs = render_objects(tmp_path, chart, skip, "prod --skip-schema-validation")
    assert len(objects) == 2 and errs == []


# --------------------------------------------------------------------------------------------
# property: any values, fixed schema -> violations or RenderError, never anything else
# --------------------------------------------------------------------------------------------

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=True, allow_infinity=True),
                     st.text(max_size=12))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=20)
_FIXED = (SHOP / "values.schema.json").read_bytes()


@settings(max_examples=150)
@given(values=st.dictionaries(st.sampled_from(["replicaCount", "image", "service", "x", "global"]), _VALUES, max_size=5))
def test_validator_never_raises_anything_but_render_error(values: dict) -> None:
    from k8sfix_tui.render.helm_schema import validate_values

    class _Chart:
        name = "shop"
        origin = "shop"
        schema = _FIXED
        dependencies: list = []
        values_file = "values.yaml"
        values_lines: dict = {}

    for major in (3, 4):
        try:
            validate_values(_Chart(), values, [("-f", {}, values)], helm_major=major)
        except RenderError as exc:
            assert exc.message.startswith(HEADER)


# --------------------------------------------------------------------------------------------
# Helm's own install tests (cmd/helm/install_test.go, v3.17.3): same charts, same expected text
# --------------------------------------------------------------------------------------------

HELM_CHARTS = DATA / "helm-testcharts"
HELM4_GOLDEN = "- at '': missing property 'employmentInfo'\n- at '/age': minimum: got -5, want 0\n"  # helm 4 TestValidateAgainstSingleSchemaNegative


def test_helm4_golden_on_the_same_chart() -> None:
    exc = _error(RenderOptions(helm_major=4), HELM_CHARTS / "chart-with-schema-negative")
    assert exc.message == HEADER + "\nempty:\n" + HELM4_GOLDEN
    exc = _error(RenderOptions(helm_major=4, set_values=["lastname=doe", "subchart-with-schema.age=-25"]),
                 HELM_CHARTS / "chart-with-schema-and-subchart")
    assert exc.message == HEADER + "\nsubchart-with-schema:\n- at '/age': minimum: got -25, want 0\n"


HELM_CASES = [
    ("chart-with-schema", [], [], None),
    ("chart-with-schema-negative", [], [], "schema-negative.txt"),
    ("chart-with-schema", ["chart-with-schema/extra-values.yaml"], [], "schema-negative.txt"),
    ("chart-with-schema", [], ["age=-5"], "schema-negative-cli.txt"),
    ("chart-with-schema-and-subchart", [], [], "subchart-schema-negative.txt"),
    ("chart-with-schema-and-subchart", [], ["lastname=doe", "subchart-with-schema.age=25"], None),
    ("chart-with-schema-and-subchart", [], ["lastname=doe", "subchart-with-schema.age=-25"], "subchart-schema-cli-negative.txt"),
]


@pytest.mark.parametrize("chart,files,sets,golden", HELM_CASES, ids=[f"{c[0]}-{c[3]}" for c in HELM_CASES])
def test_helm_install_goldens(chart: str, files: list[str], sets: list[str], golden: str | None,
                              capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["template", str(HELM_CHARTS / chart)]
    for f in files:
        argv += ["-f", str(HELM_CHARTS / f)]
    for s in sets:
        argv += ["--set", s]
    code = main(argv)
    err = capsys.readouterr().err
    if golden is None:
        assert code == 0, err
        return
    expected = (HELM_CHARTS / "expected" / golden).read_text().replace("Error: INSTALLATION FAILED: ", "Error: ")
    assert code == 1
    assert err == expected.rstrip("\n") + "\n"


# --------------------------------------------------------------------------------------------
# remote Kubernetes schemas come from kubernetes-validate's bundled copy (no network)
# --------------------------------------------------------------------------------------------

K8S_REFS = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "properties": {
        "affinity": {"$ref": "https://kubernetesjsonschema.dev/v1.29.0/_definitions.json#/definitions/io.k8s.api.core.v1.Affinity"},
        "port": {"$ref": "https://kubernetesjsonschema.dev/v1.29.0/_definitions.json#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString"},
        "resources": {"$ref": "https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/v1.29.0/resourcerequirements-v1.json"},
    },
}


def test_kubernetes_refs_resolve_offline() -> None:
    pytest.importorskip("kubernetes_validate")
    assert _lines(K8S_REFS, {"affinity": {"nodeAffinity": {}}, "port": "http", "resources": {"limits": {"cpu": "1"}}}) == []
    assert _lines(K8S_REFS, {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": "x"}}}}) == [
        "- affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Invalid type. Expected: array, given: string"]
    assert _lines(K8S_REFS, {"port": 1.5})[0] == "- port: Must validate one and only one schema (oneOf)"


# --------------------------------------------------------------------------------------------
# property: arbitrary schema documents compile or fail with SchemaProblem, never anything else
# --------------------------------------------------------------------------------------------

_KEYWORDS = ["type", "properties", "required", "additionalProperties", "items", "enum", "const", "minimum", "maximum",
             "exclusiveMinimum", "minLength", "pattern", "anyOf", "oneOf", "allOf", "not", "$ref", "definitions",
             "patternProperties", "dependencies", "if", "then", "format", "uniqueItems", "contains", "multipleOf", "$id"]
_JSONISH = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(-10, 10), st.sampled_from(
    ["string", "integer", "object", "array", "#", "#/definitions/a", "^a+$", "(", "a", "http://x/y.json"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(_KEYWORDS + ["a", "b"]), inner, max_size=4)),
    max_leaves=15)


@settings(max_examples=300)
@given(schema=st.dictionaries(st.sampled_from(_KEYWORDS), _JSONISH, max_size=5), values=_VALUES)
def test_arbitrary_schemas_never_crash(schema: dict, values: object) -> None:
    for strict in (True, False):
        try:
            compiled = compile_schema(json.dumps(schema), strict)
        except SchemaProblem as exc:
            assert exc.message and "\n" not in exc.message
            continue
        for major in (3, 4):
            try:
                for v in check(compiled, values, "c", major):
                    assert v.line(major).startswith(("- ", "  "))
            except SchemaProblem:
                pass


# --------------------------------------------------------------------------------------------
# RE2 patterns (Go's regexp) checked with Python's re: the differences that matter
# --------------------------------------------------------------------------------------------

RE2 = [
    (r"^abc$", "abc\n", False),  # RE2's $ is the end of the text
    (r"(?m)^abc$", "x\nabc\n", True),
    (r"^\d+$", "١٢", False),  # RE2's \d is ASCII
    (r"^[\d.]+$", "1.2", True),
    (r"^\s$", "\u00a0", False),
    (r"a(?i)b", "aB", True),  # flags in mid-pattern
    (r"(a(?i)b)c", "aBC", False),
    (r"^[[:alpha:]]+$", "abc", True),
    (r"^\Qa.b\E$", "a.b", True),
    (r"^\Qa.b\E$", "axb", False),
    (r"^\x{41}$", "A", True),
    (r"^\pL+$", "héllo", True),
    (r"(?<v>\d+)", "v1", True),
    (r"^\p{Greek}+$", "xyz", True),  # a class re cannot express: the pattern is not checked
]


@pytest.mark.parametrize("pattern,value,matches", RE2, ids=[p for p, _, _ in RE2])
def test_re2_patterns(pattern: str, value: str, matches: bool) -> None:
    got = _lines({"properties": {"v": {"pattern": pattern}}}, {"v": value})
    assert got == ([] if matches else [f"- v: Does not match pattern '{pattern}'"])


@settings(max_examples=400)
@given(st.text(alphabet="\\()[]{}^$?*+.|:-=!<>PQEzxdswpL0123456789aAi{}", max_size=16))
def test_re2_translation_never_crashes(pattern: str) -> None:
    from k8sfix_tui.render.helm_schema import _go_regex

    try:
        rx = _go_regex(pattern)
    except ValueError:
        return
    if rx is not None:
        rx.search("ab1")


def test_strict_subchart_schema_sees_global_and_condition_key(tmp_path: Path) -> None:
    """helm/helm#10392: helm copies `global` into every subchart's values (and the parent's
    `cache.enabled` lands in the subchart's own values), so a subchart schema with
    additionalProperties false fails when used as a dependency; messages as users report them."""
    chart = tmp_path / "shop"
    shutil.copytree(SHOP, chart)
    (chart / "charts" / "cache" / "values.schema.json").write_text(
        '{"type": "object", "additionalProperties": false, "properties": {"password": {}, "memory": {}}}')
    opts = RenderOptions(set_values=["cache.enabled=true", "cache.password=longenough"])
    assert _error(opts, chart).message == (
        HEADER + "\ncache:\n- (root): Additional property enabled is not allowed\n- (root): Additional property global is not allowed\n")
    opts.helm_major = 4
    assert _error(opts, chart).message == HEADER + "\ncache:\n- at '': additional properties 'enabled', 'global' not allowed\n"
