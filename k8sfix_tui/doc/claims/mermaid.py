"""Mermaid flowcharts -> `component` per labelled node (plus replicas/port/kind... claims found in
its label, e.g. `API[API<br/>3 replicas]`) and `mermaid-edge` per arrow ({"from": label, "to": label}).
"""

from __future__ import annotations

import re
from typing import Any

from ...model import Claim
from ..markdown import CodeBlock, Document
from .common import new_claim
from .prose import Hit, scan

_NODE = re.compile(
    r"(?P<id>[A-Za-z_][\w\-]*)\s*(?P<open>\[\[|\[\(|\(\(\(|\(\(|\[/|\[\\|\(\[|\{\{|\[|\(|\{|>)"
    r"(?P<label>\"[^\"]*\"|[^\]\)\}\"]*?)"
    r"(?P<close>\]\]|\)\]|\)\)\)|\)\)|/\]|\\\]|\]\)|\}\}|\]|\)|\})"
)
_ARROW = re.compile(r"\s*(?:<?(?:-{2,}|={2,}|-\.+-|~{3,})(?:>|o|x)?|<?-\.+->?)\s*(?:\|[^|]*\|)?\s*")
_EDGE_TEXT = re.compile(r"(--|==|-\.)\s+[^-=>|][^>|]*?\s+(-->|==>|\.->|---)")
_KEYWORDS = {"graph", "flowchart", "subgraph", "end", "classDef", "class", "style", "linkStyle", "click", "direction",
             "sequenceDiagram", "participant", "actor", "note", "loop", "alt", "else", "opt", "par", "rect", "autonumber"}


def _label_parts(label: str) -> list[tuple[str, int]]:
    parts = []
    pos = 0
    for m in re.finditer(r"<br\s*/?>|\\n|<hr\s*/?>", label, re.IGNORECASE):
        parts.append((label[pos:m.start()], pos))
        pos = m.end()
    parts.append((label[pos:], pos))
    return parts


def _strip(text: str) -> str:
    text = re.sub(r"<[^>]+>|fa:fa-[\w\-]+|`|\*\*?", "", text)
    return text.strip().strip("\"'").strip()


def extract_block(doc: Document, block: CodeBlock) -> list[Claim]:
    out: list[Claim] = []
    first = block.text.lstrip().split(None, 1)[0].lower() if block.text.strip() else ""
    if first not in ("graph", "flowchart", "---", "%%{init:"):
        if not re.search(r"^\s*(?:graph|flowchart)\b", block.text, re.M):
            return out
    labels: dict[str, str] = {}
    seen: set[str] = set()
    for i, raw in enumerate(block.text.splitlines()):
        ln = block.content_start_line + i
        line = raw.split("%%", 1)[0]
        stripped = line.strip()
        if not stripped or stripped.split()[0] in _KEYWORDS and not re.search(r"-->|---|==>|-\.->", stripped):
            if stripped.startswith("subgraph"):
                m = re.match(r"\s*subgraph\s+(\w[\w\-]*)\s*(?:\[(.*?)\])?", line)
                if m:
                    labels[m.group(1)] = _strip(m.group(2) or m.group(1))
            continue
        doc_line = doc.line(ln)
        shift = doc_line.find(raw) if raw and raw in doc_line else 0
        for m in _NODE.finditer(line):
            nid = m.group("id")
            if nid in _KEYWORDS:
                continue
            label = m.group("label")
            lstart = m.start("label")
            if label.startswith('"'):
                label, lstart = label[1:-1], lstart + 1
            parts = _label_parts(label)
            name = _strip(parts[0][0]) or nid
            labels[nid] = name
            if nid not in seen:
                seen.add(nid)
                nstart = shift + lstart + parts[0][1] + (parts[0][0].find(name) if name in parts[0][0] else 0)
                span = (nstart, nstart + len(name)) if doc_line[nstart:nstart + len(name)] == name else None
                out.append(new_claim(doc, ln, "mermaid", "component", name, span=span, subject=name,
                                     extra={"node_id": nid}, area=None))
            for part, off in parts:
                plain = _plain_label(part)
                hits = scan(plain, None)
                for km in re.finditer(r"\b(Deployment|StatefulSet|DaemonSet|CronJob)\b", plain):
                    if not any(h.start <= km.start() < h.end for h in hits):
                        hits.append(Hit("kind", km.group(1), km.start(), km.end(), {"written": km.group(1)}))
                hits.sort(key=lambda h: h.start)
                for hit in hits:
                    s = shift + lstart + off + hit.start
                    span = (s, s + (hit.end - hit.start)) if doc_line[s:s + hit.end - hit.start] == str(hit.value) else None
                    out.append(new_claim(doc, ln, "mermaid", hit.field, hit.value, span=span, subject=hit.subject or name,
                                         extra={**hit.extra, "node_id": nid}))
        # edges
        if not re.search(r"-->|---|==>|-\.->|-\.-|~~~|--[ox]", line):
            continue
        flat = _EDGE_TEXT.sub(lambda m: m.group(2), line)
        flat = _NODE.sub(lambda m: m.group("id"), flat)
        pieces = [p.strip() for p in _ARROW.split(flat)]
        groups = [[x.strip() for x in p.split("&") if x.strip()] for p in pieces if p]
        for a, b in zip(groups, groups[1:]):
            for x in a:
                for y in b:
                    if not re.fullmatch(r"[A-Za-z_][\w\-]*", x) or not re.fullmatch(r"[A-Za-z_][\w\-]*", y):
                        continue
                    edge: dict[str, Any] = {"from": labels.get(x, x), "to": labels.get(y, y), "from_id": x, "to_id": y}
                    out.append(new_claim(doc, ln, "mermaid", "mermaid-edge", edge, subject=labels.get(x, x),
                                         area="networking"))
    return out


def _plain_label(part: str) -> str:
    return re.sub(r"<[^>]+>", lambda m: " " * len(m.group(0)), part)


def extract(doc: Document) -> list[Claim]:
    out: list[Claim] = []
    for block in doc.blocks:
        if block.lang == "mermaid":
            out.extend(extract_block(doc, block))
    return out
