"""Read the value of a claim field out of a Kubernetes object body.

`field_values(kind, body, field)` returns every value the object holds for a claim field (one per
container, port, rule...) with the dotted path it sits at ("spec.template.spec.containers[0].image"),
the same path syntax facts use in `K8sObject.field_lines` and `K8sObject.provenance`. The getters work on
plain dicts, so they read real objects and the YAML objects quoted in documents alike. Kubernetes
defaults are applied where the API server would (replicas 1, probe periodSeconds 10, Service type
ClusterIP...), marked `default=True`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Iterator

WORKLOAD_KINDS = frozenset(
    {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob", "Pod",
     "DeploymentConfig", "Rollout"}
)
REPLICA_KINDS = frozenset({"Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "DeploymentConfig",
                           "Rollout"})
STORAGE_KINDS = frozenset({"PersistentVolumeClaim", "StatefulSet", "PersistentVolume"})
PROBE_DEFAULTS = {"initialDelaySeconds": 0, "periodSeconds": 10, "timeoutSeconds": 1, "failureThreshold": 3,
                  "successThreshold": 1}
PROBE_TYPES = ("httpGet", "tcpSocket", "exec", "grpc")

# claim field -> kinds that can hold it
FIELD_KINDS: dict[str, frozenset[str]] = {
    "replicas": REPLICA_KINDS,
    "kind": WORKLOAD_KINDS,
    "image": WORKLOAD_KINDS,
    "image-tag": WORKLOAD_KINDS,
    "container-port": WORKLOAD_KINDS,
    "env": WORKLOAD_KINDS,
    "strategy": frozenset({"Deployment", "StatefulSet", "DaemonSet"}),
    "schedule": frozenset({"CronJob"}),
    "cpu-request": WORKLOAD_KINDS,
    "cpu-limit": WORKLOAD_KINDS,
    "memory-request": WORKLOAD_KINDS,
    "memory-limit": WORKLOAD_KINDS,
    "pdb-min-available": frozenset({"PodDisruptionBudget"}),
    "pdb-max-unavailable": frozenset({"PodDisruptionBudget"}),
    "service-type": frozenset({"Service"}),
    "service-port": frozenset({"Service"}),
    "target-port": frozenset({"Service"}),
    "node-port": frozenset({"Service"}),
    "ingress-host": frozenset({"Ingress"}),
    "ingress-path": frozenset({"Ingress"}),
    "ingress-class": frozenset({"Ingress"}),
    "tls-secret": frozenset({"Ingress"}),
    "storage-size": STORAGE_KINDS,
    "access-mode": STORAGE_KINDS,
    "storage-class": STORAGE_KINDS,
    "hpa-min": frozenset({"HorizontalPodAutoscaler"}),
    "hpa-max": frozenset({"HorizontalPodAutoscaler"}),
    "hpa-cpu-target": frozenset({"HorizontalPodAutoscaler"}),
    "hpa-memory-target": frozenset({"HorizontalPodAutoscaler"}),
    "configmap-key": frozenset({"ConfigMap"}),
    "secret-key": frozenset({"Secret"}),
}

FIELD_LABELS = {
    "replicas": "replicas",
    "kind": "kind",
    "image": "image",
    "image-tag": "image tag",
    "container-port": "container port",
    "env": "environment variable",
    "strategy": "update strategy",
    "schedule": "schedule",
    "cpu-request": "CPU request",
    "cpu-limit": "CPU limit",
    "memory-request": "memory request",
    "memory-limit": "memory limit",
    "pdb-min-available": "PDB minAvailable",
    "pdb-max-unavailable": "PDB maxUnavailable",
    "service-type": "Service type",
    "service-port": "Service port",
    "target-port": "target port",
    "node-port": "nodePort",
    "ingress-host": "Ingress host",
    "ingress-path": "Ingress path",
    "ingress-class": "Ingress class",
    "tls-secret": "TLS secret",
    "storage-size": "storage size",
    "access-mode": "access mode",
    "storage-class": "storage class",
    "hpa-min": "HPA minReplicas",
    "hpa-max": "HPA maxReplicas",
    "hpa-cpu-target": "HPA CPU target",
    "hpa-memory-target": "HPA memory target",
    "configmap-key": "ConfigMap key",
    "secret-key": "Secret key",
}


def label(field: str) -> str:
    if field.startswith("probe."):
        parts = field.split(".")
        return f"{parts[1]} probe {parts[2] if len(parts) > 2 else ''}".strip()
    return FIELD_LABELS.get(field, field)


def kinds_for(field: str) -> frozenset[str] | None:
    if field.startswith("probe."):
        return WORKLOAD_KINDS
    return FIELD_KINDS.get(field)


@dataclass(frozen=True)
class FieldValue:
    value: Any
    path: str
    default: bool = False
    container: str | None = None


def get(body: Any, path: str) -> Any:
    """Dotted path lookup with `[i]` list indexes; None when absent."""
    cur = body
    for part in _split(path):
        if isinstance(part, int):
            if isinstance(cur, list) and -len(cur) <= part < len(cur):
                cur = cur[part]
            else:
                return None
        elif isinstance(cur, dict):
            cur = cur.get(part)
        else:
            return None
        if cur is None:
            return None
    return cur


def _split(path: str) -> tuple[Any, ...]:
    return _split_cached(path)


@functools.lru_cache(maxsize=16384)
def _split_cached(path: str) -> tuple[Any, ...]:
    parts: list[Any] = []
    for chunk in path.split("."):
        while "[" in chunk:
            head, _, rest = chunk.partition("[")
            if head:
                parts.append(head)
            idx, _, chunk = rest.partition("]")
            try:
                parts.append(int(idx))
            except ValueError:
                parts.append(idx)
        if chunk:
            parts.append(chunk)
    return tuple(parts)


def pod_spec_path(kind: str) -> str | None:
    if kind == "CronJob":
        return "spec.jobTemplate.spec.template.spec"
    if kind == "Pod":
        return "spec"
    if kind in WORKLOAD_KINDS:
        return "spec.template.spec"
    return None


def containers(kind: str, body: Any, include_init: bool = False) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, container) for each container of a workload body."""
    prefix = pod_spec_path(kind)
    if prefix is None:
        return
    spec = get(body, prefix)
    if not isinstance(spec, dict):
        return
    keys = ("containers", "initContainers") if include_init else ("containers",)
    for key in keys:
        items = spec.get(key)
        if isinstance(items, list):
            for i, c in enumerate(items):
                if isinstance(c, dict):
                    yield f"{prefix}.{key}[{i}]", c


