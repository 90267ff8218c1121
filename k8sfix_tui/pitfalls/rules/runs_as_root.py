"""runs-as-root: a pod or container explicitly configured to run as root.

Wrong: `securityContext.runAsUser: 0` or `runAsNonRoot: false` (a container escape lands as root).

Right: `runAsNonRoot: true` with a non-zero `runAsUser`. Containers without any setting are not
reported (the image decides; that is not visible in the repository).
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, as_int, containers, finding, pod_spec, pod_spec_path, subject

ID = "runs-as-root"


def _root(sc: object) -> str | None:
    if not isinstance(sc, dict):
        return None
    if as_int(sc.get("runAsUser")) == 0:
        return "runAsUser"
    if sc.get("runAsNonRoot") is False or str(sc.get("runAsNonRoot")).lower() == "false":
        return "runAsNonRoot"
    return None


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for w in facts.workloads:
        if w.obj is None:
            continue
        ref = subject(ctx, w.obj)
        pod_sc = pod_spec(w.obj).get("securityContext")
        pod_root = _root(pod_sc)
        for path, c in containers(w.obj, include_init=True):
            sc = c.get("securityContext")
            key = _root(sc)
            where = f"{path}.securityContext.{key}"
            if key is None and pod_root and not (isinstance(sc, dict) and (
                    as_int(sc.get("runAsUser")) or sc.get("runAsNonRoot") is True)):
                key, where = pod_root, f"{pod_spec_path(w.kind)}.securityContext.{pod_root}"
            if key is None:
                continue
            cname = c.get("name")
            yield finding(ID, "warning", "workloads", ref, f"{cname}.{key}", key,
                          f"{ref} container '{cname}' is set to run as root ({key}): a process that escapes the "
                          "container is root on the node.", ctx.evidence(w.obj, where, key),
                          "set runAsNonRoot: true and a non-zero runAsUser")
