"""Loading Helm charts: directories and .tgz archives, Chart.yaml validation, .helmignore,
subcharts in charts/ (directories and archives, extracted in memory), templates, crds/, files.

`load_chart(path)` returns a `LoadedChart` tree. Errors are `RenderError`s worded like Helm's
(`validation: chart.metadata.name is required`, `Chart.yaml file is missing`,
`chart illegally references parent directory`...), with the file when it is known.
"""

from __future__ import annotations

import copy
import fnmatch
import gzip
import io
import os
import posixpath
import re
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import RenderError
from .helm_yaml import GoYamlLoader, YamlLoadError, check_aliasing, go_value, load_single_checked, load_values_text

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_CHART_SIZE = 100 * 1024 * 1024
MAX_FILES = 20_000
MAX_SUBCHART_DEPTH = 20

_SEMVER = re.compile(
    r"^v?(0|[1-9]\d*|\d+)(\.(0|[1-9]\d*|\d+))?(\.(0|[1-9]\d*|\d+))?"
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$"
)
_ALIAS = re.compile(r"^[a-zA-Z0-9._-]+$")
_MANIFEST_EXT = (".yaml", ".yml", ".json")


@dataclass
class Dependency:
    """One `dependencies:` entry of Chart.yaml (or requirements.yaml for apiVersion v1)."""

    name: str
    version: str = ""
    repository: str = ""
    condition: str = ""
    tags: list[str] = field(default_factory=list)
    enabled: bool = True
    import_values: list[Any] = field(default_factory=list)
    alias: str = ""

    def as_template_value(self) -> dict[str, Any]:
        return {
            "Name": self.name,
            "Version": self.version,
            "Repository": self.repository,
            "Condition": self.condition,
            "Tags": list(self.tags),
            "Enabled": self.enabled,
            "ImportValues": list(self.import_values),
            "Alias": self.alias,
        }


@dataclass
class LoadedChart:
    """A chart in memory. `files` holds every non-special file (Helm's chart.Files)."""

    metadata: dict[str, Any]
    templates: list[tuple[str, str]]
    values: dict[str, Any]
    values_lines: dict[str, int]
    files: dict[str, bytes]
    dependencies: list["LoadedChart"]
    meta_dependencies: list[Dependency] | None
    origin: str  # directory or archive path, for messages
    values_file: str | None = None  # display path of values.yaml
    parent: "LoadedChart | None" = None
    schema: bytes | None = None  # values.schema.json as read (checked by render.helm_schema)

    @property
    def name(self) -> str:
        return str(self.metadata.get("name") or "")

    @property
    def version(self) -> str:
        return str(self.metadata.get("version") or "")

    @property
    def chart_type(self) -> str:
        return str(self.metadata.get("type") or "")

    @property
    def is_library(self) -> bool:
        return self.chart_type.lower() == "library"

    @property
    def is_root(self) -> bool:
        return self.parent is None

    def full_path(self) -> str:
        """Helm's ChartFullPath: `parent/charts/child`."""
        if self.parent is None:
            return self.name
        return f"{self.parent.full_path()}/charts/{self.name}"

    def crd_objects(self) -> list[tuple[str, bytes]]:
        out = [
            (f"{self.full_path()}/{name}", data)
            for name, data in self.files.items()
            if name.startswith("crds/") and name.endswith(_MANIFEST_EXT)
        ]
        for dep in self.dependencies:
            out.extend(dep.crd_objects())
        return out

    def metadata_as_map(self) -> dict[str, Any]:
        """`.Chart` as Helm exposes it: Go field names, empty strings for unset fields."""
        md = self.metadata
        maint = []
        for m in md.get("maintainers") or []:
            if isinstance(m, dict):
                maint.append({"Name": str(m.get("name") or ""), "Email": str(m.get("email") or ""), "URL": str(m.get("url") or "")})
        annotations = md.get("annotations") if isinstance(md.get("annotations"), dict) else None
        return {
            "Name": self.name,
            "Home": _s(md.get("home")),
            "Sources": [str(s) for s in md.get("sources") or []] or None,
            "Version": self.version,
            "Description": _s(md.get("description")),
            "Keywords": [str(s) for s in md.get("keywords") or []] or None,
            "Maintainers": maint or None,
            "Icon": _s(md.get("icon")),
            "APIVersion": _s(md.get("apiVersion")),
            "Condition": _s(md.get("condition")),
            "Tags": _s(md.get("tags")),
            "AppVersion": _s(md.get("appVersion")),
            "Deprecated": bool(md.get("deprecated")),
            "Annotations": {str(k): _s(v) for k, v in annotations.items()} if annotations else None,
            "KubeVersion": _s(md.get("kubeVersion")),
            "Dependencies": [d.as_template_value() for d in (self.meta_dependencies or [])] or None,
            "Type": self.chart_type,
            "IsRoot": self.is_root,
        }

    def clone(self, parent: "LoadedChart | None" = None) -> "LoadedChart":
        """A copy safe to mutate while processing dependencies (templates and files shared)."""
        new = copy.copy(self)
        new.metadata = dict(self.metadata)
        new.values = copy.deepcopy(self.values)
        new.meta_dependencies = [copy.deepcopy(d) for d in self.meta_dependencies] if self.meta_dependencies is not None else None
        new.parent = parent
        new.dependencies = [d.clone(new) for d in self.dependencies]
        return new


