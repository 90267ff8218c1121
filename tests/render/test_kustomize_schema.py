"""Merge keys from the OpenAPI schemas (kustomize_schema), kyaml's associative list merge
(kustomize_assoc) and the kustomization `openapi:` field, as tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from k8sfix_tui.errors import RenderError
from k8sfix_tui.render.kustomize import build
from k8sfix_tui.render.kustomize_assoc import merge_associative
from k8sfix_tui.render.kustomize_merge import strategic_merge
from k8sfix_tui.render.kustomize_schema import builtin_schema, custom_schema, list_merge_keys, schema_version

POD = ("spec", "template", "spec")
BUILTIN = [
    # (apiVersion, kind, path, merge keys | [] for a merged scalar list | None for replaced)
    ("apps/v1", "Deployment", POD + ("volumes",), ["name"]),
    ("apps/v1", "Deployment", POD + ("containers",), ["name"]),
    ("apps/v1", "Deployment", POD + ("initContainers",), ["name"]),
    ("apps/v1", "Deployment", POD + ("containers", "ports"), ["containerPort", "protocol"]),
    ("apps/v1", "Deployment", POD + ("containers", "env"), ["name"]),
    ("apps/v1", "Deployment", POD + ("containers", "volumeMounts"), ["mountPath"]),
    ("apps/v1", "Deployment", POD + ("containers", "args"), None),
    ("apps/v1", "Deployment", POD + ("containers", "envFrom"), None),
    ("apps/v1", "Deployment", POD + ("imagePullSecrets",), ["name"]),
    ("apps/v1", "Deployment", POD + ("tolerations",), None),
    ("apps/v1", "Deployment", POD + ("hostAliases",), ["ip"]),
    ("apps/v1", "Deployment", POD + ("topologySpreadConstraints",), ["topologyKey", "whenUnsatisfiable"]),
    ("apps/v1", "Deployment", ("metadata", "finalizers"), []),
    ("apps/v1", "Deployment", ("metadata", "ownerReferences"), ["uid"]),
    ("apps/v1", "Deployment", ("spec", "strategy"), None),  # a map (retainKeys is ignored by kyaml)
    ("apps/v1", "Deployment", ("spec", "nope"), None),
    ("apps/v1", "StatefulSet", ("spec", "volumeClaimTemplates"), None),
    ("batch/v1", "CronJob", ("spec", "jobTemplate") + POD + ("volumes",), ["name"]),
    ("v1", "Pod", ("spec", "containers", "ports"), ["containerPort", "protocol"]),
    ("v1", "Service", ("spec", "ports"), ["port", "protocol"]),
    ("v1", "ServiceAccount", ("secrets",), ["name"]),
    ("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", ("webhooks",), ["name"]),
    ("rbac.authorization.k8s.io/v1", "ClusterRole", ("rules",), None),
    # newer than kustomize's built-in Kubernetes 1.21.2: replaced
    ("apps/v1", "Deployment", POD + ("schedulingGates",), None),
    ("apps/v1", "Deployment", POD + ("resourceClaims",), None),
    ("v1", "Pod", ("spec", "ephemeralContainers", "ports"), None),
    ("autoscaling/v2", "HorizontalPodAutoscaler", ("metadata", "finalizers"), None),
    # dropped after 1.21.2 but known to kustomize: read from a surviving version
    ("batch/v1beta1", "CronJob", ("spec", "jobTemplate") + POD + ("containers",), ["name"]),
    ("policy/v1beta1", "PodDisruptionBudget", ("metadata", "finalizers"), []),
    # unknown to kustomize's schema: every list replaced
    ("extensions/v1beta1", "Deployment", POD + ("containers",), None),
    ("apps/v1", "CronJob", ("spec", "jobTemplate") + POD + ("containers",), None),
    ("example.com/v1", "Widget", ("spec", "items"), None),
]


@pytest.mark.parametrize("api_version,kind,path,keys", BUILTIN)
def test_builtin_merge_keys(api_version, kind, path, keys) -> None:
    assert list_merge_keys(kind, api_version, path) == keys


def test_builtin_schema_is_the_oldest_shipped() -> None:
    assert builtin_schema() is not None
    assert schema_version() == "v1.25.0-local"


def test_answers_are_copies() -> None:
    keys = list_merge_keys("Deployment", "apps/v1", POD + ("containers",))
    keys.append("x")
    assert list_merge_keys("Deployment", "apps/v1", POD + ("containers",)) == ["name"]


CUSTOM_JSON = """{"definitions": {
  "w": {"type": "object", "x-kubernetes-group-version-kind": [{"group": "example.com", "version": "v1", "kind": "Widget"}],
        "properties": {"spec": {"$ref": "#/definitions/spec"}, "metadata": {"type": "object"}}},
  "spec": {"type": "object", "properties": {
     "items": {"type": "array", "items": {"$ref": "#/definitions/item"},
               "x-kubernetes-patch-strategy": "merge", "x-kubernetes-patch-merge-key": "name"},
     "tags": {"type": "array", "items": {"type": "string"}, "x-kubernetes-patch-strategy": "merge"},
     "pairs": {"type": "array", "items": {"$ref": "#/definitions/item"}, "x-kubernetes-patch-strategy": "merge",
               "x-kubernetes-list-map-keys": ["name", "zone"], "x-kubernetes-patch-merge-key": "name"},
     "atomic": {"type": "array", "items": {"$ref": "#/definitions/item"}, "x-kubernetes-patch-strategy": "replace",
               "x-kubernetes-patch-merge-key": "name"},
     "byName": {"type": "object", "additionalProperties": {"$ref": "#/definitions/item"}}}},
  "item": {"type": "object", "properties": {"name": {"type": "string"},
     "subs": {"type": "array", "items": {"type": "object"}, "x-kubernetes-patch-strategy": "merge",
              "x-kubernetes-patch-merge-key": "id"}}}
}}"""
CUSTOM_YAML = """definitions:
  w:
    x-kubernetes-group-version-kind: [{group: example.com, version: v1, kind: Widget}]
    properties:
      spec:
        properties:
          items: {type: array, x-kubernetes-patch-strategy: merge, x-kubernetes-patch-merge-key: name}
