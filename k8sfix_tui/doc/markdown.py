"""Parse a Markdown document into sections, code blocks, tables, links, paragraphs and waivers.

markdown-it-py token maps are 0-based ``[begin, end)``; this module converts them ONCE to 1-based
inclusive line numbers. Everything downstream (claim extractors, drift rules, fixes) uses 1-based
lines and 0-based column offsets within a line.

Usage::

    doc = parse_document("docs/deploy.md", text)
    doc.sections[0].anchor          # "-quick-start" for "## 🚀 Quick start"
    doc.section_at(42).title        # the deepest section containing line 42
    doc.waiver_for(42)              # (["value-mismatch"], "reason") or None
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from ..errors import DocumentError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_WAIVER_RE = re.compile(
    r"<!--\s*k8sfix\s*:\s*ignore\b(?P<rules>[^>]*?)(?:\s--\s*(?P<reason>.*?))?\s*-->", re.IGNORECASE
)
_SHORTCODE_RE = re.compile(r":[a-z0-9_+\-]+:")


@dataclass
class Section:
    """One heading and the lines it governs. `end_line` is inclusive, up to the next heading of the
    same or a higher level; `body_line`/`body_end_line` cover the text before the first subheading."""

    index: int
    level: int
    title: str
    raw: str
    anchor: str
    line: int
    end_line: int
    parent: int | None
    body_line: int
    body_end_line: int

    def path(self, doc: "Document") -> list["Section"]:
        """This section and its ancestors, outermost first."""
        chain: list[Section] = [self]
        seen = {self.index}
        while chain[0].parent is not None and chain[0].parent not in seen:
            seen.add(chain[0].parent)
            chain.insert(0, doc.sections[chain[0].parent])
        return chain


@dataclass
class CodeBlock:
    """A fenced (or indented) code block. `fence_line` is the opening fence, `end_line` the closing
    fence (or the last content line when the fence is unclosed / the block is indented)."""

    lang: str
    info: str
    text: str
    fence_line: int
    content_start_line: int
    end_line: int
    fenced: bool = True
    closed: bool = True

    @property
    def content_end_line(self) -> int:
        return self.content_start_line + max(0, len(self.text.splitlines()) - 1) if self.text else self.content_start_line - 1


@dataclass
class Cell:
    """A table cell: `raw` is the cell text exactly as in the line, `text` the plain text, `start`/`end`
    0-based column offsets of `raw` within the line."""

    raw: str
    text: str
    start: int
    end: int


@dataclass
class Row:
    line: int
    cells: list[Cell]


@dataclass
class Table:
    line: int
    end_line: int
    header: Row
    rows: list[Row]

    @property
    def headers(self) -> list[str]:
        return [c.text for c in self.header.cells]


@dataclass
class Link:
    text: str
    target: str
    line: int
    image: bool = False


@dataclass
class Paragraph:
    """A run of prose: a paragraph, a list item's paragraph, a blockquote paragraph or a heading.

    `segments` lists (line, start_col, end_col) of the inline content on each raw line, so text
    offsets can be mapped back to exact columns."""

    line: int
    end_line: int
    kind: str  # paragraph | list | heading | blockquote
    segments: list[tuple[int, int, int]]


@dataclass
class Waiver:
    line: int
    rules: list[str]
    reason: str


@dataclass
class Document:
    path: str
    text: str
    lines: list[str]
    front_matter: dict[str, Any] | None = None
    front_matter_lines: tuple[int, int] | None = None
    front_matter_error: str | None = None
    sections: list[Section] = field(default_factory=list)
    blocks: list[CodeBlock] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    html_lines: set[int] = field(default_factory=set)
    waivers: dict[int, tuple[list[str], str]] = field(default_factory=dict)
    waiver_comments: list[Waiver] = field(default_factory=list)
    root: Section | None = None
    errors: list[str] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def line(self, number: int) -> str:
        """The text of 1-based line `number` ('' when out of range)."""
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else ""

    def section_at(self, line: int) -> Section:
        """The deepest section whose range contains `line` (the document root before any heading)."""
        index = self.cache.get("section_index")
        if index is None:
            index = [-1] * (len(self.lines) + 2)
            for sec in self.sections:  # later (deeper or following) headings overwrite earlier ones
                for ln in range(sec.line, min(sec.end_line, len(self.lines) + 1) + 1):
                    index[ln] = sec.index  # nested sections start later: the last writer is the deepest
            self.cache["section_index"] = index
        i = index[line] if 0 <= line < len(index) else -1
        return self.sections[i] if i >= 0 else self.root  # type: ignore[return-value]

    def waiver_for(self, line: int, rule: str | None = None) -> tuple[list[str], str] | None:
        """The waiver covering `line` (and `rule`, when given), or None."""
        hit = self.waivers.get(line)
        if hit is None:
            return None
        rules, _reason = hit
        if rule is None or not rules or rule in rules or "all" in rules or "*" in rules:
            return hit
        return None

    def block_at(self, line: int) -> CodeBlock | None:
        """The code block whose fences enclose `line`, or None."""
        index = self.cache.get("block_index")
        if index is None:
            index = {}
            for block in self.blocks:
                for ln in range(block.fence_line, block.end_line + 1):
                    index.setdefault(ln, block)
            self.cache["block_index"] = index
        return index.get(line)


# ---------------------------------------------------------------------------------------------


def plain_text(children: list[Any] | None) -> str:
    """Plain text of an inline token's children: text, code spans and image alt text, no markup."""
    out: list[str] = []
    for tok in children or []:
        if tok.type in ("text", "code_inline"):
            out.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif tok.type == "image":
            out.append(plain_text(tok.children))
    return "".join(out)


