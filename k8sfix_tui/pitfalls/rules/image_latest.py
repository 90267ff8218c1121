"""image-latest / image-untagged: images pinned to `:latest` or to no tag at all.

Wrong: `image: ghcr.io/org/api:latest` or `image: nginx` (which tag runs depends on when each node
pulled; a rollback redeploys the same moving tag).

Right: an immutable tag (`:1.4.2`, a git SHA) or a digest (`@sha256:...`). Images that skaffold or
Tilt build (their artifacts) are not reported: those tools rewrite the reference at deploy time; nor
are images the repository loads into a local cluster itself (`kind load docker-image`, `minikube image
load`, `k3d image import`).
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from ...model import Evidence, Facts, Finding, K8sObject, split_image
from ..context import Context, containers, finding, subject
from ..images import built_images, loaded_images, normalize

ID = "image-latest"
REFERENCE = re.compile(r"[a-z0-9][a-z0-9._/:@-]*")
UNTAGGED = "image-untagged"


def _flatten(values: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(values, dict):
        for k, v in values.items():
            key = f"{prefix}.{k}" if prefix else str(k)
            yield key, v
            yield from _flatten(v, key)


def _values_tag(ctx: Context, obj: K8sObject, image: str) -> list[Evidence]:
    """The values key holding the `latest` tag of this image (chart objects)."""
    ch = ctx.chart_of(obj)
    if ch is None:
        return []
    flat = dict(_flatten(ch.values))
    name = split_image(image)[0]
    out = []
    for key, value in flat.items():
        if key.rsplit(".", 1)[-1] not in ("tag", "imageTag") or str(value) != "latest":
            continue
        parent = key.rpartition(".")[0]
        repo = flat.get(f"{parent}.repository") or flat.get(f"{parent}.name") or flat.get(f"{parent}.image")
        if isinstance(repo, str) and repo and not name.endswith(repo):
            continue
        if key in ch.values_lines:
            out.append(Evidence(f"{ch.path.rstrip('/')}/values.yaml", ch.values_lines[key],
                                f"{obj.origin}: values key {key}"))
    return out


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    retagged = {normalize(b.name) for b in built_images(facts) if b.retagged}
    local = loaded_images(facts)
    for w in facts.workloads:
        if w.obj is None:
            continue
        for path, c in containers(w.obj, include_init=True):
            image = c.get("image")
            if not isinstance(image, str) or not REFERENCE.fullmatch(image) or "@" in image:
                continue  # digests are immutable; `<image_url>`, `${IMAGE}` and templates are placeholders
            name, tag = split_image(image)
            if normalize(name) in retagged:
                continue  # skaffold/Tilt replace this reference with the image they just built
            if any(b.deploys_as(normalize(name)) for b in local):
                continue  # loaded into a local cluster by the repo's own commands: a local tag by design
            ref = subject(ctx, w.obj)
            cname = c.get("name")
            if tag == "latest":
                ev = _values_tag(ctx, w.obj, image) + ctx.evidence(w.obj, f"{path}.image", f"image {image}", "latest")
                yield finding(ID, "warning", "workloads", ref, f"{cname}.image", image,
                              f"{ref} container '{cname}' runs {image}: `latest` moves, so nodes run different "
                              "builds and a rollback redeploys the same moving tag.", ev,
                              f"pin {name} to a version tag or digest")
            elif tag is None:
                yield finding(UNTAGGED, "warning", "workloads", ref, f"{cname}.image", image,
                              f"{ref} container '{cname}' runs {image} with no tag, which means `latest`: the build "
                              "that runs is whatever each node pulled last.",
                              ctx.evidence(w.obj, f"{path}.image", f"image {image}"),
                              f"pin {name} to a version tag or digest")
