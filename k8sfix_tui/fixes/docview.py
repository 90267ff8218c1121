"""A line-level view of a Markdown document for fix generators: headings, section ranges, fences.

Fix generators need only a document's path and text plus where its sections and code fences
start and end (1-based, inclusive). `DocView.of(document)` accepts whatever `doc.parse_document`
returns (anything with `path` and `text`), a `(path, text)` pair, or a DocView.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt

_EMOJI = re.compile(
    "^([\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2B06\u2194-\u21FF\u2300-\u23FF\u2190-\u21AA]"
    "[\uFE0F\u200D\U0001F3FB-\U0001F3FF]*\\s+)"
)


@dataclass
class Heading:
    """A heading and the section it opens: lines `line`..`end_line` (1-based, inclusive)."""

    title: str
    level: int
    line: int
    end_line: int
    raw: str = ""

    @property
    def emoji(self) -> str:
        m = _EMOJI.match(self.title)
        return m.group(1) if m else ""

    @property
    def bare_title(self) -> str:
        return self.title[len(self.emoji):].strip()


@dataclass
class Fence:
    """A fenced code block: fence lines `start` and `end`, body `start+1`..`end-1`."""

    lang: str
    start: int
    end: int
    info: str = ""


@dataclass
class DocView:
    path: str
    text: str
    lines: list[str] = field(default_factory=list)  # with line endings kept
    headings: list[Heading] = field(default_factory=list)
    fences: list[Fence] = field(default_factory=list)
    tables: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def of(cls, document: Any, text: str | None = None) -> "DocView":
        if isinstance(document, DocView):
            return document
        if isinstance(document, tuple):
            path, text = document
        else:
            path = str(getattr(document, "path", "") or "")
            if text is None:
                text = getattr(document, "text", None)
                if text is None:
                    text = getattr(document, "source", "") or ""
        return cls.parse(path, text or "")

    @classmethod
    def parse(cls, path: str, text: str) -> "DocView":
        view = cls(path=path, text=text, lines=text.splitlines(keepends=True))
        md = MarkdownIt("commonmark").enable("table")
        tokens = md.parse(text)
        total = len(view.lines)
        raw_heads: list[tuple[int, int, str]] = []
        for i, tok in enumerate(tokens):
            if tok.type == "heading_open" and tok.map:
                inline = tokens[i + 1].content if i + 1 < len(tokens) else ""
                raw_heads.append((int(tok.tag[1]), tok.map[0] + 1, inline.strip()))
            elif tok.type == "fence" and tok.map:
                info = (tok.info or "").strip()
                lang = info.split()[0].lower() if info else ""
                end = tok.map[1]  # 0-based exclusive == 1-based closing fence (or last line if unclosed)
                view.fences.append(Fence(lang=lang, start=tok.map[0] + 1, end=end, info=info))
            elif tok.type == "table_open" and tok.map:
                view.tables.append((tok.map[0] + 1, tok.map[1]))
        for idx, (level, line, title) in enumerate(raw_heads):
            end = total
            for level2, line2, _ in raw_heads[idx + 1:]:
                if level2 <= level:
                    end = line2 - 1
                    break
            raw = view.lines[line - 1].rstrip("\r\n") if line - 1 < total else ""
            view.headings.append(Heading(title=title, level=level, line=line, end_line=end, raw=raw))
        return view

    # -- queries -------------------------------------------------------------------------------

    def line(self, n: int) -> str:
        """Line `n` (1-based) without its line ending; '' when out of range."""
        if 1 <= n <= len(self.lines):
            return self.lines[n - 1].rstrip("\r\n")
        return ""

    def chunk(self, start: int, end: int) -> str:
        """Lines start..end (inclusive) exactly as in the file, endings kept."""
        return "".join(self.lines[max(start, 1) - 1 : max(end, 0)])

    @property
    def newline(self) -> str:
        return "\r\n" if self.lines and self.lines[0].endswith("\r\n") else "\n"

    def section_at(self, line: int) -> Heading | None:
        """The innermost section containing `line`."""
        best = None
        for h in self.headings:
            if h.line <= line <= h.end_line and (best is None or h.level >= best.level):
                best = h
        return best

    def section_named(self, title: str) -> Heading | None:
        want = _norm(title)
        for h in self.headings:
            if _norm(h.bare_title) == want or _norm(h.title) == want:
                return h
        return None

    def fence_at(self, line: int) -> Fence | None:
        for f in self.fences:
            if f.start <= line <= f.end:
                return f
        return None

    def table_at(self, line: int) -> tuple[int, int] | None:
        for start, end in self.tables:
            if start <= line <= end:
                return (start, end)
        return None

    def section_level(self) -> int:
        """The level most top-level sections use (2 under a single H1 title, else the minimum)."""
        levels = [h.level for h in self.headings]
        if not levels:
            return 2
        if levels.count(1) == 1 and any(lv > 1 for lv in levels):
            return min(lv for lv in levels if lv > 1)
        return min(levels)

    def uses_emoji_headings(self, level: int) -> bool:
        heads = [h for h in self.headings if h.level == level]
        return bool(heads) and sum(1 for h in heads if h.emoji) * 2 > len(heads)

    def aligned_tables(self) -> bool:
        """Whether the document pads table cells to align columns (default True)."""
        for start, end in self.tables:
            rows = [self.line(n) for n in range(start, end + 1) if self.line(n).strip()]
            if len(rows) >= 2:
                return len({len(r.rstrip()) for r in rows}) == 1
        return True


def _norm(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()
