"""host-path: hostPath volumes, with the container runtime socket called out.

Wrong: a hostPath volume on `/var/run/docker.sock` (root-equivalent control of the node) or on any
node directory for application data (the data stays on one node and is lost on reschedule).

Right: a PersistentVolumeClaim for data; no runtime socket mounts (build with Kaniko/BuildKit).
hostPath in a DaemonSet and node system directories (/proc, /sys, /dev, /var/log, ...) are reported
as info (log and node agents need them).
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, as_list, finding, pod_spec, pod_spec_path, subject

ID = "host-path"
SYSTEM = ("/proc", "/sys", "/dev", "/boot", "/lib/modules", "/usr", "/etc", "/var/log", "/var/lib/docker/containers",
          "/var/lib/kubelet", "/run", "/var/run", "/lib", "/bin", "/sbin", "/opt/cni", "/cni")
SOCKETS = ("docker.sock", "containerd.sock", "crio.sock", "dockershim.sock", "podman.sock")


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for w in facts.workloads:
        if w.obj is None:
            continue
        prefix = pod_spec_path(w.obj.kind)
        for i, vol in enumerate(as_list(pod_spec(w.obj).get("volumes"))):
            if not isinstance(vol, dict) or not isinstance(vol.get("hostPath"), dict):
                continue
            hp = str(vol["hostPath"].get("path") or "")
            ref = subject(ctx, w.obj)
            where = f"{prefix}.volumes[{i}].hostPath.path"
            if any(hp.endswith(s) for s in SOCKETS):
                yield finding(ID, "warning", "workloads", ref, f"volume.{vol.get('name')}", hp,
                              f"{ref} mounts the node's container runtime socket {hp} (volume '{vol.get('name')}'): "
                              "anything in the pod can start privileged containers, which is root on the node.",
                              ctx.evidence(w.obj, where, f"hostPath {hp}", hp),
                              "remove the socket mount; build images with Kaniko/BuildKit or a remote builder")
            elif any(hp == p or hp.startswith(p + "/") for p in SYSTEM) or hp == "/":
                yield finding(ID, "info", "workloads", ref, f"volume.{vol.get('name')}", hp,
                              f"{ref} mounts the node's {hp} (hostPath volume '{vol.get('name')}'): it reads or changes "
                              "the node itself, which Pod Security `baseline` forbids and which ties it to node "
                              "internals.", ctx.evidence(w.obj, where, f"hostPath {hp}", hp),
                              "keep it only for node agents (DaemonSets) and mount it readOnly")
            else:
                sev = "info" if w.obj.kind == "DaemonSet" else "warning"
                yield finding(ID, sev, "storage", ref, f"volume.{vol.get('name')}", hp,
                              f"{ref} mounts the node directory {hp} (hostPath volume '{vol.get('name')}'): what it "
                              "writes stays on that one node and is lost when the pod moves.",
                              ctx.evidence(w.obj, where, f"hostPath {hp}", hp),
                              "use a PersistentVolumeClaim (or emptyDir for scratch data)")
