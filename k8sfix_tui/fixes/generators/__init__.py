"""Fix generators: pure functions `(findings, facts, view) -> list[Fix]`, one module per kind of edit.

`generate_fixes(findings, facts, document)` runs them all and returns the document's fixes with
stable ids (`fix-001`, ... in line order). Waived findings and findings of other documents are
ignored. Fixes never partially overlap: of two fixes on crossing line ranges the wider one is kept;
fixes on identical ranges with identical text are merged; nested fixes stay (when both are
accepted the outer one wins, see `apply.effective_fixes`).
"""

from __future__ import annotations

from typing import Any, Callable

from ...model import Facts, Finding, Fix
from ..docview import DocView
from . import block, operations, phantom, rows, sections, tree, value

Generator = Callable[[list[Finding], Facts, DocView], list[Fix]]

# order matters only for ties: earlier generators win identical ranges
GENERATORS: tuple[tuple[str, Generator], ...] = (
    ("operations", operations.generate),  # a regenerated section takes the findings inside it
    ("block", block.generate),
    ("tree", tree.generate),
    ("phantom", phantom.generate),
    ("value", value.generate),
    ("rows", rows.generate),
    ("sections", sections.generate),
)


def generate_fixes(findings: list[Finding], facts: Facts, document: Any) -> list[Fix]:
    """Every fix for `document`'s findings, ids assigned in line order."""
    view = DocView.of(document)
    mine = [f for f in findings if not f.waived and (f.doc is None or f.doc.path == view.path or not view.path)]
    # a finding handled by a block replacement is not also edited in place
    fixes: list[Fix] = []
    taken: set[str] = set()
    for _name, gen in GENERATORS:
        todo = [f for f in mine if f.id not in taken]
        new = gen(todo, facts, view)
        fixes.extend(new)
        for fx in new:
            taken.update(fx.resolves)
    total = len(view.lines)
    # defensive: a fix must fit the document it was generated for
    fixes = [fx for fx in fixes if 1 <= fx.start_line <= total + 1 and fx.end_line <= total
             and fx.end_line >= fx.start_line - 1]
    return finalize(fixes)


def _crosses(a: Fix, b: Fix) -> bool:
    """Partially overlapping line ranges (neither contains the other); insertions never cross."""
    if a.end_line < a.start_line or b.end_line < b.start_line:
        return False
    if a.start_line > b.end_line or b.start_line > a.end_line:
        return False
    a_in_b = b.start_line <= a.start_line and a.end_line <= b.end_line
    b_in_a = a.start_line <= b.start_line and b.end_line <= a.end_line
    return not (a_in_b or b_in_a)


def finalize(fixes: list[Fix]) -> list[Fix]:
    """Merge duplicates, drop crossing fixes (keep the wider), sort and number."""
    out: list[Fix] = []
    for fx in fixes:
        same = next((o for o in out if (o.start_line, o.end_line) == (fx.start_line, fx.end_line)
                     and (o.end_line >= o.start_line or o.new_text == fx.new_text)), None)
        if same is not None:
            if same.new_text == fx.new_text or same.end_line >= same.start_line:
                same.resolves.extend(r for r in fx.resolves if r not in same.resolves)
                continue
        out.append(fx)
    changed = True
    while changed:
        changed = False
        for a in out:
            for b in out:
                if a is not b and _crosses(a, b):
                    loser = a if (a.end_line - a.start_line) < (b.end_line - b.start_line) else b
                    winner = b if loser is a else a
                    winner.resolves.extend(r for r in loser.resolves if r not in winner.resolves)
                    out.remove(loser)
                    changed = True
                    break
            if changed:
                break
    # ties (several insertions at one point) keep the order the generators produced them in, which is
    # the order the sections should read in (deterministic: the generators are)
    out.sort(key=lambda f: (f.start_line, -(f.end_line - f.start_line), f.kind))
    for i, fx in enumerate(out, 1):
        fx.id = f"fix-{i:03d}"
    return out


is_auto_acceptable = sections.is_auto_acceptable

__all__ = ["generate_fixes", "finalize", "is_auto_acceptable", "GENERATORS"]
