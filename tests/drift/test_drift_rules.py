"""One firing and one non-firing case per rule (except value-mismatch, see its own file)."""

import os

from drift_kit import (Location, MakeTarget, ShellCommand, Sec, chart, claim, deployment, facts, obj, rules_of, run,
                       service)
from k8sfix_tui.model import HelmInvocation, SourceError


def _repo(tmp_path, **kw):
    files = ["Makefile", "scripts/setup.sh", "scripts/noexec.sh", "deploy/chart/Chart.yaml",
             "deploy/chart/values.yaml", "deploy/chart/values-prod.yaml", "k8s/base/api.yaml", "docs/deploy.md",
             ".github/workflows/deploy.yml"]
    for f in files:
        p = tmp_path / f
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x\n")
    os.chmod(tmp_path / "scripts/setup.sh", 0o755)
    os.chmod(tmp_path / "scripts/noexec.sh", 0o644)
    objs = [deployment("app-api", origin="manifests", labels={"app": "api"}),
            deployment("app-worker", origin="manifests", labels={"app": "worker"}),
            service("app-api", selector={"app": "api"}),
            obj("HorizontalPodAutoscaler", "app-api", {"minReplicas": 1, "maxReplicas": 3,
                                                     "scaleTargetRef": {"name": "app-api"}}, api_version="autoscaling/v2")]
    mk = Location("Makefile", 3)
    return facts(*objs, repo=str(tmp_path), files=files,
                 make_targets=[MakeTarget("deploy", "Deploy", [], ["helm upgrade"], mk),
                               MakeTarget("release-%", None, [], [], mk)],
                 commands=[ShellCommand("minikube", ["minikube", "start", "--cpus=4", "--memory", "8192"],
                                        "minikube start --cpus=4 --memory 8192", Location("scripts/setup.sh", 5)),
                           ShellCommand("minikube", ["minikube", "addons", "enable", "ingress"],
                                        "minikube addons enable ingress", Location("scripts/setup.sh", 6)),
                           ShellCommand("kubectl", ["kubectl", "-n", "app", "get", "pods"], "kubectl -n app get pods",
                                        Location("Makefile", 9))],
                 helm_invocations=[HelmInvocation("upgrade", "app", "deploy/chart", "deploy/chart", "app", [], [], [],
                                                  Location("Makefile", 4), "helm upgrade --install app deploy/chart")],
                 charts=[chart(values={"api": {"replicas": 2, "tags": ["a"]}, "podLabels": {}},
                               lines={"api": 1, "api.replicas": 2})], **kw)


def test_wrong_path(tmp_path):
    f = _repo(tmp_path)
    rep = run(f, [claim("path", "deploy/charts/app/", line=5, area="structure"),
                  claim("path", "deploy/chart/values.yaml", line=6),
                  claim("path", "values.yaml", line=7),               # bare file name that exists
                  claim("path", "autoscaling/v2", line=8),            # an apiVersion, not a path
                  claim("path", "/etc/hosts", line=9),
                  claim("path", "https://example.org/x.yaml", line=10)])
    assert rules_of(rep, 5) == [("wrong-path", "error")]
    f5 = next(x for x in rep.findings if x.doc.line == 5)
    assert "deploy/chart" in f5.message
    assert all(rules_of(rep, n) == [] for n in (6, 7, 8, 9, 10))


def test_tree_entries(tmp_path):
    f = _repo(tmp_path)
    entries = [{"path": "chart/", "line": 20}, {"path": "chart/Chart.yaml", "line": 21},
               {"path": "chart/values-dev.yaml", "line": 22}]
    rep = run(f, [claim("tree", entries, form="tree", line=19, root="deploy")])
    assert rules_of(rep, 22) == [("wrong-path", "error")]
    assert rules_of(rep, 21) == [] and rules_of(rep, 20) == []


def test_wrong_command_make_and_scripts(tmp_path):
    f = _repo(tmp_path)
    rep = run(f, [claim("make-target", "deploy-all", form="bash", line=5, text="make deploy-all"),
                  claim("make-target", "deploy", form="bash", line=6, text="make deploy"),
                  claim("make-target", "release-prod", form="bash", line=7, text="make release-prod"),  # pattern rule
                  claim("script", "./scripts/noexec.sh", form="bash", line=8, text="./scripts/noexec.sh"),
                  claim("script", "scripts/noexec.sh", form="bash", line=9, text="bash scripts/noexec.sh"),
                  claim("script", "./scripts/setup.sh", form="bash", line=10, text="./scripts/setup.sh"),
                  claim("script", "./scripts/missing.sh", form="bash", line=11, text="./scripts/missing.sh")])
    assert rules_of(rep, 5) == [("wrong-command", "error")]
    assert "did you mean `make deploy`" in next(x for x in rep.findings if x.doc.line == 5).message
    assert rules_of(rep, 6) == [] and rules_of(rep, 7) == [] and rules_of(rep, 9) == [] and rules_of(rep, 10) == []
    assert rules_of(rep, 8) == [("wrong-command", "error")] and rules_of(rep, 11) == [("wrong-command", "error")]


