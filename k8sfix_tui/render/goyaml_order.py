"""Map key order of Go's yaml.v2 (`keyList.Less`), which both `helm template` (toYaml) and
`kustomize build` print with: letters compare by code point, digit runs compare as numbers, and
whether a letter sorts before a non-letter depends on whether the shared prefix ended in a digit."""

from __future__ import annotations

import functools
from typing import Any


def key_less(a: Any, b: Any) -> bool:
    """yaml.v2's `keyList.Less` for two map keys (non-strings: by type name, then value)."""
    if not isinstance(a, str) or not isinstance(b, str):
        return str(type(a)) < str(type(b)) if type(a) is not type(b) else a < b
    digits = False
    for i in range(min(len(a), len(b))):
        ca, cb = a[i], b[i]
        if ca == cb:
            digits = ca.isdecimal()
            continue
        al, bl = ca.isalpha(), cb.isalpha()
        if al and bl:
            return ca < cb
        if al or bl:
            return al if digits else bl
        an = bn = 0
        if ca == "0" or cb == "0":
            j = i - 1
            while j >= 0 and a[j].isdecimal():
                if a[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(a) and a[ai].isdecimal():
            an = an * 10 + int(a[ai])
            ai += 1
        bi = i
        while bi < len(b) and b[bi].isdecimal():
            bn = bn * 10 + int(b[bi])
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return ca < cb
    return len(a) < len(b)


def _cmp(a: Any, b: Any) -> int:
    return -1 if key_less(a, b) else 1 if key_less(b, a) else 0


sort_key = functools.cmp_to_key(_cmp)
