"""`k8sfix check REPO [--doc PATH ...] [--format text|json|sarif|github|junit] [--fail-on LEVEL]`.

Reports every claim of the deployment documents that is wrong, missing or invented. Never writes a
file. Exit codes: 0 no finding at/above --fail-on, 1 findings at/above --fail-on (default: error),
2 usage or fatal error. Results on stdout, diagnostics on stderr.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import UsageError
from . import doc_args, enclosing_repo_note, renderer_available, repo_dir


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("repo", nargs="?", default=".", help="repository root (default: .)")
    parser.add_argument("--doc", action="append", dest="docs", metavar="PATH",
                        help="document to check (repeatable; default: config `docs` or discovered Markdown files)")
    parser.add_argument("--format", default="text", choices=("text", "json", "sarif", "github", "junit"),
                        help="output format (default: text)")
    parser.add_argument("--fail-on", default="error", choices=("error", "warning", "info", "never"),
                        help="exit 1 when a finding at or above this severity remains (default: error)")
    parser.add_argument("--renderer", default="auto", choices=("auto", "embedded", "kubectl", "kustomize"),
                        help="Kustomize renderer (default: auto)")
    parser.add_argument("--config", metavar="FILE", help="k8sfix TOML config (default: .k8sfix.toml or pyproject)")
    parser.add_argument("--kube-version", default=None, metavar="X.Y",
                        help="Kubernetes version for deprecated-api pitfalls (default: 1.31)")


def run(args: argparse.Namespace) -> int:
    from ..config import load_config
    from ..drift import analyse
    from ..drift.formats import render

    kube_version = getattr(args, "kube_version", None)
    if kube_version is not None:
        from ..pitfalls.apis import parse_version

        try:
            parse_version(kube_version)
        except ValueError as exc:
            raise UsageError(f"--kube-version: {exc}") from None
    repo = repo_dir(args.repo)
    renderer_available(args.renderer)
    config = load_config(repo, args.config)
    docs = doc_args(repo, args.docs)
    facts, _documents, report = analyse(repo, docs=docs, config=config, kustomize_renderer=args.renderer,
                                        kube_version=kube_version)
    note = enclosing_repo_note(repo, facts, args.repo)
    if note:
        print(note, file=sys.stderr)
    if not report.docs:
        print(f"k8sfix: no deployment document found in {args.repo} (pass --doc PATH); only pitfalls are "
              "reported", file=sys.stderr)
    sys.stdout.write(render(report, args.format))
    if args.format == "text" and facts.renderers:  # which renderer produced the overlays, and from cache?
        print("renderers: " + ", ".join(f"{k}={v}" for k, v in sorted(facts.renderers.items())))
    sys.stdout.flush()
    return report.exit_code(args.fail_on)
