"""What the app shows, computed from the engine's results: no textual import, no analysis logic.

- `Decisions`: the user's accept/reject/edit choices with an undo stack (groups decided together).
- `AREA_STATUS`: symbol + word for each coverage status.
- `outline(document, findings)`: the headings tree with finding counts per section.
- `facts_for_section(...)`: the real objects and fields a section is about, with file:line and values key.
- `FindingFilter`: area / rule / severity / free-text filtering of findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from ..model import AREAS, Facts, Finding, Fix

AREA_STATUS: dict[str, tuple[str, str]] = {
    "ok": ("✔", "verified"),
    "drift": ("✖", "drift"),
    "missing": ("?", "missing"),
    "n/a": ("–", "n/a"),
}
CHECK_STATUS: dict[str, tuple[str, str]] = {"pass": ("✔", "pass"), "fail": ("✖", "FAIL"), "skip": ("–", "skip")}
DECISION_LABEL: dict[str, tuple[str, str]] = {
    "accept": ("✔", "accepted"),
    "reject": ("✖", "rejected"),
    "edit": ("✎", "edited"),
    "pending": ("•", "pending"),
}
SEVERITY_SYMBOL = {"error": "✖", "warning": "!", "info": "i"}


def decision_kind(decision: Any) -> str:
    """'accept', 'reject', 'edit' or 'pending' for an engine decision value (or None)."""
    if decision is None:
        return "pending"
    if isinstance(decision, (tuple, list)) and decision and decision[0] == "edit":
        return "edit"
    return str(decision)


class Decisions:
    """Accept/reject/edit decisions per fix id, with undo. A fix's group is decided as one step."""

    def __init__(self, fixes: Sequence[Fix] = ()) -> None:
        self.fixes: list[Fix] = list(fixes)
        self.values: dict[str, Any] = {}
        self._undo: list[dict[str, Any]] = []

    def reset(self, fixes: Sequence[Fix]) -> None:
        self.fixes = list(fixes)
        self.values.clear()
        self._undo.clear()

    def members(self, fix_id: str) -> list[str]:
        """The fix and every other fix of its group (decided together)."""
        fix = next((f for f in self.fixes if f.id == fix_id), None)
        if fix is None:
            return []
        if not fix.group:
            return [fix.id]
        return [f.id for f in self.fixes if f.group == fix.group]

    def get(self, fix_id: str) -> Any:
        return self.values.get(fix_id)

    def kind(self, fix_id: str) -> str:
        return decision_kind(self.values.get(fix_id))

    def decide(self, fix_ids: Iterable[str], decision: Any) -> bool:
        """Set `decision` for the fixes (and their groups) as one undoable step. False if nothing changed."""
        targets: list[str] = []
        for fid in fix_ids:
            for member in self.members(fid):
                if member not in targets:
                    targets.append(member)
        if isinstance(decision, (tuple, list)) and decision and decision[0] == "edit":
            # an edit applies to the fix itself; its group members are accepted with it
            primary = list(fix_ids)[:1]
            new = {t: (tuple(decision) if t in primary else "accept") for t in targets}
        else:
            new = {t: decision for t in targets}
        before = {t: self.values.get(t) for t in targets}
        if before == new:
            return False
        self._undo.append(before)
        for t, value in new.items():
            if value is None:
                self.values.pop(t, None)
            else:
                self.values[t] = value
        return True

    def undo(self) -> list[str] | None:
        """Revert the last step; returns the fix ids it touched, or None when there is nothing to undo."""
        if not self._undo:
            return None
        before = self._undo.pop()
        for t, value in before.items():
            if value is None:
                self.values.pop(t, None)
            else:
                self.values[t] = value
        return list(before)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def counts(self) -> dict[str, int]:
        out = {"accepted": 0, "rejected": 0, "pending": 0, "edited": 0}
        for f in self.fixes:
            k = self.kind(f.id)
            if k == "accept":
                out["accepted"] += 1
            elif k == "edit":
                out["accepted"] += 1
                out["edited"] += 1
            elif k == "reject":
                out["rejected"] += 1
            else:
                out["pending"] += 1
        return out

    def mapping(self) -> dict[str, Any]:
        """The decisions in the form `Session.preview/apply/resolve` take."""
        return dict(self.values)

    @property
    def any_decided(self) -> bool:
        return bool(self.values)

    @property
    def any_accepted(self) -> bool:
        return any(self.kind(f) in ("accept", "edit") for f in self.values)


# ---------------------------------------------------------------------------------------------
# Document outline
# ---------------------------------------------------------------------------------------------


