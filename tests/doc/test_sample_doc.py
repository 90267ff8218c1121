"""Every seeded error line and true-claim line of the sample document yields a claim with the expected field.

Ground truth: tests/data/sample_seeded.yaml (written alongside sample_repo/). Equivalences accepted:
- `path` is also satisfied by `script` / `workflow` claims and by a `tree` entry on that line;
- a field inside a YAML block is satisfied by the `yaml-object` whose field_lines include the line;
- `image-tag` is satisfied by an `image` claim whose reference carries that tag;
- `snippet` by the snippet claim of the block containing the line;
- values compare loosely: `30s` ~ `30`, `--memory=4096` ~ `4096`, `HPA` ~ HorizontalPodAutoscaler (as written).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from k8sfix_tui.doc import extract_claims, parse_document

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "sample_repo" / "docs" / "kubernetes-deployment.md"
SEEDED = ROOT / "tests" / "data" / "sample_seeded.yaml"

pytestmark = pytest.mark.skipif(not (DOC.exists() and SEEDED.exists()), reason="sample document or ground truth missing")


def _entries() -> list[tuple[str, dict[str, Any]]]:
    if not SEEDED.exists():
        return []
    data = yaml.safe_load(SEEDED.read_text(encoding="utf-8"))
    out = []
    for e in data.get("errors", []):
        if e.get("rule") == "undocumented-resource" and e.get("doc_value") is None:
            continue  # nothing in the document to extract
        out.append((e.get("id", f"E@{e['line']}"), e))
    for i, t in enumerate(data.get("true_claims", [])):
        out.append((f"T{i + 1}@{t['line']}", t))
    return out


@pytest.fixture(scope="module")
def extracted():
    doc = parse_document("docs/kubernetes-deployment.md", DOC.read_text(encoding="utf-8"))
    claims = extract_claims(doc, strict=True)
    by_line: dict[int, list] = {}
    for c in claims:
        for ln in range(c.doc.line, c.doc.end_line + 1):
            by_line.setdefault(ln, []).append(c)
    return doc, claims, by_line


def _norm(v: Any) -> str:
    text = str(v).strip().strip("`'\"")
    return text[:-1] if re.fullmatch(r"\d+s", text) else text


def _value_ok(claim, expected: Any) -> bool:
    if expected is None:
        return True
    exp = _norm(expected)
    cands = [claim.value, claim.subject, claim.extra.get("written"), claim.extra.get("name")]
    for v in cands:
        if v is None:
            continue
        got = _norm(v)
        if got == exp or (claim.field == "minikube-flag" and re.fullmatch(r"--[\w-]+=" + re.escape(got), exp)):
            return True
        if claim.field in ("path", "script", "workflow", "placeholder") and exp and exp in got:
            return True  # the ground truth names the wrong part: `values-prod.yaml` of a longer path
    return False


def _satisfies(claim, entry: dict[str, Any], line: int) -> bool:
    field = entry["field"]
    value = entry.get("doc_value", entry.get("value"))
    if claim.field == field:
        return field == "snippet" or _value_ok(claim, value)
    if field == "path" and claim.field in ("script", "workflow"):
        return _value_ok(claim, value)
    if field == "path" and claim.field == "tree":
        return any(e["line"] == line and _value_ok(type("E", (), {"value": e["path"], "subject": None, "extra": {}})(), value)
                   for e in claim.value)
    if claim.field in ("yaml-object", "values-excerpt", "chart-yaml"):
        return line in claim.extra.get("field_lines", {}).values()
    if field == "image-tag" and claim.field == "image":
        return str(claim.value).endswith(":" + str(value))
    return False


@pytest.mark.parametrize("key, entry", _entries(), ids=[k for k, _ in _entries()])
def test_seeded_line_has_claim(extracted, key, entry):
    doc, _claims, by_line = extracted
    line = entry["line"]
    here = by_line.get(line, [])
    assert any(_satisfies(c, entry, line) for c in here), (
        f"{key}: line {line} {doc.line(line)!r}: no {entry['field']} claim; have "
        f"{[(c.field, c.value if not isinstance(c.value, (dict, list)) else '...') for c in here]}"
    )


def test_no_claims_from_changelog_or_fenced_text(extracted):
    doc, claims, _ = extracted
    for c in claims:
        block = doc.block_at(c.doc.line)
        if block is not None and block.lang not in ("", "yaml", "yml", "bash", "sh", "shell", "console", "mermaid", "text"):
            pytest.fail(f"claim inside a {block.lang} block: {c}")
