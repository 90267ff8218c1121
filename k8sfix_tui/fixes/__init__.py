"""Phase 2 and 3: fixes generated from facts, applying them, validating documents, committing.

- `generate_fixes(findings, facts, document) -> list[Fix]` (pure; `fixes/generators/`)
- `apply_fixes(text, fixes) -> str` (pure) and `write_document(repo, doc_path, new_text, expected_sha256)`
- `stale_sections(document, facts)` / `stale_findings(document, facts)`: generated sections that drifted
- `validate(repo, doc_paths, facts=None) -> ValidationReport` (`fixes/validate.py`)
- `commit_documents(...)` (`fixes/git.py`)
"""

from __future__ import annotations

from .apply import apply_fixes, effective_fixes, sha256_file, sha256_text, write_document
from .generators import generate_fixes, is_auto_acceptable
from .markers import stale_findings, stale_sections

__all__ = [
    "apply_fixes",
    "effective_fixes",
    "generate_fixes",
    "is_auto_acceptable",
    "sha256_file",
    "sha256_text",
    "stale_findings",
    "stale_sections",
    "write_document",
]
