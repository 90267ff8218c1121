"""Typed views, the JSON form, secrets never leaking, Kustomize overlays and the CLI."""

from __future__ import annotations

import json

import pytest

from k8sfix_tui.cli import main
from k8sfix_tui.facts import build_views, collect, facts_to_json
from k8sfix_tui.facts.manifests import parse_manifest_text

OBJECTS = """
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
spec:
  replicas: 2
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      initContainers: [{name: init, image: busybox}]
      containers:
        - name: db
          image: postgres:16
          env:
            - {name: PGDATA, value: /data}
            - {name: DB_PASSWORD, value: plaintext-pw}
            - name: FROM_SECRET
              valueFrom: {secretKeyRef: {name: db-secret, key: pw}}
          envFrom: [{configMapRef: {name: db-config}}]
          livenessProbe: {tcpSocket: {port: 5432}, periodSeconds: 10}
          resources: {requests: {cpu: 250m, memory: 256Mi}, limits: {memory: 1Gi}}
  volumeClaimTemplates:
    - metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 10Gi}}, storageClassName: standard}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 6
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
    - type: Resource
      resource: {name: memory, target: {type: AverageValue, averageValue: 500Mi}}
---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: old}
spec: {scaleTargetRef: {kind: Deployment, name: old}, maxReplicas: 3, targetCPUUtilizationPercentage: 80}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: db}
spec: {minAvailable: 1, selector: {matchLabels: {app: db}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: api}}}]}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, annotations: {kubernetes.io/ingress.class: nginx}}
spec:
  tls: [{hosts: [shop.local], secretName: tls}]
  rules:
    - host: shop.local
      http:
        paths:
          - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
---
apiVersion: v1
kind: Secret
metadata: {name: db-secret}
type: Opaque
data: {pw: c3VwZXJzZWNyZXQ=}
stringData: {token: tok-ABC123}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  schedule: "0 3 * * *"
  jobTemplate: {spec: {template: {spec: {containers: [{name: r, image: acme/report:2}]}}}}
"""


def _views():
    objs, errors = parse_manifest_text(OBJECTS, "all.yaml")
    assert not errors
    return build_views(objs)


