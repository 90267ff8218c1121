"""Each pitfall rule on focused fixtures: a case that must fire and a case that must NOT fire."""

from __future__ import annotations

import pytest

from k8sfix_tui.errors import UsageError
from k8sfix_tui.pitfalls import detect
from k8sfix_tui.pitfalls.rules import NAMES


def deploy(name: str = "api", image: str = "ghcr.io/acme/api:1.2.3", extra_container: str = "",
           extra_pod: str = "", replicas: int = 2, labels: str = "app: api", kind: str = "Deployment",
           api: str = "apps/v1", resources: str = "requests: {cpu: 100m, memory: 64Mi}\n            limits: {memory: 128Mi}",
           ports: str = "- {name: http, containerPort: 8080}") -> str:
    return f"""
apiVersion: {api}
kind: {kind}
metadata:
  name: {name}
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{{labels}}}
  template:
    metadata:
      labels: {{{labels}}}
    spec:
{extra_pod}      containers:
        - name: {name}
          image: {image}
          ports:
            {ports}
          resources:
            {resources}
{extra_container}"""


def svc(name: str = "api", selector: str = "app: api", target: str = "http", extra: str = "",
        node_port: str = "", type_: str = "ClusterIP") -> str:
    return f"""
apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  type: {type_}
  selector: {{{selector}}}
  ports:
    - port: 80
      targetPort: {target}
{node_port}{extra}"""


def found(make_repo, files: dict[str, str], kube: str | None = None) -> set[str]:
    return {f.rule.split(":", 1)[1] for f in detect(make_repo(files), kube)}


C = "          "  # container-level indent
P = "      "  # pod-level indent

