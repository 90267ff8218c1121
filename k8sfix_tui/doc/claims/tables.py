"""Claims in Markdown tables.

Columns map to fields by their header words (Component/Service/Name -> subject, Replicas, Image,
Port, NodePort, Type, CPU request/limit, Memory, Storage/Size, Access mode, Storage class,
Probe/Path, Env var/Source, Key...). Three table shapes are understood:

- entity tables: one row per component, one column per field;
- key/value tables: `| Setting | Value |` rows such as `| Replicas | 3 |` (subject from the section);
- transposed tables: `| | API | Worker |` with one row per field;
- Helm values tables: `| Parameter | Description | Default |` -> values-key (extra.value = default).

Merged units are split: "250m / 500m" -> cpu-request + cpu-limit, "512Mi–1Gi" -> memory request +
limit, "80:30080" in a Port column of a NodePort row -> service-port + node-port.
"""

from __future__ import annotations

import re
from typing import Any

from ...model import Claim
from ..markdown import Cell, Document, Row, Table, cell_plain
from .bash_blocks import command_claims_from_text
from .common import (
    ACCESS_MODES,
    SERVICE_TYPES,
    canonical_kind,
    heading_area,
    in_history,
    is_cpu,
    header_field,
    is_memory,
    label_environment,
    label_field,
    looks_like_path,
    new_claim,
    section_subject,
    section_titles,
)
from .prose import scan, subject_of

_I = re.IGNORECASE
_QTY = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?\s?(?:m|[KMGTPE]i|[KMGTPE]B|[KMGTPE]iB|[KMGTPE])?)(?![\w.%])")
_INT = re.compile(r"(?<![\w.])(\d{1,6})(?![\w.])")
_PCT = re.compile(r"(?<![\w.])(\d{1,4}%?)(?![\w.])")
_TOKEN = re.compile(r"[^\s`*,;()]+")
_PATHLIKE = re.compile(r"(/[\w\-./{}]*)")
_HOST = re.compile(r"((?:\*\.)?(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+[a-z]{2,12})", _I)
_ENV = re.compile(r"\b([A-Z][A-Z0-9_]{1,})\b")
_EMPTY = {"", "-", "–", "—", "n/a", "na", "none", "tbd", "?", "—", "no", "yes", "x", "✓", "✗", "default", "same",
          "cluster default", "(default)", "default class", "unset", "not set", "inherited", "auto", "n.a."}
_KV_HEADERS = {"setting", "field", "property", "parameter", "key", "item", "attribute", "option", "name", "what",
               "aspect", "resource", "value", "values", ""}
_PROBE_KINDS = ("liveness", "readiness", "startup")


def _span(cell: Cell, value: str, start_in_raw: int = 0) -> tuple[int, int] | None:
    pos = cell.raw.find(value, start_in_raw)
    if pos < 0:
        pos = cell.raw.find(value)
    if pos < 0:
        return None
    return cell.start + pos, cell.start + pos + len(value)


class _RowCtx:
    def __init__(self, doc: Document, table: Table, row: Row, subject: str | None, fields: list[str | None],
                 area_hint: str | None) -> None:
        self.doc = doc
        self.table = table
        self.row = row
        self.subject = subject
        self.fields = fields
        self.area_hint = area_hint
        self.claims: list[Claim] = []
        texts = " ".join(c.text for c in row.cells)
        self.row_text = texts
        self.probe_kinds = [k for k in _PROBE_KINDS if re.search(rf"\b{k}\b", texts, _I)]
        self.is_nodeport = bool(re.search(r"\bnode\s*port\b", texts, _I))

    def add(self, field: str, value: Any, cell: Cell, token: str | None = None, extra: dict[str, Any] | None = None,
            at: int = 0, subject: str | None = None) -> None:
        span = _span(cell, token if token is not None else str(value), at)
        ex = {"header": extra.pop("_header") if extra and "_header" in extra else None}
        ex.update(extra or {})
        if ex.get("header") is None:
            ex.pop("header")
        else:
            env = label_environment(str(ex["header"]))
            if env and header_field(str(ex["header"])):
                ex.setdefault("overlay", env)
        self.claims.append(new_claim(self.doc, self.row.line, "table", field, value, span=span,
                                     subject=subject if subject is not None else self.subject, extra=ex))


