"""Content-addressed cache of EXTERNAL Kustomize renderer output (`kubectl kustomize`, `kustomize build`).

An external renderer costs a subprocess (a few hundred ms) per kustomization, plus the embedded
pass that supplies object sources. Both are pure functions of the files the kustomization can read,
so the finished result is stored under a key made of:

- the renderer's label and version string (`kubectl version --client`, `kustomize version`; the
  version is itself remembered per binary path + size + mtime, so it costs no subprocess either),
- the k8sfix version and the size/mtime of the embedded renderer's modules (which supply sources),
- the sha256 of every file the kustomization may read: every file under its directory, and
  recursively under every directory (or file) that any string of the kustomization names and that
  exists inside the repository (resources, components, patches, generators, transformers...).

Location: `$K8SFIX_CACHE_DIR`, else `$XDG_CACHE_HOME/k8sfix`, else `~/.cache/k8sfix` (entries in a
`kustomize/` subdirectory, one JSON file per key). Writes go to a temporary file renamed into place,
so concurrent writers never leave a torn entry; an unreadable, corrupt or unwritable cache is ignored
silently. Only successful external renderings are stored (never the embedded fallback).

    cache = RenderCache.open(root, renderer)      # None when no external renderer applies
    hit = cache.get(info, by_dir)                 # KustomizeResult-like or None
    cache.put(info, by_dir, result)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from .. import __version__
from ..model import Location

FORMAT = 1
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache",
              ".pytest_cache"}
_MAX_BYTES = 64 * 1024 * 1024  # a closure larger than this is not worth hashing: no caching
MAX_ENTRIES = 1000  # beyond this many entries, the least recently used are removed (down to 80%)


def cache_root() -> Path:
    """The k8sfix cache directory (not created here)."""
    explicit = os.environ.get("K8SFIX_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "k8sfix"


def external_tool(renderer: str) -> tuple[str, str] | None:
    """(label, executable path) of the external renderer `renderer` would run, else None.
    Mirrors `render.kustomize`: `kustomize` first, then `kubectl`."""
    if renderer in ("auto", "kustomize"):
        exe = shutil.which("kustomize")
        if exe:
            return "kustomize", exe
    if renderer in ("auto", "kubectl"):
        exe = shutil.which("kubectl")
        if exe:
            return "kubectl kustomize", exe
    return None


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=str(path.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def tool_version(label: str, exe: str, root: Path | None = None) -> str | None:
    """The renderer's version string, remembered in the cache per binary (path, size, mtime)."""
    try:
        st = os.stat(exe)
    except OSError:
        return None
    ident = f"{os.path.realpath(exe)}|{st.st_size}|{st.st_mtime_ns}"
    memo = (root or cache_root()) / "tool-versions.json"
    known: dict[str, str] = {}
    try:
        known = json.loads(memo.read_text(encoding="utf-8"))
        if isinstance(known, dict) and isinstance(known.get(ident), str):
            return known[ident]
    except (OSError, ValueError):
        known = {}
    argv = [exe, "version", "--client", "-o", "json"] if label.startswith("kubectl") else [exe, "version"]
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False,  # noqa: S603
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0 or not proc.stdout.strip():
        return None
    version = " ".join(proc.stdout.split())
    try:
        known = dict(known) if isinstance(known, dict) else {}
        known[ident] = version
        _write_atomic(memo, json.dumps(known, sort_keys=True).encode())
    except OSError:
        pass
    return version


def _code_stamp() -> str:
    """Size and mtime of the embedded Kustomize renderer's modules (they supply object sources) and
    of the Helm renderer's (it inflates helmCharts for those sources)."""
    here = Path(__file__).resolve().parent.parent / "render"
    parts = [__version__]
    try:
        for p in sorted([*here.glob("kustomize*.py"), *here.glob("helm*.py")]):
            st = p.stat()
            parts.append(f"{p.name}:{st.st_size}:{st.st_mtime_ns}")
    except OSError:
        pass
    return ";".join(parts)


def _strings(value: Any, out: list[str]) -> None:
    if isinstance(value, str):
        if value and "\n" not in value and len(value) < 4096:
            out.append(value)
    elif isinstance(value, dict):
        for v in value.values():
            _strings(v, out)
    elif isinstance(value, list):
        for v in value:
            _strings(v, out)


class _Too(Exception):
    """The closure is too large to hash."""


