"""Regression tests for false alarms seen on a second round of public repositories (synthetic fixtures of the
same shapes, never their text). Each test also keeps a real drift of the same family reported."""

import json

import pytest

from k8sfix_tui.cli import main
from k8sfix_tui.drift.localfiles import user_named

from drift_kit import WEB_DEPLOYMENT_YAML

DEPLOY = WEB_DEPLOYMENT_YAML
INGRESS = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
    - host: web.acme.test
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
"""
FILLER = "\nfiller line\n" * 12


def _repo(tmp_path, doc: str, files: dict[str, str] | None = None, doc_name: str = "README.md"):
    (tmp_path / "k8s").mkdir(exist_ok=True)
    (tmp_path / "k8s" / "web.yaml").write_text(DEPLOY)
    for rel, text in (files or {}).items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    (tmp_path / doc_name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / doc_name).write_text(doc)


def _check(tmp_path, capsys, doc_name: str = "README.md"):
    main(["check", str(tmp_path), "--doc", doc_name, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    return {(f["rule"], f["doc"]["line"]) for f in data["findings"] if f["doc"] and f["severity"] != "info"}


def _lines(got):
    return {line for _rule, line in got}


def test_syntax_and_cluster_placeholders_are_not_drift(tmp_path, capsys):
    doc = ("# Web\n\n"
           "| Key | Description |\n|---|---|\n"                                              # 3-4
           "| `otlp.endpoint` | Format: <scheme>://<host>:<port><path>. |\n"                  # 5
           "Install with `helm install web ./chart <options>`.\n\n"                          # 6
           "```bash\nNODE_NAME=<Name of node in your cluster>\n"                             # 8-9
           "kubectl -n <pod_namespace> describe pod <pod_name>\n```\n\n"                     # 10-11
           "`TP_<NAME>_KEY` holds the key, where `<NAME>` is the upstream's name.\n\n"       # 13
           "The port defaults to `:<service.port>`.\n\n"                                     # 15
           "Translate the text in the `<target>` element.\n\n"                               # 17
           "The app runs in namespace `<your-namespace>`.\n" + FILLER)                       # 19
    _repo(tmp_path, doc)
    got = _check(tmp_path, capsys)
    assert not _lines(got) & {5, 6, 9, 10, 13, 15, 17}, got
    assert ("placeholder", 19) in got, got


def test_example_hosts_credentials_and_helper_images(tmp_path, capsys):
    doc = ("# Web\n\n```yaml\n"
           "database:\n  connectAddr: \"mysql.example.com:3306\"\n"                          # 4-5
           "  password: your_password\n"                                                     # 6
           "  apiToken: changeme\n"                                                          # 7
           "imagePullSecrets:\n  - name: my-registry-secret\n"                               # 8-9
           "initContainers:\n  - name: wait\n    image: busybox:latest\n"                    # 10-12
           "```\n\nThe web image is `ghcr.io/acme/web:latest`.\n" + FILLER)                  # 15
    _repo(tmp_path, doc)
    got = _check(tmp_path, capsys)
    assert not _lines(got) & {5, 6, 7, 9, 12}, got
    assert ("placeholder", 15) in got or ("value-mismatch", 15) in got, got  # the repo's own image still counts


def test_example_host_still_reported_when_the_repository_has_hosts(tmp_path, capsys):
    doc = "# Web\n\nOpen https://web.example.com/ in a browser.\n" + FILLER
    _repo(tmp_path, doc, {"k8s/ingress.yaml": INGRESS})
    got = _check(tmp_path, capsys)
    assert ("placeholder", 3) in got, got


def test_published_charts_reader_values_and_foreign_links_are_not_paths(tmp_path, capsys):
    doc = ("# Web\n\nAdd the repository: `helm repo add acme https://charts.acme.test`.\n\n"       # 3
           "```bash\nhelm install web acme/web\n"                                              # 5-6
           "helm install -f myvalues.yaml web acme/web\n"                                       # 7
           "helm install --repo https://charts.acme.test -f mysql.values.yaml web web\n"        # 8
           "helm upgrade web acme/web -f web-values.yaml\n```\n\n"                              # 9
           "See [docs/design.md](https://github.com/other/project/tree/main/docs/design.md).\n\n"  # 12
           "Releases are built by [prow.k8s.io](prow.k8s.io).\n\n"                              # 14
           "Fields set in `.Values.env` are merged.\n\n"                                        # 16
           "Run `helm unittest -f 'tests/TESTNAME_test.yaml' chart`.\n\n"                       # 18
           "Apply `kubectl apply -f k8s/missing.yaml`.\n" + FILLER)                              # 20
    _repo(tmp_path, doc, {"chart/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
                          "chart/values.yaml": "replicas: 2\n", "chart/templates/d.yaml": DEPLOY})
    got = _check(tmp_path, capsys)
    assert not _lines(got) & {6, 7, 8, 9, 12, 14, 16, 18}, got
    assert ("wrong-path", 20) in got or ("wrong-command", 20) in got, got


def test_path_relative_to_a_directory_the_document_names(tmp_path, capsys):
    doc = ("# Web\n\nTranslations live in `web/i18n/`.\n\n"                                    # 3
           "Edit `i18n/ja/messages.xlf` and then `i18n/conf.json`.\n\n"                         # 5
           "Then edit `i18n/fr/messages.xlf`.\n" + FILLER)                                     # 7
    _repo(tmp_path, doc, {"web/i18n/ja/messages.xlf": "<x/>\n", "web/i18n/conf.json": "{}\n"})
    got = _check(tmp_path, capsys)
    assert 5 not in _lines(got), got
    assert ("wrong-path", 7) in got, got


def test_user_named_files_without_separator():
    assert user_named("myvalues.yaml") and user_named("myconf.yaml") and user_named("yourconfig.yml")
    assert not user_named("mysql.yaml") and not user_named("values.yaml") and not user_named("mystery.yaml")


@pytest.mark.parametrize("line", [
    "### Admin tools and namespace creation",
    "- **Namespace**: optional namespace name",
    "* namespace switcher on the main bar",
])
def test_plain_words_after_namespace_are_not_namespaces(tmp_path, capsys, line):
    doc = f"# Web\n\nDeploy with `kubectl apply -f k8s/web.yaml`.\n\n{line}\n\nUse namespace `shopp`.\n" + FILLER
    _repo(tmp_path, doc)
    got = _check(tmp_path, capsys)
    assert 5 not in _lines(got), got
    assert ("value-mismatch", 7) in got, got


CHART = {
    "chart/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
    "chart/values.yaml": ("replicas: 2\nimage:\n  repository: ghcr.io/acme/web\n  tag: \"1.0\"\n"
                          "affinity: |\n  podAntiAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution: []\n"
                          "proxy:\n  config: |\n    backend: 127.0.0.1:3200\n"),
    "chart/templates/deploy.yaml": DEPLOY.replace("replicas: 2", "replicas: {{ .Values.replicas }}")
                                         .replace(", namespace: shop", ""),
}


def _chart_repo(tmp_path, doc: str, doc_name: str = "README.md"):
    (tmp_path / doc_name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / doc_name).write_text(doc)
    for rel, text in CHART.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


def test_kind_mentions_as_concepts_are_not_phantoms(tmp_path, capsys):
    doc = ("# Web\n\nThis ensures the CRDs are registered before any custom resource is applied.\n\n"    # 3
           "The operator can configure network policies, sharding and scaling.\n\n"                       # 5
           "This example needs a token in a `Secret` and a working `StorageClass`.\n\n"                  # 7
           "When KEDA brings its own `ScaledObject`, the chart leaves replicas alone.\n\n"               # 9
           "| Key | Description |\n|---|---|\n| `replicas` | Replicas (e.g. when using VPA, leave unset) |\n\n"  # 13
           "A ServiceMonitor scrapes the web pods.\n" + FILLER)                                           # 15
    _repo(tmp_path, doc)
    got = _check(tmp_path, capsys)
    assert not _lines(got) & {3, 5, 7, 9, 13}, got
    assert ("phantom-resource", 15) in got, got


WHOAMI = """```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: whoami
spec:
  selector: {matchLabels: {app: whoami}}
  template:
    metadata: {labels: {app: whoami}}
    spec:
      containers:
        - name: whoami
          image: traefik/whoami:v1.10
---
apiVersion: v1
kind: Service
metadata:
  name: whoami
spec:
  ports: [{port: 80}]
```
"""
SA = """```yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: admin-user
```
"""
ISSUER = """```yaml
apiVersion: cert-manager.io/v1
kind: Issuer
metadata:
  name: selfsigned
spec:
  selfSigned: {}
```
"""
STALE = """```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-old
spec:
  template:
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1.0
```
"""


def test_reader_objects_in_yaml_blocks_are_not_phantoms(tmp_path, capsys):
    doc = ("# Web\n\n## Try it\n\nA demo app next to the chart:\n\n" + WHOAMI                     # 7..28
           + "\n## Creating a sample user\n\nThe account:\n\n" + SA                                # 33..38
           + "\n## TLS\n\nThe self-signed issuer:\n\n" + ISSUER                   # 43..50
           + "\n## Deployment\n\nThe chart renders:\n\n" + STALE + FILLER)                         # 55..
    _chart_repo(tmp_path, doc)
    got = _check(tmp_path, capsys)
    text = doc.splitlines()
    stale_line = next(i for i, line in enumerate(text, 1) if "apiVersion: apps/v1" in line and i > 50)
    assert not [r for r in got if r[0] == "phantom-resource" and r[1] < stale_line - 1], got
    assert any(r[0] == "phantom-resource" and abs(r[1] - stale_line) <= 1 for r in got), got


def test_helm_docs_table_descriptions_of_multiline_defaults(tmp_path, capsys):
    doc = ("# Web\n\n## Values\n\n| Key | Type | Default | Description |\n|---|---|---|---|\n"
           "| affinity | string | Hard node anti-affinity | Affinity, passed through `tpl` |\n"          # 7
           "| proxy.config | string | `\"backend: 127.0.0.1:3200\\n\"` | Proxy config |\n"              # 8
           "| image.tag | string | `\"2.0\"` | Image tag |\n" + FILLER)                                     # 9
    _chart_repo(tmp_path, doc, "chart/README.md")
    got = _check(tmp_path, capsys, "chart/README.md")
    assert not _lines(got) & {7, 8}, got
    assert ("value-mismatch", 9) in got, got


def test_uppercase_namespace_variables_and_chart_placeholders(tmp_path, capsys):
    doc = ("# Web\n\n```bash\nkubectl delete deployment web -n LOKI_NAMESPACE --cascade=orphan\n"           # 4
           "kubectl label pod -n <namespace> -l app.kubernetes.io/instance=<release-name> x=<component>\n"   # 5
           "kubectl delete statefulset web\n```\n" + FILLER)                                                 # 6
    _chart_repo(tmp_path, doc)
    got = _check(tmp_path, capsys)
    assert not _lines(got) & {4, 5}, got
    assert ("value-mismatch", 6) in got, got  # the wrong kind on the next line is still reported


def test_reader_values_illustrations_and_vendored_docs(tmp_path, capsys):
    doc = ("# Web\n\n- [Decrypt without your cluster?](#can-i-decrypt-without-your-cluster)\n\n"       # 3
           "```bash\ngcloud config set compute/zone your-zone-or-region\n"                            # 6
           "USER_EMAIL={{your-email}}\n"                                                               # 7
           "web --namespaces=<ns1>,<ns2>\n```\n\n"                                                    # 8
           "Users may read a secret called `foo` in a namespace.\n\n"                                 # 11
           "The key comes from the `cloud`/`api-key` Secret.\n\n"                                      # 13
           "Given a file named `sealed.yaml` containing the secret, run the check.\n\n"               # 15
           "```bash\nkubeseal -f mysecret.json -w mysealedsecret.json\nkubectl create -f mysealedsecret.json\n```\n\n"  # 18-19
           "Clone `your-org/web`; the `web` Deployment reads the `web-creds` Secret.\n" + FILLER)     # 22
    _repo(tmp_path, doc, {"vendor_lib/kube/README.md": "# lib\n\nThe `lib/` folder holds a Deployment, a Service and kubectl helpers.\n"})
    got = _check(tmp_path, capsys)
    assert not _lines(got) & {3, 6, 7, 8, 11, 13, 15, 18, 19}, got
    assert ("placeholder", 22) in got and ("value-mismatch", 22) in got, got
    main(["check", str(tmp_path), "--format", "json"])
    docs = json.loads(capsys.readouterr().out)["docs"]
    assert "README.md" in docs and not any(d.startswith("vendor_lib/") for d in docs), docs


def test_release_of_another_chart_and_my_release(tmp_path, capsys):
    doc = ("# Proxy\n\nTo install the chart with the release name `my-release`:\n\n"                 # 3
           "```bash\nhelm install proxy ./chart\nhelm install webapp ./chart\n```\n" + FILLER)        # 6-7
    _chart_repo(tmp_path, doc)
    (tmp_path / "Makefile").write_text("deps:\n\thelm install cert-manager jetstack/cert-manager\n"
                                       "web:\n\thelm install proxy ./chart\n")
    got = _check(tmp_path, capsys)
    assert not _lines(got) & {3, 6}, got
    assert ("wrong-command", 7) in got or ("value-mismatch", 7) in got, got


def test_paths_of_other_repositories_and_repeated_layouts(tmp_path, capsys):
    doc = ("# Web\n\nRun the `\"db/mysql/{schema,data}.sql\"` scripts of each service.\n\n"            # 3
           "Set it in the `application.yml` of the [Configuration repository].\n\n"                   # 5
           "Write it in `web/docs/design/` as a proposal.\n\n"                                        # 7
           "A list of resources and a short summary/\ndetails page.\n\n"                              # 9
           "Read `docs/setup.md` first.\n\n"                                                          # 12
           "[Configuration repository]: https://github.com/other/config\n" + FILLER)
    _repo(tmp_path, doc, {"svc-a/src/db/mysql/schema.sql": "-- a\n", "svc-b/src/db/mysql/schema.sql": "-- b\n",
                          "docs/design/README.md": "# design\n"})
    got = _check(tmp_path, capsys)
    assert not _lines(got) & {3, 5, 7, 9}, got
    assert ("wrong-path", 12) in got, got


def test_kind_enumerations_and_cluster_prerequisites(tmp_path, capsys):
    doc = ("# Web\n\nThe cache handles:\n\n1. Deployment\n2. PVC\n3. Service\n\n"                       # 5-7
           "Make sure you have a single `default` StorageClass in your Kubernetes cluster.\n\n"       # 9
           "Log in with `docker login <endpoint>` first.\n\n"                                         # 11
           "The web pods are protected by a PodDisruptionBudget.\n" + FILLER)                          # 13
    _repo(tmp_path, doc)
    got = _check(tmp_path, capsys)
    assert not _lines(got) & {6, 9, 11}, got
    assert ("phantom-resource", 13) in got, got


KEDA_LIKE = {
    "core/Chart.yaml": "apiVersion: v2\nname: core\nversion: 2.0.0\n",
    "core/values.yaml": "operator:\n  replicas: 1\n  # leaderElectionID: \"core.example\"\n",
    "core/templates/d.yaml": DEPLOY.replace("name: web,", "name: core,").replace(", namespace: shop", ""),
    "addon/Chart.yaml": "apiVersion: v2\nname: core-addon-http\nversion: 0.2.1\n",
    "addon/values.yaml": "scaler:\n  pendingRequests: 100\ninterceptor:\n  replicas: 2\n",
    "addon/templates/d.yaml": DEPLOY.replace("name: web,", "name: addon,").replace(", namespace: shop", ""),
}


def test_documents_inside_a_chart_folder_use_that_chart(tmp_path, capsys):
    addon = ("# HTTP add-on (core project)\n\n| Key | Type | Default | Description |\n|---|---|---|---|\n"
             "| `scaler.pendingRequests` | int | `100` | Requests reported to core |\n"                 # 5
             "| `interceptor.replicas` | int | `2` | Interceptor replicas |\n"                        # 6
             "| `interceptor.replicass` | int | `2` | typo |\n\n"                                    # 7
             "```bash\nhelm install http acme/core-addon-http --version 0.1.0\n"                      # 10
             "helm install http acme/core-addon-http --version '>=0.1.0'\n```\n" + FILLER)            # 11
    core = ("# Core\n\n| Key | Type | Default | Description |\n|---|---|---|---|\n"
            "| `operator.leaderElectionID` | string | `nil` | Lease name override |\n" + FILLER)       # 5
    files = dict(KEDA_LIKE)
    files["addon/README.md"] = addon
    files["core/README.md"] = core
    for rel, text in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    got = _check(tmp_path, capsys, "addon/README.md")
    assert not _lines(got) & {5, 6, 10, 11}, got
    assert ("value-mismatch", 7) in got, got
    got = _check(tmp_path, capsys, "core/README.md")
    assert 5 not in _lines(got), got


def test_release_of_a_command_is_compared_with_releases_of_the_same_chart(tmp_path, capsys):
    doc = "# Proxy\n\n```bash\nhelm install proxy ./chart\n```\n" + FILLER
    _chart_repo(tmp_path, doc)
    (tmp_path / "Makefile").write_text("deps:\n\thelm install cert-manager jetstack/cert-manager\n")
    got = _check(tmp_path, capsys)
    assert 4 not in _lines(got), got


def test_generated_file_named_in_running_text(tmp_path, capsys):
    doc = ("# Web\n\n```bash\nkubectl apply -f generated-cm.yaml\n```\n\n"                              # 4
           "Use `helm template --dry-run` to generate the content for the generated-cm.yaml.\n" + FILLER)
    _repo(tmp_path, doc)
    got = _check(tmp_path, capsys)
    assert 4 not in _lines(got), got


def test_quantities_registries_and_probe_options_in_prose(tmp_path, capsys):
    doc = ("# Web\n\nIt uses 1 milli core of CPU and 2 MB of memory for each node in a cluster.\n\n"        # 3
           "One cpu, in Kubernetes, is equivalent to 1 vCPU/Core.\n\n"                                   # 5
           "Images are released to `k8s.gcr.io` by the release job.\n\n"                                # 7
           "The web Deployment defaults to a `tcpSocket` readiness probe; you can opt into a gRPC probe.\n\n"  # 9
           "The web Deployment runs 5 replicas.\n" + FILLER)                                              # 11
    deploy = DEPLOY.replace("ports: [{containerPort: 8080}]", "ports: [{containerPort: 8080}], "
                            "resources: {requests: {cpu: 100m, memory: 200Mi}}, readinessProbe: {httpGet: {path: /, port: 8080}}")
    _repo(tmp_path, doc)
    (tmp_path / "k8s" / "web.yaml").write_text(deploy)
    got = _check(tmp_path, capsys)
    assert not _lines(got) & {3, 5, 7, 9}, got
    assert ("value-mismatch", 11) in got, got


def test_annotated_and_elided_yaml_excerpts_parse(tmp_path, capsys):
    doc = ("# Web\n\n```yaml\nspec:\n  containers:\n    - args:\n        - --cert-dir=/tmp // ADD THIS!\n"
           "      volumeMounts:\n        - mountPath: /ca // ADD THIS!\n          name: ca\n  volumes:\n"
           "    - configMap: // ADD THIS!\n        name: front-proxy-ca\n      name: ca\n```\n\n"
           "```yaml\nkind: Service\nmetadata:\n  name: web\n[...]\nspec:\n  type: ClusterIP\n```\n\n"
           "```yaml\nspec:\n  replicas: 2\n   selector: x\n```\n" + FILLER)
    _repo(tmp_path, doc)
    got = _check(tmp_path, capsys)
    snippets = sorted(line for rule, line in got if rule == "invalid-snippet")
    assert len(snippets) == 1 and snippets[0] > 25, got  # only the really broken third block


def test_helm_docs_cells_chart_names_and_integration_guides(tmp_path, capsys):
    values = CHART["chart/values.yaml"] + ("dashboard:\n  matchRule: PathPrefix(`/dashboard`) || PathPrefix(`/api`)\n"
                                         "persistence:\n  zones:\n    - storageClass: null\n")
    doc = ("# Web\n\n| Key | Type | Default | Description |\n|---|---|---|---|\n"
           "| dashboard.matchRule | string | `\"PathPrefix(`/dashboard`) || PathPrefix(`/api`)\"` | Rule |\n"  # 5
           "| persistence.zones[0].storageClass | string | `nil` | If defined, storageClassName: <storageClass> |\n\n"  # 6
           "| Chart | Version |\n|---|---|\n| v2 | v27 |\n\n"                                                     # 10
           "## Install with Argo Rollouts\n\nArgo Rollouts replaces the Deployment.\n\n"                         # 12-14
           "```bash\nexport NS=web\nkubectl logs $(kubectl get pods -o name -n $NS) -n $NS\n"                   # 17
           "# replace \"changeme\" password with a better one\n```\n\n"                                         # 18
           "The web chart is the `webapp` Helm chart.\n" + FILLER)                                              # 22
    _chart_repo(tmp_path, "", "chart/README.md")
    (tmp_path / "chart" / "values.yaml").write_text(values)
    (tmp_path / "chart" / "README.md").write_text(doc)
    got = _check(tmp_path, capsys, "chart/README.md")
    assert not _lines(got) & {5, 6, 10, 12, 14, 17, 18}, got
    assert ("value-mismatch", 22) in got, got


def test_suggestions_stay_in_the_same_component_and_links_stay_relative(tmp_path, capsys):
    (tmp_path / "docs" / "user").mkdir(parents=True)
    doc = ("# Web\n\n| Part | Files |\n|---|---|\n"
           "| Config | [properties](config-server/src/main/resources/application.yml) |\n"            # 5
           "| UI | [bower](web-ui/bower.json) |\n\n"                                                    # 6
           "It uses the [integration framework](../../src/backend/integration/manager.go).\n" + FILLER)  # 8
    _repo(tmp_path, doc, {"vets-service/src/main/resources/application.properties": "a=1\n",
                          "customers-service/mvnw": "#!/bin/sh\n",
                          "modules/api/pkg/integration/manager.go": "package integration\n"},
          doc_name="docs/user/guide.md")
    main(["check", str(tmp_path), "--doc", "docs/user/guide.md", "--format", "json"])
    found = {f["doc"]["line"]: f for f in json.loads(capsys.readouterr().out)["findings"]
             if f["doc"] and f["rule"] == "wrong-path"}
    assert set(found) >= {5, 6, 8}, found
    assert found[5]["actual_value"] is None and found[6]["actual_value"] is None, found
    assert found[8]["actual_value"] == "../../modules/api/pkg/integration/manager.go", found[8]


def test_tutorial_manifests_saved_by_the_reader_and_table_words(tmp_path, capsys):
    doc = ("# Web\n\nSave this manifest:\n\n```yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
           "spec:\n  ports: [{port: 80}]\n```\n\n"
           "```bash\nkubectl apply -f nginx.yaml\nkubectl apply -f k8s/nginx.yaml\n```\n\n"             # 15-16
           "| Source | Namespace |\n|---|---|\n| ingress | all |\n\n"                                       # 21
           "A page is `<html>` with a `<body>`.\n\n"                                                     # 23
           "Open https://web.example.com/ in a browser.\n" + FILLER)                                      # 25
    _repo(tmp_path, doc, {"scripts/e2e-test.sh": "echo '127.0.0.1 ko.local' | sudo tee -a /etc/hosts\n"})
    got = _check(tmp_path, capsys)
    assert not _lines(got) & {15, 21, 23, 25}, got
    assert ("wrong-path", 16) in got or ("wrong-command", 16) in got, got


def test_pointer_readme_with_front_matter_and_boilerplate_is_not_substantial(tmp_path, capsys):
    boiler = "".join(f"Contribution rule number {i}.\n" for i in range(20))
    doc = ("---\npage_type: sample\nlanguages:\n  - python\nproducts:\n  - azure\n---\n\n# Web sample\n\n"
           "See the [quick start](https://example.org/quickstart) to deploy it.\n\n## Contributing\n\n" + boiler)
    worker = {"k8s/worker.yaml": DEPLOY.replace("web", "queue-worker")}
    _repo(tmp_path, doc, worker)
    got = _check(tmp_path, capsys)
    assert not [r for r in got if r[0] == "undocumented-resource"], got
    _repo(tmp_path, doc.replace("## Contributing", "## Deploying") + "\nThe `web` runs 2 replicas.\n", worker)
    got = _check(tmp_path, capsys)
    assert any(r[0] == "undocumented-resource" for r in got), got


SVC = """apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
"""


def test_pasted_kubectl_get_svc_output_is_checked(tmp_path, capsys):
    doc = ("# Web\n\nDeploy with `kubectl apply -f k8s/`.\n\n```bash\n$ kubectl get svc -n shop\n"
           "NAME   TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)        AGE\n"
           "web    ClusterIP   10.7.250.24   <pending>     8080:32675/TCP 36s\n"                          # 8
           "```\n\n```console\n$ kubectl get svc -n shop web\n"
           "NAME   TYPE           CLUSTER-IP    EXTERNAL-IP   PORT(S)        AGE\n"
           "web    LoadBalancer   10.7.250.24   34.1.2.22     80:32675/TCP   18m\n```\n" + FILLER)        # 14
    _repo(tmp_path, doc, {"k8s/svc.yaml": SVC})
    main(["check", str(tmp_path), "--doc", "README.md", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    bad = {(f["doc"]["line"], f["field"]) for f in data["findings"] if f["doc"] and f["rule"] == "value-mismatch"}
    ok = {(f["doc"]["line"], f["field"]) for f in data["verified"] if f["doc"]}
    assert {(8, "service-type"), (8, "service-port")} <= bad, bad
    assert {(14, "service-type"), (14, "service-port")} <= ok and not {l for l, _ in bad} & {14}, (ok, bad)


def test_sample_collection_documents_are_checked_against_their_own_sample(tmp_path, capsys):
    other = DEPLOY.replace("name: web,", "name: frontend,")
    ray = DEPLOY.replace("name: web,", "name: ray-head,").replace("containerPort: 8080", "containerPort: 8265")
    doc = ("# Ray sample\n\nThe `ray-head` container listens on port 8265 (the dashboard).\n\n"             # 3
           "Then switch to overlay `dev` for testing.\n\n"                                              # 5
           "The `ray-head` container listens on port 9000 too.\n\n"                                     # 7
           "Forward the `frontend` port 8265 to open the UI.\n" + FILLER)                               # 9
    _repo(tmp_path, "# Shop\n", {"samples/shop/k8s/ui.yaml": other, "samples/ray/k8s/head.yaml": ray,
                                 "samples/ray/k8s/dev/kustomization.yaml": "resources: [../head.yaml]\n",
                                 "samples/ray/README.md": doc})
    got = _check(tmp_path, capsys, "samples/ray/README.md")
    assert not _lines(got) & {3, 5, 9}, got
    assert ("value-mismatch", 7) in got, got


def test_file_types_copyright_years_and_cluster_names(tmp_path, capsys):
    doc = ("# Web\n\n- A license header (`Copyright <year> Acme`) on every `.py`, `.tf`, `.sh` file.\n\n"    # 3
           "```bash\nexport CLUSTER_NAME=<CLUSTER_NAME>\nkubectl -n <your-namespace> get pods\n```\n" + FILLER)  # 6-7
    _repo(tmp_path, doc)
    got = _check(tmp_path, capsys)
    assert not _lines(got) & {3, 6}, got
    assert ("placeholder", 7) in got, got


def test_scripts_run_after_cd(tmp_path, capsys):
    doc = ("# App\n\n```bash\ncd app/android\n./gradlew --stop\n```\n\n"                          # 5
           "```bash\ncd tools\n./build.sh\n./missing.sh\n```\n" + FILLER)                       # 10-11
    _repo(tmp_path, doc, {"tools/build.sh": "#!/bin/sh\n"})
    (tmp_path / "tools" / "build.sh").chmod(0o755)
    got = _check(tmp_path, capsys)
    assert not _lines(got) & {5, 10}, got
    assert ("wrong-command", 11) in got, got
