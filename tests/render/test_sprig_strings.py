"""Sprig string functions; expectations from the Sprig documentation (masterminds.github.io/sprig)."""

from __future__ import annotations

import pytest

from k8sfix_tui.render.gotemplate import TemplateSet
from k8sfix_tui.render.helm_funcs import helm_functions


def render(text: str, data: object = None) -> str:
    ts = TemplateSet(helm_functions(lambda n, d: "", lambda t, d: ""), no_value="")
    ts.add("t", text)
    return ts.execute("t", data)

CASES = [
    ('{{ trim "   hello    " }}', "hello"),
    ('{{ trimAll "$" "$5.00" }}', "5.00"),
    ('{{ trimSuffix "-" "hello-" }}', "hello"),
    ('{{ trimPrefix "-" "-hello" }}', "hello"),
    ('{{ upper "hello" }}', "HELLO"),
    ('{{ lower "HELLO" }}', "hello"),
    ('{{ title "hello world" }}', "Hello World"),
    ('{{ untitle "Hello World" }}', "hello world"),
    ('{{ repeat 3 "hello" }}', "hellohellohello"),
    ('{{ substr 0 5 "hello world" }}', "hello"),
    ('{{ nospace "hello w o r l d" }}', "helloworld"),
    ('{{ trunc 5 "hello world" }}', "hello"),
    ('{{ trunc -5 "hello world" }}', "world"),
    ('{{ abbrev 5 "hello world" }}', "he..."),
    ('{{ abbrevboth 5 10 "1234 5678 9123" }}', "...5678..."),
    ('{{ initials "First Try" }}', "FT"),
    ('{{ len (randAlphaNum 12) }}', "12"),
    ('{{ regexMatch "^[0-9]+$" (randNumeric 8) }}', "true"),
    ('{{ wrap 80 "short" }}', "short"),
    ('{{ wrapWith 5 "\\t" "Hello World" }}', "Hello\tWorld"),
    ('{{ contains "cat" "catch" }}', "true"),
    ('{{ hasPrefix "cat" "catch" }}', "true"),
    ('{{ hasSuffix "ch" "catch" }}', "true"),
    ('{{ quote "a" "b" }}', '"a" "b"'),
    ('{{ quote "say \\"hi\\"" }}', '"say \\"hi\\""'),
    ('{{ squote "a" }}', "'a'"),
    ('{{ cat "hello" "beautiful" "world" }}', "hello beautiful world"),
    ('{{ indent 4 "a\\nb" }}', "    a\n    b"),
    ('{{ nindent 2 "a" }}', "\n  a"),
    ('{{ "I Am Henry VIII" | replace " " "-" }}', "I-Am-Henry-VIII"),
    ('{{ plural "one anchovy" "many anchovies" 1 }}', "one anchovy"),
    ('{{ plural "one anchovy" "many anchovies" 2 }}', "many anchovies"),
    ('{{ snakecase "FirstName" }}', "first_name"),
    ('{{ camelcase "http_server" }}', "HttpServer"),
    ('{{ kebabcase "FirstName" }}', "first-name"),
    ('{{ swapcase "This Is A.Test" }}', "tHIS iS a.tEST"),
    ('{{ len (shuffle "hello") }}', "5"),
    ('{{ regexMatch "^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\\\.[A-Za-z]{2,}$" "test@acme.com" }}', "true"),
    ('{{ regexFindAll "[2,4,6,8]" "123456789" -1 }}', "[2 4 6 8]"),
    ('{{ regexFindAll "[2,4,6,8]" "123456789" 2 }}', "[2 4]"),
    ('{{ regexFind "[a-zA-Z][1-9]" "abcd1234" }}', "d1"),
    ('{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}', "-W-xxW-"),
    ('{{ regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "${1}" }}', "-${1}-${1}-"),
    ('{{ regexSplit "z+" "pizza" -1 }}', "[pi a]"),
    ('{{ regexQuoteMeta "1.2.3" }}', "1\\.2\\.3"),
    ('{{ toString 42 }}', "42"),
    ('{{ toStrings (list 1 2 3) | join "," }}', "1,2,3"),
    ('{{ splitList "$" "foo$bar$baz" }}', "[foo bar baz]"),
    ('{{ $a := split "$" "foo$bar$baz" }}{{ $a._0 }}{{ $a._2 }}', "foobaz"),
    ('{{ $a := splitn "$" 2 "foo$bar$baz" }}{{ $a._1 }}', "bar$baz"),
    ('{{ join "-" (list "a" "b" "c") }}', "a-b-c"),
    ('{{ sortAlpha (list "c" "a" "b") }}', "[a b c]"),
    ('{{ b64enc "hello" }}', "aGVsbG8="),
    ('{{ b64dec "aGVsbG8=" }}', "hello"),
    ('{{ b32enc "hello" }}', "NBSWY3DP"),
    ('{{ b32dec "NBSWY3DP" }}', "hello"),
    ('{{ sha256sum "Hello world!" }}', "c0535e4be2b79ffd93291305436bf889314e4a3faec05ecffcbb7df31ad9e51a"),
    ('{{ sha1sum "Hello world!" }}', "d3486ae9136e7856bc42212385ea797094475802"),
    ('{{ adler32sum "Hello world!" }}', "487130206"),
    ('{{ seq 5 }}', "1 2 3 4 5"),
    ('{{ seq -3 }}', "1 0 -1 -2 -3"),
    ('{{ seq 2 5 }}', "2 3 4 5"),
    ('{{ seq 0 2 10 }}', "0 2 4 6 8 10"),
    ('{{ typeOf (atoi "42") }}', "int"),
    ('{{ int "42" }} {{ int64 "0x1F" }} {{ float64 "1.5" }}', "42 31 1.5"),
    ('{{ toDecimal "0777" }}', "511"),
]


@pytest.mark.parametrize("template,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_sprig_string_functions(template: str, expected: str) -> None:
    assert render(template) == expected
