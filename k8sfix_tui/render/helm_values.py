"""Helm's values semantics: user values (-f, --set*), coalescing with chart defaults, globals,
dependency conditions/tags/aliases and import-values.

Rules reproduced from Helm (pkg/chart/common/util/coalesce.go, chart/v2/util/dependencies.go):
user values override chart defaults; maps merge, scalars and lists replace; a user-supplied
null deletes the key; nulls among chart defaults are dropped; `global` is copied down into every
subchart (parent wins); a subchart sees `.Values.<its name or alias>`; import-values copy child
tables into the parent at lower priority than the parent's own values.
"""

from __future__ import annotations

import copy
from typing import Any

from ..errors import RenderError
from .helm_chart import Dependency, LoadedChart
from .helm_strvals import StrvalsError, parse_file_into, parse_into, parse_json_into
from .helm_yaml import YamlLoadError, load_values_text, merge_maps
from .sprig_conv import go_str
from .sprig_semver import SemverError, parse_version, satisfies

GLOBAL = "global"


# ---------------------------------------------------------------------------------------------
# user-supplied values
# ---------------------------------------------------------------------------------------------


def read_user_values(
    values_files: list[str],
    set_values: list[str],
    set_string_values: list[str],
    set_json_values: list[str],
    set_file_values: list[str] | None = None,
) -> tuple[dict[str, Any], list[tuple[str, dict[str, int], dict[str, Any]]]]:
    """Helm's values.Options.MergeValues. Also returns, per source in priority order (lowest
    first), (label, key lines, parsed values) for provenance."""
    base: dict[str, Any] = {}
    sources: list[tuple[str, dict[str, int], dict[str, Any]]] = []
    for path in values_files:
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                text = fh.read()
        except OSError as exc:
            raise RenderError(f"open {path}: {exc.strerror or 'cannot read'}", path) from None
        try:
            current, lines = load_values_text(text)
        except YamlLoadError as exc:
            raise RenderError(f"failed to parse {path}: error converting YAML to JSON: {exc}", f"{path}:{exc.line}") from None
        base = merge_maps(base, current)
        sources.append((path, lines, current))
    for value in set_json_values:
        try:
            one = parse_json_into(value, {})
            parse_json_into(value, base)
        except StrvalsError as exc:
            raise RenderError(str(exc), "--set-json") from None
        sources.append(("--set-json", {}, one))
    for value in set_values:
        try:
            one = parse_into(value, {})
            parse_into(value, base)
        except StrvalsError as exc:
            raise RenderError(f"failed parsing --set data: {exc}", "--set") from None
        sources.append(("--set", {}, one))
    for value in set_string_values:
        try:
            one = parse_into(value, {}, as_string=True)
            parse_into(value, base, as_string=True)
        except StrvalsError as exc:
            raise RenderError(f"failed parsing --set-string data: {exc}", "--set-string") from None
        sources.append(("--set-string", {}, one))
    for value in set_file_values or []:
        try:
            one = parse_file_into(value, {}, _read_set_file)
            parse_file_into(value, base, _read_set_file)
        except StrvalsError as exc:
            raise RenderError(f"failed parsing --set-file data: {exc}", "--set-file") from None
        sources.append(("--set-file", {}, one))
    return base, sources


