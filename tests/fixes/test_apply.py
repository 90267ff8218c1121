"""apply_fixes: exact edits, nesting (outer wins), insert order, stale text refused; write_document atomicity."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings, strategies as st

from k8sfix_tui.errors import ApplyError
from k8sfix_tui.fixes.apply import apply_fixes, effective_fixes, write_document
from k8sfix_tui.model import Fix

TEXT = "".join(f"line {i}\n" for i in range(1, 11))


def fx(fid, start, end, new, text=TEXT):
    lines = text.splitlines(keepends=True)
    old = "".join(lines[start - 1 : end]) if end >= start else ""
    return Fix(fid, "d.md", "replace-value", start, end, old, new, "r", [fid])


@pytest.mark.parametrize(
    "fixes, expected_lines",
    [
        ([fx("a", 2, 2, "TWO\n")], ["line 1", "TWO", "line 3"]),
        ([fx("a", 2, 3, "")], ["line 1", "line 4"]),
        ([fx("a", 2, 1, "NEW\n")], ["line 1", "NEW", "line 2"]),
        ([fx("a", 2, 1, "A\n"), fx("b", 2, 1, "B\n")], ["line 1", "A", "B", "line 2"]),
        ([fx("a", 2, 1, "A\n"), fx("b", 2, 2, "TWO\n")], ["line 1", "A", "TWO", "line 3"]),
        ([fx("outer", 2, 5, "X\n"), fx("inner", 3, 3, "Y\n")], ["line 1", "X", "line 6"]),
    ],
)
def test_apply_table(fixes, expected_lines):
    out = apply_fixes(TEXT, fixes).splitlines()
    assert out[: len(expected_lines)] == expected_lines


def test_insert_at_end_and_no_final_newline():
    text = "a\nb"
    out = apply_fixes(text, [Fix("i", "d.md", "insert-section", 3, 2, "", "c\n", "r", [])])
    assert out == "a\nb\nc\n"
    out = apply_fixes(text, [Fix("r", "d.md", "replace-value", 2, 2, "b", "B\n", "r", [])])
    assert out == "a\nB"


def test_crlf_document_keeps_crlf():
    text = "a\r\nb\r\nc\r\n"
    out = apply_fixes(text, [Fix("r", "d.md", "replace-block", 2, 2, "b\r\n", "x\ny\n", "r", [])])
    assert out == "a\r\nx\r\ny\r\nc\r\n"


def test_stale_old_text_refused():
    bad = fx("a", 2, 2, "TWO\n")
    bad.old_text = "something else\n"
    with pytest.raises(ApplyError, match="changed since analysis"):
        apply_fixes(TEXT, [bad])


def test_partial_overlap_refused():
    with pytest.raises(ApplyError, match="overlap"):
        apply_fixes(TEXT, [fx("a", 2, 4, "X\n"), fx("b", 3, 6, "Y\n")])


# nested, non-crossing fixes as generators produce them: any subset must apply
@st.composite
def nested_fixes(draw):
    fixes = []
    # a few disjoint outer blocks, each with optional inner fixes and insertions
    starts = sorted(draw(st.sets(st.integers(1, 9), min_size=1, max_size=4)))
    blocks = []
    prev_end = 0
    for s in starts:
        if s <= prev_end:
            continue
        e = draw(st.integers(s, min(10, s + 3)))
        nxt = [x for x in starts if x > s]
        if nxt and e >= nxt[0]:
            e = nxt[0] - 1
        blocks.append((s, e))
        prev_end = e
    for i, (s, e) in enumerate(blocks):
        fixes.append(fx(f"o{i}", s, e, f"OUTER{i}\n"))
        if e > s:
            k = draw(st.integers(s, e))
            fixes.append(fx(f"n{i}", k, k, f"INNER{i}\n"))
        if draw(st.booleans()):
            fixes.append(fx(f"i{i}", s, s - 1, f"INS{i}\n"))
    return fixes


@settings(max_examples=200, deadline=None)
@given(nested_fixes(), st.data())
def test_any_subset_applies(fixes, data):
    subset = [f for f in fixes if data.draw(st.booleans(), label=f.id)]
    out = apply_fixes(TEXT, subset)
    for f in effective_fixes(subset):
        assert f.new_text.strip() in out
    dropped = [f for f in subset if f not in effective_fixes(subset)]
    for f in dropped:
        assert f.new_text.strip() not in out


def test_write_document_atomic_and_refuses_changed(tmp_path):
    doc = tmp_path / "d.md"
    doc.write_text("old\n")
    sha = hashlib.sha256(b"old\n").hexdigest()
    new_sha = write_document(tmp_path, "d.md", "new\n", sha)
    assert doc.read_text() == "new\n"
    assert new_sha == hashlib.sha256(b"new\n").hexdigest()
    assert [p.name for p in tmp_path.iterdir()] == ["d.md"]  # no temp file left
    with pytest.raises(ApplyError, match="changed since analysis"):
        write_document(tmp_path, "d.md", "again\n", sha)
    assert doc.read_text() == "new\n"
