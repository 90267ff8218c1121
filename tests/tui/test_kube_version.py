"""`k8sfix tui --kube-version`: the app's Session (also the one analysed in the child process) uses it, so
the deprecated-API pitfalls and phase 3's schema check follow the chosen version; a bad version is refused
before the screen opens."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from k8sfix_tui.errors import UsageError
from k8sfix_tui.tui.app import make_app

from .conftest import wait_until

SIZE = (120, 36)


@pytest.mark.parametrize("offload", [True, False])
def test_the_analysed_session_keeps_the_version(shop_repo: Path, offload: bool) -> None:
    async def go() -> str | None:
        app = make_app(shop_repo, kube_version="1.29", offload=offload, crash_shell=False)
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: app.analysis_state in ("done", "failed"), "the analysis")
            assert app.analysis_state == "done", app.analysis_error
            return app.session.kube_version

    assert asyncio.run(go()) == "1.29"


def test_a_bad_version_is_a_usage_error(shop_repo: Path) -> None:
    with pytest.raises(UsageError):
        make_app(shop_repo, kube_version="one.two")


def test_the_command_accepts_the_option(shop_repo: Path, monkeypatch) -> None:
    from k8sfix_tui.cli import main

    seen = {}

    class FakeApp:  # records what the command asked for instead of opening a screen
        commit_sha = None
        return_code = 0

        def run(self) -> int:
            return 0

    def fake_make_app(repo, docs, **kwargs):
        seen.update(kwargs)
        return FakeApp()

    monkeypatch.setattr("k8sfix_tui.tui.app.make_app", fake_make_app)
    monkeypatch.setattr("k8sfix_tui.commands.has_terminal", lambda: True)  # pytest's stdin is not a TTY
    assert main(["tui", str(shop_repo), "--kube-version", "1.30"]) == 0
    assert seen["kube_version"] == "1.30"
