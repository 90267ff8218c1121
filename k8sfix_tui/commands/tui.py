"""`k8sfix tui [REPO] [--doc PATH]...`: open the interactive app on a repository (plain `k8sfix` = tui in cwd)."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("repo", nargs="?", default=".", help="repository root (default: .)")
    parser.add_argument("--doc", action="append", default=None, metavar="PATH",
                        help="document to check (repeatable; default: every deployment document found)")
    parser.add_argument("--kube-version", default=None, metavar="X.Y",
                        help="Kubernetes version for deprecated APIs and schema validation (default: 1.31)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..errors import UsageError
    from ..tui.app import make_app  # textual is imported only when the app really runs

    for doc in args.doc or []:  # fail before the screen opens, like the other commands
        path = Path(doc) if Path(doc).is_absolute() else Path(args.repo) / doc
        if not path.is_file():
            raise UsageError(f"{doc}: no such document in {args.repo}")
    app = make_app(args.repo, args.doc, kube_version=getattr(args, "kube_version", None))
    result = app.run()
    if app.commit_sha:
        print(f"committed {app.commit_sha}" + (f" on {app.commit_branch}" if app.commit_branch else ""))
    return int(result or 0) if app.return_code in (None, 0) else int(app.return_code or 1)
