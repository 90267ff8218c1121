"""Real-world READMEs (../shared/corpus): extraction never fails and keeps the claim contract.

The corpus documents are mostly accurate; these checks guard PRECISION-relevant invariants: spans point at
the written value, link targets and documentation sites are not ingress hosts, paths are plausible.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from k8sfix_tui.doc import extract_claims, parse_document
from k8sfix_tui.model import AREAS

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ["K8SFIX_SHARED"]) / "corpus"  # set by tests/conftest.py
DOCS = sorted(CORPUS.rglob("*.md")) if CORPUS.is_dir() else []
SAMPLE = ROOT / "sample_repo" / "docs" / "kubernetes-deployment.md"
FIXTURE = Path(__file__).resolve().parent / "fixture_doc.md"
ALL = DOCS + [p for p in (SAMPLE, FIXTURE) if p.exists()]


@pytest.mark.parametrize("path", ALL, ids=[str(p.relative_to(p.parents[2])) for p in ALL])
def test_claim_contract_on_real_documents(path):
    doc = parse_document(path.name, path.read_text(encoding="utf-8"))
    claims = extract_claims(doc, strict=True)
    for c in claims:
        assert c.area in AREAS, c
        if c.span is not None and isinstance(c.value, str) and c.field != "command":
            written = doc.line(c.doc.line)[c.span[0]:c.span[1]]
            assert written in (c.value, c.extra.get("written")), (c, written)
        if c.field == "path":
            assert " " not in c.value and not c.value.startswith("-"), c
        if c.field == "ingress-host":
            assert not any(site in c.value for site in ("kubernetes.io", "github.com", "huggingface.co", "vllm.ai",
                                                          "tensorflow.org")), c
        if c.field == "replicas":
            assert int(c.value) < 1000, c


@pytest.mark.skipif(not DOCS, reason="../shared/corpus not present")
def test_corpus_yields_claims():
    total = 0
    for path in DOCS:
        total += len(extract_claims(parse_document(path.name, path.read_text(encoding="utf-8"))))
    assert total > 100
