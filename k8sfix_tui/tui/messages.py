"""Messages the app's workers post (past tense: something happened)."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class AnalysisProgressed(Message):
    """The analysis worker reached `stage` (`done` of `total` items, when known)."""

    def __init__(self, stage: str, done: int | None = None, total: int | None = None) -> None:
        super().__init__()
        self.stage = stage
        self.done = done
        self.total = total


class AnalysisFinished(Message):
    """The analysis worker finished; the results are on `app.session`."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds


class AnalysisFailed(Message):
    """The analysis raised; `error` is the exception, `details` its formatted traceback."""

    def __init__(self, error: BaseException, details: str) -> None:
        super().__init__()
        self.error = error
        self.details = details


class DecisionsChanged(Message):
    """The user accepted, rejected, edited or undid fixes (`fix_ids` touched)."""

    def __init__(self, fix_ids: list[str]) -> None:
        super().__init__()
        self.fix_ids = fix_ids


class ValidationFinished(Message):
    """Validation (after applying the accepted fixes) finished; `report` is a ValidationReport."""

    def __init__(self, report: Any, changed: list[str], seconds: float) -> None:
        super().__init__()
        self.report = report
        self.changed = changed
        self.seconds = seconds


class ValidationFailed(Message):
    def __init__(self, error: BaseException, details: str) -> None:
        super().__init__()
        self.error = error
        self.details = details


class CommitMade(Message):
    def __init__(self, sha: str, branch: str | None) -> None:
        super().__init__()
        self.sha = sha
        self.branch = branch
