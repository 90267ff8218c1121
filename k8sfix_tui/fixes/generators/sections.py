"""Generated sections: insert missing topics, regenerate stale generated sections.

missing-topic and undocumented-resource findings map to a content generator (`content.GENERATORS`)
by their field or area. When the document already has a generated section of that name, it is
regenerated in place if stale; otherwise the content is inserted, wrapped in k8sfix markers: at
the end of the section whose heading is about that topic, or as a new section (in the document's
heading style) before Troubleshooting/Cleanup/License-like sections, or at the end.

Stale generated sections (see `markers.stale_sections`) get a regenerate-section fix. A section
edited by hand since generation is never overwritten silently: its fix says "hand-edited since
generation" and `is_auto_acceptable()` is False for it.
"""

from __future__ import annotations

import re

from ...model import Facts, Finding, Fix
from .. import content
from ..docview import DocView, Heading
from ..markers import find_sections, stale_id, stale_sections, wrap
from .common import make_fix

HAND_EDITED = "hand-edited since generation"

KEYWORDS: dict[str, tuple[str, ...]] = {
    "workloads": ("workload", "deployments", "components", "architecture"),
    "resources": ("resource", "limits", "requests", "sizing", "capacity"),
    "exposure": ("ingress", "exposure", "access", "endpoints", "services"),
    "storage": ("storage", "persisten", "volume", "pvc"),
    "probes": ("health", "probe", "liveness", "readiness"),
    "config": ("configuration", "configmap", "secret", "environment"),
    "autoscaling": ("autoscal", "scaling", "hpa", "high availability", "disruption"),
    "network-policies": ("networkpolic", "network polic", "networking", "security"),
    "monitoring": ("monitoring", "metrics", "observability", "prometheus"),
    "chart": ("helm", "chart"),
    "make-targets": ("makefile", "make targets", "automation", "tasks"),
    "minikube": ("minikube", "local development", "local setup", "running locally"),
    "deploy-commands": ("deploy", "install", "getting started", "quick start", "quickstart"),
    "troubleshooting": ("troubleshoot", "debug", "common problems", "common issues", "known issues"),
    "rollout": ("rollout", "roll out", "rollback", "roll back", "upgrad", "update strategy", "rolling update"),
}
# sections that close a document (new sections go before the first of them); words that also name
# ordinary topics ("Configuration reference", "Support for ARM") only count at the start of the title
TAIL_SECTIONS = re.compile(r"troubleshoot|clean(ing)? ?up|uninstall|tear(ing)? ?down|licen[cs]e|next steps|"
                           r"^(contribut|frequently asked|external (links|references)|see also|further reading|"
                           r"getting help|acknowledg)|"
                           r"^((useful )?links|references?|references and .*|faq|support|credits|changelog|authors|"
                           r"maintainers)$", re.I)
# new sections at one insertion point: the topic sections in GENERATORS order, then how to operate the
# deployment (roll out, watch it, repair it)
OPERATIONS_ORDER = ("rollout", "monitoring", "troubleshooting")
OBJECT_KINDS: dict[str, str] = {
    "Deployment": "workloads", "StatefulSet": "workloads", "DaemonSet": "workloads", "Job": "workloads",
    "CronJob": "workloads", "Service": "exposure", "Ingress": "exposure", "PersistentVolumeClaim": "storage",
    "ConfigMap": "config", "Secret": "config", "HorizontalPodAutoscaler": "autoscaling",
    "PodDisruptionBudget": "autoscaling", "NetworkPolicy": "network-policies", "ServiceMonitor": "monitoring",
    "PodMonitor": "monitoring",
}
FIELD_SECTIONS: dict[str, str] = {
    "replicas": "workloads", "image": "workloads", "image-tag": "workloads", "container-port": "workloads",
    "kind": "workloads", "cpu-request": "resources", "cpu-limit": "resources", "memory-request": "resources",
    "memory-limit": "resources", "service-type": "exposure", "service-port": "exposure", "node-port": "exposure",
    "ingress-host": "exposure", "tls-secret": "exposure", "storage-size": "storage", "storage-class": "storage",
    "access-mode": "storage", "configmap": "config", "secret": "config", "configmap-key": "config",
    "secret-key": "config", "hpa-min": "autoscaling", "hpa-max": "autoscaling", "pdb-min-available": "autoscaling",
    "make-target": "make-targets", "command": "deploy-commands", "release": "deploy-commands",
    "chart-version": "chart", "chart-dependency": "chart", "minikube-flag": "minikube", "minikube-addon": "minikube",
    "hosts-entry": "minikube",
}


