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


def load_documents(repo: str, paths: list[str], errors: list[Any] | None = None) -> list[Any]:
    """Parse the given repo-relative (or absolute) Markdown files with `doc.parse_document`.

    With `errors` (a list), unreadable documents are recorded there as `SourceError`s and skipped;
    without it they raise `DocumentError`/`UsageError`."""
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
            try:
                with open(full, encoding="utf-8") as fh:
                    text = fh.read()
            except FileNotFoundError:
                raise UsageError("document not found", path) from None
            except (OSError, UnicodeDecodeError) as exc:
                raise DocumentError(f"cannot read document: {exc}", path) from None
            docs.append(parse_document(rel, text))
        except (UsageError, DocumentError) as exc:
            if errors is None:
                raise
            from ..model import Location, SourceError

            errors.append(SourceError(Location(rel, 0), exc.message))
    return docs


def analyse(repo: str, docs: list[str] | None = None, progress: Callable[[str, int, int], None] | None = None,
            config: Any = None, kustomize_renderer: str = "auto",
            kube_version: str | None = None) -> tuple[Any, list[Any], Report]:
    """collect -> parse -> extract -> check. `docs` None: config docs, else discovered documents.
    `kube_version` ("1.31") is passed to the pitfall detectors (deprecated-api)."""
    from ..config import load_config
    from ..facts import collect

    repo = os.path.abspath(repo)
    if not os.path.isdir(repo):
        raise UsageError("not a directory", repo)
    if config is None:
        config = load_config(repo)
    facts = collect(repo, kustomize_renderer=kustomize_renderer, progress=progress)
    discovered = docs is None and not getattr(config, "docs", None)
    if docs is None:
        docs = list(getattr(config, "docs", None) or []) or discover_documents(
            repo, facts, getattr(config, "ignore_paths", None) or ())
    if progress:
        progress("documents", 0, len(docs))
    # explicitly named documents must load; a discovered one that does not is reported and skipped
    documents = load_documents(repo, docs, facts.errors if discovered else None)
    if progress:
        progress("documents", len(docs), len(docs))
        progress("drift", 0, 1)
    if kube_version:  # generated troubleshooting sections list the pitfalls for this version
        facts.kube_version = kube_version  # type: ignore[attr-defined]
    report = check(facts, documents, config, kube_version=kube_version)
    if progress:
        progress("drift", 1, 1)
    return facts, documents, report
