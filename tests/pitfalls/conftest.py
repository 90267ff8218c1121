"""Fixtures: the sample repository's facts (collected once) and tiny repositories written from text."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Callable

import pytest

from k8sfix_tui.facts import collect
from k8sfix_tui.model import Facts

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "k8sfix_tui" / "data" / "sample_repo"


@pytest.fixture(scope="session")
def sample_facts() -> Facts:
    return collect(str(SAMPLE))


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[[dict[str, str]], Facts]:
    """Write {relative path: text} into a fresh repository and collect its facts."""

    counter = iter(range(1000))

    def build(files: dict[str, str]) -> Facts:
        root = tmp_path / f"repo{next(counter)}"
        root.mkdir()
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return collect(str(root), kustomize_renderer="embedded")

    return build
