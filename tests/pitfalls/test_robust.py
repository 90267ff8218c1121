"""Malformed objects never make pitfall detection or the sections raise (property test)."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from k8sfix_tui.facts import build_views
from k8sfix_tui.model import Facts, K8sObject, Location
from k8sfix_tui.pitfalls import detect, sections

GOOD = {
    "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db", "namespace": "data"},
    "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "db"}},
             "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
             "template": {"metadata": {"labels": {"app": "db"}, "annotations": {"prometheus.io/scrape": "true"}},
                          "spec": {"hostNetwork": True, "securityContext": {"runAsUser": 0},
                                   "volumes": [{"name": "s", "hostPath": {"path": "/var/run/docker.sock"}},
                                               {"name": "c", "configMap": {"name": "cfg"}}],
                                   "containers": [{"name": "db", "image": "postgres:latest",
                                                   "imagePullPolicy": "Never",
                                                   "ports": [{"name": "pg", "containerPort": 5432}],
                                                   "env": [{"name": "DB_PASSWORD", "value": "hunter2"},
                                                           {"name": "K", "valueFrom": {"secretKeyRef": {"name": "s",
                                                                                                        "key": "k"}}}],
                                                   "livenessProbe": {"httpGet": {"path": "/", "port": "web"}},
                                                   "resources": {"requests": {"cpu": "1"}},
                                                   "securityContext": {"privileged": True}}]}},
             "volumeClaimTemplates": [{"metadata": {"name": "d"},
                                       "spec": {"accessModes": ["ReadWriteMany"]}}]},
}
PATHS = [
    ("spec",), ("spec", "template"), ("spec", "template", "spec"), ("spec", "template", "spec", "volumes"),
    ("spec", "template", "spec", "containers"), ("spec", "volumeClaimTemplates"), ("spec", "updateStrategy"),
    ("spec", "template", "spec", "securityContext"), ("metadata",), ("spec", "selector"),
]
JUNK = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                    max_leaves=6)


def _facts(body: dict) -> Facts:
    objs = []
    for kind in ("StatefulSet", "Deployment", "CronJob", "Pod", "Service", "Ingress", "PersistentVolumeClaim",
                 "PodDisruptionBudget", "HorizontalPodAutoscaler", "Secret", "ServiceMonitor"):
        b = copy.deepcopy(body)
        b["kind"] = kind
        objs.append(K8sObject(b.get("apiVersion", "v1"), kind, "db", "data", b, Location("k8s/db.yaml", 1)))
    v = build_views(objs)
    return Facts(repo="/nonexistent", objects=objs, workloads=v.workloads, services=v.services,
                 ingresses=v.ingresses, pvcs=v.pvcs, configmaps=v.configmaps, secrets=v.secrets, hpas=v.hpas,
                 pdbs=v.pdbs, network_policies=v.network_policies, files=["k8s/db.yaml"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATHS), JUNK)
def test_malformed_fields_never_raise(path, junk):
    body = copy.deepcopy(GOOD)
    node = body
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = junk
    facts = _facts(body)
    found = detect(facts)
    assert all(f.rule.startswith("pitfall:") for f in found)
    sections.troubleshooting_section(facts, found)
    sections.rollout_section(facts)
    sections.monitoring_section(facts)


def test_well_formed_body_fires_many_rules():
    names = {f.rule.split(":", 1)[1] for f in detect(_facts(copy.deepcopy(GOOD)))}
    assert {"host-path", "host-network", "runs-as-root", "privileged", "image-latest", "pull-policy-never",
            "plaintext-credential", "probe-port-unexposed", "missing-limits", "rwx-access-mode",
            "pvc-no-storage-class", "env-ref-missing"} <= names
