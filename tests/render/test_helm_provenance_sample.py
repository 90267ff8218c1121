"""Provenance on the sample chart (sample_repo/deploy/helm/larkspur): a rendered scalar is
attributed to a values key only where that key's value was printed, and only as the whole scalar
when the scalar is exactly the printed text; literal text never gets provenance."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from k8sfix_tui.render.helm import DerivedRef, RenderOptions, RenderResult, render_chart

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "sample_repo" / "deploy" / "helm" / "larkspur"
VALUES = CHART / "values.yaml"


def _line(path: Path, pattern: str, after: str | None = None) -> int:
    """1-based line of the first line matching `pattern` after lines matching each `|`-separated
    anchor of `after`, in turn."""
    lines = path.read_text().splitlines()
    start = 0
    for anchor in (after or "").split("|") if after else []:
        start = next(i for i in range(start, len(lines)) if re.search(anchor, lines[i])) + 1
    return next(i + 1 for i in range(start, len(lines)) if re.search(pattern, lines[i]))


def _manifest(result: RenderResult, kind: str, name: str):
    for m in result.manifests:
        for obj in m.objects:
            if obj.get("kind") == kind and obj["metadata"]["name"] == name:
                return m
    raise AssertionError(f"{kind}/{name} not rendered")


@pytest.fixture(scope="module")
def default() -> RenderResult:
    return render_chart(CHART, RenderOptions(release_name="larkspur"))


@pytest.mark.parametrize(
    "kind,name,field,key,pattern,after",
    [
        ("Deployment", "larkspur-api", "spec.replicas", "api.replicas", r"^  replicas:", r"^api:"),
        ("Deployment", "larkspur-web", "spec.replicas", "web.replicas", r"^  replicas:", r"^web:"),
        ("Deployment", "larkspur-api", "spec.template.spec.containers[0].resources.limits.cpu",
         "api.resources.limits.cpu", r"^      cpu:", r"^api:|^    limits:"),
        ("Deployment", "larkspur-api", "spec.template.spec.containers[0].resources.requests.memory",
         "api.resources.requests.memory", r"^      memory:", r"^api:|^    requests:"),
        ("Deployment", "larkspur-api", "spec.template.spec.containers[0].imagePullPolicy", "image.pullPolicy",
         r"^  pullPolicy:", r"^image:"),
        ("Service", "larkspur-web", "spec.ports[0].nodePort", "web.service.nodePort", r"^    nodePort:", r"^web:"),
        ("Service", "larkspur-web", "spec.type", "web.service.type", r"^    type:", r"^web:"),
        ("StatefulSet", "larkspur-postgres", "spec.volumeClaimTemplates[0].spec.resources.requests.storage",
         "postgres.persistence.size", r"^    size:", r"^postgres:"),
        ("StatefulSet", "larkspur-redis", "spec.volumeClaimTemplates[0].spec.resources.requests.storage",
         "redis.persistence.size", r"^    size:", r"^redis:"),
        ("HorizontalPodAutoscaler", "larkspur-api", "spec.maxReplicas", "api.autoscaling.maxReplicas",
         r"^    maxReplicas:", r"^api:"),
    ],
)
def test_whole_scalar_provenance(default: RenderResult, kind: str, name: str, field: str, key: str,
                                 pattern: str, after: str) -> None:
    ref = _manifest(default, kind, name).provenance[(0, field)]
    assert ref.key == key
    assert Path(ref.location.path).name == "values.yaml"
    assert ref.location.line == _line(VALUES, pattern, after)


def test_images_built_from_several_values_are_partial(default: RenderResult) -> None:
    api = _manifest(default, "Deployment", "larkspur-api")
    field = (0, "spec.template.spec.containers[0].image")
    assert field not in api.provenance
    assert [r.key for r in api.partial_provenance[field]] == ["global.imageRegistry", "api.image.repository"]
    pg = _manifest(default, "StatefulSet", "larkspur-postgres")
    assert [r.key for r in pg.partial_provenance[field]] == ["postgres.image.repository", "postgres.image.tag"]


def test_literal_text_never_gets_provenance(default: RenderResult) -> None:
    for m in default.manifests:
        for (_, path) in list(m.provenance) + list(m.partial_provenance):
            assert not path.startswith(("metadata.labels", "metadata.name", "spec.selector", "apiVersion", "kind")), (m.source, path)
            assert ".labels." not in path and not path.endswith("matchLabels"), (m.source, path)
    pg = _manifest(default, "StatefulSet", "larkspur-postgres")
    assert (0, "metadata.labels.app.kubernetes.io/component") not in pg.provenance  # "postgres" is literal
    assert (0, "spec.template.spec.containers[0].imagePullPolicy") not in pg.provenance  # literal IfNotPresent


def _get(data: Any, path: str) -> Any:
    """Value at a provenance path; map keys may contain dots (`prometheus.io/port`)."""
    if not path:
        return data
    m = re.match(r"^\[(\d+)\]\.?", path)
    if m:
        return _get(data[int(m.group(1))], path[m.end():])
    assert isinstance(data, dict), path
    for key in sorted(data, key=len, reverse=True):
        if path == key or path.startswith(key + ".") or path.startswith(key + "["):
            rest = path[len(key):]
            return _get(data[key], rest[1:] if rest.startswith(".") else rest)
    raise KeyError(path)


def _go_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


CASES = yaml.safe_load((ROOT / "tests" / "data" / "helm_golden" / "cases.yaml").read_text())["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["expected"] for c in CASES])
def test_every_whole_provenance_is_the_printed_value(case: dict) -> None:
    """Across every golden case: a field with provenance holds exactly the value of its key (a key
    marked derived, whose value went through tpl/upper/trunc..., only has to exist)."""
    from test_helm_golden_sample import helm_args_to_options

    chart, opts = helm_args_to_options(case["args"], ROOT / "sample_repo")
    result = render_chart(chart, opts)
    checked = 0
    for m in result.manifests:
        for (_, path), ref in m.provenance.items():
            rendered = _get(m.objects[0], path)
            if isinstance(ref, DerivedRef):
                assert ref.via and _get(result.values, ref.key) is not None, (m.source, path, ref)
                continue
            assert _go_text(rendered) == _go_text(_get(result.values, ref.key)), (m.source, path, ref)
            checked += 1
        for (_, path), refs in m.partial_provenance.items():
            rendered = _go_text(_get(m.objects[0], path))
            for ref in refs:
                if isinstance(ref, DerivedRef):
                    assert ref.via and _get(result.values, ref.key) is not None, (m.source, path, ref)
                    continue
                assert _go_text(_get(result.values, ref.key)) in rendered, (m.source, path, ref)
    assert checked > (5 if opts.show_only else 50)


def test_set_and_values_file_provenance() -> None:
    staging = CHART / "values-staging.yaml"
    result = render_chart(CHART, RenderOptions(release_name="larkspur", values_files=[str(staging)],
                                               set_values=["api.replicas=5"]))
    api = _manifest(result, "Deployment", "larkspur-api")
    assert api.provenance[(0, "spec.replicas")].key == "api.replicas"
    assert api.provenance[(0, "spec.replicas")].location.path == "--set"
    pg = _manifest(result, "StatefulSet", "larkspur-postgres")
    ref = pg.provenance[(0, "spec.volumeClaimTemplates[0].spec.resources.requests.storage")]
    assert (Path(ref.location.path).name, ref.location.line) == ("values-staging.yaml", _line(staging, r"^    size:", r"^postgres:"))
