#!/usr/bin/env python3
"""Benchmark `k8sfix_tui.facts.collect` against a plain `yaml.load_all(CSafeLoader)` parse.

    python bench/bench_facts.py [--files 2000] [--renderer embedded] [--overlays 300]

Generates a synthetic repository (bench/gen_repo.py) into a temp dir, then, each in a fresh
subprocess: parses every manifest file with `yaml.load_all(CSafeLoader)`, and runs `collect()`.
Prints wall times and peak RSS (from `resource.getrusage`). Targets: collect < 3 s, < 400 MB,
and within 2x of the plain parse.

`--overlays N` adds a "many kustomizations" case (the kubeflow/manifests shape): N overlays over
12 shared bases (each a Deployment, a Service and a large CRD, the kind of object whose field lines
dominate), every overlay with a namespace, a name prefix, a strategic merge patch and a JSON 6902
patch, some pulling in two bases and a component; `collect()` runs on it with `--renderer`.
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


CRD_PROPS = 60  # properties per CRD schema level (x3 levels): ~2,000 field lines per CRD


def _crd(name: str) -> str:
    lines = ["apiVersion: apiextensions.k8s.io/v1", "kind: CustomResourceDefinition", "metadata:",
             f"  name: {name}s.example.com", "  labels:", "    app.kubernetes.io/part-of: bench", "spec:",
             "  group: example.com", "  names:", f"    kind: {name.title()}", f"    plural: {name}s", "  scope: Namespaced",
             "  versions:", "    - name: v1", "      served: true", "      storage: true", "      schema:",
             "        openAPIV3Schema:", "          type: object", "          properties:"]
    for i in range(CRD_PROPS):
        lines += [f"            field{i}:", "              type: object", f"              description: field {i}",
                  "              properties:"]
        for j in range(10):
            lines += [f"                sub{j}:", "                  type: string", f"                  default: v{i}-{j}"]
    return "\n".join(lines) + "\n"


def generate_overlays(root: Path, overlays: int, bases: int = 12) -> int:
    """Write `overlays` Kustomize overlays over `bases` shared bases (and one component) under
    `root`; returns the number of kustomization files."""
    for b in range(bases):
        d = root / "kustomize" / "bases" / f"svc{b}"
        d.mkdir(parents=True, exist_ok=True)
        (d / "deployment.yaml").write_text(
            f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc{b}\n  labels:\n    app: svc{b}\n"
            f"spec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: svc{b}\n  template:\n    metadata:\n"
            f"      labels:\n        app: svc{b}\n    spec:\n      containers:\n        - name: app\n"
            f"          image: registry.example.com/svc{b}:1.0.{b}\n          ports:\n            - containerPort: 8080\n"
            f"          env:\n            - name: MODE\n              value: base\n")
        (d / "service.yaml").write_text(
            f"apiVersion: v1\nkind: Service\nmetadata:\n  name: svc{b}\nspec:\n  selector:\n    app: svc{b}\n"
            f"  ports:\n    - port: 80\n      targetPort: 8080\n")
        (d / "crd.yaml").write_text(_crd(f"thing{b}"))
        (d / "kustomization.yaml").write_text(
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
            "resources:\n  - deployment.yaml\n  - service.yaml\n  - crd.yaml\n"
            f"commonLabels:\n  team: t{b % 3}\n")
    comp = root / "kustomize" / "components" / "monitoring"
    comp.mkdir(parents=True, exist_ok=True)
    (comp / "kustomization.yaml").write_text(
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
        "commonAnnotations:\n  prometheus.io/scrape: \"true\"\n")
    for o in range(overlays):
        b = o % bases
        d = root / "kustomize" / "overlays" / f"env{o}"
        d.mkdir(parents=True, exist_ok=True)
        res = [f"../../bases/svc{b}"] + ([f"../../bases/svc{(b + 1) % bases}"] if o % 4 == 0 else [])
        (d / "replicas.yaml").write_text(
            f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc{b}\nspec:\n  replicas: {o % 5 + 2}\n")
        (d / "image.yaml").write_text(
            f"- op: replace\n  path: /spec/template/spec/containers/0/env/0/value\n  value: env{o}\n")
        text = ("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                f"namespace: env{o}\nnamePrefix: e{o}-\nresources:\n" + "".join(f"  - {r}\n" for r in res)
                + "patches:\n  - path: replicas.yaml\n  - path: image.yaml\n    target:\n      kind: Deployment\n"
                f"      name: svc{b}\n")
        if o % 3 == 0:
            text += "components:\n  - ../../components/monitoring\n"
        (d / "kustomization.yaml").write_text(text)
    return bases + 1 + overlays


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
    parser.add_argument("--overlays", type=int, default=0,
                        help="also time collect() on N Kustomize overlays over shared bases (0: skip)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        n = generate(repo, args.files)
        print(f"generated {args.files} manifest files, {n} objects")
        plains = [_run(PLAIN, str(repo)) for _ in range(args.repeat)]
        cols = [_run(COLLECT, str(repo), args.renderer) for _ in range(args.repeat)]
        many = None
        if args.overlays > 0:
            krepo = Path(tmp) / "many"
            nk = generate_overlays(krepo, args.overlays)
            print(f"generated {nk} kustomizations ({args.overlays} overlays)")
            runs = [_run(COLLECT, str(krepo), args.renderer) for _ in range(args.repeat)]
            many = dict(min(runs, key=lambda r: r["cpu"]), seconds=min(r["seconds"] for r in runs),
                        rss_mb=max(r["rss_mb"] for r in runs), kustomizations=nk)
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
    if many is not None:
        print(f"collect() on {many['kustomizations']} kustomizations: {many['seconds']:.2f} s wall, {many['cpu']:.2f} s CPU "
              f"({many['objects']} objects, {many['errors']} errors, peak RSS {many['rss_mb']:.0f} MB, "
              f"renderers {many['renderers']})")
    if args.json:
        figures = {"files": args.files, "plain": plain, "collect": col,
                   "ratio_cpu": col["cpu"] / plain["cpu"], "ratio_wall": col["seconds"] / plain["seconds"]}
        if many is not None:
            figures["many_kustomizations"] = many
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
