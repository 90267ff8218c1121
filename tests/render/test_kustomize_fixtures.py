"""Each fixture under kustomize_fixtures/ with an `expected.yaml` (captured from `kubectl kustomize`
v5.5) must render to exactly those objects, in that order, with the embedded renderer."""

from __future__ import annotations

from pathlib import Path

import pytest

from k8sfix_tui.render.kustomize import build, find_kustomizations
from k8sfix_tui.render.kustomize_yaml import parse_documents

FIXTURES = Path(__file__).parent / "kustomize_fixtures"
CASES = sorted(p.parent for p in FIXTURES.rglob("expected.yaml"))


def _ids(objects: list[dict]) -> list[str]:
    return [f"{o.get('kind')}/{o.get('metadata', {}).get('namespace', '')}/{o.get('metadata', {}).get('name')}" for o in objects]


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(FIXTURES)) for c in CASES])
def test_embedded_matches_expected(case: Path) -> None:
    expected = [doc for doc, _ in parse_documents((case / "expected.yaml").read_text(), "expected.yaml")]
    result = build(case, renderer="embedded", repo_root=FIXTURES)
    assert result.renderer == "embedded"
    assert _ids(result.objects) == _ids(expected)
    for got, want in zip(result.objects, expected):
        assert got == want, f"{_ids([want])[0]} differs"
    assert result.text == (case / "expected.yaml").read_text()
    assert len(result.sources) == len(result.objects)


def test_there_are_enough_fixtures() -> None:
    assert len(CASES) >= 13


def test_sources_point_at_resource_files() -> None:
    result = build(FIXTURES / "refs" / "overlay", renderer="embedded", repo_root=FIXTURES)
    by_name = {o["metadata"]["name"]: s for o, s in zip(result.objects, result.sources)}
    assert str(by_name["prod-api-v2"]).startswith("refs/base/app.yaml:")
    deployment_loc = next(s for o, s in zip(result.objects, result.sources) if o["kind"] == "Deployment")
    assert deployment_loc is not None and deployment_loc.line == 1
    hpa_loc = next(s for o, s in zip(result.objects, result.sources) if o["kind"] == "HorizontalPodAutoscaler")
    assert hpa_loc is not None and hpa_loc.path == "refs/base/app.yaml" and hpa_loc.line > 60
    secret_loc = next(s for o, s in zip(result.objects, result.sources) if o["metadata"]["name"].startswith("prod-tls-extra"))
    assert secret_loc is not None and secret_loc.path == "refs/overlay/kustomization.yaml" and secret_loc.line > 0


def test_find_kustomizations_lists_every_directory() -> None:
    found = {p.relative_to(FIXTURES).as_posix() for p in find_kustomizations(FIXTURES)}
    assert {"refs/base", "refs/overlay", "components/comp-ha", "generators/overlay", "order"} <= found
    assert "components" not in found
