"""missing-limits: a container without a memory limit (a CPU limit alone is not required).

Wrong: `resources: {requests: {cpu: 100m, memory: 128Mi}}` only (a leak can take the node's memory
and get other pods OOM-killed).

Right: `resources.limits.memory` set (CPU limits are optional: throttling is often worse).
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, containers, finding, subject, values_block

ID = "missing-limits"


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for w in facts.workloads:
        if w.obj is None:
            continue
        for path, c in containers(w.obj):
            res = c.get("resources") if isinstance(c.get("resources"), dict) else {}
            req = res.get("requests") if isinstance(res.get("requests"), dict) else {}
            lim = res.get("limits") if isinstance(res.get("limits"), dict) else {}
            if "memory" in lim or not req:
                continue  # no requests at all is missing-requests' finding
            missing = [r for r in ("cpu", "memory") if r not in lim]
            ref = subject(ctx, w.obj)
            cname = c.get("name")
            evidence = values_block(ctx, w.obj, f"{path}.resources", "resources", "resources") + ctx.evidence(
                w.obj, f"{path}.resources", f"container {cname}")
            yield finding(ID, "warning", "resources", ref, f"{cname}.limits", "/".join(missing),
                          f"{ref} container '{cname}' has no {' or '.join(missing)} limit: a runaway process can use "
                          "the node's memory until the kernel OOM-kills other pods.",
                          evidence, f"set resources.limits.memory for '{cname}'")
