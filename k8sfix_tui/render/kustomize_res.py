"""The resource record the embedded Kustomize renderer passes between stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Location
from .kustomize_config import CLUSTER_SCOPED


def split_api_version(api_version: str) -> tuple[str, str]:
    """`apps/v1` -> (`apps`, `v1`); `v1` -> (``, `v1`)."""
    if "/" in api_version:
        group, _, version = api_version.partition("/")
        return group, version
    return "", api_version


@dataclass
class ResId:
    kind: str
    group: str
    version: str
    name: str
    namespace: str

    @property
    def effective_namespace(self) -> str:
        return self.namespace or "default"

    def gvk_str(self) -> str:
        return ".".join([self.kind or "[noKind]", self.version or "[noVer]", self.group or "[noGrp]"])

    def __str__(self) -> str:
        ns = f"[{self.namespace}]" if self.namespace else ""
        return f"{self.kind}/{self.name}{ns}"


@dataclass
class Res:
    """One Kubernetes object plus what kustomize remembers about it while building."""

    obj: dict[str, Any]
    source: Location | None = None
    prev_ids: list[ResId] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    suffixes: list[str] = field(default_factory=list)
    needs_hash: bool = False
    behavior: str = "create"
    generated: bool = False
    ref_vars: list[str] = field(default_factory=list)
    explicit_nulls: set[tuple[str, ...]] = field(default_factory=set)
    # from an inflated Helm chart (kustomize's helm-generated annotation): the namespace
    # transformer leaves these alone; template_lines/template_body: the chart template line of
    # each field and the object as the chart rendered it (for provenance)
    helm_generated: bool = False
    namespace_exempt: bool = False  # kustomize >= 5.8: the namespace transformer skips it
    template_lines: dict[str, int] = field(default_factory=dict)
    template_body: dict[str, Any] | None = None
    value_refs: dict[str, Any] = field(default_factory=dict)  # path -> model.ValueRef (chart values)
    partial_refs: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return str(self.obj.get("kind") or "")

    @property
    def api_version(self) -> str:
        return str(self.obj.get("apiVersion") or "")

    @property
    def group(self) -> str:
        return split_api_version(self.api_version)[0]

    @property
    def version(self) -> str:
        return split_api_version(self.api_version)[1]

    @property
    def meta(self) -> dict[str, Any]:
        meta = self.obj.get("metadata")
        if not isinstance(meta, dict):
            meta = {}
            self.obj["metadata"] = meta
        return meta

    @property
    def name(self) -> str:
        value = self.meta.get("name")
        return "" if value is None else str(value)

    @name.setter
    def name(self, value: str) -> None:
        self.meta["name"] = value

    @property
    def namespace(self) -> str:
        value = self.meta.get("namespace")
        return "" if value is None else str(value)

    @namespace.setter
    def namespace(self, value: str) -> None:
        self.meta["namespace"] = value

    def cur_id(self) -> ResId:
        return ResId(self.kind, self.group, self.version, self.name, self.namespace)

    def org_id(self) -> ResId:
        return self.prev_ids[0] if self.prev_ids else self.cur_id()

    def store_previous_id(self) -> None:
        cur = self.cur_id()
        cur.namespace = cur.effective_namespace
        self.prev_ids.append(cur)

    def all_ids(self) -> list[ResId]:
        return [self.cur_id()] + list(self.prev_ids)

    @property
    def cluster_scoped(self) -> bool:
        return (self.api_version, self.kind) in CLUSTER_SCOPED

    def labels(self) -> dict[str, Any]:
        value = self.meta.get("labels")
        return value if isinstance(value, dict) else {}

    def annotations(self) -> dict[str, Any]:
        value = self.meta.get("annotations")
        return value if isinstance(value, dict) else {}


def id_equals(a: ResId, b: ResId) -> bool:
    """kustomize's ResId.Equals: same group/version/kind and name, same effective namespace."""
    return (
        a.kind == b.kind
        and a.group == b.group
        and a.version == b.version
        and a.name == b.name
        and a.effective_namespace == b.effective_namespace
    )
