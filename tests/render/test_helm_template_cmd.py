"""`k8sfix template`: prints what `helm template` prints; errors are `Error: ...` on stderr, exit 1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from k8sfix_tui.cli import main

CONFORMANCE = Path(os.environ["K8SFIX_SHARED"]) / "conformance" / "helm-template"  # set by tests/conftest.py
WEBAPP = Path(__file__).parent / "charts" / "webapp"


def test_template_prints_helm_output(capsys: pytest.CaptureFixture[str]) -> None:
    if not CONFORMANCE.is_dir():
        pytest.skip("shared conformance suite not present")
    chart = CONFORMANCE / "charts" / "subchart"
    assert main(["template", str(chart), "--kube-version", "1.20.0", "--set", "service.name=apache", "--helm-major", "4"]) == 0
    out = capsys.readouterr()
    assert out.out == (CONFORMANCE / "expected" / "template-set.txt").read_text()
    assert out.err == ""


def test_template_accepts_helm_argument_order_and_flags(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "shop", str(WEBAPP), "-n", "payments", "-s", "templates/service.yaml", "--set", "api.port=9000"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("---\n# Source: webapp/templates/service.yaml\n")
    assert "name: shop-webapp\n" in out and "targetPort: 9000" in out
    assert main(["template", str(WEBAPP), "shop", "--show-only", "templates/pdb.yaml"]) == 0
    assert "name: shop-webapp" in capsys.readouterr().out


def test_template_errors_are_one_line_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chart = tmp_path / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 1.0.0\n")
    (chart / "templates" / "a.yaml").write_text("x: {{ required \"set x\" .Values.x }}\n")
    assert main(["template", str(chart)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == "Error: execution error at (c/templates/a.yaml:1:6): set x"
    assert main(["template", str(tmp_path / "missing")]) == 1
    assert capsys.readouterr().err.startswith("Error: path")


def test_renderer_helm_without_binary(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    assert main(["template", str(WEBAPP), "--renderer", "helm"]) == 1
    assert "helm binary is not on PATH" in capsys.readouterr().err
