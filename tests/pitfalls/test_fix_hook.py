"""Proof that the sections plug into the fix generators once registered in `fixes.content`
(registration itself belongs to the fixes owner; here it is done with monkeypatch)."""

from __future__ import annotations

import pytest

from k8sfix_tui.doc.markdown import parse_document
from k8sfix_tui.fixes import apply_fixes, content, generate_fixes
from k8sfix_tui.fixes.markers import wrap
from k8sfix_tui.model import DocRef, Evidence, Finding
from k8sfix_tui.pitfalls import sections


@pytest.fixture
def registered(monkeypatch):
    for name, fn in sections.GENERATORS.items():
        monkeypatch.setitem(content.GENERATORS, name, fn)
    monkeypatch.setitem(content.TITLES, "troubleshooting", "Troubleshooting")
    monkeypatch.setitem(content.TITLES, "rollout", "Rollouts and rollbacks")
    monkeypatch.setitem(content.EMOJI, "troubleshooting", "🧯")
    monkeypatch.setitem(content.EMOJI, "rollout", "🔁")


def test_stale_rollout_section_is_regenerated(registered, sample_facts):
    old = wrap("rollout", "helm rollback old-release 1\n")
    doc = parse_document("docs/deploy.md", "# Deploy\n\n## Rollouts\n\n" + old + "\n## End\n")
    fixes = generate_fixes([], sample_facts, doc)
    assert len(fixes) == 1 and fixes[0].kind == "regenerate-section"
    new = apply_fixes(doc.text, fixes)
    assert "helm rollback larkspur <REVISION> -n larkspur-staging" in new and "old-release" not in new


def test_missing_troubleshooting_topic_inserts_a_section(registered, sample_facts):
    doc = parse_document("docs/deploy.md", "# Deploy\n\n## Install\n\nRun it.\n")
    finding = Finding(id="f1", rule="missing-topic", severity="warning", area="workloads",
                      doc=DocRef("docs/deploy.md", 1, 5, "Deploy"), subject=None, field="troubleshooting",
                      doc_value=None, actual_value=None, evidence=[Evidence("Makefile", 1, "x")],
                      message="no troubleshooting section")
    fixes = generate_fixes([finding], sample_facts, doc)
    assert [f.kind for f in fixes] == ["insert-section"]
    new = apply_fixes(doc.text, fixes)
    assert "## Troubleshooting" in new and "kubectl -n larkspur logs deploy/larkspur-api" in new
    assert "k8sfix:begin troubleshooting" in new
