"""Quantity and value comparison (tables)."""

import pytest

from k8sfix_tui.drift.values import parse_quantity, same

SAME = [
    ("memory-limit", "1Gi", "1024Mi", True),
    ("memory-limit", "512M", "512Mi", False),
    ("memory-limit", "512 MiB", "512Mi", True),
    ("cpu-request", "0.5", "500m", True),
    ("cpu-request", "0.5 cores", "500m", True),
    ("cpu-request", "250m", "0.25", True),
    ("cpu-limit", "1", "1000m", True),
    ("cpu-limit", "2", "1500m", False),
    ("storage-size", "20Gi", "20Gi", True),
    ("storage-size", "20G", "20Gi", False),
    ("replicas", "3", 3, True),
    ("replicas", "3 replicas", 2, False),
    ("probe.liveness.periodSeconds", "10s", 10, True),
    ("probe.liveness.type", "HTTP GET", "httpGet", True),
    ("probe.liveness.type", "tcp", "grpc", False),
    ("probe.readiness.port", "8080", 8080, True),
    ("access-mode", "RWO", "ReadWriteOnce", True),
    ("access-mode", "ReadWriteMany", "ReadWriteOnce", False),
    ("image", "nginx:1.25", "docker.io/library/nginx:1.25", True),
    ("image", "ghcr.io/acme/api", "ghcr.io/acme/api:2.0", True),
    ("image", "ghcr.io/acme/api:1.9", "ghcr.io/acme/api:2.0", False),
    ("image-tag", "latest", None, False),
    ("service-type", "nodeport", "NodePort", True),
    ("hpa-cpu-target", "70%", 70, True),
    ("schedule", "0  3 * * *", "0 3 * * *", True),
    ("ingress-path", "/api/", "/api", True),
]


@pytest.mark.parametrize("field,claimed,actual,expected", SAME)
def test_same(field, claimed, actual, expected):
    assert same(field, claimed, actual) is expected


@pytest.mark.parametrize("text,value", [("1Ki", 1024), ("1.5Gi", 1.5 * 2**30), ("100m", 0.1), ("2e3", 2000),
                                        ("1k", 1000), ("abc", None), ("", None), ("12Xi", None)])
def test_parse_quantity(text, value):
    got = parse_quantity(text)
    assert (got is None) if value is None else (float(got) == pytest.approx(value))
