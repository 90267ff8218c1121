#!/usr/bin/env python3
"""Drive the real app on a fresh copy of sample_repo and save one SVG per phase into screenshots/.

    python scripts/screenshots.py [--out screenshots] [--size 120x36]

Writes analysis.svg (a section beside its facts), updates.svg (a diff and the live preview after a few
accepted fixes), validation.svg (checks after writing them) and commit.svg (the commit dialog).
Nothing is drawn by hand: these are `App.save_screenshot` of the app the CLI runs.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as _dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from k8sfix_tui.demo import create_demo_repo  # noqa: E402
from k8sfix_tui.tui.app import make_app  # noqa: E402

DOC = "docs/kubernetes-deployment.md"


async def wait_for(pilot, predicate, what: str, timeout: float = 60.0) -> None:
    """Let the app run until `predicate()` holds (a fixed number of pauses is not enough on a loaded machine)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        await pilot.pause(0.02)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def shoot(out: Path, size: tuple[int, int]) -> list[Path]:
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="k8sfix-shots-") as tmp:
        repo = create_demo_repo(Path(tmp) / "larkspur-platform")
        app = make_app(repo, today=_dt.date(2026, 1, 2), crash_shell=False)
        async with app.run_test(size=size) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            if app.analysis_state != "done":
                raise SystemExit(f"analysis failed: {app.analysis_error}")

            def save(name: str) -> None:
                path = out / name
                app.save_screenshot(filename=name, path=str(out))
                written.append(path)

            app.screen.select_title(DOC, "Workloads")
            await pilot.pause()
            save("analysis.svg")

            await pilot.press("2")
            await wait_for(pilot, lambda: getattr(app.screen, "up_to_date", False), "the updates screen")
            await pilot.press("a", "a", "a")  # accept the first three fixes (the cursor moves on)
            await wait_for(pilot, lambda: len(app.decisions.values) >= 3 and app.screen.up_to_date, "the decisions")
            save("updates.svg")

            await pilot.press("3")
            await wait_for(pilot, lambda: type(app.screen).__name__ == "ConfirmDialog", "the confirm dialog")
            await pilot.press("y")
            await wait_for(pilot, lambda: app.validation_state in ("done", "failed"), "the validation")
            save("validation.svg")

            await pilot.press("c")
            await wait_for(pilot, lambda: type(app.screen).__name__ == "CommitDialog", "the commit dialog")
            save("commit.svg")
            await pilot.press("escape")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    parser.add_argument("--size", default="120x36", help="terminal size WIDTHxHEIGHT (default 120x36)")
    args = parser.parse_args(argv)
    width, height = (int(x) for x in args.size.lower().split("x"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for path in asyncio.run(shoot(out, (width, height))):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
