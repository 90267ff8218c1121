"""Deploy-tool configs that run Helm for the repository: Skaffold and Helmfile.

Each Helm release they declare becomes a `HelmInvocation` (action "install") found at the
release's line, so it gets a profile like any helm command the repo runs:
`skaffold.yaml` (`deploy.helm.releases`, `manifests.helm.releases`, also inside `profiles[]`)
and `helmfile.yaml` (`releases[]`; templated helmfiles that are not plain YAML are skipped).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..model import HelmInvocation, Location, SourceError
from .helmcmd import resolve_chart
from .yamlio import load_documents

SKAFFOLD_NAMES = ("skaffold.yaml", "skaffold.yml")


def is_deploy_tool_file(rel: str) -> bool:
    name = os.path.basename(rel)
    return name in SKAFFOLD_NAMES or name in ("helmfile.yaml", "helmfile.yml") or "/helmfile.d/" in f"/{rel}"


def _flat_set(values: Any, prefix: str = "") -> list[str]:
    out: list[str] = []
    if isinstance(values, dict):
        for k, v in values.items():
            key = f"{prefix}.{k}" if prefix else str(k)
            if isinstance(v, dict):
                out.extend(_flat_set(v, key))
            else:
                out.append(f"{key}={'' if v is None else v}")
    return out


def _strs(value: Any) -> list[str]:
    return [str(v) for v in value if isinstance(v, (str, int, float))] if isinstance(value, list) else []


def parse_deploy_tool(text: str, rel: str, root: Path) -> tuple[list[tuple[HelmInvocation, str]], list[SourceError]]:
    """(invocation, profile name) pairs declared by one skaffold/helmfile file, plus errors."""
    if "{{" in text and os.path.basename(rel).startswith("helmfile"):
        return [], []  # a Go-templated helmfile: not plain YAML
    docs, errors = load_documents(text, rel)
    base = rel.rpartition("/")[0] or "."
    out: list[tuple[HelmInvocation, str]] = []
    skaffold = os.path.basename(rel) in SKAFFOLD_NAMES
    for doc in docs:
        data = doc.data
        if not isinstance(data, dict):
            continue
        fl = doc.field_lines
        if skaffold:
            scopes: list[tuple[str, str, dict[str, Any]]] = [("", "", data)]
            for i, prof in enumerate(data.get("profiles") or [] if isinstance(data.get("profiles"), list) else []):
                if isinstance(prof, dict):
                    scopes.append((f"profiles[{i}].", f" (profile {prof.get('name')})", prof))
            for prefix, suffix, scope in scopes:
                for section in ("deploy", "manifests"):
                    helm = (scope.get(section) or {}).get("helm") if isinstance(scope.get(section), dict) else None
                    releases = helm.get("releases") if isinstance(helm, dict) else None
                    for j, rel_item in enumerate(releases if isinstance(releases, list) else []):
                        if not isinstance(rel_item, dict):
                            continue
                        line = fl.get(f"{prefix}{section}.helm.releases[{j}]", doc.line)
                        chart = str(rel_item.get("chartPath") or rel_item.get("remoteChart") or rel_item.get("chart") or "")
                        name = str(rel_item.get("name") or "") or None
                        sets = _flat_set(rel_item.get("setValues")) + _flat_set(rel_item.get("setValueTemplates"))
                        inv = HelmInvocation(
                            "install", name, chart, resolve_chart(chart, root, [base, "."]) if chart else None,
                            str(rel_item["namespace"]) if rel_item.get("namespace") else None,
                            [os.path.normpath(os.path.join(base, v)).replace(os.sep, "/") for v in _strs(rel_item.get("valuesFiles"))],
                            sets, [], Location(rel, line), f"skaffold helm release {name}{suffix}")
                        out.append((inv, f"skaffold {name}{suffix}"))
        else:
            releases = data.get("releases")
            for j, rel_item in enumerate(releases if isinstance(releases, list) else []):
                if not isinstance(rel_item, dict):
                    continue
                line = fl.get(f"releases[{j}]", doc.line)
                chart = str(rel_item.get("chart") or "")
                name = str(rel_item.get("name") or "") or None
                values_files = [os.path.normpath(os.path.join(base, v)).replace(os.sep, "/")
                                for v in _strs(rel_item.get("values"))]
                sets = [f"{s.get('name')}={s.get('value')}" for s in rel_item.get("set") or []
                        if isinstance(s, dict) and s.get("name")] if isinstance(rel_item.get("set"), list) else []
                inv = HelmInvocation(
                    "install", name, chart, resolve_chart(chart, root, [base, "."]) if chart else None,
                    str(rel_item["namespace"]) if rel_item.get("namespace") else None,
                    values_files, sets, [], Location(rel, line), f"helmfile release {name}")
                out.append((inv, f"helmfile {name}"))
    return out, errors
