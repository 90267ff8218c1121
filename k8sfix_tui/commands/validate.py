"""`k8sfix validate REPO`: validate deployment documents after fixing.

Prints each check (YAML/bash blocks, Kubernetes structure, paths, make targets, scripts, values
keys, links, placeholders, repository sources, remaining drift) and the success-criteria checklist.
Kubernetes objects in YAML blocks are validated against the JSON schema of `--kube-version`
(kubernetes-validate, offline; the newest schema when the version is newer than the package's).
Exit codes: 0 all checks pass (skips allowed), 1 some check fails, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("repo", nargs="?", default=".", help="repository root (default: .)")
    parser.add_argument("--doc", action="append", metavar="PATH",
                        help="document to validate (repeatable; default: the repository's deployment docs)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--kube-version", default=None, metavar="X.Y",
                        help="Kubernetes version whose JSON schema the doc's YAML objects must match, and for which "
                             "the generated troubleshooting section was written (default: 1.31)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..engine import Session, check_kube_version, discover_docs
    from ..errors import UsageError
    from ..fixes.validate import load_facts, validate

    kube_version = check_kube_version(getattr(args, "kube_version", None))
    from . import doc_args, enclosing_repo_note, repo_dir

    repo = repo_dir(args.repo)
    docs_args = doc_args(repo, args.doc)
    session = Session(repo, docs=docs_args)  # checks --doc paths stay inside the repository
    facts = load_facts(session.repo)
    note = enclosing_repo_note(repo, facts, args.repo)
    if note:
        print(note, file=sys.stderr)
    if kube_version:  # generated troubleshooting sections are compared with pitfalls for this version
        facts.kube_version = kube_version  # type: ignore[attr-defined]
    if session.docs is not None:
        docs = session.docs
    else:
        try:
            from ..drift import discover_documents

            docs = list(discover_documents(session.repo, facts))
        except ImportError:
            docs = discover_docs(session.repo)
    if not docs:
        raise UsageError(f"no deployment document found in {args.repo}; pass --doc PATH")
    for d in docs:
        if not (Path(session.repo) / d).is_file():
            raise UsageError(f"{d}: no such document in {session.repo}")
    report = validate(session.repo, docs, facts, kube_version=kube_version)
    if args.format == "json":
        json.dump(report.to_json(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(report.to_text())
    return 0 if report.passed else 1
