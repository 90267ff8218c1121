"""`k8sfix demo [DEST]`: copy the bundled sample repository into a fresh git repository and open the app there.

On exit it prints where the demo repository is, so you can look at what was changed and committed.
"""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dest", nargs="?", default=None,
                        help="where to create the demo repository (default: a new temporary directory)")
    parser.add_argument("--no-app", action="store_true", help="only create the repository and print its path")


def run(args: argparse.Namespace) -> int:
    from ..demo import create_demo_repo
    from ..errors import UsageError
    from . import has_terminal

    if not args.no_app and not has_terminal():  # refuse before creating anything
        raise UsageError("the app needs a terminal (stdin and stderr are not one here); "
                         "use --no-app to only create the repository")
    repo = create_demo_repo(args.dest)
    if args.no_app:
        print(repo)
        return 0
    from ..tui.app import make_app

    app = make_app(repo)
    app.run()
    print(f"demo repository: {repo}")
    if app.commit_sha:
        print(f"committed {app.commit_sha}" + (f" on {app.commit_branch}" if app.commit_branch else ""))
    return int(app.return_code or 0)
