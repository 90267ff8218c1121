"""`doctype.mentioned` answers from a per-text word set; it must agree with the whole-word regex it replaced."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from k8sfix_tui.fixes.generators.doctype import mentioned


def _regex(text: str, name: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text) is not None


ALPHABET = st.sampled_from(list("ab-_. /\n`é1"))


@given(st.text(ALPHABET, max_size=40), st.text(ALPHABET, min_size=1, max_size=6))
def test_agrees_with_the_whole_word_regex(text: str, name: str) -> None:
    assert mentioned(text, name) == _regex(text, name)


def test_table() -> None:
    text = "Deploy `api-server` and the redis.cache; not api-server-v2's sibling"
    assert mentioned(text, "api-server") and mentioned(text, "redis.cache") and mentioned(text, "redis")
    assert not mentioned(text, "api") and not mentioned(text, "server") and not mentioned(text, "cache-x")
