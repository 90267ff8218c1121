"""Strategic merge patches and JSON 6902 patches, as kustomize (kyaml merge2) applies them.

Strategic merge: maps merge key by key; `null` deletes a field; a list is merged element by
element only when the Kubernetes OpenAPI schema gives it the `merge` patch strategy
(`kustomize_schema`: containers by name, ports by containerPort/protocol, env by name, volumes by
name, finalizers as a set, ...), in kyaml's order and with its quirks (`kustomize_assoc`); every
other list is replaced, and so are all lists of kinds the schema does not know (custom resources,
unless a kustomization's `openapi:` file describes them). Directives: `$patch: delete|replace|merge`
on maps and list elements, `{$patch: replace}` / `{$patch: delete}` as a list element. kyaml knows
no other directive: `$setElementOrder/<list>`, `$retainKeys`, `$deleteFromPrimitiveList/<list>` are
kept as ordinary fields and the `retainKeys` strategy is ignored, exactly as `kubectl kustomize`
does (unlike `kubectl patch`/the API server).
"""
from __future__ import annotations

import copy
from typing import Any

from ..errors import RenderError
from .kustomize_assoc import merge_associative
from .kustomize_schema import SCHEMA_UNAVAILABLE, PatchSchema, list_merge_keys

__all__ = ["strategic_merge", "apply_json6902", "merge_keys", "DELETE"]


class _Delete:
    """Sentinel: the merge removed the value."""

    def __repr__(self) -> str:
        return "DELETE"


DELETE = _Delete()

_POD_SPEC_PATHS: dict[str, tuple[str, ...]] = {
    "Deployment": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "ReplicationController": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
    "Pod": ("spec",),
    "PodTemplate": ("template", "spec"),
}
_POD_LISTS: dict[tuple[str, ...], list[str]] = {
    ("containers",): ["name"],
    ("initContainers",): ["name"],
    ("ephemeralContainers",): ["name"],
    ("volumes",): ["name"],
    ("imagePullSecrets",): ["name"],
    ("hostAliases",): ["ip"],
    ("topologySpreadConstraints",): ["topologyKey", "whenUnsatisfiable"],
    ("resourceClaims",): ["name"],
    ("schedulingGates",): ["name"],
}
_CONTAINER_LISTS: dict[str, list[str]] = {
    "ports": ["containerPort", "protocol"],
    "env": ["name"],
    "volumeMounts": ["mountPath"],
    "volumeDevices": ["devicePath"],
}
_KIND_LISTS: dict[str, dict[tuple[str, ...], list[str]]] = {
    "Service": {("spec", "ports"): ["port", "protocol"]},
    "ServiceAccount": {("secrets",): ["name"]},
    "MutatingWebhookConfiguration": {("webhooks",): ["name"]},
    "ValidatingWebhookConfiguration": {("webhooks",): ["name"]},
}
_BUILTIN_GROUPS = {
    "", "apps", "batch", "extensions", "policy", "autoscaling", "networking.k8s.io", "rbac.authorization.k8s.io",
    "storage.k8s.io", "scheduling.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "node.k8s.io",
    "certificates.k8s.io", "admissionregistration.k8s.io", "apiextensions.k8s.io", "apiregistration.k8s.io",
    "events.k8s.io", "flowcontrol.apiserver.k8s.io",
}


def is_builtin(api_version: str) -> bool:
    """True when kyaml's built-in schema knows the group (so merge keys apply)."""
    group = api_version.rpartition("/")[0] if "/" in api_version else ""
    return group in _BUILTIN_GROUPS


def merge_keys(
    kind: str, api_version: str, path: tuple[str, ...], schema: PatchSchema | None = None
) -> list[str] | None:
    """Merge keys of the list at `path` (map keys only, list positions elided), [] for a merged list
    of scalars, or None when the list is replaced as a whole. From the Kubernetes OpenAPI schema
    (`kustomize_schema`), as kustomize does, or from `schema` (a kustomization's `openapi:` file,
    which replaces the built-in one); the hand table below only when no schema loads."""
    if schema is not None:
        return schema.list_merge_keys(kind, api_version, path)
    keys = list_merge_keys(kind, api_version, path)
    if keys is not SCHEMA_UNAVAILABLE:
        return None if keys is None else list(keys)
    return hand_merge_keys(kind, api_version, path)