def test_wrong_command_helm(tmp_path):
    f = _repo(tmp_path)
    text = ("helm upgrade --install app deploy/chart -n app -f deploy/chart/values-prd.yaml "
            "--set api.replicaCount=3 --set api.replicas=2 --set podLabels.team=x --set api.tags[0]=b")
    import shlex

    rep = run(f, [claim("command", text, form="bash", line=5, text=text, argv=shlex.split(text), tool="helm")])
    got = sorted((x.rule, x.field, x.doc_value) for x in rep.findings)
    assert ("wrong-command", "values-key", "api.replicaCount") in got
    assert ("wrong-path", "path", "deploy/chart/values-prd.yaml") in got
    assert not any(v in ("api.replicas", "podLabels.team", "api.tags[0]") for _r, _f, v in got)
    assert not any(fl in ("namespace", "release") for _r, fl, _v in got)


def test_wrong_command_namespace(tmp_path):
    f = _repo(tmp_path)
    rep = run(f, [claim("namespace", "apps", form="bash", line=5, text="kubectl -n apps get pods"),
                  claim("namespace", "app", form="bash", line=6, text="kubectl -n app get pods"),
                  claim("namespace", "<your-namespace>", form="bash", line=7)])
    assert rules_of(rep, 5) == [("wrong-command", "error")]
    assert rules_of(rep, 6) == [] and rules_of(rep, 7) == []


def test_minikube(tmp_path):
    f = _repo(tmp_path)
    rep = run(f, [claim("minikube-flag", "2", line=5, flag="--cpus", area="minikube"),
                  claim("minikube-flag", "8g", line=6, flag="--memory", area="minikube"),
                  claim("minikube-addon", "metrics-server", line=7, area="minikube"),
                  claim("minikube-addon", "ingress", line=8, area="minikube"),
                  claim("minikube-addon", "enables", line=9, area="minikube")])
    assert rules_of(rep, 5) == [("value-mismatch", "error")]
    assert rules_of(rep, 6) == [] and rules_of(rep, 8) == [] and rules_of(rep, 9) == []
    assert rules_of(rep, 7) == [("value-mismatch", "error")]


def test_phantom_resource(tmp_path):
    f = _repo(tmp_path)
    sections = [Sec("Alternatives we considered", 30, 40)]
    rep = run(f, [claim("component", "Kafka", line=5, text="Events flow through Kafka."),
                  claim("component", "Istio", line=6, text="We do not use Istio."),
                  claim("component", "Kafka", line=31, text="Kafka was evaluated."),
                  claim("object-kind", "ServiceMonitor", line=7, text="A ServiceMonitor scrapes the API."),
                  claim("object-kind", "HorizontalPodAutoscaler", line=8, text="An HPA scales the API."),
                  claim("object-kind", "Pod", line=9, text="Each Pod runs one container."),
                  claim("object-kind", "HorizontalPodAutoscaler", line=10, written="HPA",
                        text="The worker has its own HPA `app-worker`."),
                  claim("yaml-object", {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
                                        "metadata": {"name": "app"}}, form="yaml", line=11),
                  claim("component", "Customer", line=12, text="Customer -> Ingress")],
              sections=sections)
    assert rules_of(rep, 5) == [("phantom-resource", "error")]
    assert rules_of(rep, 7) == [("phantom-resource", "error")]
    assert rules_of(rep, 10) == [("phantom-resource", "error")]
    assert rules_of(rep, 11) == [("phantom-resource", "error")]
    for line in (6, 8, 9, 12, 31):
        assert rules_of(rep, line) == [], line


def test_undocumented_resource(tmp_path):
    f = _repo(tmp_path)
    rep = run(f, [claim("replicas", "2", subject="API", line=5)], text="The API runs 2 replicas.\n" + "filler\n" * 30)
    und = [x for x in rep.findings if x.rule == "undocumented-resource"]
    assert [x.actual_value for x in und] == ["Deployment/app-worker"] and und[0].severity == "warning"
    rep2 = run(f, [claim("replicas", "2", subject="API", line=5)], text="The API and the worker run.\n" + "filler\n" * 30)
    assert not [x for x in rep2.findings if x.rule == "undocumented-resource"]