def strip_emoji(text: str) -> str:
    """Remove emoji, pictographs, variation selectors and `:shortcodes:`; collapse spaces."""
    text = _SHORTCODE_RE.sub("", text)
    kept = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("So", "Sk", "Cs", "Co") or ch in "\u200d\ufe0f\ufe0e\u20e3":
            continue
        kept.append(ch)
    return re.sub(r"\s+", " ", "".join(kept)).strip()


def github_slug(text: str) -> str:
    """The anchor GitHub gives a heading whose rendered text is `text` (without de-duplication)."""
    out = []
    for ch in text.strip().lower():
        cat = unicodedata.category(ch)
        if cat[0] in ("L", "M", "N") or cat == "Pc" or ch == "-":
            out.append(ch)
        elif ch == " ":
            out.append("-")
    return "".join(out)


def split_table_row(line: str) -> list[tuple[int, int]]:
    """Column offsets (start, end) of each cell's stripped text in a pipe-table row."""
    bounds: list[int] = []
    in_code = 0
    i = 0
    n = len(line)
    while i < n:
        ch = line[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "`":
            j = i
            while j < n and line[j] == "`":
                j += 1
            ticks = j - i
            if in_code == 0:
                close = line.find("`" * ticks, j)
                if close != -1:
                    in_code = ticks
            elif ticks == in_code:
                in_code = 0
            i = j
            continue
        if ch == "|" and not in_code:
            bounds.append(i)
        i += 1
    quote = re.match(r"^\s*(?:>\s?)+", line)
    stripped_start = quote.end() if quote else 0
    stripped_start += len(line[stripped_start:]) - len(line[stripped_start:].lstrip())
    stripped_end = len(line.rstrip())
    bounds = [b for b in bounds if b >= stripped_start]
    edges = [stripped_start - 1] + bounds + [stripped_end]
    if bounds and bounds[0] == stripped_start:
        edges = edges[1:]
    if bounds and bounds[-1] == stripped_end - 1:
        edges = edges[:-1]
    cells = []
    for a, b in zip(edges, edges[1:]):
        seg = line[a + 1 : b]
        lead = len(seg) - len(seg.lstrip())
        s = a + 1 + lead
        e = a + 1 + len(seg.rstrip())
        cells.append((s, max(s, e)))
    return cells


_MD_INLINE_RE = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`+|~~")
_LINK_INLINE_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def cell_plain(raw: str) -> str:
    """Plain text of a table cell: links reduced to their text, emphasis and backticks removed."""
    text = _LINK_INLINE_RE.sub(r"\1", raw)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.IGNORECASE)
    text = _MD_INLINE_RE.sub("", text)
    return text.replace("\\|", "|").strip()


# ---------------------------------------------------------------------------------------------


def _md() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)


_MD_PARSER: MarkdownIt | None = None


def _parser() -> MarkdownIt:
    global _MD_PARSER
    if _MD_PARSER is None:
        _MD_PARSER = _md()
    return _MD_PARSER


def parse_document(path: str, text: str) -> Document:
    """Parse Markdown `text` (from repo-relative `path`). Raises only `DocumentError`."""
    if not isinstance(text, str):
        raise DocumentError("document text is not a string", path)
    try:
        return _parse(path, text)
    except DocumentError:
        raise
    except RecursionError as exc:
        raise DocumentError(f"document nests too deeply to parse ({exc})", path) from None
    except Exception as exc:  # markdown-it or yaml bug on hostile input: never a traceback
        raise DocumentError(f"cannot parse Markdown: {type(exc).__name__}: {exc}", path) from None


def _parse(path: str, text: str) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
    lines = text.split("\n")
    if lines and lines[-1] == "" and text.endswith("\n"):
        lines.pop()
    doc = Document(path=path, text=text, lines=lines)
    tokens = _parser().parse(text)
    nlines = max(1, len(lines))

    headings: list[tuple[int, int, str, str, int]] = []  # (level, line, raw, plain, end_of_heading_line)
    containers: list[str] = []
    for idx, tok in enumerate(tokens):
        t = tok.type
        if t == "front_matter" and tok.map:
            start, end = tok.map[0] + 1, tok.map[1]
            doc.front_matter_lines = (start, end)
            try:
                data = yaml.load(tok.content, Loader=_Loader) if tok.content.strip() else {}
                if isinstance(data, dict):
                    doc.front_matter = data
                else:
                    doc.front_matter_error = "front matter is not a mapping"
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                where = f"{path}:{start + 1 + mark.line}" if mark is not None else f"{path}:{start}"
                doc.front_matter_error = f"{where}: {getattr(exc, 'problem', None) or exc}"
        elif t in ("bullet_list_open", "ordered_list_open"):
            containers.append("list")
        elif t == "blockquote_open":
            containers.append("blockquote")
        elif t in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            if containers:
                containers.pop()
        elif t == "heading_open" and tok.map:
            inline = tokens[idx + 1] if idx + 1 < len(tokens) else None
            raw = inline.content if inline is not None and inline.type == "inline" else ""
            plain = plain_text(inline.children) if inline is not None else ""
            level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
            headings.append((level, tok.map[0] + 1, raw, plain, tok.map[1]))
            if inline is not None and inline.map:
                doc.paragraphs.append(_paragraph(lines, tok.map[0] + 1, tok.map[0] + 1, "heading"))
        elif t == "paragraph_open" and tok.map:
            kind = containers[-1] if containers else "paragraph"
            doc.paragraphs.append(_paragraph(lines, tok.map[0] + 1, tok.map[1], kind))
        elif t in ("fence", "code_block") and tok.map:
            _add_block(doc, tok, lines)
        elif t == "html_block" and tok.map:
            doc.html_lines.update(range(tok.map[0] + 1, tok.map[1] + 1))
        elif t == "table_open" and tok.map:
            table = _table(tokens, idx, lines)
            if table is not None:
                doc.tables.append(table)
        if t == "inline" and tok.children and tok.map:
            _collect_links(doc, tok, lines)

    _build_sections(doc, headings, nlines)
    _collect_waivers(doc)
    return doc


def _paragraph(lines: list[str], first: int, last: int, kind: str) -> Paragraph:
    segs: list[tuple[int, int, int]] = []
    for ln in range(first, min(last, len(lines)) + 1):
        raw = lines[ln - 1]
        start = _content_start(raw, kind, ln == first)
        end = len(raw.rstrip())
        if kind == "heading":
            m = re.match(r"^\s{0,3}#{1,6}(?:\s+|$)", raw)
            start = m.end() if m else 0
            end = len(re.sub(r"(\s+#+)?\s*$", "", raw))
            if re.fullmatch(r"\s*[=-]+\s*", raw):
                continue
        segs.append((ln, start, max(start, end)))
    return Paragraph(line=first, end_line=max(first, last), kind=kind, segments=segs)


_PREFIX_RE = re.compile(r"^(?:\s*>)*\s*(?:(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?)?")


def _content_start(raw: str, kind: str, first: bool) -> int:
    m = _PREFIX_RE.match(raw)
    return m.end() if m else 0


def _add_block(doc: Document, tok: Any, lines: list[str]) -> None:
    begin, end = tok.map
    if tok.type == "fence":
        info = tok.info.strip()
        lang = info.split()[0].lower() if info else ""
        lang = lang.strip("{}.")
        closing = lines[end - 1] if 0 < end <= len(lines) else ""
        marker = tok.markup or "```"
        closed = end - begin >= 2 and closing.strip().startswith(marker[0] * len(marker))
        doc.blocks.append(
            CodeBlock(
                lang=lang,
                info=info,
                text=tok.content,
                fence_line=begin + 1,
                content_start_line=begin + 2,
                end_line=max(begin + 1, end),
                fenced=True,
                closed=closed,
            )
        )
    else:
        doc.blocks.append(
            CodeBlock(
                lang="",
                info="",
                text=tok.content,
                fence_line=begin + 1,
                content_start_line=begin + 1,
                end_line=max(begin + 1, end),
                fenced=False,
            )
        )


def _table(tokens: list[Any], idx: int, lines: list[str]) -> Table | None:
    rows: list[Row] = []
    tmap = tokens[idx].map
    i = idx + 1
    while i < len(tokens) and tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "tr_open" and tok.map:
            ln = tok.map[0] + 1
            raw = lines[ln - 1] if ln <= len(lines) else ""
            cells = [Cell(raw[s:e], cell_plain(raw[s:e]), s, e) for s, e in split_table_row(raw)]
            rows.append(Row(line=ln, cells=cells))
        i += 1
    if not rows:
        return None
    return Table(line=tmap[0] + 1, end_line=max(tmap[0] + 1, tmap[1]), header=rows[0], rows=rows[1:])


_ANGLE_LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]*)")


