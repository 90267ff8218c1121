"""validate's coverage criteria ("All deployments documented", "Resource limits documented"...) are owed by a
deployment guide, not by a pointer README: the same decision `check` and `fix` make, so a README that check
calls clean is not failed by validate for topics it never meant to cover."""

from __future__ import annotations

from pathlib import Path

from k8sfix_tui.fixes.validate import validate

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend}
spec:
  replicas: 3
  selector: {matchLabels: {app: frontend}}
  template:
    metadata: {labels: {app: frontend}}
    spec:
      containers:
        - name: php-redis
          image: registry.k8s.io/guestbook:v3
          resources: {requests: {cpu: 100m, memory: 100Mi}}
"""
GUIDE = "\n".join([
    "# Deploying the guestbook on Kubernetes", "",
    "Deploy it with `kubectl apply -f frontend-deployment.yaml`.", "",
    "```bash", "kubectl apply -f frontend-deployment.yaml", "kubectl get pods", "```", "",
    *[f"Step {i}: read the output of the previous command carefully before you go on." for i in range(1, 25)],
]) + "\n"
POINTER = "# Guestbook\n\nThis example moved: see [the new location](https://example.org/guestbook).\n"


def _repo(tmp_path: Path, doc: str) -> Path:
    (tmp_path / "frontend-deployment.yaml").write_text(DEPLOYMENT)
    (tmp_path / "README.md").write_text(doc)
    return tmp_path


def _criteria(repo: Path) -> dict[str, tuple[str, str]]:
    report = validate(repo, ["README.md"])
    return {c.id: (c.status, c.detail) for c in report.checks if c.category == "criteria"}


def test_a_pointer_readme_owes_no_coverage(tmp_path: Path) -> None:
    got = _criteria(_repo(tmp_path, POINTER))
    for id_ in ("all-deployments", "resource-limits"):
        assert got[id_][0] == "skip" and "not owed" in got[id_][1], got[id_]


def test_a_deployment_guide_still_owes_it(tmp_path: Path) -> None:
    got = _criteria(_repo(tmp_path, GUIDE))
    assert got["all-deployments"][0] == "fail" and "frontend" in got["all-deployments"][1], got
    assert got["resource-limits"][0] == "fail" and "100Mi" in got["resource-limits"][1], got
