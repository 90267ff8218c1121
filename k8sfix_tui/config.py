"""Project configuration: `[tool.k8sfix]` in pyproject.toml, or a `.k8sfix.toml` file.

```toml
[tool.k8sfix]                      # in .k8sfix.toml the table may also be top-level
docs = ["docs/kubernetes-deployment.md"]
ignore_paths = ["docs/archive/", "vendor/**"]
severity = { placeholder = "info", "missing-topic" = "off" }   # error | warning | info | off
profiles = ["make deploy-prod"]   # extra origins to compare against (names of facts profiles)
values = ["deploy/helm/app/values-local.yaml"]   # values files the chart is described with
```
`.k8sfix.toml` wins over pyproject.toml. Unknown keys are kept in `extra`; a bad file raises
`UsageError` with its path.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from typing import Any

from .errors import UsageError
from .model import RULES

LEVELS = ("error", "warning", "info", "off")


@dataclass
class Config:
    docs: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    profiles: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    ignore_paths: list[str] = field(default_factory=list)
    source: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _str_list(value: Any, key: str, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise UsageError(f"[tool.k8sfix] {key} must be a list of strings", where)


def parse_config(data: dict[str, Any], where: str) -> Config:
    """Build a Config from the `[tool.k8sfix]` table."""
    if not isinstance(data, dict):
        raise UsageError("[tool.k8sfix] must be a table", where)
    cfg = Config(source=where)
    cfg.docs = _str_list(data.get("docs"), "docs", where)
    cfg.profiles = _str_list(data.get("profiles"), "profiles", where)
    cfg.values = _str_list(data.get("values"), "values", where)
    cfg.ignore_paths = _str_list(data.get("ignore_paths", data.get("ignore")), "ignore_paths", where)
    sev = data.get("severity") or {}
    if not isinstance(sev, dict):
        raise UsageError("[tool.k8sfix] severity must be a table {rule = level}", where)
    for rule, level in sev.items():
        rid = str(rule).replace("_", "-")
        if rid not in RULES:
            raise UsageError(f"[tool.k8sfix] severity: unknown rule '{rule}' (rules: {', '.join(RULES)})", where)
        if level not in LEVELS:
            raise UsageError(f"[tool.k8sfix] severity.{rule}: '{level}' is not one of {', '.join(LEVELS)}", where)
        cfg.severity[rid] = level
    known = {"docs", "profiles", "values", "ignore_paths", "ignore", "severity"}
    cfg.extra = {k: v for k, v in data.items() if k not in known}
    return cfg


def _read_toml(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"invalid TOML: {exc}", path) from None
    except OSError as exc:
        raise UsageError(f"cannot read: {exc.strerror}", path) from None


def load_config(repo: str, path: str | None = None) -> Config:
    """The repository's k8sfix configuration (defaults when it has none)."""
    if path:
        data = _read_toml(path)
        table = data.get("tool", {}).get("k8sfix", data) if isinstance(data.get("tool"), dict) else data
        return parse_config(table, path)
    dotfile = os.path.join(repo, ".k8sfix.toml")
    if os.path.isfile(dotfile):
        data = _read_toml(dotfile)
        tool = data.get("tool")
        table = tool.get("k8sfix", {}) if isinstance(tool, dict) and "k8sfix" in tool else data
        return parse_config(table, dotfile)
    pyproject = os.path.join(repo, "pyproject.toml")
    if os.path.isfile(pyproject):
        data = _read_toml(pyproject)
        tool = data.get("tool")
        if isinstance(tool, dict) and "k8sfix" in tool:
            return parse_config(tool["k8sfix"], pyproject)
    return Config()