def _image_tag(image: str) -> str | None:
    ref = image.split("@", 1)[0]
    slash, colon = ref.rfind("/"), ref.rfind(":")
    return ref[colon + 1 :] if colon > slash else None


def field_values(kind: str, body: Any, field: str) -> list[FieldValue]:
    """All values an object of `kind` holds for a claim field (empty when it cannot hold it)."""
    if not isinstance(body, dict):
        return []
    allowed = kinds_for(field)
    if allowed is not None and kind not in allowed:
        return []
    out: list[FieldValue] = []
    add = out.append
    if field == "replicas":
        value = get(body, "spec.replicas")
        add(FieldValue(value if value is not None else 1, "spec.replicas", value is None))
    elif field == "kind":
        add(FieldValue(kind, "kind"))
    elif field in ("image", "image-tag", "container-port", "env") or field.startswith(("cpu-", "memory-")):
        for path, c in containers(kind, body, include_init=field in ("image", "image-tag")):
            name = c.get("name")
            if field == "image" and isinstance(c.get("image"), str):
                add(FieldValue(c["image"], f"{path}.image", container=name))
            elif field == "image-tag" and isinstance(c.get("image"), str):
                add(FieldValue(_image_tag(c["image"]) or "latest", f"{path}.image", container=name))
            elif field == "container-port":
                for j, p in enumerate(c.get("ports") or []):
                    if isinstance(p, dict) and p.get("containerPort") is not None:
                        add(FieldValue(p["containerPort"], f"{path}.ports[{j}].containerPort", container=name))
            elif field == "env":
                for j, e in enumerate(c.get("env") or []):
                    if isinstance(e, dict) and e.get("name"):
                        add(FieldValue(e["name"], f"{path}.env[{j}].name", container=name))
            else:
                res, _, what = field.partition("-")
                section = "requests" if what == "request" else "limits"
                value = get(c, f"resources.{section}.{res}")
                if value is not None:
                    add(FieldValue(value, f"{path}.resources.{section}.{res}", container=name))
    elif field.startswith("probe."):
        parts = field.split(".")
        if len(parts) == 3:
            out.extend(_probe_values(kind, body, parts[1], parts[2]))
    elif field == "strategy":
        key = "spec.strategy.type" if kind == "Deployment" else "spec.updateStrategy.type"
        value = get(body, key)
        add(FieldValue(value or "RollingUpdate", key, value is None))
    elif field == "schedule":
        if get(body, "spec.schedule") is not None:
            add(FieldValue(get(body, "spec.schedule"), "spec.schedule"))
    elif field in ("pdb-min-available", "pdb-max-unavailable"):
        key = "spec.minAvailable" if field == "pdb-min-available" else "spec.maxUnavailable"
        if get(body, key) is not None:
            add(FieldValue(get(body, key), key))
    elif field == "service-type":
        add(FieldValue(get(body, "spec.type") or "ClusterIP", "spec.type", get(body, "spec.type") is None))
    elif field in ("service-port", "target-port", "node-port"):
        for j, p in enumerate(get(body, "spec.ports") or []):
            if not isinstance(p, dict):
                continue
            if field == "service-port" and p.get("port") is not None:
                add(FieldValue(p["port"], f"spec.ports[{j}].port"))
            elif field == "target-port":
                value = p.get("targetPort", p.get("port"))
                if value is not None:
                    add(FieldValue(value, f"spec.ports[{j}].targetPort", "targetPort" not in p))
            elif field == "node-port" and p.get("nodePort") is not None:
                add(FieldValue(p["nodePort"], f"spec.ports[{j}].nodePort"))
    elif field.startswith("ingress-") or field == "tls-secret":
        out.extend(_ingress_values(body, field))
    elif field in ("storage-size", "access-mode", "storage-class"):
        out.extend(_storage_values(kind, body, field))
    elif field.startswith("hpa-"):
        out.extend(_hpa_values(body, field))
    elif field == "configmap-key":
        for section in ("data", "binaryData"):
            for key in (body.get(section) or {}) if isinstance(body.get(section), dict) else ():
                add(FieldValue(key, f"{section}.{key}"))
    elif field == "secret-key":
        for section in ("data", "stringData"):
            for key in (body.get(section) or {}) if isinstance(body.get(section), dict) else ():
                add(FieldValue(key, f"{section}.{key}"))
    elif field == "namespace":
        ns = get(body, "metadata.namespace")
        if ns:
            add(FieldValue(ns, "metadata.namespace"))
    return out


