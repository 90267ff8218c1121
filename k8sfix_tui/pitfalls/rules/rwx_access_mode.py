"""rwx-access-mode: a claim asking for ReadWriteMany.

Wrong: `accessModes: [ReadWriteMany]` on a cluster whose default StorageClass is block storage
(minikube hostpath, EBS, PD): the claim stays Pending.

Right: ReadWriteOnce, or a documented RWX-capable StorageClass (NFS, CephFS, EFS, Azure Files).
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, finding
from .pvc_no_storage_class import _claims

ID = "rwx-access-mode"


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for obj, name, spec, path in _claims(facts):
        modes = spec.get("accessModes") if isinstance(spec.get("accessModes"), list) else []
        if "ReadWriteMany" not in modes:
            continue
        i = modes.index("ReadWriteMany")
        owner = f"{obj.kind}/{ctx.base_name(obj.name, obj.origin)}"
        sc = spec.get("storageClassName")
        yield finding(ID, "info", "storage", owner, f"{name}.accessModes", "ReadWriteMany",
                      f"claim '{name}' of {owner} needs ReadWriteMany{f' from StorageClass {sc}' if sc else ''}: most "
                      "default StorageClasses (block disks, minikube hostpath) cannot provide it and the claim stays "
                      "Pending.", ctx.evidence(obj, f"{path}.accessModes[{i}]", "ReadWriteMany", "ReadWriteMany"),
                      "use ReadWriteOnce or name an RWX-capable StorageClass (NFS, CephFS, EFS, Azure Files)")
