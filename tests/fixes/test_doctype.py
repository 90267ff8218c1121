"""Which documents owe operations sections (doctype), and `fix`/`validate` agreeing on it: a deployment
document without commands gets Troubleshooting/Rollouts/Monitoring inserted in its heading style before a
trailing References/License section; pointers and chart parameter READMEs get nothing and validate
skips its Troubleshooting criterion for them."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from k8sfix_tui.engine import Session
from k8sfix_tui.facts import collect
from k8sfix_tui.fixes.docview import DocView
from k8sfix_tui.fixes.generators import doctype
from k8sfix_tui.fixes.validate import validate

from .test_operations import MANIFEST

PROSE_YAML_DOC = """\
# Shop

The shop API runs as the `shop-api` Deployment in the `shop` namespace, with 2 replicas,
behind the `shop-api` Service on port 80.

## Deployment

Apply the manifests in `k8s/` to your cluster. The Deployment looks like this:

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-api
  namespace: shop
spec:
  replicas: 2
```

## License

MIT
"""

PARAMS = "".join(f"| `api.key{i}` | value {i} | `{i}` |\n" for i in range(8))
CHART_README = "# shop chart\n\nInstall with Helm.\n\n## Parameters\n\n| Parameter | Description | Default |\n" \
               "| --- | --- | --- |\n" + PARAMS

POINTER = "# Shop\n\nShop is a demo store. See [the deployment guide](docs/deploy.md) to deploy `shop-api` on Kubernetes.\n"


def _repo(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "repo"
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n") if rel.endswith(".yaml") else text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    return collect(str(_repo(tmp_path_factory.mktemp("doctype"), {"k8s/app.yaml": MANIFEST})))


@pytest.mark.parametrize("path, text, expected", [
    ("README.md", PROSE_YAML_DOC, True),  # prose and a YAML object, no bash block
    ("README.md", "# Cron\n\n`kubectl apply -f k8s/app.yaml`\n", True),  # one deploy command
    ("docs/deploy.md", "# Deploy\n\n## Install\n\n```bash\nkubectl apply -f k8s/app.yaml\n```\n", True),
    ("README.md", "# Shop\n\n## Deploying\n\nThe `shop-api` Deployment runs two replicas in the `shop` namespace.\n"
                  "Its Service `shop-api` forwards port 80 to 8080. Apply everything under `k8s/`.\n"
                  "The readiness probe checks `/ready`.\n\nUpgrades replace the pods one at a time.\n"
                  "Nothing else runs in the namespace.\n\nThe image comes from GHCR.\n", True),  # prose under a deploy heading
    ("README.md", POINTER, False),  # one-paragraph pointer
    ("README.md", "# Shop\n\nA demo store.\n", False),
    ("charts/shop/README.md", CHART_README, False),  # chart parameter README
    ("docs/client.md", "# Client\n\n## Usage\n\nThe client library calls `shop-api` over HTTP.\n\n"
                       "```python\nclient = Shop()\nclient.list()\n```\n", False),  # no deploy vocabulary
    ("docs/api.md", "# API\n\n## Endpoints\n\nThe `shop-api` answers `GET /items` and `POST /orders` on its "
                    "cluster-internal port.\nErrors come back as JSON.\n\nAuthentication uses a bearer token.\n"
                    "Tokens expire after an hour.\n\nRate limits apply per client.\nClients should retry.\n", False),
])
def test_is_deployment_document(facts, path, text, expected):
    assert doctype.is_deployment_document(DocView.parse(path, text), facts) is expected


def test_generated_lines_do_not_make_a_pointer_a_deployment_document(facts):
    generated = ("<!-- k8sfix:begin deploy-commands sha256=00000000 -->\n```bash\nkubectl apply -f k8s/app.yaml\n"
                 "helm upgrade --install shop charts/shop\n```\n<!-- k8sfix:end deploy-commands -->\n")
    view = DocView.parse("README.md", POINTER + "\n" + generated)
    assert not doctype.is_deployment_document(view, facts)
    assert doctype.deployment_score(view, facts)[0] == 0


