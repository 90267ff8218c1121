"""Kubernetes objects in documents checked against the real Kubernetes JSON schemas, offline.

`check_object(obj, kube_version=None, *, partial=False) -> list[(dotted_path, message)]` validates one
object with the schemas of the `kubernetes-validate` package for that Kubernetes version, in strict
mode (unknown fields are errors: a snippet with `replica:` or `contianers:` is exactly the drift a
writer must see). `validate_object` returns the same as a `SchemaResult` (problems best first, notes,
the schema version used); `check_block` checks every object of one YAML block and maps each problem
to its line inside the block (a `yaml.compose` node walk).

Messages are short: `spec.replicas: '3' is not of type integer`, `spec.template.spec.contianers:
unknown field (did you mean containers?)`, `apiVersion extensions/v1beta1 Ingress is not served by
Kubernetes 1.31 (removed in 1.22; use networking.k8s.io/v1)`. Paths are dotted keys with list indexes
(`spec.template.spec.containers[0].ports[0].containerPort`); keys that are not plain words are quoted
(`metadata.labels["app.kubernetes.io/name"]`).

Which version: `kube_version` (default `pitfalls.DEFAULT_KUBE_VERSION`) picks the newest schema set
not newer than it. A version newer than the package's newest is checked against the newest, older
than its oldest against the oldest; the result says so in a note. A malformed version is a
`UsageError`.

What is not an error:
- Objects whose API group is not a built-in Kubernetes group (custom resources such as
  `monitoring.coreos.com/v1 ServiceMonitor`, tool configs such as `kustomize.config.k8s.io/v1beta1
  Kustomization`) and kubeconfig files (`v1 Config`): not checked, with a note.
- An apiVersion the schema set lacks but the requested Kubernetes version still serves (the
  package's oldest schemas are newer than the request; the removal version comes from the
  deprecated-API table in `pitfalls.apis`): not checked, with a note.
- Missing required fields in excerpts. Documents show trimmed objects. With `partial=True` (every
  document snippet), a missing required field counts only when the object looks complete: it has
  apiVersion, kind, metadata.name (or generateName), every field its kind requires at the top level
  and directly under `spec` (so a Deployment excerpt without `spec.selector` is an excerpt), and its
  block has no elision marker (`...`/`…` lines or values, `# ...`, a comment saying trimmed,
  omitted, excerpt, etc.); and when the mapping that lacks the field shows at least as many of its
  required fields as it lacks, or has a single required field (a container without `name`, an
  Ingress path with `backend` but no `pathType` count; a webhook item showing only its `name` of
  four required fields is trimmed). Otherwise missing required fields become notes. An elided value
  (`...`, `[...snip...]`, `{...}`) is never a type error or an unknown field.
Type errors, unknown fields, values outside an enum and apiVersions that are not served always count,
except for a whole value that is a placeholder (`${REPLICAS}`, `$(PORT)`, `<your-port>`): the document
is a template there and the placeholder check owns it. Strategic-merge-patch directives (`$patch`,
`$setElementOrder/...`, `$retainKeys`, `$deleteFromPrimitiveList/...`) in Kustomize patches are ignored.

The OpenAPI schemas carry no enums for string fields the API server validates against a fixed set
(Service `type`, `imagePullPolicy`, `restartPolicy`, port `protocol`, Ingress `pathType`, PVC
`accessModes`, ...): `ENUMS` adds those sets to the loaded schema, so `type: Nodeport` fails with
`'Nodeport' is not one of ClusterIP, NodePort, LoadBalancer, ExternalName (did you mean NodePort?)`.

When `kubernetes-validate` (or `jsonschema`) cannot be imported, the structural subset below
(apiVersion table and a few required fields, `structural_check`) is used instead, with a note.

Speed: each version's `_definitions.json` (1.3 MB) is loaded once per process and one validator is
cached per (version, definition); an object then costs well under a millisecond.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from ..errors import UsageError

PathT = tuple[Any, ...]
_ELLIPSES = ("...", "…")
_ELISION_LINE = re.compile(
    r"^\s*(?:-\s*)?(?:\.\.\.|…)\s*$"  # a line that is only ... (or a list item ...)
    r"|^\s*[^#\s][^:#]*:\s*(?:\.\.\.|…)\s*(?:#.*)?$"  # key: ...
    r"|#\s*(?:\.\.\.|…)"  # # ...
    r"|[\[{(]\s*(?:\.\.\.|…)"  # [...snip...], {...}
    r"|#.*\b(?:trimmed|truncated|omitted|omit|abridged|excerpt|snip(?:ped)?|shortened|elided|abbreviated|"
    r"and so on|etc)\b",
    re.I,
)
_NON_API_CORE_KINDS = {"Config": "a kubeconfig file"}
_PLACEHOLDER_VALUE = re.compile(r"\$\{[^}]*\}|\$\([^)]*\)|\$[A-Z_][A-Z0-9_]*|<[^<>]+>|%[A-Z_]+%|__[A-Z0-9_]+__")

_V1 = "io.k8s.api.core.v1."
_PROTOCOLS = ["TCP", "UDP", "SCTP"]
_PULL = ["Always", "IfNotPresent", "Never"]
_ACCESS = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]
# (definition, property) -> the values the API server accepts (validated server-side, absent from OpenAPI)
ENUMS: dict[tuple[str, str], list[str]] = {
    (_V1 + "ServiceSpec", "type"): ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
    (_V1 + "ServiceSpec", "externalTrafficPolicy"): ["Cluster", "Local"],
    (_V1 + "ServiceSpec", "internalTrafficPolicy"): ["Cluster", "Local"],
    (_V1 + "ServiceSpec", "sessionAffinity"): ["ClientIP", "None"],
    (_V1 + "ServiceSpec", "ipFamilyPolicy"): ["SingleStack", "PreferDualStack", "RequireDualStack"],
    (_V1 + "ServicePort", "protocol"): _PROTOCOLS,
    (_V1 + "ContainerPort", "protocol"): _PROTOCOLS,
    (_V1 + "Container", "imagePullPolicy"): _PULL,
    (_V1 + "EphemeralContainer", "imagePullPolicy"): _PULL,
    (_V1 + "Container", "terminationMessagePolicy"): ["File", "FallbackToLogsOnError"],
    (_V1 + "PodSpec", "restartPolicy"): ["Always", "OnFailure", "Never"],
    (_V1 + "PodSpec", "dnsPolicy"): ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
    (_V1 + "PodSpec", "preemptionPolicy"): ["PreemptLowerPriority", "Never"],
    (_V1 + "HTTPGetAction", "scheme"): ["HTTP", "HTTPS"],
    (_V1 + "Toleration", "operator"): ["Exists", "Equal"],
    (_V1 + "Toleration", "effect"): ["NoSchedule", "PreferNoSchedule", "NoExecute", ""],
    (_V1 + "NodeSelectorRequirement", "operator"): ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"],
    ("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement", "operator"):
        ["In", "NotIn", "Exists", "DoesNotExist"],
    (_V1 + "PersistentVolumeClaimSpec", "accessModes"): _ACCESS,
    (_V1 + "PersistentVolumeClaimSpec", "volumeMode"): ["Filesystem", "Block"],
    (_V1 + "PersistentVolumeSpec", "accessModes"): _ACCESS,
    (_V1 + "PersistentVolumeSpec", "volumeMode"): ["Filesystem", "Block"],
    (_V1 + "PersistentVolumeSpec", "persistentVolumeReclaimPolicy"): ["Retain", "Delete", "Recycle"],
    ("io.k8s.api.networking.v1.HTTPIngressPath", "pathType"): ["Exact", "Prefix", "ImplementationSpecific"],
    ("io.k8s.api.networking.v1.NetworkPolicySpec", "policyTypes"): ["Ingress", "Egress"],
    ("io.k8s.api.apps.v1.DeploymentStrategy", "type"): ["Recreate", "RollingUpdate"],
    ("io.k8s.api.apps.v1.StatefulSetUpdateStrategy", "type"): ["RollingUpdate", "OnDelete"],
    ("io.k8s.api.apps.v1.DaemonSetUpdateStrategy", "type"): ["RollingUpdate", "OnDelete"],
    ("io.k8s.api.apps.v1.StatefulSetSpec", "podManagementPolicy"): ["OrderedReady", "Parallel"],
    ("io.k8s.api.batch.v1.CronJobSpec", "concurrencyPolicy"): ["Allow", "Forbid", "Replace"],
    ("io.k8s.api.batch.v1.JobSpec", "completionMode"): ["NonIndexed", "Indexed"],
    ("io.k8s.api.autoscaling.v2.MetricSpec", "type"): ["ContainerResource", "External", "Object", "Pods", "Resource"],
    ("io.k8s.api.autoscaling.v2.MetricTarget", "type"): ["AverageValue", "Utilization", "Value"],
    ("io.k8s.api.storage.v1.StorageClass", "reclaimPolicy"): ["Retain", "Delete", "Recycle"],
    ("io.k8s.api.storage.v1.StorageClass", "volumeBindingMode"): ["Immediate", "WaitForFirstConsumer"],
}


@dataclass(frozen=True)
class Problem:
    """One schema problem: `path` as keys and list indexes, a short message, and its kind
    (`type`, `unknown-field`, `required`, `required-sparse` (in a mapping that shows fewer of its
    required fields than it lacks), `enum`, `api`, `value`)."""

    path: PathT
    message: str
    kind: str = "value"
    hint: str = ""  # the known field an unknown one is probably a typo of

    @property
    def dotted(self) -> str:
        return dotted(self.path)


@dataclass
class SchemaResult:
    """What `validate_object` found: counted problems (best first), notes that do not fail, the
    Kubernetes schema version used (None when the object was not checked against a schema)."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    schema_version: str | None = None
    checked: bool = False
    version_note: str = ""  # set when the schema version differs from the requested one