def _quantities(raw: str) -> list[tuple[str, int]]:
    return [(m.group(1), m.start(1)) for m in _QTY.finditer(raw)]


def _cell_claims(ctx: _RowCtx, field: str, cell: Cell, header: str) -> None:
    raw = cell.raw
    text = cell.text.strip()
    if text.lower() in _EMPTY:
        return
    hx = {"_header": header}
    if field in ("replicas", "hpa-min", "hpa-max", "pdb-min-available", "pdb-max-unavailable",
                 "hpa-cpu-target", "hpa-memory-target"):
        rng = re.search(r"(?<![\w.])(\d{1,4})\s*(?:-|–|—|to|\.\.)\s*(\d{1,4})(?![\w.])", raw)
        if field == "replicas" and rng:
            ctx.add("hpa-min", rng.group(1), cell, extra=dict(hx), at=rng.start(1))
            ctx.add("hpa-max", rng.group(2), cell, extra=dict(hx), at=rng.start(2))
            return
        rx = _PCT if field.startswith("pdb") else _INT
        m = rx.search(raw) if field.startswith("pdb") else re.search(r"(?<![\w.])(\d{1,6})(?![\w.])", raw)
        if m:
            ctx.add(field, m.group(1), cell, extra=dict(hx), at=m.start(1))
        return
    if field in ("cpu", "memory", "requests", "limits", "resources", "cpu-request", "cpu-limit", "memory-request",
                 "memory-limit"):
        _resource_cell(ctx, field, cell, header)
        return
    if field in ("node-port", "target-port", "service-port", "container-port", "port"):
        _port_cell(ctx, field, cell, header)
        return
    if field == "type":
        word = re.sub(r"[`*]", "", text).strip()
        key = word.lower().replace(" ", "")
        if key in SERVICE_TYPES:
            ctx.add("service-type", SERVICE_TYPES[key], cell, word, {**hx, "written": word})
        elif canonical_kind(key):
            ctx.add("kind", canonical_kind(key), cell, word, {**hx, "written": word})
        return
    if field == "service-type":
        m = re.search(r"ClusterIP|NodePort|LoadBalancer|ExternalName|Headless", raw, _I)
        if m:
            ctx.add("service-type", SERVICE_TYPES[m.group(0).lower()], cell, m.group(0), {**hx, "written": m.group(0)}, at=m.start())
        return
    if field == "kind":
        m = re.search(r"Deployment|StatefulSet|DaemonSet|CronJob|Job|ReplicaSet|Pod", raw, _I)
        if m:
            ctx.add("kind", canonical_kind(m.group(0)), cell, m.group(0), {**hx, "written": m.group(0)}, at=m.start())
        return
    if field == "access-mode":
        for m in re.finditer(r"ReadWriteOncePod|ReadWriteOnce|ReadOnlyMany|ReadWriteMany|RWOP|RWO|RWX|ROX", raw, _I):
            ctx.add("access-mode", ACCESS_MODES[m.group(0).lower()], cell, m.group(0), {**hx, "written": m.group(0)}, at=m.start())
        return
    if field == "storage-size":
        for q, pos in _quantities(raw):
            if is_memory(q):
                ctx.add("storage-size", q, cell, extra=dict(hx), at=pos)
                return
        return
    if field == "probe-kind":
        return
    if field == "probe-type":
        m = re.search(r"httpGet|tcpSocket|exec|grpc|https?|tcp", raw, _I)
        if m:
            w = m.group(0).lower()
            typ = "httpGet" if w.startswith("http") else "tcpSocket" if w.startswith("tcp") else "grpc" if w == "grpc" else "exec"
            for k in ctx.probe_kinds or ["liveness", "readiness"]:
                ctx.add(f"probe.{k}.type", typ, cell, m.group(0), {**hx, "written": m.group(0)}, at=m.start())
        return
    if field.startswith("probe"):
        _probe_cell(ctx, field, cell, header)
        return
    if field == "ingress-host":
        for m in _HOST.finditer(raw):
            host = m.group(1)
            if not host.lower().endswith((".yaml", ".yml", ".sh", ".md")):
                ctx.add("hosts-entry" if re.search(r"/etc/hosts|hosts\s+file", ctx.row_text, _I) else "ingress-host",
                        host, cell, extra=dict(hx), at=m.start(1))
        return
    if field == "ingress-path":
        m = _PATHLIKE.search(raw)
        if m:
            ctx.add("ingress-path", m.group(1), cell, extra=dict(hx), at=m.start(1))
        return
    if field == "env":
        for m in _ENV.finditer(raw):
            ctx.add("env", m.group(1), cell, extra=dict(hx), at=m.start(1))
        return
    if field in ("source", "configmap", "secret"):
        _source_cell(ctx, field, cell, header)
        return
    if field == "key":
        src = _row_source(ctx)
        tok = _first_token(raw)
        if tok and src:
            kind, name = src
            fld = "secret-key" if kind == "secret" else "configmap-key"
            ctx.add(fld, tok[0], cell, extra={**hx, kind if kind == "secret" else "configmap": name}, at=tok[1])
        return
    if field in ("make-target", "command"):
        code = re.findall(r"`([^`]+)`", raw) or [text]
        for c in code:
            if re.match(r"^(?:make|kubectl|helm|minikube|kustomize|\./|bash\s|sh\s)", c):
                col = _span(cell, c)
                ctx.claims.extend(command_claims_from_text(ctx.doc, ctx.row.line, c, col[0] if col else None,
                                                           form="table", subject=ctx.subject))
            elif field == "make-target" and re.fullmatch(r"[\w\-./]+", c):
                ctx.add("make-target", c, cell, extra=dict(hx))
        return
    if field in ("path", "script", "workflow"):
        for tok, pos in _tokens(raw):
            kind = looks_like_path(tok)
            if kind:
                fld = "script" if tok.endswith(".sh") else "workflow" if tok.startswith(".github/workflows") else "path"
                ctx.add(fld, tok, cell, extra={**hx, "kind": "dir" if kind.startswith("dir") else "file"}, at=pos)
        return
    if field == "values-key":
        tok = _first_token(raw)
        if tok and re.fullmatch(r"[\w\-]+(?:\.[\w\-]+|\[\d+\])*", tok[0]):
            ctx.add("values-key", tok[0].removeprefix(".Values."), cell, tok[0], extra=dict(hx), at=tok[1])
        return
    if field == "minikube-addon":
        for tok, pos in _tokens(raw):
            if re.fullmatch(r"[a-z][\w\-]+", tok):
                ctx.add("minikube-addon", tok, cell, extra=dict(hx), at=pos)
        return
    if field in ("image",):
        tok = _first_token(raw)
        if tok and re.fullmatch(r"[\w.\-/:@]+", tok[0]) and not tok[0].startswith("/") and (
                re.search(r"[:/]", tok[0]) or "`" in raw):
            ctx.add("image", tok[0], cell, extra=dict(hx), at=tok[1])
        return
    if field == "schedule":
        m = re.search(r"`([^`]+)`", raw)
        val = m.group(1) if m else text
        ctx.add("schedule", val, cell, extra=dict(hx))
        return
    if field == "strategy":
        m = re.search(r"RollingUpdate|Recreate|rolling[\s\-]update", raw, _I)
        if m:
            val = "Recreate" if m.group(0).lower() == "recreate" else "RollingUpdate"
            ctx.add("strategy", val, cell, m.group(0), {**hx, "written": m.group(0)}, at=m.start())
        return
    if field == "chart-version" and not re.search(r"chart|helm", header + " " + " ".join(ctx.table.headers), _I):
        tok = _first_token(raw)
        if tok and re.fullmatch(r"v?\d[\w.\-+]*", tok[0]):
            ctx.add("image-tag", tok[0], cell, extra=dict(hx), at=tok[1])
        return
    # simple single-token fields
    if re.search(r"\bdefault\b", text, _I) and field in ("storage-class", "ingress-class", "namespace"):
        return
    tok = _first_token(raw)
    if tok:
        ctx.add(field, tok[0], cell, extra=dict(hx), at=tok[1])


