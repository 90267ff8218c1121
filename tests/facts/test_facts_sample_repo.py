"""`k8sfix facts sample_repo --json` lists every workload of the chart and of every overlay."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from k8sfix_tui.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "sample_repo"


@pytest.fixture(scope="module")
def facts_json(tmp_path_factory):
    if not (SAMPLE / "k8s").is_dir():
        pytest.skip("sample_repo not present")
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(["facts", str(SAMPLE), "--json", "--renderer", "embedded"]) == 0
    return json.loads(out.getvalue())


def _workload_names(directory: Path) -> set[str]:
    import yaml

    names = set()
    for f in directory.rglob("*.yaml"):
        for doc in yaml.safe_load_all(f.read_text()):
            if isinstance(doc, dict) and doc.get("kind") in ("Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job"):
                names.add(doc["metadata"]["name"])
    return names


def test_every_overlay_lists_every_base_workload(facts_json):
    base_names = _workload_names(SAMPLE / "k8s" / "base")
    assert base_names
    overlays = [o["path"] for o in facts_json["overlays"] if o["is_overlay"]]
    assert overlays
    for overlay in overlays:
        got = [w for w in facts_json["workloads"] if w["origin"] == f"overlay {overlay}"]
        assert len(got) >= len(base_names), overlay
        assert all(w["source"]["path"].startswith("k8s/") for w in got)
    manifests = {w["name"] for w in facts_json["workloads"] if w["origin"] == "manifests"}
    assert base_names <= manifests


def test_chart_workloads_listed(facts_json):
    charts = facts_json["charts"]
    assert charts and charts[0]["templates"]
    if facts_json["renderers"].get("helm") == "unavailable":
        pytest.skip("helm renderer not available yet")
    chart = charts[0]
    origin = f"chart {chart['path']} (default values)"
    got = [w for w in facts_json["workloads"] if w["origin"] == origin]
    templates = {w["source"]["path"] for w in got}
    assert got and all(t.startswith(chart["path"] + "/templates/") for t in templates)
    profiles = [p for p in facts_json["profiles"] if p["rendered"]]
    assert profiles and all(p["workloads"] for p in profiles)


def test_sample_automation(facts_json):
    targets = {t["name"] for t in facts_json["make_targets"]}
    assert {"deploy", "deploy-dev", "deploy-prod", "help"} <= targets
    assert any(h["chart_path"] == "deploy/helm/larkspur" for h in facts_json["helm_invocations"])
    assert facts_json["workflows"] and facts_json["hosts_entries"]
