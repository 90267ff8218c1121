"""Differential test: the embedded renderer against real `kubectl kustomize`, object by object
(same objects, same order, same content including hash suffixes), on every fixture, on the
sample repository's kustomizations and on any in ../shared/corpus."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from k8sfix_tui.errors import RenderError
from k8sfix_tui.render.kustomize import build, find_kustomizations
from k8sfix_tui.render.kustomize_yaml import parse_documents

HERE = Path(__file__).parent
FIXTURES = HERE / "kustomize_fixtures"
REPO = HERE.parent.parent
EXTRA_ROOTS = [REPO / "sample_repo", Path(os.environ["K8SFIX_SHARED"]) / "corpus"]
# More trees to compare (e.g. checkouts of real projects), colon-separated: each is its own repo root.
EXTRA_ROOTS += [Path(p) for p in os.environ.get("K8SFIX_KUSTOMIZE_TREES", "").split(os.pathsep) if p]


def _targets() -> list[tuple[Path, Path]]:
    out = [(d, FIXTURES) for d in find_kustomizations(FIXTURES)]
    for root in EXTRA_ROOTS:
        if root.is_dir():
            out += [(d, root) for d in find_kustomizations(root)]
    return out


TARGETS = _targets()


def _kubectl(directory: Path) -> tuple[int, str, str]:
    proc = subprocess.run(
        ["kubectl", "kustomize", str(directory)], capture_output=True, text=True, timeout=60, check=False
    )
    return proc.returncode, proc.stdout, proc.stderr


def _label(target: tuple[Path, Path]) -> str:
    directory, root = target
    return f"{root.name}:{directory.relative_to(root).as_posix() or '.'}"


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
@pytest.mark.parametrize("target", TARGETS, ids=[_label(t) for t in TARGETS])
def test_embedded_equals_kubectl(target: tuple[Path, Path]) -> None:
    directory, root = target
    code, stdout, stderr = _kubectl(directory)
    if code != 0 and "--enable-helm" in stderr:
        # helmCharts: kubectl inflates charts only with --enable-helm and a helm binary (absent
        # here); the embedded renderer inflates them itself (tests/render/test_kustomize_helm.py).
        pytest.skip("helmCharts need kubectl kustomize --enable-helm and helm")
    if code != 0:
        # kubectl refuses it (e.g. a Component built on its own): the embedded renderer must refuse too.
        with pytest.raises(RenderError):
            build(directory, renderer="embedded", repo_root=root)
        return
    want = [doc for doc, _ in parse_documents(stdout, "kubectl output")]
    got = build(directory, renderer="embedded", repo_root=root)
    assert [(o["kind"], o["metadata"].get("name")) for o in got.objects] == [
        (o["kind"], o["metadata"].get("name")) for o in want
    ]
    for mine, theirs in zip(got.objects, want):
        assert mine == theirs
    assert got.text == stdout


def test_differential_covers_fixtures() -> None:
    assert len([t for t in TARGETS if t[1] == FIXTURES]) >= 16
