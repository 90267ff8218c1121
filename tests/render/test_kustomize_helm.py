"""helmCharts in kustomizations, inflated with k8sfix's Helm renderer.

The GOLDEN table reproduces tests of kustomize itself (kubernetes-sigs/kustomize,
api/krusty/helmchartinflationgenerator_test.go and
plugin/builtin/helmchartinflationgenerator/HelmChartInflationGenerator_test.go): same charts
(tests/data/kustomize_helm/kustomize_charts, copied from kustomize's testdata), same kustomization,
expected output copied verbatim from those tests (produced by kustomize + real helm in their CI).
The webapp fixtures (tests/data/kustomize_helm/webapp) are ours; their expectations are reasoned
from kustomize's source (see the fixture README)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from k8sfix_tui.errors import RenderError
from k8sfix_tui.render.kustomize import build
from k8sfix_tui.render.kustomize_helm import merge_values
from k8sfix_tui.render.kustomize_yaml import parse_documents

DATA = Path(__file__).parent.parent / "data" / "kustomize_helm"
KCHARTS = DATA / "kustomize_charts"
WEBAPP = DATA / "webapp"

SERVICE_CHART = {
    "Chart.yaml": "apiVersion: v2\nname: service\ntype: application\nversion: 1.0.0\n",
    "values.yaml": "",
    "templates/service.yaml": textwrap.dedent(
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: test-service
          namespace: {{ .Release.Namespace }}
          annotations:
            helm-namespace: {{ .Release.Namespace }}
        """
    ),
}
SERVICE_OUT = """apiVersion: v1
kind: Service
metadata:
  annotations:
    helm-namespace: {ns}
  name: {prefix}test-service
  namespace: {ns}
"""

