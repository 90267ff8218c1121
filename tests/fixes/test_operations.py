"""Operations sections (Troubleshooting / Rollouts / Monitoring) written by hand: generic advice is
regenerated from the facts, missing topics are inserted, a second run proposes nothing."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from k8sfix_tui.cli import main
from k8sfix_tui.engine import Session, check_kube_version
from k8sfix_tui.errors import UsageError
from k8sfix_tui.fixes.generators.operations import generic_phrases

MANIFEST = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-api
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: shop-api
  template:
    metadata:
      labels:
        app: shop-api
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/shop-api:1.2.3
          ports:
            - containerPort: 8080
          readinessProbe:
            httpGet:
              path: /ready
              port: 8080
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: shop-api
  namespace: shop
spec:
  selector:
    app: shop-api
  ports:
    - port: 80
      targetPort: 8080
"""

GENERIC_DOC = """
# Shop

Deploy with `kubectl apply -f k8s/app.yaml`. The `shop-api` Deployment runs 2 replicas.

## Details

The `shop-api` Deployment runs in the `shop` namespace.
Its image is `ghcr.io/acme/shop-api:1.2.3`.
The container listens on port 8080.
The `shop-api` Service forwards port 80 to 8080.
The API requests 100m CPU and 128Mi memory.
Its memory limit is 256Mi.
The readiness probe is an HTTP GET of `/ready` on port 8080.
There is no liveness probe.
There is no autoscaler.
There is no persistent storage.
There is no ConfigMap.
There is no Ingress.
Nothing else is deployed.

## Troubleshooting

If something goes wrong, check your pods and look at the logs.
Make sure all pods are running.

## License

MIT
"""


