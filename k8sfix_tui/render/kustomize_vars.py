"""Legacy kustomize `vars`: `$(NAME)` in var-reference fields is replaced by a field of the
object the var names (its final value: prefixes, namespaces and hash suffixes included)."""

from __future__ import annotations

import re
from typing import Any

from ..errors import RenderError
from .kustomize_config import FieldSpec
from .kustomize_res import Res, split_api_version
from .kustomize_transform import selects, split_path, walk_path

_PROVIDERS = [
    ("Deployment", "spec/template"), ("ReplicaSet", "spec/template"), ("DaemonSet", "spec/template"),
    ("StatefulSet", "spec/template"), ("Job", "spec/template"), ("CronJob", "spec/jobTemplate/spec/template"),
    ("Pod", ""),
]


def _default_var_references() -> list[FieldSpec]:
    out: list[FieldSpec] = []
    for kind, template in _PROVIDERS:
        base = f"{template}/spec" if template else "spec"
        for box in ("containers", "initContainers"):
            for leaf in ("args", "command", "env/value", "volumeMounts/mountPath"):
                out.append(FieldSpec(f"{base}/{box}/{leaf}", kind))
        vol = "spec/jobTemplate/spec/template/volumes/nfs/server" if kind == "CronJob" else f"{base}/volumes/nfs/server"
        out.append(FieldSpec(vol, kind))
    out += [
        FieldSpec("spec/template/metadata/annotations", "Deployment"),
        FieldSpec("spec/rules/host", "Ingress"),
        FieldSpec("spec/tls/hosts", "Ingress"),
        FieldSpec("spec/tls/secretName", "Ingress"),
        FieldSpec("spec/ports/port", "Service"),
        FieldSpec("spec/ports/targetPort", "Service"),
        FieldSpec("spec/volumeClaimTemplates/spec/nfs/server", "StatefulSet"),
        FieldSpec("spec/nfs/server", "PersistentVolume"),
        FieldSpec("metadata/labels"),
        FieldSpec("metadata/annotations"),
    ]
    return out


DEFAULT_VAR_REFERENCES = _default_var_references()


def parse_vars(raw: list[Any], where: str) -> list[dict[str, Any]]:
    """Normalise `vars:` entries to {name, kind, group, version, objname, namespace, fieldPath}."""
    out: list[dict[str, Any]] = []
    for entry in raw:
        if not isinstance(entry, dict) or not entry.get("name") or not isinstance(entry.get("objref"), dict):
            raise RenderError("each var needs a name and an objref", where)
        objref = entry["objref"]
        group, version = split_api_version(str(objref.get("apiVersion") or ""))
        if objref.get("group"):
            group = str(objref["group"])
        if objref.get("version"):
            version = str(objref["version"])
        fieldref = entry.get("fieldref") if isinstance(entry.get("fieldref"), dict) else {}
        out.append(
            {
                "name": str(entry["name"]),
                "kind": str(objref.get("kind") or ""),
                "group": group,
                "version": version,
                "objname": str(objref.get("name") or ""),
                "namespace": str(objref.get("namespace") or ""),
                "fieldPath": str(fieldref.get("fieldPath") or "metadata.name"),
            }
        )
    return out


def bind_vars(resources: list[Res], variables: list[dict[str, Any]], where: str) -> None:
    """Attach each var to the one resource its objref names (as kustomize's MergeVars does)."""
    for var in variables:
        matched = []
        for res in resources:
            for rid in res.all_ids():
                if rid.kind != var["kind"] or rid.name != var["objname"]:
                    continue
                if var["group"] and rid.group != var["group"]:
                    continue
                if var["version"] and rid.version != var["version"]:
                    continue
                if var["namespace"] and rid.effective_namespace != var["namespace"]:
                    continue
                matched.append(res)
                break
        if len(matched) > 1:
            raise RenderError(f"found {len(matched)} resId matches for var {var['name']} (unable to disambiguate)", where)
        if matched:
            matched[0].ref_vars.append(var["name"])


def _field_value(obj: Any, path: str) -> Any:
    node = obj
    for part in re.findall(r"[^.\[\]]+|\[[^\]]*\]", path):
        if part.startswith("["):
            part = part[1:-1]
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


_VAR = re.compile(r"\$\$|\$\(([^)]*)\)")


def _expand(text: str, values: dict[str, Any], used: set[str]) -> Any:
    whole = re.fullmatch(r"\$\(([^)]*)\)", text)
    if whole and whole.group(1) in values:
        used.add(whole.group(1))
        return values[whole.group(1)]

    def repl(m: re.Match[str]) -> str:
        if m.group(0) == "$$":
            return "$"
        name = m.group(1)
        if name in values:
            used.add(name)
            value = values[name]
            return "true" if value is True else "false" if value is False else str(value)
        return m.group(0)

    return _VAR.sub(repl, text)


def resolve_vars(
    resources: list[Res], variables: list[dict[str, Any]], specs: list[FieldSpec], where: str
) -> list[str]:
    """Replace `$(VAR)` in var-reference fields; returns the names of vars never used."""
    values: dict[str, Any] = {}
    for var in variables:
        owner = next((r for r in resources if var["name"] in r.ref_vars), None)
        if owner is None:
            raise RenderError(f"var '{var['name']}' cannot be mapped to a field in the set of known resources", where)
        value = _field_value(owner.obj, var["fieldPath"])
        if value is None or isinstance(value, (dict, list)):
            raise RenderError(f"field specified in var '{var['name']}' not found in corresponding resource", where)
        values[var["name"]] = value
    if not values:
        return []
    used: set[str] = set()

    def setter(parent: dict, key: str) -> None:
        value = parent.get(key)
        if isinstance(value, str):
            parent[key] = _expand(value, values, used)
        elif isinstance(value, list):
            parent[key] = [_expand(v, values, used) if isinstance(v, str) else v for v in value]
        elif isinstance(value, dict):
            for k, v in list(value.items()):
                if isinstance(v, str):
                    expanded = _expand(v, values, used)
                    value[k] = expanded if isinstance(expanded, str) else str(expanded)

    for res in resources:
        for fs in specs:
            if selects(fs, res):
                walk_path(res.obj, split_path(fs.path), False, setter)
    return sorted(set(values) - used)
