"""Consistency of the bundled sample repository and of its seeded-error ground truth.

`sample_repo/` is k8sfix's demo repository. `tests/data/sample_seeded.yaml` lists every drift seeded into
`sample_repo/docs/kubernetes-deployment.md` (and claims that are true); `tests/data/sample_pitfalls.yaml`
lists the operational pitfalls seeded into the manifests. These tests keep the three in step: exact line
numbers, values that really are (or are not) what the repository says, overlays that build, YAML that parses.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_repo"
DOC = SAMPLE / "docs" / "kubernetes-deployment.md"
CHART = SAMPLE / "deploy" / "helm" / "larkspur"
DATA = Path(__file__).resolve().parent / "data"

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

AREAS = (
    "structure", "workloads", "exposure", "storage", "config", "resources", "autoscaling", "probes",
    "networking", "helm", "minikube", "automation", "monitoring",
)
RULES = (
    "value-mismatch", "phantom-resource", "undocumented-resource", "wrong-path", "wrong-command",
    "placeholder", "invalid-snippet", "missing-topic",
)


def _load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)


SEEDED = _load(DATA / "sample_seeded.yaml")
ERRORS: list[dict[str, Any]] = SEEDED["errors"]
TRUE_CLAIMS: list[dict[str, Any]] = SEEDED["true_claims"]
PITFALLS: list[dict[str, Any]] = _load(DATA / "sample_pitfalls.yaml")["pitfalls"]
DOC_LINES = DOC.read_text(encoding="utf-8").split("\n")


def _dig(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        data = data[part]
    return data


def _norm(value: Any) -> str:
    """`30s` (a duration written in prose) compares equal to the integer seconds `30`."""
    text = str(value)
    return text[:-1] if re.fullmatch(r"\d+s", text) else text


def _make_targets() -> set[str]:
    text = (SAMPLE / "Makefile").read_text(encoding="utf-8")
    return {m.group(1) for m in re.finditer(r"^([A-Za-z0-9_.-]+)\s*:(?!=)", text, re.M)}


def _yaml_blocks(lines: list[str]) -> list[tuple[int, str]]:
    """(1-based first content line, text) of every ```yaml fenced block."""
    blocks, start, body = [], None, []
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if start is None and stripped in ("```yaml", "```yml"):
            start, body = number + 1, []
        elif start is not None and stripped == "```":
            blocks.append((start, "\n".join(body)))
            start = None
        elif start is not None:
            body.append(line)
    return blocks


# ---------------------------------------------------------------------------------------------
# The document and the shape of the ground truth
# ---------------------------------------------------------------------------------------------


def test_doc_is_long_and_has_front_matter() -> None:
    assert len(DOC_LINES) >= 400
    assert DOC_LINES[0] == "---"
    end = DOC_LINES.index("---", 1)
    front = yaml.load("\n".join(DOC_LINES[1:end]), Loader=Loader)
    assert {"title", "owner", "last_reviewed"} <= set(front)


def test_ground_truth_shape() -> None:
    ids = [e["id"] for e in ERRORS]
    assert len(ids) == len(set(ids))
    assert len(ERRORS) >= 30
    assert len(TRUE_CLAIMS) >= 10
    assert {e["area"] for e in ERRORS} == set(AREAS), "every area has at least one seeded error"
    for entry in ERRORS:
        assert entry["rule"] in RULES, entry
        assert entry["area"] in AREAS, entry
        assert entry["subject"] and entry["field"], entry
    for rule in ("value-mismatch", "phantom-resource", "undocumented-resource", "wrong-path", "wrong-command",
                 "placeholder", "invalid-snippet"):
        assert any(e["rule"] == rule for e in ERRORS), rule


@pytest.mark.parametrize("entry", ERRORS, ids=[e["id"] for e in ERRORS])
def test_error_line_holds_doc_value(entry: dict[str, Any]) -> None:
    assert 1 <= entry["line"] <= len(DOC_LINES)
    line = DOC_LINES[entry["line"] - 1]
    if entry["rule"] == "undocumented-resource":
        assert entry["doc_value"] is None
        return
    assert str(entry["doc_value"]) in line, (entry["id"], line)
    if entry["actual_value"] is not None and entry["rule"] == "value-mismatch":
        assert str(entry["doc_value"]) != str(entry["actual_value"])


@pytest.mark.parametrize("claim", TRUE_CLAIMS, ids=[f"L{c['line']}-{c['field']}" for c in TRUE_CLAIMS])
def test_true_claim_line_holds_value(claim: dict[str, Any]) -> None:
    assert str(claim["value"]) in DOC_LINES[claim["line"] - 1]


