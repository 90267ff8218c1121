"""Kustomize's built-in transformers over a list of `Res`: field specs, namespace, name
prefix/suffix, labels, annotations, images, replicas, name references and the legacy sort."""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable

from ..errors import RenderError
from .kustomize_config import (
    COMMON_ANNOTATIONS,
    COMMON_LABELS,
    IMAGES,
    METADATA_LABELS,
    NAME_REFERENCES,
    NAMESPACE,
    ORDER_FIRST,
    ORDER_LAST,
    PREFIX_SKIP,
    REPLICAS,
    TEMPLATE_LABELS,
    VOLUME_CLAIM_TEMPLATE_LABELS,
    FieldSpec,
    NameReferences,
)
from .kustomize_res import Res, ResId

Setter = Callable[[dict, str], None]


def split_path(path: str) -> list[str]:
    """`a/b\\/c/d[]` -> [`a`, `b/c`, `d`]."""
    parts: list[str] = []
    cur = ""
    i = 0
    while i < len(path):
        ch = path[i]
        if ch == "\\" and i + 1 < len(path) and path[i + 1] == "/":
            cur += "/"
            i += 2
            continue
        if ch == "/":
            parts.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    parts.append(cur)
    return [p for p in parts if p != ""]


def selects(fs: FieldSpec, res: Res) -> bool:
    """Does the field spec's kind/group/version apply to this resource?"""
    if fs.kind and fs.kind != res.kind:
        return False
    if fs.group and fs.group != res.group:
        return False
    if fs.version and fs.version != res.version:
        return False
    return True


def walk_path(node: Any, parts: list[str], create: bool, setter: Setter) -> None:
    """Call `setter(parent_map, last_key)` at every place `parts` reaches (lists are fanned out).
    A `name[]` step names a list: it is never created."""
    if isinstance(node, list):
        for item in node:
            walk_path(item, parts, create, setter)
        return
    if not isinstance(node, dict) or not parts:
        return
    key = parts[0]
    is_list = key.endswith("[]")
    if is_list:
        key = key[:-2]
    if len(parts) == 1:
        if key in node or (create and not is_list):
            setter(node, key)
        return
    child = node.get(key)
    if child is None:
        if not create or is_list:
            return
        child = {}
        node[key] = child
    walk_path(child, parts[1:], create, setter)


def apply_field_specs(resources: Iterable[Res], specs: list[FieldSpec], setter: Setter) -> None:
    for res in resources:
        for fs in specs:
            if selects(fs, res):
                walk_path(res.obj, split_path(fs.path), fs.create, setter)


def _map_merger(values: dict[str, str]) -> Setter:
    def setter(parent: dict, key: str) -> None:
        current = parent.get(key)
        if not isinstance(current, dict):
            if current is not None and not isinstance(current, dict):
                raise RenderError(f"cannot set labels/annotations: field '{key}' is not a map")
            current = {}
            parent[key] = current
        for k, v in values.items():
            current[k] = v

    return setter


def _string_map(values: Any, what: str) -> dict[str, str]:
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise RenderError(f"{what} must be a map of strings")
    return {str(k): "" if v is None else str(v) for k, v in values.items()}


# ------------------------------------------------------------------------------------------


