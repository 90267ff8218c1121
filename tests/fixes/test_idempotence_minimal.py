"""Accepting every fix on a minimal repository converges in one round: a fresh analysis proposes nothing
and finds no value-mismatch in the generated content (source references such as `k8s/web.yaml:18` in the
generated sections must not read back as claims)."""

from __future__ import annotations

from pathlib import Path

import pytest

from k8sfix_tui.engine import Session

MANIFEST = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.25
          ports:
            - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 80
"""

READMES = [
    "# Web\n\nThe `web` Deployment runs nginx. Deploy it with:\n\n```bash\nkubectl apply -f k8s/web.yaml\n```\n",
    "# Web\n\nThe `web` Deployment runs `nginx:1.25` with 2 replicas behind the `web` Service on port 80.\n\n"
    "```bash\nkubectl apply -f k8s/web.yaml\nkubectl rollout status deploy/web\n```\n",
]


PROBED = MANIFEST.replace("""          ports:
            - containerPort: 80
""", """          ports:
            - containerPort: 80
          readinessProbe:
            httpGet: {path: /healthz, port: 80}
          resources:
            requests: {cpu: 100m, memory: 64Mi}
            limits: {memory: 128Mi}
""")


def _repo(tmp_path: Path, readme: str, manifest: str = MANIFEST) -> Path:
    root = tmp_path / "repo"
    (root / "k8s").mkdir(parents=True)
    (root / "k8s" / "web.yaml").write_text(manifest, encoding="utf-8")
    (root / "README.md").write_text(readme, encoding="utf-8")
    return root


@pytest.mark.parametrize("manifest", [MANIFEST, PROBED], ids=["plain", "probes-resources"])
@pytest.mark.parametrize("readme", READMES, ids=["commands-only", "values"])
def test_accept_all_then_nothing_left(tmp_path, readme, manifest):
    # generated sections make a short README long; they must not make it owe every topic next round
    repo = _repo(tmp_path, readme, manifest)
    s = Session(str(repo))
    s.analyse()
    assert s.fixes, "the minimal document lacks troubleshooting/rollout sections"
    s.apply({f.id: "accept" for f in s.fixes})
    text = (repo / "README.md").read_text(encoding="utf-8")
    assert "k8sfix:begin" in text
    again = Session(str(repo))
    again.analyse()
    assert [(fx.kind, fx.resolves) for fx in again.fixes] == []
    mismatches = [(f.field, f.doc_value, f.doc.line if f.doc else None) for f in again.findings
                  if f.rule == "value-mismatch" and not f.waived]
    assert mismatches == []


def test_source_reference_is_not_an_image():
    from k8sfix_tui.doc.claims.prose import scan

    for text in ("Cause: container 'web' has no cpu or memory request. (`k8s/web.yaml:18`)",
                 "image `k8s/web.yaml:18`", "see `docker/Dockerfile:3` for the image", "| image | `Makefile:12:3` |"):
        assert [h for h in scan(text) if h.field in ("image", "image-tag")] == [], text
    assert [h.value for h in scan("the image is `ghcr.io/acme/api:1.2`") if h.field == "image"] == ["ghcr.io/acme/api:1.2"]
    assert [h.value for h in scan("image: registry.local:5000/app:18") if h.field == "image"] == ["registry.local:5000/app:18"]
