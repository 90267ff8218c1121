"""Prose and list-item claims: (sentence, expected (field, value, subject) triples) tables."""

from __future__ import annotations

import pytest

from .helpers import claims_of, fields

VALUE_FIELDS = (
    "replicas", "kind", "image", "image-tag", "container-port", "env", "strategy", "schedule", "cpu-request",
    "cpu-limit", "memory-request", "memory-limit", "pdb-min-available", "pdb-max-unavailable", "service-type",
    "service-port", "target-port", "node-port", "ingress-host", "ingress-path", "ingress-class", "tls-secret",
    "storage-size", "access-mode", "storage-class", "configmap", "configmap-key", "secret", "secret-key",
    "hpa-min", "hpa-max", "hpa-cpu-target", "hpa-memory-target", "path", "namespace", "overlay", "chart-name",
    "chart-version", "app-version", "values-key", "release", "chart-dependency", "minikube-flag",
    "minikube-addon", "hosts-entry", "make-target", "script", "workflow",
)


def _value_claims(text: str) -> list[tuple[str, object, object]]:
    claims = claims_of(text)
    return fields([c for c in claims if c.field in VALUE_FIELDS or c.field.startswith("probe.")])


CASES = [
    ("The API server runs 3 replicas.", [("replicas", "3", "API server")]),
    ("PostgreSQL runs as a StatefulSet with a 20Gi volume.",
     [("kind", "StatefulSet", "PostgreSQL"), ("storage-size", "20Gi", "PostgreSQL")]),
    ("The frontend is exposed on NodePort 30001.", [("node-port", "30001", "frontend")]),
    ("The API listens on port 8080.", [("container-port", "8080", "API")]),
    ("The worker requests 250m CPU and 512Mi memory.",
     [("cpu-request", "250m", "worker"), ("memory-request", "512Mi", "worker")]),
    ("The API requests 250m CPU and 512Mi memory, limited to 500m CPU and 1Gi memory.",
     [("cpu-request", "250m", "API"), ("memory-request", "512Mi", "API"), ("cpu-limit", "500m", "API"),
      ("memory-limit", "1Gi", "API")]),
    ("The liveness probe hits /healthz on port 8080 every 10 seconds.",
     [("probe.liveness.path", "/healthz", None), ("probe.liveness.port", "8080", None),
      ("probe.liveness.periodSeconds", "10", None)]),
    ("The HPA scales the API between 2 and 10 replicas at 70% CPU.",
     [("hpa-min", "2", "API"), ("hpa-max", "10", "API"), ("hpa-cpu-target", "70", "API")]),
    ("Everything is deployed to the namespace `larkspur`.", [("namespace", "larkspur", None)]),
    ("Manifests live in `k8s/base/` and the chart in `deploy/helm/larkspur`.",
     [("path", "k8s/base/", None), ("path", "deploy/helm/larkspur", None)]),
    ("Run `./scripts/deploy.sh` after editing `values.yaml`.",
     [("script", "./scripts/deploy.sh", None), ("path", "values.yaml", None)]),
    ("The API image is `ghcr.io/acme/api:1.4.2`.", [("image", "ghcr.io/acme/api:1.4.2", "API")]),
    ("Redis uses a ReadWriteOnce volume of 1Gi on storage class `standard`.",
     [("access-mode", "ReadWriteOnce", "Redis"), ("storage-size", "1Gi", "Redis"),
      ("storage-class", "standard", "Redis")]),
    ("The web Service is of type LoadBalancer and listens on service port 80, forwarding to targetPort 8080.",
     [("service-type", "LoadBalancer", "web Service"), ("service-port", "80", "web Service"),
      ("target-port", "8080", "web Service")]),
    ("The shop is reachable at https://shop.larkspur.local/api via the Ingress.",
     [("ingress-host", "shop.larkspur.local", "shop"), ("ingress-path", "/api", "shop")]),
    ("Settings come from the ConfigMap `api-config` and the Secret `db-credentials`.",
     [("configmap", "api-config", None), ("secret", "db-credentials", None)]),
    ("A PodDisruptionBudget keeps at least 2 pods available.", [("pdb-min-available", "2", None)]),
    ("The ingress class is `nginx` and TLS uses the secret `larkspur-tls`.",
     [("ingress-class", "nginx", None), ("tls-secret", "larkspur-tls", None)]),
    ("The readiness probe waits 5 seconds before the first check and times out after a timeout of 2 seconds.",
     [("probe.readiness.initialDelaySeconds", "5", None), ("probe.readiness.timeoutSeconds", "2", None)]),
    ("Deployments use the Recreate strategy.", [("strategy", "Recreate", None)]),
    ("The report job is a CronJob with schedule `0 2 * * *`.",
     [("kind", "CronJob", "report job"), ("schedule", "0 2 * * *", "report job")]),
    ("Set `api.replicas` to 5 in the chart values.", [("values-key", "api.replicas", None)]),
    ("Chart version 0.3.1 ships app version 1.4.2.", [("chart-version", "0.3.1", None), ("app-version", "1.4.2", None)]),
    ("Run make deploy to install everything.", [("make-target", "deploy", None)]),
    ("The `prod` overlay raises the API to 6 replicas.", [("overlay", "prod", "API"), ("replicas", "6", "API")]),
    ("Its pods reach the database at `postgres.larkspur-db.svc.cluster.local:5432`.",
     [("namespace", "larkspur-db", "postgres"), ("service-port", "5432", "postgres")]),
    ("The HPA never goes above 12 replicas.", [("hpa-max", "12", None)]),
    ("The 2 replicas of Redis share nothing.", [("replicas", "2", "Redis")]),
    ("Ingress: `api.shop.local` → `shop-api:8000`",
     [("ingress-host", "api.shop.local", None), ("service-port", "8000", "shop-api")]),
    ("The web frontend listens on :3000.", [("container-port", "3000", "web frontend")]),
    ("Memory limit for the API is 1Gi and its CPU limit is 1 core.",
     [("memory-limit", "1Gi", "API"), ("cpu-limit", "1", "API")]),
    ("api: 3 replicas, worker: 2 replicas.", [("replicas", "3", "api"), ("replicas", "2", "worker")]),
    ("Requests: 250m CPU / 512Mi memory; limits: 500m / 1Gi.",
     [("cpu-request", "250m", None), ("memory-request", "512Mi", None), ("cpu-limit", "500m", None),
      ("memory-limit", "1Gi", None)]),
    ("The gateway runs 2 API-facing replicas behind the load balancer.", [("replicas", "2", "gateway")]),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:40] for c in CASES])
