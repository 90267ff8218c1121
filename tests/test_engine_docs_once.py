"""A document named twice (`docs/x.md`, `./docs/x.md`, absolute) is analysed once: the app and the library
would otherwise propose every fix twice."""

from __future__ import annotations

import shutil
from pathlib import Path

from k8sfix_tui.engine import Session

SAMPLE = Path(__file__).resolve().parent.parent / "sample_repo"


def test_session_reads_each_document_once(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLE, repo)
    doc = "docs/kubernetes-deployment.md"
    once = Session(repo, [doc])
    twice = Session(repo, [doc, "./" + doc, str(repo / doc)])
    assert twice.docs == once.docs == [doc]
    once.analyse()
    twice.analyse()
    assert len(twice.fixes) == len(once.fixes) > 0
