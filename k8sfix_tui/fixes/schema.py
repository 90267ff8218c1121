"""An offline structural schema subset for core Kubernetes kinds (no network, no OpenAPI download).

`check_object(obj) -> list[(dotted_path, message)]` checks apiVersion/kind are a known pair and that
required fields exist with the right container type. Unknown kinds with a dotted group (CRDs) are
accepted: only core kinds are checked.
"""

from __future__ import annotations

from typing import Any

# kind -> accepted apiVersions
API_VERSIONS: dict[str, tuple[str, ...]] = {
    "Pod": ("v1",), "Service": ("v1",), "ConfigMap": ("v1",), "Secret": ("v1",), "Namespace": ("v1",),
    "PersistentVolumeClaim": ("v1",), "PersistentVolume": ("v1",), "ServiceAccount": ("v1",),
    "Endpoints": ("v1",), "LimitRange": ("v1",), "ResourceQuota": ("v1",), "ReplicationController": ("v1",),
    "Deployment": ("apps/v1",), "StatefulSet": ("apps/v1",), "DaemonSet": ("apps/v1",), "ReplicaSet": ("apps/v1",),
    "Job": ("batch/v1",), "CronJob": ("batch/v1", "batch/v1beta1"),
    "Ingress": ("networking.k8s.io/v1",), "IngressClass": ("networking.k8s.io/v1",),
    "NetworkPolicy": ("networking.k8s.io/v1",),
    "HorizontalPodAutoscaler": ("autoscaling/v2", "autoscaling/v1", "autoscaling/v2beta2"),
    "PodDisruptionBudget": ("policy/v1", "policy/v1beta1"),
    "Role": ("rbac.authorization.k8s.io/v1",), "ClusterRole": ("rbac.authorization.k8s.io/v1",),
    "RoleBinding": ("rbac.authorization.k8s.io/v1",), "ClusterRoleBinding": ("rbac.authorization.k8s.io/v1",),
    "StorageClass": ("storage.k8s.io/v1",), "CustomResourceDefinition": ("apiextensions.k8s.io/v1",),
}

_POD_TEMPLATE = {"spec.template": dict, "spec.template.spec.containers": list}
# kind -> {dotted path: required type}
REQUIRED: dict[str, dict[str, type]] = {
    "Deployment": {"metadata.name": str, "spec": dict, "spec.selector": dict, **_POD_TEMPLATE},
    "StatefulSet": {"metadata.name": str, "spec": dict, "spec.selector": dict, **_POD_TEMPLATE},
    "DaemonSet": {"metadata.name": str, "spec": dict, "spec.selector": dict, **_POD_TEMPLATE},
    "ReplicaSet": {"metadata.name": str, "spec": dict, "spec.selector": dict, **_POD_TEMPLATE},
    "Job": {"metadata.name": str, "spec": dict, **_POD_TEMPLATE},
    "CronJob": {"metadata.name": str, "spec.schedule": str, "spec.jobTemplate.spec.template.spec.containers": list},
    "Pod": {"metadata.name": str, "spec.containers": list},
    "Service": {"metadata.name": str, "spec": dict},
    "Ingress": {"metadata.name": str, "spec": dict},
    "ConfigMap": {"metadata.name": str},
    "Secret": {"metadata.name": str},
    "PersistentVolumeClaim": {"metadata.name": str, "spec.accessModes": list, "spec.resources.requests.storage": object},
    "HorizontalPodAutoscaler": {"metadata.name": str, "spec.scaleTargetRef.name": str, "spec.maxReplicas": int},
    "PodDisruptionBudget": {"metadata.name": str, "spec": dict},
    "NetworkPolicy": {"metadata.name": str, "spec.podSelector": dict},
    "Namespace": {"metadata.name": str},
}


def _get(obj: Any, path: str) -> tuple[bool, Any]:
    node = obj
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def _containers(obj: dict[str, Any]) -> list[tuple[str, Any]]:
    out = []
    for base in ("spec.template.spec", "spec.jobTemplate.spec.template.spec", "spec"):
        ok, spec = _get(obj, base)
        if ok and isinstance(spec, dict) and isinstance(spec.get("containers"), list):
            for i, c in enumerate(spec["containers"]):
                out.append((f"{base}.containers[{i}]", c))
            break
    return out


def check_object(obj: dict[str, Any], partial: bool = False) -> list[tuple[str, str]]:
    """Structural problems of one Kubernetes object, as (dotted path, message) pairs.

    `partial=True` (an excerpt in a document) checks types and container basics but does not require
    fields other than metadata.name to be present.
    """
    problems: list[tuple[str, str]] = []
    kind = obj.get("kind")
    api = obj.get("apiVersion")
    if not isinstance(kind, str) or not kind:
        return [("kind", "missing kind")]
    if not isinstance(api, str) or not api:
        return [("apiVersion", "missing apiVersion")]
    if kind in API_VERSIONS and api not in API_VERSIONS[kind]:
        problems.append(("apiVersion", f"{kind} is served as {' or '.join(API_VERSIONS[kind])}, not {api}"))
    elif kind not in API_VERSIONS and "/" not in api and api == "v1":
        problems.append(("kind", f"unknown core kind {kind}"))
    for path, typ in REQUIRED.get(kind, {}).items():
        ok, value = _get(obj, path)
        if not ok or value is None:
            # documents show excerpts: only a missing name is an error, other required fields may be elided
            if path == "metadata.name" or not partial:
                problems.append((path, f"{kind} requires {path}"))
        elif typ is not object and not isinstance(value, typ) and not (typ is int and isinstance(value, str)):
            problems.append((path, f"{path} must be a {_TYPE_NAMES.get(typ, typ.__name__)}"))
    for where, c in _containers(obj):
        if not isinstance(c, dict):
            problems.append((where, "a container must be a mapping"))
            continue
        for key in ("name", "image"):
            if not c.get(key):
                problems.append((f"{where}.{key}", f"container requires {key}"))
        for i, p in enumerate(c.get("ports") or []):
            if not isinstance(p, dict) or "containerPort" not in p:
                problems.append((f"{where}.ports[{i}]", "container port requires containerPort"))
    if kind == "Service":
        ok, stype = _get(obj, "spec.type")
        ok_ports, ports = _get(obj, "spec.ports")
        if stype != "ExternalName" and not partial and not (ok_ports and isinstance(ports, list) and ports):
            problems.append(("spec.ports", "Service requires spec.ports"))
        for i, p in enumerate(ports or [] if isinstance(ports, list) else []):
            if not isinstance(p, dict) or "port" not in p:
                problems.append((f"spec.ports[{i}]", "service port requires port"))
    return problems


_TYPE_NAMES = {dict: "mapping", list: "list", str: "string", int: "number"}
