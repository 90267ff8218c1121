"""Claims in YAML blocks.

- each Kubernetes object (has `kind`) -> `yaml-object` (value = the parsed dict, extra.field_lines
  {dotted path: doc line}, extra.path_comment, extra.partial)
- a fragment of an object (`spec:`, `resources:`, a container...) -> `yaml-object` with partial=True
- values.yaml excerpts (no apiVersion/kind; `# values.yaml` comment or a Helm section) -> `values-excerpt`
- Chart.yaml excerpts -> `chart-yaml`
- a `# path/to/file.yaml` first-line comment or a caption line right above the block -> `path`
- a block that does not parse -> `snippet` (extra.error, extra.error_line)

Helm template text (`{{ ... }}`) is masked before parsing; such blocks are template excerpts
(extra.template=True) and never a parse error.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ...model import Claim
from ..markdown import CodeBlock, Document
from .common import heading_area, new_claim, section_subject, section_titles

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAML_LANGS = {"yaml", "yml"}
_PATH_COMMENT = re.compile(r"^\s*#\s*(?:(?:file|path|source|in|from)\s*:\s*)?`?((?:\.{1,2}/)?[\w.\-/]+\.(?:ya?ml|json|tpl))`?\s*(?:\(.*\))?\s*$", re.I)
_CAPTION = re.compile(r"`((?:\.{1,2}/)?[\w.\-/]+\.(?:ya?ml|tpl|json))`|\*\*((?:\.{1,2}/)?[\w.\-/]+\.(?:ya?ml|tpl|json))\*\*"
                      r"|(?:^|\s)((?:\.{1,2}/)?[\w.\-]+/[\w.\-/]+\.(?:ya?ml|tpl))\b")
_TEMPLATE = re.compile(r"\{\{.*?\}\}")
_KIND_AREAS = {
    "Deployment": "workloads", "StatefulSet": "workloads", "DaemonSet": "workloads", "Job": "workloads",
    "CronJob": "workloads", "Pod": "workloads", "ReplicaSet": "workloads", "Service": "exposure",
    "Ingress": "exposure", "IngressClass": "exposure", "PersistentVolumeClaim": "storage",
    "PersistentVolume": "storage", "StorageClass": "storage", "ConfigMap": "config", "Secret": "config",
    "HorizontalPodAutoscaler": "autoscaling", "PodDisruptionBudget": "resources", "NetworkPolicy": "networking",
    "ServiceMonitor": "monitoring", "PodMonitor": "monitoring", "PrometheusRule": "monitoring",
    "Kustomization": "structure", "Namespace": "structure", "ResourceQuota": "resources", "LimitRange": "resources",
    "VirtualService": "networking", "DestinationRule": "networking", "Gateway": "networking",
    "HTTPRoute": "exposure", "Certificate": "exposure", "ClusterIssuer": "exposure", "Issuer": "exposure",
}
_FRAGMENT_KEYS = {
    "spec", "metadata", "template", "containers", "initContainers", "resources", "livenessProbe", "readinessProbe",
    "startupProbe", "ports", "env", "envFrom", "volumeMounts", "volumes", "replicas", "selector", "strategy",
    "volumeClaimTemplates", "requests", "limits", "image", "imagePullPolicy", "securityContext", "httpGet",
    "tcpSocket", "nodeSelector", "tolerations", "affinity", "serviceAccountName", "rules", "tls", "data",
    "stringData", "accessModes", "storageClassName", "minReplicas", "maxReplicas", "metrics", "scaleTargetRef",
    "minAvailable", "maxUnavailable", "podSelector", "policyTypes", "ingress", "egress", "type", "clusterIP",
}
_VALUES_HINT_KEYS = {"replicaCount", "image", "service", "ingress", "resources", "autoscaling", "persistence",
                     "nameOverride", "fullnameOverride", "podAnnotations", "serviceAccount", "nodeSelector",
                     "tolerations", "affinity", "global", "postgresql", "redis", "imagePullSecrets", "config", "env"}


def _mask_templates(text: str) -> tuple[str, bool]:
    """Replace `{{ ... }}` with YAML-neutral text, keeping line structure."""
    if "{{" not in text:
        return text, False
    out = []
    for raw in text.split("\n"):
        stripped = raw.strip()
        if _TEMPLATE.fullmatch(stripped) or (stripped.startswith("{{") and stripped.endswith("}}") and "}}" not in stripped[2:-2]):
            out.append("")  # a control line ({{- if }}, {{ include ... | nindent }})
            continue
        out.append(_TEMPLATE.sub(lambda m: "TPL" + "_" * max(0, len(m.group(0)) - 3), raw))
    return "\n".join(out), True


def _mask_ellipses(text: str) -> tuple[str, bool]:
    """Lines that are only `...` / `# ...` inside an excerpt: turn them into comments."""
    changed = False
    out = []
    for i, raw in enumerate(text.split("\n")):
        m = re.fullmatch(r"(\s*)(?:\.\.\.|…|# \.\.\.)\s*(<[^>]*>|\[[^\]]*\]|\([^)]*\)|snip\w*|omitted|truncated|"
                         r"etc\.?)?\s*", raw)
        if m and (raw.startswith((" ", "\t")) or i > 0 or m.group(2)):
            # `...`, `...<snip>`, `... (omitted)`: an elision, kept as a comment so the rest still parses
            out.append(raw if "#" in raw and not m.group(2) else m.group(1) + "#" + raw.strip())
            changed = True
        elif re.fullmatch(r"\s*(?:#\s*)?[\[(]\s*(?:\.\.\.|…)\s*[\])]\s*", raw):
            out.append(re.sub(r"\S.*", lambda g: "# " + g.group(0), raw, count=1))  # `[...]`: an elision too
            changed = True
        elif re.search(r"\S\s+//\s+\S", raw) and not raw.lstrip().startswith("#"):
            out.append(re.sub(r"\s+//\s+.*$", "", raw))  # `- --flag=x // ADD THIS!`: an annotation, not YAML
            changed = True
        else:
            out.append(raw)
    return "\n".join(out), changed


def _construct(node: Any, base: int, prefix: str, lines: dict[str, int]) -> Any:
    """Build Python data from a composed node, recording `prefix` -> doc line for each field."""
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for knode, vnode in node.value:
            if knode.tag == "tag:yaml.org,2002:merge":
                merged = _construct(vnode, base, prefix, lines)
                if isinstance(merged, dict):
                    for k, v in merged.items():
                        out.setdefault(k, v)
                continue
            key = _scalar(knode) if isinstance(knode, yaml.ScalarNode) else str(knode.start_mark)
            path = f"{prefix}.{key}" if prefix else str(key)
            lines.setdefault(path, base + knode.start_mark.line)
            out[key] = _construct(vnode, base, path, lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            path = f"{prefix}[{i}]"
            lines.setdefault(path, base + item.start_mark.line)
            items.append(_construct(item, base, path, lines))
        return items
    return _scalar(node)


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _scalar(node: Any) -> Any:
    """A scalar node's Python value (int, bool, str...), falling back to its text."""
    if node.tag == "tag:yaml.org,2002:str":
        return node.value
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except Exception:  # unusual tags (!Ref, timestamps with odd text): keep the text
        return node.value


