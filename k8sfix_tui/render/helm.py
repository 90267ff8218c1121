"""Render a Helm chart exactly as `helm template` does, with provenance of rendered values.

    from k8sfix_tui.render.helm import render_chart, RenderOptions
    result = render_chart("deploy/chart", RenderOptions(release_name="api", set_values=["replicas=3"]))
    result.text        # byte-for-byte what `helm template` prints
    result.manifests   # one RenderedManifest per printed document, in output order
    result.values      # final merged values of the root chart

Pipeline (Helm's): load chart -> check installable and dependencies -> user values (-f, then
--set-json, --set, --set-string) -> dependency conditions/tags/aliases and import-values ->
coalesce with chart defaults -> check each chart's values.schema.json (`helm_schema`; off with
`skip_schema_validation`) -> render every template of every chart in one template namespace
(deeper files parsed first so parents' defines win) -> drop NOTES.txt and partials -> split
documents, sort by kind install order (hooks last), `# Source:` headers -> --show-only.
Failures raise `RenderError` worded like Helm's, with `location` = file:line when known (and
`debug_hint` set where helm adds "Use --debug flag to render out invalid YAML").

Beyond helm's flags, RenderOptions has two analysis conveniences, both off by default:
`ignore_missing_dependencies` (render without subcharts missing from charts/, listed in
`result.warnings`) and `keep_going` (leave out templates that fail, errors in `result.errors`).
Provenance: `RenderedManifest.provenance[(0, "spec.replicas")]` is the values key whose value was
printed as that whole scalar; `partial_provenance` lists keys printed inside a larger scalar. Values
keep their key through the functions listed in `helm_funcs.PROVENANCE_MODES` (quote, upper, trunc,
trimSuffix, replace, b64enc, int, tpl, printf, cat, join, toYaml/toJson leaves...) and through those
that return an argument (default, required, coalesce, ternary) and include; a key whose value was
changed on the way (`upper`, `trunc 4`, `tpl`) is a `DerivedRef` naming the functions in `via`.
"""

from __future__ import annotations

import bisect
import contextlib
import copy
import gc
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import RenderError
from ..model import Location, ValueRef
from .gotemplate import TemplateError, TemplateSet
from .gotemplate.funcs import BUILTINS as _ENGINE_BUILTINS
from .helm_chart import LoadedChart, go_path_match, load_chart
from .helm_funcs import (
    HELM_ERR_RE,
    PROVENANCE_MODES,
    Capabilities,
    Files,
    HelmFunctionError,
    helm_functions,
)
from .helm_schema import validate_values
from .helm_values import check_dependencies, coalesce_values, process_dependencies, read_user_values, table
from .helm_yaml import GoYamlLoader, YamlLoadError, go_value, load_single_checked
from .sprig import sprig_functions
from .sprig_conv import Int64
from .sprig_semver import SemverError, parse_version, satisfies

__all__ = [
    "RenderOptions",
    "RenderedManifest",
    "RenderResult",
    "DerivedRef",
    "derived",
    "render_chart",
    "load_chart",
    "render_name_template",
    "KIND_ORDER",
]

MAX_INCLUDE_DEPTH = 200
RELEASE_NAME_MAX = 53
_RELEASE_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")

KIND_ORDER: tuple[str, ...] = (
    "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
    "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass",
    "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole", "ClusterRoleList",
    "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList",
    "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment", "HorizontalPodAutoscaler",
    "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService", "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
)
_KIND_RANK = {k: i for i, k in enumerate(KIND_ORDER)}
_HOOK_EVENTS = {
    "pre-install", "post-install", "pre-delete", "post-delete", "pre-upgrade", "post-upgrade", "pre-rollback",
    "post-rollback", "test", "test-success",
}
_SEP = re.compile(r"(?m)^---[ \t]*")
_SOURCE_RE = re.compile(r"# Source: [^/]+/(.+)")


@dataclass
class RenderOptions:
    """What `helm template` takes on its command line."""

    release_name: str = "release-name"
    namespace: str = "default"
    values_files: list[str] = field(default_factory=list)
    set_values: list[str] = field(default_factory=list)
    set_string_values: list[str] = field(default_factory=list)
    set_json_values: list[str] = field(default_factory=list)
    set_file_values: list[str] = field(default_factory=list)
    kube_version: str | None = None
    api_versions: list[str] = field(default_factory=list)
    include_crds: bool = False
    show_only: list[str] = field(default_factory=list)
    skip_tests: bool = False
    name_template: str | None = None
    is_upgrade: bool = False
    # not a helm flag: render even when Chart.yaml dependencies are missing from charts/ (repos
    # rarely commit them); the missing subcharts are left out and listed in result.warnings
    ignore_missing_dependencies: bool = False
    # not a helm flag: a template that fails to render (or renders invalid YAML) is left out and
    # its error recorded in result.errors, instead of failing the whole chart like helm does
    keep_going: bool = False
    # which helm's output to reproduce: 3 trims each document (helm <= 3.17 SplitManifests);
    # 4 keeps each document's trailing whitespace (helm 4, as in Helm's own golden files)
    helm_major: int = 3
    # helm >= 3.16 --skip-schema-validation: do not check values against values.schema.json
    skip_schema_validation: bool = False


