"""Remove what the document invents (phantom-resource findings, and prose placeholders with no real value).

A section whose heading names the phantom (an "Istio service mesh" section when the repository has
no Istio) is removed whole, with table-of-contents links to it; a list item or table row is removed;
a snippet object or command line inside a fence is removed (the whole fence when nothing is left);
in prose only the sentence that makes the claim is removed (the paragraph, or the subsection it was
the only content of, when nothing else is left). Every fix says what it removed. All fixes for one
phantom share a group.
"""

from __future__ import annotations

import re

from ...model import Facts, Finding, Fix
from ..docview import DocView, Heading
from . import value as value_gen
from .common import claim_lines, is_note, make_fix

_LIST_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_RE = re.compile(r"^\s*\|")


def handles(finding: Finding) -> bool:
    if claim_lines(finding) is None or is_note(finding):
        return False
    if finding.rule == "phantom-resource":
        return True
    # a placeholder with nothing real to put instead, in prose: the sentence goes
    return finding.rule == "placeholder" and finding.actual_value in (None, "") and (
        finding.claim is None or finding.claim.form not in ("yaml", "bash", "tree", "mermaid"))


def _names(f: Finding) -> list[str]:
    """What the phantom is called: the claimed value, and the subject only when the claim's text names it."""
    out = []
    text = (f.claim.text if f.claim is not None else "") or ""
    subject = f.subject if isinstance(f.subject, str) and f.subject.lower() in text.lower() else None
    for v in (f.doc_value if isinstance(f.doc_value, str) else None,
              f.claim.value if f.claim is not None and isinstance(f.claim.value, str) else None, subject):
        if v and len(v) >= 3 and v.lower() not in out:
            out.append(v.lower())
    return out


def _mentions(title: str, names: list[str]) -> bool:
    low = title.lower()
    return any(re.search(r"(?<![a-z0-9])" + re.escape(n) + r"(?![a-z0-9])", low) for n in names)


def slug(title: str) -> str:
    """GitHub's heading anchor for `title` (the doc package's rule)."""
    from ...doc.markdown import github_slug

    return github_slug(title)


def _paragraph(view: DocView, line: int) -> tuple[int, int]:
    """The paragraph (or list item) around `line`: blank lines, headings, list markers, table rows and
    fences bound it."""
    def boundary(n: int) -> bool:
        text = view.line(n)
        return (not text.strip() or text.lstrip().startswith("#") or _TABLE_RE.match(text) is not None
                or view.fence_at(n) is not None)

    start = end = line
    while start > 1 and not boundary(start - 1) and not _LIST_RE.match(view.line(start)):
        start -= 1
    while end < len(view.lines) and not boundary(end + 1) and not _LIST_RE.match(view.line(end + 1)):
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


def _cut_sentences(view: DocView, p0: int, p1: int, points: list[tuple[int, int]]) -> list[str]:
    """Lines of paragraph p0..p1 without the sentences containing any of `points` ((line, col) pairs)."""
    texts = [view.line(n) for n in range(p0, p1 + 1)]
    joined = "\n".join(texts)
    lead = re.match(r"^(\s*(?:[-*+]|\d+[.)])\s+|\s*>\s*)", joined)
    body_start = lead.end() if lead else 0
    ends = [m.end() for m in _SENTENCE_END.finditer(joined)]
    bounds = [body_start] + [e for e in ends if e > body_start] + [len(joined)]
    sentences = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1) if bounds[i] < bounds[i + 1]]
    drop = set()
    for line, col in points:
        offset = sum(len(t) + 1 for t in texts[: line - p0]) + max(col, 0)
        for i, (a, b) in enumerate(sentences):
            if a <= offset < b or (i == len(sentences) - 1 and offset >= b):
                drop.add(i)
                break
    kept = joined[:body_start]
    for i, (a, b) in enumerate(sentences):
        if i in drop:
            continue
        piece = joined[a:b]
        kept += piece.lstrip(" ") if (not kept or kept.endswith((" ", "\n"))) else piece
    lines = [ln.rstrip() for ln in kept.split("\n")]
    lines = [ln for ln in lines if ln.strip()]
    if lead and lines and lines[0].strip() == lead.group(1).strip() and len(lines) == 1:
        lines = []
    if lines and not lines[0].strip():
        lines = []
    if lead and lines and not lines[0].startswith(lead.group(1).rstrip()):
        lines[0] = lead.group(1) + lines[0].lstrip()
    return lines


