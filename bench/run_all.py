#!/usr/bin/env python3
"""Run every k8sfix benchmark and print one table of targets and measured figures.

    python bench/run_all.py [--quick] [--write bench/RESULTS.md] [--skip tui,check,...]

Each benchmark runs as its own script (fresh interpreters, bytecode caching on as for an installed
package) and reports the best of several runs, CPU (user+sys from `resource.getrusage` /
`time.process_time`) and wall separately: other processes may be loading the machine, so CPU is
the figure to compare with a target; wall is what a user waited here. The machine load (1-minute
load average before and after each benchmark) and the core count are printed with the table.

Benchmarks: bench_facts.py (facts on 2,000 files), bench_check.py (check on the sample repository
and on a 2,000-file repository with a 5,000-line document, and at half size for growth),
bench_helm.py (40 templates, 1,500 helper lines), bench_tui.py (time to interactive).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def _run(script: str, args: list[str], timeout: int) -> tuple[str, float, float, float]:
    """stdout, wall seconds, load before, load after."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = _load()
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, str(HERE / script), *args], capture_output=True, text=True,
                          cwd=str(HERE.parent), env=env, timeout=timeout, check=False)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"{script} failed ({proc.returncode}): {proc.stderr.strip()[-600:]}")
    return proc.stdout, wall, before, _load()


def _last_json(text: str) -> dict:
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError("no JSON line in benchmark output")