def test_true_claim_lines_carry_no_seeded_error() -> None:
    error_lines = {e["line"] for e in ERRORS}
    assert not error_lines & {c["line"] for c in TRUE_CLAIMS}


# ---------------------------------------------------------------------------------------------
# Actual values really are what the repository says
# ---------------------------------------------------------------------------------------------

SOURCED = [e for e in ERRORS if e.get("source")]


@pytest.mark.parametrize("entry", SOURCED, ids=[e["id"] for e in SOURCED])
def test_actual_value_matches_chart_source(entry: dict[str, Any]) -> None:
    file_name, _, key = entry["source"].partition(":")
    value = _norm(_dig(_load(CHART / file_name), key))
    assert value == _norm(entry["actual_value"])
    assert value != _norm(entry["doc_value"])


def test_chart_defaults_behind_true_claims() -> None:
    values = _load(CHART / "values.yaml")
    table = [
        ("api.replicas", 3), ("web.replicas", 2), ("api.containerPort", 8000), ("api.service.port", 8000),
        ("postgres.port", 5432), ("ingress.className", "nginx"), ("redis.persistence.size", "2Gi"),
        ("config.TICKET_HOLD_SECONDS", "600"), ("web.resources.limits.memory", "256Mi"),
        ("api.autoscaling.minReplicas", 3), ("api.podDisruptionBudget.minAvailable", 2),
        ("api.readinessProbe.httpGet.path", "/readyz"), ("gateway.readinessProbe.tcpSocket.port", 8081),
        ("web.service.nodePort", 30080), ("api.autoscaling.maxReplicas", 12),
        ("redis.image.tag", "7.2.5-alpine"),
    ]
    for key, expected in table:
        assert _dig(values, key) == expected, key


def test_wrong_paths_do_not_exist_and_actual_paths_do() -> None:
    for entry in (e for e in ERRORS if e["rule"] == "wrong-path"):
        wrong, actual = entry["doc_value"], entry["actual_value"]
        candidates = [SAMPLE / wrong, CHART / wrong]
        assert not any(p.exists() for p in candidates), entry["id"]
        if actual:
            assert (SAMPLE / actual).exists() or (CHART / actual).exists(), entry["id"]
    for claim in (c for c in TRUE_CLAIMS if c["field"] == "path"):
        assert (SAMPLE / claim["value"]).exists(), claim


def test_make_targets() -> None:
    targets = _make_targets()
    required = {"help", "images", "minikube-up", "deploy", "deploy-dev", "deploy-staging", "deploy-prod", "status",
                "logs", "port-forward", "undeploy", "lint", "template"}
    assert required <= targets
    for claim in (c for c in TRUE_CLAIMS if c["field"] == "make-target"):
        assert claim["value"] in targets
    for entry in (e for e in ERRORS if e["field"] == "make-target"):
        assert entry["doc_value"] not in targets
        assert entry["actual_value"] in targets
    # every `make X` in the doc names a real target, except the seeded wrong ones
    wrong = {e["doc_value"] for e in ERRORS if e["field"] == "make-target"}
    for target in re.findall(r"\bmake ([a-z][a-z0-9-]+)", "\n".join(DOC_LINES)):
        assert target in targets or target in wrong, target


def test_minikube_flags_in_script() -> None:
    script = (SAMPLE / "scripts" / "minikube-setup.sh").read_text(encoding="utf-8")
    for entry in (e for e in ERRORS if e["field"] == "minikube-flag"):
        assert entry["actual_value"].split("=")[-1] in script
        assert entry["doc_value"].split("=")[-1] not in script
    for needle in ("minikube start", "--cpus=", "--memory=", "--driver=", "--kubernetes-version=",
                   "addons enable ingress", "addons enable metrics-server", "docker-env", "docker build",
                   "minikube -p \"$PROFILE\" ip", "/etc/hosts", "api.larkspur.local"):
        assert needle in script, needle


def test_undocumented_component_is_deployed_but_never_mentioned() -> None:
    doc = "\n".join(DOC_LINES).lower()
    for entry in (e for e in ERRORS if e["rule"] == "undocumented-resource"):
        short = entry["subject"].removeprefix("larkspur-")
        assert short not in doc
        assert any(short in p.read_text() for p in (CHART / "templates").iterdir())
        assert (SAMPLE / "k8s" / "base" / f"{short}.yaml").exists()


