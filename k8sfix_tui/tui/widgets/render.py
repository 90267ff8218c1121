"""Content builders for the app: document source with marked lines, diffs (side by side or unified).

Colours are theme variables ($error, $success, ...) and every mark also has a symbol, so nothing
relies on colour alone.
"""

from __future__ import annotations

import difflib
from typing import Mapping, Sequence

from textual.content import Content
from textual.markup import escape

from ..linediff import opcodes

LINE_MARKS = {
    "finding": ("✖", "$error"),
    "verified": ("✔", "$success"),
    "pitfall": ("!", "$warning"),
    "added": ("+", "$success"),
    "removed": ("-", "$error"),
}


def _esc(text: str) -> str:
    return escape(text.replace("\t", "    "))


def source_lines(lines: Sequence[str], start: int, end: int, marks: Mapping[int, str] | None = None,
                 max_lines: int = 4000) -> Content:
    """Lines `start`..`end` (1-based, inclusive) with a line-number gutter and a mark per marked line."""
    marks = marks or {}
    end = min(end, len(lines), start + max_lines - 1)
    width = len(str(max(end, 1)))
    out: list[str] = []
    for n in range(max(1, start), end + 1):
        text = _esc(lines[n - 1])
        kind = marks.get(n)
        if kind in LINE_MARKS:
            sym, colour = LINE_MARKS[kind]
            out.append(f"[{colour} bold]{sym}[/] [{colour}]{n:>{width}}[/] [{colour}]{text}[/]"
                       if kind in ("finding", "added", "removed") else f"[{colour}]{sym}[/] [dim]{n:>{width}}[/] {text}")
        else:
            out.append(f"  [dim]{n:>{width}}[/] {text}")
    return Content.from_markup("\n".join(out)) if out else Content("(empty)")


def unified(old: str, new: str, start_line: int = 1, context: int = 3) -> Content:
    """A unified diff of two snippets, with old/new line numbers."""
    a = old.splitlines()
    b = new.splitlines()
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        first = group[0]
        out.append(f"[$accent]@@ line {start_line + first[1]} @@[/]")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(f"  {_esc(line)}" for line in a[i1:i2])
                continue
            if tag in ("replace", "delete"):
                out.extend(f"[$error]- {_esc(line)}[/]" for line in a[i1:i2])
            if tag in ("replace", "insert"):
                out.extend(f"[$success]+ {_esc(line)}[/]" for line in b[j1:j2])
    if not out:
        return Content("(no change)")
    return Content.from_markup("\n".join(out))


def side_by_side(old: str, new: str, width: int, start_line: int = 1) -> Content:
    """Old text left, new text right, each `width` columns wide; long lines wrap; changed rows marked."""
    a = old.splitlines()
    b = new.splitlines()
    col = max(10, width)
    rows: list[str] = [f"  [b]{'before':<{col}}[/] │   [b]after[/]"]
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)

    def chunks(text: str | None) -> list[str | None]:
        if text is None:
            return [None]
        t = text.replace("\t", "    ")
        return [t[i:i + col] for i in range(0, len(t), col)] or [""]

    def cell(text: str | None) -> str:
        if text is None:
            return " " * col
        return _esc(text) + " " * (col - len(text))

    def emit(left: str | None, right: str | None, changed: bool) -> None:
        lc, rc = chunks(left), chunks(right)
        for k in range(max(len(lc), len(rc))):
            lt = lc[k] if k < len(lc) else (None if left is None else "")
            rt = rc[k] if k < len(rc) else (None if right is None else "")
            if not changed:
                rows.append(f"  [dim]{cell(lt)}[/] │   [dim]{cell(rt)}[/]")
                continue
            lm = "[$error]-[/] " if left is not None and k == 0 else "  "
            rm = "[$success]+[/] " if right is not None and k == 0 else "  "
            lcell = f"[$error]{cell(lt)}[/]" if left is not None else cell(None)
            rcell = f"[$success]{cell(rt)}[/]" if right is not None else cell(None)
            rows.append(f"{lm}{lcell} │ {rm}{rcell}")

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                emit(a[i1 + k], b[j1 + k], False)
            continue
        left = a[i1:i2]
        right = b[j1:j2]
        for k in range(max(len(left), len(right))):
            emit(left[k] if k < len(left) else None, right[k] if k < len(right) else None, True)
    return Content.from_markup("\n".join(rows))


def changed_lines(old: Sequence[str], new: Sequence[str]) -> set[int]:
    """1-based indexes into `new` of lines inserted or replaced relative to `old`."""
    out: set[int] = set()
    for tag, _i1, _i2, j1, j2 in opcodes(list(old), list(new)):
        if tag in ("replace", "insert"):
            out.update(range(j1 + 1, j2 + 1))
    return out


_VAR = __import__("re").compile(r"\[\$([\w-]+)")


def rich_label(app: object, markup: str) -> "Text":
    """Textual-style markup with $theme variables as a Rich Text (for Tree labels, which need Text)."""
    from rich.text import Text

    variables = getattr(app, "theme_variables", {}) or {}

    def repl(m: "re.Match[str]") -> str:
        value = variables.get(m.group(1))
        return "[" + (value if value else "bold")

    return Text.from_markup(_VAR.sub(repl, markup))