def _fmt(x: float | None, unit: str = "s") -> str:
    if x is None:
        return "-"
    if unit == "MB":
        return f"{x:.0f} MB"
    if unit == "x":
        return f"{x:.2f}x"
    return f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def _verdict(value: float | None, limit: float) -> str:
    if value is None:
        return "?"
    return "met" if value < limit else "NOT met"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and a smaller synthetic repository")
    parser.add_argument("--skip", default="", help="comma-separated: facts,check,helm,tui")
    parser.add_argument("--write", metavar="FILE", help="also write the table as Markdown to FILE")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per benchmark")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    runs = "2" if args.quick else "3"
    files = "500" if args.quick else "2000"
    lines = "1250" if args.quick else "5000"
    rows: list[tuple[str, str, str, str, str, str]] = []  # target, cpu, wall, verdict, load, notes
    notes: list[str] = []

    def add(target: str, cpu: str, wall: str, verdict: str, load: tuple[float, float], note: str = "") -> None:
        rows.append((target, cpu, wall, verdict, f"{load[0]:.1f} / {load[1]:.1f}", note))
        print(f"  {target}: CPU {cpu}, wall {wall} -> {verdict}", flush=True)

    def _bench_facts() -> None:
        out, _, lb, la = _run("bench_facts.py", ["--files", files, "--repeat", runs, "--json"], args.timeout)
        d = _last_json(out)
        c, p = d["collect"], d["plain"]
        add(f"`k8sfix facts` core (`collect`), {d['files']} files / {c['objects']} objects: < 3 s",
            _fmt(c["cpu"]), _fmt(c["seconds"]), _verdict(c["cpu"], 3.0), (lb, la))
        add("  ... peak RSS < 400 MB", _fmt(c["rss_mb"], "MB"), "", _verdict(c["rss_mb"], 400), (lb, la))
        add(f"  ... within 2x of `yaml.load_all(CSafeLoader)` ({_fmt(p['cpu'])} CPU)", _fmt(d["ratio_cpu"], "x"),
            _fmt(d["ratio_wall"], "x"), _verdict(d["ratio_cpu"], 2.0), (lb, la))

    def _bench_check() -> None:
        out, _, lb, la = _run("bench_check.py", ["--files", files, "--lines", lines, "--runs", runs, "--json"],
                              args.timeout)
        d = _last_json(out)
        s = d.get("sample")
        if s:
            add(f"`k8sfix check sample_repo` incl. interpreter start, default renderer ({s['renderer']}), "
                "warm render cache: < 0.5 s", _fmt(s["auto_warm"]["cpu"]), _fmt(s["auto_warm"]["wall"]),
                _verdict(s["auto_warm"]["cpu"], 0.5), (lb, la))
            add("  ... cold render cache (external renderer runs)", _fmt(s["auto_cold"]["cpu"]),
                _fmt(s["auto_cold"]["wall"]), _verdict(s["auto_cold"]["cpu"], 0.5), (lb, la),
                "CPU includes the kubectl children")
            add("  ... `--renderer embedded`", _fmt(s["embedded"]["cpu"]), _fmt(s["embedded"]["wall"]),
                _verdict(s["embedded"]["cpu"], 0.5), (lb, la))
        full, half, g = d["full"], d["half"], d["growth"]
        add(f"`k8sfix check`, {full['files']} files ({full['objects']} objects) + {full['doc_lines']}-line doc: < 5 s",
            _fmt(full["cli_cpu"]), _fmt(full["cli_seconds"]), _verdict(full["cli_cpu"], 5.0), (lb, la),
            f"in-process CPU: facts {full['facts_cpu']:.2f}, doc {full['doc_cpu']:.2f}, drift rules "
            f"{full['check_cpu']:.2f}, pitfalls {full['pitfalls_cpu']:.2f}")
        add(f"  ... 2x input ({half['files']} -> {full['files']} files) at most 2.2x time", _fmt(g["cli_cpu"], "x"),
            _fmt(g["cli_seconds"], "x"), _verdict(g["cli_cpu"], 2.2), (lb, la),
            f"drift rules {g['check_cpu']:.2f}x, pitfalls {g['pitfalls_cpu']:.2f}x, facts {g['facts_cpu']:.2f}x, "
            f"doc {g['doc_cpu']:.2f}x")

    def _bench_helm() -> None:
        out, _, lb, la = _run("bench_helm.py", ["--runs", "5", "--json"], args.timeout)
        d = _last_json(out)
        add(f"Helm: chart of {d['templates']} templates + {d['helper_lines']} helper lines, cold render: < 0.5 s",
            _fmt(d["cold_cpu"]), _fmt(d["cold_wall"]), _verdict(d["cold_cpu"], 0.5), (lb, la),
            f"warm {d['warm_cpu']:.3f} s CPU")

    for name, bench in (("facts", _bench_facts), ("check", _bench_check), ("helm", _bench_helm)):
        if name in skip:
            continue
        print(f"running bench_{name}.py ...", flush=True)
        try:
            bench()
        except (RuntimeError, ValueError, KeyError, subprocess.TimeoutExpired) as exc:
            notes.append(f"bench_{name}.py failed: {exc}")
            print(notes[-1], flush=True)
    if "tui" not in skip:
        print("running bench_tui.py ...", flush=True)
        try:
            out, _, lb, la = _run("bench_tui.py", ["--runs", runs], args.timeout)
            m = re.search(r"time to interactive \(fresh interpreter\): median ([\d.]+) s", out)
            tti = float(m.group(1)) if m else None
            m2 = re.search(r"analysis finished \(fresh interpreter\):\s+median ([\d.]+) s", out)
            m3 = re.search(r"accept -> preview updated:\s+median ([\d.]+) ms", out)
            add("App: analysis screen interactive after launch (sample repo): < 1.5 s", "-", _fmt(tti),
                _verdict(tti, 1.5), (lb, la),
                "; ".join(part for part in (f"analysis finished {m2.group(1)} s" if m2 else "",
                                            f"accept -> preview {m3.group(1)} ms (median)" if m3 else "",
                                            "wall only (bench_tui.py)") if part))
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            notes.append(f"bench_tui.py failed: {exc}")
    when = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    header = (f"Measured {when} on {platform.machine()} with {os.cpu_count()} cores, Python "
              f"{platform.python_version()}; best of {runs} runs; load = 1-minute load average before / after.")
    table = ["| Target | CPU | Wall | Verdict (CPU) | Load | Notes |", "| --- | --- | --- | --- | --- | --- |"]
    table += [f"| {' | '.join(r)} |" for r in rows]
    print()
    print(header)
    print("\n".join(table))
    for n in notes:
        print(n)
    if args.write:
        Path(args.write).write_text("# Benchmark results\n\n" + header + "\n\n" + "\n".join(table) + "\n"
                                    + "".join(f"\n{n}\n" for n in notes), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
