"""execute_with_lines, render_string (Helm's tpl), nested depth limits and the emit hook."""

import threading

import pytest

from k8sfix_tui.render.gotemplate import TemplateDepthError, TemplateError, TemplateSet


def helm_like():
    ts = TemplateSet(no_value="")
    ts.funcs.update(
        include=lambda name, data: ts.execute(name, data),
        tpl=lambda text, data: ts.render_string("gotpl", text, data),
        nindent=lambda n, s: "\n" + "\n".join(" " * n + line for line in s.split("\n")),
        toYaml=lambda d: "\n".join(f"{k}: {v}" for k, v in d.items()),
    )
    ts.add(
        "chart/templates/_helpers.tpl",
        '{{- define "labels" -}}\napp: {{ .name }}\nteam: core\n{{- end }}\n'
        '{{- define "loop" }}{{ include "loop" . }}{{ end }}',
    )
    return ts


DEPLOY = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    {{- include "labels" . | nindent 4 }}
spec:
  {{- if .replicas }}
  replicas: {{ .replicas }}
  {{- end }}
  template:
{{ template "labels" . }}

  extra:
    {{- toYaml .extra | nindent 4 }}
"""


def test_execute_with_lines_maps_output_lines_to_template_lines():
    ts = helm_like()
    ts.add("chart/templates/deploy.yaml", DEPLOY)
    out, lines = ts.execute_with_lines("chart/templates/deploy.yaml", {"name": "web", "replicas": 2, "extra": {"a": 1, "b": 2}})
    assert out.split("\n") == [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        "  labels:",
        "    app: web",
        "    team: core",
        "spec:",
        "  replicas: 2",
        "  template:",
        "app: web",
        "team: core",
        "",
        "  extra:",
        "    a: 1",
        "    b: 2",
        "",
    ]
    assert lines == [1, 2, 3, 4, 5, 5, 6, 8, 10, 11, 11, 12, 13, 14, 14]
    assert len(lines) == out.count("\n")


def test_lines_without_trailing_newline_and_empty_output():
    ts = TemplateSet()
    ts.add("a", "x\n{{ .v }}")
    assert ts.execute_with_lines("a", {"v": "1\n2"}) == ("x\n1\n2", [1, 2, 2])
    ts.add("b", "{{ if false }}x{{ end }}")
    assert ts.execute_with_lines("b", None) == ("", [])
    ts.add("c", "  \n{{ .v }}\n")
    assert ts.execute_with_lines("c", {"v": 1}) == ("  \n1\n", [1, 2])


def test_render_string_sees_set_defines_and_its_own_only_while_running():
    ts = helm_like()
    assert ts.render_string("gotpl", '{{ include "labels" . }}', {"name": "n"}) == "app: n\nteam: core"
    out = ts.render_string("gotpl", '{{ define "labels" }}mine{{ end }}{{ include "labels" . }}', {})
    assert out == "mine"
    assert ts.execute("labels", {"name": "n"}) == "app: n\nteam: core"
    assert not ts.has("gotpl")
    ts.add("v", "{{ tpl .t . }}")
    assert ts.execute("v", {"t": "{{ .x }}-{{ tpl .u . }}", "u": "{{ .x }}", "x": 5}) == "5-5"
    with pytest.raises(TemplateError, match="template: gotpl:1: unexpected EOF"):
        ts.render_string("gotpl", "{{ if 1 }}", {})


def test_recursion_hits_the_depth_limit_not_python():
    ts = helm_like()
    with pytest.raises(TemplateDepthError, match="exceeded max depth"):
        ts.execute("loop", {})
    ts.add("t", '{{ define "self" }}{{ template "self" . }}{{ end }}{{ template "self" . }}')
    with pytest.raises(TemplateDepthError, match=r"exceeded max depth \(1000\)"):
        ts.execute("t", {})


def test_depth_counts_per_thread():
    ts = helm_like()
    errors = []

    def worker():
        try:
            ts.execute("loop", {})
        except TemplateDepthError as e:
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 3
    assert ts._depth() == 0


def test_limited_depth_allows_exactly_max_depth_levels():
    ts = TemplateSet({"dec": lambda n: n - 1}, max_depth=5)
    ts.add("t", '{{ define "d" }}{{ if . }}x{{ template "d" (dec .) }}{{ end }}{{ end }}{{ template "d" .n }}')
    assert ts.execute("t", {"n": 3}) == "xxx"
    with pytest.raises(TemplateDepthError):
        ts.execute("t", {"n": 10})


def test_no_value_replacement_only_on_outermost_output():
    ts = helm_like()
    ts.funcs["quote"] = lambda s: '"' + str(s) + '"'
    ts.add("q", '{{ include "n" . | quote }}{{ define "n" }}{{ .missing }}{{ end }}')
    assert ts.execute("q", {}) == '""'
    plain = TemplateSet()
    plain.add("q", "{{ .missing }}")
    assert plain.execute("q", {}) == "<no value>"
