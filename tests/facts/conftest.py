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


@pytest.fixture(autouse=True)
def _private_render_cache(tmp_path_factory, monkeypatch):
    """Every facts test gets its own (empty) external-renderer cache directory."""
    monkeypatch.setenv("K8SFIX_CACHE_DIR", str(tmp_path_factory.mktemp("k8sfix-cache")))
    monkeypatch.delenv("K8SFIX_NO_CACHE", raising=False)
