"""Helpers shared by the fix generators: building Fix objects from a DocView."""

from __future__ import annotations

from ...model import Finding, Fix
from ..docview import DocView


def make_fix(view: DocView, kind: str, start: int, end: int, new_text: str, rationale: str,
             resolves: list[str], group: str | None = None) -> Fix:
    """A Fix replacing lines start..end of `view` (insertion when end == start - 1); id assigned later."""
    section = view.section_at(start if end >= start else max(start - 1, 1))
    return Fix(
        id="",
        doc_path=view.path,
        kind=kind,
        start_line=start,
        end_line=end,
        old_text=view.chunk(start, end) if end >= start else "",
        new_text=new_text,
        rationale=rationale,
        resolves=list(resolves),
        section=section.title if section else "",
        group=group,
    )


def value_text(value: object) -> str | None:
    """A scalar actual value as a document would write it; None for values that are not scalars."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    if isinstance(value, (list, tuple)) and len(value) == 1 and isinstance(value[0], (int, str)):
        return str(value[0])
    return None  # several candidates (or a structure): no single value to write


def is_note(finding: Finding) -> bool:
    """An info-level finding: a note, never an edit of what the writer wrote.

    Drift reports `info` when the document's value is real but belongs to another deployment route
    ("2 replicas: that is what overlay release-ha renders, but the chart renders 1"): the sentence is
    right for that route, so replacing the value would make a correct document wrong. Generators that
    change written text (value, phantom, tree, block) skip notes; the reader sees them in `check`."""
    return str(getattr(finding, "severity", "") or "").lower() == "info"


def claim_lines(finding: Finding) -> tuple[int, int] | None:
    """The 1-based inclusive line range a finding's claim covers."""
    ref = finding.claim.doc if finding.claim is not None else finding.doc
    if ref is None or ref.line < 1:
        return None
    return ref.line, max(ref.end_line or ref.line, ref.line)