@dataclass
class OutlineNode:
    """One heading of a document: line range, finding counts (own body and whole subtree), children."""

    title: str
    level: int
    line: int
    end_line: int
    doc_path: str
    own: int = 0
    total: int = 0
    children: list["OutlineNode"] = field(default_factory=list)
    index: int = -1

    @property
    def label(self) -> str:
        return self.title or "(untitled)"


def _sections(document: Any) -> list[Any]:
    return list(getattr(document, "sections", None) or [])


def outline(document: Any, findings: Sequence[Finding]) -> OutlineNode:
    """The document's heading tree (root = whole document) with active finding counts per section."""
    path = str(getattr(document, "path", ""))
    lines = list(getattr(document, "lines", None) or str(getattr(document, "text", "")).splitlines())
    root = OutlineNode(title=path, level=0, line=1, end_line=max(1, len(lines)), doc_path=path)
    mine = [f for f in findings if f.doc is not None and f.doc.path == path and not f.waived]
    nodes: dict[int, OutlineNode] = {}
    for sec in _sections(document):
        node = OutlineNode(title=str(sec.title), level=int(sec.level), line=int(sec.line), end_line=int(sec.end_line),
                           doc_path=path, index=int(sec.index))
        nodes[sec.index] = node
        parent = nodes.get(sec.parent) if sec.parent is not None else None
        (parent or root).children.append(node)

    def deepest(line: int) -> OutlineNode:
        best = root
        for node in nodes.values():
            if node.line <= line <= node.end_line and node.level >= best.level:
                best = node
        return best

    for f in mine:
        deepest(f.doc.line).own += 1  # type: ignore[union-attr]

    def total(node: OutlineNode) -> int:
        node.total = node.own + sum(total(c) for c in node.children)
        return node.total

    total(root)
    return root


def in_range(f: Finding, path: str, start: int, end: int) -> bool:
    return f.doc is not None and f.doc.path == path and start <= f.doc.line <= end


# ---------------------------------------------------------------------------------------------
# Facts beside a section
# ---------------------------------------------------------------------------------------------


@dataclass
class FactRow:
    """One real fact shown beside a section: `what` (object/field), `value`, where it is defined."""

    area: str
    what: str
    value: str
    location: str  # path:line
    key: str = ""  # chart values key (with its values.yaml line) when the value comes from values
    origin: str = ""


def _loc(path: str, line: int) -> str:
    return f"{path}:{line}" if line else path


def _prov(obj: Any, fld: str) -> str:
    prov = getattr(obj, "provenance", None) or {}
    probe = fld
    while probe:
        ref = prov.get(probe)
        if ref is not None:
            return f"{ref.key} ({_loc(ref.location.path, ref.location.line)})"
        probe = probe.rpartition(".")[0]
    return ""


def _field_loc(obj: Any, fld: str, fallback: Any) -> str:
    if obj is not None:
        loc = obj.location_of(fld)
        return _loc(loc.path, loc.line)
    return _loc(fallback.path, fallback.line)


def _short_origin(origin: str) -> str:
    return origin.replace("overlay ", "").replace("kustomize ", "").replace("chart ", "chart:")


def _container_path(workload: Any, idx: int, init: bool) -> str:
    kind = getattr(workload, "kind", "")
    base = "spec.template.spec"
    if kind == "CronJob":
        base = "spec.jobTemplate.spec.template.spec"
    elif kind == "Pod":
        base = "spec"
    return f"{base}.{'initContainers' if init else 'containers'}[{idx}]"


def _probe_text(probe: dict[str, Any] | None) -> str:
    if not probe:
        return ""
    for kind in ("httpGet", "tcpSocket", "exec", "grpc"):
        if kind in probe:
            spec = probe[kind] or {}
            if kind == "httpGet":
                target = f"{spec.get('path', '/')} on {spec.get('port', '?')}"
            elif kind == "tcpSocket":
                target = f"port {spec.get('port', '?')}"
            elif kind == "exec":
                target = " ".join(str(x) for x in (spec.get("command") or []))[:40]
            else:
                target = f"port {spec.get('port', '?')}"
            extra = [f"{k}={probe[k]}" for k in ("initialDelaySeconds", "periodSeconds", "failureThreshold") if k in probe]
            return f"{kind} {target}" + (f" ({', '.join(extra)})" if extra else "")
    return "set"


