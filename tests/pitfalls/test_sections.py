"""Generated troubleshooting / rollout / monitoring sections: golden files on sample_repo and
focused behaviour on tiny repositories. Regenerate goldens with K8SFIX_UPDATE_GOLDEN=1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from k8sfix_tui.pitfalls import detect, sections

GOLDEN = Path(__file__).resolve().parent / "golden"


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("K8SFIX_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample_pitfalls(sample_facts):
    return detect(sample_facts)


def test_troubleshooting_golden(sample_facts, sample_pitfalls):
    _golden("troubleshooting.md", sections.troubleshooting_section(sample_facts, sample_pitfalls))


def test_rollout_golden(sample_facts):
    _golden("rollout.md", sections.rollout_section(sample_facts))


def test_monitoring_golden(sample_facts):
    _golden("monitoring.md", sections.monitoring_section(sample_facts))


def test_sections_are_deterministic(sample_facts, sample_pitfalls):
    assert sections.troubleshooting_section(sample_facts, sample_pitfalls) == sections.troubleshooting_section(
        sample_facts, detect(sample_facts))
    assert sections.rollout_section(sample_facts) == sections.rollout_section(sample_facts)


def test_troubleshooting_uses_real_names(sample_facts, sample_pitfalls):
    text = sections.troubleshooting_section(sample_facts, sample_pitfalls)
    assert "kubectl -n larkspur get pods -l app.kubernetes.io/component=api," in text
    assert "curl -fsS http://localhost:8000/readyz" in text
    assert "port-forward svc/larkspur-web 8080:80" in text  # privileged port moved up
    assert text.count("- **") == len(sample_pitfalls)


def test_rollout_names_release_namespace_and_ci(sample_facts):
    text = sections.rollout_section(sample_facts)
    assert "helm rollback larkspur <REVISION> -n larkspur-staging" in text
    assert "`--atomic`" in text and "rollout status" in text
    assert "kubectl -n larkspur-prod rollout undo deploy/larkspur-api" in text


DEPLOY = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  strategy: {type: Recreate}
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{name: http, containerPort: 80}]
          readinessProbe: {httpGet: {path: /healthz, port: http}}
"""


def test_plain_manifests_without_ci(make_repo):
    facts = make_repo({"k8s/web.yaml": DEPLOY})
    roll = sections.rollout_section(facts, aligned=False)
    assert "| `web` | Deployment | Recreate |" in roll
    assert "kubectl -n default rollout undo deploy/web" in roll
    assert "No CI workflow deploys this repository" in roll
    mon = sections.monitoring_section(facts)
    assert mon.startswith("Nothing is configured for monitoring")
    tr = sections.troubleshooting_section(facts, [])
    assert "kubectl -n default port-forward deploy/web 8080:80" in tr and "curl -fsS http://localhost:8080/healthz" in tr
    assert "No known problems" in tr


def test_ci_apply_without_wait(make_repo):
    facts = make_repo({"k8s/web.yaml": DEPLOY,
                       ".github/workflows/deploy.yml": "name: deploy\non: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n"
                                                       "    steps:\n      - run: kubectl apply -f k8s/\n"})
    roll = sections.rollout_section(facts)
    assert "without `kubectl rollout status`" in roll


def test_monitoring_finds_servicemonitor_exporter_and_logs(make_repo):
    facts = make_repo({"k8s/web.yaml": DEPLOY.replace(
        "          readinessProbe", "        - name: exporter\n          image: nginx/nginx-prometheus-exporter:1.1\n"
        "          ports: [{name: metrics, containerPort: 9113}]\n          volumeMounts: [{name: logs, mountPath: /var/log/nginx}]\n"
        "          readinessProbe"),
        "k8s/sm.yaml": "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: web}\n"
                       "spec:\n  selector: {matchLabels: {app: web}}\n  endpoints: [{port: metrics, interval: 30s}]\n"})
    mon = sections.monitoring_section(facts)
    assert "ServiceMonitor" in mon and "30s" in mon
    assert "nginx-prometheus-exporter" in mon
    assert "| `web`" in mon and "9113" in mon
    assert "/var/log/nginx" in mon


def test_generator_entry_points(sample_facts):
    assert set(sections.GENERATORS) == {"troubleshooting", "rollout", "monitoring"}
    for fn in sections.GENERATORS.values():
        out = fn(sample_facts, True)
        assert out.endswith("\n") and out.strip()


def test_rollout_groups_by_namespace_and_sections_skip_helm_tests(make_repo):
    other = DEPLOY.replace("metadata: {name: web}", "metadata: {name: prom, namespace: monitoring}").replace(
        "app: web", "app: prom").replace("nginx:1.27", "quay.io/prometheus/prometheus:v2.53.0")
    test_pod = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-test-x1y2z\n  annotations: {helm.sh/hook: test}\n"
                "spec:\n  containers: [{name: t, image: busybox:1.36}]\n")
    facts = make_repo({"k8s/web.yaml": DEPLOY, "k8s/prom.yaml": other, "k8s/test.yaml": test_pod})
    roll = sections.rollout_section(facts)
    assert "kubectl -n monitoring rollout undo deploy/prom" in roll
    assert "kubectl -n default rollout undo deploy/web" in roll
    tr = sections.troubleshooting_section(facts, detect(facts))
    assert "web-test-x1y2z" not in tr and "web-test-x1y2z" not in roll
    mon = sections.monitoring_section(facts)
    assert "Monitoring components" in mon and "prometheus:v2.53.0" in mon
