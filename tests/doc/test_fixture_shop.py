"""A deployment guide in a different house style (numbered component list, bold names, console blocks,
values file, parenthesised probe kinds): the claims a reader would point at are all found."""

from __future__ import annotations

from pathlib import Path

from k8sfix_tui.doc import extract_claims, parse_document

TEXT = (Path(__file__).resolve().parent / "fixture_shop.md").read_text(encoding="utf-8")

EXPECTED = [
    (9, "replicas", "2", "storefront"),
    (10, "replicas", "3", "orders-api"),
    (10, "container-port", "8080", "orders-api"),
    (10, "service-port", "80", "orders"),
    (11, "kind", "Deployment", "payments"),
    (11, "replicas", "1", "payments"),
    (12, "storage-size", "50Gi", "postgres"),
    (12, "storage-class", "gp3", "postgres"),
    (18, "configmap", "shop-config", None),
    (25, "secret", "shop-secrets", None),
    (31, "release", "shop", None),
    (31, "namespace", "shop", None),
    (32, "values-key", "storefront.replicaCount", None),
    (55, "ingress-class", "nginx", None),
    (55, "ingress-host", "shop.acme.dev", None),
    (55, "tls-secret", "shop-tls", None),
    (59, "hpa-min", "3", "orders-api"),
    (59, "hpa-max", "12", "orders-api"),
    (59, "hpa-cpu-target", "75", "orders-api"),
    (59, "pdb-max-unavailable", "1", "storefront"),
    (63, "probe.liveness.path", "/healthz", "orders-api"),
    (63, "probe.liveness.periodSeconds", "15", "orders-api"),
    (63, "probe.readiness.path", "/ready", "orders-api"),
    (63, "probe.readiness.initialDelaySeconds", "5", "orders-api"),
    (70, "path", "deploy/overlays/local", None),
    (71, "service-port", "80", "orders"),
]


def test_expected_claims_found():
    claims = extract_claims(parse_document("docs/DEPLOY.md", TEXT), strict=True)
    got = {(c.doc.line, c.field, str(c.value), c.subject) for c in claims}
    missing = [e for e in EXPECTED if e not in got]
    assert not missing, missing


def test_no_value_claims_from_console_output_or_notes():
    claims = extract_claims(parse_document("docs/DEPLOY.md", TEXT), strict=True)
    lines = {c.doc.line for c in claims if c.field not in ("component", "object-kind", "placeholder")}
    assert 3 not in lines  # "Kubernetes 1.27+ and Helm 3"
    assert not lines & {34, 35}  # console output after the helm command
    assert 75 not in lines  # "browse http://localhost:8080/healthz"
