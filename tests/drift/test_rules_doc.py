"""docs/rules.md is generated from the registries and committed fresh; every SARIF helpUri points at an
anchor it has; rules carry inline help; the helpUri base is configurable and always absolute."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from drift_kit import claim, deployment, facts, run
from k8sfix_tui.doc.markdown import github_slug
from k8sfix_tui.drift import formats, rulesdoc
from k8sfix_tui.drift.formats import render, to_sarif
from k8sfix_tui.errors import UsageError
from k8sfix_tui.fixes.content import GENERATORS
from k8sfix_tui.model import AREAS, RULES, Evidence, Finding
from k8sfix_tui.pitfalls.rules import NAMES

ROOT = Path(__file__).resolve().parents[2]
RULES_MD = ROOT / rulesdoc.DOC_PATH


def _anchors(text: str) -> set[str]:
    return {github_slug(m.group(2).replace("`", "")) for m in re.finditer(r"^(#{1,6})\s+(.*)$", text, re.M)}


@pytest.fixture()
def report():
    f = facts(deployment("api", replicas=2))
    rep = run(f, [claim("replicas", "3", subject="api", line=4)])
    rep.pitfalls.append(Finding(id="p1", rule="pitfall:image-latest", severity="warning", area="workloads", doc=None,
                                subject="Deployment/api", field="image", doc_value=None, actual_value="x:latest",
                                evidence=[Evidence("k8s/api.yaml", 7, "image")], message="latest tag"))
    return rep


def test_committed_rules_doc_is_fresh():
    assert RULES_MD.read_text(encoding="utf-8") == rulesdoc.markdown(), \
        "docs/rules.md is stale: run python scripts/rules_doc.py"


def test_registries_are_all_documented():
    assert set(rulesdoc.FIX_HELP) == set(RULES)
    assert set(rulesdoc.AREA_HELP) == set(AREAS) and len(AREAS) == 13
    assert set(rulesdoc.SECTION_HELP) == set(GENERATORS)
    ids = [r.id for r in rulesdoc.rule_docs()]
    assert ids[:len(RULES)] and set(ids) == set(RULES) | {f"pitfall:{n}" for n in NAMES}
    for r in rulesdoc.rule_docs():
        assert r.summary and r.fix and r.waive, r.id
        if r.kind == "pitfall":
            assert r.consequence, f"{r.id} has no consequence (pitfalls.sections.SYMPTOMS)"


def test_every_anchor_and_internal_link_exists():
    text = RULES_MD.read_text(encoding="utf-8")
    anchors = _anchors(text)
    for r in rulesdoc.rule_docs():
        assert r.anchor in anchors, r.id
    for area in AREAS:
        assert f"area-{area}" in anchors
    for name in GENERATORS:
        assert f"section-{name}" in anchors
    for target in re.findall(r"\]\(#([^)]+)\)", text):
        assert target in anchors, target


def test_sarif_help_uris_point_at_existing_anchors(report, monkeypatch):
    monkeypatch.delenv(formats.HELP_URI_ENV, raising=False)
    anchors = _anchors(RULES_MD.read_text(encoding="utf-8"))
    rules = json.loads(render(report, "sarif"))["runs"][0]["tool"]["driver"]["rules"]
    assert "pitfall:image-latest" in {r["id"] for r in rules}
    for r in rules:
        base, _, frag = r["helpUri"].partition("#")
        assert base == formats.HELP_URI_BASE and base.endswith("/" + rulesdoc.DOC_PATH)
        assert frag in anchors, r["id"]
        assert r["help"]["text"] and r["help"]["markdown"] and r["helpUri"] in r["help"]["markdown"]
        assert len(r["help"]["text"]) < 1200


@pytest.mark.parametrize("value, expected", [
    ("https://git.example.org/ops/k8sfix/docs/rules.md", "https://git.example.org/ops/k8sfix/docs/rules.md#"),
    ("file:///opt/k8sfix/docs/rules.md#ignored", "file:///opt/k8sfix/docs/rules.md#"),
    ("", None),
])
def test_help_uri_base_from_the_environment(report, monkeypatch, value, expected):
    monkeypatch.setenv(formats.HELP_URI_ENV, value)
    rules = json.loads(to_sarif(report))["runs"][0]["tool"]["driver"]["rules"]
    for r in rules:
        if expected is None:
            assert "helpUri" not in r and r["help"]["text"]
        else:
            assert r["helpUri"] == expected + rulesdoc.anchor(r["id"])


def test_relative_help_uri_base_is_refused(report, monkeypatch):
    monkeypatch.setenv(formats.HELP_URI_ENV, "docs/rules.md")
    with pytest.raises(UsageError, match="absolute URI"):
        to_sarif(report)
    monkeypatch.delenv(formats.HELP_URI_ENV)
    assert json.loads(to_sarif(report, help_base="https://x.test/r.md"))["runs"][0]["tool"]["driver"]["rules"][0][
        "helpUri"].startswith("https://x.test/r.md#")


def test_script_check_mode():
    import importlib.util

    spec = importlib.util.spec_from_file_location("rules_doc", ROOT / "scripts" / "rules_doc.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.main(["--check"]) == 0
