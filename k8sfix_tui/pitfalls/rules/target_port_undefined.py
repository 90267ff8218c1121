"""target-port-undefined: a Service's named targetPort that no selected container port defines.

Wrong: `targetPort: http` while the selected container's ports are named `web` (traffic is not
forwarded: the endpoint has no such port).

Right: a container port named `http`, or a numeric targetPort.
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, finding

ID = "target-port-undefined"


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for svc in facts.services:
        if not svc.selector or svc.obj is None:
            continue
        selected = [w for w in ctx.selected(svc.origin, svc.selector)
                    if not (svc.namespace and w.namespace and svc.namespace != w.namespace)]
        if not selected:
            continue
        names = {p.name for w in selected for c in w.containers for p in c.ports if p.name}
        for i, p in enumerate(svc.ports):
            tp = p.target_port
            if not isinstance(tp, str) or tp.isdigit() or tp in names:
                continue
            ref = f"Service/{ctx.base_name(svc.name, svc.origin)}"
            workloads = ", ".join(sorted({f"{w.kind}/{ctx.base_name(w.name, w.origin)}" for w in selected}))
            yield finding(ID, "error", "exposure", ref, "targetPort", tp,
                          f"{ref} port {p.port} targets the named port '{tp}', which no container of {workloads} "
                          "defines: the Service cannot forward that port.",
                          ctx.evidence(svc.obj, f"spec.ports[{i}].targetPort", f"targetPort {tp}", tp),
                          f"name a container port '{tp}' or use the container port number")
