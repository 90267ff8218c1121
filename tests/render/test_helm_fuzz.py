"""Robustness properties: mutated charts, --set strings and values files never produce anything but
a result or a RenderError/StrvalsError (no tracebacks, no hangs)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from k8sfix_tui.errors import RenderError
from k8sfix_tui.render.helm import RenderOptions, render_chart
from k8sfix_tui.render.helm_strvals import StrvalsError, parse, parse_json_into

WEBAPP = Path(__file__).parent / "charts" / "webapp"
TEMPLATES = sorted(p.name for p in (WEBAPP / "templates").iterdir())
_FRAGMENTS = ["{{", "}}", "{{-", "-}}", "{{ end }}", "{{ if .Values.x }}", "{{ range . }}", '{{ include "webapp.name" . }}',
              "\n", ": ", "- ", "---\n", "{{ toYaml .Values }}", "{{ tpl .Values.api.hostTemplate . }}", '"', "'", "\t", "|"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from(TEMPLATES),
    cut=st.floats(0, 1),
    length=st.integers(0, 40),
    insert=st.lists(st.sampled_from(_FRAGMENTS), max_size=4),
)
def test_mutated_templates_fail_cleanly(name: str, cut: float, length: int, insert: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        chart = Path(tmp) / "webapp"
        shutil.copytree(WEBAPP, chart)
        path = chart / "templates" / name
        text = path.read_text()
        at = int(cut * len(text))
        path.write_text(text[:at] + "".join(insert) + text[at + length:])
        try:
            result = render_chart(chart, RenderOptions())
        except RenderError as exc:
            assert exc.message
        else:
            assert isinstance(result.text, str)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab=.,[]{}0123\\\"' :n")), max_size=30))
def test_set_strings_parse_or_fail_cleanly(text: str) -> None:
    for fn in (lambda: parse(text), lambda: parse(text, as_string=True), lambda: parse_json_into(text, {})):
        try:
            fn()
        except StrvalsError:
            pass


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab:- \n[]{}'\"#&*!|>0.9")), max_size=60))
def test_values_files_load_or_fail_cleanly(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        values = Path(tmp) / "v.yaml"
        values.write_text(text)
        try:
            render_chart(WEBAPP, RenderOptions(values_files=[str(values)]))
        except RenderError as exc:
            assert exc.message


_CHART_YAML_PARTS = ["apiVersion: v2\n", "apiVersion: v1\n", "name: x\n", "name: [x]\n", "version: 1.0.0\n", "version: 1\n",
                     "type: library\n", "type: {}\n", "dependencies:\n", "  - name: dep\n", "    alias: a b\n", "    condition: 3\n",
                     "    tags: x\n", "    import-values: [1, {child: a}]\n", "  - 5\n", "maintainers: x\n", "annotations: [1]\n",
                     "kubeVersion: '>=banana'\n", "- list\n", ": :\n", "\t\n"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_CHART_YAML_PARTS), max_size=8))
def test_chart_yaml_variants_fail_cleanly(parts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        chart = Path(tmp) / "c"
        (chart / "templates").mkdir(parents=True)
        (chart / "Chart.yaml").write_text("".join(parts))
        (chart / "templates" / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Chart.Name | quote }}\n")
        try:
            render_chart(chart, RenderOptions(ignore_missing_dependencies=True))
        except RenderError as exc:
            assert exc.message
