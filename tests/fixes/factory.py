"""Hand-made facts and findings for fix tests (the facts/doc/drift packages are built elsewhere)."""

from __future__ import annotations

from k8sfix_tui.model import (
    Chart, ChartDependency, Claim, ConfigData, Container, ContainerPort, DocRef, EnvVar, Evidence, Facts,
    Finding, HelmInvocation, HostsEntry, Ingress, IngressRule, K8sObject, Location, MakeTarget, Pvc, Service,
    ServicePort, ShellCommand, ValueRef, Workload,
)

SECRET_VALUE = "s3cr3t-Hunter2-value"

API_BODY = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "shop-api", "labels": {"app": "api"}},
    "spec": {
        "replicas": 3,
        "selector": {"matchLabels": {"app": "api"}},
        "template": {
            "metadata": {"labels": {"app": "api"}},
            "spec": {
                "containers": [{
                    "name": "api",
                    "image": "ghcr.io/acme/shop-api:1.4.2",
                    "ports": [{"containerPort": 8080}],
                    "env": [{"name": "DB_PASSWORD", "value": SECRET_VALUE}, {"name": "LOG_LEVEL", "value": "info"}],
                    "resources": {"requests": {"cpu": "250m", "memory": "256Mi"},
                                  "limits": {"cpu": "500m", "memory": "512Mi"}},
                }],
            },
        },
    },
}


