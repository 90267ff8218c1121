"""Bad input gives one clear RenderError line naming the kustomization (and line), never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from k8sfix_tui.cli import main
from k8sfix_tui.errors import RenderError
from k8sfix_tui.render.kustomize import PathEscapeError, build

DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx
"""


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


# (files, directory to build, expected location prefix, expected message fragment)
CASES = [
    (
        {"app/kustomization.yaml": "resources:\n- deploy.yaml\n- missing.yaml\n", "app/deploy.yaml": DEPLOY},
        "app",
        "app/kustomization.yaml:3",
        "resource 'missing.yaml' does not exist",
    ),
    (
        {
            "app/kustomization.yaml": "resources:\n- deploy.yaml\npatchesStrategicMerge:\n- patch.yaml\n",
            "app/deploy.yaml": DEPLOY,
            "app/patch.yaml": "kind: Deployment\nmetadata:\n  name: web\nspec: [unclosed\n",
        },
        "app",
        "app/patch.yaml:",
        "invalid YAML",
    ),
    (
        {
            "app/kustomization.yaml": "resources:\n- deploy.yaml\npatches:\n- patch: |-\n    kind: Deployment\n    metadata: {name: web\n",
            "app/deploy.yaml": DEPLOY,
        },
        "app",
        "app/kustomization.yaml",
        "invalid YAML",
    ),
    (
        {"a/kustomization.yaml": "resources:\n- ../b\n", "b/kustomization.yaml": "resources:\n- ../a\n"},
        "a",
        "",
        "cycle detected",
    ),
    (
        {"app/kustomization.yaml": "resources:\n- deploy.yaml\n- ../../outside\n", "app/deploy.yaml": DEPLOY},
        "app",
        "app/kustomization.yaml:3",
        "leaves the repository root",
    ),
    (
        {"app/kustomization.yaml": "resources:\n- ../deploy.yaml\n", "deploy.yaml": DEPLOY},
        "app",
        "app/kustomization.yaml:2",
        "is not in or below",
    ),
    (
        {"app/kustomization.yaml": "resources: [deploy.yaml\n", "app/deploy.yaml": DEPLOY},
        "app",
        "app/kustomization.yaml:",
        "invalid kustomization YAML",
    ),
    (
        {"app/kustomization.yaml": "- just\n- a list\n"},
        "app",
        "app/kustomization.yaml",
        "must be a YAML map",
    ),
    (
        {"app/kustomization.yaml": "resources:\n- sub\n", "app/sub/readme.txt": "x"},
        "app",
        "app/sub",
        "unable to find one of",
    ),
    (
        {"app/kustomization.yaml": "resources:\n- a.yaml\n- b.yaml\n", "app/a.yaml": DEPLOY, "app/b.yaml": DEPLOY},
        "app",
        "app/kustomization.yaml:3",
        "already registered id",
    ),
    (
        {
            "app/kustomization.yaml": "resources: [deploy.yaml]\npatches:\n- target: {kind: Deployment}\n  patch: |-\n    - op: replace\n      path: /spec/nothing/here\n      value: 1\n",
            "app/deploy.yaml": DEPLOY,
        },
        "app",
        "app/kustomization.yaml",
        "does not exist in the target",
    ),
    (
        {
            "app/kustomization.yaml": "resources: [deploy.yaml]\npatchesStrategicMerge:\n- |-\n  kind: Deployment\n  apiVersion: apps/v1\n  metadata: {name: nope}\n",
            "app/deploy.yaml": DEPLOY,
        },
        "app",
        "app/kustomization.yaml",
        "no resource matches",
    ),
    (
        {"app/kustomization.yaml": "configMapGenerator:\n- name: cfg\n  behavior: merge\n  literals: [a=b]\n"},
        "app",
        "app/kustomization.yaml:2",
        "does not exist; cannot merge or replace",
    ),
    (
        {"app/kustomization.yaml": "configMapGenerator:\n- name: cfg\n  literals: [a=b, a=c]\n"},
        "app",
        "app/kustomization.yaml:2",
        "illegally repeats the key",
    ),
    (
        {"app/kustomization.yaml": "configMapGenerator:\n- name: cfg\n  files: [nothere.txt]\n"},
        "app",
        "app/kustomization.yaml:3",
        "does not exist",
    ),
    (
        {"app/kustomization.yaml": "resources: [bad.yaml]\n", "app/bad.yaml": "apiVersion: v1\nkind: ConfigMap\ndata: {a: b}\n"},
        "app",
        "app/bad.yaml:1",
        "missing metadata.name",
    ),
    (
        {"app/kustomization.yaml": "resources: [deploy.yaml]\nreplicas:\n- name: nothing\n  count: 2\n", "app/deploy.yaml": DEPLOY},
        "app",
        "app/kustomization.yaml",
        "does not match a config",
    ),
    (
        {"app/kustomization.yaml": "resources: [deploy.yaml]\nreplicas:\n- name: web\n  count: many\n", "app/deploy.yaml": DEPLOY},
        "app",
        "app/kustomization.yaml",
        "count must be an integer",
    ),
    (
        {"app/kustomization.yaml": "components: [../comp]\n", "comp/kustomization.yaml": "resources: []\n"},
        "app",
        "app/kustomization.yaml:1",
        "is not a Component",
    ),
    (
        {"app/kustomization.yaml": "resources: [../comp]\n", "comp/kustomization.yaml": "kind: Component\n"},
        "app",
        "app/kustomization.yaml:1",
        "is a Component",
    ),
    (
        {"app/kustomization.yaml": "resources: [deploy.yaml]\npatches:\n- target: {name: '(['}\n  patch: '[]'\n", "app/deploy.yaml": DEPLOY},
        "app",
        "app/kustomization.yaml",
        "invalid regular expression",
    ),
]


