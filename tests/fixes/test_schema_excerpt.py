"""Generated YAML excerpts pass the k8s-schema check: required fields the document's shape dropped
come back from the real object (fixes/excerpt.py with fixes/schema.py)."""

from __future__ import annotations

import copy

import pytest
import yaml

from k8sfix_tui.fixes.excerpt import excerpt
from k8sfix_tui.fixes.schema import check_object
from k8sfix_tui.model import K8sObject, Location

from .factory import API_BODY

pytest.importorskip("kubernetes_validate")

INGRESS = {
    "apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web"},
    "spec": {"rules": [{"host": "shop.local", "http": {"paths": [
        {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": 80}}}}]}}]},
}


def _obj(body):
    return K8sObject(body["apiVersion"], body["kind"], body["metadata"]["name"], None, copy.deepcopy(body),
                     Location("deploy/x.yaml", 1))


@pytest.mark.parametrize("body, shape, kept", [
    # the doc showed a complete Deployment whose port had only a name: containerPort comes back
    (API_BODY, {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "shop-api"},
                "spec": {"selector": {}, "template": {"spec": {"containers": [
                    {"name": "api", "ports": [{"name": "http"}]}]}}}},
     ("spec", "template", "spec", "containers", 0, "ports", 0, "containerPort")),
    # the doc's Ingress path showed only path and backend: pathType comes back
    (INGRESS, {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web"},
               "spec": {"rules": [{"http": {"paths": [{"path": "/x", "backend": {"service": {"name": "w"}}}]}}]}},
     ("spec", "rules", 0, "http", "paths", 0, "pathType")),
])
def test_excerpt_restores_required_fields(body, shape, kept):
    text = excerpt(_obj(body), shape=shape)
    data = yaml.safe_load(text)
    assert check_object(data, partial=True) == []
    node = data
    for part in kept:
        node = node[part]
    assert node is not None


def test_excerpt_of_a_trimmed_shape_stays_trimmed():
    shape = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "shop-api"}, "spec": {"replicas": 1}}
    data = yaml.safe_load(excerpt(_obj(API_BODY), shape=shape))
    assert data["spec"] == {"replicas": 3}  # an excerpt: required selector/template are not added
    assert check_object(data, partial=True) == []
