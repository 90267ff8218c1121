"""Golden-file tests for every fix generator and every generated section (tests/fixes/golden/).

Set K8SFIX_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from k8sfix_tui.fixes import apply_fixes, generate_fixes
from k8sfix_tui.fixes.content import GENERATORS, generate
from k8sfix_tui.fixes.docview import DocView
from k8sfix_tui.fixes.markers import find_sections, stale_sections, wrap

from .factory import SECRET_VALUE, finding, make_facts

GOLDEN = Path(__file__).parent / "golden"
DOC = "docs/DEPLOYMENT.md"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("K8SFIX_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {name}; run with K8SFIX_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_generated_sections_golden(name):
    facts = make_facts()
    out = generate(name, facts, aligned=True)
    assert out == generate(name, make_facts(), aligned=True)  # deterministic
    assert SECRET_VALUE not in out
    check_golden(f"section-{name}.md", out)


BASE_DOC = """# Shop

## 🚀 Overview

The API runs 4 replicas of `ghcr.io/acme/shop-api:1.4.0`; see `deploy/charts/shop/`.
Events go to a Kafka cluster for analytics. Everything else is in the chart.

Backups: TODO write this down.

## 📦 Workloads

| Workload | Kind | Replicas |
|----------|------|----------|
| `shop-api` | Deployment | 4 |

```yaml
# deploy/chart/templates/api.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-api
spec:
  replicas: 4
  template:
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/shop-api:1.4.0
```

## 🕸️ Istio mesh

Traffic is split by an Istio VirtualService.

```bash
kubectl apply -f istio/virtualservice.yaml
```

## 🧪 Local

```bash
make minikube-start
helm upgrade --install shop deploy/chart --set api.replicaCount=2
```

## 🧯 Troubleshooting

