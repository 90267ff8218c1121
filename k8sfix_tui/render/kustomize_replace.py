"""kustomize `replacements:`: copy a field of one resource into fields of others.

Field paths are dot-separated (`spec.template.spec.containers.[name=app].image`, `spec.dnsNames.0`,
`*` for every element); `options.delimiter`/`index` pick or replace one part of a delimited
string; `options.create` creates missing target fields. Sources select exactly one resource by
group/version/kind/name/namespace (current or previous ids); targets select with anchored regular
expressions, label/annotation selectors, and `reject` lists.
"""

from __future__ import annotations

import copy
import re
from typing import Any, Callable

from ..errors import RenderError
from .kustomize_res import Res, ResId

__all__ = ["apply_replacements", "split_field_path"]


def split_field_path(path: str) -> list[str]:
    """Split on '.' except inside [...] (kustomize's SmarterPathSplitter)."""
    parts: list[str] = []
    cur = ""
    depth = 0
    for ch in path:
        if ch == "[":
            depth += 1
        elif ch == "]" and depth:
            depth -= 1
        if ch == "." and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    # `[a.b/c]` (no '=') is a map key containing dots.
    return [p[1:-1] if p.startswith("[") and p.endswith("]") and "=" not in p else p for p in parts if p != ""]


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def _match_element(item: Any, selector: str) -> bool:
    key, _, want = selector[1:-1].partition("=")
    if key == "":
        return not isinstance(item, (dict, list)) and _scalar_text(item) == want
    return isinstance(item, dict) and key in item and _scalar_text(item.get(key)) == want


def _lookup(node: Any, parts: list[str]) -> Any:
    for part in parts:
        if isinstance(node, dict):
            if part not in node:
                return None
            node = node[part]
        elif isinstance(node, list):
            if part.startswith("[") and part.endswith("]") and "=" in part:
                node = next((item for item in node if _match_element(item, part)), None)
            elif part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return None
        else:
            return None
        if node is None:
            return None
    return node


Slot = tuple[Any, Any]  # (container, key or index)


def _find_slots(node: Any, parts: list[str], create: bool, new_kind: type) -> list[Slot]:
    """Places (container, key) a target field path reaches; creates what is missing when asked."""
    if not parts:
        return []
    part, rest = parts[0], parts[1:]
    out: list[Slot] = []
    if isinstance(node, dict):
        keys = list(node.keys()) if part == "*" else [part]
        for key in keys:
            if key not in node:
                if not create:
                    continue
                node[key] = ({} if rest and not (rest[0].startswith("[") or rest[0].isdigit()) else []) if rest else None
            if not rest:
                out.append((node, key))
            else:
                if node[key] is None and create:
                    node[key] = {}
                out += _find_slots(node[key], rest, create, new_kind)
    elif isinstance(node, list):
        if part == "*":
            indexes = list(range(len(node)))
        elif part.startswith("[") and part.endswith("]") and "=" in part:
            indexes = [i for i, item in enumerate(node) if _match_element(item, part)]
            if not indexes and create:
                key, _, want = part[1:-1].partition("=")
                node.append({key: want} if key else want)
                indexes = [len(node) - 1]
        elif part.isdigit():
            idx = int(part)
            if idx < len(node):
                indexes = [idx]
            elif idx == len(node) and create:
                node.append({} if rest else None)
                indexes = [idx]
            else:
                indexes = []
        else:
            indexes = []
        for i in indexes:
            if not rest:
                out.append((node, i))
            else:
                out += _find_slots(node[i], rest, create, new_kind)
    return out


def _coerce_like(old: Any, value: Any) -> Any:
    """kustomize replaces a scalar's text but keeps the target's tag (its YAML type)."""
    if isinstance(value, (dict, list)) or old is None or isinstance(old, (dict, list)):
        return copy.deepcopy(value)
    text = _scalar_text(value)
    if isinstance(old, str):
        return text
    if isinstance(old, bool):
        return {"true": True, "false": False}.get(text, text)
    if isinstance(old, int):
        try:
            return int(text)
        except ValueError:
            return text
    if isinstance(old, float):
        try:
            return float(text)
        except ValueError:
            return text
    return copy.deepcopy(value)


def _options(raw: Any) -> tuple[str, int, bool]:
    if not isinstance(raw, dict):
        return "", 0, False
    delimiter = "" if raw.get("delimiter") is None else str(raw.get("delimiter"))
    try:
        index = int(str(raw.get("index") or 0))
    except ValueError:
        raise RenderError(f"options.index must be an integer, got {raw.get('index')!r}") from None
    return delimiter, index, str(raw.get("create")).lower() == "true"


