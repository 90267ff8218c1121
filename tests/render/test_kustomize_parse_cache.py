"""The per-process parse cache of resource files in the embedded Kustomize renderer.

A file rewritten between two builds gives its new content, mutating what a build returns never
reaches the next build, renders are identical with and without the cache, and the cache stays
within its byte bound.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from k8sfix_tui.errors import RenderError
from k8sfix_tui.render import kustomize_build
from k8sfix_tui.render.kustomize import build
from k8sfix_tui.render.kustomize_yaml import (
    PARSE_CACHE,
    _ParseCache,
    parse_documents_cached,
    parse_documents_ex,
)

FIXTURES = Path(__file__).parent / "kustomize_fixtures"
CASES = sorted(p.parent for p in FIXTURES.rglob("kustomization.yaml"))

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: {replicas}
  template:
    spec:
      containers:
      - name: web
        image: nginx:{tag}
        resources: ~
"""


def _write_base(root: Path, replicas: int, tag: str) -> None:
    (root / "base").mkdir(exist_ok=True)
    (root / "base" / "kustomization.yaml").write_text("resources:\n- deploy.yaml\n")
    text = DEPLOYMENT.replace("{replicas}", str(replicas)).replace("{tag}", tag)
    (root / "base" / "deploy.yaml").write_text(text)


def _overlay(root: Path, name: str, extra: str = "") -> Path:
    d = root / name
    d.mkdir(exist_ok=True)
    (d / "kustomization.yaml").write_text(f"resources:\n- ../base\nnamePrefix: {name}-\n{extra}")
    return d


def _render(directory: Path, root: Path) -> tuple[list, list, str, list]:
    result = build(directory, renderer="embedded", repo_root=root)
    return result.objects, [str(s) for s in result.sources], result.text, list(result.warnings)


def test_rewritten_file_gives_new_content(tmp_path: Path) -> None:
    _write_base(tmp_path, 2, "1.25")
    first = build(_overlay(tmp_path, "a"), renderer="embedded", repo_root=tmp_path).objects
    _write_base(tmp_path, 5, "1.27")
    second = build(_overlay(tmp_path, "a"), renderer="embedded", repo_root=tmp_path).objects
    assert first[0]["spec"]["replicas"] == 2
    assert second[0]["spec"]["replicas"] == 5
    assert second[0]["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.27"


def test_same_length_rewrite_is_seen(tmp_path: Path) -> None:
    # same size and (likely) same mtime second: only a content key catches this
    _write_base(tmp_path, 2, "1.25")
    first = build(_overlay(tmp_path, "a"), renderer="embedded", repo_root=tmp_path).objects
    _write_base(tmp_path, 3, "1.26")
    second = build(_overlay(tmp_path, "a"), renderer="embedded", repo_root=tmp_path).objects
    assert (first[0]["spec"]["replicas"], second[0]["spec"]["replicas"]) == (2, 3)


def test_mutation_of_a_result_does_not_leak(tmp_path: Path) -> None:
    _write_base(tmp_path, 2, "1.25")
    overlay = _overlay(tmp_path, "a", "commonLabels:\n  tier: front\n")
    first = build(overlay, renderer="embedded", repo_root=tmp_path).objects
    first[0]["spec"]["replicas"] = 99
    first[0]["metadata"]["labels"]["leak"] = "yes"
    first[0]["spec"]["template"]["spec"]["containers"].append({"name": "leak"})
    second = build(overlay, renderer="embedded", repo_root=tmp_path).objects
    assert second[0]["spec"]["replicas"] == 2
    assert "leak" not in second[0]["metadata"]["labels"]
    assert [c["name"] for c in second[0]["spec"]["template"]["spec"]["containers"]] == ["web"]


def test_two_overlays_over_one_base_transform_independently(tmp_path: Path) -> None:
    _write_base(tmp_path, 2, "1.25")
    a = build(_overlay(tmp_path, "a", "namespace: ns-a\n"), renderer="embedded", repo_root=tmp_path).objects
    b = build(_overlay(tmp_path, "b", "namespace: ns-b\n"), renderer="embedded", repo_root=tmp_path).objects
    assert (a[0]["metadata"]["name"], a[0]["metadata"]["namespace"]) == ("a-web", "ns-a")
    assert (b[0]["metadata"]["name"], b[0]["metadata"]["namespace"]) == ("b-web", "ns-b")


def test_explicit_nulls_survive_a_cache_hit(tmp_path: Path) -> None:
    text = "kind: ConfigMap\nmetadata:\n  name: x\ndata: ~\n"
    first = parse_documents_cached(text, "nulls-test.yaml")
    second = parse_documents_cached(text, "nulls-test.yaml")
    assert first == second == parse_documents_ex(text, "nulls-test.yaml")
    assert second[0][2] == {("data",)}
    second[0][2].add(("extra",))
    assert parse_documents_cached(text, "nulls-test.yaml")[0][2] == {("data",)}


def test_hit_returns_fresh_objects_and_keeps_alias_sharing() -> None:
    text = "a: &x {k: [1, 2]}\nb: *x\n---\nkind: Second\n"
    first = parse_documents_cached(text, "alias-test.yaml")
    hit = parse_documents_cached(text, "alias-test.yaml")
    assert hit == first
    assert hit[0][0] is not first[0][0]
    assert hit[0][0]["a"] is hit[0][0]["b"]  # as the parser builds it
    assert [line for _, line, _ in hit] == [1, 4]


def test_invalid_yaml_raises_every_time() -> None:
    for _ in range(2):
        with pytest.raises(RenderError) as info:
            parse_documents_cached("a: [1, 2\n", "bad-cache.yaml")
        assert "bad-cache.yaml" in str(info.value)


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(FIXTURES)) for c in CASES])
def test_identical_with_and_without_cache(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def outcome() -> object:
        try:
            return _render(case, FIXTURES)
        except RenderError as exc:
            return ("error", str(exc))

    cached_cold = outcome()
    cached_warm = outcome()  # every resource file now a hit
    monkeypatch.setattr(kustomize_build, "parse_documents_cached", parse_documents_ex)
    uncached = outcome()
    assert cached_cold == uncached
    assert cached_warm == uncached


def test_cache_is_bounded_and_evicts_least_recently_used() -> None:
    cache = _ParseCache(100)
    cache.put(("a", b"1"), b"x" * 40)
    cache.put(("b", b"1"), b"x" * 40)
    assert cache.get(("a", b"1")) is not None  # a is now the most recent
    cache.put(("c", b"1"), b"x" * 40)
    assert cache.total <= 100
    assert cache.get(("b", b"1")) is None
    assert cache.get(("a", b"1")) is not None and cache.get(("c", b"1")) is not None
    cache.put(("huge", b"1"), b"x" * 101)  # larger than the bound: never stored
    assert cache.get(("huge", b"1")) is None and cache.total == 80
    cache.clear()
    assert len(cache) == 0 and cache.total == 0


def test_global_cache_has_a_byte_bound() -> None:
    assert 0 < PARSE_CACHE.max_bytes <= 256 * 1024 * 1024
    assert PARSE_CACHE.total <= PARSE_CACHE.max_bytes
