#!/usr/bin/env python3
"""Benchmark `k8sfix_tui.facts.collect` against a plain `yaml.load_all(CSafeLoader)` parse.

    python bench/bench_facts.py [--files 2000] [--renderer embedded]

Generates a synthetic repository (bench/gen_repo.py) into a temp dir, then, each in a fresh
subprocess: parses every manifest file with `yaml.load_all(CSafeLoader)`, and runs `collect()`.
Prints wall times and peak RSS (from `resource.getrusage`). Targets: collect < 3 s, < 400 MB,
and within 2x of the plain parse.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from gen_repo import generate  # noqa: E402

PLAIN = r"""
import json, resource, sys, time, yaml
from pathlib import Path
root = Path(sys.argv[1])
files = sorted(p for p in root.rglob("*.yaml") if "kustomization" not in p.name and "chart" not in p.parts)
ru0 = resource.getrusage(resource.RUSAGE_SELF)
cpu0 = ru0.ru_utime + ru0.ru_stime
t = time.perf_counter()
n = 0
for p in files:
    n += sum(1 for d in yaml.load_all(p.read_text(), Loader=yaml.CSafeLoader) if d)
dt = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": dt, "cpu": ru.ru_utime + ru.ru_stime - cpu0, "docs": n, "files": len(files),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

COLLECT = r"""
import json, resource, sys, time
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
from k8sfix_tui.facts import collect
ru0 = resource.getrusage(resource.RUSAGE_SELF)
cpu0 = ru0.ru_utime + ru0.ru_stime
t = time.perf_counter()
facts = collect(sys.argv[1], kustomize_renderer=sys.argv[2])
dt = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": dt, "cpu": ru.ru_utime + ru.ru_stime - cpu0, "objects": len(facts.objects), "workloads": len(facts.workloads),
                  "errors": len(facts.errors), "renderers": facts.renderers,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rss_before_mb": base / 1024}))
"""


def _run(code: str, *args: str) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as for an installed package
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         cwd=str(HERE.parent), check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--renderer", default="embedded", help="kustomize renderer for collect()")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="also print one JSON line with every figure")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        n = generate(repo, args.files)
        print(f"generated {args.files} manifest files, {n} objects")
        plains = [_run(PLAIN, str(repo)) for _ in range(args.repeat)]
        cols = [_run(COLLECT, str(repo), args.renderer) for _ in range(args.repeat)]
    # best of the runs, CPU and wall separately (other processes may load the machine)
    plain = dict(min(plains, key=lambda r: r["cpu"]), seconds=min(r["seconds"] for r in plains))
    col = dict(min(cols, key=lambda r: r["cpu"]), seconds=min(r["seconds"] for r in cols),
               rss_mb=max(r["rss_mb"] for r in cols))
    print(f"plain yaml.load_all(CSafeLoader): {plain['seconds']:.2f} s wall, {plain['cpu']:.2f} s CPU  ({plain['docs']} docs in "
          f"{plain['files']} files, peak RSS {plain['rss_mb']:.0f} MB)")
    print(f"collect():                        {col['seconds']:.2f} s wall, {col['cpu']:.2f} s CPU  ({col['objects']} objects, "
          f"{col['workloads']} workloads, {col['errors']} errors, peak RSS {col['rss_mb']:.0f} MB, "
          f"renderers {col['renderers']})")
    print(f"ratio collect/plain: {col['seconds'] / plain['seconds']:.2f}x wall, {col['cpu'] / plain['cpu']:.2f}x CPU")
    if args.json:
        print(json.dumps({"files": args.files, "plain": plain, "collect": col,
                          "ratio_cpu": col["cpu"] / plain["cpu"], "ratio_wall": col["seconds"] / plain["seconds"]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
