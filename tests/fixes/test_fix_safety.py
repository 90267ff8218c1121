"""Fixes never make a correct document wrong.

1. Info-level findings are notes: a value that is right for another route (an overlay renders 2
   replicas, the chart 1) is never replaced, by any generator that edits written text.
2. A wrong chart default in a parameters table edits the Default/Value cell of its row (found by
   the header), never the key cell, whatever the table's header style.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from k8sfix_tui.engine import Session
from k8sfix_tui.fixes import apply_fixes, generate_fixes
from k8sfix_tui.fixes.docview import DocView
from k8sfix_tui.fixes.generators import block, phantom, tree, value
from k8sfix_tui.fixes.generators.defaults import row_cells

from .factory import finding, make_facts

DOC = "docs/DEPLOYMENT.md"

# ---- 1. info findings -------------------------------------------------------------------------------------

DEPLOY = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: metrics-server
  namespace: kube-system
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: metrics-server}}
  template:
    metadata:
      labels: {{app: metrics-server}}
    spec:
      containers:
        - name: metrics-server
          image: registry.k8s.io/metrics-server/metrics-server:v0.7.0
          ports:
            - containerPort: 10250
"""

HA_REPO = {
    "charts/metrics-server/Chart.yaml": "apiVersion: v2\nname: metrics-server\nversion: 3.12.0\n",
    "charts/metrics-server/values.yaml": "replicas: 1\n",
    "charts/metrics-server/templates/deployment.yaml": DEPLOY.format(replicas="{{ .Values.replicas }}"),
    "manifests/base/deployment.yaml": DEPLOY.format(replicas=1),
    "manifests/base/kustomization.yaml": "resources:\n  - deployment.yaml\n",
    "manifests/overlays/release-ha/kustomization.yaml": textwrap.dedent("""\
        resources:
          - ../../base
        patches:
          - target: {kind: Deployment, name: metrics-server}
            patch: |-
              - op: replace
                path: /spec/replicas
                value: 2
        """),
    "README.md": textwrap.dedent("""\
        # Kubernetes Metrics Server

        Install it with `helm upgrade --install metrics-server charts/metrics-server`.

        ## High Availability

        The HA manifests are load balanced between the 2 instances of the `metrics-server` Deployment.

        ```bash
        kubectl apply -k manifests/overlays/release-ha
        ```
        """),
}


