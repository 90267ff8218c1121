"""Operations sections (Troubleshooting, Rollouts, Monitoring) written by hand: judge and regenerate.

`findings(views, facts, existing) -> list[Finding]` looks at every analysed document:

- a hand-written Troubleshooting / Rollout / Monitoring section (no k8sfix markers) that gives generic
  advice ("check your pods", "look at the logs") or holds an invented object / wrong command / invalid
  snippet error, or two errors or more -> a `placeholder` finding (the contract's rule for generic
  content), field `operations-section` (one wrong value alone is left
  to the in-place value fix); `generate()` turns it into a
  `regenerate-section` fix that replaces the section's body (the heading stays) with the content
  generated from the facts, wrapped in markers with its checksum;
- a specific, correct Troubleshooting section without the generated part -> a `missing-topic`
  finding (field `troubleshooting`): the generated commands and pitfall entries are appended to it;
- no document covering troubleshooting or monitoring (or rollouts, when the repository deploys
  Deployments, StatefulSets or DaemonSets) -> one `missing-topic` finding on the main deployment
  document (`doctype.main_document`: pointers and chart parameter READMEs never qualify; then the one
  with the most deploy commands); `sections.generate` inserts a new section.

A regenerated section keeps the writer's repository-specific notes below the generated block
(`kept.kept_notes`). `troubleshooting_criterion()` is validate's "Troubleshooting covers real issues",
built on the same decision.

A section that already carries the generated block (markers) is never reported here: staleness of
generated blocks is `markers.stale_findings`' business. So a second run proposes nothing.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from ...model import DocRef, Evidence, Facts, Finding, Fix
from ..docview import DocView, Heading
from ..markers import find_sections, wrap
from . import kept
from .common import make_fix
from .doctype import is_deployment_document, main_document, mentioned

NAMES = ("troubleshooting", "rollout", "monitoring")
RULE = "placeholder"  # generic content is the placeholder rule of the findings contract
FIELD = "operations-section"
AREA = {"troubleshooting": "workloads", "rollout": "automation", "monitoring": "monitoring"}
TITLE_RE = {
    "troubleshooting": re.compile(r"troubleshoot|debugging|common (problems|issues|errors)|known issues|"
                                  r"problems and solutions|when things go wrong", re.I),
    "rollout": re.compile(r"roll(ing)?[ -]?outs?\b|roll(ing)?[ -]?backs?\b|rolling updates?|update strateg|"
                          r"upgrad(e|es|ing) (the )?(deployment|release|application|app)", re.I),
    "monitoring": re.compile(r"monitoring|observability", re.I),
}
# advice that fits every deployment and tells the reader nothing about this one
GENERIC = re.compile(
    r"\b(check|inspect|look at|review|examine|verify|see)\s+(your|the)\s+(pods?|logs?|deployments?|cluster|events|"
    r"services?|containers?|resources|configuration|manifests?)\b"
    r"|\b(check|look at|inspect|see)\s+(the\s+)?(pod|container|application|app)\s+logs\b"
    r"|\bmake sure (that )?(everything|all (the )?pods|the pods?|your pods?|the (application|app|deployment)) "
    r"(is|are) (running|healthy|up)\b"
    r"|\buse\s+`?kubectl`?\s+(to\s+)?(debug|check|inspect|investigate|troubleshoot)\b"
    r"|\b(contact|ask) (your|the) (cluster )?(administrator|admin|ops team|platform team)\b"
    r"|\b(consult|refer to) the (official )?(kubernetes )?documentation\b"
    r"|\bstandard (kubernetes )?(debugging|troubleshooting) (techniques|steps|tools)\b"
    r"|\bif (something|anything) goes wrong\b"
    r"|\b(monitor|watch) (your|the) (application|app|cluster|pods)\b(?! with| using| through| via| at)"
    r"|\bset up (monitoring|alerting|dashboards)\b(?! with| using)"
    r"|\brestart the (pods?|deployment|application)\b(?! with| using| by)",
    re.I,
)
WHAT = {"troubleshooting": "how to inspect the workloads and the repository's known problems",
        "rollout": "how updates roll out and how to roll back",
        "monitoring": "what monitors the deployment (or that nothing does)"}


def _heading(view: DocView, name: str) -> Heading | None:
    top = view.headings[0] if view.headings and view.headings[0].level == 1 else None
    for h in view.headings:
        if h is not top and TITLE_RE[name].search(h.bare_title):
            return h
    return None


def _own_end(view: DocView, head: Heading) -> int:
    """Last non-blank line of `head`'s section, subsections included."""
    end = head.end_line
    while end > head.line and not view.line(end).strip():
        end -= 1
    return end