def test_main_document_prefers_commands_then_names(facts):
    views = [DocView.parse("README.md", PROSE_YAML_DOC),
             DocView.parse("docs/deploy.md", "# Deploy\n\n```bash\nkubectl apply -f k8s/app.yaml\n```\n"),
             DocView.parse("docs/pointer.md", POINTER)]
    assert doctype.main_document(views, facts).path == "docs/deploy.md"
    assert doctype.main_document(views[:1] + views[2:], facts).path == "README.md"
    assert doctype.main_document(views[2:], facts) is None


def _section_titles(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("## ")]


def test_document_without_commands_gets_operations_sections_and_validates(tmp_path):
    repo = _repo(tmp_path, {"k8s/app.yaml": MANIFEST, "README.md": PROSE_YAML_DOC})
    s = Session(repo, docs=["README.md"])
    s.analyse()
    inserted = [fx for fx in s.fixes if fx.kind == "insert-section"]
    assert len(inserted) == 3
    new = s.preview("README.md", {fx.id: "accept" for fx in s.fixes})
    assert _section_titles(new) == ["## Deployment", "## Rollouts and rollbacks", "## Monitoring",
                                    "## Troubleshooting", "## License"]
    assert "kubectl -n shop get pods -l app=shop-api" in new
    s.apply({fx.id: "accept" for fx in s.fixes})
    report = validate(repo, ["README.md"])
    trouble = next(c for c in report.checks if c.id == "troubleshooting")
    assert trouble.status == "pass", trouble.detail
    again = Session(repo, docs=["README.md"])
    again.analyse()
    assert again.fixes == [], [fx.rationale for fx in again.fixes]


@pytest.mark.parametrize("tail", ["## References\n\n- Kubernetes docs\n", "## Links\n\n- [k8s](https://k8s.io)\n"])
def test_new_sections_go_before_a_trailing_reference_section(tmp_path, tail):
    doc = PROSE_YAML_DOC.replace("## License\n\nMIT\n", tail)
    repo = _repo(tmp_path, {"k8s/app.yaml": MANIFEST, "README.md": doc})
    s = Session(repo, docs=["README.md"])
    s.analyse()
    new = s.preview("README.md", {fx.id: "accept" for fx in s.fixes})
    titles = _section_titles(new)
    assert titles[-1] == tail.splitlines()[0] and titles[-2] == "## Troubleshooting"


def test_emoji_heading_style_is_kept(tmp_path):
    doc = PROSE_YAML_DOC.replace("## Deployment", "## 🚀 Deployment").replace("## License", "## 📜 License")
    repo = _repo(tmp_path, {"k8s/app.yaml": MANIFEST, "README.md": doc})
    s = Session(repo, docs=["README.md"])
    s.analyse()
    new = s.preview("README.md", {fx.id: "accept" for fx in s.fixes})
    assert "## 🧯 Troubleshooting" in new and "## 🔁 Rollouts and rollbacks" in new and "## 📡 Monitoring" in new


@pytest.mark.parametrize("files, doc", [
    ({"README.md": POINTER}, "README.md"),
    ({"charts/shop/README.md": CHART_README}, "charts/shop/README.md"),
])
def test_no_sections_for_pointers_and_chart_readmes_and_validate_agrees(tmp_path, files, doc):
    repo = _repo(tmp_path, {"k8s/app.yaml": MANIFEST, **files})
    s = Session(repo, docs=[doc])
    s.analyse()
    assert not [f for f in s.findings if str(f.id).startswith("ops:")]
    assert not [fx for fx in s.fixes if fx.kind == "insert-section" and "Troubleshooting" in fx.new_text]
    trouble = next(c for c in validate(repo, [doc]).checks if c.id == "troubleshooting")
    assert trouble.status == "skip" and "deployment document" in trouble.detail


def test_validate_fails_a_deployment_document_without_troubleshooting(tmp_path):
    repo = _repo(tmp_path, {"k8s/app.yaml": MANIFEST, "README.md": PROSE_YAML_DOC})
    trouble = next(c for c in validate(repo, ["README.md"]).checks if c.id == "troubleshooting")
    assert trouble.status == "fail" and "README.md" in trouble.detail


def test_validate_accepts_a_debugging_heading_like_fix_does(tmp_path):
    doc = PROSE_YAML_DOC.replace("## License", "## Debugging\n\nRun `kubectl -n shop get endpoints shop-api`.\n\n"
                                               "## License")
    repo = _repo(tmp_path, {"k8s/app.yaml": MANIFEST, "README.md": doc})
    trouble = next(c for c in validate(repo, ["README.md"]).checks if c.id == "troubleshooting")
    assert trouble.status == "pass", trouble.detail


