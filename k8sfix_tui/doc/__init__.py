"""Reading deployment documents: Markdown structure (`markdown.parse_document`) and the claims a
document makes about the deployment (`claims.extract_claims`)."""

from __future__ import annotations

from .claims import extract_claims
from .markdown import CodeBlock, Document, Link, Paragraph, Row, Section, Table, parse_document

__all__ = ["parse_document", "extract_claims", "Document", "Section", "CodeBlock", "Table", "Row", "Link", "Paragraph"]
