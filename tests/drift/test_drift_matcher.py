"""Resolving component mentions to objects."""

import pytest

from drift_kit import Overlay, ValueRef, Location, deployment, facts, obj, service
from k8sfix_tui.drift.matcher import Matcher


def _facts():
    prov = {"spec.replicas": ValueRef("api.replicas", Location("deploy/chart/values.yaml", 93))}
    return facts(
        deployment("larkspur-api", origin="chart deploy/chart (default values)", labels={
            "app.kubernetes.io/name": "larkspur", "app.kubernetes.io/component": "api"}, provenance=prov),
        deployment("larkspur-web", origin="chart deploy/chart (default values)", labels={
            "app.kubernetes.io/name": "larkspur", "app.kubernetes.io/component": "web"}),
        deployment("larkspur-worker", origin="chart deploy/chart (default values)", container="bot",
                   labels={"app.kubernetes.io/name": "larkspur", "app.kubernetes.io/component": "worker"}),
        deployment("larkspur-postgres", kind="StatefulSet", image="postgres:16", origin="chart deploy/chart (default values)",
                   labels={"app.kubernetes.io/name": "larkspur", "app.kubernetes.io/component": "postgres"}),
        deployment("dev-api-server", origin="overlay k8s/overlays/dev", image="ghcr.io/org/api-server:1"),
        service("larkspur-api", origin="chart deploy/chart (default values)",
                selector={"app.kubernetes.io/component": "api"}),
        overlays=[Overlay("k8s/overlays/dev", "dev", "dev-", None, [], "embedded", True,
                          Location("k8s/overlays/dev/kustomization.yaml", 1))],
    )


@pytest.mark.parametrize("subject,kinds,expected", [
    ("API server", {"Deployment"}, {"larkspur-api", "dev-api-server"}),
    ("the API", {"Deployment"}, {"larkspur-api"}),
    ("frontend", None, {"larkspur-web"}),
    ("PostgreSQL", None, {"larkspur-postgres"}),
    ("database", None, {"larkspur-postgres"}),
    ("background worker", None, {"larkspur-worker"}),
    ("bot", None, {"larkspur-worker"}),
    ("larkspur-api", {"Service"}, {"larkspur-api"}),
    ("Kafka", None, set()),
    ("larkspur", None, set()),
    ("", None, set()),
])
def test_resolve(subject, kinds, expected):
    m = Matcher(_facts())
    got = {o.name for o in m.resolve(subject, kinds).objects}
    if expected:
        assert expected <= got or got <= expected and got, (subject, got, m.resolve(subject, kinds).how)
        assert got & expected
    else:
        assert not got


def test_how_explains_the_resolution():
    m = Matcher(_facts())
    match = m.resolve("API server", {"Deployment"})
    assert match.how.startswith("'API server' -> Deployment")
    assert "via" in match.how and match.score > 0.6


def test_overlay_prefix_is_stripped():
    m = Matcher(_facts())
    match = m.resolve("api-server", {"Deployment"})
    assert [o.name for o in match.objects] == ["dev-api-server"]
    assert "prefix 'dev-'" in match.how or match.how.endswith("via name")


def test_common_product_token_does_not_match_everything():
    m = Matcher(_facts())
    assert "larkspur" in m.common
