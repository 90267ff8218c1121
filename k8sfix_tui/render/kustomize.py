"""Kustomize rendering for k8sfix: `build(directory)` like `kustomize build`.

`renderer="auto"` runs `kustomize build` or `kubectl kustomize` when one is on PATH and the
embedded pure-Python renderer (`kustomize_build.Builder`) otherwise; "embedded", "kubectl" and
"kustomize" force one. Every failure is a `RenderError` naming the kustomization file (and line
when known). Paths leaving `repo_root` are refused by every renderer.

`helmCharts` are inflated by the embedded renderer with k8sfix's Helm renderer. The external
tools need `--enable-helm` and a `helm` binary for them: with "auto", a tree that inflates charts
is rendered by `kubectl kustomize --enable-helm` (or kustomize) only when `helm` is on PATH, and by
the embedded renderer otherwise; `result.route` says which way was taken and why. A chart that
fails to render is left out, its error in `result.errors` (the rest of the build stands).

    from k8sfix_tui.render.kustomize import build, find_kustomizations
    result = build("k8s/overlays/prod", repo_root=".")
    result.objects, result.sources, result.renderer, result.text, result.warnings
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from ..errors import RenderError
from ..model import Location
from .kustomize_build import HELM_NAMESPACE_MODES, KUSTOMIZATION_FILES, Builder, PathEscapeError, is_inside
from .kustomize_helm import surviving_lines, surviving_refs
from .kustomize_yaml import dump_stream, parse_documents

__all__ = ["KustomizeResult", "build", "find_kustomizations", "RENDERERS", "PathEscapeError"]

RENDERERS: tuple[str, ...] = ("auto", "embedded", "kubectl", "kustomize")
_TIMEOUT = 60
_SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache", ".pytest_cache"}


class KustomizeResult:
    """The rendered stream of one kustomization directory.

    `objects` in kustomize's output order; `sources[i]` is where objects[i] was defined (resource
    file and line of its document, the chart template of an inflated Helm chart, or the
    kustomization of a generator; None when unknown); `renderer` is "embedded", "kubectl kustomize"
    or "kustomize"; `text` is the YAML stream as `kustomize build` prints it (produced on first
    use); `warnings` are one-line notes. `field_lines[i]` maps field paths of objects[i] to lines of
    its source (Helm templates only; {} otherwise); `errors` are charts left out (RenderError with
    file:line); `helm_charts` counts the helmCharts entries of the tree; `route` is None or a note
    saying the embedded renderer was chosen for helmCharts.
    """

    def __init__(
        self,
        objects: list[dict[str, Any]],
        sources: list[Location | None],
        renderer: str,
        text: str | None = None,
        warnings: list[str] | None = None,
    ) -> None:
        self.objects = objects
        self.sources = sources
        self.renderer = renderer
        self._text = text
        self.warnings: list[str] = list(warnings or [])
        self.field_lines: list[dict[str, int]] = [{} for _ in objects]
        # values provenance of helm chart objects (field path -> model.ValueRef / [ValueRef])
        self.provenance: list[dict[str, Any]] = [{} for _ in objects]
        self.partial_provenance: list[dict[str, list[Any]]] = [{} for _ in objects]
        self.errors: list[RenderError] = []
        self.helm_charts = 0
        self.route: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = dump_stream(self.objects)
        return self._text

    def __repr__(self) -> str:
        return f"KustomizeResult({len(self.objects)} objects, renderer={self.renderer!r}, warnings={len(self.warnings)})"


def find_kustomizations(repo_root: str | Path) -> list[Path]:
    """Every directory under `repo_root` holding a kustomization file, sorted, skipping VCS and
    dependency directories."""
    root = Path(repo_root)
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
        if any(name in filenames for name in KUSTOMIZATION_FILES):
            found.append(Path(dirpath))
    return sorted(found)


def _embedded(directory: Path, root: Path, load_restrictor: str = "rootOnly", helm_namespaces: str = "v5.8") -> KustomizeResult:
    builder = Builder(root, load_restrictor, helm_namespaces)
    resources = builder.build(directory)
    objects = [r.obj for r in resources]
    result = KustomizeResult(
        objects=objects,
        sources=[r.source for r in resources],
        renderer="embedded",
        warnings=list(builder.warnings),
    )
    result.field_lines = [surviving_lines(r) if r.helm_generated else {} for r in resources]
    refs = [surviving_refs(r) if r.helm_generated else ({}, {}) for r in resources]
    result.provenance = [whole for whole, _ in refs]
    result.partial_provenance = [partial for _, partial in refs]
    result.errors = list(builder.chart_errors)
    result.helm_charts = builder.helm_charts
    return result


def _external_command(renderer: str) -> tuple[list[str], str] | None:
    if renderer in ("auto", "kustomize") and shutil.which("kustomize"):
        return ["kustomize", "build"], "kustomize"
    if renderer in ("auto", "kubectl") and shutil.which("kubectl"):
        return ["kubectl", "kustomize"], "kubectl kustomize"
    return None


def _kust_file_rel(directory: Path, root: Path) -> str:
    for name in KUSTOMIZATION_FILES:
        if (directory / name).is_file():
            return Path(os.path.relpath(directory / name, root)).as_posix()
    return Path(os.path.relpath(directory, root)).as_posix()


_KLOG = re.compile(r'^[IWEF]\d{4} [\d:.]+\s+\d+ [\w.-]+:\d+\] (?:"[^"]*" err=)?(?P<msg>.*)$')


def _klog_message(line: str) -> str:
    """kubectl logs through klog: `E1126 10:46:30.8 29069 run.go:72] "command failed" err="..."`; keep the
    message itself (unquoted), since the user needs the reason, not kubectl's log header."""
    m = _KLOG.match(line)
    if not m:
        return line
    msg = m.group("msg").strip()
    if len(msg) >= 2 and msg[0] == msg[-1] == '"':
        msg = msg[1:-1].replace('\\"', '"')
    return msg


