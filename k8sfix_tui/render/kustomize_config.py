"""Kustomize's built-in transformer configuration (which fields each transformer touches).

A field spec is (path, kind, group, version, create): `path` is slash-separated, list fields are
traversed implicitly (`containers[]` and `containers` mean the same), `\\/` escapes a slash inside
a key; empty kind/group/version match anything. This mirrors the behaviour of kustomize v5's
default configuration (commonLabels, commonAnnotations, images, replicas, namespace and
nameReference), expressed as tables.
"""

from __future__ import annotations

from typing import NamedTuple


class FieldSpec(NamedTuple):
    path: str
    kind: str = ""
    group: str = ""
    version: str = ""
    create: bool = False


# Where each workload kind keeps its pod spec / pod template metadata.
POD_TEMPLATES: dict[str, str] = {
    "Deployment": "spec/template",
    "ReplicaSet": "spec/template",
    "DaemonSet": "spec/template",
    "StatefulSet": "spec/template",
    "Job": "spec/template",
    "ReplicationController": "spec/template",
    "CronJob": "spec/jobTemplate/spec/template",
    "PodTemplate": "template",
}

_TEMPLATE_LABEL_KINDS: list[tuple[str, str, str]] = [  # kind, group, version
    ("ReplicationController", "", "v1"),
    ("Deployment", "", ""),
    ("ReplicaSet", "", ""),
    ("DaemonSet", "", ""),
    ("StatefulSet", "apps", ""),
    ("Job", "batch", ""),
]

METADATA_LABELS: list[FieldSpec] = (
    [FieldSpec("metadata/labels", create=True)]
    + [FieldSpec("spec/template/metadata/labels", k, g, v, True) for k, g, v in _TEMPLATE_LABEL_KINDS]
    + [
        FieldSpec("spec/jobTemplate/metadata/labels", "CronJob", "batch", "", True),
        FieldSpec("spec/jobTemplate/spec/template/metadata/labels", "CronJob", "batch", "", True),
    ]
)
VOLUME_CLAIM_TEMPLATE_LABELS: list[FieldSpec] = [
    FieldSpec("spec/volumeClaimTemplates[]/metadata/labels", "StatefulSet", "apps", "", True)
]
# kustomize v5.5 (what `kubectl kustomize` ships) also labels StatefulSet volumeClaimTemplates
# for `labels[].includeTemplates`.
TEMPLATE_LABELS: list[FieldSpec] = list(METADATA_LABELS) + VOLUME_CLAIM_TEMPLATE_LABELS

_AFFINITY = [
    "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
    "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
    "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
    "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
    "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels",
]

COMMON_LABELS: list[FieldSpec] = (
    [
        FieldSpec("spec/selector", "Service", "", "v1", True),
        FieldSpec("spec/selector", "ReplicationController", "", "v1", True),
        FieldSpec("spec/selector/matchLabels", "Deployment", "", "", True),
    ]
    + [FieldSpec(p, "Deployment", "apps", "", False) for p in _AFFINITY]
    + [
        FieldSpec("spec/selector/matchLabels", "ReplicaSet", "", "", True),
        FieldSpec("spec/selector/matchLabels", "DaemonSet", "", "", True),
        FieldSpec("spec/selector/matchLabels", "StatefulSet", "apps", "", True),
    ]
    + [FieldSpec(p, "StatefulSet", "apps", "", False) for p in _AFFINITY]
    + [
        FieldSpec("spec/selector/matchLabels", "Job", "batch", "", False),
        FieldSpec("spec/jobTemplate/spec/selector/matchLabels", "CronJob", "batch", "", False),
        FieldSpec("spec/selector/matchLabels", "PodDisruptionBudget", "policy", "", False),
        FieldSpec("spec/podSelector/matchLabels", "NetworkPolicy", "networking.k8s.io", "", False),
        FieldSpec("spec/ingress/from/podSelector/matchLabels", "NetworkPolicy", "networking.k8s.io", "", False),
        FieldSpec("spec/egress/to/podSelector/matchLabels", "NetworkPolicy", "networking.k8s.io", "", False),
    ]
    + METADATA_LABELS
    + VOLUME_CLAIM_TEMPLATE_LABELS
)

COMMON_ANNOTATIONS: list[FieldSpec] = [
    FieldSpec("metadata/annotations", create=True),
    FieldSpec("spec/template/metadata/annotations", "ReplicationController", "", "v1", True),
    FieldSpec("spec/template/metadata/annotations", "Deployment", create=True),
    FieldSpec("spec/template/metadata/annotations", "ReplicaSet", create=True),
    FieldSpec("spec/template/metadata/annotations", "DaemonSet", create=True),
    FieldSpec("spec/template/metadata/annotations", "StatefulSet", create=True),
    FieldSpec("spec/template/metadata/annotations", "Job", "batch", create=True),
    FieldSpec("spec/jobTemplate/metadata/annotations", "CronJob", "batch", create=True),
    FieldSpec("spec/jobTemplate/spec/template/metadata/annotations", "CronJob", "batch", create=True),
]

