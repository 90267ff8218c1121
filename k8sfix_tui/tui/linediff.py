"""Line diffs that stay fast on long documents (pure Python, no textual import).

`difflib.SequenceMatcher(autojunk=False)` over two versions of a whole document costs O(n * k) per
recursion step, where k is how often a line repeats: blank lines and code fences repeat hundreds of times in
a long Markdown file, so a 5,000-line document took ~1.2 s per diff: per key press in the Updates preview.

`opcodes(a, b)` gives difflib-style opcodes for line lists in about linear time when the versions share most
lines (what accepting fixes produces): it trims the common head and tail, then splits what is left at lines
that occur exactly once in both versions (a patience diff's anchors, longest increasing run), and only
hands the small gaps between anchors to `SequenceMatcher`. Gaps too large for it are reported as replaced.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from typing import Hashable, Sequence

Opcode = tuple[str, int, int, int, int]

GAP_LIMIT = 250_000  # len(a gap) * len(b gap) above which a gap without anchors is a plain replace
_MAX_DEPTH = 40


def _anchors(a: Sequence[Hashable], alo: int, ahi: int, b: Sequence[Hashable], blo: int,
             bhi: int) -> list[tuple[int, int]]:
    """Pairs (i, j) of lines unique in a[alo:ahi] and in b[blo:bhi], equal, in increasing order of both."""
    count_a: dict[Hashable, int] = {}
    where_a: dict[Hashable, int] = {}
    for i in range(alo, ahi):
        line = a[i]
        count_a[line] = count_a.get(line, 0) + 1
        where_a[line] = i
    count_b: dict[Hashable, int] = {}
    where_b: dict[Hashable, int] = {}
    for j in range(blo, bhi):
        line = b[j]
        if count_a.get(line) == 1:
            count_b[line] = count_b.get(line, 0) + 1
            where_b[line] = j
    pairs = sorted((where_a[line], where_b[line]) for line, n in count_b.items() if n == 1)
    if not pairs:
        return []
    # longest run increasing in j (pairs are sorted by i): patience sorting with back links
    tails: list[int] = []  # j of the last pair of the best run of each length
    tail_at: list[int] = []  # index into pairs of that last pair
    back: list[int] = [-1] * len(pairs)
    for k, (_i, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
        back[k] = tail_at[pos - 1] if pos else -1
    run: list[tuple[int, int]] = []
    k = tail_at[-1]
    while k >= 0:
        run.append(pairs[k])
        k = back[k]
    run.reverse()
    return run


def _blocks(a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int,
            out: list[tuple[int, int, int]], depth: int = 0) -> None:
    """Append matching blocks (i, j, n) of a[alo:ahi] and b[blo:bhi] to `out`, in order."""
    i, j = alo, blo
    while i < ahi and j < bhi and a[i] == b[j]:
        i += 1
        j += 1
    if i > alo:
        out.append((alo, blo, i - alo))
    alo, blo = i, j
    tail = 0
    while ahi - tail > alo and bhi - tail > blo and a[ahi - 1 - tail] == b[bhi - 1 - tail]:
        tail += 1
    ahi -= tail
    bhi -= tail
    if alo < ahi and blo < bhi:
        anchors = _anchors(a, alo, ahi, b, blo, bhi) if depth < _MAX_DEPTH else []
        if anchors:
            pi, pj = alo, blo
            for ai, bj in anchors:
                _blocks(a, b, pi, ai, pj, bj, out, depth + 1)
                out.append((ai, bj, 1))
                pi, pj = ai + 1, bj + 1
            _blocks(a, b, pi, ahi, pj, bhi, out, depth + 1)
        elif (ahi - alo) * (bhi - blo) <= GAP_LIMIT:
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            for mi, mj, n in matcher.get_matching_blocks():
                if n:
                    out.append((alo + mi, blo + mj, n))
    if tail:
        out.append((ahi, bhi, tail))


def matching_blocks(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int, int]]:
    """Like `SequenceMatcher.get_matching_blocks()`: adjacent blocks merged, ends with (len(a), len(b), 0)."""
    raw: list[tuple[int, int, int]] = []
    _blocks(a, b, 0, len(a), 0, len(b), raw)
    merged: list[tuple[int, int, int]] = []
    for i, j, n in raw:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            pi, pj, pn = merged[-1]
            merged[-1] = (pi, pj, pn + n)
        else:
            merged.append((i, j, n))
    merged.append((len(a), len(b), 0))
    return merged


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    """Like `SequenceMatcher.get_opcodes()`: how to turn `a` into `b` (equal/replace/delete/insert)."""
    out: list[Opcode] = []
    i = j = 0
    for ai, bj, n in matching_blocks(a, b):
        tag = ""
        if i < ai and j < bj:
            tag = "replace"
        elif i < ai:
            tag = "delete"
        elif j < bj:
            tag = "insert"
        if tag:
            out.append((tag, i, ai, j, bj))
        i, j = ai + n, bj + n
        if n:
            out.append(("equal", ai, i, bj, j))
    return out
