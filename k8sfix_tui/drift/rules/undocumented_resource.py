"""undocumented-resource: a workload (or standalone Service) the repository deploys that no document mentions.

Mentions in any Markdown file of the repository count (a README next to the manifests documents them too).
Every Deployment, StatefulSet, DaemonSet, CronJob and Job of the compared origins (and each Service that
selects no workload) must be mentioned by at least one of its name variants: object name, name
without release/overlay prefix, `app`/`app.kubernetes.io/*` label values, container names, image name,
or a doc subject the matcher resolves to it. Objects are grouped per component across origins, so
`larkspur-api` (chart), `api` (base) and `prod-api` (overlay) need one mention between them.

Severity: warning.

Wrong (the chart deploys a `report` CronJob the doc never names):

    The platform runs the API, the web frontend and the worker.

Right:

    The platform runs the API, the web frontend, the worker and a nightly `report` CronJob.
"""

from __future__ import annotations

import re
from typing import Iterator

from ...model import DocRef, Finding
from .. import fields as F
from ..context import Context, test_fixture
from ..matcher import normal, tokens

ID = "undocumented-resource"
SEVERITY = "warning"

KINDS = ("Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job", "ReplicationController", "ReplicaSet")
HEADINGS = re.compile(r"(workload|component|service|architecture|overview|deploy)", re.I)


def check(ctx: Context) -> Iterator[Finding]:
    if not ctx.docs or not any(d.substantial for d in ctx.docs):
        return
    text = "\n".join([d.text_lower for d in ctx.docs] + [ctx.all_markdown_text()])
    flat = " " + re.sub(r"[^a-z0-9]+", " ", text) + " "
    mentioned: set[str] = set()
    for doc in ctx.docs:
        for claim in doc.claims:
            for cand in (claim.subject, claim.value if claim.field in ("component", "configmap", "secret") else None):
                if isinstance(cand, str) and cand.strip():
                    match = ctx.matcher.resolve(cand)
                    if match and match.score >= 0.8:
                        mentioned.update(match.components)
            if claim.field == "yaml-object" and isinstance(claim.value, dict):
                name = F.get(claim.value, "metadata.name")
                if isinstance(name, str):
                    mentioned.update(ctx.matcher.resolve(name).components)
    origins = [o for o in (ctx.default_origin,) if o] or ctx.origins
    pool = [o for o in ctx.objects if o.origin in origins and o.kind in KINDS and o.name and not test_fixture(o)]
    workload_labels = [F.get(o.body, "spec.template.metadata.labels") or {} for o in ctx.objects if o.kind in KINDS]
    for svc in (o for o in ctx.objects if o.origin in origins and o.kind == "Service"):
        sel = F.get(svc.body, "spec.selector")
        if not isinstance(sel, dict) or not sel:
            continue
        if not any(isinstance(lbl, dict) and all(lbl.get(k) == v for k, v in sel.items()) for lbl in workload_labels):
            pool.append(svc)
    seen_components: set[str] = set()
    anchor = None
    for obj in pool:
        comp = ctx.matcher.component_of(obj)
        if comp in seen_components:
            continue
        seen_components.add(comp)
        if comp in mentioned:
            continue
        names = _variants(ctx, obj) or [obj.name]  # an object named just like the product: look for that name
        if any(_mentioned(n, text, flat) for n in names):
            continue
        ev = ctx.evidence_for(obj)
        anchor = anchor or _anchor(ctx)
        shown = ", ".join(sorted({n for n in names})[:4])
        yield ctx.finding(
            ID, SEVERITY, "workloads", doc=anchor, subject=obj.name, field_name="component", doc_value=None,
            actual=f"{obj.kind}/{obj.name}", evidence=ev, key=f"{obj.kind}/{obj.name}",
            message=f"The repository deploys {obj.kind} {obj.name} ({obj.source.path}), but no document mentions it "
                    f"(looked for: {shown}).",
            fix=f"document {obj.kind} {obj.name}",
        )


def _variants(ctx: Context, obj) -> list[str]:
    out = [obj.name]
    for idx in ctx.matcher.by_obj.get(id(obj), []):
        entry = ctx.matcher.entries[idx]
        if not entry.via.startswith(("image", "values key")):
            out.append(entry.variant)
    common = ctx.matcher.common
    return [n for n in dict.fromkeys(out)
            if n and len(n) >= 2 and not all(t in common for t in tokens(n))]


def _mentioned(name: str, text: str, flat: str) -> bool:
    low = name.lower()
    if re.search(r"(?<![a-z0-9])" + re.escape(low) + r"(?![a-z0-9])", text):
        return True
    spaced = " ".join(normal(low).split("-"))
    return bool(spaced) and (f" {spaced} " in flat or (len(spaced) > 3 and f" {spaced}s " in flat))


WORKLOAD_FIELDS = frozenset({"replicas", "image", "image-tag", "kind", "schedule", "strategy"})


def _anchor(ctx: Context) -> DocRef:
    """Where the missing component belongs: the table listing the workloads, else a workloads section."""
    best: tuple[int, DocRef] | None = None
    for doc in ctx.docs:
        per_line: dict[int, int] = {}
        for c in doc.claims:
            if c.field in WORKLOAD_FIELDS:
                per_line[c.doc.line] = per_line.get(c.doc.line, 0) + 1
        for table in getattr(doc.document, "tables", None) or []:
            start, end = int(getattr(table, "line", 0) or 0), int(getattr(table, "end_line", 0) or 0)
            n = sum(per_line.get(line, 0) for line in range(start, min(end, start + 5000) + 1))
            if n >= 2 and (best is None or n > best[0]):
                titles = doc.section_titles(start)
                best = (n, DocRef(doc.path, start, end, titles[0] if titles else ""))
    if best is not None:
        return best[1]
    doc = ctx.docs[0]
    for pattern in (re.compile(r"workload|component", re.I), HEADINGS):
        for sec in getattr(doc.document, "sections", None) or []:
            title = str(getattr(sec, "title", ""))
            if pattern.search(title):
                line = int(getattr(sec, "line", 1) or 1)
                return DocRef(doc.path, line, line, title)
    return DocRef(doc.path, 1, 1, "")