def make_facts(repo: str = "/repo") -> Facts:
    api_obj = K8sObject("apps/v1", "Deployment", "shop-api", "shop", API_BODY,
                        Location("deploy/chart/templates/api.yaml", 1), "chart deploy/chart (default values)",
                        provenance={"spec.replicas": ValueRef("api.replicas", Location("deploy/chart/values.yaml", 4))})
    api = Workload(
        kind="Deployment", name="shop-api", namespace="shop", replicas=3,
        containers=[Container(
            name="api", image="ghcr.io/acme/shop-api:1.4.2", ports=[ContainerPort(8080, "http")],
            resources={"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"cpu": "500m", "memory": "512Mi"}},
            liveness_probe={"httpGet": {"path": "/healthz", "port": 8080}, "initialDelaySeconds": 10},
            readiness_probe={"httpGet": {"path": "/ready", "port": "http"}, "periodSeconds": 5},
            env=[EnvVar("DB_PASSWORD", "secretKeyRef", "shop-db", "password"),
                 EnvVar("LOG_LEVEL", "configMapKeyRef", "shop-config", "log_level")],
        )],
        init_containers=[], source=Location("deploy/chart/templates/api.yaml", 1),
        origin="chart deploy/chart (default values)", obj=api_obj,
    )
    pvc = Pvc("data", "shop", "10Gi", ["ReadWriteOnce"], None, Location("deploy/chart/templates/db.yaml", 20),
              "chart deploy/chart (default values)", owner="StatefulSet/shop-db")
    db = Workload(
        kind="StatefulSet", name="shop-db", namespace="shop", replicas=1,
        containers=[Container(name="postgres", image="postgres:16.2", ports=[ContainerPort(5432)])],
        init_containers=[], source=Location("deploy/chart/templates/db.yaml", 1),
        origin="chart deploy/chart (default values)", volume_claim_templates=[pvc],
    )
    svc = Service("shop-api", "shop", "NodePort", [ServicePort(80, 8080, 30080, "http")], {"app": "api"},
                  Location("deploy/chart/templates/api-svc.yaml", 1), "chart deploy/chart (default values)")
    ing = Ingress("shop", "shop", "nginx", ["shop.local"], [{"hosts": ["shop.local"], "secretName": "shop-tls"}],
                  [IngressRule("shop.local", "/", "shop-api", 80)], {}, Location("deploy/chart/templates/ingress.yaml", 1),
                  "chart deploy/chart (default values)")
    cm = ConfigData("ConfigMap", "shop-config", "shop", ["log_level", "feature_flags"],
                    Location("deploy/chart/templates/config.yaml", 1), "chart deploy/chart (default values)")
    secret = ConfigData("Secret", "shop-db", "shop", ["password", "username"],
                        Location("deploy/chart/templates/secret.yaml", 1), "chart deploy/chart (default values)",
                        type="Opaque")
    chart = Chart(
        path="deploy/chart", name="shop", version="0.3.1", app_version="1.4.2", api_version="v2",
        type="application", description="The shop", templates=[
            "deploy/chart/templates/api.yaml", "deploy/chart/templates/api-svc.yaml",
            "deploy/chart/templates/db.yaml", "deploy/chart/templates/ingress.yaml",
            "deploy/chart/templates/config.yaml", "deploy/chart/templates/secret.yaml"],
        helpers=["deploy/chart/templates/_helpers.tpl"],
        dependencies=[ChartDependency("redis", "18.1.0", "https://charts.bitnami.com/bitnami", "redis.enabled")],
        values={"api": {"replicas": 3}, "db": {"password": SECRET_VALUE}}, values_lines={"api.replicas": 4},
        source=Location("deploy/chart/Chart.yaml", 1),
    )
    files = ["Makefile", "README.md", "docs/DEPLOYMENT.md", "scripts/minikube-up.sh", "deploy/chart/Chart.yaml",
             "deploy/chart/values.yaml"] + chart.templates + chart.helpers
    mk = [
        ShellCommand("minikube", ["minikube", "start", "--cpus=4", "--memory=8g"], "minikube start --cpus=4 --memory=8g",
                     Location("scripts/minikube-up.sh", 3), "script"),
        ShellCommand("minikube", ["minikube", "addons", "enable", "ingress"], "minikube addons enable ingress",
                     Location("scripts/minikube-up.sh", 4), "script"),
        ShellCommand("helm", ["helm", "upgrade", "--install", "shop", "deploy/chart", "--set", f"db.password={SECRET_VALUE}"],
                     f"helm upgrade --install shop deploy/chart -n shop --set db.password={SECRET_VALUE}",
                     Location("scripts/minikube-up.sh", 6), "script"),
    ]
    helm = HelmInvocation("upgrade", "shop", "deploy/chart", "deploy/chart", "shop", [], [f"db.password={SECRET_VALUE}"],
                          [], Location("Makefile", 9),
                          f"helm upgrade --install shop deploy/chart -n shop --set db.password={SECRET_VALUE}")
    targets = [
        MakeTarget("deploy", "Install or upgrade the chart", [], [helm.text], Location("Makefile", 8), True),
        MakeTarget("minikube-up", "Start minikube and deploy", [], ["./scripts/minikube-up.sh"], Location("Makefile", 12), True),
    ]
    return Facts(
        repo=repo, objects=[api_obj], workloads=[api, db], services=[svc], ingresses=[ing], pvcs=[pvc],
        configmaps=[cm], secrets=[secret], charts=[chart], make_targets=targets, commands=mk,
        hosts_entries=[HostsEntry("shop.local", None, Location("scripts/minikube-up.sh", 8))],
        helm_invocations=[helm], scripts=["scripts/minikube-up.sh"], files=sorted(files),
    )


def finding(fid: str, rule: str, line: int, value, actual, *, field: str = "replicas", area: str = "workloads",
            subject: str | None = "shop-api", span=None, form: str = "prose", end_line: int | None = None,
            text: str = "", path: str = "docs/DEPLOYMENT.md", extra=None, severity: str = "error") -> Finding:
    ref = DocRef(path, line, end_line or line, "")
    claim = Claim(ref, form, area, subject, field, value, text, span, extra or {})
    return Finding(fid, rule, severity, area, ref, subject, field, value, actual,
                   [Evidence("deploy/chart/values.yaml", 4, "api.replicas")], f"{field} differs", claim=claim)
