"""Render a drift Report as text, JSON, SARIF 2.1.0, GitHub workflow commands or JUnit XML.

`render(report, fmt) -> str`; every format is deterministic for a given report.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Callable

from .. import __version__
from ..model import AREAS, Finding
from .report import Report
from .rules import BY_ID
from .rulesdoc import anchor, rule_doc

FORMATS = ("text", "json", "sarif", "github", "junit")
# SARIF 2.1.0 (3.49.12) wants helpUri to be an absolute URI, so the base is absolute; point it at your own
# copy of docs/rules.md (a fork, an internal mirror) with K8SFIX_HELP_URI_BASE, or set it empty to leave
# helpUri out (rules[].help still carries the text).
HELP_URI_BASE = "https://github.com/k8sfix/k8sfix/blob/main/docs/rules.md"
HELP_URI_ENV = "K8SFIX_HELP_URI_BASE"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _where(f: Finding) -> tuple[str, int, int]:
    if f.doc is not None:
        return f.doc.path, max(1, f.doc.line), max(1, f.doc.end_line or f.doc.line)
    if f.evidence:
        e = f.evidence[0]
        return e.path, max(1, e.line), max(1, e.line)
    return "", 1, 1


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _unprefixed(path: str, line: int, message: str) -> str:
    """The message without a leading `path:line: ` that repeats the location the line already starts with
    (source errors carry their location in the message for the other formats)."""
    text = _one_line(message)
    for prefix in (f"{path}:{line}: ", f"{path}: "):
        if path and text.startswith(prefix):
            return text[len(prefix):]
    return text


def to_text(report: Report) -> str:
    out: list[str] = []
    for f in report.findings:
        path, line, _end = _where(f)
        waived = " (waived)" if f.waived else ""
        out.append(f"{path}:{line}: {f.severity} {f.rule}{waived}: {_unprefixed(path, line, f.message)}")
    for f in report.pitfalls:
        path, line, _end = _where(f)
        out.append(f"{path}:{line}: {f.severity} {f.rule}: {_unprefixed(path, line, f.message)}")
    if out:
        out.append("")
    out.append("Coverage by area:")
    width = max(len(a) for a in AREAS)
    for area in AREAS:
        cov = report.coverage.get(area, {"status": "n/a", "findings": 0})
        out.append(f"  {area:<{width}}  {cov['status']:<7}  {cov['findings']} finding(s)")
    s = report.summary
    waived = sum(1 for f in report.findings if f.waived)
    out.append(
        f"{s.get('error', 0)} error(s), {s.get('warning', 0)} warning(s), {s.get('info', 0)} info; "
        f"{len(report.verified)} claim(s) verified, {waived} waived, {len(report.pitfalls)} pitfall(s); "
        f"docs: {', '.join(report.docs) or '(none)'}"
    )
    return "\n".join(out) + "\n"


def to_json(report: Report) -> str:
    return json.dumps(report.to_json(), indent=2, sort_keys=False, default=str) + "\n"


def _rule_short(rule_id: str) -> str:
    doc = rule_doc(rule_id)
    return doc.summary if doc is not None else rule_id


def help_uri_base(base: str | None = None) -> str | None:
    """The absolute URI of docs/rules.md for SARIF helpUri: `base`, else $K8SFIX_HELP_URI_BASE, else the
    project's copy. Empty means no helpUri; a relative value is refused (SARIF requires absolute URIs)."""
    value = base if base is not None else os.environ.get(HELP_URI_ENV, HELP_URI_BASE)
    value = value.strip()
    if not value:
        return None
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value):
        from ..errors import UsageError

        raise UsageError(f"{HELP_URI_ENV} must be an absolute URI such as https://host/docs/rules.md "
                         f"(SARIF helpUri), not '{value}'")
    return value.split("#", 1)[0]


def help_uri(rule_id: str, base: str | None = None) -> str | None:
    """`<base>#<anchor>` of `rule_id`'s entry in docs/rules.md (None when helpUri is switched off)."""
    root = help_uri_base(base)
    return f"{root}#{anchor(rule_id)}" if root else None


def _sarif_rule(rid: str, base: str | None) -> dict:
    doc = rule_doc(rid)
    uri = help_uri(rid, base)
    entry: dict = {
        "id": rid,
        "name": rid.replace("-", " ").replace(":", " ").title().replace(" ", ""),
        "shortDescription": {"text": _rule_short(rid)},
    }
    if uri:
        entry["helpUri"] = uri
    if doc is not None:
        entry["help"] = {"text": doc.help_text, "markdown": doc.help_markdown(uri)}
    level = getattr(BY_ID.get(rid), "SEVERITY", "warning")
    entry["defaultConfiguration"] = {"level": SARIF_LEVEL.get(level, "warning")}
    return entry


