"""commit_documents on real temporary git repositories: what it commits, and every refusal."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from k8sfix_tui.errors import GitRefusal
from k8sfix_tui.fixes.git import commit_documents, default_branch_name


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no global git identity leaks in
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    r = tmp_path / "repo"
    r.mkdir()
    git(r, "init", "-q", "-b", "main")
    git(r, "config", "user.name", "Tester")
    git(r, "config", "user.email", "t@example.org")
    (r / "docs").mkdir()
    (r / "docs" / "deploy.md").write_text("# Deploy\n\nreplicas: 3\n")
    (r / "app.py").write_text("print(1)\n")
    git(r, "add", ".")
    git(r, "commit", "-q", "-m", "init")
    return r


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_commits_only_the_document(repo):
    doc = repo / "docs" / "deploy.md"
    before = {"docs/deploy.md": sha(doc)}
    doc.write_text("# Deploy\n\nreplicas: 2\n")
    (repo / "app.py").write_text("print(2)\n")  # a user's unrelated edit
    (repo / "notes.txt").write_text("x\n")  # untracked
    (repo / "staged.txt").write_text("s\n")
    git(repo, "add", "staged.txt")  # the user's staged file must stay staged, not committed
    head = git(repo, "rev-parse", "HEAD").strip()
    new = commit_documents(repo, ["docs/deploy.md"], "docs: sync\n\n- replicas 3 -> 2\n", original_hashes=before)
    assert git(repo, "rev-parse", "HEAD").strip() == new != head
    assert git(repo, "rev-list", "--count", f"{head}..HEAD").strip() == "1"
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["docs/deploy.md"]
    assert git(repo, "log", "-1", "--format=%B").startswith("docs: sync\n\n- replicas 3 -> 2")
    status = git(repo, "status", "--porcelain")
    assert " M app.py" in status and "?? notes.txt" in status and "A  staged.txt" in status


def test_new_branch(repo):
    doc = repo / "docs" / "deploy.md"
    before = {"docs/deploy.md": sha(doc)}
    doc.write_text("changed\n")
    name = default_branch_name()
    assert name.startswith("docs/k8s-sync-20")
    commit_documents(repo, ["docs/deploy.md"], "m", branch=name, original_hashes=before)
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == name
    assert git(repo, "log", "-1", "--format=%s", "main").strip() == "init"


def _refusal(repo, match, **kw):
    doc = repo / "docs" / "deploy.md"
    doc.write_text("changed\n")
    with pytest.raises(GitRefusal, match=match):
        commit_documents(repo, ["docs/deploy.md"], "m", **kw)


def test_refuses_not_a_repo(tmp_path):
    (tmp_path / "d.md").write_text("x\n")
    with pytest.raises(GitRefusal, match="not a git repository"):
        commit_documents(tmp_path, ["d.md"], "m")


def test_refuses_detached_head_without_branch(repo):
    git(repo, "checkout", "-q", "--detach")
    _refusal(repo, "HEAD is detached")


def test_detached_head_with_branch_ok(repo):
    git(repo, "checkout", "-q", "--detach")
    (repo / "docs" / "deploy.md").write_text("changed\n")
    commit_documents(repo, ["docs/deploy.md"], "m", branch="docs/sync")
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == "docs/sync"


def test_refuses_merge_in_progress(repo):
    (Path(git(repo, "rev-parse", "--absolute-git-dir").strip()) / "MERGE_HEAD").write_text("0" * 40 + "\n")
    _refusal(repo, "merge is in progress")


def test_refuses_rebase_in_progress(repo):
    (Path(git(repo, "rev-parse", "--absolute-git-dir").strip()) / "rebase-merge").mkdir()
    _refusal(repo, "rebase is in progress")


def test_refuses_user_changes_before_run(repo):
    doc = repo / "docs" / "deploy.md"
    doc.write_text("# Deploy\n\nreplicas: 3\nuser edit\n")  # uncommitted before k8sfix ran
    before = {"docs/deploy.md": sha(doc)}
    doc.write_text("# Deploy\n\nreplicas: 2\nuser edit\n")
    with pytest.raises(GitRefusal, match="uncommitted changes before k8sfix ran"):
        commit_documents(repo, ["docs/deploy.md"], "m", original_hashes=before)
    commit_documents(repo, ["docs/deploy.md"], "m", original_hashes=before, include_user_changes=True)


def test_refuses_missing_identity(repo):
    git(repo, "config", "--unset", "user.email")
    _refusal(repo, r"git config user.email")


def test_refuses_nothing_to_commit(repo):
    with pytest.raises(GitRefusal, match="nothing to commit"):
        commit_documents(repo, ["docs/deploy.md"], "m")


def test_changed_files_lists_other_dirty_files_read_only(tmp_path):
    import subprocess

    from k8sfix_tui.fixes.git import changed_files

    repo = tmp_path / "r"
    repo.mkdir()
    run = lambda *a: subprocess.run(["git", *a], cwd=repo, check=True, capture_output=True)  # noqa: E731
    run("init", "-q")
    run("config", "user.name", "T")
    run("config", "user.email", "t@t")
    (repo / "doc.md").write_text("a\n")
    (repo / "app.yaml").write_text("x: 1\n")
    run("add", ".")
    run("commit", "-qm", "init")
    (repo / "doc.md").write_text("b\n")
    (repo / "app.yaml").write_text("x: 2\n")
    (repo / "new.txt").write_text("n\n")
    assert changed_files(repo, exclude=["doc.md"]) == ["M app.yaml", "?? new.txt"]
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True).stdout
    assert " M app.yaml" in status  # nothing was staged


def test_changed_files_outside_git_is_a_refusal(tmp_path):
    import pytest

    from k8sfix_tui.errors import GitRefusal
    from k8sfix_tui.fixes.git import changed_files

    with pytest.raises(GitRefusal):
        changed_files(tmp_path)
