"""Sprig list, dict and math functions; expectations from the Sprig documentation."""

from __future__ import annotations

import pytest

from k8sfix_tui.render.gotemplate import TemplateError, TemplateSet
from k8sfix_tui.render.helm_funcs import helm_functions


def render(text: str, data: object = None) -> str:
    ts = TemplateSet(helm_functions(lambda n, d: "", lambda t, d: ""), no_value="")
    ts.add("t", text)
    return ts.execute("t", data)


LISTS = [
    ("{{ list 1 2 3 }}", "[1 2 3]"),
    ("{{ first (list 1 2 3) }}", "1"),
    ("{{ rest (list 1 2 3) }}", "[2 3]"),
    ("{{ last (list 1 2 3) }}", "3"),
    ("{{ initial (list 1 2 3) }}", "[1 2]"),
    ("{{ append (list 1 2 3) 6 }}", "[1 2 3 6]"),
    ("{{ prepend (list 1 2 3) 0 }}", "[0 1 2 3]"),
    ("{{ concat (list 1 2 3) (list 4 5) (list 6) }}", "[1 2 3 4 5 6]"),
    ("{{ reverse (list 1 2 3) }}", "[3 2 1]"),
    ("{{ uniq (list 1 1 1 2 2 2) }}", "[1 2]"),
    ("{{ without (list 1 2 3 4) 1 3 }}", "[2 4]"),
    ("{{ has 4 (list 1 2 3 4) }}", "true"),
    ('{{ compact (list 1 "a" "foo" "") }}', "[1 a foo]"),
    ("{{ slice (list 1 2 3 4 5) 1 3 }}", "[2 3]"),
    ("{{ slice (list 1 2 3 4 5) 3 }}", "[4 5]"),
    ("{{ chunk 3 (list 1 2 3 4 5 6 7 8) }}", "[[1 2 3] [4 5 6] [7 8]]"),
    ("{{ until 5 }}", "[0 1 2 3 4]"),
    ("{{ untilStep 3 6 2 }}", "[3 5]"),
    ("{{ first (list) }}", ""),
]

DICTS = [
    ('{{ $d := dict "name1" "value1" "name2" "value2" }}{{ $d.name2 }}', "value2"),
    ('{{ get (dict "a" 1) "a" }}|{{ get (dict "a" 1) "b" }}', "1|"),
    ('{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ $d }}', "map[a:1 b:2]"),
    ('{{ $d := dict "a" 1 "b" 2 }}{{ $_ := unset $d "a" }}{{ $d }}', "map[b:2]"),
    ('{{ hasKey (dict "a" 1) "a" }}', "true"),
    ('{{ pluck "name1" (dict "name1" "value1") (dict "name2" "x") (dict "name1" "value3") }}', "[value1 value3]"),
    ('{{ dig "user" "role" "humanName" "guest" (dict "user" (dict "role" (dict "humanName" "curator"))) }}', "curator"),
    ('{{ dig "user" "missing" "guest" (dict "user" (dict)) }}', "guest"),
    (
        '{{ $dst := dict "default" "default" "overwrite" "me" "key" "true" }}'
        '{{ $src := dict "overwrite" "overwritten" "key" "false" }}{{ merge $dst $src }}',
        "map[default:default key:true overwrite:me]",
    ),
    (
        '{{ $dst := dict "default" "default" "overwrite" "me" "key" true }}'
        '{{ $src := dict "overwrite" "overwritten" "key" false }}{{ mergeOverwrite $dst $src }}',
        "map[default:default key:false overwrite:overwritten]",
    ),
    ('{{ $d := merge (dict "a" (dict "x" 1)) (dict "a" (dict "y" 2)) }}{{ $d.a }}', "map[x:1 y:2]"),
    ('{{ keys (dict "b" 1 "a" 2) | sortAlpha }}', "[a b]"),
    ('{{ pick (dict "a" 1 "b" 2 "c" 3) "a" "c" }}', "map[a:1 c:3]"),
    ('{{ omit (dict "a" 1 "b" 2 "c" 3) "a" "c" }}', "map[b:2]"),
    ('{{ values (dict "a" 1) }}', "[1]"),
    ('{{ $a := dict "x" (list 1) }}{{ $b := deepCopy $a }}{{ $_ := set $b "y" 2 }}{{ $a }}', "map[x:[1]]"),
]

MATH = [
    ("{{ add 1 2 3 }}", "6"),
    ("{{ add1 5 }}", "6"),
    ("{{ sub 5 3 }}", "2"),
    ("{{ div 7 2 }}", "3"),
    ("{{ div -7 2 }}", "-3"),
    ("{{ mod 7 3 }}", "1"),
    ("{{ mod -7 3 }}", "-1"),
    ("{{ mul 2 3 4 }}", "24"),
    ("{{ max 1 5 3 }}", "5"),
    ("{{ min 4 2 8 }}", "2"),
    ("{{ floor 123.9999 }}", "123"),
    ("{{ ceil 123.001 }}", "124"),
    ("{{ round 123.555555 3 }}", "123.556"),
    ("{{ addf 1.5 2 2 }}", "5.5"),
    ("{{ subf 7.5 2 3 }}", "2.5"),
    ("{{ mulf 1.5 2 2 }}", "6"),
    ("{{ divf 10 4 }}", "2.5"),
    ("{{ maxf 1 2.5 3 }}", "3"),
    ("{{ minf 1.5 2 3 }}", "1.5"),
    ('{{ add "3" 4 }}', "7"),
    ("{{ typeOf (add 1 2) }}|{{ kindOf (add1 1) }}", "int64|int64"),
]


@pytest.mark.parametrize("template,expected", LISTS + DICTS + MATH, ids=[c[0][:45] for c in LISTS + DICTS + MATH])
def test_sprig_collection_and_math_functions(template: str, expected: str) -> None:
    assert render(template) == expected


@pytest.mark.parametrize(
    "template,needle",
    [
        ("{{ until 100000000 }}", "limit"),
        ("{{ untilStep 0 100000000 1 }}", "limit"),
        ("{{ seq 100000000 }}", "limit"),
        ("{{ div 1 0 }}", "divide by zero"),
        ('{{ first "abc" }}', "Cannot find first"),
        ('{{ slice (list 1 2) 1 5 }}', "out of range"),
        ("{{ list 1 | chunk 0 }}", "chunk size"),
    ],
)
def test_sprig_bad_calls_fail_clearly(template: str, needle: str) -> None:
    with pytest.raises(TemplateError) as info:
        render(template)
    assert needle in str(info.value)
    assert "\n" not in str(info.value)
