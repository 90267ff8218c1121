"""Create the demo repository: a fresh git copy of the bundled sample repository.

`create_demo_repo(dest=None) -> Path` copies `k8sfix_tui/data/sample_repo` (when installed) or the
project's `sample_repo/` into `dest` (default: a new temporary directory), runs `git init`, and makes one
initial commit with a fixed author and date so the demo is reproducible. Core module: no textual/rich.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .errors import GitRefusal, UsageError

_IGNORE = shutil.ignore_patterns(".git", "__pycache__", "*.pyc", ".DS_Store")
DEMO_AUTHOR = ("k8sfix demo", "demo@k8sfix.invalid")
DEMO_DATE = "2026-01-01T00:00:00+00:00"


def sample_repo_path() -> Path:
    """The bundled sample repository: package data first, then `<project>/sample_repo`."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data" / "sample_repo", here.parent / "sample_repo"):
        if candidate.is_dir() and any(candidate.iterdir()):
            return candidate
    raise UsageError("the bundled sample repository is missing (k8sfix_tui/data/sample_repo)")


def create_demo_repo(dest: str | os.PathLike[str] | None = None, source: str | os.PathLike[str] | None = None) -> Path:
    """Copy the sample repository into `dest` (must be absent or empty), make it a git repo with one commit.

    Returns the repository path. Raises UsageError for a non-empty `dest`, GitRefusal when git fails.
    """
    src = Path(source) if source is not None else sample_repo_path()
    if not src.is_dir():
        raise UsageError(f"{src}: not a directory")
    try:
        if dest is None:
            target = Path(tempfile.mkdtemp(prefix="k8sfix-demo-")) / "larkspur-platform"
        else:
            target = Path(dest)
            if target.exists() and (not target.is_dir() or any(target.iterdir())):
                raise UsageError(f"{target}: already exists and is not an empty directory")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(src, target, symlinks=False, ignore=_IGNORE, dirs_exist_ok=True)
    except (OSError, shutil.Error) as exc:
        where = getattr(exc, "filename", None) or dest or tempfile.gettempdir()
        detail = getattr(exc, "strerror", None) or str(exc)
        raise UsageError(f"cannot create the demo repository: {detail}", where) from None
    _git_init(target)
    return target


def _git_init(path: Path) -> None:
    try:
        import git
    except ImportError:  # pragma: no cover - gitpython is a dependency
        raise GitRefusal("GitPython is not installed") from None
    name, email = DEMO_AUTHOR
    env = {
        "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": DEMO_DATE,
        "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": DEMO_DATE,
    }
    try:
        repo = git.Repo.init(path)
        try:
            repo.git.checkout("-q", "-b", "main")
        except git.GitCommandError:
            pass
        with repo.config_writer() as cw:  # the demo repo commits without a global git identity
            cw.set_value("user", "name", name)
            cw.set_value("user", "email", email)
            cw.set_value("commit", "gpgsign", "false")
        repo.git.add("-A")
        repo.git.commit("-q", "-m", "Larkspur platform: initial import", env=env)
    except git.GitCommandError as exc:
        detail = (exc.stderr or str(exc)).strip().splitlines()
        raise GitRefusal("git failed while creating the demo repository: " + (detail[-1] if detail else "")) from None
