"""Commit dialog: other changed files are named and left alone; a GitRefusal is shown, not raised;
the $EDITOR path degrades to a message where the terminal cannot be suspended; light theme works."""

from __future__ import annotations

import asyncio
from pathlib import Path

import git
from textual.widgets import Input, Static

from k8sfix_tui.tui.app import make_app
from k8sfix_tui.tui.screens.commit import CommitDialog

from .conftest import TODAY, wait_until

SIZE = (120, 36)


async def _to_commit_dialog(app, pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("2")
    await wait_until(pilot, lambda: getattr(app.screen, "up_to_date", False), "the updates screen")
    await pilot.press("a")
    await wait_until(pilot, lambda: app.decisions.any_decided, "the decision")
    await pilot.press("3")
    await wait_until(pilot, lambda: type(app.screen).__name__ == "ConfirmDialog", "the confirm dialog")
    await pilot.press("y")
    await wait_until(pilot, lambda: app.validation_state in ("done", "failed"), "the validation")
    assert app.applied
    await pilot.press("c")
    await wait_until(pilot, lambda: isinstance(app.screen, CommitDialog), "the commit dialog")
    assert isinstance(app.screen, CommitDialog)


def test_refusal_is_shown_and_other_files_are_left_alone(shop_repo: Path) -> None:
    (shop_repo / "notes.txt").write_text("my own work\n")
    repo = git.Repo(shop_repo)
    repo.git.branch(f"docs/k8s-sync-{TODAY.isoformat()}")  # the default branch name is taken

    async def go() -> None:
        app = make_app(shop_repo, today=TODAY, crash_shell=False)
        async with app.run_test(size=SIZE) as pilot:
            await _to_commit_dialog(app, pilot)
            dialog = app.screen
            warnings = str(dialog.query_one("#commit-warnings", Static).render())
            assert "notes.txt" in warnings and "left alone" in warnings
            assert "docs/deploy.md" in str(dialog.query_one("#commit-files", Static).render())
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is dialog  # still open
            error = str(dialog.query_one("#commit-error", Static).render())
            assert "Not committed" in error and "already exists" in error
            assert app.commit_sha is None
            dialog.query_one("#branch", Input).value = "docs/other-name"
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: app.commit_sha is not None, "the commit")
            assert app.errors == []

    asyncio.run(go())
    assert repo.active_branch.name == "docs/other-name"
    assert sorted(repo.head.commit.stats.files) == ["docs/deploy.md"]
    assert (shop_repo / "notes.txt").read_text() == "my own work\n"
    assert "notes.txt" in repo.untracked_files


def test_external_editor_without_a_terminal_is_a_message(shop_repo: Path) -> None:
    async def go() -> None:
        app = make_app(shop_repo, editor="true", crash_shell=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("2")
            await pilot.pause()
            await pilot.press("E")
            await pilot.pause()
            assert not app.decisions.values  # nothing decided, nothing crashed
            assert app.errors == []
            assert app.screen.PHASE == "updates"

    asyncio.run(go())


def test_light_theme(shop_repo: Path) -> None:
    async def go() -> None:
        app = make_app(shop_repo, crash_shell=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            app.theme = "textual-light"
            for key in ("2", "1", "f"):
                await pilot.press(key)
                await pilot.pause()
            assert app.errors == []
            assert app.current_theme.dark is False

    asyncio.run(go())


def test_the_message_is_visible_and_editable_on_an_80x24_terminal(shop_repo: Path) -> None:
    """At 80x24 the message box used to be pushed below the dialog's fold (only reachable by scrolling)."""
    from textual.widgets import Button, TextArea

    async def go() -> None:
        app = make_app(shop_repo, today=TODAY, crash_shell=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await _to_commit_dialog(app, pilot)
            dialog = app.screen
            await wait_until(pilot, lambda: dialog.query_one("#message", TextArea).size.height > 0, "the layout")
            message = dialog.query_one("#message", TextArea)
            button = dialog.query_one("#do-commit", Button)
            body = dialog.query_one(".dialog").region
            assert message.outer_size.height >= 4
            assert body.contains_region(message.region) and body.contains_region(button.region)
            assert not message.region.overlaps(button.region)
            assert "docs/deploy.md" in message.text

    asyncio.run(go())