def transform_namespace(
    resources: list[Res],
    namespace: str,
    field_specs: list[FieldSpec] | None = None,
    *,
    unset_only: bool = False,
    subjects: str = "defaultOnly",
) -> None:
    """`namespace:` — set metadata.namespace on namespaced objects, rename v1 Namespaces,
    fix role binding subjects (named `default`, or every ServiceAccount with
    subjects="allServiceAccounts"), APIService / CRD webhook service namespaces."""
    all_specs = NAMESPACE if field_specs is None else field_specs
    for res in resources:
        if res.namespace_exempt:
            continue  # kustomize >= 5.8: "Don't apply namespace on Helm generated manifest"
        res.store_previous_id()  # kustomize records every resource's id before this transformer
        if not res.cluster_scoped and res.namespace != namespace and not (unset_only and res.namespace):
            res.namespace = namespace
        specs = [
            fs
            for fs in all_specs
            if fs.path != "metadata/namespace" and not (fs.path == "metadata/name" and res.api_version != "v1")
        ]
        for fs in specs:
            if selects(fs, res):

                def set_ns(parent: dict, key: str) -> None:
                    if not (unset_only and parent.get(key)):
                        parent[key] = namespace

                walk_path(res.obj, split_path(fs.path), fs.create, set_ns)
        if res.kind in ("RoleBinding", "ClusterRoleBinding") and subjects != "none":
            items = res.obj.get("subjects")
            if isinstance(items, list):
                for subject in items:
                    if not isinstance(subject, dict):
                        continue
                    wanted = subject.get("kind") == "ServiceAccount" if subjects == "allServiceAccounts" else subject.get("name") == "default"
                    if wanted and not (unset_only and subject.get("namespace")):
                        subject["namespace"] = namespace


def _prefix_skipped(res: Res) -> bool:
    org = res.org_id()
    return any(kind == org.kind and (not group or group == org.group) for kind, group in PREFIX_SKIP)


def _affix(resources: list[Res], text: str, specs: list[FieldSpec] | None, *, prefix: bool) -> None:
    """namePrefix/nameSuffix: rename (metadata/name, remembering the old id) or, for other field
    specs of a PrefixSuffixTransformer, affix the string found there."""
    specs = [FieldSpec("metadata/name")] if specs is None else specs
    for res in resources:
        if _prefix_skipped(res):
            continue
        for fs in specs:
            if not selects(fs, res):
                continue
            if fs.path == "metadata/name":
                (res.prefixes if prefix else res.suffixes).append(text)
                res.store_previous_id()
                res.name = text + res.name if prefix else res.name + text
                continue

            def setter(parent: dict, key: str) -> None:
                value = parent.get(key)
                if isinstance(value, str):
                    parent[key] = text + value if prefix else value + text

            walk_path(res.obj, split_path(fs.path), False, setter)


def transform_prefix(resources: list[Res], prefix: str, specs: list[FieldSpec] | None = None) -> None:
    _affix(resources, prefix, specs, prefix=True)


def transform_suffix(resources: list[Res], suffix: str, specs: list[FieldSpec] | None = None) -> None:
    _affix(resources, suffix, specs, prefix=False)


def transform_labels(resources: list[Res], labels: Any, specs: list[FieldSpec], what: str = "labels") -> None:
    values = _string_map(labels, what)
    if values:
        apply_field_specs(resources, specs, _map_merger(values))


def common_label_specs() -> list[FieldSpec]:
    return list(COMMON_LABELS)


def label_entry_specs(
    entry: dict[str, Any],
    extra: list[FieldSpec],
    common: list[FieldSpec] | None = None,
    templates: list[FieldSpec] | None = None,
) -> list[FieldSpec]:
    """Field specs for one `labels:` entry (includeSelectors / includeTemplates / fields)."""
    specs = list(extra)
    if _truthy(entry.get("includeSelectors")):
        specs += COMMON_LABELS if common is None else common
    else:
        if _truthy(entry.get("includeTemplates")):
            specs += TEMPLATE_LABELS if templates is None else templates
        if _truthy(entry.get("includeVolumeClaimTemplates")):
            specs += VOLUME_CLAIM_TEMPLATE_LABELS
        specs.append(FieldSpec("metadata/labels", create=True))
    return specs


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def transform_annotations(resources: list[Res], annotations: Any, specs: list[FieldSpec] | None = None) -> None:
    values = _string_map(annotations, "commonAnnotations")
    if values:
        apply_field_specs(resources, COMMON_ANNOTATIONS if specs is None else specs, _map_merger(values))