def _tokens(raw: str) -> list[tuple[str, int]]:
    ticks = [(m.group(1), m.start(1)) for m in re.finditer(r"`([^`]+)`", raw)]
    if ticks:
        return ticks
    return [(m.group(0), m.start()) for m in _TOKEN.finditer(raw)]


def _first_token(raw: str) -> tuple[str, int] | None:
    toks = _tokens(raw)
    for tok, pos in toks:
        if tok.lower() not in _EMPTY:
            return tok.strip(), pos
    return None


def _resource_cell(ctx: _RowCtx, field: str, cell: Cell, header: str) -> None:
    raw = cell.raw
    qs = [(q, p) for q, p in _quantities(raw) if q.strip()]
    if not qs:
        return
    hx = {"_header": header}
    if field in ("cpu-request", "cpu-limit", "memory-request", "memory-limit"):
        kind = field.split("-")[0]
        good = [(q, p) for q, p in qs if (is_cpu(q) if kind == "cpu" else is_memory(q))]
        if good:
            ctx.add(field, good[0][0], cell, extra=dict(hx), at=good[0][1])
        return
    if field in ("cpu", "memory"):
        good = [(q, p) for q, p in qs if (is_cpu(q) if field == "cpu" else is_memory(q))]
        h = header.lower()
        if len(good) >= 2:
            ctx.add(f"{field}-request", good[0][0], cell, extra={**hx, "pair": True}, at=good[0][1])
            ctx.add(f"{field}-limit", good[1][0], cell, extra={**hx, "pair": True}, at=good[1][1])
        elif good:
            which = "limit" if "lim" in h and "req" not in h else "request"
            if re.search(r"\blimit", raw, _I) and not re.search(r"\brequest", raw, _I):
                which = "limit"
            sure = ("req" in h) != ("lim" in h)
            ctx.add(f"{field}-{which}", good[0][0], cell, extra={**hx, **({} if sure else {"ambiguous": True})},
                    at=good[0][1])
        return
    # requests / limits / resources columns hold both CPU and memory
    cpu = [(q, p) for q, p in qs if is_cpu(q) and (q.endswith("m") or re.search(r"cpu|core", raw[p:p + 12], _I))]
    mem = [(q, p) for q, p in qs if is_memory(q)]
    if field in ("requests", "limits"):
        which = "request" if field == "requests" else "limit"
        if cpu:
            ctx.add(f"cpu-{which}", cpu[0][0], cell, extra=dict(hx), at=cpu[0][1])
        if mem:
            ctx.add(f"memory-{which}", mem[0][0], cell, extra=dict(hx), at=mem[0][1])
        return
    for items, kind in ((cpu, "cpu"), (mem, "memory")):
        for i, (q, p) in enumerate(items[:2]):
            before = raw[:p].lower()
            which = "limit" if ("lim" in before.rsplit("req", 1)[-1]) else ("request" if i == 0 else "limit")
            ctx.add(f"{kind}-{which}", q, cell, extra=dict(hx), at=p)


