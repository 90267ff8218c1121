"""What keeps accepting a fix under 100 ms: one refresh per decision, the final picture in the first frame,
no footer rebuild when no key changes state, the analysis kept out of the cyclic GC's full passes."""

from __future__ import annotations

import asyncio
import gc

from k8sfix_tui.tui.app import make_app
from k8sfix_tui.tui.bindings import bindings_state, refresh_bindings_if_changed
from k8sfix_tui.tui.widgets.lineview import LineView

from .conftest import wait_until

SIZE = (120, 36)


async def _updates(pilot):
    await pilot.press("2")
    await wait_until(pilot, lambda: getattr(pilot.app.screen, "PHASE", "") == "updates", "the updates screen")
    screen = pilot.app.screen
    await wait_until(pilot, lambda: screen.up_to_date, "the first fix shown")
    return screen


def test_accept_shows_the_next_fix_once_and_the_first_frame_is_final(shared_repo, analysed) -> None:
    async def go() -> None:
        app = make_app(shared_repo, session=analysed, crash_shell=False)
        async with app.run_test(size=SIZE) as pilot:
            screen = await _updates(pilot)
            first = app.session.fixes[0]
            assert screen.current == ("fix", first.id)
            shown: list[object] = []
            original = screen._show_current

            def counting() -> None:
                shown.append(screen.current)
                original()

            screen._show_current = counting  # type: ignore[method-assign]
            frames: list[tuple[bool, float]] = []
            display = app._display

            def recording(scr, renderable) -> None:  # type: ignore[no-untyped-def]
                display(scr, renderable)
                if renderable is not None:
                    preview = screen.query_one("#preview", LineView)
                    frames.append((app.decisions.kind(first.id) == "accept" and screen.up_to_date,
                                   preview.scroll_y))

            app._display = recording  # type: ignore[method-assign]
            await pilot.press("a")
            await wait_until(pilot, lambda: frames and frames[-1][0], "a frame with the decision")
            assert app.decisions.kind(first.id) == "accept"
            nxt = screen.current
            assert nxt != ("fix", first.id) and nxt[0] == "fix"
            assert shown == [nxt]  # the decision's refresh showed the next fix; the cursor move did not redo it
            decided = [f for f in frames if f[0]]
            preview = screen.query_one("#preview", LineView)
            assert decided[0][1] == preview.scroll_y  # already scrolled to the change in the first such frame

    asyncio.run(go())


def test_footer_is_rebuilt_only_when_a_key_changes_state(shared_repo, analysed) -> None:
    async def go() -> None:
        app = make_app(shared_repo, session=analysed, crash_shell=False)
        async with app.run_test(size=SIZE) as pilot:
            screen = await _updates(pilot)
            calls: list[int] = []
            original = screen.refresh_bindings

            def counting() -> None:
                calls.append(1)
                original()

            screen.refresh_bindings = counting  # type: ignore[method-assign]
            assert not refresh_bindings_if_changed(screen)  # nothing changed since the screen was shown
            await pilot.press("a")  # undo becomes possible: the footer must change
            await wait_until(pilot, lambda: screen.up_to_date and len(app.decisions.values) == 1, "the decision")
            assert calls, "the footer was not refreshed although undo became available"
            assert bindings_state(screen) == getattr(screen, "_k8sfix_bindings_state")
            calls.clear()
            await pilot.press("a")  # same keys enabled as before: no footer rebuild
            await wait_until(pilot, lambda: screen.up_to_date and len(app.decisions.values) == 2, "the decision")
            assert calls == []

    asyncio.run(go())


def test_analysis_results_are_frozen_out_of_the_gc_and_thawed_on_exit(shared_repo, analysed) -> None:
    async def go() -> None:
        app = make_app(shared_repo, session=analysed, crash_shell=False)
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: app.analysis_state == "done", "the analysis")
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() == 0

    gc.unfreeze()
    asyncio.run(go())