# (id, {dir: kustomization}, directory to build, expected output)
GOLDEN = [
    (
        "MultipleValuesFiles",
        {".": """
helmCharts:
  - name: test-chart
    releaseName: test-chart
    additionalValuesFiles:
    - charts/valuesFiles/file1.yaml
    - charts/valuesFiles/file2.yaml
"""},
        ".",
        """apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    chart: test-1.0.0
  name: my-deploy
  namespace: file-2
spec:
  replicas: 1
  selector:
    matchLabels:
      app: test
  template:
    spec:
      containers:
      - image: test-image-file1:file1
        imagePullPolicy: Never
---
apiVersion: apps/v1
kind: Pod
metadata:
  annotations:
    helm.sh/hook: test
  name: test-chart
""",
    ),
    (
        "ApiVersions",
        {".": """
helmCharts:
  - name: test-chart
    releaseName: test-chart
    apiVersions:
    - foo/v1
"""},
        ".",
        """apiVersion: foo/v1
kind: Deployment
metadata:
  labels:
    chart: test-1.0.0
  name: my-deploy
  namespace: default
spec:
  replicas: 1
  selector:
    matchLabels:
      app: test
  template:
    spec:
      containers:
      - image: test-image:v1.0.0
        imagePullPolicy: Always
---
apiVersion: foo/v1
kind: Pod
metadata:
  annotations:
    helm.sh/hook: test
  name: test-chart
""",
    ),
    (
        "SkipTests",
        {".": """
helmCharts:
  - name: test-chart
    releaseName: test-chart
    skipTests: true
"""},
        ".",
        """apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    chart: test-1.0.0
  name: my-deploy
  namespace: default
spec:
  replicas: 1
  selector:
    matchLabels:
      app: test
  template:
    spec:
      containers:
      - image: test-image:v1.0.0
        imagePullPolicy: Always
""",
    ),
    (
        "NameTemplate",
        {".": """
helmCharts:
  - name: test-chart
    nameTemplate: name-template
"""},
        ".",
        """apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    chart: test-1.0.0
  name: my-deploy
  namespace: default
spec:
  replicas: 1
  selector:
    matchLabels:
      app: test
  template:
    spec:
      containers:
      - image: test-image:v1.0.0
        imagePullPolicy: Always
---
apiVersion: apps/v1
kind: Pod
metadata:
  annotations:
    helm.sh/hook: test
  name: name-template
""",
    ),
    (
        "NamespacePropagation",
        {".": """
helmGlobals:
  chartHome: ./charts
namespace: the-actual-namespace
helmCharts:
  - name: service
    releaseName: service
"""},
        ".",
        SERVICE_OUT.format(ns="the-actual-namespace", prefix=""),
    ),
    (
        "DifferentNamespaces",
        {".": """
helmGlobals:
  chartHome: ./charts
namespace: transformer-ns
helmCharts:
  - name: service
    releaseName: service
    namespace: helm-ns
"""},
        ".",
        SERVICE_OUT.format(ns="helm-ns", prefix=""),
    ),
    (
        "NamespacePropagationViaResources",
        {
            "base": """
helmGlobals:
  chartHome: ./charts
helmCharts:
  - name: service
    releaseName: service
""",
            "overlay": """
namespace: production
resources:
  - ../base
""",
        },
        "overlay",
        SERVICE_OUT.format(ns="production", prefix=""),
    ),
    (
        "NamespacePropagationViaResourcesThreeLevels",
        {
            "base": """
helmGlobals:
  chartHome: ./charts
helmCharts:
  - name: service
    releaseName: service
""",
            "mid": """
namePrefix: mid-
resources:
  - ../base
""",
            "overlay": """
namespace: production
resources:
  - ../mid
""",
        },
        "overlay",
        SERVICE_OUT.format(ns="production", prefix="mid-"),
    ),
    (
        "ValuesOverride",
        {".": """
generators:
- |-
  apiVersion: builtin
  kind: HelmChartInflationGenerator
  metadata:
    name: values-merge
  name: values-merge
  releaseName: values-merge
  valuesMerge: override
  valuesInline:
    a: 4
    c: 3
    list:
    - c
    map:
      a: 7
      c: 6
"""},
        ".",
        """apiVersion: test.kustomize.io/v1
kind: ValuesMergeTest
metadata:
  name: values-merge
obj:
  a: 4
  b: 2
  c: 3
  list:
  - c
  map:
    a: 7
    b: 5
    c: 6
""",
    ),
    (
        "ValuesMerge",
        {".": """
helmCharts:
- name: values-merge
  releaseName: values-merge
  valuesMerge: merge
  valuesInline:
    a: 4
    c: 3
    list:
    - c
    map:
      a: 7
      c: 6
"""},
        ".",
        """apiVersion: test.kustomize.io/v1
kind: ValuesMergeTest
metadata:
  name: values-merge
obj:
  a: 1
  b: 2
  c: 3
  list:
  - a
  - b
  map:
    a: 4
    b: 5
    c: 6
""",
    ),
    (
        "ValuesReplace",
        {".": """
helmCharts:
- name: values-merge
  releaseName: values-merge
  valuesMerge: replace
  valuesFile: replacedValues.yaml
  valuesInline:
    a: 1
    b: 2
    list:
    - c
    map:
      a: 4
      b: 5
"""},
        ".",
        """apiVersion: test.kustomize.io/v1
kind: ValuesMergeTest
metadata:
  name: values-merge
obj:
  a: 1
  b: 2
  c: null
  list:
  - c
  map:
    a: 4
    b: 5
    c: null
""",
    ),
    (
        "Issue4905",
        {".": """
helmGlobals:
  chartHome: ./charts
helmCharts:
- name: issue4905
  releaseName: issue4905
  valuesInline:
    config:
      item1: 1
      item2: 2
"""},
        ".",
        """apiVersion: v1
data:
  config.yaml: |-
    item1: 1
    item2: 2
kind: ConfigMap
metadata:
  name: issue4905
""",
    ),
]


def _write_tree(tmp: Path, kusts: dict[str, str]) -> None:
    for rel, text in kusts.items():
        d = tmp / rel
        d.mkdir(parents=True, exist_ok=True)
        (d / "kustomization.yaml").write_text(textwrap.dedent(text).lstrip())
        if "helm" in text or "Helm" in text:
            shutil.copytree(KCHARTS, d / "charts", dirs_exist_ok=True)
            for name, body in SERVICE_CHART.items():
                (d / "charts" / "service" / name).parent.mkdir(parents=True, exist_ok=True)
                (d / "charts" / "service" / name).write_text(body)
    (tmp / "replacedValues.yaml").write_text("  a: 7\n  b: 7\n  c: 7\n  list:\n  - g\n  map:\n    a: 7\n    b: 7\n    c: 7\n  ")


