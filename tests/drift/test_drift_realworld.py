"""Regression tests for false alarms seen on public repositories (synthetic fixtures of the same shapes)."""

import json

import pytest

from k8sfix_tui.cli import main
from k8sfix_tui.drift.localfiles import doc_creates, ignored, user_named
from k8sfix_tui.drift.values import schedule_equal

from drift_kit import WEB_DEPLOYMENT_YAML, claim, deployment, facts, rules_of, run, service

DEPLOY = WEB_DEPLOYMENT_YAML


@pytest.mark.parametrize("doc_value, cron, same", [
    ("Every 10 min", "*/10 * * * *", True),
    ("Every 30 min", "*/10 * * * *", False),
    ("Daily at midnight", "0 0 * * *", True),
    ("Daily at 3am", "0 2 * * *", False),
    ("0 3 * * *", "30 2 * * *", False),
    ("`0 3 * * *`", "0 3 * * *", True),
    ("@daily", "0 0 * * *", True),
    ("every Sunday", "0 0 * * 0", True),
    ("every Monday", "0 0 * * 0", False),
    ("nightly", "30 2 * * *", True),
])
def test_schedule_in_words(doc_value, cron, same):
    assert schedule_equal(doc_value, cron) is same


@pytest.mark.parametrize("lines, path, made", [
    (["python3 -m venv .venv", "source .venv/bin/activate"], ".venv/bin/activate", True),
    (["cat > values-local.yaml <<EOF"], "values-local.yaml", True),
    (["Create a `podinfo-values.yaml` file locally:"], "podinfo-values.yaml", True),
    (["curl -sL https://x.test/a.yaml -o deploy/a.yaml"], "deploy/a.yaml", True),
    (["helm install my-release ./chart", "helm upgrade r ./chart -f chart/values-prod.yaml"],
     "chart/values-prod.yaml", False),
    (["kubectl apply -f k8s/app.yaml"], "k8s/app.yaml", False),
])
def test_doc_creates(lines, path, made):
    assert doc_creates(lines, path) is made


def test_user_named_and_gitignored(tmp_path):
    assert user_named("my-values.cue") and user_named("conf/your-overrides.yaml") and not user_named("values.yaml")
    (tmp_path / ".gitignore").write_text("# env\n.env\nbuild/\n/secrets/*.yaml\n!keep.txt\n")
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / ".gitignore").write_text("*.local.yaml\n")
    assert ignored(str(tmp_path), ".env") and ignored(str(tmp_path), "svc/.env")
    assert ignored(str(tmp_path), "build/out.yaml") and ignored(str(tmp_path), "secrets/db.yaml")
    assert ignored(str(tmp_path), "values.local.yaml", doc_path="svc/README.md")
    assert not ignored(str(tmp_path), "values.yaml") and not ignored(str(tmp_path), "keep.txt")


def _repo(tmp_path, doc: str, files: dict[str, str] | None = None):
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "web.yaml").write_text(DEPLOY)
    for rel, text in (files or {}).items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    (tmp_path / "README.md").write_text(doc)


