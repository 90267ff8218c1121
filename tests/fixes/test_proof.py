"""The brief's proof on a temporary git copy of sample_repo, through the real pipeline
(facts -> doc -> drift -> fixes -> apply -> commit -> check again -> validate -> fix again)."""

from __future__ import annotations

import pytest

from k8sfix_tui.cli import main
from k8sfix_tui.engine import Session

from .seeded import DOC_PATH, git, git_copy_of_sample

drift = pytest.importorskip("k8sfix_tui.drift")

@pytest.fixture(scope="module")
def fixed_repo(tmp_path_factory):
    repo = git_copy_of_sample(tmp_path_factory.mktemp("proof") / "sample")
    before = Session(repo, docs=[DOC_PATH])
    before.analyse()
    head = git(repo, "rev-parse", "HEAD").strip()
    assert main(["fix", str(repo), "--doc", DOC_PATH, "--accept", "all", "--commit"]) == 0
    return repo, head, before

def test_exactly_one_commit_touching_only_the_doc(fixed_repo):
    repo, head, _ = fixed_repo
    assert git(repo, "rev-list", "--count", f"{head}..HEAD").strip() == "1"
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == [DOC_PATH]
    assert git(repo, "status", "--porcelain").strip() == ""

def test_second_check_resolves_most_errors_and_fix_is_idempotent(fixed_repo):
    repo, _, before = fixed_repo
    after = Session(repo, docs=[DOC_PATH])
    after.analyse()
    errors_before = [f for f in before.findings if f.severity == "error" and f.doc]
    errors_after = [f for f in after.findings if f.severity == "error" and f.doc]
    fixable_before = {r for fx in before.fixes for r in fx.resolves}
    print(f"\nerrors before: {len(errors_before)} ({len(fixable_before)} findings had a fix); after: {len(errors_after)}")
    for f in errors_after:
        print(f"  remains: {f.doc.path}:{f.doc.line} {f.rule} {f.message}")
    assert errors_after == [], "a second check has no error findings left"
    assert after.fixes == [], [f.rationale for f in after.fixes]  # running fix again proposes nothing

def test_validate_after_fix(fixed_repo):
    repo, _, _ = fixed_repo
    s = Session(repo, docs=[DOC_PATH])
    s.analyse()
    report = s.validate()
    status = {(c.id, c.status) for c in report.checks}
    print("\n" + report.to_text())
    for check in ("yaml-parse", "k8s-schema", "bash-syntax", "links", "commands", "repo-sources"):
        assert (check, "fail") not in status, [c for c in report.checks if c.id == check]
    assert report.passed, [c for c in report.checks if c.status == "fail"]