class RenderCache:
    """Lookup and store of external renderings for one repository and renderer."""

    def __init__(self, root: Path, directory: Path, label: str, version: str) -> None:
        self.root = Path(os.path.realpath(root))
        self.directory = directory
        self.label = label
        self.version = version
        self.stamp = _code_stamp()
        self._file_hash: dict[str, str] = {}
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(cls, root: Path, renderer: str) -> RenderCache | None:
        """A cache for `renderer` in repository `root`, or None (embedded renderer, no external
        tool, unknown version, or K8SFIX_CACHE_DIR set to an empty string... never raises)."""
        if renderer == "embedded" or os.environ.get("K8SFIX_NO_CACHE"):
            return None
        try:
            tool = external_tool(renderer)
            if tool is None:
                return None
            directory = cache_root()
            version = tool_version(tool[0], tool[1], directory)
            if version is None:
                return None
            return cls(root, directory / "kustomize", tool[0], version)
        except Exception:  # noqa: BLE001 - the cache must never break the analysis
            return None

    # -- keys ---------------------------------------------------------------------------------------
    def _hash_file(self, rel: str, budget: list[int]) -> str:
        known = self._file_hash.get(rel)
        if known is not None:
            return known
        h = hashlib.sha256()
        with open(self.root / rel, "rb") as fh:
            while True:
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                budget[0] += len(chunk)
                if budget[0] > _MAX_BYTES:
                    raise _Too()
                h.update(chunk)
        digest = h.hexdigest()
        self._file_hash[rel] = digest
        return digest

    def _rel(self, full: str) -> str | None:
        real = os.path.realpath(full)
        if real != str(self.root) and not real.startswith(str(self.root) + os.sep):
            return None
        return os.path.relpath(real, self.root).replace(os.sep, "/")

    def _tree(self, rel_dir: str, files: dict[str, str], budget: list[int]) -> None:
        top = self.root if rel_dir in ("", ".") else self.root / rel_dir
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
            for name in filenames:
                rel = self._rel(os.path.join(dirpath, name))
                if rel is not None and rel not in files and os.path.isfile(self.root / rel):
                    files[rel] = self._hash_file(rel, budget)

    def key(self, info: Any, by_dir: dict[str, Any]) -> str | None:
        """The cache key of kustomization `info` (a facts.overlays.KustomizationInfo), or None."""
        files: dict[str, str] = {}
        budget = [0]
        seen_dirs: set[str] = set()
        todo = [info.dir]
        try:
            while todo:
                kdir = todo.pop()
                if kdir in seen_dirs:
                    continue
                seen_dirs.add(kdir)
                self._tree(kdir, files, budget)
                kinfo = by_dir.get(kdir)
                if kinfo is None:
                    continue
                names: list[str] = []
                _strings(kinfo.data, names)
                base = self.root if kdir in ("", ".") else self.root / kdir
                for name in names:
                    if "://" in name or name.startswith(("github.com/", "git@")):
                        continue
                    try:
                        full = os.path.normpath(os.path.join(base, name))
                        if not os.path.exists(full):
                            continue
                    except (OSError, ValueError):
                        continue
                    rel = self._rel(full)
                    if rel is None:
                        continue
                    if os.path.isdir(full):
                        todo.append("." if rel == "." else rel)
                    elif rel not in files:
                        files[rel] = self._hash_file(rel, budget)
        except (_Too, OSError):
            return None
        payload = {"format": FORMAT, "renderer": self.label, "version": self.version, "code": self.stamp,
                   "dir": info.dir, "files": sorted(files.items())}
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    # -- entries ------------------------------------------------------------------------------------
    def get(self, key: str | None) -> dict[str, Any] | None:
        """The stored entry for `key`: {"renderer", "objects", "sources", "warnings", "text"} and, for
        trees with helmCharts, "field_lines"."""
        if key is None:
            return None
        try:
            with open(self.directory / f"{key}.json", encoding="utf-8") as fh:
                entry = json.load(fh)
        except (OSError, ValueError):
            self.misses += 1
            return None
        if not (isinstance(entry, dict) and isinstance(entry.get("objects"), list)
                and isinstance(entry.get("sources"), list) and len(entry["sources"]) == len(entry["objects"])):
            self.misses += 1
            return None
        try:
            entry["sources"] = [Location(str(s[0]), int(s[1]), int(s[2])) if isinstance(s, list) and len(s) == 3
                                else None for s in entry["sources"]]
        except (TypeError, ValueError):
            self.misses += 1
            return None
        try:
            os.utime(self.directory / f"{key}.json")  # recently used: kept by prune()
        except OSError:
            pass
        self.hits += 1
        return entry

    def prune(self, limit: int = MAX_ENTRIES) -> int:
        """Remove the least recently used entries when there are more than `limit`; how many went."""
        try:
            entries = [(e.stat().st_mtime_ns, e.path) for e in os.scandir(self.directory)
                       if e.name.endswith(".json") and e.is_file()]
        except OSError:
            return 0
        if len(entries) <= limit:
            return 0
        entries.sort()
        removed = 0
        for _, path in entries[: len(entries) - int(limit * 0.8)]:
            try:
                os.unlink(path)
                removed += 1
            except OSError:
                pass
        return removed

    def put(self, key: str | None, result: Any) -> bool:
        """Store an external renderer's result (objects, sources, warnings, text); False when not
        stored (embedded result, values JSON cannot carry, unwritable cache)."""
        renderer = str(getattr(result, "renderer", ""))
        if key is None or renderer != self.label:
            return False
        sources = []
        for s in getattr(result, "sources", []) or []:
            sources.append([s.path, int(s.line or 0), int(s.col or 0)] if isinstance(s, Location) else None)
        entry = {"renderer": renderer, "objects": list(result.objects), "sources": sources,
                 "warnings": [str(w) for w in getattr(result, "warnings", []) or []],
                 "text": getattr(result, "_text", None)}
        field_lines = getattr(result, "field_lines", None)
        if isinstance(field_lines, list) and any(field_lines):  # helm chart template lines
            entry["field_lines"] = [dict(fl) if isinstance(fl, dict) else {} for fl in field_lines]
        try:
            data = json.dumps(entry, ensure_ascii=False, allow_nan=False).encode("utf-8")
            if json.loads(data)["objects"] != entry["objects"]:  # e.g. non-string keys: not faithful
                return False
            _write_atomic(self.directory / f"{key}.json", data)
        except (OSError, TypeError, ValueError):
            return False
        self.prune()
        return True
