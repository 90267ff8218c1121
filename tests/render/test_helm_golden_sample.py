"""The bundled sample chart rendered by `render_chart` equals the real `helm template` (v3.17.2)
output byte for byte (tests/data/helm_golden/cases.yaml lists the helm runs, from sample_repo/)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from k8sfix_tui.render.helm import RenderOptions, render_chart

ROOT = Path(__file__).resolve().parents[2]
REPO = ROOT / "sample_repo"
GOLDEN = ROOT / "tests" / "data" / "helm_golden"


def _cases() -> list:
    data = yaml.safe_load((GOLDEN / "cases.yaml").read_text())
    return [pytest.param(c, id=c["expected"].removesuffix(".yaml")) for c in data["cases"]]


def helm_args_to_options(args: list[str], base: Path) -> tuple[Path, RenderOptions]:
    """`helm template` arguments (NAME CHART flags...) -> chart path and RenderOptions."""
    opts = RenderOptions()
    positionals: list[str] = []
    flags_with_value = {
        "-f": opts.values_files, "--values": opts.values_files, "--set": opts.set_values,
        "--set-string": opts.set_string_values, "--set-json": opts.set_json_values,
        "-s": opts.show_only, "--show-only": opts.show_only, "-a": opts.api_versions,
        "--api-versions": opts.api_versions,
    }
    it = iter(args)
    for arg in it:
        if arg in ("-f", "--values"):
            opts.values_files.append(str(base / next(it)))
        elif arg in flags_with_value:
            flags_with_value[arg].append(next(it))
        elif arg in ("-n", "--namespace"):
            opts.namespace = next(it)
        elif arg == "--kube-version":
            opts.kube_version = next(it)
        elif arg == "--include-crds":
            opts.include_crds = True
        elif arg == "--skip-tests":
            opts.skip_tests = True
        elif arg.startswith("-"):
            raise AssertionError(f"unhandled flag {arg}")
        else:
            positionals.append(arg)
    if len(positionals) == 2:
        opts.release_name = positionals[0]
    return base / positionals[-1], opts


@pytest.mark.parametrize("case", _cases())
def test_sample_chart_matches_real_helm(case: dict) -> None:
    chart, opts = helm_args_to_options(case["args"], REPO)
    expected = (GOLDEN / case["expected"]).read_text()
    assert render_chart(chart, opts).text == expected


def test_sample_chart_does_not_depend_on_capabilities() -> None:
    """The goldens need no --kube-version: no sample template reads .Capabilities."""
    for path in (REPO / "deploy" / "helm" / "larkspur" / "templates").iterdir():
        assert ".Capabilities" not in path.read_text(), path