def test_phantoms_are_absent_from_the_repository() -> None:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in SAMPLE.rglob("*")
             if p.is_file() and "docs" not in p.parts]
    blob = "\n".join(texts)
    for needle in ("VirtualService", "ServiceMonitor", "kafka", "grafana", "default-deny"):
        assert needle.lower() not in blob.lower(), needle
    assert "kind: HorizontalPodAutoscaler" in blob
    assert "name: larkspur-gateway\nspec:\n  scaleTargetRef" not in blob


def test_workflow_deploys_with_helm_and_waits_for_rollout() -> None:
    workflow = SAMPLE / ".github" / "workflows" / "deploy.yml"
    data = _load(workflow)
    text = workflow.read_text(encoding="utf-8")
    assert "deploy-staging" in data["jobs"]
    assert "helm upgrade --install" in text
    assert "--set image.tag=${{ github.sha }}" in text
    assert "values-staging.yaml" in text and (CHART / "values-staging.yaml").exists()
    assert "kubectl -n ${{ env.NAMESPACE }} rollout status" in text


def test_dockerfiles_exist_for_every_built_service() -> None:
    makefile = (SAMPLE / "Makefile").read_text(encoding="utf-8")
    services = re.search(r"^SERVICES\s*:=\s*(.+)$", makefile, re.M).group(1).split()
    for service in services:
        assert (SAMPLE / "services" / service / "Dockerfile").is_file(), service


# ---------------------------------------------------------------------------------------------
# YAML, script bits, overlays
# ---------------------------------------------------------------------------------------------

PLAIN_YAML = sorted(
    p for p in SAMPLE.rglob("*")
    if p.suffix in (".yaml", ".yml") and p.is_file() and "templates" not in p.parts
)


@pytest.mark.parametrize("path", PLAIN_YAML, ids=[str(p.relative_to(SAMPLE)) for p in PLAIN_YAML])
def test_yaml_files_parse(path: Path) -> None:
    docs = list(yaml.load_all(path.read_text(encoding="utf-8"), Loader=Loader))
    assert any(d is not None for d in docs)


def test_doc_yaml_blocks_parse_except_the_seeded_broken_one() -> None:
    broken = {e["line"] for e in ERRORS if e["rule"] == "invalid-snippet"}
    blocks = _yaml_blocks(DOC_LINES)
    assert len(blocks) >= 4
    failures = set()
    for start, text in blocks:
        try:
            yaml.load(text, Loader=Loader)
        except yaml.YAMLError:
            failures.add(start)
    # each failing block contains exactly one seeded invalid-snippet line
    assert len(failures) == len(broken) == 1
    for start in failures:
        end = start + len(dict(blocks)[start].split("\n"))
        assert any(start <= line < end for line in broken)


def test_chart_metadata() -> None:
    chart = _load(CHART / "Chart.yaml")
    assert chart["apiVersion"] == "v2" and chart["name"] == "larkspur"
    assert chart["version"] and chart["appVersion"]
    helpers = (CHART / "templates" / "_helpers.tpl").read_text(encoding="utf-8")
    for name in ("larkspur.name", "larkspur.fullname", "larkspur.labels", "larkspur.selectorLabels"):
        assert f'define "{name}"' in helpers


def test_script_is_executable() -> None:
    script = SAMPLE / "scripts" / "minikube-setup.sh"
    assert os.access(script, os.X_OK)
    assert script.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash")
    if shutil.which("git") and (ROOT / ".git").exists():
        out = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-s", str(script)], capture_output=True,
                             text=True, check=False).stdout
        if out:  # tracked: the executable bit must be in the index too
            assert out.startswith("100755"), out


@pytest.mark.parametrize("pitfall", PITFALLS, ids=[f"{p['name']}@{p['path']}" for p in PITFALLS])
def test_pitfall_lines(pitfall: dict[str, Any]) -> None:
    lines = (SAMPLE / pitfall["path"]).read_text(encoding="utf-8").split("\n")
    assert 1 <= pitfall["line"] <= len(lines)
    assert pitfall["text"] in lines[pitfall["line"] - 1]
    assert pitfall["description"]