def _repo(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_an_overlay_value_the_chart_does_not_render_is_a_note_not_an_edit(tmp_path):
    s = Session(_repo(tmp_path, HA_REPO), docs=["README.md"])
    s.analyse()
    ha = [f for f in s.findings if f.rule == "value-mismatch" and f.doc and f.doc.line == 7]
    if not ha or ha[0].severity != "info":
        pytest.skip(f"drift no longer reports the overlay note on line 7: {[f.message for f in s.findings]}")
    assert "release-ha" in ha[0].message
    touching = [fx for fx in s.fixes if fx.start_line <= 7 <= fx.end_line]
    assert touching == [], [fx.new_text for fx in touching]
    text = s.preview("README.md", {fx.id: "accept" for fx in s.fixes})
    assert "between the 2 instances" in text


NOTE_CASES = [
    # (document, finding kwargs): each would be an edit at error level
    ("# T\n\nThe API runs 2 replicas.\n", dict(rule="value-mismatch", value="2", actual=1, field="replicas")),
    ("# T\n\nUse `-f values-ha.yaml`.\n", dict(rule="wrong-path", value="values-ha.yaml",
                                              actual="deploy/chart/values.yaml", field="path")),
    ("# T\n\nRun `make deploy-ha`.\n", dict(rule="wrong-command", value="deploy-ha", actual="deploy",
                                            field="make-target")),
    ("# T\n\nTraffic goes through an Istio VirtualService.\n",
     dict(rule="phantom-resource", value="VirtualService", actual=None, field="object-kind")),
]


@pytest.mark.parametrize("text, kw", NOTE_CASES)
def test_info_findings_never_edit_written_text(text, kw):
    line = text.split("\n")[2]
    col = line.index(kw["value"])
    common = dict(field=kw["field"], span=(col, col + len(kw["value"])), text=line, subject="Istio")
    error = finding("e", kw["rule"], 3, kw["value"], kw["actual"], **common)
    note = finding("n", kw["rule"], 3, kw["value"], kw["actual"], severity="info", **common)
    assert generate_fixes([error], make_facts(), DocView.parse(DOC, text)) != []  # the case is a real edit
    assert generate_fixes([note], make_facts(), DocView.parse(DOC, text)) == []


@pytest.mark.parametrize("module", [value, phantom, tree, block])
def test_no_editing_generator_handles_a_note(module):
    for rule, field, form in (("value-mismatch", "replicas", "prose"), ("value-mismatch", "yaml-object", "yaml"),
                              ("wrong-path", "tree", "tree"), ("phantom-resource", "object-kind", "prose")):
        f = finding("n", rule, 3, "x", "y", field=field, form=form, severity="info")
        assert not module.handles(f)


def test_an_info_value_in_a_yaml_snippet_stays():
    text = "# T\n\n```yaml\nspec:\n  replicas: 2\n```\n"
    f = finding("n", "value-mismatch", 5, "2", 1, form="yaml", span=(12, 13), severity="info")
    assert generate_fixes([f], make_facts(), DocView.parse(DOC, text)) == []


# ---- 2. chart defaults in parameter tables ---------------------------------------------------------------

TABLES = [
    # (header, separator, row, expected row): helm-docs, bitnami, classic, bold headers, plain cells
    ("| Key | Type | Default | Description |", "|-----|------|---------|-------------|",
     "| podDisruptionBudget.enabled | object | `{}` | Create a PodDisruptionBudget. |",
     "| podDisruptionBudget.enabled | object | `false` | Create a PodDisruptionBudget. |"),
    ("| Name | Description | Value |", "| ---- | ----------- | ----- |",
     "| `podDisruptionBudget.enabled` | Create a PodDisruptionBudget | `{}` |",
     "| `podDisruptionBudget.enabled` | Create a PodDisruptionBudget | `false` |"),
    ("| Parameter | Description | Default value |", "|---|---|---|",
     "| `podDisruptionBudget.enabled` | Create a PDB (`a|b` style) | {} |",
     "| `podDisruptionBudget.enabled` | Create a PDB (`a|b` style) | false |"),
    ("| **Parameter** | **Default** | **Description** |", "|:--|:--|:--|",
     "| podDisruptionBudget.enabled | `{}` | Create a PDB. |",
     "| podDisruptionBudget.enabled | `false` | Create a PDB. |"),
    ("Key | Default", "--- | ---", "podDisruptionBudget.enabled | {}", "podDisruptionBudget.enabled | false"),
]


@pytest.mark.parametrize("header, sep, row, expected", TABLES)
def test_a_wrong_default_edits_the_default_cell_not_the_key(header, sep, row, expected):
    text = f"# chart\n\n## Values\n\n{header}\n{sep}\n{row}\n"
    key = "podDisruptionBudget.enabled"
    col = row.index(key)
    f = finding("d", "value-mismatch", 7, key, False, field="values-key", form="table", span=(col, col + len(key)),
                extra={"header": "Key", "value": "{}"}, text=row, path="charts/shop/README.md")
    f.doc_value = f"{key}={{}}"
    fixes = generate_fixes([f], make_facts(), DocView.parse("charts/shop/README.md", text))
    assert len(fixes) == 1 and fixes[0].kind == "replace-value"
    assert apply_fixes(text, fixes).split("\n")[6] == expected


def test_a_string_default_keeps_its_quotes_and_a_missing_default_column_means_no_edit():
    text = "# c\n\n| Key | Type | Default |\n|--|--|--|\n| image.tag | string | `\"v0.6.0\"` |\n"
    f = finding("d", "value-mismatch", 5, "image.tag", "v0.7.0", field="values-key", form="table",
                extra={"value": "v0.6.0"}, text="", path="charts/shop/README.md")
    f.doc_value = "image.tag=v0.6.0"
    fixes = generate_fixes([f], make_facts(), DocView.parse("charts/shop/README.md", text))
    assert apply_fixes(text, fixes).split("\n")[4] == '| image.tag | string | `"v0.7.0"` |'
    text = "# c\n\n| Key | Description |\n|--|--|\n| image.tag | the tag, v0.6.0 |\n"
    assert generate_fixes([f], make_facts(), DocView.parse("charts/shop/README.md", text)) == []


def test_a_wrong_default_in_prose_edits_the_value_after_the_key():
    line = "`podDisruptionBudget.enabled` defaults to `true`."
    text = f"# c\n\n{line}\n"
    f = finding("d", "value-mismatch", 3, "podDisruptionBudget.enabled", False, field="values-key",
                extra={"value": "true"}, text=line, span=(1, 28))
    f.doc_value = "podDisruptionBudget.enabled=true"
    fixes = generate_fixes([f], make_facts(), DocView.parse(DOC, text))
    assert apply_fixes(text, fixes).split("\n")[2] == "`podDisruptionBudget.enabled` defaults to `false`."


@pytest.mark.parametrize("actual", [False, True, 3, None])
def test_a_scalar_value_never_replaces_a_key(actual):
    line = "Set `api.replicaCount` in values.yaml."
    text = f"# c\n\n{line}\n"
    f = finding("k", "value-mismatch", 3, "api.replicaCount", actual, field="values-key", text=line,
                span=(5, 21))
    assert generate_fixes([f], make_facts(), DocView.parse(DOC, text)) == []


@pytest.mark.parametrize("row, cells", [
    ("| a | b |", ["a", "b"]),
    ("a | b", ["a", "b"]),
    ("| `x|y` | b \\| c |", ["`x|y`", "b \\| c"]),
    ("| a | |", ["a", ""]),
])
def test_row_cells(row, cells):
    assert [row[s:e] for s, e in row_cells(row)] == cells


def test_a_snippet_holding_a_noted_value_is_not_replaced_by_the_primary_object():
    text = ("# T\n\n```yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop-api\nspec:\n"
            "  replicas: 4\n  template:\n    spec:\n      containers:\n        - name: api\n"
            "          image: ghcr.io/acme/shop-api:1.4.0\n```\n")
    whole = finding("y", "value-mismatch", 4, {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "shop-api"},
        "spec": {"replicas": 4, "template": {"spec": {"containers": [
            {"name": "api", "image": "ghcr.io/acme/shop-api:1.4.0"}]}}}},
        None, field="yaml-object", form="yaml", end_line=14)
    assert [fx.kind for fx in generate_fixes([whole], make_facts(), DocView.parse(DOC, text))] == ["replace-block"]
    note = finding("n", "value-mismatch", 9, "4", 3, form="yaml", span=(12, 13), severity="info")
    fixes = generate_fixes([whole, note], make_facts(), DocView.parse(DOC, text))
    assert "  replicas: 4" in apply_fixes(text, fixes)