def test_prose_claims(text, expected):
    assert _value_claims(text) == expected


NOT_CLAIMS = [
    "1. Install the tools (3 steps, about 5 minutes).",
    "Released on 2024-03-01 after 12 weeks of work.",
    "We had 3 incidents last year and 2 of them were DNS.",
    "See section 4.2 for details; it takes 10 minutes.",
    "Make sure your kubeconfig points at the right cluster.",
    "The team has 5 engineers and meets every 2 weeks.",
    "Use Python 3.11 or newer.",
    "Open http://localhost:8080 after port-forwarding.",
    "Read https://kubernetes.io/docs/concepts/ for background.",
    "Version 2 of the API removed 3 endpoints.",
    "The cluster needs at least 3 nodes with 8 GB of RAM each.",
    "Each node runs 1 fluentd pod.",
    "You need 16Gi of free disk on your laptop.",
    "Allocate 4 CPUs to Docker Desktop.",
    "The JVM heap is set to 512Mi.",
    "Expect 2-3 minutes for the image pull; retry up to 5 times with a 10 second backoff.",
    "Our SLO is 99.9% availability with p99 latency below 200ms.",
    "This doc was updated on 2024-05-03 for release 1.4.2.",
]


@pytest.mark.parametrize("text", NOT_CLAIMS)
def test_numbers_that_are_not_claims(text):
    assert _value_claims(text) == []


