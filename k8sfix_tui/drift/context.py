"""What every drift rule gets: facts, documents with their claims, the matcher, scopes, and helpers
to build findings with stable ids and evidence on both sides."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..doc.written import count_written
from ..model import Claim, DocRef, Evidence, Facts, Finding, K8sObject
from .fields import FieldValue
from .matcher import Matcher, all_objects, tokens

ENV_SYNONYMS = {  # only words that name an environment when they appear (not "live", "stage", "local", "test")
    "prod": {"prod", "production", "prd"},
    "production": {"prod", "production", "prd"},
    "staging": {"staging", "stg", "preprod"},
    "stage": {"staging", "stg"},
    "stg": {"staging", "stg"},
    "dev": {"dev", "development"},
    "development": {"dev", "development"},
    "qa": {"qa"},
    "minikube": {"minikube"},
}


SECTION_AREAS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (area, re.compile(pattern, re.I))
    for area, pattern in (
        ("minikube", r"minikube|local cluster|kind cluster"),
        ("autoscaling", r"autoscal|\bscaling\b|\bhpa\b|disruption"),
        ("probes", r"probe|health ?check"),
        ("networking", r"network|\bdns\b|service mesh"),
        ("monitoring", r"monitor|observab|metrics|alert|logging|dashboards?"),
        ("resources", r"resource|quota|limits"),
        ("storage", r"storage|volume|persist|backup"),
        ("config", r"config|secret|environment variable|settings"),
        ("exposure", r"expos|ingress|\bservices?\b|routing|\bports?\b|load ?balanc"),
        ("helm", r"\bhelm\b|chart|values"),
        ("automation", r"automation|makefile|\bmake\b|\bci\b|continuous|pipeline|workflow"),
        ("structure", r"structure|layout|repositor|director|overlay|kustomiz"),
        ("workloads", r"workload|architecture|component|deployments?\b|statefulset|cronjob"),
    )
)


def section_area(titles: list[str]) -> str | None:
    """The area a section heading (innermost first) is about, if its words say so."""
    for title in titles:
        for area, pattern in SECTION_AREAS:
            if pattern.search(title or ""):
                return area
    return None


TEST_DIRS = frozenset({"test", "tests", "e2e", "testdata", "test-data", "test_data", "fixtures", "__tests__", "testing",
                       "integration-tests", "e2e-tests", "kuttl"})


def test_fixture(obj: Any) -> bool:
    """An object that lives in a test directory (kuttl asserts, e2e fixtures): not what the repository deploys."""
    src = getattr(obj, "source", None)
    path = str(getattr(src, "path", "") or "")
    return any(part.lower() in TEST_DIRS for part in path.split("/")[:-1])


GENERIC_DIRS = frozenset({"base", "bases", "common", "default", "k8s", "kubernetes", "manifests", "deploy",
                          "overlays", "components", "kustomize", "config", "app", "apps", "src"})


@dataclass
class DocView:
    """A parsed document with its claims, as rules see it."""

    document: Any
    path: str
    claims: list[Claim]
    lines: list[str]
    text_lower: str
    waivers: dict[int, Any]

    def section_titles(self, line: int) -> list[str]:
        """Titles of the section containing `line` and of its ancestors (innermost first)."""
        doc = self.document
        titles: list[str] = []
        sections = getattr(doc, "sections", None) or []
        try:
            sec = doc.section_at(line) if hasattr(doc, "section_at") else None
        except Exception:  # a foreign Document implementation must not break the check
            sec = None
        guard = 0
        while sec is not None and guard < 50:
            guard += 1
            titles.append(str(getattr(sec, "title", "")))
            parent = getattr(sec, "parent", None)
            if isinstance(parent, int) and 0 <= parent < len(sections):
                sec = sections[parent]
            else:
                sec = parent if parent is not None and not isinstance(parent, int) else None
        return titles

    def paragraph_text(self, line: int) -> str:
        """The paragraph / list item / table row around `line` (just the line when unknown)."""
        index = self.__dict__.get("_para_index")
        if index is None:
            index = {}
            for para in getattr(self.document, "paragraphs", None) or []:
                start, end = int(getattr(para, "line", 0) or 0), int(getattr(para, "end_line", 0) or 0)
                if 0 < start <= end and end - start < 40:
                    for n in range(start, end + 1):
                        index.setdefault(n, (start, end))
            self.__dict__["_para_index"] = index
        span = index.get(line)
        if span:  # from the start of the paragraph / list item down to the claim's own line
            return "\n".join(self.lines[span[0] - 1 : line])
        return self.line_text(line)

    @property
    def substantial(self) -> bool:
        """A real deployment document, not a pointer README of a few lines. Lines k8sfix generated
        (inside `k8sfix:begin/end` markers) do not count: accepting fixes must not turn a pointer README
        into a document that then owes every topic (fixes converge in one round). One definition of
        written lines for drift and fixes: `k8sfix_tui.doc.written` (front matter, generated blocks,
        headings over generated-only sections and License/Contributing-style sections do not count)."""
        return count_written(self.lines) >= 20

    def line_text(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""


@dataclass
class Scope:
    """Where a claim's values come from: the origin it targets first, then the others."""

    primary: str | None
    explicit: bool
    order: list[str]