def _port_cell(ctx: _RowCtx, field: str, cell: Cell, header: str) -> None:
    raw = cell.raw
    hx = {"_header": header}
    if field == "port":
        headers = " ".join(ctx.table.headers).lower()
        if re.search(r"node\s*port|\btype\b|service|svc|expos", headers) or ctx.area_hint == "exposure":
            field = "service-port"
        else:
            field = "container-port"
    pair = re.search(r"(?<![\w.])(\d{2,5})\s*(?::|→|->|=>|/)\s*(\d{2,5})(?![\w.])", raw)
    if pair and field == "service-port":
        second = "node-port" if ctx.is_nodeport or int(pair.group(2)) >= 30000 else "target-port"
        ctx.add("service-port", pair.group(1), cell, extra=dict(hx), at=pair.start(1))
        ctx.add(second, pair.group(2), cell, extra=dict(hx), at=pair.start(2))
        return
    for m in re.finditer(r"(?<![\w.])(\d{2,5})(?![\w.])", raw):
        ctx.add(field, m.group(1), cell, extra=dict(hx), at=m.start(1))


def _probe_cell(ctx: _RowCtx, field: str, cell: Cell, header: str) -> None:
    raw = cell.raw
    hx = {"_header": header}
    if field.startswith("probe."):
        kinds = [field.split(".")[1]]
        attr = field.split(".")[2]
    else:
        attr = field.split("-", 1)[1] if "-" in field else "path"
        kinds = [k for k in _PROBE_KINDS if re.search(rf"\b{k}\b", raw, _I)] or ctx.probe_kinds
    ambiguous = False
    if not kinds:
        titles = " ".join(section_titles(ctx.doc, ctx.row.line)).lower()
        kinds = [k for k in _PROBE_KINDS if k in titles] or ["liveness", "readiness"]
        ambiguous = not any(k in titles for k in _PROBE_KINDS)
    extra = {**hx, **({"ambiguous_probe": True} if ambiguous else {})}
    if attr == "path":
        # "`/healthz` (liveness), `/ready` (readiness)": pair each path with the kind written after it
        paths = [(m.group(1), m.start(1)) for m in _PATHLIKE.finditer(raw) if len(m.group(1)) > 1 or "`/`" in raw]
        named = [(p, pos, re.search(r"\b(liveness|readiness|startup)\b", raw[pos:pos + 40], _I)) for p, pos in paths]
        if len(paths) > 1 and all(n for _, _, n in named):
            for p, pos, n in named:
                ctx.add(f"probe.{n.group(1).lower()}.path", p, cell, extra=dict(hx), at=pos)
            return
        for p, pos in paths[:1]:
            for k in kinds:
                ctx.add(f"probe.{k}.path", p, cell, extra=dict(extra), at=pos)
        port = re.search(r"(?::|\bport\s*`?)(\d{2,5})\b|\bon\s+(?:port\s+)?`?([a-z][\w\-]{0,14})`?\s*$", raw, _I)
        if port:
            g = 1 if port.group(1) else 2
            for k in kinds:
                ctx.add(f"probe.{k}.port", port.group(g), cell, extra=dict(extra), at=port.start(g))
        if not paths:
            cmd = re.fullmatch(r"\s*`([^`]+)`\s*", raw)
            if cmd and (re.search(r"\bexec\b", ctx.row_text, _I) or " " in cmd.group(1)):
                for k in kinds:
                    ctx.add(f"probe.{k}.command", cmd.group(1), cell, extra=dict(extra), at=cmd.start(1))
        return
    m = re.search(r"(?<![\w.])(\d{1,4})(?:\s*(?:s|sec|secs|seconds?)\b)?(?![\w.])", raw)
    if m:
        for k in kinds:
            ctx.add(f"probe.{k}.{attr}", m.group(1), cell, extra=dict(extra), at=m.start(1))