def parse_yaml_docs(text: str, base_line: int) -> list[tuple[Any, dict[str, int], int]]:
    """[(data, field_lines, first_doc_line)] for each YAML document; raises yaml.YAMLError."""
    docs = []
    for node in yaml.compose_all(text, Loader=_Loader):
        if node is None:
            continue
        lines: dict[str, int] = {}
        data = _construct(node, base_line, "", lines)
        docs.append((data, lines, base_line + node.start_mark.line))
    return docs


def _caption(doc: Document, block: CodeBlock) -> str | None:
    ln = block.fence_line - 1
    while ln >= 1 and not doc.line(ln).strip():
        ln -= 1
        if block.fence_line - ln > 2:
            return None
    if ln < 1:
        return None
    raw = doc.line(ln)
    if raw.lstrip().startswith(("#", "|", "```", "~~~")) and not raw.lstrip().startswith("#" * 4):
        return None
    if len(raw) > 200:
        return None
    m = _CAPTION.search(raw)
    if not m:
        return None
    return next(g for g in m.groups() if g)


def _path_comment(block: CodeBlock) -> tuple[str, int] | None:
    for i, raw in enumerate(block.text.split("\n")[:3]):
        if not raw.strip():
            continue
        m = _PATH_COMMENT.match(raw)
        if m:
            return m.group(1), block.content_start_line + i
        if not raw.lstrip().startswith("#"):
            return None
    return None


