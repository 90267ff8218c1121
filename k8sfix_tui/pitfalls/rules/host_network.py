"""host-network: pods sharing the node's network namespace (`hostNetwork: true`).

Wrong: `hostNetwork: true` on an application Deployment (its ports collide with the node's and with
other replicas on the same node; NetworkPolicies no longer apply).

Right: no hostNetwork; expose ports through a Service.
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, finding, pod_spec_path, subject

ID = "host-network"


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for w in facts.workloads:
        if w.obj is None or not w.host_network:
            continue
        ref = subject(ctx, w.obj)
        sev = "info" if w.kind == "DaemonSet" else "warning"
        yield finding(ID, sev, "networking", ref, "hostNetwork", True,
                      f"{ref} uses the node's network (hostNetwork: true): its ports collide with the node's and with "
                      "other replicas on the same node, and NetworkPolicies do not apply to it.",
                      ctx.evidence(w.obj, f"{pod_spec_path(w.kind)}.hostNetwork", "hostNetwork: true", "true"),
                      "drop hostNetwork and expose the port through a Service")
