"""Output formats: text, JSON, SARIF 2.1.0 structure, GitHub annotations, JUnit XML."""

import json
import xml.etree.ElementTree as ET

import pytest

from drift_kit import claim, deployment, facts, run
from k8sfix_tui.drift.formats import render
from k8sfix_tui.errors import UsageError


@pytest.fixture()
def report():
    f = facts(deployment("api", replicas=2))
    return run(f, [claim("replicas", "3", subject="api", line=4), claim("replicas", "2", subject="api", line=5),
                   claim("placeholder", "your-org", line=7, text="git clone git@github.com:your-org/x")],
               waivers={7: (["placeholder"], "demo")})


def test_text(report):
    out = render(report, "text")
    assert "docs/deploy.md:4: error value-mismatch: The doc says 'api' has replicas 3" in out
    assert "(waived)" in out and "Coverage by area:" in out and "workloads" in out


def test_json_round_trips(report):
    assert json.loads(render(report, "json")) == json.loads(json.dumps(report.to_json(), default=str))


def test_sarif_structure(report):
    doc = json.loads(render(report, "sarif"))
    assert doc["$schema"].endswith("sarif-2.1.0.json") and doc["version"] == "2.1.0"
    assert isinstance(doc["runs"], list) and len(doc["runs"]) == 1
    run_ = doc["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "k8sfix" and driver["version"]
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids)) and "value-mismatch" in ids
    for r in driver["rules"]:
        assert r["shortDescription"]["text"] and r["helpUri"].startswith("https://")
    assert run_["results"]
    for res in run_["results"]:
        assert res["ruleId"] in ids and driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note", "none")
        assert res["message"]["text"]
        for loc in res["locations"]:
            phys = loc["physicalLocation"]
            assert phys["artifactLocation"]["uri"]
            assert phys["region"]["startLine"] >= 1 and phys["region"]["endLine"] >= phys["region"]["startLine"]
    waived = [r for r in run_["results"] if r["ruleId"] == "placeholder"]
    assert waived and waived[0]["suppressions"][0]["kind"] == "inSource"


def test_github(report):
    lines = render(report, "github").splitlines()
    assert lines[0].startswith("::error file=docs/deploy.md,line=4,title=value-mismatch::The doc says")
    assert not any("placeholder" in line for line in lines)  # waived


def test_junit_parses(report):
    root = ET.fromstring(render(report, "junit"))
    assert root.tag == "testsuites"
    cases = root.findall(".//testcase")
    assert len(cases) >= 3
    failures = root.findall(".//failure")
    assert any(f.get("type") == "value-mismatch" for f in failures)
    assert root.findall(".//skipped")
    assert int(root.get("failures")) == len(failures)


def test_unknown_format(report):
    with pytest.raises(UsageError):
        render(report, "xml")


def test_text_does_not_repeat_a_location_the_message_starts_with(report):
    from dataclasses import replace

    f = report.findings[0]
    loc = f"{f.doc.path}:{f.doc.line}"
    report.findings[0] = replace(f, message=f"{loc}: helm template failed: boom")
    line = next(ln for ln in render(report, "text").splitlines() if "helm template failed" in ln)
    assert line.count(loc) == 1 and line.endswith(": helm template failed: boom"), line


def test_sarif_uri_of_a_document_outside_the_repository_is_a_file_uri(report, tmp_path):
    from dataclasses import replace

    outside = str(tmp_path / "elsewhere" / "deploy.md")
    f = report.findings[0]
    report.findings[0] = replace(f, doc=replace(f.doc, path=outside))
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(render(report, "sarif"))["runs"][0]["results"]]
    assert (tmp_path / "elsewhere" / "deploy.md").as_uri() in uris
    assert "docs/deploy.md" in uris  # repository-relative paths stay relative


def test_junit_case_names_say_what_was_checked(report):
    root = ET.fromstring(render(report, "junit"))
    names = [c.get("name") for c in root.findall(".//testcase")]
    assert "docs/deploy.md:7 placeholder your-org" in names, names  # no subject: the value the doc states
