"""configMapGenerator / secretGenerator and kustomize's content-hash name suffix.

The suffix is computed exactly like kustomize's hasher: the JSON (Go `encoding/json`, keys
sorted, HTML characters escaped) of {kind, name (always "" in kustomize), data[, binaryData]} for a ConfigMap or
{kind, name, type, data[, stringData]} for a Secret, SHA-256, first ten hex digits with
0/1/3/a/e mapped to g/h/k/m/t. Secret values never reach logs or messages here.
"""

from __future__ import annotations

import base64
import hashlib
import json
import posixpath
import re
from typing import Any, Callable

from ..errors import RenderError
from .kustomize_res import Res

_ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
_CONFIG_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")


def go_json(value: Any) -> str:
    """Go's json.Marshal for maps/strings/lists: sorted keys, no spaces, <>& escaped."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace(
        "\u2028", "\\u2028"
    ).replace("\u2029", "\\u2029")


def _encode(hex_digest: str) -> str:
    table = {"0": "g", "1": "h", "3": "k", "a": "m", "e": "t"}
    return "".join(table.get(c, c) for c in hex_digest[:10])


def _str_map(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _scalar_text(v) for k, v in value.items()}
    if value is None:
        return ""
    return value


def _scalar_text(v: Any) -> Any:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if v is None:
        return None
    return v


def content_hash(obj: dict[str, Any]) -> str:
    """The 10-character suffix kustomize appends to a generated ConfigMap/Secret name."""
    kind = obj.get("kind")
    # kustomize looks the name up with a single-segment lookup of "metadata/name", which never
    # matches: the name that enters the hash is always empty.
    name = ""
    if kind == "ConfigMap":
        m: dict[str, Any] = {"kind": "ConfigMap", "name": name, "data": _str_map(obj.get("data"))}
        if isinstance(obj.get("binaryData"), dict):
            m["binaryData"] = _str_map(obj["binaryData"])
    elif kind == "Secret":
        m = {"kind": "Secret", "type": obj.get("type", ""), "name": name, "data": _str_map(obj.get("data"))}
        if m["type"] is None:
            m["type"] = ""
        if isinstance(obj.get("stringData"), dict):
            m["stringData"] = _str_map(obj["stringData"])
    else:
        m = obj
    return _encode(hashlib.sha256(go_json(m).encode("utf-8")).hexdigest())


# ------------------------------------------------------------------------------------------


class GeneratorContext:
    """How a generator reads files: `read(rel_path) -> bytes` confined to the repository."""

    def __init__(self, read: Callable[[str], bytes], where: str) -> None:
        self.read = read
        self.where = where


def _list(value: Any, what: str, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise RenderError(f"{what} must be a list", where)
    return ["" if v is None else str(v) for v in value]


def encode_base64(raw: bytes) -> str:
    """kustomize's encodeBase64: standard base64, cut into 70-character lines each ending in a
    newline once the encoding reaches 70 characters."""
    encoded = base64.b64encode(raw).decode("ascii")
    line_len = 70
    if len(encoded) // line_len + 1 <= 1:
        return encoded
    return "".join(encoded[i : i + line_len] + "\n" for i in range(0, len(encoded), line_len))


def _env_pairs(content: bytes, rel: str, where: str) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for number, raw in enumerate(content.split(b"\n")):
        raw = raw.rstrip(b"\r") if raw.endswith(b"\r") else raw
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise RenderError(f"env file {rel}: line {number + 1} is not valid UTF-8", where) from None
        if number == 0:
            line = line.lstrip("\ufeff")
        line = line.lstrip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not _ENV_NAME.match(key):
            raise RenderError(f"env file {rel}: line {number + 1}: {key!r} is not a valid variable name", where)
        pairs.append((key, value if sep else ""))
    return pairs


def _remove_quotes(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _pairs(args: dict[str, Any], ctx: GeneratorContext) -> list[tuple[str, bytes | str]]:
    where = ctx.where
    out: list[tuple[str, bytes | str]] = []
    envs = _list(args.get("envs"), "envs", where) + _list(args.get("env"), "env", where)
    for rel in envs:
        out.extend(_env_pairs(ctx.read(rel), rel, where))
    for literal in _list(args.get("literals"), "literals", where):
        if literal.startswith("=") or "=" not in literal:
            raise RenderError(f"invalid literal source {literal.split('=')[0]!r}..., expected key=value", where)
        key, _, value = literal.partition("=")
        out.append((key, _remove_quotes(value)))
    for source in _list(args.get("files"), "files", where):
        count = source.count("=")
        if count == 0:
            key, rel = posixpath.basename(source), source
        elif count == 1 and source.startswith("="):
            raise RenderError(f"missing key name for file path in source {source!r}", where)
        elif count == 1 and source.endswith("="):
            raise RenderError(f"missing file path for key name in source {source!r}", where)
        elif count > 1:
            raise RenderError(f"source {source!r} key name or file path contains '='", where)
        else:
            key, rel = source.split("=")
        out.append((key, ctx.read(rel)))
    return out


def _options(kust_opts: Any, own: Any) -> dict[str, Any]:
    merged: dict[str, Any] = {"labels": {}, "annotations": {}, "disableNameSuffixHash": False, "immutable": False}
    for opts in (kust_opts, own):
        if not isinstance(opts, dict):
            continue
        for key in ("labels", "annotations"):
            if isinstance(opts.get(key), dict):
                merged[key].update({str(k): "" if v is None else str(v) for k, v in opts[key].items()})
        for key in ("disableNameSuffixHash", "immutable"):
            if key in opts:
                merged[key] = str(opts[key]).lower() == "true"
    return merged


def generate(kind: str, args: Any, kust_options: Any, ctx: GeneratorContext) -> Res:
    """Build one ConfigMap (kind="ConfigMap") or Secret from a generator entry."""
    where = ctx.where
    if not isinstance(args, dict):
        raise RenderError(f"each {kind[0].lower() + kind[1:]}Generator entry must be a map", where)
    name = str(args.get("name") or "")
    if not name:
        raise RenderError(f"a {kind.lower()} generator entry has no name", where)
    behavior = str(args.get("behavior") or "create")
    if behavior not in ("create", "merge", "replace"):
        behavior = "create"  # kustomize treats an unknown behavior as unspecified (= create)
    meta: dict[str, Any] = {"name": name}
    if args.get("namespace"):
        meta["namespace"] = str(args["namespace"])
    obj: dict[str, Any] = {"apiVersion": "v1", "kind": kind, "metadata": meta}
    data: dict[str, str] = {}
    binary: dict[str, str] = {}
    seen: set[str] = set()
    for key, value in _pairs(args, ctx):
        if not _CONFIG_KEY.match(key):
            raise RenderError(f"{kind} {name}: {key!r} is not a valid key name", where)
        if key in seen:
            raise RenderError(f"{kind.lower()} {name} illegally repeats the key `{key}`", where)
        seen.add(key)
        raw = value.encode("utf-8") if isinstance(value, str) else value
        if kind == "Secret":
            data[key] = encode_base64(raw)
            continue
        try:
            data[key] = raw.decode("utf-8")
        except UnicodeDecodeError:
            binary[key] = encode_base64(raw)
    if kind == "Secret":
        obj["type"] = str(args.get("type") or "Opaque")
    if data or kind == "Secret":  # kustomize always creates a Secret's data map
        obj["data"] = data
    if binary:
        obj["binaryData"] = binary
    options = _options(kust_options, args.get("options"))
    if options["labels"]:
        meta["labels"] = dict(options["labels"])
    if options["annotations"]:
        meta["annotations"] = dict(options["annotations"])
    if options["immutable"]:
        obj["immutable"] = True
    return Res(obj=obj, needs_hash=not options["disableNameSuffixHash"], behavior=behavior, generated=True)


def absorb(resources: list[Res], new: Res, where: str) -> None:
    """Add a generated resource, or merge/replace an existing one by its behavior."""
    cur = new.cur_id()
    matches = [
        r
        for r in resources
        if any(
            i.kind == cur.kind and i.group == cur.group and i.name == cur.name
            and i.effective_namespace == cur.effective_namespace
            for i in r.all_ids()
        )
    ]
    if not matches:
        if new.behavior in ("merge", "replace"):
            raise RenderError(f"{cur} does not exist; cannot merge or replace", where)
        resources.append(new)
        return
    if len(matches) > 1:
        raise RenderError(f"found multiple objects that could accept merge of {cur}", where)
    old = matches[0]
    if new.behavior == "create":
        raise RenderError(f"{cur} exists; behavior must be merge or replace", where)
    labels = dict(old.labels())
    labels.update(new.labels())
    annotations = dict(old.annotations())
    annotations.update(new.annotations())
    obj = new.obj
    if new.behavior == "merge":
        for field in ("data", "binaryData"):
            merged = dict(old.obj.get(field) or {})
            merged.update(obj.get(field) or {})
            if merged:
                obj[field] = merged
    meta = obj.setdefault("metadata", {})
    meta["name"] = old.name
    if old.namespace:
        meta["namespace"] = old.namespace
    else:
        meta.pop("namespace", None)
    if labels:
        meta["labels"] = labels
    if annotations:
        meta["annotations"] = annotations
    new.needs_hash = old.needs_hash and new.needs_hash
    new.prev_ids = list(old.prev_ids)
    new.prefixes = list(old.prefixes)
    new.suffixes = list(old.suffixes)
    new.source = old.source
    new.behavior = "create"
    resources[resources.index(old)] = new


def add_hash_suffixes(resources: list[Res]) -> None:
    """Append the content hash to every generated resource that wants one (top level only)."""
    for res in resources:
        if res.needs_hash:
            suffix = content_hash(res.obj)
            res.store_previous_id()
            res.name = f"{res.name}-{suffix}"
            res.needs_hash = False


__all__ = ["GeneratorContext", "absorb", "add_hash_suffixes", "content_hash", "generate", "go_json"]