CASES = [
    # (rule, fires?, files)
    ("nodeport-conflict", True, {"k8s/a.yaml": svc("a", type_="NodePort", node_port="      nodePort: 30080\n") + "---"
                                 + svc("b", type_="NodePort", node_port="      nodePort: 30080\n") + "---" + deploy()}),
    ("nodeport-conflict", True, {"k8s/a.yaml": svc("a", type_="NodePort", node_port="      nodePort: 8080\n")
                                 + "---" + deploy()}),
    ("nodeport-conflict", False, {"k8s/a.yaml": svc("a", type_="NodePort", node_port="      nodePort: 30080\n")
                                  + "---" + svc("b", type_="NodePort", node_port="      nodePort: 30081\n")
                                  + "---" + deploy()}),
    ("duplicate-service", True, {"k8s/a.yaml": svc() + "---" + deploy(), "k8s/b.yaml": svc(target="8080")}),
    ("duplicate-service", False, {"k8s/a.yaml": svc() + "---" + deploy(), "k8s/b.yaml": svc()}),  # identical copy
    ("duplicate-service", False, {"k8s/a.yaml": svc() + "---" + deploy(), "k8s/b.yaml": svc("api-admin")}),
    ("selector-matches-nothing", True, {"k8s/a.yaml": svc(selector="app: api-server") + "---" + deploy()}),
    ("selector-matches-nothing", False, {"k8s/a.yaml": svc() + "---" + deploy()}),
    ("target-port-undefined", True, {"k8s/a.yaml": svc(target="web") + "---" + deploy()}),
    ("target-port-undefined", False, {"k8s/a.yaml": svc(target="8080") + "---" + deploy()}),
    ("probe-port-unexposed", True, {"k8s/a.yaml": deploy(extra_container=C + "livenessProbe: {httpGet: {path: /, port: web}}\n")}),
    ("probe-port-unexposed", False, {"k8s/a.yaml": deploy(extra_container=C + "livenessProbe: {httpGet: {path: /, port: http}}\n")}),
    ("missing-requests", True, {"k8s/a.yaml": deploy(resources="{}")}),
    ("missing-requests", False, {"k8s/a.yaml": deploy(resources="limits: {cpu: 100m, memory: 64Mi}")}),
    ("missing-limits", True, {"k8s/a.yaml": deploy(resources="requests: {cpu: 100m, memory: 64Mi}")}),
    ("missing-limits", False, {"k8s/a.yaml": deploy(resources="requests: {cpu: 100m, memory: 64Mi}\n            limits: {memory: 1Gi}")}),
    ("hpa-without-requests", True, {"k8s/a.yaml": deploy(resources="{}") + """---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 2
  maxReplicas: 5
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
"""}),
    ("hpa-without-requests", False, {"k8s/a.yaml": deploy() + """---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 2
  maxReplicas: 5
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
"""}),
    ("pdb-blocks-drain", True, {"k8s/a.yaml": deploy(replicas=2) + """---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: api}}
"""}),
    ("pdb-blocks-drain", True, {"k8s/a.yaml": deploy(replicas=3) + """---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api}
spec:
  maxUnavailable: 0
  selector: {matchLabels: {app: api}}
"""}),
    ("pdb-blocks-drain", False, {"k8s/a.yaml": deploy(replicas=3) + """---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: api}}
"""}),
    ("image-latest", True, {"k8s/a.yaml": deploy(image="ghcr.io/acme/api:latest")}),
    ("image-latest", False, {"k8s/a.yaml": deploy(image="ghcr.io/acme/api:1.0@sha256:" + "a" * 64)}),
    ("image-untagged", True, {"k8s/a.yaml": deploy(image="nginx")}),
    ("image-untagged", False, {"k8s/a.yaml": deploy(image="localhost:5000/nginx:1.27")}),
    ("pull-policy-never", True, {"k8s/a.yaml": deploy(extra_container=C + "imagePullPolicy: Never\n")}),
    ("pull-policy-never", False, {"k8s/a.yaml": deploy(extra_container=C + "imagePullPolicy: IfNotPresent\n")}),
    ("images-not-built", True, {"k8s/a.yaml": deploy(image="ghcr.io/acme/api:1.0"),
                                "Makefile": "build:\n\tdocker build -t ghcr.io/acme/backend:1.0 .\n"}),
    ("images-not-built", False, {"k8s/a.yaml": deploy(image="ghcr.io/acme/api:1.0") + "---"
                                 + deploy("db", image="postgres:16", labels="app: db"),
                                 "Makefile": "REG := ghcr.io/acme\nbuild:\n\tdocker build -t $(REG)/api:$(TAG) .\n"}),
    ("built-not-deployed", True, {"k8s/a.yaml": deploy(image="ghcr.io/acme/api:1.0"),
                                  "Makefile": "build:\n\tdocker build -t ghcr.io/acme/api:1.0 .\n"
                                              "\tdocker build -t ghcr.io/acme/migrate:1.0 migrate\n"}),
    ("built-not-deployed", False, {"k8s/a.yaml": deploy(image="ghcr.io/acme/api:1.0"),
                                   "scripts/build.sh": "#!/bin/sh\ndocker build -t \"ghcr.io/acme/api:$TAG\" .\n"}),
    ("privileged", True, {"k8s/a.yaml": deploy(extra_container=C + "securityContext: {privileged: true}\n")}),
    ("privileged", False, {"k8s/a.yaml": deploy(extra_container=C + "securityContext: {privileged: false}\n")}),
    ("host-path", True, {"k8s/a.yaml": deploy(extra_pod=P + "volumes:\n" + P + "  - {name: sock, hostPath: {path: /var/run/docker.sock}}\n")}),
    ("host-path", False, {"k8s/a.yaml": deploy(extra_pod=P + "volumes:\n" + P + "  - {name: tmp, emptyDir: {}}\n")}),
    ("host-network", True, {"k8s/a.yaml": deploy(extra_pod=P + "hostNetwork: true\n")}),
    ("host-network", False, {"k8s/a.yaml": deploy(extra_pod=P + "hostNetwork: false\n")}),
    ("runs-as-root", True, {"k8s/a.yaml": deploy(extra_pod=P + "securityContext: {runAsUser: 0}\n")}),
    ("runs-as-root", False, {"k8s/a.yaml": deploy(extra_pod=P + "securityContext: {runAsUser: 0}\n",
                                                  extra_container=C + "securityContext: {runAsUser: 1000, runAsNonRoot: true}\n")}),
    ("env-ref-missing", True, {"k8s/a.yaml": deploy(extra_container=C + "env:\n" + C
                                                    + "  - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}\n")}),
    ("env-ref-missing", True, {"k8s/a.yaml": deploy(extra_container=C + "envFrom:\n" + C + "  - configMapRef: {name: cfg}\n")
                               + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\ndata: {A: b}\n"}),
    ("env-ref-missing", False, {"k8s/a.yaml": deploy(extra_container=C + "env:\n" + C
                                                     + "  - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}\n"),
                                "scripts/setup.sh": "#!/bin/sh\nkubectl create secret generic db --from-literal=password=x\n"}),
    ("plaintext-credential", True, {"k8s/a.yaml": deploy(extra_container=C + "env:\n" + C + "  - {name: DB_PASSWORD, value: hunter2}\n")}),
    ("plaintext-credential", False, {"k8s/a.yaml": deploy(extra_container=C + "env:\n" + C + "  - {name: DB_PASSWORD_FILE, value: /run/secrets/db}\n"
                                                          + C + "  - {name: TOKEN_URL, value: https://x}\n")}),
    ("pvc-no-storage-class", True, {"k8s/pvc.yaml": "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec:\n"
                                                    "  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n"}),
    ("pvc-no-storage-class", False, {"k8s/pvc.yaml": "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec:\n"
                                                     "  storageClassName: standard\n  accessModes: [ReadWriteOnce]\n"
                                                     "  resources: {requests: {storage: 1Gi}}\n"}),
    ("rwx-access-mode", True, {"k8s/pvc.yaml": "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec:\n"
                                               "  storageClassName: nfs\n  accessModes: [ReadWriteMany]\n"
                                               "  resources: {requests: {storage: 1Gi}}\n"}),
    ("rwx-access-mode", False, {"k8s/pvc.yaml": "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec:\n"
                                                "  storageClassName: nfs\n  accessModes: [ReadWriteOnce]\n"
                                                "  resources: {requests: {storage: 1Gi}}\n"}),
    ("statefulset-no-vct", True, {"k8s/db.yaml": deploy("db", kind="StatefulSet", labels="app: db",
                                                        extra_pod=P + "volumes:\n" + P + "  - {name: data, emptyDir: {}}\n")}),
    ("statefulset-no-vct", False, {"k8s/db.yaml": deploy("db", kind="StatefulSet", labels="app: db") + """  volumeClaimTemplates:
    - metadata: {name: data}
      spec:
        storageClassName: standard
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
"""}),
    ("deprecated-api", True, {"k8s/ing.yaml": "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: web}\n"
                                              "spec:\n  ingressClassName: nginx\n  rules: []\n"}),
    ("deprecated-api", False, {"k8s/ing.yaml": "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\n"
                                               "spec:\n  ingressClassName: nginx\n  rules: []\n"}),
    ("ingress-no-class", True, {"k8s/ing.yaml": "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\n"
                                                "spec:\n  rules: []\n"}),
    ("ingress-no-class", False, {"k8s/ing.yaml": "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n"
                                                 "  annotations: {kubernetes.io/ingress.class: nginx}\nspec:\n  rules: []\n"}),
    ("ingress-tls-secret-missing", True, {"k8s/ing.yaml": "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\n"
                                                          "spec:\n  ingressClassName: nginx\n  tls: [{hosts: [a.example], secretName: web-tls}]\n"
                                                          "  rules: []\n"}),
    ("ingress-tls-secret-missing", False, {"k8s/ing.yaml": "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n"
                                                           "  annotations: {cert-manager.io/cluster-issuer: letsencrypt}\n"
                                                           "spec:\n  ingressClassName: nginx\n  tls: [{hosts: [a.example], secretName: web-tls}]\n"
                                                           "  rules: []\n"}),
]


@pytest.mark.parametrize("rule,fires,files", CASES,
                         ids=[f"{r}-{'fires' if f else 'quiet'}-{i}" for i, (r, f, _x) in enumerate(CASES)])
def test_rule(make_repo, rule, fires, files):
    assert (rule in found(make_repo, files)) is fires


def test_every_rule_has_both_cases():
    for name in NAMES:
        kinds = {fires for rule, fires, _files in CASES if rule == name}
        assert kinds == {True, False}, name


def test_selector_for_foreign_pods_is_info(make_repo):
    related = make_repo({"k8s/a.yaml": svc(selector="app: api-server") + "---" + deploy()})
    foreign = make_repo({"k8s/b.yaml": svc("dcgm-exporter", selector="app: dcgm-exporter") + "---" + deploy()})
    sev = [[f.severity for f in detect(facts) if f.rule == "pitfall:selector-matches-nothing"]
           for facts in (related, foreign)]
    assert sev == [["error"], ["info"]]


def test_service_in_foreign_namespace_is_not_reported(make_repo):
    facts = make_repo({"k8s/a.yaml": svc("dcgm", selector="app: dcgm").replace("  name: dcgm\n",
                                                                             "  name: dcgm\n  namespace: gpu\n")
                       + "---" + deploy()})
    assert not [f for f in detect(facts) if f.rule == "pitfall:selector-matches-nothing"]


def test_in_tree_volume_plugin(make_repo):
    pod = ("apiVersion: v1\nkind: Pod\nmetadata: {name: db}\nspec:\n  containers: [{name: db, image: mysql:8}]\n"
           "  volumes:\n    - name: data\n      cinder: {volumeID: abc, fsType: ext4}\n")
    facts = make_repo({"k8s/pod.yaml": pod})
    assert [f.actual_value for f in detect(facts, "1.31") if f.rule == "pitfall:deprecated-api"] == ["cinder"]
    assert [f.actual_value for f in detect(facts, "1.10") if f.rule == "pitfall:deprecated-api"] == []


def test_legacy_storage_class_annotation_counts(make_repo):
    pvc = ("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  annotations:\n"
           "    volume.beta.kubernetes.io/storage-class: fast\nspec:\n  accessModes: [ReadWriteOnce]\n"
           "  resources: {requests: {storage: 1Gi}}\n")
    assert not [f for f in detect(make_repo({"k8s/pvc.yaml": pvc})) if f.rule == "pitfall:pvc-no-storage-class"]


def test_skaffold_artifacts_are_retagged_not_untagged(make_repo):
    files = {"k8s/a.yaml": deploy(image="api"),
             "skaffold.yaml": "apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: api\n"
                              "      context: src/api\n"}
    out = {f.rule for f in detect(make_repo(files))}
    assert "pitfall:image-untagged" not in out and "pitfall:built-not-deployed" not in out
    files["skaffold.yaml"] += "    - image: worker\n      context: src/worker\n"
    assert "pitfall:built-not-deployed" in {f.rule for f in detect(make_repo(files))}


def test_template_tokens_are_not_credentials(make_repo):
    facts = make_repo({"k8s/a.yaml": deploy(extra_container=C + "env:\n" + C + "  - {name: API_KEY, value: API_KEY_VAL}\n"
                                            + C + "  - {name: DB_PASSWORD, value: \"\"}\n")})
    assert not [f for f in detect(facts) if f.rule == "pitfall:plaintext-credential"]


def test_helm_test_pods_are_ignored(make_repo):
    pod = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations: {helm.sh/hook: test}\n"
           "spec:\n  containers: [{name: t, image: busybox}]\n")
    assert detect(make_repo({"k8s/t.yaml": pod})) == []


def test_secret_created_by_certificate_or_sealed_secret(make_repo):
    env = C + "env:\n" + C + "  - {name: K, valueFrom: {secretKeyRef: {name: api-tls, key: tls.key}}}\n"
    cert = ("apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: api}\n"
            "spec: {secretName: api-tls, issuerRef: {name: x}}\n")
    sealed = "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: api-tls}\nspec: {encryptedData: {}}\n"
    for extra in (cert, sealed):
        facts = make_repo({"k8s/a.yaml": deploy(extra_container=env) + "---\n" + extra})
        assert not [f for f in detect(facts) if f.rule == "pitfall:env-ref-missing"]


def test_image_loaded_into_local_cluster_is_not_latest_pitfall(make_repo):
    files = {"k8s/a.yaml": deploy(image="test/api:latest"),
             "test/e2e.sh": "#!/bin/sh\ndocker build --tag test/api .\nkind load docker-image test/api:latest\n"}
    assert "pitfall:image-latest" not in {f.rule for f in detect(make_repo(files))}


def test_make_shell_tag_and_registry_less_build(make_repo):
    files = {"k8s/a.yaml": deploy(image="ghcr.io/acme/api:1.0"),
             "Makefile": "VERSION := $(shell grep VERSION version.go | awk '{ print $$4 }')\n"
                         "build:\n\tdocker build -t acme/api:$(shell git describe --tags) .\n"}
    assert "pitfall:built-not-deployed" not in {f.rule for f in detect(make_repo(files))}


def test_host_path_severity_by_path(make_repo):
    def sev(path: str, kind: str = "Deployment") -> list[str]:
        extra = P + "volumes:\n" + P + f"  - {{name: v, hostPath: {{path: {path}}}}}\n"
        facts = make_repo({"k8s/a.yaml": deploy(kind=kind, extra_pod=extra)})
        return [f.severity for f in detect(facts) if f.rule == "pitfall:host-path"]

    assert sev("/var/run/docker.sock") == ["warning"]
    assert sev("/data/app") == ["warning"]
    assert sev("/proc") == ["info"]
    assert sev("/data/app", "DaemonSet") == ["info"]


def test_placeholder_images_are_not_untagged(make_repo):
    facts = make_repo({"k8s/a.yaml": deploy(image="<image_url>") + "---" + deploy("b", image="${IMAGE}", labels="app: b")})
    assert not [f for f in detect(facts) if f.rule in ("pitfall:image-untagged", "pitfall:image-latest")]


def test_arch_suffixed_build_and_manifest_list(make_repo):
    files = {"k8s/a.yaml": deploy(image="gcr.io/acme/api:v6"),
             "Makefile": "build:\n\tdocker build -t gcr.io/acme/api-$(ARCH):v6 .\n"}
    out = {f.rule for f in detect(make_repo(files))}
    assert "pitfall:images-not-built" not in out and "pitfall:built-not-deployed" not in out


def test_refs_to_unvendored_chart_dependency_are_info():
    """Facts built by hand: the collector may render a chart whose charts/ is not vendored (warnings)."""
    import yaml

    from k8sfix_tui.facts import build_views
    from k8sfix_tui.model import Chart, ChartDependency, Facts, K8sObject, Location

    body = yaml.safe_load(deploy(extra_container=C + "env:\n" + C
                                 + "  - {name: PGPASS, valueFrom: {secretKeyRef: {name: rel-postgresql, key: password}}}\n"))
    origin = "chart chart (default values)"
    obj = K8sObject("apps/v1", "Deployment", "api", None, body, Location("chart/templates/deploy.yaml", 1), origin)
    chart = Chart("chart", "app", "0.1.0", None, "v2", "application", None, ["chart/templates/deploy.yaml"], [],
                  [ChartDependency("postgresql", "12.x.x", "https://charts.bitnami.com/bitnami")], {}, {},
                  Location("chart/Chart.yaml", 1))
    v = build_views([obj])
    facts = Facts(repo="/nonexistent", objects=[obj], workloads=v.workloads, charts=[chart])
    assert [f.severity for f in detect(facts) if f.rule == "pitfall:env-ref-missing"] == ["info"]
    chart.dependencies = []
    assert [f.severity for f in detect(facts) if f.rule == "pitfall:env-ref-missing"] == ["error"]


def test_repo_installed_defaults(make_repo):
    pvc = ("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec:\n"
           "  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n")
    sc = ("apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\n"
          "  annotations: {storageclass.kubernetes.io/is-default-class: \"true\"}\nprovisioner: x\n")
    ing = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  rules: []\n"
    ic = ("apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: nginx\n"
          "  annotations: {ingressclass.kubernetes.io/is-default-class: \"true\"}\nspec: {controller: k8s.io/ingress-nginx}\n")
    rules = {f.rule for f in detect(make_repo({"k8s/a.yaml": pvc + "---\n" + sc + "---\n" + ing + "---\n" + ic}))}
    assert not rules & {"pitfall:pvc-no-storage-class", "pitfall:ingress-no-class"}


def test_deprecated_api_depends_on_kube_version(make_repo):
    files = {"k8s/hpa.yaml": "apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata: {name: api}\n"
                             "spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}\n"
                             "  minReplicas: 1\n  maxReplicas: 3\n"}
    facts = make_repo(files)
    sev = {v: [f.severity for f in detect(facts, v) if f.rule == "pitfall:deprecated-api"] for v in ("1.22", "1.24", "1.31")}
    assert sev == {"1.22": [], "1.24": ["warning"], "1.31": ["error"]}


def test_bad_kube_version_is_a_usage_error(make_repo):
    with pytest.raises(UsageError):
        detect(make_repo({"k8s/a.yaml": deploy()}), "latest")


def test_secret_value_never_reported(make_repo):
    facts = make_repo({"k8s/a.yaml": deploy(extra_container=C + "env:\n" + C + "  - {name: API_TOKEN, value: s3cr3t-v4lue}\n"),
                       "chart/Chart.yaml": "apiVersion: v2\nname: app\nversion: 0.1.0\n",
                       "chart/values.yaml": "auth:\n  adminPassword: hunter2-value\n",
                       "chart/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: b}\n"})
    out = detect(facts)
    text = repr([f.to_json() for f in out])
    assert "s3cr3t-v4lue" not in text and "hunter2-value" not in text
    keys = {f.field for f in out if f.rule == "pitfall:plaintext-credential"}
    assert "auth.adminPassword" in keys


def test_optional_ref_is_info(make_repo):
    facts = make_repo({"k8s/a.yaml": deploy(extra_container=C + "envFrom:\n" + C + "  - secretRef: {name: extra, optional: true}\n")})
    sev = [f.severity for f in detect(facts) if f.rule == "pitfall:env-ref-missing"]
    assert sev == ["info"]


def test_missing_key_of_defined_configmap(make_repo):
    facts = make_repo({"k8s/a.yaml": deploy(extra_container=C + "env:\n" + C
                                            + "  - {name: MODE, valueFrom: {configMapKeyRef: {name: cfg, key: mode}}}\n")
                       + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {level: debug}\n"})
    out = [f for f in detect(facts) if f.rule == "pitfall:env-ref-missing"]
    assert len(out) == 1 and "key 'mode'" in out[0].message


def test_evidence_points_at_the_field(make_repo):
    facts = make_repo({"k8s/a.yaml": deploy(extra_container=C + "imagePullPolicy: Never\n")})
    f = next(f for f in detect(facts) if f.rule == "pitfall:pull-policy-never")
    lines = (facts.repo + "/k8s/a.yaml")
    text = open(lines, encoding="utf-8").read().split("\n")
    assert "imagePullPolicy: Never" in text[f.evidence[0].line - 1]


def test_every_pitfall_is_documented():
    from k8sfix_tui.pitfalls.rules import DOCS

    for name in NAMES:
        assert "Wrong" in DOCS[name] and "Right" in DOCS[name], name
