"""Helm commands with --skip-schema-validation render without the values.schema.json check, and
charts a kustomization inflates (helmCharts) are not rendered a second time on their own."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from k8sfix_tui.facts import collect
from k8sfix_tui.facts.charts import kustomize_chart_dirs
from k8sfix_tui.facts.helmcmd import parse_helm
from k8sfix_tui.model import Location, ShellCommand

pytest.importorskip("k8sfix_tui.render.helm")

DATA = Path(__file__).resolve().parents[1] / "data"
SHOP = DATA / "helm_schema" / "shop"
BAD = DATA / "helm_schema" / "values-bad.yaml"
WEBAPP = DATA / "kustomize_helm" / "webapp"


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return root


# --------------------------------------------------------------------------------------------
# --skip-schema-validation: parsed from the command, honoured by the profile render
# --------------------------------------------------------------------------------------------

FLAG_FORMS = [  # (helm arguments after the chart, skip_schema_validation)
    ("", False),
    ("--skip-schema-validation", True),
    ("--skip-schema-validation=true", True),
    ("--skip-schema-validation=1", True),
    ("--skip-schema-validation=false", False),
    ("--skip-schema-validation=False", False),
    ("--skip-schema-validation -n prod", True),
    ("--skip-schema-validation-not-this-flag", False),
]


@pytest.mark.parametrize("extra,expected", FLAG_FORMS, ids=[e or "none" for e, _ in FLAG_FORMS])
def test_parse_helm_reads_skip_schema_validation(tmp_path: Path, extra: str, expected: bool) -> None:
    text = f"helm upgrade --install shop deploy/shop -f deploy/values-bad.yaml {extra}".strip()
    cmd = ShellCommand("helm", text.split(), text, Location("Makefile", 3), "make:deploy")
    inv = parse_helm(cmd, tmp_path)
    assert inv is not None and inv.release == "shop" and inv.chart == "deploy/shop"
    assert inv.values_files == ["deploy/values-bad.yaml"]
    assert inv.skip_schema_validation is expected


def _schema_repo(tmp_path: Path, files: dict[str, str]) -> Path:
    shutil.copytree(SHOP, tmp_path / "deploy" / "shop")
    shutil.copy(BAD, tmp_path / "deploy" / "values-bad.yaml")
    return _write(tmp_path, files)


HELM = "helm upgrade --install shop deploy/shop -f deploy/values-bad.yaml"
SCHEMA_REPOS = [  # (files, schema errors expected)
    ({"Makefile": f"deploy:\n\t{HELM}\n"}, 1),
    ({"Makefile": f"deploy:\n\t{HELM} --skip-schema-validation\n"}, 0),
    ({"Makefile": f"deploy:\n\t{HELM} --skip-schema-validation=false\n"}, 1),
    ({"scripts/deploy.sh": f"#!/bin/sh\nset -e\n{HELM} --skip-schema-validation\n"}, 0),
    ({"scripts/deploy.sh": f"#!/bin/sh\nset -e\n{HELM}\n"}, 1),
    ({".github/workflows/deploy.yaml": f"""
        on: push
        jobs:
          deploy:
            runs-on: ubuntu-latest
            steps:
              - run: {HELM} --skip-schema-validation
        """}, 0),
]


@pytest.mark.parametrize("files,expected", SCHEMA_REPOS, ids=[f"{next(iter(f))}-{n}" for f, n in SCHEMA_REPOS])
def test_profile_render_honours_skip_schema_validation(tmp_path: Path, files: dict[str, str], expected: int) -> None:
    facts = collect(_schema_repo(tmp_path, files))
    schema_errors = [e for e in facts.errors if "values.schema.json" in e.message]
    assert len(schema_errors) == expected, [str(e.location) + " " + e.message for e in facts.errors]
    assert len(facts.profiles) == 1
    profile = facts.profiles[0]
    if expected:
        assert schema_errors[0].location.path == "deploy/values-bad.yaml" and schema_errors[0].location.line == 1
        assert "replicaCount: Invalid type. Expected: integer, given: string" in schema_errors[0].message
        assert profile.objects == []
    else:
        assert {o.kind for o in profile.objects} >= {"Deployment"}
    # the chart's own defaults meet the schema: the default render is clean either way
    assert any(o.origin == "chart deploy/shop (default values)" for o in facts.objects)


def test_default_render_skips_the_schema_when_every_command_does(tmp_path: Path) -> None:
    """Chart defaults that break the schema: the repository only ever deploys with the flag, so
    the default-values render skips the check too; one command without the flag brings it back."""
    root = _schema_repo(tmp_path, {"Makefile": "deploy:\n\thelm upgrade --install shop deploy/shop --skip-schema-validation\n"})
    values = root / "deploy" / "shop" / "values.yaml"
    values.write_text(values.read_text().replace("replicaCount: 2", 'replicaCount: "one"'))
    assert 'replicaCount: "one"' in values.read_text()
    facts = collect(root)
    assert [e for e in facts.errors if "values.schema.json" in e.message] == []
    (root / "Makefile").write_text(
        "deploy:\n\thelm upgrade --install shop deploy/shop --skip-schema-validation\n"
        "check:\n\thelm template shop deploy/shop\n")
    facts = collect(root)
    errors = [e for e in facts.errors if "values.schema.json" in e.message]
    assert len(errors) == 2  # the default render and the `make check` profile
    assert all(e.location.path == "deploy/shop/values.yaml" for e in errors)


# --------------------------------------------------------------------------------------------
# charts a kustomization inflates are rendered once, by the kustomization
# --------------------------------------------------------------------------------------------


def _webapp(tmp_path: Path) -> Path:
    shutil.copytree(WEBAPP, tmp_path / "webapp")
    return tmp_path


def test_kustomize_charts_are_not_rendered_on_their_own(tmp_path: Path) -> None:
    facts = collect(_webapp(tmp_path))
    origins = {o.origin for o in facts.objects}
    assert not any(o.startswith("chart ") for o in origins), origins
    assert {"kustomize webapp/base", "overlay webapp/overlay", "kustomize webapp/broken"} <= origins
    broken = [e for e in facts.errors if "db.host is required" in e.message]
    assert len(broken) == 1 and "kustomize helmCharts" in broken[0].message
    assert facts.renderers["helm"] == "embedded"
    # the charts stay known (metadata, values) for the drift rules
    assert {c.path for c in facts.charts} == {"webapp/base/charts/webapp", "webapp/broken/charts/broken",
                                              "webapp/broken/charts/fine"}


def test_a_chart_the_repository_also_runs_helm_on_is_still_rendered(tmp_path: Path) -> None:
    root = _webapp(tmp_path)
    _write(root, {"Makefile": "sa:\n\thelm template good webapp/broken/charts/fine\n"})
    facts = collect(root)
    origins = {o.origin for o in facts.objects}
    assert "chart webapp/broken/charts/fine (default values)" in origins
    assert "chart webapp/base/charts/webapp (default values)" not in origins
    assert [p.objects[0].name for p in facts.profiles] == ["good-sa"]


CHART = {"Chart.yaml": "apiVersion: v2\nname: {name}\nversion: 1.0.0\n", "values.yaml": "x: 1\n",
         "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n"}


def _chart(root: Path, where: str, name: str) -> None:
    _write(root, {f"{where}/{rel}": text.format(name=name) for rel, text in CHART.items()})


CHART_HOMES = [  # (kustomization text, chart dirs on disk, inflated chart dirs)
    ("helmCharts:\n- name: a\n", ["k/charts/a", "k/charts/b"], {"k/charts/a"}),
    ("helmGlobals:\n  chartHome: ../vendor\nhelmCharts:\n- name: a\n", ["vendor/a", "k/charts/a"], {"vendor/a"}),
    ("helmCharts:\n- name: a\n  version: 1.2.0\n  repo: https://example.com/charts\n", ["k/charts/a-1.2.0/a"],
     {"k/charts/a-1.2.0/a"}),
    ("helmCharts:\n- name: a\n  version: 1.2.0\n", ["k/charts/a"], {"k/charts/a"}),  # no repo: no version dir
    ("HelmCharts:\n- Name: a\n", ["k/charts/a"], {"k/charts/a"}),  # Go's JSON: field names in any case
    ("helmChartInflationGenerator:\n- chartName: a\n  chartHome: lib\n", ["k/lib/a"], {"k/lib/a"}),
    ("generators:\n- |-\n  apiVersion: builtin\n  kind: HelmChartInflationGenerator\n  metadata:\n    name: a\n"
     "  name: a\n  chartHome: third_party\n", ["k/third_party/a"], {"k/third_party/a"}),
    ("helmCharts:\n- name: a\n", [], {"k/charts/a"}),  # not vendored: kustomize reports it
    ("helmCharts: not-a-list\n", ["k/charts/a"], set()),  # unreadable entries: the build reports them
    ("resources: []\n", ["k/charts/a"], set()),
]


@pytest.mark.parametrize("kustomization,dirs,inflated", CHART_HOMES, ids=[str(i) for i in range(len(CHART_HOMES))])
def test_kustomize_chart_dirs(tmp_path: Path, kustomization: str, dirs: list[str], inflated: set[str]) -> None:
    _write(tmp_path, {"k/kustomization.yaml": kustomization})
    for d in dirs:
        _chart(tmp_path, d, d.rsplit("/", 1)[-1])
    assert kustomize_chart_dirs(tmp_path, ["k"]) == inflated


def test_a_chart_home_of_its_own_is_skipped_in_collect(tmp_path: Path) -> None:
    _write(tmp_path, {"deploy/kustomization.yaml": "helmGlobals:\n  chartHome: helm-charts\nhelmCharts:\n"
                                                   "- name: api\n  releaseName: api\n"})
    _chart(tmp_path, "deploy/helm-charts/api", "api")
    _chart(tmp_path, "deploy/helm-charts/other", "other")
    facts = collect(tmp_path)
    origins = sorted(o.origin for o in facts.objects)
    assert origins == ["chart deploy/helm-charts/other (default values)", "kustomize deploy"], origins
    assert facts.errors == []
    assert sorted(c.path for c in facts.charts) == ["deploy/helm-charts/api", "deploy/helm-charts/other"]


def test_facts_json_says_which_helm_commands_skip_the_schema(tmp_path: Path) -> None:
    from k8sfix_tui.facts.serialize import facts_to_json

    facts = collect(_schema_repo(tmp_path, {"Makefile": f"deploy:\n\t{HELM} --skip-schema-validation\n"
                                                         f"check:\n\t{HELM.replace('upgrade --install', 'template')}\n"}))
    flags = sorted((h["action"], h["skip_schema_validation"]) for h in facts_to_json(facts)["helm_invocations"])
    assert flags == [("template", False), ("upgrade", True)], flags