def _prose(view: DocView, start: int, end: int) -> str:
    return " ".join(view.line(n).strip() for n in range(start, end + 1) if view.fence_at(n) is None)


def generic_phrases(text: str) -> list[str]:
    """The generic-advice phrases of `text` (lower case, in order, without repeats)."""
    return list(dict.fromkeys(m.group(0).lower() for m in GENERIC.finditer(" ".join(text.split()))))


INVENTED = frozenset({"phantom-resource", "wrong-command", "invalid-snippet", "wrong-path"})


def _badly_wrong(inside: list[Finding]) -> bool:
    """Regenerate rather than edit in place: an invented object or command, or several errors. A single
    wrong value is left to the in-place value fix (the rest of the hand-written section is kept)."""
    errors = [f for f in inside if f.severity == "error"]
    return any(f.rule in INVENTED for f in errors) or len(errors) >= 2


def _wants(facts: Facts, name: str) -> bool:
    """Whether a deployment document of this repository owes a section `name`: troubleshooting and
    monitoring (an honest "nothing is configured" at least) when it defines workloads, rollouts when
    it has workloads that roll (Deployments, StatefulSets, DaemonSets)."""
    if name in ("troubleshooting", "monitoring"):
        return bool(facts.workloads)
    if name == "rollout":
        return any(w.kind in ("Deployment", "StatefulSet", "DaemonSet") for w in facts.workloads)
    return False


def section_heading(view: DocView, name: str) -> Heading | None:
    """The heading of `view`'s section about `name` (one of NAMES): a heading whose title is about it,
    else the heading above a generated `name` block; None when the document has neither."""
    head = _heading(view, name)
    if head is not None:
        return head
    for sec in find_sections(view):
        if sec.name == name:
            return view.section_at(sec.begin)
    return None


def _finding(view: DocView, name: str, rule: str, line: int, end: int, title: str, message: str, fix: str,
             evidence: list[Evidence], doc_value: Any = None, severity: str = "warning") -> Finding:
    return Finding(
        id=f"ops:{view.path}:{name}:{line}",
        rule=rule,
        severity=severity,
        area=AREA[name],
        doc=DocRef(view.path, line, end, title),
        subject=name if rule == RULE else None,
        field=FIELD if rule == RULE else name,
        doc_value=doc_value,
        actual_value=None,
        evidence=evidence,
        message=message,
        fix=fix,
    )


def findings(views: Iterable[DocView], facts: Facts, existing: Iterable[Finding] = (),
             config: Any = None) -> list[Finding]:
    """placeholder (generic advice) / missing-topic findings about the operations sections of `views` (see module doc).

    `config.severity` is honoured: a rule set to "off" reports nothing, another level replaces the
    severity."""
    out = _findings(list(views), facts, existing)
    levels = dict(getattr(config, "severity", None) or {})
    kept = []
    for f in out:
        level = levels.get(f.rule)
        if level == "off":
            continue
        if level in ("error", "warning", "info"):
            f.severity = level
        kept.append(f)
    return kept


def _findings(views: list[DocView], facts: Facts, existing: Iterable[Finding]) -> list[Finding]:
    existing = [f for f in existing if not f.waived and f.severity in ("error", "warning") and f.doc is not None]
    out: list[Finding] = []
    covered: set[str] = set()
    for view in views:
        marked = {s.name for s in find_sections(view)}
        for name in NAMES:
            head = _heading(view, name)
            if name in marked:
                covered.add(name)
                continue
            if head is None:
                continue
            covered.add(name)
            end = _own_end(view, head)
            phrases = generic_phrases(_prose(view, head.line + 1, end))
            inside = [f for f in existing if f.doc.path == view.path and head.line < f.doc.line <= end]
            wrong = inside if _badly_wrong(inside) else []
            if phrases or wrong:
                why = []
                if phrases:
                    why.append("generic advice (" + "; ".join(f"'{p}'" for p in phrases[:3]) + ")")
                if wrong:
                    why.append(f"{len(wrong)} wrong statement(s) or command(s) (line "
                               + ", ".join(str(f.doc.line) for f in wrong[:5]) + ")")
                out.append(_finding(
                    view, name, RULE, head.line, end, head.title,
                    f"Section '{head.bare_title}' gives " + " and ".join(why)
                    + "; it should use this repository's real names, namespaces, selectors and ports.",
                    f"regenerate the section from the repository ('{name}')",
                    [Evidence(view.path, head.line, head.bare_title)], doc_value=phrases or None))
            elif name == "troubleshooting" and facts.workloads:
                out.append(_finding(
                    view, name, "missing-topic", head.line, end, head.title,
                    f"Section '{head.bare_title}' does not give the commands to inspect each workload nor the "
                    "known problems of the repository's manifests.",
                    "append the generated troubleshooting commands and pitfall entries",
                    [Evidence(view.path, head.line, head.bare_title)]))
    main = main_document(views, facts)
    if main is not None:
        first = main.headings[0] if main.headings else None
        for name in ("troubleshooting", "rollout", "monitoring"):
            if name in covered or not _wants(facts, name):
                continue
            what = WHAT[name]
            out.append(_finding(
                main, name, "missing-topic", first.line if first else 1, first.end_line if first else 1,
                first.title if first else "", f"No document explains {what}.",
                f"add a generated '{name}' section", [Evidence(main.path, 1, "no section about " + name)]))
    return out


