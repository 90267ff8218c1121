"""selector-matches-nothing: a Service or PodDisruptionBudget whose selector matches no pod template.

Wrong: `Service/api` selects `app: api-server` while the Deployment's pods are labelled `app: api`
(the Service has no endpoints: connections are refused).

Right: the selector is a subset of the pod template labels of a workload deployed the same way.
A selector that matches nothing and resembles no workload (no shared name token) is reported
as info: the pods probably come from a separately installed chart or operator.
A Service without selector (manual Endpoints, ExternalName) is never reported, nor one in a
namespace where the repository deploys no workload (it fronts pods installed by something else,
e.g. a cloud-managed exporter).
"""

from __future__ import annotations

import re
from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, finding

ID = "selector-matches-nothing"


def _unknown_or_matched(ctx: Context, origin: str, namespace: str | None, selector: dict[str, str]) -> bool:
    """True when a workload deployed the same way (in the same namespace) matches `selector`, or when
    there is none at all: an explicit namespace in which the repository deploys nothing means the
    pods come from elsewhere (unknown, not reported)."""
    if not ctx.has_workloads(origin, namespace):
        return True
    return any(not namespace or w.namespace == namespace for w in ctx.selected(origin, selector))


STOP = frozenset({"app", "apps", "service", "svc", "k8s", "kubernetes", "io", "name", "component", "instance",
                  "the", "v1", "v2", "main", "default"})


def _tokens(*texts: str) -> set[str]:
    return {t for text in texts for t in re.split(r"[^a-z0-9]+", text.lower()) if len(t) > 1 and t not in STOP}


def _related(ctx: Context, svc, namespace: str | None) -> bool:
    """Whether some workload looks like the Service's intended target (shares a name token)."""
    wanted = _tokens(svc.name, *svc.selector.values())
    for w in ctx.workloads_in(svc.origin):
        if namespace and w.namespace != namespace:
            continue
        if wanted & _tokens(w.name, *w.pod_labels.values()):
            return True
    return False


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for svc in facts.services:
        if not svc.selector or svc.type == "ExternalName" or svc.obj is None:
            continue
        if _unknown_or_matched(ctx, svc.origin, svc.namespace, svc.selector):
            continue
        ref = f"Service/{ctx.base_name(svc.name, svc.origin)}"
        sel = ",".join(f"{k}={v}" for k, v in sorted(svc.selector.items()))
        here = svc.source.path.rpartition("/")[0]
        unparsed = [e for e in facts.errors if e.location.path.rpartition("/")[0] == here]
        dep = ctx.missing_dependency(svc.obj, svc.name, *svc.selector.values())
        if dep:
            yield finding(ID, "info", "exposure", ref, "selector", sel,
                          f"{ref} selects pods with {sel}, which the chart dependency '{dep}' presumably deploys; it "
                          "is not vendored under charts/, so this could not be checked.",
                          ctx.evidence(svc.obj, "spec.selector", f"selector {sel}"),
                          "run `helm dependency build` and check again")
        elif unparsed:
            yield finding(ID, "info", "exposure", ref, "selector", sel,
                          f"{ref} selects pods with {sel}, which no parsed workload has; {unparsed[0].location.path} "
                          "next to it could not be parsed (a template?), so its pods may be defined there.",
                          ctx.evidence(svc.obj, "spec.selector", f"selector {sel}"),
                          "check that the generated workload carries these labels")
        elif _related(ctx, svc, svc.namespace):
            yield finding(ID, "error", "exposure", ref, "selector", sel,
                          f"{ref} selects pods with {sel}, but no workload's pod template has those labels: the "
                          "Service has no endpoints and every connection to it fails.",
                          ctx.evidence(svc.obj, "spec.selector", f"selector {sel}"),
                          "make the selector match the workload's pod template labels")
        else:
            yield finding(ID, "info", "exposure", ref, "selector", sel,
                          f"{ref} selects pods with {sel}, which nothing in the repository deploys: it has no "
                          "endpoints until those pods are installed separately.",
                          ctx.evidence(svc.obj, "spec.selector", f"selector {sel}"),
                          "document what installs the selected pods, or fix the selector")
    for pdb in facts.pdbs:
        if not pdb.selector or pdb.obj is None:
            continue
        if _unknown_or_matched(ctx, pdb.origin, pdb.namespace, pdb.selector):
            continue
        ref = f"PodDisruptionBudget/{ctx.base_name(pdb.name, pdb.origin)}"
        sel = ",".join(f"{k}={v}" for k, v in sorted(pdb.selector.items()))
        yield finding(ID, "warning", "autoscaling", ref, "selector", sel,
                      f"{ref} selects pods with {sel}, which no workload has: the budget protects nothing.",
                      ctx.evidence(pdb.obj, "spec.selector", f"selector {sel}"),
                      "make the selector match the workload's pod template labels")
