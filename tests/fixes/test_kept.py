"""Regenerated operations sections keep the writer's repository-specific notes (after the generated block,
outside the markers, once), drop generic advice and wrong statements, and a second run proposes nothing."""

from __future__ import annotations

import pytest

from k8sfix_tui.engine import Session
from k8sfix_tui.facts import collect
from k8sfix_tui.fixes.docview import DocView
from k8sfix_tui.fixes.generators import kept

from .test_doctype import _repo
from .test_operations import MANIFEST

HEAD = "# Shop\n\nDeploy with `kubectl apply -f k8s/app.yaml`. The `shop-api` Deployment runs 2 replicas.\n\n"
TAIL = "\n## License\n\nMIT\n"

MIXED = """## Troubleshooting

If something goes wrong, check your pods and look at the logs.

**503 from the API.** The `shop-api` Service has no endpoints until the readiness probe passes.
Make sure all pods are running.

To see why the API restarts:

```bash
kubectl -n shop logs deploy/shop-api --previous
```

- Restart the deployment if needed.
- `k8s/app.yaml` sets the memory limit; raise it when pods are OOMKilled.
- Consult the official Kubernetes documentation.

### Database

Contact your cluster administrator.
"""

GENERIC = """## Troubleshooting

If something goes wrong, check your pods and look at the logs.

- Make sure all pods are running.
- Consult the official Kubernetes documentation.

```bash
kubectl get pods
```
"""


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    return collect(str(_repo(tmp_path_factory.mktemp("kept"), {"k8s/app.yaml": MANIFEST,
                                                               "scripts/debug.sh": "#!/bin/sh\n"})))


@pytest.mark.parametrize("body, expected", [
    ("If something goes wrong, check your pods.", []),  # generic
    ("Pods may take a minute to start.", []),  # names nothing real
    ("The `shop-api` pods need the `shop` namespace.", ["The `shop-api` pods need the `shop` namespace."]),
    ("Run `scripts/debug.sh` when the API hangs.", ["Run `scripts/debug.sh` when the API hangs."]),
    ("Check your pods. The `shop-api` image is pulled from GHCR.", ["The `shop-api` image is pulled from GHCR."]),
    ("```bash\nkubectl get pods\n```", []),
    ("```bash\nkubectl -n shop get pods\n```", ["```bash\nkubectl -n shop get pods\n```"]),
    ("- one `shop-api` item\n- a generic one\n- another `shop-api` item",
     ["- one `shop-api` item\n- another `shop-api` item"]),
    ("- item with nested lines\n  about `shop-api`\n\n  and a second paragraph\n- other",
     ["- item with nested lines\n  about `shop-api`\n\n  and a second paragraph"]),
    ("To see why it restarts:\n\n```bash\nkubectl -n shop logs deploy/shop-api\n```",
     ["To see why it restarts:", "```bash\nkubectl -n shop logs deploy/shop-api\n```"]),
    ("To see the logs:\n\n```bash\nkubectl -n shop logs deploy/shop-api\n```",  # a generic lead-in goes
     ["```bash\nkubectl -n shop logs deploy/shop-api\n```"]),
    ("The `shop-cache` Deployment keeps `shop` sessions.", []),  # invented object
    ("```bash\nkubectl -n shop rollout restart deploy/shop-cache\n```", []),
    ("```bash\nkubectl -n shop get svc shop-api\n```", ["```bash\nkubectl -n shop get svc shop-api\n```"]),
    ("### Crashes\n\nThe `api` container of `shop-api` crashes without `DB_URL`.",
     ["**Crashes**", "The `api` container of `shop-api` crashes without `DB_URL`."]),
    ("| Symptom | Fix |\n| --- | --- |\n| 503 | scale `shop-api` |",
     ["| Symptom | Fix |\n| --- | --- |\n| 503 | scale `shop-api` |"]),
])
def test_kept_blocks(facts, body, expected):
    view = DocView.parse("README.md", "## Troubleshooting\n\n" + body + "\n")
    assert kept.kept_blocks(view, 2, len(view.lines), facts) == expected


def test_a_block_with_a_finding_in_it_is_dropped(facts):
    view = DocView.parse("README.md", "## T\n\nThe `shop-api` runs 5 replicas.\n\nThe `shop` namespace holds it.\n")
    assert kept.kept_blocks(view, 2, 5, facts, drop_lines=[3]) == ["The `shop` namespace holds it."]


