"""Table tests for the pieces of the embedded Kustomize renderer."""

from __future__ import annotations

import pytest

from k8sfix_tui.errors import RenderError
from k8sfix_tui.render.kustomize_gen import content_hash, go_json
from k8sfix_tui.render.kustomize_merge import apply_json6902, hand_merge_keys, merge_keys, strategic_merge
from k8sfix_tui.render.kustomize_res import Res
from k8sfix_tui.render.kustomize_transform import image_matches, legacy_sort, new_image, split_image, split_path
from k8sfix_tui.render.kustomize_yaml import dump_object, parse_documents

# -- hash: values checked against `kubectl kustomize` v5.5 output -------------------------------
HASHES = [
    ({"kind": "ConfigMap", "metadata": {"name": "cm"}, "data": {"a": "b", "c": "d"}}, "fh478f99mk"),
    ({"kind": "ConfigMap", "metadata": {"name": "other-name"}, "data": {"a": "b", "c": "d"}}, "fh478f99mk"),
    ({"kind": "Secret", "type": "Opaque", "metadata": {"name": "s"}, "data": {"k": "dg=="}}, "ftgtgc4t9f"),
]


@pytest.mark.parametrize("obj,expected", HASHES)
def test_content_hash(obj, expected) -> None:
    assert content_hash(obj) == expected


def test_content_hash_changes_with_data() -> None:
    a = {"kind": "ConfigMap", "metadata": {"name": "x"}, "data": {"k": "1"}}
    b = {"kind": "ConfigMap", "metadata": {"name": "x"}, "data": {"k": "2"}}
    assert content_hash(a) != content_hash(b)
    assert len(content_hash(a)) == 10 and not set(content_hash(a)) & set("013ae")


GO_JSON = [
    ({"b": 1, "a": "x"}, '{"a":"x","b":1}'),
    ({"h": "<b>&"}, '{"h":"\\u003cb\\u003e\\u0026"}'),
    ({"u": "é"}, '{"u":"é"}'),
]


@pytest.mark.parametrize("value,expected", GO_JSON)
def test_go_json(value, expected) -> None:
    assert go_json(value) == expected


# -- images ----------------------------------------------------------------------------------
SPLITS = [
    ("nginx", ("nginx", "", "")),
    ("nginx:1.25", ("nginx", "1.25", "")),
    ("registry:5000/org/app:1.2", ("registry:5000/org/app", "1.2", "")),
    ("registry:5000/org/app", ("registry:5000/org/app", "", "")),
    ("app@sha256:abc", ("app", "", "sha256:abc")),
    ("app:1@sha256:abc", ("app", "1", "sha256:abc")),
]


@pytest.mark.parametrize("image,parts", SPLITS)
def test_split_image(image, parts) -> None:
    assert split_image(image) == parts


IMAGE_UPDATES = [
    ("nginx", {"name": "nginx", "newTag": "1.25"}, "nginx:1.25"),
    ("nginx:1.0", {"name": "nginx", "newName": "ghcr.io/x/nginx"}, "ghcr.io/x/nginx:1.0"),
    ("nginx:1.0", {"name": "nginx", "digest": "sha256:ff"}, "nginx@sha256:ff"),
    ("nginx:1.0@sha256:aa", {"name": "nginx", "newTag": "2"}, "nginx:2"),
    ("nginx:1.0", {"name": "nginx", "newTag": "2", "digest": "sha256:ff"}, "nginx:2@sha256:ff"),
]


@pytest.mark.parametrize("image,spec,expected", IMAGE_UPDATES)
def test_new_image(image, spec, expected) -> None:
    assert new_image(image, spec) == expected


@pytest.mark.parametrize(
    "image,name,hit",
    [("nginx:1", "nginx", True), ("nginx", "nginx", True), ("nginxinc/nginx:1", "nginx", False), ("nginx-x", "nginx", False)],
)
def test_image_matches(image, name, hit) -> None:
    assert image_matches(image, name) is hit


# -- strategic merge -----------------------------------------------------------------------
DEPLOY = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "d", "labels": {"a": "1", "b": "2"}},
    "spec": {
        "template": {
            "spec": {
                "containers": [
                    {"name": "x", "image": "x:1", "env": [{"name": "A", "value": "1"}], "args": ["--a"]},
                    {"name": "y", "image": "y:1"},
                ],
                "tolerations": [{"key": "k"}],
            }
        }
    },
}

