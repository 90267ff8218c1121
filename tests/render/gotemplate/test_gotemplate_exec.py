"""Execution semantics of the Go template engine, as tables (template, data, expected output).

Expectations follow https://pkg.go.dev/text/template and Helm's behaviour (missingkey=zero).
"""

import pytest

from k8sfix_tui.render.gotemplate import TemplateError, TemplateSet


class Obj:
    """A Go struct stand-in: fields are attributes, methods are called."""

    Name = "obj"
    Count = 3

    def Greet(self, who):
        return "hi " + who

    def Upper(self):
        return self.Name.upper()

    def Fails(self):
        raise ValueError("method broke")


class Values(dict):
    """A Go map type with methods (like Helm's chartutil.Values)."""

    def AsMap(self):
        return dict(self)


FUNCS = {
    "upper": lambda s: s.upper(),
    "join": lambda sep, items: sep.join(str(i) for i in items),
    "boom": lambda *a: (_ for _ in ()).throw(RuntimeError("kaboom")),
    "two": lambda a, b: f"{a}{b}",
    "list": lambda *a: list(a),
    "dict": lambda *a: {a[i]: a[i + 1] for i in range(0, len(a), 2)},
    "nilf": lambda: None,
}

DATA = {
    "s": "str",
    "i": 7,
    "f": 2.5,
    "big": 1000000.0,
    "t": True,
    "n": None,
    "empty": "",
    "zero": 0,
    "l": ["a", "b", "c"],
    "nums": [3, 1, 2],
    "el": [],
    "m": {"b": 2, "a": 1, "c": {"d": "deep"}},
    "em": {},
    "o": Obj(),
    "v": Values(x=1),
    "ln": [None, 1],
}

