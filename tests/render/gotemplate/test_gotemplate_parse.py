"""Lexer and parser of the Go template engine: tokens, node round-trips, and Go's parse errors."""

import pytest

from k8sfix_tui.render.gotemplate import TemplateError, TemplateSet, parse_template
from k8sfix_tui.render.gotemplate import lexer as L

FUNCS = frozenset({"include", "quote", "upper", "default"})


def kinds(text):
    return [(t.kind, t.val) for t in L.lex(text) if t.kind != L.SPACE]


def test_tokens_carry_line_and_offset():
    toks = L.lex("a\n{{ .x }}\nb {{- $v := 1 -}}\n c")
    rows = [(t.kind, t.val, t.pos, t.line) for t in toks]
    assert rows == [
        (L.TEXT, "a\n", 0, 1),
        (L.LEFT, "{{", 2, 2),
        (L.SPACE, " ", 4, 2),
        (L.FIELD, ".x", 5, 2),
        (L.SPACE, " ", 7, 2),
        (L.RIGHT, "}}", 8, 2),
        (L.TEXT, "\nb", 10, 2),
        (L.LEFT, "{{", 13, 3),
        (L.VARIABLE, "$v", 17, 3),
        (L.SPACE, " ", 19, 3),
        (L.DECLARE, ":=", 20, 3),
        (L.SPACE, " ", 22, 3),
        (L.NUMBER, "1", 23, 3),
        (L.RIGHT, "}}", 26, 3),
        (L.TEXT, "c", 30, 4),
        (L.EOF, "", 31, 4),
    ]


LEX_CASES = [
    ("{{.}}", [(L.LEFT, "{{"), (L.DOT, "."), (L.RIGHT, "}}"), (L.EOF, "")]),
    ("{{.a.b}}", [(L.LEFT, "{{"), (L.FIELD, ".a"), (L.FIELD, ".b"), (L.RIGHT, "}}"), (L.EOF, "")]),
    ("{{$x.y}}", [(L.LEFT, "{{"), (L.VARIABLE, "$x"), (L.FIELD, ".y"), (L.RIGHT, "}}"), (L.EOF, "")]),
    ("{{$}}", [(L.LEFT, "{{"), (L.VARIABLE, "$"), (L.RIGHT, "}}"), (L.EOF, "")]),
    ("{{ -3 }}", [(L.LEFT, "{{"), (L.NUMBER, "-3"), (L.RIGHT, "}}"), (L.EOF, "")]),
    ("{{-3}}", [(L.LEFT, "{{"), (L.NUMBER, "-3"), (L.RIGHT, "}}"), (L.EOF, "")]),
    ("{{ 0x1F 0o7 0b1 1_000 .5 1e3 0x1p-2 }}", None),
    ("{{ 'a' '\\n' }}", [(L.LEFT, "{{"), (L.CHARCONST, "'a'"), (L.CHARCONST, "'\\n'"), (L.RIGHT, "}}"), (L.EOF, "")]),
    ('{{ "a\\"b" `c` }}', [(L.LEFT, "{{"), (L.STRING, '"a\\"b"'), (L.RAWSTRING, "`c`"), (L.RIGHT, "}}"), (L.EOF, "")]),
    ("{{ if else end range with define template block nil break continue }}", None),
    ("{{ true false }}", [(L.LEFT, "{{"), (L.BOOL, "true"), (L.BOOL, "false"), (L.RIGHT, "}}"), (L.EOF, "")]),
    ("{{ (a) | b }}", [(L.LEFT, "{{"), (L.LPAREN, "("), (L.IDENT, "a"), (L.RPAREN, ")"), (L.PIPE, "|"), (L.IDENT, "b"), (L.RIGHT, "}}"), (L.EOF, "")]),
    ("{{ $x = 1 }}", [(L.LEFT, "{{"), (L.VARIABLE, "$x"), (L.ASSIGN, "="), (L.NUMBER, "1"), (L.RIGHT, "}}"), (L.EOF, "")]),
    ("{{ , }}", [(L.LEFT, "{{"), (L.CHAR, ","), (L.RIGHT, "}}"), (L.EOF, "")]),
    ("a{{/* c */}}b", [(L.TEXT, "a"), (L.TEXT, "b"), (L.EOF, "")]),
    ("a \n{{- /* c */ -}}\n b", [(L.TEXT, "a"), (L.TEXT, "b"), (L.EOF, "")]),
]


