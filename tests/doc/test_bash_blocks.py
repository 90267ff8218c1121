"""Shell block claims: commands and what they imply (make targets, scripts, helm, kubectl, minikube, hosts)."""

from __future__ import annotations

from .helpers import claims_of, fields

BLOCK = """
## Install

```bash
# start the cluster
$ minikube start --cpus 4 --memory=8192 --driver docker
minikube addons enable ingress
export NS=shop
helm upgrade --install shop ./charts/shop \\
  --namespace $NS --create-namespace \\
  -f charts/shop/values-dev.yaml --set api.replicas=3,image.tag=1.4.2 --set-string x.y=true
kubectl -n $NS apply -k k8s/overlays/dev && kubectl rollout status deployment/api -n shop
echo "$(minikube ip) shop.local api.shop.local" | sudo tee -a /etc/hosts
make deploy test
./scripts/smoke.sh --fast
bash scripts/seed.sh
kubectl port-forward svc/web 8080:80
cat <<EOF > /tmp/x.yaml
kind: NotACommand
EOF
```
"""


def test_commands():
    claims = claims_of(BLOCK)
    cmds = [c for c in claims if c.field == "command"]
    assert [c.extra["tool"] for c in cmds] == [
        "minikube", "minikube", "helm", "kubectl", "kubectl", "echo", "tee", "make", "smoke.sh", "bash", "kubectl", "cat"]
    helm = cmds[2]
    assert (helm.doc.line, helm.doc.end_line) == (8, 10)
    assert helm.extra["argv"][:4] == ["helm", "upgrade", "--install", "shop"]
    assert all(c.form == "bash" for c in claims if c.field != "placeholder")


def test_derived_claims():
    got = fields(claims_of(BLOCK), "minikube-flag", "minikube-addon", "namespace", "release", "path", "values-key",
                 "hosts-entry", "make-target", "script", "kind", "service-port")
    assert got == [
        ("minikube-flag", "4", None), ("minikube-flag", "8192", None), ("minikube-flag", "docker", None),
        ("minikube-addon", "ingress", None),
        ("release", "shop", None), ("path", "./charts/shop", None),
        ("namespace", "shop", None),
        ("path", "charts/shop/values-dev.yaml", None), ("values-key", "api.replicas", None),
        ("values-key", "image.tag", None), ("values-key", "x.y", None),
        ("namespace", "shop", None), ("path", "k8s/overlays/dev", None),
        ("kind", "Deployment", "api"), ("namespace", "shop", None),
        ("hosts-entry", "shop.local", None), ("hosts-entry", "api.shop.local", None),
        ("make-target", "deploy", None), ("make-target", "test", None),
        ("script", "./scripts/smoke.sh", None), ("script", "scripts/seed.sh", None),
        ("service-port", "80", "web"),
    ]


def test_spans_and_flags():
    claims = claims_of(BLOCK)
    text_lines = BLOCK.lstrip("\n").split("\n")
    for c in claims:
        if c.span and c.field not in ("command", "component"):
            written = c.extra.get("written", c.value)
            assert text_lines[c.doc.line - 1][c.span[0]:c.span[1]] == str(written), c
    flags = {c.value: c.extra["flag"] for c in claims if c.field == "minikube-flag"}
    assert flags == {"4": "--cpus", "8192": "--memory", "docker": "--driver"}
    vk = {c.value: c.extra.get("value") for c in claims if c.field == "values-key"}
    assert vk == {"api.replicas": "3", "image.tag": "1.4.2", "x.y": "true"}


def test_console_output_is_skipped():
    text = "```console\n$ kubectl get pods -n shop\nNAME   READY\napi-1  1/1\n$ make status\n```\n"
    got = fields(claims_of(text), "command", "namespace", "make-target")
    assert got == [("command", "kubectl get pods -n shop", None), ("namespace", "shop", None),
                   ("command", "make status", None), ("make-target", "status", None)]


def test_unlabelled_block_with_commands_and_other_languages_ignored():
    text = "```\nmake deploy\n```\n\n```python\nmake deploy\n```\n"
    got = fields(claims_of(text), "make-target")
    assert got == [("make-target", "deploy", None)]


def test_helm_repo_chart_and_template():
    text = "```sh\nhelm install db bitnami/postgresql --version 12.1.0\nhelm template ./deploy/chart\n```\n"
    got = fields(claims_of(text), "release", "chart-name", "chart-version", "path")
    assert got == [("release", "db", None), ("chart-name", "postgresql", None), ("chart-version", "12.1.0", None),
                   ("path", "./deploy/chart", None)]


def test_placeholders_and_unresolved_variables_are_not_values():
    text = "```bash\nkubectl -n <namespace> get pods\nhelm install $RELEASE ./chart -n ${NS}\n```\n"
    got = fields(claims_of(text), "namespace", "release", "placeholder")
    assert got == [("placeholder", "<namespace>", None)]


def test_makefile_excerpt():
    text = "```makefile\n.PHONY: deploy\ndeploy: lint\n\thelm upgrade --install shop charts/shop -n $(NS)\n\nlint:\n\t@helm lint charts/shop\n```\n"
    got = fields(claims_of(text), "make-target", "release", "path", "namespace")
    assert got == [("make-target", "deploy", None), ("release", "shop", None), ("path", "charts/shop", None),
                   ("make-target", "lint", None), ("path", "charts/shop", None)]


def test_powershell_and_json_blocks():
    text = ('```powershell\nkubectl apply -f k8s\\\\app.yaml -n shop\n```\n\n'
            '```json\n{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}, "spec": {"ports": [{"port": 80}]}}\n```\n')
    claims = claims_of(text)
    assert ("namespace", "shop", None) in fields(claims, "namespace")
    (o,) = [c for c in claims if c.field == "yaml-object"]
    assert o.value["kind"] == "Service" and o.subject == "web"
