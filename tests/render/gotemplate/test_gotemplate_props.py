"""Property tests: random and mutated templates never make anything but TemplateError escape."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from k8sfix_tui.render.gotemplate import TemplateError, TemplateSet, _ensure_stack
from k8sfix_tui.render.gotemplate import lexer as L

FRAGMENTS = [
    "{{", "}}", "{{- ", " -}}", "{{/*", "*/}}", " ", "\n", "\t", ".", ".a", ".b", ".a.b", "$", "$x", "$y", ":=", "=",
    "|", "(", ")", ",", "if ", "else ", "else if ", "end", "range ", "with ", "define ", "template ", "block ",
    "break", "continue", '"x"', '"a"', "`r`", "'c'", "1", "-1", "0x1F", "1.5", "1e3", "nil", "true", "false",
    "eq ", "ne ", "lt ", "len ", "index ", "slice ", "printf ", '"%d %s %v %q"', "print ", "and ", "or ", "not ",
    "html ", "js ", "urlquery ", "call ", "upper ", "fail ", "include ", "tpl ", "text", "\\", '"', "}", "{", "-",
]

VALID = [
    '{{ define "a" }}{{ .a }}{{ end }}{{ template "a" . }}',
    "{{ range $i, $v := .l }}{{ $i }}{{ $v.b }}{{ else }}none{{ end }}",
    "{{ if and .a (eq .b 1) }}{{ .a | printf \"%v\" }}{{ else if .l }}{{ index .l 0 }}{{ end }}",
    "{{ with $x := .a }}{{ $x }}{{ $.b }}{{ end }}{{- /* c */ -}}",
    '{{ include "a" . | upper }}{{ tpl "{{ .a }}" . }}',
]

pytestmark = pytest.mark.filterwarnings("ignore:The recursion limit will not be reset")
_ensure_stack(1000)  # the engine raises Python's recursion limit once; do it before hypothesis looks

values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=True) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["a", "b", "l", "x"]), inner, max_size=3),
    max_leaves=8,
)


def make_set():
    ts = TemplateSet(max_depth=50)

    def fail(*a):
        raise ValueError("failed on purpose")

    ts.funcs.update(
        upper=lambda s: str(s).upper(),
        fail=fail,
        include=lambda name, data: ts.execute(str(name), data),
        tpl=lambda text, data: ts.render_string("gotpl", str(text), data),
    )
    ts.add("lib", '{{ define "a" }}{{ .a }}{{ end }}{{ define "loop" }}{{ include "loop" . }}{{ end }}')
    return ts


def run(ts, text, data):
    try:
        L.lex(text)
        ts.add("t", text)
        ts.execute("t", data)
        ts.execute_with_lines("t", data)
        ts.render_string("gotpl", text, data)
    except TemplateError:
        pass


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25), values)
def test_random_fragments_only_raise_template_error(frags, data):
    run(make_set(), "".join(frags), data)


@SETTINGS
@given(st.sampled_from(VALID), st.data(), values)
def test_mutated_templates_only_raise_template_error(base, draw, data):
    text = base
    for _ in range(draw.draw(st.integers(1, 4))):
        pos = draw.draw(st.integers(0, len(text)))
        op = draw.draw(st.sampled_from(["insert", "delete", "dup"]))
        if op == "insert":
            text = text[:pos] + draw.draw(st.sampled_from(FRAGMENTS + list("{}()|$.\"'`-:=, \n"))) + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + draw.draw(st.integers(1, 5)) :]
        else:
            text = text[:pos] + text[pos : pos + 8] + text[pos:]
    run(make_set(), text, data)


@SETTINGS
@given(st.text(max_size=60))
def test_arbitrary_text_only_raises_template_error(text):
    run(make_set(), text, {"a": 1, "l": [1, 2]})
