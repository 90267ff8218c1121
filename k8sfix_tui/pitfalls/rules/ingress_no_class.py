"""ingress-no-class: an Ingress with neither `spec.ingressClassName` nor the legacy class annotation.

Wrong: no class (only a cluster with a *default* IngressClass serves it; with two controllers both
or neither pick it up).

Right: `ingressClassName: nginx` (matching an installed controller, e.g. `minikube addons enable ingress`).
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, finding

ID = "ingress-no-class"


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for ing in facts.ingresses:
        if ing.obj is None or ing.class_name or ing.annotations.get("kubernetes.io/ingress.class"):
            continue
        ref = f"Ingress/{ctx.base_name(ing.name, ing.origin)}"
        yield finding(ID, "info", "exposure", ref, "ingressClassName", None,
                      f"{ref} names no ingress class: it is served only if the cluster has a default IngressClass, "
                      "otherwise no controller picks it up and the hosts never resolve to the app.",
                      ctx.evidence(ing.obj, "spec", "Ingress spec"),
                      "set spec.ingressClassName to the controller the cluster runs")
