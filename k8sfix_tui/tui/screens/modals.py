"""Typed modal screens: confirm, error (with copy details), evidence viewer, fix editor, help."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Label, Static, TextArea

from ..guard import Guarded

MAX_VIEW_BYTES = 2_000_000


class ConfirmDialog(Guarded, ModalScreen[bool]):
    """Ask a yes/no question; dismisses with True (yes) or False."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, id="question", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", variant="primary", id="yes")
                yield Button(f"{self.no} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class ErrorDialog(Guarded, ModalScreen[None]):
    """An unexpected error: message, details, "Copy details". Decisions stay where they were."""

    BINDINGS = [
        Binding("c", "copy", "Copy details"),
        Binding("escape,enter", "close", "Close"),
    ]

    def __init__(self, title: str, message: str, details: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog error-dialog"):
            yield Label(f"✖ {self.title_text}", classes="dialog-title error-title")
            yield Static(self.message, markup=False, id="error-message")
            yield Static("Your decisions are kept. Details for a bug report:", classes="hint")
            yield TextArea(self.details, read_only=True, id="error-details", soft_wrap=False)
            with Horizontal(classes="buttons"):
                yield Button("Copy details (c)", id="copy")
                yield Button("Close (esc)", variant="primary", id="close")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "copy":
            self.action_copy()
        else:
            self.dismiss(None)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.details)
        self.notify("Error details copied to the clipboard.")

    def action_close(self) -> None:
        self.dismiss(None)


class EvidenceViewer(Guarded, ModalScreen[None]):
    """A repository file, read-only, scrolled to and highlighting one line."""

    BINDINGS = [Binding("escape,q", "close", "Close")]

    def __init__(self, repo: str, path: str, line: int = 0, note: str = "") -> None:
        super().__init__()
        self.repo = repo
        self.path = path
        self.line = max(0, int(line or 0))
        self.note = note

    def _read(self) -> tuple[str, str | None]:
        root = Path(self.repo).resolve()
        full = (root / self.path).resolve()
        try:
            full.relative_to(root)
        except ValueError:
            return "", f"{self.path} is outside the repository"
        if full.is_dir():
            try:
                listing = "\n".join(sorted(p.name + ("/" if p.is_dir() else "") for p in full.iterdir()))
            except OSError as exc:
                return "", f"cannot list {self.path}: {exc.strerror or exc}"
            return listing, None
        try:
            data = full.read_bytes()[:MAX_VIEW_BYTES]
        except OSError as exc:
            return "", f"cannot read {self.path}: {exc.strerror or exc}"
        if b"\0" in data[:8192]:
            return "", f"{self.path} is a binary file"
        return data.decode("utf-8", errors="replace"), None

    def compose(self) -> ComposeResult:
        text, problem = self._read()
        where = f"{self.path}:{self.line}" if self.line else self.path
        with Vertical(classes="dialog viewer"):
            yield Label(f"{where}  (read-only)", classes="dialog-title", markup=False)
            if self.note:
                yield Static(self.note, classes="hint", markup=False)
            if problem:
                yield Static(problem, classes="empty", markup=False)
            else:
                language = _language(self.path)
                area = TextArea(text, read_only=True, show_line_numbers=True, soft_wrap=False, id="viewer-text")
                if language:
                    try:
                        area.language = language
                    except Exception:  # noqa: BLE001 - no tree-sitter grammar: plain text
                        pass
                yield area
            yield Static("esc closes", classes="hint")

    def on_mount(self) -> None:
        areas = self.query("#viewer-text")
        if not areas or not self.line:
            return
        area = areas.first(TextArea)
        row = min(self.line - 1, max(0, area.document.line_count - 1))
        area.focus()
        self.call_after_refresh(self._reveal, area, row)  # centring needs the laid-out size

    @staticmethod
    def _reveal(area: TextArea, row: int) -> None:
        """Select line `row` with the cursor at its start: centred, and never scrolled sideways (selecting
        with the cursor at the end of a long line scrolled the view past the start of every line)."""
        area.move_cursor((row, len(area.document.get_line(row))))
        area.move_cursor((row, 0), select=True, center=True)
        area.scroll_to(x=0, animate=False, immediate=True)

    def action_close(self) -> None:
        self.dismiss(None)


def _language(path: str) -> str | None:
    suffix = Path(path).suffix.lower()
    return {".yaml": "yaml", ".yml": "yaml", ".md": "markdown", ".json": "json", ".sh": "bash",
            ".py": "python", ".toml": "toml"}.get(suffix)


class EditFixDialog(Guarded, ModalScreen["str | None"]):
    """Edit a fix's proposed text; dismisses with the new text (save) or None (cancel)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save edit"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, text: str, original: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.original = original

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog editor"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Static("Replacement text (ctrl+s saves, esc cancels):", classes="hint")
            yield TextArea(self.text, id="edit-text", soft_wrap=False, show_line_numbers=True)
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#edit-text", TextArea).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        self.dismiss(self.query_one("#edit-text", TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(Guarded, ModalScreen[None]):
    """Every key binding active on the screen below, generated from the bindings themselves."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close help")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.rows = help_rows(under)
        self.under_name = getattr(under, "PHASE", None) or type(under).__name__

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label(f"Keys — {self.under_name}", classes="dialog-title")
            table: DataTable[str] = DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
            table.add_columns("Key", "Does", "Where")
            for key, desc, where in self.rows:
                table.add_row(key, desc, where)
            yield table
            yield Static("The command palette (ctrl+p) lists the same actions by name. Mouse: click anything.",
                         classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)


def help_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(key, description, owner) for every binding active on `screen`, app bindings last."""
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    app = screen.app
    try:
        active = screen.active_bindings
    except Exception:  # noqa: BLE001 - a screen that is not mounted yet
        active = {}
    for key, item in active.items():
        binding = item.binding
        desc = binding.description or binding.tooltip or binding.action
        owner = "app" if item.node is app else (getattr(item.node, "PHASE", None) or type(item.node).__name__)
        display = app.get_key_display(binding)
        if (display, desc) in seen:
            continue
        seen.add((display, desc))
        if binding.tooltip and binding.tooltip != desc:
            desc = f"{desc} — {binding.tooltip}"
        rows.append((display, desc, owner))
    screen_name = getattr(screen, "PHASE", None) or type(screen).__name__
    rows.sort(key=lambda r: 0 if r[2] == screen_name else 1 if r[2] == "app" else 2)  # stable: keeps key order
    return rows


def scroll_text(widget_id: str, text: Any) -> VerticalScroll:
    return VerticalScroll(Static(text, id=widget_id))
