"""Helm engine semantics (expectations from Helm's pkg/engine tests): include by file name,
tpl with .Template, defines redefined inside tpl stay local, required/fail wording, parse order
(parent defines win over subchart defines), Subcharts, IsRoot, Capabilities defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from k8sfix_tui.errors import RenderError
from k8sfix_tui.render.helm import RenderOptions, render_chart


def _chart(root: Path, name: str, templates: dict[str, str], values: str = "", extra: str = "") -> Path:
    (root / "templates").mkdir(parents=True, exist_ok=True)
    (root / "Chart.yaml").write_text(f"apiVersion: v2\nname: {name}\nversion: 0.1.0\n{extra}")
    (root / "values.yaml").write_text(values)
    for fname, text in templates.items():
        (root / "templates" / fname).write_text(text)
    return root


def _rendered(result) -> dict[str, str]:
    """Each document as the engine rendered it: helm 3 prints documents trimmed, and every
    template here ends in exactly one newline, so that newline is put back."""
    return {m.source: m.text + "\n" for m in result.manifests}


def test_include_by_file_name_and_tpl_sees_template(tmp_path: Path) -> None:
    chart = _chart(tmp_path / "c", "conrad", {
        "quote.yaml": 'a: {{ include "conrad/templates/_partial.tpl" . | trim | quote }}\n'
                      'b: {{ tpl "{{ .Template.Name }}" . }}\n'
                      'c: {{ tpl "{{ .Template.BasePath }}" . }}\n'
                      'd: {{ tpl "{{ .Values.v | quote }}" . }}\n',
        "_partial.tpl": "{{ .Release.Name }} - he",
    }, values="v: myvalue\n")
    out = _rendered(render_chart(chart, RenderOptions(release_name="kurtz")))["conrad/templates/quote.yaml"]
    assert out == 'a: "kurtz - he"\nb: conrad/templates/quote.yaml\nc: conrad/templates\nd: "myvalue"\n'


def test_tpl_redefinitions_stay_local(tmp_path: Path) -> None:
    values = (
        "partialText: '{{define \"partial\"}}redefined-in-tpl{{end}}tpl: {{include \"partial\" .}}'\n"
    )
    chart = _chart(tmp_path / "c", "redef", {
        "_partials.tpl": '{{define "partial"}}original-in-partial{{end}}',
        "partial.yaml": 'x: |\n  before: {{include "partial" .}}\n  {{tpl .Values.partialText .}}\n  after: {{include "partial" .}}\n',
    }, values=values)
    out = _rendered(render_chart(chart))["redef/templates/partial.yaml"]
    assert out == "x: |\n  before: original-in-partial\n  tpl: redefined-in-tpl\n  after: original-in-partial\n"


@pytest.mark.parametrize(
    "template,expected",
    [
        ('{{required "foo is required" .Values.foo}}', "execution error at (e/templates/t.yaml:1:2): foo is required"),
        ('{{required ":this: message: has many: colons:" .Values.foo}}',
         "execution error at (e/templates/t.yaml:1:2): :this: message: has many: colons:"),
        ('{{ $e := "" }}\n{{ $m := "abc" }}\n{{- required (printf "%s: something is missing" $m) $e | repeat 0 }}',
         "execution error at (e/templates/t.yaml:3:4): abc: something is missing"),
        ('All your base are belong to us{{ fail "This is an error" }}', "execution error at (e/templates/t.yaml:1:33): This is an error"),
    ],
)
def test_required_and_fail_wording(tmp_path: Path, template: str, expected: str) -> None:
    chart = _chart(tmp_path / "e", "e", {"t.yaml": template})
    with pytest.raises(RenderError) as info:
        render_chart(chart)
    assert info.value.message == expected


def test_parent_defines_win_and_subcharts_see_their_scope(tmp_path: Path) -> None:
    parent = _chart(tmp_path / "p", "parent", {
        "_h.tpl": '{{ define "shared.name" }}from-parent{{ end }}',
        "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p\ndata:\n"
                   "  sub: {{ .Subcharts.child.Values.x | quote }}\n  root: {{ .Chart.IsRoot | quote }}\n"
                   "  kube: {{ .Capabilities.KubeVersion.Version }}\n  has: {{ .Capabilities.APIVersions.Has \"apps/v1\" | quote }}\n",
    }, values="child:\n  x: set-by-parent\n", extra="dependencies:\n  - name: child\n    version: 0.1.0\n")
    _chart(parent / "charts" / "child", "child", {
        "_h.tpl": '{{ define "shared.name" }}from-child{{ end }}',
        "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n"
                   "  name: {{ include \"shared.name\" . }}\n  x: {{ .Values.x }}\n  root: {{ .Chart.IsRoot | quote }}\n",
    }, values="x: child-default\n")
    out = _rendered(render_chart(parent))
    assert "name: from-parent" in out["parent/charts/child/templates/cm.yaml"]  # parsed last, parent wins
    assert "x: set-by-parent" in out["parent/charts/child/templates/cm.yaml"]
    assert 'root: "false"' in out["parent/charts/child/templates/cm.yaml"]
    parent_cm = out["parent/templates/cm.yaml"]
    assert 'sub: "set-by-parent"' in parent_cm and 'root: "true"' in parent_cm
    assert "kube: v1.32.0" in parent_cm and 'has: "true"' in parent_cm


def test_values_are_float64_like_helm(tmp_path: Path) -> None:
    chart = _chart(tmp_path / "f", "f", {
        "t.yaml": "a: {{ .Values.big }}\nb: {{ .Values.small }}\nc: {{ kindOf .Values.small }}\n"
                  "d: {{ .Values.big | int64 }}\ne: {{ toYaml .Values.big }}\nf: {{ .Values.flag }}\n",
    }, values="big: 1000000\nsmall: 3\nflag: yes\n")
    out = _rendered(render_chart(chart, RenderOptions(set_values=["small=3"])))["f/templates/t.yaml"]
    assert out == "a: 1e+06\nb: 3\nc: int64\nd: 1000000\ne: 1000000\nf: true\n"
    out = _rendered(render_chart(chart))["f/templates/t.yaml"]
    assert "c: float64" in out


def test_missing_values_print_empty_and_nested_missing_is_nil_error(tmp_path: Path) -> None:
    chart = _chart(tmp_path / "m", "m", {"t.yaml": "a: '{{ .Values.nope }}'\nb: '{{ .Values.nested.nope }}'\n"}, values="nested: {}\n")
    assert _rendered(render_chart(chart))["m/templates/t.yaml"] == "a: ''\nb: ''\n"