def _artifact_uri(path: str) -> str:
    """A repository-relative path as is (SARIF resolves it against the checkout); an absolute one (a document
    outside the repository) as a `file://` URI, since a bare filesystem path is not a URI."""
    if not path:
        return "."
    if os.path.isabs(path):
        return Path(path).as_uri()
    return path


def to_sarif(report: Report, help_base: str | None = None) -> str:
    """SARIF 2.1.0; `help_base` overrides the helpUri base (see `help_uri_base`)."""
    results = [f for f in report.findings + report.pitfalls if f.rule]
    rule_ids = sorted({f.rule for f in results} | set(BY_ID))
    rules = [_sarif_rule(rid, help_base) for rid in rule_ids]
    index = {r["id"]: i for i, r in enumerate(rules)}
    sarif_results = []
    for f in results:
        path, line, end = _where(f)
        result = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": SARIF_LEVEL.get(f.severity, "warning"),
            "message": {"text": _one_line(f.message)},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": _artifact_uri(path)},
                                      "region": {"startLine": line, "endLine": max(line, end)}}}
            ],
            "partialFingerprints": {"k8sfixId": f.id},
        }
        if f.evidence:
            result["relatedLocations"] = [
                {"id": i, "physicalLocation": {"artifactLocation": {"uri": _artifact_uri(e.path)},
                                               **({"region": {"startLine": e.line}} if e.line > 0 else {})},
                 "message": {"text": _one_line(e.note) or e.path}}
                for i, e in enumerate(f.evidence)
            ]
        if f.waived:
            result["suppressions"] = [{"kind": "inSource", "justification": f.waiver_reason or ""}]
        sarif_results.append(result)
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "k8sfix", "version": __version__, "informationUri":
                                    "https://github.com/k8sfix/k8sfix", "rules": rules}},
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(doc, indent=2) + "\n"


def _gh_escape(text: str, prop: bool = False) -> str:
    text = str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def to_github(report: Report) -> str:
    out = []
    for f in report.findings + report.pitfalls:
        if f.waived:
            continue
        level = {"error": "error", "warning": "warning"}.get(f.severity, "notice")
        path, line, end = _where(f)
        props = f"file={_gh_escape(path, True)},line={line}"
        if end > line:
            props += f",endLine={end}"
        props += f",title={_gh_escape(f.rule or '', True)}"
        out.append(f"::{level} {props}::{_gh_escape(_one_line(f.message))}")
    return "\n".join(out) + ("\n" if out else "")


def to_junit(report: Report) -> str:
    """One testcase per checked claim (verified or found), a failure for each finding; grouped by document."""
    suites = ET.Element("testsuites", name="k8sfix")
    by_doc: dict[str, list[Finding]] = {}
    for f in report.verified + report.findings + report.pitfalls:
        path, _line, _end = _where(f)
        by_doc.setdefault(path or "(repository)", []).append(f)
    total_tests = total_fail = 0
    for path in sorted(by_doc):
        items = sorted(by_doc[path], key=lambda f: (_where(f)[1], f.rule or "", f.id))
        failures = sum(1 for f in items if f.rule and not f.waived and f.severity in ("error", "warning"))
        suite = ET.SubElement(suites, "testsuite", name=path, tests=str(len(items)), failures=str(failures),
                              errors="0", skipped=str(sum(1 for f in items if f.waived)))
        for f in items:
            _p, line, _e = _where(f)
            what = f.subject or (f.doc_value if f.doc_value not in (None, "") else "")
            name = f"{path}:{line} {f.field or f.area or ''} {what}".strip()  # what was checked, not only where
            case = ET.SubElement(suite, "testcase", classname=f.rule or "verified", name=name)
            if f.waived:
                ET.SubElement(case, "skipped", message=f"waived: {f.waiver_reason or ''}")
            elif f.rule and f.severity in ("error", "warning"):
                fail = ET.SubElement(case, "failure", message=_one_line(f.message)[:500], type=f.rule)
                fail.text = "\n".join(f"{e.path}:{e.line}: {e.note}" for e in f.evidence)
            elif f.rule:
                ET.SubElement(case, "system-out").text = _one_line(f.message)
        total_tests += len(items)
        total_fail += failures
    suites.set("tests", str(total_tests))
    suites.set("failures", str(total_fail))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": to_text,
    "json": to_json,
    "sarif": to_sarif,
    "github": to_github,
    "junit": to_junit,
}


def render(report: Report, fmt: str = "text") -> str:
    try:
        return RENDERERS[fmt](report)
    except KeyError:
        from ..errors import UsageError

        raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})") from None
