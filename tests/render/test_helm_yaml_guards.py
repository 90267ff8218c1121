"""YAML the renderer must survive like helm: alias bombs are refused (goyaml's "document contains
excessive aliasing") wherever YAML is read, naming the file; a bare `=` scalar is the string "="
(PyYAML's `tag:yaml.org,2002:value` must not apply). Expectations checked against helm v3.17.2."""

from __future__ import annotations

from pathlib import Path

import pytest

from k8sfix_tui.errors import RenderError
from k8sfix_tui.render.helm import RenderOptions, render_chart
from k8sfix_tui.render.helm_funcs import from_yaml
from k8sfix_tui.render.helm_yaml import YamlLoadError, check_aliasing, go_yaml_load

EXCESSIVE = "error converting YAML to JSON: yaml: document contains excessive aliasing"


def _bomb(levels: int = 9, indent: str = "") -> str:
    lines = [f'{indent}a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, levels):
        lines.append(f"{indent}a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def _chart(root: Path, values: str = "a: 1\n", template: str = "x: {{ .Values.a }}\n", chart_extra: str = "") -> Path:
    (root / "templates").mkdir(parents=True)
    (root / "Chart.yaml").write_text(f"apiVersion: v2\nname: g\nversion: 1.0.0\n{chart_extra}")
    (root / "values.yaml").write_text(values)
    (root / "templates" / "t.yaml").write_text(template)
    return root


def test_alias_bomb_in_values_yaml(tmp_path: Path) -> None:
    with pytest.raises(RenderError) as info:
        render_chart(_chart(tmp_path / "g", values=_bomb()))
    assert info.value.message == f"cannot load values.yaml: {EXCESSIVE}"
    assert "values.yaml" in str(info.value.location)


def test_alias_bomb_in_user_values_file(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(_bomb())
    with pytest.raises(RenderError) as info:
        render_chart(_chart(tmp_path / "g"), RenderOptions(values_files=[str(bomb)]))
    assert info.value.message == f"failed to parse {bomb}: {EXCESSIVE}"


def test_alias_bomb_in_rendered_template(tmp_path: Path) -> None:
    body = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n" + _bomb(indent="  ")
    chart = _chart(tmp_path / "g", template=body)
    with pytest.raises(RenderError) as info:
        render_chart(chart)
    assert info.value.message == f"YAML parse error on g/templates/t.yaml: {EXCESSIVE}"
    result = render_chart(chart, RenderOptions(keep_going=True))
    assert [e.message for e in result.errors] == [f"YAML parse error on g/templates/t.yaml: {EXCESSIVE}"]


def test_alias_bomb_in_chart_yaml_and_from_yaml(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="cannot load Chart.yaml: .*excessive aliasing"):
        render_chart(_chart(tmp_path / "g", chart_extra="annotations:\n" + _bomb(indent="  ")))
    assert from_yaml(_bomb()) == {"Error": EXCESSIVE}
    with pytest.raises(YamlLoadError):
        go_yaml_load(_bomb())


def test_ordinary_aliases_are_fine() -> None:
    text = "base: &b {cpu: 1, mem: 2}\n" + "".join(f"s{i}: *b\n" for i in range(300)) + "m: {<<: *b, cpu: 3}\n"
    value = go_yaml_load(text)
    assert value["s299"] == {"cpu": 1, "mem": 2} and value["m"] == {"cpu": 3, "mem": 2}
    import yaml

    check_aliasing(yaml.compose("a: [1, 2, 3]\n"))  # no aliases at all


def test_bare_equals_sign_is_a_string(tmp_path: Path) -> None:
    user = tmp_path / "u.yaml"
    user.write_text("u: =\n")
    chart = _chart(
        tmp_path / "g",
        values="a: =\nb: [=, x]\n",
        template='a: {{ .Values.a | quote }}\nb: {{ .Values.b | toJson }}\nc: {{ "x: =" | fromYaml | toJson }}\n'
                 "u: {{ .Values.u | quote }}\nv: {{ .Chart.AppVersion | quote }}\nkind: =\n",
        chart_extra="appVersion: =\n",
    )
    result = render_chart(chart, RenderOptions(values_files=[str(user)]))
    assert result.text == ('---\n# Source: g/templates/t.yaml\na: "="\nb: ["=","x"]\nc: {"x":"="}\n'
                           'u: "="\nv: "="\nkind: =\n')
    assert result.values["a"] == "=" and result.manifests[0].objects[0]["kind"] == "="
