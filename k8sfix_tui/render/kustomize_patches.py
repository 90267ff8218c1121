"""Patches for the embedded Kustomize renderer: patchesStrategicMerge, patches (strategic merge
or JSON 6902, inline or file, with target selectors) and patchesJson6902, as a mixin of Builder."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..errors import RenderError
from .kustomize_merge import apply_json6902, strategic_merge
from .kustomize_res import Res, split_api_version
from .kustomize_schema import BUILTIN_OPENAPI_VERSION, PatchSchema, custom_schema
from .kustomize_yaml import parse_documents

if TYPE_CHECKING:
    from .kustomize_build import _Kust


class PatchMixin:
    """Patch handling, mixed into `kustomize_build.Builder`, whose `read_file_bytes(kust, ref, what)`,
    `rel(path)`, `warnings` and `remote_skipped` it uses."""

    warnings: list[str]
    remote_skipped: bool
    # kustomize's OpenAPI schema is global and set once: by the top kustomization's `openapi:`,
    # else by the first kustomization loaded with one; a custom file replaces the built-in schema
    _patch_schema: PatchSchema | None = None
    _patch_schema_set: bool = False

    def note_openapi(self, kust: _Kust) -> None:
        """Record a just-loaded kustomization's `openapi:` field (`version:` of a built-in schema,
        or `path:` of a custom one), as kustomize's openapi.SetSchema does."""
        if self._patch_schema_set:
            return
        spec = kust.get_map("openapi")
        version, path = spec.get("version"), spec.get("path")
        if version and path:
            raise RenderError("builtin version and custom schema provided, cannot use both", kust.loc("openapi:"))
        if path:
            content, resolved = self.read_file_bytes(kust, str(path), "openapi schema")
            where = self.rel(resolved)
            try:
                text = content.decode("utf-8")
            except UnicodeDecodeError:
                raise RenderError("openapi schema is not UTF-8 text", where) from None
            self._patch_schema = custom_schema(text, where)
            self._patch_schema_set = True
        elif version:
            if str(version) != BUILTIN_OPENAPI_VERSION:
                raise RenderError(
                    f"the specified OpenAPI version {version} is not built in (only {BUILTIN_OPENAPI_VERSION})",
                    kust.loc(str(version)),
                )
            self._patch_schema_set = True

    def _patch_docs(self, kust: _Kust, text: str, where: str) -> list[Any]:
        """Parse patch YAML. `where` is `file` or `file:line` (an inline patch starting at that
        line of the kustomization): error lines are mapped back into that file."""
        path, _, base = where.partition(":")
        offset = int(base) - 1 if base.isdigit() else 0
        try:
            return [doc for doc, _ in parse_documents(text, path)]
        except RenderError as exc:
            loc = str(exc.location or path)
            inner = loc.rpartition(":")[2]
            if loc != path and inner.isdigit():
                loc = f"{path}:{offset + int(inner)}"
            raise RenderError(f"patch: {exc.message}", loc) from None

    def _load_patch_text(self, kust: _Kust, entry: dict[str, Any]) -> tuple[str, str]:
        if entry.get("path") and entry.get("patch"):
            raise RenderError("patch entry has both 'path' and 'patch'", kust.loc(str(entry["path"])))
        if entry.get("path"):
            ref = str(entry["path"])
            content, path = self.read_file_bytes(kust, ref, "patch file")
            try:
                return content.decode("utf-8"), self.rel(path)
            except UnicodeDecodeError:
                raise RenderError("patch file is not UTF-8 text", self.rel(path)) from None
        if entry.get("patch"):
            return str(entry["patch"]), self._inline_where(kust, str(entry["patch"]))
        raise RenderError("patch entry needs 'path' or 'patch'", kust.loc("patch"))

    @staticmethod
    def _inline_where(kust: _Kust, text: str) -> str:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        return kust.loc(lines[0].strip()) if lines else kust.rel_file

    def apply_smp_entry(self, kust: _Kust, resources: list[Res], entry: Any) -> None:
        if not isinstance(entry, str):
            raise RenderError("patchesStrategicMerge entries must be file paths or inline YAML", kust.loc("patchesStrategicMerge"))
        if "\n" in entry or ": " in entry.split("\n")[0]:
            text, where = entry, self._inline_where(kust, entry)
        else:
            content, path = self.read_file_bytes(kust, entry, "patch file")
            text, where = content.decode("utf-8", errors="replace"), self.rel(path)
        for doc in self._patch_docs(kust, text, where):
            if not isinstance(doc, dict):
                raise RenderError("a strategic merge patch must be a YAML map", where)
            # patchesStrategicMerge reads patches as resources: null labels/annotations become "null"
            self._apply_smp_by_id(resources, _nulls_in_meta_maps(doc), where)

    def _apply_smp_by_id(self, resources: list[Res], patch: dict[str, Any], where: str) -> None:
        kind = str(patch.get("kind") or "")
        meta = patch.get("metadata") if isinstance(patch.get("metadata"), dict) else {}
        name = str(meta.get("name") or "")
        ns = str(meta.get("namespace") or "")
        group, version = split_api_version(str(patch.get("apiVersion") or ""))
        matches = []
        for res in resources:
            for rid in res.all_ids():
                if rid.kind == kind and rid.name == name and rid.group == group and (not version or rid.version == version):
                    if (rid.namespace or "default") == (ns or "default") or (not ns and res.namespace == rid.namespace == ""):
                        matches.append(res)
                        break
        if not matches and not ns:
            matches = [r for r in resources if any(i.kind == kind and i.name == name and i.group == group for i in r.all_ids())]
        if not matches:
            message = f"no resource matches strategic merge patch '{kind} {name}'"
            if self.remote_skipped:
                # its target probably lives in the remote base that was skipped: go on without it
                self.warnings.append(f"{where}: {message} (a remote resource was skipped); patch ignored")
                return
            raise RenderError(message, where)
        if len(matches) > 1:
            raise RenderError(f"multiple resources match strategic merge patch '{kind} {name}'", where)
        target = matches[0]
        # The patch names its target by an old id: it must not rename it.
        patch = dict(patch)
        patch_meta = dict(meta)
        patch_meta["name"] = target.name
        if target.namespace or "namespace" in patch_meta:
            patch_meta["namespace"] = target.namespace
        patch["metadata"] = patch_meta
        self._merge_into(resources, target, patch, where)

    def _merge_into(self, resources: list[Res], res: Res, patch: dict[str, Any], where: str) -> None:
        try:
            merged = strategic_merge(res.obj, patch, res.explicit_nulls, self._patch_schema)
        except RenderError as exc:
            raise RenderError(exc.message, exc.location or where) from None
        if merged is None:
            resources.remove(res)
            return
        old_name = res.name
        res.obj = merged
        if res.name != old_name:
            new_name = res.name
            res.name = old_name
            res.store_previous_id()
            res.name = new_name

    def apply_patch_entry(self, kust: _Kust, resources: list[Res], entry: Any) -> None:
        if not isinstance(entry, dict):
            raise RenderError("each 'patches' entry must be a map with path or patch", kust.loc("patches"))
        text, where = self._load_patch_text(kust, entry)
        docs = self._patch_docs(kust, text, where)
        target = entry.get("target")
        if len(docs) == 1 and isinstance(docs[0], list):
            if not isinstance(target, dict):
                raise RenderError("a JSON 6902 patch needs a 'target'", where)
            for res in self.select(resources, target, kust):
                self._json_into(res, docs[0], where)
            return
        for doc in docs:
            if not isinstance(doc, dict):
                raise RenderError("a patch must be a strategic merge map or a JSON 6902 list", where)
            if isinstance(target, dict):
                for res in list(self.select(resources, target, kust)):
                    patch = dict(doc)
                    meta = dict(patch.get("metadata") or {})
                    meta["name"] = res.name
                    if res.namespace:
                        meta["namespace"] = res.namespace
                    patch["metadata"] = meta
                    patch["kind"] = res.kind
                    patch["apiVersion"] = res.api_version
                    self._merge_into(resources, res, patch, where)
            else:
                self._apply_smp_by_id(resources, doc, where)

    def _json_into(self, res: Res, ops: list[Any], where: str) -> None:
        old_name = res.name
        try:
            res.obj = apply_json6902(res.obj, ops)
        except RenderError as exc:
            raise RenderError(f"{exc.message} (patching {res.cur_id()})", exc.location or where) from None
        if res.name != old_name:
            new_name = res.name
            res.name = old_name
            res.store_previous_id()
            res.name = new_name

    def apply_json6902_entry(self, kust: _Kust, resources: list[Res], entry: Any) -> None:
        if not isinstance(entry, dict) or not isinstance(entry.get("target"), dict):
            raise RenderError("each 'patchesJson6902' entry needs a target", kust.loc("patchesJson6902"))
        text, where = self._load_patch_text(kust, entry)
        docs = self._patch_docs(kust, text, where)
        if len(docs) != 1 or not isinstance(docs[0], list):
            raise RenderError("a JSON 6902 patch must be one list of operations", where)
        for res in self.select(resources, entry["target"], kust):
            self._json_into(res, docs[0], where)

    def select(self, resources: list[Res], target: dict[str, Any], kust: _Kust) -> list[Res]:
        """Resources a patch `target` selects (regex name/namespace/kind, label/annotation selectors)."""

        def rx(key: str) -> re.Pattern[str] | None:
            value = target.get(key)
            if value in (None, ""):
                return None
            try:
                return re.compile("^(?:" + str(value) + ")$")
            except re.error as exc:
                raise RenderError(f"invalid regular expression in target.{key}: {exc}", kust.loc(str(value))) from None

        group, version, kind, name, namespace = rx("group"), rx("version"), rx("kind"), rx("name"), rx("namespace")
        labels = _parse_selector(str(target.get("labelSelector") or ""), kust)
        annotations = _parse_selector(str(target.get("annotationSelector") or ""), kust)
        out = []
        for res in resources:
            cur, org = res.cur_id(), res.org_id()
            if namespace and not (
                namespace.match(cur.effective_namespace) or namespace.match(org.effective_namespace)
            ):
                continue
            if name and not (name.match(cur.name) or name.match(org.name)):
                continue
            if kind and not kind.match(cur.kind):
                continue
            if group and not group.match(cur.group):
                continue
            if version and not version.match(cur.version):
                continue
            if labels and not _selector_matches(labels, res.labels()):
                continue
            if annotations and not _selector_matches(annotations, res.annotations()):
                continue
            out.append(res)
        return out

    def _matches_meta_selectors(self, kust: _Kust) -> Any:
        def matches(res: Res, selector: dict[str, Any]) -> bool:
            labels = _parse_selector(str(selector.get("labelSelector") or ""), kust)
            annotations = _parse_selector(str(selector.get("annotationSelector") or ""), kust)
            return _selector_matches(labels, res.labels()) and _selector_matches(annotations, res.annotations())

        return matches


