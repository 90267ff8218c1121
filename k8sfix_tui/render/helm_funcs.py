"""Helm's own template objects and functions on top of Sprig.

Objects: `Files` (`.Files.Get/GetBytes/Glob/Lines/AsConfig/AsSecrets`), `Capabilities`
(`.Capabilities.KubeVersion.Version/Major/Minor/GitVersion`, `.APIVersions.Has`, `.HelmVersion`).
Functions: include, tpl, required, fail, toYaml/mustToYaml/toYamlPretty, fromYaml,
fromYamlArray, toJson/mustToJson, fromJson, fromJsonArray, toToml, fromToml, lookup (always an
empty map: no cluster), getHostByName ("" as DNS lookups are off).
`required`/`fail` wrap their message in Helm's HELM_ERR markers so the renderer can print
`execution error at (file:line:col): message` like Helm.
"""

from __future__ import annotations

import base64
import json
import posixpath
import re
from typing import Any, Callable

from .helm_yaml import YamlLoadError, go_yaml_load, to_yaml, to_yaml_strict, to_toml, YamlEncodeError
from .sprig import GoStruct, SprigError, sprig_functions, to_go_json
from .sprig_conv import strval

HELM_ERR_START = "HELM_ERR_START"
HELM_ERR_END = "HELM_ERR_END"
DEFAULT_KUBE_VERSION = "v1.36.0"
HELM_VERSION = "v4.2.0"
HELM_ERR_RE = re.compile(HELM_ERR_START + "(.*)" + HELM_ERR_END, re.S)


class HelmFunctionError(Exception):
    """Raised by Helm-specific template functions."""


# ---------------------------------------------------------------------------------------------
# .Files
# ---------------------------------------------------------------------------------------------


class Files(dict):
    """Helm's `files` map (path -> bytes) with its template methods."""

    __go_type__ = "engine.files"

    def GetBytes(self, name: Any) -> bytes:  # noqa: N802 - Go method names
        return self.get(strval(name), b"")

    def Get(self, name: Any) -> str:  # noqa: N802
        return self.GetBytes(name).decode("utf-8", "replace")

    def Glob(self, pattern: Any) -> "Files":  # noqa: N802
        rx = _glob_regex(strval(pattern))
        return Files({k: v for k, v in self.items() if rx.match(k)})

    def AsConfig(self) -> str:  # noqa: N802
        return to_yaml({posixpath.basename(k): v.decode("utf-8", "replace") for k, v in self.items()})

    def AsSecrets(self) -> str:  # noqa: N802
        return to_yaml({posixpath.basename(k): base64.b64encode(v).decode() for k, v in self.items()})

    def Lines(self, name: Any) -> list[str]:  # noqa: N802
        data = self.get(strval(name), b"")
        if not data:
            return []
        text = data.decode("utf-8", "replace")
        if text.endswith("\n"):
            text = text[:-1]
        return text.split("\n")


_GLOB_RX: dict[str, re.Pattern] = {}


def _glob_regex(pattern: str) -> re.Pattern:
    """gobwas/glob with '/' separator: `*` within a segment, `**` across, `?`, `[..]`, `{a,b}`."""
    rx = _GLOB_RX.get(pattern)
    if rx is not None:
        return rx
    out = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "{":
            j = pattern.find("}", i)
            if j < 0:
                out.append(re.escape(ch))
            else:
                alts = pattern[i + 1 : j].split(",")
                out.append("(?:" + "|".join(re.escape(a) for a in alts) + ")")
                i = j
        elif ch == "[":
            j = pattern.find("]", i)
            if j < 0:
                out.append(re.escape(ch))
            else:
                body = pattern[i + 1 : j]
                neg = body.startswith("!")
                out.append("[" + ("^" if neg else "") + re.escape(body[1:] if neg else body).replace("\\-", "-") + "]")
                i = j
        elif ch == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(ch))
        i += 1
    try:
        rx = re.compile("^" + "".join(out) + "$", re.S)
    except re.error:
        rx = re.compile(".*", re.S)
    _GLOB_RX[pattern] = rx
    return rx


