"""Helm charts: `Chart` metadata and values lines, plus rendering through `render.helm`.

`read_chart` fills `model.Chart` from Chart.yaml (apiVersion v1/v2, requirements.yaml
dependencies), the templates/ tree and values.yaml (`values_lines`: dotted key -> line).
`render_objects` renders a chart with given options and turns the manifests into `K8sObject`s
(source = the template file, field lines from the renderer's line map, provenance from its
value references). The renderer is imported lazily; when missing or failing, a SourceError.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..model import Chart, ChartDependency, K8sObject, Location, SourceError, ValueRef
from .manifests import is_k8s_object, make_object
from .paths import parse_location
from .walk import read_text
from .yamlio import check_file, data_size, load_one


def _s(value: Any) -> str | None:
    return None if value is None or isinstance(value, (dict, list)) else str(value)


def read_chart(root: Path, chart_dir: str, files: list[str], errors: list[SourceError]) -> Chart | None:
    """The Chart of `chart_dir` (repo-relative), or None when Chart.yaml is unusable."""
    prefix = "" if chart_dir == "." else chart_dir + "/"
    chart_file = prefix + ("Chart.yaml" if (root / prefix / "Chart.yaml").is_file() else "Chart.yml")
    text = read_text(root, chart_file, errors)
    if text is None:
        return None
    doc, errs = load_one(text, chart_file)
    errors.extend(errs)
    if doc is None or not isinstance(doc.data, dict):
        if not errs:
            errors.append(SourceError(Location(chart_file, 1), "Chart.yaml is not a mapping"))
        return None
    meta = doc.data
    name = _s(meta.get("name")) or os.path.basename(os.path.abspath(root / chart_dir))
    deps_src = meta.get("dependencies")
    if deps_src is None and (root / prefix / "requirements.yaml").is_file():
        req_text = read_text(root, prefix + "requirements.yaml", errors)
        if req_text is not None:
            req, req_errs = load_one(req_text, prefix + "requirements.yaml")
            errors.extend(req_errs)
            if req is not None and isinstance(req.data, dict):
                deps_src = req.data.get("dependencies")
    deps = []
    for d in deps_src if isinstance(deps_src, list) else []:
        if isinstance(d, dict) and d.get("name"):
            deps.append(ChartDependency(str(d["name"]), _s(d.get("version")), _s(d.get("repository")),
                                        _s(d.get("condition")), _s(d.get("alias"))))
    tpl_prefix = prefix + "templates/"
    templates = [f for f in files if f.startswith(tpl_prefix)]
    helpers = [f for f in templates if os.path.basename(f).startswith("_")]
    values: dict[str, Any] = {}
    values_lines: dict[str, int] = {}
    values_file = prefix + "values.yaml"
    if (root / values_file).is_file():
        vtext = read_text(root, values_file, errors)
        if vtext is not None:
            vdoc, verrs = load_one(vtext, values_file)
            errors.extend(verrs)
            if vdoc is not None and isinstance(vdoc.data, dict):
                values = vdoc.data
                values_lines = dict(vdoc.field_lines)
            elif vdoc is not None:
                errors.append(SourceError(Location(values_file, vdoc.line), "values.yaml is not a mapping"))
    return Chart(
        path=chart_dir,
        name=name,
        version=_s(meta.get("version")),
        app_version=_s(meta.get("appVersion")),
        api_version=_s(meta.get("apiVersion")) or "v1",
        type=_s(meta.get("type")) or "application",
        description=_s(meta.get("description")),
        templates=templates,
        helpers=helpers,
        dependencies=deps,
        values=values,
        values_lines=values_lines,
        source=Location(chart_file, 1),
    )


@dataclass
class RenderRequest:
    release: str
    namespace: str
    values_files: list[str]  # repo-relative
    set_values: list[str]
    set_string_values: list[str]
    skip_schema_validation: bool = False  # the command passes --skip-schema-validation

    def key(self, chart_path: str) -> tuple:
        return (chart_path, self.release, self.namespace, tuple(self.values_files), tuple(self.set_values),
                tuple(self.set_string_values), self.skip_schema_validation)


def _template_path(chart: Chart, source: str) -> str:
    """`mychart/templates/x.yaml` (Helm's Source form) -> repo-relative template path."""
    src = source.replace("\\", "/")
    prefix = "" if chart.path == "." else chart.path + "/"
    if (src.startswith(prefix) and prefix) or src.startswith("templates/"):
        return src if src.startswith(prefix) and prefix else prefix + src
    _, _, rest = src.partition("/")
    return prefix + (rest or src)


def _lines_for(line_map: Any, doc_index: int) -> dict[str, int]:
    if not isinstance(line_map, dict):
        return {}
    out: dict[str, int] = {}
    for key, value in line_map.items():
        if isinstance(key, tuple) and len(key) == 2:
            if key[0] == doc_index and isinstance(value, int):
                out[str(key[1])] = value
        elif isinstance(key, str) and isinstance(value, int):
            out[key] = value
        elif isinstance(key, int) and key == doc_index and isinstance(value, dict):
            out.update({str(k): v for k, v in value.items() if isinstance(v, int)})
    return out


def _value_ref(ref: Any, root: Path, chart: Chart) -> ValueRef | None:
    if isinstance(ref, ValueRef):
        loc = ref.location
        path = loc.path
        if os.path.isabs(path):
            try:
                path = os.path.relpath(path, root).replace(os.sep, "/")
            except ValueError:
                pass
        elif not (root / path).exists() and (root / chart.path / path).exists():
            path = os.path.normpath(os.path.join(chart.path, path)).replace(os.sep, "/")
        return replace(ref, location=Location(path, loc.line, loc.col))  # keeps a DerivedRef's `via`
    return None


def _render_error(exc: Any, root: Path, chart: Chart, what: str) -> SourceError:
    """A renderer error as a SourceError at its template file:line (repo-relative) when known."""
    msg = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    where = parse_location(getattr(exc, "location", None), root, chart.source)
    if isinstance(where, Location) and not (root / where.path).exists():
        mapped = _template_path(chart, where.path)  # Helm names files `chart/templates/x.yaml`
        where = Location(mapped, where.line) if (root / mapped).exists() else chart.source
    return SourceError(where, f"{what}: " + " ".join(str(msg).split())[:400])


def _schema_note(exc: Any, root: Path) -> str:
    """`, schema deploy/c/values.schema.json` when the values broke a chart's values.schema.json."""
    schema = getattr(exc, "schema_file", None)
    if not isinstance(schema, str) or not schema:
        return ""
    rel = os.path.relpath(schema, root) if os.path.isabs(schema) else schema
    return f", schema {rel.replace(os.sep, '/')}"


def render_objects(root: Path, chart: Chart, req: RenderRequest, origin: str) -> tuple[list[K8sObject], list[SourceError]]:
    """Render `chart` with `req`; objects with `origin`, or errors."""
    try:
        from ..render import helm  # lazy: the renderer may not be available
    except Exception as exc:
        return [], [SourceError(chart.source, f"helm renderer not available ({type(exc).__name__})")]
    for values_path in [p for p in (root / chart.path).rglob("values.yaml") if "templates" not in p.parts] + [
            root / v for v in req.values_files]:
        problem = check_file(values_path, os.path.relpath(values_path, root).replace(os.sep, "/"))
        if problem is not None:
            return [], [SourceError(problem.location, f"chart not rendered ({origin}): {problem.message}")]
    try:
        opts = helm.RenderOptions(
            release_name=req.release,
            namespace=req.namespace,
            values_files=[str(root / v) for v in req.values_files],
            set_values=list(req.set_values),
            set_string_values=list(req.set_string_values),
            # one broken template or an unvendored dependency must not lose the whole chart
            keep_going=True,
            ignore_missing_dependencies=True,
            skip_schema_validation=req.skip_schema_validation,
        )
        result = helm.render_chart(root / chart.path, opts)
    except Exception as exc:  # RenderError, or anything a renderer in progress raises
        return [], [_render_error(exc, root, chart, f"helm template failed ({origin}{_schema_note(exc, root)})")]
    objects: list[K8sObject] = []
    bad: list[SourceError] = [
        _render_error(exc, root, chart, f"template not rendered ({origin})") for exc in getattr(result, "errors", []) or []
    ]
    bad.extend(SourceError(chart.source, f"{w} ({origin})") for w in getattr(result, "warnings", []) or [])
    for manifest in getattr(result, "manifests", []) or []:
        tpath = _template_path(chart, str(getattr(manifest, "source", "") or ""))
        field_lines = getattr(manifest, "field_lines", None)
        line_map = getattr(manifest, "line_map", None)
        provenance = getattr(manifest, "provenance", None) or {}
        first_line = next((n for n in line_map if isinstance(n, int) and n > 0), 1) if isinstance(line_map, list) else 1
        for idx, body in enumerate(getattr(manifest, "objects", []) or []):
            if not is_k8s_object(body):
                continue
            try:
                data_size(body)
            except ValueError as exc:
                bad.append(SourceError(Location(tpath, 1), f"rendered object rejected ({origin}): {exc}"))
                continue
            lines = _lines_for(field_lines, idx) or _lines_for(line_map, idx)
            start = min((n for n in lines.values() if n > 0), default=first_line)
            obj = make_object(body, Location(tpath, start), origin, lines)
            if isinstance(provenance, dict):
                for key, ref in provenance.items():
                    if isinstance(key, tuple) and len(key) == 2 and key[0] == idx:
                        vr = _value_ref(ref, root, chart)
                        if vr is not None:
                            obj.provenance[str(key[1])] = vr
            partial = getattr(manifest, "partial_provenance", None) or {}
            for key, refs in partial.items() if isinstance(partial, dict) else ():
                if isinstance(key, tuple) and len(key) == 2 and key[0] == idx:
                    kept = [vr for vr in (_value_ref(r, root, chart) for r in refs or ()) if vr is not None]
                    if kept:
                        obj.partial_provenance[str(key[1])] = kept
            objects.append(obj)
    return objects, bad


def kustomize_chart_dirs(root: Path, kustomization_dirs: list[str]) -> set[str]:
    """Repo-relative chart directories that a kustomization inflates: its `helmCharts` /
    `helmChartInflationGenerator` entries and builtin HelmChartInflationGenerator generators, each
    at `<chartHome>/<name>` (`<chartHome>/<name>-<version>/<name>` when both `version` and `repo`
    are set; chartHome defaults to `charts`, relative to the kustomization), as kustomize finds
    them. Those charts are rendered by the kustomize build; a kustomization that cannot be read
    adds nothing (its own errors are reported where it is rendered)."""
    try:
        from ..render.kustomize_build import Builder
        from ..render.kustomize_helm import CHART_FIELDS, chart_entries
        from ..render.kustomize_helm import _canon as canon_chart
    except Exception:  # the renderer is imported lazily, like the helm one
        return set()
    from ..errors import K8sfixError

    builder = Builder(root)
    found: set[str] = set()
    for kdir in kustomization_dirs:
        try:
            kust = builder.load_kustomization(root / kdir)
            entries, globals_ = chart_entries(kust)
            uses: list[tuple[dict[str, Any], dict[str, Any]]] = [(entry, globals_) for entry, _ in entries]
            if kust.data.get("generators"):
                for doc, _ in builder.load_plugin_configs(kust, "generators"):
                    if str(doc.get("kind") or "") == "HelmChartInflationGenerator":
                        uses.append((canon_chart(doc, CHART_FIELDS), canon_chart(doc, ["chartHome"])))
        except (K8sfixError, OSError, ValueError, TypeError, RecursionError):
            continue
        for entry, globs in uses:
            name, version, repo = (str(entry.get(k) or "") for k in ("name", "version", "repo"))
            if not name:
                continue
            parts = [kdir, str(globs.get("chartHome") or "charts")] + ([f"{name}-{version}"] if version and repo else []) + [name]
            rel = os.path.normpath(os.path.join(*parts)).replace(os.sep, "/")
            if rel != ".." and not rel.startswith("../") and not os.path.isabs(rel):
                found.add(rel)
    return found