CHART_README = """\
# metrics-server

## Values

| Key | Type | Default | Description |
|-----|------|---------|-------------|
| podDisruptionBudget.enabled | object | `{}` | Create a PodDisruptionBudget. |
| replicas | int | `1` | Number of replicas. |
"""


def test_a_chart_readme_default_is_fixed_in_its_cell_and_the_row_survives_the_second_round(tmp_path):
    files = {k: v for k, v in HA_REPO.items() if k != "README.md"}
    files["charts/metrics-server/values.yaml"] = "replicas: 1\npodDisruptionBudget:\n  enabled: false\n"
    files["charts/metrics-server/README.md"] = CHART_README
    repo = _repo(tmp_path, files)
    doc = "charts/metrics-server/README.md"
    s = Session(repo, docs=[doc])
    s.analyse()
    s.apply({fx.id: "accept" for fx in s.fixes})
    text = (repo / doc).read_text(encoding="utf-8")
    assert "| podDisruptionBudget.enabled | object | `false` | Create a PodDisruptionBudget. |" in text, text
    again = Session(repo, docs=[doc])
    again.analyse()
    assert [fx for fx in again.fixes if fx.kind == "remove"] == []  # a real parameter's row is never removed


def test_a_remark_after_the_default_is_kept():
    text = "# c\n\n| Name | Description | Value |\n|--|--|--|\n| `tls.enabled` | TLS | `true` (only with ingress) |\n"
    f = finding("d", "value-mismatch", 5, "tls.enabled", False, field="values-key", form="table",
                extra={"value": "`true` (only with ingress)"}, text="", path="charts/shop/README.md")
    f.doc_value = "tls.enabled=true"
    fixes = generate_fixes([f], make_facts(), DocView.parse("charts/shop/README.md", text))
    assert apply_fixes(text, fixes).split("\n")[4] == "| `tls.enabled` | TLS | `false` (only with ingress) |"
