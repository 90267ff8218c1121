"""Phase 3 — Validation and commit: the accepted fixes are written (Session.apply) and validated in a
worker; each check pass/fail with its location, the success criteria, the remaining findings; `j` jumps
from a failed check to the fix or section behind it; `c` opens the commit dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual import events
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from ..bindings import FooterState, refresh_bindings_if_changed
from ..guard import Guarded
from ..state import CHECK_STATUS, SEVERITY_SYMBOL


def _clip(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


class ChecksTable(DataTable):
    """The checks table opens on its first failure, two rows from the top. The offset is set again after
    every resize (the status line above wraps once results arrive), so the final view depends only on
    the terminal size, never on how layout passes and the table's own scroll-into-view interleave."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.reveal_row: int | None = None

    def reveal(self, row: int) -> None:
        self.reveal_row = row
        self.move_cursor(row=row, animate=False, scroll=False)
        self.call_after_refresh(self._apply_reveal)

    def _apply_reveal(self) -> None:
        row = self.reveal_row
        if row is None or self.cursor_row != row:  # the writer has moved on: leave the view alone
            return
        self.scroll_to(y=max(0, min(row - 2, self.max_scroll_y)), animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        if self.reveal_row is not None:
            self.call_after_refresh(self._apply_reveal)


class ValidationScreen(FooterState, Guarded, Screen):
    PHASE = "validation"
    BINDINGS = [
        Binding("c", "commit", "Commit", tooltip="Commit the written documents (asks first)"),
        Binding("j", "jump", "Jump to fix", tooltip="From the selected check or finding to its fix or section"),
        Binding("v", "revalidate", "Re-validate", show=False),
    ]
    COMMANDS_FOR_PALETTE = (
        ("Commit the fixed documents", "Open the commit dialog", "commit"),
        ("Jump to the fix behind a failed check", "Go to the fix or section of the selected check", "jump"),
        ("Re-run validation", "Validate the written documents again", "revalidate"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.seen_version = -1
        self.ready = False
        self._rows: dict[str, dict[str, Any]] = {"checks": {}, "criteria": {}, "remaining": {}}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="val-status")
        with Horizontal(id="val-body"):
            with TabbedContent(id="val-tabs", initial="tab-checks"):
                with TabPane("Checks", id="tab-checks"):
                    yield ChecksTable(id="checks", cursor_type="row", zebra_stripes=True)
                with TabPane("Success criteria", id="tab-criteria"):
                    yield DataTable(id="criteria", cursor_type="row", zebra_stripes=True)
                with TabPane("Remaining findings", id="tab-remaining"):
                    yield DataTable(id="remaining", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="val-detail-pane"):
                yield Static("", id="val-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#checks", DataTable).add_columns("Status", "Where", "Check", "Detail")
        self.query_one("#criteria", DataTable).add_columns("Status", "Criterion", "Detail")
        self.query_one("#remaining", DataTable).add_columns("Severity", "Where", "Rule", "Message")
        self.query_one("#val-detail-pane").border_title = "Details"
        self.query_one("#checks", DataTable).focus()
        self.ready = True
        self.refresh_data()

    def on_screen_resume(self) -> None:
        if self.seen_version != self.app.version:
            self.refresh_data()

    def on_resize(self) -> None:
        self.set_class(self.app.size.width < 110, "narrow")

    # -- data ------------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        self.seen_version = self.app.version
        refresh_bindings_if_changed(self)  # check_action depends on the app state
        app = self.app
        status = self.query_one("#val-status", Static)
        report = app.validation
        for t in ("checks", "criteria", "remaining"):
            self.query_one(f"#{t}", DataTable).clear()
            self._rows[t].clear()
        written = app.applied
        written_text = (", ".join(written) if written else "no document changed") if written is not None else ""
        if app.validation_state == "running":
            status.update(Content.from_markup("⟳ Writing the accepted fixes and validating…"))
            self._detail("Validation is running in the background; you can keep browsing.")
            return
        if app.validation_state == "failed":
            status.update(Content.from_markup(f"[$error b]✖ Validation could not run:[/] {escape(app.validation_error or '')}"))
            self._detail("Press v to try again, or 1 to go back to the analysis.")
            return
        if report is None:
            status.update("Nothing validated yet: press 3 from phase 2 to write the accepted fixes and validate.")
            self._detail("")
            return
        summary = report.summary()
        ok = report.passed
        head = (f"[$success b]✔ PASSED[/]" if ok else f"[$error b]✖ FAILED[/]") + (
            f" {summary['pass']} passed · {summary['fail']} failed · {summary['skip']} skipped · "
            f"{len(report.remaining)} finding(s) remain · written: {escape(written_text)}")
        if app.commit_sha:
            head += f"\n[$success]✔ committed {app.commit_sha[:12]}[/]" + (
                f" on branch {escape(app.commit_branch)}" if app.commit_branch else "")
        elif written:
            head += "\nPress c to commit the changed document(s)."
        status.update(Content.from_markup(head))
        checks = self.query_one("#checks", ChecksTable)
        criteria = self.query_one("#criteria", DataTable)
        for i, c in enumerate(report.checks):
            sym, word = CHECK_STATUS.get(c.status, ("?", c.status))
            key = f"c{i}"
            if c.category == "criteria":
                criteria.add_row(f"{sym} {word}", _clip(c.title, 60), _clip(c.detail, 80), key=key)
                self._rows["criteria"][key] = c
            else:
                checks.add_row(f"{sym} {word}", _short_loc(c.location), _clip(c.title, 34), _clip(c.detail, 70), key=key)
                self._rows["checks"][key] = c
        remaining = self.query_one("#remaining", DataTable)
        for i, f in enumerate(report.remaining):
            key = f"r{i}"
            where = f"{f.doc.path}:{f.doc.line}" if f.doc else "—"
            remaining.add_row(f"{SEVERITY_SYMBOL.get(f.severity, '?')} {f.severity}", where, f.rule or "",
                              _clip(f.message, 80), key=key)
            self._rows["remaining"][key] = f
        failed = next((k for k, c in self._rows["checks"].items() if c.status == "fail"), None)
        if failed is not None:
            checks.reveal(checks.get_row_index(failed))
        self._show_selected()
        refresh_bindings_if_changed(self)

    def _detail(self, text: str | Content) -> None:
        self.query_one("#val-detail", Static).update(text)

    def _selected(self) -> tuple[str, Any] | None:
        tab = self.query_one("#val-tabs", TabbedContent).active
        table_id = {"tab-checks": "checks", "tab-criteria": "criteria", "tab-remaining": "remaining"}.get(tab, "checks")
        table = self.query_one(f"#{table_id}", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        item = self._rows[table_id].get(key)
        return (table_id, item) if item is not None else None

    def _show_selected(self) -> None:
        sel = self._selected()
        if sel is None:
            self._detail("No item in this list." if self.app.validation is not None else "")
            return
        kind, item = sel
        if kind == "remaining":
            where = f"{item.doc.path}:{item.doc.line}" if item.doc else "—"
            text = (f"[b]{escape(item.message)}[/]\n\n{SEVERITY_SYMBOL.get(item.severity, '?')} {item.severity} · "
                    f"{escape(item.rule or '')} · {escape(where)}\nDocument says: {escape(str(item.doc_value))}\n"
                    f"Repository has: {escape(str(item.actual_value))}\n\nj: go to its section")
        else:
            sym, word = CHECK_STATUS.get(item.status, ("?", item.status))
            text = f"[b]{sym} {word}: {escape(item.title)}[/]\n"
            if item.location:
                text += f"Where: {escape(item.location)}\n"
            if item.detail:
                text += f"\n{escape(item.detail)}\n"
            if item.status == "fail":
                text += "\nj: jump to the fix or section behind this check"
        self._detail(Content.from_markup(text))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_selected()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._show_selected()

    # -- actions ---------------------------------------------------------------------------------

    def action_jump(self) -> None:
        sel = self._selected()
        if sel is None:
            self.notify("Select a check or a remaining finding first.")
            return
        kind, item = sel
        if kind == "remaining":
            path, line = (item.doc.path, item.doc.line) if item.doc else (None, 0)
        else:
            path, line = _parse_location(getattr(item, "location", None))
        if not path:
            self.notify("This check names no document location to jump to.")
            return
        self.jump_to(path, line)

    def jump_to(self, path: str, line: int) -> str:
        """Go to the fix of the section holding `path:line` (in the written document), else the section."""
        session = self.app.session
        title = _section_title(Path(self.app.repo) / path, path, line)
        fixes = [f for f in session.fixes if f.doc_path == path and title is not None
                 and (f.section == title[0] or f.section == title[1])]
        if fixes:
            self.app.switch_screen("updates")
            self.app.get_screen("updates").select_fix(fixes[0].id)
            return "fix"
        self.app.switch_screen("analysis")
        analysis = self.app.get_screen("analysis")
        if title is not None and analysis.select_title(path, title[1]):
            return "section"
        analysis.select_line(path, line)
        return "section"

    def action_commit(self) -> None:
        from .commit import CommitDialog

        app = self.app
        if app.validation_state == "running":
            self.notify("Validation is still running.")
            return
        if not app.applied:
            self.notify("Nothing to commit: no document was changed.", severity="warning")
            return
        if app.commit_sha:
            self.notify(f"Already committed as {app.commit_sha[:12]}.")
            return
        app.push_screen(CommitDialog())

    def action_revalidate(self) -> None:
        if self.app.analysis_state == "done" and self.app.validation_state != "running":
            self.app.start_validation()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        app = self.app
        if action == "commit":
            return True if app.applied and not app.commit_sha and app.validation_state != "running" else None
        if action == "revalidate":
            return True if app.analysis_state == "done" and app.validation_state != "running" else None
        return True


def _short_loc(location: str | None, width: int = 30) -> str:
    """`docs/very/long/name.md:12` -> `…/name.md:12` when longer than `width`."""
    if not location:
        return "—"
    if len(location) <= width:
        return location
    return "…/" + location.rsplit("/", 1)[-1]


def _parse_location(location: str | None) -> tuple[str | None, int]:
    if not location:
        return None, 0
    parts = str(location).split(":")
    if len(parts) >= 2 and parts[1].isdigit():
        return parts[0], int(parts[1])
    return parts[0], 0


def _section_title(full: Path, rel: str, line: int) -> tuple[str, str] | None:
    """(raw heading, plain title) of the section holding `line` in the current file, or None."""
    try:
        from ...doc import parse_document

        doc = parse_document(rel, full.read_text(encoding="utf-8", errors="replace"))
    except Exception:  # noqa: BLE001 - unreadable: no section
        return None
    sec = doc.section_at(line) if line else None
    if sec is None or sec.index < 0:
        return None
    return sec.raw, sec.title
