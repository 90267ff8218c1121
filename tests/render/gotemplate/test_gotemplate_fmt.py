"""Go fmt rules used by print/printf and by value printing, as a table (format, args, expected)."""

import pytest

from k8sfix_tui.render.gotemplate import TemplateSet
from k8sfix_tui.render.gotemplate.gofmt import sprint, sprintf, sprintln
from k8sfix_tui.render.gotemplate.values import format_float_g, format_v

SPRINTF = [
    ("%v %v %v %v", [1, "a", True, None], "1 a true <nil>"),
    ("%s|%5s|%-5s|%.2s", ["x", "ab", "cd", "abc"], "x|   ab|cd   |ab"),
    ("%d|%5d|%-5d|%05d|%05d|%+d|% d", [1, 42, 42, 42, -42, 5, 5], "1|   42|42   |00042|-0042|+5| 5"),
    ("%x|%X|%#x|%o|%#o|%O|%b|%x", [255, 255, 255, 8, 8, 8, 5, -255], "ff|FF|0xff|10|010|0o10|101|-ff"),
    ("%c|%q|%U|%#U", [65, 120, 0x1F600, 65], "A|'x'|U+1F600|U+0041 'A'"),
    ("%q|%+q|%#q", ["a\nb\"", "é", "raw"], '"a\\nb\\""|"\\u00e9"|`raw`'),
    ("%x|% x|%X", ["hi", "hi", "hi"], "6869|68 69|6869"),
    ("%f|%.2f|%5.1f|%8.3f|%08.3f", [1.5, 3.14159, 3.14159, -3.14159, -3.14159], "1.500000|3.14|  3.1|  -3.142|-003.142"),
    ("%e|%E|%.2e|%+.1e", [1234.5678, 1234.5678, 1234.5678, 12345.0], "1.234568e+03|1.234568E+03|1.23e+03|+1.2e+04"),
    ("%g|%g|%g|%.3g|%.3g|%G", [0.000012345, 100000.0, 1e21, 1234.5678, 1.0, 1e-7], "1.2345e-05|100000|1e+21|1.23e+03|1|1E-07"),
    ("%v|%v|%v|%v|%v", [1e6, 123456789.0, 0.5, -0.0, 3.0], "1e+06|1.23456789e+08|0.5|-0|3"),
    ("%v|%f|%v", [float("inf"), float("-inf"), float("nan")], "+Inf|-Inf|NaN"),
    ("%t|%5t", [True, False], "true|false"),
    ("%T %T %T %T %T %T %T", [1, "s", 1.5, [1], {"a": 1}, None, True], "int string float64 []interface {} map[string]interface {} <nil> bool"),
    ("%d", ["x"], "%!d(string=x)"),
    ("%s", [1], "%!s(int=1)"),
    ("%d", [1.5], "%!d(float64=1.5)"),
    ("%t", [1], "%!t(int=1)"),
    ("%s|%d", [None, None], "%!s(<nil>)|%!d(<nil>)"),
    ("%z", [1], "%!z(int=1)"),
    ("%d %d", [1], "1 %!d(MISSING)"),
    ("%d", [1, 2, "x"], "1%!(EXTRA int=2, string=x)"),
    ("100%", [], "100%!(NOVERB)"),
    ("%%|%5.1f%%", [99.5], "%| 99.5%"),
    ("%*d|%-*d|%.*f", [5, 42, 5, 42, 2, 3.14159], "   42|42   |3.14"),
    ("%[2]d %[1]d", [1, 2], "2 1"),
    ("%v|%d|%s|%q", [[1, "a"], [1, 2], ["a", "b"], ["a"]], '[1 a]|[1 2]|[a b]|["a"]'),
    ("%v|%v", [{"b": 1, "a": [1, 2]}, {}], "map[a:[1 2] b:1]|map[]"),
    ("%5v", [[1, 2]], "[    1     2]"),
    ("%s|%d", [[1, None], {"a": None}], "[%!s(int=1) <nil>]|map[%!d(string=a):<nil>]"),
    ("%99999999d", [1], "%!(BADWIDTH)1"),
    # checked against Go: bad verbs print the value with the same flags; %+v drops the sign
    ("% 5s|%-12.2t|%+q", [0, 1, 1.5], "%!s(int=    0)|%!t(int=01          )|%!q(float64=+1.5)"),
    ("%+5v|%+v|%.0x|%+.0d", [1.0, -2, 0, 0], "    1|-2||"),
    ("%b|%b|%x|%.0X|%#.0x", [1.0, -0.25, 0.1, 1e6, 1e-7], "4503599627370496p-52|-4503599627370496p-54|0x1.999999999999ap-04|0X1P+20|0x1.p-23"),
    ("%.5T|%05t|%03c", [2.5, True, 65], "float|0true|00A"),
    ("%05s|%-05s|%#08x|%#06o|%#4O|%08.3f", ["ab", "ab", 16, 8, 1, -1.5], "000ab|ab   |0x00000010|000010|0o01|-001.500"),
]


@pytest.mark.parametrize("fmt,args,expected", SPRINTF)
def test_sprintf(fmt, args, expected):
    assert sprintf(fmt, args) == expected


def test_sprint_and_sprintln():
    assert sprint([1, 2, "a", "b", 3, None]) == "1 2ab3 <nil>"
    assert sprint(["a", 1, 2]) == "a1 2"
    assert sprintln([1, "a", None]) == "1 a <nil>\n"


FLOATS = [
    (0.0, "0"),
    (1.0, "1"),
    (0.1, "0.1"),
    (123456.0, "123456"),
    (1234567.0, "1.234567e+06"),
    (0.0001, "0.0001"),
    (0.00001, "1e-05"),
    (1.5e-7, "1.5e-07"),
    (1e100, "1e+100"),
    (-2.5, "-2.5"),
    (8080.0, "8080"),
    (2**53 + 0.0, "9.007199254740992e+15"),
]


@pytest.mark.parametrize("value,text", FLOATS)
def test_float_shortest_form(value, text):
    assert format_float_g(value) == text


def test_format_v_nesting_and_objects():
    class Point:
        def __init__(self):
            self.X, self.Y = 1, [2]

    assert format_v({"k": [None, {"z": 1.5}]}) == "map[k:[<nil> map[z:1.5]]]"
    assert format_v(Point()) == "{1 [2]}"
    assert format_v({2: "b", 1: "a"}) == "map[1:a 2:b]"


def test_printf_through_templates():
    ts = TemplateSet()
    ts.add("t", '{{ printf "%s=%d (%.1f%%)" .k .v .p }}|{{ printf "%v" .missing }}|{{ printf "%T" .f }}')
    assert ts.execute("t", {"k": "cpu", "v": 3, "p": 42.25, "f": 1.0}) == "cpu=3 (42.2%)|<nil>|float64"


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from k8sfix_tui.render.gotemplate.gofmt import _sprintf_slow  # noqa: E402

_fmt_text = st.lists(
    st.sampled_from(["%", "d", "s", "v", "q", "x", "f", ".", "2", "5", "-", "+", "0", "#", " ", "a", "%%", "%v", "%5.2f", "%-3s"]),
    max_size=12,
).map("".join)
_args = st.lists(st.none() | st.booleans() | st.integers(-300, 300) | st.floats(allow_nan=False) | st.text(max_size=4), max_size=4)


@settings(max_examples=300, deadline=None)
@given(_fmt_text, _args)
def test_compiled_formats_match_the_general_path(fmt, args):
    assert sprintf(fmt, args) == _sprintf_slow(fmt, args)