def handles(finding: Finding) -> bool:
    return finding.rule == RULE and finding.field == FIELD and finding.subject in NAMES


def generate(findings_: list[Finding], facts: Facts, view: DocView) -> list[Fix]:
    """regenerate-section fixes for generic-advice (placeholder) findings; drift findings inside go with them."""
    from .. import content

    fixes = []
    for f in findings_:
        if not handles(f) or f.doc is None or f.doc.path != view.path:
            continue
        head = next((h for h in view.headings if h.line == f.doc.line), None)
        if head is None:
            continue
        end = _own_end(view, head)
        inside = [o for o in findings_ if o is not f and o.doc is not None and o.doc.path == view.path
                  and head.line < o.doc.line <= end]
        ids = [f.id] + [o.id for o in inside]
        body = wrap(f.subject, content.generate(f.subject, facts, aligned=view.aligned_tables()))
        # the writer's specific notes (real names, no generic advice, nothing wrong in them) stay below
        wrong = [n for o in inside if o.severity in ("error", "warning")
                 for n in range(o.doc.line, max(o.doc.end_line or o.doc.line, o.doc.line) + 1)]
        notes = kept.kept_notes(view, head.line + 1, end, facts, wrong) if end > head.line else ""
        if end > head.line:
            new, start = "\n" + body + notes, head.line + 1
        else:  # empty section: insert after the heading
            new, start, end = "\n" + body, head.line + 1, head.line
        why = f"regenerate '{head.bare_title}' from the repository: {f.message}"
        if notes:
            count = len(kept.kept_blocks(view, head.line + 1, end, facts, wrong))
            why += f" ({count} specific hand-written note(s) kept below the generated block)"
        fixes.append(make_fix(view, "regenerate-section", start, end, new, why, ids))
    return fixes


def troubleshooting_criterion(facts: Facts, views: Iterable[DocView]) -> tuple[bool | None, str]:
    """validate's "Troubleshooting covers real issues": (passed, or None for not applicable; detail).

    Same decision as the findings above: a Troubleshooting section is owed when the repository defines
    workloads and a checked document is a deployment document (`doctype.is_deployment_document`); the
    section passes when it names real workloads/Services/make targets and gives no generic advice."""
    from ..content import _primary

    views = list(views)
    found = [(v, h) for v in views for h in [section_heading(v, "troubleshooting")] if h is not None]
    if not found:
        if not _wants(facts, "troubleshooting"):
            return None, "the repository defines no workloads"
        owing = [v.path for v in views if is_deployment_document(v, facts)]
        if owing:
            return False, "no Troubleshooting section (deployment document: " + ", ".join(owing) + ")"
        return None, "no checked document is a deployment document (pointers, chart parameter READMEs)"
    view, head = found[0]
    body = view.chunk(head.line, head.end_line)
    names = ({w.name for w in _primary(facts, facts.workloads)} | {s.name for s in facts.services}
             | {t.name for t in facts.make_targets})
    real = [n for n in sorted(names) if mentioned(body, n)]
    phrases = generic_phrases(_prose(view, head.line + 1, head.end_line))
    if phrases:
        return False, "generic advice: " + "; ".join(f"'{p}'" for p in phrases[:3])
    if real:
        return True, f"names real objects/targets: {', '.join(real[:5])}"
    return False, "the Troubleshooting section names nothing the repository defines (generic advice)"
