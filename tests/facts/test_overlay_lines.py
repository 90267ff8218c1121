"""`overlays.unchanged_lines` keeps exactly the field lines `paths.same_at` keeps (one tree walk
instead of two `get_path` calls per field), on tables and on random documents."""

from __future__ import annotations

import copy
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from k8sfix_tui.facts.overlays import unchanged_lines
from k8sfix_tui.facts.paths import same_at
from k8sfix_tui.model import K8sObject, Location


def _obj(body, lines):
    return K8sObject(api_version="v1", kind=str(body.get("kind", "")), name="x", namespace=None,
                     body=body, source=Location("a.yaml", 1), field_lines=lines)


def _expected(base, body):
    return {p: ln for p, ln in base.field_lines.items() if same_at(base.body, body, p)}


DEPLOY = {"kind": "Deployment", "metadata": {"name": "web", "labels": {"app": "web"}},
          "spec": {"replicas": 2, "template": {"spec": {"containers": [
              {"name": "web", "image": "web:1", "ports": [{"containerPort": 80}]}]}}}}
DEPLOY_LINES = {"kind": 1, "metadata": 2, "metadata.name": 3, "metadata.labels": 4, "metadata.labels.app": 5,
                "spec": 6, "spec.replicas": 7, "spec.template": 8, "spec.template.spec": 9,
                "spec.template.spec.containers": 10, "spec.template.spec.containers[0]": 11,
                "spec.template.spec.containers[0].name": 11, "spec.template.spec.containers[0].image": 12,
                "spec.template.spec.containers[0].ports[0].containerPort": 13}


def _edit(fn):
    body = copy.deepcopy(DEPLOY)
    fn(body)
    return body


CASES = [
    ("unchanged", copy.deepcopy(DEPLOY), set()),
    ("namespace added", _edit(lambda b: b["metadata"].update(namespace="ns")), set()),
    ("image changed", _edit(lambda b: b["spec"]["template"]["spec"]["containers"][0].update(image="web:2")),
     {"spec.template.spec.containers[0].image"}),
    ("replicas removed", _edit(lambda b: b["spec"].pop("replicas")), {"spec.replicas"}),
    ("container list replaced by a dict", _edit(lambda b: b["spec"]["template"]["spec"].update(containers={})),
     {"spec.template.spec.containers", "spec.template.spec.containers[0]", "spec.template.spec.containers[0].name",
      "spec.template.spec.containers[0].image", "spec.template.spec.containers[0].ports[0].containerPort"}),
    ("second container prepended", _edit(lambda b: b["spec"]["template"]["spec"]["containers"].insert(
        0, {"name": "side", "image": "side:1"})),
     {"spec.template.spec.containers[0].name", "spec.template.spec.containers[0].image",
      "spec.template.spec.containers[0].ports[0].containerPort"}),
    ("name prefix", _edit(lambda b: b["metadata"].update(name="dev-web")), {"metadata.name"}),
]


@pytest.mark.parametrize("label,body,dropped", CASES, ids=[c[0] for c in CASES])
def test_unchanged_lines_table(label, body, dropped):
    base = _obj(copy.deepcopy(DEPLOY), dict(DEPLOY_LINES))
    got = unchanged_lines(base, body, {})
    assert got == _expected(base, body)
    assert set(DEPLOY_LINES) - set(got) == dropped


def test_bool_word_keys_nan_and_missing_paths():
    base = _obj({"kind": "ConfigMap", "data": {True: "a", "n": math.nan, "x": 1}, "list": [math.nan]},
                {"data.yes": 2, "data.on": 2, "data.n": 3, "data.x": 4, "data.gone": 5, "list[0]": 6,
                 "list[3]": 7, "": 1})
    for body in (base.body, copy.deepcopy(base.body), {"kind": "ConfigMap", "data": {True: "b", "x": 1.0}},
                 {"kind": "ConfigMap", "data": [], "list": {}}, {"kind": "ConfigMap", "data": None}):
        assert unchanged_lines(base, body, {}) == _expected(base, body)


def test_trie_cache_is_reused_per_plain_object():
    base = _obj(copy.deepcopy(DEPLOY), dict(DEPLOY_LINES))
    tries = {}
    first = unchanged_lines(base, CASES[2][1], tries)
    assert len(tries) == 1
    assert unchanged_lines(base, CASES[0][1], tries) == dict(DEPLOY_LINES)
    assert unchanged_lines(base, CASES[2][1], tries) == first
    assert unchanged_lines(_obj({}, {}), {"a": 1}, tries) == {}


KEYS = st.sampled_from(["a", "b", "c", "0", "yes", "on", True, False, 1])
SCALARS = st.one_of(st.integers(-2, 2), st.sampled_from(["x", "y", "", 1.0, True, False, None, math.nan]))
TREES = st.recursive(SCALARS, lambda kids: st.one_of(st.lists(kids, max_size=3),
                                                     st.dictionaries(KEYS, kids, max_size=3)), max_leaves=12)
PATH_PARTS = st.lists(st.one_of(st.sampled_from(["a", "b", "c", "0", "yes", "true", "on", "no"]),
                                st.integers(0, 3).map(lambda i: f"[{i}]")), max_size=4)


def _join(parts):
    out = ""
    for p in parts:
        out += p if p.startswith("[") else ("." + p if out else p)
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, TREES, max_size=4), st.dictionaries(KEYS, TREES, max_size=4),
       st.lists(PATH_PARTS.map(_join), max_size=12), st.booleans())
def test_unchanged_lines_matches_same_at(a, b, paths, share):
    body = copy.deepcopy(a) if share else b
    base = _obj(a, {p: i + 1 for i, p in enumerate(paths)})
    assert unchanged_lines(base, body, {}) == _expected(base, body)


def test_collect_restores_gc_thresholds(make_repo):
    import gc

    from k8sfix_tui.facts import collect

    repo = make_repo({"k8s/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"})
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        assert len(collect(repo, kustomize_renderer="embedded").objects) == 1
        assert gc.get_threshold() == (700, 10, 10)
        gc.set_threshold(0)  # automatic collection off: left off
        collect(repo, kustomize_renderer="embedded")
        assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)
