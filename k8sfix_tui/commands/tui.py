"""`k8sfix tui`. Not implemented yet."""

from __future__ import annotations

import argparse

from ..errors import UsageError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("repo", nargs="?", default=".", help="repository root (default: .)")


def run(args: argparse.Namespace) -> int:
    raise UsageError("'tui' is not implemented yet")
