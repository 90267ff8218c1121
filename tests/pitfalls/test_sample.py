"""Every pitfall seeded into sample_repo (tests/data/sample_pitfalls.yaml) is detected at its file:line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from k8sfix_tui.pitfalls import detect

DATA = Path(__file__).resolve().parents[1] / "data" / "sample_pitfalls.yaml"
SEEDED = yaml.safe_load(DATA.read_text(encoding="utf-8"))["pitfalls"]
RULE_OF = {
    "image-pull-policy-never": "pull-policy-never",
    "docker-socket-hostpath": "host-path",
    "plaintext-db-password-env": "plaintext-credential",
    "pvc-without-storage-class": "pvc-no-storage-class",
    "missing-resource-limits": "missing-limits",
    "latest-image-tag": "image-latest",
    "tls-secret-not-created": "ingress-tls-secret-missing",
    "secret-values-in-repo": "plaintext-credential",
}


@pytest.fixture(scope="module")
def found(sample_facts):
    return detect(sample_facts)


@pytest.mark.parametrize("seed", SEEDED, ids=[f"{s['name']}@{s['path']}:{s['line']}" for s in SEEDED])
def test_seeded_pitfall_detected(found, seed):
    rule = "pitfall:" + RULE_OF[seed["name"]]
    places = {(e.path, e.line) for f in found if f.rule == rule for e in f.evidence}
    assert (seed["path"], seed["line"]) in places, sorted(places)


def test_every_seeded_name_is_mapped():
    assert {s["name"] for s in SEEDED} <= set(RULE_OF)


def test_findings_shape(found):
    assert found, "sample_repo has seeded pitfalls"
    ids = [f.id for f in found]
    assert ids == [f"pitfall-{i:03d}" for i in range(1, len(found) + 1)]
    for f in found:
        assert f.rule.startswith("pitfall:") and f.doc is None and f.subject and f.evidence
        assert f.severity in ("error", "warning", "info")
        assert f.message.endswith(".")


def test_no_secret_value_in_output(found, sample_facts):
    text = repr([f.to_json() for f in found])
    for secret in ("changeme-not-a-real-password", "fake-session-secret-for-local-use-only", "sk_test_fake"):
        assert secret not in text


def test_same_object_reported_once(found):
    keys = [(f.rule, f.subject, f.field, repr(f.actual_value)) for f in found]
    assert len(keys) == len(set(keys))
    latest = [f for f in found if f.rule == "pitfall:image-latest"]
    assert len(latest) == 1 and {e.path for e in latest[0].evidence} >= {
        "k8s/base/notifier.yaml", "deploy/helm/larkspur/values.yaml"}


def test_base_without_tag_pinned_by_every_overlay_is_not_reported(found):
    assert not [f for f in found if f.rule == "pitfall:image-untagged"]


def test_deterministic(sample_facts):
    a = [f.to_json() for f in detect(sample_facts)]
    b = [f.to_json() for f in detect(sample_facts)]
    assert a == b
