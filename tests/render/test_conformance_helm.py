"""`helm template` golden cases from Helm's own test suite (shared/conformance/helm-template).

Each non-error case must produce the same documents in the same order with the same `# Source:`
headers, and (the stronger bar, met by every case) byte-for-byte the same text. Error cases must
fail naming the offending file, in Helm's words. Helm's test build reports Kubernetes v1.20.0,
so cases without --kube-version render with that version. The goldens come from Helm 4 sources
(documents keep their trailing whitespace), hence `helm_major=4`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from k8sfix_tui.errors import RenderError
from k8sfix_tui.render.helm import RenderOptions, render_chart

BASE = Path(os.environ["K8SFIX_SHARED"]) / "conformance" / "helm-template"  # set by tests/conftest.py
HELM_TEST_KUBE_VERSION = "1.20.0"


def _cases() -> list:
    if not (BASE / "cases.yaml").is_file():
        return [pytest.param(None, id="conformance-suite-absent", marks=pytest.mark.skip(reason=f"{BASE} not found"))]
    data = yaml.safe_load((BASE / "cases.yaml").read_text())
    return [pytest.param(c, id=c["name"]) for c in data["cases"]]


def _options(args: list[str]) -> tuple[str, RenderOptions]:
    opts = RenderOptions(kube_version=HELM_TEST_KUBE_VERSION, helm_major=4)
    chart = ""
    it = iter(args[1:])
    for arg in it:
        if arg == "--set":
            opts.set_values.append(next(it))
        elif arg in ("--values", "-f"):
            opts.values_files.append(str(BASE / next(it)))
        elif arg.startswith("--name-template="):
            opts.name_template = arg.split("=", 1)[1]
        elif arg == "--kube-version":
            opts.kube_version = next(it)
        elif arg == "--api-versions":
            opts.api_versions.append(next(it))
        elif arg == "--include-crds":
            opts.include_crds = True
        elif arg == "--show-only":
            opts.show_only.append(next(it))
        elif arg == "--skip-tests":
            opts.skip_tests = True
        elif arg.startswith("-"):
            raise AssertionError(f"unhandled flag {arg}")
        else:
            chart = arg
    return chart, opts


def _docs(text: str) -> list[tuple[str, object]]:
    out = []
    for piece in text.split("\n---\n"):
        piece = piece.removeprefix("---\n")
        if not piece.strip():
            continue
        first, _, body = piece.partition("\n")
        assert first.startswith("# Source: "), piece[:80]
        out.append((first, yaml.safe_load(body)))
    return out


@pytest.mark.parametrize("case", _cases())
def test_helm_template_conformance(case: dict) -> None:
    chart, opts = _options(case["args"])
    expected = (BASE / case["expected"]).read_text()
    if case.get("error"):
        with pytest.raises(RenderError) as info:
            render_chart(BASE / chart, opts)
        message = "Error: " + info.value.message
        first_line = expected.splitlines()[0]
        assert message == first_line
        chart_name = chart.split("/")[-1]
        where = f"{message} {info.value.location}"
        assert chart_name in where  # the error names the offending file
        if " on " in first_line:  # YAML errors name the template itself
            assert f"{chart_name}/templates/" in message
        return
    result = render_chart(BASE / chart, opts)
    assert _docs(result.text) == _docs(expected)  # same objects, order and Source headers
    assert result.text == expected  # byte-for-byte
