"""Helpers for facts tests: build small repositories in tmp dirs."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest


@pytest.fixture
def make_repo(tmp_path: Path):
    """make_repo({"path": "text", ...}) -> repo root with those files (text dedented)."""

    def build(files: dict[str, str | bytes]) -> Path:
        for rel, content in files.items():
            p = tmp_path / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                p.write_bytes(content)
            else:
                p.write_text(textwrap.dedent(content).lstrip("\n"))
        return tmp_path

    return build