def _regenerate(tmp_path, section: str):
    repo = _repo(tmp_path, {"k8s/app.yaml": MANIFEST, "README.md": HEAD + section + TAIL})
    s = Session(repo, docs=["README.md"])
    s.analyse()
    regen = [fx for fx in s.fixes if fx.kind == "regenerate-section"]
    assert len(regen) == 1
    return repo, s, regen[0]


def test_generic_only_section_is_fully_replaced(tmp_path):
    repo, s, fx = _regenerate(tmp_path, GENERIC)
    assert kept.LEAD_IN not in fx.new_text and "kept below" not in fx.rationale
    new = s.preview("README.md", {fx.id: "accept"})
    assert "check your pods" not in new and "kubectl get pods\n" not in new


def test_mixed_section_keeps_the_specific_parts_once_and_converges(tmp_path):
    repo, s, fx = _regenerate(tmp_path, MIXED)
    assert "4 specific hand-written note(s) kept" in fx.rationale
    new = s.preview("README.md", {f.id: "accept" for f in s.fixes})
    end = new.index("<!-- k8sfix:end troubleshooting -->")
    notes = new[end:new.index("## License")]
    assert notes.startswith("<!-- k8sfix:end troubleshooting -->\n\n" + kept.LEAD_IN + "\n\n")
    for text in ("**503 from the API.** The `shop-api` Service has no endpoints until the readiness probe passes.",
                 "To see why the API restarts:", "kubectl -n shop logs deploy/shop-api --previous",
                 "- `k8s/app.yaml` sets the memory limit"):
        assert new.count(text) == 1, text
    for generic in ("check your pods", "Make sure all pods", "Restart the deployment", "Consult the official",
                    "Contact your cluster", "### Database"):
        assert generic not in new, generic
    s.apply({f.id: "accept" for f in s.fixes})
    again = Session(repo, docs=["README.md"])
    again.analyse()
    assert again.fixes == [], [f.rationale for f in again.fixes]
    assert (repo / "README.md").read_text(encoding="utf-8").count(kept.LEAD_IN) == 1


def test_an_invented_object_goes_with_the_old_text(tmp_path):
    section = MIXED.replace("- `k8s/app.yaml` sets the memory limit; raise it when pods are OOMKilled.",
                            "- The `shop-cache` Deployment (`kubectl -n shop get deploy shop-cache`) keeps sessions.")
    _repo_path, s, fx = _regenerate(tmp_path, section)
    assert "shop-cache" not in fx.new_text
    assert "503 from the API" in fx.new_text


def test_waiver_comments_and_nested_generated_blocks_are_kept(facts):
    generated = "<!-- k8sfix:begin deploy-commands sha256=00000000 -->\nmake deploy\n<!-- k8sfix:end deploy-commands -->"
    text = ("## Troubleshooting\n\n<!-- a note to self -->\nCheck your pods.\n\n"
            "<!-- k8sfix: ignore value-mismatch -- staging -->\nThe `shop-api` runs 5 replicas in staging.\n\n"
            + generated + "\n")
    view = DocView.parse("README.md", text)
    assert kept.kept_blocks(view, 2, len(view.lines), facts) == [
        "<!-- k8sfix: ignore value-mismatch -- staging -->", "The `shop-api` runs 5 replicas in staging.", generated]


LINES = ["", "## Sub", "### Deeper", "- item `shop-api`", "- item", "  nested `k8s/app.yaml`", "1. step", "```bash",
         "kubectl -n shop get pods", "```", "| a | b |", "| --- | --- |", "| `shop` | x |", "Check your pods.",
         "The `shop-api` answers. Look at the logs.", "To debug it:", "plain text", "<!-- k8sfix: ignore x -->",
         "<!-- k8sfix:begin rollout sha256=1 -->", "<!-- k8sfix:end rollout -->", "    indented", "> quote shop"]


@pytest.mark.parametrize("seed", range(40))
def test_kept_blocks_never_raise_and_only_keep_written_text(facts, seed):
    import random

    rnd = random.Random(seed)
    body = "\n".join(rnd.choice(LINES) for _ in range(rnd.randint(0, 30)))
    view = DocView.parse("README.md", "## Troubleshooting\n\n" + body + "\n")
    parts = kept.kept_blocks(view, 2, len(view.lines), facts, drop_lines=[rnd.randint(1, 40)])
    flat = " ".join(view.text.split())
    for part in parts:
        for line in part.split("\n"):
            if line.startswith("**") and line.endswith("**") or not line.strip():
                continue
            for sentence in kept.SENTENCE_RE.split(" ".join(line.split())):  # generic sentences may be cut out
                assert sentence in flat, (sentence, body)
