"""Phase 1 — Analysis: progress, the 13-area checklist, the document outline, a section's Markdown beside
the real facts it is about, the findings (filterable, searchable) and the pitfalls."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, ScrollableContainer, Vertical, VerticalScroll
from textual.content import Content
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import (ContentSwitcher, DataTable, Footer, Header, Input, Label, Markdown, OptionList,
                             ProgressBar, Static, TabbedContent, TabPane, Tree)
from textual.widgets.option_list import Option

from ...model import AREAS, RULES, SEVERITIES, Finding
from ..bindings import FooterState, refresh_bindings_if_changed
from ..guard import Guarded
from ..state import (AREA_STATUS, SEVERITY_SYMBOL, FactRow, FindingFilter, OutlineNode, area_facts, cycle,
                     evidence_rows, fmt_value, in_range, outline, section_areas)
from ..widgets.render import rich_label, source_lines


def _clip(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


class AnalysisScreen(FooterState, Guarded, Screen):
    """Phase 1. Reads everything from `app.session`; adds no analysis of its own."""

    PHASE = "analysis"
    BINDINGS = [
        Binding("s", "toggle_source", "Source/rendered", tooltip="Show the section as Markdown source or rendered"),
        Binding("slash", "search", "Search", tooltip="Search the findings"),
        Binding("o", "open_evidence", "Open evidence", tooltip="Open the evidence file at its line (read-only)"),
        Binding("g", "goto_section", "Go to section", show=False, tooltip="Show the section of the selected finding"),
        Binding("a", "cycle_area", "Area filter", show=False),
        Binding("r", "cycle_rule", "Rule filter", show=False),
        Binding("v", "cycle_severity", "Severity filter", show=False),
        Binding("x", "clear_filters", "Clear filters", show=False),
        Binding("f", "tab('tab-findings')", "Findings", show=False),
        Binding("t", "tab('tab-section')", "Section", show=False),
        Binding("p", "tab('tab-pitfalls')", "Pitfalls", show=False),
        Binding("escape", "leave_search", "Leave search", show=False),
    ]
    COMMANDS_FOR_PALETTE = (
        ("Toggle source/rendered Markdown", "Show the selected section as source or rendered", "toggle_source"),
        ("Search findings", "Filter the findings by text", "search"),
        ("Cycle area filter", "Show the findings of one area", "cycle_area"),
        ("Cycle rule filter", "Show the findings of one rule", "cycle_rule"),
        ("Cycle severity filter", "Show the findings of one severity", "cycle_severity"),
        ("Clear filters", "Show every finding", "clear_filters"),
        ("Show pitfalls", "Problems in the repository itself", "tab('tab-pitfalls')"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.filter = FindingFilter()
        self.show_rendered = False
        self.seen_version = -1
        self.ready = False
        self.current_node: OutlineNode | None = None
        self._doc_lines: dict[str, list[str]] = {}
        self._shown_findings: list[Finding] = []
        self._fact_locations: dict[str, str] = {}

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="progress-row"):
            yield Label("waiting", id="stage")
            yield ProgressBar(id="progress", show_eta=False)
        yield Static("", id="summary")
        yield Static("", id="empty-state", classes="empty")
        with Horizontal(id="analysis-body"):
            with Vertical(id="sidebar"):
                yield OptionList(id="areas")
                yield Tree("documents", id="outline")
            with TabbedContent(id="tabs", initial="tab-section"):
                with TabPane("Section", id="tab-section"):
                    with Horizontal(id="side-by-side"):
                        with Vertical(id="doc-pane"):
                            yield Static("", id="section-title", markup=False)
                            with ContentSwitcher(initial="doc-source", id="doc-switch"):
                                with ScrollableContainer(id="doc-source"):
                                    yield Static("", id="doc-source-text")
                                with VerticalScroll(id="doc-rendered"):
                                    yield Static("", id="doc-rendered-note")
                                    yield Markdown("", id="doc-rendered-md")
                        with Vertical(id="facts-pane"):
                            yield Static("Facts", id="facts-title")
                            yield OptionList(id="facts")
                with TabPane("Findings", id="tab-findings"):
                    yield Input(placeholder="search findings (enter: done, esc: clear)", id="search")
                    yield Static("", id="filter-line")
                    with Horizontal(classes="list-detail"):
                        yield DataTable(id="findings", cursor_type="row", zebra_stripes=True)
                        with Vertical(classes="detail-pane"):
                            with VerticalScroll(classes="detail-scroll"):
                                yield Static("", id="finding-detail")
                            yield OptionList(id="evidence")
                with TabPane("Pitfalls", id="tab-pitfalls"):
                    with Horizontal(classes="list-detail"):
                        yield DataTable(id="pitfalls", cursor_type="row", zebra_stripes=True)
                        with Vertical(classes="detail-pane"):
                            with VerticalScroll(classes="detail-scroll"):
                                yield Static("", id="pitfall-detail")
                            yield OptionList(id="pitfall-evidence")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#areas", OptionList).border_title = "Areas"
        self.query_one("#outline", Tree).border_title = "Document outline"
        self.query_one("#outline", Tree).show_root = False
        self.query_one("#search", Input).display = False
        # the message right after the short columns: the tables are narrower than their rows, and the message
        # is what a reader scans for (rule, area and place are also in the detail pane)
        self.query_one("#findings", DataTable).add_columns("Severity", "Line", "Message", "Rule", "Area")
        self.query_one("#pitfalls", DataTable).add_columns("Severity", "Message", "Where", "Area")
        self.query_one("#evidence", OptionList).border_title = "Evidence (enter/o opens)"
        self.query_one("#pitfall-evidence", OptionList).border_title = "Evidence"
        self._layout_classes()
        self.query_one("#outline", Tree).focus()
        self.ready = True
        self.refresh_data()

    def on_resize(self) -> None:
        self._layout_classes()
        if self.ready and self.app.analysis_state == "done" and any(not f.waived for f in self.session.findings):
            self.query_one("#summary", Static).update(self._summary_markup())

    def _layout_classes(self) -> None:
        width, height = self.app.size
        self.set_class(width < 110, "narrow")
        self.set_class(height < 30, "short")

    def on_screen_resume(self) -> None:
        if self.seen_version != self.app.version:
            self.refresh_data()

    # -- data ------------------------------------------------------------------------------------

    @property
    def session(self) -> Any:
        return self.app.session

    def show_progress(self) -> None:
        stage, done, total = self.app.progress
        state = self.app.analysis_state
        bar = self.query_one("#progress", ProgressBar)
        label = self.query_one("#stage", Label)
        if state == "running":
            counts = f" {done}/{total}" if done is not None and total else ""
            label.update(f"⟳ analysing: {stage}{counts}")
            bar.update(total=total or None, progress=done or 0)
        elif state == "done":
            secs = self.app.analysis_seconds
            label.update("✔ analysis complete" + (f" ({secs:.1f} s)" if secs is not None and not self.app.is_headless
                                                 else ""))
            bar.update(total=1, progress=1)
        elif state == "failed":
            label.update("✖ analysis failed")
            bar.update(total=1, progress=0)
        else:
            label.update("waiting")

    def refresh_data(self) -> None:
        self.seen_version = self.app.version
        refresh_bindings_if_changed(self)  # check_action depends on the app state
        self.show_progress()
        app = self.app
        empty = self.query_one("#empty-state", Static)
        body = self.query_one("#analysis-body")
        summary = self.query_one("#summary", Static)
        if app.analysis_state != "done":
            body.display = app.analysis_state != "failed"
            empty.display = app.analysis_state == "failed"
            if app.analysis_state == "failed":
                empty.update(Content.from_markup(f"[$error b]✖ The analysis failed[/]\n\n{escape(app.analysis_error or '')}"
                                                 "\n\nFix the problem and press ctrl+r to re-analyse."))
            summary.update("Analysing the repository and its documents…" if app.analysis_state == "running" else "")
            return
        s = self.session
        facts = s.facts
        findings = [f for f in s.findings if not f.waived]
        report = s.report
        verified = list(getattr(report, "verified", []) or [])
        pitfalls = list(getattr(report, "pitfalls", []) or [])
        summary.update(self._summary_markup())
        no_k8s = facts is not None and not (facts.objects or facts.charts or facts.overlays)
        message = ""
        if no_k8s:
            message = ("[b]No Kubernetes files found[/] in this repository: no manifests, Kustomize directories or "
                       "Helm charts. k8sfix compares deployment documents with those files, so there is nothing to "
                       "check here.")
        elif not s.docs:
            message = ("[b]No deployment documents found.[/] No Markdown file here talks about this repository's "
                       "Kubernetes objects. Open one explicitly: k8sfix tui REPO --doc PATH.")
        empty.display = bool(message)
        body.display = not no_k8s and bool(s.docs)
        if message:
            empty.update(Content.from_markup(message))
        elif not findings:
            summary.update(Content.from_markup(
                f"[$success b]✔ No drift:[/] every checked claim matches the repository ({len(verified)} verified)."))
        self._fill_areas()
        self._fill_outline()
        self._fill_findings()
        self._fill_pitfalls()
        if self.current_node is None:
            self._show_section(None)

    def _summary_markup(self) -> Content:
        """One line of counts; shorter words below 110 columns so it still fits on one line at 80."""
        s = self.session
        findings = [f for f in s.findings if not f.waived]
        verified = list(getattr(s.report, "verified", []) or [])
        pitfalls = list(getattr(s.report, "pitfalls", []) or [])
        narrow = self.app.size.width < 110
        short = {"error": "err", "warning": "warn"} if narrow else {}
        n_sev = {sev: sum(1 for f in findings if f.severity == sev) for sev in SEVERITIES}
        by_sev = ", ".join(f"{n} {short.get(sev, sev)}" for sev, n in n_sev.items() if n)
        return Content.from_markup(
            (f"[$error]✖ {len(findings)} findings[/]" if findings else "[$success]✔ 0 findings[/]")
            + (f" ({by_sev})" if by_sev else "")
            + f" · [$success]✔ {len(verified)} verified[/] · [$warning]! {len(pitfalls)} pitfalls[/]"
            f" · {len(s.fixes)} fixes" + ("" if narrow else f" · {len(s.docs or [])} docs"))

    def _fill_areas(self) -> None:
        coverage = getattr(self.session.report, "coverage", {}) or {}
        opts = self.query_one("#areas", OptionList)
        highlighted = opts.highlighted
        opts.clear_options()
        opts.add_option(Option(Content.from_markup("[b]all areas[/]"), id="area:"))
        for area in AREAS:
            info = coverage.get(area, {"status": "n/a", "findings": 0})
            status = info.get("status", "n/a")
            sym, word = AREA_STATUS.get(status, ("–", status))
            colour = {"ok": "$success", "drift": "$error", "missing": "$warning"}.get(status, "$text-muted")
            count = info.get("findings", 0)
            label = f"[{colour}]{sym} {word:<8}[/] {area:<11}{count if count else '':>3}"
            opts.add_option(Option(Content.from_markup(label), id=f"area:{area}"))
        if highlighted is not None:
            opts.highlighted = min(highlighted, opts.option_count - 1)

    def _fill_outline(self) -> None:
        tree = self.query_one("#outline", Tree)
        tree.clear()
        findings = self.session.findings
        first = None
        for document in self.session.documents:
            root = outline(document, findings)
            self._doc_lines[root.doc_path] = list(getattr(document, "lines", None)
                                                  or str(getattr(document, "text", "")).splitlines())
            label = self._node_label(root, root.doc_path)
            doc_node = tree.root.add(label, data=root, expand=True)
            first = first or doc_node

            def add(parent: Any, node: OutlineNode) -> None:
                for child in node.children:
                    item = parent.add(self._node_label(child, child.label), data=child, expand=child.level < 2)
                    add(item, child)
                    if not child.children:
                        item.allow_expand = False

            add(doc_node, root)
        if first is not None and self.current_node is None:
            self._show_section(first.data)
            self.call_after_refresh(self._initial_cursor, first)

    def _initial_cursor(self, item: Any) -> None:
        if self.current_node is item.data:  # unless a section was selected meanwhile
            self.query_one("#outline", Tree).move_cursor(item)

    def _node_label(self, node: OutlineNode, title: str) -> Any:
        # the count first: a long title is cut at the sidebar's edge, the count must stay visible
        if node.total:
            return rich_label(self.app, f"[$error]✖{node.total}[/] {escape(title)}")
        return rich_label(self.app, f"[$success]✔[/] {escape(title)}")

    def _visible_findings(self) -> list[Finding]:
        return [f for f in self.session.findings if not f.waived and self.filter.matches(f)]

    def _fill_findings(self) -> None:
        table = self.query_one("#findings", DataTable)
        table.clear()
        self._shown_findings = self._visible_findings()
        for f in self._shown_findings:
            sev = f"{SEVERITY_SYMBOL.get(f.severity, '?')} {f.severity}"
            table.add_row(sev, str(f.doc.line) if f.doc else "—", _clip(f.message, 70), f.rule or "", f.area, key=f.id)
        total = sum(1 for f in self.session.findings if not f.waived)
        line = f"{len(self._shown_findings)} of {total} finding(s) · filter: {self.filter.describe()}"
        line += "  (a area · r rule · v severity · x clear · / search)"
        self.query_one("#filter-line", Static).update(line)
        if not self._shown_findings:
            self.query_one("#finding-detail", Static).update(
                "No findings match the filter." if self.filter.active else "✔ No findings: the document matches the repository.")
            self.query_one("#evidence", OptionList).clear_options()
        else:
            self._show_finding(self._shown_findings[0])

    def _fill_pitfalls(self) -> None:
        table = self.query_one("#pitfalls", DataTable)
        table.clear()
        pitfalls = list(getattr(self.session.report, "pitfalls", []) or [])
        for p in pitfalls:
            where = f"{p.evidence[0].path}:{p.evidence[0].line}" if p.evidence else "—"
            table.add_row(f"{SEVERITY_SYMBOL.get(p.severity, '?')} {p.severity}", _clip(p.message, 70), where, p.area,
                          key=p.id)
        detail = self.query_one("#pitfall-detail", Static)
        if not pitfalls:
            detail.update("✔ No pitfalls found in the repository's own files.")
            self.query_one("#pitfall-evidence", OptionList).clear_options()
        else:
            self._show_detail(pitfalls[0], "#pitfall-detail", "#pitfall-evidence")

    # -- section view ----------------------------------------------------------------------------

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        node = event.node.data
        if isinstance(node, OutlineNode) and node is not self.current_node:
            self._show_section(node)

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        if isinstance(event.node.data, OutlineNode):
            self.query_one("#tabs", TabbedContent).active = "tab-section"

    def _show_section(self, node: OutlineNode | None) -> None:
        self.current_node = node
        title = self.query_one("#section-title", Static)
        source = self.query_one("#doc-source-text", Static)
        facts_table = self.query_one("#facts", OptionList)
        facts_table.clear_options()
        self._fact_locations = {}
        if node is None:
            title.update("Select a section in the outline.")
            source.update("")
            return
        lines = self._doc_lines.get(node.doc_path, [])
        start, end = node.line, node.end_line
        s = self.session
        mine = [f for f in s.findings if not f.waived and in_range(f, node.doc_path, start, end)]
        verified = [v for v in (getattr(s.report, "verified", []) or []) if in_range(v, node.doc_path, start, end)]
        marks: dict[int, str] = {}
        for v in verified:
            marks[v.doc.line] = "verified"
        for f in mine:
            for ln in range(f.doc.line, (f.doc.end_line or f.doc.line) + 1):
                marks[ln] = "finding"
        title.update(f"{node.label} · lines {start}-{end} · ✖ {len(mine)} finding(s) · ✔ {len(verified)} verified")
        source.update(source_lines(lines, start, end, marks))
        if self.show_rendered:
            self._render_markdown(lines, start, end, mine)
        rows: list[FactRow] = evidence_rows(mine + verified)
        areas = section_areas(mine + verified)
        if node.level == 0:
            areas = []  # the whole document: evidence only, the per-area facts are under each section
        for area in areas:
            rows.extend(area_facts(s.facts, area, limit=40))
        seen: set[tuple[str, str, str]] = set()
        for i, r in enumerate(rows):
            key = (r.what, r.value, r.location)
            if key in seen:
                continue
            seen.add(key)
            key_text = f" · values [b]{escape(r.key)}[/b]" if r.key else ""
            origin = f" · {escape(r.origin)}" if r.origin else ""
            prompt = Content.from_markup(f"{escape(_clip(r.what, 90))}: [b]{escape(_clip(r.value, 90))}[/b]\n"
                                         f"  [$accent]{escape(r.location)}[/]{key_text}[dim]{origin}[/dim]")
            facts_table.add_option(Option(prompt, id=f"fact{i}"))
            self._fact_locations[f"fact{i}"] = r.location
        self.query_one("#facts-title", Static).update(
            f"Facts this section is about ({len(seen)}): " + (", ".join(areas) if areas else "evidence of its claims")
            if seen else "No repository facts: this section makes no checkable claim.")

    def _render_markdown(self, lines: list[str], start: int, end: int, mine: list[Finding]) -> None:
        text = "\n".join(lines[start - 1:end])
        note = self.query_one("#doc-rendered-note", Static)
        marked = sorted({f.doc.line for f in mine})
        note.update(Content.from_markup(
            f"[$error]✖ findings on line(s) {', '.join(map(str, marked))}[/] (press s for the marked source)"
            if marked else "[$success]✔ no findings in this section[/]"))
        self.query_one("#doc-rendered-md", Markdown).update(text)

    def action_toggle_source(self) -> None:
        self.show_rendered = not self.show_rendered
        switch = self.query_one("#doc-switch", ContentSwitcher)
        switch.current = "doc-rendered" if self.show_rendered else "doc-source"
        node = self.current_node
        if self.show_rendered and node is not None:
            lines = self._doc_lines.get(node.doc_path, [])
            mine = [f for f in self.session.findings if not f.waived and in_range(f, node.doc_path, node.line,
                                                                                    node.end_line)]
            self._render_markdown(lines, node.line, node.end_line, mine)
        self.query_one("#tabs", TabbedContent).active = "tab-section"

    # -- findings and pitfalls -------------------------------------------------------------------

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        table_id = event.data_table.id
        key = event.row_key.value if event.row_key is not None else None
        if table_id == "findings":
            f = self._finding_by_id(key)
            if f is not None:
                self._show_finding(f)
        elif table_id == "pitfalls":
            p = next((p for p in getattr(self.session.report, "pitfalls", []) or [] if p.id == key), None)
            if p is not None:
                self._show_detail(p, "#pitfall-detail", "#pitfall-evidence")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "findings":
            self.query_one("#evidence", OptionList).focus()

    def _finding_by_id(self, key: Any) -> Finding | None:
        return next((f for f in self.session.findings if f.id == key), None)

    def _show_finding(self, f: Finding) -> None:
        self._current_finding = f
        self._show_detail(f, "#finding-detail", "#evidence")

    def _show_detail(self, f: Finding, detail_id: str, evidence_id: str) -> None:
        parts = [f"[b]{escape(f.message)}[/]", ""]
        sev = f"{SEVERITY_SYMBOL.get(f.severity, '?')} {f.severity}"
        parts.append(f"{sev} · {escape(f.rule or 'verified')} · area {escape(f.area)}")
        if f.doc:
            parts.append(f"Where: {escape(f.doc.path)}:{f.doc.line} (section {escape(f.doc.section or '—')})")
        if f.subject or f.field:
            parts.append(f"About: {escape(str(f.subject or '—'))} · {escape(str(f.field or '—'))}")
        parts.append("")
        parts.append(f"[$error]Document says:[/]   {escape(fmt_value(f.doc_value))}")
        parts.append(f"[$success]Repository has:[/] {escape(fmt_value(f.actual_value))}")
        if f.fix:
            parts.append(f"Suggested: {escape(str(f.fix))}")
        fixes = [fx for fx in self.session.fixes if f.id in fx.resolves]
        if fixes:
            parts.append(f"Fix proposed: {', '.join(escape(fx.id.split('@')[0]) for fx in fixes)} (phase 2)")
        if f.claim is not None and getattr(f.claim, "text", None):
            parts.append("")
            parts.append(f"[dim]Claim text:[/] {escape(_clip(f.claim.text, 300))}")
        self.query_one(detail_id, Static).update(Content.from_markup("\n".join(parts)))
        opts = self.query_one(evidence_id, OptionList)
        opts.clear_options()
        for i, ev in enumerate(f.evidence):
            where = f"{ev.path}:{ev.line}" if ev.line else ev.path
            opts.add_option(Option(f"{where}  {_clip(ev.note, 70)}", id=f"ev{i}"))
        if f.doc is not None:
            opts.add_option(Option(f"{f.doc.path}:{f.doc.line}  (the document)", id="doc"))
        if opts.option_count:
            opts.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "areas":
            area = (event.option.id or "area:").split(":", 1)[1]
            self.filter.area = area
            self._fill_findings()
            self.query_one("#tabs", TabbedContent).active = "tab-findings"
        elif event.option_list.id in ("evidence", "pitfall-evidence", "facts"):
            self.action_open_evidence()

    def _target_of(self, list_id: str, f: Finding | None) -> tuple[str, int, str] | None:
        if f is None:
            return None
        opts = self.query_one(list_id, OptionList)
        idx = opts.highlighted if opts.highlighted is not None else 0
        if f.evidence and idx < len(f.evidence):
            ev = f.evidence[idx]
            return ev.path, ev.line, ev.note
        if f.doc is not None:
            return f.doc.path, f.doc.line, f.message
        return None

    def action_open_evidence(self) -> None:
        from .modals import EvidenceViewer

        tab = self.query_one("#tabs", TabbedContent).active
        target: tuple[str, int, str] | None = None
        if tab == "tab-findings":
            target = self._target_of("#evidence", getattr(self, "_current_finding", None))
        elif tab == "tab-pitfalls":
            table = self.query_one("#pitfalls", DataTable)
            if table.row_count:
                key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
                p = next((p for p in getattr(self.session.report, "pitfalls", []) or [] if p.id == key), None)
                target = self._target_of("#pitfall-evidence", p)
        else:
            opts = self.query_one("#facts", OptionList)
            index = opts.highlighted if opts.highlighted is not None else (0 if opts.option_count else None)
            if index is not None:
                location = self._fact_locations.get(opts.get_option_at_index(index).id or "", "")
                path, _, line = location.rpartition(":")
                if not path or not line.isdigit():
                    path, line = location, "0"
                target = (path, int(line), "")
            elif self.current_node is not None:
                target = (self.current_node.doc_path, self.current_node.line, "")
        if target is None:
            self.notify("Nothing to open here: select a finding, a pitfall or a fact first.")
            return
        self.app.push_screen(EvidenceViewer(self.app.repo, target[0], target[1], target[2]))

    def action_goto_section(self) -> None:
        f = getattr(self, "_current_finding", None)
        if f is None or f.doc is None:
            return
        self.select_line(f.doc.path, f.doc.line)

    def select_line(self, path: str, line: int) -> bool:
        """Select the deepest outline section of `path` containing `line` and show the Section tab."""
        tree = self.query_one("#outline", Tree)
        best = None

        def walk(item: Any) -> None:
            nonlocal best
            data = item.data
            if isinstance(data, OutlineNode) and data.doc_path == path and data.line <= line <= data.end_line:
                if best is None or data.level >= best.data.level:
                    best = item
            for child in item.children:
                walk(child)

        walk(tree.root)
        if best is None:
            return False
        node = best.parent
        while node is not None:
            node.expand()
            node = node.parent
        tree.move_cursor(best)
        self._show_section(best.data)
        self.query_one("#tabs", TabbedContent).active = "tab-section"
        return True

    def select_title(self, path: str, title: str) -> bool:
        """Select the outline section of `path` whose title is `title`."""
        tree = self.query_one("#outline", Tree)
        stack = list(tree.root.children)
        while stack:
            item = stack.pop(0)
            data = item.data
            if isinstance(data, OutlineNode) and data.doc_path == path and data.level > 0 and data.title == title:
                return self.select_line(path, data.line)
            stack.extend(item.children)
        return False

    # -- filters and search ----------------------------------------------------------------------

    def _refilter(self) -> None:
        self._fill_findings()
        self.query_one("#tabs", TabbedContent).active = "tab-findings"

    def action_cycle_area(self) -> None:
        self.filter.area = cycle(AREAS, self.filter.area)
        self._refilter()

    def action_cycle_rule(self) -> None:
        present = [r for r in RULES if any(f.rule == r for f in self.session.findings)] or list(RULES)
        self.filter.rule = cycle(present, self.filter.rule)
        self._refilter()

    def action_cycle_severity(self) -> None:
        self.filter.severity = cycle(SEVERITIES, self.filter.severity)
        self._refilter()

    def action_clear_filters(self) -> None:
        self.filter = FindingFilter()
        search = self.query_one("#search", Input)
        search.value = ""
        search.display = False
        self._refilter()

    def action_search(self) -> None:
        self.query_one("#tabs", TabbedContent).active = "tab-findings"
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    def action_leave_search(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:
            search.value = ""
            search.display = False
            self.query_one("#findings", DataTable).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.filter.text = event.value.strip()
            self._fill_findings()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            if not event.value.strip():
                event.input.display = False
            self.query_one("#findings", DataTable).focus()

    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open_evidence", "goto_section", "cycle_area", "cycle_rule", "cycle_severity", "search",
                      "toggle_source", "clear_filters") and self.app.analysis_state != "done":
            return None  # shown greyed out until the analysis is done
        return True