def _read_set_file(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError as exc:
        raise StrvalsError(f"open {path}: {exc.strerror or 'cannot read'}") from None


# ---------------------------------------------------------------------------------------------
# coalescing
# ---------------------------------------------------------------------------------------------


def _clean_nils(m: dict) -> None:
    for key in [k for k, v in m.items() if v is None]:
        del m[key]
    for v in m.values():
        if isinstance(v, dict):
            _clean_nils(v)


def coalesce_tables(dst: dict | None, src: dict | None, merge: bool) -> dict | None:
    """coalesceTablesFullKey: dst is authoritative; src fills the gaps."""
    if src is None:
        return dst
    if dst is None:
        return src
    src_non_nil = {k for k, v in src.items() if v is not None}
    for key, val in dst.items():
        if val is None:
            src[key] = None
    for key, val in list(src.items()):
        if key in dst:
            dv = dst[key]
            if not merge and dv is None and key in src_non_nil:
                del dst[key]
            elif isinstance(val, dict):
                if isinstance(dv, dict):
                    coalesce_tables(dv, val, merge)
        else:
            dst[key] = val
    return dst


def _coalesce_globals(dest: dict, src: dict) -> None:
    dg = dest.get(GLOBAL, {})
    if GLOBAL in dest and not isinstance(dg, dict):
        return
    sg = src.get(GLOBAL, {})
    if GLOBAL in src and not isinstance(sg, dict):
        return
    for key, val in sg.items():
        if isinstance(val, dict):
            vv = dict(val)
            if key not in dg:
                dg[key] = vv
            elif isinstance(dg[key], dict):
                coalesce_tables(vv, dg[key], True)
                dg[key] = vv
        elif key in dg and isinstance(dg[key], dict):
            continue
        else:
            dg[key] = val
    dest[GLOBAL] = dg


def _coalesce_values(chart: LoadedChart, v: dict, merge: bool) -> None:
    dep_names = {d.name for d in chart.dependencies}
    for key, val in copy.deepcopy(chart.values).items():
        if key in v:
            value = v[key]
            if value is None and not merge:
                del v[key]
            elif isinstance(value, dict) and isinstance(val, dict):
                m = merge or key in dep_names
                if not m:
                    _clean_nils(val)
                coalesce_tables(value, val, m)
        else:
            if not merge:
                if val is None:
                    continue
                if isinstance(val, dict):
                    _clean_nils(val)
            v[key] = val


def _coalesce_deps(chart: LoadedChart, dest: dict, merge: bool) -> dict:
    for sub in chart.dependencies:
        if sub.name not in dest:
            dest[sub.name] = {}
        elif not isinstance(dest[sub.name], dict):
            raise RenderError(f"type mismatch on {sub.name}: {go_str(dest[sub.name])}")
        dvmap = dest[sub.name]
        _coalesce_globals(dvmap, dest)
        dest[sub.name] = _coalesce(sub, dvmap, merge)
    return dest


def _coalesce(chart: LoadedChart, dest: dict, merge: bool) -> dict:
    _coalesce_values(chart, dest, merge)
    return _coalesce_deps(chart, dest, merge)


def coalesce_values(chart: LoadedChart, values: dict | None) -> dict:
    """CoalesceValues: user-supplied nulls delete keys."""
    return _coalesce(chart, copy.deepcopy(values) if values else {}, False)


def merge_values(chart: LoadedChart, values: dict | None) -> dict:
    """MergeValues: like coalesce, keeping nulls."""
    return _coalesce(chart, copy.deepcopy(values) if values else {}, True)


def table(values: dict, path: str) -> dict | None:
    """Values.Table: the map at a dotted path, or None."""
    current: Any = values
    for part in path.split("."):
        if not isinstance(current, dict) or part not in current or not isinstance(current[part], dict):
            return None
        current = current[part]
    return current


_NO_VALUE = object()


def path_value(values: dict, path: str) -> Any:
    parts = path.split(".")
    parent = values if len(parts) == 1 else table(values, ".".join(parts[:-1]))
    if parent is None or parts[-1] not in parent or isinstance(parent[parts[-1]], dict):
        return _NO_VALUE
    return parent[parts[-1]]


# ---------------------------------------------------------------------------------------------
# dependencies
# ---------------------------------------------------------------------------------------------


def _compatible(constraint: str, version: str) -> bool:
    if not constraint:
        return True
    try:
        return satisfies(constraint, parse_version(version))
    except SemverError:
        return False


def check_dependencies(chart: LoadedChart) -> None:
    """CheckDependencies: every Chart.yaml dependency must be present in charts/."""
    missing = [
        dep.name
        for dep in chart.meta_dependencies or []
        if not any(sub.name == dep.name for sub in chart.dependencies)
    ]
    if missing:
        raise RenderError(
            "an error occurred while checking for chart dependencies. You may need to run `helm dependency build` "
            f"to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: {', '.join(missing)}",
            f"{chart.origin}/Chart.yaml",
        )


def _alias_copy(charts: list[LoadedChart], dep: Dependency, parent: LoadedChart) -> LoadedChart | None:
    for c in charts:
        if c.name != dep.name or not _compatible(dep.version, c.version):
            continue
        out = c.clone(parent)
        if dep.alias:
            out.metadata["name"] = dep.alias
        return out
    return None


def _process_enabled(chart: LoadedChart, values: dict, path: str) -> None:
    if chart.meta_dependencies is None:
        return
    kept = [
        existing
        for existing in chart.dependencies
        if not any(existing.name == req.name and _compatible(req.version, existing.version) for req in chart.meta_dependencies)
    ]
    originals = list(chart.dependencies)
    for req in chart.meta_dependencies:
        found = _alias_copy(originals, req, chart)
        if found is not None:
            kept.append(found)
        if req.alias:
            req.name = req.alias
    chart.dependencies = kept
    for req in chart.meta_dependencies:
        req.enabled = True
    cvals = coalesce_values(chart, values)
    tags = table(cvals, "tags")
    if tags is not None:
        for req in chart.meta_dependencies:
            has_true = has_false = False
            for tag in req.tags:
                if tag in tags and isinstance(tags[tag], bool):
                    if tags[tag]:
                        has_true = True
                    else:
                        has_false = True
            req.enabled = not (not has_true and has_false)
    for req in chart.meta_dependencies:
        for cond in req.condition.strip().split(","):
            cond = cond.strip()
            if not cond:
                continue
            value = path_value(cvals, path + cond)
            if value is not _NO_VALUE and isinstance(value, bool):
                req.enabled = value
                break
    removed = {req.name for req in chart.meta_dependencies if not req.enabled}
    chart.dependencies = [d for d in chart.dependencies if d.name not in removed]
    for sub in chart.dependencies:
        _process_enabled(sub, cvals, path + sub.name + ".")
    chart.meta_dependencies = [req for req in chart.meta_dependencies if req.name not in removed]


def _path_to_map(path: str, data: dict) -> dict:
    if path == ".":
        return data
    out: dict = data
    for part in reversed(path.split(".")):
        out = {part: out}
    return out


def _process_import_values(chart: LoadedChart) -> None:
    for sub in chart.dependencies:
        _process_import_values(sub)
    if chart.meta_dependencies is None:
        return
    cvals = merge_values(chart, None)
    imported: dict = {}
    for req in chart.meta_dependencies:
        normalised: list[Any] = []
        for item in req.import_values:
            if isinstance(item, dict):
                child = go_str(item.get("child"))
                parent = go_str(item.get("parent"))
                normalised.append({"child": child, "parent": parent})
                sub_table = table(cvals, f"{req.name}.{child}")
                if sub_table is None:
                    continue
                coalesce_tables(imported, _path_to_map(parent, copy.deepcopy(sub_table)), True)
            elif isinstance(item, str):
                child = "exports." + item
                normalised.append({"child": child, "parent": "."})
                sub_table = table(cvals, f"{req.name}.{child}")
                if sub_table is None:
                    continue
                coalesce_tables(imported, copy.deepcopy(sub_table), True)
        req.import_values = normalised
    chart.values = coalesce_tables(copy.deepcopy(cvals), imported, True) or {}


def process_dependencies(chart: LoadedChart, values: dict) -> None:
    """ProcessDependencies: enable/disable subcharts, apply aliases, import values (in place)."""
    _process_enabled(chart, values, "")
    _process_import_values(chart)
