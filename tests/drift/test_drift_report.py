"""Report: JSON shape, stable ids, waivers, severity config, coverage, exit codes."""

from drift_kit import chart, claim, deployment, facts, run
from k8sfix_tui.config import Config


def _f():
    return facts(deployment("api", replicas=2))


def test_json_shape_is_exact():
    rep = run(_f(), [claim("replicas", "3", subject="api", line=4), claim("replicas", "2", subject="api", line=5)])
    data = rep.to_json()
    assert list(data) == ["tool", "version", "repo", "docs", "findings", "verified", "pitfalls", "coverage", "summary"]
    assert data["tool"] == "k8sfix" and data["docs"] == ["docs/deploy.md"]
    f = data["findings"][0]
    assert list(f) == ["id", "rule", "severity", "area", "doc", "subject", "field", "doc_value", "actual_value",
                       "evidence", "message", "fix"]
    assert list(f["doc"]) == ["path", "line", "end_line", "section"]
    assert all(list(e) == ["path", "line", "note"] for e in f["evidence"])
    assert data["verified"][0]["rule"] is None
    assert set(data["coverage"]) >= {"workloads", "monitoring"}
    assert data["coverage"]["workloads"] == {"status": "drift", "findings": 1}
    assert data["summary"] == {"error": 1, "warning": 0, "info": 0}


def test_ids_are_stable_and_unique():
    claims = [claim("replicas", "3", subject="api", line=4), claim("image", "x:1", subject="api", line=4)]
    a = [f.id for f in run(_f(), claims).findings]
    b = [f.id for f in run(_f(), claims).findings]
    assert a == b and len(set(a)) == len(a)


def test_waiver_keeps_finding_but_does_not_count():
    rep = run(_f(), [claim("replicas", "3", subject="api", line=4)],
              waivers={4: (["value-mismatch"], "prod value on purpose")})
    f = rep.findings[0]
    assert f.waived and f.waiver_reason == "prod value on purpose"
    assert rep.summary["error"] == 0 and rep.exit_code("error") == 0
    assert rep.to_json()["findings"][0]["waived"] is True
    other = run(_f(), [claim("replicas", "3", subject="api", line=4)], waivers={4: (["wrong-path"], "x")})
    assert not other.findings[0].waived and other.exit_code() == 1


def test_severity_config_and_off():
    claims = [claim("replicas", "3", subject="api", line=4), claim("placeholder", "TODO", line=6)]
    rep = run(_f(), claims, config=Config(severity={"value-mismatch": "warning", "placeholder": "off"}))
    assert [(f.rule, f.severity) for f in rep.findings if f.rule != "undocumented-resource"] == [
        ("value-mismatch", "warning")]
    assert rep.exit_code("error") == 0 and rep.exit_code("warning") == 1 and rep.exit_code("never") == 0


def test_ignore_paths():
    rep = run(_f(), [claim("replicas", "3", subject="api", line=4)], config=Config(ignore_paths=["docs/"]))
    assert rep.findings == []


def test_duplicate_claims_report_once():
    claims = [claim("replicas", "3", subject="api", line=4), claim("replicas", "3", subject="API", line=4)]
    assert len([f for f in run(_f(), claims).findings if f.rule == "value-mismatch"]) == 1


def test_pitfalls_hook_is_optional():
    rep = run(_f(), [])
    assert isinstance(rep.pitfalls, list)


def test_config_profile_becomes_the_default_origin():
    from k8sfix_tui.model import Profile

    chart_api = deployment("app-api", replicas=2, origin="chart deploy/chart (default values)")
    prod_api = deployment("app-api", replicas=5, origin="make deploy-prod")
    prof = Profile("make deploy-prod", None, "app", "prod", ["deploy/chart/values-prod.yaml"], [], [prod_api])
    f = facts(chart_api, profiles=[prof], charts=[chart(name="app")])
    claims = [claim("replicas", "5", subject="api", line=4)]
    assert ("value-mismatch", "info") in [(x.rule, x.severity) for x in run(f, claims).findings]
    for cfg in (Config(profiles=["make deploy-prod"]), Config(values=["values-prod.yaml"])):
        rep = run(f, claims, config=cfg)
        assert not [x for x in rep.findings if x.rule == "value-mismatch"]
        assert rep.verified and "make deploy-prod" in rep.verified[0].message
