"""YAML block claims: objects with field lines, partial objects, values/Chart.yaml excerpts, path
comments and captions, templates, multi-document blocks, parse errors."""

from __future__ import annotations

from .helpers import claims_of

DEPLOY = """
## API

`k8s/base/api.yaml`:

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.4.2
          ports:
            - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  ports:
    - port: 80
```
"""


def test_objects_field_lines_and_caption():
    claims = claims_of(DEPLOY)
    path = [c for c in claims if c.field == "path"]
    assert [(c.value, c.doc.line, c.extra["via"]) for c in path] == [("k8s/base/api.yaml", 3, "caption")]
    objs = [c for c in claims if c.field == "yaml-object"]
    assert [(c.value["kind"], c.subject, c.doc.line, c.area) for c in objs] == [
        ("Deployment", "api", 6, "workloads"), ("Service", "api", 20, "exposure")]
    fl = objs[0].extra["field_lines"]
    assert fl["spec.replicas"] == 11
    assert fl["spec.template.spec.containers[0].image"] == 16
    assert fl["spec.template.spec.containers[0].ports[0].containerPort"] == 18
    assert objs[0].value["spec"]["replicas"] == 3
    assert objs[0].extra["partial"] is False
    assert objs[1].extra["path_comment"] == "k8s/base/api.yaml"
    assert objs[1].extra["field_lines"]["spec.ports[0].port"] == 26


def test_path_comment_inside_block():
    text = "```yaml\n# k8s/base/redis.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: redis\ndata:\n  a: b\n```\n"
    claims = claims_of(text)
    (p,) = [c for c in claims if c.field == "path"]
    assert (p.value, p.doc.line, p.span) == ("k8s/base/redis.yaml", 2, (2, 21))
    (o,) = [c for c in claims if c.field == "yaml-object"]
    assert o.extra["path_comment"] == "k8s/base/redis.yaml" and o.extra["path_comment_line"] == 2


def test_partial_object_fragment():
    text = """
    ## Resources

    ```yaml
    resources:
      requests:
        cpu: 250m
        memory: 512Mi
    ```
    """
    (o,) = [c for c in claims_of(text) if c.field == "yaml-object"]
    assert o.extra["partial"] is True
    assert o.value == {"resources": {"requests": {"cpu": "250m", "memory": "512Mi"}}}
    assert o.extra["field_lines"]["resources.requests.memory"] == 7


def test_object_missing_name_is_partial_and_ellipsis_is_ok():
    text = "```yaml\nkind: Deployment\nspec:\n  replicas: 2\n  ...\n```\n"
    (o,) = [c for c in claims_of(text) if c.field == "yaml-object"]
    assert o.extra["partial"] is True and o.value["spec"]["replicas"] == 2


def test_values_excerpt_in_helm_section_and_by_comment():
    text = """
    ## Helm values

    ```yaml
    api:
      replicas: 3
    ```

    ## Other

    ```yaml
    # values.yaml
    image:
      tag: 1.4.2
    ```
    """
    vals = [c for c in claims_of(text) if c.field == "values-excerpt"]
    assert [c.value for c in vals] == [{"api": {"replicas": 3}}, {"image": {"tag": "1.4.2"}}]
    assert vals[0].extra["field_lines"]["api.replicas"] == 5
    assert all(c.area == "helm" for c in vals)


def test_chart_yaml_excerpt():
    text = "```yaml\napiVersion: v2\nname: shop\nversion: 0.3.1\nappVersion: \"1.4.2\"\n```\n"
    (c,) = [c for c in claims_of(text) if c.field == "chart-yaml"]
    assert c.value["version"] == "0.3.1" and c.extra["field_lines"]["appVersion"] == 5


def test_parse_error_is_a_snippet_claim_with_its_line():
    text = "# T\n\n```yaml\nconfig:\n  LOG_LEVEL: debug\n   HOLD: \"120\"\n```\n"
    (c,) = [c for c in claims_of(text) if c.field == "snippet"]
    assert c.value == "yaml"
    assert c.extra["error_line"] == 6
    assert "line 6" in c.extra["error"]
    assert (c.doc.line, c.doc.end_line) == (3, 7)


def test_helm_template_text_is_not_an_error():
    text = """
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: {{ include "shop.fullname" . }}
    spec:
      replicas: {{ .Values.replicas }}
      {{- with .Values.strategy }}
      strategy: {{ toYaml . | nindent 4 }}
      {{- end }}
    ```
    """
    claims = claims_of(text)
    assert not [c for c in claims if c.field == "snippet" and "error" in c.extra]
    (o,) = [c for c in claims if c.field == "yaml-object"]
    assert o.extra["template"] is True and o.value["kind"] == "Deployment"


def test_unparseable_template_is_a_template_snippet():
    text = "```yaml\n{{- range .Values.items }}\n- {{ . }}: [\n{{- end }}\n```\n"
    (c,) = [c for c in claims_of(text) if c.field == "snippet"]
    assert c.extra.get("template") is True and "error" not in c.extra


def test_yaml_in_a_list_item_keeps_line_numbers():
    text = "- Apply this:\n\n  ```yaml\n  apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: shop\n  ```\n"
    (o,) = [c for c in claims_of(text) if c.field == "yaml-object"]
    assert o.doc.line == 4 and o.extra["field_lines"]["metadata.name"] == 7