@pytest.mark.parametrize("text,expected", LEX_CASES)
def test_lex(text, expected):
    got = kinds(text)
    if expected is None:
        assert all(k not in (L.ERROR, L.CHAR) for k, _ in got)
        if "0x1F" in text:
            assert [v for k, v in got if k == L.NUMBER] == ["0x1F", "0o7", "0b1", "1_000", ".5", "1e3", "0x1p-2"]
        else:
            assert [k for k, _ in got[1:-2]] == text[3:-3].split()
        return
    assert got == expected


LEX_ERRORS = [
    ("{{ .x", "unclosed action"),
    ("{{ \"abc }}", "unterminated quoted string"),
    ("{{ `abc }}", "unterminated raw quoted string"),
    ("{{ 'a }}", "unterminated character constant"),
    ("{{ 1x }}", 'bad number syntax: "1x"'),
    ("{{ .x@ }}", "bad character U+0040 '@'"),
    ("{{ a: }}", "expected :="),
    ("{{ ) }}", "unexpected right paren U+0029 ')'"),
    ("{{ 1-2 }}", 'bad number syntax: "1-2"'),
    ("{{ ( }}", "unclosed left paren"),
    ("{{/* x", "unclosed comment"),
    ("{{/* x */ .y }}", "comment ends before closing delimiter"),
    ("{{ \x01 }}", "unrecognized character in action: U+0001"),
]


@pytest.mark.parametrize("text,message", LEX_ERRORS)
def test_lex_errors(text, message):
    toks = L.lex(text)
    assert toks[-1].kind == L.ERROR
    assert toks[-1].val == message
    with pytest.raises(TemplateError, match="template: t:1: "):
        parse_template("t", text, FUNCS)


def test_stray_right_paren_reads_like_go():
    with pytest.raises(TemplateError, match='template: t:1: unexpected "\\)" in command'):
        parse_template("t", "{{ upper) }}", FUNCS)


ROUND_TRIP = [
    "{{.}}",
    "{{.a.b.c}}",
    "{{$x := .a}}{{$x}}",
    "{{$x = 1}}",
    "{{if .a}}A{{else}}B{{end}}",
    "{{if .a}}A{{else}}{{if .b}}B{{end}}{{end}}",
    "{{range $i, $v := .l}}{{$v}}{{else}}none{{end}}",
    "{{with .a}}{{.}}{{end}}",
    '{{template "x" .}}',
    '{{template "x"}}',
    '{{include "x" . | quote}}',
    "{{(upper .a).b}}",
    "{{upper (default .a .b)}}",
    "{{1 | printf \"%d\"}}",
    "{{nil}}",
    "{{true}} {{0x10}} {{'a'}} {{`raw`}}",
    "{{range .l}}{{break}}{{continue}}{{end}}",
    "{{$.a}}",
]


@pytest.mark.parametrize("src", ROUND_TRIP)
def test_nodes_print_back_their_source(src):
    tree = parse_template("t", src, FUNCS)
    assert str(tree.root) == src
    # and the printed form parses to the same print
    assert str(parse_template("t", str(tree.root), FUNCS).root) == src


def test_else_if_prints_as_nested_if():
    tree = parse_template("t", "{{if .a}}A{{else if .b}}B{{else}}C{{end}}", FUNCS)
    assert str(tree.root) == "{{if .a}}A{{else}}{{if .b}}B{{else}}C{{end}}{{end}}"


def test_trimmed_text_and_comments_vanish_from_tree():
    tree = parse_template("t", "a  {{- /* x */ -}}  b {{- .c -}} \n d", FUNCS)
    assert str(tree.root) == "ab{{.c}}d"