# ------------------------------------------------------------------------------------------
# images
# ------------------------------------------------------------------------------------------


def split_image(image: str) -> tuple[str, str, str]:
    """kustomize's image.Split: (name, tag, digest)."""
    slash = image.find("/")
    search = image[slash:] if slash > 0 else image
    base = slash if slash > 0 else 0
    at = search.find("@")
    colon = search.find(":")
    if colon < 0 and at < 0:
        return image, "", ""
    if at >= 0 and (at < colon or colon < 0):
        at += base
        return image[:at], "", image[at + 1 :]
    if at >= 0 and colon >= 0:
        at += base
        colon += base
        return image[:colon], image[colon + 1 : at], image[at + 1 :]
    colon += base
    return image[:colon], image[colon + 1 :], ""


def image_matches(image: str, name: str) -> bool:
    try:
        pattern = re.compile(
            "^" + name + r"(:[a-zA-Z0-9_.{}-]*)?(@[a-zA-Z0-9]+([.+_-][a-zA-Z0-9]+)*:[a-zA-Z0-9_.{}-]*)?$"
        )
    except re.error:
        return False
    return pattern.match(image) is not None


def new_image(value: str, spec: dict[str, str]) -> str:
    name, tag, digest = split_image(value)
    if spec.get("newName"):
        name = spec["newName"]
    new_tag, new_digest, tag_suffix = spec.get("newTag", ""), spec.get("digest", ""), spec.get("tagSuffix", "")
    if new_tag and new_digest:
        tag, digest = new_tag, new_digest
    elif new_tag:
        tag, digest = new_tag, ""
    elif new_digest:
        tag, digest = "", new_digest
    elif tag_suffix:
        tag, digest = tag + tag_suffix, ""
    if tag:
        name += ":" + tag
    if digest:
        name += "@" + digest
    return name


def transform_images(resources: list[Res], images: list[dict[str, str]], specs: list[FieldSpec] | None = None) -> None:
    for spec in images:
        target = spec.get("name", "")
        if not target:
            continue

        def update(parent: dict, key: str) -> None:
            value = parent.get(key)
            if isinstance(value, str) and image_matches(value, target):
                parent[key] = new_image(value, spec)

        for res in resources:
            if res.kind == "CustomResourceDefinition":
                continue
            _find_containers(res.obj, update)
        apply_field_specs(resources, IMAGES if specs is None else specs, update)


def _find_containers(node: Any, update: Setter) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _find_containers(value, update)
            if key in ("containers", "initContainers") and isinstance(value, list):
                for item in value:
                    if isinstance(item, dict) and "image" in item:
                        update(item, "image")
    elif isinstance(node, list):
        for item in node:
            _find_containers(item, update)


def transform_replicas(resources: list[Res], replicas: list[tuple[str, int]], specs: list[FieldSpec] | None = None) -> None:
    """`replicas:` — set spec.replicas of the named Deployment/ReplicationController/ReplicaSet/
    StatefulSet (matched by current or any previous name); naming none of them is an error."""
    specs = REPLICAS if specs is None else specs
    for name, count in replicas:
        found = False
        for fs in specs:
            for res in resources:
                if not any(i.name == name and (not fs.kind or i.kind == fs.kind) for i in res.all_ids()):
                    continue
                found = True

                def set_count(parent: dict, key: str, count: int = count) -> None:
                    parent[key] = count

                walk_path(res.obj, split_path(fs.path), fs.create, set_count)
        if not found:
            kinds = " ".join(f"{fs.kind or '[noKind]'}.{fs.version or '[noVer]'}.{fs.group or '[noGrp]'}" for fs in specs)
            raise RenderError(f"resource with name {name} does not match a config with the following GVK [{kinds}]")


# ------------------------------------------------------------------------------------------
# name references (kustomize's FixBackReferences)
# ------------------------------------------------------------------------------------------