def _row_source(ctx: _RowCtx) -> tuple[str, str] | None:
    for i, f in enumerate(ctx.fields):
        if f in ("source", "configmap", "secret") and i < len(ctx.row.cells):
            raw = ctx.row.cells[i].raw
            kind = "secret" if f == "secret" or re.search(r"secret", raw, _I) else "configmap"
            m = re.search(r"`([\w.\-]+)`", raw) or re.search(r"(?:configmap|secret)\w*\s*[:/]?\s*([a-z0-9][\w.\-]*)", raw, _I)
            if m:
                return kind, m.group(1)
            tok = _first_token(raw)
            if f in ("configmap", "secret") and tok:
                return f, tok[0]
    return None


def _source_cell(ctx: _RowCtx, field: str, cell: Cell, header: str) -> None:
    raw = cell.raw
    hx = {"_header": header}
    if field in ("configmap", "secret"):
        tok = _first_token(raw)
        if tok and re.fullmatch(r"[a-z0-9][\w.\-]*", tok[0]):
            ctx.add(field, tok[0], cell, extra=dict(hx), at=tok[1])
        return
    m = re.search(r"\b(configmap|config\s*map|secret)s?\b(?:\s*(?:key\s*ref|keyref))?\s*[:/]?\s*`?([a-z0-9][\w.\-]*)`?", raw, _I)
    if m and m.group(2).lower() not in ("key", "ref", "value", "the"):
        kind = "secret" if "secret" in m.group(1).lower() else "configmap"
        ctx.add(kind, m.group(2), cell, extra=dict(hx), at=m.start(2))
        k = re.search(r"[/.:]\s*`?([\w\-]+)`?\s*$", raw[m.end(2):]) if m.end(2) < len(raw) else None
        if k and k.group(1):
            pos = raw.find(k.group(1), m.end(2))
            ctx.add(f"{kind}-key", k.group(1), cell, extra={**hx, kind if kind == "secret" else "configmap": m.group(2)}, at=pos)
        return
    m = re.search(r"`([\w.\-]+)`\s+(configmap|config\s*map|secret)", raw, _I)
    if m:
        kind = "secret" if "secret" in m.group(2).lower() else "configmap"
        ctx.add(kind, m.group(1), cell, extra=dict(hx), at=m.start(1))


