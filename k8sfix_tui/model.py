"""Core data model shared by facts, document claims, drift rules, fixes and the app.

Everything here is plain data: frozen dataclasses with `to_json()` helpers. The core packages
(facts, render, doc, drift, fixes, pitfalls) exchange only these types; the TUI and CLI read them.
Secret VALUES never enter this model: secrets carry key names only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

AREAS: tuple[str, ...] = (
    "structure",
    "workloads",
    "exposure",
    "storage",
    "config",
    "resources",
    "autoscaling",
    "probes",
    "networking",
    "helm",
    "minikube",
    "automation",
    "monitoring",
)

RULES: tuple[str, ...] = (
    "value-mismatch",
    "phantom-resource",
    "undocumented-resource",
    "wrong-path",
    "wrong-command",
    "placeholder",
    "invalid-snippet",
    "source-error",
    "missing-topic",
)

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")


def to_jsonable(value: Any) -> Any:
    """Turn dataclasses (recursively), tuples and sets into JSON-ready values."""
    if hasattr(value, "to_json"):
        return value.to_json()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [to_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    return value


@dataclass(frozen=True, order=True)
class Location:
    """A place in a repository file. `path` is repo-relative with forward slashes; lines are 1-based."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line and self.col:
            return f"{self.path}:{self.line}:{self.col}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line}


@dataclass(frozen=True)
class SourceError:
    """One entry of facts `errors[]`: a repo file that could not be read, parsed or rendered."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {"path": self.location.path, "line": self.location.line, "message": self.message}


@dataclass(frozen=True)
class ValueRef:
    """Provenance of a rendered scalar that came from chart values: `api.replicas` at values.yaml:93."""

    key: str
    location: Location

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "path": self.location.path, "line": self.location.line}


# ---------------------------------------------------------------------------------------------
# Kubernetes objects as found (plain manifests) or rendered (Kustomize, Helm)
# ---------------------------------------------------------------------------------------------


@dataclass
class K8sObject:
    """One Kubernetes object. `body` is the parsed object with Secret values already redacted.

    `source` is the file the object comes from (for Helm output, the template file; for Kustomize
    output, the resource file that defined it when known, else the kustomization). `origin` names
    the route: "manifests", "overlay k8s/overlays/prod", "chart deploy/chart (default values)", or a
    profile name. `field_lines` maps dotted field paths ("spec.replicas",
    "spec.template.spec.containers[0].image") to source lines when known; `provenance` maps the
    same paths to chart values keys.
    """

    api_version: str
    kind: str
    name: str
    namespace: str | None
    body: dict[str, Any]
    source: Location
    origin: str = "manifests"
    field_lines: dict[str, int] = field(default_factory=dict)
    provenance: dict[str, ValueRef] = field(default_factory=dict)
    # values keys printed INSIDE a larger scalar (an image built from repository + tag)
    partial_provenance: dict[str, list[ValueRef]] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return f"{self.kind}/{self.name}"

    def line_of(self, path: str) -> int:
        """Best known source line of a dotted field path, falling back to the object's own line."""
        probe = path
        while probe:
            if probe in self.field_lines:
                return self.field_lines[probe]
            probe = probe.rpartition(".")[0]
        return self.source.line

    def location_of(self, path: str) -> Location:
        return Location(self.source.path, self.line_of(path))

    def to_json(self) -> dict[str, Any]:
        return {
            "apiVersion": self.api_version,
            "kind": self.kind,
            "name": self.name,
            "namespace": self.namespace,
            "source": self.source.to_json(),
            "origin": self.origin,
        }


# ---------------------------------------------------------------------------------------------
# Typed views on objects, one per deployment-document area
# ---------------------------------------------------------------------------------------------


@dataclass
class EnvVar:
    name: str
    source: str = "value"  # value | configMapKeyRef | secretKeyRef | fieldRef | resourceFieldRef
    ref_name: str | None = None
    ref_key: str | None = None
    has_literal_value: bool = False  # a plain `value:`; the value itself is kept only for non-secrets
    value: str | None = None


@dataclass
class ContainerPort:
    container_port: int
    name: str | None = None
    protocol: str = "TCP"


