"""Kustomize's Helm chart inflation (`helmCharts:`, `helmGlobals:`, the legacy
`helmChartInflationGenerator:` and builtin `HelmChartInflationGenerator` generator configs),
rendered with k8sfix's own Helm renderer instead of a `helm` binary.

What kustomize does (api/internal/builtins/HelmChartInflationGenerator.go, types/helmchartargs.go,
target/kusttarget*.go of kustomize v5.8.1), reproduced here:

- the chart is `<chartHome>/<name>`, or `<chartHome>/<name>-<version>/<name>` when both `version`
  and `repo` are set; `chartHome` (default `charts`) is relative to the kustomization. A chart that
  is not there is pulled by kustomize: here a chart with a `repo` is skipped with a warning (the
  embedded renderer never fetches) and one without is an error ("no repo specified for pull");
- values: `valuesFile` (default: the chart's own values.yaml) is passed as `-f`; `valuesInline`
  is merged with it first, by `valuesMerge`: `override` (default, inline wins), `merge` (the file
  wins) or `replace` (inline only). The merge is kyaml's merge2: maps merge, lists and scalars are
  replaced, null map entries are dropped. `additionalValuesFiles` follow as more `-f` files;
- `helm template <releaseName> <chart> --namespace <ns> [--name-template] [--api-versions]
  [--kube-version] [--include-crds] [--skip-tests] [--no-hooks]`; the namespace is the entry's, else
  the kustomization's `namespace:`, else one inherited from an overlay that pulls this kustomization
  in (v5.8.1); without releaseName kustomize asks helm for `--generate-name` (a time-stamped name):
  the chart name is used instead, with a warning;
- the rendered objects join the kustomization as generated resources (after configMapGenerator and
  secretGenerator, before components and transformers), marked as helm-generated: the namespace
  transformer leaves them alone (v5.8: "Helm should take care of it"), every other transformer
  (prefix, labels, patches, images, replicas...) applies.

`helm_namespaces="legacy"` (Builder / `kustomize.build`) reproduces kustomize <= 5.7 instead (as
in the kustomize v5.5 bundled with kubectl 1.32): helm gets only the entry's own `namespace` (else
"default") and the namespace transformer treats chart objects like any other.

Beyond kustomize: a chart whose rendering fails is left out and its error recorded (the rest of the
build carries on); dependencies missing from a chart's charts/ are left out with a warning. Objects
keep their template file and line as their source, and the template line of each field.
"""

from __future__ import annotations

from dataclasses import replace

import copy
import json
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import RenderError
from ..model import Location
from .kustomize_res import Res
from .kustomize_yaml import parse_documents, parse_documents_ex

if TYPE_CHECKING:  # pragma: no cover
    from .kustomize_build import Builder, _Kust

__all__ = ["CHART_FIELDS", "inflate_charts", "merge_values", "chart_entries", "values_merge_modes"]

CHART_FIELDS = [
    "name", "version", "repo", "releaseName", "namespace", "additionalValuesFiles", "valuesFile",
    "valuesInline", "valuesMerge", "includeCRDs", "skipHooks", "apiVersions", "kubeVersion",
    "nameTemplate", "skipTests", "debug", "devel",
]
GLOBAL_FIELDS = ["chartHome", "configHome"]
_LEGACY = {  # helmChartInflationGenerator (HelmChartArgs) -> HelmChart
    "chartname": "name", "chartversion": "version", "chartrepourl": "repo", "values": "valuesFile",
    "valueslocal": "valuesInline", "valuesmerge": "valuesMerge", "releasename": "releaseName",
}
values_merge_modes = ("merge", "override", "replace")
_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)", re.I)
_TRUE = {"true", "yes", "on", "y"}
_MISSING = object()
_LINES = "\0inline-lines"  # entry key: lines of the valuesInline keys in the kustomization file