@dataclass
class BlockResult:
    """`check_block` of one YAML block: objects seen, (0-based line in the block, message) problems, notes."""

    objects: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    schema_version: str | None = None
    version_note: str = ""


# ---------------------------------------------------------------------------------------------
# paths and lines
# ---------------------------------------------------------------------------------------------


def dotted(path: Iterable[Any]) -> str:
    """`("spec", "containers", 0, "image")` -> `spec.containers[0].image`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_$][\w$-]*", str(part)):
            out += ("." if out else "") + str(part)
        else:
            out += "[" + json.dumps(str(part), ensure_ascii=False) + "]"
    return out


def line_of(node: Any, path: Iterable[Any]) -> int | None:
    """0-based line of `path` in a composed YAML node tree (`yaml.compose`): the key's line for a
    mapping key, the item's line for a list index; the deepest part found when the rest is missing."""
    if node is None or not hasattr(node, "start_mark"):
        return None
    line = node.start_mark.line
    for part in path:
        value = getattr(node, "value", None)
        if isinstance(part, int) and isinstance(value, list) and node.id == "sequence":
            if not 0 <= part < len(value):
                return line
            node = value[part]
            line = node.start_mark.line
        elif node.id == "mapping" and isinstance(value, list):
            match = next(((k, v) for k, v in value if getattr(k, "id", "") == "scalar" and k.value == str(part)), None)
            if match is None:
                return line
            line = match[0].start_mark.line
            node = match[1]
        else:
            return line
    return line


