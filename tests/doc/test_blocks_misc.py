"""Trees, mermaid diagrams, mentions (components spelled several ways, kinds, negation) and placeholders."""

from __future__ import annotations

import pytest

from .helpers import claims_of, fields

TREE = """
## Layout

```text
shop/
├── charts/shop/
│   ├── Chart.yaml
│   └── templates/
│       └── deployment.yaml   # the API
├── k8s/
│   └── overlays/
│       └── prod/
└── Makefile
```
"""


def test_drawn_tree():
    (c,) = [c for c in claims_of(TREE) if c.field == "tree"]
    assert c.extra["root"] == "shop"
    assert [(e["path"], e["line"], e["dir"]) for e in c.value] == [
        ("charts/shop", 5, True), ("charts/shop/Chart.yaml", 6, False), ("charts/shop/templates", 7, True),
        ("charts/shop/templates/deployment.yaml", 8, False), ("k8s", 9, True), ("k8s/overlays", 10, True),
        ("k8s/overlays/prod", 11, True), ("Makefile", 12, False)]
    assert (c.doc.line, c.doc.end_line) == (3, 13)


def test_indented_tree_and_rootless_ascii_tree():
    text = "```\nk8s/\n  base/\n    kustomization.yaml\n  overlays/\n    dev/\n```\n\n```\n|-- a.yaml\n`-- b/\n    `-- c.yaml\n```\n"
    trees = [c for c in claims_of(text) if c.field == "tree"]
    assert trees[0].extra["root"] == "k8s"
    assert [e["path"] for e in trees[0].value] == ["base", "base/kustomization.yaml", "overlays", "overlays/dev"]
    assert trees[1].extra["root"] is None
    assert [e["path"] for e in trees[1].value] == ["a.yaml", "b", "b/c.yaml"]


def test_code_that_is_not_a_tree():
    text = "```text\nNAME READY STATUS\napi-1 1/1 Running\n```\n"
    assert [c for c in claims_of(text) if c.field == "tree"] == []


MERMAID = """
```mermaid
graph LR
  U((User)) --> ING[Ingress<br/>shop.local]
  ING -->|/api| API[API<br/>3 replicas<br/>port 8080]
  API --> DB[(PostgreSQL<br/>StatefulSet, 20Gi volume)] & R[Redis]
  subgraph data [Data tier]
    DB
  end
```
"""


def test_mermaid_nodes_labels_and_edges():
    claims = claims_of(MERMAID)
    comps = [c.value for c in claims if c.field == "component" and c.form == "mermaid"]
    assert comps == ["User", "Ingress", "API", "PostgreSQL", "Redis"]
    got = fields([c for c in claims if c.form == "mermaid"], "replicas", "container-port", "kind", "storage-size")
    assert got == [("replicas", "3", "API"), ("container-port", "8080", "API"), ("kind", "StatefulSet", "PostgreSQL"),
                   ("storage-size", "20Gi", "PostgreSQL")]
    edges = [(c.value["from"], c.value["to"]) for c in claims if c.field == "mermaid-edge"]
    assert edges == [("User", "Ingress"), ("Ingress", "API"), ("API", "PostgreSQL"), ("API", "Redis")]
    rep = next(c for c in claims if c.field == "replicas")
    line = MERMAID.lstrip("\n").split("\n")[rep.doc.line - 1]
    assert line[rep.span[0]:rep.span[1]] == "3"