def _s(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# ---------------------------------------------------------------------------------------------
# .helmignore
# ---------------------------------------------------------------------------------------------


class IgnoreRules:
    """Helm's .helmignore: shell globs, `/`-anchored, dir-only `x/`, negation `!x`."""

    def __init__(self, text: str = "") -> None:
        self.patterns: list[tuple[str, bool, bool, str]] = []  # (rule, negate, must_dir, mode)
        for raw in text.lstrip("\ufeff").splitlines():
            self.add(raw)

    def add(self, raw: str) -> None:
        rule = raw.strip()
        if not rule or rule.startswith("#"):
            return
        if "**" in rule:
            raise RenderError("double-star (**) syntax is not supported")
        negate = rule.startswith("!")
        if negate:
            rule = rule[1:]
        must_dir = rule.endswith("/")
        if must_dir:
            rule = rule.rstrip("/")
        if rule.startswith("/"):
            mode, rule = "full", rule[1:]
        elif "/" in rule:
            mode = "full"
        else:
            mode = "base"
        self.patterns.append((rule, negate, must_dir, mode))

    def ignore(self, path: str, is_dir: bool) -> bool:
        if path in ("", ".", "./"):
            return False
        for rule, negate, must_dir, mode in self.patterns:
            name = path if mode == "full" else posixpath.basename(path)
            matched = _go_match(rule, name)
            if negate:
                if must_dir and not is_dir:
                    return True
                if not matched:
                    return True
                continue
            if must_dir and not is_dir:
                continue
            if matched:
                return True
        return False


def _go_match(pattern: str, name: str) -> bool:
    """filepath.Match: `*` does not cross `/`."""
    rx = _GLOB_CACHE.get(pattern)
    if rx is None:
        parts = []
        i = 0
        while i < len(pattern):
            ch = pattern[i]
            if ch == "*":
                parts.append("[^/]*")
            elif ch == "?":
                parts.append("[^/]")
            elif ch == "[":
                j = pattern.find("]", i + 1)
                if j < 0:
                    parts.append(re.escape(ch))
                else:
                    body = pattern[i + 1 : j]
                    if body.startswith("^"):
                        body = "!" + body[1:]
                    parts.append("[" + ("^" + re.escape(body[1:]) if body.startswith("!") else re.escape(body)).replace("\\-", "-") + "]")
                    i = j
            elif ch == "\\" and i + 1 < len(pattern):
                i += 1
                parts.append(re.escape(pattern[i]))
            else:
                parts.append(re.escape(ch))
            i += 1
        try:
            rx = re.compile("^" + "".join(parts) + "$", re.S)
        except re.error:
            rx = re.compile(re.escape(pattern))
        _GLOB_CACHE[pattern] = rx
    return rx.match(name) is not None


_GLOB_CACHE: dict[str, re.Pattern] = {}


def go_path_match(pattern: str, name: str) -> bool:
    """Public filepath.Match, used by --show-only."""
    return _go_match(pattern, name)


# ---------------------------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------------------------


def _symlink_boundary(root: Path) -> str:
    """Symlinks are followed (as helm does) while they stay inside the repository holding the
    chart: the nearest ancestor with a `.git`, else the chart directory itself."""
    real = Path(os.path.realpath(root))
    for parent in (real, *real.parents):
        if (parent / ".git").exists():
            return str(parent)
    return str(real)


def _inside(path: str, boundary: str) -> bool:
    real = os.path.realpath(path)
    return real == boundary or real.startswith(boundary.rstrip(os.sep) + os.sep)


def _read_dir(root: Path) -> list[tuple[str, bytes]]:
    rules = IgnoreRules()
    ignore_file = root / ".helmignore"
    if ignore_file.is_file():
        try:
            rules = IgnoreRules(ignore_file.read_text(encoding="utf-8", errors="replace"))
        except OSError as exc:
            raise RenderError(f"cannot read .helmignore: {exc}", str(ignore_file)) from None
    rules.add("templates/.?*")
    files: list[tuple[str, bytes]] = []
    total = 0
    root_str = str(root)
    boundary = _symlink_boundary(root)
    seen_dirs: set[str] = {os.path.realpath(root_str)}
    for dirpath, dirnames, filenames in os.walk(root_str, followlinks=True):
        rel_dir = os.path.relpath(dirpath, root_str).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir
        keep = []
        for d in sorted(dirnames):
            rel = f"{rel_dir}/{d}" if rel_dir else d
            full = os.path.join(dirpath, d)
            if os.path.islink(full):
                real = os.path.realpath(full)
                if not _inside(full, boundary) or real in seen_dirs:
                    continue  # escapes the repository, or a cycle
                seen_dirs.add(real)
            if not rules.ignore(rel, True):
                keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            full = os.path.join(dirpath, name)
            if rules.ignore(rel, False):
                continue
            if not os.path.isfile(full):
                continue
            if os.path.islink(full) and not _inside(full, boundary):
                continue
            size = os.path.getsize(full)
            if size > MAX_FILE_SIZE:
                raise RenderError(f'chart file "{name}" is larger than the maximum file size {MAX_FILE_SIZE}', full)
            total += size
            if total > MAX_CHART_SIZE or len(files) >= MAX_FILES:
                raise RenderError(f"chart is larger than the maximum size {MAX_CHART_SIZE}", root_str)
            try:
                with open(full, "rb") as fh:
                    data = fh.read()
            except OSError as exc:
                raise RenderError(f"error reading {rel}: {exc.strerror or exc}", full) from None
            if data.startswith(b"\xef\xbb\xbf"):
                data = data[3:]
            files.append((rel, data))
    return files


def read_archive(data: bytes, label: str) -> list[tuple[str, bytes]]:
    """Helm's LoadArchiveFiles: strip the top directory, refuse paths escaping it."""
    try:
        raw = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else None
    except (OSError, EOFError, ValueError) as exc:
        raise RenderError(f"file '{label}' does not appear to be a valid chart file (details: {exc})", label) from None
    if raw is None:
        raise RenderError(f"file '{label}' does not appear to be a valid chart file (details: gzip: invalid header)", label)
    if len(raw) > MAX_CHART_SIZE:
        raise RenderError(f"decompressed chart is larger than the maximum size {MAX_CHART_SIZE}", label)
    files: list[tuple[str, bytes]] = []
    try:
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:") as tar:
            for member in tar:
                if member.isdir() or member.type in (tarfile.XHDTYPE, tarfile.XGLTYPE):
                    continue
                name = member.name
                delim = "\\" if "\\" in name else "/"
                parts = name.split(delim)
                rest = "/".join(parts[1:])
                if rest.startswith("/") or posixpath.isabs(rest):
                    raise RenderError("chart illegally contains absolute paths", label)
                clean = posixpath.normpath(rest) if rest else "."
                if clean == ".":
                    raise RenderError(f'chart illegally contains content outside the base directory: "{name}"', label)
                if clean.startswith(".."):
                    raise RenderError("chart illegally references parent directory", label)
                if re.match(r"^[a-zA-Z]:/", clean):
                    raise RenderError("chart contains illegally named files", label)
                if parts[0] == "Chart.yaml":
                    raise RenderError("chart yaml not in base directory", label)
                if not member.isfile():
                    continue  # symlinks, devices: never followed
                if member.size > MAX_FILE_SIZE:
                    raise RenderError(f'decompressed chart file "{name}" is larger than the maximum file size {MAX_FILE_SIZE}', label)
                fh = tar.extractfile(member)
                content = fh.read() if fh else b""
                if content.startswith(b"\xef\xbb\xbf"):
                    content = content[3:]
                files.append((clean, content))
                if len(files) > MAX_FILES:
                    raise RenderError(f"chart archive has more than {MAX_FILES} files", label)
    except tarfile.TarError as exc:
        raise RenderError(f"file '{label}' does not appear to be a valid chart file (details: {exc})", label) from None
    if not files:
        raise RenderError("no files in chart archive", label)
    return files


def _parse_chart_yaml(data: bytes, origin: str) -> dict[str, Any]:
    text = data.decode("utf-8", "replace")
    try:
        node = yaml.compose(text, Loader=GoYamlLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise RenderError(f"cannot load Chart.yaml: error converting YAML to JSON: yaml: line {line}: {getattr(exc, 'problem', exc)}", f"{origin}/Chart.yaml:{line}") from None
    if node is None:
        return {}
    try:
        check_aliasing(node)
    except YamlLoadError as exc:
        raise RenderError(f"cannot load Chart.yaml: error converting YAML to JSON: {exc}", f"{origin}/Chart.yaml:{exc.line}") from None
    if not isinstance(node, yaml.MappingNode):
        raise RenderError("cannot load Chart.yaml: error unmarshaling JSON: Chart.yaml is not a mapping", f"{origin}/Chart.yaml")
    out: dict[str, Any] = {}
    loader = GoYamlLoader("")
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
        if isinstance(value_node, yaml.ScalarNode) and key in (
            "name", "version", "appVersion", "apiVersion", "description", "home", "icon", "condition", "tags",
            "kubeVersion", "type",
        ):
            out[key] = None if value_node.tag.endswith(":null") else value_node.value
        else:
            try:
                out[key] = go_value(loader.construct_document(value_node), floats=False)
            except (yaml.YAMLError, ValueError, TypeError) as exc:
                raise RenderError(f"cannot load Chart.yaml: {exc}", f"{origin}/Chart.yaml") from None
    return out


def _parse_dependencies(raw: Any, origin: str) -> list[Dependency]:
    deps: list[Dependency] = []
    if raw is None:
        return deps
    if not isinstance(raw, list):
        raise RenderError("cannot load Chart.yaml: dependencies must be a list", f"{origin}/Chart.yaml")
    for item in raw:
        if not isinstance(item, dict):
            continue
        tags = item.get("tags") or []
        deps.append(
            Dependency(
                name=_s(item.get("name")),
                version=_s(item.get("version")),
                repository=_s(item.get("repository")),
                condition=_s(item.get("condition")),
                tags=[_s(t) for t in tags] if isinstance(tags, list) else [],
                enabled=True,
                import_values=list(item.get("import-values") or []),
                alias=_s(item.get("alias")),
            )
        )
    return deps


def _validate(md: dict[str, Any], deps: list[Dependency] | None, origin: str) -> None:
    where = f"{origin}/Chart.yaml"
    name = _s(md.get("name")).strip()
    if not _s(md.get("apiVersion")):
        raise RenderError("validation: chart.metadata.apiVersion is required", where)
    if md.get("apiVersion") not in ("v1", "v2"):
        raise RenderError(f'validation: chart.metadata.apiVersion "{md.get("apiVersion")}" is not supported (v1 or v2)', where)
    if not name:
        raise RenderError("validation: chart.metadata.name is required", where)
    if name in (".", ".."):
        raise RenderError(f'validation: chart.metadata.name "{name}" is not allowed', where)
    if "/" in name or "\\" in name:
        raise RenderError(f'validation: chart.metadata.name "{name}" is invalid', where)
    version = _s(md.get("version"))
    if not version:
        raise RenderError("validation: chart.metadata.version is required", where)
    if not _SEMVER.match(version):
        raise RenderError(f'validation: chart.metadata.version "{version}" is invalid', where)
    if _s(md.get("type")) not in ("", "application", "library"):
        raise RenderError("validation: chart.metadata.type must be application or library", where)
    seen: set[str] = set()
    for dep in deps or []:
        if not dep.name:
            raise RenderError("validation: dependencies must have a name", where)
        if dep.alias and not _ALIAS.match(dep.alias):
            raise RenderError(f'validation: dependency "{dep.name}" has disallowed characters in the alias', where)
        key = dep.alias or dep.name
        if key in seen:
            raise RenderError(f'validation: more than one dependency with name or alias "{key}"', where)
        seen.add(key)


def load_files(files: list[tuple[str, bytes]], origin: str, depth: int = 0, values_prefix: str = "") -> LoadedChart:
    """Helm's LoadFiles: build a chart from (relative name, bytes) pairs."""
    if depth > MAX_SUBCHART_DEPTH:
        raise RenderError(f"subcharts nested deeper than {MAX_SUBCHART_DEPTH} levels", origin)
    metadata: dict[str, Any] | None = None
    for name, data in files:
        if name == "Chart.yaml":
            metadata = _parse_chart_yaml(data, origin)
            if not _s(metadata.get("apiVersion")):
                metadata["apiVersion"] = "v1"
    if metadata is None:
        raise RenderError("Chart.yaml file is missing", origin)
    templates: list[tuple[str, str]] = []
    other: dict[str, bytes] = {}
    values: dict[str, Any] = {}
    values_lines: dict[str, int] = {}
    schema: bytes | None = None
    subcharts: dict[str, list[tuple[str, bytes]]] = {}
    meta_deps = _parse_dependencies(metadata.get("dependencies"), origin) if "dependencies" in metadata else None
    for name, data in files:
        if name == "Chart.yaml" or name in ("Chart.lock", "requirements.lock"):
            continue
        if name == "values.yaml":
            try:
                values, values_lines = load_values_text(data.decode("utf-8", "replace"))
            except YamlLoadError as exc:
                raise RenderError(f"cannot load values.yaml: error converting YAML to JSON: {exc}", f"{origin}/values.yaml:{exc.line}") from None
        elif name == "values.schema.json":
            schema = data
        elif name == "requirements.yaml":
            if metadata.get("apiVersion") == "v1":
                other[name] = data
                try:
                    req = load_single_checked(data.decode("utf-8", "replace")) or {}
                except (yaml.YAMLError, YamlLoadError) as exc:
                    raise RenderError(f"cannot load requirements.yaml: {exc}", f"{origin}/requirements.yaml") from None
                if isinstance(req, dict) and req.get("dependencies") is not None:
                    meta_deps = _parse_dependencies(go_value(req.get("dependencies"), floats=False), origin)
        elif name.startswith("templates/"):
            templates.append((name, data.decode("utf-8", "replace")))
        elif name.startswith("charts/"):
            if name.endswith(".prov"):
                other[name] = data
                continue
            rest = name[len("charts/") :]
            cname = rest.split("/", 1)[0]
            subcharts.setdefault(cname, []).append((rest, data))
        else:
            other[name] = data
    _validate(metadata, meta_deps, origin)
    chart = LoadedChart(
        metadata=metadata,
        templates=templates,
        values=values,
        values_lines=values_lines,
        files=other,
        dependencies=[],
        meta_dependencies=meta_deps,
        origin=origin,
        values_file=(values_prefix + "values.yaml") if any(n == "values.yaml" for n, _ in files) else None,
        schema=schema,
    )
    for cname in sorted(subcharts):
        entries = subcharts[cname]
        if cname[:1] in ("_", "."):
            continue
        sub_origin = f"{origin}/charts/{cname}"
        try:
            if cname.endswith(".tgz"):
                archive = [d for n, d in entries if n == cname]
                if not archive:
                    raise RenderError(f"error unpacking subchart tar in {chart.name}: expected {cname}", sub_origin)
                sub = load_files(read_archive(archive[0], sub_origin), sub_origin, depth + 1,
                                 values_prefix=f"{values_prefix}charts/{cname}/")  # values.yaml inside the archive
            else:
                inner = [(n.split("/", 1)[1], d) for n, d in entries if "/" in n]
                sub = load_files(inner, sub_origin, depth + 1, values_prefix=f"{values_prefix}charts/{cname}/")
        except RenderError as exc:
            raise RenderError(f"error unpacking subchart {cname} in {chart.name}: {exc.message}", exc.location or sub_origin) from None
        sub.parent = chart
        chart.dependencies.append(sub)
    return chart


_CACHE: dict[tuple, LoadedChart] = {}


def _fingerprint(root: Path) -> tuple:
    """mtimes and sizes of every file (symlinked directories followed once) -- the cache key."""
    stamp = []
    seen = {os.path.realpath(root)}
    for dirpath, dirnames, names in os.walk(root, followlinks=True):
        kept = []
        for d in dirnames:
            real = os.path.realpath(os.path.join(dirpath, d))
            if real not in seen:
                seen.add(real)
                kept.append(d)
        dirnames[:] = kept
        for n in names:
            try:
                st = os.stat(os.path.join(dirpath, n))
            except OSError:
                continue
            stamp.append((dirpath, n, st.st_mtime_ns, st.st_size))
        if len(stamp) > MAX_FILES:
            break
    return tuple(sorted(stamp))


def load_chart(path: str | Path) -> LoadedChart:
    """Load a chart directory or .tgz archive (cached by content stamp). Raises RenderError."""
    p = Path(path)
    if not p.exists():
        raise RenderError(f"path \"{path}\" not found", str(path))
    if p.is_dir():
        key = (str(p.resolve()), _fingerprint(p))
        cached = _CACHE.get(key)
        if cached is not None:
            return cached
        chart = load_files(_read_dir(p), str(path))
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = chart
        return chart
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise RenderError(f"cannot read {path}: {exc.strerror or exc}", str(path)) from None
    return load_files(read_archive(data, str(path)), str(path))