def looks_elided(text: str) -> bool:
    """True when a YAML block marks itself as an excerpt (`...` lines or values, `# ...`, `# trimmed`)."""
    return any(_ELISION_LINE.search(line) for line in text.splitlines())


# ---------------------------------------------------------------------------------------------
# schema sets
# ---------------------------------------------------------------------------------------------


def _parse(version: str) -> tuple[int, int]:
    from ..pitfalls.apis import parse_version

    try:
        return parse_version(str(version))
    except ValueError as exc:
        raise UsageError(f"--kube-version: {exc}") from None


def default_kube_version() -> str:
    from ..pitfalls import DEFAULT_KUBE_VERSION

    return DEFAULT_KUBE_VERSION


@lru_cache(maxsize=1)
def _schema_root() -> Path | None:
    """The kubernetes-validate schema directory, or None when the package (or jsonschema) is missing."""
    try:
        import jsonschema  # noqa: F401
        import kubernetes_validate
    except ImportError:
        return None
    root = Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema"
    return root if root.is_dir() else None


@lru_cache(maxsize=1)
def schema_versions() -> tuple[tuple[int, int], ...]:
    """(major, minor) of every strict schema set the package ships, oldest first."""
    root = _schema_root()
    if root is None:
        return ()
    out = set()
    for d in root.iterdir():
        m = re.fullmatch(r"v(\d+)\.(\d+)\.\d+-local-strict", d.name)
        if m and (d / "_definitions.json").is_file():
            out.add((int(m.group(1)), int(m.group(2))))
    return tuple(sorted(out))


def resolve_version(kube_version: str | None) -> tuple[tuple[int, int], tuple[int, int] | None, str]:
    """(requested, schema version to use or None without schemas, note when they differ)."""
    requested = _parse(kube_version or default_kube_version())
    versions = schema_versions()
    if not versions:
        return requested, None, ""
    req = f"{requested[0]}.{requested[1]}"
    if requested > versions[-1]:
        newest = f"{versions[-1][0]}.{versions[-1][1]}"
        return requested, versions[-1], (f"Kubernetes {req} is newer than the newest schema in kubernetes-validate; "
                                         f"checked against {newest}")
    if requested < versions[0]:
        oldest = f"{versions[0][0]}.{versions[0][1]}"
        return requested, versions[0], (f"Kubernetes {req} is older than the oldest schema in kubernetes-validate; "
                                        f"checked against {oldest}")
    return requested, max(v for v in versions if v <= requested), ""


