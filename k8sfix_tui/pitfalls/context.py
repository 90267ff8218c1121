"""Shared helpers of the pitfall rules: object lookup per origin, names without overlay prefixes,
pod-spec walking and evidence (file:line) for a field, with chart values and overlay patches as
better evidence when the rendered object has no line of its own.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from ..model import Chart, Evidence, Facts, Finding, K8sObject, Workload

KUSTOMIZE_HASH = re.compile(r"-[bcdfghkmnt2-9]{10}$")
POD_KINDS = frozenset({"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet", "Pod",
                       "ReplicationController", "DeploymentConfig", "Rollout"})


def pod_spec_path(kind: str) -> str | None:
    if kind == "CronJob":
        return "spec.jobTemplate.spec.template.spec"
    if kind == "Pod":
        return "spec"
    if kind in POD_KINDS:
        return "spec.template.spec"
    return None


def dig(body: Any, path: str) -> Any:
    """`spec.template.spec` style lookup on a plain dict (no list indexes)."""
    cur = body
    for part in path.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


def pod_spec(obj: K8sObject) -> dict[str, Any]:
    path = pod_spec_path(obj.kind)
    spec = dig(obj.body, path) if path else None
    return spec if isinstance(spec, dict) else {}


def containers(obj: K8sObject, include_init: bool = False) -> Iterator[tuple[str, dict[str, Any]]]:
    """(dotted path, container dict) of every container of a workload object."""
    prefix = pod_spec_path(obj.kind)
    spec = pod_spec(obj)
    for key in ("containers", "initContainers") if include_init else ("containers",):
        items = spec.get(key)
        if isinstance(items, list):
            for i, c in enumerate(items):
                if isinstance(c, dict):
                    yield f"{prefix}.{key}[{i}]", c


def as_list(value: Any) -> list[Any]:
    """`value` when it is a list, else [] (malformed manifests never raise)."""
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def matches(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


@dataclass
class Context:
    """Everything a rule needs besides the facts: the target Kubernetes version and helpers."""

    facts: Facts
    kube_version: str = "1.31"
    _prefixes: dict[str, tuple[str, str]] = field(default_factory=dict)
    _lines: dict[str, list[str]] = field(default_factory=dict)
    _objects_by_origin: dict[str, list[K8sObject]] | None = None
    _workloads_by_origin: dict[str, list[Workload]] | None = None
    _label_index: dict[str, dict[tuple[str, Any], list[Workload]]] = field(default_factory=dict)
    _namespaces: set[tuple[str, str | None]] | None = None

    def __post_init__(self) -> None:
        for ov in self.facts.overlays:
            self._prefixes[ov.path] = (ov.name_prefix or "", ov.name_suffix or "")

    # -- names and origins ---------------------------------------------------------------------

    def overlay_path(self, origin: str) -> str | None:
        for word in ("overlay ", "kustomize "):
            if origin.startswith(word):
                return origin[len(word):].strip()
        return None

    def base_name(self, name: str, origin: str) -> str:
        """The object's name without its overlay's namePrefix/nameSuffix (for dedupe across origins)."""
        path = self.overlay_path(origin)
        prefix, suffix = self._prefixes.get(path or "", ("", ""))
        if prefix and name.startswith(prefix):
            name = name[len(prefix):]
        if suffix and name.endswith(suffix):
            name = name[: -len(suffix)]
        if path is not None:
            name = KUSTOMIZE_HASH.sub("", name)
        return name

    def is_base_origin(self, origin: str) -> bool:
        """Plain manifests or a Kustomize base (not an overlay): what the repo may never apply as-is."""
        if origin == "manifests":
            return True
        path = self.overlay_path(origin)
        return origin.startswith("kustomize ") and not any(o.path == path and o.is_overlay for o in self.facts.overlays)

    def objects_in(self, origin: str) -> list[K8sObject]:
        """Objects deployed by `origin`, in facts order (a shared list: do not mutate)."""
        if self._objects_by_origin is None:
            self._objects_by_origin = {}
            for o in self.facts.objects:
                self._objects_by_origin.setdefault(o.origin, []).append(o)
        return self._objects_by_origin.get(origin, [])

    def workloads_in(self, origin: str) -> list[Workload]:
        """Workloads deployed by `origin`, in facts order (a shared list: do not mutate)."""
        if self._workloads_by_origin is None:
            self._workloads_by_origin = {}
            for w in self.facts.workloads:
                self._workloads_by_origin.setdefault(w.origin, []).append(w)
        return self._workloads_by_origin.get(origin, [])

    def selected(self, origin: str, selector: dict[str, str]) -> list[Workload]:
        """Workloads of `origin` whose pod labels match `selector` (as `matches`), in facts order.
        Uses a label index, so checking every Service/PDB stays linear in the number of objects."""
        if not selector:
            return []
        index = self._label_index.get(origin)
        if index is None:
            index = {}
            for w in self.workloads_in(origin):
                for pair in (w.pod_labels or {}).items():
                    try:
                        index.setdefault(pair, []).append(w)
                    except TypeError:  # unhashable label value: never equal to a hashable selector value
                        continue
            self._label_index[origin] = index
        try:
            candidates = min((index.get(pair, []) for pair in selector.items()), key=len)
        except TypeError:  # an unhashable selector value: plain scan
            return [w for w in self.workloads_in(origin) if matches(selector, w.pod_labels)]
        return [w for w in candidates if matches(selector, w.pod_labels)]

    def has_workloads(self, origin: str, namespace: str | None = None) -> bool:
        """Whether `origin` deploys any workload (in `namespace`, when given)."""
        if not namespace:
            return bool(self.workloads_in(origin))
        if self._namespaces is None:
            self._namespaces = {(w.origin, w.namespace) for w in self.facts.workloads}
        return (origin, namespace) in self._namespaces

    def chart_of(self, obj: K8sObject) -> Chart | None:
        for ch in self.facts.charts:
            if obj.source.path.startswith(ch.path.rstrip("/") + "/") or obj.origin.startswith(f"chart {ch.path}"):
                return ch
        return None

    def missing_dependency(self, obj: K8sObject, *names: str) -> str | None:
        """The chart dependency (name or alias) of `obj`'s chart that was not rendered (charts/ not
        vendored) and that `names` mention: what it creates is unknown, not missing."""
        ch = self.chart_of(obj)
        if ch is None or not ch.dependencies:
            return None
        text = " ".join(names).lower()
        for dep in ch.dependencies:
            label = (dep.alias or dep.name or "").lower()
            if not label:
                continue
            prefix = f"{ch.path.rstrip('/')}/charts/{dep.name}"
            rendered = any(o.source.path.startswith(prefix) for o in self.facts.objects)
            if not rendered and (label in text or (dep.name or "").lower() in text):
                return dep.alias or dep.name
        return None

    # -- evidence ------------------------------------------------------------------------------

    def file_lines(self, path: str) -> list[str]:
        if path not in self._lines:
            try:
                with open(os.path.join(self.facts.repo, path), encoding="utf-8", errors="replace") as fh:
                    self._lines[path] = fh.read().split("\n")
            except OSError:
                self._lines[path] = []
        return self._lines[path]

    def grep(self, path: str, pattern: re.Pattern[str]) -> int:
        for i, line in enumerate(self.file_lines(path), 1):
            if pattern.search(line) and not line.lstrip().startswith("#"):
                return i
        return 0

    def grep_overlay(self, origin: str, pattern: re.Pattern[str]) -> tuple[str, int] | None:
        """First file:line under an overlay directory matching `pattern` (patches, kustomization)."""
        path = self.overlay_path(origin)
        if not path:
            return None
        prefix = path.rstrip("/") + "/"
        for f in sorted(self.facts.files):
            if f.startswith(prefix) and f.endswith((".yaml", ".yml", ".json")):
                line = self.grep(f, pattern)
                if line:
                    return f, line
        return None

    def values_line(self, obj: K8sObject, key: str) -> tuple[str, int] | None:
        ch = self.chart_of(obj)
        if ch is None or key not in ch.values_lines:
            return None
        return f"{ch.path.rstrip('/')}/values.yaml", ch.values_lines[key]

    def values_holding(self, obj: K8sObject, leaf: str, value: str) -> tuple[str, int, str] | None:
        """The chart values key (named like `leaf`, else the only key) whose default is `value`."""
        ch = self.chart_of(obj)
        if ch is None:
            return None
        hits = [k for k, v in flatten(ch.values) if isinstance(v, (str, int, float)) and not isinstance(v, bool)
                and str(v) == value and k in ch.values_lines]
        named = [k for k in hits if k.rsplit(".", 1)[-1].lower() == leaf.lower()]
        pick = named[0] if named else (hits[0] if len(hits) == 1 else None)
        if pick is None:
            return None
        return f"{ch.path.rstrip('/')}/values.yaml", ch.values_lines[pick], pick

    def evidence(self, obj: K8sObject, path: str, note: str, value: str | None = None) -> list[Evidence]:
        """Where `path` of `obj` is set: the values.yaml key behind it (charts), the overlay patch that
        sets `value` (overlays), else the object's own line for the field."""
        out: list[Evidence] = []
        tag = f"{obj.origin}: {note}"
        ref = obj.provenance.get(path)
        if ref is not None:
            out.append(Evidence(ref.location.path, ref.location.line, f"{tag} (values key {ref.key})"))
        leaf = path.rsplit(".", 1)[-1].split("[")[0]
        if ref is None and value and obj.origin.startswith("chart "):
            found = self.values_holding(obj, leaf, value)
            if found:
                out.append(Evidence(found[0], found[1], f"{tag} (values key {found[2]})"))
        line = obj.line_of(path)
        own = self.file_lines(obj.source.path)[line - 1:line]
        shows_value = bool(value) and bool(own) and str(value) in own[0]
        if value and obj.origin.startswith("overlay ") and not shows_value:
            hit = self.grep_overlay(obj.origin, re.compile(rf"{re.escape(leaf)}\s*:\s*[\"']?{re.escape(value)}\b")) \
                or self.grep_overlay(obj.origin, re.compile(rf"(^|[\s:\"'/=]){re.escape(value)}([\s\"',]|$)"))
            if hit:
                out.append(Evidence(hit[0], hit[1], tag))
                return out  # the object's own line shows the value the overlay replaced
        out.append(Evidence(obj.source.path, line, tag))
        return out