def _same_ending(a: list[str], b: list[str]) -> bool:
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if not short:
        return len(long_) == 0
    return long_[len(long_) - len(short) :] == short


def _prefix_suffix_equals(a: Res, b: Res, allow_empty: bool) -> bool:
    if allow_empty:
        pre = not a.prefixes or not b.prefixes or _same_ending(a.prefixes, b.prefixes)
        suf = not a.suffixes or not b.suffixes or _same_ending(a.suffixes, b.suffixes)
        return pre and suf
    return _same_ending(a.prefixes, b.prefixes) and _same_ending(a.suffixes, b.suffixes)


def _gvk_selected(rid: ResId, kind: str, group: str, version: str) -> bool:
    return (not kind or kind == rid.kind) and (not group or group == rid.group) and (not version or version == rid.version)


class _NameRefFixer:
    def __init__(self, resources: list[Res], refs: NameReferences) -> None:
        self.resources = resources
        self.refs = refs

    def run(self) -> None:
        subsets: dict[int, list[Res]] = {}
        for (rkind, rgroup, rversion), specs in self.refs:
            if not any(any(_gvk_selected(i, rkind, rgroup, rversion) for i in r.all_ids()) for r in self.resources):
                continue
            for referrer in self.resources:
                org = referrer.org_id()
                for fs in specs:
                    if not _gvk_selected(org, fs.kind, fs.group, fs.version):
                        continue
                    if id(referrer) not in subsets:
                        subsets[id(referrer)] = self.could_be_referenced_by(referrer)
                    candidates = [
                        r
                        for r in subsets[id(referrer)]
                        if any(_gvk_selected(i, rkind, rgroup, rversion) for i in r.all_ids())
                    ]
                    if candidates:
                        self.fix_field(referrer, fs, candidates, (rkind, rgroup, rversion))

    def could_be_referenced_by(self, referrer: Res) -> list[Res]:
        """kustomize's SubsetThatCouldBeReferencedByResource: cluster-scoped objects, objects in the
        referrer's namespace, and (for a RoleBinding) objects in its subjects' namespaces."""
        if referrer.cluster_scoped:
            return list(self.resources)
        ns = referrer.namespace or "default"
        binding_ns: set[str] = set()
        if referrer.kind == "RoleBinding" and isinstance(referrer.obj.get("subjects"), list):
            binding_ns = {
                str(s["namespace"]) for s in referrer.obj["subjects"] if isinstance(s, dict) and s.get("namespace")
            }
        return [
            r for r in self.resources if r.cluster_scoped or (r.namespace or "default") == ns or r.namespace in binding_ns
        ]

    def fix_field(self, referrer: Res, fs: FieldSpec, candidates: list[Res], target: tuple[str, str, str]) -> None:
        def setter(parent: dict, key: str) -> None:
            value = parent.get(key)
            if value is None:
                return
            if isinstance(value, str):
                new = self.select(referrer, fs, value, candidates, target, None)
                if new is not None:
                    parent[key] = new.name
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        new = self.select(referrer, fs, item, candidates, target, None)
                        if new is not None:
                            value[i] = new.name
                    elif isinstance(item, dict):
                        self.set_mapping(referrer, fs, item, candidates, target)
            elif isinstance(value, dict):
                self.set_mapping(referrer, fs, value, candidates, target)

        walk_path(referrer.obj, split_path(fs.path), False, setter)

    def set_mapping(self, referrer: Res, fs: FieldSpec, node: dict, candidates: list[Res], target: tuple) -> None:
        name = node.get("name")
        if not isinstance(name, str):
            return
        ns = node.get("namespace")
        if isinstance(ns, str):
            by_org = [c for c in candidates if c.org_id().namespace == ns]
            candidates = by_org or [c for c in candidates if c.namespace == ns]
        referral = self.select(referrer, fs, name, candidates, target, node)
        if referral is None:
            return
        if referral.name == name and not referral.namespace:
            return
        node["name"] = referral.name
        if referral.namespace:
            node["namespace"] = referral.namespace

    def select(
        self, referrer: Res, fs: FieldSpec, old: str, candidates: list[Res], target: tuple, mapping: dict | None
    ) -> Res | None:
        found = [c for c in candidates if any(i.name == old for i in c.prev_ids)]
        found = [c for c in found if any(_gvk_selected(i, *target) for i in c.prev_ids)]
        if fs.path.endswith("roleRef/name"):
            role_ref = referrer.obj.get("roleRef")
            if isinstance(role_ref, dict) and role_ref.get("kind") and "apiGroup" in role_ref:
                kind, group = str(role_ref.get("kind")), str(role_ref.get("apiGroup") or "")
                found = [c for c in found if any(_gvk_selected(i, kind, group, "") for i in c.prev_ids)]
        if not referrer.cluster_scoped:
            ref_ns = referrer.namespace or "default"
            found = [
                c for c in found if c.cluster_scoped or c.kind == "ServiceAccount" or (c.namespace or "default") == ref_ns
            ]
        if len(found) == 1:
            return found[0]
        found = [c for c in found if _prefix_suffix_equals(referrer, c, True)]
        if len(found) > 1:
            found = [c for c in found if _prefix_suffix_equals(referrer, c, False)]
        if len(found) == 1:
            return found[0]
        if not found:
            return None
        if mapping is None:
            same = all(c.name == found[0].name for c in found)
        else:
            same = all(c.name == found[0].name and c.namespace == found[0].namespace for c in found)
        if same:
            return found[0]
        ids = ", ".join(str(c.cur_id()) for c in found)
        raise RenderError(f"found multiple possible referrals for {old!r} in {referrer.cur_id()}: {ids}")


