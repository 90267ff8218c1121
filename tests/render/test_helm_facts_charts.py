"""facts/charts.render_objects keeps what renders: a broken template or a dependency missing from
charts/ becomes a SourceError (template file:line / Chart.yaml) while the other objects remain."""

from __future__ import annotations

from pathlib import Path

from k8sfix_tui.facts.charts import RenderRequest, read_chart, render_objects

GOOD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  size: {{ .Values.size | quote }}\n"


def _repo(tmp_path: Path, templates: dict[str, str], deps: str = "") -> tuple[Path, list[str]]:
    chart = tmp_path / "deploy" / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(f"apiVersion: v2\nname: c\nversion: 1.0.0\n{deps}")
    (chart / "values.yaml").write_text("size: 10Gi\n")
    for name, text in templates.items():
        (chart / "templates" / name).write_text(text)
    files = sorted(str(p.relative_to(tmp_path)) for p in chart.rglob("*") if p.is_file())
    return tmp_path, files


def _render(root: Path, files: list[str]):
    errors: list = []
    chart = read_chart(root, "deploy/c", files, errors)
    assert chart is not None and not errors
    return render_objects(root, chart, RenderRequest("rel", "default", [], [], []), "chart deploy/c")


def test_broken_template_and_missing_dependency_keep_the_rest(tmp_path: Path) -> None:
    root, files = _repo(tmp_path, {
        "good.yaml": GOOD,
        "bad.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ required \"set token\" .Values.token }}\n",
    }, deps="dependencies:\n  - name: redis\n    version: 1.x\n    repository: https://charts.example.com\n")
    objects, errors = _render(root, files)
    assert [(o.kind, o.name) for o in objects] == [("ConfigMap", "rel-cm")]
    assert objects[0].provenance["data.size"].key == "size"
    by_path = {(e.location.path, e.location.line): e.message for e in errors}
    assert "set token" in by_path[("deploy/c/templates/bad.yaml", 4)]
    assert "redis" in by_path[("deploy/c/Chart.yaml", 1)]


def test_invalid_yaml_output_is_one_error(tmp_path: Path) -> None:
    root, files = _repo(tmp_path, {"good.yaml": GOOD, "broken.yaml": "a: [\n"})
    objects, errors = _render(root, files)
    assert [o.name for o in objects] == ["rel-cm"]
    assert len(errors) == 1 and errors[0].location.path == "deploy/c/templates/broken.yaml"
    assert "YAML parse error" in errors[0].message
