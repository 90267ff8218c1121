"""hpa-without-requests: an HPA scaling on CPU/memory utilisation of containers without that request.

Wrong: an HPA with `averageUtilization: 70` for CPU on a Deployment whose containers set no CPU
request (the HPA reports `<unknown>` and never scales).

Right: every container of the target requests the resource the HPA measures.
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, containers, finding

ID = "hpa-without-requests"


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for hpa in facts.hpas:
        if hpa.obj is None:
            continue
        resources = sorted({str(m.get("name")) for m in hpa.metrics if m.get("type") == "Resource"
                            and str(m.get("target", "")).lower().startswith("utili") and m.get("name")})
        if not resources:
            continue
        targets = [w for w in ctx.workloads_in(hpa.origin) if w.kind == hpa.target_kind and w.name == hpa.target_name]
        for w in targets[:1]:
            for path, c in containers(w.obj):
                res = c.get("resources") if isinstance(c.get("resources"), dict) else {}
                req = res.get("requests") if isinstance(res.get("requests"), dict) else {}
                lim = res.get("limits") if isinstance(res.get("limits"), dict) else {}
                missing = [r for r in resources if r not in req and r not in lim]
                if not missing:
                    continue
                ref = f"HorizontalPodAutoscaler/{ctx.base_name(hpa.name, hpa.origin)}"
                cname = c.get("name")
                yield finding(ID, "error", "autoscaling", ref, f"{cname}.requests", "/".join(missing),
                              f"{ref} scales {w.kind}/{ctx.base_name(w.name, w.origin)} on {'/'.join(missing)} "
                              f"utilisation but container '{cname}' requests no {'/'.join(missing)}: the HPA cannot "
                              "compute utilisation and never scales.",
                              ctx.evidence(hpa.obj, "spec.metrics", "metric") + ctx.evidence(
                                  w.obj, f"{path}.resources", f"container {cname}"),
                              f"set resources.requests.{missing[0]} on '{cname}'")