# kustomize lists these with create: true, but never creates anything through a `[]` list step.
IMAGES: list[FieldSpec] = [
    FieldSpec(p)
    for p in (
        "spec/containers[]/image",
        "spec/initContainers[]/image",
        "spec/volumes[]/image/reference",
        "spec/template/spec/containers[]/image",
        "spec/template/spec/initContainers[]/image",
        "spec/template/spec/volumes[]/image/reference",
    )
]

REPLICAS: list[FieldSpec] = [
    FieldSpec("spec/replicas", k, create=True) for k in ("Deployment", "ReplicationController", "ReplicaSet", "StatefulSet")
]

NAMESPACE: list[FieldSpec] = [
    FieldSpec("metadata/name", "Namespace", create=True),
    FieldSpec("spec/service/namespace", "APIService", "apiregistration.k8s.io", create=True),
    FieldSpec("spec/conversion/webhook/clientConfig/service/namespace", "CustomResourceDefinition", "apiextensions.k8s.io"),
]

# Kinds never renamed by namePrefix/nameSuffix: (kind, group).
PREFIX_SKIP: list[tuple[str, str]] = [("CustomResourceDefinition", ""), ("APIService", "apiregistration.k8s.io"), ("Namespace", "")]

# Types kustomize v5.5 (kyaml's precomputed table) knows to be cluster-scoped, by (apiVersion, kind).
# Anything else, including newer API versions of these kinds, is treated as namespaced.
CLUSTER_SCOPED: set[tuple[str, str]] = {
    ("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration"),
    ("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration"),
    ("admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration"),
    ("admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration"),
    ("apiextensions.k8s.io/v1", "CustomResourceDefinition"),
    ("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition"),
    ("apiregistration.k8s.io/v1", "APIService"),
    ("apiregistration.k8s.io/v1beta1", "APIService"),
    ("certificates.k8s.io/v1", "CertificateSigningRequest"),
    ("certificates.k8s.io/v1beta1", "CertificateSigningRequest"),
    ("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema"),
    ("flowcontrol.apiserver.k8s.io/v1beta1", "PriorityLevelConfiguration"),
    ("networking.k8s.io/v1", "IngressClass"),
    ("networking.k8s.io/v1beta1", "IngressClass"),
    ("node.k8s.io/v1", "RuntimeClass"),
    ("node.k8s.io/v1beta1", "RuntimeClass"),
    ("policy/v1beta1", "PodSecurityPolicy"),
    ("rbac.authorization.k8s.io/v1", "ClusterRole"),
    ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"),
    ("rbac.authorization.k8s.io/v1beta1", "ClusterRole"),
    ("rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding"),
    ("scheduling.k8s.io/v1", "PriorityClass"),
    ("scheduling.k8s.io/v1beta1", "PriorityClass"),
    ("storage.k8s.io/v1", "CSIDriver"),
    ("storage.k8s.io/v1", "CSINode"),
    ("storage.k8s.io/v1", "StorageClass"),
    ("storage.k8s.io/v1", "VolumeAttachment"),
    ("storage.k8s.io/v1beta1", "CSIDriver"),
    ("storage.k8s.io/v1beta1", "CSINode"),
    ("storage.k8s.io/v1beta1", "StorageClass"),
    ("storage.k8s.io/v1beta1", "VolumeAttachment"),
    ("v1", "ComponentStatus"),
    ("v1", "Namespace"),
    ("v1", "Node"),
    ("v1", "NodeProxyOptions"),
    ("v1", "PersistentVolume"),
}


def _pod_refs(sub_paths: list[str], kinds_version: dict[str, str]) -> list[FieldSpec]:
    """Field specs for `sub_paths` (relative to a pod spec) in every workload kind."""
    out: list[FieldSpec] = []
    for sub in sub_paths:
        out.append(FieldSpec("spec/" + sub, "Pod", "", kinds_version.get("Pod", "")))
    for kind, template in POD_TEMPLATES.items():
        if kind == "ReplicationController":
            continue
        for sub in sub_paths:
            out.append(FieldSpec(f"{template}/spec/{sub}", kind))
    return out


