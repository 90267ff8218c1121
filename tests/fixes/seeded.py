"""The sample document's seeded errors (tests/data/sample_seeded.yaml) as Findings with claims and spans,
so fix generation can be tested on realistic findings independently of the drift rules."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from k8sfix_tui.model import Claim, DocRef, Evidence, Finding

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_repo"
DOC_PATH = "docs/kubernetes-deployment.md"

FORMS = {"tree": "tree"}


def seeded_findings() -> list[Finding]:
    data = yaml.safe_load((ROOT / "tests" / "data" / "sample_seeded.yaml").read_text(encoding="utf-8"))
    lines = (SAMPLE / DOC_PATH).read_text(encoding="utf-8").split("\n")
    out = []
    for e in data["errors"]:
        line = e["line"]
        text = lines[line - 1]
        value = e["doc_value"]
        span = None
        m = re.search(r"(?<![\w.-])" + re.escape(str(value)) + r"(?![\w-])", text) if value else None
        if m:
            span = (m.start(), m.end())
        form = "prose"
        stripped = text.strip()
        if stripped.startswith("|"):
            form = "table"
        elif stripped.startswith(("├", "└", "│")):
            form = "tree"
        ref = DocRef(DOC_PATH, line, line, "")
        claim = Claim(ref, form, e["area"], e["subject"], e["field"], value, text, span, {})
        out.append(Finding(e["id"], e["rule"], "error", e["area"], ref, e["subject"], e["field"], value,
                           e["actual_value"], [Evidence("sample_repo", 0, "seeded")], e.get("note", ""),
                           claim=claim))
    return out


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` and return its stdout (tests only)."""
    import subprocess

    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def git_copy_of_sample(dest: Path) -> Path:
    """sample_repo copied to `dest` as a fresh git repository with one commit and a test identity."""
    import shutil

    shutil.copytree(SAMPLE, dest)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "config", "user.name", "Tester")
    git(dest, "config", "user.email", "t@example.org")
    git(dest, "add", ".")
    git(dest, "commit", "-q", "-m", "init")
    return dest