@dataclass
class RenderedManifest:
    """One document `helm template` prints.

    `source` is Helm's `# Source:` path (`chart/templates/x.yaml`); `text` the document body as
    printed; `objects` the parsed document (zero or one dict); `line_map[i]` the line in the
    template file that produced line i of `text` (0 when unknown); `field_lines[(0, "spec.replicas")]`
    the template line of each field; `provenance[(0, "spec.replicas")]` the values key behind a
    rendered scalar. `hook` tells whether Helm treats the document as a hook.
    """

    source: str
    text: str
    objects: list[dict[str, Any]]
    line_map: list[int] = field(default_factory=list)
    field_lines: dict[tuple[int, str], int] = field(default_factory=dict)
    provenance: dict[tuple[int, str], ValueRef] = field(default_factory=dict)
    # every values key printed *inside* a scalar built from several parts
    # (`image: {{ .Values.repo }}:{{ .Values.tag }}` -> [repo ref, tag ref])
    partial_provenance: dict[tuple[int, str], list[ValueRef]] = field(default_factory=dict)
    hook: bool = False
    crd: bool = False


@dataclass
class RenderResult:
    text: str
    manifests: list[RenderedManifest]
    values: dict[str, Any]
    values_lines: dict[str, Location]
    notes: str = ""
    release_name: str = "release-name"
    warnings: list[str] = field(default_factory=list)
    errors: list[RenderError] = field(default_factory=list)  # keep_going only


# ---------------------------------------------------------------------------------------------
# values with provenance
# ---------------------------------------------------------------------------------------------


class VStr(str):
    """A string from chart values, carrying where it was set (`_ref`)."""

    _ref: ValueRef


class VInt(int):
    _ref: ValueRef


class VFloat(float):
    _ref: ValueRef


class VInt64(Int64):
    """An int64 (from --set) carrying provenance."""

    _ref: ValueRef


def _tag(value: Any, ref: ValueRef) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        out: Any = VStr(value)
    elif isinstance(value, int):
        out = VInt64(value) if isinstance(value, Int64) else VInt(value)
    elif isinstance(value, float):
        out = VFloat(value)
    else:
        return value
    out._ref = ref
    return out


def ref_of(value: Any) -> ValueRef | None:
    return getattr(value, "_ref", None) if isinstance(value, (str, int, float)) else None


@dataclass(frozen=True)
class DerivedRef(ValueRef):
    """A values key whose value reached the output through functions that changed it (`upper`,
    `trunc 63`, `b64enc`, `tpl`...): the rendered scalar is computed from the key's value rather
    than equal to it. `via` names those functions in the order they applied; it never holds an
    argument or the value itself (b64enc'd secrets keep only their key)."""

    via: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        out["via"] = list(self.via)
        return out


def derived(ref: ValueRef, name: str) -> DerivedRef:
    """`ref` marked derived through function `name` (appended to an existing chain)."""
    via = ref.via if isinstance(ref, DerivedRef) else ()
    return DerivedRef(ref.key, ref.location, via + (name,))


def _text_of(value: Any) -> str:
    """How a scalar prints (Go's %v; strings as they are)."""
    return str.__str__(value) if isinstance(value, str) else _go_text(value)


class _Provenance:
    """Answers "where was the value at root path P set?" in Helm's priority order."""

    def __init__(self) -> None:
        self.user: list[tuple[str, dict[str, int], set[str]]] = []  # highest priority first
        self.charts: list[tuple[str, str, dict[str, int]]] = []  # (scope prefix, file, lines), shallow first

    def add_user(self, label: str, lines: dict[str, int], data: dict) -> None:
        paths: set[str] = set()
        _flatten(data, "", paths)
        self.user.insert(0, (label, lines, paths))

    def lookup(self, path: str) -> ValueRef | None:
        candidates = [path]
        if ".global." in path:
            candidates.append("global." + path.split(".global.", 1)[1])
        for cand in candidates:
            for label, lines, paths in self.user:
                if cand in paths:
                    return ValueRef(cand, Location(label, lines.get(cand, 0)))
            for prefix, vfile, lines in self.charts:
                if prefix and not cand.startswith(prefix):
                    continue
                rel = cand[len(prefix):]
                if rel in lines:
                    return ValueRef(rel, Location(vfile, lines[rel]))
        return None


def _flatten(data: Any, prefix: str, out: set[str]) -> None:
    if isinstance(data, dict):
        for k, v in data.items():
            path = f"{prefix}.{k}" if prefix else str(k)
            out.add(path)
            _flatten(v, path, out)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            path = f"{prefix}[{i}]"
            out.add(path)
            _flatten(v, path, out)


def _wrap_values(value: Any, path: str, prov: _Provenance) -> Any:
    if isinstance(value, dict):
        for k in list(value):
            value[k] = _wrap_values(value[k], f"{path}.{k}" if path else str(k), prov)
        return value
    if isinstance(value, list):
        for i in range(len(value)):
            value[i] = _wrap_values(value[i], f"{path}[{i}]", prov)
        return value
    ref = prov.lookup(path)
    return _tag(value, ref) if ref is not None else value


