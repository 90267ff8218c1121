"""`k8sfix render DIR` prints the stream like `kustomize build`; the renderer choice is recorded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from k8sfix_tui.cli import main
from k8sfix_tui.render.kustomize import build

FIXTURES = Path(__file__).parent / "kustomize_fixtures"
OVERLAY = FIXTURES / "refs" / "overlay"


def test_render_prints_the_stream(capsys) -> None:
    code = main(["render", str(OVERLAY), "--renderer", "embedded", "--repo-root", str(FIXTURES), "-q"])
    out, err = capsys.readouterr()
    assert code == 0
    assert out == (OVERLAY / "expected.yaml").read_text()
    assert err == ""


def test_render_warnings_and_renderer_go_to_stderr(capsys) -> None:
    target = FIXTURES / "components" / "overlay"
    code = main(["render", str(target), "--renderer", "embedded", "--repo-root", str(FIXTURES), "--show-renderer"])
    out, err = capsys.readouterr()
    assert code == 0 and out.startswith("apiVersion:")
    assert "commonLabels" in err and "rendered with embedded" in err


def test_render_missing_directory(capsys, tmp_path: Path) -> None:
    code = main(["render", str(tmp_path / "nope")])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1


def test_auto_prefers_an_installed_tool(monkeypatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = build(OVERLAY, repo_root=FIXTURES)
    assert result.renderer == "embedded"


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
def test_kubectl_renderer_keeps_sources() -> None:
    result = build(OVERLAY, renderer="kubectl", repo_root=FIXTURES)
    assert result.renderer == "kubectl kustomize"
    assert result.text == (OVERLAY / "expected.yaml").read_text()
    assert all(s is not None for s in result.sources)
    auto = build(OVERLAY, repo_root=FIXTURES)
    assert auto.renderer in ("kubectl kustomize", "kustomize")


def test_forced_missing_tool_is_an_error(monkeypatch) -> None:
    from k8sfix_tui.errors import RenderError

    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(RenderError):
        build(OVERLAY, renderer="kustomize", repo_root=FIXTURES)


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
def test_auto_falls_back_to_embedded_when_the_tool_fails(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "kustomization.yaml").write_text(
        "resources:\n- cm.yaml\n- https://invalid.invalid/org/repo//base?ref=v1\n"
    )
    (tmp_path / "app" / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n")
    result = build(tmp_path / "app", repo_root=tmp_path)
    assert result.renderer == "embedded"
    assert [o["metadata"]["name"] for o in result.objects] == ["c"]
    assert "used the embedded renderer instead" in result.warnings[0]
    from k8sfix_tui.errors import RenderError

    with pytest.raises(RenderError):
        build(tmp_path / "app", renderer="kubectl", repo_root=tmp_path)


HELM_FIXTURES = Path(__file__).parent.parent / "data" / "kustomize_helm" / "webapp"


def test_render_a_chart_left_out_is_an_error_and_exit_1(capsys, monkeypatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)  # no helm: the embedded route inflates the charts
    target = HELM_FIXTURES / "broken"
    code = main(["render", str(target), "--repo-root", str(HELM_FIXTURES), "-q", "--show-renderer"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "good" in out and "bad" not in out  # the healthy chart and the plain resource still render
    errors = [line for line in err.splitlines() if line.startswith("k8sfix: error:")]
    assert len(errors) == 1 and "templates/cm.yaml:6:" in errors[0] and "left out" in errors[0]
    assert "rendered with embedded" in err


def test_render_overlay_with_charts_exits_0(capsys, monkeypatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    target = HELM_FIXTURES / "overlay"
    code = main(["render", str(target), "--repo-root", str(HELM_FIXTURES), "-q"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert out == (target / "expected.yaml").read_text()


@pytest.mark.parametrize("line, message", [
    ('E1126 10:46:30.826150   29069 run.go:72] "command failed" err="unable to find one of \'kustomization.yaml\'"',
     "unable to find one of 'kustomization.yaml'"),
    ("E0102 03:04:05.000001 7 run.go:72] plain text", "plain text"),
    ("error: accumulating resources: missing.yaml", "error: accumulating resources: missing.yaml"),
])
def test_kubectl_log_headers_are_not_part_of_the_message(line: str, message: str) -> None:
    from k8sfix_tui.render.kustomize import _klog_message

    assert _klog_message(line) == message