@dataclass
class Context:
    facts: Facts
    docs: list[DocView]
    config: Any = None
    matcher: Matcher = None  # type: ignore[assignment]
    objects: list[K8sObject] = field(default_factory=list)
    verified: list[Finding] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set)
    _files: set[str] | None = None
    _dirs: set[str] | None = None

    def __post_init__(self) -> None:
        if not self.objects:
            self.objects = all_objects(self.facts)
            self.objects.extend(claim_template_pvcs(self.objects))
        if self.matcher is None:
            self.matcher = Matcher(self.facts, self.objects)
        self.origins = _ordered_unique(o.origin for o in self.objects)
        self.default_origin = self._default_origin()
        self.env_index = self._env_index()

    # -- origins and scopes ------------------------------------------------------------------
    def _default_origin(self) -> str | None:
        wanted = list(getattr(self.config, "profiles", None) or [])
        for name in wanted:  # [tool.k8sfix] profiles = ["make deploy-prod"]: the doc describes that route
            if name in self.origins:
                return name
        values = [v.lstrip("./") for v in (getattr(self.config, "values", None) or [])]
        if values:  # [tool.k8sfix] values = ["deploy/chart/values-prod.yaml"]: a profile using those files
            for prof in self.facts.profiles:
                files = [f.lstrip("./") for f in prof.values_files]
                if prof.name in self.origins and all(any(f.endswith(v) for f in files) for v in values):
                    return prof.name
        charts = [o for o in self.origins if o.startswith("chart ")]
        if charts:
            return charts[0]
        bases = [o for o in self.origins if o.startswith("kustomize ")]
        if bases and "manifests" in self.origins:
            # plain manifests that a kustomize base builds: the built form (images, namespace...) is what deploys
            kust_dirs = [ov.path.rstrip("/") + "/" for ov in self.facts.overlays if ov.path] or [
                o.split(" ", 1)[1].rstrip("/") + "/" for o in bases]
            manifest_files = {o.source.path for o in self.objects if o.origin == "manifests"}
            inside = sum(1 for f in manifest_files if any(f.startswith(d) for d in kust_dirs))
            if manifest_files and inside * 2 >= len(manifest_files):
                return bases[0]
        if "manifests" in self.origins:
            return "manifests"
        return self.origins[0] if self.origins else None

    def _env_index(self) -> dict[str, list[str]]:
        """env word -> origins it names (overlay dir names, overlay namespaces, profile names/values files)."""
        index: dict[str, list[str]] = {}

        def add(word: str, origin: str) -> None:
            for w in ENV_SYNONYMS.get(word, {word}):
                lst = index.setdefault(w, [])
                if origin not in lst:
                    lst.append(origin)

        for ov in self.facts.overlays:
            origin = f"overlay {ov.path}" if f"overlay {ov.path}" in self.origins else f"kustomize {ov.path}"
            base = ov.path.rstrip("/").rsplit("/", 1)[-1].lower()
            if base and (ov.is_overlay or base in ENV_SYNONYMS) and base not in GENERIC_DIRS:
                add(base, origin)
            if ov.namespace:
                add(ov.namespace.lower(), origin)
        for origin in self.origins:
            if origin.startswith(("overlay ", "kustomize ")):
                base = origin.split(" ", 1)[1].rstrip("/").rsplit("/", 1)[-1].lower()
                if (origin.startswith("overlay ") or base in ENV_SYNONYMS) and base not in GENERIC_DIRS:
                    add(base, origin)
        for prof in self.facts.profiles:
            words: set[str] = set()
            for text in [prof.name, *prof.values_files]:
                words |= {t for t in tokens(os.path.basename(text)) if t in ENV_SYNONYMS}
            if prof.namespace and prof.namespace.lower() in ENV_SYNONYMS:
                words.add(prof.namespace.lower())
            for w in words:
                add(w, prof.name)
        return index

    def scope(self, claim: Claim, doc: DocView | None = None) -> Scope:
        """The origin a claim targets: an environment/overlay named by the claim or its sections, else the
        chart with default values, else plain manifests."""
        texts = [claim.subject or "", claim.text or ""]
        extra = claim.extra or {}
        for key in ("overlay", "environment", "env", "origin"):
            if isinstance(extra.get(key), str):
                texts.insert(0, extra[key])
        if doc is not None:
            texts.append(doc.paragraph_text(claim.doc.line))
            texts.extend(doc.section_titles(claim.doc.line))
        elif claim.doc.section:
            texts.append(claim.doc.section)
        explicit = None
        for text in texts:
            explicit = self._origin_named_in(text)
            if explicit:
                break
        order: list[str] = []
        if explicit:
            order.extend(explicit)
        if self.default_origin:
            order.append(self.default_origin)
        if "manifests" in self.origins:
            order.append("manifests")
        order.extend(self.origins)
        order = _ordered_unique(order)
        return Scope(order[0] if order else None, bool(explicit), order)

    def _origin_named_in(self, text: str) -> list[str] | None:
        if not text:
            return None
        cache = self.__dict__.setdefault("_named_cache", {})
        if text in cache:
            return cache[text]
        cache[text] = self._origin_named_in_uncached(text)
        return cache[text]

    def _origin_named_in_uncached(self, text: str) -> list[str] | None:
        low = text.lower()
        for origin in self.origins:
            if origin.startswith(("overlay ", "kustomize ")):
                path = origin.split(" ", 1)[1].rstrip("/")
                if path and path.lower() in low:
                    return [origin]
        words = set(re.findall(r"[a-z0-9]+", low))
        hits: list[str] = []
        for word in sorted(words):
            for origin in self.env_index.get(word, []):
                if origin not in hits:
                    hits.append(origin)
        return hits or None

    # -- object indexes ------------------------------------------------------------------------
    def of_kind(self, kind: str) -> list[K8sObject]:
        index = self.__dict__.get("_by_kind")
        if index is None:
            index = {}
            for o in self.objects:
                index.setdefault(o.kind, []).append(o)
            self.__dict__["_by_kind"] = index
        return index.get(kind, [])

    def named(self, kind: str, name: str) -> list[K8sObject]:
        index = self.__dict__.get("_by_name")
        if index is None:
            index = {}
            for o in self.objects:
                index.setdefault((o.kind, o.name), []).append(o)
            self.__dict__["_by_name"] = index
        return index.get((kind, name), [])

    # -- repository files --------------------------------------------------------------------
    @property
    def files(self) -> set[str]:
        if self._files is None:
            self._files = {f.lstrip("./") if f.startswith("./") else f for f in self.facts.files}
        return self._files

    @property
    def dirs(self) -> set[str]:
        if self._dirs is None:
            dirs: set[str] = set()
            for f in self.files:
                parts = f.split("/")[:-1]
                for i in range(1, len(parts) + 1):
                    dirs.add("/".join(parts[:i]))
            self._dirs = dirs
        return self._dirs

    def exists(self, rel: str) -> str | None:
        """'file' / 'dir' when a repo-relative path exists (facts file list, then the file system)."""
        rel = rel.strip().rstrip("/")
        while rel.startswith("./"):
            rel = rel[2:]
        if not rel or rel == ".":
            return "dir"
        if rel in self.files:
            return "file"
        if rel in self.dirs:
            return "dir"
        root = self.facts.repo
        if root and os.path.isabs(root):
            full = os.path.normpath(os.path.join(root, rel))
            if full.startswith(os.path.normpath(root)) and os.path.lexists(full):
                return "dir" if os.path.isdir(full) else "file"
        return None

    # -- findings ----------------------------------------------------------------------------
    def finding_id(self, rule: str | None, doc: DocRef | None, field_name: str | None, extra: str = "") -> str:
        base = f"{rule}:{doc.path if doc else ''}:{doc.line if doc else 0}:{field_name}:{extra}"
        digest = hashlib.sha1(base.encode("utf-8")).hexdigest()[:10]
        prefix = (rule or "ok").split("-")[0][:5]
        fid = f"{prefix}-{digest}"
        n = 2
        while fid in self._ids:
            fid = f"{prefix}-{digest}-{n}"
            n += 1
        self._ids.add(fid)
        return fid

    def finding(
        self,
        rule: str | None,
        severity: str,
        area: str,
        *,
        claim: Claim | None = None,
        doc: DocRef | None = None,
        subject: str | None = None,
        field_name: str | None = None,
        doc_value: Any = None,
        actual: Any = None,
        evidence: Iterable[Evidence] = (),
        message: str,
        fix: str | None = None,
        key: str = "",
    ) -> Finding:
        doc = doc or (claim.doc if claim else None)
        field_name = field_name if field_name is not None else (claim.field if claim else None)
        subject = subject if subject is not None else (claim.subject if claim else None)
        if doc_value is None and claim is not None and not isinstance(claim.value, (dict, list)):
            doc_value = claim.value
        fid = self.finding_id(rule, doc, field_name, key or str(doc_value))
        if doc is not None and rule is not None:
            view = self.doc_view(doc.path)
            if view is not None:
                area = section_area(view.section_titles(doc.line)[:-1] or view.section_titles(doc.line)) or area
        ev = _dedupe(evidence)
        return Finding(fid, rule, severity, area, doc, subject, field_name, doc_value, actual, ev, message, fix,
                       claim=claim)

    def verify(self, claim: Claim, actual: Any, evidence: Iterable[Evidence], how: str,
               area: str | None = None, field_name: str | None = None, doc_value: Any = None) -> None:
        """Record a claim that agrees with the repository."""
        self.verified.append(
            self.finding(None, "info", area or claim.area, claim=claim, field_name=field_name, doc_value=doc_value,
                         actual=actual, evidence=evidence, message=how, key="verified")
        )

    def evidence_for(self, obj: K8sObject, fv: FieldValue | None = None) -> list[Evidence]:
        """Values-file provenance first (when the value came from chart values), then the object's source."""
        out: list[Evidence] = []
        path = fv.path if fv else ""
        if fv is not None:
            ref = (obj.provenance or {}).get(fv.path)
            if ref is not None:
                via = getattr(ref, "via", ())  # computed from the key's value (`upper`, `trunc`, `b64enc`...)
                out.append(Evidence(ref.location.path, ref.location.line,
                                    ref.key + (f" (through {' | '.join(via)})" if via else "")))
            else:  # the value is built from several keys (`repo:tag`): each one is evidence
                for part in (obj.partial_provenance or {}).get(fv.path, ())[:4]:
                    out.append(Evidence(part.location.path, part.location.line, f"{part.key} (part of the value)"))
        note = f"{obj.kind} {obj.name}" + (f" {path}" if path else "") + f" ({obj.origin})"
        if fv is not None and fv.default:
            note += " [Kubernetes default]"
        line = obj.line_of(path) if path else obj.source.line
        out.append(Evidence(obj.source.path, line, note))
        return out

    def linked_text(self) -> str:
        """Lower-cased text of the repository Markdown files the documents link to (relative links)."""
        if getattr(self, "_linked", None) is not None:
            return self._linked
        import posixpath

        parts: list[str] = []
        seen = {d.path for d in self.docs}
        for d in self.docs:
            for link in getattr(d.document, "links", None) or []:
                target = str(getattr(link, "target", "") or "").split("#", 1)[0]
                if not target or "://" in target or target.startswith(("mailto:", "/")):
                    continue
                rel = posixpath.normpath(posixpath.join(posixpath.dirname(d.path), target))
                if rel in seen or not rel.lower().endswith((".md", ".markdown")) or len(seen) > 50:
                    continue
                seen.add(rel)
                full = os.path.join(self.facts.repo, rel) if self.facts.repo else None
                if full and os.path.isfile(full) and os.path.getsize(full) < 2_000_000:
                    try:
                        with open(full, encoding="utf-8", errors="replace") as fh:
                            parts.append(fh.read().lower())
                    except OSError:
                        continue
        self._linked = "\n".join(parts)
        return self._linked

    def all_markdown_text(self) -> str:
        """Lower-cased text of every Markdown file of the repository (bounded), for 'mentioned anywhere'."""
        if getattr(self, "_all_md", None) is not None:
            return self._all_md
        parts: list[str] = [self.linked_text()]
        budget = 20_000_000
        own = {d.path for d in self.docs}
        for rel in sorted(self.files)[:100_000]:
            if not rel.lower().endswith((".md", ".markdown")) or rel in own or budget <= 0:
                continue
            full = os.path.join(self.facts.repo, rel) if self.facts.repo else None
            try:
                if full and os.path.isfile(full) and os.path.getsize(full) < 2_000_000:
                    with open(full, encoding="utf-8", errors="replace") as fh:
                        text = fh.read()
                    budget -= len(text)
                    parts.append(text.lower())
            except OSError:
                continue
        self._all_md = "\n".join(parts)
        return self._all_md

    def doc_view(self, path: str) -> DocView | None:
        return next((d for d in self.docs if d.path == path), None)