_CM_POD = [
    "volumes/configMap/name",
    "containers/env/valueFrom/configMapKeyRef/name",
    "initContainers/env/valueFrom/configMapKeyRef/name",
    "containers/envFrom/configMapRef/name",
    "initContainers/envFrom/configMapRef/name",
    "volumes/projected/sources/configMap/name",
]
_SECRET_POD = [
    "volumes/secret/secretName",
    "containers/env/valueFrom/secretKeyRef/name",
    "initContainers/env/valueFrom/secretKeyRef/name",
    "containers/envFrom/secretRef/name",
    "initContainers/envFrom/secretRef/name",
    "imagePullSecrets/name",
    "volumes/projected/sources/secret/name",
]
_WORKLOADS_WITH_RC = ["StatefulSet", "Deployment", "ReplicationController", "CronJob", "Job", "DaemonSet"]


def _workload_field(sub: str, pod: bool = True) -> list[FieldSpec]:
    out = [FieldSpec("spec/" + sub, "Pod")] if pod else []
    for kind in _WORKLOADS_WITH_RC:
        out.append(FieldSpec(f"{POD_TEMPLATES[kind]}/spec/{sub}", kind))
    return out


_HPA = [FieldSpec("spec/scaleTargetRef/name", "HorizontalPodAutoscaler")]

# nameReference: (referral kind, group, version) -> fields of other kinds that hold its name.
NAME_REFERENCES: list[tuple[tuple[str, str, str], list[FieldSpec]]] = [
    (("Deployment", "", ""), _HPA),
    (("ReplicationController", "", ""), _HPA),
    (("ReplicaSet", "", ""), _HPA),
    (("StatefulSet", "", ""), _HPA),
    (
        ("ConfigMap", "", "v1"),
        _pod_refs(_CM_POD, {"Pod": "v1"})
        + [
            FieldSpec("spec/configSource/configMap", "Node"),
            FieldSpec("rules/resourceNames", "Role"),
            FieldSpec("rules/resourceNames", "ClusterRole"),
            FieldSpec("metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap", "Ingress"),
        ],
    ),
    (
        ("Secret", "", "v1"),
        _pod_refs(_SECRET_POD, {"Pod": "v1"})
        + [
            FieldSpec("spec/tls/secretName", "Ingress"),
            FieldSpec("metadata/annotations/ingress.kubernetes.io\\/auth-secret", "Ingress"),
            FieldSpec("metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret", "Ingress"),
            FieldSpec("metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret", "Ingress"),
            FieldSpec("imagePullSecrets/name", "ServiceAccount"),
            FieldSpec("parameters/secretName", "StorageClass"),
            FieldSpec("parameters/adminSecretName", "StorageClass"),
            FieldSpec("parameters/userSecretName", "StorageClass"),
            FieldSpec("parameters/secretRef", "StorageClass"),
            FieldSpec("rules/resourceNames", "Role"),
            FieldSpec("rules/resourceNames", "ClusterRole"),
            FieldSpec("spec/template/spec/containers/env/valueFrom/secretKeyRef/name", "Service", "serving.knative.dev", "v1"),
            FieldSpec("spec/azureFile/secretName", "PersistentVolume"),
        ],
    ),
    (
        ("Service", "", "v1"),
        [
            FieldSpec("spec/serviceName", "StatefulSet", "apps"),
            FieldSpec("spec/rules/http/paths/backend/serviceName", "Ingress"),
            FieldSpec("spec/backend/serviceName", "Ingress"),
            FieldSpec("spec/rules/http/paths/backend/service/name", "Ingress"),
            FieldSpec("spec/defaultBackend/service/name", "Ingress"),
            FieldSpec("spec/service/name", "APIService", "apiregistration.k8s.io"),
            FieldSpec("webhooks/clientConfig/service", "ValidatingWebhookConfiguration", "admissionregistration.k8s.io"),
            FieldSpec("webhooks/clientConfig/service", "MutatingWebhookConfiguration", "admissionregistration.k8s.io"),
        ],
    ),
    (("Role", "rbac.authorization.k8s.io", ""), [FieldSpec("roleRef/name", "RoleBinding", "rbac.authorization.k8s.io")]),
    (
        ("ClusterRole", "rbac.authorization.k8s.io", ""),
        [
            FieldSpec("roleRef/name", "RoleBinding", "rbac.authorization.k8s.io"),
            FieldSpec("roleRef/name", "ClusterRoleBinding", "rbac.authorization.k8s.io"),
        ],
    ),
    (
        ("ServiceAccount", "", "v1"),
        [
            FieldSpec("subjects", "RoleBinding", "rbac.authorization.k8s.io"),
            FieldSpec("subjects", "ClusterRoleBinding", "rbac.authorization.k8s.io"),
        ]
        + _workload_field("serviceAccountName"),
    ),
    (("PersistentVolumeClaim", "", "v1"), _workload_field("volumes/persistentVolumeClaim/claimName")),
    (
        ("PersistentVolume", "", "v1"),
        [FieldSpec("spec/volumeName", "PersistentVolumeClaim"), FieldSpec("rules/resourceNames", "ClusterRole")],
    ),
    (
        ("StorageClass", "storage.k8s.io", "v1"),
        [
            FieldSpec("spec/storageClassName", "PersistentVolume"),
            FieldSpec("spec/storageClassName", "PersistentVolumeClaim"),
            FieldSpec("spec/volumeClaimTemplates/spec/storageClassName", "StatefulSet"),
        ],
    ),
    (("PriorityClass", "scheduling.k8s.io", "v1"), _workload_field("priorityClassName")),
    (("IngressClass", "networking.k8s.io/v1", "v1"), [FieldSpec("spec/ingressClassName", "Ingress")]),
    (
        ("ValidatingAdmissionPolicy", "admissionregistration.k8s.io", ""),
        [FieldSpec("spec/policyName", "ValidatingAdmissionPolicyBinding", "admissionregistration.k8s.io")],
    ),
]