def _canon(data: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """Go's encoding/json matches field names case-insensitively (kustomize reads its config via JSON)."""
    lookup = {n.lower(): n for n in names}
    out: dict[str, Any] = {}
    for key, value in data.items():
        canon = lookup.get(str(key).lower(), str(key))
        if canon not in out or key == canon:
            out[canon] = value
    return out


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() in _TRUE


def _str_list(value: Any, what: str, where: str) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise RenderError(f"helmCharts: '{what}' must be a list of strings", where)
    return [str(v) for v in value]


# ---------------------------------------------------------------------------------------------
# values
# ---------------------------------------------------------------------------------------------


def _drop_nulls(value: Any) -> Any:
    """kyaml's field setter clears every map entry whose merged value is null (lists are kept whole)."""
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    return value


def _merge2(dest: Any, src: Any) -> Any:
    """kyaml merge2.Merge(src, dest) without a schema: `src` wins; maps merge key by key, lists
    and scalars are replaced; a null in `src` clears the entry."""
    if isinstance(dest, dict) and isinstance(src, dict):
        out: dict[str, Any] = {}
        for key in list(dest) + [k for k in src if k not in dest]:
            s = src.get(key, _MISSING)
            d = dest.get(key, _MISSING)
            if s is _MISSING:
                out[key] = d
            elif s is None:
                continue
            elif d is _MISSING or d is None:
                out[key] = s
            else:
                out[key] = _merge2(d, s)
        return out
    return src


def merge_values(file_values: dict[str, Any] | None, inline: dict[str, Any], mode: str) -> dict[str, Any]:
    """The values kustomize hands to helm when `valuesInline` is set: `override` puts the inline
    values over the values file, `merge` puts the file over the inline values (inline only adds
    keys), `replace` ignores the values file."""
    if mode == "replace":
        return copy.deepcopy(inline)
    base = copy.deepcopy(file_values or {})
    extra = copy.deepcopy(inline)
    merged = _merge2(base, extra) if mode == "override" else _merge2(extra, base)
    return _drop_nulls(merged)


# ---------------------------------------------------------------------------------------------
# chart entries
# ---------------------------------------------------------------------------------------------


def _typed_entries(kust: _Kust, key: str) -> tuple[list[Any] | None, str, dict[str, int]]:
    """The `key` list of the kustomization read with Go YAML (v2) typing, as kustomize reads it
    (the builder's own copy keeps every scalar a string), or None when that reading fails; plus
    the key as spelled and the line of every dotted key path of the file."""
    from .helm_yaml import YamlLoadError, load_values_text

    try:
        data, lines = load_values_text(kust.text)
    except (YamlLoadError, ValueError, TypeError, RecursionError):
        return None, key, {}
    for k, v in data.items():
        if str(k).lower() == key.lower():
            return (v if isinstance(v, list) else None), str(k), lines
    return None, key, {}


def _inline_lines(lines: dict[str, int], prefix: str) -> dict[str, int]:
    """Lines of the keys under `prefix.` (e.g. `helmCharts[0].valuesInline.`), keys made relative."""
    cut = len(prefix) + 1
    return {k[cut:]: v for k, v in lines.items() if k.startswith(prefix + ".")}


def chart_entries(kust: _Kust) -> tuple[list[tuple[dict[str, Any], str]], dict[str, Any]]:
    """(chart entry, location) of every `helmCharts` (then `helmChartInflationGenerator`) entry,
    with the `helmGlobals` to use. Entries are canonicalised to HelmChart field names."""
    out: list[tuple[dict[str, Any], str]] = []
    globals_ = _canon(kust.get_map("helmGlobals"), GLOBAL_FIELDS)
    typed, spelled, lines = _typed_entries(kust, "helmCharts")
    for i, raw in enumerate(kust.get_list("helmCharts")):
        if not isinstance(raw, dict):
            raise RenderError("each 'helmCharts' entry must be a map", kust.loc("helmCharts"))
        entry = _canon(raw, CHART_FIELDS)
        if typed is not None and i < len(typed) and isinstance(typed[i], dict):
            inline = _canon(typed[i], CHART_FIELDS).get("valuesInline")
            if inline is not None:
                entry["valuesInline"] = inline
                key = next((k for k in typed[i] if str(k).lower() == "valuesinline"), "valuesInline")
                entry[_LINES] = _inline_lines(lines, f"{spelled}[{i}].{key}")
        name = str(entry.get("name") or "")
        out.append((entry, kust.loc(f"name: {name}") if name else kust.loc("helmCharts")))
    legacy = kust.get_list("helmChartInflationGenerator")
    typed, spelled, lines = _typed_entries(kust, "helmChartInflationGenerator") if legacy else (None, "", {})
    legacy_globals: dict[str, Any] = {}
    for i, raw in enumerate(legacy):
        if not isinstance(raw, dict):
            raise RenderError("each 'helmChartInflationGenerator' entry must be a map", kust.loc("helmChartInflationGenerator"))
        entry: dict[str, Any] = {}
        for key, value in raw.items():
            low = str(key).lower()
            if low in _LEGACY:
                entry[_LEGACY[low]] = value
            elif low == "charthome" and value:
                legacy_globals["chartHome"] = value  # last non-empty wins
            elif low == "helmhome" and value:
                legacy_globals["configHome"] = value
        if typed is not None and i < len(typed) and isinstance(typed[i], dict):
            for key, value in typed[i].items():
                if str(key).lower() == "valueslocal" and value is not None:
                    entry["valuesInline"] = value
                    entry[_LINES] = _inline_lines(lines, f"{spelled}[{i}].{key}")
        name = str(entry.get("name") or "")
        out.append((entry, kust.loc(f"chartName: {name}") if name else kust.loc("helmChartInflationGenerator")))
    if not kust.data.get("helmGlobals") and legacy_globals:
        globals_ = legacy_globals
    return out, globals_


def typed_plugin_inline(builder: Builder, kust: _Kust, name: str) -> dict[str, Any] | None:
    """`valuesInline` of the builtin HelmChartInflationGenerator config named `name` among the
    kustomization's `generators:`, read with Go YAML typing (plugin configs are otherwise read
    with every scalar a string, and `enabled: false` must stay a boolean)."""
    from .helm_yaml import YamlLoadError, go_yaml_load_all

    for entry in kust.get_list("generators"):
        if not isinstance(entry, str) or not entry.strip():
            continue
        if "\n" in entry or ": " in entry.split("\n")[0]:
            text = entry
        else:
            try:
                text = builder.read_file_bytes(kust, entry, "plugin configuration")[0].decode("utf-8", "replace")
            except RenderError:
                continue
        try:
            docs = go_yaml_load_all(text)
        except (YamlLoadError, ValueError, TypeError, RecursionError):
            continue
        for doc in docs:
            if not isinstance(doc, dict) or str(doc.get("kind") or "") != "HelmChartInflationGenerator":
                continue
            chart = _canon(doc, CHART_FIELDS)
            if str(chart.get("name") or "") == name and isinstance(chart.get("valuesInline"), dict):
                return chart["valuesInline"]
    return None


# ---------------------------------------------------------------------------------------------
# inflation
# ---------------------------------------------------------------------------------------------


class _ChartSkipped(Exception):
    """A chart that is not rendered, with the warning that says why."""


def inflate_charts(builder: Builder, kust: _Kust, inherited_namespace: str) -> list[Res]:
    """Render every chart of `kust`; returns their objects as resources (kustomize's output order
    of `helm template`). Chart failures go to `builder.chart_errors` (and a warning)."""
    entries, globals_ = chart_entries(kust)
    own_ns = kust.data.get("namespace")
    namespace = own_ns if isinstance(own_ns, str) and own_ns else inherited_namespace
    if builder.helm_namespaces != "v5.8":
        namespace = ""  # kustomize <= 5.7: helm only gets the entry's own namespace
    out: list[Res] = []
    for entry, where in entries:
        out.extend(inflate_one(builder, kust, entry, globals_, where, namespace))
    return out


def inflate_one(
    builder: Builder, kust: _Kust, entry: dict[str, Any], globals_: dict[str, Any], where: str, namespace: str = ""
) -> list[Res]:
    """One chart entry (HelmChart fields, canonical names) -> resources. A missing local chart
    without a repo, bad values files or a failing render are recorded in `builder.chart_errors`
    and give no resources; a remote-only chart gives a warning."""
    try:
        return _inflate(builder, kust, entry, globals_, where, namespace)
    except _ChartSkipped as skipped:
        builder.warnings.append(str(skipped))
        return []
    except (RenderError, OSError, ValueError, TypeError, RecursionError, MemoryError, KeyError) as exc:
        from .kustomize_build import PathEscapeError

        if isinstance(exc, PathEscapeError):
            raise
        name = str(entry.get("name") or "?")
        if isinstance(exc, RenderError):
            message, location = exc.message, exc.location
        else:  # a path the OS refuses, or a chart the renderer chokes on: still one chart's problem
            message, location = f"cannot render the chart ({type(exc).__name__}: {str(exc)[:200]})", None
        err = RenderError(f"helm chart '{name}': {' '.join(message.split())}", location or where)
        builder.chart_errors.append(err)
        builder.warnings.append(f"{err.location}: {err.message}; chart left out")
        return []


def _inflate(
    builder: Builder, kust: _Kust, entry: dict[str, Any], globals_: dict[str, Any], where: str, namespace: str
) -> list[Res]:
    from .helm import RenderOptions, render_chart

    name = str(entry.get("name") or "")
    if not name:
        raise RenderError("chart name cannot be empty", where)
    version = str(entry.get("version") or "")
    repo = str(entry.get("repo") or "")
    mode = str(entry.get("valuesMerge") or "override")
    if mode not in values_merge_modes:
        raise RenderError(f"valuesMerge must be one of [{' '.join(values_merge_modes)}]", kust.loc("valuesMerge"))
    home = str(globals_.get("chartHome") or "charts")
    home_path = builder.resolve(kust, home, "chartHome")
    if version and repo:
        home_path = home_path / f"{name}-{version}"
    chart_dir = Path(os.path.normpath(home_path / name))
    if not builder.inside_root(chart_dir):
        from .kustomize_build import PathEscapeError

        raise PathEscapeError(f"helm chart '{name}' leaves the repository root", where)
    rel_chart = builder.rel(chart_dir)
    if not chart_dir.is_dir():
        if repo:
            builder.remote_skipped = True
            raise _ChartSkipped(
                f"{where}: helm chart '{name}'{f' {version}' if version else ''} from {repo} is not vendored at "
                f"'{rel_chart}'; remote charts are not fetched (kustomize would run helm pull); chart skipped"
            )
        raise RenderError(f"no repo specified for pull, no chart found at '{rel_chart}'", where)

    release = str(entry.get("releaseName") or "")
    name_template = str(entry.get("nameTemplate") or "")
    if release and name_template:
        raise RenderError("cannot use --name-template and also specify a name", where)
    if not release and not name_template:
        builder.warnings.append(
            f"{where}: helm chart '{name}' has no releaseName: kustomize passes --generate-name (a time-stamped "
            f"release name such as '{name}-1700000000'); rendered with release name '{name}'"
        )
        release = name

    with tempfile.TemporaryDirectory(prefix="k8sfix-kustomize-helm-") as tmp:
        values_files = _values_files(builder, kust, entry, chart_dir, mode, where, Path(tmp), name)
        origin = _ValueOrigins(builder, kust, entry, chart_dir, mode, values_files, Path(tmp))
        opts = RenderOptions(
            release_name=release or "release-name",
            namespace=str(entry.get("namespace") or namespace or "default"),
            values_files=values_files,
            kube_version=str(entry.get("kubeVersion") or "") or None,
            api_versions=_str_list(entry.get("apiVersions"), "apiVersions", where),
            include_crds=_flag(entry.get("includeCRDs")),
            skip_tests=_flag(entry.get("skipTests")),
            name_template=name_template or None,
            ignore_missing_dependencies=True,
        )
        try:
            result = render_chart(chart_dir, opts)
        except RenderError as exc:
            raise RenderError(exc.message, _chart_location(builder, chart_dir, exc.location) or where) from None
        except (RecursionError, MemoryError):
            raise RenderError("rendering the chart failed (templates nested too deeply)", where) from None
    for warning in result.warnings:
        builder.warnings.append(f"{rel_chart}/Chart.yaml: {warning}")
    skip_hooks = _flag(entry.get("skipHooks"))
    out: list[Res] = []
    for manifest in result.manifests:
        if skip_hooks and manifest.hook:
            continue
        out.extend(_resources_of(builder, manifest, chart_dir, origin))
    return out


class _ValueOrigins:
    """Turns the values provenance of Helm's result (labels: the `-f` files, the chart's
    values.yaml) into repository locations: a value from `valuesInline` points at its line in
    the kustomization, one from the values file at that file."""

    def __init__(self, builder: Builder, kust: _Kust, entry: dict[str, Any], chart_dir: Path, mode: str,
                 values_files: list[str], tmp: Path) -> None:
        self.builder = builder
        self.kust = kust
        self.chart_dir = chart_dir
        self.tmp = str(tmp)
        self.mode = mode
        self.inline = entry.get("valuesInline") if isinstance(entry.get("valuesInline"), dict) else {}
        self.inline_lines: dict[str, int] = entry.get(_LINES) or {}
        self.file_label: str | None = None
        self.file_lines: dict[str, int] = {}
        self.file_values: dict[str, Any] = {}
        ref = entry.get("valuesFile")
        path = None
        if not (ref and _REMOTE.match(str(ref))):
            path = (kust.directory / str(ref)) if ref else chart_dir / "values.yaml"
        if self.inline and path is not None and mode != "replace":
            from .helm_yaml import YamlLoadError, load_values_text

            try:
                self.file_values, self.file_lines = load_values_text(Path(path).read_text(encoding="utf-8"))
                self.file_label = builder.rel(Path(os.path.realpath(path)))
            except (OSError, UnicodeDecodeError, YamlLoadError, ValueError, TypeError, RecursionError):
                self.file_label = None

    @staticmethod
    def _has(values: Any, key: str) -> bool:
        return _get(values, key) is not _MISSING

    def ref(self, ref: Any) -> Any:
        from ..model import ValueRef

        if not isinstance(ref, ValueRef):
            return None
        path, line, key = ref.location.path, ref.location.line, ref.key
        if path.startswith(self.tmp):  # the merged valuesFile + valuesInline
            in_inline = self._has(self.inline, key)
            in_file = self.file_label is not None and self._has(self.file_values, key)
            if in_inline and (self.mode != "merge" or not in_file):
                return replace(ref, location=Location(self.kust.rel_file, self.inline_lines.get(key, 0)))
            if in_file:
                return replace(ref, location=Location(self.file_label, self.file_lines.get(key, 0)))
            return None
        if os.path.isabs(path):
            rel = self.builder.rel(Path(path))
            return None if rel.startswith("../") else replace(ref, location=Location(rel, line, ref.location.col))
        # dataclasses.replace keeps a DerivedRef (and its `via`) a DerivedRef
        return replace(ref, location=Location(f"{self.builder.rel(self.chart_dir)}/{path}", line, ref.location.col))


def _values_files(
    builder: Builder, kust: _Kust, entry: dict[str, Any], chart_dir: Path, mode: str, where: str, tmp: Path, name: str
) -> list[str]:
    """The `-f` files of the helm call (absolute paths; a merged values file is written to `tmp`)."""
    values_ref = entry.get("valuesFile")
    inline = entry.get("valuesInline")
    if inline not in (None, "", {}) and not isinstance(inline, dict):
        raise RenderError("helmCharts: 'valuesInline' must be a map", where)
    files: list[str] = []
    if values_ref and _REMOTE.match(str(values_ref)):
        builder.remote_skipped = True
        builder.warnings.append(f"{kust.loc(str(values_ref))}: remote values file '{values_ref}' not fetched; ignored")
        file_path: Path | None = None
        text = ""
    else:
        if values_ref:
            ref = str(values_ref)
        else:
            ref = os.path.relpath(chart_dir / "values.yaml", kust.directory)
            if not (chart_dir / "values.yaml").is_file():
                raise RenderError(
                    f"no valuesFile given and the chart has no values.yaml ('{builder.rel(chart_dir / 'values.yaml')}'): "
                    "kustomize hands that file to helm and fails without it", where)
        content, file_path = builder.read_file_bytes(kust, ref, "values file")
        text = content.decode("utf-8", errors="replace")
    if inline:
        file_values: dict[str, Any] | None = None
        if mode != "replace" and file_path is not None:
            rel = builder.rel(file_path)
            docs = parse_documents(text, rel)
            first = docs[0][0] if docs else None
            if first is not None and not isinstance(first, dict):
                raise RenderError("could not parse values file into rnode: not a map", f"{rel}:{docs[0][1]}")
            file_values = first
        merged = merge_values(file_values, inline, mode)
        target = tmp / f"{name}-kustomize-values.yaml"
        target.write_text(json.dumps(merged, default=str), encoding="utf-8")
        files.append(str(target))
    elif file_path is not None:
        files.append(str(file_path))
    for ref in _str_list(entry.get("additionalValuesFiles"), "additionalValuesFiles", where):
        if _REMOTE.match(ref):
            builder.remote_skipped = True
            builder.warnings.append(f"{kust.loc(ref)}: remote values file '{ref}' not fetched; ignored")
            continue
        files.append(str(builder.read_file_bytes(kust, ref, "additional values file")[1]))
    return files


def _chart_location(builder: Builder, chart_dir: Path, location: str | None) -> str | None:
    """A Helm error location (`chart/templates/x.yaml:3`, or a path under the chart) made
    repository-relative."""
    if not location or location.startswith("-"):  # `--kube-version` and other flags: the entry
        return None
    path, sep, rest = location.partition(":")
    if os.path.isabs(path):
        rel = builder.rel(Path(path))
        return None if rel.startswith("../") else rel + sep + rest  # the merged values file: the entry
    first, slash, tail = path.partition("/")
    if slash and (chart_dir / tail).exists():
        return f"{builder.rel(chart_dir)}/{tail}{sep}{rest}"
    if (chart_dir / path).exists():
        return f"{builder.rel(chart_dir)}/{path}{sep}{rest}"
    return location


def _template_file(builder: Builder, chart_dir: Path, source: str) -> str:
    """Helm's `# Source:` path (`<chart name>/templates/x.yaml`) as a repository path."""
    _, _, tail = source.partition("/")
    return f"{builder.rel(chart_dir)}/{tail}" if tail else builder.rel(chart_dir)


def _resources_of(builder: Builder, manifest: Any, chart_dir: Path, origin: _ValueOrigins | None = None) -> list[Res]:
    rel = _template_file(builder, chart_dir, manifest.source)
    line_map = list(getattr(manifest, "line_map", None) or [])
    first = next((n for n in line_map if n > 0), 1)
    docs = parse_documents_ex(manifest.text, rel)  # kustomize re-reads helm's output as YAML 1.2
    out: list[Res] = []
    for doc, line, nulls in docs:
        template_line = line_map[line - 1] if 0 < line <= len(line_map) and line_map[line - 1] > 0 else (
            line if manifest.crd else first)
        objs = builder._expand_list(doc, rel, template_line)
        for obj in objs:
            res = Res(obj=obj, source=Location(rel, template_line))
            res.helm_generated = True
            res.namespace_exempt = builder.helm_namespaces == "v5.8"
            if len(objs) == 1 and objs[0] is doc:
                res.explicit_nulls = nulls
            if len(docs) == 1 and len(objs) == 1:
                res.template_lines = {
                    path: ln for (idx, path), ln in getattr(manifest, "field_lines", {}).items() if idx == 0 and ln > 0
                }
                res.template_body = copy.deepcopy(obj)
                if origin is not None:
                    for (idx, path), ref in (getattr(manifest, "provenance", None) or {}).items():
                        mapped = origin.ref(ref) if idx == 0 else None
                        if mapped is not None:
                            res.value_refs[path] = mapped
                    for (idx, path), refs in (getattr(manifest, "partial_provenance", None) or {}).items():
                        kept = [m for m in (origin.ref(r) for r in refs) if m is not None] if idx == 0 else []
                        if kept:
                            res.partial_refs[path] = kept
            out.append(res)
    return out


# ---------------------------------------------------------------------------------------------
# field lines that survive the transformers
# ---------------------------------------------------------------------------------------------


_TOKEN = re.compile(r"\[(\d+)\]|([^.\[]+)")


def _get(data: Any, path: str) -> Any:
    """Value at a dotted path (`spec.containers[0].image`); map keys may themselves contain dots."""
    parts: list[Any] = []
    for m in _TOKEN.finditer(path):
        parts.append(int(m.group(1)) if m.group(1) is not None else m.group(2))
    return _walk(data, parts)


def _walk(cur: Any, parts: list[Any]) -> Any:
    if not parts:
        return cur
    head = parts[0]
    if isinstance(head, int):
        if isinstance(cur, list) and head < len(cur):
            return _walk(cur[head], parts[1:])
        return _MISSING
    if not isinstance(cur, dict):
        return _MISSING
    # the longest run of dotted name parts that is a key of this map
    names = []
    for p in parts:
        if isinstance(p, int):
            break
        names.append(p)
    for n in range(len(names), 0, -1):
        key = ".".join(names[:n])
        if key in cur:
            found = _walk(cur[key], parts[n:])
            if found is not _MISSING:
                return found
    return _MISSING


def surviving_lines(res: Res) -> dict[str, int]:
    """Template lines of the fields whose value the kustomization left as the chart rendered it."""
    return _surviving(res, getattr(res, "template_lines", None) or {})


def surviving_refs(res: Res) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """Values provenance (whole scalar, partial) of the fields the kustomization left as rendered."""
    return _surviving(res, res.value_refs), _surviving(res, res.partial_refs)


def _surviving(res: Res, lines: dict[str, Any]) -> dict[str, Any]:
    before = getattr(res, "template_body", None)
    if not lines or before is None:
        return {}
    out: dict[str, Any] = {}
    for path, line in lines.items():
        a, b = _get(before, path), _get(res.obj, path)
        if a is _MISSING or b is _MISSING:
            continue
        if isinstance(a, (dict, list)) or isinstance(b, (dict, list)):
            if type(a) is type(b):
                out[path] = line
        elif a == b and type(a) is type(b):
            out[path] = line
    return out
