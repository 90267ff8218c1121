"""Walk a repository: list every file, classify the ones k8sfix reads, and read them safely.

Skips `.git`, `node_modules`, `vendor` and hidden directories (except `.github`, and the
`.gitlab-ci.yml` file). Never follows a symlink that leaves the repository or loops; directory
symlinks inside the repository are not followed (their targets are walked anyway). Files larger
than `MAX_FILE_BYTES` and binary files among the ones k8sfix would read become `SourceError`s.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Location, SourceError

MAX_FILE_BYTES = 5 * 1024 * 1024
SKIP_DIRS = frozenset({".git", "node_modules", "vendor", "__pycache__", ".venv", "venv", ".tox", ".terraform"})
KEEP_HIDDEN_DIRS = frozenset({".github", ".gitlab", ".circleci"})
YAML_EXTS = (".yaml", ".yml")
MAKE_NAMES = frozenset({"Makefile", "makefile", "GNUmakefile"})
SHELL_NAMES = ("sh", "bash", "zsh", "dash", "ksh")


@dataclass
class RepoFiles:
    """Result of a walk: every listed file and the ones of interest by kind (repo-relative paths)."""

    root: Path
    files: list[str] = field(default_factory=list)
    yaml: list[str] = field(default_factory=list)
    json: list[str] = field(default_factory=list)
    makefiles: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)  # dirs holding Chart.yaml
    kustomizations: list[str] = field(default_factory=list)  # kustomization files
    workflows: list[str] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)


KUSTOMIZATION_NAMES = ("kustomization.yaml", "kustomization.yml", "Kustomization")


def _is_shebang_script(head: bytes) -> bool:
    if not head.startswith(b"#!"):
        return False
    first = head.split(b"\n", 1)[0].decode("latin-1")
    parts = first[2:].strip().split()
    if not parts:
        return False
    prog = os.path.basename(parts[0])
    if prog == "env" and len(parts) > 1:
        rest = [p for p in parts[1:] if not p.startswith("-")]
        prog = os.path.basename(rest[0]) if rest else ""
    return prog in SHELL_NAMES


def _is_workflow(rel: str) -> bool:
    if rel.startswith(".github/workflows/") and rel.endswith(YAML_EXTS):
        return True
    return os.path.basename(rel) in (".gitlab-ci.yml", ".gitlab-ci.yaml")


def walk_repo(root: str | Path) -> RepoFiles:
    """List and classify the files of `root` (deterministic order: sorted by path)."""
    root_path = Path(root).resolve()
    out = RepoFiles(root_path)
    root_str = str(root_path)
    stack = [root_path]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            rel = os.path.relpath(current, root_str).replace(os.sep, "/")
            out.errors.append(SourceError(Location(rel), f"cannot list directory: {exc.strerror or exc}"))
            continue
        subdirs = []
        for entry in entries:
            rel = os.path.relpath(entry.path, root_str).replace(os.sep, "/")
            try:
                is_link = entry.is_symlink()
                if is_link:
                    target = os.path.realpath(entry.path)
                    if not (target == root_str or target.startswith(root_str + os.sep)):
                        if os.path.exists(entry.path) or os.path.lexists(entry.path):
                            out.errors.append(SourceError(Location(rel), "symlink points outside the repository; not followed"))
                        continue
                    if not os.path.exists(entry.path):
                        out.errors.append(SourceError(Location(rel), "broken symlink (or symlink loop)"))
                        continue
                    if os.path.isdir(target):
                        if (entry.path + os.sep).startswith(target + os.sep):
                            out.errors.append(SourceError(Location(rel), "symlink loop; not followed"))
                        continue  # directory symlinks inside the repo are walked at their target
                    is_dir = False
                    target_rel = os.path.relpath(target, root_str).replace(os.sep, "/")
                    if not _skipped(target_rel):
                        out.files.append(rel)  # listed; its content is read at its target (no duplicates)
                        continue
                else:
                    is_dir = entry.is_dir(follow_symlinks=False)
            except OSError as exc:
                out.errors.append(SourceError(Location(rel), f"cannot stat: {exc.strerror or exc}"))
                continue
            if is_dir:
                name = entry.name
                if name in SKIP_DIRS or (name.startswith(".") and name not in KEEP_HIDDEN_DIRS):
                    continue
                subdirs.append(Path(entry.path))
                continue
            if not entry.is_file():
                continue
            out.files.append(rel)
            _classify(out, entry, rel)
        stack.extend(reversed(subdirs))
    out.files.sort()
    for lst in (out.yaml, out.json, out.makefiles, out.scripts, out.charts, out.kustomizations, out.workflows):
        lst.sort()
    return out


def _skipped(rel: str) -> bool:
    """True when the walk does not descend into a directory holding repo-relative `rel`."""
    parts = rel.split("/")[:-1]
    return any(p in SKIP_DIRS or (p.startswith(".") and p not in KEEP_HIDDEN_DIRS) for p in parts)


def _classify(out: RepoFiles, entry: os.DirEntry, rel: str) -> None:
    name = entry.name
    lower = name.lower()
    if name == "Chart.yaml" or name == "Chart.yml":
        parent = rel.rpartition("/")[0] or "."
        out.charts.append(parent)
    if name in KUSTOMIZATION_NAMES:
        out.kustomizations.append(rel)
        return
    if _is_workflow(rel):
        out.workflows.append(rel)
        return
    if lower.endswith(YAML_EXTS):
        out.yaml.append(rel)
    elif lower.endswith(".json"):
        out.json.append(rel)
    elif name in MAKE_NAMES or lower.endswith(".mk"):
        out.makefiles.append(rel)
    elif lower.endswith((".sh", ".bash")):
        out.scripts.append(rel)
    elif "." not in name:
        try:
            with open(entry.path, "rb") as fh:
                head = fh.read(128)
        except OSError:
            return
        if _is_shebang_script(head):
            out.scripts.append(rel)


def read_text(root: Path, rel: str, errors: list[SourceError]) -> str | None:
    """Read a repo file as UTF-8 text; on a problem record a SourceError and return None."""
    full = root / rel
    try:
        size = full.stat().st_size
        if size > MAX_FILE_BYTES:
            errors.append(SourceError(Location(rel), f"file too large ({size // (1024 * 1024)} MB > 5 MB); skipped"))
            return None
        data = full.read_bytes()
    except OSError as exc:
        errors.append(SourceError(Location(rel), f"cannot read: {exc.strerror or exc}"))
        return None
    if b"\x00" in data[:8192]:
        errors.append(SourceError(Location(rel), "binary file; skipped"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        errors.append(SourceError(Location(rel, line), "not valid UTF-8; skipped"))
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    return text
