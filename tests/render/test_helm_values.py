"""--set parsing (strvals), values coalescing, YAML reading/writing as Helm does it."""

from __future__ import annotations

import pytest

from k8sfix_tui.render.helm_strvals import StrvalsError, parse, parse_json_into
from k8sfix_tui.render.helm_values import coalesce_tables
from k8sfix_tui.render.helm_yaml import go_yaml_load, load_values_text, to_yaml

STRVALS = [
    ("name=value", {"name": "value"}),
    ("long_int_string=1234567890", {"long_int_string": 1234567890}),
    ("boolean=true,nil=null,zero=0,lead=010", {"boolean": True, "nil": None, "zero": 0, "lead": "010"}),
    ("name1=value1,name2=value2", {"name1": "value1", "name2": "value2"}),
    ("leading_zeros=00009", {"leading_zeros": "00009"}),
    ("outer.inner=value", {"outer": {"inner": "value"}}),
    ("outer.middle.inner=value", {"outer": {"middle": {"inner": "value"}}}),
    ("outer.inner1=value,outer.inner2=value2", {"outer": {"inner1": "value", "inner2": "value2"}}),
    ("name1.name2=one,name1.name2=two", {"name1": {"name2": "two"}}),
    ("list[0]=foo,list[1]=bar", {"list": ["foo", "bar"]}),
    ("list[0]=foo,list[3]=bar", {"list": ["foo", None, None, "bar"]}),
    ("list[0].foo=bar,list[0].hello=world", {"list": [{"foo": "bar", "hello": "world"}]}),
    ("list[0][0]=a", {"list": [["a"]]}),
    ("name1={value1,value2}", {"name1": ["value1", "value2"]}),
    ("name1={value1,value2},name2={value1,value2}", {"name1": ["value1", "value2"], "name2": ["value1", "value2"]}),
    ("name1=one\\,two,name2=three\\,four", {"name1": "one,two", "name2": "three,four"}),
    ("name1\\.name2=value", {"name1.name2": "value"}),
    ("name=", {"name": ""}),
    ("nested.a=true,nested.b=FALSE", {"nested": {"a": True, "b": False}}),
]


@pytest.mark.parametrize("text,expected", STRVALS, ids=[c[0] for c in STRVALS])
def test_strvals_parse(text: str, expected: dict) -> None:
    assert parse(text) == expected


def test_strvals_string_and_json() -> None:
    assert parse("a=1,b=true", as_string=True) == {"a": "1", "b": "true"}
    assert parse_json_into('a={"b": [1, "x"]},c=null', {}) == {"a": {"b": [1.0, "x"]}, "c": None}
    assert parse_json_into('{"a": {"b": 2}}', {"a": {"c": 1}}) == {"a": {"c": 1, "b": 2.0}}


@pytest.mark.parametrize("text", ["name", "name1.name2", "a[-1]=x", "a[70000]=x", "a=" + "{x", ".".join("k" * 1 for _ in range(40)) + "=1"])
def test_strvals_errors(text: str) -> None:
    with pytest.raises(StrvalsError):
        parse(text)


def test_coalesce_tables_user_null_deletes_and_maps_merge() -> None:
    dst = {"a": None, "b": {"x": 1}, "c": 3}
    src = {"a": 1, "b": {"y": 2}, "d": 4}
    assert coalesce_tables(dst, src, merge=False) == {"b": {"x": 1, "y": 2}, "c": 3, "d": 4}
    kept = coalesce_tables({"a": None}, {"a": 1}, merge=True)
    assert kept == {"a": None}


YAML_IN = [
    ("a: 1\nb: 1.5\nc: yes\nd: 2001-12-14\ne: '010'\n", {"a": 1.0, "b": 1.5, "c": True, "d": "2001-12-14", "e": "010"}),
    ("1: x\ntrue: y\n", {"1": "x", "true": "y"}),
    ("base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n", {"base": {"x": 1.0}, "derived": {"x": 1.0, "y": 2.0}}),
]


@pytest.mark.parametrize("text,expected", YAML_IN)
def test_values_read_like_sigs_yaml(text: str, expected: dict) -> None:
    assert go_yaml_load(text) == expected


def test_values_lines_and_multi_document_merge() -> None:
    values, lines = load_values_text("a:\n  b: 1\n  c: [x, y]\n---\na:\n  d: 2\n")
    assert values == {"a": {"b": 1.0, "c": ["x", "y"], "d": 2.0}}
    assert lines["a.b"] == 2 and lines["a.c[1]"] == 3 and lines["a.d"] == 6


TO_YAML = [
    ({"b": 1, "a": {"c": "x"}}, "a:\n  c: x\nb: 1"),
    ({"list": [1, {"k": "v", "a": []}], "e": {}}, "e: {}\nlist:\n- 1\n- a: []\n  k: v"),
    ({"s": ["true", "1.5", "", "null", "~", "y", "0x1F", "1e3", "2001-12-14", "12:30"]},
     's:\n- "true"\n- "1.5"\n- ""\n- "null"\n- "~"\n- "y"\n- "0x1F"\n- "1e3"\n- "2001-12-14"\n- "12:30"'),
    ({"s": ["*star", "- dash", "key: val", "# hash", "a #b", "trailing ", " leading", "@at", "plain text", "a:b"]},
     "s:\n- '*star'\n- '- dash'\n- 'key: val'\n- '# hash'\n- 'a #b'\n- 'trailing '\n- ' leading'\n- '@at'\n- plain text\n- a:b"),
    ({"m": "line1\nline2"}, "m: |-\n  line1\n  line2"),
    ({"m": "line1\nline2\n"}, "m: |\n  line1\n  line2"),
    ({"m": "tab\there"}, 'm: "tab\\there"'),
    ({"f": 1.5, "i": 3.0, "big": 1e21, "small": 0.000001, "n": None, "t": True}, "big: 1e+21\nf: 1.5\ni: 3\n\"n\": null\nsmall: 1e-06\nt: true"),
    ({"key10": 1, "key9": 2, "Key": 3, "_k": 4, "a-b": 5, "ab": 6}, "_k: 4\nKey: 3\na-b: 5\nab: 6\nkey9: 2\nkey10: 1"),
    ("plain", "plain"),
    ([], "[]"),
    (None, "null"),
    ({"long": "word " * 20 + "end"}, "long: word word word word word word word word word word word word word word word word\n  word word word word end"),
]


@pytest.mark.parametrize("value,expected", TO_YAML, ids=[str(i) for i in range(len(TO_YAML))])
def test_to_yaml_matches_helm(value: object, expected: str) -> None:
    assert to_yaml(value) == expected


def test_to_yaml_swallows_unencodable_values() -> None:
    assert to_yaml({"x": float("nan")}) == ""


def test_set_file_reads_file_content(tmp_path) -> None:
    from k8sfix_tui.render.helm_strvals import parse_file_into

    conf = tmp_path / "app.conf"
    conf.write_text("listen 80\n")
    assert parse_file_into(f"cfg.main={conf}", {}, lambda p: open(p).read()) == {"cfg": {"main": "listen 80\n"}}
