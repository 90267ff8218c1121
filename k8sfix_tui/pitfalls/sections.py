"""Generated document sections about operating the deployment: troubleshooting, rollout, monitoring.

Pure and deterministic (same facts -> same bytes). Every command uses the repository's real names:
namespaces and releases from its own helm commands and overlays, label selectors from the pod
templates, Services that select each workload, probe paths and ports.

- `troubleshooting_section(facts, pitfalls) -> str`
- `rollout_section(facts) -> str`
- `monitoring_section(facts) -> str`
- `troubleshooting(facts, aligned=True)`, `rollout(facts, aligned=True)`, `monitoring(facts, aligned=True)`:
  the same with the `(facts, aligned)` signature of `fixes.content.GENERATORS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..fixes.content import primary_origin
from ..fixes.tables import render_table
from ..model import Container, Facts, Finding, HelmInvocation, Service, Workload
from .context import as_dict, as_list, matches

SHORT = {"Deployment": "deploy", "StatefulSet": "sts", "DaemonSet": "ds", "CronJob": "cronjob", "Job": "job",
         "ReplicaSet": "rs", "Pod": "pod", "Rollout": "rollout", "ReplicationController": "rc"}
LOGGABLE = frozenset({"Deployment", "StatefulSet", "DaemonSet", "Job", "Pod", "ReplicaSet", "ReplicationController"})
ROLLABLE = ("Deployment", "StatefulSet", "DaemonSet")
CI_PREFIXES = (".github/workflows/", ".gitlab-ci", ".circleci/", "Jenkinsfile", ".drone", "azure-pipelines",
               ".buildkite/", "bitbucket-pipelines", ".tekton/", "cloudbuild")

SYMPTOMS: dict[str, str] = {
    "nodeport-conflict": "`kubectl apply` fails with `provided port is already allocated` or `not in the valid range`",
    "duplicate-service": "the Service's ports or selector change depending on which file was applied last",
    "selector-matches-nothing": "`kubectl get endpoints` shows `<none>`; connections through the Service are refused",
    "target-port-undefined": "the Service has endpoints but connections to that port time out or are refused",
    "probe-port-unexposed": "pods restart repeatedly or never become Ready (`Liveness probe failed` events)",
    "missing-requests": "pods land on full nodes, get throttled or are evicted first under pressure",
    "missing-limits": "a leaking container drives the node out of memory and other pods are OOM-killed",
    "hpa-without-requests": "`kubectl get hpa` shows `<unknown>/70%` and the workload never scales",
    "pdb-blocks-drain": "`kubectl drain` and node upgrades hang with `Cannot evict pod as it would violate the pod's "
                        "disruption budget`",
    "image-latest": "nodes run different builds of the same tag; a rollback changes nothing",
    "image-untagged": "nodes run different builds of the same image; a rollback changes nothing",
    "pull-policy-never": "pods stay in `ErrImageNeverPull`",
    "images-not-built": "pods stay in `ImagePullBackOff`, or run a stale image",
    "built-not-deployed": "a freshly built image never reaches the cluster",
    "privileged": "security scanners and Pod Security admission (`restricted`/`baseline`) reject the pod",
    "host-path": "data is missing after the pod moves to another node; Pod Security admission rejects the pod",
    "host-path/workloads": "Pod Security admission rejects the pod; anything that compromises the pod controls the node",
    "host-network": "pods fail with port conflicts when two replicas land on one node",
    "runs-as-root": "Pod Security admission (`restricted`) rejects the pod",
    "env-ref-missing": "pods stay in `CreateContainerConfigError` (`configmap/secret ... not found`)",
    "plaintext-credential": "credentials leak through the repository and `kubectl get -o yaml`",
    "pvc-no-storage-class": "the claim stays `Pending` on clusters without a default StorageClass",
    "rwx-access-mode": "the claim stays `Pending` (`no persistent volumes available`/provisioner errors)",
    "statefulset-no-vct": "data is gone after a pod restart",
    "deprecated-api": "`kubectl apply` fails with `no matches for kind ... in version ...`",
    "ingress-no-class": "the Ingress gets no ADDRESS and the hosts return 404/connection refused",
    "ingress-tls-secret-missing": "browsers show the controller's self-signed `Kubernetes Ingress Controller Fake "
                                  "Certificate`",
}


@dataclass
class Route:
    """How a workload reaches the cluster: namespace, and the helm release when it comes from a chart."""

    namespace: str
    release: str | None = None
    chart: str | None = None


def _code(text: object) -> str:
    return f"`{text}`"


def _helm_installs(facts: Facts) -> list[HelmInvocation]:
    return [h for h in facts.helm_invocations if h.action in ("install", "upgrade")]


def _route(facts: Facts, origin: str, namespace: str | None) -> Route:
    if origin.startswith("chart "):
        path = origin[len("chart "):].split(" (", 1)[0]
        for h in _helm_installs(facts):
            if h.chart_path == path or h.chart.rstrip("/") == path:
                return Route(h.namespace or namespace or "default", h.release, path)
        return Route(namespace or "default", None, path)
    if origin.startswith("overlay ") or origin.startswith("kustomize "):
        path = origin.split(" ", 1)[1]
        ov = next((o for o in facts.overlays if o.path == path), None)
        return Route((ov.namespace if ov else None) or namespace or "default")
    return Route(namespace or "default")


def _primary_workloads(facts: Facts) -> list[Workload]:
    origin = primary_origin(facts)
    items = [w for w in facts.workloads if w.origin == origin] or list(facts.workloads)
    return sorted(items, key=lambda w: (w.kind not in ROLLABLE, w.name, w.kind))


def _selector(w: Workload) -> str:
    labels = w.selector or w.pod_labels
    return ",".join(f"{k}={v}" for k, v in sorted(labels.items()))


def _services_for(facts: Facts, w: Workload) -> list[Service]:
    return sorted((s for s in facts.services if s.origin == w.origin and matches(s.selector, w.pod_labels)),
                  key=lambda s: s.name)


def _probe(c: Container) -> tuple[str, Any, str] | None:
    """(path, port, scheme) of the first HTTP probe (readiness, then liveness, then startup)."""
    for probe in (c.readiness_probe, c.liveness_probe, c.startup_probe):
        http = probe.get("httpGet") if isinstance(probe, dict) else None
        if isinstance(http, dict) and http.get("port") is not None:
            return str(http.get("path") or "/"), http.get("port"), str(http.get("scheme") or "HTTP").lower()
    return None


def _container_port(c: Container, port: Any) -> int | None:
    if isinstance(port, int):
        return port
    if isinstance(port, str) and port.isdigit():
        return int(port)
    for p in c.ports:
        if p.name == port:
            return p.container_port
    return None


def _local(port: int) -> int:
    """Local port for a port-forward: privileged ports (<1024) move up by 8000 (80 -> 8080)."""
    return port + 8000 if port < 1024 else port


def _workload_commands(facts: Facts, w: Workload) -> list[str]:
    route = _route(facts, w.origin, w.namespace)
    ns = route.namespace
    short = SHORT.get(w.kind, w.kind.lower())
    lines = [f"kubectl -n {ns} get pods -l {_selector(w)}" if _selector(w) else f"kubectl -n {ns} get pods"]
    if w.kind == "CronJob":
        # `kubectl get cronjob/X jobs` is not a valid command; the Job controller labels pods job-name=
        lines += [f"kubectl -n {ns} get cronjob/{w.name}",
                  f"kubectl -n {ns} get jobs",
                  f"kubectl -n {ns} create job --from=cronjob/{w.name} {w.name}-manual",
                  f"kubectl -n {ns} logs -l job-name={w.name}-manual"]
        return lines
    lines.append(f"kubectl -n {ns} describe {short}/{w.name}")
    multi = len(w.containers) > 1
    if w.kind in LOGGABLE:
        for c in w.containers if multi else w.containers[:1]:
            lines.append(f"kubectl -n {ns} logs {short}/{w.name}" + (f" -c {c.name}" if multi else ""))
    elif _selector(w):
        lines.append(f"kubectl -n {ns} logs -l {_selector(w)} --all-containers --prefix")
    lines.append(f"kubectl -n {ns} get events --field-selector involvedObject.name={w.name} --sort-by=.lastTimestamp")
    services = _services_for(facts, w)
    for c in w.containers:
        probe = _probe(c)
        if probe is None:
            continue
        path, port, scheme = probe
        number = _container_port(c, port)
        if number is None:
            continue
        local = None
        for s in services:
            for sp in s.ports:
                if sp.target_port in (port, number, str(number)) or (sp.target_port is None and sp.port == number):
                    local = (s, sp.port)
                    break
            if local:
                break
        if local:
            s, sport = local
            lines.append(f"kubectl -n {ns} get endpoints {s.name}  # empty: the selector matches no ready pod")
            lines.append(f"kubectl -n {ns} port-forward svc/{s.name} {_local(sport)}:{sport}")
            lines.append(f"curl -fsS {scheme}://localhost:{_local(sport)}{path}")
        else:
            lines.append(f"kubectl -n {ns} port-forward {short}/{w.name} {_local(number)}:{number}")
            lines.append(f"curl -fsS {scheme}://localhost:{_local(number)}{path}")
        break
    else:
        for s in services[:1]:
            if s.ports:
                lines.append(f"kubectl -n {ns} get endpoints {s.name}  # empty: the selector matches no ready pod")
                lines.append(f"kubectl -n {ns} port-forward svc/{s.name} {_local(s.ports[0].port)}:{s.ports[0].port}")
    return lines


def _clean(facts: Facts) -> Facts:
    from . import without_helm_tests

    return without_helm_tests(facts)


def troubleshooting_section(facts: Facts, pitfalls: list[Finding]) -> str:
    """Per workload the commands to inspect it, then one entry per pitfall (symptom, cause, fix)."""
    facts = _clean(facts)
    out: list[str] = []
    workloads = _primary_workloads(facts)
    if workloads:
        origin = workloads[0].origin
        out.append(f"Commands for each workload as deployed by {origin}:\n")
        if not origin.startswith("chart ") and not origin.startswith("overlay "):
            overlays = sorted((o for o in facts.overlays if o.is_overlay), key=lambda o: o.path)
            if overlays:
                parts = []
                for o in overlays:
                    extra = [f"namespace `{o.namespace}`"] if o.namespace else []
                    if o.name_prefix:
                        extra.append(f"names prefixed `{o.name_prefix}`")
                    if o.name_suffix:
                        extra.append(f"names suffixed `{o.name_suffix}`")
                    parts.append(f"`{o.path}`" + (f" ({', '.join(extra)})" if extra else ""))
                out.append("The overlays deploy the same workloads as " + "; ".join(parts)
                           + ": adjust `-n` and the names accordingly.\n")
        for w in workloads:
            route = _route(facts, w.origin, w.namespace)
            out.append(f"**{_code(w.name)}** ({w.kind}, namespace {_code(route.namespace)}):\n")
            out.append("```bash\n" + "\n".join(_workload_commands(facts, w)) + "\n```\n")
    else:
        out.append("The repository defines no workloads, so there is nothing to troubleshoot in the cluster.\n")
    if pitfalls:
        out.append("Known problems in this repository's own manifests (found by `k8sfix check`):\n")
        for f in pitfalls:
            name = (f.rule or "").split(":", 1)[-1]
            where = ", ".join(f"`{e.path}:{e.line}`" for e in f.evidence[:3])
            out.append(f"- **{f.subject}: {name}** ({f.severity})\n"
                       f"  - Symptom: {SYMPTOMS.get(f'{name}/{f.area}') or SYMPTOMS.get(name, 'see the cause')}.\n"
                       f"  - Cause: {f.message} ({where})\n"
                       + (f"  - Fix: {f.fix}.\n" if f.fix else ""))
    else:
        out.append("No known problems were found in the repository's manifests.\n")
    return "\n".join(out)


def _strategy(w: Workload) -> tuple[str, str]:
    spec = w.obj.body.get("spec") if w.obj is not None and isinstance(w.obj.body.get("spec"), dict) else {}
    if w.kind == "Deployment":
        s = as_dict(w.strategy)
        kind = str(s.get("type") or "RollingUpdate")
        if kind == "Recreate":
            return kind, "all old pods stop before new ones start (downtime)"
        ru = as_dict(s.get("rollingUpdate"))
        return kind, f"maxSurge {ru.get('maxSurge', '25%')}, maxUnavailable {ru.get('maxUnavailable', '25%')}"
    if w.kind in ("StatefulSet", "DaemonSet"):
        s = spec.get("updateStrategy") if isinstance(spec.get("updateStrategy"), dict) else {}
        kind = str(s.get("type") or "RollingUpdate")
        if kind == "OnDelete":
            return kind, "pods update only when deleted by hand"
        ru = as_dict(s.get("rollingUpdate"))
        details = []
        if w.kind == "StatefulSet":
            details.append(f"one pod at a time, highest ordinal first; partition {ru.get('partition', 0)}")
            if spec.get("podManagementPolicy"):
                details.append(f"podManagementPolicy {spec['podManagementPolicy']}")
        else:
            details.append(f"maxUnavailable {ru.get('maxUnavailable', 1)}")
        return kind, "; ".join(details)
    if w.kind == "CronJob":
        return "—", f"next runs use the new spec (schedule {_code(w.schedule) if w.schedule else '—'})"
    if w.kind in ("ReplicationController", "ReplicaSet"):
        return "—", "running pods keep the old template; delete them to get the new one (or use a Deployment)"
    if w.kind == "Job":
        return "—", "a Job's pod template cannot change; delete and re-create the Job"
    if w.kind == "Pod":
        return "—", "most of a Pod's spec cannot change; delete and re-create it"
    return "—", "replaced on the next apply"


def _ci_behaviour(facts: Facts) -> list[str]:
    out: list[str] = []
    helm = [h for h in _helm_installs(facts) if h.found_at.path.startswith(CI_PREFIXES)]
    kube = [c for c in facts.commands if c.tool == "kubectl" and c.source.path.startswith(CI_PREFIXES)]
    rollout_status = [c for c in kube if "rollout" in c.argv and "status" in c.argv]
    applies = [c for c in kube if "apply" in c.argv or "replace" in c.argv or "set" in c.argv]
    for h in helm:
        flags = set(re.findall(r"--[a-z-]+", h.text))
        timeout = re.search(r"--timeout[= ](\S+)", h.text)
        where = f"`{h.found_at}`"
        if "--atomic" in flags or "--rollback-on-failure" in flags:
            out.append(f"- {where} runs `helm {h.action}` with `--atomic`: it waits for the release to become ready"
                       + (f" (timeout {timeout.group(1)})" if timeout else "")
                       + " and rolls back to the previous revision automatically when it does not.")
        elif "--wait" in flags:
            out.append(f"- {where} runs `helm {h.action}` with `--wait`: the job fails when the release is not ready"
                       + (f" within {timeout.group(1)}" if timeout else "")
                       + ", but nothing is rolled back (run `helm rollback` by hand).")
        else:
            out.append(f"- {where} runs `helm {h.action}` without `--wait` or `--atomic`: the job succeeds as soon as "
                       "the manifests are accepted, even if the new pods never become ready.")
    for c in rollout_status:
        out.append(f"- `{c.source}` waits with `{' '.join(c.argv[:6])}`...: the job fails when the rollout does not "
                   "finish, but does not undo it.")
    if applies and not rollout_status:
        out.append(f"- `{applies[0].source}` applies manifests without `kubectl rollout status`: a failed rollout "
                   "leaves the job green.")
    if not out:
        if facts.workflows:
            out.append("- The CI workflows do not deploy to a cluster; rollouts and rollbacks are manual.")
        else:
            out.append("- No CI workflow deploys this repository; rollouts and rollbacks are manual.")
    return out


def rollout_section(facts: Facts, aligned: bool = True) -> str:
    """Update strategy per workload, how to roll back with this repo's release/namespace, what CI does."""
    facts = _clean(facts)
    workloads = _primary_workloads(facts)
    out: list[str] = []
    if workloads:
        rows = []
        for w in workloads:
            kind, details = _strategy(w)
            rows.append([_code(w.name), w.kind, kind, details])
        out.append(render_table(["Workload", "Kind", "Strategy", "Behaviour"], rows, aligned))
    else:
        out.append("The repository defines no workloads.\n")
    lines: list[str] = []
    seen: set[tuple[str | None, str | None]] = set()
    for h in _helm_installs(facts):
        key = (h.release, h.namespace)
        if key in seen or not h.release:
            continue
        seen.add(key)
        ns = f" -n {h.namespace}" if h.namespace else ""
        lines.append(f"# release {h.release} ({h.found_at})")
        lines.append(f"helm history {h.release}{ns}")
        lines.append(f"helm rollback {h.release} <REVISION>{ns} --wait")
    kubectl_routes: dict[str, list[Workload]] = {}
    for w in facts.workloads:
        if w.origin.startswith("chart ") or w.kind not in ROLLABLE:
            continue
        if w.origin == "manifests" and any(o.startswith("overlay ") for o in (x.origin for x in facts.workloads)):
            continue
        kubectl_routes.setdefault(w.origin, []).append(w)
    for origin in sorted(kubectl_routes, key=lambda o: (o.startswith("kustomize "), o)):
        if origin.startswith("kustomize ") and any(o.startswith("overlay ") for o in kubectl_routes):
            continue
        by_ns: dict[str, list[Workload]] = {}
        for w in kubectl_routes[origin]:
            by_ns.setdefault(_route(facts, w.origin, w.namespace).namespace, []).append(w)
        for ns in sorted(by_ns):
            items = sorted(by_ns[ns], key=lambda w: (w.kind, w.name))
            refs = [f"{SHORT.get(w.kind, w.kind.lower())}/{w.name}" for w in items]
            lines.append(f"# {origin}, namespace {ns}: " + " ".join(refs))
            lines.append(f"kubectl -n {ns} rollout history {refs[0]}")
            lines.append(f"kubectl -n {ns} rollout undo {refs[0]}"
                         + ("  # or --to-revision=N; same for the others" if len(refs) > 1 else "  # or --to-revision=N"))
    if lines:
        out.append("\nTo inspect and roll back a release:\n\n```bash\n" + "\n".join(lines) + "\n```\n")
    out.append("\nWhat CI does when a rollout fails:\n\n" + "\n".join(_ci_behaviour(facts)) + "\n")
    return "".join(out)