PARSE_ERRORS = [
    ("{{ if .x }}", "template: t:1: unexpected EOF"),
    ("line1\n{{ range .x }}\n\n", "template: t:4: unexpected EOF: {{range}} started at t:2 has no matching {{end}}"),
    ('{{ define "a" }}x', "unexpected EOF: {{define}} started at t:1"),
    ("{{ end }}", "template: t:1: unexpected {{end}}"),
    ("{{ else }}", "template: t:1: unexpected {{else}}"),
    ("{{ .x } }}", 'template: t:1: unexpected "}" in operand'),
    ("{{ nosuch }}", 'template: t:1: function "nosuch" not defined'),
    ("{{ $x }}", 'template: t:1: undefined variable "$x"'),
    ("{{ if $x := 1 }}{{ end }}{{ $x }}", 'undefined variable "$x"'),
    ("{{ with $x := 1 }}{{ else }}{{ $x }}{{ end }}", None),
    ("{{ break }}", "{{break}} outside {{range}}"),
    ("{{ range .x }}{{ else }}{{ continue }}{{ end }}", "{{continue}} outside {{range}}"),
    ("{{ }}", "missing value for command"),
    ("{{ if }}{{ end }}", "missing value for if"),
    ("{{ .x | 1 }}", "non executable command in pipeline stage 2"),
    ("{{ 1.x }}", "bad number syntax"),
    ('{{ "x".y }}', 'unexpected . after term "\\"x\\""'),
    ("{{ $a, $b := 1 }}", "too many declarations in command"),
    ("{{ range $a, $b, $c := 1 }}{{ end }}", "too many declarations in range"),
    ("{{ range $a, 1 }}{{ end }}", "range can only initialize variables"),
    ("{{ template .x }}", 'unexpected ".x" in template clause'),
    ("{{ template . }}", "unexpected <.> in template clause"),
    ('{{ define "a" }}{{ end }}{{ define "a" "b" }}{{ end }}', 'unexpected "\\"b\\"" in define clause'),
    ('{{ define "a" }}1{{ end }}{{ define "a" }}2{{ end }}', 'template: multiple definition of template "a"'),
    ('{{ if 1 }}{{ define "a" }}{{ end }}{{ end }}', "unexpected <define> in command"),
    ("{{ if 1 }}{{ else }}{{ else }}{{ end }}", "expected end; found {{else}}"),
    ('{{ "\\q" }}', "template: t:1: invalid syntax"),
    ("{{ 99999999999999999999 }}", "integer overflow"),
    ("{{ 'ab' }}", "malformed character constant"),
    ("{{ 0x1.0 }}", 'illegal number syntax: "0x1.0"'),
    ("{{ end 1 }}", 'unexpected "1" in end'),
    ("{{ .x\n}}{{ \"a", "template: t:2: unterminated quoted string"),
    ("{{ .x\n\n .y", "unclosed action started at t:1"),
]


@pytest.mark.parametrize("src,message", PARSE_ERRORS)
def test_parse_errors(src, message):
    if message is None:
        parse_template("t", src, FUNCS)
        return
    with pytest.raises(TemplateError) as exc:
        parse_template("t", src, FUNCS)
    assert message in str(exc.value)


def test_later_define_overrides_and_empty_does_not():
    ts = TemplateSet()
    ts.add("a", '{{ define "x" }}one{{ end }}')
    ts.add("b", '{{ define "x" }}two{{ end }}')
    assert ts.execute("x", None) == "two"
    ts.add("c", '{{ define "x" }}  {{ end }}')
    assert ts.execute("x", None) == "two"
    assert ts.names() == ["a", "b", "c", "x"]


def test_parse_is_cached_per_text():
    ts1, ts2 = TemplateSet(), TemplateSet()
    ts1.add("t", "{{ .a }}")
    ts2.add("t", "{{ .a }}")
    assert ts1._tmpl["t"] is ts2._tmpl["t"]


def test_unknown_template_execute():
    with pytest.raises(TemplateError, match='no template "zz" associated with template "gotpl"'):
        TemplateSet().execute("zz", None)