def _collect_links(doc: Document, tok: Any, lines: list[str]) -> None:
    first, last = tok.map[0] + 1, tok.map[1]
    children = tok.children
    for j, child in enumerate(children):
        if child.type not in ("link_open", "image"):
            continue
        target = child.attrGet("href") if child.type == "link_open" else child.attrGet("src")
        if target is None:
            continue
        if child.type == "link_open":
            texts = []
            for sub in children[j + 1 :]:
                if sub.type == "link_close":
                    break
                if sub.type in ("text", "code_inline"):
                    texts.append(sub.content)
            label = "".join(texts)
        else:
            label = plain_text(child.children)
        line = first
        raw_target = str(target)
        for ln in range(first, min(last, len(lines)) + 1):
            if raw_target and raw_target in lines[ln - 1] or (label and label in lines[ln - 1]):
                line = ln
                break
        doc.links.append(Link(text=label, target=raw_target, line=line, image=child.type == "image"))


def _build_sections(doc: Document, headings: list[tuple[int, int, str, str, int]], nlines: int) -> None:
    counts: dict[str, int] = {}
    stack: list[int] = []
    for i, (level, line, raw, plain, _hend) in enumerate(headings):
        end = nlines
        for lvl2, line2, *_ in headings[i + 1 :]:
            if lvl2 <= level:
                end = line2 - 1
                break
        body_end = headings[i + 1][1] - 1 if i + 1 < len(headings) else nlines
        body_end = min(body_end, end)
        while stack and headings[stack[-1]][0] >= level:
            stack.pop()
        parent = stack[-1] if stack else None
        slug = github_slug(plain)
        n = counts.get(slug, 0)
        counts[slug] = n + 1
        anchor = slug if n == 0 else f"{slug}-{n}"
        body_start = _hend + 1
        doc.sections.append(
            Section(
                index=i,
                level=level,
                title=strip_emoji(plain),
                raw=raw,
                anchor=anchor,
                line=line,
                end_line=max(line, end),
                parent=parent,
                body_line=body_start,
                body_end_line=max(body_start - 1, body_end),
            )
        )
        stack.append(i)
    first = doc.sections[0].line - 1 if doc.sections else nlines
    title = ""
    if doc.front_matter and isinstance(doc.front_matter.get("title"), str):
        title = doc.front_matter["title"]
    doc.root = Section(
        index=-1, level=0, title=title, raw="", anchor="", line=1, end_line=nlines, parent=None,
        body_line=1, body_end_line=max(0, first),
    )