@pytest.mark.parametrize("case", GOLDEN, ids=[c[0] for c in GOLDEN])
def test_matches_kustomize_goldens(case, tmp_path: Path) -> None:
    _name, kusts, target, expected = case
    _write_tree(tmp_path, kusts)
    result = build(tmp_path / target, renderer="embedded", repo_root=tmp_path)
    assert result.errors == []
    assert result.text == expected


# -- our own fixtures: tests/data/kustomize_helm/webapp -----------------------------------------


def _build(name: str, **kw):
    return build(WEBAPP / name, renderer="embedded", repo_root=WEBAPP, **kw)


def _by_kind(result) -> dict[str, tuple[dict, object, dict]]:
    return {o["kind"]: (o, s, fl) for o, s, fl in zip(result.objects, result.sources, result.field_lines)}


@pytest.mark.parametrize("name", ["base", "overlay"])
def test_webapp_expected_output(name: str) -> None:
    result = _build(name)
    assert result.text == (WEBAPP / name / "expected.yaml").read_text()
    assert result.warnings == [] and result.errors == []
    assert result.helm_charts == 1


# (kind, field, base value, overlay value): values inline/patch/images/prefix/namespace on top of the chart
VALUES = [
    ("Deployment", ("spec", "replicas"), 3, 5),  # valuesInline, then a json patch in the overlay
    ("Deployment", ("spec", "template", "spec", "containers", 0, "image"),
     "ghcr.io/example/webapp:2.0.1", "ghcr.io/example/webapp:2.0.2"),  # valuesInline tag, then images:
    ("Deployment", ("metadata", "name"), "shop-webapp", "prod-shop-webapp"),  # releaseName, namePrefix
    ("Service", ("metadata", "namespace"), "default", "prod"),  # .Release.Namespace from the overlay
    ("Deployment", ("metadata", "namespace"), None, None),  # helm objects: no namespace transformer (5.8)
    ("ConfigMap", ("metadata", "namespace"), None, "prod"),  # a plain resource: namespace transformer
    ("CustomResourceDefinition", ("metadata", "name"), "widgets.example.com", "widgets.example.com"),
]


def _get(obj, path):
    for step in path:
        if isinstance(step, int):
            obj = obj[step] if isinstance(obj, list) and step < len(obj) else None
        else:
            obj = obj.get(step) if isinstance(obj, dict) else None
    return obj


@pytest.mark.parametrize("kind,path,base,overlay", VALUES)
def test_webapp_values(kind, path, base, overlay) -> None:
    assert _get(_by_kind(_build("base"))[kind][0], path) == base
    assert _get(_by_kind(_build("overlay"))[kind][0], path) == overlay


def test_sources_point_at_chart_templates() -> None:
    kinds = _by_kind(_build("overlay"))
    assert str(kinds["Deployment"][1]) == "base/charts/webapp/templates/deployment.yaml:1"
    assert str(kinds["Service"][1]) == "base/charts/webapp/templates/service.yaml:1"
    assert str(kinds["CustomResourceDefinition"][1]) == "base/charts/webapp/crds/widgets.yaml:1"
    assert str(kinds["ConfigMap"][1]) == "base/config.yaml:1"
    assert "Pod" not in kinds  # skipTests


def test_field_lines_survive_only_where_unchanged() -> None:
    base = _by_kind(_build("base"))["Deployment"][2]
    over = _by_kind(_build("overlay"))["Deployment"][2]
    assert base["spec.replicas"] == 8 and base["metadata.name"] == 4
    assert base["spec.template.spec.containers[0].imagePullPolicy"] == 20
    assert "spec.replicas" not in over and "metadata.name" not in over  # patched, prefixed
    assert "spec.template.spec.containers[0].image" not in over  # images:
    assert over["spec.template.spec.containers[0].imagePullPolicy"] == 20
    assert over["metadata.labels.app.kubernetes.io/name"] == 6


def test_remote_only_chart_warns_and_continues() -> None:
    result = _build("remote")
    assert [o["metadata"]["name"] for o in result.objects] == ["shop-settings"]
    assert result.errors == []
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("remote/kustomization.yaml:2: helm chart 'ingress-nginx' 4.11.3 from ")
    assert "remote/charts/ingress-nginx-4.11.3/ingress-nginx" in result.warnings[0]


