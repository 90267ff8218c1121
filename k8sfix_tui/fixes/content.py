"""Document content generated from facts, deterministic byte for byte.

`generate(name, facts, aligned=True) -> str` returns Markdown (ending in a newline) for one of
`GENERATORS`: workloads, resources, exposure, storage, probes, config, autoscaling, chart,
make-targets, minikube, deploy-commands, and the operations sections of `pitfalls.sections`:
troubleshooting (commands per workload + one entry per pitfall), rollout, monitoring. Nothing here prints a Secret value: secrets and
ConfigMaps appear with names and keys only, env vars by name, and `--set` values of secret-looking
keys are masked.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any, Callable, Iterable

from ..model import Container, Facts, K8sObject, Workload
from .tables import render_table

SECRETISH = re.compile(r"(pass(word|wd)?|secret|token|api[-_]?key|private[-_]?key|credential|auth)", re.I)

AREA_SECTIONS: dict[str, str] = {
    "workloads": "workloads",
    "resources": "resources",
    "exposure": "exposure",
    "networking": "network-policies",
    "monitoring": "monitoring",
    "storage": "storage",
    "probes": "probes",
    "config": "config",
    "autoscaling": "autoscaling",
    "helm": "chart",
    "automation": "make-targets",
    "minikube": "minikube",
    "structure": "chart",
}

TITLES: dict[str, str] = {
    "workloads": "Workloads",
    "resources": "Resource requests and limits",
    "exposure": "Services and ingress",
    "storage": "Persistent storage",
    "probes": "Health checks",
    "config": "ConfigMaps and Secrets",
    "autoscaling": "Autoscaling and disruption budgets",
    "network-policies": "Network policies",
    "monitoring": "Monitoring",
    "chart": "Helm chart structure",
    "make-targets": "Makefile targets",
    "minikube": "Local development with minikube",
    "deploy-commands": "Deployment commands",
    "troubleshooting": "Troubleshooting",
    "rollout": "Rollouts and rollbacks",
}

EMOJI: dict[str, str] = {
    "workloads": "📦",
    "resources": "📊",
    "exposure": "🌐",
    "storage": "💾",
    "probes": "🩺",
    "config": "⚙️",
    "autoscaling": "📈",
    "network-policies": "🔒",
    "monitoring": "📡",
    "chart": "⎈",
    "make-targets": "🛠️",
    "minikube": "🧪",
    "deploy-commands": "🚀",
    "troubleshooting": "🧯",
    "rollout": "🔁",
}


def generate(name: str, facts: Facts, aligned: bool = True) -> str:
    """Markdown body of generated section `name`; raises KeyError for an unknown name."""
    return GENERATORS[name](facts, aligned)


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------


def _multi_origin(items: Iterable[Any]) -> bool:
    return len({getattr(i, "origin", "") for i in items}) > 1


def _origin_rank(origin: str) -> tuple[int, str]:
    """Chart defaults first, then a Kustomize base, plain manifests, profiles, overlays last."""
    if origin.startswith("chart ") and "default values" in origin:
        return (0, origin)
    if origin.startswith("kustomize "):
        return (1, origin)
    if origin == "manifests":
        return (2, origin)
    if origin.startswith("overlay "):
        return (4, origin)
    return (3, origin)


def primary_origin(facts: Facts) -> str | None:
    """The one origin generated tables describe: the chart with default values, else the base."""
    origins = {getattr(i, "origin", "") for i in list(facts.workloads) + list(facts.services) + list(facts.pvcs)
               + list(facts.configmaps) + list(facts.secrets) + list(facts.ingresses) + list(facts.hpas)}
    origins.discard("")
    return min(origins, key=_origin_rank) if origins else None


def _primary(facts: Facts, items: Iterable[Any]) -> list[Any]:
    """Items of the primary origin; if it has none, those of the best origin the items have."""
    items = list(items)
    if not items:
        return items
    origin = primary_origin(facts)
    chosen = [i for i in items if getattr(i, "origin", "") == origin]
    if chosen:
        return chosen
    best = min({getattr(i, "origin", "") for i in items}, key=_origin_rank)
    return [i for i in items if getattr(i, "origin", "") == best]


def _show_origin(facts: Facts, items: list[Any]) -> bool:
    """An Origin column is shown when rows come from several origins or not from the primary one."""
    return _multi_origin(items) or bool(items and getattr(items[0], "origin", "") != primary_origin(facts))


def _others_note(facts: Facts) -> str:
    origin = primary_origin(facts)
    others = sorted({getattr(w, "origin", "") for w in facts.workloads} - {origin, ""}, key=_origin_rank)
    if not origin or not others:
        return ""
    return (f"\nThese tables describe {origin}; the repository also deploys "
            + ", ".join(others) + ", which change some of these values.\n")


def _sorted(items: Iterable[Any], facts: Facts | None = None) -> list[Any]:
    if facts is not None:
        items = _primary(facts, items)
    return sorted(items, key=lambda i: (getattr(i, "origin", ""), getattr(i, "namespace", None) or "",
                                        getattr(i, "kind", ""), getattr(i, "name", "")))


def _code(text: object) -> str:
    text = str(text)
    tick = "``" if "`" in text else "`"
    return f"{tick}{text}{tick}"


def _dedupe(rows: list[list[Any]]) -> list[list[Any]]:
    seen: set[tuple[str, ...]] = set()
    out = []
    for row in rows:
        key = tuple(str(c) for c in row)
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def _with_origin(headers: list[str], rows: list[tuple[Any, list[Any]]], multi: bool) -> tuple[list[str], list[list[Any]]]:
    if multi:
        return headers + ["Origin"], _dedupe([r + [o] for o, r in rows])
    return headers, _dedupe([r for _, r in rows])


def _values_key(obj: K8sObject | None, path: str) -> str | None:
    if obj is None:
        return None
    ref = obj.provenance.get(path)
    return ref.key if ref else None


def replicas_text(w: Workload) -> str:
    """Replica count as the docs should state it, with the values key that sets it when known."""
    if w.kind == "DaemonSet":
        return "one per node"
    if w.kind in ("Job", "CronJob"):
        return "—"
    count = w.replicas if w.replicas is not None else 1
    text = str(count) if w.replicas is not None else "1 (default)"
    key = _values_key(w.obj, "spec.replicas")
    return f"{text} (`{key}`)" if key else text


def _all_containers(w: Workload) -> list[tuple[Container, bool]]:
    return [(c, True) for c in w.init_containers] + [(c, False) for c in w.containers]


def _ports(c: Container) -> str:
    return ", ".join(f"{p.container_port}" + (f"/{p.protocol}" if p.protocol != "TCP" else "") for p in c.ports)


def _source(loc: Any) -> str:
    return _code(loc.path) if loc is not None and getattr(loc, "path", "") else "—"


# ---------------------------------------------------------------------------------------------
# one generator per section
# ---------------------------------------------------------------------------------------------


def workloads(facts: Facts, aligned: bool = True) -> str:
    items = _sorted(facts.workloads, facts)
    if not items:
        return "No workloads (Deployments, StatefulSets, DaemonSets, Jobs or CronJobs) are defined.\n"
    rows = []
    for w in items:
        images = ", ".join(_code(c.image) for c in w.containers) or "—"
        ports = ", ".join(p for p in (_ports(c) for c in w.containers) if p) or "—"
        replicas = replicas_text(w) if w.kind != "CronJob" else f"schedule {_code(w.schedule or '?')}"
        rows.append((w.origin, [f"{_code(w.name)}", w.kind, replicas, images, ports, _source(w.source)]))
    headers, body = _with_origin(["Workload", "Kind", "Replicas", "Image", "Container ports", "Source"],
                                 rows, _show_origin(facts, items))
    return render_table(headers, body, aligned) + _others_note(facts)


def resources(facts: Facts, aligned: bool = True) -> str:
    items = _sorted(facts.workloads, facts)
    rows = []
    for w in items:
        for c, init in _all_containers(w):
            req = c.resources.get("requests", {}) or {}
            lim = c.resources.get("limits", {}) or {}
            name = c.name + (" (init)" if init else "")
            rows.append((w.origin, [_code(w.name), name, req.get("cpu"), lim.get("cpu"), req.get("memory"),
                                    lim.get("memory")]))
    if not rows:
        return "No containers are defined, so there are no resource requests or limits.\n"
    headers, body = _with_origin(["Workload", "Container", "CPU request", "CPU limit", "Memory request",
                                  "Memory limit"], rows, _show_origin(facts, items))
    out = render_table(headers, body, aligned)
    unset = sorted({_code(f"{r[1][0].strip('`')}/{r[1][1]}") for r in rows if not any(r[1][2:6])})
    if unset:
        out += "\nNo requests or limits are set for: " + ", ".join(unset) + ".\n"
    return out


def exposure(facts: Facts, aligned: bool = True) -> str:
    parts: list[str] = []
    svcs = _sorted(facts.services, facts)
    if svcs:
        rows = []
        for s in svcs:
            for p in s.ports or [None]:
                rows.append((s.origin, [
                    _code(s.name), s.type,
                    p.port if p else None,
                    p.target_port if p else None,
                    p.node_port if p else None,
                    ", ".join(f"{k}={v}" for k, v in sorted(s.selector.items())) or None,
                ]))
        headers, body = _with_origin(["Service", "Type", "Port", "Target port", "Node port", "Selector"],
                                     rows, _show_origin(facts, svcs))
        parts.append(render_table(headers, body, aligned))
    else:
        parts.append("No Services are defined.\n")
    ings = _sorted(facts.ingresses, facts)
    if ings:
        rows = []
        for ing in ings:
            tls_by_host = {h: t.get("secretName") for t in ing.tls for h in (t.get("hosts") or [])}
            for r in ing.rules or []:
                backend = f"{r.service}:{r.port}" if r.service else None
                rows.append((ing.origin, [_code(ing.name), ing.class_name, r.host or "*", r.path, backend,
                                          tls_by_host.get(r.host or "") or None]))
            if not ing.rules:
                rows.append((ing.origin, [_code(ing.name), ing.class_name, "*", "/", None, None]))
        headers, body = _with_origin(["Ingress", "Class", "Host", "Path", "Backend", "TLS secret"],
                                     rows, _show_origin(facts, ings))
        parts.append(render_table(headers, body, aligned))
    else:
        parts.append("No Ingress is defined.\n")
    return "\n".join(parts)


def storage(facts: Facts, aligned: bool = True) -> str:
    pvcs = _sorted(facts.pvcs, facts)
    if not pvcs:
        return "No PersistentVolumeClaims or volumeClaimTemplates are defined; the workloads keep no persistent data.\n"
    rows = []
    for p in pvcs:
        claim = _code(p.name) + (f" (template of {p.owner})" if p.owner else "")
        rows.append((p.origin, [claim, p.size, ", ".join(p.access_modes) or None,
                                p.storage_class or "cluster default", _source(p.source)]))
    headers, body = _with_origin(["Claim", "Size", "Access modes", "Storage class", "Source"], rows,
                                 _show_origin(facts, pvcs))
    return render_table(headers, body, aligned)


def _probe_target(probe: dict[str, Any]) -> tuple[str, str]:
    for kind in ("httpGet", "tcpSocket", "exec", "grpc"):
        spec = probe.get(kind)
        if spec is None:
            continue
        if kind == "httpGet":
            scheme = str(spec.get("scheme", "HTTP")).lower()
            return kind, f"{scheme} {spec.get('path', '/')} on port {spec.get('port')}"
        if kind == "exec":
            return kind, _code(" ".join(str(a) for a in spec.get("command") or []))
        return kind, f"port {spec.get('port')}"
    return "—", "—"


def probes(facts: Facts, aligned: bool = True) -> str:
    items = _sorted(facts.workloads, facts)
    rows = []
    for w in items:
        for c, _init in _all_containers(w):
            for kind, probe in (("liveness", c.liveness_probe), ("readiness", c.readiness_probe),
                                ("startup", c.startup_probe)):
                if not probe:
                    continue
                ptype, target = _probe_target(probe)
                rows.append((w.origin, [_code(w.name), c.name, kind, ptype, target,
                                        probe.get("initialDelaySeconds", 0), probe.get("periodSeconds", 10),
                                        probe.get("timeoutSeconds", 1), probe.get("failureThreshold", 3)]))
    out = ""
    if rows:
        headers, body = _with_origin(["Workload", "Container", "Probe", "Type", "Target", "Initial delay (s)",
                                      "Period (s)", "Timeout (s)", "Failure threshold"], rows, _show_origin(facts, items))
        out = render_table(headers, body, aligned)
    without = sorted({_code(f"{w.name}/{c.name}") for w in items for c in w.containers
                      if not (c.liveness_probe or c.readiness_probe or c.startup_probe)})
    if without:
        out += ("\n" if out else "") + "No probes are defined for: " + ", ".join(without) + ".\n"
    return out or "No workloads are defined, so there are no health checks.\n"


def _users(facts: Facts, kind: str, name: str) -> list[str]:
    """Workloads that reference ConfigMap/Secret `name` through env, envFrom or volumes."""
    users = set()
    ref_source = "configMapKeyRef" if kind == "ConfigMap" else "secretKeyRef"
    from_kind = "configMap" if kind == "ConfigMap" else "secret"
    for w in _primary(facts, facts.workloads):
        hit = False
        for c, _ in _all_containers(w):
            if any(e.source == ref_source and e.ref_name == name for e in c.env):
                hit = True
            if any(ef.get("kind") in (from_kind, kind) and ef.get("name") == name for ef in c.env_from):
                hit = True
        for v in w.volumes:
            if kind == "ConfigMap" and (v.get("configMap") or {}).get("name") == name:
                hit = True
            if kind == "Secret" and (v.get("secret") or {}).get("secretName") == name:
                hit = True
            for src in (v.get("projected") or {}).get("sources") or []:
                if (src.get(from_kind) or {}).get("name") == name:
                    hit = True
        if hit:
            users.add(_code(w.name))
    return sorted(users)


def config(facts: Facts, aligned: bool = True) -> str:
    parts = []
    cms = _sorted(facts.configmaps, facts)
    if cms:
        rows = [(c.origin, [_code(c.name), ", ".join(_code(k) for k in sorted(c.keys)) or None,
                            ", ".join(_users(facts, "ConfigMap", c.name)) or None]) for c in cms]
        headers, body = _with_origin(["ConfigMap", "Keys", "Used by"], rows, _show_origin(facts, cms))
        parts.append(render_table(headers, body, aligned))
    else:
        parts.append("No ConfigMaps are defined.\n")
    secrets = _sorted(facts.secrets, facts)
    if secrets:
        rows = [(s.origin, [_code(s.name), s.type or "Opaque", ", ".join(_code(k) for k in sorted(s.keys)) or None,
                            ", ".join(_users(facts, "Secret", s.name)) or None]) for s in secrets]
        headers, body = _with_origin(["Secret", "Type", "Keys", "Used by"], rows, _show_origin(facts, secrets))
        parts.append(render_table(headers, body, aligned))
        parts.append("Secret values are not shown here; only key names are documented.\n")
    else:
        referenced = sorted({e.ref_name for w in _primary(facts, facts.workloads) for c, _ in _all_containers(w)
                             for e in c.env if e.source == "secretKeyRef" and e.ref_name})
        if referenced:
            parts.append("No Secret is defined in the repository; the workloads expect these to exist in the "
                         "cluster: " + ", ".join(_code(r) for r in referenced) + ".\n")
        else:
            parts.append("No Secrets are defined.\n")
    return "\n".join(parts)


def _metric_text(m: dict[str, Any]) -> str:
    name = m.get("name") or m.get("type") or "?"
    target = m.get("target")
    value = m.get("value")
    if target == "Utilization":
        return f"{name} {value}%"
    if value is not None:
        return f"{name} {value}"
    return str(name)


def autoscaling(facts: Facts, aligned: bool = True) -> str:
    parts = []
    hpas = _sorted(facts.hpas, facts)
    if hpas:
        rows = [(h.origin, [_code(h.name), f"{h.target_kind}/{h.target_name}", h.min_replicas, h.max_replicas,
                            ", ".join(_metric_text(m) for m in h.metrics) or None]) for h in hpas]
        headers, body = _with_origin(["HPA", "Target", "Min replicas", "Max replicas", "Metrics"], rows,
                                     _show_origin(facts, hpas))
        parts.append(render_table(headers, body, aligned))
    else:
        fixed = []
        for w in _sorted(facts.workloads, facts):
            if w.kind in ("Deployment", "StatefulSet"):
                fixed.append(f"{_code(w.name)} at {replicas_text(w)}")
        line = "No HorizontalPodAutoscaler is defined"
        if fixed:
            line += "; replicas are fixed: " + ", ".join(dict.fromkeys(fixed))
        parts.append(line + ".\n")
    pdbs = _sorted(facts.pdbs, facts)
    if pdbs:
        rows = [(p.origin, [_code(p.name), p.min_available, p.max_unavailable,
                            ", ".join(f"{k}={v}" for k, v in sorted(p.selector.items())) or None]) for p in pdbs]
        headers, body = _with_origin(["PodDisruptionBudget", "Min available", "Max unavailable", "Selector"],
                                     rows, _show_origin(facts, pdbs))
        parts.append(render_table(headers, body, aligned))
    else:
        parts.append("No PodDisruptionBudget is defined.\n")
    return "\n".join(parts)


def network_policies(facts: Facts, aligned: bool = True) -> str:
    nps = _sorted(facts.network_policies, facts)
    if not nps:
        return "No NetworkPolicy is defined; pod traffic is not restricted.\n"
    rows = []
    for n in nps:
        sources = []
        for rule in n.ingress:
            for peer in rule.get("from") or []:
                pod_sel = peer.get("podSelector") or {}
                sel = pod_sel.get("matchLabels") or {}
                exprs = [f"{e.get('key')} {str(e.get('operator', '')).lower()} ({', '.join(map(str, e.get('values') or []))})"
                         for e in pod_sel.get("matchExpressions") or []]
                if sel or exprs:
                    sources.append(", ".join([f"{k}={v}" for k, v in sorted(sel.items())] + exprs))
                elif "namespaceSelector" in peer:
                    sources.append("namespaces " + (", ".join(f"{k}={v}" for k, v in sorted(
                        ((peer.get("namespaceSelector") or {}).get("matchLabels") or {}).items())) or "all"))
                elif "ipBlock" in peer:
                    sources.append(str((peer.get("ipBlock") or {}).get("cidr")))
            ports = [f"{p.get('protocol', 'TCP')} {p.get('port')}" for p in rule.get("ports") or [] if p.get("port")]
            if ports:
                sources.append("ports " + ", ".join(ports))
        rows.append((n.origin, [_code(n.name),
                                ", ".join(f"{k}={v}" for k, v in sorted(n.pod_selector.items())) or "all pods",
                                ", ".join(n.policy_types) or None, "; ".join(sources) or None, len(n.egress) or None]))
    headers, body = _with_origin(["NetworkPolicy", "Pods", "Policy types", "Ingress allowed from", "Egress rules"],
                                 rows, _show_origin(facts, nps))
    return render_table(headers, body, aligned)


def monitoring(facts: Facts, aligned: bool = True) -> str:
    """Monitoring as `pitfalls.sections.monitoring_section` describes it (exporters, metrics ports,
    log volumes, PrometheusRules, monitoring components, chart dependencies)."""
    from ..pitfalls.sections import monitoring_section  # lazy: pitfalls.sections imports this module

    return monitoring_section(facts, aligned)


def troubleshooting(facts: Facts, aligned: bool = True) -> str:
    """Commands to inspect each workload with its real namespace/selector/ports, one entry per pitfall."""
    from ..pitfalls.sections import troubleshooting as generate_troubleshooting

    return generate_troubleshooting(facts, aligned)


def rollout(facts: Facts, aligned: bool = True) -> str:
    """Update strategies, rollout status/history/undo commands, what CI does on a push."""
    from ..pitfalls.sections import rollout_section

    return rollout_section(facts, aligned)


def scrape_table(facts: Facts, aligned: bool = True) -> str:
    """The plain scrape table (prometheus.io annotations, ServiceMonitors/PodMonitors)."""
    rows = []
    for w in _sorted(facts.workloads, facts):
        ann = w.pod_annotations or {}
        if str(ann.get("prometheus.io/scrape", "")).lower() == "true":
            rows.append((w.origin, [_code(w.name), "prometheus.io annotations", ann.get("prometheus.io/port"),
                                    ann.get("prometheus.io/path", "/metrics")]))
    monitors = [o for o in facts.objects if o.kind in ("ServiceMonitor", "PodMonitor")]
    for o in sorted(_primary(facts, monitors), key=lambda o: (o.kind, o.name)):
        endpoints = (o.body.get("spec") or {}).get("endpoints") or (o.body.get("spec") or {}).get(
            "podMetricsEndpoints") or []
        for ep in endpoints or [{}]:
            rows.append((o.origin, [_code(o.name), o.kind, ep.get("port") or ep.get("targetPort"),
                                    ep.get("path", "/metrics")]))
    if not rows:
        return "No workload exposes Prometheus metrics (no scrape annotations, ServiceMonitors or PodMonitors).\n"
    headers, body = _with_origin(["Scraped", "How", "Port", "Path"], rows, False)
    return render_table(headers, body, aligned)


def _tree(root: str, paths: list[str]) -> list[str]:
    """Tree-drawing lines for repo-relative `paths` under directory `root`."""
    nested: dict[str, Any] = {}
    for p in sorted(paths):
        rel = posixpath.relpath(p, root) if root not in ("", ".") else p
        node = nested
        for part in rel.split("/"):
            node = node.setdefault(part, {})

    lines: list[str] = []

    def walk(node: dict[str, Any], prefix: str) -> None:
        names = sorted(node, key=lambda n: (bool(node[n]), n))  # files first, then directories
        for i, name in enumerate(names):
            last = i == len(names) - 1
            child = node[name]
            lines.append(f"{prefix}{'└── ' if last else '├── '}{name}{'/' if child else ''}")
            if child:
                walk(child, prefix + ("    " if last else "│   "))

    walk(nested, "")
    return lines


def chart(facts: Facts, aligned: bool = True) -> str:
    charts = sorted(facts.charts, key=lambda c: c.path)
    if not charts:
        return "The repository has no Helm chart.\n"
    parts = []
    for ch in charts:
        root = ch.path.rstrip("/")
        files = [f for f in facts.files if f == root or f.startswith(root + "/")] if root not in ("", ".") else []
        if not files:
            files = [posixpath.join(root, "Chart.yaml"), posixpath.join(root, "values.yaml")] + list(ch.templates) + list(ch.helpers)
        files = sorted(set(files))
        body = [f"{root}/"] + _tree(root, files)
        head = f"Chart {_code(ch.name)} version {_code(ch.version or '?')}"
        if ch.app_version:
            head += f", appVersion {_code(ch.app_version)}"
        head += f" (apiVersion {ch.api_version}, type {ch.type or 'application'}), in {_code(root + '/')}:\n"
        parts.append(head + "\n```text\n" + "\n".join(body) + "\n```\n")
        if ch.dependencies:
            rows = [[_code(d.name), d.version, d.repository, d.condition] for d in ch.dependencies]
            parts.append(render_table(["Dependency", "Version", "Repository", "Condition"], rows, aligned))
    return "\n".join(parts)


def make_targets(facts: Facts, aligned: bool = True) -> str:
    targets = [t for t in facts.make_targets if not t.name.startswith(".") and "%" not in t.name]
    if not targets:
        return "The repository has no Makefile targets.\n"
    seen: set[tuple[str, str]] = set()
    rows = []
    for t in sorted(targets, key=lambda t: (t.source.path, t.source.line)):
        if (t.source.path, t.name) in seen:
            continue
        seen.add((t.source.path, t.name))
        rows.append([_code(f"make {t.name}") if posixpath.dirname(t.source.path) in ("", ".") else
                     _code(f"make -C {posixpath.dirname(t.source.path)} {t.name}"),
                     t.help or (", ".join(t.prerequisites) and "runs " + ", ".join(_code(p) for p in t.prerequisites)) or None,
                     _code(f"{t.source.path}:{t.source.line}")])
    return render_table(["Command", "What it does", "Defined at"], rows, aligned)


_SET_RE = re.compile(r"(--set(?:-string|-file)?[= ])([^=\s]+)=(\$\{\{.*?\}\}|\"[^\"]*\"|'[^']*'|\S+)")
_LEAD_RE = re.compile(r"^(?:(?:do|then|else|&&|\|\|)\s+)+")


def clean_command(command: str) -> str:
    """One-line command text: whitespace runs folded, leading shell keywords dropped, secrets masked."""
    return mask_secrets(_LEAD_RE.sub("", " ".join(command.split())))


def mask_secrets(command: str) -> str:
    """Mask `--set key=value` values whose key looks secret (password, token, ...)."""
    return _SET_RE.sub(lambda m: m.group(1) + m.group(2) + "=" + ("'***'" if SECRETISH.search(m.group(2)) else m.group(3)),
                       command)


def _context_key(ctx: str, path: str) -> str:
    return ctx or path


_ASSIGN_RE = re.compile(r"^\s*(?:export\s+|readonly\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
_DEFAULT_RE = re.compile(r"^\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}$]*)\}$")


def script_variables(repo: str, path: str) -> dict[str, str]:
    """Simple `NAME=value` / `NAME="${ENV:-default}"` assignments of a shell script (defaults taken)."""
    import shlex
    from pathlib import Path

    try:
        text = (Path(repo) / path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    out: dict[str, str] = {}
    for line in text.splitlines():
        m = _ASSIGN_RE.match(line)
        if not m or m.group(2).startswith("("):
            continue
        try:
            parts = shlex.split(m.group(2), comments=True)
        except ValueError:
            continue
        if len(parts) != 1:
            continue
        value = parts[0]
        d = _DEFAULT_RE.match(value)
        if d:
            value = d.group(1)
        if "$" in value or "`" in value:
            continue
        out.setdefault(m.group(1), value)
    return out


def expand(command: str, variables: dict[str, str]) -> str:
    """Substitute "$NAME" / ${NAME} / $NAME with known values (quotes around a lone variable dropped)."""
    return re.sub(r'"\$\{?([A-Za-z_]\w*)\}?"()()()()|()"\$\{?([A-Za-z_]\w*)\}?"|\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)',
                  lambda m: _sub2(m, variables), command)


def _sub2(m: "re.Match[str]", variables: dict[str, str]) -> str:
    name = m.group(1) or m.group(7) or m.group(8) or m.group(9)
    if name not in variables:
        return m.group(0)
    value = variables[name]
    if m.group(0).startswith('"') and re.search(r"[\s'\"$`\\|&;<>()*?]", value):
        return '"' + value + '"'
    return value


def minikube(facts: Facts, aligned: bool = True) -> str:
    cmds = sorted(facts.commands, key=lambda c: (c.source.path, c.source.line))
    mk = [c for c in cmds if c.tool == "minikube"]
    if not mk and not facts.hosts_entries:
        return "The repository has no minikube script or Makefile target.\n"
    contexts: list[str] = []
    for c in mk:
        key = _context_key(c.context, c.source.path)
        if key not in contexts:
            contexts.append(key)
    parts: list[str] = []
    for key in contexts:
        group = [c for c in cmds if _context_key(c.context, c.source.path) == key]
        src = group[0].source.path
        label = key.split(":", 1)[1] if key.startswith("make:") else ""
        runner = next((t.name for t in sorted(facts.make_targets, key=lambda t: (t.source.path, t.source.line))
                       if any(src in cmd for cmd in t.commands)), None) if not label else None
        if label:
            intro = f"`make {label}` (in {_code(src)}) runs:"
        elif runner:
            intro = f"`make {runner}` runs {_code(src)}, which does:"
        else:
            intro = f"{_code(src)} runs:"
        lines = []
        variables = script_variables(facts.repo, src) if not key.startswith("make:") else {}
        for c in group:
            text = clean_command(expand(c.text, variables))
            if text and text not in lines:
                lines.append(text)
        parts.append(intro + "\n\n```bash\n" + "\n".join(lines) + "\n```\n")
    if facts.hosts_entries:
        hosts = sorted({h.hostname for h in facts.hosts_entries})
        parts.append("Add the ingress host names to `/etc/hosts` (the scripts do this with the minikube IP):\n\n"
                     "```bash\n" + "\n".join(f'echo "$(minikube ip) {h}" | sudo tee -a /etc/hosts' for h in hosts)
                     + "\n```\n")
    urls = []
    for ing in _sorted(facts.ingresses, facts):
        tls_hosts = {h for t in ing.tls for h in (t.get("hosts") or [])}
        for r in ing.rules:
            if r.host:
                url = f"{'https' if r.host in tls_hosts else 'http'}://{r.host}{r.path if r.path != '/' else '/'}"
                if url not in urls:
                    urls.append(url)
    for s in _sorted(facts.services, facts):
        for p in s.ports:
            if s.type == "NodePort" and p.node_port:
                url = f"http://$(minikube ip):{p.node_port}  # {s.name}"
                if url not in urls:
                    urls.append(url)
    if urls:
        parts.append("Then open:\n\n" + "\n".join(f"- {_code(u)}" for u in urls) + "\n")
    return "\n".join(parts)


def deploy_commands(facts: Facts, aligned: bool = True) -> str:
    lines: list[tuple[str, int, str]] = []
    for h in facts.helm_invocations:
        lines.append((h.found_at.path, h.found_at.line, clean_command(h.text)))
    for c in facts.commands:
        argv = [a for a in c.argv[1:] if not a.startswith("-")]
        if c.tool == "kubectl" and argv[:1] and argv[0] in ("apply", "create", "kustomize"):
            lines.append((c.source.path, c.source.line, clean_command(c.text)))
        elif c.tool == "kustomize" and argv[:1] == ["build"]:
            lines.append((c.source.path, c.source.line, clean_command(c.text)))
    if not lines:
        return "The repository runs no `helm` or `kubectl apply` command of its own.\n"
    out = []
    seen = set()
    for path, line, text in sorted(lines):
        if text in seen:
            continue
        seen.add(text)
        out.append(f"# {path}:{line}\n{text}")
    return "The repository deploys with these commands:\n\n```bash\n" + "\n".join(out) + "\n```\n"


GENERATORS: dict[str, Callable[[Facts, bool], str]] = {
    "workloads": workloads,
    "resources": resources,
    "exposure": exposure,
    "storage": storage,
    "probes": probes,
    "config": config,
    "autoscaling": autoscaling,
    "network-policies": network_policies,
    "monitoring": monitoring,
    "chart": chart,
    "make-targets": make_targets,
    "minikube": minikube,
    "deploy-commands": deploy_commands,
    "troubleshooting": troubleshooting,
    "rollout": rollout,
}
