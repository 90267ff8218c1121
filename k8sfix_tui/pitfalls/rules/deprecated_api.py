"""deprecated-api: an object whose apiVersion is removed (error) or deprecated (warning) in the target
Kubernetes version (`--kube-version`, default 1.31; offline table in `pitfalls.apis`).

Wrong: `apiVersion: extensions/v1beta1` / `kind: Ingress` (removed in 1.22: `kubectl apply` fails with
"no matches for kind").

Right: `apiVersion: networking.k8s.io/v1`.
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..apis import lookup, parse_version
from ..context import Context, finding

ID = "deprecated-api"


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    target = parse_version(ctx.kube_version)
    for obj in facts.objects:
        hit = lookup(obj.api_version, obj.kind)
        if hit is None:
            continue
        deprecated, removed, replacement = hit
        ref = f"{obj.kind}/{ctx.base_name(obj.name, obj.origin)}"
        if parse_version(removed) <= target:
            sev, state = "error", f"was removed in Kubernetes {removed}"
            consequence = f"applying it to a {ctx.kube_version} cluster fails with \"no matches for kind\""
        elif parse_version(deprecated) <= target:
            sev, state = "warning", f"is deprecated since {deprecated} and removed in {removed}"
            consequence = f"it stops working when the cluster is upgraded to {removed}"
        else:
            continue
        yield finding(ID, sev, "structure", ref, "apiVersion", obj.api_version,
                      f"{ref} uses {obj.api_version}, which {state}: {consequence}.",
                      ctx.evidence(obj, "apiVersion", f"apiVersion {obj.api_version}", obj.api_version),
                      f"use {replacement}")