def test_missing_chart_is_a_one_line_error_with_location() -> None:
    result = _build("missing")
    assert [o["metadata"]["name"] for o in result.objects] == ["shop-settings"]
    assert len(result.errors) == 1
    err = result.errors[0]
    assert err.location == "missing/kustomization.yaml:4"
    assert "no chart found at 'missing/charts/nothere'" in err.message and "\n" not in err.message


def test_chart_render_error_leaves_the_rest() -> None:
    result = _build("broken")
    assert sorted(o["metadata"]["name"] for o in result.objects) == ["good-sa", "shop-settings"]
    assert len(result.errors) == 1
    assert result.errors[0].location == "broken/charts/broken/templates/cm.yaml:6"
    assert "db.host is required" in result.errors[0].message


# -- behaviour table: (id, kustomization, chart files, expected names/values or error substring) ----

CHART = {
    "Chart.yaml": "apiVersion: v2\nname: app\nversion: 1.2.3\n",
    "values.yaml": "replicas: 1\nname: base\nnested:\n  keep: k\n  drop: d\n",
    "templates/cm.yaml": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-{{ .Values.name }}\n"
        "data:\n  replicas: {{ .Values.replicas | quote }}\n  keep: {{ .Values.nested.keep | quote }}\n"
        "  drop: {{ .Values.nested.drop | default \"none\" | quote }}\n  ns: {{ .Release.Namespace }}\n"
    ),
}

BEHAVIOUR = [
    ("default-release-name", "helmCharts:\n- name: app\n", {"metadata.name": "app-base", "data.ns": "default"}),
    ("inline-null-deletes", "helmCharts:\n- name: app\n  releaseName: r\n  valuesMerge: replace\n"
     "  valuesInline:\n    nested:\n      drop: null\n", {"data.drop": "none", "data.keep": "k"}),
    ("versioned-home", "helmCharts:\n- name: app\n  version: 1.2.3\n  repo: https://example.com/charts\n"
     "  releaseName: v\n", {"metadata.name": "v-base"}),
    ("chart-home", "helmGlobals:\n  chartHome: vendor\nhelmCharts:\n- name: app\n  releaseName: h\n",
     {"metadata.name": "h-base"}),
    ("values-file", "helmCharts:\n- name: app\n  releaseName: f\n  valuesFile: my-values.yaml\n"
     "  valuesInline:\n    replicas: 7\n", {"metadata.name": "f-mine", "data.replicas": "7"}),
    ("legacy-field", "helmChartInflationGenerator:\n- chartName: app\n  releaseName: old\n"
     "  valuesLocal:\n    replicas: 2\n", {"metadata.name": "old-base", "data.replicas": "2"}),
    ("case-insensitive", "helmcharts:\n- Name: app\n  ReleaseName: ci\n", {"metadata.name": "ci-base"}),
    ("bad-merge-mode", "helmCharts:\n- name: app\n  releaseName: x\n  valuesMerge: deep\n"
     "  valuesInline:\n    a: 1\n", "valuesMerge must be one of"),
    ("both-names", "helmCharts:\n- name: app\n  releaseName: x\n  nameTemplate: y\n",
     "cannot use --name-template and also specify a name"),
    ("no-name", "helmCharts:\n- releaseName: x\n", "chart name cannot be empty"),
    ("bad-kube-version", "helmCharts:\n- name: app\n  releaseName: x\n  kubeVersion: banana\n", "banana"),
]


def _chart_tree(tmp: Path, kust: str) -> None:
    (tmp / "kustomization.yaml").write_text(kust)
    for home in ("charts/app", "charts/app-1.2.3/app", "vendor/app"):
        for name, body in CHART.items():
            (tmp / home / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp / home / name).write_text(body)
    (tmp / "my-values.yaml").write_text("name: mine\n")


def _dotted(obj, path):
    for step in path.split("."):
        obj = obj.get(step) if isinstance(obj, dict) else None
    return obj


@pytest.mark.parametrize("case", BEHAVIOUR, ids=[c[0] for c in BEHAVIOUR])
def test_behaviour(case, tmp_path: Path) -> None:
    _id, kust, want = case
    _chart_tree(tmp_path, kust)
    result = build(tmp_path, renderer="embedded", repo_root=tmp_path)
    if isinstance(want, str):
        assert result.objects == []
        assert len(result.errors) == 1 and want in result.errors[0].message
        assert result.errors[0].location.startswith("kustomization.yaml")
        return
    assert result.errors == [] and len(result.objects) == 1
    for path, value in want.items():
        assert _dotted(result.objects[0], path) == value, path


