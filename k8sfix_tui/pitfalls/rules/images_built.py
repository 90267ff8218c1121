"""images-not-built / built-not-deployed: images the manifests deploy compared with the images the
repository builds (`docker build -t` in Makefiles/scripts, CI build-push steps).

Wrong: the chart deploys `ghcr.io/acme/api` while the Makefile builds `ghcr.io/acme/backend` (the
cluster pulls an image nobody builds: ImagePullBackOff, or a stale image).

Right: every image of the repository's own registry/org is built somewhere, and every built image
is deployed. Third-party images (another registry/org than any build) are never reported, nor is
anything when the repository builds no image.
"""

from __future__ import annotations

from typing import Iterator

from ...model import Evidence, Facts, Finding
from ..context import Context, finding
from ..images import built_images, canon, deployed_images

ID = "images-not-built"
BUILT_NOT_DEPLOYED = "built-not-deployed"


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    built = [b for b in built_images(facts) if b.resolved]
    if not built:
        return
    deployed = deployed_images(facts)
    prefixes = {b.prefix for b in built if b.prefix and "\x00" not in b.prefix}
    for name, users in sorted(deployed.items()):
        owned = canon(name).rpartition("/")[0] in prefixes
        if not owned or any(b.deploys_as(name) for b in built):
            continue
        w, c = users[0]
        refs = sorted({f"{u.kind}/{ctx.base_name(u.name, u.origin)}" for u, _ in users})
        evidence = []
        for u, cc in users:
            if u.obj is not None:
                evidence.extend(ctx.evidence(u.obj, "spec", f"image {cc.image}"))
        evidence.extend(Evidence(b.location.path, b.location.line, f"builds {b.text}") for b in built[:3])
        yield finding(ID, "warning", "automation", refs[0], "image", name,
                      f"{', '.join(refs)} deploy {name}, which no docker build in the repository produces: the cluster "
                      "pulls whatever is in the registry (stale or missing, ImagePullBackOff).", evidence,
                      f"build {name} in the Makefile/CI or deploy the image that is built")
    for b in built:
        if any(b.deploys_as(name) for name in deployed):
            continue
        shown = b.name.replace("\x00", "*")
        yield finding(BUILT_NOT_DEPLOYED, "info", "automation", f"Image/{shown}", "image", shown,
                      f"{b.location} builds {b.text}, which no manifest, overlay or chart deploys: the build is unused "
                      "or the deployment points at another image.",
                      [Evidence(b.location.path, b.location.line, f"builds {b.text}")],
                      "deploy the built image or drop the build")
