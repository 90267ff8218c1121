"""Bad charts and bad input: every failure is one clear RenderError line naming the file, never a
traceback or a hang."""

from __future__ import annotations

import io
import tarfile
import time
from pathlib import Path

import pytest

from k8sfix_tui.errors import RenderError
from k8sfix_tui.render.helm import RenderOptions, render_chart

CHART_YAML = "apiVersion: v2\nname: bad\nversion: 0.1.0\n"


def _chart(tmp_path: Path, templates: dict[str, str], chart_yaml: str = CHART_YAML, values: str | None = None) -> Path:
    root = tmp_path / "bad"
    (root / "templates").mkdir(parents=True)
    (root / "Chart.yaml").write_text(chart_yaml)
    if values is not None:
        (root / "values.yaml").write_text(values)
    for name, text in templates.items():
        path = root / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _error(path: Path, opts: RenderOptions | None = None) -> RenderError:
    started = time.monotonic()
    with pytest.raises(RenderError) as info:
        render_chart(path, opts or RenderOptions())
    assert time.monotonic() - started < 10
    message = info.value.message
    assert "\n" not in message and "Traceback" not in message
    return info.value


TEMPLATE_CASES = [
    ("unclosed action", {"a.yaml": "x: {{ .Values.x \n"}, "unclosed action"),
    ("unclosed if", {"a.yaml": "{{ if .Values.x }}\nx: 1\n"}, "bad/templates/a.yaml"),
    ("unknown function", {"a.yaml": "x: {{ nosuchfunc 1 }}\n"}, 'function "nosuchfunc" not defined'),
    ("wrong arg count", {"a.yaml": "x: {{ trunc 1 }}\n"}, "wrong number of args for trunc"),
    ("required", {"a.yaml": "x: {{ required \"image.tag is required\" .Values.image }}\n"},
     "execution error at (bad/templates/a.yaml:1:6): image.tag is required"),
    ("fail", {"a.yaml": "{{ fail \"unsupported mode\" }}\n"}, "execution error at (bad/templates/a.yaml:1:3): unsupported mode"),
    ("include recursion", {"_h.tpl": '{{ define "loop" }}{{ include "loop" . }}{{ end }}', "a.yaml": '{{ include "loop" . }}'},
     "bad/templates/a.yaml"),
    ("tpl recursion", {"a.yaml": "{{ tpl .Values.t . }}"}, "bad/templates/a.yaml"),
    ("huge until", {"a.yaml": "{{ range until 100000000 }}x{{ end }}"}, "limit 1000000"),
    ("missing include", {"a.yaml": '{{ include "nope" . }}'}, 'no template "nope"'),
    ("invalid yaml output", {"a.yaml": "a: b\n  c: d: e\n"}, "YAML parse error on bad/templates/a.yaml"),
    ("nil pointer", {"a.yaml": "x: {{ .Values.a.b.c }}\n"}, "nil pointer evaluating"),
]


@pytest.mark.parametrize("label,templates,needle", TEMPLATE_CASES, ids=[c[0] for c in TEMPLATE_CASES])
def test_template_errors_are_one_clear_line(tmp_path: Path, label: str, templates: dict, needle: str) -> None:
    values = "t: '{{ tpl .Values.t . }}'\n" if label == "tpl recursion" else None
    err = _error(_chart(tmp_path, templates, values=values))
    assert needle in err.message
    assert "bad/templates/" in f"{err.message} {err.location}"


@pytest.mark.parametrize(
    "chart_yaml,needle",
    [
        ("apiVersion: v2\nversion: 0.1.0\n", "validation: chart.metadata.name is required"),
        ("apiVersion: v2\nname: bad\n", "validation: chart.metadata.version is required"),
        ("apiVersion: v2\nname: bad\nversion: one\n", 'validation: chart.metadata.version "one" is invalid'),
        ("apiVersion: v2\nname: bad\nversion: 1.0.0\ntype: Library\n", "chart.metadata.type must be application or library"),
        ("apiVersion: v2\nname: bad\nversion: 1.0.0\ntype: library\n", "library charts are not installable"),
        ("apiVersion: v2\nname: bad\nversion: 1.0.0\ndependencies:\n  - name: ghost\n    version: 1.0.0\n",
         "found in Chart.yaml, but missing in charts/ directory: ghost"),
        ("name: [unclosed\n", "cannot load Chart.yaml"),
    ],
)
def test_chart_metadata_errors(tmp_path: Path, chart_yaml: str, needle: str) -> None:
    err = _error(_chart(tmp_path, {"a.yaml": "a: 1\n"}, chart_yaml=chart_yaml))
    assert needle in err.message
    assert "bad" in str(err.location)


