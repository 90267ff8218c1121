"""value-mismatch: field claims, scopes/origins, YAML objects, values excerpts, Chart.yaml."""

import pytest

from drift_kit import Location, Overlay, ValueRef, chart, claim, deployment, facts, obj, rules_of, run, service

CHART = "chart deploy/chart (default values)"


def _repo():
    prov = {"spec.replicas": ValueRef("api.replicas", Location("deploy/chart/values.yaml", 93))}
    api = deployment("app-api", replicas=2, origin=CHART, provenance=prov, field_lines={"spec.replicas": 9},
                     path="deploy/chart/templates/api.yaml",
                     resources={"requests": {"cpu": "250m", "memory": "512Mi"}, "limits": {"memory": "1Gi"}},
                     probes={"liveness": {"httpGet": {"path": "/healthz", "port": "http"}, "periodSeconds": 15},
                             "readiness": {"tcpSocket": {"port": 8080}}},
                     env=[{"name": "LOG_LEVEL", "value": "info"}])
    web = deployment("app-web", replicas=1, origin=CHART, image="ghcr.io/acme/web:1.0")
    prod_api = deployment("api", replicas=6, origin="overlay k8s/overlays/prod")
    svc = service("app-web", port=80, target="http", node_port=30080, type_="NodePort", origin=CHART)
    pvc = obj("PersistentVolumeClaim", "app-data", {"accessModes": ["ReadWriteOnce"],
                                                     "resources": {"requests": {"storage": "20Gi"}}},
              origin=CHART, api_version="v1")
    hpa = obj("HorizontalPodAutoscaler", "app-api", {"scaleTargetRef": {"kind": "Deployment", "name": "app-api"},
                                                     "minReplicas": 2, "maxReplicas": 12, "metrics": [
        {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization",
                                                                    "averageUtilization": 75}}}]},
              origin=CHART, api_version="autoscaling/v2")
    cm = obj("ConfigMap", "app-config", None, origin=CHART, api_version="v1", extra={"data": {"TZ": "UTC"}})
    ov = Overlay("k8s/overlays/prod", "app-prod", None, None, [], "embedded", True,
                 Location("k8s/overlays/prod/kustomization.yaml", 1))
    return facts(api, web, prod_api, svc, pvc, hpa, cm, overlays=[ov],
                 charts=[chart(values={"api": {"replicas": 2, "image": {"tag": ""}}, "podAnnotations": {}},
                               lines={"api": 90, "api.replicas": 93, "api.image": 94, "api.image.tag": 95})])


FIRES = [
    ("replicas", "3", "API", "error"),
    ("replicas", "6", "API", "info"),          # only the prod overlay has 6
    ("cpu-request", "500m", "API", "error"),
    ("memory-limit", "2Gi", "API", "error"),
    ("probe.liveness.path", "/health", "API", "error"),
    ("probe.liveness.periodSeconds", "10", "API", "error"),
    ("probe.readiness.type", "httpGet", "API", "error"),
    ("node-port", "30081", "web", "error"),
    ("service-type", "ClusterIP", "web", "error"),
    ("storage-size", "10Gi", "data", "error"),
    ("access-mode", "ReadWriteMany", "data", "error"),
    ("hpa-max", "10", "API", "error"),
    ("hpa-cpu-target", "80%", "API", "error"),
    ("image", "ghcr.io/acme/web:0.9", "web", "error"),
    ("env", "DEBUG", "API", "error"),
    ("configmap", "app-settings", None, "error"),
]

HOLDS = [
    ("replicas", "2", "API"),
    ("replicas", "6", "the API in production"),
    ("cpu-request", "0.25", "API"),
    ("memory-request", "512 MiB", "API"),
    ("memory-limit", "1024Mi", "API"),
    ("probe.liveness.port", "8080", "API"),   # named port http -> 8080
    ("probe.liveness.path", "/healthz", "API"),
    ("probe.readiness.type", "tcp", "API"),
    ("probe.readiness.timeoutSeconds", "1", "API"),  # Kubernetes default
    ("node-port", "30080", "web"),
    ("target-port", "8080", "web"),                  # named targetPort resolves to the container port
    ("storage-size", "20Gi", "data"),
    ("hpa-min", "2", "API"),
    ("hpa-cpu-target", "75", "API"),
    ("env", "LOG_LEVEL", "API"),
    ("configmap", "app-config", None),
    ("replicas", "3", "Kafka"),                      # unknown subject, several candidates: no verdict
]


@pytest.mark.parametrize("field,value,subject,severity", FIRES)
def test_fires(field, value, subject, severity):
    rep = run(_repo(), [claim(field, value, subject=subject)])
    assert ("value-mismatch", severity) in rules_of(rep, 10), [f.message for f in rep.findings]


@pytest.mark.parametrize("field,value,subject", HOLDS)
def test_does_not_fire(field, value, subject):
    rep = run(_repo(), [claim(field, value, subject=subject)])
    assert [f for f in rep.findings if f.rule == "value-mismatch" and f.severity != "info"] == [], \
        [f.message for f in rep.findings]