def _nulls_in_meta_maps(patch: dict[str, Any]) -> dict[str, Any]:
    """kustomize reads a patch's metadata labels/annotations as string maps: `null` becomes "null"."""
    meta = patch.get("metadata")
    if not isinstance(meta, dict):
        return patch
    fixed = None
    for key in ("labels", "annotations"):
        values = meta.get(key)
        if isinstance(values, dict) and any(v is None for v in values.values()):
            fixed = fixed or dict(meta)
            fixed[key] = {k: ("null" if v is None else v) for k, v in values.items()}
    if fixed is None:
        return patch
    out = dict(patch)
    out["metadata"] = fixed
    return out


def _parse_selector(text: str, kust: _Kust) -> list[tuple[str, str, list[str]]]:
    """Kubernetes label selector syntax -> [(key, op, values)] with op in =, !=, in, notin, exists, !exists."""
    reqs: list[tuple[str, str, list[str]]] = []
    text = text.strip()
    if not text:
        return reqs
    parts: list[str] = []
    depth, cur = 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    for part in (p.strip() for p in parts):
        m = re.match(r"^([^\s=!]+)\s+(in|notin)\s*\(([^)]*)\)$", part)
        if m:
            reqs.append((m.group(1), m.group(2), [v.strip() for v in m.group(3).split(",") if v.strip()]))
        elif "!=" in part:
            k, _, v = part.partition("!=")
            reqs.append((k.strip(), "!=", [v.strip()]))
        elif "=" in part:
            k, _, v = part.partition("=")
            reqs.append((k.strip(), "=", [v.strip().lstrip("=").strip()]))
        elif part.startswith("!"):
            reqs.append((part[1:].strip(), "!exists", []))
        elif part and re.match(r"^[^\s]+$", part):
            reqs.append((part, "exists", []))
        else:
            raise RenderError(f"invalid label selector {text!r}", kust.loc(text))
    return reqs


def _selector_matches(reqs: list[tuple[str, str, list[str]]], labels: dict[str, Any]) -> bool:
    for key, op, values in reqs:
        present = key in labels
        value = "" if labels.get(key) is None else str(labels.get(key))
        if op == "=" and not (present and value == values[0]):
            return False
        if op == "!=" and present and value == values[0]:
            return False
        if op == "in" and not (present and value in values):
            return False
        if op == "notin" and present and value in values:
            return False
        if op == "exists" and not present:
            return False
        if op == "!exists" and present:
            return False
    return True
