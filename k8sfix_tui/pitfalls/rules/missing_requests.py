"""missing-requests: a container with neither requests nor limits for CPU or memory.

Wrong: `resources: {}` (the scheduler places the pod as if it needed nothing; it is the first to be
evicted under memory pressure, and CPU-utilisation autoscaling cannot work).

Right: `resources.requests.cpu` and `.memory` (limits alone also count: requests default to them).
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, containers, finding, subject, values_block

ID = "missing-requests"


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for w in facts.workloads:
        if w.obj is None:
            continue
        for path, c in containers(w.obj):
            res = c.get("resources") if isinstance(c.get("resources"), dict) else {}
            req = res.get("requests") if isinstance(res.get("requests"), dict) else {}
            lim = res.get("limits") if isinstance(res.get("limits"), dict) else {}
            missing = [r for r in ("cpu", "memory") if r not in req and r not in lim]
            if not missing:
                continue
            ref = subject(ctx, w.obj)
            cname = c.get("name")
            evidence = values_block(ctx, w.obj, f"{path}.resources", "resources", "resources") + ctx.evidence(
                w.obj, f"{path}.resources" if "resources" in c else path, f"container {cname}")
            yield finding(ID, "warning", "resources", ref, f"{cname}.requests", "/".join(missing),
                          f"{ref} container '{cname}' has no {' or '.join(missing)} request: the scheduler assumes it "
                          "needs none, so nodes get overcommitted and the pod is evicted first under pressure.",
                          evidence, f"set resources.requests.{missing[0]} for '{cname}'")