# ---------------------------------------------------------------------------------------------


def label_value_claims(doc: Document, line: int, label: str, start: int, end: int, subject: str | None,
                       form: str) -> list[Claim]:
    """`- **Replicas:** 3`, `CPU request: 250m`: the value after a field label, parsed like a table cell.

    `start`/`end` are the value's columns in `line`."""
    fld = header_field(label)
    if not fld or fld in ("subject", "object-name", "value", "key", "source", "type", "port", "command"):
        return []
    raw_line = doc.line(line)
    raw = raw_line[start:end]
    cell = Cell(raw, cell_plain(raw), start, end)
    header = Row(line, [Cell(label, label, 0, 0), cell])
    table = Table(line, line, header, [])
    row = Row(line, [Cell(label, label, 0, 0), cell])
    ctx = _RowCtx(doc, table, row, subject, [None, fld], heading_area(section_titles(doc, line)))
    _cell_claims(ctx, fld, cell, label)
    for c in ctx.claims:
        c.form = form
        c.extra["label"] = label
    return ctx.claims


def _table_shape(table: Table, fields: list[str | None]) -> str:
    headers = [h.strip().lower() for h in table.headers]
    if not table.rows:
        return "empty"
    labels = [header_field(r.cells[0].text) if r.cells else None for r in table.rows]
    mapped = sum(1 for f in labels if f and f not in ("subject", "value", "key", "source", "type"))
    if headers and headers[0] in _KV_HEADERS and len(headers) >= 2:
        dotted = sum(1 for r in table.rows if r.cells and re.fullmatch(r"`?\.?[\w\-]+(?:\.[\w\-]+|\[\d+\])+`?", r.cells[0].raw.strip()))
        has_default = any(f in ("value", "chart-version") or h.startswith("default") for f, h in zip(fields, headers))
        if dotted * 2 >= len(table.rows) and has_default:
            return "values"
        # Bitnami style: | Name | Description | Value | with `replicaCount`, `image.tag` keys in backticks
        ticked = sum(1 for r in table.rows if r.cells and re.fullmatch(r"`[\w\-.\[\]]+`", r.cells[0].raw.strip()))
        if ticked * 2 >= len(table.rows) and has_default and any(h.startswith("desc") for h in headers):
            return "values"
        if fields[0] == "values-key" and any(h.startswith("default") for h in headers):
            return "values"
    if mapped * 2 >= len(table.rows) and mapped:
        others = [label_field(h) for h in table.headers[1:]]
        if headers[0] in _KV_HEADERS and (len(headers) == 2 or all(o in (None, "value", "subject") for o in others)):
            if len(headers) == 2 or headers[1] in ("value", "values", "setting", "default"):
                return "kv"
            return "transposed"
        if not headers[0] and len(headers) >= 2:
            return "transposed"
    return "entity"