@dataclass
class _SchemaSet:
    version: tuple[int, int]
    document: dict[str, Any]
    index: dict[tuple[str, str], str]  # (apiVersion, kind) -> definition name
    kinds: dict[str, list[str]]  # kind -> apiVersions serving it
    groups: set[str]


@lru_cache(maxsize=4)
def _schema_set(version: tuple[int, int]) -> _SchemaSet:
    root = _schema_root()
    assert root is not None
    path = root / f"v{version[0]}.{version[1]}.0-local-strict" / "_definitions.json"
    with open(path, encoding="utf-8") as fh:
        document = json.load(fh)
    _add_enums(document.get("$defs", {}))
    index: dict[tuple[str, str], str] = {}
    kinds: dict[str, list[str]] = {}
    groups: set[str] = set()
    for name, definition in document.get("$defs", {}).items():
        gvks = definition.get("x-kubernetes-group-version-kind") or []
        if len(gvks) != 1:  # DeleteOptions, WatchEvent: shared helper types, not objects
            continue
        gvk = gvks[0]
        api = f"{gvk['group']}/{gvk['version']}" if gvk.get("group") else gvk["version"]
        index[(api, gvk["kind"])] = name
        kinds.setdefault(gvk["kind"], []).append(api)
        groups.add(gvk.get("group") or "")
    return _SchemaSet(version, document, index, kinds, groups)


def _add_enums(defs: dict[str, Any]) -> None:
    """Put `ENUMS` into a freshly loaded definitions document (on list properties: on their items)."""
    for (name, prop), values in ENUMS.items():
        schema = ((defs.get(name) or {}).get("properties") or {}).get(prop)
        if not isinstance(schema, dict):
            continue
        if isinstance(schema.get("items"), dict):
            schema = schema["items"]
        schema["enum"] = list(values) + [None]


@lru_cache(maxsize=256)
def _validator(version: tuple[int, int], definition: str) -> Any:
    """A Draft 2020-12 validator for one object definition (cached per version and definition)."""
    import jsonschema

    document = _schema_set(version).document
    schema = dict(document)
    schema["$ref"] = f"#/$defs/{definition}"
    return jsonschema.Draft202012Validator(schema)


def _definition(version: tuple[int, int], name: str) -> dict[str, Any]:
    return _schema_set(version).document.get("$defs", {}).get(name, {})


def _ref_name(prop: Any) -> str | None:
    if isinstance(prop, dict):
        ref = prop.get("$ref") or next((s.get("$ref") for s in prop.get("allOf", []) if isinstance(s, dict)), None)
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return ref[len("#/$defs/"):]
    return None


# ---------------------------------------------------------------------------------------------
# YAML values as Kubernetes sees them (sigs.k8s.io/yaml)
# ---------------------------------------------------------------------------------------------


def _is_patch_directive(key: str) -> bool:
    return key in ("$patch", "$retainKeys") or key.startswith(("$setElementOrder/", "$deleteFromPrimitiveList/"))


def _scalar_key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


def jsonable(value: Any, _depth: int = 0, _seen: frozenset[int] = frozenset()) -> Any:
    """A YAML value as the JSON Kubernetes receives: string keys, dates as strings, bytes as text.
    Recursive (aliased) or absurdly deep structures become null rather than failing."""
    if _depth > 100:
        return None
    if isinstance(value, dict):
        if id(value) in _seen:
            return None
        seen = _seen | {id(value)}
        return {_scalar_key(k): jsonable(v, _depth + 1, seen) for k, v in value.items()
                if not _is_patch_directive(_scalar_key(k))}
    if isinstance(value, (list, tuple)):
        if id(value) in _seen:
            return None
        seen = _seen | {id(value)}
        return [jsonable(v, _depth + 1, seen) for v in value]
    if isinstance(value, (set, frozenset)):
        return {_scalar_key(k): None for k in value}
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", errors="replace")
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    return str(value)


# ---------------------------------------------------------------------------------------------
# messages
# ---------------------------------------------------------------------------------------------

_TYPE_WORDS = {"object": "mapping", "array": "list"}


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return repr(text)
    return str(value)


def _types(value: Any) -> list[str]:
    types = [value] if isinstance(value, str) else list(value or [])
    return [_TYPE_WORDS.get(t, t) for t in types if t != "null"] or ["null"]


