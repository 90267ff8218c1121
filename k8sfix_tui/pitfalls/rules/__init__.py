"""Pitfall rules, one module per pitfall, registered explicitly in the order they run.

Each module has `ID`, a docstring that is its user documentation (a wrong and a right example) and
`check(facts, ctx) -> Iterator[Finding]` (`ctx` is `pitfalls.context.Context`).
"""

from __future__ import annotations

from . import (
    deprecated_api,
    duplicate_service,
    env_ref_missing,
    host_network,
    host_path,
    hpa_without_requests,
    image_latest,
    images_built,
    ingress_no_class,
    ingress_tls_secret_missing,
    missing_limits,
    missing_requests,
    nodeport_conflict,
    pdb_blocks_drain,
    plaintext_credential,
    privileged,
    probe_port_unexposed,
    pull_policy_never,
    pvc_no_storage_class,
    runs_as_root,
    rwx_access_mode,
    selector_matches_nothing,
    statefulset_no_vct,
    target_port_undefined,
)

RULES = (
    nodeport_conflict,
    duplicate_service,
    selector_matches_nothing,
    target_port_undefined,
    probe_port_unexposed,
    missing_requests,
    missing_limits,
    hpa_without_requests,
    pdb_blocks_drain,
    image_latest,
    pull_policy_never,
    images_built,
    privileged,
    host_path,
    host_network,
    runs_as_root,
    env_ref_missing,
    plaintext_credential,
    pvc_no_storage_class,
    rwx_access_mode,
    statefulset_no_vct,
    deprecated_api,
    ingress_no_class,
    ingress_tls_secret_missing,
)

# every pitfall name a rule can report (some modules report a pair)
NAMES = tuple(sorted({r.ID for r in RULES} | {image_latest.UNTAGGED, images_built.BUILT_NOT_DEPLOYED}))

# user documentation of every pitfall name (the rule module's docstring; pairs share one)
DOCS = {name: (next((r for r in RULES if r.ID == name), None) or
               (image_latest if name == image_latest.UNTAGGED else images_built)).__doc__ or "" for name in NAMES}

__all__ = ["RULES", "NAMES", "DOCS"]
