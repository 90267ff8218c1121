"""`k8sfix check`: exit codes, formats on stdout, never writes files."""

import json
import os

import pytest

from k8sfix_tui.cli import main

MANIFEST = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.0
          ports:
            - containerPort: 8080
"""


def _repo(tmp_path, doc: str):
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s/api.yaml").write_text(MANIFEST)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/deploy.md").write_text(doc)
    return tmp_path


GOOD = "# Deploy\n\nThe `api` Deployment runs 2 replicas and listens on port 8080.\n\nApply `k8s/api.yaml`.\n"
BAD = "# Deploy\n\nThe `api` Deployment runs 5 replicas and listens on port 8080.\n\nApply `k8s/app.yaml`.\n"


def _snapshot(root):
    out = {}
    for d, _dirs, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            out[p] = os.stat(p).st_mtime_ns
    return out


def test_clean_doc_exits_0(tmp_path, capsys):
    repo = _repo(tmp_path, GOOD)
    assert main(["check", str(repo), "--doc", "docs/deploy.md"]) == 0
    assert "0 error(s)" in capsys.readouterr().out


def test_findings_exit_1_and_nothing_written(tmp_path, capsys):
    repo = _repo(tmp_path, BAD)
    before = _snapshot(repo)
    assert main(["check", str(repo), "--doc", "docs/deploy.md", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    rules = {(f["rule"], f["doc"]["line"]) for f in data["findings"]}
    assert ("value-mismatch", 3) in rules and ("wrong-path", 5) in rules
    assert _snapshot(repo) == before


@pytest.mark.parametrize("fail_on,code", [("never", 0), ("error", 1), ("warning", 1)])
def test_fail_on(tmp_path, capsys, fail_on, code):
    repo = _repo(tmp_path, BAD)
    assert main(["check", str(repo), "--doc", "docs/deploy.md", "--fail-on", fail_on]) == code


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope")]) == 2
    repo = _repo(tmp_path, GOOD)
    assert main(["check", str(repo), "--doc", "docs/missing.md"]) == 2
    assert main(["check", str(repo), "--format", "xml"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_every_format_prints(tmp_path, capsys, fmt):
    repo = _repo(tmp_path, BAD)
    main(["check", str(repo), "--doc", "docs/deploy.md", "--format", fmt])
    assert capsys.readouterr().out.strip()


def test_discovers_documents(tmp_path, capsys):
    repo = _repo(tmp_path, BAD)
    (repo / "CHANGELOG.md").write_text("kubectl helm deployment replicas kubernetes\n")
    assert main(["check", str(repo), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["docs"] == ["docs/deploy.md"]


def test_stale_generated_section_is_reported(tmp_path, capsys):
    """A k8sfix-generated section whose content no longer matches the repository is a value-mismatch."""
    markers = pytest.importorskip("k8sfix_tui.fixes.markers")
    content = pytest.importorskip("k8sfix_tui.fixes.content")
    from k8sfix_tui.facts import collect

    repo = _repo(tmp_path, GOOD)
    facts = collect(str(repo))
    body = content.generate("workloads", facts)
    doc = GOOD + "\n## Workloads\n\n" + markers.wrap("workloads", body) + "\n"
    (repo / "docs/deploy.md").write_text(doc)
    assert main(["check", str(repo), "--doc", "docs/deploy.md", "--format", "json"]) == 0
    capsys.readouterr()
    (repo / "k8s/api.yaml").write_text(MANIFEST.replace("replicas: 2", "replicas: 4"))
    main(["check", str(repo), "--doc", "docs/deploy.md", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert any(f["field"] == "generated-section" and f["rule"] == "value-mismatch" for f in data["findings"])


def test_waiver_above_a_yaml_block_covers_its_fields(tmp_path, capsys):
    doc = ("# Deploy\n\nThe `api` Deployment runs 2 replicas.\n\n"
           "<!-- k8sfix: ignore value-mismatch -- shows the prod value on purpose -->\n"
           "```yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 7\n```\n")
    repo = _repo(tmp_path, doc)
    assert main(["check", str(repo), "--doc", "docs/deploy.md", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    waived = [f for f in data["findings"] if f.get("waived")]
    assert waived and waived[0]["rule"] == "value-mismatch" and waived[0]["doc"]["line"] == 12
    assert waived[0]["waiver_reason"] == "shows the prod value on purpose"


def test_unreadable_discovered_document_is_reported_not_fatal(tmp_path, capsys):
    repo = _repo(tmp_path, BAD)
    (repo / "docs/broken.md").write_bytes(b"# kubectl helm deployment replicas kubernetes \xff\xfe\n")
    assert main(["check", str(repo), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["docs"] == ["docs/deploy.md"]
    assert any(f["rule"] == "source-error" and "docs/broken.md" in f["message"] for f in data["findings"])
    assert main(["check", str(repo), "--doc", "docs/broken.md"]) == 2


def test_text_output_names_the_kustomize_renderer(tmp_path, capsys):
    repo = _repo(tmp_path, GOOD)
    (repo / "k8s/kustomization.yaml").write_text("resources: [api.yaml]\n")
    assert main(["check", str(repo), "--doc", "docs/deploy.md", "--renderer", "embedded"]) == 0
    assert "renderers: kustomize=embedded" in capsys.readouterr().out
    main(["check", str(repo), "--doc", "docs/deploy.md", "--renderer", "embedded", "--format", "json"])
    json.loads(capsys.readouterr().out)  # the JSON contract stays one document
