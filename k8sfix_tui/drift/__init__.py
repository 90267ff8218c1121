"""Drift analysis: compare what documents claim with what the repository deploys.

- `check(facts, documents, config=None) -> Report` runs every rule (`drift.rules`) over the claims.
- `analyse(repo, docs=None, progress=None, config=None) -> (facts, documents, report)` does the whole
  pipeline: facts.collect -> doc.parse_document -> doc.extract_claims -> check.
- `discover_documents(repo, facts)` finds the Markdown files worth checking.
- `drift.matcher.Matcher` resolves component mentions to objects; `drift.formats.render` prints reports.
"""

from __future__ import annotations

import os
from typing import Any, Callable

from ..errors import DocumentError, UsageError
from .report import Report, check, discover_documents

__all__ = ["Report", "check", "analyse", "discover_documents", "load_documents"]


def load_documents(repo: str, paths: list[str]) -> list[Any]:
    """Parse the given repo-relative (or absolute) Markdown files with `doc.parse_document`."""
    import importlib

    doc_mod = importlib.import_module("k8sfix_tui.doc")
    parse_document = getattr(doc_mod, "parse_document", None)
    if parse_document is None:  # older layout: the parser lives in doc.markdown
        parse_document = importlib.import_module("k8sfix_tui.doc.markdown").parse_document

    docs = []
    for path in paths:
        full = path if os.path.isabs(path) else os.path.join(repo, path)
        rel = os.path.relpath(full, repo).replace(os.sep, "/") if not path.startswith("..") else path
        if rel.startswith("../"):
            rel = full
        try:
            with open(full, encoding="utf-8") as fh:
                text = fh.read()
        except FileNotFoundError:
            raise UsageError("document not found", path) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise DocumentError(f"cannot read document: {exc}", path) from None
        docs.append(parse_document(rel, text))
    return docs


def analyse(repo: str, docs: list[str] | None = None, progress: Callable[[str, int, int], None] | None = None,
            config: Any = None, kustomize_renderer: str = "auto") -> tuple[Any, list[Any], Report]:
    """collect -> parse -> extract -> check. `docs` None: config docs, else discovered documents."""
    from ..config import load_config
    from ..facts import collect

    repo = os.path.abspath(repo)
    if not os.path.isdir(repo):
        raise UsageError("not a directory", repo)
    if config is None:
        config = load_config(repo)
    facts = collect(repo, kustomize_renderer=kustomize_renderer, progress=progress)
    if docs is None:
        docs = list(getattr(config, "docs", None) or []) or discover_documents(
            repo, facts, getattr(config, "ignore_paths", None) or ())
    if progress:
        progress("documents", 0, len(docs))
    documents = load_documents(repo, docs)
    if progress:
        progress("documents", len(docs), len(docs))
        progress("drift", 0, 1)
    report = check(facts, documents, config)
    if progress:
        progress("drift", 1, 1)
    return facts, documents, report
