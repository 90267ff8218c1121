"""Remove what the document invents (phantom-resource findings).

A section whose heading names the phantom (an "Istio service mesh" section when the repository has
no Istio) is removed whole, with table-of-contents links to it; a list item or table row is removed;
a snippet object or command line inside a fence is removed (the whole fence when nothing is left);
a short prose paragraph (at most two lines) is rewritten as a one-line "not part of this
deployment" note. Longer prose is left for a human: no fix. All fixes for one phantom share a group.
"""

from __future__ import annotations

import re

from ...model import Facts, Finding, Fix
from ..docview import DocView, Heading
from .common import claim_lines, make_fix

_LIST_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_RE = re.compile(r"^\s*\|")


def handles(finding: Finding) -> bool:
    return finding.rule == "phantom-resource" and claim_lines(finding) is not None


def _names(f: Finding) -> list[str]:
    out = []
    for v in (f.subject, f.doc_value if isinstance(f.doc_value, str) else None,
              f.claim.value if f.claim is not None and isinstance(f.claim.value, str) else None):
        if v and len(v) >= 3 and v.lower() not in out:
            out.append(v.lower())
    return out


def _mentions(title: str, names: list[str]) -> bool:
    low = title.lower()
    return any(re.search(r"(?<![a-z0-9])" + re.escape(n) + r"(?![a-z0-9])", low) for n in names)


def slug(title: str) -> str:
    """GitHub's heading anchor for `title`."""
    s = title.strip().lower()
    s = re.sub(r"[^\w\- ]", "", s)
    return s.replace(" ", "-")


def _paragraph(view: DocView, line: int) -> tuple[int, int]:
    start = end = line
    while start > 1 and view.line(start - 1).strip() and not view.line(start - 1).lstrip().startswith("#"):
        start -= 1
    while end < len(view.lines) and view.line(end + 1).strip() and not view.line(end + 1).lstrip().startswith("#"):
        end += 1
    return start, end


def _list_item(view: DocView, line: int) -> tuple[int, int]:
    """A list item with its indented continuation lines."""
    end = line
    indent = len(view.line(line)) - len(view.line(line).lstrip())
    while end < len(view.lines):
        nxt = view.line(end + 1)
        if not nxt.strip() or _LIST_RE.match(nxt) or len(nxt) - len(nxt.lstrip()) <= indent:
            break
        end += 1
    return line, end


def generate(findings: list[Finding], facts: Facts, view: DocView) -> list[Fix]:
    top = view.headings[0] if view.headings and view.headings[0].level == 1 else None
    sections: dict[int, tuple[Heading, list[Finding]]] = {}
    lines: dict[tuple[int, int], tuple[str, list[Finding]]] = {}
    for f in findings:
        if not handles(f):
            continue
        first, last = claim_lines(f)
        names = _names(f)
        # the outermost section (below the document title) whose heading names the phantom
        chosen = None
        for h in view.headings:
            if h is not top and h.line <= first <= h.end_line and _mentions(h.bare_title, names):
                chosen = h
                break
        if chosen is not None:
            sections.setdefault(chosen.line, (chosen, []))[1].append(f)
            continue
        text = view.line(first)
        fence = view.fence_at(first)
        if fence is not None:
            if first > fence.start and last < fence.end:
                lines.setdefault((first, last), ("fence", []))[1].append(f)
        elif _TABLE_RE.match(text) and view.table_at(first) and first > view.table_at(first)[0] + 1:
            lines.setdefault((first, first), ("row", []))[1].append(f)
        elif _LIST_RE.match(text):
            lines.setdefault(_list_item(view, first), ("item", []))[1].append(f)
        else:
            para = _paragraph(view, first)
            if para[1] - para[0] <= 1:
                lines.setdefault(para, ("note", []))[1].append(f)
    fixes: list[Fix] = []
    for _, (head, group) in sorted(sections.items()):
        label = group[0].subject or str(group[0].doc_value)
        gid = f"phantom:{label}"
        ids = [f.id for f in group]
        fixes.append(make_fix(view, "remove", head.line, head.end_line, "",
                              f"removed section '{head.title}': the repository has no {label}", ids, gid))
        anchor = f"](#{slug(head.title)})"
        for n in range(1, len(view.lines) + 1):
            if n < head.line or n > head.end_line:
                t = view.line(n)
                if anchor in t and _LIST_RE.match(t):
                    fixes.append(make_fix(view, "remove", n, n, "",
                                          f"removed the link to the removed section '{head.title}'", ids, gid))
    covered = [(h.line, h.end_line) for h, _ in sections.values()]
    for (first, last), (how, group) in sorted(lines.items()):
        if any(a <= first and last <= b for a, b in covered):
            continue
        label = group[0].subject or str(group[0].doc_value)
        ids = [f.id for f in group]
        gid = f"phantom:{label}"
        if how == "note":
            indent = view.line(first)[: len(view.line(first)) - len(view.line(first).lstrip())]
            note = f"{indent}{label} is not part of this deployment: the repository defines no such resource.\n"
            fixes.append(make_fix(view, "replace-block", first, last, note,
                                  f"rewrote the paragraph about {label} as a 'not part of this deployment' note",
                                  ids, gid))
            continue
        fence = view.fence_at(first) if how == "fence" else None
        if fence is not None:
            body = [n for n in range(fence.start + 1, fence.end) if view.line(n).strip()
                    and not view.line(n).strip().startswith("#") and view.line(n).strip() != "---"]
            if all(first <= n <= last for n in body):
                first, last = fence.start, fence.end
                if last < len(view.lines) and not view.line(last + 1).strip():
                    last += 1
        what = {"fence": "snippet lines", "row": "table row", "item": "list item"}[how]
        fixes.append(make_fix(view, "remove", first, last, "",
                              f"removed {what} about {label}: the repository has no {label}", ids, gid))
    return fixes