def _probe_values(kind: str, body: Any, which: str, attr: str) -> list[FieldValue]:
    out: list[FieldValue] = []
    for path, c in containers(kind, body):
        probe = c.get(f"{which}Probe")
        if not isinstance(probe, dict):
            continue
        base = f"{path}.{which}Probe"
        name = c.get("name")
        ptype = next((t for t in PROBE_TYPES if t in probe), None)
        if attr == "type":
            if ptype:
                out.append(FieldValue(ptype, f"{base}.{ptype}", container=name))
        elif attr == "path":
            if ptype == "httpGet" and isinstance(probe["httpGet"], dict):
                out.append(FieldValue(probe["httpGet"].get("path", "/"), f"{base}.httpGet.path", container=name))
        elif attr == "port":
            if ptype in ("httpGet", "tcpSocket", "grpc") and isinstance(probe[ptype], dict):
                port = probe[ptype].get("port")
                if port is not None:
                    out.append(FieldValue(port, f"{base}.{ptype}.port", container=name))
                    resolved = _named_port(c, port)
                    if resolved is not None:
                        out.append(FieldValue(resolved, f"{base}.{ptype}.port", container=name))
        elif attr == "command":
            if ptype == "exec" and isinstance(probe["exec"], dict):
                cmd = probe["exec"].get("command")
                if isinstance(cmd, list):
                    out.append(FieldValue(" ".join(str(x) for x in cmd), f"{base}.exec.command", container=name))
        elif attr in PROBE_DEFAULTS:
            value = probe.get(attr)
            out.append(FieldValue(value if value is not None else PROBE_DEFAULTS[attr], f"{base}.{attr}",
                                  value is None, container=name))
    return out


def _named_port(container: dict[str, Any], port: Any) -> int | None:
    if not isinstance(port, str):
        return None
    for p in container.get("ports") or []:
        if isinstance(p, dict) and p.get("name") == port:
            return p.get("containerPort")
    return None


