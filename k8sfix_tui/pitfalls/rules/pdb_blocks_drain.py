"""pdb-blocks-drain: a PodDisruptionBudget that allows no voluntary disruption.

Wrong: `minAvailable: 2` for a Deployment with 2 replicas, `minAvailable: 100%` or
`maxUnavailable: 0` (`kubectl drain` and node upgrades hang forever).

Right: `minAvailable` below the replica count (or `maxUnavailable: 1`).
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, as_int, finding

ID = "pdb-blocks-drain"


def _hpa_minimums(ctx: Context) -> dict[tuple[str, str, str], int]:
    """(origin, kind, name) of each HPA target -> its minReplicas (the first HPA wins)."""
    out: dict[tuple[str, str, str], int] = {}
    for hpa in ctx.facts.hpas:
        if hpa.min_replicas is not None:
            out.setdefault((hpa.origin, hpa.target_kind, hpa.target_name), hpa.min_replicas)
    return out


def _replicas(ctx: Context, w, minimums: dict[tuple[str, str, str], int] | None = None) -> int:
    """The replica count the PDB faces at the lowest: an HPA's minReplicas, else spec.replicas (default 1)."""
    minimums = _hpa_minimums(ctx) if minimums is None else minimums
    found = minimums.get((w.origin, w.kind, w.name))
    if found is not None:
        return found
    return w.replicas if w.replicas is not None else 1


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    minimums = _hpa_minimums(ctx)
    for pdb in facts.pdbs:
        if pdb.obj is None:
            continue
        ref = f"PodDisruptionBudget/{ctx.base_name(pdb.name, pdb.origin)}"
        selected = [w for w in ctx.selected(pdb.origin, pdb.selector)
                    if w.kind in ("Deployment", "StatefulSet", "ReplicaSet", "ReplicationController")]
        mu, ma = pdb.max_unavailable, pdb.min_available
        reason = None
        if mu is not None and str(mu).strip() in ("0", "0%"):
            reason, path, val = "maxUnavailable is 0", "spec.maxUnavailable", mu
        elif ma is not None and str(ma).strip() == "100%":
            reason, path, val = "minAvailable is 100%", "spec.minAvailable", ma
        elif as_int(ma) is not None and selected:
            replicas = sum(_replicas(ctx, w, minimums) for w in selected)
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
