"""Patch strategies of Kubernetes fields, read from the OpenAPI-derived JSON schemas that
kubernetes-validate ships (`x-kubernetes-patch-strategy`, `x-kubernetes-patch-merge-key`,
`x-kubernetes-list-map-keys`), the way kustomize's kyaml reads its built-in OpenAPI document.

kyaml merges a list element by element only when the field's schema has `merge` among its patch
strategies; the merge keys are `x-kubernetes-list-map-keys` when present, else the patch merge key,
else none (a list of scalars such as `finalizers`, merged as a set). Every other list (no schema,
`atomic`, `retainKeys` alone, custom resources) is replaced by the patch's list.

kustomize v5 compiles in the OpenAPI document of Kubernetes 1.21.2; kubernetes-validate starts at
1.25. We read 1.25 (the oldest shipped, else the oldest available) and correct it to what kustomize
knows: kinds that 1.25 added are unknown to kustomize (lists replaced), kinds that 1.25 dropped
are looked up under a surviving version of the same kind, and the few merge strategies added
between 1.21 and 1.25 are ignored.

The schema file is read on the first list merge only (about 20 ms) and cached.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

__all__ = ["list_merge_keys", "schema_version", "SCHEMA_UNAVAILABLE"]


class _Unavailable:
    """Sentinel: no schema could be loaded (the caller falls back to its own table)."""

    def __repr__(self) -> str:
        return "SCHEMA_UNAVAILABLE"


SCHEMA_UNAVAILABLE = _Unavailable()

PREFERRED_VERSION = "v1.25.0"

# apiVersion/kind pairs 1.25 has and kustomize's built-in schema (Kubernetes 1.21.2) has not
_NEWER_THAN_KUSTOMIZE = frozenset(
    {
        ("autoscaling/v2", "HorizontalPodAutoscaler"),
        ("flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema"),
        ("flowcontrol.apiserver.k8s.io/v1beta2", "PriorityLevelConfiguration"),
        ("internal.apiserver.k8s.io/v1alpha1", "StorageVersion"),
        ("networking.k8s.io/v1alpha1", "ClusterCIDR"),
        ("policy/v1", "Eviction"),
        ("storage.k8s.io/v1", "CSIStorageCapacity"),
    }
)
# apiVersion/kind pairs kustomize's schema has that 1.25 dropped -> the apiVersion to read instead
_DROPPED_BEFORE_125 = {
    ("admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration"): "admissionregistration.k8s.io/v1",
    ("admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration"): "admissionregistration.k8s.io/v1",
    ("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition"): "apiextensions.k8s.io/v1",
    ("apiregistration.k8s.io/v1beta1", "APIService"): "apiregistration.k8s.io/v1",
    ("autoscaling/v2beta1", "HorizontalPodAutoscaler"): "autoscaling/v2beta2",
    ("batch/v1beta1", "CronJob"): "batch/v1",
    ("certificates.k8s.io/v1beta1", "CertificateSigningRequest"): "certificates.k8s.io/v1",
    ("coordination.k8s.io/v1beta1", "Lease"): "coordination.k8s.io/v1",
    ("discovery.k8s.io/v1beta1", "EndpointSlice"): "discovery.k8s.io/v1",
    ("events.k8s.io/v1beta1", "Event"): "events.k8s.io/v1",
    ("extensions/v1beta1", "Ingress"): "networking.k8s.io/v1",
    ("networking.k8s.io/v1beta1", "Ingress"): "networking.k8s.io/v1",
    ("networking.k8s.io/v1beta1", "IngressClass"): "networking.k8s.io/v1",
    ("node.k8s.io/v1beta1", "RuntimeClass"): "node.k8s.io/v1",
    ("policy/v1beta1", "PodDisruptionBudget"): "policy/v1",
    ("rbac.authorization.k8s.io/v1beta1", "ClusterRole"): "rbac.authorization.k8s.io/v1",
    ("rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding"): "rbac.authorization.k8s.io/v1",
    ("rbac.authorization.k8s.io/v1beta1", "Role"): "rbac.authorization.k8s.io/v1",
    ("rbac.authorization.k8s.io/v1beta1", "RoleBinding"): "rbac.authorization.k8s.io/v1",
    ("scheduling.k8s.io/v1beta1", "PriorityClass"): "scheduling.k8s.io/v1",
    ("storage.k8s.io/v1beta1", "CSIDriver"): "storage.k8s.io/v1",
    ("storage.k8s.io/v1beta1", "CSINode"): "storage.k8s.io/v1",
    ("storage.k8s.io/v1beta1", "StorageClass"): "storage.k8s.io/v1",
    ("storage.k8s.io/v1beta1", "VolumeAttachment"): "storage.k8s.io/v1",
}
# (definition, property) whose merge strategy is newer than Kubernetes 1.21.2 (kustomize replaces them)
_STRATEGY_NEWER_THAN_KUSTOMIZE = frozenset(
    {
        ("io.k8s.api.core.v1.EphemeralContainer", "ports"),
        ("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps", "x-kubernetes-validations"),
        ("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus", "conditions"),
        ("io.k8s.api.networking.v1.NetworkPolicyStatus", "conditions"),
        ("io.k8s.api.core.v1.PodSpec", "resourceClaims"),
        ("io.k8s.api.core.v1.PodSpec", "schedulingGates"),
        ("io.k8s.api.admissionregistration.v1.MutatingWebhook", "matchConditions"),
        ("io.k8s.api.admissionregistration.v1.ValidatingWebhook", "matchConditions"),
    }
)


def _schema_root() -> Path | None:
    try:
        import kubernetes_validate
    except ImportError:
        return None
    root = Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema"
    return root if root.is_dir() else None


def _version_key(name: str) -> tuple[int, ...]:
    core = name.lstrip("v").split("-", 1)[0]
    return tuple(int(p) if p.isdigit() else 0 for p in core.split("."))


@functools.lru_cache(maxsize=1)
def _load() -> tuple[str, dict[str, Any], dict[tuple[str, str], str]] | None:
    """(version, definitions, {(apiVersion, kind): definition name}) or None."""
    root = _schema_root()
    if root is None:
        return None
    candidates = [
        d for d in root.iterdir() if d.name.endswith("-local") and (d / "_definitions.json").is_file()
    ]
    if not candidates:
        return None
    preferred = [d for d in candidates if d.name.startswith(PREFERRED_VERSION + "-")]
    chosen = preferred[0] if preferred else min(candidates, key=lambda d: _version_key(d.name))
    try:
        data = json.loads((chosen / "_definitions.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    defs = data.get("$defs") or data.get("definitions")
    if not isinstance(defs, dict):
        return None
    index: dict[tuple[str, str], str] = {}
    for name, schema in defs.items():
        for gvk in (schema.get("x-kubernetes-group-version-kind") or []) if isinstance(schema, dict) else []:
            if not isinstance(gvk, dict):
                continue
            group, version, kind = gvk.get("group") or "", gvk.get("version") or "", gvk.get("kind") or ""
            api_version = f"{group}/{version}" if group else version
            index.setdefault((api_version, kind), name)
    for key in _NEWER_THAN_KUSTOMIZE:
        index.pop(key, None)
    for (api_version, kind), successor in _DROPPED_BEFORE_125.items():
        if (api_version, kind) not in index and (successor, kind) in index:
            index[(api_version, kind)] = index[(successor, kind)]
    return chosen.name, defs, index


def schema_version() -> str | None:
    """The kubernetes-validate schema directory in use (e.g. `v1.25.0-local`), None without one."""
    loaded = _load()
    return loaded[0] if loaded else None


def _resolve(schema: Any, defs: dict[str, Any]) -> tuple[str | None, Any]:
    """Follow `$ref`s: (definition name or None, schema)."""
    name = None
    seen = 0
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and seen < 32:
        ref = schema["$ref"].rpartition("/")[2]
        name, schema = ref, defs.get(ref)
        seen += 1
    return name, schema


def _is_array(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    return kind == "array" or (isinstance(kind, list) and "array" in kind)


@functools.lru_cache(maxsize=4096)
def list_merge_keys(kind: str, api_version: str, path: tuple[str, ...]) -> Any:
    """Merge keys of the list field at `path` of a `kind`/`api_version` object (map keys only, list
    positions elided): a list of key names, [] for a list of scalars merged as a set, None when
    the list is replaced as a whole, or SCHEMA_UNAVAILABLE when no schema could be loaded."""
    loaded = _load()
    if loaded is None:
        return SCHEMA_UNAVAILABLE
    _, defs, index = loaded
    name = index.get((api_version, kind))
    if name is None or not path:
        return None
    schema: Any = defs.get(name)
    prop: Any = None
    for step in path:
        if not isinstance(schema, dict):
            return None
        if _is_array(schema):
            name, schema = _resolve(schema.get("items"), defs)
            if not isinstance(schema, dict):
                return None
        props = schema.get("properties")
        if isinstance(props, dict) and step in props:
            prop = props[step]
            owner, field = name, step
        elif isinstance(schema.get("additionalProperties"), dict):
            prop = schema["additionalProperties"]
            owner, field = None, step
        else:
            return None
        name, schema = _resolve(prop, defs)
    if not isinstance(prop, dict) or not isinstance(schema, dict) or not _is_array(schema):
        return None
    strategy = prop.get("x-kubernetes-patch-strategy")
    if not isinstance(strategy, str) or "merge" not in strategy.split(","):
        return None
    if (owner, field) in _STRATEGY_NEWER_THAN_KUSTOMIZE:
        return None
    map_keys = prop.get("x-kubernetes-list-map-keys")
    if isinstance(map_keys, list) and map_keys:
        return [str(k) for k in map_keys]
    merge_key = prop.get("x-kubernetes-patch-merge-key")
    return [str(merge_key)] if merge_key else []
