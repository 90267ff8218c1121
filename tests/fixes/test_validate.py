"""validate(): each document check as a table of (document text, check id, expected status)."""

from __future__ import annotations

import pytest

from k8sfix_tui.fixes.schema import check_object
from k8sfix_tui.fixes.validate import make_targets_of, validate

from .factory import make_facts

GOOD = """# Deploy

## Install

Run `make deploy` or `./scripts/minikube-up.sh`; the chart is in `deploy/chart/`.
See [the chart](../deploy/chart/Chart.yaml) and [install](#install).

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-api
spec:
  replicas: 3
```

```bash
make deploy
helm upgrade --install shop deploy/chart --set api.replicas=2
```

## Troubleshooting

Look at `kubectl logs deploy/shop-api`.
"""

CASES = [
    ("yaml-parse", GOOD, "pass"),
    ("yaml-parse", GOOD.replace("  replicas: 3", "  replicas: 3\n   bad: [1"), "fail"),
    ("k8s-schema", GOOD, "pass"),
    ("k8s-schema", GOOD.replace("apiVersion: apps/v1", "apiVersion: extensions/v1beta1"), "fail"),
    ("bash-syntax", GOOD, "pass"),
    ("bash-syntax", GOOD.replace("make deploy\nhelm", "if then\nhelm"), "fail"),
    ("paths", GOOD, "pass"),
    ("paths", GOOD.replace("`deploy/chart/`", "`deploy/charts/`"), "fail"),
    ("commands", GOOD, "pass"),
    ("commands", GOOD.replace("make deploy\nhelm", "make deploy-all\nhelm"), "fail"),
    ("commands", GOOD.replace("api.replicas=2", "api.replicaCount=2"), "fail"),
    ("commands", GOOD.replace("./scripts/minikube-up.sh", "./scripts/setup.sh"), "fail"),
    ("links", GOOD, "pass"),
    ("links", GOOD.replace("(#install)", "(#installation)"), "fail"),
    ("links", GOOD.replace("../deploy/chart/Chart.yaml", "../deploy/chart/Chart.yml"), "fail"),
    ("placeholders", GOOD, "pass"),
    ("placeholders", GOOD.replace("Look at", "TODO: look at"), "fail"),
    ("placeholders", GOOD.replace("Look at", "Clone github.com/your-org/shop and look at"), "fail"),
]


@pytest.fixture
def repo(tmp_path):
    for rel in ("Makefile", "scripts/minikube-up.sh", "deploy/chart/Chart.yaml", "deploy/chart/values.yaml"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x\n")
    (tmp_path / "docs").mkdir()
    return tmp_path


@pytest.mark.parametrize("check_id, text, expected", CASES)
def test_document_checks(repo, check_id, text, expected):
    (repo / "docs" / "DEPLOYMENT.md").write_text(text)
    facts = make_facts(str(repo))
    facts.files = sorted(str(p.relative_to(repo)) for p in repo.rglob("*") if p.is_file())
    report = validate(repo, ["docs/DEPLOYMENT.md"], facts)
    statuses = {c.status for c in report.checks if c.id == check_id}
    assert statuses, f"no {check_id} check ran"
    assert ("fail" in statuses) == (expected == "fail"), [c for c in report.checks if c.id == check_id]
    failing = [c for c in report.checks if c.id == check_id and c.status == "fail"]
    assert all(c.location and c.location.startswith("docs/DEPLOYMENT.md:") for c in failing)


def test_criteria_checklist(repo):
    (repo / "docs" / "DEPLOYMENT.md").write_text(GOOD)
    facts = make_facts(str(repo))
    report = validate(repo, ["docs/DEPLOYMENT.md"], facts)
    crit = {c.id: c for c in report.checks if c.category == "criteria"}
    assert set(crit) == {"all-deployments", "configurations-match", "helm-structure", "pvcs", "config",
                         "resource-limits", "health-checks", "autoscaling", "deploy-commands", "minikube",
                         "troubleshooting", "no-generic-content"}
    assert crit["all-deployments"].status == "fail" and "shop-db" in crit["all-deployments"].detail
    assert crit["troubleshooting"].status == "pass"
    assert all(c.detail for c in crit.values())
    text = report.to_text()
    assert "Success criteria" in text and text.rstrip().splitlines()[-1].startswith(("PASSED", "FAILED"))


def test_facts_errors_fail_repo_sources(repo):
    from k8sfix_tui.model import Location, SourceError

    (repo / "docs" / "DEPLOYMENT.md").write_text(GOOD)
    facts = make_facts(str(repo))
    facts.errors = [SourceError(Location("deploy/chart/templates/x.yaml", 3), "bad template")]
    report = validate(repo, ["docs/DEPLOYMENT.md"], facts)
    bad = [c for c in report.checks if c.id == "repo-sources"]
    assert bad[0].status == "fail" and bad[0].location == "deploy/chart/templates/x.yaml:3"


@pytest.mark.parametrize("command, targets", [
    ("make deploy", ["deploy"]),
    ("make status NAMESPACE=larkspur-dev", ["status"]),
    ("COMPONENT=worker make logs", ["logs"]),
    ("make -j 4 images push", ["images", "push"]),
    ("make -C sub deploy", []),
    ("cd x && make lint  # comment", ["lint"]),
    ("echo make me", []),
])
def test_make_targets_of(command, targets):
    assert make_targets_of(command) == targets


# The real Kubernetes schema (kubernetes-validate): a document excerpt without metadata.name is an
# excerpt, not an error, and a container's image is optional in the API (only its name is required).
@pytest.mark.parametrize("obj, problems", [
    ({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a"}}, 0),
    ({"apiVersion": "v1", "kind": "Deployment", "metadata": {"name": "a"}}, 1),
    ({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {}}, 0),
    ({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a"},
      "spec": {"template": {"spec": {"containers": [{"name": "c"}]}}}}, 0),
    ({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a"},
      "spec": {"selector": {}, "template": {"spec": {"containers": [{"image": "c"}]}}}}, 1),
    ({"apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitor", "metadata": {"name": "a"}}, 0),
])
def test_schema_partial(obj, problems):
    assert len(check_object(obj, partial=True)) == problems
