"""The test charts (tests/render/charts/*) rendered by `render_chart` equal the real helm's output:
always against the committed real-helm goldens (tests/data/helm_golden/charts/), and, when a
`helm` binary is on PATH, against that binary run live with the same arguments."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from k8sfix_tui.render.helm import render_chart

from test_helm_golden_sample import helm_args_to_options

ROOT = Path(__file__).resolve().parents[2]
CHARTS = Path(__file__).parent / "charts"
GOLDEN = ROOT / "tests" / "data" / "helm_golden" / "charts"
CASES = yaml.safe_load((GOLDEN / "cases.yaml").read_text())["cases"]


def _ids(case: dict) -> str:
    return case["expected"].removesuffix(".yaml")


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_chart_matches_real_helm_golden(case: dict) -> None:
    chart, opts = helm_args_to_options(case["args"], CHARTS)
    assert render_chart(chart, opts).text == (GOLDEN / case["expected"]).read_text()


def _live_cases() -> list:
    extra = [{"args": [p.name], "expected": f"live-{p.name}"} for p in sorted(CHARTS.iterdir()) if (p / "Chart.yaml").is_file()]
    return [pytest.param(c, id=_ids(c)) for c in CASES + extra]


@pytest.mark.parametrize("case", _live_cases())
def test_chart_matches_live_helm(case: dict) -> None:
    helm = shutil.which("helm")
    if helm is None:
        pytest.skip("no helm binary on PATH (real-helm comparison runs only where helm is installed)")
    proc = subprocess.run([helm, "template", *case["args"]], cwd=CHARTS, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    chart, opts = helm_args_to_options(case["args"], CHARTS)
    assert render_chart(chart, opts).text == proc.stdout
