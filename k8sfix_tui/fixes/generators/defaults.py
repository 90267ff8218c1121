"""Where a documented DEFAULT of a chart value sits, so a default mismatch edits the value, never the key.

Drift reports a wrong default as a `values-key` finding with `doc_value` = `"<key>=<documented>"` and
the real default in `actual_value` ("`podDisruptionBudget.enabled` is {}; values.yaml sets false").
The edit goes to:

- in a parameters table, the cell of that row under the Default/Value column, found by the header
  (helm-docs `| Key | Type | Default | Description |`, bitnami `| Name | Description | Value |`,
  `| Parameter | Description | Default value |`); a code span and quotes around the old value are kept;
- elsewhere (prose, a list item), the documented value written after the key on the claim's line.

- `is_default_mismatch(finding) -> bool`
- `default_edit(view, finding) -> tuple[int, int, int, str] | None`: (line, start, end, new text).
- `row_cells(text) -> list[tuple[int, int]]`: column spans of a Markdown table row (pipes inside code
  spans and escaped pipes do not split cells).
"""

from __future__ import annotations

import json
import re

from ...model import Finding
from ..docview import DocView
from .common import claim_lines, value_text

# header words of the column holding the default, best first
DEFAULT_HEADERS = (re.compile(r"default( value)?s?", re.I), re.compile(r"values?", re.I))


def is_default_mismatch(finding: Finding) -> bool:
    """A `values-key` finding about the documented default (`key=value`), not about the key itself."""
    claim = finding.claim
    if finding.field != "values-key" or claim is None or not isinstance(finding.doc_value, str):
        return False
    key = str(claim.value)
    documented = (claim.extra or {}).get("value")
    return documented is not None and finding.doc_value.startswith(key + "=")


def row_cells(text: str) -> list[tuple[int, int]]:
    """(start, end) of each cell's content (whitespace stripped) in a table row."""
    bounds: list[int] = []
    tick = 0  # length of the open code span's backtick run (0: none)
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "`":
            j = i
            while j < len(text) and text[j] == "`":
                j += 1
            run = j - i
            if tick == 0 and text.find("`" * run, j) >= 0:
                tick = run
            elif tick == run:
                tick = 0
            i = j
            continue
        if ch == "|" and tick == 0:
            bounds.append(i)
        i += 1
    if not bounds:
        return []
    cuts = ([-1] if text[: bounds[0]].strip() else []) + bounds
    if text[bounds[-1] + 1:].strip():
        cuts.append(len(text))
    out = []
    for a, b in zip(cuts, cuts[1:]):
        start, end = a + 1, b
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        out.append((start, end))
    return out


def _default_column(header: str) -> int | None:
    cells = [header[a:b].strip("*_ ") for a, b in row_cells(header)]
    for pattern in DEFAULT_HEADERS:
        for i, cell in enumerate(cells):
            if i > 0 and pattern.fullmatch(cell):
                return i
    return None


def _render(actual: object, old: str) -> str | None:
    """`actual` written the way the document wrote `old` (quotes kept for strings)."""
    new = value_text(actual)
    if new is None and isinstance(actual, (dict, list)):
        new = json.dumps(actual, separators=(",", ":"))
        if len(new) > 60:
            return None
    if new is None:
        return None
    if isinstance(actual, str) and len(old) >= 2 and old[0] == old[-1] and old[0] in "\"'":
        return old[0] + new + old[0]
    return new


def _inner(text: str, start: int, end: int) -> tuple[int, int]:
    """The span inside one code span that is the whole cell (`` `x` `` -> x)."""
    m = re.fullmatch(r"(`+)\s?(.*?)\s?\1", text[start:end])
    if m and m.group(2):
        return start + m.start(2), start + m.end(2)
    return start, end


def _claimed(finding: Finding) -> str:
    """The documented value drift compared (after `key=`; remarks such as "(only with X)" cut off)."""
    return finding.doc_value[len(str(finding.claim.value)) + 1:].strip().strip("`")


def _claimed_in(text: str, start: int, end: int, claimed: str) -> tuple[int, int] | None:
    """Where `claimed` is written as a whole value in text[start:end], or None."""
    if not claimed:
        return None
    m = re.compile(r"(?<![\w.-])" + re.escape(claimed) + r"(?![\w-])").search(text, start, end)
    return (m.start(), m.end()) if m else None


def default_edit(view: DocView, finding: Finding) -> tuple[int, int, int, str] | None:
    """(line, start, end, new text) replacing the documented default with the real one, or None."""
    if not is_default_mismatch(finding):
        return None
    rng = claim_lines(finding)
    if rng is None:
        return None
    line = rng[0]
    text = view.line(line)
    table = view.table_at(line)
    if table is not None:
        column = _default_column(view.line(table[0]))
        cells = row_cells(text)
        if column is None or column >= len(cells) or line == table[0]:
            return None
        start, end = _inner(text, *cells[column])
        part = _claimed_in(text, start, end, _claimed(finding))
        if part is not None:  # "false (only with X)": the value before the remark
            start, end = part
    else:
        key = str(finding.claim.value)
        after = text.find(key)
        if after < 0:
            return None
        part = _claimed_in(text, after + len(key), len(text), _claimed(finding))
        if part is None:
            return None
        start, end = part
    old = text[start:end]
    new = _render(finding.actual_value, old)
    if new is None or new == old:
        return None
    return line, start, end, new
