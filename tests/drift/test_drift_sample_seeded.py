"""The bundled sample repository: seeded errors are found with the right rule, area and line; true claims
are not flagged. Prints the figures (pytest -s)."""

import os

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "sample_repo")
SEEDED = os.path.join(ROOT, "tests", "data", "sample_seeded.yaml")
DOC = "docs/kubernetes-deployment.md"

pytestmark = pytest.mark.skipif(not (os.path.isdir(SAMPLE) and os.path.isfile(SEEDED)), reason="no sample repo")


@pytest.fixture(scope="module")
def result():
    from k8sfix_tui.drift import analyse

    _facts, _docs, report = analyse(SAMPLE, docs=[DOC])
    with open(SEEDED, encoding="utf-8") as fh:
        truth = yaml.safe_load(fh)
    return report, truth


def _flagged(report):
    return [f for f in report.findings if f.doc and f.severity in ("error", "warning") and not f.waived]


def test_seeded_errors_found(result):
    report, truth = result
    flagged = _flagged(report)
    found, wrong_area, missed = [], [], []
    for e in truth["errors"]:
        hits = [f for f in flagged if f.doc.line == e["line"] and f.rule == e["rule"]]
        if not hits:
            missed.append(e["id"])
        elif not any(f.area == e["area"] for f in hits):
            wrong_area.append(e["id"])
        else:
            found.append(e["id"])
    total = len(truth["errors"])
    print(f"\nseeded errors: {len(found)}/{total} found with rule+area+line; missed {missed}; wrong area {wrong_area}")
    # Recall floor, not 100%: a few seeded claims depend on claim extraction details (see bench/NOTES-precision.md).
    assert len(found) >= int(0.85 * total), (missed, wrong_area)


def test_true_claims_not_flagged(result):
    report, truth = result
    flagged = _flagged(report)
    true_lines = {t["line"] for t in truth["true_claims"]}
    false = [(f.doc.line, f.rule, f.message) for f in flagged if f.doc.line in true_lines]
    print(f"\ntrue claims: {len(true_lines)} lines, flagged {len(false)}")
    assert false == []


def test_no_findings_off_the_seeded_lines(result):
    report, truth = result
    error_lines = {e["line"] for e in truth["errors"]}
    extra = [(f.doc.line, f.rule, f.message[:100]) for f in _flagged(report) if f.doc.line not in error_lines]
    print(f"\nfindings on lines that are not seeded errors: {len(extra)}")
    assert len(extra) <= 3, extra


def test_some_true_claims_verified(result):
    report, truth = result
    verified_lines = {v.doc.line for v in report.verified if v.doc}
    true_lines = {t["line"] for t in truth["true_claims"]}
    assert len(true_lines & verified_lines) >= len(true_lines) // 2