"""
CUSTOM = [
    (("spec", "items"), ["name"]),
    (("spec", "tags"), []),
    (("spec", "pairs"), ["name", "zone"]),
    (("spec", "atomic"), None),
    (("spec", "items", "subs"), ["id"]),
    (("spec", "byName", "some-key", "subs"), ["id"]),  # map values: additionalProperties
    (("spec", "missing"), None),
]


@pytest.mark.parametrize("path,keys", CUSTOM)
def test_custom_schema_merge_keys(path, keys) -> None:
    schema = custom_schema(CUSTOM_JSON, "schema.json")
    assert schema.list_merge_keys("Widget", "example.com/v1", path) == keys
    # a custom schema replaces the built-in one: Deployments are unknown to it
    assert schema.list_merge_keys("Deployment", "apps/v1", POD + ("containers",)) is None


def test_custom_schema_yaml() -> None:
    schema = custom_schema(CUSTOM_YAML, "schema.yaml")
    assert schema.list_merge_keys("Widget", "example.com/v1", ("spec", "items")) == ["name"]


@pytest.mark.parametrize("text", ["{not json", "- a list\n", "definitions: [1]\n", "a: [\n"])
def test_custom_schema_errors(text) -> None:
    with pytest.raises(RenderError) as info:
        custom_schema(text, "schema.json")
    assert str(info.value.location) == "schema.json"


def test_strategic_merge_with_custom_schema() -> None:
    schema = custom_schema(CUSTOM_JSON, "schema.json")
    target = {"apiVersion": "example.com/v1", "kind": "Widget", "spec": {"items": [{"name": "a"}, {"name": "b", "v": 1}]}}
    patch = {"spec": {"items": [{"name": "b", "v": 2}]}}
    merged = strategic_merge(target, patch, schema=schema)
    assert merged is not None and merged["spec"]["items"] == [{"name": "b", "v": 2}, {"name": "a"}]
    replaced = strategic_merge(target, patch)
    assert replaced is not None and replaced["spec"]["items"] == [{"name": "b", "v": 2}]


def _walk(target, patch):
    if patch is None:
        return None if target is None else dict(target)
    if target is None:
        return None if patch.get("$patch") == "delete" else dict(patch)
    if patch.get("$patch") == "delete":
        return None
    return {**target, **patch}


# (target, patch, keys, expected) -- orders and quirks checked against kubectl kustomize v5.5
ASSOC = [
    # one key: patch elements first, then the target's others; matches replaced in place
    ([{"name": "a"}, {"name": "b"}], [{"name": "b", "v": 1}, {"name": "c"}], ["name"],
     [{"name": "b", "v": 1}, {"name": "c"}, {"name": "a"}]),
    # the last duplicate of the target wins
    ([{"name": "a", "v": 1}, {"name": "a", "v": 2}], [{"name": "a", "w": 3}], ["name"], [{"name": "a", "v": 2}]),
    # deletion
    ([{"name": "a"}, {"name": "b"}], [{"name": "a", "$patch": "delete"}], ["name"], [{"name": "b"}]),
    # several keys: new elements first, the target's in their own order
    ([{"containerPort": 8080, "protocol": "TCP"}, {"containerPort": 8080, "protocol": "UDP", "n": 1}, {"containerPort": 9090}],
     [{"containerPort": 8080, "protocol": "UDP", "n": 2}, {"containerPort": 7070}], ["containerPort", "protocol"],
     [{"containerPort": 7070}, {"containerPort": 8080, "protocol": "TCP"}, {"containerPort": 8080, "protocol": "UDP", "n": 2},
      {"containerPort": 9090}]),
    # a patch element missing a key the target element has is dropped (kyaml)
    ([{"port": 80, "protocol": "TCP", "t": 1}], [{"port": 80, "t": 2}], ["port", "protocol"],
     [{"port": 80, "protocol": "TCP", "t": 1}]),
    # a target element without the key field wipes the list but itself (kyaml; kubectl agrees)
    ([{"x": 1}, {"name": "b"}], [{"name": "a"}], ["name"], [{"x": 1}]),
]


@pytest.mark.parametrize("target,patch,keys,expected", ASSOC)
def test_merge_associative(target, patch, keys, expected) -> None:
    assert merge_associative(target, patch, keys, _walk) == expected


FIXTURES = Path(__file__).parent / "kustomize_fixtures"
OPENAPI_ERRORS = [
    ("openapi:\n  version: v1.99.0\nresources: [r.yaml]\n", "not built in"),
    ("openapi:\n  version: v1.21.2\n  path: s.json\nresources: [r.yaml]\n", "cannot use both"),
    ("openapi:\n  path: missing.json\nresources: [r.yaml]\n", "does not exist"),
    ("openapi:\n  path: bad.json\nresources: [r.yaml]\n", "invalid OpenAPI schema"),
]


@pytest.mark.parametrize("kustomization,message", OPENAPI_ERRORS)
def test_openapi_field_errors(tmp_path: Path, kustomization: str, message: str) -> None:
    (tmp_path / "kustomization.yaml").write_text(kustomization)
    (tmp_path / "r.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n")
    (tmp_path / "s.json").write_text('{"definitions": {}}')
    (tmp_path / "bad.json").write_text('{"definitions": ')
    with pytest.raises(RenderError, match=message):
        build(tmp_path, renderer="embedded", repo_root=tmp_path)


def test_openapi_builtin_version_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text("openapi:\n  version: v1.21.2\nresources: [r.yaml]\n")
    (tmp_path / "r.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n")
    result = build(tmp_path, renderer="embedded", repo_root=tmp_path)
    assert [o["metadata"]["name"] for o in result.objects] == ["c"]
    assert not any("openapi" in w for w in result.warnings)


def test_schema_is_not_loaded_without_patches() -> None:
    code = (
        "from pathlib import Path\n"
        "from k8sfix_tui.render.kustomize import build\n"
        "from k8sfix_tui.render.kustomize_schema import builtin_schema\n"
        f"build(Path({str(FIXTURES / 'labels')!r}), renderer='embedded', repo_root=Path({str(FIXTURES)!r}))\n"
        "print(builtin_schema.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "0"


WIDGETS = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: g}\nspec:\n  items:\n  - {name: one}\n  - {name: two, size: 2}\n"
WIDGET_SCHEMA = (
    '{"definitions": {"w": {"x-kubernetes-group-version-kind": [{"group": "example.com", "version": "v1", '
    '"kind": "Widget"}], "properties": {"spec": {"properties": {"items": {"type": "array", '
    '"x-kubernetes-patch-strategy": "merge", "x-kubernetes-patch-merge-key": "name"}}}}}}}'
)
WIDGET_PATCH = "  patch: |-\n    apiVersion: example.com/v1\n    kind: Widget\n    metadata: {name: g}\n    spec:\n      items:\n      - {name: two, size: 20}\n"
# (top kustomization's openapi, base's openapi, items after the top's patch) -- checked with kubectl
SCHEMA_PRECEDENCE = [
    ("", "openapi:\n  path: schema.json\n", [{"name": "two", "size": 20}, {"name": "one"}]),
    ("openapi:\n  version: v1.21.2\n", "openapi:\n  path: schema.json\n", [{"name": "two", "size": 20}]),
    ("openapi:\n  path: schema.json\n", "", [{"name": "two", "size": 20}, {"name": "one"}]),
    ("", "", [{"name": "two", "size": 20}]),
]


@pytest.mark.parametrize("top,base,items", SCHEMA_PRECEDENCE)
def test_openapi_schema_is_set_once(tmp_path: Path, top: str, base: str, items: list) -> None:
    (tmp_path / "base").mkdir()
    for folder in (tmp_path, tmp_path / "base"):
        (folder / "schema.json").write_text(WIDGET_SCHEMA)
    (tmp_path / "base" / "w.yaml").write_text(WIDGETS)
    (tmp_path / "base" / "kustomization.yaml").write_text(base + "resources: [w.yaml]\n")
    (tmp_path / "kustomization.yaml").write_text(top + "resources: [base]\npatches:\n-" + WIDGET_PATCH[1:])
    result = build(tmp_path, renderer="embedded", repo_root=tmp_path)
    assert result.objects[0]["spec"]["items"] == items


def test_hand_table_when_no_schema_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    import k8sfix_tui.render.kustomize_merge as merge
    from k8sfix_tui.render.kustomize_schema import SCHEMA_UNAVAILABLE

    monkeypatch.setattr(merge, "list_merge_keys", lambda *_args: SCHEMA_UNAVAILABLE)
    assert merge.merge_keys("Deployment", "apps/v1", POD + ("containers",)) == ["name"]
    assert merge.merge_keys("Deployment", "apps/v1", POD + ("tolerations",)) is None
    assert merge.merge_keys("Widget", "example.com/v1", ("spec", "items")) is None
