"""The embedded `kustomize build`: load a kustomization tree and run kustomize's pipeline.

Per kustomization (recursively, bases first): resources (files, `List`s and directories, `bases`
too; remote URLs are skipped with a warning), `configurations`, generators (configMapGenerator,
secretGenerator, builtin `generators:`), components, then transformers in kustomize's order
(patchesStrategicMerge, patches, namespace, namePrefix, nameSuffix, labels/commonLabels,
commonAnnotations, patchesJson6902, replicas, images, replacements, builtin `transformers:`), and
`vars` are bound. At the top: hash suffixes, name-reference fix-up, vars, the legacy (or fifo) sort.
Every path stays inside the repository root; files must sit in or below their kustomization's
directory unless the load restrictor is "none". helmCharts (and the legacy
helmChartInflationGenerator) are inflated with k8sfix's own Helm renderer (`kustomize_helm`).
`openapi:` (a custom schema file, or the built-in version) sets the merge keys of strategic merge
patches (`kustomize_schema`). Not supported (warned about and ignored): crds, validators,
non-builtin plugins.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import Any, Iterator

import yaml

from ..errors import RenderError
from ..model import Location
from .kustomize_config import TransformerConfig, parse_field_specs
from .kustomize_gen import GeneratorContext, absorb, add_hash_suffixes, generate
from .kustomize_helm import CHART_FIELDS, inflate_charts, inflate_one, typed_plugin_inline
from .kustomize_helm import _canon as _canon_chart
from .kustomize_patches import PatchMixin
from .kustomize_replace import apply_replacements
from .kustomize_res import Res
from .kustomize_transform import (
    fix_name_references,
    label_entry_specs,
    legacy_sort,
    transform_annotations,
    transform_images,
    transform_labels,
    transform_namespace,
    transform_prefix,
    transform_replicas,
    transform_suffix,
)
from .kustomize_vars import bind_vars, parse_vars, resolve_vars
from .kustomize_yaml import parse_documents, parse_documents_cached

LOAD_RESTRICTORS = ("rootOnly", "none")
# how helmCharts meet `namespace:`: kustomize >= 5.8 passes it to helm and the namespace
# transformer skips chart objects; "legacy" (<= 5.7) does neither
HELM_NAMESPACE_MODES = ("v5.8", "legacy")


class PathEscapeError(RenderError):
    """A kustomization refers to a path outside the repository root (directly or via a symlink)."""


KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
_BaseLoader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|git@|github\.com/|gitlab\.com/|bitbucket\.org/)", re.I)
_KNOWN_FIELDS = {
    "apiVersion", "kind", "metadata", "resources", "bases", "components", "namespace", "namePrefix",
    "nameSuffix", "commonLabels", "labels", "commonAnnotations", "images", "replicas",
    "patchesStrategicMerge", "patches", "patchesJson6902", "configMapGenerator", "secretGenerator",
    "generatorOptions", "sortOptions", "configurations", "replacements", "vars",
    "transformers", "generators", "helmCharts", "helmGlobals", "helmChartInflationGenerator", "openapi",
}
_UNSUPPORTED = {
    "crds": "crds", "validators": "validators",
    "buildMetadata": "buildMetadata",
}


_TOP_LEVEL_NAMES = sorted(
    {
        "apiVersion", "kind", "metadata", "resources", "bases", "components", "namespace", "namePrefix",
        "nameSuffix", "commonLabels", "labels", "commonAnnotations", "images", "replicas",
        "patchesStrategicMerge", "patches", "patchesJson6902", "configMapGenerator", "secretGenerator",
        "generatorOptions", "sortOptions", "buildMetadata", "openapi", "configurations", "replacements",
        "vars", "transformers", "generators", "crds", "validators", "helmCharts", "helmGlobals",
        "helmChartInflationGenerator",
    }
)
_SELECTOR_NAMES = ["group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector"]
_NESTED_NAMES: dict[str, list[str]] = {
    "vars": ["name", "objref", "fieldref", "fieldPath", "apiVersion", "kind", "namespace"],
    "patches": ["path", "patch", "target", "options", *_SELECTOR_NAMES],
    "patchesJson6902": ["path", "patch", "target", *_SELECTOR_NAMES],
    "images": ["name", "newName", "newTag", "digest", "tagSuffix"],
    "replicas": ["name", "count"],
    "labels": ["pairs", "includeSelectors", "includeTemplates", "fields"],
    "configMapGenerator": ["name", "namespace", "behavior", "files", "literals", "envs", "env", "options"],
    "secretGenerator": ["name", "namespace", "behavior", "files", "literals", "envs", "env", "options", "type"],
}


def _canonical_keys(data: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """Go's encoding/json matches struct field names case-insensitively: so does this."""
    lookup = {n.lower(): n for n in names}
    out: dict[str, Any] = {}
    for key, value in data.items():
        canon = key if key in names else lookup.get(str(key).lower(), key)
        if canon in out and canon != key:
            continue
        out[canon] = value
    return out


