"""The app's pure helpers (no textual): decisions with undo and groups, outline counts, filters, ranges."""

from __future__ import annotations

import subprocess
import sys

import git
import pytest

from k8sfix_tui.demo import create_demo_repo
from k8sfix_tui.errors import UsageError
from k8sfix_tui.model import DocRef, Finding, Fix
from k8sfix_tui.tui.screens.updates import map_range
from k8sfix_tui.tui.state import Decisions, FindingFilter, cycle, decision_kind, outline


def fix(fid: str, line: int, group: str | None = None) -> Fix:
    return Fix(fid, "d.md", "replace-value", line, line, "old\n", "new\n", "why", [f"f-{fid}"], "S", group)


FIXES = [fix("a", 1), fix("b", 2, "g"), fix("c", 3, "g"), fix("d", 4)]


@pytest.mark.parametrize("steps, expected", [
    ([(["a"], "accept")], {"a": "accept"}),
    ([(["b"], "accept")], {"b": "accept", "c": "accept"}),                    # a group is decided together
    ([(["c"], "reject")], {"b": "reject", "c": "reject"}),
    ([(["a"], "accept"), (["a"], "reject")], {"a": "reject"}),
    ([(["d"], ("edit", "x\n"))], {"d": ("edit", "x\n")}),
    ([(["b"], ("edit", "x\n"))], {"b": ("edit", "x\n"), "c": "accept"}),      # edit one, accept its group
    ([(["a", "d"], "accept"), (["a"], None)], {"d": "accept"}),
])
def test_decisions(steps, expected):
    d = Decisions(FIXES)
    for ids, decision in steps:
        d.decide(ids, decision)
    assert d.values == expected


@pytest.mark.parametrize("steps, undos, expected", [
    ([(["a"], "accept"), (["d"], "reject")], 1, {"a": "accept"}),
    ([(["a"], "accept"), (["a"], "reject")], 1, {"a": "accept"}),
    ([(["b"], "accept")], 1, {}),
    ([(["a"], "accept")], 2, {}),  # undo with nothing left is a no-op
])
def test_undo(steps, undos, expected):
    d = Decisions(FIXES)
    for ids, decision in steps:
        d.decide(ids, decision)
    for _ in range(undos):
        d.undo()
    assert d.values == expected


def test_unchanged_decision_is_not_an_undo_step():
    d = Decisions(FIXES)
    assert d.decide(["a"], "accept") is True
    assert d.decide(["a"], "accept") is False
    assert d.undo() == ["a"] and d.undo() is None


def test_counts():
    d = Decisions(FIXES)
    d.decide(["a"], "accept")
    d.decide(["b"], "reject")
    d.decide(["d"], ("edit", "y\n"))
    assert d.counts() == {"accepted": 2, "rejected": 2, "pending": 0, "edited": 1}


@pytest.mark.parametrize("value, kind", [(None, "pending"), ("accept", "accept"), ("reject", "reject"),
                                         (("edit", "t"), "edit"), (["edit", "t"], "edit")])
def test_decision_kind(value, kind):
    assert decision_kind(value) == kind


def finding(fid: str, line: int, area="workloads", rule="value-mismatch", sev="error", msg="m") -> Finding:
    return Finding(fid, rule, sev, area, DocRef("d.md", line, line, "S"), "api", "replicas", 3, 2, [], msg)


@pytest.mark.parametrize("flt, ids", [
    (FindingFilter(), ["1", "2", "3"]),
    (FindingFilter(area="storage"), ["2"]),
    (FindingFilter(rule="wrong-path"), ["3"]),
    (FindingFilter(severity="warning"), ["2"]),
    (FindingFilter(text="KAFKA"), ["3"]),
    (FindingFilter(area="workloads", severity="warning"), []),
])
def test_filter(flt, ids):
    items = [finding("1", 1), finding("2", 2, area="storage", sev="warning"),
             finding("3", 3, rule="wrong-path", msg="the Kafka path")]
    assert [f.id for f in items if flt.matches(f)] == ids


@pytest.mark.parametrize("options, current, nxt", [(("a", "b"), "", "a"), (("a", "b"), "a", "b"),
                                                   (("a", "b"), "b", ""), (("a",), "zz", "")])
def test_cycle(options, current, nxt):
    assert cycle(options, current) == nxt


def test_outline_counts_findings_per_section():
    from k8sfix_tui.doc import parse_document

    text = "# T\n\nintro\n\n## A\n\nx\ny\n\n### A1\n\nz\n\n## B\n\nw\n"
    doc = parse_document("d.md", text)
    root = outline(doc, [finding("1", 7), finding("2", 8), finding("3", 12), finding("4", 16),
                         finding("5", 3)])
    (top,) = root.children
    a, b = top.children
    assert (root.total, top.total, top.own) == (5, 5, 1)
    assert (a.title, a.own, a.total) == ("A", 2, 3)
    assert (a.children[0].title, a.children[0].total) == ("A1", 1)
    assert (b.title, b.total) == ("B", 1)


@pytest.mark.parametrize("old, new, rng, expected", [
    ("a b c d e", "a b c d e", (2, 3), (2, 3, set())),
    ("a b c d e", "a B c d e", (2, 3), (2, 3, {2})),
    ("a b c d e", "a b x y c d e", (2, 3), (2, 5, {3, 4})),     # inserted inside the range
    ("a b c d e", "a c d e", (2, 3), (2, 2, set())),            # first line removed
    ("a b c d e", "a b c d e f", (4, 5), (4, 6, {6})),          # appended at the end of the last section
])
def test_map_range(old, new, rng, expected):
    start, end, changed = map_range(old.split(), new.split(), *rng)
    assert (start, end) == expected[:2]
    assert changed == expected[2]


def test_create_demo_repo_makes_one_commit(tmp_path):
    repo = create_demo_repo(tmp_path / "demo")
    r = git.Repo(repo)
    assert len(list(r.iter_commits())) == 1
    assert not r.is_dirty(untracked_files=True)
    assert (repo / "docs" / "kubernetes-deployment.md").is_file()
    with pytest.raises(UsageError):
        create_demo_repo(repo)  # not empty


def test_demo_command_without_app_prints_the_path(tmp_path):
    dest = tmp_path / "d"
    out = subprocess.run([sys.executable, "-m", "k8sfix_tui", "demo", "--no-app", str(dest)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(dest)
    assert (dest / ".git").is_dir()


def test_tui_command_on_a_missing_directory_is_a_usage_error(tmp_path):
    out = subprocess.run([sys.executable, "-m", "k8sfix_tui", "tui", str(tmp_path / "missing")],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert "no such directory" in out.stderr and "Traceback" not in out.stderr


def test_tui_command_with_a_missing_document_is_a_usage_error(tmp_path):
    out = subprocess.run([sys.executable, "-m", "k8sfix_tui", "tui", str(tmp_path), "--doc", "nope.md"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert "nope.md" in out.stderr and "Traceback" not in out.stderr


def test_tui_command_without_a_terminal_says_what_to_run_instead(tmp_path):
    """In a pipe or CI job (no TTY) the app would wait for keys forever: refuse in one line."""
    out = subprocess.run([sys.executable, "-m", "k8sfix_tui", "tui", str(tmp_path)], stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert "needs a terminal" in out.stderr and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