def extract_table(doc: Document, table: Table) -> list[Claim]:
    if in_history(doc, table.line):
        return []
    fields = [header_field(h) for h in table.headers]
    row_text = " ".join(c.text for r in table.rows for c in r.cells).lower()
    probe_table = any(f and f.startswith("probe") for f in fields) or bool(re.search(r"\b(?:liveness|readiness|startup)\b", row_text) and
                                                                            any(f in ("make-target", "type") for f in fields))
    if probe_table:
        fields = ["probe-path" if f in ("make-target", "path", "ingress-path") else
                  "probe-type" if f in ("type",) and any(w in row_text for w in ("httpget", "tcpsocket", "exec", "grpc", "http"))
                  else "probe-kind" if f == "probe-path" and re.search(r"\b(?:liveness|readiness|startup)\b", row_text) and
                  sum(1 for f2 in fields if f2 == "probe-path") == 1 and any(f2 in ("make-target", "path") for f2 in fields)
                  else f for f in fields]
    titles = section_titles(doc, table.line)
    area_hint = heading_area(titles)
    sec_subject = section_subject(doc, table.line)
    shape = _table_shape(table, fields)
    out: list[Claim] = []
    if shape == "values":
        key_i = 0
        val_i = next((i for i, h in enumerate(table.headers) if re.match(r"default|value", h.strip(), _I)), None)
        for row in table.rows:
            if not row.cells:
                continue
            cell = row.cells[key_i]
            tok = _first_token(cell.raw)
            if not tok:
                continue
            extra: dict[str, Any] = {"header": table.headers[key_i]}
            if val_i is not None and val_i < len(row.cells):
                v = row.cells[val_i].text.strip()
                extra["value"] = v.strip('"')
            key = tok[0].removeprefix(".Values.").lstrip(".")
            span = _span(cell, tok[0])
            out.append(new_claim(doc, row.line, "table", "values-key", key, span=span, subject=sec_subject, extra=extra))
            if "value" in extra:
                derived = _values_derived(doc, key, str(extra["value"]).strip("`"), row.line, span, table.headers[key_i])
                if derived is not None:
                    out.append(derived)
        return out
    if shape in ("kv", "transposed"):
        for row in table.rows:
            if not row.cells:
                continue
            fld = header_field(row.cells[0].text)
            if not fld or fld in ("subject", "value"):
                continue
            targets = row.cells[1:2] if shape == "kv" else row.cells[1:]
            for j, cell in enumerate(targets, start=1):
                head = table.headers[j].strip().strip("`*") if j < len(table.headers) else ""
                env = label_environment(head) if shape == "transposed" and len(head.split()) <= 2 else None
                subject = sec_subject if shape == "kv" or env else (head or sec_subject)
                ctx = _RowCtx(doc, table, row, subject, [fld] * len(row.cells), area_hint)
                _cell_claims(ctx, fld, cell, row.cells[0].text)
                for c in ctx.claims:
                    if env:
                        c.extra.setdefault("overlay", env)
                out.extend(ctx.claims)
        return out
    subj_i = next((i for i, f in enumerate(fields) if f == "subject"), None)
    if subj_i is None and fields and fields[0] is None and not all(
            re.fullmatch(r"\W*\d+\W*", r.cells[0].text or "0") for r in table.rows if r.cells):
        subj_i = 0
    name_i = next((i for i, f in enumerate(fields) if f == "object-name"), None)
    cm_name = _section_configmap(doc, table.line)
    for row in table.rows:
        subject = sec_subject
        component = None
        if subj_i is not None and subj_i < len(row.cells):
            t = re.sub(r"\s*\(.*?\)\s*$", "", row.cells[subj_i].text).strip()
            if t and t.lower() not in _EMPTY:
                subject = component = t
        if name_i is not None and name_i < len(row.cells):
            t = row.cells[name_i].text.strip()
            if t and t.lower() not in _EMPTY and re.fullmatch(r"[\w.\-/]+", t):
                subject = t
        ctx = _RowCtx(doc, table, row, subject, fields, area_hint)
        for i, cell in enumerate(row.cells):
            if i >= len(fields) or i in (subj_i, name_i):
                continue
            if fields[i] == "value" and "env" in fields and not probe_table:
                env_i = fields.index("env")
                if env_i < len(row.cells):
                    key = _first_token(row.cells[env_i].raw)
                    val = _first_token(cell.raw)
                    if key and val and re.fullmatch(r"[A-Za-z_][\w.\-]*", key[0]):
                        ex: dict[str, Any] = {"_header": table.headers[i], "key": key[0]}
                        if cm_name:
                            ex["configmap"] = cm_name
                        ctx.add("configmap-value", val[0], cell, extra=ex, at=val[1], subject=cm_name or subject)
                continue
            fld = fields[i]
            if fld is None or fld in ("value",):
                for cm in re.finditer(r"`((?:sudo\s+)?(?:make|kubectl|helm|minikube|kustomize)\s[^`]+)`", cell.raw):
                    ctx.claims.extend(command_claims_from_text(doc, row.line, cm.group(1), cell.start + cm.start(1),
                                                               form="table", subject=subject))
                if cell.text and len(cell.text) > 2:
                    cell_subject = subject_of(cell.text) if subject is sec_subject else None
                    for hit in scan(cell.raw, area_hint):
                        ctx.add(hit.field, hit.value, cell, cell.raw[hit.start:hit.end],
                                {**hit.extra, "_header": table.headers[i]}, at=hit.start,
                                subject=hit.subject or cell_subject or subject)
                continue
            _cell_claims(ctx, fld, cell, table.headers[i])
        if component and component != subject:
            for c in ctx.claims:
                c.extra.setdefault("component", component)
        out.extend(ctx.claims)
    return out