def _plain(value: Any) -> Any:
    """Values for result.values: plain types, whole floats as ints."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return int(value) if value == int(value) and abs(value) < 2**63 else float(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str):
        return str.__str__(value)
    return value


# ---------------------------------------------------------------------------------------------
# the engine runtime: one parsed TemplateSet per chart content, reused across renders
# ---------------------------------------------------------------------------------------------


class _Context:
    """Provenance bookkeeping of one template execution.

    `spans`: (offset in the rendered file, length, ref) of each values scalar whose printed text
    is known to sit exactly there. `pending`: (ref, text, partial) of values printed where the
    position is not known yet (inside include/tpl output, printf arguments, toYaml leaves); they
    are placed when the enclosing top-level action prints, by finding their text, in order, inside
    that action's own text only."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int, ValueRef]] = []
        self.pending: list[tuple[ValueRef, str, bool]] = []
        self.include_depth = 0

    def reset(self) -> None:
        self.spans = []
        self.pending = []
        self.include_depth = 0


class _Runtime:
    def __init__(self, templates: list[tuple[str, str]]) -> None:
        self.local = threading.local()
        funcs = helm_functions(self._include, self._tpl)
        # functions that transform or embed a value carry its provenance (helm_funcs.PROVENANCE_MODES);
        # default/required/coalesce/ternary/get/index return the argument itself, so tags survive them
        for name, (mode, which) in PROVENANCE_MODES.items():
            if name in funcs:
                funcs[name] = self._traced(name, funcs[name], mode, which)
        funcs["printf"] = self._printf
        self.ts = TemplateSet(funcs, max_depth=1000, emit_hook=self._emit, no_value="", emit_offsets=True)
        for name, text in templates:
            self.ts.add(name, text)

    @property
    def ctx(self) -> _Context:
        ctx = getattr(self.local, "ctx", None)
        if ctx is None:
            ctx = self.local.ctx = _Context()
        return ctx

    def _emit(self, value: Any, text: str, offset: int) -> None:
        ctx = self.ctx
        ref = ref_of(value)
        if ctx.include_depth > 0:  # inside include/tpl: the position is only known once the caller prints
            if ref is not None and text and "\n" not in text:
                # a derived value is placed like a partial one (it does not move the cursor): helpers
                # that print `.Values.x | lower` are often called for arguments, printed later
                ctx.pending.append((ref, text, ref.__class__ is DerivedRef))
            return
        pending = ctx.pending
        if pending:
            ctx.pending = []
            cursor = 0
            for pref, ptext, partial in pending:
                m = _token_rx(ptext, partial).search(text, cursor)
                if m is None:
                    continue
                ctx.spans.append((offset + m.start(), len(ptext), pref))
                if not partial:
                    cursor = m.end()
        if ref is not None and text and "\n" not in text:
            ctx.spans.append((offset, len(text), ref))

    def _printf(self, fmt: Any = None, *args: Any) -> str:
        """Go's printf, noting which tagged values went into the string (partial provenance); a
        result that is exactly one tagged argument's text carries that argument's key."""
        out = _BUILTIN_PRINTF(fmt, *args)
        # tagged only at top level: a helper printing it (`printf "%d" (.Values.port | int)`) is
        # often called for an argument, and its value would then be placed before the caller's text
        whole = self.ctx.include_depth == 0
        for arg in args:
            ref = ref_of(arg)
            if ref is not None and not isinstance(arg, bool):
                text = _text_of(arg)
                if text and "\n" not in text:
                    if whole and text == out:
                        return _tag(out, ref)
                    if text in out:
                        self.ctx.pending.append((ref, text, True))
        return out

    def _traced(self, name: str, fn: Any, mode: str, which: Any) -> Any:
        """`fn` wrapped to carry values provenance from its arguments to its result (see
        helm_funcs.PROVENANCE_MODES for the modes); the result itself is never changed."""
        # toYaml of a map/list: its tagged leaves are placed where the YAML is printed. Not toJson's:
        # charts test `contains "{{" (toJson .value)` without printing it (bitnami common), and
        # leaves noted but never printed would land on whatever prints next
        leaves = "yaml" if "Yaml" in name else ""

        def wrapper(*args: Any) -> Any:
            result = fn(*args)
            if not args or result.__class__ not in _TAGGABLE:  # bools, containers, already tagged values
                return result
            try:
                return carry(result, args)
            except Exception:  # noqa: BLE001 - bookkeeping never changes what the template gets
                return result

        def carry(result: Any, args: tuple[Any, ...]) -> Any:
            source = args[-1]
            if mode == "embed" or (len(args) > 1 and name in ("quote", "squote")):
                if result.__class__ is str:
                    self._embed(result, args, "all" if mode != "embed" else which)
                return result
            ref = ref_of(source)
            if ref is None:
                if leaves and isinstance(source, (dict, list)):
                    self._record_leaves(source)
                elif which and result.__class__ is str:
                    self._embed(result, args, which)
                return result
            if mode == "same":
                if leaves == "yaml" and result.__class__ is str and "\n" in result:
                    return result
                return _tag(result, ref)
            if which and result.__class__ is str:
                self._embed(result, args, which)
            return _tag(result, ref if _text_of(result) == _text_of(source) else derived(ref, name))

        wrapper.__name__ = getattr(fn, "__name__", name)
        wrapper.__wrapped__ = fn  # type: ignore[attr-defined]
        return wrapper

    def _embed(self, result: str, args: tuple[Any, ...], which: Any) -> None:
        """Note the tagged arguments (`which`: "last", "all", "items" or positions) whose printed
        text appears in `result`, as partial provenance placed when the result is printed."""
        if which == "last":
            picked: Any = args[-1:]
        elif which == "all":
            picked = args
        elif which == "items":
            last = args[-1]
            picked = last if isinstance(last, list) else ()
        else:
            picked = [args[i] for i in which if i < len(args)]
        pending = None
        for arg in picked:
            ref = ref_of(arg)
            if ref is None or isinstance(arg, bool):
                continue
            text = _text_of(arg)
            if text and "\n" not in text and text in result:
                if pending is None:
                    pending = self.ctx.pending
                pending.append((ref, text, True))

    def _record_leaves(self, value: Any) -> None:
        """toYaml of a map or list: remember its tagged leaves in emission (sorted-key) order."""
        from .helm_yaml import natural_key, to_yaml

        if isinstance(value, dict):
            for k in sorted(value, key=lambda x: natural_key(str(x))):
                self._record_leaves(value[k])
        elif isinstance(value, list):
            for v in value:
                self._record_leaves(v)
        else:
            ref = ref_of(value)
            if ref is not None:
                text = to_yaml(value).rstrip("\n")
                if text and "\n" not in text:
                    self.ctx.pending.append((ref, text, False))

    def _include(self, name: Any, data: Any) -> str:
        ctx = self.ctx
        if ctx.include_depth >= MAX_INCLUDE_DEPTH:
            raise HelmFunctionError(f"rendering template has a nested reference name: {name}: unable to execute template")
        ctx.include_depth += 1
        try:
            return self.ts.execute(str(name), data)
        finally:
            ctx.include_depth -= 1

    def _tpl(self, text: Any, data: Any) -> str:
        ctx = self.ctx
        if ctx.include_depth >= MAX_INCLUDE_DEPTH:
            raise HelmFunctionError("rendering template has a nested reference name: tpl: unable to execute template")
        ctx.include_depth += 1
        src = str(text)
        try:
            out = self.ts.render_string(self.ts.root_name, src, data)
        except TemplateError as exc:
            raise HelmFunctionError(f"error during tpl function execution for {_go_q(src)}: {exc}") from None
        finally:
            ctx.include_depth -= 1
        out = out.replace("<no value>", "")
        ref = ref_of(text)
        if ref is not None and out and "\n" not in out:  # a values string used as a template
            return _tag(out, ref if out == src else derived(ref, "tpl"))
        return out


