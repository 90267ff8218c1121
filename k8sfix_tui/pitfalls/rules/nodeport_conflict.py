"""nodeport-conflict: a nodePort requested by two Services of one deployment, or outside 30000-32767.

Wrong: Services `web` and `admin` both ask for `nodePort: 30080` (the second one is rejected by the
API server), or `nodePort: 8080` (outside the default node-port range).

Right: distinct nodePorts inside 30000-32767, or no nodePort at all (Kubernetes picks one).
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, finding

ID = "nodeport-conflict"
LOW, HIGH = 30000, 32767


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    by_origin: dict[tuple[str, int], list] = {}
    for svc in facts.services:
        for i, p in enumerate(svc.ports):
            if not p.node_port:
                continue
            path = f"spec.ports[{i}].nodePort"
            ref = f"Service/{ctx.base_name(svc.name, svc.origin)}"
            if not LOW <= p.node_port <= HIGH and svc.obj is not None:
                yield finding(ID, "error", "exposure", ref, "nodePort", p.node_port,
                              f"{ref} requests nodePort {p.node_port}, outside the node-port range {LOW}-{HIGH}: "
                              "the API server rejects the Service unless the cluster's range was changed.",
                              ctx.evidence(svc.obj, path, f"nodePort {p.node_port}"),
                              f"use a nodePort between {LOW} and {HIGH} or drop it")
            by_origin.setdefault((svc.origin, p.node_port), []).append((svc, path))
    for (origin, port), users in by_origin.items():
        names = sorted({(ctx.base_name(s.name, s.origin), s.namespace or "") for s, _ in users})
        if len({n for n, _ in names}) < 2:
            continue
        refs = [f"Service/{n}" for n, _ in names]
        evidence = []
        for s, path in users:
            if s.obj is not None:
                evidence.extend(ctx.evidence(s.obj, path, f"Service/{s.name} nodePort {port}"))
        yield finding(ID, "error", "exposure", refs[0], "nodePort", port,
                      f"nodePort {port} is requested by {', '.join(refs)}: node ports are cluster-wide, so the "
                      "second Service is rejected when both are applied.", evidence,
                      "give each Service its own nodePort")