LOG_SHIPPERS = ("fluentd", "fluent-bit", "fluentbit", "promtail", "vector", "filebeat", "logstash", "otel",
                "opentelemetry-collector", "grafana-agent", "alloy")
MONITORING_IMAGES = ("prometheus", "grafana", "alertmanager", "loki", "tempo", "jaeger", "kube-state-metrics",
                     "metrics-server", "node-exporter", "datadog", "newrelic", "sysdig", "elastic-agent", "thanos",
                     "victoria-metrics", "otel/opentelemetry-collector", "opentelemetry-collector")
MONITORING_CHARTS = ("prometheus", "kube-prometheus-stack", "grafana", "loki", "tempo", "jaeger", "datadog",
                     "opentelemetry", "victoria-metrics", "thanos", "alertmanager")


def monitoring_section(facts: Facts, aligned: bool = True) -> str:
    """ServiceMonitors, PodMonitors, scrape annotations, exporters, metrics ports and log volumes, or a
    plain statement that nothing is configured."""
    facts = _clean(facts)
    origin = primary_origin(facts)
    objects = [o for o in facts.objects if o.origin == origin] or list(facts.objects)
    workloads = [w for w in facts.workloads if w.origin == origin] or list(facts.workloads)
    rows: list[list[Any]] = []
    for o in sorted(objects, key=lambda o: (o.kind, o.name)):
        if o.kind not in ("ServiceMonitor", "PodMonitor", "PrometheusRule", "Probe"):
            continue
        spec = o.body.get("spec") if isinstance(o.body.get("spec"), dict) else {}
        endpoints = as_list(spec.get("endpoints")) or as_list(spec.get("podMetricsEndpoints"))
        if o.kind == "PrometheusRule":
            groups = as_list(spec.get("groups"))
            count = sum(len(as_list(g.get("rules"))) for g in groups if isinstance(g, dict))
            rows.append([_code(o.name), o.kind, "—", f"{count} alerting/recording rules", f"{o.source}"])
            continue
        for ep in endpoints or [{}]:
            if not isinstance(ep, dict):
                continue
            what = ep.get("port") or ep.get("targetPort") or "—"
            rows.append([_code(o.name), o.kind, what, f"{ep.get('path', '/metrics')} every {ep.get('interval', 'default')}",
                         f"{o.source}"])
    for w in sorted(workloads, key=lambda w: w.name):
        ann = w.pod_annotations or {}
        if str(ann.get("prometheus.io/scrape", "")).lower() == "true":
            rows.append([_code(w.name), "prometheus.io annotations", ann.get("prometheus.io/port", "—"),
                         ann.get("prometheus.io/path", "/metrics"), f"{w.source}"])
    for s in sorted((s for s in facts.services if s.origin == (origin or s.origin)), key=lambda s: s.name):
        ann = as_dict(s.obj.body.get("metadata")).get("annotations") if s.obj is not None else None
        if isinstance(ann, dict) and str(ann.get("prometheus.io/scrape", "")).lower() == "true":
            rows.append([_code(s.name), "Service prometheus.io annotations", ann.get("prometheus.io/port", "—"),
                         ann.get("prometheus.io/path", "/metrics"), f"{s.source}"])
    ports: list[list[Any]] = []
    exporters: list[str] = []
    components: list[str] = []
    shippers: list[str] = []
    logs: list[str] = []
    for w in sorted(workloads, key=lambda w: w.name):
        for c in list(w.containers) + list(w.init_containers):
            for p in c.ports:
                if p.name and re.search(r"metric|prom|exporter|monitor", p.name, re.I):
                    ports.append([_code(w.name), c.name, p.name, p.container_port])
            if "exporter" in c.image_name.lower():
                exporters.append(f"{_code(w.name)} runs {_code(c.image)}")
            elif any(m in c.image_name.lower() for m in MONITORING_IMAGES):
                components.append(f"{_code(w.name)} runs {_code(c.image)}")
            if any(s in c.image_name.lower().rsplit("/", 1)[-1] for s in LOG_SHIPPERS):
                shippers.append(f"{_code(w.name)} runs {_code(c.image)}")
            for m in c.volume_mounts:
                mp = str(m.get("mountPath") or "")
                if "log" in mp.lower() or "log" in str(m.get("name") or "").lower():
                    logs.append(f"{_code(w.name)}/{c.name} mounts {_code(m.get('name'))} at {_code(mp)}")
    deps = sorted({d.name for ch in facts.charts for d in ch.dependencies
                   if any(m in d.name.lower() for m in MONITORING_CHARTS)})
    out: list[str] = []
    if rows:
        out.append("Metrics collection:\n\n" + render_table(["Scraped", "How", "Port", "Path / interval", "Defined in"],
                                                              rows, aligned))
    if ports:
        out.append(("\n" if out else "") + "Metrics ports:\n\n"
                   + render_table(["Workload", "Container", "Port name", "Port"], ports, aligned))
    for title, items in (("Monitoring components", components), ("Exporters", exporters), ("Log shippers", shippers),
                         ("Log volumes", logs)):
        if items:
            out.append(("\n" if out else "") + f"{title}:\n\n" + "".join(f"- {i}\n" for i in sorted(set(items))))
    if deps:
        out.append(("\n" if out else "") + "Monitoring chart dependencies: " + ", ".join(_code(d) for d in deps) + ".\n")
    if not out:
        return ("Nothing is configured for monitoring: no ServiceMonitors or PodMonitors, no prometheus.io scrape "
                "annotations, no metrics ports, exporters or log shippers. Container logs are only available "
                "through `kubectl logs` while the pods exist.\n")
    return "".join(out)


def troubleshooting(facts: Facts, aligned: bool = True) -> str:
    """`fixes.content.GENERATORS`-style entry point (detects pitfalls itself, for the Kubernetes
    version an engine Session recorded on the facts as `kube_version`, else the default)."""
    from . import detect

    return troubleshooting_section(facts, detect(facts, getattr(facts, "kube_version", None)))


def rollout(facts: Facts, aligned: bool = True) -> str:
    return rollout_section(facts, aligned)


def monitoring(facts: Facts, aligned: bool = True) -> str:
    return monitoring_section(facts, aligned)


GENERATORS = {"troubleshooting": troubleshooting, "rollout": rollout, "monitoring": monitoring}