def _selected_by(rid: ResId, sel: dict[str, Any]) -> bool:
    for key, have in (("group", rid.group), ("version", rid.version), ("kind", rid.kind), ("name", rid.name)):
        if sel.get(key) not in (None, "") and str(sel[key]) != have:
            return False
    ns = sel.get("namespace")
    return ns in (None, "") or str(ns) == rid.effective_namespace or str(ns) == rid.namespace


def _regex_selects(rid: ResId, sel: dict[str, Any]) -> bool:
    for key, have in (
        ("group", rid.group),
        ("version", rid.version),
        ("kind", rid.kind),
        ("name", rid.name),
        ("namespace", rid.effective_namespace),
    ):
        want = sel.get(key)
        if want in (None, ""):
            continue
        try:
            if not re.fullmatch(str(want), have) and not (key == "namespace" and re.fullmatch(str(want), rid.namespace)):
                return False
        except re.error as exc:
            raise RenderError(f"invalid regular expression in replacement target {key}: {exc}") from None
    return True


def apply_replacements(
    resources: list[Res],
    replacements: list[Any],
    selector_matches: Callable[[Res, dict[str, Any]], bool],
) -> None:
    """Apply `replacements` in order. `selector_matches(res, selector)` checks label/annotation
    selectors of a selector map."""
    for entry in replacements:
        if not isinstance(entry, dict):
            raise RenderError("each replacement must be a map with source and targets")
        source, targets = entry.get("source"), entry.get("targets")
        if (source is None and entry.get("sourceValue") is None) or not targets:
            raise RenderError("replacements must specify a source and at least one target")
        if entry.get("sourceValue") is not None:
            value: Any = entry["sourceValue"]
        else:
            value = _source_value(resources, source)
        if not isinstance(targets, list):
            raise RenderError("replacement targets must be a list")
        for target in targets:
            _apply_target(resources, value, target, selector_matches)


def _source_value(resources: list[Res], source: Any) -> Any:
    if not isinstance(source, dict):
        raise RenderError("replacement source must be a map")
    matches = [r for r in resources if any(_selected_by(i, source) for i in r.all_ids())]
    described = ", ".join(f"{k}={source[k]}" for k in ("group", "version", "kind", "name", "namespace") if source.get(k))
    if not matches:
        raise RenderError(f"replacement source selects nothing: {described}")
    if len(matches) > 1:
        raise RenderError(f"multiple matches for replacement source selector: {described}")
    field_path = str(source.get("fieldPath") or "metadata.name")
    value = _lookup(matches[0].obj, split_field_path(field_path))
    if value is None or value == {} or value == []:
        raise RenderError(f"fieldPath `{field_path}` is missing for replacement source {described}")
    delimiter, index, _ = _options(source.get("options"))
    if delimiter:
        if isinstance(value, (dict, list)):
            raise RenderError("delimiter option can only be used with scalar nodes")
        pieces = _scalar_text(value).split(delimiter)
        if index < 0 or index >= len(pieces):
            raise RenderError(f"options.index {index} is out of bounds for value {_scalar_text(value)}")
        value = pieces[index]
    return value


def _apply_target(resources: list[Res], value: Any, target: Any, selector_matches: Callable[[Res, dict[str, Any]], bool]) -> None:
    if not isinstance(target, dict) or not isinstance(target.get("select"), dict):
        raise RenderError("target must specify resources to select")
    select = target["select"]
    rejects = [r for r in (target.get("reject") or []) if isinstance(r, dict)]
    paths = target.get("fieldPaths") or ["metadata.name"]
    if isinstance(paths, str):
        paths = [paths]
    delimiter, index, create = _options(target.get("options"))
    for res in resources:
        if not selector_matches(res, select):
            continue
        ids = res.all_ids()
        if any(
            (r.get("labelSelector") or r.get("annotationSelector")) and selector_matches(res, r) for r in rejects
        ):
            continue
        if any(
            any(r.get(k) for k in ("group", "version", "kind", "name", "namespace")) and _regex_selects(i, r)
            for r in rejects
            for i in ids
        ):
            continue
        if not any(_regex_selects(i, select) for i in ids):
            continue
        for path in paths:
            slots = _find_slots(res.obj, split_field_path(str(path)), create, type(value))
            if not slots:
                verb = "find or create" if create else "find"
                raise RenderError(f"unable to {verb} field \"{path}\" in replacement target {res.cur_id()}")
            for container, key in slots:
                old = container[key]
                new = value
                if delimiter:
                    if isinstance(old, (dict, list)):
                        raise RenderError("delimiter option can only be used with scalar nodes")
                    pieces = _scalar_text(old).split(delimiter)
                    piece = _scalar_text(value)
                    if index < 0:
                        pieces = [piece] + pieces
                    elif index >= len(pieces):
                        pieces.append(piece)
                    else:
                        pieces[index] = piece
                    new = delimiter.join(pieces)
                container[key] = _coerce_like(old, new)
