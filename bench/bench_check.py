#!/usr/bin/env python3
"""Benchmark `k8sfix check`.

    python bench/bench_check.py [--files 2000] [--lines 5000] [--skip-sample]

1. The bundled sample repository: wall time of `python -m k8sfix_tui check sample_repo --doc ... --format json`
   in a fresh interpreter (interpreter start included). Target < 0.5 s.
2. A synthetic repository (bench/gen_repo.py, `--files` manifest files) with a generated Markdown document
   of `--lines` lines (prose, tables, YAML excerpts and bash blocks about the generated services, some of
   them deliberately wrong): time of facts, parse+extract and the drift check, each measured in a fresh
   subprocess. Target < 5 s for 2,000 files / 5,000 lines, and linear growth: the same at half size must
   take at least 1/2.2 of the time (2x input <= 2.2x time).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from gen_repo import generate  # noqa: E402

RUN = r"""
import json, sys, time
t0 = time.perf_counter()
from k8sfix_tui.facts import collect
from k8sfix_tui.drift import check, load_documents
from k8sfix_tui.drift.report import _extract
t1 = time.perf_counter()
facts = collect(sys.argv[1], kustomize_renderer="embedded")
t2 = time.perf_counter()
docs = load_documents(sys.argv[1], [sys.argv[2]])
claims = {d.path: _extract(d) for d in docs}
import k8sfix_tui.drift.report as R
spent = {"pitfalls": 0.0}
_orig = R._pitfalls
def _timed(f):
    t = time.perf_counter()
    try:
        return _orig(f)
    finally:
        spent["pitfalls"] += time.perf_counter() - t
R._pitfalls = _timed
t3 = time.perf_counter()
report = check(facts, docs, claims=claims)
t4 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "facts": t2 - t1, "doc": t3 - t2, "check": t4 - t3 - spent["pitfalls"],
                  "pitfalls": spent["pitfalls"], "total": t4 - t0,
                  "objects": len(facts.objects), "claims": sum(len(c) for c in claims.values()),
                  "findings": len(report.findings), "verified": len(report.verified),
                  "errors": report.summary.get("error", 0)}))
"""


def make_doc(repo: Path, lines: int, seed: int = 11) -> str:
    """A deployment document about the generated services: mostly right, one claim in ten wrong."""
    rng = random.Random(seed)
    services = []
    for path in sorted(repo.rglob("*.yaml")):
        if "kustomization" in path.name or "chart" in path.parts:
            continue
        text = path.read_text()
        m = re.search(r"kind: Deployment\nmetadata:\n  name: (\S+)[\s\S]*?replicas: (\d+)[\s\S]*?image: (\S+)", text)
        if m:
            services.append((m.group(1), int(m.group(2)), m.group(3), path.relative_to(repo).as_posix()))
    out = ["---", "title: Generated deployment guide", "owner: bench", "---", "", "# Platform deployment", ""]
    i = 0
    while len(out) < lines and services:
        name, replicas, image, path = services[i % len(services)]
        i += 1
        wrong = rng.random() < 0.1
        out += [f"## Service {name}", "",
                f"The `{name}` Deployment runs {replicas + (1 if wrong else 0)} replicas and listens on port 8080.",
                f"Its manifest is `{path if not wrong else path.replace('.yaml', '.yml')}`.", "",
                "| Component | Replicas | Image | CPU request | Memory limit |",
                "|-----------|----------|-------|-------------|--------------|",
                f"| {name} | {replicas} | `{image}` | 250m | {'1Gi' if not wrong else '2Gi'} |", "",
                "```yaml",
                "apiVersion: apps/v1",
                "kind: Deployment",
                "metadata:",
                f"  name: {name}",
                "spec:",
                f"  replicas: {replicas}",
                "```", "",
                "```bash",
                f"kubectl apply -f {path}",
                f"kubectl -n default rollout status deployment/{name}",
                "```", ""]
    return "\n".join(out[:lines]) + "\n"


def timed_subprocess(args: list[str]) -> float:
    """Wall seconds of a child process; its CPU seconds (user+sys) are kept in LAST_CPU."""
    global LAST_CPU
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    LAST_CPU = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall


LAST_CPU = 0.0


def bench_synthetic(files: int, lines: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="k8sfix-bench-") as tmp:
        repo = Path(tmp) / "repo"
        generate(repo, files)
        (repo / "docs").mkdir(exist_ok=True)
        (repo / "docs" / "deploy.md").write_text(make_doc(repo, lines))
        out = subprocess.run([sys.executable, "-c", RUN, str(repo), "docs/deploy.md"], cwd=ROOT,
                             capture_output=True, text=True, check=False)
        if out.returncode != 0:
            raise SystemExit(out.stderr)
        data = json.loads(out.stdout.strip().splitlines()[-1])
        data["cli_seconds"] = timed_subprocess([sys.executable, "-m", "k8sfix_tui", "check", str(repo), "--doc",
                                                "docs/deploy.md", "--format", "json", "--renderer", "embedded"])
        data["cli_cpu"] = LAST_CPU
        return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--skip-sample", action="store_true")
    args = parser.parse_args(argv)
    if not args.skip_sample and (ROOT / "sample_repo").is_dir():
        runs, cpus = [], []
        for _ in range(3):
            runs.append(timed_subprocess([sys.executable, "-m", "k8sfix_tui", "check", "sample_repo", "--doc",
                                          "docs/kubernetes-deployment.md", "--format", "json", "--renderer",
                                          "embedded"]))
            cpus.append(LAST_CPU)
        print(f"sample repo: check (fresh interpreter) best wall {min(runs):.3f} s, best CPU {min(cpus):.3f} s "
              f"(runs {', '.join(f'{r:.2f}' for r in runs)})  (target < 0.5 s)")
    half = bench_synthetic(args.files // 2, args.lines // 2)
    full = bench_synthetic(args.files, args.lines)
    for label, d in (("half", half), ("full", full)):
        print(f"{label}: {d['objects']} objects, {d['claims']} claims -> facts {d['facts']:.3f} s, "
              f"doc {d['doc']:.3f} s, drift rules {d['check']:.3f} s, pitfalls {d['pitfalls']:.3f} s, in-process total {d['total']:.3f} s, "
              f"CLI wall {d['cli_seconds']:.3f} s (CPU {d['cli_cpu']:.3f} s); {d['findings']} findings ({d['errors']} errors), "
              f"{d['verified']} verified")
    ratio = full["cli_seconds"] / max(half["cli_seconds"], 1e-9)
    check_ratio = full["check"] / max(half["check"], 1e-9)
    print(f"growth 2x input: CLI {ratio:.2f}x, drift check alone {check_ratio:.2f}x (target <= 2.2x); "
          f"full CLI {full['cli_seconds']:.2f} s (target < 5 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
