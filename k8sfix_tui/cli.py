"""Command-line entry point: `k8sfix SUBCOMMAND ...`.

Each subcommand lives in `k8sfix_tui/commands/<name>.py` with `configure(parser)` and
`run(args) -> int`. Exit codes: 0 ok, 1 findings at or above --fail-on (check/validate),
2 usage or fatal error. Results go to stdout, diagnostics to stderr.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from . import __version__
from .errors import K8sfixError

SUBCOMMANDS: dict[str, str] = {
    "facts": "List what the repository really deploys (manifests, overlays, charts, Makefiles, scripts, CI).",
    "render": "Render a Kustomize directory to one YAML stream, like `kustomize build`.",
    "template": "Render a Helm chart exactly as `helm template` prints it.",
    "check": "Report every claim of a deployment document that is wrong, missing or invented.",
    "fix": "Propose fixes for a document's findings, apply the accepted ones, optionally commit.",
    "validate": "Validate a document: snippets, paths, targets, links, placeholders, remaining drift.",
    "tui": "Open the interactive app (analysis, updates, validation and commit).",
    "demo": "Copy the bundled sample repository into a temporary git repo and open the app there.",
}


def _chosen(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line (the first non-option word), if any."""
    for word in argv:
        if word == "--":
            return None
        if not word.startswith("-"):
            return word if word in SUBCOMMANDS else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser. With `only`, just that subcommand's module is imported and configured
    (the others are listed with their help line): `k8sfix check` never pays for the app's imports."""
    parser = argparse.ArgumentParser(
        prog="k8sfix",
        description="Fix Kubernetes deployment documents that have drifted from the repository they describe.",
    )
    parser.add_argument("--version", action="version", version=f"k8sfix {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in SUBCOMMANDS.items():
        sp = sub.add_parser(name, help=help_text, description=help_text)
        if only is not None and name != only:
            continue
        module = importlib.import_module(f".commands.{name}", __package__)
        module.configure(sp)
        sp.set_defaults(_run=module.run)
    return parser


class _ExitParser(Exception):
    pass


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        argv = ["tui"]
    parser = build_parser(only=_chosen(argv) or "")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version exit 0, usage errors exit 2
        return int(exc.code or 0)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return int(args._run(args) or 0)
    except K8sfixError as exc:
        print(f"k8sfix: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("k8sfix: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # last line of defence: one line, never a traceback
        print(f"k8sfix: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
