"""What the 120x36 / 80x24 review fixed: counts stay visible in the trees, the tables show the message,
the summary and the counters take one line at 80 columns, the fix header leaves room for the diff on a
short terminal, and border titles carry no emoji (their width differs between terminals)."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import DataTable, Static, Tree

from k8sfix_tui.tui.app import make_app
from k8sfix_tui.tui.widgets.lineview import LineView

from .conftest import wait_until


def _plain(label) -> str:  # noqa: ANN001 - a Rich Text or a str
    return getattr(label, "plain", str(label))


def _run(repo, session, size, body) -> None:  # noqa: ANN001
    async def go() -> None:
        app = make_app(repo, session=session, crash_shell=False)
        async with app.run_test(size=size) as pilot:
            await wait_until(pilot, lambda: app.analysis_state == "done", "the analysis")
            await body(app, pilot)

    asyncio.run(go())


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_tree_labels_start_with_their_counts_so_a_cut_title_keeps_them(shared_repo, analysed, size) -> None:
    async def body(app, pilot) -> None:  # noqa: ANN001
        outline = app.screen.query_one("#outline", Tree)
        sections = [n for n in outline.root.children[-1].children[0].children]
        assert sections and all(_plain(n.label)[0] in "✖✔" for n in sections)
        long_one = max(sections, key=lambda n: len(_plain(n.label)))
        width = outline.scrollable_content_region.width
        assert len(_plain(long_one.label)) + 8 > width  # a title that does not fit ...
        outline.move_cursor(long_one)
        await wait_until(pilot, lambda: 0 <= long_one.line - int(outline.scroll_y) < outline.size.height,
                         "the long section in view")
        shown = "".join(seg.text for seg in outline.render_line(long_one.line - int(outline.scroll_y)))
        count = _plain(long_one.label).split(" ", 1)[0]
        assert count.startswith("✖") and count in shown  # ... still shows its count
        await pilot.press("2")
        await wait_until(pilot, lambda: getattr(app.screen, "up_to_date", False), "the updates screen")
        section_nodes = app.screen.section_nodes
        assert section_nodes and all(_plain(n.label).startswith(("•", "✔")) for n in section_nodes)
        assert all("/" in _plain(n.label).split(" ")[1] for n in section_nodes)  # done/total right after

    _run(shared_repo, analysed, size, body)


def test_tables_put_the_message_right_after_the_short_columns(shared_repo, analysed) -> None:
    async def body(app, pilot) -> None:  # noqa: ANN001
        findings = app.screen.query_one("#findings", DataTable)
        pitfalls = app.screen.query_one("#pitfalls", DataTable)
        assert [str(c.label) for c in findings.columns.values()] == ["Severity", "Line", "Message", "Rule", "Area"]
        assert [str(c.label) for c in pitfalls.columns.values()] == ["Severity", "Message", "Where", "Area"]
        first = app.session.findings[0]
        row = findings.get_row(first.id)
        assert row[2].rstrip("…")[:20] == first.message[:20]

    _run(shared_repo, analysed, (120, 36), body)


def test_summary_counters_and_fix_header_fit_an_80x24_terminal(shared_repo, analysed) -> None:
    async def body(app, pilot) -> None:  # noqa: ANN001
        summary = app.screen.query_one("#summary", Static)
        await wait_until(pilot, lambda: summary.size.height > 0, "the summary")
        assert summary.outer_size.height == 1
        await pilot.press("2")
        await wait_until(pilot, lambda: getattr(app.screen, "up_to_date", False), "the updates screen")
        assert app.screen.query_one("#counters", Static).outer_size.height == 1
        header = app.screen.query_one("#fix-header", LineView)
        assert header.fit == 4 and header.outer_size.height <= 4
        assert app.screen.query_one("#diff", LineView).outer_size.height >= 5
        await pilot.resize_terminal(120, 36)
        await wait_until(pilot, lambda: header.fit == 8, "the taller header limit")

    _run(shared_repo, analysed, (80, 24), body)


def test_preview_border_title_has_no_emoji(shared_repo, analysed) -> None:
    async def body(app, pilot) -> None:  # noqa: ANN001
        await pilot.press("2")
        screen = app.screen
        await wait_until(pilot, lambda: getattr(screen, "up_to_date", False), "the updates screen")
        fx = next(f for f in app.session.fixes if f.section and not f.section[0].isascii())
        assert screen.select_fix(fx.id)
        title = str(screen.query_one("#preview", LineView).border_title)
        assert all(ch.isascii() or ch in "…—" for ch in title), title
        assert "Preview:" in title

    _run(shared_repo, analysed, (120, 36), body)
