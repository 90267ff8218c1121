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
from . import renderer_available, repo_dir

RENDERERS = ("auto", "embedded", "kubectl", "kustomize")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("repo", nargs="?", default=".", help="repository root (default: .)")
    parser.add_argument("--json", action="store_true", help="print the facts as JSON")
    parser.add_argument("--renderer", choices=RENDERERS, default="auto",
                        help="Kustomize renderer: auto (kubectl/kustomize when present, else embedded)")


def summary(facts: Facts) -> str:
    """The human-readable summary printed without --json."""
    areas = [
        ("files", len(facts.files)), ("objects", len(facts.objects)), ("workloads", len(facts.workloads)),
        ("services", len(facts.services)), ("ingresses", len(facts.ingresses)), ("pvcs", len(facts.pvcs)),
        ("configmaps", len(facts.configmaps)), ("secrets", len(facts.secrets)), ("hpas", len(facts.hpas)),
        ("pdbs", len(facts.pdbs)), ("network policies", len(facts.network_policies)), ("charts", len(facts.charts)),
        ("overlays", len(facts.overlays)), ("make targets", len(facts.make_targets)),
        ("commands", len(facts.commands)), ("hosts entries", len(facts.hosts_entries)),
        ("helm invocations", len(facts.helm_invocations)), ("workflows", len(facts.workflows)),
        ("profiles", len(facts.profiles)), ("errors", len(facts.errors)),
    ]
    lines = [f"Repository: {facts.repo}"]
    lines += [f"  {name:<18} {count}" for name, count in areas]
    if facts.renderers:
        lines.append("  renderers          " + ", ".join(f"{k}={v}" for k, v in sorted(facts.renderers.items())))
    origins: dict[str, int] = {}
    for o in facts.objects:
        origins[o.origin] = origins.get(o.origin, 0) + 1
    if origins:
        lines.append("  objects by origin:")
        lines += [f"    {name}: {count}" for name, count in sorted(origins.items())]
    lines.append("")
    rows = [("KIND", "NAME", "NAMESPACE", "REPLICAS", "IMAGES", "ORIGIN", "SOURCE")]
    for w in facts.workloads:
        rows.append((w.kind, w.name, w.namespace or "-", "-" if w.replicas is None else str(w.replicas),
                     ",".join(c.image for c in w.containers) or "-", w.origin, str(w.source)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for r in rows:
        lines.append("  ".join(v.ljust(widths[i]) for i, v in enumerate(r[:-1])) + "  " + r[-1])
    if facts.profiles:
        lines.append("")
        lines.append("Profiles:")
        for p in facts.profiles:
            kinds = sum(1 for o in p.objects)
            lines.append(f"  {p.name}: release={p.release or '-'} namespace={p.namespace or '-'} "
                         f"values={','.join(p.values_files) or '-'} objects={kinds}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    repo = Path(repo_dir(args.repo))
    renderer_available(args.renderer)
    facts = collect(repo, kustomize_renderer=args.renderer)
    for err in sorted(facts.errors, key=lambda e: (e.location.path, e.location.line, e.message)):
        print(f"{err.location.path}:{err.location.line or 1}: {err.message}", file=sys.stderr)
    if args.json:
        json.dump(facts_to_json(facts), sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        print(summary(facts))
    return 0
