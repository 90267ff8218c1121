"""Markdown table rendering in the document's own style (padded columns or compact)."""

from __future__ import annotations

from typing import Sequence


def cell(value: object) -> str:
    """One table cell: `None` -> an em dash, pipes escaped, newlines folded."""
    if value is None or value == "":
        return "—"
    text = str(value).replace("\r", " ").replace("\n", " ")
    return text.replace("|", "\\|")


def render_table(headers: Sequence[str], rows: Sequence[Sequence[object]], aligned: bool = True) -> str:
    """A GitHub-flavoured Markdown table ending in a newline; rows are rendered with `cell()`."""
    head = [cell(h) for h in headers]
    body = [[cell(v) for v in row] + ["—"] * (len(head) - len(row)) for row in rows]
    if aligned:
        widths = [max(3, _width(head[i]), *(_width(r[i]) for r in body)) for i in range(len(head))]
    else:
        widths = [0] * len(head)

    def line(values: Sequence[str]) -> str:
        if not aligned:
            return "| " + " | ".join(values) + " |"
        return "| " + " | ".join(v + " " * (widths[i] - _width(v)) for i, v in enumerate(values)) + " |"

    sep = "| " + " | ".join("-" * max(3, w) for w in widths) + " |"
    out = [line(head), sep] + [line(r) for r in body]
    return "\n".join(out) + "\n"


def _width(text: str) -> int:
    """Display width: wide (East Asian / emoji) characters count as two columns."""
    import unicodedata

    total = 0
    for ch in text:
        if unicodedata.combining(ch) or ch in "\ufe0f\u200d":
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total