@pytest.mark.parametrize("files,directory,location,fragment", CASES)
def test_bad_input_raises_render_error(tmp_path: Path, files, directory, location, fragment) -> None:
    _write(tmp_path, files)
    with pytest.raises(RenderError) as info:
        build(tmp_path / directory, renderer="embedded", repo_root=tmp_path)
    err = info.value
    assert fragment in err.message
    assert str(err.location or "").startswith(location)
    assert "\n" not in str(err)


@pytest.mark.parametrize("files,directory,location,fragment", CASES)
def test_cli_prints_one_line_and_exits_2(tmp_path: Path, capsys, files, directory, location, fragment) -> None:
    _write(tmp_path, files)
    code = main(["render", str(tmp_path / directory), "--renderer", "embedded", "--repo-root", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("k8sfix: ")
    assert "Traceback" not in err and "internal error" not in err


def test_symlink_escaping_the_repo_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    repo = tmp_path / "repo"
    _write(outside, {"deploy.yaml": DEPLOY})
    _write(repo, {"app/kustomization.yaml": "resources:\n- link.yaml\n"})
    os.symlink(outside / "deploy.yaml", repo / "app" / "link.yaml")
    with pytest.raises(PathEscapeError) as info:
        build(repo / "app", renderer="embedded", repo_root=repo)
    assert "leaves the repository root" in info.value.message


def test_escape_is_refused_by_every_renderer(tmp_path: Path) -> None:
    _write(tmp_path, {"repo/app/kustomization.yaml": "resources:\n- ../../other\n", "other/kustomization.yaml": ""})
    for renderer in ("auto", "embedded"):
        with pytest.raises(PathEscapeError):
            build(tmp_path / "repo" / "app", renderer=renderer, repo_root=tmp_path / "repo")


def test_directory_outside_root_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, {"a/kustomization.yaml": "", "b/x": ""})
    with pytest.raises(PathEscapeError):
        build(tmp_path / "a", renderer="embedded", repo_root=tmp_path / "b")


def test_remote_resources_are_reported_and_skipped(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "app/kustomization.yaml": "resources:\n- https://github.com/org/repo//deploy?ref=v1\n- github.com/org/repo/base\n- deploy.yaml\n",
            "app/deploy.yaml": DEPLOY,
        },
    )
    result = build(tmp_path / "app", renderer="embedded", repo_root=tmp_path)
    assert [o["kind"] for o in result.objects] == ["Deployment"]
    remote = [w for w in result.warnings if "remote resource" in w]
    assert len(remote) == 2 and remote[0].startswith("app/kustomization.yaml:2:")


def test_unsupported_fields_warn(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {"app/kustomization.yaml": "resources: [deploy.yaml]\ncrds:\n- x.json\nhelmCharts:\n- name: x\nfrobnicate: 1\n",
         "app/deploy.yaml": DEPLOY},
    )
    result = build(tmp_path / "app", renderer="embedded", repo_root=tmp_path)
    assert any("crds" in w and "not supported" in w for w in result.warnings)
    # helmCharts are inflated now (kustomize_helm): a chart missing from charts/ is an error of its own
    assert not any("helmCharts" in w and "not supported" in w for w in result.warnings)
    assert [e.location for e in result.errors] == ["app/kustomization.yaml:5"]
    assert any("unknown kustomization field 'frobnicate'" in w for w in result.warnings)


def test_unknown_renderer(tmp_path: Path) -> None:
    _write(tmp_path, {"kustomization.yaml": ""})
    with pytest.raises(RenderError):
        build(tmp_path, renderer="helm")


def test_load_restrictor_none_allows_files_elsewhere_in_the_repo(tmp_path: Path) -> None:
    _write(tmp_path, {"repo/app/kustomization.yaml": "resources:\n- ../shared/deploy.yaml\n", "repo/shared/deploy.yaml": DEPLOY})
    with pytest.raises(RenderError):
        build(tmp_path / "repo" / "app", renderer="embedded", repo_root=tmp_path / "repo")
    result = build(tmp_path / "repo" / "app", renderer="embedded", repo_root=tmp_path / "repo", load_restrictor="none")
    assert [o["kind"] for o in result.objects] == ["Deployment"]
    _write(tmp_path, {"repo/app2/kustomization.yaml": "resources:\n- ../../deploy.yaml\n", "deploy.yaml": DEPLOY})
    with pytest.raises(PathEscapeError):
        build(tmp_path / "repo" / "app2", renderer="embedded", repo_root=tmp_path / "repo", load_restrictor="none")


def test_patch_of_a_skipped_remote_base_is_a_warning(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "app/kustomization.yaml": "resources:\n- deploy.yaml\n- https://example.com/org/repo//base?ref=v1\n"
            "patchesStrategicMerge:\n- |-\n  apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: remote-only}\n  spec: {replicas: 2}\n",
            "app/deploy.yaml": DEPLOY,
        },
    )
    result = build(tmp_path / "app", renderer="embedded", repo_root=tmp_path)
    assert [o["metadata"]["name"] for o in result.objects] == ["web"]
    assert any("patch ignored" in w for w in result.warnings)