def _is_elision(value: Any) -> bool:
    """An elided value (`...`, `...snip...`, `[...]`, `{...}`) or a whole-value placeholder
    (`${REPLICAS}`, `<port>`): never a type error."""
    if isinstance(value, list):
        return bool(value) and all(_is_elision(v) for v in value)
    if isinstance(value, dict):
        return bool(value) and all(_is_elision(k) for k in value)
    if not isinstance(value, str):
        return False
    text = value.strip()
    return text.lstrip("[({<").startswith(_ELLIPSES) or _PLACEHOLDER_VALUE.fullmatch(text) is not None


def _matches(pattern: str, key: str) -> bool:
    try:
        return re.search(pattern, key) is not None
    except re.error:  # an ECMA-only pattern: do not call the key unknown on its account
        return True


def _convert(error: Any) -> list[Problem]:
    """Short problems for one jsonschema error (one per unknown field / missing field)."""
    path = tuple(error.absolute_path)
    validator = error.validator
    if _is_elision(error.instance):
        return []
    if validator == "additionalProperties" and isinstance(error.instance, dict):
        schema = error.schema if isinstance(error.schema, dict) else {}
        known = list((schema.get("properties") or {}).keys())
        patterns = list((schema.get("patternProperties") or {}).keys())
        out = []
        for key in error.instance:
            if key in known or any(_matches(p, str(key)) for p in patterns) or _is_elision(key):
                continue
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
            hint = f" (did you mean {close[0]}?)" if close else ""
            out.append(Problem(path + (key,), f"unknown field{hint}", "unknown-field", close[0] if close else ""))
        return out or [Problem(path, error.message, "unknown-field")]
    if validator == "required" and isinstance(error.instance, dict):
        required = list(error.validator_value or [])
        missing = [r for r in required if r not in error.instance]
        # a mapping showing fewer of its required fields than it lacks is a trimmed excerpt
        kind = "required" if len(required) == 1 or len(required) - len(missing) >= len(missing) else "required-sparse"
        return [Problem(path + (r,), "required field is missing", kind) for r in missing]
    if validator == "type":
        return [Problem(path, f"{_show(error.instance)} is not of type {' or '.join(_types(error.validator_value))}",
                        "type")]
    if validator == "enum":
        values = [v for v in (error.validator_value or []) if v is not None and v != ""]
        shown = ", ".join(str(v) for v in values[:8]) + (", ..." if len(values) > 8 else "")
        same = [v for v in values if isinstance(error.instance, str) and str(v).lower() == error.instance.lower()]
        close = same or difflib.get_close_matches(str(error.instance), [str(v) for v in values], n=1, cutoff=0.75)
        hint = f" (did you mean {close[0]}?)" if close else ""
        return [Problem(path, f"{_show(error.instance)} is not one of {shown}{hint}", "enum")]
    if validator in ("oneOf", "anyOf") and error.context:
        subs = list(error.context)
        if all(s.validator == "type" for s in subs):
            types: list[str] = []
            for s in subs:
                types += [t for t in _types(s.validator_value) if t not in types]
            return [Problem(path, f"{_show(error.instance)} is not of type {' or '.join(types)}", "type")]
        from jsonschema.exceptions import best_match

        best = best_match(subs)
        if best is not None and best is not error:
            return _convert(best)
    message = error.message if len(error.message) <= 120 else error.message[:117] + "..."
    return [Problem(path, message, "value")]


# ---------------------------------------------------------------------------------------------
# checking one object
# ---------------------------------------------------------------------------------------------


def _ver(v: tuple[int, int]) -> str:
    return f"{v[0]}.{v[1]}"


def _group(api: str) -> str:
    """The API group of an apiVersion: "" for the core group (`v1`); an apiVersion that is neither
    `group/version` nor a version (`0.1.0`) is its own (unknown) group."""
    if "/" in api:
        return api.rsplit("/", 1)[0]
    return "" if re.fullmatch(r"v\d+(?:(?:alpha|beta)\d+)?", api) else api


def _builtin_groups(sset: _SchemaSet) -> set[str]:
    from ..pitfalls.apis import DEPRECATED

    return sset.groups | {_group(api) for api, _ in DEPRECATED} | {""}


