"""Which lines of a Markdown document the writer wrote: one definition for every "is this a
substantial document" threshold (drift's `DocView.substantial`, the fix generators' doctype).

A line is *written* when it is non-blank and none of these holds:

- it is YAML front matter (`---` on line 1 down to the closing `---`/`...`);
- it lies between `<!-- k8sfix:begin ... -->` and `<!-- k8sfix:end ... -->` markers (outside code
  fences), markers included: k8sfix generated it;
- it is the heading of a section holding nothing but a generated block (the heading `k8sfix fix`
  wrote when it inserted the section);
- it belongs to a boilerplate section (Contributing, License, Code of Conduct, Security, Support,
  Credits, Maintainers, ...): the heading and everything up to the next heading of the same or a
  higher level.

Headings and markers inside code fences are text (a `# comment` in a bash block is not a heading).
Accepting generated sections therefore never changes the count, so fixes converge in one round.

- `written_lines(lines) -> list[int]`: 1-based numbers of the written lines.
- `count_written(lines) -> int`: how many there are.
"""

from __future__ import annotations

import re
from typing import Iterable

FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^\s{0,3}(#{1,6})(?:\s|$)")
BOILERPLATE = re.compile(r"^\s{0,3}#{1,6}\s*(contribut\w*|licen[cs]\w*|code of conduct|trademarks?|security|support|"
                         r"acknowledg\w*|credits|maintainers|authors|community|reporting (issues|bugs))\b", re.I)
BEGIN = "<!-- k8sfix:begin"
END = "<!-- k8sfix:end"


def _front_matter_end(text: list[str]) -> int:
    """Index of the first line after YAML front matter (0 when there is none)."""
    if not text or text[0].strip() != "---":
        return 0
    for i in range(1, min(len(text), 200)):
        if text[i].strip() in ("---", "..."):
            return i + 1
    return 0


def _fenced(text: list[str], start: int) -> list[bool]:
    """For each line: is it inside a code fence (the fence lines themselves included)?"""
    inside = [False] * len(text)
    fence: str | None = None
    for i in range(start, len(text)):
        m = FENCE.match(text[i])
        if m and (fence is None or (m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence)
                                    and not text[i].strip()[len(m.group(1)):].strip())):
            inside[i] = True
            fence = None if fence is not None else m.group(1)
            continue
        inside[i] = fence is not None
    return inside


def _markers(text: list[str], start: int, fenced: list[bool]) -> dict[int, int]:
    """Begin-marker index -> end-marker index, for markers outside code fences (an unclosed begin
    runs to the end of the document)."""
    pairs: dict[int, int] = {}
    open_at: int | None = None
    for i in range(start, len(text)):
        if fenced[i]:
            continue
        bare = text[i].strip()
        if bare.startswith(BEGIN) and open_at is None:
            open_at = i
        elif bare.startswith(END) and open_at is not None:
            pairs[open_at] = i
            open_at = None
    if open_at is not None:
        pairs[open_at] = len(text) - 1
    return pairs


def written_lines(lines: Iterable[str]) -> list[int]:
    """1-based numbers of the hand-written non-blank lines of a Markdown text (see module doc)."""
    text = [str(line).rstrip("\r\n") for line in lines]
    start = _front_matter_end(text)
    fenced = _fenced(text, start)
    markers = _markers(text, start, fenced)

    def next_solid(i: int) -> int | None:
        while i < len(text) and not text[i].strip():
            i += 1
        return i if i < len(text) else None

    out: list[int] = []
    boiler_level = 0  # level of the boilerplate heading we are under (0: none)
    i = start
    while i < len(text):
        line = text[i]
        if not fenced[i] and i in markers:
            i = markers[i] + 1
            continue
        heading = None if fenced[i] else HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            if boiler_level and level <= boiler_level:
                boiler_level = 0
            if not boiler_level and BOILERPLATE.match(line):
                boiler_level = level
            if not boiler_level:
                j = next_solid(i + 1)
                if j is not None and j in markers and not fenced[j]:
                    after = next_solid(markers[j] + 1)
                    if after is None or (not fenced[after] and HEADING.match(text[after])):
                        i += 1
                        continue  # a heading over nothing but generated text
        if line.strip() and not boiler_level:
            out.append(i + 1)
        i += 1
    return out


def count_written(lines: Iterable[str]) -> int:
    """How many hand-written non-blank lines a Markdown text has (see `written_lines`)."""
    return len(written_lines(lines))
