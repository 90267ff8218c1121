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
            await pilot.pause()
            await pilot.press("a", "a", "a")  # accept the first three fixes (the cursor moves on)
            await pilot.pause()
            save("updates.svg")

            await pilot.press("3")
            await pilot.pause()
            await pilot.press("y")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            save("validation.svg")

            await pilot.press("c")
            await pilot.pause()
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