MERGES = [
    ({"metadata": {"labels": {"b": None, "c": "3"}}}, lambda o: o["metadata"]["labels"] == {"a": "1", "c": "3"}),
    (
        {"spec": {"template": {"spec": {"containers": [{"name": "y", "image": "y:2"}]}}}},
        lambda o: [c["image"] for c in o["spec"]["template"]["spec"]["containers"]] == ["y:2", "x:1"],
    ),
    (
        {"spec": {"template": {"spec": {"containers": [{"name": "x", "args": ["--b"]}]}}}},
        lambda o: o["spec"]["template"]["spec"]["containers"][0]["args"] == ["--b"],
    ),
    (
        {"spec": {"template": {"spec": {"containers": [{"name": "x", "env": [{"name": "B", "value": "2"}]}]}}}},
        lambda o: [e["name"] for e in o["spec"]["template"]["spec"]["containers"][0]["env"]] == ["B", "A"],
    ),
    (
        {"spec": {"template": {"spec": {"containers": [{"name": "y", "$patch": "delete"}]}}}},
        lambda o: [c["name"] for c in o["spec"]["template"]["spec"]["containers"]] == ["x"],
    ),
    (
        {"spec": {"template": {"spec": {"containers": [{"$patch": "replace"}, {"name": "z", "image": "z"}]}}}},
        lambda o: o["spec"]["template"]["spec"]["containers"] == [{"name": "z", "image": "z"}],
    ),
    (
        {"spec": {"template": {"spec": {"tolerations": [{"key": "other"}]}}}},
        lambda o: o["spec"]["template"]["spec"]["tolerations"] == [{"key": "other"}],
    ),
    ({"spec": {"template": {"$patch": "replace", "x": 1}}}, lambda o: o["spec"]["template"] == {"x": 1}),
    ({"metadata": {"finalizers": ["f"]}}, lambda o: o["metadata"]["finalizers"] == ["f"]),
]


@pytest.mark.parametrize("patch,check", MERGES)
def test_strategic_merge(patch, check) -> None:
    import copy

    original = copy.deepcopy(DEPLOY)
    merged = strategic_merge(DEPLOY, patch)
    assert merged is not None and check(merged)
    assert DEPLOY == original  # the target is not modified in place


def test_strategic_merge_delete_object() -> None:
    assert strategic_merge(DEPLOY, {"$patch": "delete"}) is None


def test_custom_resources_replace_lists() -> None:
    target = {"apiVersion": "x.io/v1", "kind": "Foo", "spec": {"containers": [{"name": "a"}, {"name": "b"}]}}
    merged = strategic_merge(target, {"spec": {"containers": [{"name": "b", "v": 1}]}})
    assert merged is not None and merged["spec"]["containers"] == [{"name": "b", "v": 1}]


MERGE_KEYS = [
    ("apps/v1", "Deployment", ("spec", "template", "spec", "containers"), ["name"]),
    ("batch/v1", "CronJob", ("spec", "jobTemplate", "spec", "template", "spec", "volumes"), ["name"]),
    ("v1", "Pod", ("spec", "containers", "ports"), ["containerPort", "protocol"]),
    ("apps/v1", "StatefulSet", ("spec", "template", "spec", "containers", "volumeMounts"), ["mountPath"]),
    ("v1", "Service", ("spec", "ports"), ["port", "protocol"]),
    ("apps/v1", "Deployment", ("spec", "template", "spec", "tolerations"), None),
    ("apps/v1", "Deployment", ("spec", "template", "spec", "containers", "args"), None),
]


@pytest.mark.parametrize("api_version,kind,path,keys", MERGE_KEYS)
def test_merge_keys(api_version, kind, path, keys) -> None:
    assert merge_keys(kind, api_version, path) == keys


@pytest.mark.parametrize("api_version,kind,path,keys", MERGE_KEYS)
def test_hand_table_agrees_with_schema(api_version, kind, path, keys) -> None:
    assert hand_merge_keys(kind, api_version, path) == keys