def test_default_release_name_is_warned(tmp_path: Path) -> None:
    _chart_tree(tmp_path, "helmCharts:\n- name: app\n")
    result = build(tmp_path, renderer="embedded", repo_root=tmp_path)
    assert any("--generate-name" in w for w in result.warnings)


def test_chart_home_outside_the_repository_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    _chart_tree(tmp_path, "")
    (root / "kustomization.yaml").write_text("helmGlobals:\n  chartHome: ../charts\nhelmCharts:\n- name: app\n")
    with pytest.raises(RenderError, match="leaves the repository root"):
        build(root, renderer="embedded", repo_root=root)


def test_chart_values_outside_the_kustomization_need_load_restrictor_none(tmp_path: Path) -> None:
    _chart_tree(tmp_path, "")
    (tmp_path / "k").mkdir()
    (tmp_path / "k" / "kustomization.yaml").write_text(
        "helmGlobals:\n  chartHome: ../charts\nhelmCharts:\n- name: app\n  releaseName: r\n")
    strict = build(tmp_path / "k", renderer="embedded", repo_root=tmp_path)
    assert strict.objects == [] and "security" in strict.errors[0].message
    loose = build(tmp_path / "k", renderer="embedded", repo_root=tmp_path, load_restrictor="none")
    assert [o["metadata"]["name"] for o in loose.objects] == ["r-base"]


# -- kyaml merge2 semantics of valuesInline over the values file ---------------------------------

MERGES = [
    ({"a": 1, "m": {"x": 1, "y": 2}}, {"m": {"y": 3}}, "override", {"a": 1, "m": {"x": 1, "y": 3}}),
    ({"a": 1, "m": {"x": 1, "y": 2}}, {"m": {"y": 3, "z": 4}}, "merge", {"a": 1, "m": {"x": 1, "y": 2, "z": 4}}),
    ({"l": [1, 2]}, {"l": [3]}, "override", {"l": [3]}),
    ({"l": [1, 2]}, {"l": [3]}, "merge", {"l": [1, 2]}),
    ({"a": 1, "b": 2}, {"a": None}, "override", {"b": 2}),
    ({"a": None, "b": 2}, {"c": 3}, "override", {"b": 2, "c": 3}),
    ({"cfg": None}, {"cfg": {"k": 1}}, "override", {"cfg": {"k": 1}}),
    ({"a": 1}, {"b": None}, "replace", {"b": None}),
    (None, {"a": {"b": 1}}, "override", {"a": {"b": 1}}),
    ({"s": "x"}, {"s": {"now": "map"}}, "override", {"s": {"now": "map"}}),
]


@pytest.mark.parametrize("file_values,inline,mode,want", MERGES)
def test_merge_values(file_values, inline, mode, want) -> None:
    assert merge_values(file_values, inline, mode) == want


def test_expected_files_parse() -> None:
    for name in ("base", "overlay"):
        docs = parse_documents((WEBAPP / name / "expected.yaml").read_text(), "expected.yaml")
        assert len(docs) == 4


# -- the facts layer: route, sources, field lines, chart errors --------------------------------


def _facts_overlays(renderer: str, monkeypatch, tmp_path: Path):
    from k8sfix_tui.facts.overlays import read_kustomization, render_kustomizations

    monkeypatch.setenv("K8SFIX_CACHE_DIR", str(tmp_path / "cache"))
    errors: list = []
    infos = [read_kustomization(WEBAPP, f"{d}/kustomization.yaml", errors)
             for d in ("base", "broken", "missing", "overlay", "plain", "remote")]
    assert errors == [] and all(infos)
    return render_kustomizations(WEBAPP, infos, {}, renderer=renderer)


