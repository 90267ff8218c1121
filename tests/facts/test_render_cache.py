"""The content-addressed cache of external Kustomize renderings (facts/render_cache.py)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
from pathlib import Path

import pytest

from k8sfix_tui.facts import collect, facts_to_json
from k8sfix_tui.facts.overlays import read_kustomization
from k8sfix_tui.facts.render_cache import RenderCache, cache_root

REPO = {
    "k8s/base/kustomization.yaml": """
        resources: [deploy.yaml]
        configMapGenerator:
          - name: cfg
            files: [app.properties]
        """,
    "k8s/base/deploy.yaml": """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api}
        spec:
          replicas: 1
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec:
              containers:
                - name: api
                  image: acme/api:1
        """,
    "k8s/base/app.properties": "a=1\n",
    "k8s/overlays/prod/kustomization.yaml": """
        resources: [../../base]
        namespace: prod
        patches:
          - path: replicas.yaml
        """,
    "k8s/overlays/prod/replicas.yaml": """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api}
        spec: {replicas: 4}
        """,
    "docs/unrelated.md": "# hi\n",
}

FAKE_KUBECTL = """#!{python}
import os, sys
log = os.environ["FAKE_KUBECTL_LOG"]
with open(log, "a") as fh:
    fh.write(" ".join(sys.argv[1:]) + "\\n")
if sys.argv[1] == "version":
    print('{{"clientVersion": {{"gitVersion": "v1.99.0-fake"}}}}')
    sys.exit(0)
