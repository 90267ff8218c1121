"""Pitfalls on the shared corpus (`../shared/corpus/kubernetes-examples`), pinned: the reviewed list of
bench/NOTES-pitfalls.md. Skipped when the corpus is not present."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from k8sfix_tui.facts import collect
from k8sfix_tui.pitfalls import detect

CORPUS = Path(os.environ["K8SFIX_SHARED"]) / "corpus" / "kubernetes-examples"  # set by tests/conftest.py

EXPECTED: dict[str, set[tuple[str, str, str]]] = {
    "AI/model-serving-tensorflow": {
        ("missing-requests", "Deployment/tf-serving", "warning"),
        ("ingress-no-class", "Ingress/tf-serving-ingress", "info"),
    },
    "AI/vllm-deployment": {
        ("env-ref-missing", "Deployment/vllm-gemma-deployment", "error"),
        ("missing-requests", "Deployment/prometheus-adapter", "warning"),
        ("selector-matches-nothing", "Service/gpu-dcgm-exporter-service", "info"),
    },
    "databases/cassandra": set(),
    "databases/mysql-cinder-pd": {
        ("deprecated-api", "Pod/mysql", "warning"),
        ("image-untagged", "Pod/mysql", "warning"),
        ("missing-requests", "Pod/mysql", "warning"),
        ("plaintext-credential", "Pod/mysql", "warning"),
    },
    "web/guestbook": {
        ("missing-limits", ref, "warning") for ref in (
            "Deployment/frontend", "Deployment/redis-master", "Deployment/redis-replica",
            "ReplicationController/frontend", "ReplicationController/redis-master",
            "ReplicationController/redis-replica")
    },
    "web/guestbook-go": {
        ("missing-requests", ref, "warning") for ref in (
            "Deployment/redis-master", "ReplicationController/guestbook", "ReplicationController/redis-replica")
    },
}


@pytest.mark.parametrize("folder", sorted(EXPECTED))
def test_corpus_folder(folder):
    path = CORPUS / folder
    if not path.is_dir():
        pytest.skip(f"corpus folder not present: {path}")
    found = {(f.rule.split(":", 1)[1], f.subject, f.severity) for f in detect(collect(str(path)))}
    assert found == EXPECTED[folder]
