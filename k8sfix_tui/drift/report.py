"""Run the drift rules over facts and documents and build the report.

`check(facts, documents, config=None) -> Report`. Documents are `doc.parse_document` results; their
claims come from `doc.extract_claims` (or pass `claims={doc_path: [Claim, ...]}` to use others).
The report holds findings (rule set), verified claims (rule None), pitfalls (from
`k8sfix_tui.pitfalls.detect(facts)` when that exists), per-area coverage and a severity summary;
`to_json()` is the stable machine format documented in the README.
"""

from __future__ import annotations

import fnmatch
import gc
import importlib
import os
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from .. import __version__
from ..errors import UsageError
from ..model import AREAS, Claim, Facts, Finding
from .context import Context, DocView
from .rules import RULES

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SKIP_DIRS = frozenset({".git", "node_modules", "vendor", "third_party", "third-party", ".venv", "venv", "__pycache__",
                       ".tox", "dist", "build", "site-packages", ".terraform"})
SKIP_DOCS = re.compile(r"^((changelog|release[-_]?notes)([-_.].*)?|(changes|history|license|licence|notice|"
                       r"code[-_]of[-_]conduct|contributing|security|authors|maintainers|owners|pull_request_template|"
                       r"issue_template)(\..*)?)$", re.I)
# Folders of history and project housekeeping: a changelog per release is not a deployment document.
SKIP_DOC_DIRS = frozenset({"changelog", "changelogs", "release-notes", "releasenotes", "issue_template",
                           "pull_request_template", "adr", "adrs"})


@dataclass
class Report:
    repo: str
    docs: list[str]
    findings: list[Finding] = field(default_factory=list)
    verified: list[Finding] = field(default_factory=list)
    pitfalls: list[Finding] = field(default_factory=list)
    coverage: dict[str, dict[str, Any]] = field(default_factory=dict)
    summary: dict[str, int] = field(default_factory=dict)
    claims: int = 0

    @property
    def active(self) -> list[Finding]:
        """Findings that count (not waived)."""
        return [f for f in self.findings if not f.waived]

    def exit_code(self, fail_on: str = "error") -> int:
        """0 clean, 1 when a non-waived finding is at or above `fail_on` (error|warning|info|never)."""
        if fail_on == "never":
            return 0
        limit = SEVERITY_ORDER.get(fail_on, 0)
        return 1 if any(SEVERITY_ORDER.get(f.severity, 9) <= limit for f in self.active) else 0

    def to_json(self) -> dict[str, Any]:
        return {
            "tool": "k8sfix",
            "version": __version__,
            "repo": self.repo,
            "docs": list(self.docs),
            "findings": [f.to_json() for f in self.findings],
            "verified": [f.to_json() for f in self.verified],
            "pitfalls": [f.to_json() for f in self.pitfalls],
            "coverage": {a: dict(v) for a, v in self.coverage.items()},
            "summary": dict(self.summary),
        }


def _doc_view(document: Any, claims: list[Claim] | None) -> DocView:
    path = str(getattr(document, "path", "") or "")
    text = str(getattr(document, "text", "") or "")
    lines = list(getattr(document, "lines", None) or text.splitlines())
    if claims is None:
        claims = _extract(document)
    waivers = getattr(document, "waivers", None) or {}
    view = DocView(document, path, list(claims), lines, text.lower(), dict(waivers) if isinstance(waivers, dict) else {})
    view.claims = [c for c in view.claims if not _in_history(view, c)]
    return view


# Sections that record the past (a changelog, release notes, "To 7.0.0" upgrade notes): their commands, versions and
# keys describe older releases, so they are not claims about the repository as it is.
HISTORY = re.compile(r"changelog|change log|release notes|breaking changes?|notable changes|version history|"
                     r"^(upgrading |upgrade )?to\s+v?\d+(\.\d+)*|^v?\d+\.\d+(\.\d+)?(\s|$)|"
                     r"^\[?v?\d+\.\d+\.\d+\]?", re.I)


def _in_history(view: DocView, claim: Claim) -> bool:
    if not claim.doc or claim.field in ("snippet",):
        return False
    try:
        titles = view.section_titles(claim.doc.line)
    except Exception:  # a foreign Document implementation must not break the check
        return False
    return any(HISTORY.search((t or "").strip()) for t in titles[:4])


def _extract(document: Any) -> list[Claim]:
    """Claims of a document via `doc.extract_claims` (or the claim modules while that is not exported)."""
    fn = None
    for name in ("k8sfix_tui.doc", "k8sfix_tui.doc.claims"):
        try:
            fn = getattr(importlib.import_module(name), "extract_claims", None)
        except ImportError:
            fn = None
        if fn is not None:
            return list(fn(document))
    claims: list[Claim] = []
    for form in ("prose", "tables", "yaml_blocks", "bash_blocks", "trees", "mermaid", "mentions", "placeholders"):
        try:
            mod = importlib.import_module(f"k8sfix_tui.doc.claims.{form}")
        except ImportError:
            continue
        extract = getattr(mod, "extract", None)
        if extract is not None:
            claims.extend(extract(document))
    claims.sort(key=lambda c: (c.doc.line, c.doc.end_line))
    return claims


