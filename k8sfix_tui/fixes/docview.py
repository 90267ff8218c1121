"""A line-level view of a Markdown document for fix generators: headings, section ranges, fences.

Fix generators need a document's exact lines (endings kept, for byte-exact edits) plus where its
sections, code fences and tables start and end (1-based, inclusive). The structure comes from
`doc.parse_document`; `DocView.of(document)` accepts a parsed Document, a `(path, text)` pair, or
a DocView.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any


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
        """A view of `document`: a DocView, a `doc.Document`, anything with `path`/`text`, or (path, text)."""
        if isinstance(document, DocView):
            return document
        if isinstance(document, tuple):
            return cls.parse(*document)
        path = str(getattr(document, "path", "") or "")
        if text is None and hasattr(document, "sections") and hasattr(document, "blocks"):
            return cls.from_document(document)
        if text is None:
            text = getattr(document, "text", None) or ""
        return cls.parse(path, text)

    @classmethod
    def parse(cls, path: str, text: str) -> "DocView":
        """Parse Markdown with the doc package (front matter, headings, fences, tables) into a view."""
        from ..doc import parse_document

        return cls.from_document(parse_document(path, text))

    @classmethod
    def from_document(cls, doc: Any) -> "DocView":
        """Adopt a parsed `doc.Document`: its heading ranges, fenced blocks and tables (1-based lines)."""
        text = doc.text
        view = cls(path=str(doc.path), text=text, lines=text.splitlines(keepends=True))
        for sec in doc.sections:
            view.headings.append(Heading(title=sec.raw.strip() or sec.title, level=sec.level, line=sec.line,
                                         end_line=sec.end_line, raw=view.line(sec.line)))
        for block in doc.blocks:
            if getattr(block, "fenced", True):
                # an unclosed fence ends after its last line, so `end - 1` is always the last body line
                end = block.end_line if getattr(block, "closed", True) else block.end_line + 1
                view.fences.append(Fence(lang=(block.lang or "").lower(), start=block.fence_line,
                                         end=end, info=block.info or ""))
        for table in doc.tables:
            view.tables.append((table.line, table.end_line))
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
        """The fence holding `line` (binary search: generators ask for every line of long documents)."""
        fences = self.fences
        starts = self.__dict__.get("_fence_starts")
        if starts is None or len(starts) != len(fences) or (fences and starts[-1] != fences[-1].start):
            fences.sort(key=lambda f: f.start)
            starts = self.__dict__["_fence_starts"] = [f.start for f in fences]
        i = bisect.bisect_right(starts, line) - 1
        if i >= 0 and fences[i].start <= line <= fences[i].end:
            return fences[i]
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
