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

The schema file (1.2 MB) is read on the first list merge only (about 10 ms) and cached; the
kubernetes-validate package is located, not imported.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path
from typing import Any

__all__ = ["PatchSchema", "builtin_schema", "custom_schema", "list_merge_keys", "schema_version", "SCHEMA_UNAVAILABLE"]


class _Unavailable:
    """Sentinel: no schema could be loaded (the caller falls back to its own table)."""

    def __repr__(self) -> str:
        return "SCHEMA_UNAVAILABLE"


SCHEMA_UNAVAILABLE = _Unavailable()

PREFERRED_VERSION = "v1.25.0"
# the one `openapi: {version: ...}` kustomize v5 accepts (its compiled-in schema)
BUILTIN_OPENAPI_VERSION = "v1.21.2"

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
    # located, not imported: importing kubernetes_validate pulls in jsonschema (~50 ms)
    try:
        spec = importlib.util.find_spec("kubernetes_validate")
    except (ImportError, ValueError):
        return None
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        root = Path(location) / "kubernetes-json-schema"
        if root.is_dir():
            return root
    return None


def _version_key(name: str) -> tuple[int, ...]:
    core = name.lstrip("v").split("-", 1)[0]
    return tuple(int(p) if p.isdigit() else 0 for p in core.split("."))


class PatchSchema:
    """Definitions and a (apiVersion, kind) -> definition index; answers list merge keys."""

    def __init__(self, name: str, defs: dict[str, Any], index: dict[tuple[str, str], str], builtin: bool) -> None:
        self.name = name
        self.defs = defs
        self.index = index
        self.builtin = builtin
        self._cache: dict[tuple[str, str, tuple[str, ...]], list[str] | None] = {}

    @classmethod
    def from_definitions(cls, name: str, defs: dict[str, Any], builtin: bool = False) -> "PatchSchema":
        index: dict[tuple[str, str], str] = {}
        for def_name, schema in defs.items():
            gvks = schema.get("x-kubernetes-group-version-kind") if isinstance(schema, dict) else None
            for gvk in gvks if isinstance(gvks, list) else []:
                if not isinstance(gvk, dict):
                    continue
                group, version, kind = str(gvk.get("group") or ""), str(gvk.get("version") or ""), str(gvk.get("kind") or "")
                index.setdefault((f"{group}/{version}" if group else version, kind), def_name)
        return cls(name, defs, index, builtin)

    def list_merge_keys(self, kind: str, api_version: str, path: tuple[str, ...]) -> list[str] | None:
        """Merge keys of the list field at `path` (map keys only, list positions elided): key
        names, [] for a list of scalars merged as a set, None when the list is replaced."""
        key = (kind, api_version, path)
        if key not in self._cache:
            self._cache[key] = self._lookup(kind, api_version, path)
        found = self._cache[key]
        return None if found is None else list(found)

    def _lookup(self, kind: str, api_version: str, path: tuple[str, ...]) -> list[str] | None:
        defs = self.defs
        name = self.index.get((api_version, kind))
        if name is None or not path:
            return None
        schema: Any = defs.get(name)
        prop: Any = None
        owner: str | None = None
        for step in path:
            if not isinstance(schema, dict):
                return None
            if _is_array(schema):
                name, schema = _resolve(schema.get("items"), defs)
                if not isinstance(schema, dict):
                    return None
            props = schema.get("properties")
            if isinstance(props, dict) and step in props:
                prop, owner = props[step], name
            elif isinstance(schema.get("additionalProperties"), dict):
                prop, owner = schema["additionalProperties"], None
            else:
                return None
            name, schema = _resolve(prop, defs)
        if not isinstance(prop, dict) or not isinstance(schema, dict) or not _is_array(schema):
            return None
        strategy = prop.get("x-kubernetes-patch-strategy")
        if not isinstance(strategy, str) or "merge" not in strategy.split(","):
            return None
        if self.builtin and (owner, path[-1]) in _STRATEGY_NEWER_THAN_KUSTOMIZE:
            return None
        map_keys = prop.get("x-kubernetes-list-map-keys")
        if isinstance(map_keys, list) and map_keys:
            return [str(k) for k in map_keys]
        merge_key = prop.get("x-kubernetes-patch-merge-key")
        return [str(merge_key)] if merge_key else []


@functools.lru_cache(maxsize=1)
def builtin_schema() -> PatchSchema | None:
    """The built-in schema (kubernetes-validate's, corrected to kustomize's), None without one."""
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
    defs = data.get("$defs") or data.get("definitions") if isinstance(data, dict) else None
    if not isinstance(defs, dict):
        return None
    schema = PatchSchema.from_definitions(chosen.name, defs, builtin=True)
    index = schema.index
    for key in _NEWER_THAN_KUSTOMIZE:
        index.pop(key, None)
    for (api_version, kind), successor in _DROPPED_BEFORE_125.items():
        if (api_version, kind) not in index and (successor, kind) in index:
            index[(api_version, kind)] = index[(successor, kind)]
    return schema


def custom_schema(text: str, where: str) -> PatchSchema:
    """A kustomization's `openapi: {path: ...}` document (Swagger JSON or YAML with top-level
    `definitions`), which replaces the built-in schema for the whole build, as in kustomize."""
    import yaml

    from ..errors import RenderError

    try:
        data = json.loads(text) if text.lstrip().startswith("{") else yaml.load(text, Loader=_SafeLoader)
    except (ValueError, yaml.YAMLError) as exc:
        raise RenderError(f"invalid OpenAPI schema: {str(exc).splitlines()[0]}", where) from None
    if not isinstance(data, dict):
        raise RenderError("invalid OpenAPI schema: expected a map with 'definitions'", where)
    defs = data.get("definitions")
    if defs is None:
        defs = {}
    if not isinstance(defs, dict):
        raise RenderError("invalid OpenAPI schema: 'definitions' must be a map", where)
    return PatchSchema.from_definitions(where, defs)


def _safe_loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_SafeLoader = _safe_loader()


def schema_version() -> str | None:
    """The kubernetes-validate schema directory in use (e.g. `v1.25.0-local`), None without one."""
    schema = builtin_schema()
    return schema.name if schema else None


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


def list_merge_keys(kind: str, api_version: str, path: tuple[str, ...]) -> Any:
    """Merge keys from the built-in schema (see `PatchSchema.list_merge_keys`), or
    SCHEMA_UNAVAILABLE when no schema could be loaded."""
    schema = builtin_schema()
    if schema is None:
        return SCHEMA_UNAVAILABLE
    return schema.list_merge_keys(kind, api_version, path)
