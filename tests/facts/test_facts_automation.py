"""Makefiles, shell scripts, CI workflows and helm invocations."""

from __future__ import annotations

import pytest

from k8sfix_tui.facts import collect
from k8sfix_tui.facts.helmcmd import parse_helm, split_set
from k8sfix_tui.facts.make import expand, parse_makefile
from k8sfix_tui.facts.shell import scan_shell, split_commands
from k8sfix_tui.model import Location, ShellCommand

MAKEFILE = """\
IMAGE ?= acme/api
TAG := 1.0
NS = prod
HELM_FLAGS = --namespace $(NS)
HELM_FLAGS += --create-namespace
CHART=./deploy/chart
.PHONY: deploy build

# Build the image
build:
\tdocker build -t $(IMAGE):$(TAG) .

deploy: build ## Deploy to prod
\thelm upgrade --install api $(CHART) $(HELM_FLAGS) \\
\t  -f $(CHART)/values-prod.yaml --set image.tag=$(TAG),replicas=2
\t@echo "$$(minikube ip) api.local" | sudo tee -a /etc/hosts

dev-%: ; @echo pattern
deploy-dev: NS=dev
deploy-dev: deploy
"""


def test_makefile_targets_variables_commands():
    mf = parse_makefile(MAKEFILE, "Makefile")
    targets = {t.name: t for t in mf.targets}
    assert list(targets) == ["build", "deploy", "dev-%", "deploy-dev"]  # pattern rules kept as written
    assert targets["dev-%"].commands == ["@echo pattern"]
    assert targets["build"].help == "Build the image" and targets["build"].phony
    assert targets["deploy"].help == "Deploy to prod" and targets["deploy"].prerequisites == ["build"]
    assert targets["deploy"].source.line == 13
    assert targets["deploy-dev"].prerequisites == ["deploy"] and not targets["deploy-dev"].phony
    assert [(v.name, v.operator) for v in mf.variables][:5] == [
        ("IMAGE", "?="), ("TAG", ":="), ("NS", "="), ("HELM_FLAGS", "="), ("HELM_FLAGS", "+=")]
    docker, helm, minikube = mf.commands
    assert docker.argv == ["docker", "build", "-t", "acme/api:1.0", "."] and docker.context == "make:build"
    assert helm.source.line == 14 and helm.context == "make:deploy"
    assert helm.argv[:8] == ["helm", "upgrade", "--install", "api", "./deploy/chart", "--namespace", "prod",
                             "--create-namespace"]
    assert minikube.argv == ["minikube", "ip"]
    assert [(h.hostname, h.ip) for h in mf.hosts if h.ip] == [("api.local", "$(minikube ip)")]


@pytest.mark.parametrize(
    "text, values, expected",
    [
        ("$(A)-${B}", {"A": "x", "B": "y"}, "x-y"),
        ("$(A)", {"A": "$(B)", "B": "deep"}, "deep"),
        ("$$HOME $(UNKNOWN)", {}, "$HOME $(UNKNOWN)"),
        ("$(shell git rev-parse HEAD)", {"shell": "no"}, "$(shell git rev-parse HEAD)"),
        ("$(SRCS:.c=.o)", {"SRCS": "a.c b.c"}, "a.o b.o"),
        ("$(A)", {"A": "$(A)"}, "$(A)"),
    ],
)
def test_make_expand(text, values, expected):
    assert expand(text, values) == expected


SCRIPT = """\
#!/usr/bin/env bash
set -euo pipefail
RELEASE=${RELEASE:-shop}
NS="prod"
eval $(minikube docker-env)
minikube start --cpus=4 \\
  --memory=8g   # comment
helm upgrade --install $RELEASE ./charts/app -n $NS -f values-prod.yaml --set image.tag=1.2,replicas=3
echo "$(minikube ip) app.local api.local" | sudo tee -a /etc/hosts
sudo sh -c 'echo "192.168.49.2 foo.local" >> /etc/hosts'
cat <<EOF | kubectl apply -f -
kind: X
helm install bogus ./nowhere
EOF
if kubectl get ns foo >/dev/null 2>&1; then kubectl delete ns foo; fi
KUBECONFIG=/x sudo -E docker build -t app:1 . && kind load docker-image app:1
"""


