"""Bad input never raises: every broken file is one errors[] entry and the rest is analysed."""

from __future__ import annotations

import os
import time

import pytest

from k8sfix_tui.facts import collect, facts_to_json
from k8sfix_tui.facts.yamlio import load_documents

GOOD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: good\ndata:\n  a: b\n"
BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
)


def _errors(facts):
    return {(e.location.path, e.location.line): e.message for e in facts.errors}


def test_invalid_yaml_reports_line_and_keeps_earlier_documents(make_repo):
    repo = make_repo({
        "good.yaml": GOOD,
        "bad.yaml": GOOD + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: [oops\n",
    })
    facts = collect(repo)
    errs = _errors(facts)
    ((path, line), msg), = [(k, v) for k, v in errs.items() if k[0] == "bad.yaml"]
    assert line >= 11 and msg.startswith("invalid YAML")
    assert sorted(o.name for o in facts.objects) == ["good", "good"]


def test_binary_and_oversized_files(make_repo, tmp_path):
    repo = make_repo({"good.yaml": GOOD, "blob.yaml": b"apiVersion\x00\x01\x02kind", "logo.png": b"\x89PNG\x00"})
    big = repo / "big.yaml"
    big.write_bytes(b"# padding\n" * (620 * 1024))  # ~6 MB
    facts = collect(repo)
    errs = _errors(facts)
    assert errs[("blob.yaml", 0)] == "binary file; skipped"
    assert "too large" in errs[("big.yaml", 0)]
    assert ("logo.png", 0) not in errs  # not a file k8sfix reads
    assert "logo.png" in facts.files and "big.yaml" in facts.files
    assert [o.name for o in facts.objects] == ["good"]


def test_symlink_loop_and_link_leaving_repo(make_repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.yaml").write_text(GOOD.replace("good", "outside"))
    repo = make_repo({"k8s/good.yaml": GOOD})
    os.symlink(outside, repo / "k8s" / "escape")
    os.symlink(outside / "secret.yaml", repo / "escape.yaml")
    os.symlink(repo / "k8s", repo / "k8s" / "loop")
    os.symlink("self", repo / "self")
    facts = collect(repo)
    errs = _errors(facts)
    assert "outside the repository" in errs[("k8s/escape", 0)]
    assert "outside the repository" in errs[("escape.yaml", 0)]
    assert "loop" in errs[("k8s/loop", 0)]
    assert "self" in {p for p, _ in errs}
    assert [o.name for o in facts.objects] == ["good"]


def test_alias_bomb_fails_fast(make_repo):
    repo = make_repo({"good.yaml": GOOD, "bomb.yaml": "apiVersion: v1\nkind: ConfigMap\n" + BOMB})
    start = time.perf_counter()
    facts = collect(repo)
    assert time.perf_counter() - start < 30  # a hang guard, not a speed target
    msg = _errors(facts)[("bomb.yaml", 1)]
    assert "alias" in msg
    assert [o.name for o in facts.objects] == ["good"]


def test_recursive_alias_and_deep_nesting():
    docs, errors = load_documents("a: &x [*x]\n", "r.yaml")
    assert not docs and errors  # recursive alias rejected (or refused by the parser)
    deep = "apiVersion: v1\nkind: ConfigMap\ndata: " + "[" * 50_000 + "]" * 50_000 + "\n"
    docs, errors = load_documents(deep, "deep.yaml")
    assert not docs and "invalid YAML" in errors[0].message


def test_small_aliases_are_fine():
    docs, errors = load_documents("base: &b {cpu: 1}\nother: *b\n", "ok.yaml")
    assert not errors and docs[0].data["other"] == {"cpu": 1}


@pytest.mark.parametrize(
    "name, content",
    [
        ("Makefile", b"deploy:\n\thelm install x \xff\xfe\n"),
        ("Chart.yaml", "name: [\n"),
        ("kustomization.yaml", "resources: {\n"),
        (".github/workflows/ci.yml", "jobs: [\n"),
        ("scripts/run.sh", "#!/bin/sh\necho 'unterminated\n"),
        ("weird.json", '{"apiVersion": "v1", "kind": \n'),
    ],
)
def test_broken_sources_never_raise(make_repo, name, content):
    repo = make_repo({"good.yaml": GOOD, name: content})
    facts = collect(repo)
    facts_to_json(facts)
    assert [o.name for o in facts.objects if o.origin == "manifests"] == ["good"]


def test_not_a_directory(tmp_path):
    from k8sfix_tui.errors import K8sfixError

    with pytest.raises(K8sfixError):
        collect(tmp_path / "missing")


def test_symlinked_file_inside_repo_is_listed_not_duplicated(make_repo):
    repo = make_repo({"k8s/good.yaml": GOOD, ".hidden/extra.yaml": GOOD.replace("good", "hidden")})
    os.symlink(repo / "k8s" / "good.yaml", repo / "alias.yaml")
    os.symlink(repo / ".hidden" / "extra.yaml", repo / "extra.yaml")
    facts = collect(repo)
    assert "alias.yaml" in facts.files and "extra.yaml" in facts.files
    assert sorted(o.name for o in facts.objects) == ["good", "hidden"]


def test_alias_bomb_never_reaches_the_renderers(make_repo):
    pytest.importorskip("k8sfix_tui.render.helm")
    pytest.importorskip("k8sfix_tui.render.kustomize")
    nested = BOMB.replace("\n", "\n  ").rstrip()
    repo = make_repo({
        "k/kustomization.yaml": "resources: [cm.yaml]\n",
        "k/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  " + nested + "\n",
        "c/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n",
        "c/values.yaml": BOMB,
        "c/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y}\n",
        "good.yaml": GOOD,
    })
    start = time.perf_counter()
    facts = collect(repo, kustomize_renderer="embedded")
    assert time.perf_counter() - start < 30  # a hang guard, not a speed target
    messages = " ".join(e.message for e in facts.errors)
    assert "chart not rendered" in messages and "alias" in messages
    assert not [o for o in facts.objects if o.name == "x"]
    assert [o.name for o in facts.objects if o.origin == "manifests"] == ["good"]


def test_alias_bomb_in_a_patch_file_skips_the_overlay(make_repo):
    pytest.importorskip("k8sfix_tui.render.kustomize")
    repo = make_repo({
        "base/kustomization.yaml": "resources: [good.yaml]\n",
        "base/good.yaml": GOOD,
        "prod/kustomization.yaml": "resources: [../base]\npatches:\n  - path: bomb.yaml\n",
        "prod/bomb.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: good}\n" + BOMB,
    })
    start = time.perf_counter()
    facts = collect(repo, kustomize_renderer="embedded")
    assert time.perf_counter() - start < 30  # a hang guard, not a speed target
    errs = _errors(facts)
    assert "not rendered" in errs[("prod/kustomization.yaml", 1)] and "prod/bomb.yaml" in errs[("prod/kustomization.yaml", 1)]
    assert {o.origin for o in facts.objects} == {"manifests", "kustomize base"}


@pytest.mark.parametrize("text", ["a: !!int\n", "a: !!float ''\n", "a: !!python/name:os.system x\n", "? [a]\n: b\n"])
def test_constructor_failures_are_source_errors(text):
    docs, errors = load_documents(text, "x.yaml")
    assert not docs and errors and errors[0].message.startswith("invalid YAML")


def test_a_reader_bug_is_one_error_not_a_crash(make_repo, monkeypatch):
    import importlib

    collect_mod = importlib.import_module("k8sfix_tui.facts.collect")

    def boom(*args, **kwargs):
        raise KeyError("bug")

    monkeypatch.setattr(collect_mod, "parse_makefile", boom)
    repo = make_repo({"good.yaml": GOOD, "Makefile": "up:\n\tminikube start\n", "run.sh": "kubectl get po\n"})
    facts = collect(repo)
    assert "internal error" in _errors(facts)[("Makefile", 0)]
    assert [c.tool for c in facts.commands] == ["kubectl"]
    assert [o.name for o in facts.objects] == ["good"]