def _check_facts(result) -> None:
    deploys = [o for o in result.objects if o.kind == "Deployment" and o.origin == "overlay overlay"]
    assert len(deploys) == 1
    d = deploys[0]
    assert str(d.source) == "base/charts/webapp/templates/deployment.yaml:1"
    assert d.field_lines.get("spec.template.spec.containers[0].imagePullPolicy") == 20
    assert "spec.replicas" not in d.field_lines  # patched by the overlay
    pull = d.provenance["spec.template.spec.containers[0].imagePullPolicy"]
    assert (pull.key, str(pull.location)) == ("image.pullPolicy", "base/charts/webapp/values.yaml:5")
    assert "spec.replicas" not in d.provenance
    msgs = sorted(str(e) for e in result.errors)
    assert len(msgs) == 2, msgs
    assert msgs[0].startswith("broken/charts/broken/templates/cm.yaml:6") and "db.host is required" in msgs[0]
    assert msgs[1].startswith("missing/kustomization.yaml:4") and "no chart found" in msgs[1]
    assert {o.name for o in result.objects if o.origin in ("kustomize broken", "overlay broken")} >= {"good-sa"}


def test_facts_embedded(monkeypatch, tmp_path: Path) -> None:
    result = _facts_overlays("embedded", monkeypatch, tmp_path)
    _check_facts(result)
    assert result.renderer_label() == "embedded" and result.helm_embedded == 0


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
@pytest.mark.skipif(shutil.which("helm") is not None, reason="helm is installed: kubectl --enable-helm is used")
def test_facts_auto_routes_helm_trees_to_embedded(monkeypatch, tmp_path: Path) -> None:
    result = _facts_overlays("auto", monkeypatch, tmp_path)
    _check_facts(result)
    # base, broken, missing, overlay and remote inflate charts; plain goes through kubectl
    assert result.helm_embedded == 5
    assert result.renderer_label() == "kubectl kustomize; embedded for 5 with helmCharts"
    by_dir = {o.path: o.renderer for o in result.overlays}
    assert by_dir["plain"] == "kubectl kustomize" and by_dir["overlay"] == "embedded"


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
@pytest.mark.skipif(shutil.which("helm") is not None, reason="helm is installed: kubectl --enable-helm is used")
def test_build_auto_reports_the_route() -> None:
    result = build(WEBAPP / "overlay", renderer="auto", repo_root=WEBAPP)
    assert result.renderer == "embedded"
    assert result.route is not None and "--enable-helm" in result.route and "kubectl kustomize" in result.route
    plain = build(WEBAPP / "plain", renderer="auto", repo_root=WEBAPP)
    assert plain.renderer == "kubectl kustomize" and plain.route is None


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
@pytest.mark.skipif(shutil.which("helm") is not None, reason="helm is installed")
def test_forced_kubectl_fails_without_helm() -> None:
    with pytest.raises(RenderError, match="helm"):
        build(WEBAPP / "base", renderer="kubectl", repo_root=WEBAPP)


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
def test_kubectl_agrees_on_trees_without_charts() -> None:
    # the plain fixture is an ordinary kustomization: embedded and kubectl agree
    assert build(WEBAPP / "plain", renderer="embedded", repo_root=WEBAPP).text == build(
        WEBAPP / "plain", renderer="kubectl", repo_root=WEBAPP).text


TYPED_CHART = {
    "Chart.yaml": "apiVersion: v2\nname: flags\nversion: 0.1.0\n",
    "values.yaml": "enabled: true\ncount: 1\n",
    "templates/cm.yaml": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\ndata:\n"
        "  on: {{ if .Values.enabled }}\"yes\"{{ else }}\"no\"{{ end }}\n  next: {{ add .Values.count 1 | quote }}\n"
    ),
}