Check `kubectl logs deploy/shop-api`.
"""


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


def _span(text: str, line: int, value: str) -> tuple[int, int]:
    col = text.split("\n")[line - 1].index(value)
    return (col, col + len(value))


CASES = {
    "value-in-prose-and-table": lambda t: [
        finding("f1", "value-mismatch", _line(t, "The API runs"), "4", 3,
                span=_span(t, _line(t, "The API runs"), "4")),
        finding("f2", "value-mismatch", _line(t, "The API runs"), "1.4.0", "1.4.2", field="image-tag",
                span=_span(t, _line(t, "The API runs"), "1.4.0")),
        finding("f3", "value-mismatch", _line(t, "| `shop-api` |"), "4", 3, form="table"),
        finding("f4", "wrong-path", _line(t, "deploy/charts/shop/"), "deploy/charts/shop/", "deploy/chart/",
                field="path"),
    ],
    "yaml-object-block": lambda t: [
        finding("y1", "value-mismatch", _line(t, "apiVersion: apps/v1"), {
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "shop-api"},
            "spec": {"replicas": 4, "template": {"spec": {"containers": [
                {"name": "api", "image": "ghcr.io/acme/shop-api:1.4.0"}]}}}},
            None, field="yaml-object", form="yaml", end_line=_line(t, "image: ghcr.io/acme/shop-api:1.4.0")),
    ],
    "yaml-value-in-snippet": lambda t: [
        finding("y2", "value-mismatch", _line(t, "  replicas: 4"), "4", 3, form="yaml",
                span=_span(t, _line(t, "  replicas: 4"), "4")),
    ],
    "phantom-section-sentence-placeholder": lambda t: [
        finding("p1", "phantom-resource", _line(t, "Istio VirtualService"), "VirtualService", None,
                field="object-kind", subject="Istio", text="Traffic is split by an Istio VirtualService."),
        finding("p2", "phantom-resource", _line(t, "kubectl apply -f istio"), "VirtualService", None,
                field="object-kind", subject="Istio", form="bash", text="kubectl apply -f istio/virtualservice.yaml"),
        finding("p3", "phantom-resource", _line(t, "Kafka cluster"), "Kafka", None, field="component",
                subject="Kafka"),
        finding("p4", "placeholder", _line(t, "TODO"), "TODO", None, field="placeholder", subject=None),
    ],
    "wrong-command": lambda t: [
        finding("c1", "wrong-command", _line(t, "make minikube-start"), "minikube-start", "minikube-up",
                field="make-target", form="bash"),
        finding("c2", "wrong-command", _line(t, "api.replicaCount"), "api.replicaCount", "api.replicas",
                field="values-key", form="bash"),
    ],
    "missing-topics": lambda t: [
        finding("m1", "missing-topic", _line(t, "## 🧯 Troubleshooting"), None, None, field="autoscaling",
                area="autoscaling", subject=None),
        finding("m2", "undocumented-resource", _line(t, "| Workload |"), None, "shop-db",
                field="component", subject="shop-db"),
        finding("m3", "undocumented-resource", 1, None, "Service/shop-api", field="object-kind",
                area="exposure", subject="shop-api"),
    ],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_fix_generators_golden(case):
    facts = make_facts()
    findings = CASES[case](BASE_DOC)
    fixes = generate_fixes(findings, facts, DocView.parse(DOC, BASE_DOC))
    resolved = {r for f in fixes for r in f.resolves}
    assert resolved >= {f.id for f in findings}, "every finding of these cases is fixable"
    out = apply_fixes(BASE_DOC, fixes)
    listing = "".join(f"{f.id} {f.kind} {f.start_line}-{f.end_line} {sorted(f.resolves)} {f.rationale}\n"
                      for f in fixes)
    assert SECRET_VALUE not in out
    check_golden(f"fix-{case}.md", listing + "----\n" + out)
    # the same findings on the fixed text produce nothing new to do for value fixes (idempotent edits)
    assert apply_fixes(out, []) == out


def test_generated_section_regenerates_and_detects_hand_edits():
    facts = make_facts()
    body = generate("workloads", facts)
    doc = "# T\n\n## Workloads\n\n" + wrap("workloads", body) + "\n## End\n"
    assert find_sections((DOC, doc))[0].name == "workloads"
    assert stale_sections((DOC, doc), facts) == []
    facts.workloads[0].replicas = 5
    stale = stale_sections((DOC, doc), facts)
    assert [s.name for s in stale] == ["workloads"] and not stale[0].hand_edited
    fixes = generate_fixes([], facts, DocView.parse(DOC, doc))
    assert [f.kind for f in fixes] == ["regenerate-section"]
    new = apply_fixes(doc, fixes)
    assert "| 5 (`api.replicas`)" in new and stale_sections((DOC, new), facts) == []
    # a hand edit: checksum no longer matches -> flagged, never auto-accepted
    edited = new.replace("Deployment ", "Deploymnt  ")
    facts.workloads[0].replicas = 6
    fixes = generate_fixes([], facts, DocView.parse(DOC, edited))
    assert "hand-edited since generation" in fixes[0].rationale
    from k8sfix_tui.fixes import is_auto_acceptable

    assert not is_auto_acceptable(fixes[0])


def test_waived_findings_get_no_fix():
    f = finding("w1", "value-mismatch", _line(BASE_DOC, "The API runs"), "4", 3)
    f.waived = True
    assert generate_fixes([f], make_facts(), DocView.parse(DOC, BASE_DOC)) == []


# ---- in-place value edits: what is replaced, and what is deliberately left alone ---------------------------

VALUE_CASES = [
    # (line, finding kwargs, expected line or None for "no fix")
    ("Initial delay is 30s.", dict(value="30s", actual="15", field="probe.liveness.initialDelaySeconds"),
     "Initial delay is 15s."),
    ("Target 80% CPU.", dict(value="80", actual=75, field="hpa-cpu-target"), "Target 75% CPU."),
    ("Overlays live in `k8s/environments/`.", dict(value="k8s/environments/", actual="k8s/overlays",
                                                  field="path", rule="wrong-path"),
     "Overlays live in `k8s/overlays/`."),
    ("Use `-f values-prod.yaml`.", dict(value="values-prod.yaml", actual="deploy/chart/values-production.yaml",
                                        field="path", rule="wrong-path"), "Use `-f values-production.yaml`."),
    ("Use `-f deploy/chart/values-prod.yaml`.", dict(value="deploy/chart/values-prod.yaml",
                                                     actual="deploy/chart/values.yaml", field="path",
                                                     rule="wrong-path"),
     "Use `-f deploy/chart/values-production.yaml`."),
    ("The probe is a grpc check on `/healthz` port 9090.", dict(value="/healthz", actual=None,
                                                                 field="probe.liveness.path"),
     "The probe is a grpc check on port 9090."),
    ("Chart `deploy/chart/` is used.", dict(value="deploy/chart/", actual="shop", field="chart-name"), None),
    ("helm upgrade x --set api.replicas=6", dict(value="api.replicas", actual=3, field="values-key",
                                                 rule="wrong-command"), None),
    ("helm upgrade x --set api.replicaCount=6", dict(value="api.replicaCount", actual="api.replicas",
                                                     field="values-key", rule="wrong-command"),
     "helm upgrade x --set api.replicas=6"),
    ("kubectl port-forward svc/shop-api 9090:80", dict(value="9090", actual="80", field="service-port"), None),
    ("The key is `db-password`.", dict(value="db-password", actual=["password", "username"], field="secret-key"),
     "The key is `password`."),
    ("Host `www.shop.io`.", dict(value="www.shop.io", actual=["a.shop.io", "b.shop.io"], field="ingress-host"), None),
    ("Shop at `www.shop.io`, API at `api.shop.io`.", dict(value="www.shop.io", actual=["store.shop.io", "api.shop.io"],
                                                          field="ingress-host"),
     "Shop at `store.shop.io`, API at `api.shop.io`."),
    ("helm template shop deploy/chart -n <your-namespace>", dict(value="<your-namespace>", actual=None,
                                                                field="placeholder", rule="placeholder"),
     "helm template shop deploy/chart -n shop"),
    ("git clone https://github.com/your-org/shop.git", dict(value="your-org", actual=None, field="placeholder",
                                                          rule="placeholder"),
     "git clone https://github.com/acme/shop.git"),
]


@pytest.mark.parametrize("line, kw, expected", VALUE_CASES)
def test_value_edits(line, kw, expected):
    text = f"# T\n\n{line}\n"
    rule = kw.pop("rule", "value-mismatch")
    col = line.index(kw["value"])
    f = finding("v", rule, 3, kw["value"], kw["actual"], field=kw["field"], span=(col, col + len(kw["value"])),
                text=line)
    facts = make_facts()
    facts.files.append("deploy/chart/values-production.yaml")
    fixes = generate_fixes([f], facts, DocView.parse(DOC, text))
    if expected is None:
        assert fixes == []
    else:
        assert apply_fixes(text, fixes).split("\n")[2] == expected