def _canonical_nested(value: Any, names: list[str]) -> Any:
    if not isinstance(value, dict):
        return value
    out = _canonical_keys(value, names)
    for key in ("objref", "fieldref", "target"):
        if isinstance(out.get(key), dict):
            out[key] = _canonical_keys(out[key], names)
    return out


def is_inside(path: str, root: str) -> bool:
    """Is the (already resolved) `path` equal to or below `root`?"""
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:
        return False


def find_kustomization_file(directory: Path) -> Path | None:
    for name in KUSTOMIZATION_FILES:
        candidate = directory / name
        if candidate.is_file():
            return candidate
    return None


class _Kust:
    """One parsed kustomization file."""

    def __init__(self, directory: Path, file: Path, rel_file: str, text: str, data: dict[str, Any]) -> None:
        self.directory = directory
        self.file = file
        self.rel_file = rel_file
        self.text = text
        self.data = data

    def line_of(self, needle: str) -> int:
        """Best-effort line of the first line containing `needle` (for error messages)."""
        if needle:
            for number, line in enumerate(self.text.splitlines(), 1):
                if needle in line:
                    return number
        return 0

    def loc(self, needle: str = "") -> str:
        line = self.line_of(needle)
        return f"{self.rel_file}:{line}" if line else self.rel_file

    def get_list(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if value is None or value == "":
            return []
        if not isinstance(value, list):
            raise RenderError(f"'{key}' must be a list", self.loc(key + ":"))
        return value

    def get_map(self, key: str) -> dict[str, Any]:
        value = self.data.get(key)
        if value is None or value == "":
            return {}
        if not isinstance(value, dict):
            raise RenderError(f"'{key}' must be a map", self.loc(key + ":"))
        return value

    def get_str(self, key: str) -> str:
        value = self.data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise RenderError(f"'{key}' must be a string", self.loc(key + ":"))
        return value


class Builder(PatchMixin):
    """Builds one kustomization directory. `repo_root` bounds every path it may read."""

    def __init__(self, repo_root: Path, load_restrictor: str = "rootOnly", helm_namespaces: str = "v5.8") -> None:
        if load_restrictor not in LOAD_RESTRICTORS:
            raise RenderError(f"unknown load restrictor {load_restrictor!r}; use rootOnly or none")
        if helm_namespaces not in HELM_NAMESPACE_MODES:
            raise RenderError(f"unknown helm namespace mode {helm_namespaces!r}; use v5.8 or legacy")
        self.helm_namespaces = helm_namespaces
        self.root = Path(os.path.realpath(repo_root))
        self.restrict_files = load_restrictor == "rootOnly"
        self.warnings: list[str] = []
        self.remote_skipped = False
        self.chart_errors: list[RenderError] = []  # helm charts left out of the build
        self.helm_charts = 0  # helmCharts entries seen (rendered or not)
        self._helm_ns = ""  # namespace an overlay hands down to the helm charts of its bases

    # -- paths -------------------------------------------------------------------------------

    def rel(self, path: Path) -> str:
        try:
            return Path(os.path.relpath(path, self.root)).as_posix()
        except ValueError:
            return path.as_posix()

    def inside_root(self, path: Path) -> bool:
        return is_inside(os.path.realpath(path), str(self.root))

    def resolve(self, kust: _Kust, ref: str, what: str) -> Path:
        path = Path(os.path.normpath(kust.directory / ref))
        if not self.inside_root(path):
            raise PathEscapeError(f"{what} '{ref}' leaves the repository root", kust.loc(ref))
        return Path(os.path.realpath(path))

    def read_file_bytes(self, kust: _Kust, ref: str, what: str) -> tuple[bytes, Path]:
        path = self.resolve(kust, ref, what)
        kdir = os.path.realpath(kust.directory)
        if self.restrict_files and not is_inside(str(path), kdir):
            raise RenderError(
                f"security; file '{self.rel(path)}' is not in or below '{self.rel(Path(kdir))}'", kust.loc(ref)
            )
        if not path.exists():
            raise RenderError(f"{what} '{ref}' does not exist", kust.loc(ref))
        if path.is_dir():
            raise RenderError(f"{what} '{ref}' is a directory, expected a file", kust.loc(ref))
        try:
            return path.read_bytes(), path
        except OSError as exc:
            raise RenderError(f"cannot read {what} '{ref}': {exc.strerror or exc}", kust.loc(ref)) from None

    # -- loading -----------------------------------------------------------------------------

    def load_kustomization(self, directory: Path) -> _Kust:
        file = find_kustomization_file(directory)
        rel_dir = self.rel(directory)
        if file is None:
            raise RenderError(
                "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory",
                rel_dir,
            )
        rel_file = self.rel(file)
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RenderError(f"cannot read kustomization: {exc}", rel_file) from None
        try:
            data = yaml.load(text, Loader=_BaseLoader)  # noqa: S506 - BaseLoader builds only str/list/dict
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = f"{rel_file}:{mark.line + 1}" if mark else rel_file
            raise RenderError(f"invalid kustomization YAML: {exc.problem or exc.context}", where) from None
        except yaml.YAMLError as exc:
            raise RenderError(f"invalid kustomization YAML: {exc}", rel_file) from None
        if data is None or data == "":
            data = {}
        if not isinstance(data, dict):
            raise RenderError("a kustomization must be a YAML map", rel_file)
        data = _canonical_keys(data, _TOP_LEVEL_NAMES)
        for key, names in _NESTED_NAMES.items():
            entries = data.get(key)
            if isinstance(entries, list):
                data[key] = [_canonical_nested(e, names) for e in entries]
        kust = _Kust(directory, file, rel_file, text, data)
        for key in data:
            if key in _UNSUPPORTED:
                self.warnings.append(
                    f"{kust.loc(key + ':')}: '{key}' is not supported by the embedded renderer; ignored"
                )
            elif key not in _KNOWN_FIELDS:
                self.warnings.append(f"{kust.loc(key + ':')}: unknown kustomization field '{key}'; ignored")
        self.note_openapi(kust)  # the schema strategic merge patches take merge keys from
        return kust

    def load_resource_file(self, kust: _Kust, ref: str) -> list[Res]:
        content, path = self.read_file_bytes(kust, ref, "resource")
        rel = self.rel(path)
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            raise RenderError("file is not UTF-8 text", rel) from None
        out: list[Res] = []
        for doc, line, nulls in parse_documents_cached(text, rel):
            objs = self._expand_list(doc, rel, line)
            for obj in objs:
                res = Res(obj=obj, source=Location(rel, line))
                if len(objs) == 1 and objs[0] is doc:
                    res.explicit_nulls = nulls
                out.append(res)
        return out

    def _expand_list(self, doc: Any, rel: str, line: int) -> list[dict[str, Any]]:
        if not isinstance(doc, dict):
            raise RenderError("a resource must be a YAML map", f"{rel}:{line}")
        kind = doc.get("kind")
        if isinstance(kind, str) and kind.endswith("List") and isinstance(doc.get("items"), list):
            items: list[dict[str, Any]] = []
            for item in doc["items"]:
                items.extend(self._expand_list(item, rel, line))
            return items
        if not kind:
            raise RenderError("missing kind in resource", f"{rel}:{line}")
        meta = doc.get("metadata")
        if not isinstance(meta, dict) or not meta.get("name"):
            if not (isinstance(meta, dict) and meta.get("generateName")):
                raise RenderError(f"missing metadata.name in {kind} object", f"{rel}:{line}")
        return [doc]

    # -- pipeline ----------------------------------------------------------------------------

    def build(self, directory: Path) -> list[Res]:
        directory = Path(os.path.realpath(directory))
        if not self.inside_root(directory):
            raise PathEscapeError("kustomization directory is outside the repository root", str(directory))
        if not directory.is_dir():
            raise RenderError("not a directory", self.rel(directory))
        top = self.load_kustomization(directory)
        config = TransformerConfig()
        resources = self.accumulate(top, [], [], config)
        add_hash_suffixes(resources)
        for res in resources:
            # kustomize strips its internal build annotations at the end and drops the
            # annotations map when that leaves it empty (or it was null): same here.
            meta = res.obj.get("metadata")
            if isinstance(meta, dict) and "annotations" in meta and not meta["annotations"]:
                del meta["annotations"]
        try:
            fix_name_references(resources, config.name_references)
            unused = resolve_vars(resources, config.variables, config.var_references, top.rel_file)
        except RenderError as exc:
            raise RenderError(exc.message, exc.location or top.rel_file) from None
        if unused:
            self.warnings.append(f"{top.rel_file}: well-defined vars that were never replaced: {','.join(unused)}")
        options = top.get_map("sortOptions")
        order = options.get("order") if options else None
        if order in (None, "", "legacy"):
            legacy = options.get("legacySortOptions") if isinstance(options.get("legacySortOptions"), dict) else {}
            first = legacy.get("orderFirst") if isinstance(legacy.get("orderFirst"), list) else None
            last = legacy.get("orderLast") if isinstance(legacy.get("orderLast"), list) else None
            if legacy and (first is None) != (last is None):
                first, last = first or [], last or []
            return legacy_sort(resources, first, last)
        if order == "fifo":
            return resources
        raise RenderError(f"the field 'sortOptions.order' must be one of [fifo, legacy], not {order!r}", top.loc("order"))

    def accumulate(self, kust: _Kust, resources: list[Res], stack: list[Path], config: TransformerConfig) -> list[Res]:
        real = Path(os.path.realpath(kust.directory))
        if real in stack:
            chain = " -> ".join(self.rel(p) for p in stack + [real])
            raise RenderError(f"cycle detected in kustomization resources: {chain}", kust.rel_file)
        stack = stack + [real]
        refs = kust.get_list("resources") + kust.get_list("bases")
        for ref in refs:
            if not isinstance(ref, str) or not ref:
                raise RenderError("each resource must be a path string", kust.loc("resources"))
            if _REMOTE.match(ref) or ("?ref=" in ref) or ref.startswith("//"):
                self.warnings.append(f"{kust.loc(ref)}: remote resource '{ref}' skipped (the embedded renderer does not fetch)")
                self.remote_skipped = True
                continue
            path = self.resolve(kust, ref, "resource")
            if path.is_dir():
                sub = self.load_kustomization(path)
                if str(sub.data.get("kind", "")) == "Component":
                    raise RenderError(f"'{ref}' is a Component; list it under 'components'", kust.loc(ref))
                sub_config = TransformerConfig()
                with self._helm_namespace_for_children(kust):
                    added = self.accumulate(sub, [], stack, sub_config)
                config.merge(sub_config)
                self._append_all(resources, added, kust, ref)
            elif path.exists():
                self._append_all(resources, self.load_resource_file(kust, ref), kust, ref)
            else:
                raise RenderError(f"resource '{ref}' does not exist", kust.loc(ref))
        self.load_configurations(kust, config)
        self.run_generators(kust, resources)
        for ref in kust.get_list("components"):
            if not isinstance(ref, str) or not ref:
                raise RenderError("each component must be a path string", kust.loc("components"))
            if _REMOTE.match(ref):
                self.warnings.append(f"{kust.loc(ref)}: remote component '{ref}' skipped (the embedded renderer does not fetch)")
                self.remote_skipped = True
                continue
            path = self.resolve(kust, ref, "component")
            if not path.is_dir():
                raise RenderError(f"component '{ref}' must be a directory with a kustomization", kust.loc(ref))
            comp = self.load_kustomization(path)
            if str(comp.data.get("kind", "")) != "Component":
                raise RenderError(f"'{ref}' is not a Component (kind: Component)", kust.loc(ref))
            with self._helm_namespace_for_children(kust):
                self.accumulate(comp, resources, stack, config)
        try:
            self.run_transformers(kust, resources, config)
            if kust.data.get("vars"):
                variables = parse_vars(kust.get_list("vars"), kust.loc("vars:"))
                bind_vars(resources, variables, kust.loc("vars:"))
                config.add_variables(variables)
        except RenderError as exc:
            if exc.location:
                raise
            raise RenderError(exc.message, kust.loc("vars:") if "var" in exc.message else kust.rel_file) from None
        return resources

    @contextlib.contextmanager
    def _helm_namespace_for_children(self, kust: _Kust) -> Iterator[None]:
        """kustomize 5.8.1 hands an overlay's `namespace:` (or the one it inherited) down to the
        helm charts of the kustomizations it pulls in."""
        inherited = self._helm_ns
        own = kust.data.get("namespace")
        self._helm_ns = own if isinstance(own, str) and own else inherited
        try:
            yield
        finally:
            self._helm_ns = inherited

    @staticmethod
    def _append_all(resources: list[Res], added: list[Res], kust: _Kust, ref: str) -> None:
        for res in added:
            cur = res.cur_id()
            for other in resources:
                o = other.cur_id()
                if (o.kind, o.group, o.version, o.name, o.effective_namespace) == (
                    cur.kind, cur.group, cur.version, cur.name, cur.effective_namespace
                ):
                    raise RenderError(
                        f"may not add resource with an already registered id: {cur}", kust.loc(ref)
                    )
            resources.append(res)

    def run_generators(self, kust: _Kust, resources: list[Res]) -> None:
        options = kust.data.get("generatorOptions")
        plugin_args: list[tuple[str, dict[str, Any], str]] = []
        for doc, where in self.load_plugin_configs(kust, "generators"):
            kind = str(doc.get("kind") or "")
            if str(doc.get("apiVersion") or "") != "builtin" or kind not in (
                "ConfigMapGenerator", "SecretGenerator", "HelmChartInflationGenerator"
            ):
                self.warnings.append(f"{where}: generator plugin {doc.get('apiVersion')}/{kind} is not supported; ignored")
                continue
            meta = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
            args = {k: v for k, v in doc.items() if k not in ("apiVersion", "kind", "metadata")}
            if kind == "HelmChartInflationGenerator":
                plugin_args.append(("Helm", args, where))
                continue
            args.setdefault("name", meta.get("name"))
            if meta.get("namespace"):
                args.setdefault("namespace", meta.get("namespace"))
            plugin_args.append((kind[: -len("Generator")], args, where))

        for key, kind in (("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret")):
            for args in kust.get_list(key):
                name = args.get("name", "") if isinstance(args, dict) else ""
                where = kust.loc(f"name: {name}") if name else kust.loc(key)

                def read(rel: str, where: str = where) -> bytes:
                    return self.read_file_bytes(kust, rel, "file")[0]

                res = generate(kind, args, options, GeneratorContext(read, where))
                res.source = Location(kust.rel_file, kust.line_of(f"name: {name}") if name else 0)
                absorb(resources, res, where)
        # kustomize's builtin generators: ConfigMap, Secret, then HelmChartInflationGenerator
        if kust.data.get("helmCharts") or kust.data.get("helmChartInflationGenerator"):
            self.helm_charts += len(kust.get_list("helmCharts")) + len(kust.get_list("helmChartInflationGenerator"))
            for res in inflate_charts(self, kust, self._helm_ns):
                absorb(resources, res, kust.loc("helmCharts"))
        for kind, args, where in plugin_args:
            if kind == "Helm":
                self.helm_charts += 1
                chart = _canon_chart(args, CHART_FIELDS)
                globals_ = _canon_chart(args, ["chartHome", "configHome"])
                typed = typed_plugin_inline(self, kust, str(chart.get("name") or ""))
                if typed is not None:
                    chart["valuesInline"] = typed
                for res in inflate_one(self, kust, chart, globals_, where):
                    absorb(resources, res, where)
                continue

            def read_plugin(rel: str, where: str = where) -> bytes:
                return self.read_file_bytes(kust, rel, "file")[0]

            res = generate(kind, args, None, GeneratorContext(read_plugin, where))
            res.source = Location(where.partition(":")[0], 0)
            absorb(resources, res, where)

    # -- transformers ------------------------------------------------------------------------

    def load_configurations(self, kust: _Kust, config: TransformerConfig) -> None:
        """`configurations:` files teach the transformers extra field specs (nameReference, ...)."""
        for ref in kust.get_list("configurations"):
            if not isinstance(ref, str):
                raise RenderError("each configuration must be a file path", kust.loc("configurations"))
            content, path = self.read_file_bytes(kust, ref, "configuration file")
            rel = self.rel(path)
            for doc, _ in parse_documents(content.decode("utf-8", errors="replace"), rel):
                if not isinstance(doc, dict):
                    raise RenderError("a transformer configuration must be a YAML map", rel)
                for section in config.add_from_yaml(doc):
                    if section not in ("varReference", "nameSuffix", "namePrefix"):
                        self.warnings.append(f"{rel}: configuration section '{section}' is not supported; ignored")

    def run_transformers(self, kust: _Kust, resources: list[Res], config: TransformerConfig) -> None:
        for entry in kust.get_list("patchesStrategicMerge"):
            self.apply_smp_entry(kust, resources, entry)
        for entry in kust.get_list("patches"):
            self.apply_patch_entry(kust, resources, entry)
        namespace = kust.get_str("namespace")
        if namespace:
            transform_namespace(resources, namespace, config.namespace)
        prefix = kust.get_str("namePrefix")
        if prefix:
            transform_prefix(resources, prefix)
        suffix = kust.get_str("nameSuffix")
        if suffix:
            transform_suffix(resources, suffix)
        for entry in kust.get_list("labels"):
            if not isinstance(entry, dict):
                raise RenderError("each 'labels' entry must be a map", kust.loc("labels:"))
            extra = parse_field_specs(entry.get("fields"))
            specs = label_entry_specs(entry, extra, config.common_labels, config.template_labels)
            transform_labels(resources, entry.get("pairs"), specs, "labels.pairs")
        transform_labels(resources, kust.data.get("commonLabels"), config.common_labels, "commonLabels")
        if kust.data.get("commonLabels"):
            self.warnings.append(
                f"{kust.loc('commonLabels')}: 'commonLabels' is deprecated. Please use 'labels' instead."
            )
        transform_annotations(resources, kust.data.get("commonAnnotations"), config.common_annotations)
        for entry in kust.get_list("patchesJson6902"):
            self.apply_json6902_entry(kust, resources, entry)
        replicas: list[tuple[str, int]] = []
        for entry in kust.get_list("replicas"):
            if not isinstance(entry, dict) or not entry.get("name"):
                raise RenderError("each 'replicas' entry needs a name and a count", kust.loc("replicas"))
            try:
                replicas.append((str(entry["name"]), int(str(entry.get("count", "")))))
            except ValueError:
                raise RenderError(
                    f"replicas entry {entry['name']!r}: count must be an integer", kust.loc(str(entry["name"]))
                ) from None
        if replicas:
            try:
                transform_replicas(resources, replicas, config.replicas)
            except RenderError as exc:
                name = exc.message.split("resource with name ", 1)[-1].split(" ", 1)[0]
                raise RenderError(exc.message, kust.loc(f"name: {name}")) from None
        images = []
        for entry in kust.get_list("images"):
            if not isinstance(entry, dict):
                raise RenderError("each 'images' entry must be a map", kust.loc("images"))
            images.append({k: str(v) for k, v in entry.items() if v is not None})
        if images:
            transform_images(resources, images, config.images)
        replacements = self.load_replacements(kust)
        if replacements:
            try:
                apply_replacements(resources, replacements, self._matches_meta_selectors(kust))
            except RenderError as exc:
                raise RenderError(exc.message, exc.location or kust.loc("replacements")) from None
        for doc, where in self.load_plugin_configs(kust, "transformers"):
            try:
                self.run_builtin_transformer(kust, resources, config, doc, where)
            except RenderError as exc:
                raise RenderError(exc.message, exc.location or where) from None

    # -- `transformers:` / `generators:` with builtin plugin configurations --------------------

    def load_plugin_configs(self, kust: _Kust, key: str) -> list[tuple[dict[str, Any], str]]:
        """Plugin configuration documents of `transformers:`/`generators:` (files or inline YAML),
        read with every scalar as a string, as kustomize's typed configs are."""
        out: list[tuple[dict[str, Any], str]] = []
        for entry in kust.get_list(key):
            if not isinstance(entry, str) or not entry.strip():
                raise RenderError(f"each '{key}' entry must be a file path or inline YAML", kust.loc(key))
            if "\n" in entry or ": " in entry.split("\n")[0]:
                text, where = entry, self._inline_where(kust, entry)
            else:
                path = self.resolve(kust, entry, "plugin configuration")
                if path.is_dir():
                    self.warnings.append(f"{kust.loc(entry)}: '{key}' directory '{entry}' is not supported; ignored")
                    continue
                content, path = self.read_file_bytes(kust, entry, "plugin configuration")
                text, where = content.decode("utf-8", errors="replace"), self.rel(path)
            try:
                docs = [d for d in yaml.load_all(text, Loader=_BaseLoader) if d]  # noqa: S506
            except yaml.YAMLError as exc:
                raise RenderError(f"invalid YAML in plugin configuration: {str(exc).splitlines()[0]}", where) from None
            for doc in docs:
                if not isinstance(doc, dict):
                    raise RenderError("a plugin configuration must be a YAML map", where)
                out.append((doc, where))
        return out

    def run_builtin_transformer(
        self, kust: _Kust, resources: list[Res], config: TransformerConfig, doc: dict[str, Any], where: str
    ) -> None:
        kind = str(doc.get("kind") or "")
        if str(doc.get("apiVersion") or "") != "builtin":
            self.warnings.append(f"{where}: transformer plugin {doc.get('apiVersion')}/{kind} is not supported; ignored")
            return
        specs = parse_field_specs(doc.get("fieldSpecs"))
        if kind == "LabelTransformer":
            transform_labels(resources, doc.get("labels"), specs, "labels")
        elif kind == "AnnotationsTransformer":
            transform_annotations(resources, doc.get("annotations"), specs)
        elif kind == "NamespaceTransformer":
            meta = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
            namespace = str(meta.get("namespace") or "")
            if namespace:
                transform_namespace(
                    resources,
                    namespace,
                    specs or config.namespace,
                    unset_only=str(doc.get("unsetOnly")).lower() == "true",
                    subjects=str(doc.get("setRoleBindingSubjects") or "defaultOnly"),
                )
        elif kind in ("PrefixSuffixTransformer", "PrefixTransformer", "SuffixTransformer"):
            if doc.get("prefix"):
                transform_prefix(resources, str(doc["prefix"]), specs or None)
            if doc.get("suffix"):
                transform_suffix(resources, str(doc["suffix"]), specs or None)
        elif kind == "ImageTagTransformer":
            image = doc.get("imageTag")
            if isinstance(image, dict):
                transform_images(resources, [{k: str(v) for k, v in image.items() if v is not None}], specs or config.images)
        elif kind == "ReplicaCountTransformer":
            replica = doc.get("replica") if isinstance(doc.get("replica"), dict) else {}
            try:
                count = int(str(replica.get("count", "")))
            except ValueError:
                raise RenderError("ReplicaCountTransformer: replica.count must be an integer", where) from None
            transform_replicas(resources, [(str(replica.get("name") or ""), count)], specs or config.replicas)
        elif kind == "PatchTransformer":
            self.apply_patch_entry(kust, resources, doc)
        elif kind == "PatchStrategicMergeTransformer":
            for path in doc.get("paths") or []:
                self.apply_smp_entry(kust, resources, str(path))
            if doc.get("patches"):
                self.apply_smp_entry(kust, resources, str(doc["patches"]))
        elif kind == "PatchJson6902Transformer":
            entry = dict(doc)
            if entry.get("jsonOp") and not entry.get("patch"):
                entry["patch"] = entry["jsonOp"]
            self.apply_json6902_entry(kust, resources, entry)
        elif kind == "ReplacementTransformer":
            apply_replacements(resources, list(doc.get("replacements") or []), self._matches_meta_selectors(kust))
        else:
            self.warnings.append(f"{where}: builtin transformer {kind} is not supported; ignored")

    def load_replacements(self, kust: _Kust) -> list[Any]:
        """Inline replacement entries and `- path: file` entries, in order."""
        out: list[Any] = []
        for entry in kust.get_list("replacements"):
            if isinstance(entry, dict) and entry.get("path") and not entry.get("source"):
                content, path = self.read_file_bytes(kust, str(entry["path"]), "replacement file")
                for doc, _ in parse_documents(content.decode("utf-8", errors="replace"), self.rel(path)):
                    out.extend(doc if isinstance(doc, list) else [doc])
            else:
                out.append(entry)
        return out
