"""Smoke tests of the public API of the Go template engine (the table tests live beside)."""

import pytest

from k8sfix_tui.errors import TemplateError as K8sfixTemplateError
from k8sfix_tui.render.gotemplate import TemplateError, TemplateSet


def test_api_round_trip():
    ts = TemplateSet({"upper": lambda s: s.upper()})
    ts.add("chart/templates/a.yaml", '{{ define "x" }}X={{ . | upper }}{{ end }}a: {{ template "x" .v }}')
    assert ts.has("x") and ts.has("chart/templates/a.yaml") and not ts.has("nope")
    assert ts.names() == ["chart/templates/a.yaml", "x"]
    assert ts.execute("chart/templates/a.yaml", {"v": "hi"}) == "a: X=HI"
    assert ts.execute("x", "yo") == "X=YO"


def test_errors_are_k8sfix_template_errors():
    ts = TemplateSet()
    with pytest.raises(TemplateError) as e:
        ts.add("t", "{{ nosuch }}")
    assert isinstance(e.value, K8sfixTemplateError)
    assert str(e.value) == 'template: t:1: function "nosuch" not defined'