def _repo(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "repo"
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.mark.parametrize("text, generic", [
    ("If something goes wrong, check your pods.", ["if something goes wrong", "check your pods"]),
    ("Look at the logs and make sure all pods are running.", ["look at the logs", "make sure all pods are running"]),
    ("Contact your cluster administrator.", ["contact your cluster administrator"]),
    ("Use kubectl to debug the deployment.", ["use kubectl to debug"]),
    ("Run `kubectl -n shop logs deploy/shop-api` to see the API's errors.", []),
    ("The HPA shows `<unknown>` until metrics-server runs: `minikube addons enable metrics-server`.", []),
    ("Monitor the app with Prometheus at port 9100.", []),
])
def test_generic_phrases(text, generic):
    assert generic_phrases(text) == generic


def test_generic_troubleshooting_is_regenerated_with_real_commands(tmp_path):
    repo = _repo(tmp_path, {"k8s/app.yaml": MANIFEST, "README.md": GENERIC_DOC})
    s = Session(repo, docs=["README.md"])
    s.analyse()
    ops = [f for f in s.findings if (f.rule, f.field) == ("placeholder", "operations-section")]
    assert [(f.subject, f.doc.line) for f in ops] == [("troubleshooting", 21)]
    regen = [fx for fx in s.fixes if fx.kind == "regenerate-section"]
    assert len(regen) == 1 and ops[0].id in regen[0].resolves
    new = s.preview("README.md", {fx.id: "accept" for fx in s.fixes})
    assert "check your pods" not in new and "look at the logs" not in new
    assert "<!-- k8sfix:begin troubleshooting sha256=" in new
    assert "kubectl -n shop get pods -l app=shop-api" in new
    assert "curl -fsS http://localhost:8080/ready" in new
    assert new.index("## Troubleshooting") < new.index("k8sfix:begin troubleshooting") < new.index("## License")
    # a rollout section is missing too: inserted as its own section before the License
    assert "## Rollouts and rollbacks" in new and new.index("## Rollouts") < new.index("## License")
    s.apply({fx.id: "accept" for fx in s.fixes})
    again = Session(repo, docs=["README.md"])
    again.analyse()
    assert [f for f in again.findings if f.rule in ("placeholder", "missing-topic")
            and str(f.id).startswith("ops:")] == []
    assert [fx for fx in again.fixes if fx.kind in ("regenerate-section", "insert-section")] == []


def test_specific_troubleshooting_gets_generated_part_appended(tmp_path):
    doc = GENERIC_DOC.replace("If something goes wrong, check your pods and look at the logs.\nMake sure all pods "
                              "are running.", "**503 from the API.** Run `kubectl -n shop get endpoints shop-api`.")
    repo = _repo(tmp_path, {"k8s/app.yaml": MANIFEST, "README.md": doc})
    s = Session(repo, docs=["README.md"])
    s.analyse()
    fixes = [fx for fx in s.fixes if any(r.startswith("ops:README.md:troubleshooting") for r in fx.resolves)]
    assert [fx.kind for fx in fixes] == ["insert-section"]
    new = s.preview("README.md", {fixes[0].id: "accept"})
    assert "**503 from the API.**" in new  # hand-written advice kept
    assert new.index("503 from the API") < new.index("k8sfix:begin troubleshooting") < new.index("## License")


def test_missing_topics_go_to_the_main_document_only(tmp_path):
    repo = _repo(tmp_path, {
        "k8s/app.yaml": MANIFEST,
        "README.md": "# Shop\n\nSee docs/deploy.md.\n",
        "docs/deploy.md": "# Deploy\n\n## Install\n\n```bash\nkubectl apply -f k8s/app.yaml\n"
                          "kubectl -n shop rollout status deploy/shop-api\n```\n",
    })
    s = Session(repo, docs=["README.md", "docs/deploy.md"])
    s.analyse()
    missing = sorted((f.doc.path, f.field) for f in s.findings if f.rule == "missing-topic" and f.id.startswith("ops:"))
    assert missing == [("docs/deploy.md", "monitoring"), ("docs/deploy.md", "rollout"),
                       ("docs/deploy.md", "troubleshooting")]


def test_config_severity_off_silences_missing_topics(tmp_path):
    repo = _repo(tmp_path, {
        "k8s/app.yaml": MANIFEST,
        ".k8sfix.toml": '[tool.k8sfix]\nseverity = { "missing-topic" = "off" }\n',
        "docs/deploy.md": "# Deploy\n\n```bash\nkubectl apply -f k8s/app.yaml\n```\n",
    })
    s = Session(repo, docs=["docs/deploy.md"])
    s.analyse()
    assert [f for f in s.findings if f.id.startswith("ops:")] == []


def test_kube_version_is_validated_early(tmp_path, capsys):
    repo = _repo(tmp_path, {"k8s/app.yaml": MANIFEST, "README.md": GENERIC_DOC})
    assert check_kube_version("v1.29.3") == "v1.29.3" and check_kube_version(None) is None
    with pytest.raises(UsageError):
        Session(repo, kube_version="1.x")
    for command in ("check", "fix", "validate"):
        assert main([command, str(repo), "--kube-version", "latest"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "--kube-version" in err and "Traceback" not in err


CRONJOB = """
apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: run
              image: busybox:1.36
              resources:
                requests: {cpu: 10m, memory: 16Mi}
                limits: {memory: 32Mi}
"""


def test_kube_version_reaches_the_pitfall_detectors(tmp_path, capsys):
    import json

    repo = _repo(tmp_path, {"k8s/cron.yaml": CRONJOB, "README.md": "# Cron\n\n`kubectl apply -f k8s/cron.yaml`\n"})

    def deprecated(version: str | None) -> list[str]:
        argv = ["check", str(repo), "--format", "json", "--fail-on", "never"]
        assert main(argv + (["--kube-version", version] if version else [])) == 0
        report = json.loads(capsys.readouterr().out)
        return [p["rule"] for p in report["pitfalls"] if "deprecated-api" in str(p["rule"])]

    assert deprecated(None) and deprecated("1.31")  # batch/v1beta1 CronJob is gone in 1.25
    assert deprecated("1.20") == []  # not even deprecated yet
    s = Session(repo, docs=["README.md"], kube_version="1.20")
    s.analyse()
    new = s.preview("README.md", {fx.id: "accept" for fx in s.fixes})
    assert "deprecated-api" not in new
    s31 = Session(repo, docs=["README.md"])
    s31.analyse()
    assert "deprecated-api" in s31.preview("README.md", {fx.id: "accept" for fx in s31.fixes})


def test_one_wrong_value_is_fixed_in_place_not_by_regenerating(tmp_path):
    doc = GENERIC_DOC.replace("If something goes wrong, check your pods and look at the logs.\nMake sure all pods "
                              "are running.", "**503 from the API.** The `shop-api` Deployment runs 5 replicas; "
                              "run `kubectl -n shop get endpoints shop-api`.")
    repo = _repo(tmp_path, {"k8s/app.yaml": MANIFEST, "README.md": doc})
    s = Session(repo, docs=["README.md"])
    s.analyse()
    assert not [f for f in s.findings if (f.rule, f.field) == ("placeholder", "operations-section")]
    assert not [fx for fx in s.fixes if fx.kind == "regenerate-section"]


@pytest.mark.parametrize("severity, expected", [
    ({"placeholder": "off"}, [("missing-topic", "monitoring", "warning"), ("missing-topic", "rollout", "warning")]),
    ({"placeholder": "off", "missing-topic": "off"}, []),
    ({"missing-topic": "info", "placeholder": "error"},
     [("missing-topic", "monitoring", "info"), ("missing-topic", "rollout", "info"),
      ("placeholder", "operations-section", "error")]),
])
def test_config_severity_levels_for_operations_findings(tmp_path, severity, expected):
    from k8sfix_tui.config import Config

    repo = _repo(tmp_path, {"k8s/app.yaml": MANIFEST, "README.md": GENERIC_DOC})
    s = Session(repo, docs=["README.md"], config=Config(severity=dict(severity)))
    s.analyse()
    got = sorted((f.rule, f.field, f.severity) for f in s.findings if f.id.startswith("ops:"))
    assert got == expected
    kinds = {fx.kind for fx in s.fixes if any(r.startswith("ops:") for r in fx.resolves)}
    assert ("regenerate-section" in kinds) == any(r == "placeholder" for r, _, _ in expected)
    assert ("insert-section" in kinds) == any(r == "missing-topic" for r, _, _ in expected)