def _kustomize(path: Path) -> list[dict[str, Any]]:
    if not shutil.which("kubectl"):
        pytest.skip("kubectl is not installed")
    proc = subprocess.run(["kubectl", "kustomize", str(path)], capture_output=True, text=True, timeout=60,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    return [d for d in yaml.load_all(proc.stdout, Loader=Loader) if d]


def _find(objs: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    return next(o for o in objs if o["kind"] == kind and o["metadata"]["name"] == name)


@pytest.fixture(scope="module")
def overlays() -> dict[str, list[dict[str, Any]]]:
    return {name: _kustomize(SAMPLE / "k8s" / "overlays" / name) for name in ("dev", "staging", "prod")}


def test_base_builds() -> None:
    objs = _kustomize(SAMPLE / "k8s" / "base")
    kinds = {o["kind"] for o in objs}
    assert {"Deployment", "StatefulSet", "Service", "Ingress", "ConfigMap", "Secret", "HorizontalPodAutoscaler",
            "PodDisruptionBudget", "NetworkPolicy", "CronJob"} <= kinds


def test_overlays_build_and_match_the_doc(overlays: dict[str, list[dict[str, Any]]]) -> None:
    dev, staging, prod = overlays["dev"], overlays["staging"], overlays["prod"]
    assert {o["metadata"].get("namespace") for o in dev if o["kind"] != "Namespace"} == {"larkspur-dev"}
    dev_api = _find(dev, "Deployment", "dev-larkspur-api")
    assert dev_api["spec"]["replicas"] == 1
    container = dev_api["spec"]["template"]["spec"]["containers"][0]
    assert container["imagePullPolicy"] == "Never" and container["image"].endswith(":dev")
    assert _find(staging, "Deployment", "larkspur-api")["spec"]["replicas"] == 2
    assert {o["metadata"].get("namespace") for o in staging} == {"larkspur-staging"}
    assert _find(prod, "Deployment", "larkspur-api")["spec"]["replicas"] == 6
    assert {o["metadata"].get("namespace") for o in prod} == {"larkspur-prod"}
    hpa = _find(prod, "HorizontalPodAutoscaler", "larkspur-api")["spec"]
    assert (hpa["minReplicas"], hpa["maxReplicas"]) == (6, 20)
    vct = _find(prod, "StatefulSet", "larkspur-postgres")["spec"]["volumeClaimTemplates"][0]["spec"]
    assert vct["resources"]["requests"]["storage"] == "100Gi" and vct["storageClassName"] == "premium-rwo"
    hosts = [r["host"] for r in _find(prod, "Ingress", "larkspur")["spec"]["rules"]]
    assert hosts == ["tickets.larkspur.events", "api.larkspur.events"]
    assert "www.larkspur.events" not in hosts


# ---------------------------------------------------------------------------------------------
# Claims checked against rendered objects: overlays with kubectl, the chart with helm when present
# ---------------------------------------------------------------------------------------------

RESOURCE_FIELDS = {
    "cpu-request": ("requests", "cpu"), "cpu-limit": ("limits", "cpu"),
    "memory-request": ("requests", "memory"), "memory-limit": ("limits", "memory"),
}
PROBE_HANDLERS = ("httpGet", "tcpSocket", "grpc", "exec")


def _named(objs: list[dict[str, Any]], name: str, *kinds: str) -> list[dict[str, Any]]:
    """Objects called `name` (or `<prefix>name`, for overlays with a namePrefix) of the given kinds."""
    return [o for o in objs if o["kind"] in kinds
            and (o["metadata"]["name"] == name or o["metadata"]["name"].endswith("-" + name))]


def _containers(objs: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    out = []
    for obj in _named(objs, name, "Deployment", "StatefulSet", "CronJob"):
        spec = obj["spec"]
        if obj["kind"] == "CronJob":
            spec = spec["jobTemplate"]["spec"]
        out += spec["template"]["spec"]["containers"]
    return out


def _observed(objs: list[dict[str, Any]], entry: dict[str, Any]) -> set[str] | None:
    """Every value the rendered objects hold for the entry's subject and field; None if not checkable."""
    subject, fld = entry["subject"], entry["field"]
    values: list[Any] = []
    if fld == "replicas":
        values = [o["spec"].get("replicas", 1) for o in _named(objs, subject, "Deployment", "StatefulSet")]
    elif fld in ("image", "image-tag"):
        images = [c["image"] for c in _containers(objs, subject)]
        values = images if fld == "image" else [i.rpartition(":")[2] for i in images]
    elif fld == "schedule":
        values = [o["spec"]["schedule"] for o in _named(objs, subject, "CronJob")]
    elif fld in ("service-port", "node-port"):
        key = "port" if fld == "service-port" else "nodePort"
        values = [p.get(key) for o in _named(objs, subject, "Service") for p in o["spec"]["ports"]]
    elif fld == "container-port":
        values = [p["containerPort"] for c in _containers(objs, subject) for p in c.get("ports", [])]
    elif fld in ("storage-size", "storage-class", "access-mode"):
        for obj in _named(objs, subject, "StatefulSet"):
            for vct in obj["spec"].get("volumeClaimTemplates", []):
                spec = vct["spec"]
                values += {"storage-size": [spec["resources"]["requests"]["storage"]],
                           "storage-class": [spec.get("storageClassName")],
                           "access-mode": spec["accessModes"]}[fld]
    elif fld in RESOURCE_FIELDS:
        group, res = RESOURCE_FIELDS[fld]
        values = [c.get("resources", {}).get(group, {}).get(res) for c in _containers(objs, subject)]
    elif fld in ("hpa-min", "hpa-max", "hpa-cpu-target"):
        for obj in _named(objs, subject, "HorizontalPodAutoscaler"):
            spec = obj["spec"]
            values += {"hpa-min": [spec.get("minReplicas")], "hpa-max": [spec["maxReplicas"]],
                       "hpa-cpu-target": [m["resource"]["target"].get("averageUtilization")
                                          for m in spec.get("metrics", []) if m["type"] == "Resource"]}[fld]
    elif fld.startswith("probe."):
        _, kind, attr = fld.split(".")
        for container in _containers(objs, subject):
            probe = container.get(f"{kind}Probe")
            if not probe:
                continue
            handler = next(h for h in PROBE_HANDLERS if h in probe)
            if attr == "type":
                values.append(handler)
            elif attr == "path":
                values.append(probe[handler].get("path"))
            elif attr == "port":
                values.append(probe[handler].get("port"))
            else:
                values.append(probe.get(attr))
    elif fld == "ingress-host":
        values = [r.get("host") for o in _named(objs, subject, "Ingress") for r in o["spec"]["rules"]]
    elif fld == "ingress-class":
        values = [o["spec"].get("ingressClassName") for o in _named(objs, subject, "Ingress")]
    elif fld == "namespace":
        values = [o["metadata"].get("namespace") for o in objs if o["kind"] != "Namespace"
                  and (subject.startswith("k8s/") or o["metadata"]["name"].endswith(subject))]
    elif fld == "configmap":
        values = [o["metadata"]["name"] for o in objs if o["kind"] == "ConfigMap"]
    elif fld == "configmap-value":
        values = [o.get("data", {}).get(entry["key"]) for o in _named(objs, subject, "ConfigMap")]
    elif fld == "secret-key":
        values = [k for o in _named(objs, subject, "Secret") for k in {**o.get("data", {}), **o.get("stringData", {})}]
    elif fld == "pdb-min-available":
        values = [o["spec"].get("minAvailable") for o in _named(objs, subject, "PodDisruptionBudget")]
    else:
        return None
    return {_norm(v) for v in values if v is not None}


def _check_entries(objs: list[dict[str, Any]], scope: str) -> int:
    checked = 0
    for entry in ERRORS:
        if entry["scope"] != scope or entry["rule"] != "value-mismatch":
            continue
        seen = _observed(objs, entry)
        if seen is None:
            continue
        assert seen, (entry["id"], "subject not found")
        assert _norm(entry["actual_value"]) in seen, (entry["id"], seen)
        assert _norm(entry["doc_value"]) not in seen, (entry["id"], seen)
        checked += 1
    for claim in TRUE_CLAIMS:
        if claim["scope"] != scope:
            continue
        seen = _observed(objs, {**claim})
        if seen is None:
            continue
        assert _norm(claim["value"]) in seen, (claim, seen)
        checked += 1
    return checked


@pytest.mark.parametrize("overlay", ["dev", "staging", "prod"])
def test_overlay_scoped_entries(overlays: dict[str, list[dict[str, Any]]], overlay: str) -> None:
    assert _check_entries(overlays[overlay], f"k8s/overlays/{overlay}") >= 1


def test_chart_scoped_entries_against_helm_template() -> None:
    """Run only where a real `helm` binary is on PATH (it is not needed anywhere else)."""
    helm = shutil.which("helm")
    if not helm:
        pytest.skip("helm is not installed")
    proc = subprocess.run([helm, "template", "larkspur", str(CHART)], capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    objs = [d for d in yaml.load_all(proc.stdout, Loader=Loader) if d]
    assert _check_entries(objs, "chart") >= 30