def area_facts(facts: Facts | None, area: str, limit: int = 60) -> list[FactRow]:
    """Facts of one area, most specific first; at most `limit` rows."""
    if facts is None:
        return []
    rows: list[FactRow] = []
    add = rows.append
    if area in ("workloads", "resources", "probes"):
        for w in facts.workloads:
            obj = w.obj
            origin = _short_origin(w.origin)
            if area == "workloads":
                value = f"replicas {w.replicas if w.replicas is not None else '—'}"
                if w.schedule:
                    value = f"schedule {w.schedule}"
                add(FactRow(area, f"{w.kind}/{w.name}", value, _field_loc(obj, "spec.replicas", w.source),
                            _prov(obj, "spec.replicas"), origin))
                for i, c in enumerate(w.containers):
                    fld = f"{_container_path(w, i, False)}.image"
                    add(FactRow(area, f"  {c.name} image", c.image, _field_loc(obj, fld, w.source), _prov(obj, fld), origin))
            elif area == "resources":
                for i, c in enumerate(w.containers):
                    fld = f"{_container_path(w, i, False)}.resources"
                    req = c.resources.get("requests", {}) if c.resources else {}
                    lim = c.resources.get("limits", {}) if c.resources else {}
                    value = (f"req {req.get('cpu', '—')}/{req.get('memory', '—')} "
                             f"lim {lim.get('cpu', '—')}/{lim.get('memory', '—')}")
                    add(FactRow(area, f"{w.name}/{c.name}", value, _field_loc(obj, fld, w.source), _prov(obj, fld), origin))
            else:
                for i, c in enumerate(w.containers):
                    for name, probe in (("liveness", c.liveness_probe), ("readiness", c.readiness_probe),
                                        ("startup", c.startup_probe)):
                        if probe:
                            fld = f"{_container_path(w, i, False)}.{name}Probe"
                            add(FactRow(area, f"{w.name}/{c.name} {name}", _probe_text(probe),
                                        _field_loc(obj, fld, w.source), _prov(obj, fld), origin))
    elif area == "exposure":
        for s in facts.services:
            ports = ", ".join(
                f"{p.port}->{p.target_port if p.target_port is not None else p.port}"
                + (f" node {p.node_port}" if p.node_port else "") for p in s.ports)
            add(FactRow(area, f"Service/{s.name}", f"{s.type} {ports}", _field_loc(s.obj, "spec.ports", s.source),
                        _prov(s.obj, "spec.type"), _short_origin(s.origin)))
        for ing in facts.ingresses:
            add(FactRow(area, f"Ingress/{ing.name}", f"class {ing.class_name or '—'} hosts {', '.join(ing.hosts) or '—'}",
                        _field_loc(ing.obj, "spec.rules", ing.source), "", _short_origin(ing.origin)))
    elif area == "storage":
        for p in facts.pvcs:
            what = f"PVC {p.name}" + (f" ({p.owner})" if p.owner else "")
            add(FactRow(area, what, f"{p.size or '—'} {p.storage_class or 'default class'} {','.join(p.access_modes)}",
                        _loc(p.source.path, p.source.line), "", _short_origin(p.origin)))
    elif area == "config":
        for c in list(facts.configmaps) + list(facts.secrets):
            add(FactRow(area, f"{c.kind}/{c.name}", "keys: " + (", ".join(c.keys) or "—"),
                        _loc(c.source.path, c.source.line), "", _short_origin(c.origin)))
    elif area == "autoscaling":
        for h in facts.hpas:
            metrics = ", ".join(f"{m.get('name', m.get('type', '?'))} {m.get('value', '')}".strip() for m in h.metrics)
            add(FactRow(area, f"HPA/{h.name}", f"{h.target_kind}/{h.target_name} {h.min_replicas}-{h.max_replicas} {metrics}",
                        _field_loc(h.obj, "spec.minReplicas", h.source), _prov(h.obj, "spec.maxReplicas"),
                        _short_origin(h.origin)))
        for p in facts.pdbs:
            value = f"minAvailable {p.min_available}" if p.min_available is not None else f"maxUnavailable {p.max_unavailable}"
            add(FactRow(area, f"PDB/{p.name}", value, _loc(p.source.path, p.source.line), "", _short_origin(p.origin)))
    elif area == "networking":
        for n in facts.network_policies:
            sel = ",".join(f"{k}={v}" for k, v in n.pod_selector.items()) or "all pods"
            add(FactRow(area, f"NetworkPolicy/{n.name}", f"{sel} {'/'.join(n.policy_types)}",
                        _loc(n.source.path, n.source.line), "", _short_origin(n.origin)))
    elif area in ("helm", "structure"):
        for ch in facts.charts:
            add(FactRow(area, f"chart {ch.name}", f"version {ch.version} appVersion {ch.app_version}",
                        _loc(ch.source.path, ch.source.line)))
        for h in facts.helm_invocations:
            add(FactRow(area, f"helm {h.action} {h.release or ''}".strip(),
                        " ".join([h.chart] + [f"-f {v}" for v in h.values_files] + [f"--set {v}" for v in h.set_values]),
                        _loc(h.found_at.path, h.found_at.line)))
        if area == "structure":
            for o in facts.overlays:
                add(FactRow(area, f"kustomize {o.path}", f"namespace {o.namespace or '—'}",
                            _loc(o.source.path, o.source.line)))
    elif area == "minikube":
        for c in facts.commands:
            if c.tool == "minikube":
                add(FactRow(area, c.context or "command", c.text, _loc(c.source.path, c.source.line)))
        for h in facts.hosts_entries:
            add(FactRow(area, "/etc/hosts", f"{h.hostname} {h.ip or ''}".strip(), _loc(h.source.path, h.source.line)))
    elif area == "automation":
        for t in facts.make_targets:
            add(FactRow(area, f"make {t.name}", t.help or (t.commands[0] if t.commands else ""),
                        _loc(t.source.path, t.source.line)))
        for wf in facts.workflows:
            add(FactRow(area, f"workflow {wf.name or wf.path}", "on " + ", ".join(wf.triggers),
                        _loc(wf.source.path, wf.source.line)))
    elif area == "monitoring":
        for obj in facts.objects:
            if obj.kind in ("ServiceMonitor", "PodMonitor", "PrometheusRule"):
                add(FactRow(area, obj.ref, obj.api_version, _loc(obj.source.path, obj.source.line), "",
                            _short_origin(obj.origin)))
        for w in facts.workloads:
            scrape = {k: v for k, v in (w.pod_annotations or {}).items() if k.startswith("prometheus.io/")}
            if scrape:
                add(FactRow(area, f"{w.kind}/{w.name}", ", ".join(f"{k}={v}" for k, v in scrape.items()),
                            _loc(w.source.path, w.source.line), "", _short_origin(w.origin)))
    return _dedupe_rows(rows)[:limit]


