"""source-error: a repository file could not be read, parsed or rendered.

Each `facts.errors` entry becomes a finding located at the repository file, so a broken template or an
invalid manifest is visible next to the document findings (the drift of a document cannot be judged
against a chart that does not render). The area follows the file kind: chart files -> helm, Kustomize
files -> structure, Makefiles/scripts/CI workflows -> automation, other manifests -> workloads.

Severity: warning.

Wrong: `deploy/helm/app/templates/api.yaml:14: template: ... unexpected "}" in operand`.

Right: a template that renders.
"""

from __future__ import annotations

import os
from typing import Iterator

from ...model import Evidence, Finding
from ..context import Context

ID = "source-error"
SEVERITY = "warning"


def area_of(path: str, ctx: Context) -> str:
    base = os.path.basename(path)
    if any(path == c.path or path.startswith(c.path + "/") for c in ctx.facts.charts if c.path) or base in (
            "Chart.yaml", "values.yaml") or "/templates/" in path:
        return "helm"
    if base in ("kustomization.yaml", "kustomization.yml", "Kustomization"):
        return "structure"
    if base in ("Makefile", "makefile", "GNUmakefile") or base.endswith((".mk", ".sh")) or ".github/" in path:
        return "automation"
    return "workloads"


def check(ctx: Context) -> Iterator[Finding]:
    for err in ctx.facts.errors:
        loc = err.location
        yield ctx.finding(ID, SEVERITY, area_of(loc.path, ctx), doc=None, subject=None, field_name="source",
                          doc_value=None, actual=err.message, evidence=[Evidence(loc.path, loc.line, err.message)],
                          message=f"{loc}: {err.message}", key=f"{loc.path}:{loc.line}:{err.message}")