def test_changelog_versions_are_not_claims():
    text = """
    # Guide

    ## Changelog

    - 1.4.0: bumped the API to 5 replicas and the chart version 0.4.0.
    - 1.3.0: the worker listens on port 9000.

    ## Workloads

    The API runs 3 replicas.
    """
    assert _value_claims(text) == [("replicas", "3", "API")]


def test_subject_from_section_and_pronouns():
    text = """
    # Guide

    ## Worker

    It runs 2 replicas.

    ## API server

    The service listens on port 8080. It uses 4 replicas.
    """
    got = _value_claims(text)
    assert ("replicas", "2", "Worker") in got
    assert ("container-port", "8080", "API server") in got
    assert ("replicas", "4", "API server") in got


def test_value_in_wrong_section_keeps_own_subject():
    # a Storage section that talks about the API's replicas: the subject is the sentence's, not the section's
    text = """
    ## Redis

    Redis keeps its data on a 2Gi volume. The API runs 3 replicas.
    """
    got = _value_claims(text)
    assert ("storage-size", "2Gi", "Redis") in got
    assert ("replicas", "3", "API") in got


def test_list_items_and_labels():
    text = """
    ## Components

    - **API**: 3 replicas, port 8080
    - `worker` — 2 replicas
    - Replicas: 4
    """
    claims = claims_of(text)
    got = fields(claims, "replicas", "container-port")
    assert got == [("replicas", "3", "API"), ("container-port", "8080", "API"), ("replicas", "2", "worker"),
                   ("replicas", "4", None)]
    assert {c.form for c in claims if c.field == "replicas"} == {"list"}


def test_clause_subjects():
    got = _value_claims("The API runs 3 replicas, while the worker runs 2 replicas and the scheduler runs 1 replica.")
    assert got == [("replicas", "3", "API"), ("replicas", "2", "worker"), ("replicas", "1", "scheduler")]


def test_spans_point_at_values_across_wrapped_lines():
    text = "The API server runs\n3 replicas and listens on\nport 8080.\n"
    claims = claims_of(text)
    by = {c.field: c for c in claims}
    assert by["replicas"].doc.line == 2 and by["replicas"].span == (0, 1)
    assert by["container-port"].doc.line == 3 and by["container-port"].span == (5, 9)


def test_areas_from_field_and_heading():
    text = """
    ## Monitoring

    Prometheus scrapes port 9100. The dashboards are in `monitoring/dashboards/`.
    """
    claims = claims_of(text)
    areas = {c.field: c.area for c in claims}
    assert areas["container-port"] == "workloads"
    assert areas["path"] == "structure"
    assert areas["component"] == "monitoring"


def test_inline_commands_in_prose():
    claims = claims_of("Deploy with `helm upgrade --install shop ./charts/shop -n shop --set api.replicas=3`.")
    got = fields(claims)
    assert ("release", "shop", None) in got
    assert ("path", "./charts/shop", None) in got
    assert ("namespace", "shop", None) in got
    assert ("values-key", "api.replicas", None) in got
    vk = next(c for c in claims if c.field == "values-key")
    assert vk.extra["value"] == "3"


def test_secret_key_uses_paragraph_context():
    claims = claims_of("Secrets live in the Secret `app-secrets`. The password is read from its `db-password` key.")
    sk = next(c for c in claims if c.field == "secret-key")
    assert (sk.value, sk.extra["secret"]) == ("db-password", "app-secrets")


def test_env_vars_in_config_section():
    claims = claims_of("## Configuration\n\nSet `LOG_LEVEL=debug` and `API_URL` in the environment.\n")
    envs = [(c.value, c.extra.get("value")) for c in claims if c.field == "env"]
    assert envs == [("LOG_LEVEL", "debug"), ("API_URL", None)]


def test_minikube_prose():
    got = fields(claims_of("Start minikube with 4 CPUs and 8 GB of memory and enable the `ingress` addon."),
                 "minikube-flag", "minikube-addon")
    assert got == [("minikube-flag", "4", None), ("minikube-flag", "8 GB", None), ("minikube-addon", "ingress", None)]


