"""Random and mutated Markdown never raises anything but DocumentError; claims keep their invariants."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from k8sfix_tui.doc import extract_claims, parse_document
from k8sfix_tui.errors import DocumentError
from k8sfix_tui.model import AREAS

SAMPLE = Path(__file__).resolve().parents[2] / "sample_repo" / "docs" / "kubernetes-deployment.md"
FIXTURE = Path(__file__).resolve().parent / "fixture_doc.md"

PIECES = [
    "# ", "## ", "### ", "- ", "1. ", "> ", "| ", " | ", "|---|---|", "```", "```yaml", "```bash", "```mermaid",
    "~~~", "    ", "\n", "\n\n", "---", "***", "`", "**", "_", "[", "]", "(", ")", "<!--", "-->", "<br/>", "{{", "}}",
    "k8sfix: ignore", " -- ", "├── ", "└── ", "│   ", "3 replicas", "port 8080", "NodePort 30001", "250m / 500m",
    "512Mi–1Gi", "namespace `x`", "apiVersion: v1", "kind: Deployment", "  replicas: 3", "helm install a ./b",
    "kubectl -n ns apply -k k8s/", "minikube start --cpus 4", "make deploy", "$ ", "\\", "echo \"$(minikube ip) a.local\"",
    "graph LR", "A[API<br/>2 replicas] --> B", "`k8s/base/`", "https://x.example.com", "<your-org>", "TODO", "\t",
    "\u00a0", "🚀", "\ufeff", "\r\n", ":", "=", "#", "&", "\\|", "<", ">", "\x00", "\u2028",
]


def _check(text: str) -> None:
    try:
        doc = parse_document("docs/random.md", text)
        claims = extract_claims(doc, strict=True)
    except DocumentError:
        return
    for c in claims:
        assert c.area in AREAS, c
        assert 1 <= c.doc.line <= max(1, len(doc.lines)), c
        assert c.doc.end_line >= c.doc.line
        if c.span is not None:
            line = doc.line(c.doc.line)
            assert 0 <= c.span[0] <= c.span[1] <= len(line), c
            if isinstance(c.value, str) and c.field != "command":
                assert line[c.span[0]:c.span[1]] in (c.value, c.extra.get("written")), (c, line)
    lines = [c.doc.line for c in claims]
    assert lines == sorted(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=60))
def test_random_markdown(pieces):
    _check("".join(pieces))


def _base_text() -> str:
    return SAMPLE.read_text(encoding="utf-8") if SAMPLE.exists() else FIXTURE.read_text(encoding="utf-8")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_real_document(data):
    lines = _base_text().split("\n")
    for _ in range(data.draw(st.integers(1, 8))):
        op = data.draw(st.sampled_from(["drop", "dup", "swap", "insert", "cut"]))
        i = data.draw(st.integers(0, len(lines) - 1))
        if op == "drop" and len(lines) > 1:
            lines.pop(i)
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, data.draw(st.sampled_from(PIECES)) + data.draw(st.text(max_size=20)))
        elif op == "cut" and lines[i]:
            k = data.draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k]
    _check("\n".join(lines))


@pytest.mark.parametrize(
    "text",
    ["", "\n", "```", "|", "| a |\n|---|\n| b", "#" * 7 + " x", ">" * 300 + " deep", "- " * 200 + "x",
     "[" * 500, "```yaml\n" + "- " * 500 + "\n```", "---\n---\n", "\x00\x01\x02", "<!-- k8sfix: ignore",
     "```mermaid\ngraph\n-->-->\n```", "├──\n└──\n│"],
)
def test_edge_cases(text):
    _check(text)


def test_non_string_is_a_document_error():
    with pytest.raises(DocumentError):
        parse_document("x.md", b"bytes")  # type: ignore[arg-type]
