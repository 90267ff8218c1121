"""Go named types built on basic types (`type VersionSet []string` with methods): exported
methods resolve, builtin Python attributes never do, range/index/len work, %T names the type,
and `__go_sprint__` gives fmt's view of a copy while an action prints String()."""

from __future__ import annotations

import pytest

from k8sfix_tui.render.gotemplate import TemplateError, TemplateSet
from k8sfix_tui.render.sprig import sprig_functions
from k8sfix_tui.render.sprig_conv import Int64


class Names(list):
    __go_type__ = "pkg.Names"

    def Has(self, name):  # noqa: N802
        return name in self

    def Upper(self):  # noqa: N802
        return [s.upper() for s in self]


class Version:
    def __init__(self, v: str) -> None:
        self.Version = v

    def __str__(self) -> str:
        return "v" + self.Version

    def __go_sprint__(self) -> str:
        return "{" + self.Version + "}"


def run(src: str, data: object) -> str:
    ts = TemplateSet(sprig_functions())
    ts.add("t", src)
    return ts.execute("t", data)


@pytest.mark.parametrize(
    "src,expected",
    [
        ('{{ .n.Has "b" }} {{ .n.Has "z" }}', "true false"),
        ("{{ range $i, $v := .n }}{{ $i }}{{ $v }},{{ end }}", "0a,1b,"),
        ("{{ range .n }}[{{ . }}]{{ end }}", "[a][b]"),
        ("{{ len .n }} {{ index .n 1 }} {{ .n }}", "2 b [a b]"),
        ("{{ .n.Upper }}", "[A B]"),
        ('{{ printf "%T" .n }}', "pkg.Names"),
        ('{{ printf "%T %T %T" .i (add 1 2) 3 }}', "int64 int64 int"),
        ('{{ typeOf .i }} {{ kindOf .i }}', "int64 int64"),
        ("{{ .v }}|{{ printf \"%v %s\" .v .v }}|{{ .v | print }}|{{ list .v }}", "v1.2|{1.2} {1.2}|{1.2}|[{1.2}]"),
    ],
)
def test_named_types(src: str, expected: str) -> None:
    assert run(src, {"n": Names(["a", "b"]), "i": Int64(4), "v": Version("1.2")}) == expected


@pytest.mark.parametrize("field", ["append", "copy", "Count", "Index"])
def test_builtin_list_attributes_are_not_fields(field: str) -> None:
    with pytest.raises(TemplateError, match=f"can.t evaluate field {field} in type interface"):
        run("{{ .n.%s }}" % field, {"n": Names(["a"])})
    with pytest.raises(TemplateError, match=f"can't evaluate field {field}"):
        run("{{ .n.%s }}" % field, {"n": ["a"]})