def test_script_commands_and_hosts():
    scan = scan_shell(SCRIPT, "deploy.sh", "script")
    got = [(c.source.line, c.argv) for c in scan.commands]
    assert got == [
        (5, ["minikube", "docker-env"]),
        (6, ["minikube", "start", "--cpus=4", "--memory=8g"]),
        (8, ["helm", "upgrade", "--install", "shop", "./charts/app", "-n", "prod", "-f", "values-prod.yaml",
             "--set", "image.tag=1.2,replicas=3"]),
        (9, ["minikube", "ip"]),
        (11, ["kubectl", "apply", "-f", "-"]),
        (15, ["kubectl", "get", "ns", "foo"]),
        (15, ["kubectl", "delete", "ns", "foo"]),
        (16, ["docker", "build", "-t", "app:1", "."]),
        (16, ["kind", "load", "docker-image", "app:1"]),
    ]
    assert scan.commands[0].text == "eval $(minikube docker-env)"
    hosts = sorted((h.hostname, h.ip, h.source.line) for h in scan.hosts)
    assert hosts == [("api.local", "$(minikube ip)", 9), ("app.local", "$(minikube ip)", 9),
                     ("foo.local", "192.168.49.2", 10)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a && b || c; d | e & f", ["a", "b", "c", "d", "e", "f"]),
        ("echo 'a;b' \"c|d\"", ["echo 'a;b' \"c|d\""]),
        ("x=$(kubectl get po | wc -l); y", ["x=$(kubectl get po | wc -l)", "y"]),
        ("(cd k8s && kubectl apply -k .)", ["cd k8s", "kubectl apply -k ."]),
        ("cmd 2>&1 >/dev/null", ["cmd 2>&1 >/dev/null"]),
        ("# only a comment", []),
    ],
)
def test_split_commands(text, expected):
    assert [c.text for c in split_commands(text)] == expected


def test_cd_tracking_sets_cwd():
    scan = scan_shell("cd deploy\nhelm install a ./chart\n", "s.sh", "script")
    (cmd,) = scan.commands
    assert scan.cwd[id(cmd)] == "deploy"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("a=b,c=d", ["a=b", "c=d"]),
        ("list={x,y},z=1", ["list={x,y}", "z=1"]),
        ("hosts=a,b", ["hosts=a,b"]),
        ("a\\,b=c", ["a\\,b=c"]),
    ],
)
def test_split_set(value, expected):
    assert split_set(value) == expected


@pytest.mark.parametrize(
    "argv, expected",
    [
        ("helm install web ./chart -n shop --create-namespace -f v.yaml --set a=1,b=2",
         ("install", "web", "./chart", "shop", ["v.yaml"], ["a=1", "b=2"])),
        ("helm upgrade --install --wait --timeout 5m web ./chart --values=v1.yaml -fv2.yaml",
         ("upgrade", "web", "./chart", None, ["v1.yaml", "v2.yaml"], [])),
        ("helm --kube-context kind template ./chart --namespace=x", ("template", None, "./chart", "x", [], [])),
        ("helm template rel ./chart", ("template", "rel", "./chart", None, [], [])),
        ("helm install --generate-name ./chart", ("install", None, "./chart", None, [], [])),
        ("helm repo add bitnami https://charts.bitnami.com", None),
        ("helm lint ./chart", None),
    ],
)
def test_parse_helm(tmp_path, argv, expected):
    words = argv.split()
    inv = parse_helm(ShellCommand("helm", words, argv, Location("Makefile", 3)), tmp_path)
    if expected is None:
        assert inv is None
    else:
        assert (inv.action, inv.release, inv.chart, inv.namespace, inv.values_files, inv.set_values) == expected


WORKFLOW = """\
name: Deploy
on:
  push:
    branches: [main]
  workflow_dispatch:
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Start minikube
        run: minikube start --driver=docker
      - name: Deploy
        working-directory: deploy
        run: |
          helm upgrade --install shop ./chart \\
            -f values-ci.yaml
          kubectl rollout status deploy/shop-api
"""


def test_github_workflow(make_repo):
    repo = make_repo({".github/workflows/deploy.yml": WORKFLOW,
                      "deploy/chart/Chart.yaml": "apiVersion: v2\nname: shop\nversion: 0.1.0\n"})
    facts = collect(repo)
    (wf,) = facts.workflows
    assert wf.name == "Deploy" and wf.triggers == ["push", "workflow_dispatch"]
    (job,) = wf.jobs
    assert [s.name for s in job.steps] == [None, "Start minikube", "Deploy"]
    assert [s.source.line for s in job.steps] == [10, 11, 13]
    cmds = [(c.tool, c.source.line, c.context) for c in facts.commands]
    assert cmds == [
        ("minikube", 12, "workflow:deploy.yml/deploy/Start minikube"),
        ("helm", 16, "workflow:deploy.yml/deploy/Deploy"),
        ("kubectl", 18, "workflow:deploy.yml/deploy/Deploy"),
    ]
    (inv,) = facts.helm_invocations
    assert inv.chart_path == "deploy/chart" and inv.values_files == ["values-ci.yaml"]
    (profile,) = facts.profiles
    assert profile.name == "workflow deploy.yml: Deploy" and profile.release == "shop"


