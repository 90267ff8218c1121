"""pull-policy-never: `imagePullPolicy: Never`.

Wrong: `imagePullPolicy: Never` in a manifest applied to a real cluster (pods fail with
ErrImageNeverPull on every node whose container runtime did not build the image).

Right: `IfNotPresent` (or Never only in a local overlay, with the image loaded into the node:
`minikube image load`, `eval $(minikube docker-env)`).
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, containers, finding, subject

ID = "pull-policy-never"


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for w in facts.workloads:
        if w.obj is None:
            continue
        for path, c in containers(w.obj, include_init=True):
            if str(c.get("imagePullPolicy") or "") != "Never":
                continue
            ref = subject(ctx, w.obj)
            cname = c.get("name")
            yield finding(ID, "warning", "workloads", ref, f"{cname}.imagePullPolicy", "Never",
                          f"{ref} container '{cname}' has imagePullPolicy Never: pods fail with ErrImageNeverPull on "
                          "any node whose container runtime did not build or load the image.",
                          ctx.evidence(w.obj, f"{path}.imagePullPolicy", "imagePullPolicy Never", "Never"),
                          "load the image into the node first (e.g. `minikube image load`) or use IfNotPresent")