def _collect_waivers(doc: Document) -> None:
    in_block: set[int] = set()
    for b in doc.blocks:
        in_block.update(range(b.content_start_line, b.end_line + (0 if b.closed and b.fenced else 1)))
    for i, raw in enumerate(doc.lines, start=1):
        if "k8sfix" not in raw or i in in_block:
            continue
        for m in _WAIVER_RE.finditer(raw):
            rules = [r for r in re.split(r"[\s,]+", m.group("rules") or "") if r]
            reason = (m.group("reason") or "").strip()
            doc.waiver_comments.append(Waiver(i, rules, reason))
            covered = [i]
            alone = raw[: m.start()].strip() == "" and raw[m.end() :].strip() == ""
            nxt = i + 1
            while nxt <= len(doc.lines) and not doc.lines[nxt - 1].strip():
                nxt += 1
            if nxt <= len(doc.lines):
                covered.append(nxt)
                if alone:
                    block = next((b for b in doc.blocks if b.fence_line == nxt), None)
                    if block is not None:
                        covered.extend(range(block.fence_line, block.end_line + 1))
                    table = next((t for t in doc.tables if t.line == nxt), None)
                    if table is not None:
                        covered.extend(range(table.line, table.end_line + 1))
            for ln in covered:
                if ln in doc.waivers:
                    old_rules, old_reason = doc.waivers[ln]
                    doc.waivers[ln] = (old_rules + [r for r in rules if r not in old_rules], old_reason or reason)
                else:
                    doc.waivers[ln] = (list(rules), reason)