def _unserved(api: str, kind: str, requested: tuple[int, int], sset: _SchemaSet) -> tuple[str | None, str | None]:
    """(problem, note) for an apiVersion/kind pair the schema set does not have (a problem about the
    kind itself starts with the apiVersion: `apps/v1 has no kind Deploymnet ...`)."""
    from ..pitfalls.apis import lookup

    req = _ver(requested)
    if _group(api) not in _builtin_groups(sset):
        return None, f"not checked: no schema for {api} {kind} (not a built-in Kubernetes API)"
    if api == "v1" and kind in _NON_API_CORE_KINDS:
        return None, f"not checked: {api} {kind} is {_NON_API_CORE_KINDS[kind]}, not an API object"
    removed = lookup(api, kind)
    if removed is not None:
        _deprecated, removed_in, replacement = removed
        if requested < _parse(removed_in):
            return None, (f"not checked: {api} {kind} is served by Kubernetes {req} but kubernetes-validate has "
                          f"no schema for it (its oldest is {_ver(schema_versions()[0])})")
        return f"apiVersion {api} {kind} is not served by Kubernetes {req} (removed in {removed_in}; use " \
               f"{replacement})", None
    served = sorted(sset.kinds.get(kind, []))
    if served:
        return f"apiVersion {api} {kind} is not served by Kubernetes {req} ({kind} is {' or '.join(served)})", None
    close = difflib.get_close_matches(kind, list(sset.kinds), n=1, cutoff=0.8)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"{api} has no kind {kind} in Kubernetes {req}{hint}", None


def _looks_complete(obj: dict[str, Any], version: tuple[int, int], definition: str, elided: bool) -> bool:
    if elided:
        return False
    meta = obj.get("metadata")
    if not isinstance(meta, dict) or not (meta.get("name") or meta.get("generateName")):
        return False
    root = _definition(version, definition)
    if any(r not in obj for r in root.get("required", [])):
        return False
    spec_name = _ref_name((root.get("properties") or {}).get("spec"))
    if spec_name is None:
        return True
    required = _definition(version, spec_name).get("required", [])
    if not required:
        return True
    spec = obj.get("spec")
    return isinstance(spec, dict) and all(r in spec for r in required)


def validate_object(obj: Any, kube_version: str | None = None, *, partial: bool = False,
                    elided: bool = False) -> SchemaResult:
    """Check one object (a parsed YAML document) against the Kubernetes schema for `kube_version`.

    `partial=True` (document snippets) demotes missing required fields to notes unless the object
    looks complete (see the module docstring); `elided=True` says its block carries elision marks.
    Never raises for any input value; raises UsageError for a malformed `kube_version`.
    """
    requested, version, version_note = resolve_version(kube_version)
    result = SchemaResult()
    if not isinstance(obj, dict):
        result.problems.append(Problem((), f"{_show(obj)} is not a Kubernetes object (a mapping)", "type"))
        return result
    api, kind = obj.get("apiVersion"), obj.get("kind")
    for key, value in (("apiVersion", api), ("kind", kind)):
        if value is None:
            result.problems.append(Problem((key,), "required field is missing", "required"))
        elif not isinstance(value, str):
            result.problems.append(Problem((key,), f"{_show(value)} is not of type string", "type"))
        elif not value.strip():
            result.problems.append(Problem((key,), "must not be empty", "value"))
    if result.problems:
        return result
    if version is None:  # kubernetes-validate is not installed
        result.notes.append("kubernetes-validate is not installed: structural checks only")
        result.problems = [Problem(tuple(_split(p)), m, "value")
                           for p, m in structural_check(obj, partial=partial)]
        return result
    if version_note:
        result.notes.append(version_note)
        result.version_note = version_note
    sset = _schema_set(version)
    if kind == "List" and api == "v1" and isinstance(obj.get("items"), list) and (api, kind) not in sset.index:
        for i, item in enumerate(obj["items"]):
            sub = validate_object(item, kube_version, partial=partial, elided=elided)
            result.problems += [Problem(("items", i) + p.path, p.message, p.kind) for p in sub.problems]
            result.notes += [n for n in sub.notes if n not in result.notes]
        result.schema_version, result.checked = _ver(version), True
        return result
    definition = sset.index.get((api, kind))
    if definition is None:
        problem, note = _unserved(api, kind, requested, sset)
        if problem:
            field_ = "apiVersion" if problem.startswith("apiVersion ") else "kind"
            result.problems.append(Problem((field_,), problem, "api"))
        if note:
            result.notes.append(note)
        return result
    result.schema_version, result.checked = _ver(version), True
    data = jsonable(obj)
    try:
        errors = list(_validator(version, definition).iter_errors(data))
    except RecursionError:
        result.problems.append(Problem((), "too deeply nested to check", "value"))
        return result
    if not errors:
        return result
    from jsonschema.exceptions import relevance

    best = max(errors, key=relevance)
    ordered = [best] + sorted((e for e in errors if e is not best),
                              key=lambda e: [(0, p) if isinstance(p, int) else (1, str(p)) for p in e.absolute_path])
    problems: list[Problem] = []
    for error in ordered:
        for p in _convert(error):
            if p not in problems:
                problems.append(p)
    # `contianers:` explains the missing `containers`: report the typo only
    typos = {p.path[:-1] + (p.hint,) for p in problems if p.kind == "unknown-field" and p.hint}
    problems = [p for p in problems if not (p.kind.startswith("required") and p.path in typos)]
    if partial:
        complete = _looks_complete(obj, version, definition, elided)
        excused = [p for p in problems if p.kind == "required-sparse" or (p.kind == "required" and not complete)]
        if excused:
            result.notes.append(f"{kind} {_name(obj)} is an excerpt: missing required "
                                f"{', '.join(p.dotted for p in excused[:4])}{', ...' if len(excused) > 4 else ''} "
                                "not counted")
        problems = [p for p in problems if p not in excused]
    result.problems = problems
    return result