def test_missing_chart_yaml_and_missing_path(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert "Chart.yaml file is missing" in _error(tmp_path / "empty").message
    assert "not found" in _error(tmp_path / "nope").message


def test_values_not_yaml_names_the_line(tmp_path: Path) -> None:
    err = _error(_chart(tmp_path, {"a.yaml": "a: 1\n"}, values="a: 1\nb: [1, 2\nc: 3\n"))
    assert "cannot load values.yaml" in err.message and "line" in err.message
    assert str(err.location).startswith(str(tmp_path / "bad") + "/values.yaml:")
    bad_values = tmp_path / "override.yaml"
    bad_values.write_text("x:\n  - a\n  b: c\n")
    (tmp_path / "bad" / "values.yaml").write_text("a: 1\n")
    err = _error(tmp_path / "bad", RenderOptions(values_files=[str(bad_values)]))
    assert err.message.startswith(f"failed to parse {bad_values}") and "line 3" in err.message


@pytest.mark.parametrize(
    "flag,value,needle",
    [
        ("set_values", "a.b", 'key "b" has no value'),
        ("set_values", "a[x]=1", "error parsing index"),
        ("set_values", "a={1,2", "list must terminate with '}'"),
        ("set_json_values", "a={bad json", "failed parsing --set-json data"),
    ],
)
def test_bad_set_flags(tmp_path: Path, flag: str, value: str, needle: str) -> None:
    opts = RenderOptions(**{flag: [value]})
    assert needle in _error(_chart(tmp_path, {"a.yaml": "a: 1\n"}), opts).message


def _tgz(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


@pytest.mark.parametrize(
    "entries,needle",
    [
        ([("x/../../evil.yaml", b"a: 1")], "illegally references parent directory"),
        ([("x//etc/passwd", b"a: 1")], "illegally contains absolute paths"),
        ([("x/README.md", b"not a chart")], "Chart.yaml file is missing"),
        ([("Chart.yaml", b"apiVersion: v2\nname: x\nversion: 1.0.0\n")], "content outside the base directory"),
    ],
)
def test_bad_archives(tmp_path: Path, entries: list, needle: str) -> None:
    archive = tmp_path / "x.tgz"
    archive.write_bytes(_tgz(entries))
    assert needle in _error(archive).message
    chart = _chart(tmp_path, {"a.yaml": "a: 1\n"})
    (chart / "charts").mkdir()
    (chart / "charts" / "sub-1.0.0.tgz").write_bytes(_tgz(entries))
    err = _error(chart)
    assert "error unpacking subchart sub-1.0.0.tgz in bad" in err.message and needle in err.message


def test_not_gzip_archive(tmp_path: Path) -> None:
    archive = tmp_path / "x.tgz"
    archive.write_bytes(b"plain text, not gzip")
    assert "does not appear to be a valid chart file" in _error(archive).message


def test_bad_release_name_and_kube_version(tmp_path: Path) -> None:
    chart = _chart(tmp_path, {"a.yaml": "a: 1\n"})
    assert "invalid release name" in _error(chart, RenderOptions(release_name="Bad_Name")).message
    assert "invalid kube version" in _error(chart, RenderOptions(kube_version="banana")).message


def test_non_string_annotation_is_helms_error(tmp_path: Path) -> None:
    chart = _chart(tmp_path, {"a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations:\n    n: 1\n"})
    assert "cannot unmarshal number into Go struct field .metadata.annotations of type string" in _error(chart).message


def test_missing_dependencies_can_be_ignored(tmp_path: Path) -> None:
    chart = _chart(tmp_path, {"cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"},
                   chart_yaml=CHART_YAML + "dependencies:\n  - name: redis\n    version: 1.x\n    condition: redis.enabled\n")
    assert "missing in charts/ directory: redis" in _error(chart).message
    result = render_chart(chart, RenderOptions(ignore_missing_dependencies=True))
    assert result.warnings == ["dependencies missing from charts/ (not rendered): redis"]
    assert [m.source for m in result.manifests] == ["bad/templates/cm.yaml"]


def test_keep_going_renders_the_templates_that_work(tmp_path: Path) -> None:
    chart = _chart(tmp_path, {
        "ok.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n",
        "needs.yaml": "x: {{ required \"host is required\" .Values.host }}\n",
        "broken.yaml": "a: b\n  c: d: e\n",
    })
    with pytest.raises(RenderError):
        render_chart(chart)
    result = render_chart(chart, RenderOptions(keep_going=True))
    assert [m.source for m in result.manifests] == ["bad/templates/ok.yaml"]
    messages = sorted(e.message for e in result.errors)
    assert messages[0].startswith("YAML parse error on bad/templates/broken.yaml")
    assert messages[1] == "execution error at (bad/templates/needs.yaml:1:6): host is required"


def test_symlinks_followed_inside_the_repo_only(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    lib = repo / "libs" / "common"
    (lib / "templates").mkdir(parents=True)
    (lib / "Chart.yaml").write_text("apiVersion: v2\nname: common\nversion: 1.0.0\ntype: library\n")
    (lib / "templates" / "_n.tpl").write_text('{{ define "common.name" }}shared-{{ .Release.Name }}{{ end }}')
    secret = tmp_path / "outside.txt"
    secret.write_text("do not read")
    chart = repo / "deploy" / "app"
    (chart / "templates").mkdir(parents=True)
    (chart / "charts").mkdir()
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: common\n    version: 1.x\n")
    (chart / "charts" / "common").symlink_to(lib, target_is_directory=True)
    (chart / "leak.txt").symlink_to(secret)
    (chart / "templates" / "cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include \"common.name\" . }}\ndata:\n  leak: {{ .Files.Get \"leak.txt\" | quote }}\n"
    )
    obj = render_chart(chart).manifests[0].objects[0]
    assert obj["metadata"]["name"] == "shared-release-name"
    assert obj["data"]["leak"] == ""
