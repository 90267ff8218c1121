"""Errors of the template engine. Messages read like Go's/Helm's (`template: NAME:LINE:COL: ...`)."""

from __future__ import annotations

from ...errors import TemplateError as _K8sfixTemplateError


class TemplateError(_K8sfixTemplateError):
    """A lex, parse or execution error. `template`, `line`, `col` locate it when known
    (`col` is Go's 0-based byte column, only set for execution errors)."""

    def __init__(self, message: str, *, template: str | None = None, line: int | None = None, col: int | None = None):
        super().__init__(message)
        self.template = template
        self.line = line
        self.col = col


class TemplateDepthError(TemplateError):
    """Template calls nested deeper than the set's `max_depth` (or than Python's stack allows)."""


GoTemplateError = TemplateError