@pytest.mark.parametrize("text, expected", [
    ("# A\n\ntext\n", 2),
    ("# A\n\ntext\n\n## T\n\n<!-- k8sfix:begin t sha256=1 -->\nx\ny\n<!-- k8sfix:end t -->\n\n## L\n\nMIT\n", 4),
    # a heading over hand-written text and a generated block counts
    ("## T\n\nmine\n\n<!-- k8sfix:begin t sha256=1 -->\nx\n<!-- k8sfix:end t -->\n", 2),
    # markers inside a code fence are text
    ("```\n<!-- k8sfix:begin t -->\nx\n<!-- k8sfix:end t -->\n```\n", 5),
    ("## T\n<!-- k8sfix:begin t sha256=1 -->\nx\n<!-- k8sfix:end t -->\n", 0),
])
def test_count_written(text, expected):
    assert doctype.count_written(text.splitlines(keepends=True)) == expected


def test_guide_by_name_or_title_is_the_main_document(facts):
    readme = DocView.parse("README.md", "# Shop on Kubernetes\n\n```bash\nkubectl apply -f k8s/app.yaml\n```\n")
    addon = DocView.parse("hpa/gpu.md", "# Autoscaling with GPU metrics\n\nScales the shop in the cluster.\n\n```bash\n" +
                          "kubectl -n shop get hpa\n" * 5 + "```\n")
    assert doctype.main_document([addon, readme], facts).path == "README.md"
    plain = DocView.parse("README.md", "# Shop\n\n```bash\nkubectl apply -f k8s/app.yaml\n```\n")
    assert doctype.main_document([addon, plain], facts).path == "hpa/gpu.md"  # then the most commands


def test_a_component_readme_with_kubernetes_in_its_title_is_not_a_deployment_document(facts):
    text = ("# shop-api on Kubernetes: client library\n\nThe `shop-api` client reads `SHOP_URL`.\n\n"
            "## Configuring\n\nSet the variables below.\n\n| Var | Default |\n| --- | --- |\n| SHOP_URL | x |\n")
    assert not doctype.is_deployment_document(DocView.parse("java/README.md", text), facts)


def test_fixes_converge_for_a_document_just_under_the_substantial_threshold(tmp_path):
    doc = PROSE_YAML_DOC.replace("## License\n\nMIT\n", "Extra one.\nExtra two.\nExtra three.\n\n## License\n\nMIT\n")
    repo = _repo(tmp_path, {"k8s/app.yaml": MANIFEST, "README.md": doc})
    s = Session(repo, docs=["README.md"])
    s.analyse()
    s.apply({fx.id: "accept" for fx in s.fixes})
    again = Session(repo, docs=["README.md"])
    again.analyse()
    assert again.fixes == []


def test_a_mid_document_reference_section_does_not_attract_new_sections(tmp_path):
    doc = PROSE_YAML_DOC.replace("## License", "## Configuration reference\n\nThe manifests take no options.\n\n"
                                               "## License")
    repo = _repo(tmp_path, {"k8s/app.yaml": MANIFEST, "README.md": doc})
    s = Session(repo, docs=["README.md"])
    s.analyse()
    titles = _section_titles(s.preview("README.md", {fx.id: "accept" for fx in s.fixes}))
    assert titles == ["## Deployment", "## Configuration reference", "## Rollouts and rollbacks", "## Monitoring",
                      "## Troubleshooting", "## License"]


def test_a_generated_section_heading_never_makes_a_document_a_deployment_document(facts):
    prose = ("# Shop\n\nThe `shop-api` Deployment serves the store in the cluster.\n\nIt keeps carts in memory.\n\n"
             "Orders go to the `shop-api` Service.\n\nNothing else runs.\n")
    grown = prose + "\n## Rollouts and rollbacks\n\n<!-- k8sfix:begin rollout sha256=1 -->\nx\n<!-- k8sfix:end rollout -->\n"
    before = doctype.is_deployment_document(DocView.parse("README.md", prose), facts)
    assert before is False
    assert doctype.is_deployment_document(DocView.parse("README.md", grown), facts) is before
