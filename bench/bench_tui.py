#!/usr/bin/env python3
"""Benchmark the app's responsiveness on the bundled sample repository (a benchmark, not a timed test).

    python bench/bench_tui.py [--runs 5]

1. Time to interactive: from a fresh interpreter (`python -c`, imports included) to the first screen
   mounted and answering keys, with the analysis still running in its worker. Target < 1.5 s.
   Also reported: in-process time to interactive and the time until the analysis worker finishes.
2. Accept -> preview: on the Updates screen, the time from pressing `a` on a fix until the decision is
   recorded and the section preview (Session.preview + rendering) is updated. Target < 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = r"""
import asyncio, json, sys, time
t0 = time.perf_counter()
from k8sfix_tui.tui.app import make_app
async def main():
    app = make_app(sys.argv[1])
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        interactive = time.perf_counter() - t0
        state = app.analysis_state
        await pilot.press("f")  # a key is handled while the analysis still runs
        await app.workers.wait_for_complete()
        await pilot.pause()
        done = time.perf_counter() - t0
    print(json.dumps({"interactive": interactive, "analysis_done": done, "state_at_interactive": state}))
asyncio.run(main())
"""


def fresh_interpreter(repo: Path, runs: int) -> list[dict]:
    out = []
    for _ in range(runs):
        res = subprocess.run([sys.executable, "-c", CHILD, str(repo)], capture_output=True, text=True,
                             cwd=str(ROOT), env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=300)
        if res.returncode != 0:
            raise SystemExit(res.stderr[-2000:])
        out.append(json.loads(res.stdout.strip().splitlines()[-1]))
    return out


async def accept_to_preview(repo: Path, runs: int) -> tuple[list[float], list[float], list[float]]:
    from k8sfix_tui.tui.app import make_app

    app = make_app(repo)
    press_ms: list[float] = []
    handler_ms: list[float] = []
    preview_ms: list[float] = []
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        screen = app.screen
        fixes = [f.id for f in app.session.fixes][: runs]
        for fid in fixes:
            screen.select_fix(fid)
            await pilot.pause()
            t0 = time.perf_counter()
            app.decisions.decide([fid], "accept")  # what `a` does ...
            screen.decisions_changed([fid])  # ... and what the DecisionsChanged handler then runs
            handler_ms.append((time.perf_counter() - t0) * 1000)
            await pilot.pause()  # until Textual has laid out and painted the change
            press_ms.append((time.perf_counter() - t0) * 1000)
            preview_ms.append(screen.last_preview_ms or 0.0)
    return press_ms, preview_ms, handler_ms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="k8sfix TUI responsiveness")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    from k8sfix_tui.demo import create_demo_repo

    with tempfile.TemporaryDirectory(prefix="k8sfix-bench-") as tmp:
        repo = create_demo_repo(Path(tmp) / "larkspur-platform")
        fresh = fresh_interpreter(repo, args.runs)
        tti = [r["interactive"] for r in fresh]
        done = [r["analysis_done"] for r in fresh]
        print(f"time to interactive (fresh interpreter): median {statistics.median(tti):.3f} s, "
              f"max {max(tti):.3f} s over {len(tti)} runs (target < 1.5 s); analysis state when interactive: "
              f"{fresh[0]['state_at_interactive']}")
        print(f"analysis finished (fresh interpreter):   median {statistics.median(done):.3f} s")
        press, preview, handler = asyncio.run(accept_to_preview(repo, max(args.runs, 10)))
        print(f"accept -> preview updated (handler: decision, labels, diff, Session.preview, preview content): "
              f"median {statistics.median(handler):.1f} ms, max {max(handler):.1f} ms (target < 100 ms)")
        print(f"  of which Session.preview + section render: median {statistics.median(preview):.1f} ms")
        print(f"accept -> repainted on screen (incl. Textual layout and paint): median {statistics.median(press):.1f} ms,"
              f" max {max(press):.1f} ms over {len(press)} fixes")
        import os
        print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