_BUILTIN_PRINTF = _ENGINE_BUILTINS["printf"]
_TAGGABLE = frozenset({str, int, float, Int64})  # exact result types a function's result may be tagged as


def _go_text(value: Any) -> str:
    from .sprig_conv import go_str

    return go_str(value)


def _go_q(text: str) -> str:
    from .sprig_conv import go_quote

    return go_quote(text)


_RUNTIMES: dict[tuple, _Runtime] = {}
_RUNTIME_LOCK = threading.Lock()


def _runtime_for(templates: list[tuple[str, str]]) -> _Runtime:
    key = tuple(templates)
    with _RUNTIME_LOCK:
        rt = _RUNTIMES.get(key)
    if rt is None:
        rt = _Runtime(templates)
        with _RUNTIME_LOCK:
            if len(_RUNTIMES) > 32:
                _RUNTIMES.clear()
            _RUNTIMES[key] = rt
    return rt


# ---------------------------------------------------------------------------------------------
# errors
# ---------------------------------------------------------------------------------------------


_LOC_RE = re.compile(r"^template: ([^:]+(?::\d+)?(?::\d+)?): ")


def _exec_error(exc: Exception) -> RenderError:
    msg = str(exc)
    if isinstance(exc, TemplateError):
        msg = exc.message if hasattr(exc, "message") else msg
    loc_match = _LOC_RE.match(msg)
    location = loc_match.group(1) if loc_match else None
    helm = HELM_ERR_RE.search(msg)
    if helm and location:
        return RenderError(f"execution error at ({location}): {helm.group(1)}", _short_loc(location))
    msg = " ".join(msg.split("\n"))
    chain = msg.split(" template: ")
    if len(chain) > 4:  # deep include/tpl nesting: keep the outer two calls and the cause
        msg = " template: ".join(chain[:2]) + f" [... {len(chain) - 3} nested template calls ...] template: " + chain[-1]
    return RenderError(msg, _short_loc(location) if location else None)


def _short_loc(location: str) -> str:
    parts = location.split(":")
    return ":".join(parts[:2]) if len(parts) >= 2 else location


def _parse_error(exc: TemplateError, filename: str) -> RenderError:
    msg = exc.message if hasattr(exc, "message") else str(exc)
    tokens = msg.split(": ")
    if len(tokens) < 2:
        return RenderError(f"parse error in ({filename}): {msg}", filename)
    return RenderError(f"parse error at ({tokens[1]}): {tokens[-1]}", _short_loc(tokens[1]))


