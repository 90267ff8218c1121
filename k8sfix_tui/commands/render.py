"""`k8sfix render DIR [--renderer auto|embedded|kubectl|kustomize] [--repo-root PATH]`.

Prints the kustomization's YAML stream on stdout, like `kustomize build`. Warnings go to stderr
(with --quiet, not at all). Errors are one line on stderr and exit status 2. A `helmCharts` chart that
cannot be inflated is left out of the stream: its one-line error goes to stderr (even with --quiet) and
the exit status is 1, so a script never mistakes a partial stream for the whole build.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import UsageError
from ..render.kustomize import RENDERERS, build


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", nargs="?", default=".", help="kustomization directory (default: .)")
    parser.add_argument(
        "--renderer",
        choices=RENDERERS,
        default="auto",
        help="auto (kustomize or kubectl when installed, else embedded), embedded, kubectl or kustomize",
    )
    parser.add_argument(
        "--repo-root",
        default=None,
        help="repository root that bounds every path the build may read (default: the git top level "
        "containing DIR, else DIR)",
    )
    parser.add_argument(
        "--load-restrictor",
        choices=("rootOnly", "none"),
        default="rootOnly",
        help="rootOnly (default): files must be in or below their kustomization; none: anywhere in the repository",
    )
    parser.add_argument(
        "--helm-namespaces",
        choices=("v5.8", "legacy"),
        default="v5.8",
        help="helmCharts namespace rules: v5.8 (kustomize >= 5.8: the namespace transformer leaves chart objects "
        "alone) or legacy (kustomize <= 5.7, e.g. the one inside kubectl 1.31)",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="do not print warnings")
    parser.add_argument("--show-renderer", action="store_true", help="print which renderer ran on stderr")


def _default_root(directory: Path) -> Path:
    probe = directory.resolve()
    for candidate in [probe, *probe.parents]:
        if (candidate / ".git").exists():
            return candidate
    return probe


def run(args: argparse.Namespace) -> int:
    directory = Path(args.directory)
    if not directory.is_dir():
        raise UsageError(f"{args.directory}: not a directory")
    root = Path(args.repo_root) if args.repo_root else _default_root(directory)
    result = build(directory, renderer=args.renderer, repo_root=root, load_restrictor=args.load_restrictor,
                   helm_namespaces=args.helm_namespaces)
    if not args.quiet:
        for warning in result.warnings:
            print(f"k8sfix: warning: {warning}", file=sys.stderr)
    if args.show_renderer:
        route = f" ({result.route})" if result.route else ""
        print(f"k8sfix: rendered with {result.renderer}{route}", file=sys.stderr)
    for error in result.errors:
        print(f"k8sfix: error: {error} (left out of the output)", file=sys.stderr)
    sys.stdout.write(result.text)
    return 1 if result.errors else 0