# -- JSON 6902 ------------------------------------------------------------------------------
JSON_OPS = [
    ([{"op": "add", "path": "/a/-", "value": 3}], {"a": [1, 2, 3], "b": {"c": 1}}),
    ([{"op": "add", "path": "/a/0", "value": 0}], {"a": [0, 1, 2], "b": {"c": 1}}),
    ([{"op": "remove", "path": "/b/c"}], {"a": [1, 2], "b": {}}),
    ([{"op": "replace", "path": "/b/c", "value": 2}], {"a": [1, 2], "b": {"c": 2}}),
    ([{"op": "move", "from": "/b/c", "path": "/d"}], {"a": [1, 2], "b": {}, "d": 1}),
    ([{"op": "copy", "from": "/a", "path": "/e"}], {"a": [1, 2], "b": {"c": 1}, "e": [1, 2]}),
    ([{"op": "test", "path": "/b/c", "value": 1}], {"a": [1, 2], "b": {"c": 1}}),
    ([{"op": "add", "path": "/x~1y", "value": 1}], {"a": [1, 2], "b": {"c": 1}, "x/y": 1}),
    # kustomize's json-patch (evanphx v4) lets replace set a missing map key
    ([{"op": "replace", "path": "/b/z", "value": 2}], {"a": [1, 2], "b": {"c": 1, "z": 2}}),
]


@pytest.mark.parametrize("ops,expected", JSON_OPS)
def test_json6902(ops, expected) -> None:
    assert apply_json6902({"a": [1, 2], "b": {"c": 1}}, ops) == expected


@pytest.mark.parametrize(
    "ops",
    [
        [{"op": "replace", "path": "/zz/y", "value": 1}],
        [{"op": "replace", "path": "/a/7", "value": 1}],
        [{"op": "remove", "path": "/a/5"}],
        [{"op": "test", "path": "/b/c", "value": 2}],
        [{"op": "frob", "path": "/a"}],
        [{"path": "/a"}],
        {"op": "add"},
        [{"op": "add", "path": "a", "value": 1}],
    ],
)
def test_json6902_errors(ops) -> None:
    with pytest.raises(RenderError):
        apply_json6902({"a": [1, 2], "b": {"c": 1}}, ops)


# -- YAML in and out --------------------------------------------------------------------------
PARSE = [
    ("a: yes\nb: on\nc: y\n", {"a": "yes", "b": "on", "c": "y"}),
    ("a: 2020-01-01\nb: 1:20\n", {"a": "2020-01-01", "b": "1:20"}),
    ("a: true\nb: 0777\nc: 0x1F\nd: 1e3\ne: ~\n", {"a": True, "b": 511, "c": 31, "d": 1000.0, "e": None}),
]


@pytest.mark.parametrize("text,expected", PARSE)
def test_parse_yaml_12(text, expected) -> None:
    assert parse_documents(text, "x.yaml") == [(expected, 1)]


def test_parse_lines_and_empty_documents() -> None:
    docs = parse_documents("---\na: 1\n---\n---\n# c\nb: 2\n", "x.yaml")
    assert [line for _, line in docs] == [2, 6]


DUMPS = [
    ({"a": "yes"}, 'a: "yes"\n'),
    ({"n": "x"}, '"n": x\n'),
    ({"a": "012"}, 'a: "012"\n'),
    ({"a": "a: b"}, "a: 'a: b'\n"),
    ({"a": "l1\nl2\n"}, "a: |\n  l1\n  l2\n"),
    ({"a": 10.0, "b": 1.5}, "a: 10\nb: 1.5\n"),
    ({"b": [1], "a": {}}, "a: {}\nb:\n- 1\n"),
    ({"a": ""}, 'a: ""\n'),
]


@pytest.mark.parametrize("obj,text", DUMPS)
def test_dump_like_kustomize(obj, text) -> None:
    assert dump_object(obj) == text


def test_split_path() -> None:
    assert split_path("metadata/annotations/a.io\\/b") == ["metadata", "annotations", "a.io/b"]
    assert split_path("spec/containers[]/image") == ["spec", "containers[]", "image"]


def test_legacy_sort_order() -> None:
    kinds = ["Deployment", "Widget", "Namespace", "ValidatingWebhookConfiguration", "ConfigMap", "Service"]
    res = [Res(obj={"apiVersion": "v1", "kind": k, "metadata": {"name": "n"}}) for k in kinds]
    assert [r.kind for r in legacy_sort(res)] == [
        "Namespace", "ConfigMap", "Service", "Deployment", "Widget", "ValidatingWebhookConfiguration"
    ]
