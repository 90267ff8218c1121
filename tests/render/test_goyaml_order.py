"""yaml.v2 map key order, as helm's toYaml and kustomize print it (examples from yaml.v2's sorter rules)."""

import pytest

from k8sfix_tui.render.goyaml_order import key_less, sort_key


@pytest.mark.parametrize(
    "keys, expected",
    [
        (["b", "a", "c"], ["a", "b", "c"]),
        (["a10", "a2", "a1"], ["a1", "a2", "a10"]),  # digit runs compare as numbers
        (["a01", "a1", "a001"], ["a1", "a01", "a001"]),  # same value: the shorter run first
        (["a_", "aa"], ["a_", "aa"]),  # after a letter, a non-letter sorts first
        (["1a", "1_"], ["1a", "1_"]),  # after a digit, a letter sorts first
        (["ab", "a"], ["a", "ab"]),
    ],
)
def test_key_order(keys, expected):
    assert sorted(keys, key=sort_key) == expected


def test_non_string_keys_do_not_raise():
    assert key_less(1, 2) and not key_less(2, 1)
    assert sorted([2, "a", 1], key=sort_key)  # mixed kinds order by type name
