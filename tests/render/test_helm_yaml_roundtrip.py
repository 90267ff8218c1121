"""Property test: whatever `toYaml` writes reads back (YAML 1.1, as Helm's own readers) as the
same data -- quoting, literal blocks, folding and key order never change a value."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from k8sfix_tui.render.helm_yaml import GoYamlLoader, go_value, json_shape, to_yaml

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\u0085\u2028\u2029") | st.sampled_from(list("\n\t :#-'\"{}[],&*!|>%@`?")),
    max_size=40,
)
_special = st.sampled_from(["true", "no", "on", "y", "null", "~", "", "1.5", "0x1F", "012", "1e3", "2001-12-14", "12:30", "- a", "a: b", "#x", " lead", "trail ", "---", "..."])
_scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**53), 2**53), st.floats(allow_nan=False, allow_infinity=False, width=64), _text, _special)
_values = st.recursive(
    _scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.one_of(_text, _special), children, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_values)
def test_to_yaml_round_trips(value: object) -> None:
    text = to_yaml(value)
    back = go_value(yaml.load(text + "\n", Loader=GoYamlLoader), floats=False)
    expected = json_shape(value)
    assert _norm(back) == _norm(expected), text


def _norm(v: object) -> object:
    if isinstance(v, dict):
        return {k: _norm(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_norm(x) for x in v]
    if isinstance(v, float) and v == int(v) and abs(v) < 1e21:
        return int(v)
    return v