@pytest.mark.parametrize("kust", [
    "helmCharts:\n- name: flags\n  releaseName: f\n  valuesInline:\n    enabled: false\n    count: 41\n",
    "generators:\n- |-\n  apiVersion: builtin\n  kind: HelmChartInflationGenerator\n  metadata:\n    name: flags\n"
    "  name: flags\n  releaseName: f\n  valuesInline:\n    enabled: false\n    count: 41\n",
    "generators:\n- gen.yaml\n",
], ids=["helmCharts", "inline-generator", "generator-file"])
def test_values_inline_keeps_yaml_types(kust: str, tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text(kust)
    (tmp_path / "gen.yaml").write_text(
        "apiVersion: builtin\nkind: HelmChartInflationGenerator\nmetadata:\n  name: flags\nname: flags\n"
        "releaseName: f\nvaluesInline:\n  enabled: false\n  count: 41\n")
    for name, body in TYPED_CHART.items():
        (tmp_path / "charts" / "flags" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "charts" / "flags" / name).write_text(body)
    result = build(tmp_path, renderer="embedded", repo_root=tmp_path)
    assert result.errors == []
    assert result.objects[0]["data"] == {"on": "no", "next": "42"}


@pytest.mark.parametrize("kust,error", [
    ("helmCharts: x\n", "'helmCharts' must be a list"),
    ("helmCharts:\n- 3\n", "each 'helmCharts' entry must be a map"),
    ("helmGlobals: 3\nhelmCharts:\n- name: a\n", "'helmGlobals' must be a map"),
    ("helmCharts:\n- name: ../../../etc\n", "leaves the repository root"),
    ("helmChartInflationGenerator: [1]\n", "entry must be a map"),
])
def test_malformed_entries_are_render_errors(kust: str, error: str, tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text(kust)
    with pytest.raises(RenderError, match=error) as info:
        build(tmp_path, renderer="embedded", repo_root=tmp_path)
    assert info.value.location.startswith("kustomization.yaml")


@pytest.mark.parametrize("kust", [
    'helmGlobals:\n  chartHome: "a\\0b"\nhelmCharts:\n- name: a\n',
    "helmCharts:\n- name: [a]\n",
    "helmCharts:\n- name: a\n  valuesInline: 3\n",
    "generators:\n- |-\n  apiVersion: builtin\n  kind: HelmChartInflationGenerator\n  metadata:\n    name: x\n",
])
def test_odd_entries_are_chart_errors(kust: str, tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text(kust)
    result = build(tmp_path, renderer="embedded", repo_root=tmp_path)
    assert len(result.errors) == 1 and result.errors[0].location.startswith("kustomization.yaml")
    assert "\n" not in result.errors[0].message


def _prov(result, kind: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    i = next(n for n, o in enumerate(result.objects) if o["kind"] == kind)
    whole = {p: f"{r.location.path}:{r.location.line} {r.key}" for p, r in result.provenance[i].items()}
    partial = {p: [f"{r.location.path}:{r.location.line} {r.key}" for r in rs] for p, rs in result.partial_provenance[i].items()}
    return whole, partial


def test_values_provenance_points_at_inline_values_and_values_files() -> None:
    whole, partial = _prov(_build("base"), "Deployment")
    assert whole["spec.replicas"] == "base/kustomization.yaml:9 replicaCount"  # valuesInline
    assert whole["spec.template.spec.containers[0].imagePullPolicy"] == "base/charts/webapp/values.yaml:5 image.pullPolicy"
    assert whole["spec.template.spec.containers[0].env[0].value"] == "base/kustomization.yaml:13 env.FEATURE_X"
    assert partial["spec.template.spec.containers[0].image"] == [
        "base/charts/webapp/values.yaml:3 image.repository", "base/kustomization.yaml:11 image.tag"]
    whole, partial = _prov(_build("overlay"), "Deployment")
    assert "spec.replicas" not in whole  # the overlay patched it: the value no longer comes from the chart
    assert "spec.template.spec.containers[0].image" not in partial  # images: rewrote it
    assert whole["spec.template.spec.containers[0].imagePullPolicy"] == "base/charts/webapp/values.yaml:5 image.pullPolicy"


@pytest.mark.parametrize("extra,mode,want", [
    ("", "override", "kustomization.yaml:6 replicas"),
    ("", "merge", "charts/app/values.yaml:1 replicas"),
    ("  additionalValuesFiles:\n  - more.yaml\n", "override", "more.yaml:2 replicas"),
])
def test_values_provenance_follows_the_merge(extra: str, mode: str, want: str, tmp_path: Path) -> None:
    _chart_tree(tmp_path, f"helmCharts:\n- name: app\n  releaseName: p\n  valuesMerge: {mode}\n  valuesInline:\n"
                          f"    replicas: 4\n{extra}")
    (tmp_path / "more.yaml").write_text("# more\nreplicas: 9\n")
    result = build(tmp_path, renderer="embedded", repo_root=tmp_path)
    whole, _ = _prov(result, "ConfigMap")
    assert whole["data.replicas"] == want
    assert whole["data.keep"] == "charts/app/values.yaml:4 nested.keep"


def test_chart_without_values_yaml_fails_like_kustomize(tmp_path: Path) -> None:
    _chart_tree(tmp_path, "helmCharts:\n- name: app\n  releaseName: r\n")
    (tmp_path / "charts" / "app" / "values.yaml").unlink()
    result = build(tmp_path, renderer="embedded", repo_root=tmp_path)
    assert result.objects == [] and result.errors[0].location == "kustomization.yaml:2"
    assert "has no values.yaml" in result.errors[0].message
    (tmp_path / "v.yaml").write_text("name: given\nnested:\n  keep: k\n")  # a valuesFile makes it renderable
    (tmp_path / "kustomization.yaml").write_text("helmCharts:\n- name: app\n  releaseName: r\n  valuesFile: v.yaml\n")
    result = build(tmp_path, renderer="embedded", repo_root=tmp_path)
    assert [o["metadata"]["name"] for o in result.objects] == ["r-given"]


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
def test_auto_uses_kubectl_enable_helm_when_helm_is_on_path(tmp_path: Path, monkeypatch) -> None:
    """With a `helm` on PATH, "auto" lets kubectl inflate the charts (--enable-helm); the objects
    still get their chart template as source from the embedded pass. The helm here is a stand-in
    script that prints what the real one would for this chart (no helm binary in CI)."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "helm").write_text(
        "#!/bin/sh\n"
        "case \"$1\" in\n"
        "  version) echo v3.15.0+g1234567 ;;\n"
        "  template) printf -- '---\\n# Source: app/templates/cm.yaml\\napiVersion: v1\\nkind: ConfigMap\\n"
        "metadata:\\n  name: r-base\\ndata:\\n  replicas: \"1\"\\n  keep: \"k\"\\n  drop: \"d\"\\n  ns: default\\n' ;;\n"
        "esac\n")
    (bindir / "helm").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bindir}:{__import__('os').environ['PATH']}")
    repo = tmp_path / "repo"
    repo.mkdir()
    _chart_tree(repo, "helmCharts:\n- name: app\n  releaseName: r\n")
    result = build(repo, renderer="auto", repo_root=repo)
    assert result.renderer == "kubectl kustomize" and result.route is None
    assert [o["metadata"]["name"] for o in result.objects] == ["r-base"]
    assert str(result.sources[0]) == "charts/app/templates/cm.yaml:1"
    assert result.field_lines[0]["data.keep"] == 7


# kustomize <= 5.7 (helm_namespaces="legacy"): helm only sees the entry's namespace ("default"
# otherwise) and the namespace transformer rewrites chart objects like any other. The first row is
# the behaviour kustomize issue #5566 was about (reasoned from the v5.7.1 source, not captured).
LEGACY = [
    ("NamespacePropagation", {"metadata.namespace": "the-actual-namespace",
                              "metadata.annotations.helm-namespace": "default"}),
    ("DifferentNamespaces", {"metadata.namespace": "transformer-ns", "metadata.annotations.helm-namespace": "helm-ns"}),
    ("NamespacePropagationViaResources", {"metadata.namespace": "production",
                                          "metadata.annotations.helm-namespace": "default"}),
]


@pytest.mark.parametrize("name,want", LEGACY, ids=[c[0] for c in LEGACY])
def test_legacy_helm_namespaces(name: str, want: dict, tmp_path: Path) -> None:
    _name, kusts, target, _expected = next(c for c in GOLDEN if c[0] == name)
    _write_tree(tmp_path, kusts)
    result = build(tmp_path / target, renderer="embedded", repo_root=tmp_path, helm_namespaces="legacy")
    assert len(result.objects) == 1
    obj = result.objects[0]
    for path, value in want.items():
        cur = obj
        for step in path.split(".", 2) if path.startswith("metadata.annotations.") else path.split("."):
            cur = cur.get(step) if isinstance(cur, dict) else None
        assert cur == value, path


def test_legacy_overlay_namespaces_every_chart_object() -> None:
    result = _build("overlay", helm_namespaces="legacy")
    assert {o["kind"]: o["metadata"].get("namespace") for o in result.objects} == {
        "CustomResourceDefinition": None, "ConfigMap": "prod", "Service": "prod", "Deployment": "prod"}


def test_unknown_helm_namespace_mode(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text("")
    with pytest.raises(RenderError, match="helm namespace mode"):
        build(tmp_path, renderer="embedded", repo_root=tmp_path, helm_namespaces="v4")
