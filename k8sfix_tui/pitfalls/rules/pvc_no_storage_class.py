"""pvc-no-storage-class: a PersistentVolumeClaim (or volumeClaimTemplate) without storageClassName.

Wrong: a claim with no `storageClassName` (it binds to whatever default StorageClass the cluster has:
minikube's hostpath, a cloud's slowest disk, or nothing at all, leaving the pod Pending).

Right: `storageClassName: standard` (or the chart's `persistence.storageClass` value set).
`storageClassName: ""` (explicit static binding), a bound `volumeName`/`selector` and the legacy
`volume.beta.kubernetes.io/storage-class` annotation are not reported, nor anything when the
repository installs a StorageClass marked `storageclass.kubernetes.io/is-default-class: "true"`.
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, as_list, finding, sibling_value

ID = "pvc-no-storage-class"


LEGACY_CLASS = "volume.beta.kubernetes.io/storage-class"


def _claims(facts: Facts) -> Iterator[tuple[object, str, dict, str]]:
    """(object, claim name, claim spec, dotted path of the claim spec). The legacy storage-class
    annotation of the claim's metadata is folded into the spec as `storageClassName`."""
    for o in facts.objects:
        if o.kind == "PersistentVolumeClaim" and isinstance(o.body.get("spec"), dict):
            yield o, o.name, _with_legacy(o.body["spec"], o.body.get("metadata")), "spec"
        elif o.kind == "StatefulSet":
            vcts = (o.body.get("spec") or {}).get("volumeClaimTemplates") if isinstance(o.body.get("spec"), dict) \
                else None
            for i, t in enumerate(as_list(vcts)):
                if isinstance(t, dict) and isinstance(t.get("spec"), dict):
                    meta = t.get("metadata") if isinstance(t.get("metadata"), dict) else {}
                    name = str(meta.get("name") or f"#{i}")
                    yield o, name, _with_legacy(t["spec"], meta), f"spec.volumeClaimTemplates[{i}].spec"


def _with_legacy(spec: dict, meta: object) -> dict:
    ann = meta.get("annotations") if isinstance(meta, dict) else None
    if isinstance(ann, dict) and ann.get(LEGACY_CLASS) is not None and "storageClassName" not in spec:
        return {**spec, "storageClassName": ann[LEGACY_CLASS]}
    return spec


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    from .ingress_no_class import _has_default

    if _has_default(facts, "StorageClass", "storageclass.kubernetes.io/is-default-class"):
        return  # the repository installs the default StorageClass itself
    for obj, name, spec, path in _claims(facts):
        if "storageClassName" in spec or spec.get("volumeName") or spec.get("selector"):
            continue
        owner = f"{obj.kind}/{ctx.base_name(obj.name, obj.origin)}"
        what = owner if obj.kind == "PersistentVolumeClaim" else f"{owner} volumeClaimTemplate '{name}'"
        evidence = sibling_value(ctx, obj, f"{path}.resources.requests.storage",
                                 ("storageClass", "storageClassName"), "storage class") \
            + sibling_value(ctx, obj, f"{path}.accessModes[0]", ("storageClass", "storageClassName"), "storage class") \
            + ctx.evidence(obj, "spec.volumeClaimTemplates" if obj.kind == "StatefulSet" else path, f"claim {name}")
        yield finding(ID, "info", "storage", owner, f"{name}.storageClassName", None,
                      f"{what} sets no storageClassName: it gets the cluster's default StorageClass, and stays Pending "
                      "where there is none.", evidence,
                      "set storageClassName (or the chart's storageClass value) for each target cluster")