def _run_external(argv: list[str], label: str, directory: Path, root: Path) -> KustomizeResult:
    where = _kust_file_rel(directory, root)
    try:
        proc = subprocess.run(  # noqa: S603 - fixed argv, no shell
            argv + [str(directory)],
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise RenderError(f"{label} timed out after {_TIMEOUT}s", where) from None
    except OSError as exc:
        raise RenderError(f"cannot run {label}: {exc.strerror or exc}", where) from None
    stderr_lines = [ln.strip() for ln in proc.stderr.splitlines() if ln.strip()]
    if proc.returncode != 0:
        message = next((ln for ln in reversed(stderr_lines) if ln.lower().startswith("error")), None)
        message = message or (stderr_lines[-1] if stderr_lines else f"exit status {proc.returncode}")
        message = _klog_message(message).replace(str(root) + os.sep, "")
        raise RenderError(f"{label} failed: {message}", where)
    objects = [doc for doc, _ in parse_documents(proc.stdout, f"{label} output")]
    warnings = [f"{where}: {ln.lstrip('# ')}" for ln in stderr_lines if ln.lstrip("# ").lower().startswith("warning")]
    return KustomizeResult(objects=objects, sources=[None] * len(objects), renderer=label, text=proc.stdout, warnings=warnings)


def _object_key(obj: dict[str, Any]) -> tuple[str, str, str, str]:
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    return (
        str(obj.get("apiVersion", "")),
        str(obj.get("kind", "")),
        str(meta.get("name", "")),
        str(meta.get("namespace", "") or ""),
    )


def _match_objects(external: list[dict[str, Any]], embedded: list[dict[str, Any]]) -> list[int | None]:
    """For each externally rendered object, the index of the same object in the embedded result:
    same apiVersion/kind/name/namespace, else (namespaces can differ between kustomize versions,
    e.g. for helm chart objects) the only embedded object with that apiVersion/kind/name."""
    exact = {_object_key(o): i for i, o in enumerate(embedded)}
    loose: dict[tuple[str, str, str], list[int]] = {}
    for i, o in enumerate(embedded):
        loose.setdefault(_object_key(o)[:3], []).append(i)
    out: list[int | None] = []
    for o in external:
        key = _object_key(o)
        if key in exact:
            out.append(exact[key])
        else:
            near = loose.get(key[:3], [])
            out.append(near[0] if len(near) == 1 else None)
    return out


def build(
    directory: str | Path,
    *,
    renderer: str = "auto",
    repo_root: str | Path | None = None,
    load_restrictor: str = "rootOnly",
    helm_namespaces: str = "v5.8",
) -> KustomizeResult:
    """Render the kustomization in `directory` (relative paths are taken from the current
    directory). `repo_root` (default: `directory`) bounds every path the build may read.
    `load_restrictor="none"` lets files (not only directories) come from outside the
    kustomization directory, like `kustomize build --load-restrictor LoadRestrictionsNone`;
    they must still be inside `repo_root`. `helm_namespaces` picks kustomize's helmCharts namespace
    rules: "v5.8" (current: the kustomization's namespace goes to helm, chart objects are left alone
    by the namespace transformer) or "legacy" (kustomize <= 5.7)."""
    if load_restrictor not in ("rootOnly", "none"):
        raise RenderError(f"unknown load restrictor {load_restrictor!r}; use rootOnly or none")
    if renderer not in RENDERERS:
        raise RenderError(f"unknown renderer {renderer!r}; use one of {', '.join(RENDERERS)}")
    if helm_namespaces not in HELM_NAMESPACE_MODES:
        raise RenderError(f"unknown helm namespace mode {helm_namespaces!r}; use {' or '.join(HELM_NAMESPACE_MODES)}")
    directory = Path(directory)
    root = Path(os.path.realpath(repo_root if repo_root is not None else directory))
    real_dir = Path(os.path.realpath(directory))
    if not is_inside(str(real_dir), str(root)):
        raise PathEscapeError("kustomization directory is outside the repository root", str(directory))
    if not real_dir.is_dir():
        raise RenderError("no such directory", str(directory))
    if renderer == "embedded":
        return _embedded(real_dir, root, load_restrictor, helm_namespaces)
    external = _external_command(renderer)
    if external is None:
        if renderer == "auto":
            return _embedded(real_dir, root, load_restrictor, helm_namespaces)
        raise RenderError(f"'{renderer}' is not on PATH", str(directory))
    # The embedded pass enforces the repository boundary and supplies object sources.
    embedded: KustomizeResult | None = None
    try:
        embedded = _embedded(real_dir, root, load_restrictor, helm_namespaces)
    except PathEscapeError:
        raise
    except RenderError:
        embedded = None
    argv = list(external[0])
    if load_restrictor == "none":
        argv.append("--load-restrictor=LoadRestrictionsNone")
    if embedded is not None and embedded.helm_charts:
        if renderer == "auto" and shutil.which("helm") is None:
            # kubectl/kustomize inflate charts only with --enable-helm and a helm binary
            embedded.route = (
                f"helmCharts rendered by the embedded Kustomize and Helm renderers ({external[1]} needs "
                "--enable-helm and a helm binary; helm is not on PATH)"
            )
            embedded.warnings.insert(0, f"{_kust_file_rel(real_dir, root)}: {embedded.route}")
            return embedded
        argv.append("--enable-helm")
    try:
        result = _run_external(argv, external[1], real_dir, root)
    except RenderError as exc:
        if renderer != "auto" or embedded is None:
            raise
        # e.g. remote bases without network: the embedded result (remote parts skipped) is the
        # best available rendering; say so.
        embedded.warnings.insert(0, f"{exc}; used the embedded renderer instead")
        return embedded
    if embedded is not None:
        picks = _match_objects(result.objects, embedded.objects)
        result.sources = [embedded.sources[i] if i is not None else None for i in picks]
        result.helm_charts = embedded.helm_charts
        if embedded.helm_charts:
            result.field_lines = [dict(embedded.field_lines[i]) if i is not None else {} for i in picks]
            result.provenance = [dict(embedded.provenance[i]) if i is not None else {} for i in picks]
            result.partial_provenance = [dict(embedded.partial_provenance[i]) if i is not None else {} for i in picks]
        known = set(result.warnings)
        result.warnings += [
            w
            for w in embedded.warnings
            if "not supported by the embedded" not in w and "deprecated" not in w and w not in known
        ]
    return result
