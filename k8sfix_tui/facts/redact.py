"""Secret redaction at load time: Secret `data`/`stringData` values never leave this module.

Every object k8sfix keeps (plain manifests, Kustomize and Helm output) passes through
`redact(body)` before it becomes a `K8sObject`. Keys survive; values become `REDACTED`.
"""

from __future__ import annotations

from typing import Any

REDACTED = "<redacted>"
_LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def redact(body: Any) -> Any:
    """Redact a Secret (or a List of objects holding Secrets) in place; return it."""
    if not isinstance(body, dict):
        return body
    kind = body.get("kind")
    if kind == "Secret":
        for key in ("data", "stringData"):
            values = body.get(key)
            if isinstance(values, dict):
                body[key] = {str(k): REDACTED for k in values}
            elif values is not None:
                body[key] = REDACTED
        meta = body.get("metadata")
        if isinstance(meta, dict) and isinstance(meta.get("annotations"), dict):
            if _LAST_APPLIED in meta["annotations"]:
                meta["annotations"][_LAST_APPLIED] = REDACTED
    elif isinstance(kind, str) and kind.endswith("List") and isinstance(body.get("items"), list):
        for item in body["items"]:
            redact(item)
    return body
