"""Operational pitfalls: problems in the repository's own manifests, charts and automation.

- `detect(facts, kube_version=None) -> list[Finding]` runs every rule of `pitfalls.rules.RULES`; each
  finding has `rule="pitfall:<name>"`, `doc=None`, the object as `subject` and file:line evidence.
  The same object seen through several origins (plain manifests, Kustomize overlays, a chart) is
  reported once, with one evidence entry per origin.
- `sections.troubleshooting_section / rollout_section / monitoring_section` generate document text.
"""

from __future__ import annotations

import dataclasses

from ..errors import UsageError
from ..model import Evidence, Facts, Finding
from .apis import parse_version
from .context import Context, sort_key
from .rules import RULES

DEFAULT_KUBE_VERSION = "1.31"

__all__ = ["detect", "RULES", "DEFAULT_KUBE_VERSION", "Context"]


def _merge(findings: list[Finding]) -> list[Finding]:
    out: dict[tuple[str, str, str, str], Finding] = {}
    for f in findings:
        key = (f.rule or "", f.subject or "", f.field or "", repr(f.actual_value))
        kept = out.get(key)
        if kept is None:
            out[key] = f
            continue
        seen = {(e.path, e.line) for e in kept.evidence}
        for e in f.evidence:
            if (e.path, e.line) not in seen:
                kept.evidence.append(e)
                seen.add((e.path, e.line))
        if _rank(f.severity) < _rank(kept.severity):
            kept.severity = f.severity
    return list(out.values())


def _rank(severity: str) -> int:
    return {"error": 0, "warning": 1, "info": 2}.get(severity, 3)


def _clean(evidence: list[Evidence]) -> list[Evidence]:
    """Drop repeats and object-header lines of a file that also has a precise line."""
    out: list[Evidence] = []
    seen: set[tuple[str, int]] = set()
    for e in evidence:
        if (e.path, e.line) in seen:
            continue
        seen.add((e.path, e.line))
        out.append(e)
    return out


def _superseded(raw: list[Finding], ctx: Context) -> list[Finding]:
    """Drop findings seen only in plain manifests / a Kustomize base when every overlay that deploys
    the same object fixes them (e.g. a base image without tag that each overlay pins)."""
    known = {o.origin for o in ctx.facts.objects}
    overlaid = {f"{o.kind}/{ctx.base_name(o.name, o.origin)}" for o in ctx.facts.objects
                if o.origin.startswith("overlay ") and not ctx.is_base_origin(o.origin)}
    origins: dict[tuple[str, str, str, str], set[str]] = {}
    for f in raw:
        key = (f.rule or "", f.subject or "", f.field or "", repr(f.actual_value))
        origins.setdefault(key, set()).update(
            o for o in (e.note.split(": ", 1)[0] for e in f.evidence) if o in known)
    out = []
    for f in raw:
        seen = origins[(f.rule or "", f.subject or "", f.field or "", repr(f.actual_value))]
        if seen and f.subject in overlaid and all(ctx.is_base_origin(o) for o in seen):
            continue
        out.append(f)
    return out


def with_profiles(facts: Facts) -> Facts:
    """`facts` plus the objects of every profile (the repo's own helm commands with their values
    files and --set flags), so pitfalls of those deployment routes are found too."""
    objs = [o for p in facts.profiles for o in p.objects]
    if not objs:
        return facts
    from ..facts import build_views

    v = build_views(objs)
    return dataclasses.replace(
        facts, objects=facts.objects + objs, workloads=facts.workloads + v.workloads,
        services=facts.services + v.services, ingresses=facts.ingresses + v.ingresses, pvcs=facts.pvcs + v.pvcs,
        configmaps=facts.configmaps + v.configmaps, secrets=facts.secrets + v.secrets, hpas=facts.hpas + v.hpas,
        pdbs=facts.pdbs + v.pdbs, network_policies=facts.network_policies + v.network_policies)


def _is_helm_test(item: object) -> bool:
    obj = getattr(item, "obj", item)
    body = getattr(obj, "body", None)
    meta = body.get("metadata") if isinstance(body, dict) else None
    ann = meta.get("annotations") if isinstance(meta, dict) else None
    hook = str(ann.get("helm.sh/hook", "")) if isinstance(ann, dict) else ""
    return "test" in hook  # test, test-success, test-failure: `helm test` pods, not the deployment


def without_helm_tests(facts: Facts) -> Facts:
    """`facts` without `helm test` hook objects (throw-away pods with random names)."""
    lists = ("objects", "workloads", "services", "ingresses", "pvcs", "configmaps", "secrets", "hpas", "pdbs",
             "network_policies")
    if not any(_is_helm_test(o) for o in facts.objects):
        return facts
    return dataclasses.replace(facts, **{n: [i for i in getattr(facts, n) if not _is_helm_test(i)] for n in lists})


def detect(facts: Facts, kube_version: str | None = None) -> list[Finding]:
    """Every pitfall of the repository, deduplicated across origins, in a stable order.

    Raises `UsageError` for a `kube_version` that is not like "1.31"."""
    version = kube_version or DEFAULT_KUBE_VERSION
    try:
        parse_version(version)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    facts = without_helm_tests(with_profiles(facts))
    files = set(facts.files)
    ctx = Context(facts, version)
    raw: list[Finding] = []
    for rule in RULES:
        raw.extend(rule.check(facts, ctx))
    merged = _merge(_superseded(raw, ctx))
    for f in merged:
        f.evidence = _clean([e for e in f.evidence if not files or e.path in files]) or f.evidence[:1]
    merged.sort(key=lambda f: (_rank(f.severity), *sort_key(f)))
    for i, f in enumerate(merged, 1):
        f.id = f"pitfall-{i:03d}"
    return merged
