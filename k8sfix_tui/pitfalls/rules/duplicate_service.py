"""duplicate-service: two Service definitions with the same name and namespace in one deployment.

Wrong: `k8s/web-svc.yaml` and `k8s/web.yaml` both define `Service/web`; whichever is applied last
silently replaces the other.

Right: one definition per Service (same name in different namespaces or overlays is fine, and
identical copies, e.g. an all-in-one file beside the split files, are not reported).
"""

from __future__ import annotations

import json
import posixpath
from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, finding

ID = "duplicate-service"


def _essence(svc) -> tuple:
    body = svc.obj.body if svc.obj is not None else {}
    meta = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
    return tuple(json.dumps(v, sort_keys=True, default=str)
                 for v in (body.get("spec"), meta.get("labels"), meta.get("annotations")))


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    groups: dict[tuple[str, str, str, str], list] = {}
    for svc in facts.services:
        directory = posixpath.dirname(svc.source.path) if svc.origin == "manifests" else ""
        groups.setdefault((svc.origin, directory, svc.namespace or "", svc.name), []).append(svc)
    for (origin, _d, _ns, name), items in groups.items():
        places = {(s.source.path, s.source.line) for s in items}
        if len(items) < 2 or len(places) < 2:
            continue
        bodies = {repr(_essence(s)) for s in items}
        if len(bodies) < 2:
            continue  # identical copies (an all-in-one file beside the split files): apply order is harmless
        ref = f"Service/{ctx.base_name(name, origin)}"
        evidence = []
        for s in items:
            if s.obj is not None:
                evidence.extend(ctx.evidence(s.obj, "metadata.name", f"{ref} defined here"))
        yield finding(ID, "error", "exposure", ref, "name", name,
                      f"{ref} is defined {len(items)} times in {origin}: the last one applied replaces the others, "
                      "so ports and selectors depend on apply order.", evidence,
                      "keep one definition and delete the others")
