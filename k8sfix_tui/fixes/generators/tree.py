"""Directory trees in a document (```text blocks drawn with ├── / └── or indentation) rebuilt from the repo.

A wrong-path finding on a line of a tree means the tree no longer matches the directory; the block
is regenerated from the repository's files under the tree's root (first line, e.g.
`deploy/helm/larkspur/`), in the same drawing style, keeping only depths the document showed.
"""

from __future__ import annotations

import posixpath
import re

from ...model import Facts, Finding, Fix
from ..content import _tree
from ..docview import DocView
from .common import claim_lines, is_note, make_fix

_TREE_CHARS = re.compile(r"[├└│]──|[|`]--")


def is_tree(view: DocView, start: int, end: int) -> bool:
    return any(_TREE_CHARS.search(view.line(n)) for n in range(start, end + 1))


def handles(finding: Finding) -> bool:
    if finding.rule not in ("wrong-path", "value-mismatch", "undocumented-resource") or is_note(finding):
        return False
    claim = finding.claim
    return claim is not None and (claim.form == "tree" or claim.field == "tree") and claim_lines(finding) is not None


def _root(view: DocView, start: int) -> str | None:
    first = view.line(start).strip()
    if first and not _TREE_CHARS.search(first) and first.endswith("/"):
        return first.rstrip("/").removeprefix("./")
    return None


def generate(findings: list[Finding], facts: Facts, view: DocView) -> list[Fix]:
    by_fence: dict[int, list[Finding]] = {}
    for f in findings:
        if is_note(f):
            continue  # a note never edits the tree
        if not handles(f):
            first = claim_lines(f)
            fence = view.fence_at(first[0]) if first else None
            if not (f.rule == "wrong-path" and fence is not None
                    and is_tree(view, fence.start + 1, fence.end - 1)):
                continue
        fence = view.fence_at(claim_lines(f)[0])
        if fence is not None:
            by_fence.setdefault(fence.start, []).append(f)
    fixes = []
    files = facts.files
    for start, group in sorted(by_fence.items()):
        fence = view.fence_at(start)
        body_start = fence.start + 1
        root = _root(view, body_start)
        if root is None:
            extra = group[0].claim.extra if group[0].claim is not None else {}
            root = str(extra.get("root") or "").rstrip("/") or None
        if root is None:
            continue
        under = [f for f in files if f.startswith(root + "/")]
        if not under:
            continue
        depth = max((view.line(n).count("│   ") + view.line(n).count("    ") + 1
                     for n in range(body_start + 1, fence.end) if _TREE_CHARS.search(view.line(n))), default=1)
        shown = [f for f in under if posixpath.relpath(f, root).count("/") < depth]
        shown = [f for f in shown if not posixpath.basename(f).startswith(".")] if not any(
            posixpath.basename(view.line(n)).lstrip("├└│─ ").startswith(".") for n in range(body_start, fence.end)) else shown
        lines = [view.line(body_start)] + _tree(root, shown)
        new = "".join(line + "\n" for line in lines)
        if new == view.chunk(body_start, fence.end - 1):
            continue
        fixes.append(make_fix(view, "replace-block", body_start, fence.end - 1, new,
                              f"rebuilt the tree of {root}/ from the repository's files", [f.id for f in group]))
    return fixes
