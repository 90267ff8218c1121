"""statefulset-no-vct: a StatefulSet with no volumeClaimTemplates and no PVC volume.

Wrong: a database StatefulSet whose data directory is an emptyDir (or the container filesystem):
every restart or reschedule starts with empty data.

Right: `volumeClaimTemplates` (one PVC per replica) or a persistentVolumeClaim volume.
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, as_list, finding, pod_spec, subject

ID = "statefulset-no-vct"


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for w in facts.workloads:
        if w.kind != "StatefulSet" or w.obj is None:
            continue
        spec = w.obj.body.get("spec") if isinstance(w.obj.body.get("spec"), dict) else {}
        if spec.get("volumeClaimTemplates"):
            continue
        vols = [v for v in as_list(pod_spec(w.obj).get("volumes")) if isinstance(v, dict)]
        if any("persistentVolumeClaim" in v or "hostPath" in v for v in vols):
            continue
        ref = subject(ctx, w.obj)
        empties = [str(v.get("name")) for v in vols if "emptyDir" in v]
        detail = f" (data volumes: emptyDir {', '.join(empties)})" if empties else ""
        yield finding(ID, "info", "storage", ref, "volumeClaimTemplates", None,
                      f"{ref} has no volumeClaimTemplates or PVC volume{detail}: its data is lost whenever a pod "
                      "restarts or moves.", ctx.evidence(w.obj, "spec", "StatefulSet spec"),
                      "add volumeClaimTemplates (or use a Deployment if the workload is stateless)")