def hand_merge_keys(kind: str, api_version: str, path: tuple[str, ...]) -> list[str] | None:
    """The fallback table: merge keys of the common built-in lists (pod specs, Service ports, ...)."""
    if not is_builtin(api_version):
        return None
    if path in (("metadata", "finalizers"), ("spec", "template", "metadata", "finalizers")):
        return []
    if path[-1:] == ("ownerReferences",) and path[-2:-1] == ("metadata",):
        return ["uid"]
    kind_lists = _KIND_LISTS.get(kind)
    if kind_lists and path in kind_lists:
        return kind_lists[path]
    prefix = _POD_SPEC_PATHS.get(kind)
    if prefix is None or path[: len(prefix)] != prefix:
        return None
    rel = path[len(prefix) :]
    if rel in _POD_LISTS:
        return _POD_LISTS[rel]
    if len(rel) == 2 and rel[0] in ("containers", "initContainers", "ephemeralContainers"):
        return _CONTAINER_LISTS.get(rel[1])
    return None


def _directive(value: Any) -> str | None:
    if isinstance(value, dict):
        d = value.get("$patch")
        if d is not None:
            if d not in ("delete", "replace", "merge"):
                raise RenderError(f"unknown patch directive $patch: {d}")
            return str(d)
    return None


def _strip(value: Any) -> Any:
    """A copy without `$patch` directives. kyaml knows no other directive: `$setElementOrder/...`,
    `$retainKeys` and `$deleteFromPrimitiveList/...` are ordinary fields to it (kept in the output)."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k != "$patch"}
    if isinstance(value, list):
        return [_strip(v) for v in value if not (isinstance(v, dict) and set(v) == {"$patch"})]
    return copy.deepcopy(value)


def _key_str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Merger:
    def __init__(
        self,
        kind: str,
        api_version: str,
        keep_nulls: set[tuple[str, ...]] | None = None,
        schema: PatchSchema | None = None,
    ) -> None:
        self.kind = kind
        self.api_version = api_version
        self.keep_nulls = keep_nulls or set()
        self.schema = schema

    def keys(self, path: tuple[str, ...]) -> list[str] | None:
        return merge_keys(self.kind, self.api_version, path, self.schema)

    def _kept(self, value: Any, path: tuple[str, ...]) -> bool:
        return value is not None or path in self.keep_nulls

    def merge(self, dest: Any, patch: Any, path: tuple[str, ...]) -> Any:
        if patch is None:
            return DELETE
        if isinstance(patch, dict):
            directive = _directive(patch)
            if directive == "delete":
                return DELETE
            if not isinstance(dest, dict) or directive == "replace":
                return self.fresh(patch, path)
            return self.merge_map(dest, patch, path)
        if isinstance(patch, list):
            return self.merge_list(dest, patch, path)
        return copy.deepcopy(patch)

    def fresh(self, patch: dict, path: tuple[str, ...]) -> dict:
        """A map the patch puts where the target has none (or replaces with `$patch: replace`):
        kyaml walks it against itself, which applies nested directives, drops null fields and
        dedupes merged lists."""
        body = {k: v for k, v in patch.items() if k != "$patch"}
        return self.merge_map(_strip(body), body, path)

    def clean(self, value: Any, path: tuple[str, ...]) -> Any:
        """kyaml's merge walk drops null map fields everywhere it walks: maps and the elements of
        merge-keyed lists (not lists replaced as a whole)."""
        if isinstance(value, dict):
            return {
                k: self.clean(v, path + (str(k),)) for k, v in value.items() if self._kept(v, path + (str(k),))
            }
        if isinstance(value, list):
            keys = self.keys(path)
            if keys:
                # kyaml walks the target's merged lists even where the patch says nothing
                return merge_associative(
                    value, [], keys, lambda t, _p: None if t is None else self.clean(copy.deepcopy(t), path)
                )
            if keys == []:
                return self._merge_scalars(value, [])
        return value

    def merge_map(self, dest: dict, patch: dict, path: tuple[str, ...]) -> dict:
        # fields the patch names are merged (and cleaned) by the merge itself: cleaning them first
        # would dedupe a target list before its patch is laid over it, which kyaml does not do
        out = {
            k: (v if k in patch else self.clean(v, path + (str(k),)))
            for k, v in dest.items()
            if self._kept(v, path + (str(k),))
        }
        for key, pval in patch.items():
            if key == "$patch":
                continue
            sub = path + (str(key),)
            if key in out:
                merged = self.merge(out[key], pval, sub)
            elif pval is None:
                merged = DELETE
            else:
                merged = self.merge(None, pval, sub)
            if merged is DELETE:
                out.pop(key, None)
            else:
                out[key] = merged
        return out

    def merge_list(self, dest: Any, patch: list, path: tuple[str, ...]) -> Any:
        keys = self.keys(path)
        if keys is None:
            # replaced as a whole, verbatim: kyaml does not walk into it (`$patch` keys and nulls stay)
            return copy.deepcopy(patch)
        if not isinstance(dest, list):
            # a new merged list: kyaml walks it against itself (no list-level directive applies)
            fresh = [p for p in patch if not (isinstance(p, dict) and set(p) == {"$patch"})]
            if not keys:
                return self._merge_scalars([], fresh)
            return self._merge_associative(_strip(fresh), fresh, keys, path)
        directives = [p for p in patch if isinstance(p, dict) and set(p) == {"$patch"}]
        items = [p for p in patch if not (isinstance(p, dict) and set(p) == {"$patch"})]
        for d in directives:
            kind = _directive(d)
            if kind == "delete":
                return DELETE
            if kind == "replace":
                # the patch's list, walked against itself as a new one (nested directives apply)
                return self.merge_list(None, items, path)
        if not keys:
            return self._merge_scalars(dest, items)
        return self._merge_associative(dest, items, keys, path)

    @staticmethod
    def _merge_scalars(dest: list, items: list) -> list:
        out: list[Any] = []
        seen: set[str] = set()
        for value in list(items) + list(dest):
            key = _key_str(value) if not isinstance(value, (dict, list)) else repr(value)
            if key in seen:
                continue
            seen.add(key)
            out.append(copy.deepcopy(value))
        return out

    def _merge_associative(self, dest: list, items: list, keys: list[str], path: tuple[str, ...]) -> list:
        def walk(target: Any, patch: Any) -> Any:
            if patch is None:
                return self.clean(copy.deepcopy(target), path)
            if target is None:
                if not isinstance(patch, dict):
                    return copy.deepcopy(patch)
                if _directive(patch) == "delete":
                    return None
                return self.fresh(patch, path)
            merged = self.merge(target, patch, path)
            return None if merged is DELETE else merged

        return merge_associative(dest, items, keys, walk)


def strategic_merge(
    target: dict,
    patch: dict,
    keep_nulls: set[tuple[str, ...]] | None = None,
    schema: PatchSchema | None = None,
) -> dict | None:
    """Apply a strategic merge patch to one object; None when the patch deletes the object.
    `keep_nulls`: field paths of the target holding an explicit `null` (kept, as kyaml does);
    `schema`: a custom OpenAPI schema in place of the built-in one (kustomization `openapi:`)."""
    directive = _directive(patch)
    if directive == "delete":
        return None
    if directive == "replace":
        return _strip(patch)
    merger = _Merger(str(target.get("kind", "")), str(target.get("apiVersion", "")), keep_nulls, schema)
    return merger.merge_map(target, patch, ())


# ------------------------------------------------------------------------------------------
# JSON 6902
# ------------------------------------------------------------------------------------------


def _pointer(path: Any) -> list[str]:
    if not isinstance(path, str):
        raise RenderError(f"JSON patch path must be a string, got {path!r}")
    if path == "":
        return []
    if not path.startswith("/"):
        raise RenderError(f"JSON patch path {path!r} must start with '/'")
    return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]


def _index(container: list, token: str, path: str, allow_end: bool) -> int:
    if token == "-" and allow_end:
        return len(container)
    if not token.isdigit() or (len(token) > 1 and token.startswith("0")):
        raise RenderError(f"JSON patch path {path!r}: {token!r} is not a list index")
    idx = int(token)
    limit = len(container) if allow_end else len(container) - 1
    if idx > limit:
        raise RenderError(f"JSON patch path {path!r}: index {idx} out of range")
    return idx


def _parent(doc: Any, tokens: list[str], path: str) -> Any:
    node = doc
    for token in tokens[:-1]:
        if isinstance(node, dict):
            if token not in node:
                raise RenderError(f"JSON patch path {path!r} does not exist in the target")
            node = node[token]
        elif isinstance(node, list):
            node = node[_index(node, token, path, False)]
        else:
            raise RenderError(f"JSON patch path {path!r} does not exist in the target")
    return node


def _get(doc: Any, path: str) -> Any:
    tokens = _pointer(path)
    if not tokens:
        return doc
    parent = _parent(doc, tokens, path)
    last = tokens[-1]
    if isinstance(parent, dict):
        if last not in parent:
            raise RenderError(f"JSON patch path {path!r} does not exist in the target")
        return parent[last]
    if isinstance(parent, list):
        return parent[_index(parent, last, path, False)]
    raise RenderError(f"JSON patch path {path!r} does not exist in the target")


def _remove(doc: Any, path: str) -> Any:
    tokens = _pointer(path)
    if not tokens:
        raise RenderError("JSON patch cannot remove the whole object")
    parent = _parent(doc, tokens, path)
    last = tokens[-1]
    if isinstance(parent, dict):
        if last not in parent:
            raise RenderError(f"JSON patch remove: path {path!r} does not exist in the target")
        return parent.pop(last)
    if isinstance(parent, list):
        return parent.pop(_index(parent, last, path, False))
    raise RenderError(f"JSON patch remove: path {path!r} does not exist in the target")


def _add(doc: Any, path: str, value: Any, replace: bool = False) -> Any:
    tokens = _pointer(path)
    if not tokens:
        return value
    parent = _parent(doc, tokens, path)
    last = tokens[-1]
    if isinstance(parent, dict):
        # evanphx/json-patch v4 (kustomize's) lets `replace` set a missing map key.
        parent[last] = value
    elif isinstance(parent, list):
        if replace:
            parent[_index(parent, last, path, False)] = value
        else:
            parent.insert(_index(parent, last, path, True), value)
    else:
        raise RenderError(f"JSON patch path {path!r} does not exist in the target")
    return doc


def apply_json6902(target: dict, operations: Any) -> dict:
    """Apply RFC 6902 operations (a list of {op, path, value|from}) to a copy of `target`."""
    if not isinstance(operations, list):
        raise RenderError("a JSON 6902 patch must be a list of operations")
    doc: Any = copy.deepcopy(target)
    for op in operations:
        if not isinstance(op, dict) or "op" not in op or "path" not in op:
            raise RenderError(f"invalid JSON patch operation {op!r}: needs 'op' and 'path'")
        name, path = op["op"], op["path"]
        if name in ("add", "replace"):
            if "value" not in op:
                raise RenderError(f"JSON patch {name} at {path!r} has no 'value'")
            doc = _add(doc, path, copy.deepcopy(op["value"]), replace=(name == "replace"))
        elif name == "remove":
            _remove(doc, path)
        elif name in ("move", "copy"):
            if "from" not in op:
                raise RenderError(f"JSON patch {name} to {path!r} has no 'from'")
            value = _remove(doc, op["from"]) if name == "move" else copy.deepcopy(_get(doc, op["from"]))
            doc = _add(doc, path, value)
        elif name == "test":
            if _get(doc, path) != op.get("value"):
                raise RenderError(f"JSON patch test failed at {path!r}")
        else:
            raise RenderError(f"unknown JSON patch operation {name!r}")
    if not isinstance(doc, dict):
        raise RenderError("JSON patch turned the object into a non-object")
    return doc
