"""deprecated-api: an object whose apiVersion is removed (error) or deprecated (warning) in the target
Kubernetes version (`--kube-version`, default 1.31; offline table in `pitfalls.apis`).

Wrong: `apiVersion: extensions/v1beta1` / `kind: Ingress` (removed in 1.22: `kubectl apply` fails with
"no matches for kind").

Right: `apiVersion: networking.k8s.io/v1`.

Also reported: pod volumes (and PersistentVolumes) of in-tree volume plugins removed from Kubernetes
(`cinder`, `awsElasticBlockStore`, `gcePersistentDisk`, `glusterfs`, ...), which then work only
through CSI migration with the matching CSI driver installed.
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..apis import IN_TREE_VOLUMES, lookup, parse_version
from ..context import Context, as_list, finding, pod_spec, pod_spec_path

ID = "deprecated-api"


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    yield from check_apis(facts, ctx)
    yield from check_volumes(facts, ctx)


def check_apis(facts: Facts, ctx: Context) -> Iterator[Finding]:
    target = parse_version(ctx.kube_version)
    for obj in facts.objects:
        hit = lookup(obj.api_version, obj.kind)
        if hit is None:
            continue
        deprecated, removed, replacement = hit
        ref = f"{obj.kind}/{ctx.base_name(obj.name, obj.origin)}"
        if parse_version(removed) <= target:
            sev, state = "error", f"was removed in Kubernetes {removed}"
            consequence = f"applying it to a {ctx.kube_version} cluster fails with \"no matches for kind\""
        elif parse_version(deprecated) <= target:
            sev, state = "warning", f"is deprecated since {deprecated} and removed in {removed}"
            consequence = f"it stops working when the cluster is upgraded to {removed}"
        else:
            continue
        yield finding(ID, sev, "structure", ref, "apiVersion", obj.api_version,
                      f"{ref} uses {obj.api_version}, which {state}: {consequence}.",
                      ctx.evidence(obj, "apiVersion", f"apiVersion {obj.api_version}", obj.api_version),
                      f"use {replacement}")


def _volumes(obj) -> list[tuple[str, dict]]:
    if obj.kind == "PersistentVolume" and isinstance(obj.body.get("spec"), dict):
        return [("spec", obj.body["spec"])]
    prefix = pod_spec_path(obj.kind)
    if prefix is None:
        return []
    return [(f"{prefix}.volumes[{i}]", v) for i, v in enumerate(as_list(pod_spec(obj).get("volumes")))
            if isinstance(v, dict)]


def check_volumes(facts: Facts, ctx: Context) -> Iterator[Finding]:
    target = parse_version(ctx.kube_version)
    for obj in facts.objects:
        for path, vol in _volumes(obj):
            for plugin, (deprecated, removed, replacement) in IN_TREE_VOLUMES.items():
                if plugin not in vol or parse_version(deprecated) > target:
                    continue
                ref = f"{obj.kind}/{ctx.base_name(obj.name, obj.origin)}"
                gone = parse_version(removed) <= target
                state = (f"was removed in Kubernetes {removed}" if gone else
                         f"is deprecated since {deprecated} and removed in {removed}")
                consequence = ("the volume mounts only if the cluster has " + replacement if gone and
                               plugin != "glusterfs" else "pods using it fail to start" if gone else
                               "it stops working on upgrade unless CSI migration is set up")
                yield finding(ID, "warning" if plugin != "glusterfs" or not gone else "error", "storage", ref,
                              f"volume.{vol.get('name') or plugin}", plugin,
                              f"{ref} uses the in-tree {plugin} volume plugin, which {state}: {consequence}.",
                              ctx.evidence(obj, f"{path}.{plugin}", f"{plugin} volume"),
                              f"use a PersistentVolumeClaim backed by {replacement}")
