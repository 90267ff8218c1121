"""LineView: text, scroll position and height are right in the first frame after `update()`."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.content import Content

from k8sfix_tui.tui.widgets.lineview import LineView

from .conftest import wait_until


class _Host(App[None]):
    CSS = "#plain { height: 5; } #wrapped { height: 4; }"

    def compose(self) -> ComposeResult:
        yield LineView(id="plain")
        yield LineView(id="wrapped", wrap=True)
        yield LineView(id="fitted", wrap=True, fit=3)


def _row_text(view: LineView, y: int) -> str:
    return "".join(seg.text for seg in view.render_line(y)).rstrip()


def test_update_scrolls_at_once_and_renders_the_visible_rows() -> None:
    async def go() -> None:
        app = _Host()
        async with app.run_test(size=(30, 20)) as pilot:
            await pilot.pause()
            view = app.query_one("#plain", LineView)
            view.update("\n".join(f"line {n}" for n in range(100)), scroll_y=50)
            assert view.scroll_y == 50  # before any layout or frame
            assert view.virtual_size.height == 100 and view.row_count == 100
            assert _row_text(view, 0) == "line 50"
            view.update("short", scroll_y=10)  # clamped to what fits
            assert view.scroll_y == 0 and _row_text(view, 0) == "short"
            assert view.plain == "short"
            view.update("")
            assert view.row_count == 0 and _row_text(view, 0) == ""

    asyncio.run(go())


def test_wrap_follows_the_width_and_leaves_room_for_the_scrollbar() -> None:
    async def go() -> None:
        app = _Host()
        async with app.run_test(size=(30, 20)) as pilot:
            await pilot.pause()
            view = app.query_one("#wrapped", LineView)
            words = " ".join(f"word{n}" for n in range(12))  # 82 cells
            view.update(words)
            width = view.size.width
            assert view.row_count > 1
            assert all(len(_row_text(view, y)) <= width for y in range(view.row_count))
            assert " ".join(_row_text(view, y) for y in range(view.row_count)).split() == words.split()
            view.update("\n".join([words] * 3))  # taller than the view: wrapped narrower, for the scrollbar
            bar = view.styles.scrollbar_size_vertical
            assert all(len(_row_text(view, y)) <= width - bar for y in range(4))
            await pilot.resize_terminal(60, 20)
            await wait_until(pilot, lambda: view.size.width > width, "the wider layout")
            assert max(len(_row_text(view, y)) for y in range(min(4, view.row_count))) > width - bar

    asyncio.run(go())


def test_fit_grows_with_the_rows_up_to_its_limit_and_styles_resolve_theme_variables() -> None:
    async def go() -> None:
        app = _Host()
        async with app.run_test(size=(30, 20)) as pilot:
            await pilot.pause()
            view = app.query_one("#fitted", LineView)
            view.update(Content.from_markup("[$success]ok[/]"))
            await pilot.pause()
            assert view.outer_size.height == 1
            segments = [s for s in view.render_line(0) if s.text.strip()]
            assert segments[0].text == "ok" and segments[0].style and segments[0].style.color is not None
            view.update("\n".join("abcdefghij" for _ in range(10)))
            await wait_until(pilot, lambda: view.outer_size.height == 3, "the fitted height")
            assert view.row_count == 10  # the rest scrolls

    asyncio.run(go())
