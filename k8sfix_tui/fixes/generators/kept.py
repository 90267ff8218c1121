"""What a regenerated operations section keeps of the hand-written text it replaces.

When a Troubleshooting / Rollout / Monitoring section is regenerated (generic advice, an invented object,
several errors), the writer's text is split into blocks — paragraphs, top-level list items (with their
nested lines), code blocks, tables — and a block is kept when it is specific to this repository:

- it names something real: an object the repository defines, a non-default namespace, a helm release or
  chart, a container, a `make` target, a script or another repository path;
- it gives no generic advice (`operations.generic_phrases`); in a paragraph that mixes both, only the
  sentences without generic advice are kept, when they still name something real;
- no error/warning finding points into it, and it names no object the repository does not define
  (`invented_objects`): a wrong value or an invented object goes with the old text.

A paragraph ending in ':' right before a kept block stays with it, and so does a waiver comment
(`<!-- k8sfix: ignore ... -->`); a subsection heading above kept blocks is kept as a bold line; a
generated block of another name nested in the section is kept whole (its own fix keeps it current). `kept_notes()` returns them as Markdown placed after the generated block,
outside the markers, under the lead-in `LEAD_IN` — so nothing specific is lost, and because the section
then carries markers it is never judged again (a second run proposes nothing; a later regeneration of
the generated block leaves the notes alone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from ...model import Facts
from ..docview import DocView
from ..markers import BEGIN_RE, END_RE
from .doctype import NOT_NAMES, mentioned

LEAD_IN = "Notes kept from the previous version:"
ITEM_RE = re.compile(r"^ {0,3}([-*+]|\d{1,9}[.)])\s+\S")
HEADING_RE = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
COMMENT_RE = re.compile(r"^\s*<!--.*-->\s*$")
WAIVER_RE = re.compile(r"<!--\s*k8sfix\s*:\s*ignore\b", re.I)
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*_(\[])")
IGNORED_NAMESPACES = frozenset({"default", "kube-system", "kube-public", "kube-node-lease"})
_KINDS = (r"Deployment|StatefulSet|DaemonSet|Service|Ingress|ConfigMap|Secret|CronJob|Job|PersistentVolumeClaim|PVC|"
          r"HorizontalPodAutoscaler|HPA|PodDisruptionBudget|PDB|NetworkPolicy|ServiceAccount")
_NAME = r"([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)"
# objects a note claims exist: "the `x` Deployment", "Deployment `x`", "kubectl ... deploy/x", "kubectl get svc x"
OBJECT_REFS = (
    re.compile(r"`" + _NAME + r"`\s+(?:" + _KINDS + r")s?\b"),
    re.compile(r"\b(?:" + _KINDS + r")s?\s+`" + _NAME + r"`"),
    re.compile(r"\bkubectl\b[^\n`]*?\b(?:deploy|deployments?|sts|statefulsets?|ds|daemonsets?|svc|services?|cm|"
               r"configmaps?|secrets?|ing|ingress(?:es)?|pvc|persistentvolumeclaims?|cronjobs?|jobs?|hpa)(?:/|\s+)"
               + _NAME + r"(?![\w.-])"),
)


@dataclass
class Block:
    """Lines `start`..`end` (1-based, inclusive) of one Markdown block; kind: paragraph/item/code/table/
    heading/comment."""

    kind: str
    start: int
    end: int
    text: str


def blocks(view: DocView, start: int, end: int) -> list[Block]:
    """Split lines start..end of `view` into blocks (see `Block`)."""
    out: list[Block] = []
    n = start
    while n <= end:
        line = view.line(n)
        if not line.strip():
            n += 1
            continue
        fence = view.fence_at(n)
        if fence is not None and fence.start == n:
            last = min(fence.end, end)
            out.append(Block("code", n, last, _text(view, n, last)))
            n = last + 1
            continue
        table = view.table_at(n)
        if table is not None:
            last = min(table[1], end)
            out.append(Block("table", n, last, _text(view, n, last)))
            n = last + 1
            continue
        if HEADING_RE.match(line):
            out.append(Block("heading", n, n, HEADING_RE.match(line).group(2)))
            n += 1
            continue
        begin = BEGIN_RE.match(line)
        if begin:  # another generated block nested in the section: kept whole, markers and all
            last = next((k for k in range(n + 1, end + 1) if (m := END_RE.match(view.line(k)))
                         and m.group(1) == begin.group(1)), None)
            if last is not None:
                out.append(Block("generated", n, last, _text(view, n, last)))
                n = last + 1
                continue
        if COMMENT_RE.match(line):
            out.append(Block("comment", n, n, line.strip()))
            n += 1
            continue
        if ITEM_RE.match(line):
            last = _item_end(view, n, end)
            out.append(Block("item", n, last, _text(view, n, last)))
            n = last + 1
            continue
        last = n
        while last + 1 <= end and view.line(last + 1).strip() and not _starts_block(view, last + 1):
            last += 1
        out.append(Block("paragraph", n, last, _text(view, n, last)))
        n = last + 1
    return out


def _text(view: DocView, start: int, end: int) -> str:
    return "\n".join(view.line(k) for k in range(start, end + 1))


def _starts_block(view: DocView, n: int) -> bool:
    line = view.line(n)
    return bool(ITEM_RE.match(line) or HEADING_RE.match(line) or COMMENT_RE.match(line)
                or view.table_at(n) is not None or (view.fence_at(n) is not None and view.fence_at(n).start == n
                                                   and not line.startswith((" ", "\t"))))


def _item_end(view: DocView, first: int, end: int) -> int:
    """Last line of the list item starting at `first`: nested lines are indented, lazy lines follow directly."""
    last = first
    n = first + 1
    while n <= end:
        line = view.line(n)
        if not line.strip():
            nxt = n + 1
            while nxt <= end and not view.line(nxt).strip():
                nxt += 1
            if nxt <= end and view.line(nxt).startswith(("  ", "\t")) and not ITEM_RE.match(view.line(nxt)):
                n = nxt
                continue
            break
        indented = line.startswith(("  ", "\t"))
        if not indented and (ITEM_RE.match(line) or HEADING_RE.match(line) or view.table_at(n) is not None
                             or (view.fence_at(n) is not None and view.fence_at(n).start == n)):
            break
        fence = view.fence_at(n)
        last = min(fence.end, end) if fence is not None and fence.start == n else n
        n = last + 1
    return last


def repository_names(facts: Facts) -> set[str]:
    """Words that, when a hand-written note mentions them, make it specific to this repository."""
    names: set[str] = {o.name for o in facts.objects if isinstance(o.name, str)}
    names |= {o.namespace for o in facts.objects if isinstance(o.namespace, str)} - IGNORED_NAMESPACES
    names |= {c.name for c in facts.charts} | {h.release for h in facts.helm_invocations if h.release}
    names |= {h.namespace for h in facts.helm_invocations if h.namespace} - IGNORED_NAMESPACES
    names |= {c.name for w in facts.workloads for c in list(w.containers) + list(w.init_containers)}
    return {n for n in names if isinstance(n, str) and len(n) >= 3 and n.lower() not in NOT_NAMES}


def _paths(facts: Facts) -> list[str]:
    paths = set(facts.scripts) | {p for p in facts.files if "/" in p}
    paths |= {p.rsplit("/", 1)[-1] for p in facts.scripts}
    return sorted(paths, key=len, reverse=True)


def names_real(text: str, facts: Facts, names: set[str] | None = None, paths: list[str] | None = None) -> bool:
    """Whether `text` names a real object, namespace, release, container, make target or path of the repo."""
    names = repository_names(facts) if names is None else names
    if any(mentioned(text, n) for n in names if n in text):
        return True
    targets = {t.name for t in facts.make_targets}
    if any(m.group(1) in targets for m in re.finditer(r"\bmake\s+([A-Za-z0-9_.][A-Za-z0-9_.-]*)", text)):
        return True
    for p in _paths(facts) if paths is None else paths:
        if p in text and re.search(r"(?<![\w./-])" + re.escape(p) + r"(?![\w-]|\.\w)", text):
            return True
    return False


def invented_objects(text: str, facts: Facts) -> list[str]:
    """Object names `text` refers to (see OBJECT_REFS) that the repository does not define."""
    known = {o.name for o in facts.objects} | {c.name for c in facts.configmaps} | {c.name for c in facts.secrets}
    out = []
    for rx in OBJECT_REFS:
        for m in rx.finditer(text):
            name = m.group(1)
            if name not in known and not any(k.startswith(name + "-") or name.startswith(k + "-") for k in known):
                out.append(name)
    return out


def _specific(text: str, facts: Facts, names: set[str], paths: list[str]) -> str | None:
    """`text` as kept (generic sentences dropped), or None when nothing specific remains or it names an
    object the repository does not define."""
    from .operations import generic_phrases

    if invented_objects(text, facts):
        return None
    if not generic_phrases(text):
        return text if names_real(text, facts, names, paths) else None
    if re.search(r"^\s*(```|~~~|\|)|^(    |\t)", text, re.M):
        return None  # code, tables and blocks holding them are kept whole or not at all
    sentences = [s for s in SENTENCE_RE.split(" ".join(text.split())) if s and not generic_phrases(s)]
    rest = " ".join(sentences)
    return rest if rest and names_real(rest, facts, names, paths) else None


def kept_blocks(view: DocView, start: int, end: int, facts: Facts, drop_lines: Iterable[int] = ()) -> list[str]:
    """The Markdown of the specific blocks of lines start..end, in document order (see module doc)."""
    drop = set(drop_lines)
    names, paths = repository_names(facts), _paths(facts)
    parts = blocks(view, start, end)
    keep: dict[int, str] = {}
    for i, b in enumerate(parts):
        if b.kind == "generated":
            keep[i] = b.text  # k8sfix's own block of another name: regenerated by its own fix, never lost
            continue
        if b.kind in ("heading", "comment") or any(b.start <= n <= b.end for n in drop):
            continue
        text = _specific(b.text, facts, names, paths)
        if text is not None:
            keep[i] = text
    for i, b in enumerate(parts):  # a lead-in "To see the logs:" goes with the block it introduces
        if (i + 1 in keep and i not in keep and b.kind == "paragraph" and b.text.rstrip().endswith(":")
                and not any(b.start <= n <= b.end for n in drop)):
            from .operations import generic_phrases

            if not generic_phrases(b.text):
                keep[i] = b.text
    for i, b in enumerate(parts):  # waiver comments stay with the block they precede
        if b.kind == "comment" and i + 1 in keep and WAIVER_RE.search(b.text):
            keep[i] = b.text
    out: list[str] = []
    shown_heading: set[int] = set()
    previous = None
    for i in sorted(keep):
        h = next((j for j in range(i - 1, -1, -1) if parts[j].kind == "heading"), None)
        if h is not None and h not in shown_heading:
            shown_heading.add(h)
            out.append(f"**{parts[h].text.strip('*_ ')}**")
            previous = None
        if (previous is not None and out and all(parts[j].kind == "item" for j in range(previous, i + 1))):
            out[-1] += "\n" + keep[i]  # items of one list stay one tight list
        else:
            out.append(keep[i])
        previous = i
    return out


def kept_notes(view: DocView, start: int, end: int, facts: Facts, drop_lines: Iterable[int] = ()) -> str:
    """"" or the kept blocks under `LEAD_IN`, starting with a blank line and ending with a newline."""
    parts = kept_blocks(view, start, end, facts, drop_lines)
    if not parts:
        return ""
    return "\n" + LEAD_IN + "\n\n" + "\n\n".join(parts) + "\n"
