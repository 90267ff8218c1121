"""Regression tests for false alarms seen on a second round of public repositories (synthetic fixtures of the
same shapes, never their text). Each test also keeps a real drift of the same family reported."""

import json

import pytest

from k8sfix_tui.cli import main
from k8sfix_tui.drift.localfiles import user_named

DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: web, image: ghcr.io/acme/web:1.0, ports: [{containerPort: 8080}]}
"""
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