def _classify(data: Any, path_hint: str | None, helm_ctx: bool, lang_values: bool) -> str:
    if not isinstance(data, dict) or not data:
        if isinstance(data, list) and data and all(isinstance(x, dict) for x in data):
            keys = set().union(*(x.keys() for x in data))
            if keys & _FRAGMENT_KEYS or {"name", "image"} <= keys or {"name", "containerPort"} & keys:
                return "fragment"
        return "other"
    keys = set(map(str, data.keys()))
    name = (path_hint or "").rsplit("/", 1)[-1].lower()
    if "kind" in keys:
        return "object"
    if name == "chart.yaml" or ({"apiVersion", "name", "version"} <= keys and str(data.get("apiVersion")) in ("v1", "v2")):
        return "chart"
    if name.startswith("values") or lang_values:
        return "values"
    if name.startswith("kustomization") or ({"resources"} <= keys and keys & {"namespace", "namePrefix", "patches",
                                                                             "patchesStrategicMerge", "images", "bases",
                                                                             "configMapGenerator", "components"}):
        return "kustomization"
    if {"on", "jobs"} <= keys or {True, "jobs"} <= set(data.keys()):
        return "workflow"
    if helm_ctx and not (keys & {"apiVersion", "spec", "metadata"}):
        return "values"
    if keys & _VALUES_HINT_KEYS and not (keys & {"spec", "metadata", "containers"}) and (keys & {"replicaCount", "image", "service", "ingress", "persistence", "autoscaling"}):
        return "values"
    if keys & _FRAGMENT_KEYS:
        return "fragment"
    return "other"


def _partial(data: dict[str, Any]) -> bool:
    meta = data.get("metadata")
    if not data.get("apiVersion") or not isinstance(meta, dict) or not meta.get("name"):
        return True
    kind = data.get("kind")
    if kind in ("ConfigMap", "Secret", "Namespace", "ServiceAccount", "ClusterRole", "Role", "RoleBinding",
                "ClusterRoleBinding", "StorageClass", "Kustomization"):
        return False
    return "spec" not in data