@dataclass
class Container:
    name: str
    image: str
    image_pull_policy: str | None = None
    ports: list[ContainerPort] = field(default_factory=list)
    resources: dict[str, dict[str, str]] = field(default_factory=dict)  # {"requests": {"cpu": "100m"}}
    liveness_probe: dict[str, Any] | None = None
    readiness_probe: dict[str, Any] | None = None
    startup_probe: dict[str, Any] | None = None
    env: list[EnvVar] = field(default_factory=list)
    env_from: list[dict[str, str]] = field(default_factory=list)  # [{"kind": "configMap", "name": "x"}]
    volume_mounts: list[dict[str, Any]] = field(default_factory=list)
    command: list[str] = field(default_factory=list)
    args: list[str] = field(default_factory=list)
    security_context: dict[str, Any] = field(default_factory=dict)
    init: bool = False

    @property
    def image_name(self) -> str:
        return split_image(self.image)[0]

    @property
    def image_tag(self) -> str | None:
        return split_image(self.image)[1]


def split_image(image: str) -> tuple[str, str | None]:
    """`registry:5000/org/app:1.2@sha256:..` -> (`registry:5000/org/app`, `1.2`)."""
    ref = image.split("@", 1)[0]
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    if colon > slash:
        return ref[:colon], ref[colon + 1 :]
    return ref, None


@dataclass
class Pvc:
    """A PersistentVolumeClaim or a StatefulSet volumeClaimTemplate (`owner` = the StatefulSet)."""

    name: str
    namespace: str | None
    size: str | None
    access_modes: list[str]
    storage_class: str | None
    source: Location
    origin: str
    owner: str | None = None
    obj: K8sObject | None = None


@dataclass
class Workload:
    """Deployment, StatefulSet, DaemonSet, Job, CronJob, ReplicaSet or bare Pod."""

    kind: str
    name: str
    namespace: str | None
    replicas: int | None  # None where the kind has no replicas field or it is unset (=1 for Deployments)
    containers: list[Container]
    init_containers: list[Container]
    source: Location
    origin: str
    labels: dict[str, str] = field(default_factory=dict)
    selector: dict[str, str] = field(default_factory=dict)
    pod_labels: dict[str, str] = field(default_factory=dict)
    pod_annotations: dict[str, str] = field(default_factory=dict)
    strategy: dict[str, Any] = field(default_factory=dict)
    volumes: list[dict[str, Any]] = field(default_factory=list)
    volume_claim_templates: list[Pvc] = field(default_factory=list)
    service_name: str | None = None  # StatefulSet.spec.serviceName
    schedule: str | None = None  # CronJob
    service_account: str | None = None
    security_context: dict[str, Any] = field(default_factory=dict)
    host_network: bool = False
    obj: K8sObject | None = None


@dataclass
class ServicePort:
    port: int
    target_port: int | str | None = None
    node_port: int | None = None
    name: str | None = None
    protocol: str = "TCP"


@dataclass
class Service:
    name: str
    namespace: str | None
    type: str
    ports: list[ServicePort]
    selector: dict[str, str]
    source: Location
    origin: str
    cluster_ip: str | None = None
    obj: K8sObject | None = None


@dataclass
class IngressRule:
    host: str | None
    path: str
    service: str | None
    port: int | str | None


@dataclass
class Ingress:
    name: str
    namespace: str | None
    class_name: str | None
    hosts: list[str]
    tls: list[dict[str, Any]]  # [{"hosts": [...], "secretName": "..."}]
    rules: list[IngressRule]
    annotations: dict[str, str]
    source: Location
    origin: str
    obj: K8sObject | None = None


@dataclass
class ConfigData:
    """A ConfigMap or Secret: names and KEYS only. `kind` is ConfigMap or Secret."""

    kind: str
    name: str
    namespace: str | None
    keys: list[str]
    source: Location
    origin: str
    type: str | None = None  # Secret type
    obj: K8sObject | None = None


@dataclass
class Hpa:
    name: str
    namespace: str | None
    target_kind: str
    target_name: str
    min_replicas: int | None
    max_replicas: int | None
    metrics: list[dict[str, Any]]  # [{"type": "Resource", "name": "cpu", "target": "Utilization", "value": 70}]
    source: Location
    origin: str
    obj: K8sObject | None = None


