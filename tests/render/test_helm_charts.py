"""Rendering realistic charts of our own (tests/render/charts): helpers, tpl, dict/merge,
semverCompare on .Capabilities, subcharts with globals, aliases, library charts, hooks, CRDs,
import-values, conditions and tags; plus provenance of rendered values."""

from __future__ import annotations

import base64
import io
import shutil
import tarfile
from pathlib import Path

import pytest

from k8sfix_tui.errors import RenderError
from k8sfix_tui.render.helm import RenderOptions, render_chart

CHARTS = Path(__file__).parent / "charts"
WEBAPP = CHARTS / "webapp"
PLATFORM = CHARTS / "platform"


def _objects(result) -> dict[str, dict]:
    return {f"{m.objects[0]['kind']}/{m.objects[0]['metadata']['name']}": m.objects[0] for m in result.manifests if m.objects}


def test_webapp_renders_helpers_tpl_globals_and_import_values() -> None:
    result = render_chart(WEBAPP, RenderOptions(release_name="prod"))
    objs = _objects(result)
    api = objs["Deployment/prod-webapp-api"]
    container = api["spec"]["template"]["spec"]["containers"][0]
    assert api["spec"]["replicas"] == 2
    assert container["image"] == "registry.example.com/webapp/api:2.7.0"  # global + appVersion default
    env = {e["name"]: e["value"] for e in container["env"]}
    assert env == {
        "FEATURE_FLAGS": "a,b",
        "LOG_LEVEL": "info",
        "PUBLIC_HOST": "prod.example.com",  # tpl on a value
        "REDIS_URL": "redis://redis-master:6379",  # import-values from the subchart's exports
    }
    assert api["metadata"]["labels"]["team"] == "payments"  # merge of global labels
    assert api["metadata"]["labels"]["helm.sh/chart"] == "webapp-1.4.2"
    assert container["resources"] == {"limits": {"memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}}
    assert len(api["spec"]["template"]["metadata"]["annotations"]["checksum/config"]) == 64
    assert objs["ConfigMap/prod-webapp-config"]["data"]["app.conf"].startswith("listen 8080\nworkers 4\n")
    redis = objs["StatefulSet/prod-redis-master"]
    assert redis["spec"]["replicas"] == 1  # parent's redis.architecture overrides the subchart default
    assert redis["metadata"]["labels"]["team"] == "payments"  # globals reach the subchart
    assert redis["spec"]["template"]["spec"]["containers"][0]["image"] == "registry.example.com/redis:7.2"
    assert "Visit https://prod.example.com" in result.notes
    kinds = [m.objects[0]["kind"] for m in result.manifests]
    assert kinds == ["PodDisruptionBudget", "ConfigMap", "Service", "Deployment", "Deployment", "StatefulSet", "Ingress"]


@pytest.mark.parametrize(
    "kube,pdb,ingress",
    [("1.20.0", "policy/v1beta1", "networking.k8s.io/v1"), ("1.18.3", "policy/v1beta1", "networking.k8s.io/v1beta1"), ("1.29.1", "policy/v1", "networking.k8s.io/v1")],
)
def test_webapp_semver_compare_on_kube_version(kube: str, pdb: str, ingress: str) -> None:
    opts = RenderOptions(kube_version=kube)
    if kube.startswith("1.18"):
        with pytest.raises(RenderError, match="chart requires kubeVersion: >=1.19.0-0"):
            render_chart(WEBAPP, opts)
        return
    objs = [m.objects[0] for m in render_chart(WEBAPP, opts).manifests]
    assert {o["kind"]: o["apiVersion"] for o in objs}["PodDisruptionBudget"] == pdb
    assert {o["kind"]: o["apiVersion"] for o in objs}["Ingress"] == ingress


def test_webapp_values_overrides_and_condition() -> None:
    result = render_chart(
        WEBAPP,
        RenderOptions(
            set_values=["api.replicas=5", "worker.enabled=false", "redis.enabled=false", "redisConnection.host=ext", "redisConnection.port=1"],
            set_string_values=["image.tag=010"],
            set_json_values=['extraLabels={"tier":"web"}'],
        ),
    )
    objs = _objects(result)
    api = objs["Deployment/release-name-webapp-api"]
    assert api["spec"]["replicas"] == 5
    assert api["metadata"]["labels"]["tier"] == "web"
    assert api["spec"]["template"]["spec"]["containers"][0]["image"].endswith(":010")
    assert not any(k.startswith("StatefulSet/") for k in objs)  # condition redis.enabled=false
    assert "Deployment/release-name-webapp-worker" not in objs
    assert result.values["api"]["replicas"] == 5


def test_webapp_provenance_points_at_values_lines_and_set_flags(tmp_path: Path) -> None:
    override = tmp_path / "prod.yaml"
    override.write_text("api:\n  port: 9090\n")
    result = render_chart(WEBAPP, RenderOptions(values_files=[str(override)], set_values=["worker.replicas=4"]))
    by_source = {m.source: m for m in result.manifests}
    api = by_source["webapp/templates/deployment-api.yaml"]
    prov = {path: (ref.key, str(ref.location)) for (_i, path), ref in api.provenance.items()}
    assert prov["spec.replicas"] == ("api.replicas", "values.yaml:16")
    assert prov["spec.template.spec.containers[0].ports[0].containerPort"] == ("api.port", f"{override}:2")
    assert prov["spec.template.spec.containers[0].resources.requests.cpu"] == ("api.resources.requests.cpu", "values.yaml:20")
    assert prov["metadata.labels.team"] == ("global.labels.team", "values.yaml:5")
    worker = by_source["webapp/templates/deployment-worker.yaml"]
    assert worker.provenance[(0, "spec.replicas")].location.path == "--set"
    redis = by_source["webapp/charts/redis/templates/statefulset.yaml"]
    ref = redis.provenance[(0, "spec.volumeClaimTemplates[0].spec.resources.requests.storage")]
    assert (ref.key, str(ref.location)) == ("persistence.size", "charts/redis/values.yaml:4")
    image = api.partial_provenance[(0, "spec.template.spec.containers[0].image")]
    assert [r.key for r in image] == ["global.imageRegistry", "image.repository"]  # built with printf
    # template lines of fields, and the per-line map of the printed document
    assert api.field_lines[(0, "spec.replicas")] == 9
    assert api.line_map[api.text.splitlines().index("  replicas: 2")] == 9
    assert result.values_lines["api.replicas"].line == 16


def test_platform_library_aliases_tags_hooks_and_crds() -> None:
    result = render_chart(PLATFORM, RenderOptions(release_name="demo", include_crds=True))
    sources = [m.source for m in result.manifests]
    assert sources == [
        "platform/crds/widget.yaml",
        "platform/charts/sessions/templates/configmap.yaml",
        "platform/templates/service.yaml",
        "platform/templates/deployment.yaml",
        "platform/templates/tests/smoke.yaml",
        "platform/templates/migrate-job.yaml",
    ]
    objs = _objects(result)
    assert objs["ConfigMap/demo-sessions"]["data"] == {"maxmemory": "256mb", "env": "staging"}  # alias scope + global
    assert objs["Service/demo-platform"]["spec"]["ports"][0]["nodePort"] == 30080
    env = objs["Deployment/demo-platform"]["spec"]["template"]["spec"]["containers"][0]["env"]
    assert env[0]["value"] == '{"retries":3,"timeouts":{"read":5,"write":10}}'
    assert [m.hook for m in result.manifests] == [False, False, False, False, True, True]
    assert "ServiceMonitor/demo-metrics" not in objs  # tag observability=false
    skipped = render_chart(PLATFORM, RenderOptions(release_name="demo", skip_tests=True, set_values=["jobs.enabled=true", "tags.observability=true"]))
    kinds = [m.objects[0]["kind"] + "/" + m.objects[0]["metadata"]["name"] for m in skipped.manifests]
    assert "Pod/demo-smoke" not in kinds
    assert "ConfigMap/demo-jobs" in kinds and "ServiceMonitor/demo-metrics" in kinds


def test_platform_show_only_and_values_file_json(tmp_path: Path) -> None:
    extra = tmp_path / "v.yaml"
    extra.write_text("config:\n  overrides:\n    retries: 7\nservice:\n  type: ClusterIP\n")
    result = render_chart(PLATFORM, RenderOptions(values_files=[str(extra)], show_only=["templates/deployment.yaml", "templates/service.yaml"]))
    assert [m.source for m in result.manifests] == ["platform/templates/deployment.yaml", "platform/templates/service.yaml"]
    assert "RETRIES\n              value: \"7\"" in result.text
    assert "nodePort" not in result.text
    with pytest.raises(RenderError, match="could not find template templates/nope.yaml in chart"):
        render_chart(PLATFORM, RenderOptions(show_only=["templates/nope.yaml"]))


def _tgz(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def test_packaged_subchart_and_packaged_chart(tmp_path: Path) -> None:
    chart = tmp_path / "app"
    shutil.copytree(PLATFORM, chart)
    (chart / "charts" / "metrics.tgz").write_bytes(b"")  # stray files are not charts: replaced below
    (chart / "charts" / "metrics.tgz").unlink()
    shutil.rmtree(chart / "charts" / "metrics")
    (chart / "charts" / "metrics-5.0.0.tgz").write_bytes(
        _tgz({
            "metrics/Chart.yaml": b"apiVersion: v2\nname: metrics\nversion: 5.0.0\n",
            "metrics/templates/sm.yaml": b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-packaged\n",
        })
    )
    result = render_chart(chart, RenderOptions(set_values=["tags.observability=true"]))
    assert "platform/charts/metrics/templates/sm.yaml" in [m.source for m in result.manifests]
    archive = tmp_path / "whole.tgz"
    archive.write_bytes(_tgz({"solo/Chart.yaml": b"apiVersion: v2\nname: solo\nversion: 1.0.0\n",
                              "solo/templates/cm.yaml": b"kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: x\n"}))
    assert render_chart(archive).text == "---\n# Source: solo/templates/cm.yaml\nkind: ConfigMap\napiVersion: v1\nmetadata:\n  name: x\n"


def test_files_api(tmp_path: Path) -> None:
    chart = tmp_path / "files"
    (chart / "templates").mkdir(parents=True)
    (chart / "conf").mkdir()
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: files\nversion: 0.1.0\n")
    (chart / ".helmignore").write_text("*.secret\n")
    (chart / "conf" / "a.txt").write_text("alpha\nbeta\n")
    (chart / "conf" / "b.txt").write_text("gamma")
    (chart / "conf" / "x.secret").write_text("hidden")
    (chart / "templates" / "cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: f\ndata:\n"
        "  {{- (.Files.Glob \"conf/*\").AsConfig | nindent 2 }}\n"
        "  lines: {{ .Files.Lines \"conf/a.txt\" | join \"+\" | quote }}\n"
        "  missing: {{ .Files.Get \"conf/x.secret\" | quote }}\n"
        "  tpl: {{ .Template.Name }} {{ .Template.BasePath }}\n"
        "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n"
        "  {{- (.Files.Glob \"conf/b.*\").AsSecrets | nindent 2 }}\n"
    )
    objs = _objects(render_chart(chart))
    data = objs["ConfigMap/f"]["data"]
    assert data["a.txt"] == "alpha\nbeta\n" and data["b.txt"] == "gamma"
    assert data["lines"] == "alpha+beta"
    assert data["missing"] == ""  # .helmignore'd
    assert data["tpl"] == "files/templates/cm.yaml files/templates"
    assert base64.b64decode(objs["Secret/s"]["data"]["b.txt"]) == b"gamma"
