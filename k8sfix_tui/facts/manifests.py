"""Plain Kubernetes manifests: YAML (multi-document), JSON and `List` kinds -> `K8sObject`s.

A document is a Kubernetes object when it is a mapping with string `apiVersion` and `kind`.
Tool configuration that looks like one (kustomization, skaffold, kind/k3d cluster configs,
kubeconfig...) is skipped. Every object is redacted (`redact`) before it is kept.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from ..model import K8sObject, Location, SourceError
from .redact import redact
from .yamlio import YamlDoc, load_documents

NON_K8S_GROUPS = (
    "kustomize.config.k8s.io",
    "skaffold/",
    "kind.x-k8s.io",
    "k3d.io",
    "kubeadm.k8s.io",
    "ctlptl.dev",
    "kpt.dev",
    "kubeproxy.config.k8s.io",
    "kubelet.config.k8s.io",
    "apiserver.config.k8s.io",
    "helm.toolkit.fluxcd.io/none",
)


def is_k8s_object(data: Any) -> bool:
    """True for a mapping that names a Kubernetes kind (not a tool's own config file)."""
    if not isinstance(data, dict):
        return False
    api, kind = data.get("apiVersion"), data.get("kind")
    if not (isinstance(api, str) and isinstance(kind, str) and api and kind):
        return False
    if api.startswith(NON_K8S_GROUPS):
        return False
    if kind == "Config" and api == "v1":  # kubeconfig
        return False
    return True


def _meta(data: dict[str, Any]) -> dict[str, Any]:
    meta = data.get("metadata")
    return meta if isinstance(meta, dict) else {}


def make_object(
    data: dict[str, Any],
    source: Location,
    origin: str,
    field_lines: dict[str, int] | None = None,
) -> K8sObject:
    """Build a K8sObject from a (redacted here) object mapping."""
    redact(data)
    meta = _meta(data)
    name = meta.get("name") or meta.get("generateName") or ""
    ns = meta.get("namespace")
    return K8sObject(
        api_version=str(data.get("apiVersion")),
        kind=str(data.get("kind")),
        name=str(name),
        namespace=str(ns) if ns not in (None, "") else None,
        body=data,
        source=source,
        origin=origin,
        field_lines=field_lines or {},
    )


def _sub_lines(lines: dict[str, int], prefix: str) -> dict[str, int]:
    cut = len(prefix) + 1
    return {k[cut:]: v for k, v in lines.items() if k.startswith(prefix + ".")}


def objects_from_docs(docs: Iterable[YamlDoc], path: str, origin: str = "manifests") -> list[K8sObject]:
    """Objects of parsed documents; `List` kinds are flattened into their items."""
    out: list[K8sObject] = []
    for doc in docs:
        data = doc.data
        if not is_k8s_object(data):
            continue
        items = data.get("items")
        if data["kind"].endswith("List") and isinstance(items, list):
            for i, item in enumerate(items):
                if is_k8s_object(item):
                    prefix = f"items[{i}]"
                    line = doc.field_lines.get(prefix, doc.line)
                    out.append(make_object(item, Location(path, line), origin, _sub_lines(doc.field_lines, prefix)))
            continue
        out.append(make_object(data, Location(path, doc.line), origin, doc.field_lines))
    return out


def parse_manifest_text(text: str, path: str, origin: str = "manifests") -> tuple[list[K8sObject], list[SourceError]]:
    """Objects of one YAML or JSON file's text, plus its parse errors."""
    if "kind" not in text or "apiVersion" not in text:
        return [], []
    if path.lower().endswith(".json"):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            line = getattr(exc, "lineno", 1)
            return [], [SourceError(Location(path, line), f"invalid JSON: {getattr(exc, 'msg', exc)}")]
        if not is_k8s_object(data):
            return [], []
        docs, errors = load_documents(text, path)  # JSON is YAML: re-read for field lines
        if errors or not docs:
            docs = [YamlDoc(data, 1, 1)]
        return objects_from_docs(docs, path, origin), []
    docs, errors = load_documents(text, path)
    return objects_from_docs(docs, path, origin), errors
