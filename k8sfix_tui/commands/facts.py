"""`k8sfix facts REPO [--json] [--renderer ...]`: what the repository really deploys.

Text summary by default (counts per area and a workloads table), JSON with `--json`. Source
errors go to stderr as `path:line: message` and are not fatal. Exit 0, or 2 on usage/fatal errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..facts import collect, facts_to_json
from ..model import Facts
from . import enclosing_repo_note, renderer_available, repo_dir

RENDERERS = ("auto", "embedded", "kubectl", "kustomize")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("repo", nargs="?", default=".", help="repository root (default: .)")
    parser.add_argument("--json", action="store_true", help="print the facts as JSON")
    parser.add_argument("--renderer", choices=RENDERERS, default="auto",
                        help="Kustomize renderer: auto (kubectl/kustomize when present, else embedded)")


def _distinct(items: list) -> int:
    """How many different objects `items` holds (kind, namespace-less name): an object rendered by
    several routes (plain manifests, an overlay, a chart) is one object in several routes."""
    return len({(getattr(i, "kind", type(i).__name__), getattr(i, "name", id(i))) for i in items})


def summary(facts: Facts) -> str:
    """The human-readable summary printed without --json."""
    kinds = [
        ("workloads", facts.workloads), ("services", facts.services), ("ingresses", facts.ingresses),
        ("pvcs", facts.pvcs), ("configmaps", facts.configmaps), ("secrets", facts.secrets), ("hpas", facts.hpas),
        ("pdbs", facts.pdbs), ("network policies", facts.network_policies),
    ]
    sources = [
        ("charts", len(facts.charts)), ("overlays", len(facts.overlays)), ("make targets", len(facts.make_targets)),
        ("commands", len(facts.commands)), ("hosts entries", len(facts.hosts_entries)),
        ("helm invocations", len(facts.helm_invocations)), ("workflows", len(facts.workflows)),
        ("profiles", len(facts.profiles)), ("errors", len(facts.errors)),
    ]
    routes = len({o.origin for o in facts.objects})
    lines = [f"Repository: {facts.repo}"]
    lines.append(f"  {'files':<18} {len(facts.files)}")
    lines.append(f"  {'objects':<18} {len(facts.objects)}" + (f"  (from {routes} routes; see below)" if routes > 1 else ""))
    for name, items in kinds:
        distinct = _distinct(items)
        lines.append(f"  {name:<18} {len(items)}" + (f"  ({distinct} distinct)" if distinct != len(items) else ""))
    lines += [f"  {name:<18} {count}" for name, count in sources]
    if facts.renderers:
        lines.append("  renderers          " + ", ".join(f"{k}={v}" for k, v in sorted(facts.renderers.items())))
    origins: dict[str, int] = {}
    for o in facts.objects:
        origins[o.origin] = origins.get(o.origin, 0) + 1
    if origins:
        lines.append("  objects by origin (each route renders its own copy of an object):")
        lines += [f"    {name}: {count}" for name, count in sorted(origins.items())]
    lines.append("")
    rows = [("KIND", "NAME", "NAMESPACE", "REPLICAS", "IMAGES", "ORIGIN", "SOURCE")]
    for w in facts.workloads:
        rows.append((w.kind, w.name, w.namespace or "-", "-" if w.replicas is None else str(w.replicas),
                     ",".join(c.image for c in w.containers) or "-", w.origin, str(w.source)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for r in rows:
        lines.append("  ".join(v.ljust(widths[i]) for i, v in enumerate(r[:-1])) + "  " + r[-1])
    if facts.charts:
        lines += ["", "Charts:"]
        for c in facts.charts:
            deps = f", {len(c.dependencies)} dependencies" if c.dependencies else ""
            lines.append(f"  {c.path}: {c.name} {c.version or '-'} ({len(c.templates)} templates{deps})  {c.source}")
    if facts.overlays:
        lines += ["", "Kustomize directories:"]
        for ov in facts.overlays:
            lines.append(f"  {ov.path}: namespace={ov.namespace or '-'} renderer={ov.renderer}  {ov.source}")
    if facts.make_targets:
        lines += ["", "Make targets:"]
        for t in facts.make_targets:
            lines.append(f"  {t.name}" + (f" - {t.help}" if t.help else "") + f"  {t.source}")
    if facts.helm_invocations:
        lines += ["", "Helm commands:"]
        for h in facts.helm_invocations:
            words = ["helm", h.action, h.release or "", h.chart] + (["-n", h.namespace] if h.namespace else [])
            words += [w for f in h.values_files for w in ("-f", f)]
            lines.append("  " + " ".join(w for w in words if w) + f"  {h.found_at}")
    if facts.profiles:
        lines.append("")
        lines.append("Profiles:")
        for p in facts.profiles:
            kinds_n = sum(1 for _ in p.objects)
            lines.append(f"  {p.name}: release={p.release or '-'} namespace={p.namespace or '-'} "
                         f"values={','.join(p.values_files) or '-'} objects={kinds_n}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    repo = Path(repo_dir(args.repo))
    renderer_available(args.renderer)
    facts = collect(repo, kustomize_renderer=args.renderer)
    for err in sorted(facts.errors, key=lambda e: (e.location.path, e.location.line, e.message)):
        print(f"{err.location.path}:{err.location.line or 1}: {err.message}", file=sys.stderr)
    note = enclosing_repo_note(str(repo), facts, args.repo)
    if note:
        print(note, file=sys.stderr)
    if args.json:
        json.dump(facts_to_json(facts), sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        print(summary(facts))
    return 0