# ---------------------------------------------------------------------------------------------
# release name
# ---------------------------------------------------------------------------------------------


def render_name_template(template: str) -> str:
    """--name-template: a template with Sprig functions and no data."""
    ts = TemplateSet(sprig_functions(), no_value="<no value>", root_name="name-template")
    try:
        ts.add("name-template", template)
        return ts.execute("name-template", None)
    except TemplateError as exc:
        raise RenderError(str(exc), "--name-template") from None


def _validate_release_name(name: str) -> None:
    if not name or len(name) > RELEASE_NAME_MAX or not _RELEASE_NAME.match(name):
        raise RenderError(
            f'release name "{name}": invalid release name, must match regex '
            f"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53"
        )


# ---------------------------------------------------------------------------------------------
# templates of the chart tree
# ---------------------------------------------------------------------------------------------


@dataclass
class _Renderable:
    text: str
    data: dict[str, Any]
    base_path: str


def _all_templates(chart: LoadedChart, parent_data: dict[str, Any], out: dict[str, _Renderable]) -> dict[str, Any]:
    subcharts: dict[str, Any] = {}
    if chart.is_root:
        scoped = parent_data["Values"]
    else:
        scoped = table(parent_data, "Values." + chart.name)
        if scoped is None:
            scoped = {}
    data = {
        "Chart": chart.metadata_as_map(),
        "Files": Files(chart.files),
        "Release": parent_data["Release"],
        "Capabilities": parent_data["Capabilities"],
        "Values": scoped,
        "Subcharts": subcharts,
    }
    for sub in chart.dependencies:
        subcharts[sub.name] = _all_templates(sub, data, out)
    prefix = chart.full_path()
    for name, text in chart.templates:
        if chart.is_library and not name.rsplit("/", 1)[-1].startswith("_"):
            continue
        out[f"{prefix}/{name}"] = _Renderable(text, data, f"{prefix}/templates")
    return data


def _parse_order(names: list[str]) -> list[str]:
    """Helm's sortTemplates: deeper paths first; equal depth in reverse lexical order."""
    return sorted(names, key=lambda n: (n.count("/"), n), reverse=True)


# ---------------------------------------------------------------------------------------------
# manifests
# ---------------------------------------------------------------------------------------------


@dataclass
class _Doc:
    path: str
    content: str
    offset_line: int  # 0-based line in the rendered file where content starts
    head: dict[str, Any]
    body: Any
    hook_events: list[str] | None = None
    offset_col: int = 0  # column of that line where content starts


_SEP_HELM3 = re.compile(r"(?:\A|[\t\n\f\r ]*\n)---[\t\n\f\r ]*")


def _split_docs(text: str, trim: bool = True) -> list[tuple[str, int, int]]:
    """releaseutil.SplitManifests, keeping each document's starting line and column in `text`.

    Helm 3 (`trim`) splits the trimmed text on `(?:^|\\s*\\n)---\\s*` and trims every document;
    Helm 4 splits on `---` at a line start and keeps each document's trailing whitespace."""
    stripped = text.strip() if trim else text.lstrip()
    base = len(text) - len(text.lstrip())
    sep = _SEP_HELM3 if trim else _SEP
    docs: list[tuple[str, int, int]] = []
    pos = 0
    pieces: list[tuple[int, int]] = []
    for m in sep.finditer(stripped):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(stripped)))
    for start, end in pieces:
        piece = stripped[start:end]
        if not piece.strip():
            continue
        lead = len(piece) - len(piece.lstrip())
        abs_start = base + start + lead
        line = text.count("\n", 0, abs_start)
        col = abs_start - (text.rfind("\n", 0, abs_start) + 1)
        docs.append((piece.strip() if trim else piece.lstrip(), line, col))
    return docs


