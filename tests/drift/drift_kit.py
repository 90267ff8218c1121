"""Hand-built facts, objects, claims and documents for drift tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from k8sfix_tui.model import (Chart, Claim, DocRef, Facts, K8sObject, Location, MakeTarget, Overlay, ShellCommand,
                              ValueRef)


def obj(kind: str, name: str, spec: dict | None = None, *, origin: str = "manifests", path: str | None = None,
        line: int = 1, labels: dict | None = None, namespace: str | None = None, field_lines=None, provenance=None,
        api_version: str = "apps/v1", extra: dict | None = None) -> K8sObject:
    body: dict[str, Any] = {"apiVersion": api_version, "kind": kind,
                            "metadata": {"name": name, **({"labels": labels} if labels else {}),
                                         **({"namespace": namespace} if namespace else {})}}
    if spec is not None:
        body["spec"] = spec
    if extra:
        body.update(extra)
    return K8sObject(api_version, kind, name, namespace, body, Location(path or f"k8s/{name}.yaml", line), origin,
                     dict(field_lines or {}), dict(provenance or {}))


def deployment(name: str, *, replicas: int | None = 2, image: str = "ghcr.io/acme/app:1.0", port: int = 8080,
               resources: dict | None = None, probes: dict | None = None, env: list | None = None,
               origin: str = "manifests", labels: dict | None = None, container: str | None = None,
               kind: str = "Deployment", **kw) -> K8sObject:
    c: dict[str, Any] = {"name": container or name, "image": image,
                         "ports": [{"name": "http", "containerPort": port}]}
    if resources:
        c["resources"] = resources
    if env:
        c["env"] = env
    for k, v in (probes or {}).items():
        c[f"{k}Probe"] = v
    lbl = labels or {"app": name}
    spec: dict[str, Any] = {"selector": {"matchLabels": lbl},
                            "template": {"metadata": {"labels": lbl}, "spec": {"containers": [c]}}}
    if replicas is not None:
        spec["replicas"] = replicas
    return obj(kind, name, spec, origin=origin, labels=lbl, **kw)


def service(name: str, *, port: int = 80, target: Any = "http", node_port: int | None = None, type_: str | None = None,
            selector: dict | None = None, origin: str = "manifests", **kw) -> K8sObject:
    p: dict[str, Any] = {"port": port, "targetPort": target}
    if node_port:
        p["nodePort"] = node_port
    spec: dict[str, Any] = {"selector": selector or {"app": name}, "ports": [p]}
    if type_:
        spec["type"] = type_
    return obj("Service", name, spec, origin=origin, api_version="v1", **kw)


def facts(*objects: K8sObject, repo: str = "/nonexistent-repo", **kw) -> Facts:
    f = Facts(repo=repo, objects=list(objects), **kw)
    return f


def claim(field: str, value: Any, *, subject: str | None = None, line: int = 10, form: str = "prose",
          area: str = "workloads", text: str | None = None, section: str = "", path: str = "docs/deploy.md",
          **extra: Any) -> Claim:
    return Claim(DocRef(path, line, line, section), form, area, subject, field, value,
                 text if text is not None else f"{subject or ''} {field} {value}", None, dict(extra))


@dataclass
class Sec:
    title: str
    line: int
    end_line: int
    level: int = 2
    parent: int | None = None


@dataclass
class FakeDoc:
    """Just enough of doc.markdown.Document for drift: path, text, lines, sections, waivers, section_at."""

    path: str = "docs/deploy.md"
    text: str = ""
    sections: list[Sec] = field(default_factory=list)
    waivers: dict[int, tuple[list[str], str]] = field(default_factory=dict)
    tables: list = field(default_factory=list)
    paragraphs: list = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def section_at(self, line: int):
        best = None
        for s in self.sections:
            if s.line <= line <= s.end_line and (best is None or s.line >= best.line):
                best = s
        return best


def run(f: Facts, claims: list[Claim], *, text: str = "", sections=None, waivers=None, config=None):
    """check() over one fake document holding `claims`."""
    from k8sfix_tui.drift import check

    doc = FakeDoc(text=text or "\n".join(f"line {i}" for i in range(1, 200)), sections=list(sections or []),
                  waivers=dict(waivers or {}))
    return check(f, [doc], config, claims={doc.path: claims})


def rules_of(report, line: int | None = None) -> list[tuple[str, str]]:
    return [(x.rule, x.severity) for x in report.findings if line is None or (x.doc and x.doc.line == line)]


def chart(path: str = "deploy/chart", name: str = "app", values: dict | None = None, lines: dict | None = None,
          version: str = "1.2.0", app_version: str = "2.0.0") -> Chart:
    return Chart(path, name, version, app_version, "v2", "application", None, [], [], [], values or {},
                 lines or {}, Location(f"{path}/Chart.yaml", 1))


__all__ = ["obj", "deployment", "service", "facts", "claim", "FakeDoc", "Sec", "run", "rules_of", "chart",
           "Overlay", "MakeTarget", "ShellCommand", "ValueRef", "Location"]


# A plain Deployment manifest (web, namespace shop, 2 replicas) for repository-level regression tests.
WEB_DEPLOYMENT_YAML = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: web, image: ghcr.io/acme/web:1.0, ports: [{containerPort: 8080}]}
"""