_SENTENCE_END = re.compile(r"(?<!e\.g)(?<!i\.e)(?<!etc)[.!?](?=\s)")


def _only_content(view: DocView, first: int, last: int) -> Heading | None:
    """The (sub)section whose whole body is lines first..last, if any (never the document title)."""
    head = view.section_at(first)
    if head is None or head.level == 1 or any(h.line > head.line and h.line <= head.end_line for h in view.headings):
        return None
    body = [n for n in range(head.line + 1, head.end_line + 1) if view.line(n).strip()]
    return head if body and all(first <= n <= last for n in body) else None


def _with_blank(view: DocView, first: int, last: int) -> tuple[int, int]:
    """Extend a removal by one following blank line so no double blank line is left."""
    if last < len(view.lines) and not view.line(last + 1).strip() and (first == 1 or not view.line(first - 1).strip()):
        return first, last + 1
    return first, last


_KEY_RE = re.compile(r"(?<![\w./-])[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+(?![\w/-])")


def names_values_key(text: str, facts: Facts) -> bool:
    """Whether `text` names a dotted key of one of the repository's charts' values (`pdb.enabled`):
    such a line documents a real parameter, whatever object kind its words suggest."""
    keys: set[str] = set()
    for chart in facts.charts:
        keys.update(k for k in (getattr(chart, "values_lines", None) or {}) if isinstance(k, str))
    if not keys:
        return False
    return any(m.group(0).removeprefix("Values.") in keys for m in _KEY_RE.finditer(text.replace(".Values.", "Values.")))


