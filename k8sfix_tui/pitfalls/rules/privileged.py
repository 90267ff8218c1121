"""privileged: a container with `securityContext.privileged: true`.

Wrong: `privileged: true` (the container has every capability and all host devices: a compromise
of it is a compromise of the node).

Right: no privileged flag; add only the capabilities needed (`capabilities.add: [NET_ADMIN]`).
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, containers, finding, subject

ID = "privileged"


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for w in facts.workloads:
        if w.obj is None:
            continue
        for path, c in containers(w.obj, include_init=True):
            sc = c.get("securityContext") if isinstance(c.get("securityContext"), dict) else {}
            if sc.get("privileged") is not True and str(sc.get("privileged")).lower() != "true":
                continue
            ref = subject(ctx, w.obj)
            cname = c.get("name")
            yield finding(ID, "warning", "workloads", ref, f"{cname}.privileged", True,
                          f"{ref} container '{cname}' runs privileged: it has full access to the node's devices and "
                          "kernel, so a compromise of the container is a compromise of the node.",
                          ctx.evidence(w.obj, f"{path}.securityContext.privileged", "privileged: true", "true"),
                          "drop privileged and add only the capabilities the container needs")
