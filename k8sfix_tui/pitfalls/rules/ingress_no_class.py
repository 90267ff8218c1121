"""ingress-no-class: an Ingress with neither `spec.ingressClassName` nor the legacy class annotation.

Wrong: no class (only a cluster with a *default* IngressClass serves it; with two controllers both
or neither pick it up).

Right: `ingressClassName: nginx` (matching an installed controller, e.g. `minikube addons enable ingress`),
or an IngressClass marked `ingressclass.kubernetes.io/is-default-class: "true"` in the repository.
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, finding

ID = "ingress-no-class"


def _has_default(facts: Facts, kind: str, annotation: str) -> bool:
    for o in facts.objects:
        meta = o.body.get("metadata") if isinstance(o.body.get("metadata"), dict) else {}
        ann = meta.get("annotations") if isinstance(meta.get("annotations"), dict) else {}
        if o.kind == kind and str(ann.get(annotation, "")).lower() == "true":
            return True
    return False


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    if _has_default(facts, "IngressClass", "ingressclass.kubernetes.io/is-default-class"):
        return  # the repository installs a default IngressClass itself
    for ing in facts.ingresses:
        if ing.obj is None or ing.class_name or ing.annotations.get("kubernetes.io/ingress.class"):
            continue
        ref = f"Ingress/{ctx.base_name(ing.name, ing.origin)}"
        yield finding(ID, "info", "exposure", ref, "ingressClassName", None,
                      f"{ref} names no ingress class: it is served only if the cluster has a default IngressClass, "
                      "otherwise no controller picks it up and the hosts never resolve to the app.",
                      ctx.evidence(ing.obj, "spec", "Ingress spec"),
                      "set spec.ingressClassName to the controller the cluster runs")