def test_gitlab_ci(make_repo):
    repo = make_repo({".gitlab-ci.yml": """
        stages: [deploy]
        variables: {A: b}
        .template: {script: [echo hidden]}
        deploy:
          stage: deploy
          script:
            - kubectl apply -k k8s/overlays/prod
            - helm upgrade --install api ./chart
        """})
    facts = collect(repo)
    (wf,) = facts.workflows
    assert [j.id for j in wf.jobs] == ["deploy"]
    assert [(c.tool, c.source.line) for c in facts.commands] == [("kubectl", 7), ("helm", 8)]


def test_scripts_found_by_shebang(make_repo):
    repo = make_repo({"bin/deploy": "#!/usr/bin/env bash\nkubectl apply -f k8s/\n", "bin/tool": "#!/usr/bin/python\n",
                      "scripts/up.sh": "minikube start\n"})
    facts = collect(repo)
    assert facts.scripts == ["bin/deploy", "scripts/up.sh"]
    assert [(c.tool, str(c.source)) for c in facts.commands] == [("kubectl", "bin/deploy:2"),
                                                                  ("minikube", "scripts/up.sh:1")]


def test_hosts_from_array_loop():
    text = (
        'HOSTS=(shop.local api.shop.local)\n'
        'IP="$(minikube ip)"\n'
        'for host in "${HOSTS[@]}"; do\n'
        '  echo "$IP $host # marker" | sudo tee -a /etc/hosts >/dev/null\n'
        'done\n'
    )
    scan = scan_shell(text, "s.sh", "script")
    assert [(h.hostname, h.ip, h.source.line) for h in scan.hosts] == [
        ("shop.local", "$(minikube ip)", 4), ("api.shop.local", "$(minikube ip)", 4)]


def test_workflow_env_expressions(make_repo):
    repo = make_repo({
        "charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
        ".github/workflows/cd.yml": """
            env:
              CHART: charts/web
            jobs:
              cd:
                env: {NS: staging}
                steps:
                  - name: Up
                    run: helm upgrade --install web ${{ env.CHART }} -n ${{ env.NS }} --set tag=${{ github.sha }}
            """,
    })
    facts = collect(repo)
    (inv,) = facts.helm_invocations
    assert (inv.chart_path, inv.namespace, inv.set_values) == ("charts/web", "staging", ["tag=${{github.sha}}"])


def test_makefile_include_brings_variables(make_repo):
    repo = make_repo({
        "Makefile": "include .env\ninclude make/helm.mk\n\ndeploy: ## Deploy\n\thelm install $(RELEASE) $(CHART)\n",
        ".env": "RELEASE=shop\nCHART=./charts/shop\n",
        "make/helm.mk": "lint: ## Lint\n\thelm lint $(CHART)\n",
        "charts/shop/Chart.yaml": "apiVersion: v2\nname: shop\nversion: 1.0.0\n",
    })
    facts = collect(repo)
    (inv,) = facts.helm_invocations
    assert (inv.release, inv.chart_path, inv.found_at.path) == ("shop", "charts/shop", "Makefile")
    assert sorted(t.name for t in facts.make_targets) == ["deploy", "lint"]
    assert {v.name for v in facts.make_variables} == {"RELEASE", "CHART"}


def test_hosts_from_heredoc_and_wrappers():
    text = (
        "sudo tee -a /etc/hosts <<EOF\n"
        "192.168.49.2 shop.local admin.shop.local\n"
        "EOF\n"
        "watch -n 2 kubectl get pods\n"
        "kubectl get pods -o name | xargs -n1 kubectl delete\n"
        "cat <<EOF\n10.0.0.1 not-hosts.local\nEOF\n"
    )
    scan = scan_shell(text, "s.sh", "script")
    assert [(h.hostname, h.ip, h.source.line) for h in scan.hosts] == [
        ("shop.local", "192.168.49.2", 2), ("admin.shop.local", "192.168.49.2", 2)]
    assert [(c.source.line, c.argv) for c in scan.commands] == [
        (4, ["kubectl", "get", "pods"]), (5, ["kubectl", "get", "pods", "-o", "name"]), (5, ["kubectl", "delete"])]


def test_crlf_files(make_repo):
    repo = make_repo({"Makefile": b"up: ## Start\r\n\tminikube start \\\r\n\t  --cpus=2\r\n",
                      "deploy.sh": b"#!/bin/sh\r\nkubectl apply -f k8s/\r\n"})
    facts = collect(repo)
    assert [(c.argv, c.source.line) for c in facts.commands] == [
        (["minikube", "start", "--cpus=2"], 2), (["kubectl", "apply", "-f", "k8s/"], 2)]
    assert facts.make_targets[0].help == "Start"