def test_placeholder():
    f = facts(deployment("api"))
    rep = run(f, [claim("placeholder", "your-org", line=5), claim("placeholder", "<your-namespace>", line=6),
                  claim("placeholder", "<pod-name>", line=7, form="bash", text="kubectl logs <pod-name>"),
                  claim("placeholder", "<name>", line=8, text="services/<name>/Dockerfile")])
    assert rules_of(rep, 5) == [("placeholder", "warning")] and rules_of(rep, 6) == [("placeholder", "warning")]
    assert rules_of(rep, 7) == [] and rules_of(rep, 8) == []


def test_invalid_snippet():
    rep = run(facts(deployment("api")), [claim("snippet", "yaml", line=20, form="yaml",
                                               error="mapping values are not allowed here", error_line=23),
                                         claim("replicas", "1", subject="api", line=30)])
    assert rules_of(rep, 23) == [("invalid-snippet", "error")]
    assert rules_of(rep, 30) == [("value-mismatch", "error")]


def test_source_error():
    f = facts(deployment("api"), errors=[SourceError(Location("deploy/chart/templates/x.yaml", 4), "bad template")])
    rep = run(f, [])
    se = [x for x in rep.findings if x.rule == "source-error"]
    assert len(se) == 1 and se[0].doc is None and se[0].evidence[0].line == 4 and se[0].area == "helm"
    assert run(facts(deployment("api")), []).findings == [] or not [
        x for x in run(facts(deployment("api")), []).findings if x.rule == "source-error"]


def test_missing_topic():
    f = facts(deployment("api"), obj("HorizontalPodAutoscaler", "api", {"maxReplicas": 3}),
              obj("NetworkPolicy", "deny", {"podSelector": {}}, api_version="networking.k8s.io/v1"))
    rep = run(f, [claim("replicas", "2", subject="api", line=2)], text="# Deploy\nThe api deployment runs 2 pods.\n" + "filler\n" * 30)
    missing = {x.area for x in rep.findings if x.rule == "missing-topic"}
    assert {"autoscaling", "networking"} <= missing
    rep2 = run(f, [claim("replicas", "2", subject="api", line=2)],
               text="The api deployment runs 2 replicas; an HPA scales it. A NetworkPolicy denies traffic.\n" + "filler\n" * 30)
    missing2 = {x.area for x in rep2.findings if x.rule == "missing-topic"}
    assert not {"autoscaling", "networking"} & missing2


def test_pointer_readme_gets_no_coverage_findings():
    f = facts(deployment("api"), obj("HorizontalPodAutoscaler", "api", {"maxReplicas": 3}))
    rep = run(f, [], text="# Example\n\nFollow the tutorial at https://kubernetes.io/docs/.\n")
    assert not [x for x in rep.findings if x.rule in ("missing-topic", "undocumented-resource")]


def test_tree_of_another_file_system_is_not_checked(tmp_path):
    f = _repo(tmp_path)
    entries = [{"path": "1/", "line": 21}, {"path": "1/saved_model.pb", "line": 22}]
    rep = run(f, [claim("tree", entries, form="tree", line=20, root="/mnt/models/my_model/")])
    assert rep.findings == [] or not [x for x in rep.findings if x.rule == "wrong-path"]


def test_namespace_created_by_the_doc_or_namespace_agnostic_manifests():
    f = facts(deployment("api"))  # no namespace anywhere, no deploy command of the repo's own
    rep = run(f, [claim("namespace", "demo", form="bash", line=5, text="kubectl -n demo get pods")])
    assert rules_of(rep, 5) == []
    f2 = facts(deployment("api", namespace="shop"))
    rep2 = run(f2, [claim("namespace", "demo", form="bash", line=5, text="kubectl -n demo get pods"),
                    claim("namespace", "demo2", form="bash", line=6, text="kubectl -n demo2 get pods")],
               text="kubectl create namespace demo\n" + "x\n" * 30)
    assert rules_of(rep2, 5) == [] and rules_of(rep2, 6) == [("wrong-command", "error")]


def test_placeholder_the_repository_really_uses():
    f = facts(deployment("api", image="ghcr.io/acme/api:latest"),
              obj("Ingress", "web", {"rules": [{"host": "shop.example.com"}]}, api_version="networking.k8s.io/v1"))
    rep = run(f, [claim("placeholder", "latest", line=5), claim("placeholder", "shop.example.com", line=6),
                  claim("placeholder", "other.example.com", line=7)])
    assert rules_of(rep, 5) == [] and rules_of(rep, 6) == []
    assert rules_of(rep, 7) == [("placeholder", "warning")]
    rep2 = run(facts(deployment("api", image="ghcr.io/acme/api:1.0")), [claim("placeholder", "latest", line=5)])
    assert rules_of(rep2, 5) == [("placeholder", "warning")]