def test_component_spelled_three_ways():
    text = """
    ## Database

    We run Postgres 15.
    The PostgreSQL pods store data on a volume;
    `postgresql` is also the chart name.
    There is no Kafka, and we do not use Istio. We use Redis for caching.
    """
    comps = [(c.value, c.extra["canonical"], c.extra.get("negated", False), c.extra.get("role"))
             for c in claims_of(text) if c.field == "component"]
    assert comps == [("Postgres", "PostgreSQL", False, None), ("PostgreSQL", "PostgreSQL", False, None),
                     ("postgresql", "PostgreSQL", False, None), ("Kafka", "Kafka", True, None),
                     ("Istio", "Istio", True, None), ("Redis", "Redis", False, "caching")]


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("An HPA scales the API and a PDB protects it.", ["HorizontalPodAutoscaler", "PodDisruptionBudget"]),
        ("Each StatefulSet gets a PVC from its volumeClaimTemplates.", ["StatefulSet", "PersistentVolumeClaim"]),
        ("A ServiceMonitor and a VirtualService are installed; CRDs come from the operator.",
         ["ServiceMonitor", "VirtualService", "CustomResourceDefinition"]),
        ("The API gateway forwards requests.", []),
        ("Traffic enters through the Ingress; the ingress controller is nginx.", ["Ingress"]),
        ("NetworkPolicies isolate namespaces.", ["NetworkPolicy"]),
    ],
)
def test_kind_mentions(text, kinds):
    assert [c.value for c in claims_of(text) if c.field == "object-kind"] == kinds


def test_named_kind_mention_gets_the_name_as_subject():
    (c,) = [c for c in claims_of("The gateway is scaled by its own HPA `shop-gateway`.") if c.field == "object-kind"]
    assert (c.value, c.subject, c.extra["written"]) == ("HorizontalPodAutoscaler", "shop-gateway", "HPA")


def test_mentions_skip_code_blocks_and_urls():
    text = "See https://github.com/redis/redis.\n\n```python\nimport redis\n```\n"
    assert [c for c in claims_of(text) if c.field == "component"] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Clone git@github.com:your-org/shop.git", [("org", "your-org")]),
        ("Browse to https://shop.example.com and mail admin@example.com", [("host", "shop.example.com"),
                                                                           ("email", "admin@example.com")]),
        ("TODO: document the backup. FIXME later.", [("todo", "TODO"), ("todo", "FIXME")]),
        ("Set the registry to <your-registry> and use <br/> here.", [("angle", "<your-registry>")]),
        ("Pull `shop/api:latest` or set tag: latest.", [("latest", "latest"), ("latest", "latest")]),
        ("Lorem ipsum dolor sit amet.", [("lorem", "Lorem ipsum")]),
        ("The password is changeme.", [("changeme", "changeme")]),
        ("The API runs 3 replicas on the latest Kubernetes.", []),
        ("Use `kubectl get hpa` (targets show <unknown> at first).", []),
    ],
)
def test_placeholders(text, expected):
    got = [(c.extra["kind"], c.value) for c in claims_of(text) if c.field == "placeholder"]
    assert got == expected


def test_placeholders_in_blocks_but_not_in_diagrams():
    text = "```yaml\nimage: <your-registry>/api:latest\nhost: api.example.com\n```\n\n```mermaid\ngraph LR\nA[TODO] --> B\n```\n"
    got = [(c.extra["kind"], c.value, c.form) for c in claims_of(text) if c.field == "placeholder"]
    assert got == [("angle", "<your-registry>", "yaml"), ("latest", "latest", "yaml"), ("host", "api.example.com", "yaml")]


def test_waiver_reaches_claims():
    text = "<!-- k8sfix: ignore placeholder -- sample domain -->\nUse https://shop.example.com here.\n"
    (c,) = [c for c in claims_of(text) if c.field == "placeholder"]
    assert c.extra["waiver"] == {"rules": ["placeholder"], "reason": "sample domain"}


def test_links_and_front_matter():
    text = "---\nnamespace: shop\nchart_version: 0.3.1\n---\nSee [values](../charts/shop/values.yaml#L10) and [site](https://x.io).\n"
    claims = claims_of(text)
    got = [(c.form, c.field, c.value) for c in claims if c.form in ("link", "frontmatter")]
    assert got == [("frontmatter", "namespace", "shop"), ("frontmatter", "chart-version", "0.3.1"),
                   ("link", "path", "../charts/shop/values.yaml")]
    link = next(c for c in claims if c.form == "link")
    assert link.extra["base"] == "doc" and link.extra["anchor"] == "L10"
