"""Issue 7 end to end on a temporary git copy of sample_repo: `fix --accept all --commit` writes the
generated Troubleshooting section (real selectors, namespaces, ports, probe URLs, one entry per
pitfall) with markers and checksum; `check` then has no error; `fix` again proposes nothing;
`validate` passes; no Secret value appears in any output."""

from __future__ import annotations

import base64
import json
import re

import pytest

from k8sfix_tui.cli import main
from k8sfix_tui.facts import collect
from k8sfix_tui.fixes.markers import checksum, find_sections
from k8sfix_tui.fixes.docview import DocView
from k8sfix_tui.pitfalls import detect

from .seeded import DOC_PATH, git, git_copy_of_sample


def _secret_values(repo) -> set[str]:
    """Every Secret value written in the repository's YAML (Secret data/stringData, secret-looking
    values keys), read from the files themselves (facts redact them)."""
    import yaml

    secretish = re.compile(r"pass(word)?|secret|token|api[-_]?key|credential", re.I)
    values: set[str] = set()

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, str(k))
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif (isinstance(node, str) and secretish.search(key) and len(node) >= 6 and "{{" not in node
              and not key.lower().endswith("name") and "existing" not in key.lower()):  # names of Secrets
            values.add(node)

    for path in repo.rglob("*.y*ml"):
        try:
            docs = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
        except yaml.YAMLError:
            continue  # templates
        for doc in docs:
            if not isinstance(doc, dict):
                continue
            if doc.get("kind") == "Secret":
                for key in ("stringData", "data"):
                    for v in (doc.get(key) or {}).values():
                        text = str(v)
                        if key == "data":
                            try:
                                text = base64.b64decode(text, validate=True).decode("utf-8")
                            except ValueError:
                                pass
                        if len(text) >= 6:
                            values.add(text)
            elif path.name.startswith("values"):
                walk(doc)
    return values


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    repo = git_copy_of_sample(tmp_path_factory.mktemp("issue7") / "sample")
    facts = collect(str(repo))
    outputs = []
    capture = pytest.MonkeyPatch()

    def cli(*argv: str) -> int:
        import contextlib
        import io

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(argv))
        outputs.append(out.getvalue() + err.getvalue())
        return code

    head = git(repo, "rev-parse", "HEAD").strip()
    assert cli("fix", str(repo), "--accept", "all", "--commit") == 0
    capture.undo()
    return repo, facts, head, cli, outputs


def test_document_has_the_generated_troubleshooting_section(run):
    repo, facts, head, _cli, _ = run
    text = (repo / DOC_PATH).read_text(encoding="utf-8")
    sections = {s.name: s for s in find_sections(DocView.parse(DOC_PATH, text))}
    assert {"troubleshooting", "rollout", "monitoring"} <= set(sections)
    trouble = sections["troubleshooting"]
    assert checksum(trouble.body) == trouble.recorded  # marker checksum matches the body
    body = trouble.body
    # real commands: namespace, pod selector, probe URL, Service port-forward
    assert "kubectl -n larkspur get pods -l app.kubernetes.io/component=api,app.kubernetes.io/instance=larkspur" in body
    assert "curl -fsS http://localhost:8000/readyz" in body
    assert "port-forward svc/larkspur-web 8080:80" in body
    # one entry per pitfall
    for p in detect(facts):
        name = (p.rule or "").split(":", 1)[-1]
        assert f"**{p.subject}: {name}**" in body, p.id
    # the hand-written advice of the section is kept above the generated part
    assert text.index("Pods stuck in `ImagePullBackOff`") < text.index("k8sfix:begin troubleshooting")
    assert git(repo, "rev-list", "--count", f"{head}..HEAD").strip() == "1"


def test_check_has_no_error_afterwards(run):
    repo, _facts, _head, cli, outputs = run
    assert cli("check", str(repo), "--format", "json", "--fail-on", "never") == 0
    report = json.loads(outputs[-1][outputs[-1].index("{"):])
    errors = [f"{f['doc']['line']} {f['rule']} {f['message']}" for f in report["findings"] if f["severity"] == "error"]
    assert errors == []


def test_fix_again_proposes_nothing(run):
    repo, _facts, _head, cli, outputs = run
    assert cli("fix", str(repo)) == 0
    assert "No fixes to propose." in outputs[-1]


def test_validate_passes(run):
    repo, _facts, _head, cli, outputs = run
    assert cli("validate", str(repo)) == 0, outputs[-1]
    assert re.search(r"PASS\s+Troubleshooting covers real issues", outputs[-1])


def test_no_secret_value_anywhere(run):
    repo, facts, _head, cli, outputs = run
    cli("fix", str(repo), "--format", "json")
    secrets = _secret_values(repo)
    assert secrets, "the sample defines Secrets with values"
    text = (repo / DOC_PATH).read_text(encoding="utf-8")
    for value in secrets:
        assert value not in text
        for out in outputs:
            assert value not in out
