"""missing-topic: the repository has something the documents never cover.

Per area, when the repository has facts (HorizontalPodAutoscalers -> autoscaling, NetworkPolicies ->
networking, PVCs or volumeClaimTemplates -> storage, probes -> probes, resource requests/limits ->
resources, ConfigMaps/Secrets -> config, Services/Ingresses -> exposure, a chart -> helm, minikube
commands -> minikube, Makefile targets/CI workflows -> automation, ServiceMonitors or Prometheus
annotations -> monitoring) but no document has a claim in that area nor a section/paragraph about it.

Severity: warning.

Wrong: the chart renders an HPA for the API, the document never mentions autoscaling.

Right: a section "Autoscaling" stating the HPA's min/max replicas and target.
"""

from __future__ import annotations

import re
from typing import Iterator

from ...model import DocRef, Evidence, Finding
from .. import fields as F
from ..context import Context

ID = "missing-topic"
SEVERITY = "warning"

KEYWORDS = {
    "workloads": r"deployment|statefulset|daemonset|replica|workload|cronjob|\bpods?\b",
    "exposure": r"\bservice|ingress|nodeport|port-forward|load ?balancer|\bport\b",
    "storage": r"persistentvolume|\bpvcs?\b|volume|storage",
    "config": r"configmap|\bsecrets?\b|environment variable|\benv\b",
    "resources": r"resource (request|limit)s?|requests?:|limits?:|\bcpu\b|memory",
    "autoscaling": r"autoscal|\bhpa\b|horizontalpodautoscaler|scale (out|up)|scaling",
    "probes": r"probe|health ?check|liveness|readiness",
    "networking": r"networkpolic|network polic|ingress rules|egress",
    "helm": r"\bhelm\b|chart",
    "minikube": r"minikube",
    "automation": r"\bmake\b|makefile|workflow|github actions|\bci\b|pipeline",
    "monitoring": r"monitor|prometheus|metrics|grafana|alert",
}


def _facts_by_area(ctx: Context) -> dict[str, tuple[str, list[Evidence]]]:
    out: dict[str, tuple[str, list[Evidence]]] = {}
    objs = [o for o in ctx.objects if ctx.default_origin is None or o.origin == ctx.default_origin] or ctx.objects

    def add(area: str, what: str, items) -> None:
        items = list(items)
        if items and area not in out:
            out[area] = (what.format(n=len(items)), [Evidence(o.source.path, o.source.line, f"{o.ref}")
                                                      for o in items[:3]])

    kinds = {}
    for o in objs:
        kinds.setdefault(o.kind, []).append(o)
    add("workloads", "{n} workloads", [o for o in objs if o.kind in F.WORKLOAD_KINDS])
    add("exposure", "{n} Services/Ingresses", kinds.get("Service", []) + kinds.get("Ingress", []))
    add("storage", "{n} PVCs/volumeClaimTemplates",
        kinds.get("PersistentVolumeClaim", []) + [o for o in kinds.get("StatefulSet", [])
                                                  if F.get(o.body, "spec.volumeClaimTemplates")])
    add("config", "{n} ConfigMaps/Secrets", kinds.get("ConfigMap", []) + kinds.get("Secret", []))
    add("autoscaling", "{n} HorizontalPodAutoscalers", kinds.get("HorizontalPodAutoscaler", []))
    add("networking", "{n} NetworkPolicies", kinds.get("NetworkPolicy", []))
    with_probes = [o for o in objs for _p, c in F.containers(o.kind, o.body)
                   if any(c.get(k) for k in ("livenessProbe", "readinessProbe", "startupProbe"))]
    add("probes", "{n} containers with probes", with_probes)
    with_res = [o for o in objs for _p, c in F.containers(o.kind, o.body) if c.get("resources")]
    add("resources", "{n} containers with resource requests/limits", with_res)
    monitors = kinds.get("ServiceMonitor", []) + kinds.get("PodMonitor", []) + [
        o for o in objs if any("prometheus.io" in str(k) for k in (
            list((F.get(o.body, "metadata.annotations") or {}).keys())
            + list((F.get(o.body, "spec.template.metadata.annotations") or {}).keys())))]
    add("monitoring", "{n} monitoring objects/annotations", monitors)
    if ctx.facts.charts and "helm" not in out:
        c = ctx.facts.charts[0]
        out["helm"] = (f"{len(ctx.facts.charts)} Helm chart(s)", [Evidence(c.source.path, c.source.line, c.name)])
    mk = [c for c in ctx.facts.commands if c.tool == "minikube"]
    if mk:
        out["minikube"] = (f"{len(mk)} minikube commands", [Evidence(mk[0].source.path, mk[0].source.line,
                                                                     mk[0].text[:80])])
    if ctx.facts.make_targets or ctx.facts.workflows:
        src = ctx.facts.make_targets[0].source if ctx.facts.make_targets else ctx.facts.workflows[0].source
        out["automation"] = (f"{len(ctx.facts.make_targets)} Makefile targets, {len(ctx.facts.workflows)} workflows",
                             [Evidence(src.path, src.line, "automation")])
    return out


def check(ctx: Context) -> Iterator[Finding]:
    if not ctx.docs or not any(d.substantial for d in ctx.docs):
        return
    covered = {c.area for d in ctx.docs for c in d.claims}
    text = "\n".join([d.text_lower for d in ctx.docs] + [ctx.linked_text()])
    doc = ctx.docs[0]
    last = max(1, len(doc.lines))
    for area, (what, evidence) in _facts_by_area(ctx).items():
        if area in covered or re.search(KEYWORDS[area], text):
            continue
        ref = DocRef(doc.path, last, last, "")
        yield ctx.finding(ID, SEVERITY, area, doc=ref, subject=None, field_name="area", doc_value=None,
                          actual=what, evidence=evidence, key=area,
                          message=f"The repository has {what}, but no document covers {area}.",
                          fix=f"add a section about {area}")