# kustomize's `legacy` output order.
ORDER_FIRST: list[str] = [
    "Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount",
    "PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret",
    "Endpoints", "Service", "LimitRange", "PriorityClass", "PersistentVolume", "PersistentVolumeClaim",
    "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget",
]
ORDER_LAST: list[str] = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]


NameReferences = list[tuple[tuple[str, str, str], list[FieldSpec]]]


def _merge_specs(into: list[FieldSpec], more: list[FieldSpec]) -> None:
    for fs in more:
        if fs not in into:
            into.append(fs)


class TransformerConfig:
    """The field specs a kustomization's transformers use: the defaults above plus whatever
    `configurations:` files (of this kustomization and of the ones it includes) add."""

    def __init__(self) -> None:
        self.common_labels: list[FieldSpec] = list(COMMON_LABELS)
        self.template_labels: list[FieldSpec] = list(TEMPLATE_LABELS)
        self.common_annotations: list[FieldSpec] = list(COMMON_ANNOTATIONS)
        self.images: list[FieldSpec] = list(IMAGES)
        self.replicas: list[FieldSpec] = list(REPLICAS)
        self.namespace: list[FieldSpec] = list(NAMESPACE)
        self.name_references: NameReferences = [(key, list(specs)) for key, specs in NAME_REFERENCES]
        from .kustomize_vars import DEFAULT_VAR_REFERENCES

        self.var_references: list[FieldSpec] = list(DEFAULT_VAR_REFERENCES)
        self.variables: list[dict] = []

    def merge(self, other: "TransformerConfig") -> None:
        for attr in (
            "common_labels", "template_labels", "common_annotations", "images", "replicas", "namespace", "var_references"
        ):
            _merge_specs(getattr(self, attr), getattr(other, attr))
        self.add_variables(other.variables)
        self.merge_name_references(other.name_references)

    def add_variables(self, variables: list[dict]) -> None:
        """Add vars; the same name twice must describe the same var."""
        from ..errors import RenderError

        for var in variables:
            same = next((v for v in self.variables if v["name"] == var["name"]), None)
            if same is None:
                self.variables.append(var)
            elif same != var:
                raise RenderError(f"var '{var['name']}' already encountered")

    def merge_name_references(self, refs: NameReferences) -> None:
        for key, specs in refs:
            for existing_key, existing in self.name_references:
                if existing_key == key:
                    _merge_specs(existing, specs)
                    break
            else:
                self.name_references.append((key, list(specs)))

    def add_from_yaml(self, data: dict) -> list[str]:
        """Merge a `configurations:` document; returns the names of sections it ignored."""
        ignored: list[str] = []
        sections = {
            "commonLabels": "common_labels",
            "templateLabels": "template_labels",
            "commonAnnotations": "common_annotations",
            "images": "images",
            "replicas": "replicas",
            "namespace": "namespace",
            "varReference": "var_references",
        }
        for key, value in data.items():
            if key in sections:
                _merge_specs(getattr(self, sections[key]), parse_field_specs(value))
            elif key == "nameReference":
                refs: NameReferences = []
                for entry in value or []:
                    if isinstance(entry, dict) and entry.get("kind"):
                        target = (str(entry.get("kind") or ""), str(entry.get("group") or ""), str(entry.get("version") or ""))
                        refs.append((target, parse_field_specs(entry.get("fieldSpecs"))))
                self.merge_name_references(refs)
            else:
                ignored.append(str(key))
        return ignored


def parse_field_specs(value: object) -> list[FieldSpec]:
    """[{path, kind, group, version, create}] -> FieldSpecs (entries without a path are skipped)."""
    out: list[FieldSpec] = []
    if not isinstance(value, list):
        return out
    for item in value:
        if isinstance(item, dict) and item.get("path"):
            out.append(
                FieldSpec(
                    str(item["path"]),
                    str(item.get("kind") or ""),
                    str(item.get("group") or ""),
                    str(item.get("version") or ""),
                    str(item.get("create")).lower() == "true",
                )
            )
    return out