def _dedupe_rows(rows: list[FactRow]) -> list[FactRow]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for r in rows:
        key = (r.what, r.value, r.location)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def section_areas(findings: Iterable[Finding], claims: Iterable[Any] = ()) -> list[str]:
    """The areas a section talks about, in the canonical area order."""
    seen = {f.area for f in findings if f.area} | {getattr(c, "area", None) for c in claims}
    return [a for a in AREAS if a in seen]


def evidence_rows(findings: Iterable[Finding]) -> list[FactRow]:
    """Every evidence entry of the given findings/verified claims as FactRows (deduplicated)."""
    rows = []
    for f in findings:
        for ev in f.evidence:
            actual = f.actual_value if f.actual_value is not None else ""
            rows.append(FactRow(f.area, ev.note or (f.subject or f.field or ""), _fmt(actual),
                                _loc(ev.path, ev.line)))
    return _dedupe_rows(rows)


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(_fmt(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_fmt(v)}" for k, v in value.items())
    return str(value)


fmt_value = _fmt


# ---------------------------------------------------------------------------------------------
# Filtering
# ---------------------------------------------------------------------------------------------


@dataclass
class FindingFilter:
    """Which findings the list shows. Empty fields match everything; `text` matches case-insensitively."""

    area: str = ""
    rule: str = ""
    severity: str = ""
    text: str = ""

    def matches(self, f: Finding) -> bool:
        if self.area and f.area != self.area:
            return False
        if self.rule and (f.rule or "") != self.rule:
            return False
        if self.severity and f.severity != self.severity:
            return False
        if self.text:
            hay = " ".join(str(x) for x in (f.message, f.subject, f.field, f.doc_value, f.actual_value, f.rule,
                                            f.doc.section if f.doc else "")).lower()
            if self.text.lower() not in hay:
                return False
        return True

    def describe(self) -> str:
        parts = [f"{k}={v}" for k, v in (("area", self.area), ("rule", self.rule), ("severity", self.severity),
                                         ("search", self.text)) if v]
        return " ".join(parts) if parts else "all findings"

    @property
    def active(self) -> bool:
        return bool(self.area or self.rule or self.severity or self.text)


def cycle(options: Sequence[str], current: str) -> str:
    """The next option after `current` in ['', *options] (wraps to '' = all)."""
    seq = [""] + list(options)
    try:
        return seq[(seq.index(current) + 1) % len(seq)]
    except ValueError:
        return ""


def fixes_by_section(fixes: Sequence[Fix]) -> list[tuple[str, str, list[Fix]]]:
    """[(doc_path, section, fixes)] in document order."""
    groups: dict[tuple[str, str], list[Fix]] = {}
    for fx in fixes:
        groups.setdefault((fx.doc_path, fx.section or "(document)"), []).append(fx)
    return [(doc, sec, items) for (doc, sec), items in groups.items()]


def resolved_findings(fix: Fix, findings: Mapping[str, Finding]) -> list[Finding]:
    return [findings[r] for r in fix.resolves if r in findings]