sys.path.insert(0, {root!r})
from k8sfix_tui.render.kustomize import build
print(build(sys.argv[-1], renderer="embedded", repo_root=os.environ["FAKE_KUBECTL_ROOT"]).text, end="")
"""


@pytest.fixture
def fake_kubectl(tmp_path_factory, monkeypatch):
    """A `kubectl` on PATH (the embedded renderer behind a subprocess) that logs its calls."""
    pytest.importorskip("k8sfix_tui.render.kustomize")
    bindir = tmp_path_factory.mktemp("bin")
    exe = bindir / "kubectl"
    exe.write_text(FAKE_KUBECTL.format(python=sys.executable, root=str(Path(__file__).resolve().parents[2])))
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    log = bindir / "calls.log"
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("FAKE_KUBECTL_LOG", str(log))
    if shutil.which("kustomize"):
        pytest.skip("a real kustomize binary on PATH would be preferred to the fake kubectl")

    def calls() -> list[str]:
        return [ln for ln in log.read_text().splitlines() if ln.startswith("kustomize")] if log.exists() else []

    return calls


def _facts(repo: Path, monkeypatch) -> dict:
    monkeypatch.setenv("FAKE_KUBECTL_ROOT", str(repo))
    data = facts_to_json(collect(repo, kustomize_renderer="kubectl"))
    return data


def test_second_run_comes_from_cache_and_is_identical(make_repo, fake_kubectl, monkeypatch):
    repo = make_repo(REPO)
    first = _facts(repo, monkeypatch)
    assert len(fake_kubectl()) == 2  # base and overlay
    assert first["renderers"]["kustomize"] == "kubectl kustomize"
    second = _facts(repo, monkeypatch)
    assert len(fake_kubectl()) == 2  # no new subprocess
    assert second["renderers"]["kustomize"] == "kubectl kustomize (cached)"
    first.pop("renderers"), second.pop("renderers")
    assert json.dumps(first, sort_keys=True, default=str) == json.dumps(second, sort_keys=True, default=str)
    entries = list((cache_root() / "kustomize").glob("*.json"))
    assert len(entries) == 2 and not list((cache_root() / "kustomize").glob(".tmp-*"))


@pytest.mark.parametrize(
    "path, text, rerendered",
    [
        ("k8s/base/deploy.yaml", None, 2),  # a base resource: base and overlay change
        ("k8s/base/app.properties", "a=2\n", 2),  # a generator input (not YAML) counts too
        ("k8s/overlays/prod/replicas.yaml", None, 1),  # an overlay patch: only the overlay
        ("k8s/overlays/prod/new.txt", "x\n", 1),  # any new file under the kustomization
        ("docs/unrelated.md", "# changed\n", 0),  # outside every kustomization: still cached
    ],
)
def test_changed_input_invalidates_only_affected_kustomizations(make_repo, fake_kubectl, monkeypatch, path, text,
                                                                 rerendered):
    repo = make_repo(REPO)
    _facts(repo, monkeypatch)
    before = len(fake_kubectl())
    target = repo / path
    target.write_text(text if text is not None else target.read_text().replace("4", "5").replace("acme/api:1",
                                                                                                   "acme/api:2"))
    after = _facts(repo, monkeypatch)
    assert len(fake_kubectl()) - before == rerendered
    if path.endswith("replicas.yaml"):
        prod = [w for w in after["workloads"] if w["namespace"] == "prod"]
        assert prod and prod[0]["replicas"] == 5


def test_unwritable_cache_is_ignored(make_repo, fake_kubectl, monkeypatch, tmp_path_factory):
    blocker = tmp_path_factory.mktemp("ro") / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("K8SFIX_CACHE_DIR", str(blocker / "sub"))  # cannot be created
    repo = make_repo(REPO)
    first = _facts(repo, monkeypatch)
    second = _facts(repo, monkeypatch)
    assert first["renderers"]["kustomize"] == second["renderers"]["kustomize"] == "kubectl kustomize"
    assert len(fake_kubectl()) == 4
    assert not first["errors"]


def test_corrupt_entry_is_a_miss(make_repo, fake_kubectl, monkeypatch):
    repo = make_repo(REPO)
    _facts(repo, monkeypatch)
    for entry in (cache_root() / "kustomize").glob("*.json"):
        entry.write_text("{not json")
    again = _facts(repo, monkeypatch)
    assert len(fake_kubectl()) == 4 and again["renderers"]["kustomize"] == "kubectl kustomize"


def test_embedded_renderer_never_uses_the_cache(make_repo, monkeypatch):
    pytest.importorskip("k8sfix_tui.render.kustomize")
    assert RenderCache.open(make_repo(REPO), "embedded") is None
    facts = collect(make_repo(REPO), kustomize_renderer="embedded")
    assert facts.renderers["kustomize"] == "embedded"
    assert not (cache_root() / "kustomize").exists()


def test_key_covers_referenced_dirs_and_files(make_repo, fake_kubectl):
    repo = make_repo(REPO)
    errors: list = []
    infos = {i.dir: i for i in (read_kustomization(repo, p, errors) for p in
                                ("k8s/base/kustomization.yaml", "k8s/overlays/prod/kustomization.yaml"))}
    cache = RenderCache.open(repo, "kubectl")
    assert cache is not None and cache.version and "v1.99.0-fake" in cache.version
    k1 = cache.key(infos["k8s/overlays/prod"], infos)
    assert k1 == cache.key(infos["k8s/overlays/prod"], infos)  # deterministic
    (repo / "k8s/base/deploy.yaml").write_text("changed: 1\n")
    cache2 = RenderCache.open(repo, "kubectl")  # fresh per-run file-hash memo
    assert cache2.key(infos["k8s/overlays/prod"], infos) != k1
    assert set(cache2._file_hash) >= {"k8s/base/deploy.yaml", "k8s/base/app.properties",
                                      "k8s/overlays/prod/replicas.yaml"}
    assert "docs/unrelated.md" not in cache2._file_hash


def test_version_is_remembered_per_binary(make_repo, fake_kubectl):
    RenderCache.open(make_repo(REPO), "kubectl")
    RenderCache.open(make_repo(REPO), "kubectl")
    versions = [c for c in Path(os.environ["FAKE_KUBECTL_LOG"]).read_text().splitlines() if c.startswith("version")]
    assert len(versions) == 1


@pytest.mark.parametrize("existing, limit, left", [(5, 10, 5), (12, 10, 8), (3, 2, 1)])
def test_prune_keeps_the_most_recently_used(tmp_path, existing, limit, left):
    cache = RenderCache(tmp_path, tmp_path / "kustomize", "kubectl kustomize", "v1")
    cache.directory.mkdir()
    for i in range(existing):
        entry = cache.directory / f"{i:03d}.json"
        entry.write_text("{}")
        os.utime(entry, ns=(i * 10**9, i * 10**9))
    cache.prune(limit)
    kept = sorted(p.name for p in cache.directory.glob("*.json"))
    assert kept == [f"{i:03d}.json" for i in range(existing - left, existing)]