def claim_template_pvcs(objects: list[K8sObject]) -> list[K8sObject]:
    """The PVCs StatefulSet volumeClaimTemplates create (`<template>-<statefulset>-0`), as objects."""
    out: list[K8sObject] = []
    for obj in objects:
        if obj.kind != "StatefulSet" or not isinstance(obj.body, dict):
            continue
        templates = (obj.body.get("spec") or {}).get("volumeClaimTemplates") if isinstance(
            obj.body.get("spec"), dict) else None
        for i, tpl in enumerate(templates or []):
            if not isinstance(tpl, dict) or not isinstance((tpl.get("metadata") or {}).get("name"), str):
                continue
            name = f"{tpl['metadata']['name']}-{obj.name}-0"
            prefix = f"spec.volumeClaimTemplates[{i}]."
            body = {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                    "metadata": {"name": name, "namespace": obj.namespace,
                                 "labels": dict(((obj.body.get("spec") or {}).get("selector") or {}).get(
                                     "matchLabels") or {})},
                    "spec": tpl.get("spec") or {}}
            lines = {k[len(prefix):]: v for k, v in obj.field_lines.items() if k.startswith(prefix)}
            prov = {k[len(prefix):]: v for k, v in (obj.provenance or {}).items() if k.startswith(prefix)}
            line = obj.field_lines.get(f"spec.volumeClaimTemplates[{i}]", obj.source.line)
            out.append(K8sObject("v1", "PersistentVolumeClaim", name, obj.namespace, body,
                                 type(obj.source)(obj.source.path, line), obj.origin, lines, prov))
    return out


def origin_phrase(origin: str | None) -> str:
    if not origin:
        return "the repository has"
    if origin.startswith("chart "):
        return "the chart renders"
    if origin == "manifests":
        return "the manifests set"
    if origin.startswith("overlay "):
        return f"overlay {origin.split(' ', 1)[1]} renders"
    if origin.startswith("kustomize "):
        return f"kustomization {origin.split(' ', 1)[1]} renders"
    return f"{origin} deploys"


def _ordered_unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _dedupe(evidence: Iterable[Evidence]) -> list[Evidence]:
    seen: set[tuple] = set()
    out: list[Evidence] = []
    for e in evidence:
        key = (e.path, e.line, e.note)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
