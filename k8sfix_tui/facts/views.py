"""Typed views on Kubernetes objects: workloads, services, ingresses, PVCs, config, HPAs, PDBs,
network policies. `build_views(objects)` derives them all from any list of `K8sObject`s (plain
manifests, rendered output, one profile's objects). Malformed fields are skipped, never raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model import (
    ConfigData,
    Container,
    ContainerPort,
    EnvVar,
    Hpa,
    Ingress,
    IngressRule,
    K8sObject,
    Location,
    NetworkPolicy,
    Pdb,
    Pvc,
    Service,
    ServicePort,
    Workload,
)

WORKLOAD_KINDS = frozenset({"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet", "Pod",
                            "ReplicationController", "DeploymentConfig", "Rollout"})
_SECRETISH = re.compile(r"pass|secret|token|key|credential|private", re.I)


@dataclass
class Views:
    workloads: list[Workload] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    ingresses: list[Ingress] = field(default_factory=list)
    pvcs: list[Pvc] = field(default_factory=list)
    configmaps: list[ConfigData] = field(default_factory=list)
    secrets: list[ConfigData] = field(default_factory=list)
    hpas: list[Hpa] = field(default_factory=list)
    pdbs: list[Pdb] = field(default_factory=list)
    network_policies: list[NetworkPolicy] = field(default_factory=list)


def _d(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _s(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


def _strmap(value: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in _d(value).items() if not isinstance(v, (dict, list))}


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _int_or_str(value: Any) -> int | str | None:
    i = _int(value)
    if i is not None:
        return i
    return _s(value)


def _env(items: Any) -> list[EnvVar]:
    out: list[EnvVar] = []
    for item in _l(items):
        if not isinstance(item, dict) or not item.get("name"):
            continue
        name = str(item["name"])
        vf = _d(item.get("valueFrom"))
        if vf:
            for src in ("configMapKeyRef", "secretKeyRef", "fieldRef", "resourceFieldRef"):
                if src in vf:
                    ref = _d(vf[src])
                    out.append(EnvVar(name, src, _s(ref.get("name")),
                                      _s(ref.get("key") or ref.get("fieldPath") or ref.get("resource"))))
                    break
            else:
                out.append(EnvVar(name, "valueFrom"))
            continue
        has = "value" in item
        value = _s(item.get("value")) if has and not _SECRETISH.search(name) else None
        out.append(EnvVar(name, "value", has_literal_value=has, value=value))
    return out


def _env_from(items: Any) -> list[dict[str, str]]:
    out = []
    for item in _l(items):
        item = _d(item)
        for key, kind in (("configMapRef", "configMap"), ("secretRef", "secret")):
            if key in item:
                entry = {"kind": kind, "name": str(_d(item[key]).get("name", ""))}
                if item.get("prefix"):
                    entry["prefix"] = str(item["prefix"])
                out.append(entry)
    return out


def _resources(value: Any) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for section in ("requests", "limits"):
        sec = _d(_d(value).get(section))
        if sec:
            out[section] = {str(k): str(v) for k, v in sec.items() if v is not None}
    return out


def _container(c: dict[str, Any], init: bool) -> Container:
    ports = []
    for p in _l(c.get("ports")):
        p = _d(p)
        cp = _int(p.get("containerPort"))
        if cp is not None:
            ports.append(ContainerPort(cp, _s(p.get("name")), str(p.get("protocol") or "TCP")))
    probe = lambda key: _d(c.get(key)) or None  # noqa: E731
    return Container(
        name=str(c.get("name") or ""),
        image=str(c.get("image") or ""),
        image_pull_policy=_s(c.get("imagePullPolicy")),
        ports=ports,
        resources=_resources(c.get("resources")),
        liveness_probe=probe("livenessProbe"),
        readiness_probe=probe("readinessProbe"),
        startup_probe=probe("startupProbe"),
        env=_env(c.get("env")),
        env_from=_env_from(c.get("envFrom")),
        volume_mounts=[_d(v) for v in _l(c.get("volumeMounts")) if isinstance(v, dict)],
        command=[str(x) for x in _l(c.get("command"))],
        args=[str(x) for x in _l(c.get("args"))],
        security_context=_d(c.get("securityContext")),
        init=init,
    )


def _pvc_from_spec(name: str, namespace: str | None, spec: dict[str, Any], source: Location, origin: str,
                   owner: str | None, obj: K8sObject) -> Pvc:
    storage = _d(_d(spec.get("resources")).get("requests")).get("storage")
    return Pvc(
        name=name,
        namespace=namespace,
        size=_s(storage),
        access_modes=[str(m) for m in _l(spec.get("accessModes"))],
        storage_class=_s(spec.get("storageClassName")),
        source=source,
        origin=origin,
        owner=owner,
        obj=obj,
    )


def workload_of(obj: K8sObject) -> Workload | None:
    """The Workload view of a workload object (None for other kinds)."""
    if obj.kind not in WORKLOAD_KINDS:
        return None
    body = obj.body
    spec = _d(body.get("spec"))
    if obj.kind == "Pod":
        pod_meta, pod_spec = _d(body.get("metadata")), spec
    elif obj.kind == "CronJob":
        tmpl = _d(_d(_d(spec.get("jobTemplate")).get("spec")).get("template"))
        pod_meta, pod_spec = _d(tmpl.get("metadata")), _d(tmpl.get("spec"))
    else:
        tmpl = _d(spec.get("template"))
        pod_meta, pod_spec = _d(tmpl.get("metadata")), _d(tmpl.get("spec"))
    replicas = _int(spec.get("replicas")) if obj.kind in ("Deployment", "StatefulSet", "ReplicaSet",
                                                           "ReplicationController", "DeploymentConfig",
                                                           "Rollout") else None
    if obj.kind == "Job":
        replicas = None
    selector = _d(spec.get("selector"))
    selector_labels = _strmap(selector.get("matchLabels")) if "matchLabels" in selector else _strmap(selector)
    vcts = []
    if obj.kind == "StatefulSet":
        for i, t in enumerate(_l(spec.get("volumeClaimTemplates"))):
            t = _d(t)
            vname = str(_d(t.get("metadata")).get("name") or "")
            line = obj.field_lines.get(f"spec.volumeClaimTemplates[{i}]", obj.source.line)
            vcts.append(_pvc_from_spec(vname, obj.namespace, _d(t.get("spec")), Location(obj.source.path, line),
                                       obj.origin, f"StatefulSet/{obj.name}", obj))
    meta = _d(body.get("metadata"))
    return Workload(
        kind=obj.kind,
        name=obj.name,
        namespace=obj.namespace,
        replicas=replicas,
        containers=[_container(c, False) for c in _l(pod_spec.get("containers")) if isinstance(c, dict)],
        init_containers=[_container(c, True) for c in _l(pod_spec.get("initContainers")) if isinstance(c, dict)],
        source=obj.source,
        origin=obj.origin,
        labels=_strmap(meta.get("labels")),
        selector=selector_labels,
        pod_labels=_strmap(pod_meta.get("labels")),
        pod_annotations=_strmap(pod_meta.get("annotations")),
        strategy=_d(spec.get("strategy") or spec.get("updateStrategy")),
        volumes=[_d(v) for v in _l(pod_spec.get("volumes")) if isinstance(v, dict)],
        volume_claim_templates=vcts,
        service_name=_s(spec.get("serviceName")),
        schedule=_s(spec.get("schedule")),
        service_account=_s(pod_spec.get("serviceAccountName") or pod_spec.get("serviceAccount")),
        security_context=_d(pod_spec.get("securityContext")),
        host_network=bool(pod_spec.get("hostNetwork")),
        obj=obj,
    )


def _service(obj: K8sObject) -> Service:
    spec = _d(obj.body.get("spec"))
    ports = []
    for p in _l(spec.get("ports")):
        p = _d(p)
        port = _int(p.get("port"))
        if port is None:
            continue
        ports.append(ServicePort(port, _int_or_str(p.get("targetPort")), _int(p.get("nodePort")),
                                 _s(p.get("name")), str(p.get("protocol") or "TCP")))
    return Service(obj.name, obj.namespace, str(spec.get("type") or "ClusterIP"), ports, _strmap(spec.get("selector")),
                   obj.source, obj.origin, _s(spec.get("clusterIP")), obj)


def _backend(b: dict[str, Any]) -> tuple[str | None, int | str | None]:
    svc = _d(b.get("service"))
    if svc:
        port = _d(svc.get("port"))
        return _s(svc.get("name")), _int(port.get("number")) if port.get("number") is not None else _s(port.get("name"))
    return _s(b.get("serviceName")), _int_or_str(b.get("servicePort"))


def _ingress(obj: K8sObject) -> Ingress:
    spec = _d(obj.body.get("spec"))
    meta = _d(obj.body.get("metadata"))
    annotations = _strmap(meta.get("annotations"))
    rules: list[IngressRule] = []
    hosts: list[str] = []
    default = _d(spec.get("defaultBackend") or spec.get("backend"))
    if default:
        svc, port = _backend(default)
        rules.append(IngressRule(None, "/", svc, port))
    for r in _l(spec.get("rules")):
        r = _d(r)
        host = _s(r.get("host"))
        if host and host not in hosts:
            hosts.append(host)
        for p in _l(_d(r.get("http")).get("paths")):
            p = _d(p)
            svc, port = _backend(_d(p.get("backend")))
            rules.append(IngressRule(host, str(p.get("path") or "/"), svc, port))
    tls = []
    for t in _l(spec.get("tls")):
        t = _d(t)
        tls.append({"hosts": [str(h) for h in _l(t.get("hosts"))], "secretName": _s(t.get("secretName"))})
    class_name = _s(spec.get("ingressClassName")) or annotations.get("kubernetes.io/ingress.class")
    return Ingress(obj.name, obj.namespace, class_name, hosts, tls, rules, annotations, obj.source, obj.origin, obj)


def _metrics(spec: dict[str, Any], api_version: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if "targetCPUUtilizationPercentage" in spec:  # autoscaling/v1
        out.append({"type": "Resource", "name": "cpu", "target": "Utilization",
                    "value": _int_or_str(spec.get("targetCPUUtilizationPercentage"))})
    for m in _l(spec.get("metrics")):
        m = _d(m)
        mtype = str(m.get("type") or "")
        key = mtype[:1].lower() + mtype[1:] if mtype else ""
        body = _d(m.get(key))
        name = body.get("name") or _d(body.get("metric")).get("name")
        target = _d(body.get("target"))
        entry: dict[str, Any] = {"type": mtype, "name": _s(name)}
        if target:  # autoscaling/v2
            ttype = str(target.get("type") or "")
            entry["target"] = ttype
            value = target.get("averageUtilization") if ttype == "Utilization" else (
                target.get("averageValue") if ttype == "AverageValue" else target.get("value"))
            entry["value"] = _int_or_str(value)
        else:  # v2beta1 style
            if "targetAverageUtilization" in body:
                entry["target"], entry["value"] = "Utilization", _int_or_str(body["targetAverageUtilization"])
            elif "targetAverageValue" in body:
                entry["target"], entry["value"] = "AverageValue", _int_or_str(body["targetAverageValue"])
            elif "targetValue" in body:
                entry["target"], entry["value"] = "Value", _int_or_str(body["targetValue"])
        out.append(entry)
    return out


def _selector(value: Any) -> dict[str, str]:
    sel = _d(value)
    return _strmap(sel.get("matchLabels")) if "matchLabels" in sel or "matchExpressions" in sel else _strmap(sel)


def build_views(objects: list[K8sObject]) -> Views:
    """Derive every typed view from `objects`, in their order."""
    v = Views()
    for obj in objects:
        kind = obj.kind
        try:
            if kind in WORKLOAD_KINDS:
                w = workload_of(obj)
                if w is not None:
                    v.workloads.append(w)
                    v.pvcs.extend(w.volume_claim_templates)
            elif kind == "Service":
                v.services.append(_service(obj))
            elif kind == "Ingress":
                v.ingresses.append(_ingress(obj))
            elif kind == "PersistentVolumeClaim":
                v.pvcs.append(_pvc_from_spec(obj.name, obj.namespace, _d(obj.body.get("spec")), obj.source,
                                             obj.origin, None, obj))
            elif kind == "ConfigMap":
                keys = [str(k) for k in _d(obj.body.get("data"))] + [str(k) for k in _d(obj.body.get("binaryData"))]
                v.configmaps.append(ConfigData("ConfigMap", obj.name, obj.namespace, keys, obj.source, obj.origin,
                                               None, obj))
            elif kind == "Secret":
                keys = list(dict.fromkeys([str(k) for k in _d(obj.body.get("data"))] +
                                          [str(k) for k in _d(obj.body.get("stringData"))]))
                v.secrets.append(ConfigData("Secret", obj.name, obj.namespace, keys, obj.source, obj.origin,
                                            _s(obj.body.get("type")) or "Opaque", obj))
            elif kind == "HorizontalPodAutoscaler":
                spec = _d(obj.body.get("spec"))
                ref = _d(spec.get("scaleTargetRef"))
                v.hpas.append(Hpa(obj.name, obj.namespace, str(ref.get("kind") or ""), str(ref.get("name") or ""),
                                  _int(spec.get("minReplicas")), _int(spec.get("maxReplicas")),
                                  _metrics(spec, obj.api_version), obj.source, obj.origin, obj))
            elif kind == "PodDisruptionBudget":
                spec = _d(obj.body.get("spec"))
                v.pdbs.append(Pdb(obj.name, obj.namespace, _int_or_str(spec.get("minAvailable")),
                                  _int_or_str(spec.get("maxUnavailable")), _selector(spec.get("selector")),
                                  obj.source, obj.origin, obj))
            elif kind == "NetworkPolicy":
                spec = _d(obj.body.get("spec"))
                types = [str(t) for t in _l(spec.get("policyTypes"))]
                if not types:
                    types = ["Ingress"] + (["Egress"] if "egress" in spec else [])
                v.network_policies.append(NetworkPolicy(obj.name, obj.namespace, _selector(spec.get("podSelector")),
                                                        types, [_d(x) for x in _l(spec.get("ingress"))],
                                                        [_d(x) for x in _l(spec.get("egress"))], obj.source,
                                                        obj.origin, obj))
        except Exception:  # malformed object: no view, never a traceback
            continue
    return v
