"""Phase 2 — Updates: the proposed fixes grouped by section, each as a diff with its rationale and the
findings it resolves; accept / reject / edit / undo, and a live preview of the section (Session.preview).
Nothing is written here: the accepted fixes are applied when moving to phase 3."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from time import perf_counter
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, Tree

from ...doc.markdown import strip_emoji
from ...model import Fix
from ..bindings import FooterState, refresh_bindings_if_changed
from ..guard import Guarded
from ..linediff import opcodes
from ..state import DECISION_LABEL, fixes_by_section
from ..widgets.lineview import LineView
from ..widgets.render import rich_label, side_by_side, source_lines, unified

WIDE = 120


def _clip(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _short_id(fix_id: str) -> str:
    return fix_id.split("@", 1)[0]


def map_range(old: list[str], new: list[str], start: int, end: int) -> tuple[int, int, set[int]]:
    """Where old lines start..end (1-based, inclusive) are in `new`, and which new lines there changed."""
    s0, e0 = start - 1, end  # 0-based [s0, e0)
    new_start: int | None = None
    new_end: int | None = None
    changed: set[int] = set()
    for tag, i1, i2, j1, j2 in opcodes(old, new):
        if tag != "equal":
            changed.update(range(j1 + 1, j2 + 1))
        if i1 <= s0 < i2 or (tag == "insert" and i1 == s0 and False):
            cand = j1 + (s0 - i1) if tag == "equal" else j1
            new_start = cand if new_start is None else min(new_start, cand)
        if i1 < e0 <= i2 or (tag == "insert" and i1 == e0):
            cand = j1 + (e0 - i1) if tag == "equal" else j2
            new_end = cand if new_end is None else max(new_end, cand)
    if new_start is None:
        new_start = len(new) if s0 >= len(old) else 0
    if new_end is None:
        new_end = len(new)
    return new_start + 1, max(new_start, new_end), changed


class UpdatesScreen(FooterState, Guarded, Screen):
    """Phase 2. Decisions live on the app (`app.decisions`) so they survive screen switches."""

    PHASE = "updates"
    BINDINGS = [
        Binding("a", "accept", "Accept"),
        Binding("r", "reject", "Reject"),
        Binding("e", "edit", "Edit"),
        Binding("E", "edit_external", "Edit in $EDITOR", show=False),
        Binding("A", "accept_section", "Accept section", show=False),
        Binding("R", "reject_section", "Reject section", show=False),
        Binding("u", "undo", "Undo"),
        Binding("n", "next_pending", "Next pending", show=False),
    ]
    COMMANDS_FOR_PALETTE = (
        ("Accept fix", "Accept the selected fix (its group too)", "accept"),
        ("Reject fix", "Reject the selected fix (its group too)", "reject"),
        ("Edit fix", "Edit the proposed text before accepting it", "edit"),
        ("Accept all in section", "Accept every fix of the selected section", "accept_section"),
        ("Reject all in section", "Reject every fix of the selected section", "reject_section"),
        ("Undo decision", "Undo the last accept/reject/edit", "undo"),
        ("Next pending fix", "Jump to the next fix without a decision", "next_pending"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.seen_version = -1
        self.ready = False
        self.fix_nodes: dict[str, Any] = {}
        self.section_nodes: list[Any] = []
        self.current: Any = None  # ("fix", fix_id) | ("section", doc, section) | None
        self.last_preview_ms: float | None = None
        self._shown: Any = None  # (current, app.version, width) of what the diff and preview show

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="counters")
        yield Static("", id="updates-empty", classes="empty")
        with Horizontal(id="updates-body"):
            yield Tree("fixes", id="fix-tree")
            with Vertical(id="fix-main"):
                yield LineView(id="fix-header", wrap=True, fit=8)
                yield LineView(id="diff", wrap=True)
                yield LineView(id="preview")
        yield Footer()

    def on_mount(self) -> None:
        tree = self.query_one("#fix-tree", Tree)
        tree.show_root = False
        tree.border_title = "Proposed fixes"
        self.query_one("#diff").border_title = "Diff"
        self.query_one("#preview").border_title = "Preview after accepted fixes"
        tree.focus()
        self.ready = True
        self.refresh_data()

    def on_screen_resume(self) -> None:
        if self.seen_version != self.app.version:
            self.refresh_data()

    def on_resize(self) -> None:
        self.set_class(self.app.size.width < 110, "narrow")
        # the fix's header grows to 8 rows, 4 on a short terminal (the rest scrolls) so the diff keeps room
        self.query_one("#fix-header", LineView).fit = 8 if self.app.size.height >= 30 else 4
        if self.ready:
            self._update_counters()
        if self.current is not None:
            self._show_current()

    @property
    def session(self) -> Any:
        return self.app.session

    # -- data ------------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        self.seen_version = self.app.version
        refresh_bindings_if_changed(self)  # check_action depends on the app state
        app = self.app
        empty = self.query_one("#updates-empty", Static)
        body = self.query_one("#updates-body")
        message = ""
        if app.analysis_state == "running":
            message = "⟳ The analysis is still running; the proposed fixes appear here when it is done."
        elif app.analysis_state == "failed":
            message = "✖ The analysis failed, so there is nothing to update. See phase 1 (press 1)."
        elif app.analysis_state == "done" and not self.session.fixes:
            message = ("✔ Nothing to update: the analysis proposes no fix."
                       + (" The findings left need a human (see phase 1)." if self.session.findings else ""))
        empty.display = bool(message)
        body.display = not message
        empty.update(message)
        self._fill_tree()
        self._update_counters()

    def _fill_tree(self) -> None:
        tree = self.query_one("#fix-tree", Tree)
        keep = self.current
        tree.clear()
        self.fix_nodes.clear()
        self.section_nodes.clear()
        if self.app.analysis_state != "done":
            return
        docs: dict[str, Any] = {}
        first_fix = None
        for doc, section, fixes in fixes_by_section(self.session.fixes):
            doc_node = docs.get(doc)
            if doc_node is None:
                doc_node = tree.root.add(doc, data=("doc", doc), expand=True)
                docs[doc] = doc_node
            sec_node = doc_node.add(self._section_label(strip_emoji(section).strip() or section, fixes), data=("section", doc, section), expand=True)
            self.section_nodes.append(sec_node)
            for fx in fixes:
                node = sec_node.add_leaf(self._fix_label(fx), data=("fix", fx.id))
                self.fix_nodes[fx.id] = node
                first_fix = first_fix or node
        target = self.fix_nodes.get(keep[1]) if keep and keep[0] == "fix" else None
        target = target or first_fix
        if target is not None:
            self.current = target.data
            self._show_current()
            self.call_after_refresh(self._initial_cursor, target)

    def _initial_cursor(self, item: Any) -> None:
        if self.current == item.data:  # unless another fix was selected meanwhile
            self.query_one("#fix-tree", Tree).move_cursor(item)

    def _section_label(self, section: str, fixes: list[Fix]) -> Any:
        kinds = [self.app.decisions.kind(f.id) for f in fixes]
        pending = kinds.count("pending")
        done = len(kinds) - pending
        mark = "[$success]✔[/]" if not pending else f"[$warning]•{pending}[/]"
        # the progress first: a long title is cut at the tree's edge, the counts must stay visible
        return rich_label(self.app, f"{mark} [dim]{done}/{len(kinds)}[/] {escape(_clip(section, 60))}")

    def _fix_label(self, fx: Fix) -> Any:
        kind = self.app.decisions.kind(fx.id)
        sym, word = DECISION_LABEL[kind]
        colour = {"accept": "$success", "edit": "$success", "reject": "$error"}.get(kind, "$warning")
        return rich_label(self.app, f"[{colour}]{sym} {word:<8}[/] L{fx.start_line} {escape(_clip(fx.rationale, 60))}")

    def _update_counters(self) -> None:
        c = self.app.decisions.counts()
        text = (f"[$success]✔ accepted {c['accepted']}[/] · [$error]✖ rejected {c['rejected']}[/] · "
                f"[$warning]• pending {c['pending']}[/] · ✎ edited {c['edited']}")
        if self.app.applied is not None:
            written = ", ".join(self.app.applied) or "nothing"
            text += f"  —  written: {escape(written)} (decisions locked; ctrl+r re-analyses)"
        elif self.app.size.width < 110:
            text += " — written in phase 3"  # one line at 80 columns
        else:
            text += "  —  nothing is written until phase 3 (press 3)"
        self.query_one("#counters", Static).update(Content.from_markup(text))

    def decisions_changed(self, fix_ids: list[str]) -> None:
        """Relabel what changed and refresh the preview (called by the app after each decision)."""
        touched: set[str] = set()
        for fid in fix_ids:
            touched.update(self.app.decisions.members(fid) or [fid])
        for fid in touched:
            node = self.fix_nodes.get(fid)
            if node is not None:
                node.set_label(self._fix_label(self.session.fix(fid)))
        for sec_node in {id(n.parent): n.parent for fid in touched if (n := self.fix_nodes.get(fid)) is not None}.values():
            _kind, doc, section = sec_node.data
            fixes = [f for f in self.session.fixes if f.doc_path == doc and (f.section or "(document)") == section]
            sec_node.set_label(self._section_label(strip_emoji(section).strip() or section, fixes))
        self._update_counters()
        self._show_current()
        refresh_bindings_if_changed(self)

    # -- showing a fix / section -----------------------------------------------------------------

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        if event.node.data is None:
            return
        if event.node.data == self.current and self._shown == self._show_key():
            return  # already shown (a decision moved the cursor and showed the next fix at once)
        self.current = event.node.data
        self._show_current()
        refresh_bindings_if_changed(self)

    def _current_fixes(self) -> list[Fix]:
        cur = self.current
        if not cur:
            return []
        if cur[0] == "fix":
            try:
                return [self.session.fix(cur[1])]
            except Exception:  # noqa: BLE001 - stale id after a re-analysis
                return []
        if cur[0] == "section":
            return [f for f in self.session.fixes if f.doc_path == cur[1] and (f.section or "(document)") == cur[2]]
        return [f for f in self.session.fixes if f.doc_path == cur[1]]

    def _show_key(self) -> Any:
        return (self.current, self.app.version, self.app.size.width)

    @property
    def up_to_date(self) -> bool:
        """The diff and preview show the selected fix with the latest decisions."""
        return self._shown is not None and self._shown == self._show_key()

    def _show_current(self) -> None:
        self._shown = None
        fixes = self._current_fixes()
        header = self.query_one("#fix-header", LineView)
        diff = self.query_one("#diff", LineView)
        if not fixes:
            header.update("Select a fix in the tree.")
            diff.update("")
            self.query_one("#preview", LineView).update("")
            return
        width = self.app.size.width
        wide = width >= WIDE
        diff_width = max(20, width - (self.query_one("#fix-tree").outer_size.width or 40) - 4)
        findings = {f.id: f for f in self.session.findings}
        parts: list[str] = []
        blocks: list[Content] = []
        for fx in fixes:
            kind = self.app.decisions.kind(fx.id)
            sym, word = DECISION_LABEL[kind]
            new_text = fx.new_text
            decision = self.app.decisions.get(fx.id)
            if kind == "edit":
                new_text = str(decision[1])
            if len(fixes) == 1:
                lines = (f"{fx.start_line}" if fx.end_line <= fx.start_line else f"{fx.start_line}-{fx.end_line}")
                parts.append(f"[b]{escape(_short_id(fx.id))}[/] · {escape(fx.kind)} · {escape(fx.doc_path)}:{lines}"
                             f" · [b]{sym} {word}[/]"
                             + (f" · group {escape(fx.group)}" if fx.group else ""))
                parts.append(escape(fx.rationale))
                resolved = [findings[r] for r in fx.resolves if r in findings]
                for f in resolved[:6]:
                    parts.append(f"  resolves [$error]✖[/] {escape(f.rule or '')} L{f.doc.line if f.doc else '—'}: "
                                 f"{escape(_clip(f.message, 100))}")
                if len(resolved) > 6:
                    parts.append(f"  … and {len(resolved) - 6} more")
            old = fx.old_text
            title = Content.from_markup(f"[b]{escape(_short_id(fx.id))}[/] [{sym} {word}] L{fx.start_line} "
                                        f"{escape(_clip(fx.rationale, 80))}")
            body = (side_by_side(old, new_text, (diff_width - 8) // 2, fx.start_line) if wide
                    else unified(old, new_text, fx.start_line))
            blocks.append(Content("\n").join([title, body]) if len(fixes) > 1 else body)
        if len(fixes) > 1:
            c = [self.app.decisions.kind(f.id) for f in fixes]
            parts.append(f"[b]{escape(str(self.current[2] if self.current[0] == 'section' else self.current[1]))}[/] "
                         f"— {len(fixes)} fixes: {c.count('accept') + c.count('edit')} accepted, {c.count('reject')} "
                         f"rejected, {c.count('pending')} pending. A accepts all, R rejects all.")
        header.update(Content.from_markup("\n".join(parts)))
        diff.update(Content("\n\n").join(blocks))
        diff.border_title = "Diff (side by side)" if wide else "Diff (unified)"
        self._show_preview(fixes[0])
        self._shown = self._show_key()

    def _show_preview(self, fx: Fix) -> None:
        started = perf_counter()
        session = self.session
        old_text = session.texts.get(fx.doc_path, "")
        new_text = session.preview(fx.doc_path, self.app.decisions.mapping())
        old_lines = old_text.splitlines()
        new_lines = new_text.splitlines()
        start, end = self._section_range(fx)
        n_start, n_end, changed = map_range(old_lines, new_lines, start, end)
        marks = {n: "added" for n in changed if n_start <= n <= n_end}
        preview = self.query_one("#preview", LineView)
        if n_end < n_start:
            preview.update(Content.from_markup(f"[$warning]The accepted fixes remove this section "
                                               f"({escape(fx.section or fx.doc_path)}).[/]"))
        else:
            first = min(marks) if marks else (fx.start_line if fx.start_line >= n_start else n_start)
            preview.update(source_lines(new_lines, n_start, n_end, marks), scroll_y=max(0, first - n_start - 2))
        preview.border_title = (
            f"Preview: {_clip(strip_emoji(fx.section or '').strip() or fx.doc_path, 50)} after accepted fixes (+ = changed)")
        self.last_preview_ms = (perf_counter() - started) * 1000

    def _section_range(self, fx: Fix) -> tuple[int, int]:
        document = next((d for d in self.session.documents if str(getattr(d, "path", "")) == fx.doc_path), None)
        sections = list(getattr(document, "sections", None) or [])
        candidates = [s for s in sections if fx.section and (s.raw == fx.section or s.title == fx.section)]
        containing = [s for s in candidates if s.line <= fx.start_line <= s.end_line] or candidates
        if containing:
            sec = max(containing, key=lambda s: s.level)
            return sec.line, sec.end_line
        lines = len(self.session.texts.get(fx.doc_path, "").splitlines())
        return max(1, fx.start_line - 5), min(lines, max(fx.end_line, fx.start_line) + 5)

    # -- decisions -------------------------------------------------------------------------------

    def _selected_fix(self) -> Fix | None:
        cur = self.current
        if cur and cur[0] == "fix":
            try:
                return self.session.fix(cur[1])
            except Exception:  # noqa: BLE001
                return None
        return None

    def _advance(self) -> None:
        """After a decision, move to the next fix that is still pending (if any)."""
        self.action_next_pending(quiet=True)

    def action_accept(self) -> None:
        fx = self._selected_fix()
        if fx is None:
            self.action_accept_section()
            return
        if self.app.decide([fx.id], "accept"):
            self._advance()

    def action_reject(self) -> None:
        fx = self._selected_fix()
        if fx is None:
            self.action_reject_section()
            return
        if self.app.decide([fx.id], "reject"):
            self._advance()

    def _section_fix_ids(self) -> list[str]:
        cur = self.current
        if not cur:
            return []
        if cur[0] == "fix":
            fx = self.session.fix(cur[1])
            return [f.id for f in self.session.fixes if f.doc_path == fx.doc_path and f.section == fx.section]
        return [f.id for f in self._current_fixes()]

    def action_accept_section(self) -> None:
        ids = self._section_fix_ids()
        if ids:
            self.app.decide(ids, "accept")

    def action_reject_section(self) -> None:
        ids = self._section_fix_ids()
        if ids:
            self.app.decide(ids, "reject")

    def action_undo(self) -> None:
        self.app.undo()

    def action_edit(self) -> None:
        from .modals import EditFixDialog

        fx = self._selected_fix()
        if fx is None:
            self.notify("Select one fix to edit.")
            return
        decision = self.app.decisions.get(fx.id)
        text = str(decision[1]) if self.app.decisions.kind(fx.id) == "edit" else fx.new_text

        def done(result: str | None) -> None:
            if result is not None:
                self.app.decide([fx.id], ("edit", result))

        self.app.push_screen(EditFixDialog(f"Edit {_short_id(fx.id)}: {_clip(fx.rationale, 70)}", text, fx.old_text),
                             done)

    def action_edit_external(self) -> None:
        fx = self._selected_fix()
        if fx is None:
            self.notify("Select one fix to edit.")
            return
        editor = self.app.editor or os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        decision = self.app.decisions.get(fx.id)
        text = str(decision[1]) if self.app.decisions.kind(fx.id) == "edit" else fx.new_text
        fd, path = tempfile.mkstemp(prefix="k8sfix-fix-", suffix=".md")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            try:
                with self.app.suspend():
                    code = subprocess.call([*shlex.split(editor), path])
            except Exception as exc:  # noqa: BLE001 - SuspendNotSupported (headless, web) or a missing editor
                self.notify(f"Cannot run the editor {editor!r}: {exc or type(exc).__name__}. Use e to edit here.",
                            severity="error")
                return
            if code != 0:
                self.notify(f"{editor} exited with status {code}; the edit was not kept.", severity="warning")
                return
            with open(path, encoding="utf-8", errors="replace") as fh:
                edited = fh.read()
        finally:
            try:
                os.unlink(path)
            except OSError:
                pass
        if edited != text:
            self.app.decide([fx.id], ("edit", edited))
        else:
            self.notify("No change made in the editor.")

    def action_next_pending(self, quiet: bool = False) -> None:
        ids = [f.id for f in self.session.fixes]
        cur = self.current
        start = ids.index(cur[1]) + 1 if cur and cur[0] == "fix" and cur[1] in ids else 0
        for fid in ids[start:] + ids[:start]:
            if self.app.decisions.kind(fid) == "pending" and fid in self.fix_nodes:
                node = self.fix_nodes[fid]
                self.query_one("#fix-tree", Tree).move_cursor(node)
                # shown by the DecisionsChanged refresh (or the NodeHighlighted handler), not both
                self.current = node.data
                return
        if not quiet:
            self.notify("No pending fix left. Press 3 to write the accepted fixes and validate.")

    def select_fix(self, fix_id: str) -> bool:
        node = self.fix_nodes.get(fix_id)
        if node is None:
            return False
        self.query_one("#fix-tree", Tree).move_cursor(node)
        self.current = node.data
        self._show_current()
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("accept", "reject", "edit", "edit_external", "accept_section", "reject_section", "undo",
                      "next_pending"):
            if self.app.analysis_state != "done" or not self.session.fixes or self.app.applied is not None:
                return None
            if action in ("edit", "edit_external") and self._selected_fix() is None:
                return None
            if action == "undo" and not self.app.decisions.can_undo:
                return None
        return True
