"""The only module that touches git: commit fixed documents with GitPython.

`commit_documents(repo, doc_paths, message, branch=None, original_hashes=None,
include_user_changes=False) -> sha` commits ONLY the given documents (`git commit --only`), so
anything else the user has staged or modified stays exactly as it was. It refuses (GitRefusal,
one clear sentence) rather than risk the user's work.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Iterable, Mapping

from ..errors import GitRefusal


def default_branch_name(today: _dt.date | None = None) -> str:
    return f"docs/k8s-sync-{(today or _dt.date.today()).isoformat()}"


def _open(repo: str | os.PathLike[str]):
    try:
        import git
    except ImportError:  # pragma: no cover - gitpython is a dependency
        raise GitRefusal("GitPython is not installed") from None
    try:
        return git.Repo(repo, search_parent_directories=False)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitRefusal(f"{repo} is not a git repository (run `git init` there first)") from None


def _head_blob_sha256(r, rel: str) -> str | None:
    try:
        data = (r.head.commit.tree / rel).data_stream.read()
    except (KeyError, ValueError):  # not in HEAD (new file) or no commit yet
        return None
    return hashlib.sha256(data).hexdigest()


def preflight(repo: str | os.PathLike[str], doc_paths: Iterable[str], branch: str | None = None,
              original_hashes: Mapping[str, str] | None = None, include_user_changes: bool = False) -> None:
    """Raise GitRefusal if committing `doc_paths` now could harm the user's work; else return."""
    r = _open(repo)
    gitdir = Path(r.git_dir)
    for marker, what in (("MERGE_HEAD", "a merge"), ("rebase-merge", "a rebase"), ("rebase-apply", "a rebase"),
                         ("CHERRY_PICK_HEAD", "a cherry-pick"), ("REVERT_HEAD", "a revert"),
                         ("BISECT_LOG", "a bisect")):
        if (gitdir / marker).exists():
            raise GitRefusal(f"{what} is in progress in {repo}; finish or abort it before committing")
    if r.head.is_detached and not branch:
        raise GitRefusal("HEAD is detached; pass a branch name (--branch NAME) to commit on a new branch")
    reader = r.config_reader()
    for key, example in (("name", '"Your Name"'), ("email", "you@example.org")):
        env = os.environ.get(f"GIT_AUTHOR_{key.upper()}") and os.environ.get(f"GIT_COMMITTER_{key.upper()}")
        if not env and not reader.get_value("user", key, default=""):
            raise GitRefusal(f"git user.{key} is not set; run: git config user.{key} {example}")
    if original_hashes and not include_user_changes:
        head_ok = r.head.is_valid()
        for rel in doc_paths:
            before = original_hashes.get(rel)
            if before is None:
                continue
            committed = _head_blob_sha256(r, rel) if head_ok else None
            if committed is None:
                raise GitRefusal(f"{rel} is not committed yet (untracked or new); commit it first or pass "
                                 "--include-user-changes to commit it together")
            if committed != before:
                raise GitRefusal(f"{rel} had uncommitted changes before k8sfix ran; commit them first "
                                 "or pass --include-user-changes to commit them together")


def commit_documents(repo: str | os.PathLike[str], doc_paths: Iterable[str], message: str,
                     branch: str | None = None, original_hashes: Mapping[str, str] | None = None,
                     include_user_changes: bool = False) -> str:
    """Commit only `doc_paths` (repo-relative) with `message`; optionally on a new `branch`. Returns the sha."""
    paths = sorted(dict.fromkeys(doc_paths))
    if not paths:
        raise GitRefusal("no documents to commit")
    if not message.strip():
        raise GitRefusal("empty commit message")
    preflight(repo, paths, branch, original_hashes, include_user_changes)
    r = _open(repo)
    import git

    changed = [p for p in paths if _is_changed(r, p)]
    if not changed:
        raise GitRefusal("nothing to commit: the documents are unchanged since the last commit")
    try:
        current = None if r.head.is_detached else r.active_branch.name
        if branch and branch != current:
            if branch in [h.name for h in r.heads]:
                raise GitRefusal(f"branch {branch} already exists; choose another name or switch to it first")
            r.git.checkout("-b", branch)
        r.git.add("--", *changed)
        fd, msg_file = tempfile.mkstemp(prefix="k8sfix-msg-", suffix=".txt")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(message if message.endswith("\n") else message + "\n")
            r.git.commit("-q", "-F", msg_file, "--only", "--", *changed)
        finally:
            os.unlink(msg_file)
    except git.GitCommandError as exc:
        detail = (exc.stderr or exc.stdout or str(exc)).strip().splitlines()
        raise GitRefusal("git commit failed: " + (detail[-1].strip() if detail else str(exc))) from None
    return r.head.commit.hexsha


def _is_changed(r, rel: str) -> bool:
    out = r.git.status("--porcelain", "--", rel)
    return bool(out.strip())


def changed_files(repo: str | os.PathLike[str], exclude: Iterable[str] = ()) -> list[str]:
    """Changed and untracked files of the work tree other than `exclude`, as `XY path` lines (read-only
    `git status --porcelain`): what a commit of the documents leaves alone. Raises GitRefusal when `repo`
    is not a git repository."""
    r = _open(repo)
    skip = set(exclude)
    files = []
    for line in r.git.status("--porcelain", "--untracked-files=normal").splitlines():
        path = line[3:].strip().strip('"')
        if " -> " in path:
            path = path.split(" -> ", 1)[1]
        if path and path not in skip:
            files.append(f"{line[:2].strip() or '?'} {path}")
    return files