def _ingress_values(body: Any, field: str) -> list[FieldValue]:
    out: list[FieldValue] = []
    spec = body.get("spec") if isinstance(body.get("spec"), dict) else {}
    if field == "ingress-class":
        if spec.get("ingressClassName"):
            out.append(FieldValue(spec["ingressClassName"], "spec.ingressClassName"))
        ann = get(body, "metadata.annotations") or {}
        if isinstance(ann, dict) and ann.get("kubernetes.io/ingress.class"):
            out.append(FieldValue(ann["kubernetes.io/ingress.class"], "metadata.annotations"))
        return out
    for i, rule in enumerate(spec.get("rules") or []):
        if not isinstance(rule, dict):
            continue
        if field == "ingress-host" and rule.get("host"):
            out.append(FieldValue(rule["host"], f"spec.rules[{i}].host"))
        if field == "ingress-path":
            for j, p in enumerate(get(rule, "http.paths") or []):
                if isinstance(p, dict):
                    out.append(FieldValue(p.get("path", "/"), f"spec.rules[{i}].http.paths[{j}].path"))
    for i, tls in enumerate(spec.get("tls") or []):
        if not isinstance(tls, dict):
            continue
        if field == "tls-secret" and tls.get("secretName"):
            out.append(FieldValue(tls["secretName"], f"spec.tls[{i}].secretName"))
        if field == "ingress-host":
            for j, host in enumerate(tls.get("hosts") or []):
                out.append(FieldValue(host, f"spec.tls[{i}].hosts[{j}]"))
    return out


def _storage_values(kind: str, body: Any, field: str) -> list[FieldValue]:
    specs: list[tuple[str, Any]] = []
    if kind == "PersistentVolumeClaim":
        specs.append(("spec", body.get("spec")))
    elif kind == "StatefulSet":
        for i, tpl in enumerate(get(body, "spec.volumeClaimTemplates") or []):
            specs.append((f"spec.volumeClaimTemplates[{i}].spec", get(tpl, "spec")))
    elif kind == "PersistentVolume":
        spec = body.get("spec")
        if field == "storage-size":
            value = get(spec, "capacity.storage")
            return [FieldValue(value, "spec.capacity.storage")] if value is not None else []
        specs.append(("spec", spec))
    out: list[FieldValue] = []
    for base, spec in specs:
        if not isinstance(spec, dict):
            continue
        if field == "storage-size":
            value = get(spec, "resources.requests.storage")
            if value is not None:
                out.append(FieldValue(value, f"{base}.resources.requests.storage"))
        elif field == "access-mode":
            for j, mode in enumerate(spec.get("accessModes") or []):
                out.append(FieldValue(mode, f"{base}.accessModes[{j}]"))
        elif field == "storage-class":
            if spec.get("storageClassName") is not None:
                out.append(FieldValue(spec["storageClassName"], f"{base}.storageClassName"))
    return out


def _hpa_values(body: Any, field: str) -> list[FieldValue]:
    spec = body.get("spec") if isinstance(body.get("spec"), dict) else {}
    if field == "hpa-min":
        value = spec.get("minReplicas")
        return [FieldValue(value if value is not None else 1, "spec.minReplicas", value is None)]
    if field == "hpa-max":
        return [FieldValue(spec["maxReplicas"], "spec.maxReplicas")] if "maxReplicas" in spec else []
    resource = "cpu" if field == "hpa-cpu-target" else "memory"
    out: list[FieldValue] = []
    if resource == "cpu" and spec.get("targetCPUUtilizationPercentage") is not None:
        out.append(FieldValue(spec["targetCPUUtilizationPercentage"], "spec.targetCPUUtilizationPercentage"))
    for i, metric in enumerate(spec.get("metrics") or []):
        res = metric.get("resource") if isinstance(metric, dict) else None
        if not isinstance(res, dict) or res.get("name") != resource:
            continue
        target = res.get("target") if isinstance(res.get("target"), dict) else {}
        for key in ("averageUtilization", "averageValue", "value"):
            if target.get(key) is not None:
                out.append(FieldValue(target[key], f"spec.metrics[{i}].resource.target.{key}"))
        if res.get("targetAverageUtilization") is not None:
            out.append(FieldValue(res["targetAverageUtilization"], f"spec.metrics[{i}].resource.targetAverageUtilization"))
    return out
