"""Placeholder text left in a document: example.com hosts and emails, your-org / your-company /
yourdomain, TODO/TBD/FIXME/XXX, `<your-...>` / `<namespace>` angle placeholders (HTML tags are not
placeholders), "latest" used as a version or tag, lorem ipsum, changeme.

Scanned in prose, tables and YAML/shell blocks (not in mermaid diagrams or directory trees).
value = the placeholder text, extra.kind = host | email | org | todo | angle | latest | lorem | changeme | version.
"""

from __future__ import annotations

import re

from ...model import Claim
from ..markdown import Document
from .common import heading_area, new_claim, section_subject, section_titles

_I = re.IGNORECASE
_HTML_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "picture", "pre", "q", "s", "samp", "small",
    "source", "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "tt", "u", "ul", "var", "center", "font", "figure", "figcaption", "video", "audio", "iframe", "section",
    "article", "nav", "header", "footer", "main", "aside", "mark", "meta", "link", "script", "style", "svg", "path",
    "g", "input", "label", "button", "form", "select", "option", "textarea", "caption", "col", "colgroup", "wbr",
    "html", "head", "body", "title", "base", "noscript", "template", "slot", "canvas", "object", "embed", "param",
}
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"\b[\w.+\-]+@(?:[\w\-]+\.)*example\.(?:com|org|net)\b", _I)),
    ("host", re.compile(r"(?<![@\w.\-])(?:[\w\-]+\.)*example\.(?:com|org|net)\b", _I)),
    ("angle", re.compile(r"<(?!/)(?!!--)([A-Za-z][\w\-. ]{0,40}?)>")),
    ("org", re.compile(r"\b(?:your|my)[-_](?:org|organi[sz]ation|company|domain|registry|repo(?:sitory)?|username|user|"
                       r"namespace|cluster|project|team|app|email|name|image|bucket|account|password|token|secret|host|"
                       r"hostname|release|region|zone|env|dockerhub|gh|github)\b|\byour(?:domain|company|org|registry|"
                       r"username|repo)\b", _I)),
    ("todo", re.compile(r"\b(?:TODO|TBD|TBA|FIXME|XXX+)\b")),
    ("latest", re.compile(r"(?<=:)latest\b|\b(?:tag|version|image\s+tag)\s*[:=]?\s*[\"'`]?(latest)\b", _I)),
    ("lorem", re.compile(r"\blorem\s+ipsum\b", _I)),
    ("changeme", re.compile(r"\b(?:change[-_]?me|replace[-_]?me|changeit)\b", _I)),
    ("version", re.compile(r"\bv?[xX]\.[yY]\.[zZ]\b")),
]
_LITERALS = {"unknown", "none", "pending", "nil", "invalid", "no value", "not set", "empty", "missing"}
_GATE = re.compile(r"example\.|your|my[-_]|todo|tbd|tba\b|fixme|xxx|<|latest|lorem|change|replace|x\.y", re.IGNORECASE)
_SKIP_BLOCKS = {"mermaid", "text", "txt", "plain", "tree", "diff", "html", "xml", "svg", "json5"}


def _lines(doc: Document) -> list[int]:
    skip: set[int] = set()
    for b in doc.blocks:
        if b.lang in _SKIP_BLOCKS or b.lang.startswith(("mermaid", "plantuml", "dot")):
            skip.update(range(b.fence_line, b.end_line + 1))
        else:
            skip.add(b.fence_line)
            if b.closed and b.fenced:
                skip.add(b.end_line)
    if doc.front_matter_lines:
        skip.update(range(doc.front_matter_lines[0], doc.front_matter_lines[1] + 1))
    return [i for i in range(1, len(doc.lines) + 1) if i not in skip]


def extract(doc: Document) -> list[Claim]:
    out: list[Claim] = []
    for ln in _lines(doc):
        raw = doc.line(ln)
        if not raw.strip() or not _GATE.search(raw):
            continue
        text = re.sub(r"<!--.*?-->", lambda m: " " * len(m.group(0)), raw)
        taken: list[tuple[int, int]] = []
        block = doc.block_at(ln)
        for kind, rx in PATTERNS:
            for m in rx.finditer(text):
                g = 1 if kind == "latest" and m.group(1) else 0
                s, e = m.span(g)
                if any(not (e <= a or s >= b) for a, b in taken):
                    continue
                value = m.group(g)
                if kind == "angle":
                    if m.group(1) != m.group(1).strip() or text[max(0, s - 1):s] == "<" or text[e:e + 1] == ">":
                        continue  # heredoc (<<EOF), redirections, arrows
                    name = m.group(1).strip()
                    if name.split()[0].lower() in _HTML_TAGS or ln in doc.html_lines or name.lower() in _LITERALS:
                        continue
                    if block is not None and block.lang in ("yaml", "yml", "json") and not re.search(r"your|name|namespace|release|host|domain|token|password|version|tag|image|registry", name, _I):
                        continue
                    if "=" in name or name.endswith(" ") or not re.search(r"[a-z]", name, _I):
                        continue
                    if "->" in text[max(0, s - 2): e + 2] or "<-" in text[max(0, s - 2): e + 2]:
                        continue
                if kind == "todo" and block is not None and block.lang in ("bash", "sh", "shell", "console") and not raw.lstrip().startswith("#"):
                    pass
                taken.append((s, e))
                titles = section_titles(doc, ln)
                out.append(new_claim(doc, ln, "bash" if block is not None and block.lang in ("bash", "sh", "shell", "console", "zsh")
                                     else "yaml" if block is not None and block.lang in ("yaml", "yml") else "prose",
                                     "placeholder", value, span=(s, e), subject=section_subject(doc, ln),
                                     extra={"kind": kind}, area=heading_area(titles) or "structure"))
    return out
