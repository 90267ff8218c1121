"""Small helpers shared by the doc tests."""

from __future__ import annotations

from textwrap import dedent

from k8sfix_tui.doc import extract_claims, parse_document
from k8sfix_tui.model import Claim


def claims_of(text: str, path: str = "docs/deploy.md") -> list[Claim]:
    doc = parse_document(path, dedent(text).lstrip("\n"))
    claims = extract_claims(doc, strict=True)
    for c in claims:  # the contract: a span points at the value within its line
        if c.span is not None:
            line = doc.line(c.doc.line)
            assert 0 <= c.span[0] <= c.span[1] <= len(line), c
            assert c.text == line
    return claims


def fields(claims: list[Claim], *names: str) -> list[tuple[str, object, object]]:
    """(field, value, subject) triples, optionally only for the given fields."""
    return [(c.field, c.value, c.subject) for c in claims if not names or c.field in names]


def spanned(text: str, claim: Claim) -> str:
    doc = parse_document("d.md", dedent(text).lstrip("\n"))
    line = doc.line(claim.doc.line)
    assert claim.span is not None
    return line[claim.span[0]:claim.span[1]]