@dataclass
class Pdb:
    name: str
    namespace: str | None
    min_available: int | str | None
    max_unavailable: int | str | None
    selector: dict[str, str]
    source: Location
    origin: str
    obj: K8sObject | None = None


@dataclass
class NetworkPolicy:
    name: str
    namespace: str | None
    pod_selector: dict[str, str]
    policy_types: list[str]
    ingress: list[dict[str, Any]]
    egress: list[dict[str, Any]]
    source: Location
    origin: str
    obj: K8sObject | None = None


# ---------------------------------------------------------------------------------------------
# Repository sources other than objects: charts, overlays, Makefiles, scripts, CI workflows
# ---------------------------------------------------------------------------------------------


@dataclass
class ChartDependency:
    name: str
    version: str | None
    repository: str | None
    condition: str | None = None
    alias: str | None = None


@dataclass
class Chart:
    path: str  # repo-relative chart directory
    name: str
    version: str | None
    app_version: str | None
    api_version: str
    type: str
    description: str | None
    templates: list[str]  # repo-relative template paths
    helpers: list[str]
    dependencies: list[ChartDependency]
    values: dict[str, Any]  # parsed values.yaml (Secret-looking values are NOT redacted here; never print them)
    values_lines: dict[str, int]  # dotted key -> line in values.yaml
    source: Location  # Chart.yaml


@dataclass
class Overlay:
    """A Kustomize directory (base or overlay) and how it was rendered."""

    path: str
    namespace: str | None
    name_prefix: str | None
    name_suffix: str | None
    resources: list[str]
    renderer: str  # "kubectl kustomize" | "kustomize" | "embedded"
    is_overlay: bool
    source: Location  # kustomization.yaml


@dataclass
class MakeTarget:
    name: str
    help: str | None
    prerequisites: list[str]
    commands: list[str]  # recipe lines, variables unexpanded
    source: Location
    phony: bool = False


@dataclass
class MakeVariable:
    name: str
    value: str
    operator: str  # "=", ":=", "?=", "+="
    source: Location


@dataclass
class ShellCommand:
    """A command found in a script, Makefile recipe, CI step or document: `tool` is argv[0]'s basename."""

    tool: str
    argv: list[str]
    text: str
    source: Location
    context: str = ""  # "script", "make:deploy", "workflow:deploy/Deploy step"


@dataclass
class HostsEntry:
    hostname: str
    ip: str | None
    source: Location


@dataclass
class HelmInvocation:
    """A `helm install/upgrade/template` the repository itself runs, with Make variables expanded."""

    action: str  # install | upgrade | template
    release: str | None
    chart: str  # as written (path or repo/name)
    chart_path: str | None  # repo-relative chart dir when it resolves to one
    namespace: str | None
    values_files: list[str]
    set_values: list[str]  # "k=v" as given to --set
    set_string_values: list[str]
    found_at: Location
    text: str
    skip_schema_validation: bool = False  # the command passes --skip-schema-validation (helm >= 3.16)


@dataclass
class WorkflowStep:
    name: str | None
    run: str | None
    uses: str | None
    source: Location


@dataclass
class WorkflowJob:
    id: str
    name: str | None
    steps: list[WorkflowStep]
    source: Location


@dataclass
class Workflow:
    path: str
    name: str | None
    triggers: list[str]
    jobs: list[WorkflowJob]
    source: Location


@dataclass
class Profile:
    """One way the repository deploys a chart (or overlay): the objects that route produces."""

    name: str
    found_at: Location | None
    release: str | None
    namespace: str | None
    values_files: list[str]
    set_values: list[str]
    objects: list[K8sObject] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Documents, claims, findings, fixes
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocRef:
    """Where in a document a claim or finding sits (1-based, inclusive end)."""

    path: str
    line: int
    end_line: int
    section: str

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "end_line": self.end_line, "section": self.section}


