"""The commit dialog: branch name, editable generated message, files with a diff stat, warnings about
other changed files (left alone). Confirming commits through `Session.commit`; a GitRefusal is shown as a
clear message in the dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from ...errors import K8sfixError
from ..guard import Guarded
from ..linediff import opcodes
from ..messages import CommitMade


def diff_stat(old: str, new: str) -> tuple[int, int]:
    """(lines added, lines removed) between two texts."""
    added = removed = 0
    for tag, i1, i2, j1, j2 in opcodes(old.splitlines(), new.splitlines()):
        if tag in ("replace", "delete"):
            removed += i2 - i1
        if tag in ("replace", "insert"):
            added += j2 - j1
    return added, removed


def other_changes(repo: str, own: list[str]) -> tuple[list[str], str | None]:
    """Changed/untracked files other than `own` (read-only `git status`), or an explanation."""
    from ...fixes.git import changed_files

    try:
        return changed_files(repo, exclude=own), None
    except K8sfixError as exc:  # not a repo: the commit itself will refuse clearly
        return [], str(exc)
    except Exception as exc:  # noqa: BLE001 - git missing or broken: never a traceback in the dialog
        return [], f"git status failed: {type(exc).__name__}"


MAX_FILES_SHOWN = 6


class CommitDialog(Guarded, ModalScreen["str | None"]):
    """Dismisses with the new commit's sha, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "commit", "Commit"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def compose(self) -> ComposeResult:
        app: Any = self.app
        session = app.session
        files = list(app.applied or [])
        stats = []
        for rel in files:
            try:
                now = (Path(app.repo) / rel).read_text(encoding="utf-8", errors="replace")
            except OSError:
                now = ""
            added, removed = diff_stat(session.texts.get(rel, ""), now)
            stats.append(f"[$success]+{added}[/] [$error]-{removed}[/]  {escape(rel)}")
        others, problem = other_changes(app.repo, files)
        try:
            message = session.default_commit_message()
        except K8sfixError as exc:
            message = f"docs: sync deployment documents\n\n({exc})\n"
        with Vertical(classes="dialog commit"):
            yield Label("Commit the fixed documents", classes="dialog-title")
            yield from self._body(app, message, stats, others, problem)
            yield Static("", id="commit-error")
            with Horizontal(classes="buttons"):
                yield Button("Commit (ctrl+s)", variant="primary", id="do-commit")
                yield Button("Cancel (esc)", id="cancel")

    def _body(self, app: Any, message: str, stats: list[str], others: list[str], problem: str | None) -> ComposeResult:
        if len(stats) > MAX_FILES_SHOWN:
            stats = stats[: MAX_FILES_SHOWN - 1] + [f"… and {len(stats) - MAX_FILES_SHOWN + 1} more"]
        with Vertical(id="commit-body"):
            yield Static("New branch (empty: commit on the current branch):", classes="hint")
            yield Input(app.default_branch(), id="branch")
            yield Static(Content.from_markup("[b]Files to commit:[/]\n" + ("\n".join(stats) or "(none)")),
                         id="commit-files")
            warn = ""
            if others:
                shown = others[:6]
                warn = ("[$warning]! Other changed files are left alone (not committed):[/] "
                        + ", ".join(escape(o) for o in shown) + (f" … (+{len(others) - 6})" if len(others) > 6 else ""))
            elif problem:
                warn = f"[$warning]! {escape(problem)}[/]"
            warnings = Static(Content.from_markup(warn), id="commit-warnings")
            warnings.display = bool(warn)
            yield warnings
            yield Static("Message:", classes="hint")
            yield TextArea(message, id="message", soft_wrap=True)

    def on_mount(self) -> None:
        self.query_one("#commit-error", Static).display = False
        self.query_one("#do-commit", Button).focus()
        self.on_resize()

    def on_resize(self) -> None:
        # a short terminal (24 rows) still shows the message: the dialog takes every row and drops spacing
        self.set_class(self.app.size.height < 30, "short")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "do-commit":
            self.action_commit()
        else:
            self.dismiss(None)

    def action_commit(self) -> None:
        app: Any = self.app
        branch = self.query_one("#branch", Input).value.strip() or None
        message = self.query_one("#message", TextArea).text
        error = self.query_one("#commit-error", Static)
        try:
            sha = app.session.commit(message, branch)
        except K8sfixError as exc:  # GitRefusal and friends: a clear sentence, the dialog stays open
            error.display = True
            error.update(Content.from_markup(f"[$error b]✖ Not committed:[/] {escape(str(exc))}"))
            return
        app.post_message(CommitMade(sha, branch))
        self.dismiss(sha)

    def action_cancel(self) -> None:
        self.dismiss(None)
