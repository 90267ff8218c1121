"""Claim extraction: one module per claim form, run together by `extract_claims`.

    from k8sfix_tui.doc import parse_document, extract_claims
    claims = extract_claims(parse_document("docs/deploy.md", text))

Claims come back sorted by (line, column) and de-duplicated (the same field/value/span found by two
extractors is kept once, the more specific form winning). The vocabulary is described in
/work/briefs/claims-vocab.md and in `common.AREA_BY_FIELD`. Conventions beyond it:

- enumerated values are canonical and `extra.written` keeps the text: kind ("deploy" -> Deployment),
  access-mode (RWO -> ReadWriteOnce), service-type, strategy, object-kind (HPA -> HorizontalPodAutoscaler),
  probe.*.type (HTTP GET -> httpGet). `span` always covers the written text, so
  `line[span[0]:span[1]]` is `value` or `extra["written"]`.
- `component` values are as written with `extra.canonical` ("Postgres" -> PostgreSQL), `extra.role`
  ("for caching") and `extra.negated` ("there is no Kafka"); kubectl object refs (`svc/web`) also give a
  `component` claim with `extra.kind`.
- `object-kind` naming one object (HPA `shop-gateway`, policy `default-deny`) has `extra.name` and that
  name as subject.
- `configmap-value` [value; extra.key, extra.configmap]: a value column next to an env/variable column.
- table rows of Helm values (`web.service.nodePort` | 30080) add a derived field claim (node-port,
  replicas, storage-size, image-tag, hpa-min/max...) with `extra.derived` and `extra.values_key`.
- `path` from a Markdown link has `extra.base == "doc"` (relative to the document's folder); other paths
  are as written (repo-relative or relative to the doc: resolve both). `.sh` paths are `script` claims and
  `.github/workflows/*` paths `workflow` claims instead of `path`.
- number-like durations drop the unit (`30s` -> "30"); quantities keep theirs ("512Mi", "8192 MB").
- uncertain guesses say so: `extra.ambiguous` (a bare "port 8080" taken as container-port, a single
  CPU value taken as a request), `extra.ambiguous_probe` (probe kind not named), `extra.pair` (request /
  limit split from "250m / 500m").
- `extra.overlay` on sentence claims that name an overlay ("`k8s/overlays/prod` runs 6 API replicas") and
  on table cells under an environment header ("Replicas (prod)"); `extra.environment` ("prod", "dev",
  "staging", "local", "minikube") for claims inside a section named after an environment ("## Production"),
  `extra.label` for "Label: value" items, `extra.header` for table cells, `extra.command` for claims
  derived from a shell command, `extra.waiver` when a waiver covers the claim's line.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from ...errors import DocumentError
from ...model import Claim
from ..markdown import Document
from . import bash_blocks, mentions, mermaid, placeholders, prose, tables, trees, yaml_blocks
from .common import label_field, looks_like_path, new_claim, section_subject

EXTRACTORS: list[tuple[str, Callable[[Document], list[Claim]]]] = [
    ("prose", prose.extract),
    ("tables", tables.extract),
    ("yaml_blocks", yaml_blocks.extract),
    ("bash_blocks", bash_blocks.extract),
    ("trees", trees.extract),
    ("mermaid", mermaid.extract),
    ("mentions", mentions.extract),
    ("placeholders", placeholders.extract),
]
_FORM_RANK = {"yaml": 0, "bash": 1, "link": 2, "table": 3, "tree": 4, "mermaid": 5, "list": 6, "prose": 7,
              "heading": 8, "frontmatter": 9, "mention": 10}


def link_claims(doc: Document) -> list[Claim]:
    """Relative links to repository files -> `path` claims (extra.base = "doc": relative to the doc)."""
    out: list[Claim] = []
    for link in doc.links:
        target = link.target.strip()
        if not target or target.startswith(("#", "mailto:", "tel:", "data:")) or re.match(r"^[a-z][a-z0-9+.\-]*:", target, re.I):
            continue
        path, _, anchor = target.partition("#")
        path = path.split("?", 1)[0]
        if not path:
            continue
        kind = "dir" if path.endswith("/") else ("file" if "." in path.rsplit("/", 1)[-1] else "dir")
        raw = doc.line(link.line)
        pos = raw.find("(" + link.target)
        span = (pos + 1, pos + 1 + len(path)) if pos >= 0 else None
        extra: dict[str, Any] = {"kind": kind, "base": "doc", "link_text": link.text}
        if anchor:
            extra["anchor"] = anchor
        if link.image:
            extra["image"] = True
        out.append(new_claim(doc, link.line, "link", "path", path, span=span, subject=section_subject(doc, link.line),
                             extra=extra))
    return out


def frontmatter_claims(doc: Document) -> list[Claim]:
    """Front matter keys that name a field (`namespace: larkspur`, `chart_version: 0.3.1`)."""
    out: list[Claim] = []
    if not doc.front_matter or not doc.front_matter_lines:
        return out
    start, end = doc.front_matter_lines
    for key, value in doc.front_matter.items():
        if not isinstance(key, str) or isinstance(value, (dict, list)) or value is None:
            continue
        fld = label_field(key.replace("_", " "))
        if not fld or fld in ("subject", "value", "type", "port", "key", "source", "cpu", "memory", "requests", "limits",
                              "resources", "probe-path") or fld.startswith("probe"):
            continue
        sval = str(value)
        line, span = start, None
        for ln in range(start, end + 1):
            raw = doc.line(ln)
            if re.match(rf"^\s*{re.escape(key)}\s*:", raw):
                line = ln
                pos = raw.find(sval, raw.index(":") + 1)
                span = (pos, pos + len(sval)) if pos >= 0 else None
                break
        if fld == "path" and not looks_like_path(sval):
            continue
        out.append(new_claim(doc, line, "frontmatter", fld, sval, span=span, extra={"key": key}))
    return out


def _dedupe(claims: list[Claim]) -> list[Claim]:
    best: dict[tuple[Any, ...], Claim] = {}
    order: list[tuple[Any, ...]] = []
    for c in claims:
        if c.span is None or c.field in ("yaml-object", "values-excerpt", "chart-yaml", "tree", "snippet", "mermaid-edge"):
            key: tuple[Any, ...] = (id(c),)
        else:
            key = (c.doc.line, c.span, c.field)
        if key not in best:
            best[key] = c
            order.append(key)
        elif _FORM_RANK.get(c.form, 99) < _FORM_RANK.get(best[key].form, 99):
            best[key] = c
    return [best[k] for k in order]


def extract_claims(document: Document, *, strict: bool = False) -> list[Claim]:
    """Run every extractor on `document`; deterministic order (line, column, form).

    An extractor that fails on some odd input is skipped and the failure recorded in
    `document.errors`; with strict=True it raises `DocumentError` instead.
    """
    claims: list[Claim] = []
    for name, fn in EXTRACTORS + [("links", link_claims), ("frontmatter", frontmatter_claims)]:
        try:
            claims.extend(fn(document))
        except Exception as exc:  # never a traceback for a document
            message = f"{name} extractor failed: {type(exc).__name__}: {exc}"
            if strict:
                raise DocumentError(message, document.path) from exc
            document.errors.append(f"{document.path}: {message}")
    claims = _dedupe(claims)
    claims.sort(key=lambda c: (c.doc.line, c.span[0] if c.span else -1, _FORM_RANK.get(c.form, 99), c.field, str(c.value)))
    return claims


__all__ = ["extract_claims", "EXTRACTORS", "link_claims", "frontmatter_claims"]