_CM_RE = re.compile(r"\b(?:ConfigMap|config\s*map)\s+(?:named\s+|called\s+)?`([\w.\-]+)`|`([\w.\-]+)`\s+(?:ConfigMap|config\s*map)\b", _I)


def _section_configmap(doc: Document, line: int) -> str | None:
    """The ConfigMap named in the prose just above a table (same section), if any."""
    sec = doc.section_at(line)
    start = sec.line if sec is not None else 1
    found = None
    for ln in range(start, line):
        m = _CM_RE.search(doc.line(ln))
        if m:
            found = m.group(1) or m.group(2)
    return found


# values keys whose last segment names a field: `web.service.nodePort` -> node-port (subject "web")
VALUES_LEAF_FIELDS = {
    "replicas": "replicas", "replicacount": "replicas", "nodeport": "node-port", "targetport": "target-port",
    "containerport": "container-port", "minreplicas": "hpa-min", "maxreplicas": "hpa-max",
    "targetcpuutilizationpercentage": "hpa-cpu-target", "targetmemoryutilizationpercentage": "hpa-memory-target",
    "storageclass": "storage-class", "storageclassname": "storage-class", "ingressclassname": "ingress-class",
    "classname": "ingress-class", "minavailable": "pdb-min-available", "maxunavailable": "pdb-max-unavailable",
    "schedule": "schedule",
}


def _values_derived(doc: Document, key: str, value: str, line: int, span: tuple[int, int] | None,
                    header: str) -> Claim | None:
    parts = [p for p in re.split(r"\.", key) if p]
    if len(parts) < 2 or not value or value.lower() in _EMPTY:
        return None
    leaf = parts[-1].lower()
    fld = VALUES_LEAF_FIELDS.get(leaf)
    if fld is None and leaf == "size" and re.search(r"persist|storage|volume|pvc", key, _I):
        fld = "storage-size"
    if fld is None and leaf == "type" and parts[-2].lower() == "service":
        fld = "service-type"
    if fld is None and leaf == "port" and parts[-2].lower() == "service":
        fld = "service-port"
    if fld is None and leaf == "tag" and parts[-2].lower() == "image" and re.fullmatch(r"v?\d[\w.\-]*", value):
        fld = "image-tag"
    if fld is None:
        return None
    if fld in ("replicas", "node-port", "target-port", "container-port", "hpa-min", "hpa-max", "service-port") and not value.isdigit():
        return None
    raw = doc.line(line)
    vspan = None
    if span is not None:
        pos = raw.find(value, span[1])
        vspan = (pos, pos + len(value)) if pos >= 0 else None
    subject = None if parts[0].lower() in ("image", "global", "ingress", "service", "persistence", "autoscaling",
                                            "resources", "config", "env") else parts[0]
    return new_claim(doc, line, "table", fld, value, span=vspan, subject=subject,
                     extra={"values_key": key, "derived": True, "header": header})


def extract(doc: Document) -> list[Claim]:
    out: list[Claim] = []
    for table in doc.tables:
        out.extend(extract_table(doc, table))
    return out