def test_workload_views():
    v = _views()
    db, report = v.workloads
    assert (db.kind, db.replicas, db.service_name, db.selector) == ("StatefulSet", 2, "db", {"app": "db"})
    c = db.containers[0]
    assert [e.name for e in c.env] == ["PGDATA", "DB_PASSWORD", "FROM_SECRET"]
    assert c.env[0].value == "/data" and c.env[1].value is None and c.env[1].has_literal_value
    assert (c.env[2].source, c.env[2].ref_name, c.env[2].ref_key) == ("secretKeyRef", "db-secret", "pw")
    assert c.env_from == [{"kind": "configMap", "name": "db-config"}]
    assert c.resources == {"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"memory": "1Gi"}}
    assert c.liveness_probe["tcpSocket"] == {"port": 5432}
    assert db.init_containers[0].init
    assert (report.kind, report.schedule, report.replicas, report.containers[0].image) == (
        "CronJob", "0 3 * * *", None, "acme/report:2")
    (pvc,) = v.pvcs
    assert (pvc.name, pvc.size, pvc.owner, pvc.storage_class, pvc.source.line) == (
        "data", "10Gi", "StatefulSet/db", "standard", 25)


def test_other_views():
    v = _views()
    web, old = v.hpas
    assert (web.min_replicas, web.max_replicas, web.target_name) == (2, 6, "web")
    assert web.metrics == [
        {"type": "Resource", "name": "cpu", "target": "Utilization", "value": 70},
        {"type": "Resource", "name": "memory", "target": "AverageValue", "value": "500Mi"},
    ]
    assert old.metrics == [{"type": "Resource", "name": "cpu", "target": "Utilization", "value": 80}]
    assert (v.pdbs[0].min_available, v.pdbs[0].selector) == (1, {"app": "db"})
    assert v.network_policies[0].policy_types == ["Ingress"]
    (ing,) = v.ingresses
    assert (ing.class_name, ing.hosts) == ("nginx", ["shop.local"])
    assert [(r.path, r.service, r.port) for r in ing.rules] == [("/api", "api", 80), ("/", "web", "http")]
    (secret,) = v.secrets
    assert (secret.keys, secret.type) == (["pw", "token"], "Opaque")


def test_json_never_contains_secret_values(make_repo, capsys):
    repo = make_repo({"k8s/all.yaml": OBJECTS})
    facts = collect(repo)
    text = json.dumps(facts_to_json(facts))
    for secret in ("c3VwZXJzZWNyZXQ=", "tok-ABC123", "plaintext-pw"):
        assert secret not in text
    assert main(["facts", str(repo), "--json"]) == 0
    out = capsys.readouterr().out
    for secret in ("c3VwZXJzZWNyZXQ=", "tok-ABC123", "plaintext-pw"):
        assert secret not in out
    data = json.loads(out)
    assert data["secrets"][0]["keys"] == ["pw", "token"]
    w = data["workloads"][0]
    assert list(w)[:7] == ["kind", "name", "namespace", "replicas", "source", "origin", "containers"]
    assert w["source"] == {"path": "k8s/all.yaml", "line": 1}
    assert w["containers"][0]["env"] == ["PGDATA", "DB_PASSWORD", "FROM_SECRET"]
    assert w["containers"][0]["livenessProbe"] == {"tcpSocket": {"port": 5432}, "periodSeconds": 10}


def test_json_is_deterministic(make_repo):
    repo = make_repo({"k8s/all.yaml": OBJECTS, "Makefile": "up:\n\tminikube start\n"})
    a = json.dumps(facts_to_json(collect(repo)))
    b = json.dumps(facts_to_json(collect(repo)))
    assert a == b


def test_cli_text_summary_and_errors(make_repo, capsys):
    repo = make_repo({"k8s/all.yaml": OBJECTS, "bad.yaml": "apiVersion: v1\nkind: [\n"})
    assert main(["facts", str(repo)]) == 0
    captured = capsys.readouterr()
    assert "workloads          2" in captured.out
    assert "StatefulSet" in captured.out and "k8s/all.yaml:1" in captured.out
    assert captured.err.startswith("bad.yaml:")
    assert main(["facts", str(repo / "nope")]) == 2
    assert main(["facts", str(repo), "--renderer", "bogus"]) == 2


KUSTOMIZE = {
    "k8s/base/kustomization.yaml": "resources: [deploy.yaml]\n",
    "k8s/base/deploy.yaml": """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api}
        spec:
          replicas: 1
          template:
            spec:
              containers: [{name: api, image: acme/api:1}]
        """,
    "k8s/overlays/prod/kustomization.yaml": """
        namespace: prod
        namePrefix: prod-
        resources: [../../base]
        patches:
          - path: replicas.yaml
        images: [{name: acme/api, newTag: "2"}]
        """,
    "k8s/overlays/prod/replicas.yaml": """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api}
        spec: {replicas: 4}
        """,
}


def test_kustomize_overlays_embedded(make_repo):
    pytest.importorskip("k8sfix_tui.render.kustomize")
    repo = make_repo(KUSTOMIZE)
    facts = collect(repo, kustomize_renderer="embedded")
    assert facts.renderers["kustomize"] == "embedded"
    overlays = {o.path: o for o in facts.overlays}
    assert overlays["k8s/overlays/prod"].is_overlay and not overlays["k8s/base"].is_overlay
    assert overlays["k8s/overlays/prod"].namespace == "prod"
    by_origin = {(w.origin, w.name): w for w in facts.workloads}
    assert set(by_origin) == {("manifests", "api"), ("kustomize k8s/base", "api"),
                              ("overlay k8s/overlays/prod", "prod-api")}
    prod = by_origin[("overlay k8s/overlays/prod", "prod-api")]
    assert (prod.replicas, prod.namespace, prod.containers[0].image) == (4, "prod", "acme/api:2")
    assert prod.source.path == "k8s/base/deploy.yaml"
    # the patched field does not point at the base file's line; unchanged ones do
    assert "spec.replicas" not in prod.obj.field_lines
    assert prod.obj.field_lines["spec.template.spec.containers[0].name"] == 8
    # the patch file is not a plain manifest
    assert not [o for o in facts.objects if o.source.path.endswith("replicas.yaml")]


def test_kustomize_overlays_kubectl_matches_embedded(make_repo):
    import shutil

    pytest.importorskip("k8sfix_tui.render.kustomize")
    if not shutil.which("kubectl"):
        pytest.skip("kubectl is not installed")
    repo = make_repo(KUSTOMIZE)
    ext = collect(repo, kustomize_renderer="kubectl")
    emb = collect(repo, kustomize_renderer="embedded")
    assert ext.renderers["kustomize"] == "kubectl kustomize"
    key = lambda f: sorted((w.origin, w.name, w.namespace, w.replicas, w.containers[0].image) for w in f.workloads)  # noqa: E731
    assert key(ext) == key(emb)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("helm install x ./c --set db.password=hunter2,replicas=3", "helm install x ./c --set db.password=<redacted>,replicas=3"),
        ("--set s.sessionSecret=${{secrets.X}}", "--set s.sessionSecret=${{secrets.X}}"),
        ("--set-string apiToken=abc --set image.tag=1", "--set-string apiToken=<redacted> --set image.tag=1"),
        ("kubectl create secret generic x --from-literal=password=s3cr3t",
         "kubectl create secret generic x --from-literal=password=<redacted>"),
        ("--set image.tag=1.2", "--set image.tag=1.2"),
    ],
)
def test_mask_secrets_in_commands(text, expected):
    from k8sfix_tui.facts.serialize import mask_secrets

    assert mask_secrets(text) == expected


def test_literal_secrets_in_commands_not_in_json(make_repo):
    repo = make_repo({"Makefile": "db:\n\thelm install db ./db --set auth.password=Sup3rS3cret\n"})
    assert "Sup3rS3cret" not in json.dumps(facts_to_json(collect(repo)))


def test_json_is_plain_for_odd_yaml_values(make_repo):
    repo = make_repo({"odd.yaml": """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: odd}
        spec:
          template:
            spec:
              containers:
                - name: c
                  image: x
                  livenessProbe: {exec: {command: [!!binary aGk=]}, 1: .nan, on: 2024-01-01}
        """})
    data = facts_to_json(collect(repo))
    json.dumps(data, allow_nan=False)  # no bytes, no NaN, str keys only
    assert data["workloads"][0]["containers"][0]["livenessProbe"]["exec"] == {"command": ["<binary>"]}


def test_generated_configmap_points_at_its_generator(make_repo):
    pytest.importorskip("k8sfix_tui.render.kustomize")
    files = dict(KUSTOMIZE)
    files["k8s/base/kustomization.yaml"] = (
        "resources: [deploy.yaml]\nconfigMapGenerator:\n  - name: api-config\n    literals: [LOG=info]\n")
    facts = collect(make_repo(files), kustomize_renderer="embedded")
    gen = {(c.origin, c.name.rsplit("-", 1)[0]): c for c in facts.configmaps}
    assert str(gen[("kustomize k8s/base", "api-config")].source) == "k8s/base/kustomization.yaml:3"
    assert str(gen[("overlay k8s/overlays/prod", "prod-api-config")].source) == "k8s/base/kustomization.yaml:3"
