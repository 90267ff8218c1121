"""selector-matches-nothing: a Service or PodDisruptionBudget whose selector matches no pod template.

Wrong: `Service/api` selects `app: api-server` while the Deployment's pods are labelled `app: api`
(the Service has no endpoints: connections are refused).

Right: the selector is a subset of the pod template labels of a workload deployed the same way.
A Service without selector (manual Endpoints, ExternalName) is never reported.
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, finding, matches

ID = "selector-matches-nothing"


def _pods(ctx: Context, origin: str, namespace: str | None) -> list[dict[str, str]]:
    out = []
    for w in ctx.workloads_in(origin):
        if namespace and w.namespace and namespace != w.namespace:
            continue
        out.append(w.pod_labels)
    return out


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for svc in facts.services:
        if not svc.selector or svc.type == "ExternalName" or svc.obj is None:
            continue
        pods = _pods(ctx, svc.origin, svc.namespace)
        if not pods or any(matches(svc.selector, labels) for labels in pods):
            continue
        ref = f"Service/{ctx.base_name(svc.name, svc.origin)}"
        sel = ",".join(f"{k}={v}" for k, v in sorted(svc.selector.items()))
        yield finding(ID, "error", "exposure", ref, "selector", sel,
                      f"{ref} selects pods with {sel}, but no workload's pod template has those labels: the Service "
                      "has no endpoints and every connection to it fails.",
                      ctx.evidence(svc.obj, "spec.selector", f"selector {sel}"),
                      "make the selector match the workload's pod template labels")
    for pdb in facts.pdbs:
        if not pdb.selector or pdb.obj is None:
            continue
        pods = _pods(ctx, pdb.origin, pdb.namespace)
        if not pods or any(matches(pdb.selector, labels) for labels in pods):
            continue
        ref = f"PodDisruptionBudget/{ctx.base_name(pdb.name, pdb.origin)}"
        sel = ",".join(f"{k}={v}" for k, v in sorted(pdb.selector.items()))
        yield finding(ID, "warning", "autoscaling", ref, "selector", sel,
                      f"{ref} selects pods with {sel}, which no workload has: the budget protects nothing.",
                      ctx.evidence(pdb.obj, "spec.selector", f"selector {sel}"),
                      "make the selector match the workload's pod template labels")
