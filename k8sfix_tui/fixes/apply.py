"""Applying fixes: `apply_fixes(text, fixes)` (pure) and `write_document(...)` (the only file writer).

A Fix replaces lines `start_line..end_line` (1-based, inclusive) whose current text is `old_text`
with `new_text`; both are whole lines with their line endings ("" = no lines). An insertion has
`end_line == start_line - 1` and goes before `start_line`.

Any subset of a generator's fixes applies cleanly: when accepted fixes nest (a section removal
containing a value fix), the outer one wins and the inner one is skipped; insertions at the same
place keep the order given. Partially overlapping accepted fixes, or a fix whose `old_text` is no
longer what the document says, raise ApplyError.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Iterable, Sequence

from ..errors import ApplyError
from ..model import Fix


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_file(path: str | os.PathLike[str]) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _is_insert(fix: Fix) -> bool:
    return fix.end_line == fix.start_line - 1


def _contains(outer: Fix, inner: Fix) -> bool:
    """Whether accepting `outer` makes `inner` moot (its lines are inside outer's range)."""
    if _is_insert(outer):
        return False
    if _is_insert(inner):
        return outer.start_line < inner.start_line <= outer.end_line
    return outer.start_line <= inner.start_line and inner.end_line <= outer.end_line and (
        (outer.start_line, outer.end_line) != (inner.start_line, inner.end_line)
    )


def _overlap(a: Fix, b: Fix) -> bool:
    if _is_insert(a) or _is_insert(b):
        return False
    return a.start_line <= b.end_line and b.start_line <= a.end_line


def effective_fixes(fixes: Sequence[Fix]) -> list[Fix]:
    """The accepted fixes that will really be applied: nested fixes dropped (outer wins).

    Raises ApplyError for two fixes on exactly the same lines or partially overlapping ones.
    """
    kept: list[Fix] = []
    for fix in fixes:
        if any(_contains(other, fix) for other in fixes if other is not fix):
            continue
        kept.append(fix)
    for i, a in enumerate(kept):
        for b in kept[i + 1:]:
            if _overlap(a, b):
                raise ApplyError(
                    f"fixes {a.id} (lines {a.start_line}-{a.end_line}) and {b.id} "
                    f"(lines {b.start_line}-{b.end_line}) overlap; accept only one of them",
                    f"{a.doc_path}:{max(a.start_line, b.start_line)}",
                )
    return kept


def apply_fixes(text: str, fixes: Iterable[Fix]) -> str:
    """Return `text` with `fixes` applied. Pure; raises ApplyError if a fix no longer fits the text."""
    fixes = list(fixes)
    if not fixes:
        return text
    lines = text.splitlines(keepends=True)
    kept = effective_fixes(fixes)
    order = {id(f): i for i, f in enumerate(kept)}
    # apply bottom-up so earlier line numbers stay valid; inserts before replacements at the same line
    for fix in sorted(kept, key=lambda f: (f.start_line, 0 if not _is_insert(f) else -1, order[id(f)]), reverse=True):
        where = f"{fix.doc_path}:{fix.start_line}"
        if fix.start_line < 1 or fix.start_line > len(lines) + 1 or fix.end_line > len(lines):
            raise ApplyError(f"fix {fix.id} targets lines {fix.start_line}-{fix.end_line} beyond the end of the "
                             f"document ({len(lines)} lines)", where)
        current = "".join(lines[fix.start_line - 1 : fix.end_line])
        if _norm(current) != _norm(fix.old_text):
            raise ApplyError(f"fix {fix.id} does not fit: lines {fix.start_line}-{fix.end_line} changed since "
                             "analysis", where)
        new = fix.new_text
        newline = "\r\n" if current.endswith("\r\n") or (lines and lines[0].endswith("\r\n")) else "\n"
        if newline == "\r\n":
            new = new.replace("\r\n", "\n").replace("\n", "\r\n")
        # the last line of a file without a final newline: keep it that way
        if fix.end_line == len(lines) and current and not current.endswith("\n") and new.endswith(newline):
            new = new[: -len(newline)]
        if _is_insert(fix) and fix.start_line == len(lines) + 1 and lines and not lines[-1].endswith("\n"):
            lines[-1] += newline
        new_lines = new.splitlines(keepends=True)
        lines[fix.start_line - 1 : fix.end_line] = new_lines
    return "".join(lines)


def _norm(text: str) -> str:
    return text.replace("\r\n", "\n").rstrip("\n")


def write_document(repo: str | os.PathLike[str], doc_path: str, new_text: str, expected_sha256: str | None) -> str:
    """Atomically replace `repo/doc_path` with `new_text`; return the new file's sha256.

    Refuses with ApplyError when the file's current sha256 differs from `expected_sha256` (it was
    changed since analysis). Writes a temporary file in the same directory, fsyncs it, keeps the
    original file mode, then `os.replace`s it over the document.
    """
    target = Path(repo) / doc_path
    if expected_sha256 is not None:
        try:
            current = sha256_file(target)
        except OSError as exc:
            raise ApplyError(f"cannot read document: {exc.strerror or exc}", doc_path) from None
        if current != expected_sha256:
            raise ApplyError("document changed since analysis; run the analysis again before applying", doc_path)
    directory = target.parent
    try:
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o644
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".k8sfix.tmp", dir=directory)
    except OSError as exc:
        raise ApplyError(f"cannot write next to the document: {exc.strerror or exc}", doc_path) from None
    data = new_text.encode("utf-8")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise ApplyError(f"cannot write document: {exc.strerror or exc}", doc_path) from None
    try:
        dfd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass
    return hashlib.sha256(data).hexdigest()
