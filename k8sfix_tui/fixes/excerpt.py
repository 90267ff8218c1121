"""Trimmed YAML excerpts of real (rendered) objects for replacing a document's YAML snippets.

`excerpt(obj, shape=None) -> str` dumps the object's apiVersion, kind, metadata (name, namespace,
labels) and spec (status, managedFields and noisy annotations dropped). With `shape` (the dict the
document showed) the excerpt keeps only the keys the document showed, so a partial snippet stays
partial, but always with the real values; a field the Kubernetes schema requires of what the excerpt
shows (a port's `containerPort`, an Ingress path's `pathType`) is taken from the real object when the
document's shape dropped it, so the excerpt passes validate's k8s-schema check. Secret data never appears: Secret `data`/`stringData`
keep key names with `<redacted>` values, and literal env values of secret-looking names are dropped.
"""

from __future__ import annotations

import copy
from typing import Any

import yaml

from ..model import K8sObject
from .content import SECRETISH

REDACTED = "<redacted>"
_NOISY_ANNOTATIONS = ("kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision")


class _IndentedDumper(yaml.SafeDumper):
    """Indents sequences under their mapping key, as Kubernetes documentation does."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:  # noqa: D401
        return super().increase_indent(flow, False)


def dump(value: Any) -> str:
    return yaml.dump(value, Dumper=_IndentedDumper, sort_keys=False, default_flow_style=False,
                     allow_unicode=True, width=4096)


def _scrub(body: dict[str, Any]) -> dict[str, Any]:
    body = copy.deepcopy(body)
    body.pop("status", None)
    meta = body.get("metadata")
    if isinstance(meta, dict):
        for key in ("managedFields", "creationTimestamp", "uid", "resourceVersion", "generation", "selfLink"):
            meta.pop(key, None)
        ann = meta.get("annotations")
        if isinstance(ann, dict):
            for key in _NOISY_ANNOTATIONS:
                ann.pop(key, None)
            if not ann:
                meta.pop("annotations")
    if body.get("kind") == "Secret":
        for field in ("data", "stringData"):
            if isinstance(body.get(field), dict):
                body[field] = {k: REDACTED for k in body[field]}
    _scrub_env(body)
    return body


def _scrub_env(node: Any) -> None:
    if isinstance(node, dict):
        env = node.get("env")
        if isinstance(env, list):
            for item in env:
                if isinstance(item, dict) and "value" in item and SECRETISH.search(str(item.get("name", ""))):
                    item["value"] = REDACTED
        for value in node.values():
            _scrub_env(value)
    elif isinstance(node, list):
        for value in node:
            _scrub_env(value)


def _project(real: Any, shape: Any) -> Any:
    """Keep the parts of `real` that `shape` shows; lists of named items match by name, else by index."""
    if isinstance(real, dict) and isinstance(shape, dict):
        out = {}
        for key, sub in shape.items():
            if key in real:
                out[key] = _project(real[key], sub)
        return out
    if isinstance(real, list) and isinstance(shape, list):
        if shape and all(isinstance(s, dict) for s in shape) and all(isinstance(r, dict) for r in real):
            by_name = {s.get("name"): s for s in shape if "name" in s}
            out_list = []
            for i, item in enumerate(real):  # every real item, shaped like the one the document showed
                sub = by_name.get(item.get("name")) or (shape[i] if i < len(shape) else shape[0])
                out_list.append(_project(item, sub))
            return out_list
        return real
    return real


def excerpt(obj: K8sObject, shape: dict[str, Any] | None = None, source_comment: bool = True) -> str:
    """YAML text (ending in a newline) of `obj`, optionally limited to the keys of `shape`."""
    body = _scrub(obj.body)
    if isinstance(shape, dict) and shape:
        projected = _project(body, shape)
        for key in ("apiVersion", "kind"):
            if key in body:
                projected.setdefault(key, body[key])
        meta = projected.setdefault("metadata", {}) if isinstance(projected, dict) else None
        if isinstance(meta, dict) and isinstance(body.get("metadata"), dict):
            meta.setdefault("name", body["metadata"].get("name"))
        _add_required(projected, body)
        # keep key order of the real object
        body = _reorder(projected, body)
    text = dump(body)
    if source_comment:
        text = f"# Source: {obj.source.path}\n" + text
    return text


def _add_required(projected: dict[str, Any], real: dict[str, Any]) -> None:
    """Copy from `real` the required fields the schema check would report missing in `projected`."""
    from .schema import validate_object

    for _ in range(3):  # a copied mapping may itself lack required fields
        missing = [p.path for p in validate_object(projected, partial=True).problems if p.kind.startswith("required")]
        copied = False
        for path in missing:
            found, value = _lookup(real, path)
            parent_found, parent = _lookup(projected, path[:-1])
            if found and parent_found and isinstance(parent, dict) and path[-1] not in parent:
                parent[path[-1]] = copy.deepcopy(value)
                copied = True
        if not copied:
            return


def _lookup(node: Any, path: tuple[Any, ...]) -> tuple[bool, Any]:
    for part in path:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return False, None
    return True, node


def _reorder(value: Any, template: Any) -> Any:
    if isinstance(value, dict) and isinstance(template, dict):
        keys = [k for k in template if k in value] + [k for k in value if k not in template]
        return {k: _reorder(value[k], template.get(k)) for k in keys}
    if isinstance(value, list) and isinstance(template, list):
        return [_reorder(v, template[i] if i < len(template) else None) for i, v in enumerate(value)]
    return value


def find_object(objects: list[K8sObject], kind: str | None, name: str | None, path: str | None = None) -> K8sObject | None:
    """The object a snippet describes: same kind and name (or name suffix), else the only one of that kind in `path`."""
    if not (kind or name or path):
        return None
    cands = [o for o in objects if (not kind or o.kind == kind)]
    if name:
        exact = [o for o in cands if o.name == name]
        if not exact:
            exact = [o for o in cands if o.name.endswith("-" + name) or name.endswith("-" + o.name)]
        if exact:
            cands = exact
        elif path is None:
            return None
    if path:
        in_path = [o for o in cands if o.source.path == path]
        if in_path:
            cands = in_path
        elif not name:
            return None
    if not cands:
        return None
    # prefer plain manifests, then the first origin alphabetically (deterministic)
    cands.sort(key=lambda o: (o.origin != "manifests", o.origin, o.source.path, o.source.line))
    return cands[0]
