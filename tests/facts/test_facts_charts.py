"""Charts: metadata, values lines, default render, one profile per helm invocation, progress."""

from __future__ import annotations

import pytest

from k8sfix_tui.facts import collect

pytest.importorskip("k8sfix_tui.render.helm")

CHART = {
    "deploy/chart/Chart.yaml": """
        apiVersion: v2
        name: web
        version: 1.2.3
        appVersion: "2.0"
        description: Web shop
        dependencies:
          - name: redis
            version: 18.x
            repository: https://charts.bitnami.com/bitnami
            condition: redis.enabled
        """,
    "deploy/chart/values.yaml": """
        replicas: 2
        image:
          repository: acme/web
          tag: "2.0"
        redis:
          enabled: false
        """,
    "deploy/chart/values-prod.yaml": "replicas: 5\n",
    "deploy/chart/templates/_helpers.tpl": '{{- define "web.name" -}}{{ .Release.Name }}-web{{- end }}\n',
    "deploy/chart/templates/deployment.yaml": """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ include "web.name" . }}
          namespace: {{ .Release.Namespace }}
        spec:
          replicas: {{ .Values.replicas }}
          template:
            spec:
              containers:
                - name: web
                  image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
        """,
    "deploy/chart/templates/secret.yaml": """
        apiVersion: v1
        kind: Secret
        metadata:
          name: {{ .Release.Name }}-creds
        stringData:
          password: chart-secret-value-42
        """,
    "deploy/chart/charts/redis/Chart.yaml": "apiVersion: v2\nname: redis\nversion: 18.0.0\n",
    "Makefile": """
        CHART := deploy/chart
        deploy: ## Deploy prod
        \thelm upgrade --install shop $(CHART) -n prod -f $(CHART)/values-prod.yaml --set image.tag=2.1
        """,
}


@pytest.fixture
def facts(make_repo):
    return collect(make_repo(CHART))


def test_chart_metadata_and_values_lines(facts):
    (chart,) = facts.charts  # the vendored subchart is not a chart of its own
    assert (chart.path, chart.name, chart.version, chart.app_version, chart.api_version) == (
        "deploy/chart", "web", "1.2.3", "2.0", "v2")
    assert chart.templates == ["deploy/chart/templates/_helpers.tpl", "deploy/chart/templates/deployment.yaml",
                               "deploy/chart/templates/secret.yaml"]
    assert chart.helpers == ["deploy/chart/templates/_helpers.tpl"]
    assert [(d.name, d.condition) for d in chart.dependencies] == [("redis", "redis.enabled")]
    assert chart.values_lines["replicas"] == 1 and chart.values_lines["image.tag"] == 4


def test_default_render_uses_the_repos_release_and_namespace(facts):
    origin = "chart deploy/chart (default values)"
    (w,) = [w for w in facts.workloads if w.origin == origin]
    assert (w.name, w.namespace, w.replicas, w.containers[0].image) == ("shop-web", "prod", 2, "acme/web:2.0")
    assert w.source.path == "deploy/chart/templates/deployment.yaml"
    assert w.obj.line_of("spec.replicas") == 7
    ref = w.obj.provenance.get("spec.replicas")
    assert ref is not None and (ref.key, str(ref.location)) == ("replicas", "deploy/chart/values.yaml:1")
    assert not [o for o in facts.objects if o.origin == "manifests"]  # templates are rendered, not parsed


def test_profile_per_invocation(facts):
    (inv,) = facts.helm_invocations
    assert (inv.release, inv.chart_path, inv.namespace, inv.values_files, inv.set_values) == (
        "shop", "deploy/chart", "prod", ["deploy/chart/values-prod.yaml"], ["image.tag=2.1"])
    (profile,) = facts.profiles
    assert profile.name == "make deploy"
    (dep,) = [o for o in profile.objects if o.kind == "Deployment"]
    assert dep.origin == "make deploy"
    assert dep.body["spec"]["replicas"] == 5
    assert dep.body["spec"]["template"]["spec"]["containers"][0]["image"] == "acme/web:2.1"
    ref = dep.provenance.get("spec.replicas")
    assert ref is not None and str(ref.location) == "deploy/chart/values-prod.yaml:1"


def test_rendered_secrets_are_redacted(facts):
    import json

    from k8sfix_tui.facts import facts_to_json

    secrets = [o for o in facts.objects if o.kind == "Secret"] + [
        o for p in facts.profiles for o in p.objects if o.kind == "Secret"]
    assert len(secrets) == 2
    assert all("chart-secret-value-42" not in repr(o.body) for o in secrets)
    assert "chart-secret-value-42" not in json.dumps(facts_to_json(facts))


def test_progress_reports_every_stage(make_repo):
    seen: dict[str, tuple[int, int]] = {}
    collect(make_repo(CHART), progress=lambda stage, done, total: seen.__setitem__(stage, (done, total)))
    assert {"walk", "manifests", "automation", "charts", "profiles", "kustomize", "views"} <= set(seen)
    assert all(done == total for done, total in seen.values())


def test_skaffold_and_helmfile_releases_become_profiles(make_repo):
    files = dict(CHART)
    files["skaffold.yaml"] = """
        apiVersion: skaffold/v4beta6
        kind: Config
        deploy:
          helm:
            releases:
              - name: shop-dev
                chartPath: deploy/chart
                namespace: dev
                valuesFiles: [deploy/chart/values-prod.yaml]
                setValues: {image: {tag: dev}}
        profiles:
          - name: ci
            deploy:
              helm:
                releases:
                  - {name: shop-ci, chartPath: deploy/chart}
        """
    files["helmfile.yaml"] = """
        releases:
          - name: shop-hf
            namespace: hf
            chart: ./deploy/chart
            set:
              - {name: replicas, value: 7}
        """
    facts = collect(make_repo(files))
    names = [p.name for p in facts.profiles]
    assert names == ["make deploy", "helmfile shop-hf", "skaffold shop-dev", "skaffold shop-ci (profile ci)"]
    by_name = {p.name: p for p in facts.profiles}
    dev = by_name["skaffold shop-dev"]
    assert (dev.release, dev.namespace, dev.values_files, dev.set_values) == (
        "shop-dev", "dev", ["deploy/chart/values-prod.yaml"], ["image.tag=dev"])
    (dep,) = [o for o in dev.objects if o.kind == "Deployment"]
    assert dep.body["spec"]["replicas"] == 5 and dep.namespace == "dev"
    (hf,) = [o for o in by_name["helmfile shop-hf"].objects if o.kind == "Deployment"]
    assert hf.body["spec"]["replicas"] == 7
    assert str(by_name["skaffold shop-dev"].found_at) == "skaffold.yaml:6"
    assert not [o for o in facts.objects if o.source.path in ("skaffold.yaml", "helmfile.yaml")]
