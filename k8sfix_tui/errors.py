"""The one error base of k8sfix. Anything the user can cause is one of these, never a bare traceback."""

from __future__ import annotations


class K8sfixError(Exception):
    """Base of every error k8sfix raises on purpose. `location` is 'path:line' when known."""

    def __init__(self, message: str, location: object | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class UsageError(K8sfixError):
    """Bad command-line usage (exit code 2)."""


class SourceReadError(K8sfixError):
    """A repository file could not be read or parsed."""


class RenderError(K8sfixError):
    """Helm or Kustomize rendering failed; the message reads like Helm's/kustomize's own."""


class TemplateError(RenderError):
    """Go text/template lex, parse or execution error."""


class DocumentError(K8sfixError):
    """A Markdown document could not be parsed."""


class ApplyError(K8sfixError):
    """Fixes could not be applied (file changed since analysis, overlapping edits...)."""


class GitRefusal(K8sfixError):
    """A git operation was refused to protect the user's work."""
