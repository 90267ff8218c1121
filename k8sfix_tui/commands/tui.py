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
    from ..errors import UsageError
    from . import doc_args, has_terminal, repo_dir

    repo = repo_dir(args.repo)  # fail before the screen opens, worded like the other commands
    docs = doc_args(repo, args.doc)
    if not has_terminal():  # in a pipe or CI job the app would wait for keys forever
        raise UsageError("the app needs a terminal; in scripts and CI use `k8sfix check` or `k8sfix fix`")
    from ..tui.app import make_app  # textual is imported only when the app really runs

    app = make_app(repo, docs, kube_version=getattr(args, "kube_version", None))
    result = app.run()
    if app.commit_sha:
        print(f"committed {app.commit_sha}" + (f" on {app.commit_branch}" if app.commit_branch else ""))
    return int(result or 0) if app.return_code in (None, 0) else int(app.return_code or 1)