def test_message_and_evidence_name_both_sides():
    rep = run(_repo(), [claim("replicas", "3", subject="API")])
    f = next(x for x in rep.findings if x.rule == "value-mismatch")
    assert "3" in f.message and "2" in f.message and "values.yaml:93" in f.message
    assert f.evidence[0].path == "deploy/chart/values.yaml" and f.evidence[0].line == 93
    assert f.evidence[0].note == "api.replicas"
    assert any(e.path == "deploy/chart/templates/api.yaml" and e.line == 9 for e in f.evidence)
    assert f.actual_value == 2 and f.doc_value == "3" and f.claim is not None


def test_verified_claims_are_recorded():
    rep = run(_repo(), [claim("replicas", "2", subject="API")])
    assert rep.verified and rep.verified[0].rule is None and rep.verified[0].doc.line == 10


def test_default_wording_is_not_softened_by_other_origins():
    rep = run(_repo(), [claim("replicas", "6", subject="API", text="The API runs 6 replicas by default")])
    assert ("value-mismatch", "error") in rules_of(rep, 10)


def test_yaml_object_field_by_field():
    body = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "app-api"},
            "spec": {"replicas": 4, "template": {"spec": {"containers": [
                {"name": "app-api", "image": "ghcr.io/acme/app:1.0",
                 "resources": {"limits": {"memory": "1Gi"}, "requests": {"cpu": "300m"}}}]}}}}
    lines = {"spec.replicas": 20, "spec.template.spec.containers[0].resources.requests.cpu": 25,
             "spec.template.spec.containers[0].image": 23}
    rep = run(_repo(), [claim("yaml-object", body, form="yaml", line=18, field_lines=lines)])
    got = {(f.doc.line, f.field) for f in rep.findings if f.rule == "value-mismatch"}
    assert got == {(20, "replicas"), (25, "cpu-request")}
    assert any(v.doc.line == 23 for v in rep.verified)


def test_values_excerpt_and_chart_yaml():
    rep = run(_repo(), [
        claim("values-excerpt", {"api": {"replicas": 3, "replicaCount": 2}}, form="yaml", line=30,
              field_lines={"api.replicas": 31, "api.replicaCount": 32}, path_comment="values.yaml"),
        claim("chart-yaml", {"name": "app", "version": "1.0.0", "appVersion": "2.0.0"}, form="yaml", line=40,
              field_lines={"version": 41, "appVersion": 42}),
    ])
    got = {(f.doc.line, f.field) for f in rep.findings}
    assert (31, "values-key") in got and (32, "values-key") in got and (41, "chart-version") in got
    assert (42, "app-version") not in got


def test_namespace_claims():
    f = _repo()
    rep = run(f, [claim("namespace", "app-production", line=11), claim("namespace", "app-prod", line=12)])
    assert ("value-mismatch", "error") in rules_of(rep, 11) and rules_of(rep, 12) == []


def test_value_of_another_component_named_in_the_sentence():
    f = facts(deployment("redis-master", replicas=1), deployment("redis-replica", replicas=2),
              deployment("frontend", replicas=3))
    text = "The Redis master we created earlier is a single pod (REPLICAS = 1), unlike the replicas."
    rep = run(f, [claim("replicas", "1", subject="Redis replica", text=text)])
    assert [x for x in rep.findings if x.rule == "value-mismatch"] == []
    rep2 = run(f, [claim("replicas", "1", subject="Redis replica", text="The Redis replicas run 1 pod.")])
    assert ("value-mismatch", "error") in rules_of(rep2, 10)


def test_scope_words():
    from k8sfix_tui.drift.context import Context, DocView

    f = _repo()
    ctx = Context(f, [])
    assert ctx.scope(claim("replicas", "6", text="In production the API runs 6 replicas")).primary.startswith(
        "overlay k8s/overlays/prod")
    assert ctx.scope(claim("replicas", "6", text="k8s/overlays/prod raises it to 6")).explicit
    for text in ("Secrets live in the Secret", "the base image is small", "at this stage it runs 2", "local runs"):
        assert not ctx.scope(claim("replicas", "2", text=text)).explicit, text


def test_generator_hash_suffix_and_probe_program():
    cm = obj("ConfigMap", "app-config-5k2h7g9m8t", None, api_version="v1", extra={"data": {"A": "1"}})
    dep = deployment("db", probes={"liveness": {"exec": {"command": ["pg_isready", "-U", "app"]}}})
    rep = run(facts(cm, dep), [claim("configmap", "app-config", line=5),
                               claim("probe.liveness.command", "pg_isready", subject="db", line=6),
                               claim("probe.liveness.command", "redis-cli ping", subject="db", line=7)])
    assert rules_of(rep, 5) == [] and rules_of(rep, 6) == []
    assert rules_of(rep, 7) == [("value-mismatch", "error")]


def test_subchart_and_global_values_keys_are_allowed():
    from k8sfix_tui.model import ChartDependency

    c = chart(values={"api": {"replicas": 2}})
    c.dependencies = [ChartDependency("redis", "1.0", None, "redis.enabled")]
    f = facts(deployment("app-api"), charts=[c])
    rep = run(f, [claim("values-key", "redis.auth.password", line=5, form="bash"),
                  claim("values-key", "global.imageRegistry", line=6, form="bash"),
                  claim("values-key", "api.replica", line=7, form="bash")])
    assert rules_of(rep, 5) == [] and rules_of(rep, 6) == []
    assert rules_of(rep, 7) == [("wrong-command", "error")]