def fix_name_references(resources: list[Res], refs: NameReferences | None = None) -> None:
    """kustomize's FixBackReferences: fields naming a renamed object follow the rename."""
    _NameRefFixer(resources, NAME_REFERENCES if refs is None else refs).run()


# ------------------------------------------------------------------------------------------
# legacy sort
# ------------------------------------------------------------------------------------------


def _gvk_sort_string(res: Res) -> str:
    return "_".join([res.group or "~G", res.version or "~V", res.kind or "~K"])


def legacy_sort(
    resources: list[Res], order_first: list[str] | None = None, order_last: list[str] | None = None
) -> list[Res]:
    """kustomize's `legacy` order: by kind rank (ORDER_FIRST ... others ... ORDER_LAST, or the
    kustomization's sortOptions.legacySortOptions), then group/version/kind, then id string."""
    first = ORDER_FIRST if order_first is None else order_first
    last = ORDER_LAST if order_last is None else order_last
    ranks: dict[str, int] = {}
    for i, kind in enumerate(first):
        ranks[kind] = -len(first) + i
    for i, kind in enumerate(last):
        ranks[kind] = 1 + i

    def key(res: Res) -> tuple:
        rank = ranks.get(res.kind, 0)
        gvk = _gvk_sort_string(res)
        if res.kind == "Namespace":
            # Namespaces of the core group sort after grouped ones (kustomize quirk): invert.
            gvk_key: Any = _Inverted(gvk)
        else:
            gvk_key = gvk
        ident = "|".join([res.cur_id().gvk_str(), res.namespace or "~X", res.name or "~N"])
        return (rank, gvk_key, ident)

    return sorted(resources, key=key)


class _Inverted:
    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __lt__(self, other: "_Inverted") -> bool:
        return self.value > other.value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Inverted) and self.value == other.value


__all__ = [
    "apply_field_specs",
    "common_label_specs",
    "fix_name_references",
    "label_entry_specs",
    "legacy_sort",
    "split_image",
    "transform_annotations",
    "transform_images",
    "transform_labels",
    "transform_namespace",
    "transform_prefix",
    "transform_suffix",
    "transform_replicas",
    "METADATA_LABELS",
]
