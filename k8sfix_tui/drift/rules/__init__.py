"""Drift rules, one module per rule, registered explicitly in the order they run.

Each module has `ID` (one of model.RULES), `SEVERITY` (default), a docstring that is its user
documentation, and `check(ctx) -> Iterator[Finding]`. When two rules report the same claim value on the
same line, the first registered wins (see `drift.report`).
"""

from __future__ import annotations

from . import (
    invalid_snippet,
    missing_topic,
    phantom_resource,
    placeholder,
    source_error,
    undocumented_resource,
    value_mismatch,
    wrong_command,
    wrong_path,
)

RULES = (
    invalid_snippet,
    wrong_command,
    wrong_path,
    value_mismatch,
    phantom_resource,
    placeholder,
    undocumented_resource,
    missing_topic,
    source_error,
)

BY_ID = {rule.ID: rule for rule in RULES}

__all__ = ["RULES", "BY_ID"]