def _check(tmp_path, capsys):
    main(["check", str(tmp_path), "--doc", "README.md", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    return {(f["rule"], f["doc"]["line"]) for f in data["findings"] if f["doc"] and f["severity"] != "info"}


def test_local_files_and_published_charts_are_not_drift(tmp_path, capsys):
    doc = ("# Web\n\nDeploy with `kubectl apply -f k8s/web.yaml -n shop`.\n\n"   # 1-3
           "```bash\n"                                                           # 5
           "python3 -m venv .venv\n"                                             # 6
           "source .venv/bin/activate\n"                                         # 7
           "source .env\n"                                                       # 8
           "helm repo add acme https://charts.acme.test\n"                       # 9
           "helm install my-release acme/web --namespace playground\n"          # 10
           "helm install frontend acme/web -n test\n"                            # 11
           "SB=$(az servicebus namespace show --name <namespace-name> --resource-group <resource-group> -o tsv)\n"
           "export OPENAI_KEY=<your-openai-key>\n"                               # 13
           "helm upgrade --install web acme/web --version <VERSION>\n"           # 14
           "kubectl apply -f k8s/missing.yaml\n"                                 # 15
           "```\n\nThe app runs in namespace `<your-namespace>`.\n"             # 16-18
           + "\nfiller line\n" * 12)
    _repo(tmp_path, doc, {".gitignore": ".env\n", "Makefile": "deploy:\n\thelm upgrade --install web ./chart -n shop\n"})
    got = _check(tmp_path, capsys)
    for line in (6, 7, 8, 9, 10, 11, 12, 13, 14):
        assert not any(l == line for _r, l in got), (line, got)
    assert ("wrong-path", 15) in got or ("wrong-command", 15) in got, got  # a real missing manifest still counts
    assert ("placeholder", 18) in got, got  # a namespace placeholder the repository has a value for still counts


def test_kinds_in_conditional_templates_and_components_in_repo_files(tmp_path, capsys):
    chart = {
        "chart/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
        "chart/values.yaml": "ingress:\n  enabled: false\n",
        "chart/templates/deploy.yaml": DEPLOY,
        "chart/templates/ingress.yaml": "{{- if .Values.ingress.enabled }}\napiVersion: networking.k8s.io/v1\n"
                                        "kind: Ingress\nmetadata:\n  name: web\n{{- end }}\n",
        "otel/compose.yaml": "services:\n  jaeger:\n    image: jaegertracing/all-in-one:1.50\n",
    }
    doc = ("# Web\n\nSet `ingress.enabled=true` to create an Ingress for the web app.\n\n"  # 3
           "Traces go to Jaeger, started by the compose file in `otel/`.\n\n"                # 5
           "Metrics are scraped through a ServiceMonitor.\n" + "\nfiller\n" * 12)            # 7
    _repo(tmp_path, doc, chart)
    got = _check(tmp_path, capsys)
    assert not any(l in (3, 5) for _r, l in got), got
    assert ("phantom-resource", 7) in got, got


def test_port_the_sentence_names_on_another_field():
    f = facts(deployment("vote", port=80), service("vote", port=5000, target=80, node_port=31000, type_="NodePort"),
              deployment("result", port=80), service("result", port=5001, target=80, node_port=31001,
                                                     type_="NodePort"))
    text = "The `vote` app is available on port 31000 on each host, the `result` app on port 31001."
    rep = run(f, [claim("container-port", "31000", subject="vote", line=5, text=text),
                  claim("container-port", "31001", subject="vote", line=5, text=text),
                  claim("container-port", "9999", subject="vote", line=6, text="The `vote` app listens on 9999.")])
    assert rules_of(rep, 5) == [] and rules_of(rep, 6) == [("value-mismatch", "error")]


def test_capitalised_word_is_not_an_overlay():
    from k8sfix_tui.model import Location, Overlay

    f = facts(deployment("api"), overlays=[Overlay("k8s/overlays/prod", None, None, None, [], "embedded", True,
                                                    Location("k8s/overlays/prod/kustomization.yaml", 1))])
    rep = run(f, [claim("overlay", "This", line=5), claim("overlay", "staging", line=6)])
    assert rules_of(rep, 5) == [] and rules_of(rep, 6) == [("value-mismatch", "error")]


CHART_VALUES = """image:
  registry: docker.io
  repository: acme/web
metrics:
  enabled: false
configs:
  params:
    create: true
    otlp.address: ""
service:
  ports:
    http: 80
"""

CHART_README = """# web chart

## Installing

```console
helm install my-release oci://registry.test/charts/web
```

## Parameters

| Name | Description | Value |
| ---- | ----------- | ----- |
| `image.registry` | Image registry | `REGISTRY_NAME` |
| `image.repository` | Image repository | `REPOSITORY_NAME/web` |
| `metrics.enabled` | Enable metrics | `false (only when scraped)` |
| `configs.params."otlp.address"` | OTLP address | `""` |
| `Release.Namespace` | Namespace | `default` |

## Metrics

To enable metrics, set `metrics.enabled=true`.

To send traces, use this in your custom values file:

```yaml
configs:
  params:
    server.insecure: true
metrics:
  enabled: true
```

Affinity is set through the `XXX.affinity` parameters of each component.

## Upgrading

### To 2.0.0

`service.port` was renamed to `service.ports.http`.

### Current values

The defaults in values.yaml:

```yaml
metrics:
  enabled: true
```
""" + "\nfiller line\n" * 10


def test_chart_readme_overrides_and_history(tmp_path, capsys):
    files = {"Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n", "values.yaml": CHART_VALUES,
             "templates/deploy.yaml": DEPLOY}
    for rel, text in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    (tmp_path / "README.md").write_text(CHART_README)
    got = _check(tmp_path, capsys)
    lines = CHART_README.splitlines()

    def at(text: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if text in line)

    quiet = [at("helm install my-release"), at("`image.registry`"), at("`image.repository`"),
             at("`metrics.enabled` |"), at('`configs.params."otlp.address"`'), at("`Release.Namespace`"),
             at("set `metrics.enabled=true`"), at("server.insecure: true"), at("`XXX.affinity`"),
             at("`service.port` was renamed")]
    for line in quiet:
        assert not any(l == line for _r, l in got), (line, lines[line - 1], got)
    # an excerpt introduced as the defaults is still compared with values.yaml
    assert ("value-mismatch", len(lines) - lines[::-1].index("  enabled: true")) in got, got


def test_snippets_that_are_not_broken_yaml():
    from k8sfix_tui.model import Claim, DocRef

    def snip(line, **extra):
        return Claim(DocRef("docs/deploy.md", line, line, ""), "yaml", "structure", None, "snippet", "yaml", "",
                     None, {"error": "mapping values are not allowed (line %d)" % (line + 1), "lang": "yaml",
                            **extra})

    text = "\n".join(["intro"] * 9 + ["```", "kubectl apply -f - <<EOF", "kind: X", "EOF", "```"]
                     + ["    ```yaml", "    kind: Rollout", "    ```"] + ["filler"] * 20)
    f = facts(deployment("api"))
    rep = run(f, [snip(10, lang=""), snip(15, lang=""), snip(20, elided=True), snip(25, template=True),
                  Claim(DocRef("docs/deploy.md", 30, 30, ""), "yaml", "structure", None, "snippet", "yaml", "", None,
                        {"error": "found undefined alias (line 31)", "lang": "yaml"}),
                  snip(32)], text=text)
    assert [l for l in (10, 15, 20, 25, 30) if rules_of(rep, l)] == []
    assert rules_of(rep, 32) == [("invalid-snippet", "error")]


def test_rbac_resources_crd_kinds_and_foreign_namespaces():
    from k8sfix_tui.drift.rules.phantom_resource import _plural

    assert [_plural(k) for k in ("Ingress", "Policy", "Gateway", "Service")] == \
        ["ingresses", "policies", "gateways", "services"]
    from drift_kit import obj

    role = obj("ClusterRole", "ctrl", None)
    role.body["rules"] = [{"apiGroups": ["networking.k8s.io"], "resources": ["ingresses", "ingresses/status"]}]
    crd = obj("CustomResourceDefinition", "rollouts.acme.io", {"names": {"kind": "Rollout"}})
    f = facts(deployment("api"), role, crd)
    rep = run(f, [claim("object-kind", "Ingress", line=5, text="The controller watches every Ingress."),
                  claim("object-kind", "ServiceMonitor", line=6, text="Scraped by a ServiceMonitor."),
                  claim("yaml-object", {"kind": "Rollout", "metadata": {"name": "demo"}}, line=7, form="yaml"),
                  claim("yaml-object", {"kind": "ConfigMap", "metadata": {"name": "argocd-cm", "namespace": "argocd"}},
                        line=8, form="yaml"),
                  claim("yaml-object", {"kind": "Secret", "metadata": {"name": "creds"}, "stringData": {"k": "v"}},
                        line=9, form="yaml"),
                  claim("object-kind", "Gateway", line=10, text="Routes via the Gateway API HTTPRoute."),
                  claim("component", "Flux", line=11, text="See [Getting started with Flux](https://flux.test/)")])
    assert rules_of(rep, 6) == [("phantom-resource", "error")]
    assert [l for l in (5, 7, 8, 9, 10, 11) if rules_of(rep, l)] == []


def test_image_words_in_links_are_not_images():
    from k8sfix_tui.doc.claims.prose import RE_IMAGE_BARE

    assert RE_IMAGE_BARE.search("![step](images/step-0.png)") is None
    assert RE_IMAGE_BARE.search("https://user-images.githubusercontent.com/1/2.png") is None
    assert RE_IMAGE_BARE.search("the image ghcr.io/acme/api:1.2 runs").group(1) == "ghcr.io/acme/api:1.2"


def test_discovery_skips_changelogs(tmp_path):
    from k8sfix_tui.drift.report import discover_documents

    body = "Deploy with kubectl apply; the Deployment and Service and Helm chart replicas.\n" * 3
    for rel in ("README.md", "docs/deploy.md", "CHANGELOG-v1.0.md", "changelog/chart-1.2.0.md",
                ".github/ISSUE_TEMPLATE/bug.md", "docs/changes-in-deploy.md"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(body)
    assert discover_documents(str(tmp_path)) == ["README.md", "docs/changes-in-deploy.md", "docs/deploy.md"]


def test_add_on_objects_named_in_prose():
    f = facts(deployment("guestbook-ui"), service("guestbook-ui"))
    rep = run(f, [claim("configmap", "argocd-cm", line=5, text="Register the plugin in the `argocd-cm` ConfigMap."),
                  claim("object-kind", "ConfigMap", line=5, text="Register the plugin in the `argocd-cm` ConfigMap.",
                        written="ConfigMap"),
                  claim("configmap", "guestbook-config", line=6, text="Settings live in `guestbook-config`.")])
    assert rules_of(rep, 5) == []
    assert ("value-mismatch", "error") in rules_of(rep, 6)


def test_setting_options_and_keyed_table_rows():
    f = facts(deployment("api", image="ghcr.io/acme/api:3.0"))
    row = "| server.extensions.image.tag | string | `\"v1.0.1\"` | Tag of the extension installer image |"
    rep = run(f, [claim("object-kind", "ClusterIssuer", line=5, written="ClusterIssuer",
                        text="| issuer.kind | string | `\"\"` | Issuer kind. Either `Issuer` or `ClusterIssuer` |"),
                  claim("object-kind", "ClusterIssuer", line=6, written="ClusterIssuer",
                        text="Certificates come from the `letsencrypt` ClusterIssuer."),
                  claim("values-key", "server.extensions.image.tag", line=7, form="table", text=row),
                  claim("image-tag", "v1.0.1", subject="api", line=7, form="table", text=row),
                  claim("image-tag", "v1.0.1", subject="api", line=8, form="table", text="| api | v1.0.1 |")])
    assert rules_of(rep, 5) == [] and rules_of(rep, 6) == [("phantom-resource", "error")]
    assert ("value-mismatch", "error") not in rules_of(rep, 7) and rules_of(rep, 8) == [("value-mismatch", "error")]


def test_object_named_like_the_product_is_mentioned_by_its_name(tmp_path, capsys):
    doc = "# Web\n\nThe web app runs 2 replicas.\n\n" + "More about web below.\n" * 25
    _repo(tmp_path, doc)
    got = _check(tmp_path, capsys)
    assert not any(r == "undocumented-resource" for r, _l in got), got
