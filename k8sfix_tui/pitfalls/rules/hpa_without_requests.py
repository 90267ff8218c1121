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
    first: dict[tuple[str, str, str], object] = {}  # (origin, kind, name) -> first such workload
    for w in ctx.facts.workloads:
        first.setdefault((w.origin, w.kind, w.name), w)
    for hpa in facts.hpas:
        if hpa.obj is None:
            continue
        resources = sorted({str(m.get("name")) for m in hpa.metrics if m.get("type") == "Resource"
                            and str(m.get("target", "")).lower().startswith("utili") and m.get("name")})
        if not resources:
            continue
        target = first.get((hpa.origin, hpa.target_kind, hpa.target_name))
        for w in [target] if target is not None else []:
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
