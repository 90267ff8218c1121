"""The k8sfix Textual app: three phase screens over one `engine.Session`.

`make_app(repo, docs=None, ...)` is the one factory used by `k8sfix tui`, `k8sfix demo`, the tests and
`scripts/screenshots.py`. The app is thin: it owns the session, the user's decisions and the two
workers (analysis; apply + validation); screens own layout and bindings.
"""

from __future__ import annotations

import datetime as _dt
import gc
import os
import threading
import traceback
from pathlib import Path
from time import perf_counter
from typing import Any, Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import get_current_worker

from ..engine import Session
from ..errors import K8sfixError
from .guard import Guarded
from .offload import OffloadFailed, analyse_in_subprocess, kill_all
from .messages import (AnalysisFailed, AnalysisFinished, AnalysisProgressed, CommitMade, DecisionsChanged,
                       ValidationFailed, ValidationFinished)
from .state import Decisions

PHASES = ("analysis", "updates", "validation")


class K8sfixApp(Guarded, App[int]):
    """Phase 1 analysis, phase 2 updates, phase 3 validation and commit."""

    CSS_PATH = "app.tcss"
    TITLE = "k8sfix"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("1", "phase('analysis')", "Analysis", tooltip="Phase 1: findings, sections and facts"),
        Binding("2", "phase('updates')", "Updates", tooltip="Phase 2: review the proposed fixes"),
        Binding("3", "phase('validation')", "Validate", tooltip="Phase 3: apply accepted fixes, validate, commit"),
        Binding("ctrl+r", "rerun", "Re-analyse", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, repo: str | os.PathLike[str], docs: Iterable[str] | None = None, *, config: Any = None,
                 today: _dt.date | None = None, editor: str | None = None, autostart: bool = True,
                 crash_shell: bool = True, session: Session | None = None, offload: bool = True,
                 kube_version: str | None = None) -> None:
        super().__init__()
        self.repo = str(Path(repo).resolve())
        self.doc_args = list(docs) if docs else None
        self.config = config
        # raises UsageError for a bad repo or --kube-version; an already analysed `session` skips the first analysis
        self.session = session if session is not None else Session(self.repo, self.doc_args, config, kube_version)
        self.kube_version = self.session.kube_version
        self.preanalysed = session is not None and session.facts is not None
        self.today = today or _dt.date.today()
        self.editor = editor
        self.autostart = autostart
        self.crash_shell = crash_shell
        self.offload = offload  # analyse in a child process (UI never fights the analysis for the GIL)
        self.decisions = Decisions()
        self.analysis_state = "idle"  # idle | running | done | failed
        self.analysis_error: str | None = None
        self.analysis_seconds: float | None = None
        self.progress: tuple[str, int | None, int | None] = ("waiting", None, None)
        self.applied: list[str] | None = None  # documents written by Session.apply (None: not yet applied)
        self.validation: Any = None
        self.validation_state = "idle"  # idle | running | done | failed
        self.validation_error: str | None = None
        self.commit_sha: str | None = None
        self.commit_branch: str | None = None
        self.errors: list[str] = []  # details of unexpected errors shown in the error dialog
        self.version = 0  # bumped whenever the data the screens show changes
        self._painted = threading.Event()
        self._closing = False
        self._heap_frozen = False
        self.sub_title = Path(self.repo).name

    # -- lifecycle -------------------------------------------------------------------------------

    def on_mount(self) -> None:
        from .screens.analysis import AnalysisScreen
        from .screens.updates import UpdatesScreen
        from .screens.validation import ValidationScreen

        self.install_screen(AnalysisScreen(), "analysis")
        self.install_screen(UpdatesScreen(), "updates")
        self.install_screen(ValidationScreen(), "validation")
        self.push_screen("analysis")
        if self.preanalysed:
            self.analysis_state = "running"
            finished = AnalysisFinished(0.0)
            finished.session = self.session  # type: ignore[attr-defined]
            self.post_message(finished)
        elif self.autostart:
            self.start_analysis()
        # the analysis thread waits for the first paint, so the screen is interactive at once
        self.call_after_refresh(self._painted.set)

    def on_unmount(self) -> None:
        self._closing = True
        self._painted.set()
        self._thaw_heap()
        kill_all()  # an analysis child still running is of no use any more

    def _freeze_heap(self) -> None:
        """Keep the analysis results out of the cyclic GC's full passes.

        The session holds ~150k long-lived objects; a full (generation 2) collection then takes ~170 ms on
        the UI thread, a visible stall after some key press. `gc.freeze()` moves everything alive now to
        the permanent generation, so later passes only scan what the UI allocates. Unfrozen again before
        a re-analysis and on exit, so the old session can be collected.
        """
        if self._heap_frozen:
            gc.unfreeze()
        gc.freeze()
        self._heap_frozen = True

    def _thaw_heap(self) -> None:
        if self._heap_frozen:
            gc.unfreeze()
            self._heap_frozen = False

    @property
    def phase(self) -> str:
        for screen in reversed(self.screen_stack):
            name = getattr(screen, "PHASE", None)
            if name:
                return name
        return "analysis"

    def phase_screen(self, name: str) -> Screen:
        return self.get_screen(name)

    def bump(self) -> None:
        """Data changed: refresh the visible phase screen now (the others refresh when shown)."""
        self.version += 1
        screen = self.screen
        if getattr(screen, "PHASE", None) and getattr(screen, "ready", False):
            screen.refresh_data()

    # -- phase 1: analysis worker ----------------------------------------------------------------

    def start_analysis(self) -> None:
        """(Re)start the analysis with a fresh Session; decisions and validation are reset when it ends."""
        session = (Session(self.repo, self.doc_args, self.config, self.kube_version)
                   if self.analysis_state != "idle" else self.session)
        self._thaw_heap()
        self.analysis_state = "running"
        self.analysis_error = None
        self.progress = ("starting", None, None)
        self.bump()
        self._analyse(session)

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def _analyse(self, session: Session) -> None:
        worker = get_current_worker()
        self._painted.wait(timeout=2.0)
        started = perf_counter()

        def progress(stage: str, done: int | None = None, total: int | None = None, *_rest: Any) -> None:
            if not worker.is_cancelled:
                self.post_message(AnalysisProgressed(str(stage), done, total))

        try:
            if self.offload:
                try:
                    session = analyse_in_subprocess(self.repo, self.doc_args, self.config, progress,
                                                    lambda: worker.is_cancelled, self.kube_version)
                except OffloadFailed:
                    if worker.is_cancelled or self._closing:
                        return
                    session.analyse(progress)  # in-process: the real error, with its real traceback
            else:
                session.analyse(progress)
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a traceback on the terminal
            if not worker.is_cancelled:
                self.post_message(AnalysisFailed(exc, traceback.format_exc()))
            return
        if not worker.is_cancelled:
            message = AnalysisFinished(perf_counter() - started)
            message.session = session  # type: ignore[attr-defined]
            self.post_message(message)

    def on_analysis_progressed(self, message: AnalysisProgressed) -> None:
        self.progress = (message.stage, message.done, message.total)
        screen = self.get_screen("analysis")
        if getattr(screen, "ready", False):
            screen.show_progress()

    def on_analysis_finished(self, message: AnalysisFinished) -> None:
        self.session = getattr(message, "session", self.session)
        self.analysis_state = "done"
        self.analysis_seconds = message.seconds
        self.progress = ("done", None, None)
        self.decisions.reset(self.session.fixes)
        self.applied = None
        self.validation = None
        self.validation_state = "idle"
        self.commit_sha = None
        self.bump()
        self._freeze_heap()

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        self.analysis_state = "failed"
        self.analysis_error = str(message.error) if isinstance(message.error, K8sfixError) else (
            f"{type(message.error).__name__}: {message.error}")
        self.bump()
        if not isinstance(message.error, K8sfixError):
            self.show_error_dialog("The analysis failed", self.analysis_error, message.details)

    # -- phase 2: decisions ----------------------------------------------------------------------

    def decide(self, fix_ids: Iterable[str], decision: Any) -> bool:
        """Record a decision (accept/reject/('edit', text)/None) for fixes; False when locked or unchanged."""
        if self.applied is not None:
            self.notify("The fixes were already written; re-analyse (ctrl+r) to make new decisions.",
                        severity="warning")
            return False
        ids = list(fix_ids)
        changed = self.decisions.decide(ids, decision)
        if changed:
            self.post_message(DecisionsChanged(ids))
        return changed

    def undo(self) -> bool:
        if self.applied is not None:
            self.notify("The fixes were already written; nothing to undo here.", severity="warning")
            return False
        touched = self.decisions.undo()
        if touched is None:
            self.notify("Nothing to undo.")
            return False
        self.post_message(DecisionsChanged(touched))
        return True

    def on_decisions_changed(self, message: DecisionsChanged) -> None:
        self.version += 1
        screen = self.screen
        if getattr(screen, "ready", False) and hasattr(screen, "decisions_changed"):
            screen.decisions_changed(message.fix_ids)

    # -- phase 3: apply + validate ---------------------------------------------------------------

    def start_validation(self) -> None:
        self.validation_state = "running"
        self.validation_error = None
        self.bump()
        self._apply_and_validate(self.session, self.decisions.mapping(), self.applied is None)

    @work(thread=True, exclusive=True, group="validation", exit_on_error=False)
    def _apply_and_validate(self, session: Session, decisions: dict[str, Any], write: bool) -> None:
        started = perf_counter()
        try:
            changed = session.apply(decisions) if write and decisions else list(session.applied)
            report = session.validate()
        except Exception as exc:  # noqa: BLE001
            self.post_message(ValidationFailed(exc, traceback.format_exc()))
            return
        self.post_message(ValidationFinished(report, changed, perf_counter() - started))

    def on_validation_finished(self, message: ValidationFinished) -> None:
        self.applied = list(message.changed)
        self.validation = message.report
        self.validation_state = "done"
        self.bump()

    def on_validation_failed(self, message: ValidationFailed) -> None:
        self.validation_state = "failed"
        self.validation_error = str(message.error) if isinstance(message.error, K8sfixError) else (
            f"{type(message.error).__name__}: {message.error}")
        if self.session.applied and self.applied is None:
            self.applied = sorted(self.session.applied)
        self.bump()
        if not isinstance(message.error, K8sfixError):
            self.show_error_dialog("Validation failed", self.validation_error, message.details)

    def on_commit_made(self, message: CommitMade) -> None:
        self.commit_sha = message.sha
        self.commit_branch = message.branch
        self.bump()
        self.notify(f"Committed {message.sha[:12]}" + (f" on {message.branch}" if message.branch else ""),
                    title="Commit made")

    def default_branch(self) -> str:
        return f"docs/k8s-sync-{self.today.isoformat()}"

    # -- actions ---------------------------------------------------------------------------------

    def action_phase(self, name: str) -> None:
        if name not in PHASES or self.phase == name:
            return
        if not isinstance(self.screen, Screen) or getattr(self.screen, "is_modal", False):
            return
        if name == "validation" and self.applied is None:
            self._confirm_apply()
            return
        self.switch_screen(name)

    def _confirm_apply(self) -> None:
        from .screens.modals import ConfirmDialog

        if self.analysis_state != "done":
            self.notify("The analysis has not finished yet.", severity="warning")
            return
        counts = self.decisions.counts()
        accepted = counts["accepted"]
        docs = sorted({f.doc_path for f in self.session.resolve(self.decisions.mapping())})
        if accepted:
            question = (f"Write {accepted} accepted fix(es) to {', '.join(docs) or 'the documents'} and validate?\n"
                        f"{counts['pending']} pending fix(es) will be left out. Nothing else is touched.")
        else:
            question = "No fix is accepted: validate the documents as they are?"

        def done(ok: bool | None) -> None:
            if ok:
                self.switch_screen("validation")
                self.start_validation()

        self.push_screen(ConfirmDialog(question, yes="Write and validate" if accepted else "Validate",
                                       no="Back"), done)

    def action_rerun(self) -> None:
        def go(ok: bool | None) -> None:
            if ok:
                if self.phase != "analysis":
                    self.switch_screen("analysis")
                self.start_analysis()

        if self.decisions.any_decided and self.applied is None:
            from .screens.modals import ConfirmDialog

            self.push_screen(ConfirmDialog("Re-analyse and drop your decisions about the proposed fixes?",
                                           yes="Re-analyse", no="Keep them"), go)
        else:
            go(True)

    def action_help(self) -> None:
        from .screens.modals import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    async def action_quit(self) -> None:
        pending_write = self.decisions.any_decided and self.applied is None
        if not pending_write:
            self.exit(0)
            return
        from .screens.modals import ConfirmDialog

        n = len(self.decisions.values)

        def done(ok: bool | None) -> None:
            if ok:
                self.exit(0)

        self.push_screen(ConfirmDialog(f"You decided about {n} fix(es) and nothing was written yet.\n"
                                       "Quit and lose these decisions?", yes="Quit", no="Stay"), done)

    # -- command palette ------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Phase 1: Analysis", "Findings, document outline and facts side by side",
                            lambda: self.action_phase("analysis"))
        yield SystemCommand("Phase 2: Updates", "Accept, reject or edit the proposed fixes",
                            lambda: self.action_phase("updates"))
        yield SystemCommand("Phase 3: Validation and commit", "Apply accepted fixes, validate, commit",
                            lambda: self.action_phase("validation"))
        yield SystemCommand("Re-run analysis", "Analyse the repository and documents again", self.action_rerun)
        yield SystemCommand("Help: key bindings", "Every key of the current screen", self.action_help)
        for title, help_text, action in getattr(screen, "COMMANDS_FOR_PALETTE", ()):
            yield SystemCommand(title, help_text, lambda a=action: screen.call_later(screen.run_action, a))

    # -- the crash-proof shell ------------------------------------------------------------------

    def report_error(self, error: BaseException, where: str = "") -> None:
        """An unexpected error in a handler: show it (decisions stay in memory), keep running."""
        if isinstance(error, K8sfixError):
            self.notify(str(error), title="k8sfix", severity="error", timeout=8)
            return
        details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        self.show_error_dialog("Something went wrong", f"{type(error).__name__}: {error}",
                               (f"in {where}\n" if where else "") + details)

    def show_error_dialog(self, title: str, message: str, details: str) -> None:
        from .screens.modals import ErrorDialog

        self.errors.append(details)
        if any(isinstance(s, ErrorDialog) for s in self.screen_stack):
            return
        self.push_screen(ErrorDialog(title, message, details))

    def _handle_exception(self, error: Exception) -> None:
        if self.crash_shell and self.is_running and len(self.errors) < 20 and self.screen_stack:
            try:
                self.report_error(error, where="(unhandled)")
                return
            except Exception:  # noqa: BLE001 - fall back to Textual's own handling
                pass
        super()._handle_exception(error)


def make_app(repo: str | os.PathLike[str], docs: Iterable[str] | None = None, **kwargs: Any) -> K8sfixApp:
    """Build the app for `repo` (and optional documents). Raises UsageError when `repo` is not a directory."""
    return K8sfixApp(repo, docs, **kwargs)
