"""`facts_to_json(facts)`: the stable, deterministic JSON form of `Facts` (`k8sfix facts --json`).

Secret values never appear: Secrets are listed by key, env vars by name (plus a literal value
only for non-secret-looking names), and object bodies are not dumped.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import (
    ConfigData,
    Container,
    Facts,
    Hpa,
    Ingress,
    K8sObject,
    NetworkPolicy,
    Pdb,
    Profile,
    Pvc,
    Service,
    Workload,
    to_jsonable,
)
from .views import Views, build_views


_SECRET_SET = re.compile(r"((?:^|[\s,=])[\w.\\/-]*(?:password|passwd|secret|token|apikey|api_key|"
                         r"credentials?|private_?key)[\w.\\/-]*=)([^\s,]+)", re.I)


def mask_secrets(text: str) -> str:
    """`--set db.password=hunter2` -> `--set db.password=<redacted>` (keys that look secret)."""
    return _SECRET_SET.sub(lambda m: m.group(1) + ("<redacted>" if not m.group(2).startswith("$") else m.group(2)), text)


def _masked(values: list[str]) -> list[str]:
    return [mask_secrets(v) for v in values]


def _plain(value: Any, depth: int = 0) -> Any:
    """User data (probes, metrics, policies) as plain JSON: str keys, no bytes/sets/odd scalars."""
    if depth > 40:
        return None
    if isinstance(value, dict):
        return {str(k): _plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v, depth + 1) for v in value]
    if value is None or isinstance(value, (str, int, bool)):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else str(value)
    if isinstance(value, (bytes, bytearray)):
        return "<binary>"
    return str(value)


def _loc(loc: Any) -> dict[str, Any] | None:
    return loc.to_json() if loc is not None else None


def _container(c: Container) -> dict[str, Any]:
    return {
        "name": c.name,
        "image": c.image,
        "imagePullPolicy": c.image_pull_policy,
        "ports": [{"containerPort": p.container_port, "name": p.name, "protocol": p.protocol} for p in c.ports],
        "resources": _plain(c.resources),
        "livenessProbe": _plain(c.liveness_probe),
        "readinessProbe": _plain(c.readiness_probe),
        "startupProbe": _plain(c.startup_probe),
        "env": [e.name for e in c.env],
        "envFrom": _plain(c.env_from),
        "volumeMounts": [{"name": v.get("name"), "mountPath": v.get("mountPath")} for v in c.volume_mounts],
    }


def _fields(obj: K8sObject | None) -> dict[str, Any]:
    if obj is None:
        return {}
    out: dict[str, Any] = {}
    if obj.provenance:
        out["provenance"] = {k: obj.provenance[k].to_json() for k in sorted(obj.provenance)}
    return out


def workload_json(w: Workload) -> dict[str, Any]:
    out = {
        "kind": w.kind,
        "name": w.name,
        "namespace": w.namespace,
        "replicas": w.replicas,
        "source": _loc(w.source),
        "origin": w.origin,
        "containers": [_container(c) for c in w.containers],
        "initContainers": [_container(c) for c in w.init_containers],
        "labels": dict(sorted(w.labels.items())),
        "selector": dict(sorted(w.selector.items())),
        "serviceName": w.service_name,
        "schedule": w.schedule,
        "serviceAccount": w.service_account,
        "volumes": sorted(str(v.get("name")) for v in w.volumes),
        "volumeClaimTemplates": [v.name for v in w.volume_claim_templates],
    }
    if w.obj is not None and "spec.replicas" in w.obj.field_lines:
        out["replicas_line"] = w.obj.field_lines["spec.replicas"]
    out.update(_fields(w.obj))
    return out


def service_json(s: Service) -> dict[str, Any]:
    return {
        "name": s.name, "namespace": s.namespace, "type": s.type,
        "ports": [{"port": p.port, "targetPort": p.target_port, "nodePort": p.node_port, "name": p.name,
                   "protocol": p.protocol} for p in s.ports],
        "selector": dict(sorted(s.selector.items())), "source": _loc(s.source), "origin": s.origin,
    }


def ingress_json(i: Ingress) -> dict[str, Any]:
    return {
        "name": i.name, "namespace": i.namespace, "className": i.class_name, "hosts": list(i.hosts),
        "tls": _plain(i.tls),
        "rules": [{"host": r.host, "path": r.path, "service": r.service, "port": r.port} for r in i.rules],
        "source": _loc(i.source), "origin": i.origin,
    }


def pvc_json(p: Pvc) -> dict[str, Any]:
    return {"name": p.name, "namespace": p.namespace, "size": p.size, "accessModes": list(p.access_modes),
            "storageClass": p.storage_class, "owner": p.owner, "source": _loc(p.source), "origin": p.origin}


def config_json(c: ConfigData) -> dict[str, Any]:
    out = {"kind": c.kind, "name": c.name, "namespace": c.namespace, "keys": list(c.keys),
           "source": _loc(c.source), "origin": c.origin}
    if c.kind == "Secret":
        out["type"] = c.type
    return out


def hpa_json(h: Hpa) -> dict[str, Any]:
    return {"name": h.name, "namespace": h.namespace, "target": {"kind": h.target_kind, "name": h.target_name},
            "minReplicas": h.min_replicas, "maxReplicas": h.max_replicas, "metrics": _plain(h.metrics),
            "source": _loc(h.source), "origin": h.origin}


def pdb_json(p: Pdb) -> dict[str, Any]:
    return {"name": p.name, "namespace": p.namespace, "minAvailable": p.min_available,
            "maxUnavailable": p.max_unavailable, "selector": dict(sorted(p.selector.items())),
            "source": _loc(p.source), "origin": p.origin}


def netpol_json(n: NetworkPolicy) -> dict[str, Any]:
    return {"name": n.name, "namespace": n.namespace, "podSelector": dict(sorted(n.pod_selector.items())),
            "policyTypes": list(n.policy_types), "ingress": _plain(n.ingress), "egress": _plain(n.egress),
            "source": _loc(n.source), "origin": n.origin}


def views_json(v: Views) -> dict[str, Any]:
    return {
        "workloads": [workload_json(w) for w in v.workloads],
        "services": [service_json(s) for s in v.services],
        "ingresses": [ingress_json(i) for i in v.ingresses],
        "pvcs": [pvc_json(p) for p in v.pvcs],
        "configmaps": [config_json(c) for c in v.configmaps],
        "secrets": [config_json(c) for c in v.secrets],
        "hpas": [hpa_json(h) for h in v.hpas],
        "pdbs": [pdb_json(p) for p in v.pdbs],
        "network_policies": [netpol_json(n) for n in v.network_policies],
    }


def profile_json(p: Profile) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": p.name,
        "found_at": _loc(p.found_at),
        "release": p.release,
        "namespace": p.namespace,
        "values_files": list(p.values_files),
        "set": _masked(p.set_values),
        "rendered": bool(p.objects),
    }
    out.update(views_json(build_views(p.objects)))
    return out


def facts_to_json(facts: Facts) -> dict[str, Any]:
    """Deterministic JSON-ready dict of `facts` (key order fixed, lists in discovery order)."""
    views = Views(facts.workloads, facts.services, facts.ingresses, facts.pvcs, facts.configmaps, facts.secrets,
                  facts.hpas, facts.pdbs, facts.network_policies)
    out: dict[str, Any] = {"repo": facts.repo}
    out.update(views_json(views))
    out["charts"] = [
        {
            "path": c.path, "name": c.name, "version": c.version, "appVersion": c.app_version,
            "apiVersion": c.api_version, "type": c.type, "description": c.description,
            "templates": list(c.templates), "helpers": list(c.helpers),
            "dependencies": [_plain(to_jsonable(d)) for d in c.dependencies],
            "values_keys": sorted(c.values_lines), "source": _loc(c.source),
        }
        for c in facts.charts
    ]
    out["overlays"] = [
        {"path": o.path, "namespace": o.namespace, "namePrefix": o.name_prefix, "nameSuffix": o.name_suffix,
         "resources": list(o.resources), "renderer": o.renderer, "is_overlay": o.is_overlay, "source": _loc(o.source)}
        for o in facts.overlays
    ]
    out["make_targets"] = [
        {"name": t.name, "help": t.help, "prerequisites": list(t.prerequisites), "commands": _masked(t.commands),
         "phony": t.phony, "source": _loc(t.source)}
        for t in facts.make_targets
    ]
    out["make_variables"] = [
        {"name": v.name, "value": mask_secrets(f"{v.name}={v.value}").split("=", 1)[1], "operator": v.operator,
         "source": _loc(v.source)}
        for v in facts.make_variables
    ]
    out["commands"] = [
        {"tool": c.tool, "argv": _masked(c.argv), "text": mask_secrets(c.text), "context": c.context,
         "source": _loc(c.source)}
        for c in facts.commands
    ]
    out["hosts_entries"] = [{"hostname": h.hostname, "ip": h.ip, "source": _loc(h.source)} for h in facts.hosts_entries]
    out["helm_invocations"] = [
        {"action": h.action, "release": h.release, "chart": h.chart, "chart_path": h.chart_path,
         "namespace": h.namespace, "values_files": list(h.values_files), "set": _masked(h.set_values),
         "set_string": _masked(h.set_string_values), "skip_schema_validation": h.skip_schema_validation,
         "found_at": _loc(h.found_at), "text": mask_secrets(h.text)}
        for h in facts.helm_invocations
    ]
    out["workflows"] = [
        {"path": w.path, "name": w.name, "triggers": list(w.triggers), "source": _loc(w.source),
         "jobs": [{"id": j.id, "name": j.name, "source": _loc(j.source),
                   "steps": [{"name": s.name, "run": mask_secrets(s.run) if s.run else s.run, "uses": s.uses, "source": _loc(s.source)} for s in j.steps]}
                  for j in w.jobs]}
        for w in facts.workflows
    ]
    out["profiles"] = [profile_json(p) for p in facts.profiles]
    out["scripts"] = list(facts.scripts)
    out["files"] = len(facts.files)
    out["objects"] = len(facts.objects)
    origins: dict[str, int] = {}
    for o in facts.objects:
        origins[o.origin] = origins.get(o.origin, 0) + 1
    out["origins"] = dict(sorted(origins.items()))
    out["renderers"] = dict(sorted(facts.renderers.items()))
    out["errors"] = [e.to_json() for e in sorted(facts.errors, key=lambda e: (e.location.path, e.location.line, e.message))]
    return out
