"""Remote `$ref`s to Kubernetes JSON schemas (kubernetesjsonschema.dev, yannh/instrumenta
kubernetes-json-schema, kubernetes.io ids) answered from kubernetes-validate's bundled copy: the
same definitions, no network."""

from __future__ import annotations

import json
import re
import urllib.parse
from decimal import Decimal
from typing import Any


class BundledKubernetes:
    """Answers one schema file's Kubernetes `$ref`s; the bundled version is chosen once per file,
    from the first versioned URL (the newest bundled one when the URL names none)."""

    def __init__(self) -> None:
        self.k8s_dir: str | None = None

    def lookup(self, url: str) -> Any:
        """The bundled document for a Kubernetes schema URL; None for any other URL."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return None
        host, path = parts.netloc.lower(), parts.path
        if not ("kubernetesjsonschema" in host or host.endswith("kubernetes.io") or "kubernetes-json-schema" in path):
            return None
        if self.k8s_dir is None:
            m = re.search(r"/v?1\.(\d+)\.\d+", path)
            self.k8s_dir = _kubernetes_dir(int(m.group(1)) if m else None, "strict" in path)
        if self.k8s_dir is None:
            return None
        name = path.rstrip("/").rsplit("/", 1)[-1]
        if host.endswith("kubernetes.io") and not name.endswith(".json"):
            segs = [x for x in path.split("/") if x]  # /api/affinity/v1 -> affinity-v1.json
            name = "-".join(segs[1:]) + ".json" if len(segs) >= 2 else name
        return _read_bundled(self.k8s_dir, name)


def _kubernetes_dir(minor: int | None, strict: bool) -> str | None:
    try:
        import importlib.resources as resources

        base = resources.files("kubernetes_validate") / "kubernetes-json-schema"
        names = sorted(p.name for p in base.iterdir() if p.name.startswith("v1."))
    except (ImportError, ModuleNotFoundError, OSError, TypeError):
        return None
    suffix = "-local-strict" if strict else "-local"
    versions = sorted(int(n.split(".")[1]) for n in names if n.endswith(suffix) and n.count(".") >= 2)
    if not versions:
        return None
    pick = versions[-1] if minor is None else min(versions, key=lambda v: (abs(v - minor), -v))
    return str(base / f"v1.{pick}.0{suffix}")


_BUNDLED: dict[tuple[str, str], Any] = {}


def _read_bundled(directory: str, name: str) -> Any:
    if "/" in name or "\\" in name or not name.endswith(".json"):
        return None
    key = (directory, name)
    if key not in _BUNDLED:
        try:
            with open(f"{directory}/{name}", encoding="utf-8") as fh:
                _BUNDLED[key] = json.load(fh, parse_float=Decimal)
        except (OSError, ValueError):
            _BUNDLED[key] = None
        if len(_BUNDLED) > 32:
            _BUNDLED.pop(next(iter(_BUNDLED)))
    return _BUNDLED[key]