CASES = [
    # text, comments, trimming
    ("plain text", "plain text"),
    ("a {{/* comment */}} b", "a  b"),
    ("a  {{- /* comment */ -}}  b", "ab"),
    ("a \n {{- 1 }} \n b", "a1 \n b"),
    ("a {{ 1 -}} \n\t b", "a 1b"),
    ("{{- 1 -}}", "1"),
    ("x {{-3}}", "x -3"),
    ("{{ 1 }}\n{{- 2 }}", "12"),
    # literals
    ("{{ true }} {{ false }} {{ 42 }} {{ -7 }} {{ 1.5 }}", "true false 42 -7 1.5"),
    ("{{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000_000 }}", "31 15 15 5 1000000"),
    ("{{ 1e6 }} {{ 1.0 }} {{ 1e3 }} {{ 0.000001 }} {{ 1.5e-7 }} {{ 0x1p-2 }}", "1e+06 1 1000 1e-06 1.5e-07 0.25"),
    ("{{ 'a' }} {{ '\\n' }} {{ '\\x41' }} {{ 'é' }}", "97 10 65 233"),
    ('{{ "a\\tb\\"c" }} {{ `raw\\n` }} {{ "\\u00e9" }}', 'a\tb"c raw\\n é'),
    # fields and printing
    ("{{ .s }} {{ .i }} {{ .f }} {{ .big }} {{ .t }}", "str 7 2.5 1e+06 true"),
    ("{{ .n }} {{ .missing }}", "<no value> <no value>"),
    ("{{ .l }} {{ .m }} {{ .el }} {{ .em }}", "[a b c] map[a:1 b:2 c:map[d:deep]] [] map[]"),
    ("{{ .ln }}", "[<nil> 1]"),
    ("{{ .m.c.d }} {{ .m.a }}", "deep 1"),
    ("{{ (.missing).x }}", "<no value>"),
    ("{{ (.m).c.d }}", "deep"),
    ("{{ .o.Name }} {{ .o.Count }} {{ .o.Upper }} {{ .o.Greet \"you\" }} {{ \"me\" | .o.Greet }}", "obj 3 OBJ hi you hi me"),
    ("{{ .v.x }} {{ .v.AsMap }}", "1 map[x:1]"),
    ("{{ .m }} {{ .m.c }} {{ .nums }}", "map[a:1 b:2 c:map[d:deep]] map[d:deep] [3 1 2]"),
    # variables
    ("{{ $x := 1 }}{{ $x }}", "1"),
    ("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", "2"),
    ("{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}", "21"),
    ("{{ $ := 5 }}{{ $ }}", "5"),
    ("{{ with .m }}{{ $.s }}{{ .a }}{{ end }}", "str1"),
    ("{{ $x := .m }}{{ $x.c.d }}", "deep"),
    ("{{ if $v := .s }}{{ $v }}{{ else }}{{ $v }}no{{ end }}", "str"),
    ("{{ if $v := .empty }}{{ $v }}{{ else }}[{{ $v }}]no{{ end }}", "[]no"),
    # if / else if / else
    ("{{ if .t }}y{{ end }}", "y"),
    ("{{ if .n }}y{{ else }}n{{ end }}", "n"),
    ("{{ if .zero }}y{{ else if .empty }}e{{ else if .l }}l{{ else }}z{{ end }}", "l"),
    ("{{ if .el }}y{{ else }}n{{ end }}{{ if .em }}y{{ else }}n{{ end }}{{ if 0.0 }}y{{ else }}n{{ end }}", "nnn"),
    ("{{ if .o }}struct{{ end }}", "struct"),
    # with
    ("{{ with .m.c }}{{ .d }}{{ end }}", "deep"),
    ("{{ with .missing }}x{{ else }}none{{ end }}", "none"),
    ("{{ with .empty }}a{{ else with .s }}b{{ . }}{{ else }}c{{ end }}", "bstr"),
    ("{{ with .empty }}a{{ else with .zero }}b{{ else }}c{{ end }}", "c"),
    # range
    ("{{ range .l }}{{ . }},{{ end }}", "a,b,c,"),
    ("{{ range $i, $e := .l }}{{ $i }}={{ $e }} {{ end }}", "0=a 1=b 2=c "),
    ("{{ range $e := .l }}{{ $e }}{{ end }}", "abc"),
    ("{{ range $k, $v := .m }}{{ $k }}{{ end }}", "abc"),
    ("{{ range .m }}{{ . }};{{ end }}", "1;2;map[d:deep];"),
    ("{{ range .el }}x{{ else }}empty{{ end }}", "empty"),
    ("{{ range .missing }}x{{ else }}nil{{ end }}", "nil"),
    ("{{ range 3 }}{{ . }}{{ end }}", "012"),
    ("{{ range $i := 2 }}[{{ $i }}]{{ end }}", "[0][1]"),
    ("{{ range 0 }}x{{ else }}none{{ end }}", "none"),
    ("{{ range .l }}{{ if eq . \"b\" }}{{ continue }}{{ end }}{{ . }}{{ end }}", "ac"),
    ("{{ range .l }}{{ if eq . \"b\" }}{{ break }}{{ end }}{{ . }}{{ end }}", "a"),
    ("{{ range .l }}{{ range .  | len | until }}{{ end }}{{ end }}", None),  # placeholder replaced below
    ("{{ $i := 9 }}{{ $e := 0 }}{{ range $i, $e = .l }}{{ end }}{{ $i }}{{ $e }}", "2c"),
    ("{{ range .l }}{{ $x := . }}{{ end }}{{ range .ln }}[{{ . }}]{{ end }}", "[<no value>][1]"),
    ("{{ range $i, $e := .l }}{{ $.s }}{{ end }}", "strstrstr"),
    # define / template / block
    ('{{ define "tt" }}T{{ . }}{{ end }}{{ template "tt" 1 }}{{ template "tt" }}', "T1T<no value>"),
    ('{{ define "tt" }}{{ $ }}{{ end }}{{ template "tt" .s }}', "str"),
    ('{{ block "b" .i }}B{{ . }}{{ end }}', "B7"),
    ('{{ define "rec" }}{{ if gt . 0 }}{{ . }}{{ template "rec" (sub1 .) }}{{ end }}{{ end }}{{ template "rec" 3 }}', "321"),
    # builtins
    ("{{ and 1 0 2 }} {{ and 1 2 }} {{ or 0 \"\" }} {{ or 0 \"x\" 1 }}", "0 2  x"),
    ("{{ and .missing .missing.x }}", "<no value>"),
    ("{{ or .s .missing.x }}", "str"),
    ("{{ not 0 }} {{ not 1 }} {{ not .n }} {{ not .l }}", "true false true false"),
    ("{{ len .l }} {{ len .m }} {{ len \"héllo\" }} {{ len .el }}", "3 3 6 0"),
    ("{{ index .l 1 }} {{ index .m \"a\" }} {{ index .m \"c\" \"d\" }} {{ index .m \"zz\" }}", "b 1 deep <no value>"),
    ("{{ index \"abc\" 1 }}", "98"),
    ("{{ slice .l 1 }} {{ slice .l 1 2 }} {{ slice .l }} {{ slice \"hello\" 1 3 }} {{ slice .l 0 1 2 }}", "[b c] [b] [a b c] el [a]"),
    ("{{ print 1 2 }} {{ print \"a\" \"b\" }} {{ print 1 \"a\" 2 }} {{ print nil }} {{ print .missing }}", "1 2 ab 1a2 <nil> <nil>"),
    ("{{ println 1 \"a\" }}", "1 a\n"),
    ("{{ printf \"%d-%s\" 1 \"x\" }} {{ \"y\" | printf \"%s!\" }}", "1-x y!"),
    ("{{ html \"<a href='x'>&\\\"</a>\" }}", "&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;"),
    ("{{ html .missing }}", "&lt;no value&gt;"),
    ("{{ js \"a'b\\\"c<d>&=\\n\" }}", "a\\'b\\\"c\\u003Cd\\u003E\\u0026\\u003D\\u000A"),
    ("{{ urlquery \"a b&c=d/é\" }}", "a+b%26c%3Dd%2F%C3%A9"),
    ("{{ call .fn 2 3 }}", "5"),
    # comparisons
    ("{{ eq 1 1 }} {{ eq 1 2 }} {{ eq \"a\" \"a\" }} {{ eq .i 1 2 7 }} {{ eq .i 1 2 }}", "true false true true false"),
    ("{{ eq .missing \"x\" }} {{ eq .n nil }} {{ eq .l nil }} {{ ne 1 2 }} {{ ne \"a\" \"a\" }}", "false true false true false"),
    ("{{ eq true true }} {{ eq 1.5 1.5 }} {{ eq .o .o }}", "true true true"),
    ("{{ lt 1 2 }} {{ le 2 2 }} {{ gt 3 2 }} {{ ge 1 2 }} {{ lt \"a\" \"b\" }} {{ lt 1.5 2.5 }}", "true true true false true true"),
    # functions and pipelines
    ("{{ .s | upper }}", "STR"),
    ("{{ .l | join \",\" }}", "a,b,c"),
    ("{{ join \"-\" .l | upper | printf \"%q\" }}", '"A-B-C"'),
    ("{{ (list 1 2) }} {{ (dict \"a\" 1).a }}", "[1 2] 1"),
    ("{{ two 1 (two 2 3) }}", "123"),
    ("{{ nilf }}", "<no value>"),
    ("{{ if nilf }}y{{ else }}n{{ end }}", "n"),
    ("{{ $x := list 1 2 }}{{ range $x }}{{ . }}{{ end }}", "12"),
    ("{{ .m.c | len }}", "1"),
]
CASES = [c for c in CASES if c[1] is not None]