def generate(findings: list[Finding], facts: Facts, view: DocView) -> list[Fix]:
    top = view.headings[0] if view.headings and view.headings[0].level == 1 else None
    # a line that drift also reports as a wrong VALUE describes something real: never remove it
    real_lines = {f.doc.line for f in findings if f.doc is not None and f.rule in (
        "value-mismatch", "wrong-command", "wrong-path")}
    sections: dict[int, tuple[Heading, list[Finding]]] = {}
    lines: dict[tuple[int, int], tuple[str, list[Finding]]] = {}
    cuts: dict[int, list[tuple[Finding, int]]] = {}  # paragraph start -> (finding, line, col)
    for f in findings:
        if not handles(f):
            continue
        first, last = claim_lines(f)
        if first in real_lines or names_values_key(view.line(first), facts):
            continue  # a line documenting a real chart parameter (`podDisruptionBudget.enabled`) stays
        if f.rule == "placeholder" and value_gen._new_value(f, facts, view.line(first))[0] is not None:
            continue  # the repository has the real value: value.py replaces the placeholder instead
        names = _names(f)
        # the outermost section (below the document title) whose heading names the phantom
        chosen = None
        if f.rule == "phantom-resource":
            for h in view.headings:
                if h is not top and h.line <= first <= h.end_line and _mentions(h.bare_title, names):
                    chosen = h
                    break
        if chosen is not None:
            sections.setdefault(chosen.line, (chosen, []))[1].append(f)
            continue

        text = view.line(first)
        fence = view.fence_at(first)
        if f.rule == "placeholder" and (fence is not None or _TABLE_RE.match(text)):
            continue  # placeholders in tables and snippets need a real value, not a removal
        if fence is not None:
            if first > fence.start and last < fence.end and f.rule == "phantom-resource":
                lines.setdefault((first, last), ("fence", []))[1].append(f)
        elif _TABLE_RE.match(text) and view.table_at(first) and first > view.table_at(first)[0] + 1:
            lines.setdefault((first, first), ("row", []))[1].append(f)
        elif _LIST_RE.match(text) and f.rule == "phantom-resource" and _list_item(view, first)[1] - first < 1 \
                and len(re.findall(_SENTENCE_END, text)) <= 1:
            lines.setdefault(_list_item(view, first), ("item", []))[1].append(f)
        else:
            col = _value_col(f, text)
            cuts.setdefault(_paragraph(view, first)[0], []).append((f, first, col))
    for key, (head, group) in list(sections.items()):
        body = [n for n in range(head.line + 1, head.end_line + 1) if view.line(n).strip()]
        if len(body) > 12 * len(group):  # a long section that only mentions the phantom: cut the mentions
            del sections[key]
            for f in group:
                first = claim_lines(f)[0]
                if view.fence_at(first) is None and not _TABLE_RE.match(view.line(first)):
                    cuts.setdefault(_paragraph(view, first)[0], []).append((f, first, _value_col(f, view.line(first))))
    fixes: list[Fix] = []
    for _, (head, group) in sorted(sections.items()):
        label = _label(group[0])
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
        label = _label(group[0])
        ids = [f.id for f in group]
        fence = view.fence_at(first) if how == "fence" else None
        if fence is not None:
            body = [n for n in range(fence.start + 1, fence.end) if view.line(n).strip()
                    and not view.line(n).strip().startswith("#") and view.line(n).strip() != "---"]
            if all(first <= n <= last for n in body):
                first, last = _with_blank(view, fence.start, fence.end)
                intro = _intro(view, fence.start)
                if intro is not None:  # "... open it with:" introduced the removed block: cut that sentence too
                    cuts.setdefault(_paragraph(view, intro)[0], []).append((group[0], intro, max(len(view.line(intro)) - 1, 0)))
        what = {"fence": "snippet lines", "row": "table row", "item": "list item"}[how]
        fixes.append(make_fix(view, "remove", first, last, "",
                              f"removed {what} about {label}: {_why(group[0])}", ids, f"phantom:{label}"))
    for p0, items in sorted(cuts.items()):
        if any(a <= p0 <= b for a, b in covered):
            continue
        p_first, p_last = _paragraph(view, p0)
        current = _cut_sentences(view, p_first, p_last, [(line, col) for _, line, col in items])
        ids = [f.id for f, _, _ in items]
        label = _label(items[0][0])
        if not current:
            head = _only_content(view, p_first, p_last)
            if head is not None:
                fixes.append(make_fix(view, "remove", head.line, head.end_line, "",
                                      f"removed section '{head.title}': it only described {label}, "
                                      f"{_why(items[0][0])}", ids, f"phantom:{label}"))
                continue
            first, last = _with_blank(view, p_first, p_last)
            fixes.append(make_fix(view, "remove", first, last, "",
                                  f"removed the paragraph about {label}: {_why(items[0][0])}", ids, f"phantom:{label}"))
            continue
        fixes.append(make_fix(view, "remove", p_first, p_last, "".join(t + "\n" for t in current),
                              f"removed the sentence about {label}: {_why(items[0][0])}", ids, f"phantom:{label}"))
    return fixes


def _intro(view: DocView, fence_start: int) -> int | None:
    """The last line of the paragraph right above a fence when it ends with ':' (it introduces the block)."""
    n = fence_start - 1
    if n >= 1 and not view.line(n).strip():
        n -= 1
    if n >= 1 and view.line(n).rstrip().endswith(":") and view.fence_at(n) is None and not view.line(n).lstrip().startswith("#"):
        return n
    return None


def _value_col(f: Finding, text: str) -> int:
    claim = f.claim
    if claim is not None and claim.span:
        return claim.span[0]
    for v in (f.doc_value, claim.value if claim is not None else None, f.subject):
        if isinstance(v, str) and v and v in text:
            return text.index(v)
    return 0


def _label(f: Finding) -> str:
    for v in (f.doc_value, f.subject):
        if isinstance(v, str) and v:
            return v
    return "it"


def _why(f: Finding) -> str:
    if f.rule == "placeholder":
        return "placeholder content, nothing in the repository to replace it with"
    return f"the repository has no {_label(f)}"
