"""linediff.opcodes: difflib-style opcodes that stay fast on long documents."""

from __future__ import annotations

import difflib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from k8sfix_tui.tui import linediff
from k8sfix_tui.tui.linediff import matching_blocks, opcodes


def _rebuild(a, b, ops):
    """Apply `ops` to `a`; check they cover both sequences contiguously and equal parts really are equal."""
    out = []
    i = j = 0
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j)
        assert tag in ("equal", "replace", "delete", "insert")
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        assert (tag == "insert") == (i1 == i2) or tag == "equal"
        assert (tag == "delete") == (j1 == j2) or tag == "equal"
        out.extend(a[i1:i2] if tag == "equal" else b[j1:j2])
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))
    return out


@pytest.mark.parametrize("a, b, expected", [
    ("", "", []),
    ("a b c", "a b c", [("equal", 0, 3, 0, 3)]),
    ("", "a b", [("insert", 0, 0, 0, 2)]),
    ("a b", "", [("delete", 0, 2, 0, 0)]),
    ("a b c d", "a x c d", [("equal", 0, 1, 0, 1), ("replace", 1, 2, 1, 2), ("equal", 2, 4, 2, 4)]),
    ("a b c", "a b n m c", [("equal", 0, 2, 0, 2), ("insert", 2, 2, 2, 4), ("equal", 2, 3, 4, 5)]),
    ("a b c d", "a d", [("equal", 0, 1, 0, 1), ("delete", 1, 3, 1, 1), ("equal", 3, 4, 1, 2)]),
    # two separate edits around a unique anchor line ("u")
    ("a _ u _ b", "A _ u _ B", [("replace", 0, 1, 0, 1), ("equal", 1, 4, 1, 4), ("replace", 4, 5, 4, 5)]),
])
def test_opcodes_table(a, b, expected):
    a, b = a.split(), b.split()
    assert opcodes(a, b) == expected
    assert _rebuild(a, b, opcodes(a, b)) == b


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", "x", "y", "```", "## h", "text"]), max_size=40),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 3),
                          st.lists(st.sampled_from(["", "z", "x", "new"]), max_size=3)), max_size=5))
def test_opcodes_are_a_valid_edit_script(a, edits, ):
    b = list(a)
    for at, cut, insert in edits:
        at = min(at, len(b))
        b[at:at + cut] = insert
    ops = opcodes(a, b)
    assert _rebuild(a, b, ops) == b
    blocks = matching_blocks(a, b)
    assert blocks[-1] == (len(a), len(b), 0)
    assert all(a[i:i + n] == b[j:j + n] for i, j, n in blocks)


def test_a_long_document_with_repeated_lines_matches_like_difflib_without_its_cost(monkeypatch):
    """5,000 lines, blank lines and fences everywhere, three edited places: same result as difflib, and the
    expensive difflib path only ever sees small gaps."""
    base = []
    for k in range(1000):
        base += [f"## Section {k}", "", "```", f"kubectl apply -f k8s/app-{k}.yaml", "```"]
    new = list(base)
    new[10:11] = ["```bash"]
    new[2500:2500] = ["inserted line", ""]
    del new[4000:4003]
    sizes = []
    real = difflib.SequenceMatcher

    class Spy(real):  # type: ignore[misc, valid-type]
        def __init__(self, isjunk=None, a="", b="", autojunk=True):
            sizes.append(len(a) * len(b))
            super().__init__(isjunk, a, b, autojunk)

    monkeypatch.setattr(linediff.difflib, "SequenceMatcher", Spy)
    ops = opcodes(base, new)
    assert _rebuild(base, new, ops) == new
    expected = real(None, base, new, autojunk=False).get_opcodes()
    assert ops == expected
    assert max(sizes, default=0) <= 100  # only tiny gaps went through difflib
