"""Undocumented objects next to a table that lists their peers: add a row in the table's own layout.

An undocumented-resource finding whose line falls in (or right before) a Markdown table gets a new
row after the table's last row. Cells are filled by matching the table's header words to the
object (name, kind, replicas, image, type, port, size, ...); cells it cannot fill get an em dash.
A name column keeps the table's style (backticked or not). Without a table, sections.py inserts a
generated section instead.
"""

from __future__ import annotations

import re
from typing import Any

from ...model import Facts, Finding, Fix
from ..content import _primary, replicas_text
from ..docview import DocView
from .common import claim_lines, make_fix


def handles(finding: Finding) -> bool:
    return finding.rule == "undocumented-resource" and claim_lines(finding) is not None


def _split_row(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", body)]


def _find_object(facts: Facts, name: str) -> tuple[str, Any] | None:
    for attr in ("workloads", "services", "pvcs", "configmaps", "secrets", "ingresses", "hpas", "pdbs",
                 "network_policies"):
        for item in _primary(facts, getattr(facts, attr)):
            if item.name == name:
                return attr, item
        for item in getattr(facts, attr):
            if item.name == name:
                return attr, item
    return None


def _cell(header: str, kind: str, obj: Any, name_style: str) -> str | None:
    h = header.lower()
    if any(w in h for w in ("object", "name", "workload", "service", "claim", "deployment", "configmap", "secret")) \
            and "port" not in h and "type" not in h:
        return name_style.replace("NAME", obj.name)
    if "component" in h:
        base = obj.name.rsplit("-", 1)[-1]
        return base[:1].upper() + base[1:]
    if h == "kind" or h.endswith(" kind"):
        return getattr(obj, "kind", None) or {"services": "Service", "pvcs": "PersistentVolumeClaim",
                                               "configmaps": "ConfigMap", "secrets": "Secret",
                                               "ingresses": "Ingress"}.get(kind)
    if kind == "workloads":
        if "replica" in h:
            return replicas_text(obj)
        if "image" in h:
            return ", ".join(f"`{c.image}`" for c in obj.containers) or None
        if "port" in h:
            return ", ".join(str(p.container_port) for c in obj.containers for p in c.ports) or None
        if "schedule" in h:
            return f"`{obj.schedule}`" if obj.schedule else None
    if kind == "services":
        if "type" in h:
            return obj.type
        if "node" in h:
            return ", ".join(str(p.node_port) for p in obj.ports if p.node_port) or None
        if "target" in h:
            return ", ".join(str(p.target_port) for p in obj.ports if p.target_port is not None) or None
        if "port" in h:
            return ", ".join(str(p.port) for p in obj.ports) or None
    if kind == "pvcs":
        if "size" in h or "capacity" in h:
            return obj.size
        if "class" in h:
            return obj.storage_class or "cluster default"
        if "access" in h:
            return ", ".join(obj.access_modes) or None
    if kind in ("configmaps", "secrets") and "key" in h:
        return ", ".join(f"`{k}`" for k in sorted(obj.keys)) or None
    return None


def _resource_cell(header: str, container: Any, workload: Any, rows: list[list[str]], col: int) -> str:
    req = (container.resources.get("requests") or {}) if container.resources else {}
    lim = (container.resources.get("limits") or {}) if container.resources else {}
    for resource in ("cpu", "memory"):
        if resource in header:
            source = lim if "limit" in header else req
            return str(source.get(resource) or "—")
    if any(w in header for w in ("container", "name", "component", "workload")):
        ticked = bool(rows) and all(len(r) > col and r[col].startswith("`") for r in rows)
        name = container.name if "container" in header or "component" in header else workload.name
        return f"`{name}`" if ticked else name
    return "—"


def generate(findings: list[Finding], facts: Facts, view: DocView) -> list[Fix]:
    fixes = []
    added: dict[int, list[tuple[str, Finding]]] = {}
    for f in findings:
        if not handles(f):
            continue
        line = claim_lines(f)[0]
        table = view.table_at(line) or view.table_at(line + 1) or view.table_at(line + 2)
        if table is None:
            continue
        name = next((v for v in (f.actual_value, f.subject) if isinstance(v, str) and v), None)
        if name is None:
            continue
        name = name.split("/", 1)[-1]
        found = _find_object(facts, name)
        if found is None:
            continue
        start, end = table
        while end > start and not view.line(end).strip():
            end -= 1
        headers = _split_row(view.line(start))
        rows = [_split_row(view.line(n)) for n in range(start + 2, end + 1)]
        name_col = next((i for i, h in enumerate(headers) if _cell(h, found[0], found[1], "NAME") == name), None)
        style = "NAME"
        if name_col is not None and rows and all(r[name_col].startswith("`") for r in rows if len(r) > name_col):
            style = "`NAME`"
        cells = [_cell(h, found[0], found[1], style) or "—" for h in headers]
        row = "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
        if any(_split_row(view.line(n)) == cells for n in range(start + 2, end + 1)):
            continue
        added.setdefault(end, []).append((row, f))
    # an undocumented workload also belongs in the document's resources table(s)
    for f in findings:
        if not handles(f):
            continue
        name = next((v for v in (f.actual_value, f.subject) if isinstance(v, str) and v), None)
        found = _find_object(facts, name.split("/", 1)[-1]) if name else None
        if found is None or found[0] != "workloads":
            continue
        for start, end in view.tables:
            headers = [h.lower() for h in _split_row(view.line(start))]
            if not any("cpu" in h for h in headers) or not any("memory" in h for h in headers):
                continue
            while end > start and not view.line(end).strip():
                end -= 1
            rows = [_split_row(view.line(n)) for n in range(start + 2, end + 1)]
            for c in found[1].containers:
                cells = [_resource_cell(h, c, found[1], rows, i) for i, h in enumerate(headers)]
                if any(r and r[0].strip("` ") == c.name for r in rows):
                    continue  # already listed (same container name)
                added.setdefault(end, []).append(("| " + " | ".join(cells) + " |", f))
    for end, items in sorted(added.items()):
        text = "".join(r + "\n" for r, _ in items)
        fixes.append(make_fix(view, "insert-section", end + 1, end, text,
                              "add the undocumented " + ", ".join(
                                  str(f.actual_value or f.subject) for _, f in items) + " to the table",
                              [f.id for _, f in items]))
    return fixes
