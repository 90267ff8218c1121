"""`collect(repo)`: everything k8sfix learns about what a repository deploys, as `model.Facts`.

Order of work (each stage reports progress): walk the tree; read kustomization files (so their
patch files are not mistaken for manifests); plain manifests; Makefiles, scripts and CI
workflows (commands, hosts entries, helm invocations); charts (metadata, default render, one
profile per helm invocation); Kustomize directories; typed views. A chart that a kustomization
inflates (helmCharts) is rendered by that kustomization only, unless a helm command of the
repository also deploys it; a chart every helm command of which passes --skip-schema-validation
gets its default render without the values.schema.json check too. Every problem with a file
becomes a `SourceError` and the rest is still analysed.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from ..errors import SourceReadError
from ..model import Facts, HelmInvocation, K8sObject, Location, Profile, SourceError
from .charts import RenderRequest, kustomize_chart_dirs, read_chart, render_objects
from .deploytools import is_deploy_tool_file, parse_deploy_tool
from .helmcmd import parse_helm, resolve_file
from .make import parse_makefile
from .manifests import parse_manifest_text
from .overlays import OverlayResult, read_kustomization, render_kustomizations
from .shell import local_hostnames, scan_shell
from .views import build_views
from .walk import read_text, walk_repo
from .workflows import parse_workflow
from .yamlio import is_hostile

Progress = Callable[[str, int, int], None]


def _noop(stage: str, done: int, total: int) -> None:
    return None


_CHART_FILES = frozenset({"Chart.yaml", "Chart.yml", "Chart.lock", "requirements.yaml", "requirements.lock"})


_INFLATING_KEYS = {"helmcharts", "helmchartinflationgenerator", "generators"}  # kustomization keys that may inflate charts


def _chart_owned(path: str, chart_dirs: list[str]) -> bool:
    """Files a chart renders or configures: templates/, charts/, and its top-level YAML files."""
    for d in chart_dirs:
        prefix = "" if d == "." else d + "/"
        if not path.startswith(prefix):
            continue
        rest = path[len(prefix):]
        if rest.startswith(("templates/", "charts/")):
            return True
        if "/" not in rest and (rest.startswith("values") or rest in _CHART_FILES):
            return True
    return False


_GC_LOCK = threading.Lock()
_gc_users = 0
_gc_saved: tuple[int, ...] | None = None
# Parsing builds millions of small objects that stay alive (every document, every rendering); with
# the default thresholds (700, 10, 10) the cyclic GC rescans that growing heap over and over: half
# the CPU of `collect` on kubeflow/manifests (35 s -> 17 s with these; peak memory unchanged).
_GC_THRESHOLDS = (100_000, 50, 100)


@contextmanager
def _fewer_gc_passes() -> Iterator[None]:
    """Raise the cyclic GC thresholds while facts are collected (nested or concurrent collects
    share one setting; the caller's thresholds come back when the last one ends)."""
    global _gc_users, _gc_saved
    with _GC_LOCK:
        if _gc_users == 0:
            _gc_saved = gc.get_threshold()
            if _gc_saved[0] > 0:  # 0: automatic collection is off already
                gc.set_threshold(*(max(a, b) for a, b in zip(_GC_THRESHOLDS, _gc_saved)))
        _gc_users += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _gc_users -= 1
            if _gc_users == 0 and _gc_saved is not None:
                gc.set_threshold(*_gc_saved)


def collect(repo: str | Path, *, kustomize_renderer: str = "auto", progress: Progress | None = None) -> Facts:
    """Collect the facts of repository `repo`. Raises SourceReadError only when `repo` is not a directory."""
    with _fewer_gc_passes():
        return _collect(repo, kustomize_renderer=kustomize_renderer, progress=progress)


def _collect(repo: str | Path, *, kustomize_renderer: str = "auto", progress: Progress | None = None) -> Facts:
    root = Path(repo)
    if not root.is_dir():
        raise SourceReadError("not a directory", str(repo))
    root = root.resolve()
    report = progress or _noop
    facts = Facts(repo=str(root))
    report("walk", 0, 1)
    tree = walk_repo(root)
    facts.files = tree.files
    facts.errors.extend(tree.errors)
    report("walk", 1, 1)

    # Kustomization files first: their patch files are not plain manifests.
    kinfos = []
    kdirs: set[str] = set()
    for rel in tree.kustomizations:
        info = read_kustomization(root, rel, facts.errors)
        if info is None:
            continue
        if info.dir in kdirs:  # kustomize itself refuses a directory with two kustomization files
            facts.errors.append(SourceError(Location(rel, 1), "more than one kustomization file in this directory"))
            continue
        kdirs.add(info.dir)
        kinfos.append(info)
    patch_files = {p for info in kinfos for p in info.patch_files}
    chart_dirs = _top_level_charts(tree.charts)
    all_chart_dirs = tree.charts

    # Plain manifests.
    candidates = [f for f in tree.yaml + tree.json
                  if f not in patch_files and not _chart_owned(f, all_chart_dirs)
                  and not f.startswith(".github/")]
    total = len(candidates)
    plain: list[K8sObject] = []
    for n, rel in enumerate(candidates):
        if n % 50 == 0:
            report("manifests", n, total)
        text = read_text(root, rel, facts.errors)
        if text is None:
            continue
        try:
            objs, errs = parse_manifest_text(text, rel)
        except Exception as exc:  # a reader bug must not stop the analysis
            objs, errs = [], [_internal(rel, exc)]
        plain.extend(objs)
        facts.errors.extend(errs)
    report("manifests", total, total)
    facts.objects.extend(plain)

    # Makefiles, scripts, workflows -> commands, hosts, helm invocations.
    cwd_of: dict[int, str] = {}
    profile_name: dict[int, str] = {}
    sources = tree.makefiles + tree.scripts + tree.workflows
    makefiles, scripts = set(tree.makefiles), set(tree.scripts)
    for n, rel in enumerate(sources):
        report("automation", n, len(sources))
        text = read_text(root, rel, facts.errors)
        if text is None:
            continue
        base = rel.rpartition("/")[0] or "."
        try:
            if rel in makefiles:
                mf = parse_makefile(text, rel, cwd=base, include=_include_loader(root, base, facts.errors))
                parts = [mf] + [sub for inc_rel, sub in _flatten_includes(mf) if inc_rel not in makefiles]
                for part in parts:
                    facts.make_targets.extend(part.targets)
                    facts.make_variables.extend(part.variables)
                    facts.commands.extend(part.commands)
                    facts.hosts_entries.extend(part.hosts)
                    cwd_of.update(part.cwd)
                    for c in part.commands:
                        profile_name[id(c)] = "make " + c.context.partition(":")[2]
            elif rel in scripts:
                facts.scripts.append(rel)
                scan = scan_shell(text, rel, "script", cwd=".")
                facts.commands.extend(scan.commands)
                facts.hosts_entries.extend(scan.hosts)
                if ".local" in text:
                    facts.hosts_entries.extend(local_hostnames(text, rel))
                cwd_of.update(scan.cwd)
                for c in scan.commands:
                    profile_name[id(c)] = f"{rel}:{c.source.line}"
            else:
                ws = parse_workflow(text, rel)
                facts.errors.extend(ws.errors)
                if ws.workflow is not None:
                    facts.workflows.append(ws.workflow)
                facts.commands.extend(ws.commands)
                facts.hosts_entries.extend(ws.hosts)
                cwd_of.update(ws.cwd)
                for c in ws.commands:
                    wf_file, step = ws.step_of.get(id(c), (os.path.basename(rel), ""))
                    profile_name[id(c)] = f"workflow {wf_file}: {step}"
        except Exception as exc:  # a reader bug must not stop the analysis
            facts.errors.append(_internal(rel, exc))
    report("automation", len(sources), len(sources))
    facts.hosts_entries = _dedupe_hosts(facts.hosts_entries)
    invocation_names: list[tuple[HelmInvocation, str]] = []
    for c in facts.commands:
        if c.tool != "helm":
            continue
        inv = parse_helm(c, root, cwd_of.get(id(c), "."))
        if inv is not None:
            facts.helm_invocations.append(inv)
            invocation_names.append((inv, profile_name.get(id(c), str(c.source))))
    for rel in tree.yaml:
        if not is_deploy_tool_file(rel):
            continue
        text = read_text(root, rel, facts.errors)
        if text is None:
            continue
        try:
            declared, errs = parse_deploy_tool(text, rel, root)
        except Exception as exc:  # a reader bug must not stop the analysis
            declared, errs = [], [_internal(rel, exc)]
        facts.errors.extend(errs)
        for inv, name in declared:
            facts.helm_invocations.append(inv)
            invocation_names.append((inv, name))

    # Charts: metadata, default render, profiles.
    try:
        inflated = kustomize_chart_dirs(root, [info.dir for info in kinfos if _INFLATING_KEYS & {str(k).lower() for k in info.data}])
    except Exception as exc:  # a reader bug must not stop the analysis: charts are then rendered on their own
        inflated = set()
        facts.errors.append(_internal(kinfos[0].path if kinfos else ".", exc))
    plain_chart_objects: list[K8sObject] = []
    charts = {}
    for n, cdir in enumerate(chart_dirs):
        report("charts", n, len(chart_dirs))
        try:
            chart = read_chart(root, cdir, tree.files, facts.errors)
        except Exception as exc:  # a reader bug must not stop the analysis
            facts.errors.append(_internal(cdir + "/Chart.yaml", exc))
            chart = None
        if chart is None:
            continue
        facts.charts.append(chart)
        charts[cdir] = chart
        own = [inv for inv, _ in invocation_names if inv.chart_path == cdir]
        if not own and cdir in inflated:  # the kustomization's build renders it (objects and errors once, there),
            facts.renderers.setdefault("helm", "embedded")  # with the embedded helm renderer
            continue
        first = own[0] if own else None
        release = (first.release if first and first.release else None) or chart.name
        namespace = (first.namespace if first and first.namespace else None) or "default"
        origin = f"chart {cdir} (default values)"
        req = RenderRequest(release, namespace, [], [], [],
                            skip_schema_validation=bool(own) and all(inv.skip_schema_validation for inv in own))
        try:
            objs, errs = render_objects(root, chart, req, origin)
        except Exception as exc:  # our own post-processing must not stop the analysis
            objs, errs = [], [_internal(chart.source.path, exc)]
        facts.errors.extend(errs)
        plain_chart_objects.extend(objs)
        if errs and "not available" in errs[0].message:
            facts.renderers.setdefault("helm", "unavailable")
        else:
            facts.renderers.setdefault("helm", "embedded")
    report("charts", len(chart_dirs), len(chart_dirs))
    facts.objects.extend(plain_chart_objects)

    rendered_cache: dict[tuple, list[K8sObject]] = {}
    used_names: dict[str, int] = {}
    for n, (inv, name) in enumerate(invocation_names):
        report("profiles", n, len(invocation_names))
        if name in used_names:
            used_names[name] += 1
            name = f"{name} #{used_names[name]}"
        else:
            used_names[name] = 1
        profile = Profile(name, inv.found_at, inv.release, inv.namespace, list(inv.values_files),
                          list(inv.set_values) + list(inv.set_string_values))
        facts.profiles.append(profile)
        chart = charts.get(inv.chart_path or "")
        if chart is None:
            continue
        bases = [_inv_cwd(inv, cwd_of, facts), inv.found_at.path.rpartition("/")[0] or ".", ".", chart.path]
        values_files = []
        for vf in inv.values_files:
            resolved = resolve_file(vf, root, bases)
            if resolved is None:
                if "$" not in vf and "://" not in vf:
                    facts.errors.append(SourceError(inv.found_at, f"values file not found: {vf}"))
                continue
            values_files.append(resolved)
        req = RenderRequest(inv.release or chart.name, inv.namespace or "default", values_files,
                            list(inv.set_values), list(inv.set_string_values),
                            skip_schema_validation=inv.skip_schema_validation)
        key = req.key(chart.path)
        if key in rendered_cache:
            objs = [dataclasses.replace(o, origin=name, field_lines=o.field_lines, provenance=o.provenance)
                    for o in rendered_cache[key]]
        else:
            try:
                objs, errs = render_objects(root, chart, req, name)
            except Exception as exc:  # our own post-processing must not stop the analysis
                objs, errs = [], [_internal(chart.source.path, exc)]
            facts.errors.extend(errs)
            rendered_cache[key] = objs
        profile.objects = objs
    report("profiles", len(invocation_names), len(invocation_names))

    # Kustomize directories.
    plain_index = {(o.source.path, o.source.line): o for o in plain}

    def kprogress(done: int, total: int) -> None:
        report("kustomize", done, total)

    hostile = {e.location.path: e.message for e in facts.errors if is_hostile(e.message)}
    try:
        kres = render_kustomizations(root, kinfos, plain_index, kustomize_renderer, kprogress, hostile,
                                     set(candidates) | set(tree.kustomizations))
    except Exception as exc:  # our own post-processing must not stop the analysis
        kres = OverlayResult(errors=[_internal(kinfos[0].path if kinfos else ".", exc)])
    report("kustomize", len(kinfos), len(kinfos))
    facts.overlays.extend(kres.overlays)
    facts.objects.extend(kres.objects)
    facts.errors.extend(kres.errors)
    if kinfos:
        facts.renderers["kustomize"] = kres.renderer_label() or "unavailable"

    # Typed views over every object (plain, overlays, charts with default values).
    report("views", 0, 1)
    views = build_views(facts.objects)
    for f in dataclasses.fields(views):
        setattr(facts, f.name, getattr(views, f.name))
    report("views", 1, 1)
    facts.errors = _dedupe_errors(facts.errors)
    return facts


def _internal(rel: str, exc: BaseException) -> SourceError:
    """A SourceError for an unexpected failure while reading one file (the rest carries on)."""
    return SourceError(Location(rel, 0), f"internal error while reading this file: {type(exc).__name__}: {exc}"[:300])


def _include_loader(root: Path, base: str, errors: list[SourceError]):
    """`include NAME` resolver for a Makefile in `base`: (repo-relative path, text) or None."""

    def load(name: str):
        if "$" in name or "*" in name:
            return None
        rel = os.path.normpath(os.path.join(base, name)).replace(os.sep, "/")
        if rel.startswith("..") or not (root / rel).is_file():
            return None
        text = read_text(root, rel, errors)
        return None if text is None else (rel, text)

    return load


def _flatten_includes(mf):
    for rel, sub in mf.included:
        yield rel, sub
        yield from _flatten_includes(sub)


def _inv_cwd(inv: HelmInvocation, cwd_of: dict[int, str], facts: Facts) -> str:
    for c in facts.commands:
        if c.tool == "helm" and c.source == inv.found_at and c.text == inv.text:
            return cwd_of.get(id(c), ".")
    return "."


def _top_level_charts(chart_dirs: list[str]) -> list[str]:
    """Chart dirs that are not subcharts vendored in another chart's charts/ directory."""
    out = []
    for d in chart_dirs:
        if any(d.startswith((p + "/charts/") if p != "." else "charts/") for p in chart_dirs if p != d):
            continue
        out.append(d)
    return out


def _dedupe_hosts(entries):
    with_ip = {e.hostname for e in entries if e.ip}
    seen = set()
    out = []
    for e in entries:
        if e.ip is None and e.hostname in with_ip:
            continue
        key = (e.hostname, e.ip, e.source.path) if e.ip is None else (e.hostname, e.ip, e.source)
        if key in seen:
            continue
        seen.add(key)
        out.append(e)
    return out


def _dedupe_errors(errors: list[SourceError]) -> list[SourceError]:
    seen = set()
    out = []
    for e in errors:
        key = (e.location.path, e.location.line, e.message)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out

