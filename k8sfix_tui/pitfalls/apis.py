"""Offline table of Kubernetes API versions that were deprecated and removed.

`DEPRECATED[(apiVersion, kind)] = (deprecated_in, removed_in, replacement)`; kind "*" covers every
kind served by that group version. Versions are "1.N" strings. Sources: the upstream deprecated API
migration guide (reproduced as data, not code).
"""

from __future__ import annotations

import re

_RBAC = "rbac.authorization.k8s.io/v1"
DEPRECATED: dict[tuple[str, str], tuple[str, str, str]] = {
    ("extensions/v1beta1", "Ingress"): ("1.14", "1.22", "networking.k8s.io/v1"),
    ("extensions/v1beta1", "Deployment"): ("1.9", "1.16", "apps/v1"),
    ("extensions/v1beta1", "DaemonSet"): ("1.9", "1.16", "apps/v1"),
    ("extensions/v1beta1", "ReplicaSet"): ("1.9", "1.16", "apps/v1"),
    ("extensions/v1beta1", "NetworkPolicy"): ("1.9", "1.16", "networking.k8s.io/v1"),
    ("extensions/v1beta1", "PodSecurityPolicy"): ("1.10", "1.16", "policy/v1beta1 (itself removed in 1.25)"),
    ("apps/v1beta1", "*"): ("1.9", "1.16", "apps/v1"),
    ("apps/v1beta2", "*"): ("1.9", "1.16", "apps/v1"),
    ("networking.k8s.io/v1beta1", "Ingress"): ("1.19", "1.22", "networking.k8s.io/v1"),
    ("networking.k8s.io/v1beta1", "IngressClass"): ("1.19", "1.22", "networking.k8s.io/v1"),
    ("policy/v1beta1", "PodDisruptionBudget"): ("1.21", "1.25", "policy/v1"),
    ("policy/v1beta1", "PodSecurityPolicy"): ("1.21", "1.25", "Pod Security Admission (no replacement API)"),
    ("batch/v1beta1", "CronJob"): ("1.21", "1.25", "batch/v1"),
    ("batch/v2alpha1", "CronJob"): ("1.8", "1.21", "batch/v1"),
    ("autoscaling/v2beta1", "HorizontalPodAutoscaler"): ("1.22", "1.25", "autoscaling/v2"),
    ("autoscaling/v2beta2", "HorizontalPodAutoscaler"): ("1.23", "1.26", "autoscaling/v2"),
    ("rbac.authorization.k8s.io/v1beta1", "*"): ("1.17", "1.22", _RBAC),
    ("rbac.authorization.k8s.io/v1alpha1", "*"): ("1.17", "1.22", _RBAC),
    ("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition"): ("1.16", "1.22", "apiextensions.k8s.io/v1"),
    ("admissionregistration.k8s.io/v1beta1", "*"): ("1.16", "1.22", "admissionregistration.k8s.io/v1"),
    ("apiregistration.k8s.io/v1beta1", "APIService"): ("1.19", "1.22", "apiregistration.k8s.io/v1"),
    ("authentication.k8s.io/v1beta1", "TokenReview"): ("1.19", "1.22", "authentication.k8s.io/v1"),
    ("authorization.k8s.io/v1beta1", "*"): ("1.19", "1.22", "authorization.k8s.io/v1"),
    ("certificates.k8s.io/v1beta1", "CertificateSigningRequest"): ("1.19", "1.22", "certificates.k8s.io/v1"),
    ("coordination.k8s.io/v1beta1", "Lease"): ("1.19", "1.22", "coordination.k8s.io/v1"),
    ("scheduling.k8s.io/v1beta1", "PriorityClass"): ("1.14", "1.22", "scheduling.k8s.io/v1"),
    ("scheduling.k8s.io/v1alpha1", "PriorityClass"): ("1.14", "1.17", "scheduling.k8s.io/v1"),
    ("storage.k8s.io/v1beta1", "StorageClass"): ("1.19", "1.22", "storage.k8s.io/v1"),
    ("storage.k8s.io/v1beta1", "VolumeAttachment"): ("1.19", "1.22", "storage.k8s.io/v1"),
    ("storage.k8s.io/v1beta1", "CSIDriver"): ("1.19", "1.22", "storage.k8s.io/v1"),
    ("storage.k8s.io/v1beta1", "CSINode"): ("1.19", "1.22", "storage.k8s.io/v1"),
    ("storage.k8s.io/v1beta1", "CSIStorageCapacity"): ("1.24", "1.27", "storage.k8s.io/v1"),
    ("discovery.k8s.io/v1beta1", "EndpointSlice"): ("1.21", "1.25", "discovery.k8s.io/v1"),
    ("events.k8s.io/v1beta1", "Event"): ("1.21", "1.25", "events.k8s.io/v1"),
    ("node.k8s.io/v1beta1", "RuntimeClass"): ("1.20", "1.25", "node.k8s.io/v1"),
    ("flowcontrol.apiserver.k8s.io/v1beta1", "*"): ("1.23", "1.26", "flowcontrol.apiserver.k8s.io/v1"),
    ("flowcontrol.apiserver.k8s.io/v1beta2", "*"): ("1.26", "1.29", "flowcontrol.apiserver.k8s.io/v1"),
    ("flowcontrol.apiserver.k8s.io/v1beta3", "*"): ("1.29", "1.32", "flowcontrol.apiserver.k8s.io/v1"),
}


def parse_version(text: str) -> tuple[int, int]:
    """`1.31`, `v1.31.2`, `1.31.0-rc.1` -> (1, 31); raises ValueError on anything else."""
    m = re.fullmatch(r"v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?", str(text).strip())
    if not m:
        raise ValueError(f"not a Kubernetes version: {text!r} (expected e.g. 1.31)")
    return int(m.group(1)), int(m.group(2))


def lookup(api_version: str, kind: str) -> tuple[str, str, str] | None:
    return DEPRECATED.get((api_version, kind)) or DEPRECATED.get((api_version, "*"))


# In-tree volume plugins whose code left Kubernetes: (deprecated_in, removed_in, what replaces it).
# After removal, the volume works only through CSI migration with the named CSI driver installed
# (glusterfs has no migration at all).
IN_TREE_VOLUMES: dict[str, tuple[str, str, str]] = {
    "glusterfs": ("1.25", "1.26", "a CSI driver or NFS (no CSI migration exists)"),
    "cinder": ("1.11", "1.26", "the OpenStack Cinder CSI driver (cinder.csi.openstack.org)"),
    "awsElasticBlockStore": ("1.19", "1.27", "the AWS EBS CSI driver (ebs.csi.aws.com)"),
    "azureDisk": ("1.19", "1.27", "the Azure Disk CSI driver (disk.csi.azure.com)"),
    "gcePersistentDisk": ("1.17", "1.28", "the GCE PD CSI driver (pd.csi.storage.gke.io)"),
    "rbd": ("1.28", "1.31", "the Ceph CSI RBD driver"),
    "cephfs": ("1.28", "1.31", "the Ceph CSI CephFS driver"),
}
