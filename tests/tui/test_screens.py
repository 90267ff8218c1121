"""Empty states, the crash-proof shell, help, command palette, jump from a failed check, rendered/source."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import DataTable, Markdown, OptionList, Static

from k8sfix_tui.tui.app import make_app
from k8sfix_tui.tui.screens.modals import ErrorDialog, EvidenceViewer, HelpScreen, help_rows

from .conftest import TODAY

SIZE = (120, 36)


def _text(widget: Static) -> str:
    return str(widget.render())


def run(coro) -> None:
    asyncio.run(coro)


def test_repo_without_kubernetes_files_shows_empty_state(no_k8s_repo: Path) -> None:
    async def go() -> None:
        app = make_app(no_k8s_repo, crash_shell=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert app.analysis_state == "done", app.analysis_error
            empty = app.screen.query_one("#empty-state", Static)
            assert empty.display and "No Kubernetes files found" in _text(empty)
            assert not app.screen.query_one("#analysis-body").display
            await pilot.press("2")
            await pilot.pause()
            message = app.screen.query_one("#updates-empty", Static)
            assert message.display and "Nothing to update" in _text(message)
            assert app.errors == []

    run(go())


def test_document_without_findings_says_so(clean_repo: Path) -> None:
    async def go() -> None:
        app = make_app(clean_repo, ["docs/deploy.md"], crash_shell=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert app.analysis_state == "done", app.analysis_error
            assert [f.message for f in app.session.findings] == []
            assert "No drift" in _text(app.screen.query_one("#summary", Static))
            await pilot.press("f")
            await pilot.pause()
            assert "No findings" in _text(app.screen.query_one("#finding-detail", Static))
            await pilot.press("2")
            await pilot.pause()
            assert "Nothing to update" in _text(app.screen.query_one("#updates-empty", Static))

    run(go())


def test_missing_document_is_a_clear_failure_not_a_crash(clean_repo: Path) -> None:
    async def go() -> None:
        app = make_app(clean_repo, ["docs/nope.md"], crash_shell=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert app.analysis_state == "failed"
            assert "docs/nope.md" in _text(app.screen.query_one("#empty-state", Static))
            assert not isinstance(app.screen, ErrorDialog)  # a K8sfixError is a message, not a crash

    run(go())


def test_unexpected_error_in_a_handler_opens_error_dialog_and_keeps_decisions(shared_repo, analysed) -> None:
    async def go() -> None:
        app = make_app(shared_repo, session=analysed, crash_shell=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("2")
            await pilot.pause()
            await pilot.press("a")
            await pilot.pause()
            kept = dict(app.decisions.values)
            assert kept
            screen = app.screen

            original = screen._show_current
            calls = []

            def boom(*_args):
                calls.append(1)
                if len(calls) == 1:
                    raise RuntimeError("kaboom in a handler")
                original()

            screen._show_current = boom  # the next decision's refresh raises
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, ErrorDialog)
            assert "kaboom" in app.screen.details
            copied = []
            app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
            await pilot.press("c")
            assert copied and "kaboom" in copied[0]
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen and app.is_running
            assert app.decisions.values  # decisions survive the error
            await pilot.press("u")  # the screen still works
            await pilot.pause()
            assert app.decisions.values == kept

    run(go())


def test_help_screen_is_generated_from_bindings(shared_repo, analysed) -> None:
    async def go() -> None:
        app = make_app(shared_repo, session=analysed, crash_shell=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("2")
            await pilot.pause()
            rows = help_rows(app.screen)
            described = {desc.split(" — ")[0] for _key, desc, _where in rows}
            assert {"Accept", "Reject", "Edit", "Undo", "Accept section", "Reject section", "Help", "Quit"} <= described
            assert all(desc for _k, desc, _w in rows)
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            assert app.screen.query_one("#help-table", DataTable).row_count == len(app.screen.rows)
            await pilot.press("escape")

    run(go())


def test_every_binding_has_a_description() -> None:
    from k8sfix_tui.tui.app import K8sfixApp
    from k8sfix_tui.tui.screens import analysis, commit, modals, updates, validation

    classes = [K8sfixApp, analysis.AnalysisScreen, updates.UpdatesScreen, validation.ValidationScreen,
               commit.CommitDialog, modals.ConfirmDialog, modals.ErrorDialog, modals.EvidenceViewer,
               modals.EditFixDialog, modals.HelpScreen]
    for cls in classes:
        for b in cls.BINDINGS:
            assert b.description, f"{cls.__name__}: binding {b.key} has no description"


def test_command_palette_lists_app_actions(shared_repo, analysed) -> None:
    async def go() -> None:
        app = make_app(shared_repo, session=analysed, crash_shell=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            titles = [c.title for c in app.get_system_commands(app.screen)]
            for wanted in ("Phase 1: Analysis", "Phase 2: Updates", "Phase 3: Validation and commit",
                           "Re-run analysis", "Toggle source/rendered Markdown", "Search findings"):
                assert wanted in titles
            toggle = next(c for c in app.get_system_commands(app.screen) if c.title.startswith("Toggle source"))
            toggle.callback()
            await pilot.pause()
            assert app.screen.show_rendered

    run(go())


def test_section_rendered_and_source_with_facts_beside(shared_repo, analysed) -> None:
    async def go() -> None:
        app = make_app(shared_repo, session=analysed, crash_shell=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            workloads = next(f for f in analysed.findings if f.area == "workloads" and f.doc
                             and f.doc.section.endswith("Workloads"))
            assert screen.select_line(workloads.doc.path, workloads.doc.line)
            await pilot.pause()
            source = str(screen.query_one("#doc-source-text", Static).render())
            assert f"✖ {workloads.doc.line}" in source  # the finding's line is marked by a symbol
            facts = screen.query_one("#facts", OptionList)
            assert facts.option_count > 0
            wheres = list(screen._fact_locations.values())
            assert any(w.startswith(("k8s/", "deploy/")) and ":" in w for w in wheres)
            prompts = [str(facts.get_option_at_index(i).prompt) for i in range(facts.option_count)]
            assert any("replicas" in p and ("k8s/" in p or "deploy/" in p) for p in prompts)
            facts.highlighted = next(i for i, p in enumerate(prompts) if "k8s/" in p or "deploy/" in p)
            await pilot.press("o")  # opens the fact's source file at its line
            await pilot.pause()
            assert isinstance(app.screen, EvidenceViewer) and app.screen.path.startswith(("k8s/", "deploy/"))
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("s")
            await pilot.pause()
            assert screen.query_one("#doc-switch").current == "doc-rendered"
            md = screen.query_one("#doc-rendered-md", Markdown)
            assert md.source.lstrip().startswith("##")

    run(go())


def test_filters_and_search(shared_repo, analysed) -> None:
    async def go() -> None:
        app = make_app(shared_repo, session=analysed, crash_shell=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            table = screen.query_one("#findings", DataTable)
            total = table.row_count
            await pilot.press("v")  # severity: error
            await pilot.pause()
            assert table.row_count == sum(1 for f in analysed.findings if not f.waived and f.severity == "error")
            await pilot.press("x")
            await pilot.press("slash")
            await pilot.press(*"kafka")
            await pilot.pause()
            assert 0 < table.row_count < total
            await pilot.press("escape")
            await pilot.pause()
            assert table.row_count == total

    run(go())


def test_jump_from_failed_check_to_fix_or_section(demo_repo: Path) -> None:
    async def go() -> None:
        app = make_app(demo_repo, today=TODAY, crash_shell=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("3")
            await pilot.pause()
            await pilot.press("y")  # validate the documents as they are (no fix accepted)
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert app.validation_state == "done"
            failed = [c for c in app.validation.checks if c.status == "fail" and c.location
                      and ":" in c.location and c.category != "criteria"]
            assert failed, "the drifted sample document fails some document check"
            await pilot.press("j")
            await pilot.pause()
            assert app.screen.PHASE in ("updates", "analysis")
            if app.screen.PHASE == "updates":
                assert app.screen.current and app.screen.current[0] == "fix"
            else:
                assert app.screen.current_node is not None

    run(go())