def check(facts: Facts, documents: Iterable[Any], config: Any = None,
          claims: dict[str, list[Claim]] | None = None, kube_version: str | None = None) -> Report:
    """Run every enabled rule; returns the Report (never raises on odd input except a bad
    `kube_version`, which raises UsageError)."""
    was_enabled = gc.isenabled()
    gc.disable()  # the check allocates many small short-lived objects; cyclic GC passes cost ~30% here
    try:
        return _check(facts, documents, config, claims, kube_version)
    finally:
        if was_enabled:
            gc.enable()


def _check(facts: Facts, documents: Iterable[Any], config: Any,
           claims: dict[str, list[Claim]] | None, kube_version: str | None = None) -> Report:
    documents = list(documents)
    views = [_doc_view(d, (claims or {}).get(str(getattr(d, "path", "")))) for d in documents]
    ctx = Context(facts, views, config)
    severity_map = dict(getattr(config, "severity", None) or {})
    raw: list[Finding] = []
    for rule in RULES:
        level = severity_map.get(rule.ID)
        if level == "off":
            continue
        for finding in rule.check(ctx):
            if level in SEVERITY_ORDER and finding.severity != "info":
                finding.severity = level
            raw.append(finding)
    level = severity_map.get("value-mismatch")
    if level != "off":
        for stale in _stale_sections(facts, documents):
            if level in SEVERITY_ORDER:
                stale.severity = level
            raw.append(stale)
    raw.extend(_operations_sections(facts, documents, raw, config))
    ignore = list(getattr(config, "ignore_paths", None) or [])
    findings = _dedupe([f for f in raw if not _ignored(f, ignore)])
    keys = {_key(f) for f in findings if f.doc is not None}
    verified = [v for v in _dedupe(ctx.verified) if _key(v) not in keys]
    for f in findings:
        _apply_waiver(f, ctx)
    findings.sort(key=lambda f: (f.doc.path if f.doc else "~", f.doc.line if f.doc else 0,
                                 SEVERITY_ORDER.get(f.severity, 9), f.rule or "", f.id))
    verified.sort(key=lambda f: (f.doc.path if f.doc else "", f.doc.line if f.doc else 0, f.id))
    pitfalls = _pitfalls(facts, kube_version)
    report = Report(facts.repo, [v.path for v in views], findings, verified, pitfalls)
    report.claims = sum(len(v.claims) for v in views)
    report.coverage = _coverage(findings, verified, views)
    report.summary = {s: sum(1 for f in findings if f.severity == s and not f.waived) for s in ("error", "warning",
                                                                                                  "info")}
    return report


def _key(f: Finding) -> tuple:
    value = f.doc_value
    if isinstance(value, str):
        value = value.strip().strip("`'\"").lstrip("./") if f.field in ("path", "script") else value.strip()
    return (f.doc.path if f.doc else "", f.doc.line if f.doc else 0, f.field, str(value))


def _dedupe(items: list[Finding]) -> list[Finding]:
    seen: set[tuple] = set()
    out: list[Finding] = []
    for f in items:
        key = _key(f) if f.doc is not None else (f.id,)
        if f.doc is not None and f.field in ("component", "area") and f.rule in ("undocumented-resource",
                                                                                 "missing-topic"):
            key = key + (str(f.actual_value),)
        elif f.doc is not None and f.rule == "phantom-resource":
            key = (f.doc.path, f.doc.line, f.rule, str(f.doc_value).strip().lower())
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


def _ignored(f: Finding, patterns: list[str]) -> bool:
    if not patterns:
        return False
    paths = [f.doc.path] if f.doc else []
    if f.rule == "source-error":
        paths += [e.path for e in f.evidence]
    return any(fnmatch.fnmatch(p, pat) or p.startswith(pat.rstrip("/") + "/") for p in paths for pat in patterns)


def _waiver_rules(value: Any) -> tuple[set[str], str | None]:
    if isinstance(value, tuple) and value:
        rules, reason = value[0], (value[1] if len(value) > 1 else None)
    elif hasattr(value, "rules"):
        rules, reason = value.rules, getattr(value, "reason", None)
    elif isinstance(value, dict):
        rules, reason = value.get("rules"), value.get("reason")
    else:
        rules, reason = value, None
    if isinstance(rules, str):
        rules = [r for r in re.split(r"[,\s]+", rules) if r]
    return {str(r).strip().lower() for r in (rules or [])}, (str(reason) if reason else None)


def _apply_waiver(f: Finding, ctx: Context) -> None:
    if f.doc is None or f.rule is None:
        return
    view = ctx.doc_view(f.doc.path)
    if view is None or not view.waivers:
        return
    lines = [f.doc.line]
    if f.claim is not None and f.claim.doc.line not in lines:
        lines.append(f.claim.doc.line)
    for line in lines:
        if line in view.waivers:
            rules, reason = _waiver_rules(view.waivers[line])
            if not rules or rules & {f.rule, f.rule.replace("-", "_"), "all", "*"}:
                f.waived = True
                f.waiver_reason = reason
                return