def flatten(values: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted key, value) of every key of a nested values mapping, parents before children."""
    if isinstance(values, dict):
        for k, v in values.items():
            key = f"{prefix}.{k}" if prefix else str(k)
            yield key, v
            yield from flatten(v, key)


def sort_key(f: Finding) -> tuple[Any, ...]:
    first = f.evidence[0] if f.evidence else None
    return (f.rule or "", f.subject or "", f.field or "", first.path if first else "", first.line if first else 0)


def subject(ctx: Context, obj: K8sObject) -> str:
    return f"{obj.kind}/{ctx.base_name(obj.name, obj.origin)}"


def finding(rule: str, severity: str, area: str, subject_ref: str, field_name: str | None, actual: Any,
            message: str, evidence: list[Evidence], fix: str | None = None) -> Finding:
    """A pitfall finding (id assigned by `detect` after dedupe)."""
    return Finding(id="", rule=f"pitfall:{rule}", severity=severity, area=area, doc=None, subject=subject_ref,
                   field=field_name, doc_value=None, actual_value=actual, evidence=evidence, message=message,
                   fix=fix)


def values_block(ctx: Context, obj: K8sObject, path_prefix: str, key_leaf: str, note: str) -> list[Evidence]:
    """Evidence at the chart values key that feeds `path_prefix` (e.g. the `worker.resources:` line
    when rendered `...containers[0].resources.requests.cpu` came from `worker.resources.requests.cpu`)."""
    for path, ref in sorted(obj.provenance.items()):
        if not path.startswith(path_prefix):
            continue
        key = ref.key
        parts = key.split(".")
        if key_leaf in parts:
            parent = ".".join(parts[: parts.index(key_leaf) + 1])
            hit = ctx.values_line(obj, parent)
            if hit:
                return [Evidence(hit[0], hit[1], f"{obj.origin}: {note} (values key {parent})")]
    return []


def sibling_value(ctx: Context, obj: K8sObject, path: str, leaves: tuple[str, ...], note: str) -> list[Evidence]:
    """Evidence at a values key next to the one behind `path` (e.g. `redis.persistence.storageClass`
    beside `redis.persistence.size`)."""
    ref = obj.provenance.get(path)
    if ref is None:
        return []
    parent = ref.key.rpartition(".")[0]
    for leaf in leaves:
        key = f"{parent}.{leaf}" if parent else leaf
        hit = ctx.values_line(obj, key)
        if hit:
            return [Evidence(hit[0], hit[1], f"{obj.origin}: {note} (values key {key})")]
    return []
