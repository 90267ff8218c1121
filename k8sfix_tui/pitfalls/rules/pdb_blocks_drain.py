"""pdb-blocks-drain: a PodDisruptionBudget that allows no voluntary disruption.

Wrong: `minAvailable: 2` for a Deployment with 2 replicas, `minAvailable: 100%` or
`maxUnavailable: 0` (`kubectl drain` and node upgrades hang forever).

Right: `minAvailable` below the replica count (or `maxUnavailable: 1`).
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, as_int, finding, matches

ID = "pdb-blocks-drain"


def _replicas(ctx: Context, w) -> int:
    """The replica count the PDB faces at the lowest: an HPA's minReplicas, else spec.replicas (default 1)."""
    for hpa in ctx.facts.hpas:
        if hpa.origin == w.origin and hpa.target_kind == w.kind and hpa.target_name == w.name \
                and hpa.min_replicas is not None:
            return hpa.min_replicas
    return w.replicas if w.replicas is not None else 1


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for pdb in facts.pdbs:
        if pdb.obj is None:
            continue
        ref = f"PodDisruptionBudget/{ctx.base_name(pdb.name, pdb.origin)}"
        selected = [w for w in ctx.workloads_in(pdb.origin) if matches(pdb.selector, w.pod_labels)
                    and w.kind in ("Deployment", "StatefulSet", "ReplicaSet", "ReplicationController")]
        mu, ma = pdb.max_unavailable, pdb.min_available
        reason = None
        if mu is not None and str(mu).strip() in ("0", "0%"):
            reason, path, val = "maxUnavailable is 0", "spec.maxUnavailable", mu
        elif ma is not None and str(ma).strip() == "100%":
            reason, path, val = "minAvailable is 100%", "spec.minAvailable", ma
        elif as_int(ma) is not None and selected:
            replicas = sum(_replicas(ctx, w) for w in selected)
            if as_int(ma) >= replicas:
                reason, path, val = (f"minAvailable {ma} >= {replicas} replica(s) of "
                                     f"{', '.join(sorted(f'{w.kind}/{ctx.base_name(w.name, w.origin)}' for w in selected))}",
                                     "spec.minAvailable", ma)
        if reason is None:
            continue
        yield finding(ID, "warning", "autoscaling", ref, path.rsplit(".", 1)[-1], val,
                      f"{ref}: {reason}, so no pod may ever be evicted: `kubectl drain` and node upgrades block.",
                      ctx.evidence(pdb.obj, path, reason),
                      "lower minAvailable below the replica count or set maxUnavailable: 1")