def _stale_sections(facts: Facts, documents: list[Any]) -> list[Finding]:
    """Generated (`<!-- k8sfix:begin NAME -->`) sections whose content no longer matches the facts, from
    `fixes.markers.stale_findings` when that module is available (value-mismatch, field generated-section)."""
    try:
        markers = importlib.import_module("k8sfix_tui.fixes.markers")
    except ImportError:
        return []
    fn = getattr(markers, "stale_findings", None)
    if fn is None:
        return []
    out: list[Finding] = []
    for document in documents:
        if "k8sfix:begin" not in str(getattr(document, "text", "") or ""):
            continue
        try:
            out.extend(fn(document, facts))
        except Exception:  # the marker reader must not break the drift check
            continue
    return out


def _operations_sections(facts: Facts, documents: list[Any], found: list[Finding], config: Any) -> list[Finding]:
    """Hand-written Troubleshooting / Rollout / Monitoring sections that give generic advice, and missing
    ones (`fixes.generators.operations`), so `check` reports what `fix` will regenerate or insert."""
    try:
        operations = importlib.import_module("k8sfix_tui.fixes.generators.operations")
        docview = importlib.import_module("k8sfix_tui.fixes.docview")
    except ImportError:
        return []
    views = []
    for document in documents:
        path, text = getattr(document, "path", None), getattr(document, "text", None)
        if isinstance(path, str) and isinstance(text, str):
            views.append(docview.DocView.parse(path, text))
    try:
        return list(operations.findings(views, facts, found, config))
    except Exception:  # judging prose sections must not break the drift check
        return []


def _pitfalls(facts: Facts, kube_version: str | None = None) -> list[Finding]:
    try:
        mod = importlib.import_module("k8sfix_tui.pitfalls")
    except ImportError:
        return []
    detect = getattr(mod, "detect", None)
    if detect is None:
        return []
    try:
        return list(detect(facts, kube_version) if kube_version else detect(facts))
    except UsageError:  # a bad --kube-version is the user's error, not a detector bug
        raise
    except Exception:  # a pitfall detector bug must not break the drift check
        return []


def _coverage(findings: list[Finding], verified: list[Finding], views: list[DocView]) -> dict[str, dict[str, Any]]:
    claimed = {c.area for v in views for c in v.claims}
    out: dict[str, dict[str, Any]] = {}
    for area in AREAS:
        active = [f for f in findings if f.area == area and not f.waived and f.severity in ("error", "warning")]
        if any(f.rule == "missing-topic" for f in active):
            status = "missing"
        elif active:
            status = "drift"
        elif area in claimed or any(v.area == area for v in verified):
            status = "ok"
        else:
            status = "n/a"
        out[area] = {"status": status, "findings": len(active)}
    return out


# ---------------------------------------------------------------------------------------------
# Which Markdown files are deployment documents
# ---------------------------------------------------------------------------------------------

_K8S_WORDS = re.compile(
    r"\b(kubectl|helm|kustomiz\w*|minikube|deployment|statefulset|daemonset|configmap|ingress|"
    r"persistentvolumeclaim|pvc|nodeport|namespace|replicas|kubernetes|k8s|pod|pods|cronjob|"
    r"horizontalpodautoscaler|hpa)\b",
    re.I,
)


def discover_documents(repo: str, facts: Facts | None = None, ignore_paths: Iterable[str] = ()) -> list[str]:
    """Repo-relative Markdown files that talk about this repository's Kubernetes objects."""
    names: set[str] = set()
    if facts is not None:
        for obj in facts.objects:
            if len(obj.name) >= 4 and len(names) < 300:
                names.add(obj.name.lower())
    ignore = list(ignore_paths)
    found: list[tuple[int, str]] = []
    for root, dirs, files in os.walk(repo):
        in_chart = os.path.isfile(os.path.join(root, "Chart.yaml"))
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and d.lower() not in SKIP_DOC_DIRS
                         and not d.lower().startswith(("vendor_", "vendor-", "vendored"))
                         and (not d.startswith(".") or d == ".github")
                         and not (in_chart and d == "charts"))  # a chart's vendored subcharts
        for name in sorted(files):
            if not name.lower().endswith((".md", ".markdown")) or SKIP_DOCS.match(name):
                continue
            full = os.path.join(root, name)
            rel = os.path.relpath(full, repo).replace(os.sep, "/")
            if any(fnmatch.fnmatch(rel, p) or rel.startswith(p.rstrip("/") + "/") for p in ignore):
                continue
            try:
                if os.path.getsize(full) > 5_000_000:
                    continue
                with open(full, encoding="utf-8", errors="replace") as fh:
                    text = fh.read()
            except OSError:
                continue
            hits = len(_K8S_WORDS.findall(text))
            low = text.lower()
            hits += sum(3 for n in names if n in low)
            if hits >= 3:
                found.append((hits, rel))
    return sorted(rel for _hits, rel in found)