def section_for(finding: Finding) -> str | None:
    """The generated section that documents what `finding` says is missing."""
    for key in (finding.field, finding.subject if isinstance(finding.subject, str) else None):
        if key in content.GENERATORS:
            return key
    if isinstance(finding.field, str) and finding.field.startswith("probe."):
        return "probes"
    if finding.field in FIELD_SECTIONS:
        return FIELD_SECTIONS[finding.field]
    for value in (finding.actual_value, finding.subject):
        if isinstance(value, str):
            kind = value.split("/", 1)[0]
            if kind in OBJECT_KINDS:
                return OBJECT_KINDS[kind]
    return content.AREA_SECTIONS.get(finding.area)


def handles(finding: Finding) -> bool:
    return finding.rule in ("missing-topic", "undocumented-resource") and section_for(finding) is not None


def is_auto_acceptable(fix: Fix) -> bool:
    """False for fixes that would overwrite hand edits (they need an explicit decision)."""
    return HAND_EDITED not in fix.rationale


def _topic_section(view: DocView, name: str) -> Heading | None:
    words = KEYWORDS.get(name, ())
    top = view.headings[0] if view.headings and view.headings[0].level == 1 else None
    for h in view.headings:
        if h is top:
            continue
        title = h.bare_title.lower()
        if any(w in title for w in words) and (name == "troubleshooting" or not TAIL_SECTIONS.search(title)):
            return h
    return None


def _insert_point(view: DocView, head: Heading) -> int:
    """Line before which to insert at the end of `head`'s own text (before its first subsection)."""
    end = head.end_line
    for h in view.headings:
        if head.line < h.line <= head.end_line:
            end = h.line - 1
            break
    while end > head.line and not view.line(end).strip():
        end -= 1
    return end + 1


def _new_section_point(view: DocView, level: int) -> int:
    for h in view.headings:
        if h.level <= level and TAIL_SECTIONS.search(h.bare_title):
            return h.line
    return len(view.lines) + 1


def _block(name: str, facts: Facts, view: DocView) -> str:
    return wrap(name, content.generate(name, facts, aligned=view.aligned_tables()))


def generate(findings: list[Finding], facts: Facts, view: DocView) -> list[Fix]:
    existing = {s.name: s for s in find_sections(view)}
    stale = {s.name: s for s in stale_sections(view, facts)}
    wanted: dict[str, list[Finding]] = {}
    for f in findings:
        if handles(f):
            wanted.setdefault(section_for(f), []).append(f)
    fixes: list[Fix] = []
    # stale generated sections: regenerate in place (also resolving findings inside them)
    for name, sec in sorted(stale.items(), key=lambda kv: kv[1].begin):
        ids = [stale_id(view.path, name, sec.begin)]
        ids += [f.id for f in findings if f.doc is not None and sec.begin <= f.doc.line <= sec.end
                and f.id not in ids]
        ids += [f.id for f in wanted.pop(name, [])]
        if sec.hand_edited:
            why = f"regenerate '{name}' from the repository; {HAND_EDITED}: accepting discards the manual edits"
        else:
            why = f"regenerate '{name}': the repository changed since it was generated"
        fixes.append(make_fix(view, "regenerate-section", sec.begin, sec.end, _block(name, facts, view), why, ids,
                              group=f"hand-edited:{name}" if sec.hand_edited else None))
    for name in list(wanted):
        if name in existing:
            wanted.pop(name)  # up to date already; nothing to insert
    level = view.section_level()
    emoji = view.uses_emoji_headings(level)
    order = [n for n in content.GENERATORS if n not in OPERATIONS_ORDER] + list(OPERATIONS_ORDER)
    for name in sorted(wanted, key=order.index):
        group = wanted[name]
        ids = [f.id for f in group]
        body = _block(name, facts, view)
        head = _topic_section(view, name)
        if head is not None:
            at = _insert_point(view, head)
            fixes.append(make_fix(view, "insert-section", at, at - 1, "\n" + body,
                                  f"add generated '{name}' content to section '{head.title}' "
                                  f"({len(group)} finding(s))", ids))
            continue
        at = _new_section_point(view, level)
        title = content.TITLES[name]
        if emoji:
            title = f"{content.EMOJI[name]} {title}"
        text = f"{'#' * level} {title}\n\n{body}\n"
        if at > len(view.lines) and view.lines and view.line(len(view.lines)).strip():
            text = "\n" + text
        fixes.append(make_fix(view, "insert-section", at, at - 1, text,
                              f"add a '{content.TITLES[name]}' section generated from the repository "
                              f"({len(group)} finding(s))", ids))
    return fixes
