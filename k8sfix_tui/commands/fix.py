"""`k8sfix fix REPO`: propose fixes for a document's findings, apply the accepted ones, optionally commit.

Without --accept nothing is written: the proposals are listed. `--dry-run` prints a unified diff of
what the accepted fixes would change (`git apply` accepts it). `--accept all` accepts every fix
except those that would overwrite a generated section edited by hand (accept those by id).
Exit codes: 0 done (or nothing to do), 2 usage or refused (file changed, git refusal).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

from ..errors import GitRefusal, UsageError
from ..fixes.diffs import unified_diff
from ..fixes.git import default_branch_name
from ..model import RULES
from . import doc_args, enclosing_repo_note, repo_dir, write_utf8


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("repo", nargs="?", default=".", help="repository root (default: .)")
    parser.add_argument("--doc", action="append", metavar="PATH",
                        help="document to fix (repeatable; default: the repository's deployment docs)")
    parser.add_argument("--accept", action="append", metavar="SPEC",
                        help="'all', fix ids (fix-001,fix-004) or rules (rule:value-mismatch,...)")
    parser.add_argument("--reject", action="append", metavar="SPEC", help="same forms as --accept; wins over it")
    parser.add_argument("--dry-run", action="store_true", help="print the unified diff, write nothing")
    parser.add_argument("--commit", action="store_true", help="commit the changed documents")
    parser.add_argument("--branch", metavar="NAME",
                        help="commit on this new branch ('auto' = docs/k8s-sync-YYYY-MM-DD)")
    parser.add_argument("--message-file", metavar="F", help="commit message file (default: generated)")
    parser.add_argument("--include-user-changes", action="store_true",
                        help="allow committing a document that had uncommitted edits before the run")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="proposal listing format")
    parser.add_argument("--kube-version", default=None, metavar="X.Y",
                        help="Kubernetes version for deprecated-api pitfalls in the generated troubleshooting "
                             "section (default: 1.31)")


def _id_range(ids: list[str]) -> str:
    """`fix-001 ... fix-047` for many ids, `fix-001, fix-002` for a few, 'none' for none (messages)."""
    if not ids:
        return "none"
    return ", ".join(ids) if len(ids) <= 5 else f"{ids[0]} ... {ids[-1]}"


def _select(session, specs: list[str] | None) -> set[str]:
    """Fix ids named by --accept/--reject specs; UsageError for an unknown id or rule name."""
    chosen: set[str] = set()
    ids = [fx.id for fx in session.fixes]
    for spec in specs or []:
        for item in (s.strip() for s in spec.split(",")):
            if not item:
                continue
            if item == "all":
                chosen.update(session.auto_accept_ids())
            elif item.startswith("rule:"):
                rule = item[5:]
                if rule not in RULES and rule != "stale":
                    close = difflib.get_close_matches(rule, RULES, n=1)
                    hint = f" (did you mean rule:{close[0]}?)" if close else ""
                    raise UsageError(f"unknown rule {rule!r}{hint}; rules: {', '.join(RULES)}")
                for fx in session.fixes:
                    rules = {(session.finding(r).rule if session.finding(r) else None) for r in fx.resolves}
                    if rule in rules or (rule == "stale" and any(r.startswith("stale:") for r in fx.resolves)):
                        chosen.add(fx.id)
            elif item in ids:
                chosen.add(item)
            else:
                raise UsageError(f"no fix {item!r}: the proposals are {_id_range(ids)} (list them with "
                                 "`k8sfix fix REPO`); other forms: all, rule:NAME")
    return chosen


def _list(session, fmt: str) -> None:
    if fmt == "json":
        json.dump({"fixes": [f.to_json() for f in session.fixes],
                   "auto_accept": session.auto_accept_ids()}, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    if not session.fixes:
        print("No fixes to propose.")
        return
    auto = set(session.auto_accept_ids())
    for fx in session.fixes:
        lines = (f"{fx.start_line}" if fx.end_line < fx.start_line else f"{fx.start_line}-{fx.end_line}")
        flag = "" if fx.id in auto else "  [needs explicit --accept]"
        group = f" group={fx.group}" if fx.group else ""
        print(f"{fx.id}  {fx.kind:<18} {fx.doc_path}:{lines}{group}{flag}")
        print(f"    {fx.rationale}")
        print(f"    resolves: {', '.join(fx.resolves)}")
    print(f"\n{len(session.fixes)} fix(es) proposed; apply with --accept all|ID,...|rule:NAME (add --dry-run to see the diff).")


def _check_branch(repo: str, branch: str | None) -> None:
    """Refuse (before anything is written) a --branch git would refuse at commit time: a name git does
    not accept, or a branch that already exists and is not the current one. Reads git, never writes."""
    if not branch:
        return
    import git

    try:
        r = git.Repo(repo, search_parent_directories=True)
        current = None if r.head.is_detached else r.active_branch.name
        heads = {h.name for h in r.heads}
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, TypeError, ValueError):
        return  # check_commit() words these
    try:
        r.git.check_ref_format("--branch", branch)
    except git.GitCommandError:
        raise UsageError(f"--branch {branch!r} is not a valid git branch name") from None
    if branch != current and branch in heads:
        raise GitRefusal(f"branch {branch} already exists; choose another name or switch to it first")


def run(args: argparse.Namespace) -> int:
    from ..engine import Session

    if args.commit and not args.accept:
        raise UsageError("--commit needs --accept (all, fix ids or rule:NAME); list the proposals with "
                         "`k8sfix fix REPO`")
    if args.dry_run and args.commit:
        raise UsageError("--dry-run writes nothing, so it cannot --commit; drop one of them")
    for flag, value in (("--message-file", args.message_file), ("--branch", args.branch),
                        ("--include-user-changes", args.include_user_changes)):
        if value and not args.commit:
            raise UsageError(f"{flag} needs --commit")
    repo = repo_dir(args.repo)
    docs = doc_args(repo, args.doc)
    session = Session(repo, docs=docs, kube_version=getattr(args, "kube_version", None))
    session.analyse()
    note = enclosing_repo_note(repo, session.facts, args.repo)
    if note:
        print(note, file=sys.stderr)
    if not session.docs:
        raise UsageError(f"no deployment document found in {args.repo}; pass --doc PATH")
    if not args.accept:
        if args.dry_run:
            accepted: set[str] = set()
        else:
            _list(session, args.format)
            return 0
    else:
        accepted = _select(session, args.accept)
    accepted -= _select(session, args.reject)
    decisions = {fid: "accept" for fid in sorted(accepted)}
    for fid in _select(session, args.reject):
        decisions[fid] = "reject"
    if args.dry_run:
        if not session.fixes:
            print("k8sfix: no fixes to propose, so the patch is empty", file=sys.stderr)
        elif not accepted:
            print("k8sfix: no fix accepted, so the patch is empty; add --accept all (or fix ids, rule:NAME) "
                  "to see what they change", file=sys.stderr)
        for rel in session.texts:
            write_utf8(unified_diff(rel, session.texts[rel], session.preview(rel, decisions)))
        return 0
    if not accepted:
        why = "No fix accepted" if session.fixes else "No fixes to propose"
        print(f"{why}; nothing written.", file=sys.stderr)
        return 0
    message = None
    if args.message_file:
        try:
            message = Path(args.message_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{args.message_file}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
        if not message.strip():
            raise UsageError(f"{args.message_file}: the commit message is empty")
    branch = default_branch_name() if args.branch == "auto" else args.branch
    if args.commit:  # refuse before writing anything
        session.check_commit(decisions, branch, args.include_user_changes)
        _check_branch(session.repo, branch)
    changed = session.apply(decisions)
    for rel in changed:
        print(f"updated {rel} ({len(session.applied[rel])} fix(es))")
    if not changed:
        print("The accepted fixes change nothing.", file=sys.stderr)
        return 0
    if args.commit:
        sha = session.commit(message=message, branch=branch, include_user_changes=args.include_user_changes)
        print(f"committed {sha[:12]}" + (f" on {branch}" if branch else ""))
    return 0