def _yaml_error_message(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is not None:
        return f"error converting YAML to JSON: yaml: line {mark.line + 1}: {problem}"
    return f"error converting YAML to JSON: yaml: {problem}"


def _head(path: str, content: str) -> tuple[dict[str, Any], Any]:
    try:
        body = load_single_checked(content)
    except yaml.YAMLError as exc:
        raise RenderError(f"YAML parse error on {path}: {_yaml_error_message(exc)}", path) from None
    except YamlLoadError as exc:
        raise RenderError(f"YAML parse error on {path}: error converting YAML to JSON: {exc}", path) from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise RenderError(f"YAML parse error on {path}: error converting YAML to JSON: {exc}", path) from None
    body = go_value(body, floats=False)
    head: dict[str, Any] = {}
    if isinstance(body, dict):
        for key in ("apiVersion", "kind"):
            value = body.get(key)
            if value is not None and not isinstance(value, str):
                raise RenderError(
                    f"YAML parse error on {path}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
                    f"{_json_kind(value)} into Go struct field SimpleHead.{'apiVersion' if key == 'apiVersion' else 'kind'} of type string",
                    path,
                )
            head[key] = value or ""
        md = body.get("metadata")
        if isinstance(md, dict):
            ann = md.get("annotations")
            if isinstance(ann, dict):
                for v in ann.values():
                    if v is not None and not isinstance(v, str):
                        raise RenderError(
                            f"YAML parse error on {path}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
                            f"{_json_kind(v)} into Go struct field .metadata.annotations of type string",
                            path,
                        )
                head["annotations"] = {k: v for k, v in ann.items()}
            head["name"] = md.get("name") if isinstance(md.get("name"), str) else ""
    elif body is not None and not isinstance(body, dict):
        raise RenderError(
            f"YAML parse error on {path}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
            f"{_json_kind(body)} into Go value of type releaseutil.SimpleHead",
            path,
        )
    return head, body


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "string"


def _sort_manifests(files: dict[str, str], errors: list[RenderError] | None = None,
                    trim: bool = True) -> tuple[list[_Doc], list[_Doc]]:
    """releaseutil.SortManifests. With `errors`, a file with a YAML error is left out and its
    error appended there instead of raised."""
    hooks: list[_Doc] = []
    generic: list[_Doc] = []
    for path in sorted(files, key=lambda p: p.encode("utf-8")):
        content = files[path]
        if path.rsplit("/", 1)[-1].startswith("_") or not content.strip():
            continue
        docs: list[_Doc] = []
        try:
            for piece, line, col in _split_docs(content, trim):
                head, body = _head(path, piece)
                docs.append(_Doc(path, piece, line, head, body, offset_col=col))
        except RenderError as exc:
            if errors is None:
                raise
            errors.append(exc)
            continue
        for doc in docs:
            head = doc.head
            annotations = head.get("annotations") or {}
            if not annotations or "helm.sh/hook" not in annotations:
                generic.append(doc)
                continue
            events = [e.strip().lower() for e in str(annotations["helm.sh/hook"]).split(",")]
            if any(e not in _HOOK_EVENTS for e in events):
                continue  # Helm skips unknown hooks entirely
            doc.hook_events = events
            hooks.append(doc)

    def rank(doc: _Doc) -> tuple[int, str]:
        kind = doc.head.get("kind") or ""
        return (_KIND_RANK[kind], "") if kind in _KIND_RANK else (len(KIND_ORDER), kind)

    return sorted(generic, key=rank), sorted(hooks, key=rank)


# ---------------------------------------------------------------------------------------------
# line maps and provenance of one document
# ---------------------------------------------------------------------------------------------


_Scalar = tuple[tuple[int, int], tuple[int, int], str, str]  # start (line, col), end, path, value


def _node_lines(node: yaml.Node, prefix: str, out: dict[str, int], scalars: list[_Scalar]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            path = f"{prefix}.{key_node.value}" if prefix else key_node.value
            out[path] = key_node.start_mark.line
            _node_lines(value_node, path, out, scalars)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            path = f"{prefix}[{i}]"
            out[path] = item.start_mark.line
            _node_lines(item, path, out, scalars)
    elif isinstance(node, yaml.ScalarNode):
        start, end = node.start_mark, node.end_mark
        scalars.append(((start.line, start.column), (end.line, end.column), prefix, node.value))


def _positions(text: str, spans: list[tuple[int, int, ValueRef]]) -> list[tuple[tuple[int, int], tuple[int, int], ValueRef, str]]:
    """File offsets of printed values -> ((line, col) start, (line, col) end, ref, printed text)."""
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    out = []
    for offset, length, ref in spans:
        end = offset + length
        if end > len(text):
            continue
        line = bisect.bisect_right(starts, offset) - 1
        end_line = bisect.bisect_right(starts, end) - 1
        out.append(((line, offset - starts[line]), (end_line, end - starts[end_line]), ref, text[offset:end]))
    return out


def _annotate(doc: _Doc, file_lines: list[int], spans: list[tuple[tuple[int, int], tuple[int, int], ValueRef, str]],
              manifest: RenderedManifest) -> None:
    """Line map, field lines and provenance of one document. A values key is the provenance of a
    scalar only when it was printed inside that scalar's span in the output, and the whole scalar
    when the scalar's value is exactly the printed text (quotes aside); otherwise it is partial."""
    n_lines = doc.content.count("\n") + (0 if doc.content.endswith("\n") else 1)
    manifest.line_map = [
        file_lines[doc.offset_line + i] if doc.offset_line + i < len(file_lines) else 0 for i in range(n_lines)
    ]
    if not isinstance(doc.body, dict):
        return
    try:
        node = yaml.compose(doc.content, Loader=GoYamlLoader)
    except yaml.YAMLError:
        return
    paths: dict[str, int] = {}
    scalars: list[_Scalar] = []
    if node is not None:
        _node_lines(node, "", paths, scalars)
    for path, line in paths.items():
        if line < len(manifest.line_map) and manifest.line_map[line] > 0:
            manifest.field_lines[(0, path)] = manifest.line_map[line]
    if not spans or not scalars:
        return
    first, last = doc.offset_line, doc.offset_line + n_lines
    for (line, col), (end_line, end_col), ref, text in spans:
        if not first <= line < last:
            continue
        rel = (line - first, col - doc.offset_col if line == first else col)
        rel_end = (end_line - first, end_col - doc.offset_col if end_line == first else end_col)
        for start, end, path, value in scalars:
            if not (start <= rel and rel_end <= end):
                continue
            unquoted = text[1:-1] if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'" else text
            if value == text or value == unquoted:
                manifest.provenance.setdefault((0, path), ref)
            elif text and (text in value or unquoted in value):
                refs = manifest.partial_provenance.setdefault((0, path), [])
                if not any(r.key == ref.key and r.location == ref.location for r in refs):
                    refs.append(ref)
            break


_TOKEN_RX: dict[tuple[str, bool], re.Pattern[str]] = {}


def _token_rx(snippet: str, partial: bool) -> re.Pattern[str]:
    """A printed value as a whole token: a word inside a larger string (`partial`), or a whole
    scalar-like run not glued to other name characters."""
    rx = _TOKEN_RX.get((snippet, partial))
    if rx is None:
        rx = re.compile(r"(?<!\w)" + re.escape(snippet) + r"(?!\w)" if partial else
                        r"(?<![\w./-])" + re.escape(snippet) + r"(?![\w./-])")
        if len(_TOKEN_RX) > 4096:
            _TOKEN_RX.clear()
        _TOKEN_RX[(snippet, partial)] = rx
    return rx


# ---------------------------------------------------------------------------------------------
# the pipeline
# ---------------------------------------------------------------------------------------------


_GC_LOCK = threading.Lock()
_GC_USERS = 0
_GC_SAVED: tuple[int, ...] | None = None


@contextlib.contextmanager
def _relaxed_gc():
    """Rendering allocates many short-lived objects; with big caches alive, frequent full
    collections dominate. Raise the gen0 threshold while any render runs (restored after)."""
    global _GC_USERS, _GC_SAVED
    with _GC_LOCK:
        if _GC_USERS == 0:
            _GC_SAVED = gc.get_threshold()
            gc.set_threshold(max(_GC_SAVED[0], 50_000), *_GC_SAVED[1:])
        _GC_USERS += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_USERS -= 1
            if _GC_USERS == 0 and _GC_SAVED is not None:
                gc.set_threshold(*_GC_SAVED)


def render_chart(chart_dir: str | Path, options: RenderOptions | None = None) -> RenderResult:
    """Render a chart like `helm template`. Raises RenderError."""
    with _relaxed_gc():
        return _render_chart(chart_dir, options)


def _render_chart(chart_dir: str | Path, options: RenderOptions | None = None) -> RenderResult:
    opts = options or RenderOptions()
    release_name = opts.release_name
    if opts.name_template:
        release_name = render_name_template(opts.name_template)
    _validate_release_name(release_name)
    loaded = load_chart(chart_dir)
    chart = loaded.clone()
    if chart.chart_type not in ("", "application"):
        raise RenderError(f"{chart.chart_type} charts are not installable", f"{chart.origin}/Chart.yaml")
    warnings: list[str] = []
    try:
        check_dependencies(chart)
    except RenderError as exc:
        if not opts.ignore_missing_dependencies:
            raise
        missing = exc.message.rsplit(": ", 1)[-1]
        warnings.append(f"dependencies missing from charts/ (not rendered): {missing}")
    user_values, sources = read_user_values(
        opts.values_files, opts.set_values, opts.set_string_values, opts.set_json_values, opts.set_file_values
    )
    try:
        caps = Capabilities(opts.kube_version, opts.api_versions, opts.helm_major)
    except HelmFunctionError as exc:
        raise RenderError(str(exc), "--kube-version") from None
    process_dependencies(chart, user_values)
    values = coalesce_values(chart, user_values)
    if not opts.skip_schema_validation:  # helm: ToRenderValuesWithSchemaValidation, before any template
        warnings.extend(validate_values(chart, values, sources, helm_major=opts.helm_major, strict=not opts.keep_going))
    try:
        result = _render(chart, loaded, opts, release_name, caps, values, sources)
        result.warnings.extend(warnings)
        return result
    except RenderError as exc:
        exc.debug_hint = True  # helm adds "Use --debug flag to render out invalid YAML" here
        raise


def _render(chart: LoadedChart, loaded: LoadedChart, opts: RenderOptions, release_name: str, caps: Capabilities,
            values: dict[str, Any], sources: list[tuple[str, dict[str, int], dict[str, Any]]]) -> RenderResult:
    kube_req = str(chart.metadata.get("kubeVersion") or "")
    if kube_req:
        try:
            ok = satisfies(kube_req, parse_version(caps.KubeVersion.normalized))
        except SemverError:
            ok = False
        if not ok:
            raise RenderError(
                f"chart requires kubeVersion: {kube_req} which is incompatible with Kubernetes {caps.KubeVersion.Version}",
                f"{chart.origin}/Chart.yaml",
            )
    prov = _Provenance()
    for label, lines, data in sources:
        prov.add_user(label, lines, data)
    _add_chart_lines(chart, "", prov)
    values = _wrap_values(values, "", prov)

    top = {
        "Chart": chart.metadata_as_map(),
        "Capabilities": caps,
        "Release": {
            "Name": release_name,
            "Namespace": opts.namespace,
            "IsUpgrade": opts.is_upgrade,
            "IsInstall": not opts.is_upgrade,
            "Revision": 1,
            "Service": "Helm",
        },
        "Values": values,
    }
    renderables: dict[str, _Renderable] = {}
    _all_templates(chart, top, renderables)
    order = _parse_order(list(renderables))
    try:
        runtime = _runtime_for([(name, renderables[name].text) for name in order])
    except TemplateError as exc:
        name = getattr(exc, "template", None) or ""
        raise _parse_error(exc, name) from None

    errors: list[RenderError] = []
    rendered: dict[str, str] = {}
    line_maps: dict[str, list[int]] = {}
    spans_by_file: dict[str, list] = {}
    for name in order:
        if name.rsplit("/", 1)[-1].startswith("_"):
            continue
        r = renderables[name]
        data = dict(r.data)
        data["Template"] = {"Name": name, "BasePath": r.base_path}
        ctx = runtime.ctx
        ctx.reset()
        try:
            text, lines = runtime.ts.execute_with_lines(name, data)
        except (TemplateError, RecursionError) as exc:
            err = _exec_error(exc) if isinstance(exc, TemplateError) else RenderError(
                f"rendering {name}: templates nested too deeply", name)
            if not opts.keep_going:
                raise err from None
            errors.append(err)
            continue
        text = text.replace("<no value>", "")
        rendered[name] = text
        line_maps[name] = lines
        spans_by_file[name] = _positions(text, ctx.spans)

    notes = ""
    for name in list(rendered):
        if name.endswith("NOTES.txt"):
            if name == f"{chart.name}/templates/NOTES.txt":
                notes = rendered[name]
            del rendered[name]

    generic, hooks = _sort_manifests(rendered, errors if opts.keep_going else None, opts.helm_major < 4)

    manifest_buf: list[str] = []
    printed: list[tuple[str, str, _Doc | None, bool]] = []  # (source, content, doc, is_hook)
    if opts.include_crds:
        for filename, data in chart.crd_objects():
            content = data.decode("utf-8", "replace")
            manifest_buf.append(f"---\n# Source: {filename}\n{content}\n")
            printed.append((filename, content, None, False))
    for doc in generic:
        manifest_buf.append(f"---\n# Source: {doc.path}\n{doc.content}\n")
        printed.append((doc.path, doc.content, doc, False))
    full = "".join(manifest_buf).strip() + "\n"
    for doc in hooks:
        if opts.skip_tests and doc.hook_events and any(e in ("test", "test-success") for e in doc.hook_events):
            continue
        full += f"---\n# Source: {doc.path}\n{doc.content}\n"
        printed.append((doc.path, doc.content, doc, True))

    if opts.show_only:
        pieces = [p for p, _line, _col in _split_docs(full, opts.helm_major < 4)]
        chosen: list[int] = []
        for pattern in opts.show_only:
            f = pattern.replace("\\", "/")
            missing = True
            for i, piece in enumerate(pieces):
                m = _SOURCE_RE.search(piece)
                if not m:
                    continue
                if not go_path_match(f, m.group(1)):
                    continue
                chosen.append(i)
                missing = False
            if missing:
                raise RenderError(f"could not find template {pattern} in chart")
        out_text = "".join(f"---\n{pieces[i]}\n" for i in chosen)
        selected = [printed[i] for i in chosen if i < len(printed)] if len(pieces) == len(printed) else []
    else:
        out_text = full  # helm prints a lone newline when nothing renders
        selected = printed

    manifests: list[RenderedManifest] = []
    for source, content, doc, is_hook in selected:
        body = doc.body if doc is not None else _safe_load(content)
        manifest = RenderedManifest(
            source=source,
            text=content,
            objects=[body] if isinstance(body, dict) else [],
            hook=is_hook,
            crd=doc is None,
        )
        if doc is not None:
            _annotate(doc, line_maps.get(doc.path, []), spans_by_file.get(doc.path, []), manifest)
        manifests.append(manifest)

    values_lines: dict[str, Location] = {}
    if chart.values_file:
        for key, line in loaded.values_lines.items():
            values_lines[key] = Location(chart.values_file, line)
    for label, lines, _data in sources:
        for key, line in lines.items():
            values_lines[key] = Location(label, line)
    return RenderResult(
        text=out_text,
        manifests=manifests,
        values=_plain(values),
        values_lines=values_lines,
        notes=notes,
        release_name=release_name,
        errors=errors,
    )


def _safe_load(content: str) -> Any:
    try:
        return go_value(load_single_checked(content), floats=False)
    except (yaml.YAMLError, YamlLoadError, ValueError, TypeError, RecursionError):
        return None


def _add_chart_lines(chart: LoadedChart, prefix: str, prov: _Provenance) -> None:
    if chart.values_file:
        prov.charts.append((prefix, chart.values_file, chart.values_lines))
    for sub in chart.dependencies:
        _add_chart_lines(sub, f"{prefix}{sub.name}.", prov)


def template_names(chart: LoadedChart) -> list[str]:
    """Names of every template of the tree as `helm template` names them (for tools)."""
    out: dict[str, _Renderable] = {}
    _all_templates(chart, {"Values": {}, "Release": {}, "Capabilities": Capabilities()}, out)
    return sorted(out)


def copy_options(opts: RenderOptions, **changes: Any) -> RenderOptions:
    new = copy.deepcopy(opts)
    for k, v in changes.items():
        setattr(new, k, v)
    return new
