"""The whole flow on a temp git copy of sample_repo, driven through the keyboard with Pilot."""

from __future__ import annotations

from pathlib import Path

import asyncio

import git
import pytest
from textual.widgets import DataTable, TextArea

from k8sfix_tui.tui.app import make_app
from k8sfix_tui.tui.screens.commit import CommitDialog
from k8sfix_tui.tui.screens.modals import ConfirmDialog, EditFixDialog, EvidenceViewer

from .conftest import TODAY, wait_until

SIZE = (120, 36)


def _independent_fixes(fixes, n):
    """n single-line replace-value fixes without groups whose line ranges do not touch."""
    chosen = []
    for fx in fixes:
        if fx.kind != "replace-value" or fx.group or fx.start_line != fx.end_line:
            continue
        if any(abs(fx.start_line - c.start_line) <= 1 for c in chosen):
            continue
        if any(o is not fx and o.start_line <= fx.start_line <= o.end_line for o in fixes):
            continue  # covered by a bigger fix
        chosen.append(fx)
        if len(chosen) == n:
            break
    return chosen


def _expected(original: str, replacements: dict[int, str]) -> str:
    lines = original.splitlines(keepends=True)
    for line_no, text in replacements.items():
        lines[line_no - 1] = text
    return "".join(lines)


def test_whole_flow_accept_edit_reject_validate_commit(demo_repo: Path) -> None:
    asyncio.run(_test_whole_flow_accept_edit_reject_validate_commit(demo_repo))


async def _test_whole_flow_accept_edit_reject_validate_commit(demo_repo: Path) -> None:
    app = make_app(demo_repo, today=TODAY, crash_shell=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert app.analysis_state == "done", app.analysis_error
        session = app.session
        assert session.findings and session.fixes

        # -- phase 1: open a finding and its evidence --------------------------------------------
        finding = next(f for f in session.findings
                       if f.evidence and f.evidence[0].line > 0 and (demo_repo / f.evidence[0].path).is_file())
        await pilot.press("f")
        table = app.screen.query_one("#findings", DataTable)
        table.move_cursor(row=table.get_row_index(finding.id))
        await pilot.pause()
        assert finding.message[:20] in str(app.screen.query_one("#finding-detail").render())
        await pilot.press("o")
        await pilot.pause()
        viewer = app.screen
        assert isinstance(viewer, EvidenceViewer)
        ev = finding.evidence[0]
        assert (viewer.path, viewer.line) == (ev.path, ev.line)
        area = viewer.query_one("#viewer-text", TextArea)
        assert area.read_only
        await wait_until(pilot, lambda: area.cursor_location[0] == ev.line - 1, "the evidence line selected")
        assert area.selected_text.rstrip("\n") == (demo_repo / ev.path).read_text().splitlines()[ev.line - 1]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.PHASE == "analysis"

        # -- phase 2: three accepted, one edited, one rejected, one undone -----------------------
        picks = _independent_fixes(session.fixes, 6)
        assert len(picks) == 6, "the sample needs six independent one-line fixes"
        accept, edit, reject, undone = picks[:3], picks[3], picks[4], picks[5]
        doc = accept[0].doc_path
        assert all(p.doc_path == doc for p in picks)
        await pilot.press("2")
        await pilot.pause()
        updates = app.screen
        assert updates.PHASE == "updates"
        for fx in accept:
            assert updates.select_fix(fx.id)
            await pilot.press("a")
            await pilot.pause()
        assert updates.select_fix(edit.id)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EditFixDialog)
        assert dialog.query_one("#edit-text", TextArea).text == edit.new_text
        edited_line = edit.new_text.rstrip("\n") + " <!-- edited in k8sfix -->\n"
        dialog.query_one("#edit-text", TextArea).text = edited_line
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is updates and app.decisions.kind(edit.id) == "edit", "the edit")
        assert updates.select_fix(reject.id)
        await pilot.press("r")
        assert updates.select_fix(undone.id)
        await pilot.press("a")
        await pilot.pause()
        assert app.decisions.kind(undone.id) == "accept"
        await pilot.press("u")
        await pilot.pause()
        assert app.decisions.kind(undone.id) == "pending"
        counts = app.decisions.counts()
        assert (counts["accepted"], counts["edited"], counts["rejected"]) == (4, 1, 1)
        assert app.decisions.get(edit.id) == ("edit", edited_line)
        # the live preview shows the edited text; nothing was written yet
        updates.select_fix(edit.id)
        await pilot.pause()
        assert "edited in k8sfix" in updates.query_one("#preview").plain
        original = session.texts[doc]
        assert (demo_repo / doc).read_text() == original

        # -- phase 3: apply, validate, commit ----------------------------------------------------
        await pilot.press("3")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirm dialog")
        await pilot.press("y")
        await wait_until(pilot, lambda: app.validation_state in ("done", "failed"), "the validation")
        assert app.validation_state == "done", app.validation_error
        assert app.applied == [doc]
        assert app.screen.PHASE == "validation"
        checks = app.screen.query_one("#checks", DataTable)
        assert checks.row_count == len([c for c in app.validation.checks if c.category != "criteria"])
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CommitDialog), "the commit dialog")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.commit_sha or app.screen.query("#commit-error").first().display,
                         "the commit or its error")
        assert app.commit_sha, app.screen.query("#commit-error").first().render()
        assert app.errors == []

    expected = _expected(original, {**{fx.start_line: fx.new_text for fx in accept}, edit.start_line: edited_line})
    repo = git.Repo(demo_repo)
    assert repo.head.commit.hexsha == app.commit_sha
    assert repo.active_branch.name == f"docs/k8s-sync-{TODAY.isoformat()}"
    assert sorted(repo.head.commit.stats.files) == [doc]
    assert repo.git.show(f"HEAD:{doc}") + "\n" == expected or repo.git.show(f"HEAD:{doc}") == expected.rstrip("\n")
    assert not repo.is_dirty(untracked_files=True)


def test_quit_with_pending_decisions_asks(demo_repo: Path) -> None:
    asyncio.run(_test_quit_with_pending_decisions_asks(demo_repo))


async def _test_quit_with_pending_decisions_asks(demo_repo: Path) -> None:
    app = make_app(demo_repo, today=TODAY, crash_shell=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert app.decisions.any_decided
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await wait_until(pilot, lambda: getattr(app.screen, "PHASE", "") == "updates", "the dialog closed")
        assert app.is_running
        assert app.decisions.any_decided  # decisions kept
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running or app._exit_renderables is not None
    assert app.return_code == 0
    assert git.Repo(demo_repo).is_dirty() is False  # nothing was written


def test_quit_without_decisions_does_not_ask(demo_repo: Path) -> None:
    asyncio.run(_test_quit_without_decisions_does_not_ask(demo_repo))


async def _test_quit_without_decisions_does_not_ask(demo_repo: Path) -> None:
    app = make_app(demo_repo, crash_shell=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