@dataclass
class Claim:
    """One statement a document makes about the deployment.

    `form` is how it was written: prose, list, table, yaml, bash, tree, mermaid, mention, heading.
    `subject` is the component/object the claim is about as written ("API server"), `field` a
    normalised field name (replicas, image, tag, port, nodePort, cpu-request, memory-limit,
    storage, probe.liveness.path, path, make-target, values-key, namespace, kind, component...),
    `value` the claimed value as written. `span` is the exact text to replace for a minimal fix
    (character offsets within the line `doc.line`), when known.
    """

    doc: DocRef
    form: str
    area: str
    subject: str | None
    field: str
    value: Any
    text: str
    span: tuple[int, int] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Evidence:
    path: str
    line: int
    note: str

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "note": self.note}


@dataclass
class Finding:
    """A claim that is wrong, missing or invented (or, with rule None, verified)."""

    id: str
    rule: str | None
    severity: str
    area: str
    doc: DocRef | None
    subject: str | None
    field: str | None
    doc_value: Any
    actual_value: Any
    evidence: list[Evidence]
    message: str
    fix: str | None = None
    waived: bool = False
    waiver_reason: str | None = None
    claim: Claim | None = None  # the claim behind it (not serialised): fixes use its span

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "rule": self.rule,
            "severity": self.severity,
            "area": self.area,
            "doc": self.doc.to_json() if self.doc else None,
            "subject": self.subject,
            "field": self.field,
            "doc_value": to_jsonable(self.doc_value),
            "actual_value": to_jsonable(self.actual_value),
            "evidence": [e.to_json() for e in self.evidence],
            "message": self.message,
            "fix": self.fix,
        }
        if self.waived:
            out["waived"] = True
            out["waiver_reason"] = self.waiver_reason
        return out


FIX_KINDS: tuple[str, ...] = ("replace-value", "replace-block", "remove", "insert-section", "regenerate-section")


@dataclass
class Fix:
    """One proposed edit of a document: replace lines [start_line, end_line] (1-based, inclusive)
    with `new_text`. For an insertion, end_line = start_line - 1 (insert before start_line)."""

    id: str
    doc_path: str
    kind: str
    start_line: int
    end_line: int
    old_text: str
    new_text: str
    rationale: str
    resolves: list[str]  # finding ids
    section: str = ""
    group: str | None = None  # fixes in one group are accepted or rejected together

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc": self.doc_path,
            "kind": self.kind,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "old_text": self.old_text,
            "new_text": self.new_text,
            "rationale": self.rationale,
            "resolves": list(self.resolves),
            "section": self.section,
            "group": self.group,
        }


@dataclass
class Facts:
    """Everything k8sfix learned about what a repository deploys. Built by `k8sfix_tui.facts.collect`.

    The typed lists (workloads, services, ...) hold plain manifests, every Kustomize directory and
    each chart rendered with its default values (each item's `origin` tells which). Other ways the
    repo deploys a chart (its own helm commands) are in `profiles`.
    """

    repo: str  # absolute path of the repository root
    objects: list[K8sObject] = field(default_factory=list)
    workloads: list[Workload] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    ingresses: list[Ingress] = field(default_factory=list)
    pvcs: list[Pvc] = field(default_factory=list)
    configmaps: list[ConfigData] = field(default_factory=list)
    secrets: list[ConfigData] = field(default_factory=list)
    hpas: list[Hpa] = field(default_factory=list)
    pdbs: list[Pdb] = field(default_factory=list)
    network_policies: list[NetworkPolicy] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    overlays: list[Overlay] = field(default_factory=list)
    make_targets: list[MakeTarget] = field(default_factory=list)
    make_variables: list[MakeVariable] = field(default_factory=list)
    commands: list[ShellCommand] = field(default_factory=list)  # from scripts, Makefiles, workflows
    hosts_entries: list[HostsEntry] = field(default_factory=list)
    helm_invocations: list[HelmInvocation] = field(default_factory=list)
    workflows: list[Workflow] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)  # repo-relative shell scripts
    files: list[str] = field(default_factory=list)  # every repo-relative file path (for path claims)
    profiles: list[Profile] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    renderers: dict[str, str] = field(default_factory=dict)  # e.g. {"kustomize": "kubectl kustomize"}
    kube_version: str | None = None  # target Kubernetes version for pitfalls (--kube-version)
