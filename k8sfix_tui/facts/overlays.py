"""Kustomize directories: `Overlay` entries and their rendered objects.

Each kustomization file is read here (namespace, name prefix/suffix, resources, patches) and
its directory rendered with `k8sfix_tui.render.kustomize.build` (imported lazily: when the
renderer is missing or fails, a SourceError is recorded and the rest carries on). Rendered
objects get `origin="overlay <dir>"` (or `"kustomize <dir>"` for a base) and keep the field lines
of the resource file they came from wherever the value was not changed by the overlay. Objects of
`helmCharts` keep their chart template (file, and line of each unchanged field); a chart that could
not be rendered is a SourceError while the rest of the kustomization stands. Kustomizations whose
charts made the renderer choose the embedded route are counted in `OverlayResult.helm_embedded`.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..model import K8sObject, Location, Overlay, SourceError
from .manifests import is_k8s_object, make_object
from .paths import parse_location, same_at, split_path
from .render_cache import RenderCache
from .walk import read_text
from .yamlio import check_file, data_size, is_hostile, load_one


@dataclass
class KustomizationInfo:
    """What a kustomization file says about itself (no rendering)."""

    path: str  # the kustomization file, repo-relative
    dir: str
    data: dict[str, Any]
    resources: list[str]
    patch_files: list[str]  # repo-relative files used as patches (not plain manifests)
    refs_dirs: list[str]  # repo-relative directories it pulls in (bases, components, dir resources)
    is_component: bool = False
    field_lines: dict[str, int] = field(default_factory=dict)  # of the kustomization file

    def generator_line(self, kind: str, name: str) -> int:
        """Line of the configMapGenerator/secretGenerator entry that generated `name`, else 1."""
        key = "configMapGenerator" if kind == "ConfigMap" else "secretGenerator" if kind == "Secret" else None
        entries = self.data.get(key) if key else None
        best = (0, 1)
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            gen = str(entry.get("name") or "") if isinstance(entry, dict) else ""
            if gen and gen in name and len(gen) > best[0]:
                best = (len(gen), self.field_lines.get(f"{key}[{i}]", 1))
        return best[1]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def read_kustomization(root: Path, rel: str, errors: list[SourceError]) -> KustomizationInfo | None:
    text = read_text(root, rel, errors)
    if text is None:
        return None
    doc, errs = load_one(text, rel)
    errors.extend(errs)
    if errs:
        return None
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    kdir = rel.rpartition("/")[0] or "."
    resources = [str(r) for r in _as_list(data.get("resources")) + _as_list(data.get("bases")) if isinstance(r, str)]
    patch_files: list[str] = []
    for item in _as_list(data.get("patchesStrategicMerge")):
        if isinstance(item, str) and "\n" not in item:
            patch_files.append(item)
    for key in ("patches", "patchesJson6902"):
        for item in _as_list(data.get(key)):
            if isinstance(item, dict) and isinstance(item.get("path"), str):
                patch_files.append(item["path"])
            elif isinstance(item, str) and "\n" not in item:
                patch_files.append(item)
    for item in _as_list(data.get("replacements")):
        if isinstance(item, dict) and isinstance(item.get("path"), str):
            patch_files.append(item["path"])
    norm = lambda p: os.path.normpath(os.path.join(kdir, p)).replace(os.sep, "/")  # noqa: E731
    refs = []
    for r in resources + [str(c) for c in _as_list(data.get("components")) if isinstance(c, str)]:
        if "://" in r or r.startswith(("github.com/", "git@")):
            continue
        full = root / norm(r)
        if full.is_dir():
            refs.append(norm(r))
    return KustomizationInfo(rel, kdir, data, resources, [norm(p) for p in patch_files], refs,
                             is_component=data.get("kind") == "Component",
                             field_lines=dict(doc.field_lines) if doc is not None else {})


def _origin(info: KustomizationInfo, is_overlay: bool) -> str:
    return f"{'overlay' if is_overlay else 'kustomize'} {info.dir}"


@dataclass
class OverlayResult:
    overlays: list[Overlay] = field(default_factory=list)
    objects: list[K8sObject] = field(default_factory=list)
    renderer: str | None = None
    errors: list[SourceError] = field(default_factory=list)
    cache: RenderCache | None = None  # external renderings cache (hits/misses), None when unused
    # kustomizations rendered by the embedded renderer because of helmCharts (the external tool
    # needs --enable-helm and a helm binary)
    helm_embedded: int = 0

    def renderer_label(self) -> str | None:
        """`renderer`, plus how many renderings came from the cache (e.g. "kubectl kustomize (cached)")
        and how many took the embedded route for helmCharts ("...; embedded for 2 with helmCharts")."""
        label = self.renderer
        if label is not None and self.cache is not None and self.cache.hits:
            if not self.cache.misses:
                label = f"{label} (cached)"
            else:
                label = f"{label} ({self.cache.hits} of {self.cache.hits + self.cache.misses} cached)"
        if label is not None and self.helm_embedded:
            if self.renderer == "embedded":
                label = f"{label} (helmCharts: no helm for the external renderer)"
            else:
                label = f"{label}; embedded for {self.helm_embedded} with helmCharts"
        return label


class _Skipped(Exception):
    """A kustomization not handed to the renderer because an input file is hostile."""


def _input_files(info: KustomizationInfo, by_dir: dict[str, KustomizationInfo], seen: set[str]) -> list[str]:
    """Repo-relative files a kustomization (and the directories it pulls in) reads as YAML."""
    if info.dir in seen:
        return []
    seen.add(info.dir)
    files = [info.path] + list(info.patch_files)
    for r in info.resources:
        if "://" in r:
            continue
        rel = os.path.normpath(os.path.join(info.dir, r)).replace(os.sep, "/")
        if rel not in info.refs_dirs:
            files.append(rel)
    for d in info.refs_dirs:
        if d in by_dir:
            files.extend(_input_files(by_dir[d], by_dir, seen))
    return files


def render_kustomizations(
    root: Path,
    infos: list[KustomizationInfo],
    plain_index: dict[tuple[str, int], K8sObject],
    renderer: str = "auto",
    progress: Callable[[int, int], None] | None = None,
    hostile: dict[str, str] | None = None,
    checked: set[str] | None = None,
) -> OverlayResult:
    """Render every (non-component) kustomization directory. `hostile` maps repo files already
    rejected as dangerous YAML (alias bombs, absurd nesting) to the reason: a kustomization
    reading one is not rendered (renderers may not guard against them)."""
    result = OverlayResult()
    hostile = dict(hostile or {})
    by_dir = {i.dir: i for i in infos}
    checked = set(checked or ()) | set(hostile)  # files already read by the caller

    def hostile_reason(info: KustomizationInfo) -> str | None:
        for rel in _input_files(info, by_dir, set()):
            if rel not in checked:
                checked.add(rel)
                problem = check_file(root / rel, rel) if (root / rel).is_file() else None
                if problem is not None and is_hostile(problem.message):
                    hostile[rel] = problem.message
            if rel in hostile:
                return f"{rel}: {hostile[rel]}"
        return None
    try:
        from ..render import kustomize as kz  # lazy: the renderer may not be available
    except Exception as exc:  # ImportError or a broken renderer module
        kz = None
        import_error = f"kustomize renderer not available ({type(exc).__name__})"
    else:
        import_error = ""
    referenced = {d for info in infos for d in info.refs_dirs}
    cache = RenderCache.open(root, renderer) if kz is not None else None
    result.cache = cache

    keys: dict[str, str | None] = {}

    def cached_or_skipped(info: KustomizationInfo) -> tuple[Any, BaseException | None] | None:
        """The outcome without rendering (hostile input, or a cache hit), else None."""
        reason = hostile_reason(info)
        if reason is not None:
            return None, _Skipped(reason)
        if cache is not None:
            keys[info.path] = cache.key(info, by_dir)
            entry = cache.get(keys[info.path])
            if entry is not None:
                hit = kz.KustomizeResult(entry["objects"], entry["sources"], entry["renderer"], entry.get("text"),
                                         entry.get("warnings"))
                lines = entry.get("field_lines")
                if isinstance(lines, list) and len(lines) == len(hit.objects):
                    try:
                        hit.field_lines = [{str(k): int(v) for k, v in fl.items()} if isinstance(fl, dict) else {}
                                           for fl in lines]
                    except (TypeError, ValueError):
                        pass
                return hit, None
        return None

    def render(info: KustomizationInfo) -> tuple[Any, BaseException | None]:
        try:
            built = kz.build(root / info.dir, renderer=renderer, repo_root=root)
        except Exception as exc:  # RenderError and anything a renderer in progress may raise
            return None, exc
        if cache is not None:
            cache.put(keys.get(info.path), built)
        return built, None

    def build_one(info: KustomizationInfo) -> tuple[Any, BaseException | None]:
        if kz is None or info.is_component:
            return None, None
        return cached_or_skipped(info) or render(info)

    buildable = [i for i in infos if not i.is_component]
    tries: dict[int, list[Any]] = {}  # per plain object (by id): its field paths as a trie
    outcomes: dict[str, tuple[Any, BaseException | None]] = {}
    pool = None
    pending: Any = iter(())
    if renderer != "embedded" and len(buildable) > 1 and kz is not None:
        todo = []
        for info in buildable:
            known = cached_or_skipped(info)
            if known is None:
                todo.append(info)
            else:
                outcomes[info.path] = known
        if len(todo) > 1:
            # external renderers spend their time in subprocesses: overlap them with each other and
            # with the processing below, which takes the outcomes in order as they come
            from concurrent.futures import ThreadPoolExecutor

            pool = ThreadPoolExecutor(max_workers=min(4, len(todo)))
            pending = zip((i.path for i in todo), pool.map(render, todo))
        else:
            outcomes.update((i.path, render(i)) for i in todo)

    def outcome(info: KustomizationInfo) -> tuple[Any, BaseException | None]:
        while info.path not in outcomes:
            try:
                path, done = next(pending)
            except StopIteration:
                return build_one(info)
            outcomes[path] = done
        return outcomes.pop(info.path)

    try:
        _results(root, infos, by_dir, referenced, plain_index, kz, import_error, renderer, outcome, progress, result,
                 tries)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return result


def _results(root: Path, infos: list[KustomizationInfo], by_dir: dict[str, KustomizationInfo], referenced: set[str],
             plain_index: dict[tuple[str, int], K8sObject], kz: Any, import_error: str, renderer: str,
             outcome: Callable[[KustomizationInfo], tuple[Any, BaseException | None]],
             progress: Callable[[int, int], None] | None, result: OverlayResult,
             tries: dict[int, list[Any]]) -> None:
    """Turn each kustomization's rendering (from `outcome`) into Overlay entries, objects with
    their sources and unchanged field lines, and SourceErrors, in `infos` order, into `result`."""
    routed: list[str] = []  # renderers of the kustomizations that took the helmCharts route
    chart_errors_seen: set[tuple[str, str]] = set()
    for n, info in enumerate(infos):
        if progress:
            progress(n, len(infos))
        if info.is_component:
            continue
        is_overlay = bool(info.refs_dirs) and any(
            (root / d / name).is_file() for d in info.refs_dirs
            for name in ("kustomization.yaml", "kustomization.yml", "Kustomization"))
        if not is_overlay and "overlays" in info.dir.split("/") and info.dir not in referenced:
            is_overlay = True
        data = info.data
        rendered_with = "unavailable"
        if kz is None:
            result.errors.append(SourceError(Location(info.path, 1), import_error))
        else:
            built, exc = outcome(info)
            if isinstance(exc, _Skipped):
                result.errors.append(SourceError(Location(info.path, 1), f"kustomization not rendered: {exc}"))
            elif exc is not None:
                msg = getattr(exc, "message", None) or str(exc) or type(exc).__name__
                where = parse_location(getattr(exc, "location", None), root, Location(info.path, 1))
                result.errors.append(SourceError(where, "kustomize build failed: " + " ".join(str(msg).split())[:300]))
            else:
                rendered_with = str(getattr(built, "renderer", renderer))
                if getattr(built, "route", None):
                    result.helm_embedded += 1
                    routed.append(rendered_with)
                else:
                    result.renderer = result.renderer or rendered_with
                origin = _origin(info, is_overlay)
                sources = list(getattr(built, "sources", []) or [])
                template_lines = list(getattr(built, "field_lines", None) or [])
                value_refs = list(getattr(built, "provenance", None) or [])
                partial_refs = list(getattr(built, "partial_provenance", None) or [])
                for chart_error in getattr(built, "errors", None) or []:
                    msg = getattr(chart_error, "message", None) or str(chart_error)
                    where = parse_location(getattr(chart_error, "location", None), root, Location(info.path, 1))
                    problem = SourceError(where, "kustomize helmCharts: " + " ".join(str(msg).split())[:300])
                    if (str(where), problem.message) not in chart_errors_seen:  # a base's chart, once
                        chart_errors_seen.add((str(where), problem.message))
                        result.errors.append(problem)
                for i, body in enumerate(getattr(built, "objects", []) or []):
                    if not is_k8s_object(body):
                        continue
                    try:
                        data_size(body)
                    except ValueError as exc:
                        result.errors.append(SourceError(Location(info.path, 1), f"rendered object rejected: {exc}"))
                        continue
                    src = sources[i] if i < len(sources) else None
                    src = _as_location(src, root) or _generated_source(info, by_dir, body)
                    lines: dict[str, int] = {}
                    base = plain_index.get((src.path, src.line))
                    if base is not None:
                        lines = unchanged_lines(base, body, tries)
                    elif i < len(template_lines) and isinstance(template_lines[i], dict):
                        lines = dict(template_lines[i])  # a helm chart template: lines still valid there
                    obj = make_object(body, src, origin, lines)
                    if i < len(value_refs) and isinstance(value_refs[i], dict):
                        obj.provenance.update(value_refs[i])  # helm chart values behind unchanged fields
                    if i < len(partial_refs) and isinstance(partial_refs[i], dict):
                        obj.partial_provenance.update(partial_refs[i])
                    result.objects.append(obj)
        result.overlays.append(Overlay(
            path=info.dir,
            namespace=_str(data.get("namespace")),
            name_prefix=_str(data.get("namePrefix")),
            name_suffix=_str(data.get("nameSuffix")),
            resources=info.resources,
            renderer=rendered_with,
            is_overlay=is_overlay,
            source=Location(info.path, 1),
        ))
    if result.renderer is None and routed:
        result.renderer = routed[0]


_GONE = object()
_BOOL_WORDS = {"true": True, "on": True, "yes": True, "false": False, "off": False, "no": False}


def _step(cur: Any, part: str | int) -> Any:
    """One step of `paths.get_path` (same rules, bool-word keys included); `_GONE` when missing."""
    if isinstance(part, int):
        return cur[part] if isinstance(cur, list) and part < len(cur) else _GONE
    if not isinstance(cur, dict):
        return _GONE
    if part in cur:
        return cur[part]
    if part in _BOOL_WORDS and _BOOL_WORDS[part] in cur:
        return cur[_BOOL_WORDS[part]]
    return _GONE


# A node of a field-path trie is a list [value, children, paths, present]: the plain object's
# value there (`_GONE` when a step is missing), {part: node} or None, the field_lines paths ending
# there or None, and (cached on demand) every path at or under it that exists in the plain object.
_VALUE, _CHILDREN, _PATHS, _PRESENT = range(4)


def _trie(body: Any, field_lines: dict[str, int]) -> list[Any]:
    """The trie of `field_lines` paths (parts as `paths.split_path` gives them) over `body`."""
    top: list[Any] = [body, None, None, None]
    by_text: dict[str, list[Any]] = {"": top}
    for path in field_lines:
        node = by_text.get(path)
        if node is None:
            # `q.key` or `q[3]` where `q` is a path already placed is one step from it (the parts
            # `split_path` gives); anything else is split and placed from the top
            cut = max(path.rfind("."), path.rfind("["))
            parent = by_text.get(path[:cut]) if cut >= 0 else top
            tail = path[cut + 1:]
            steps: tuple[str | int, ...] | None = None
            if parent is not None:
                if cut >= 0 and path[cut] == "[":
                    if tail.endswith("]") and tail[:-1].isdecimal():
                        steps = (int(tail[:-1]),)
                elif tail and "]" not in tail:
                    steps = (tail,)
            if steps is None:
                parent, steps = top, split_path(path)
            node = parent
            for part in steps:
                kids = node[_CHILDREN]
                if kids is None:
                    kids = node[_CHILDREN] = {}
                nxt = kids.get(part)
                if nxt is None:
                    value = node[_VALUE]
                    nxt = kids[part] = [value if value is _GONE else _step(value, part), None, None, None]
                node = nxt
            by_text[path] = node
        if node[_PATHS] is None:
            node[_PATHS] = [path]
        else:
            node[_PATHS].append(path)
    return top


def _gather(node: list[Any], out: list[str]) -> None:
    value = node[_VALUE]
    if value is _GONE:
        return
    if node[_PATHS] and (isinstance(value, (dict, list)) or value == value):  # NaN != NaN
        out.extend(node[_PATHS])
    if node[_CHILDREN]:
        for child in node[_CHILDREN].values():
            _gather(child, out)


def _present(node: list[Any]) -> list[str]:
    """Paths at or under `node` that exist in the plain object: where a rendered subtree equals the
    plain one, exactly the paths `same_at` accepts (cached on the node)."""
    if node[_PRESENT] is None:
        out: list[str] = []
        _gather(node, out)
        node[_PRESENT] = out
    return node[_PRESENT]


def _same(node: list[Any], vb: Any, out: set[str]) -> None:
    """Add to `out` the paths at or under `node` where `same_at` holds between the plain object and
    a rendered one whose value here is `vb` (the node's own value is not `_GONE`)."""
    va = node[_VALUE]
    if node[_PATHS]:
        if isinstance(va, (dict, list)) or isinstance(vb, (dict, list)):
            if type(va) is type(vb):
                out.update(node[_PATHS])
        elif va == vb:
            out.update(node[_PATHS])
    kids = node[_CHILDREN]
    if not kids:
        return
    if isinstance(va, (dict, list)) and type(va) is type(vb) and va == vb:
        for child in kids.values():
            out.update(_present(child))
        return
    for part, child in kids.items():
        if child[_VALUE] is _GONE:
            continue
        sb = _step(vb, part)
        if sb is not _GONE:
            _same(child, sb, out)


def unchanged_lines(base: K8sObject, body: dict[str, Any], tries: dict[int, list[Any]] | None = None) -> dict[str, int]:
    """`base.field_lines` restricted to the paths where the rendered `body` holds what `base.body`
    holds (`paths.same_at`), computed in one walk of both trees: a subtree equal in both settles
    every path under it at once. `tries` caches each plain object's path trie across renderings."""
    if not base.field_lines:
        return {}
    trie = tries.get(id(base)) if tries is not None else None
    if trie is None:
        # hundreds of thousands of small long-lived lists: the cyclic GC would rescan the whole heap
        # (every parsed document) many times while they are made, for nothing (they hold no cycles)
        paused = gc.isenabled()
        gc.disable()
        try:
            trie = _trie(base.body, base.field_lines)
        finally:
            if paused:
                gc.enable()
        if tries is not None:
            tries[id(base)] = trie
    keep: set[str] = set()
    _same(trie, body, keep)
    return {p: ln for p, ln in base.field_lines.items() if p in keep}


def _generated_source(info: KustomizationInfo, by_dir: dict[str, KustomizationInfo], body: dict[str, Any]) -> Location:
    """Where an object with no resource file (a generated ConfigMap/Secret) is declared: the
    generator entry in this kustomization or in one it pulls in; else the kustomization itself."""
    meta = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
    name, kind = str(meta.get("name") or ""), str(body.get("kind") or "")
    seen: set[str] = set()
    todo = [info]
    while todo:
        cur = todo.pop(0)
        if cur.dir in seen:
            continue
        seen.add(cur.dir)
        if _declares(cur, kind, name):
            return Location(cur.path, cur.generator_line(kind, name))
        todo.extend(by_dir[d] for d in cur.refs_dirs if d in by_dir)
    return Location(info.path, 1)


def _declares(info: KustomizationInfo, kind: str, name: str) -> bool:
    key = "configMapGenerator" if kind == "ConfigMap" else "secretGenerator" if kind == "Secret" else None
    entries = info.data.get(key) if key else None
    return any(isinstance(e, dict) and e.get("name") and str(e["name"]) in name
               for e in (entries if isinstance(entries, list) else []))


def _str(value: Any) -> str | None:
    return str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None


def _as_location(src: Any, root: Path) -> Location | None:
    if isinstance(src, Location):
        path = src.path
        if os.path.isabs(path):
            try:
                path = os.path.relpath(path, root).replace(os.sep, "/")
            except ValueError:
                return None
        return Location(path, src.line)
    if isinstance(src, str):
        return Location(src, 1)
    return None