def make_set(**kw):
    funcs = dict(FUNCS)
    funcs["sub1"] = lambda n: n - 1
    funcs["until"] = lambda n: list(range(n))
    return TemplateSet(funcs, **kw)


DATA_WITH_FN = dict(DATA, fn=lambda a, b: a + b)


@pytest.mark.parametrize("src,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_execute(src, expected):
    ts = make_set()
    ts.add("t", src)
    assert ts.execute("t", DATA_WITH_FN) == expected


ERRORS = [
    ("{{ .missing.x }}", 'template: t:1:11: executing "t" at <.missing.x>: nil pointer evaluating interface {}.x'),
    ("{{ .n.x }}", "nil pointer evaluating interface {}.x"),
    # values read from a map are Go interface values until a pipeline unwraps them
    ("{{ .s.x }}", "can't evaluate field x in type interface {}"),
    ("{{ .l.x }}", "can't evaluate field x in type interface {}"),
    ("{{ .o.Nope }}", "can't evaluate field Nope in type interface {}"),
    ("{{ (.s).x }}", "can't evaluate field x in type string"),
    ("{{ $x := .l }}{{ $x.x }}", "can't evaluate field x in type []interface {}"),
    ("{{ with .i }}{{ .x }}{{ end }}", "can't evaluate field x in type int"),
    ("{{ range .l }}{{ .x }}{{ end }}", "can't evaluate field x in type interface {}"),
    ("{{ range $e := .l }}{{ $e.x }}{{ end }}", "can't evaluate field x in type interface {}"),
    ('{{ define "d" }}{{ .x }}{{ end }}{{ range .l }}{{ template "d" . }}{{ end }}', "can't evaluate field x in type string"),
    ("{{ (.o).Nope }}", "can't evaluate field Nope in type Obj"),
    ("{{ .o.Name 1 }}", "Name has arguments but cannot be invoked as function"),
    ("{{ .m.a 1 }}", "a is not a method but has arguments"),
    ("{{ .o.Fails }}", "error calling Fails: method broke"),
    ("{{ .o.Greet }}", "wrong number of args for Greet: want 1 got 0"),
    ("{{ boom 1 }}", 'template: t:1:3: executing "t" at <boom 1>: error calling boom: kaboom'),
    ("{{ upper }}", "wrong number of args for upper: want 1 got 0"),
    ("{{ upper 1 2 }}", "wrong number of args for upper: want 1 got 2"),
    ("{{ not 1 2 }}", "wrong number of args for not: want 1 got 2"),
    ("{{ and }}", "wrong number of args for and: want at least 1 got 0"),
    ("{{ eq 1 }}", "error calling eq: missing argument for comparison"),
    ("{{ eq 1 \"1\" }}", "error calling eq: incompatible types for comparison"),
    ("{{ eq 1 1.0 }}", "error calling eq: incompatible types for comparison"),
    ("{{ lt 1 1.5 }}", "error calling lt: incompatible types for comparison"),
    ("{{ lt .n 1 }}", "error calling lt: invalid type for comparison"),
    ("{{ lt true false }}", "error calling lt: invalid type for comparison"),
    ("{{ eq .l .l }}", "non-comparable type"),
    ("{{ index .l 3 }}", "error calling index: reflect: slice index out of range"),
    ("{{ index .l 4 }}", "error calling index: index out of range: 4"),
    ("{{ index \"ab\" 2 }}", "error calling index: reflect: string index out of range"),
    ("{{ index .l -1 }}", "error calling index: index out of range: -1"),
    ("{{ index .l 1.0 }}", "error calling index: cannot index slice/array with type float64"),
    ("{{ index .missing 1 }}", "error calling index: index of untyped nil"),
    ("{{ index .m \"zz\" \"y\" }}", "error calling index: index of nil pointer"),
    ("{{ index 3 1 }}", "error calling index: can't index item of type int"),
    ("{{ slice .l 2 1 }}", "error calling slice: invalid slice index: 2 > 1"),
    ("{{ slice .l 0 9 }}", "error calling slice: index out of range: 9"),
    ("{{ slice \"abc\" 0 1 2 }}", "error calling slice: cannot 3-index slice a string"),
    ("{{ len 3 }}", "error calling len: len of type int"),
    ("{{ len .n }}", "error calling len: len of nil pointer"),
    ("{{ len nil }}", "error calling len: reflect: call of reflect.Value.Type on zero Value"),
    ("{{ len (.missing).x }}", "error calling len: reflect: call of reflect.Value.Type on zero Value"),
    ("{{ index .em 1 }}", "error calling index: value has type int; should be string"),
    ("{{ call .n }}", "error calling call: call of nil"),
    ("{{ call .s }}", "error calling call: non-function of type string"),
    ("{{ printf 1 }}", 'template: t:1:10: executing "t" at <1>: expected string; found 1'),
    ("{{ printf nil }}", "cannot assign nil to string"),
    ("{{ printf .i }}", 'executing "t" at <.i>: wrong type for value; expected string; got int'),
    ("{{ printf .missing }}", "wrong type for value; expected string; got interface {}"),
    ("{{ .i | printf }}", "wrong type for value; expected string; got int"),
    ("{{ range .f }}{{ end }}", "range can't iterate over 2.5"),
    ("{{ range $i, $e := 3 }}{{ end }}", "can't use 3 to iterate over more than one variable"),
    ('{{ template "nope" }}', 'template "nope" not defined'),
    ("{{ nil }}", "nil is not a command"),
    ("{{ \"a\" 1 }}", "can't give argument to non-function \"a\""),
    ("{{ .s | $ }}", "can't give argument to non-function $"),
    ("{{ fn }}", None),  # replaced: functions must exist at parse time
    ("{{ .fn }}", "can't print {{.fn}} of type func"),
]
ERRORS = [e for e in ERRORS if e[1] is not None]


@pytest.mark.parametrize("src,message", ERRORS, ids=[e[0][:40] for e in ERRORS])
def test_execute_errors(src, message):
    ts = make_set()
    ts.add("t", src)
    with pytest.raises(TemplateError) as exc:
        ts.execute("t", DATA_WITH_FN)
    assert message in str(exc.value)


def test_error_position_and_names_in_defines():
    ts = make_set()
    ts.funcs["include"] = lambda name, data: ts.execute(name, data)
    ts.add("chart/templates/_helpers.tpl", 'x\n{{ define "h" }}\n  {{ .a.b }}\n{{ end }}')
    ts.add("chart/templates/cm.yaml", 'k: {{ include "h" . }}')
    with pytest.raises(TemplateError) as exc:
        ts.execute("h", {})
    assert str(exc.value) == (
        'template: chart/templates/_helpers.tpl:3:7: executing "h" at <.a.b>: nil pointer evaluating interface {}.b'
    )
    assert (exc.value.template, exc.value.line, exc.value.col) == ("chart/templates/_helpers.tpl", 3, 7)
    with pytest.raises(TemplateError) as exc:
        ts.execute("chart/templates/cm.yaml", {})
    assert str(exc.value).startswith(
        'template: chart/templates/cm.yaml:1:6: executing "chart/templates/cm.yaml" at <include "h" .>: '
        "error calling include: template: chart/templates/_helpers.tpl:3:7: "
    )


def test_missing_key_modes():
    zero = make_set()
    zero.add("t", "{{ .a }}|{{ .a | printf \"%v\" }}")
    assert zero.execute("t", {}) == "<no value>|<nil>"
    helm = make_set(no_value="")
    helm.add("t", "[{{ .a }}]")
    assert helm.execute("t", {}) == "[]"
    strict = make_set(strict_missing=True)
    strict.add("t", "{{ .a }}")
    with pytest.raises(TemplateError, match='map has no entry for key "a"'):
        strict.execute("t", {})
    strict.add("u", "{{ (.a).b }}")
    with pytest.raises(TemplateError, match="map has no entry for key"):
        strict.execute("u", {})


def test_nil_data_and_dollar():
    ts = make_set()
    ts.add("t", "{{ . }}|{{ $ }}|{{ .x }}")
    assert ts.execute("t", None) == "<no value>|<no value>|<no value>"


def test_values_keep_identity_through_pipelines():
    class Tagged(str):
        pass

    seen = []
    ts = TemplateSet({"id": lambda v: v}, emit_hook=lambda v, text: seen.append((v, text)))
    ts.add("t", "{{ .a | id }} {{ .b }} {{ .missing }}")
    a = Tagged("x")
    assert ts.execute("t", {"a": a, "b": 2}) == "x 2 <no value>"
    assert seen[0][0] is a and seen[0][1] is a
    assert seen[1] == (2, "2")
    assert seen[2] == (None, "<no value>")


def test_user_funcs_override_builtins_and_can_be_added_later():
    ts = TemplateSet({"len": lambda v: "mine"})
    ts.add("t", "{{ len 1 }}")
    assert ts.execute("t", None) == "mine"
    ts.funcs["later"] = lambda: "L"
    ts.add("u", "{{ later }}")
    assert ts.execute("u", None) == "L"


def test_break_continue_are_functions_when_defined():
    ts = TemplateSet({"break": lambda: "B"})
    ts.add("t", "{{ break }}")
    assert ts.execute("t", None) == "B"


def test_go_type_hook_for_special_number_types():
    class Int64(int):
        __go_type__ = "int64"

    ts = TemplateSet()
    ts.add("t", '{{ printf "%T %v %d" .n .n .n }} {{ eq .n 5 }} {{ lt .n 9 }}')
    assert ts.execute("t", {"n": Int64(5)}) == "int64 5 5 true true"


def test_block_is_overridden_by_a_later_define():
    """The text/template doc's block example: a later {{define}} replaces the block's default body."""
    ts = TemplateSet({"join": lambda sep, items: sep.join(items)})
    ts.add("master", 'Names:{{block "list" .}}{{"\\n"}}{{range .}}{{println "-" .}}{{end}}{{end}}')
    assert ts.execute("master", ["Gamora", "Groot", "Nebula"]) == "Names:\n- Gamora\n- Groot\n- Nebula\n"
    ts.add("overlay", '{{define "list"}} {{join ", " .}}{{end}} ')
    assert ts.execute("master", ["Gamora", "Groot", "Nebula"]) == "Names: Gamora, Groot, Nebula"


def test_templates_do_not_see_the_callers_variables():
    ts = TemplateSet()
    with pytest.raises(TemplateError, match='undefined variable "\\$x"'):
        ts.add("t", '{{ $x := 1 }}{{ define "d" }}{{ $x }}{{ end }}')


def test_strings_are_bytes_for_len_index_and_slice():
    ts = TemplateSet()
    ts.add("t", '{{ len "日本" }} {{ index "é" 0 }} {{ slice "日本" 0 3 }} {{ printf "%x" "é" }}')
    assert ts.execute("t", None) == "6 195 日 c3a9"
