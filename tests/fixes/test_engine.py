"""Session and the fix/validate commands on a temporary git copy of sample_repo.

The analysis is pinned to the seeded ground-truth findings (tests/data/sample_seeded.yaml) so these
tests exercise fixes, apply, validate and commit independently of the drift rules; test_proof.py
runs the real pipeline end to end.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from k8sfix_tui.cli import main
from k8sfix_tui.engine import Session, SimpleReport
from k8sfix_tui.errors import ApplyError
from k8sfix_tui.fixes import apply_fixes
from k8sfix_tui.fixes.content import GENERATORS, generate

from .seeded import DOC_PATH, git, git_copy_of_sample, seeded_findings

SECRETS = ("changeme-not-a-real-password", "fake-session-secret-for-local-use-only", "sk_test_fake_0000000000000000")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    r = git_copy_of_sample(tmp_path / "sample")

    def pinned(self, docs, progress):
        from k8sfix_tui.fixes.validate import load_facts
        from k8sfix_tui.fixes.docview import DocView

        facts = load_facts(self.repo)
        text = (Path(self.repo) / DOC_PATH).read_text(encoding="utf-8")
        return facts, [DocView.parse(DOC_PATH, text)], SimpleReport(findings=seeded_findings())

    monkeypatch.setattr(Session, "_run_analysis", pinned)
    return r


def test_session_apply_commit(repo):
    s = Session(repo)
    s.analyse()
    assert s.docs == [DOC_PATH]
    fixes = s.fixes
    assert len(fixes) >= 40
    accept = {f: "accept" for f in s.auto_accept_ids()}
    preview = s.preview(DOC_PATH, accept)
    assert preview == apply_fixes(s.texts[DOC_PATH], fixes)
    head = git(repo, "rev-parse", "HEAD").strip()
    changed = s.apply(accept)
    assert changed == [DOC_PATH]
    assert (repo / DOC_PATH).read_text(encoding="utf-8") == preview
    msg = s.default_commit_message()
    assert msg.splitlines()[0].startswith("docs: sync docs/kubernetes-deployment.md")
    groups = {f.group or f.id for f in fixes}
    assert len([ln for ln in msg.splitlines() if ln.startswith("- ")]) == len(groups)
    sha = s.commit()
    assert git(repo, "rev-list", "--count", f"{head}..{sha}").strip() == "1"
    assert git(repo, "show", "--name-only", "--format=", sha).split() == [DOC_PATH]
    report = s.validate()
    assert {c.id for c in report.checks} >= {"yaml-parse", "bash-syntax", "links", "paths", "placeholders"}
    assert not [c for c in report.checks if c.id == "yaml-parse" and c.status == "fail"]


def test_groups_are_decided_together(tmp_path):
    from k8sfix_tui.model import Fix

    s = Session(tmp_path)
    s._fixes = [Fix(i, "d.md", "remove", n, n, "x\n", "", "r", [i], group=g)
                for i, n, g in (("a", 1, "phantom:Istio"), ("b", 3, "phantom:Istio"), ("c", 5, None))]
    assert {f.id for f in s.resolve({"a": "accept"})} == {"a", "b"}
    assert [f.id for f in s.resolve({"a": "accept", "b": "reject", "c": "accept"})] == ["c"]
    assert s.resolve({"b": "reject"}) == []
    with pytest.raises(Exception, match="no fix 'zzz'"):
        s.resolve({"zzz": "accept"})


def test_edit_decision(repo):
    s = Session(repo)
    s.analyse()
    fx = next(f for f in s.fixes if f.kind == "replace-value")
    out = s.preview(DOC_PATH, {fx.id: ("edit", "EDITED LINE")})
    assert out.split("\n")[fx.start_line - 1] == "EDITED LINE"


def test_apply_refuses_document_changed_since_analysis(repo):
    s = Session(repo)
    s.analyse()
    (repo / DOC_PATH).write_text("someone else's edit\n", encoding="utf-8")
    with pytest.raises(ApplyError, match="changed since analysis"):
        s.apply({f: "accept" for f in s.auto_accept_ids()})
    assert (repo / DOC_PATH).read_text(encoding="utf-8") == "someone else's edit\n"


def test_cli_lists_without_accept_and_writes_nothing(repo, capsys):
    before = (repo / DOC_PATH).read_text(encoding="utf-8")
    assert main(["fix", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "fix-001" in out and "resolves:" in out
    assert (repo / DOC_PATH).read_text(encoding="utf-8") == before


def test_cli_dry_run_diff_applies_with_git(repo, capsys):
    assert main(["fix", str(repo), "--accept", "all", "--dry-run"]) == 0
    diff = capsys.readouterr().out
    assert diff.startswith("diff --git a/docs/kubernetes-deployment.md")
    for secret in SECRETS:
        assert not [ln for ln in diff.splitlines() if ln.startswith("+") and secret in ln]
    patch = repo.parent / "fix.patch"
    patch.write_text(diff, encoding="utf-8")
    git(repo, "apply", "--check", str(patch))


def test_cli_accept_by_rule_and_reject(repo, capsys):
    assert main(["fix", str(repo), "--accept", "rule:wrong-path", "--reject", "fix-001", "--dry-run"]) == 0
    diff = capsys.readouterr().out
    assert "+| `k8s/overlays/` |" in diff
    assert "k8s/environments" in diff and "larkspur-kafka" not in diff.split("\n+")[-1]


def test_cli_commit(repo, capsys):
    head = git(repo, "rev-parse", "HEAD").strip()
    assert main(["fix", str(repo), "--accept", "all", "--commit", "--branch", "auto"]) == 0
    out = capsys.readouterr().out
    assert "committed" in out and "docs/k8s-sync-" in out
    assert git(repo, "rev-list", "--count", f"{head}..HEAD").strip() == "1"
    assert git(repo, "status", "--porcelain").strip() == ""


def test_cli_unknown_fix_id_is_usage_error(repo, capsys):
    assert main(["fix", str(repo), "--accept", "fix-999"]) == 2
    assert "no fix 'fix-999'" in capsys.readouterr().err


def test_cli_validate_json(repo, capsys):
    rc = main(["validate", str(repo), "--doc", DOC_PATH, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert rc == (0 if data["passed"] else 1)
    assert {"yaml-parse", "troubleshooting", "all-deployments"} <= {c["id"] for c in data["checks"]}
    # the seeded doc has a broken YAML snippet and placeholders: validation must say so
    fails = {c["id"] for c in data["checks"] if c["status"] == "fail"}
    assert {"yaml-parse", "placeholders"} <= fails


def test_no_secret_value_in_any_output(repo, capsys):
    s = Session(repo)
    s.analyse()
    blobs = [json.dumps([f.to_json() for f in s.fixes])]
    blobs += [generate(name, s.facts) for name in GENERATORS]
    blobs.append(json.dumps(s.validate().to_json()))
    main(["fix", str(repo), "--format", "json"])
    blobs.append(capsys.readouterr().out)
    for blob in blobs:
        for secret in SECRETS:
            new_lines = [ln for ln in blob.splitlines() if secret in ln]
            # the document itself quotes one fake key in a snippet: only its OLD text may carry it
            assert all("old_text" in ln for ln in new_lines), (secret, new_lines[:2])


def test_hand_edited_generated_section_needs_explicit_accept(tmp_path, monkeypatch, capsys):
    from k8sfix_tui.fixes.docview import DocView
    from k8sfix_tui.fixes.markers import wrap

    from .factory import make_facts

    facts = make_facts(str(tmp_path))
    body = generate("workloads", facts)
    doc = "# Shop\n\n## Workloads\n\n" + wrap("workloads", body).replace("Deployment ", "Deploymnt  ") + "\n"
    (tmp_path / "DEPLOY.md").write_text(doc, encoding="utf-8")
    facts.workloads[0].replicas = 7  # the repository changed since generation

    def pinned(self, docs, progress):
        return facts, [DocView.parse("DEPLOY.md", doc)], SimpleReport()

    monkeypatch.setattr(Session, "_run_analysis", pinned)
    s = Session(tmp_path, docs=["DEPLOY.md"])
    s.analyse()
    assert [f.field for f in s.findings] == ["generated-section"]
    assert [f.kind for f in s.fixes] == ["regenerate-section"]
    assert "hand-edited since generation" in s.fixes[0].rationale
    assert s.auto_accept_ids() == []
    assert main(["fix", str(tmp_path), "--doc", "DEPLOY.md", "--accept", "all"]) == 0
    assert (tmp_path / "DEPLOY.md").read_text(encoding="utf-8") == doc  # --accept all left it alone
    assert main(["fix", str(tmp_path), "--doc", "DEPLOY.md", "--accept", "fix-001"]) == 0
    assert "| 7 (`api.replicas`)" in (tmp_path / "DEPLOY.md").read_text(encoding="utf-8")


def test_document_outside_repo_is_usage_error(tmp_path):
    from k8sfix_tui.errors import UsageError

    with pytest.raises(UsageError, match="outside the repository"):
        Session(tmp_path, docs=["../elsewhere.md"])


def test_cli_commit_refused_before_anything_is_written(repo, capsys):
    shutil.rmtree(repo / ".git")
    before = (repo / DOC_PATH).read_text(encoding="utf-8")
    assert main(["fix", str(repo), "--accept", "all", "--commit"]) == 2
    assert "not a git repository" in capsys.readouterr().err
    assert (repo / DOC_PATH).read_text(encoding="utf-8") == before