# ---------------------------------------------------------------------------------------------
# .Capabilities
# ---------------------------------------------------------------------------------------------

DEFAULT_API_VERSIONS = (
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1beta1",
    "admissionregistration.k8s.io/v1alpha1",
    "apiextensions.k8s.io/v1",
    "apiextensions.k8s.io/v1beta1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1beta1",
    "authentication.k8s.io/v1alpha1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "autoscaling/v2beta1",
    "autoscaling/v2beta2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1alpha2",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "networking.k8s.io/v1alpha1",
    "node.k8s.io/v1",
    "node.k8s.io/v1beta1",
    "node.k8s.io/v1alpha1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1beta2",
    "scheduling.k8s.io/v1",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1alpha1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1alpha1",
)


class KubeVersion:
    """`.Capabilities.KubeVersion`; prints as its normalised version (`v1.20.0`)."""

    __go_type__ = "common.KubeVersion"

    def __init__(self, version: str) -> None:
        text = version.strip()
        m = re.match(r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(.*)$", text)
        if not m:
            raise HelmFunctionError(f"invalid kube version '{version}': could not parse \"{version}\" as version")
        self.Major = m.group(1).lstrip("0") or "0"
        self.Minor = (m.group(2) or "0").lstrip("0") or "0"
        patch = (m.group(3) or "0").lstrip("0") or "0"
        self.Version = text if text.startswith("v") else "v" + text
        self.normalized = f"v{self.Major}.{self.Minor}.{patch}"

    @property
    def GitVersion(self) -> str:  # noqa: N802
        return self.Version

    def String(self) -> str:  # noqa: N802
        return self.normalized

    def __str__(self) -> str:
        return self.normalized

    def __go_sprint__(self) -> str:
        """`%v` of a copy (function arguments): String() has a pointer receiver, so the struct prints."""
        return f"{{{self.Version} {self.Major} {self.Minor}}}"

    def to_go_json(self) -> dict[str, str]:
        return GoStruct(Version=self.Version, Major=self.Major, Minor=self.Minor)


class VersionSet(list):
    """`.Capabilities.APIVersions`: Go's `[]string` of `group/version` with a `Has` method
    (ranges, indexes and prints like a list)."""

    __go_type__ = "common.VersionSet"

    def __init__(self, versions: list[str]) -> None:
        super().__init__(versions)
        self._set = frozenset(versions)

    def Has(self, api_version: Any) -> bool:  # noqa: N802
        return strval(api_version) in self._set

    def __contains__(self, item: object) -> bool:
        return item in self._set

    def __str__(self) -> str:
        return "[" + " ".join(self) + "]"

    def to_go_json(self) -> list[str]:
        return list(self)


# what `helm template` reports without --kube-version, per helm major version (helm 3: v3.17.2)
HELM3_KUBE_VERSION = "v1.32.0"
HELM3_VERSION = "v3.17.2"
HELM3_API_VERSIONS = (
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "autoscaling/v2beta1",
    "autoscaling/v2beta2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1alpha1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha1",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1alpha1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
)


class HelmVersion:
    """`.Capabilities.HelmVersion` (Go's version.BuildInfo struct)."""

    __go_type__ = "version.BuildInfo"

    def __init__(self, version: str, git_commit: str, tree_state: str, go_version: str, kube_client: str | None) -> None:
        self.Version = version
        self.GitCommit = git_commit
        self.GitTreeState = tree_state
        self.GoVersion = go_version
        if kube_client is not None:
            self.KubeClientVersion = kube_client

    def to_go_json(self) -> dict[str, str]:
        out = {"version": self.Version, "git_commit": self.GitCommit, "git_tree_state": self.GitTreeState,
               "go_version": self.GoVersion}
        if hasattr(self, "KubeClientVersion"):
            out["kube_client_version"] = self.KubeClientVersion
        return GoStruct((k, v) for k, v in out.items() if v)


class _KubeVersion3(KubeVersion):
    """Helm 3's chartutil.ParseKubeVersion: `Version` is "v" + the semver String(), so `1.30` prints as
    `v1.30.0` (Helm 4 keeps the text as given)."""

    __go_type__ = "chartutil.KubeVersion"

    def __init__(self, version: str) -> None:
        super().__init__(version)
        rest = re.match(r"^v?\d+(?:\.\d+)?(?:\.\d+)?(.*)$", version.strip())
        suffix = rest.group(1) if rest and rest.group(1).startswith(("-", "+")) else ""
        self.Version = self.normalized + suffix


class _VersionSet3(VersionSet):
    __go_type__ = "chartutil.VersionSet"


class Capabilities:
    """`.Capabilities`; `helm_major` picks helm 3.17's or helm 4's defaults (and Go type names)."""

    __go_type__ = "*common.Capabilities"

    def __init__(self, kube_version: str | None = None, api_versions: list[str] | None = None,
                 helm_major: int = 4) -> None:
        helm3 = helm_major < 4
        self.KubeVersion = (_KubeVersion3 if helm3 else KubeVersion)(
            kube_version or (HELM3_KUBE_VERSION if helm3 else DEFAULT_KUBE_VERSION))
        extra: list[str] = []
        for item in api_versions or []:
            extra.extend(v.strip() for v in item.split(",") if v.strip())
        self.APIVersions = (_VersionSet3 if helm3 else VersionSet)(
            list(HELM3_API_VERSIONS if helm3 else DEFAULT_API_VERSIONS) + extra)
        if helm3:
            self.HelmVersion = HelmVersion(HELM3_VERSION, "cc0bbbd6d6276b83880042c1ecb34087e84d41eb", "clean", "go1.23.7", None)
        else:
            self.HelmVersion = HelmVersion(HELM_VERSION, "", "", "go1.26",
                                           "v" + ".".join(DEFAULT_KUBE_VERSION.lstrip("v").split(".")[:2]))

    def to_go_json(self) -> dict[str, Any]:
        return GoStruct(KubeVersion=self.KubeVersion.to_go_json(), APIVersions=list(self.APIVersions),
                        HelmVersion=self.HelmVersion.to_go_json())


# ---------------------------------------------------------------------------------------------
# functions
# ---------------------------------------------------------------------------------------------


def helm_err(message: str) -> HelmFunctionError:
    return HelmFunctionError(HELM_ERR_START + message + HELM_ERR_END)


def required(warn: Any, value: Any) -> Any:
    if value is None or (isinstance(value, str) and value == ""):
        raise helm_err(strval(warn))
    return value


def fail(message: Any) -> str:
    raise helm_err(strval(message))


def from_yaml(text: Any) -> dict:
    try:
        value = go_yaml_load(strval(text))
    except YamlLoadError as exc:
        return {"Error": f"error converting YAML to JSON: {exc}"}
    if value is None:
        return {}
    if not isinstance(value, dict):
        kind = "array" if isinstance(value, list) else "string" if isinstance(value, str) else "number"
        return {"Error": f"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}"}
    return value


def from_yaml_array(text: Any) -> list:
    try:
        value = go_yaml_load(strval(text))
    except YamlLoadError as exc:
        return [f"error converting YAML to JSON: {exc}"]
    if value is None:
        return []
    if not isinstance(value, list):
        kind = "object" if isinstance(value, dict) else "string" if isinstance(value, str) else "number"
        return [f"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {kind} into Go value of type []interface {{}}"]
    return value


def _floats(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, dict):
        return {k: _floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_floats(v) for v in value]
    return value


def from_json(text: Any) -> dict:
    try:
        value = json.loads(strval(text))
    except ValueError as exc:
        return {"Error": str(exc)}
    if not isinstance(value, dict):
        return {"Error": "json: cannot unmarshal into Go value of type map[string]interface {}"}
    return _floats(value)


def from_json_array(text: Any) -> list:
    try:
        value = json.loads(strval(text))
    except ValueError as exc:
        return [str(exc)]
    if not isinstance(value, list):
        return ["json: cannot unmarshal object into Go value of type []interface {}"]
    return _floats(value)


def to_json(value: Any) -> str:
    try:
        return to_go_json(value)
    except (SprigError, ValueError, TypeError, RecursionError):
        return ""


def must_to_json(value: Any) -> str:
    try:
        return to_go_json(value)
    except (ValueError, TypeError) as exc:
        raise HelmFunctionError(str(exc)) from None


def must_to_yaml(value: Any) -> str:
    try:
        return to_yaml_strict(value)
    except YamlEncodeError as exc:
        raise HelmFunctionError(str(exc)) from None


def from_toml(text: Any) -> dict:
    try:
        import tomllib

        return _floats_toml(tomllib.loads(strval(text)))
    except Exception as exc:  # noqa: BLE001 - tomllib raises several types
        return {"Error": str(exc)}


def _floats_toml(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _floats_toml(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_floats_toml(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        from .sprig_conv import Int64

        return Int64(value)
    return value


def lookup(api_version: Any, kind: Any, namespace: Any, name: Any) -> dict:
    return {}


def helm_functions(include: Callable[[Any, Any], str], tpl: Callable[[Any, Any], str]) -> dict[str, Callable[..., Any]]:
    """The full function map Helm gives templates: Sprig (minus env/expandenv) plus Helm's."""
    funcs = sprig_functions()
    funcs.update(
        {
            "toToml": to_toml,
            "mustToToml": to_toml,
            "fromToml": from_toml,
            "toYaml": to_yaml,
            "mustToYaml": must_to_yaml,
            "toYamlPretty": to_yaml,
            "fromYaml": from_yaml,
            "fromYamlArray": from_yaml_array,
            "toJson": to_json,
            "mustToJson": must_to_json,
            "fromJson": from_json,
            "fromJsonArray": from_json_array,
            "include": include,
            "tpl": tpl,
            "required": required,
            "fail": fail,
            "lookup": lookup,
            "getHostByName": lambda _name: "",
        }
    )
    return funcs


# ---------------------------------------------------------------------------------------------
# how each function's result relates to its arguments, for values provenance (render/helm.py)
# ---------------------------------------------------------------------------------------------

# mode "same": the result is the (last) argument in another notation (quoted, as a number, as
# YAML/JSON): it keeps the argument's values key unchanged.
# mode "derive": the result is computed from the last argument alone (upper, trunc, b64enc...): it
# gets the argument's key marked derived, unless its printed text equals the argument's.
# mode "embed": the result contains the printed text of the listed arguments (cat, join, indent):
# each key becomes partial provenance where its text is found (whole when the result is exactly it).
# `args` says which arguments: "last", "all", "items" (the elements of a list given last), or a
# tuple of positions; "derive" functions may also embed other arguments (`replace`'s new text).
PROVENANCE_MODES: dict[str, tuple[str, Any]] = {
    **{name: ("same", "last") for name in (
        "quote", "squote", "toString", "toYaml", "mustToYaml", "toYamlPretty", "toJson", "mustToJson",
        "toRawJson", "mustToRawJson", "toPrettyJson", "mustToPrettyJson",
    )},
    **{name: ("derive", ()) for name in (
        "upper", "lower", "title", "untitle", "swapcase", "snakecase", "camelcase", "kebabcase",
        "trim", "trimAll", "trimall", "trimSuffix", "trimPrefix", "trunc", "abbrev", "abbrevboth",
        "nospace", "substr", "initials", "atoi", "int", "int64", "float64", "toDecimal", "ceil", "floor", "round",
        "b64enc", "b64dec", "b32enc", "b32dec", "sha1sum", "sha256sum", "sha512sum", "adler32sum",
        "base", "dir", "clean", "ext", "osBase", "osDir", "osClean", "osExt",
    )},
    "replace": ("derive", (1,)),
    **{name: ("embed", "last") for name in ("indent", "nindent", "wrap", "wrapWith")},
    "cat": ("embed", "all"),
    "join": ("embed", "items"),
    "regexReplaceAll": ("embed", (1, 2)),
    "mustRegexReplaceAll": ("embed", (1, 2)),
    "regexReplaceAllLiteral": ("embed", (1, 2)),
    "mustRegexReplaceAllLiteral": ("embed", (1, 2)),
}
