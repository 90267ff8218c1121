"""The lexer's regex fast path gives exactly the tokens of its exact scanner (the fast path
switched off), on real chart templates and on generated actions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from k8sfix_tui.render.gotemplate import lexer

ROOT = Path(__file__).resolve().parents[3]
NEVER = re.compile(r"(?!)")


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:
    fast = [tuple(t) for t in lexer.lex(text)]
    with monkeypatch.context() as m:
        m.setattr(lexer, "_FAST", NEVER)
        slow = [tuple(t) for t in lexer.lex(text)]
    return fast, slow


def _corpus() -> list[Path]:
    paths = sorted(p for p in (ROOT / "sample_repo").rglob("templates/*") if p.is_file())
    paths += sorted(p for p in (ROOT / "tests" / "render" / "charts").rglob("templates/*") if p.is_file())
    return paths


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.name)
def test_chart_templates(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _both(path.read_text(), monkeypatch)
    assert fast == slow


PIECES = [" ", "  ", "\n", "\t", ".Values", ".x", ".", "$", "$v", "$x1", "include", "if", "end", "else", "true",
          "nil", "break", "continue", "|", "(", ")", '"s"', '"a\\"b"', '"\\n"', "`raw`", "1", "-2", "0x1F", "1.5e3",
          ":=", "=", ",", "-", "}}", " -}}", "é", "x.y", "'c'", "@", '"unterminated', "\\", "2i", "+"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14), st.booleans())
def test_generated_actions(pieces: list[str], trim: bool) -> None:
    text = "a{{" + ("- " if trim else "") + "".join(pieces) + "}}b{{ .z }}"
    mp = pytest.MonkeyPatch()
    try:
        fast, slow = _both(text, mp)
    finally:
        mp.undo()
    assert fast == slow
