"""Fixtures for the app tests: fresh git copies of the sample repository (fixed directory names, so
snapshots never show a varying path) and a fixed date for the default branch name."""

from __future__ import annotations

import datetime as _dt
import shutil
import textwrap
from pathlib import Path

import pytest

from k8sfix_tui.demo import create_demo_repo
from k8sfix_tui.engine import Session

TODAY = _dt.date(2026, 1, 2)
_CACHE: dict[str, Path] = {}


@pytest.fixture
def demo_repo(tmp_path: Path) -> Path:
    """A fresh git copy of sample_repo named larkspur-platform."""
    return create_demo_repo(tmp_path / "larkspur-platform")


@pytest.fixture(scope="session")
def shared_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One read-only demo repo for tests that never write."""
    return create_demo_repo(tmp_path_factory.mktemp("shared") / "larkspur-platform")


@pytest.fixture(scope="session")
def analysed(shared_repo: Path) -> Session:
    """The shared demo repo analysed once (tests must not apply or commit with it)."""
    s = Session(shared_repo)
    s.analyse()
    return s


def write_files(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def no_k8s_repo(tmp_path: Path) -> Path:
    """A repository with a deployment-sounding document and no Kubernetes files at all."""
    return write_files(tmp_path / "plain-app", {
        "README.md": """
            # Plain app

            Deploy it to Kubernetes with kubectl and helm: the deployment uses 3 replicas.
            """,
        "src/app.py": "print('hello')\n",
    })


@pytest.fixture
def clean_repo(tmp_path: Path) -> Path:
    """A repository whose one document matches its one Deployment exactly (the project switches the
    missing-topic rule off: a short page is not meant to cover every topic)."""
    return write_files(tmp_path / "clean-app", {
        ".k8sfix.toml": """
            [tool.k8sfix]
            severity = { "missing-topic" = "off" }
            """,
        "k8s/web.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                    - name: web
                      image: nginx:1.25
                      ports:
                        - containerPort: 80
            """,
        "docs/deploy.md": """
            # Deploying web

            The `web` Deployment runs 2 replicas of the `nginx:1.25` image on Kubernetes.

            Apply it with kubectl:

            ```bash
            kubectl apply -f k8s/web.yaml
            ```
            """,
    })


SHOP = Path(__file__).parent / "fixtures" / "shop"


@pytest.fixture
def shop_repo(tmp_path: Path) -> Path:
    """A small git repo (one Deployment, one Service, a Makefile) with a drifted doc: stable snapshots."""
    return create_demo_repo(tmp_path / "shop", source=SHOP)


async def wait_until(pilot, predicate, what: str, timeout: float = 30.0) -> None:
    """Let the app run until `predicate()` holds. A fixed number of pauses is not enough on a loaded
    machine: a dismissed dialog's callback, a worker's result message and a pushed screen each arrive
    some event-loop turns later."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        await pilot.pause(0.02)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