def test_label_value_list_items():
    text = """
    ## Worker

    - **Replicas:** 2
    - **Image:** `ghcr.io/acme/worker:1.4.2`
    - CPU request / limit: 100m / 500m
    - Storage class: `standard`
    - Service type: NodePort
    """
    got = fields(claims_of(text), "replicas", "image", "cpu-request", "cpu-limit", "storage-class", "service-type")
    assert got == [("replicas", "2", "Worker"), ("image", "ghcr.io/acme/worker:1.4.2", "Worker"),
                   ("cpu-request", "100m", "Worker"), ("cpu-limit", "500m", "Worker"),
                   ("storage-class", "standard", "Worker"), ("service-type", "NodePort", "Worker")]


def test_environment_from_section_title():
    claims = claims_of("# Guide\n\n## Production\n\nThe API runs 6 replicas.\n\n## Overview\n\nThe API runs 3 replicas.\n")
    assert [(c.value, c.extra.get("environment")) for c in claims if c.field == "replicas"] == [("6", "prod"), ("3", None)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Set `image: nginx:1.25` in the pod spec.", [("image", "nginx:1.25")]),
        ("Set `image: registry.local:5000/shop/api:2.0` there.", [("image", "registry.local:5000/shop/api:2.0")]),
        ('The CronJob has `schedule: "0 2 * * *"`.', [("schedule", "0 2 * * *")]),
        ("The Ingress routes `/api` to the API.", [("ingress-path", "/api")]),
        ("Use `type: NodePort` and `nodePort: 30080`.", [("service-type", "NodePort"), ("node-port", "30080")]),
        ("Set `storageClassName: gp3` and `replicas: 2`.", [("storage-class", "gp3"), ("replicas", "2")]),
    ],
)
def test_yaml_fragments_in_inline_code(text, expected):
    got = [(f, v) for f, v, _s in _value_claims(text)]
    assert got == expected


# Quantity followed by its own "memory limit"/"cpu request" noun phrase; NodePort sentences that name the port.
FIELD_CASES = [
    ("The API requests 256Mi of memory and runs with a 512Mi memory limit.",
     [("memory-request", "256Mi"), ("memory-limit", "512Mi")]),
    ("Each pod requests 100m CPU, with a 512Mi memory limit.", [("cpu-request", "100m"), ("memory-limit", "512Mi")]),
    ("It has a 512Mi memory limit and a 256Mi memory request.",
     [("memory-limit", "512Mi"), ("memory-request", "256Mi")]),
    ("It requests 250m cpu limit 500m cpu.", [("cpu-request", "250m"), ("cpu-limit", "500m")]),
    ("The web Service is exposed as a NodePort on port 30081.", [("service-type", "NodePort"), ("node-port", "30081")]),
    ("The web Service is a NodePort, port 30081.", [("node-port", "30081")]),
    ("The NodePort Service on port 80 forwards to the pods.", [("service-type", "NodePort"), ("service-port", "80")]),
]


@pytest.mark.parametrize("text, expected", FIELD_CASES, ids=[c[0][:40] for c in FIELD_CASES])
def test_quantity_and_port_fields(text, expected):
    from k8sfix_tui.doc.claims.prose import scan

    got = [(h.field, h.value) for h in scan(text)]
    for pair in expected:
        assert pair in got, (text, got)
    wrong = {"memory-limit": "memory-request", "memory-request": "memory-limit", "node-port": "service-port",
             "service-port": "node-port", "cpu-limit": "cpu-request", "cpu-request": "cpu-limit"}
    for field, value in expected:
        if field in wrong:
            assert (wrong[field], value) not in got, (text, got)


@pytest.mark.parametrize("text, images", [
    ("The `web` Deployment runs `nginx:1.24` with 3 replicas.", ["nginx:1.24"]),
    ("The cache uses `redis:7.2-alpine`.", ["redis:7.2-alpine"]),
    ("Set `timeout:1.5` in the client.", []),
    ("Connect to `db:5432`.", []),
])
def test_backticked_name_version_images(text, images):
    from k8sfix_tui.doc.claims.prose import scan

    assert [h.value for h in scan(text) if h.field == "image"] == images
