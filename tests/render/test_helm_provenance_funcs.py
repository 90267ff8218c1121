"""Values provenance through Sprig/Helm functions: a value transformed by upper/trunc/b64enc/tpl...
keeps its values key, marked derived (`DerivedRef.via`) when the printed text differs from the value;
a value embedded in a larger string (printf, cat, join, toJson) is partial provenance; literal text
never gets a key. Each row is one ConfigMap data field of a small chart rendered once."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from k8sfix_tui.model import ValueRef
from k8sfix_tui.render.helm import DerivedRef, RenderOptions, RenderResult, derived, render_chart

VALUES = """\
env: production
name: Larkspur-App
suffix: app-
padded: "  spaced  "
image:
  repository: ghcr.io/acme/api
  tag: "1.2.3"
port: 8080
ratio: 1.5
replicas: "3"
secret: s3cr3t
host: "{{ .Release.Name }}.example.com"
plain: static.example.com
empty: ""
fallback: fb
list: [alpha, beta]
labels:
  team: core
  tier: backend
nameOverride: ""
fullnameOverride: ""
"""

# (field, template expression, whole key or None, `via` of a derived whole key or (), partial keys)
CASES: list[tuple[str, str, str | None, tuple[str, ...], list[str]]] = [
    ("upper", "{{ upper .Values.env | quote }}", "env", ("upper",), []),
    ("lower_unchanged", "{{ lower .Values.env }}", "env", (), []),
    ("title", "{{ .Values.env | title }}", "env", ("title",), []),
    ("trunc", "{{ .Values.name | trunc 4 }}", "name", ("trunc",), []),
    ("trunc_unchanged", "{{ .Values.name | trunc 63 }}", "name", (), []),
    ("chain", "{{ .Values.name | lower | trunc 4 }}", "name", ("lower", "trunc"), []),
    ("trim_suffix", '{{ .Values.suffix | trimSuffix "-" }}', "suffix", ("trimSuffix",), []),
    ("trim_prefix", '{{ .Values.image.repository | trimPrefix "ghcr.io/" }}', "image.repository", ("trimPrefix",), []),
    ("trim", "{{ .Values.padded | trim }}", "padded", ("trim",), []),
    ("replace", '{{ .Values.name | replace "-" "_" }}', "name", ("replace",), []),
    ("replace_new_text", '{{ replace "X" .Values.env "X-mode" }}', None, (), ["env"]),
    ("squote", "{{ .Values.env | squote }}", "env", (), []),
    ("quote_two", "{{ quote .Values.env .Values.fallback | squote }}", None, (), ["env", "fallback"]),
    ("to_string", "{{ .Values.port | toString | quote }}", "port", (), []),
    ("atoi", "{{ .Values.replicas | atoi }}", "replicas", (), []),
    ("int", "{{ .Values.replicas | int }}", "replicas", (), []),
    ("int_of_float", "{{ .Values.ratio | int }}", "ratio", ("int",), []),
    ("float_of_int", "{{ .Values.port | float64 }}", "port", (), []),
    ("b64enc", "{{ .Values.secret | b64enc }}", "secret", ("b64enc",), []),
    ("sha", "{{ .Values.env | sha256sum | trunc 8 }}", "env", ("sha256sum", "trunc"), []),
    ("tpl_template", "{{ tpl .Values.host . }}", "host", ("tpl",), []),
    ("tpl_plain", "{{ tpl .Values.plain . }}", "plain", (), []),
    ("default_taken", '{{ .Values.empty | default "dflt" }}', None, (), []),
    ("default_value", '{{ default "dflt" .Values.fallback | upper }}', "fallback", ("upper",), []),
    ("required", '{{ required "env!" .Values.env | upper }}', "env", ("upper",), []),
    ("coalesce", "{{ coalesce .Values.empty .Values.fallback }}", "fallback", (), []),
    ("ternary", "{{ ternary .Values.env .Values.fallback true | upper }}", "env", ("upper",), []),
    ("printf_parts", '{{ printf "%s:%s" .Values.image.repository .Values.image.tag }}', None, (),
     ["image.repository", "image.tag"]),
    ("printf_whole", '{{ printf "%s" .Values.env | upper }}', "env", ("upper",), []),
    ("printf_derived_part", '{{ printf "%s-%s" (upper .Values.env) "x" }}', None, (), ["env"]),
    ("cat", "{{ cat .Values.env .Values.fallback }}", None, (), ["env", "fallback"]),
    ("join", '{{ join "," .Values.list }}', None, (), ["list[0]", "list[1]"]),
    # toJson of a map: no leaves (charts test `contains "{{" (toJson .value)` without printing it)
    ("to_json_map", "{{ toJson .Values.labels | quote }}", None, (), []),
    ("to_json_scalar", "{{ toJson .Values.env }}", "env", (), []),
    ("nindent_scalar", "{{- .Values.env | nindent 4 }}", "env", (), []),
    ("include_upper", '{{ include "t.loud" . }}', "env", ("upper",), []),
    # a derived value printed by a helper called for an argument does not hide what the caller prints
    ("include_for_argument", '{{ include "t.box" (dict "name" .Values.fallback "img" (include "t.short" .)) }}',
     None, (), ["env", "fallback"]),
    ("literal_upper", '{{ upper "abc" }}', None, (), []),
    ("literal_printf", '{{ printf "%s-%s" "a" "b" }}', None, (), []),
    ("number_math", "{{ add1 .Values.port }}", None, (), []),
]

HELPERS = """\
{{- define "t.short" -}}
{{ .Values.env | trunc 4 }}
{{- end }}
{{- define "t.box" -}}
{{ .name }}:{{ .img }}
{{- end }}
{{- define "t.loud" -}}
{{ .Values.env | upper }}
{{- end }}
{{- define "t.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}
"""


def _chart(root: Path) -> Path:
    chart = root / "t"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: t\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text(VALUES)
    (chart / "templates" / "_helpers.tpl").write_text(HELPERS)
    data = "\n".join(f"  {name}: {expr}" for name, expr, *_ in CASES)
    (chart / "templates" / "cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include \"t.fullname\" . }}\n"
        "  labels:\n    {{- toYaml .Values.labels | nindent 4 }}\ndata:\n" + data + "\n"
    )
    (chart / "templates" / "secret.yaml").write_text(textwrap.dedent("""\
        apiVersion: v1
        kind: Secret
        metadata:
          name: s
        data:
          password: {{ .Values.secret | b64enc | quote }}
        """))
    return chart


@pytest.fixture(scope="module")
def chart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _chart(tmp_path_factory.mktemp("prov"))


@pytest.fixture(scope="module")
def result(chart: Path) -> RenderResult:
    return render_chart(chart, RenderOptions(release_name="rel"))


def _manifest(result: RenderResult, kind: str):
    return next(m for m in result.manifests if m.objects and m.objects[0]["kind"] == kind)


def _line(key: str) -> int:
    leaf = key.split(".")[-1].split("[")[0]
    return next(i + 1 for i, text in enumerate(VALUES.splitlines()) if text.lstrip().startswith(leaf + ":"))


@pytest.mark.parametrize("field,expr,key,via,partial", CASES, ids=[c[0] for c in CASES])
def test_function_provenance(result: RenderResult, field: str, expr: str, key: str | None, via: tuple[str, ...],
                             partial: list[str]) -> None:
    cm = _manifest(result, "ConfigMap")
    ref = cm.provenance.get((0, f"data.{field}"))
    if key is None:
        assert ref is None, ref
    else:
        assert ref is not None and ref.key == key
        assert ref.location.path == "values.yaml" and ref.location.line == _line(key)
        assert isinstance(ref, DerivedRef) == bool(via)
        assert getattr(ref, "via", ()) == via
    assert [r.key for r in cm.partial_provenance.get((0, f"data.{field}"), [])] == partial


def test_rendered_bytes_are_the_functions_results(result: RenderResult) -> None:
    data = _manifest(result, "ConfigMap").objects[0]["data"]
    assert data["upper"] == "PRODUCTION" and data["chain"] == "lark" and data["trim_suffix"] == "app"
    assert data["tpl_template"] == "rel.example.com" and data["b64enc"] == "czNjcjN0"
    assert data["to_json_map"] == '{"team":"core","tier":"backend"}' and data["join"] == "alpha,beta"


def test_tosubmap_leaves_keep_their_keys(result: RenderResult) -> None:
    cm = _manifest(result, "ConfigMap")
    assert cm.provenance[(0, "metadata.labels.team")] == ValueRef("labels.team", cm.provenance[(0, "metadata.labels.team")].location)
    assert cm.provenance[(0, "metadata.labels.tier")].key == "labels.tier"


def test_b64enc_secret_keeps_only_the_key(result: RenderResult) -> None:
    ref = _manifest(result, "Secret").provenance[(0, "data.password")]
    assert isinstance(ref, DerivedRef) and ref.key == "secret" and ref.via == ("b64enc",)
    dumped = repr(ref) + str(ref.to_json())
    assert "s3cr3t" not in dumped and "czNjcjN0" not in dumped
    assert ref.to_json() == {"key": "secret", "path": "values.yaml", "line": _line("secret"), "via": ["b64enc"]}


@pytest.mark.parametrize(
    "sets,name,whole,partial",
    [
        ([], "rel-t", None, []),  # built from release and chart names only: no values key
        (["nameOverride=web"], "rel-web", None, ["nameOverride"]),
        (["fullnameOverride=custom"], "custom", ("fullnameOverride", ()), []),
        (["fullnameOverride=My-Full-"], "My-Full", ("fullnameOverride", ("trimSuffix",)), []),
        (["fullnameOverride=" + "n" * 70], "n" * 63, ("fullnameOverride", ("trunc",)), []),
    ],
)
def test_include_fullname(chart: Path, sets: list[str], name: str, whole: tuple[str, tuple[str, ...]] | None,
                          partial: list[str]) -> None:
    res = render_chart(chart, RenderOptions(release_name="rel", set_values=sets))
    cm = _manifest(res, "ConfigMap")
    assert cm.objects[0]["metadata"]["name"] == name
    ref = cm.provenance.get((0, "metadata.name"))
    if whole is None:
        assert ref is None
    else:
        assert ref is not None and (ref.key, getattr(ref, "via", ())) == whole
        assert ref.location.path == "--set"
    assert [r.key for r in cm.partial_provenance.get((0, "metadata.name"), [])] == partial


def test_derived_chains_and_equality() -> None:
    from k8sfix_tui.model import Location

    base = ValueRef("a.b", Location("values.yaml", 3))
    once = derived(base, "upper")
    twice = derived(once, "trunc")
    assert (once.key, once.location, once.via) == ("a.b", base.location, ("upper",))
    assert twice.via == ("upper", "trunc") and once.via == ("upper",)
    assert once != base and isinstance(once, ValueRef)
    assert hash(twice) == hash(derived(derived(base, "upper"), "trunc"))


def _outcome(fn, args):
    try:
        return "ok", fn(*args)
    except Exception as exc:  # noqa: BLE001 - compared, not handled
        return type(exc).__name__, str(exc)


def test_wrapped_functions_return_exactly_what_the_originals_return() -> None:
    """Provenance bookkeeping never changes a function's result or error: every wrapped function,
    called with tagged and plain arguments of many types, equals the unwrapped Sprig/Helm function."""
    from k8sfix_tui.model import Location
    from k8sfix_tui.render.helm import _Runtime, _tag
    from k8sfix_tui.render.helm_funcs import PROVENANCE_MODES, helm_functions
    from k8sfix_tui.render.sprig_conv import Int64

    runtime = _Runtime([])
    raw = helm_functions(lambda *_: "", lambda *_: "")
    ref = ValueRef("k", Location("values.yaml", 1))
    samples = ["Hello-World-", "  x ", "", "a,b", "3", "1.5", 0, 7, -2, 2.5, Int64(9), True, None, {"a": "b"}, ["x", 1]]
    tagged = [_tag(v, ref) for v in samples]
    checked = 0
    for name in PROVENANCE_MODES:
        if name not in raw:
            continue
        wrapped = runtime.ts.funcs[name]
        assert wrapped is not raw[name] and wrapped.__wrapped__ is not None
        for first in (3, "-", "x"):
            for i, last in enumerate(samples):
                for arg in (last, tagged[i]):
                    args = (arg,) if name in ("upper", "lower", "b64enc") else (first, arg)
                    want, got = _outcome(raw[name], args), _outcome(wrapped, args)
                    assert want[0] == got[0] and want[1] == got[1], (name, args, want, got)
                    if want[0] == "ok":
                        assert isinstance(got[1], type(want[1])), (name, args)
                    checked += 1
    assert checked > 1000
