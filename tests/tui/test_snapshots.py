"""Snapshots of every phase screen (and the commit dialog) at 80x24 and 160x48.

They use the small `fixtures/shop` repository (not sample_repo, whose findings change whenever the
engine improves) so they stay stable. Deterministic: the repositories have fixed directory names, the date is fixed, timings are not shown
when headless, and the analysis is done before the screenshot. Regenerate with
`pytest tests/tui/test_snapshots.py --snapshot-update` after a deliberate UI or engine change.
"""

from __future__ import annotations

import pytest

from k8sfix_tui.tui.app import make_app

from .conftest import TODAY, wait_until

SIZES = [(80, 24), (160, 48)]


async def _analysed(pilot) -> None:
    await wait_until(pilot, lambda: pilot.app.analysis_state in ("done", "failed"), "the analysis")


async def _confirming(pilot) -> None:
    await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "ConfirmDialog", "the confirm dialog")


async def _updates_shown(pilot) -> None:
    await wait_until(pilot, lambda: getattr(pilot.app.screen, "up_to_date", False), "the updates screen")


async def _decided(pilot, n: int) -> None:
    await wait_until(pilot, lambda: len(pilot.app.decisions.values) >= n and pilot.app.screen.up_to_date,
                     f"{n} decision(s) shown")


async def _validated(pilot) -> None:
    await wait_until(pilot, lambda: pilot.app.validation_state in ("done", "failed"), "the validation")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_analysis_screen(snap_compare, shop_repo, size):
    app = make_app(shop_repo, today=TODAY, crash_shell=False)

    async def before(pilot) -> None:
        await _analysed(pilot)
        assert pilot.app.screen.select_title("docs/deploy.md", "Workloads")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_analysis_findings_tab(snap_compare, shop_repo, size):
    app = make_app(shop_repo, today=TODAY, crash_shell=False)

    async def before(pilot) -> None:
        await _analysed(pilot)
        await pilot.press("f")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_updates_screen(snap_compare, shop_repo, size):
    app = make_app(shop_repo, today=TODAY, crash_shell=False)

    async def before(pilot) -> None:
        await _analysed(pilot)
        await pilot.press("2")
        await _updates_shown(pilot)
        await pilot.press("n", "a")  # accept the second fix: counters, labels and preview change
        await _decided(pilot, 1)

    assert snap_compare(app, terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_validation_screen(snap_compare, shop_repo, size):
    app = make_app(shop_repo, today=TODAY, crash_shell=False)

    async def before(pilot) -> None:
        await _analysed(pilot)
        await pilot.press("3")  # no fix accepted: validates the documents as they are, writes nothing
        await _confirming(pilot)
        await pilot.press("y")
        await _validated(pilot)

    assert snap_compare(app, terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_commit_dialog(snap_compare, shop_repo, size):
    app = make_app(shop_repo, today=TODAY, crash_shell=False)

    async def before(pilot) -> None:
        await _analysed(pilot)
        await pilot.press("2")
        await _updates_shown(pilot)
        await pilot.press("a", "a")
        await _decided(pilot, 2)
        await pilot.press("3")
        await _confirming(pilot)
        await pilot.press("y")
        await _validated(pilot)
        await pilot.press("c")
        await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "CommitDialog", "the commit dialog")

    assert snap_compare(app, terminal_size=size, run_before=before)
