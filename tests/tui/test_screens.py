"""Empty states, the crash-proof shell, help, command palette, jump from a failed check, rendered/source."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import DataTable, Markdown, OptionList, Static

from k8sfix_tui.tui.app import make_app
from k8sfix_tui.tui.screens.modals import ErrorDialog, EvidenceViewer, HelpScreen, help_rows

from .conftest import TODAY, wait_until

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
    """The UI's empty state for an analysis that found nothing. The real engine analyses the clean repo;
    the findings it adds about operations topics the short page does not cover (troubleshooting,
    rollouts; they ignore the project's `missing-topic = off`) are dropped, so what the app receives is
    exactly "no drift": everything else about this page must be clean."""
    from k8sfix_tui.engine import Session

    session = Session(clean_repo, ["docs/deploy.md"])
    report = session.analyse()
    topics = [f for f in session.findings if f.rule == "missing-topic"]
    assert [f for f in session.findings if f not in topics] == []
    session.findings = []
    report.findings = []
    session._fixes = [fx for fx in session.fixes if not set(fx.resolves) & {f.id for f in topics}]
    assert session.fixes == []

    async def go() -> None:
        app = make_app(clean_repo, ["docs/deploy.md"], session=session, crash_shell=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert app.analysis_state == "done", app.analysis_error
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
            await wait_until(pilot, lambda: app.screen is screen, "the error dialog closed")
            assert app.is_running
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
            await wait_until(pilot, lambda: app.screen is screen, "the viewer closed")
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
            await wait_until(pilot, lambda: type(app.screen).__name__ == "ConfirmDialog", "the confirm dialog")
            await pilot.press("y")  # validate the documents as they are (no fix accepted)
            await wait_until(pilot, lambda: app.validation_state in ("done", "failed"), "the validation")
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


def test_in_process_analysis_gives_the_same_results(shop_repo: Path) -> None:
    from k8sfix_tui.engine import Session

    async def go() -> tuple[list[str], list[str]]:
        app = make_app(shop_repo, offload=False, crash_shell=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert app.analysis_state == "done"
            return [f.message for f in app.session.findings], [f.id for f in app.session.fixes]

    in_app = asyncio.run(go())
    direct = Session(shop_repo)
    direct.analyse()
    assert in_app == ([f.message for f in direct.findings], [f.id for f in direct.fixes])


def test_offloaded_analysis_reports_progress_and_returns_a_session(shop_repo: Path) -> None:
    from k8sfix_tui.tui.offload import analyse_in_subprocess

    stages = []
    session = analyse_in_subprocess(str(shop_repo), None, None, lambda *a: stages.append(a[0]))
    assert session.fixes and session.findings and session.facts is not None
    assert "drift" in stages or len(stages) > 1


def test_offloaded_analysis_raises_the_childs_usage_error(shop_repo: Path) -> None:
    import pytest

    from k8sfix_tui.errors import UsageError
    from k8sfix_tui.tui.offload import analyse_in_subprocess

    with pytest.raises(UsageError, match="missing.md"):
        analyse_in_subprocess(str(shop_repo), ["docs/missing.md"], None, lambda *a: None)


def test_pitfalls_tab_lists_them_and_opens_their_evidence(shared_repo, analysed) -> None:
    pitfalls = list(analysed.report.pitfalls)
    assert pitfalls, "the sample repository has pitfalls"

    async def go() -> None:
        app = make_app(shared_repo, session=analysed, crash_shell=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("p")
            await pilot.pause()
            table = app.screen.query_one("#pitfalls", DataTable)
            assert table.row_count == len(pitfalls)
            assert pitfalls[0].message[:20] in str(app.screen.query_one("#pitfall-detail", Static).render())
            await pilot.press("o")
            await pilot.pause()
            assert isinstance(app.screen, EvidenceViewer)
            assert app.screen.path == pitfalls[0].evidence[0].path

    run(go())


def test_evidence_viewer_selects_a_long_line_without_scrolling_sideways(tmp_path: Path) -> None:
    """Selecting the evidence line used to leave the cursor at its end: on a long line the view scrolled
    sideways and every line lost its first columns."""
    from textual.widgets import TextArea

    lines = [f"line {n}" for n in range(1, 80)]
    lines[39] = "replicas: 3  # " + "a very long comment " * 12
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "web.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    async def go() -> None:
        app = make_app(tmp_path, autostart=False, crash_shell=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.push_screen(EvidenceViewer(str(tmp_path), "k8s/web.yaml", 40))
            await wait_until(pilot, lambda: isinstance(app.screen, EvidenceViewer), "the viewer")
            area = app.screen.query_one("#viewer-text", TextArea)
            await wait_until(pilot, lambda: area.cursor_location == (39, 0), "the evidence line selected")
            assert area.selected_text.rstrip("\n") == lines[39]
            assert area.scroll_offset.x == 0
            assert area.scroll_offset.y <= 39 < area.scroll_offset.y + area.scrollable_content_region.height

    run(go())
