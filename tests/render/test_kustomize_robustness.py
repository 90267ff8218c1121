"""Hostile or random input never escapes as anything but RenderError (no tracebacks, no hangs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from k8sfix_tui.errors import RenderError
from k8sfix_tui.render.kustomize import build

BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi")
)


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text("resources: [bomb.yaml]\n")
    (tmp_path / "bomb.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  " + BOMB.replace("\n", "\n  "))
    with pytest.raises(RenderError) as info:
        build(tmp_path, renderer="embedded")
    assert "aliases" in info.value.message or "invalid" in info.value.message


def test_deep_nesting_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text("resources: [deep.yaml]\n")
    (tmp_path / "deep.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(RenderError):
        build(tmp_path, renderer="embedded")


_scalar = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text("ab=/.:-$[]{}", max_size=8))
_value = st.recursive(_scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(
    ["name", "kind", "path", "patch", "target", "op", "value", "literals", "files", "behavior", "count", "newTag"]
), inner, max_size=3), max_leaves=8)
_keys = st.sampled_from([
    "resources", "bases", "components", "namespace", "namePrefix", "nameSuffix", "commonLabels", "labels",
    "commonAnnotations", "images", "replicas", "patchesStrategicMerge", "patches", "patchesJson6902",
    "configMapGenerator", "secretGenerator", "generatorOptions", "sortOptions", "replacements", "vars",
    "configurations", "transformers", "generators", "kind",
])

DEPLOY = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: nginx}]\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(_keys, _value, max_size=4))
def test_random_kustomizations_fail_cleanly(tmp_path_factory, data) -> None:
    import yaml

    root = tmp_path_factory.mktemp("k")
    (root / "deploy.yaml").write_text(DEPLOY)
    data.setdefault("resources", ["deploy.yaml"])
    (root / "kustomization.yaml").write_text(yaml.safe_dump(data))
    try:
        result = build(root, renderer="embedded")
    except RenderError as exc:
        assert "\n" not in str(exc).strip()
        return
    assert isinstance(result.text, str)


_patch_keys = st.sampled_from(["spec", "template", "containers", "name", "image", "env", "value", "$patch", "ports",
                               "containerPort", "metadata", "labels", "replicas", "volumes", "0", "-"])
_patch_value = st.recursive(
    _scalar | st.sampled_from(["delete", "replace", "merge", "a"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_patch_keys, inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_patch_value, st.booleans())
def test_random_patches_fail_cleanly(tmp_path_factory, body, as_json) -> None:
    import yaml

    root = tmp_path_factory.mktemp("p")
    (root / "deploy.yaml").write_text(DEPLOY)
    if as_json:
        ops = [{"op": "add", "path": "/spec/template/" + str(k), "value": body} for k in ("spec", "x")]
        entry = {"target": {"kind": "Deployment"}, "patch": yaml.safe_dump(ops)}
    else:
        patch = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": body}
        entry = {"patch": yaml.safe_dump(patch)}
    (root / "kustomization.yaml").write_text(yaml.safe_dump({"resources": ["deploy.yaml"], "patches": [entry]}))
    try:
        result = build(root, renderer="embedded")
    except RenderError as exc:
        assert "\n" not in str(exc).strip()
        return
    assert isinstance(result.text, str)
