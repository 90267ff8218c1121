"""Facts collection: what a repository really deploys (manifests, overlays, charts, automation).

Public API: `collect(repo, *, kustomize_renderer="auto", progress=None) -> Facts` and
`facts_to_json(facts) -> dict`.
"""

from __future__ import annotations

from .collect import collect
from .serialize import facts_to_json
from .views import build_views

__all__ = ["collect", "facts_to_json", "build_views"]
