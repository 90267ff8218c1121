"""probe-port-unexposed: a probe on a named port the container does not define, or on a number the
container does not list while it lists others.

Wrong: `livenessProbe.httpGet.port: http` with container ports named `web` only (the kubelet fails
the probe and restarts the container forever).

Right: a container port named `http`, or the probe's numeric port among the declared ports.
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, as_list, containers, finding, subject

ID = "probe-port-unexposed"
PROBES = ("livenessProbe", "readinessProbe", "startupProbe")


def _port(probe: dict) -> tuple[str, object] | None:
    for handler in ("httpGet", "tcpSocket", "grpc"):
        h = probe.get(handler)
        if isinstance(h, dict) and h.get("port") is not None:
            return handler, h.get("port")
    return None


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for w in facts.workloads:
        if w.obj is None:
            continue
        for path, c in containers(w.obj):
            ports = [p for p in as_list(c.get("ports")) if isinstance(p, dict)]
            names = {str(p.get("name")) for p in ports if p.get("name")}
            numbers = {p.get("containerPort") for p in ports}
            for kind in PROBES:
                probe = c.get(kind)
                hit = _port(probe) if isinstance(probe, dict) else None
                if hit is None:
                    continue
                handler, port = hit
                ref = subject(ctx, w.obj)
                where = f"{path}.{kind}.{handler}.port"
                cname = c.get("name")
                if isinstance(port, str) and not port.isdigit():
                    if port in names:
                        continue
                    yield finding(ID, "error", "probes", ref, f"{cname}.{kind}", port,
                                  f"{ref} container '{cname}' {kind} uses the named port '{port}', which the "
                                  "container does not define: the probe always fails and the pod never becomes "
                                  "healthy.", ctx.evidence(w.obj, where, f"{kind} port {port}"),
                                  f"add a container port named '{port}' or probe the port number")
                elif ports and port not in numbers and str(port) not in {str(n) for n in numbers}:
                    yield finding(ID, "info", "probes", ref, f"{cname}.{kind}", port,
                                  f"{ref} container '{cname}' {kind} probes port {port}, which is not among its "
                                  "declared ports: it works only if the process listens there, and Services cannot "
                                  "name it.", ctx.evidence(w.obj, where, f"{kind} port {port}"),
                                  f"declare containerPort {port} on '{cname}' or probe a declared port")