def _name(obj: dict[str, Any]) -> str:
    meta = obj.get("metadata")
    name = meta.get("name") if isinstance(meta, dict) else None
    return str(name) if isinstance(name, (str, int)) and str(name) else "(unnamed)"


def _split(dotted_path: str) -> list[Any]:
    out: list[Any] = []
    for m in re.finditer(r"([^.\[\]]+)|\[(\d+)\]", dotted_path):
        out.append(int(m.group(2)) if m.group(2) is not None else m.group(1))
    return out


def check_object(obj: Any, kube_version: str | None = None, *, partial: bool = False) -> list[tuple[str, str]]:
    """Schema problems of one Kubernetes object as (dotted path, message) pairs, the best first.

    Unknown fields are errors (strict). With `partial=True` missing required fields of an excerpt
    are not reported (see the module docstring). Custom resources are not checked (no problems).
    """
    return [(p.dotted, p.message) for p in validate_object(obj, kube_version, partial=partial).problems]


def check_block(text: str, documents: list[Any], kube_version: str | None = None) -> BlockResult:
    """Check the Kubernetes objects among `documents` (the parsed YAML documents of `text`, one
    document snippet): problems as (0-based line inside `text`, "Kind name: path: message")."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        nodes: list[Any] = list(yaml.compose_all(text, Loader=loader))
    except yaml.YAMLError:
        nodes = []
    if len(nodes) != len(documents):
        nodes = [None] * len(documents)
    elided = looks_elided(text)
    out = BlockResult()
    for doc, node in zip(documents, nodes):
        if not (isinstance(doc, dict) and "kind" in doc and "apiVersion" in doc):
            continue
        out.objects += 1
        res = validate_object(doc, kube_version, partial=True, elided=elided)
        out.schema_version = out.schema_version or res.schema_version
        out.version_note = out.version_note or res.version_note
        label = f"{doc.get('kind')} {_name(doc)}"
        for p in res.problems:
            line = line_of(node, p.path)
            where = f"{p.dotted}: " if p.path and p.kind != "api" else ""
            out.problems.append((line or 0, f"{label}: {where}{p.message}"))
        out.notes += [n for n in res.notes if n not in out.notes]
    return out


# ---------------------------------------------------------------------------------------------
# fallback: an offline structural subset (used only when kubernetes-validate is unavailable)
# ---------------------------------------------------------------------------------------------

# kind -> accepted apiVersions
API_VERSIONS: dict[str, tuple[str, ...]] = {
    "Pod": ("v1",), "Service": ("v1",), "ConfigMap": ("v1",), "Secret": ("v1",), "Namespace": ("v1",),
    "PersistentVolumeClaim": ("v1",), "PersistentVolume": ("v1",), "ServiceAccount": ("v1",),
    "Endpoints": ("v1",), "LimitRange": ("v1",), "ResourceQuota": ("v1",), "ReplicationController": ("v1",),
    "Deployment": ("apps/v1",), "StatefulSet": ("apps/v1",), "DaemonSet": ("apps/v1",), "ReplicaSet": ("apps/v1",),
    "Job": ("batch/v1",), "CronJob": ("batch/v1", "batch/v1beta1"),
    "Ingress": ("networking.k8s.io/v1",), "IngressClass": ("networking.k8s.io/v1",),
    "NetworkPolicy": ("networking.k8s.io/v1",),
    "HorizontalPodAutoscaler": ("autoscaling/v2", "autoscaling/v1", "autoscaling/v2beta2"),
    "PodDisruptionBudget": ("policy/v1", "policy/v1beta1"),
    "Role": ("rbac.authorization.k8s.io/v1",), "ClusterRole": ("rbac.authorization.k8s.io/v1",),
    "RoleBinding": ("rbac.authorization.k8s.io/v1",), "ClusterRoleBinding": ("rbac.authorization.k8s.io/v1",),
    "StorageClass": ("storage.k8s.io/v1",), "CustomResourceDefinition": ("apiextensions.k8s.io/v1",),
}

_POD_TEMPLATE = {"spec.template": dict, "spec.template.spec.containers": list}
# kind -> {dotted path: required type}
REQUIRED: dict[str, dict[str, type]] = {
    "Deployment": {"metadata.name": str, "spec": dict, "spec.selector": dict, **_POD_TEMPLATE},
    "StatefulSet": {"metadata.name": str, "spec": dict, "spec.selector": dict, **_POD_TEMPLATE},
    "DaemonSet": {"metadata.name": str, "spec": dict, "spec.selector": dict, **_POD_TEMPLATE},
    "ReplicaSet": {"metadata.name": str, "spec": dict, "spec.selector": dict, **_POD_TEMPLATE},
    "Job": {"metadata.name": str, "spec": dict, **_POD_TEMPLATE},
    "CronJob": {"metadata.name": str, "spec.schedule": str, "spec.jobTemplate.spec.template.spec.containers": list},
    "Pod": {"metadata.name": str, "spec.containers": list},
    "Service": {"metadata.name": str, "spec": dict},
    "Ingress": {"metadata.name": str, "spec": dict},
    "ConfigMap": {"metadata.name": str},
    "Secret": {"metadata.name": str},
    "PersistentVolumeClaim": {"metadata.name": str, "spec.accessModes": list, "spec.resources.requests.storage": object},
    "HorizontalPodAutoscaler": {"metadata.name": str, "spec.scaleTargetRef.name": str, "spec.maxReplicas": int},
    "PodDisruptionBudget": {"metadata.name": str, "spec": dict},
    "NetworkPolicy": {"metadata.name": str, "spec.podSelector": dict},
    "Namespace": {"metadata.name": str},
}
_TYPE_NAMES = {dict: "mapping", list: "list", str: "string", int: "number"}


def _get(obj: Any, path: str) -> tuple[bool, Any]:
    node = obj
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def _containers(obj: dict[str, Any]) -> list[tuple[str, Any]]:
    out = []
    for base in ("spec.template.spec", "spec.jobTemplate.spec.template.spec", "spec"):
        ok, spec = _get(obj, base)
        if ok and isinstance(spec, dict) and isinstance(spec.get("containers"), list):
            for i, c in enumerate(spec["containers"]):
                out.append((f"{base}.containers[{i}]", c))
            break
    return out


def structural_check(obj: dict[str, Any], partial: bool = False) -> list[tuple[str, str]]:
    """The fallback: apiVersion/kind pairs of core kinds and a few required fields with their types.
    `partial=True` (an excerpt) requires only metadata.name among the required fields."""
    problems: list[tuple[str, str]] = []
    kind = obj.get("kind")
    api = obj.get("apiVersion")
    if not isinstance(kind, str) or not kind:
        return [("kind", "missing kind")]
    if not isinstance(api, str) or not api:
        return [("apiVersion", "missing apiVersion")]
    if kind in API_VERSIONS and api not in API_VERSIONS[kind]:
        problems.append(("apiVersion", f"{kind} is served as {' or '.join(API_VERSIONS[kind])}, not {api}"))
    elif kind not in API_VERSIONS and "/" not in api and api == "v1":
        problems.append(("kind", f"unknown core kind {kind}"))
    for path, typ in REQUIRED.get(kind, {}).items():
        ok, value = _get(obj, path)
        if not ok or value is None:
            if path == "metadata.name" or not partial:
                problems.append((path, f"{kind} requires {path}"))
        elif typ is not object and not isinstance(value, typ) and not (typ is int and isinstance(value, str)):
            problems.append((path, f"{path} must be a {_TYPE_NAMES.get(typ, typ.__name__)}"))
    for where, c in _containers(obj):
        if not isinstance(c, dict):
            problems.append((where, "a container must be a mapping"))
            continue
        for key in ("name", "image"):
            if not c.get(key):
                problems.append((f"{where}.{key}", f"container requires {key}"))
        ports = c.get("ports")
        for i, p in enumerate(ports if isinstance(ports, list) else []):
            if not isinstance(p, dict) or "containerPort" not in p:
                problems.append((f"{where}.ports[{i}]", "container port requires containerPort"))
    if kind == "Service":
        ok, stype = _get(obj, "spec.type")
        ok_ports, ports = _get(obj, "spec.ports")
        if stype != "ExternalName" and not partial and not (ok_ports and isinstance(ports, list) and ports):
            problems.append(("spec.ports", "Service requires spec.ports"))
        for i, p in enumerate(ports if isinstance(ports, list) else []):
            if not isinstance(p, dict) or "port" not in p:
                problems.append((f"spec.ports[{i}]", "service port requires port"))
    return problems