def extract_block(doc: Document, block: CodeBlock) -> list[Claim]:
    titles = section_titles(doc, block.fence_line)
    area_hint = heading_area(titles)
    helm_ctx = area_hint == "helm" or any(re.search(r"helm|chart|values", t, re.I) for t in titles)
    subject = section_subject(doc, block.fence_line)
    out: list[Claim] = []
    comment = _path_comment(block)
    caption = _caption(doc, block)
    path_hint = comment[0] if comment else caption
    hint_line = comment[1] if comment else None
    if comment:
        out.append(new_claim(doc, comment[1], "yaml", "path", comment[0],
                             span=_span_in(doc.line(comment[1]), comment[0]), subject=subject,
                             extra={"kind": "file", "via": "comment"}))
    elif caption:
        ln = block.fence_line - 1
        while ln > 1 and not doc.line(ln).strip():
            ln -= 1
        out.append(new_claim(doc, ln, "yaml", "path", caption, span=_span_in(doc.line(ln), caption), subject=subject,
                             extra={"kind": "file", "via": "caption"}))
    if not block.text.strip():
        return out
    text, template = _mask_templates(block.text)
    text, ellipsis = _mask_ellipses(text)
    base = block.content_start_line
    try:
        docs = parse_yaml_docs(text, base)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = base + mark.line if mark is not None else block.fence_line
        line = min(max(line, block.content_start_line), max(block.content_start_line, block.end_line))
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        extra: dict[str, Any] = {"lang": block.lang, "end_line": block.end_line}
        if template:
            extra["template"] = True
        elif ellipsis:
            extra["elided"] = True  # `...` stands for omitted lines: a parse error says nothing
        else:
            extra["error"] = f"{problem} (line {line})"
            extra["error_line"] = line
        if path_hint:
            extra["path_comment"] = path_hint
        out.append(new_claim(doc, block.fence_line, "yaml", "snippet", block.lang or "yaml", subject=subject,
                             extra=extra, end_line=block.end_line, area=area_hint or "structure"))
        return out
    lang_values = bool(re.search(r"\bvalues\b", block.info, re.I))
    for data, field_lines, first_line in docs:
        kind = _classify(data, path_hint, helm_ctx, lang_values)
        extra = {"field_lines": field_lines, "end_line": block.end_line, "fence_line": block.fence_line}
        if path_hint:
            extra["path_comment"] = path_hint
            if hint_line:
                extra["path_comment_line"] = hint_line
        if template:
            extra["template"] = True
        if ellipsis:
            extra["elided"] = True
        if kind == "object":
            k = str(data.get("kind"))
            meta = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
            extra["partial"] = _partial(data) or ellipsis
            extra["kind"] = k
            obj_subject = str(meta.get("name")) if meta.get("name") is not None else subject
            out.append(new_claim(doc, first_line, "yaml", "yaml-object", data, subject=obj_subject, extra=extra,
                                 end_line=block.end_line, area=_KIND_AREAS.get(k, area_hint or "workloads")))
        elif kind == "kustomization":
            extra["partial"] = True
            extra["kind"] = "Kustomization"
            extra["inferred_kind"] = True
            out.append(new_claim(doc, first_line, "yaml", "yaml-object", data, subject=subject, extra=extra,
                                 end_line=block.end_line, area="structure"))
        elif kind == "fragment":
            extra["partial"] = True
            out.append(new_claim(doc, first_line, "yaml", "yaml-object", data, subject=subject, extra=extra,
                                 end_line=block.end_line, area=area_hint or "workloads"))
        elif kind == "values":
            out.append(new_claim(doc, first_line, "yaml", "values-excerpt", data, subject=subject, extra=extra,
                                 end_line=block.end_line, area="helm"))
        elif kind == "chart":
            out.append(new_claim(doc, first_line, "yaml", "chart-yaml", data, subject=subject, extra=extra,
                                 end_line=block.end_line, area="helm"))
    return out


def _span_in(raw: str, value: str) -> tuple[int, int] | None:
    pos = raw.find(value)
    return (pos, pos + len(value)) if pos >= 0 else None


def extract(doc: Document) -> list[Claim]:
    out: list[Claim] = []
    for block in doc.blocks:
        if block.lang in YAML_LANGS or (block.lang in ("", "helm", "gotmpl", "go-template", "tpl", "json", "jsonc")
                                        and _looks_yaml(block)):
            out.extend(extract_block(doc, block))
    return out


def _looks_yaml(block: CodeBlock) -> bool:
    text = block.text
    if block.lang in ("json", "jsonc"):
        return '"apiVersion"' in text and '"kind"' in text
    return bool(re.search(r"^apiVersion:\s*\S+", text, re.M) and re.search(r"^kind:\s*\S+", text, re.M))

