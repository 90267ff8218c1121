"""Plain manifests: multi-document YAML, List kinds, JSON, non-K8s files, lines, redaction."""

from __future__ import annotations

import pytest

from k8sfix_tui.facts import collect
from k8sfix_tui.facts.manifests import is_k8s_object, parse_manifest_text

DEPLOY = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.2.3
          ports:
            - containerPort: 8080
          resources:
            requests:
              cpu: 100m
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  type: NodePort
  ports:
    - port: 80
      targetPort: 8080
      nodePort: 30080
"""


def test_multi_document_lines_and_fields(make_repo):
    repo = make_repo({"k8s/app.yaml": DEPLOY})
    facts = collect(repo)
    dep = next(o for o in facts.objects if o.kind == "Deployment")
    assert (dep.name, dep.namespace, dep.origin) == ("api", "shop", "manifests")
    assert str(dep.source) == "k8s/app.yaml:1"
    assert dep.field_lines["spec.replicas"] == 7
    assert dep.field_lines["spec.template.spec.containers[0].image"] == 12
    assert dep.line_of("spec.template.spec.containers[0].resources.requests.cpu") == 17
    svc = next(o for o in facts.objects if o.kind == "Service")
    assert svc.source.line == 19
    assert svc.field_lines["spec.ports[0].nodePort"] == 28
    (w,) = facts.workloads
    assert w.replicas == 3 and w.containers[0].image_tag == "1.2.3"
    assert w.containers[0].ports[0].container_port == 8080
    (s,) = facts.services
    assert (s.type, s.ports[0].node_port, s.ports[0].target_port) == ("NodePort", 30080, 8080)


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"apiVersion": "v1", "kind": "Service"}, True),
        ({"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization"}, False),
        ({"apiVersion": "skaffold/v4beta6", "kind": "Config"}, False),
        ({"apiVersion": "kind.x-k8s.io/v1alpha4", "kind": "Cluster"}, False),
        ({"apiVersion": "v1", "kind": "Config"}, False),
        ({"kind": "Deployment"}, False),
        ({"apiVersion": "v2", "name": "chart"}, False),
        (["apiVersion", "kind"], False),
        ({"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization"}, True),
    ],
)
def test_is_k8s_object(data, expected):
    assert is_k8s_object(data) is expected


def test_list_kind_and_json(make_repo):
    repo = make_repo({
        "list.yaml": """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: a}
                data: {x: "1"}
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: b}
                binaryData: {blob: AAAA}
            """,
        "svc.json": '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "j"},\n'
                    ' "spec": {"ports": [{"port": 81}]}}\n',
        "compose.yaml": "services:\n  web:\n    image: nginx\n",
        "values.yaml": "replicas: 3\nkind: nope\n",
    })
    facts = collect(repo)
    names = sorted((o.kind, o.name) for o in facts.objects)
    assert names == [("ConfigMap", "a"), ("ConfigMap", "b"), ("Service", "j")]
    b = next(o for o in facts.objects if o.name == "b")
    assert b.source.line == 8
    assert {c.name: c.keys for c in facts.configmaps} == {"a": ["x"], "b": ["blob"]}
    assert facts.services[0].ports[0].port == 81
    assert not facts.errors


def test_secret_values_redacted_at_load():
    text = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  password: c2VjcmV0\nstringData:\n  token: hunter2\n"
    (obj,), errors = parse_manifest_text(text, "s.yaml")
    assert not errors
    assert "c2VjcmV0" not in repr(obj) and "hunter2" not in repr(obj)
    assert set(obj.body["data"]) == {"password"} and set(obj.body["stringData"]) == {"token"}
    assert obj.field_lines["data.password"] == 5


def test_dates_stay_strings():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    released: 2024-01-02\n"
    (obj,), _ = parse_manifest_text(text, "c.yaml")
    assert obj.body["metadata"]["annotations"]["released"] == "2024-01-02"


def test_bare_equals_sign_is_a_string():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  op: =\n"
    (obj,), errors = parse_manifest_text(text, "c.yaml")
    assert not errors and obj.body["data"]["op"] == "="


@pytest.mark.parametrize(
    "text",
    [
        "apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: c, labels: {a: b}}\nextra: *m\n",
        "base: &b {cpu: 1, mem: 2}\nlimits:\n  <<: *b\n  cpu: 3\n",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {k: !!binary aGk=}\n",
        "a: 0x1F\nb: 1_000\nc: .inf\nd: ~\ne: yes\nf: '007'\ng: 1.5e3\nh: 2024-01-01\n",
        "list:\n- - x\n  - y\n- {k: [1, 2, {z: null}]}\n",
    ],
)
def test_fast_constructor_matches_pyyaml(text):
    import yaml

    from k8sfix_tui.facts.yamlio import PyLoader, load_documents

    docs, errors = load_documents(text, "x.yaml")
    assert not errors
    assert docs[0].data == yaml.load(text, Loader=PyLoader)
