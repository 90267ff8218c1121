"""Associative list merge as kustomize's kyaml does it (walk/associative_sequence.go), element
order and quirks included, on plain Python lists of maps.

With merge keys K, kyaml collects the key values of every element (patch elements first, then
the target's, duplicates dropped), unifies value tuples that differ only where one side is empty
(`[8080, ""]` ~ `[8080, TCP]`, lists with several keys only), and for each tuple merges the first
target element and the first patch element that carry those values (an empty value means "has
the field" when laying elements over each other, "the field is empty" when looking them up).
Merged elements are collected in that order, then the target's elements are laid
over the collection one by one: with one key an element replaces its match in place, with several
keys it is removed and appended again, so multi-key lists (ports, topologySpreadConstraints)
end in the target's order with new elements first. A target element without the key field
leaves only itself (kyaml's ElementSetter drops every element when given no key value). A patch element whose key fields do not all match a target element (e.g. a Service
port without `protocol` against one with `protocol: TCP`) is dropped, as kyaml drops it.
"""

from __future__ import annotations

from typing import Any, Callable

__all__ = ["merge_associative", "scalar_text"]

Walk = Callable[[Any, Any], Any]
"""walk(target element or None, patch element or None) -> merged element, or None when deleted."""


def scalar_text(value: Any) -> str:
    """The YAML text of a scalar as kyaml compares it ("" for missing, null, maps and lists)."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _values(element: Any, keys: list[str]) -> list[str]:
    if not isinstance(element, dict):
        return ["" for _ in keys]
    return [scalar_text(element.get(k)) if element.get(k) not in ({}, [], "") else "" for k in keys]


def _element_values(sources: list[list[Any]], keys: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    seen: set[tuple[str, ...]] = set()
    for source in sources:
        for element in source:
            values = _values(element, keys)
            if not values or tuple(values) in seen:
                continue
            seen.add(tuple(values))
            out.append(values)
    return out


def _match(a: list[str], b: list[str]) -> tuple[bool, list[str]]:
    if len(a) != len(b):
        return False, []
    common, res = False, []
    for x, y in zip(a, b):
        if x == y:
            common = True
            res.append(x)
        elif x and y:
            return False, []
        else:
            res.append(x or y)
    return common, res


def _merge_values(values_list: list[list[str]]) -> list[list[str]]:
    for i in range(len(values_list)):
        for j in range(len(values_list)):
            matched, merged = _match(values_list[i], values_list[j])
            if matched:
                values_list[i] = merged
                values_list[j] = merged
    return values_list


def _validate_keys(values_list: list[list[str]], values: list[str], keys: list[str]) -> tuple[list[str], list[str]]:
    valid = {keys[i] for vs in values_list for i, v in enumerate(vs) if v != ""}
    if not valid:
        return keys, values
    return [k for k in keys if k in valid], [v for i, v in enumerate(values) if v != "" or keys[i] in valid]


def _field_matches(element: dict, key: str, value: str) -> bool:
    if key not in element:
        return False
    return value == "" or scalar_text(element[key]) == value


def _find(elements: list[Any], keys: list[str], values: list[str]) -> int | None:
    """kyaml's ElementMatcher: the first map element whose fields equal every key/value (an
    empty value matches only a field that is present and empty)."""
    for i, element in enumerate(elements):
        if isinstance(element, dict) and all(
            k in element and scalar_text(element[k]) == v for k, v in zip(keys, values)
        ):
            return i
    return None


def _setter_matches(element: dict, keys: list[str], values: list[str]) -> bool:
    # kyaml's ElementSetter: a key without a value reuses the previous key's outcome
    ok = False
    for j, key in enumerate(keys):
        if j < len(values):
            ok = _field_matches(element, key, values[j])
        if not ok:
            return False
    return ok


def _element_set(elements: list[Any], element: Any, keys: list[str], values: list[str]) -> list[Any]:
    """kyaml's ElementSetter: replace the matching elements by `element` (remove them when it is
    None), append it when none matched; empty elements are dropped on the way."""
    mapping_setter = bool(keys) and keys[0] != "" and bool(values) and values[0] != ""
    out: list[Any] = []
    found = False
    for current in elements:
        if current is None or current == {}:
            continue
        if not isinstance(current, dict):
            if mapping_setter or keys[0] != "":
                out.append(current)
                continue
        if isinstance(current, dict) and _setter_matches(current, keys, values):
            found = True
            if element is not None:
                out.append(element)
            continue
        if values:
            out.append(current)
    if element is None:
        return out
    if not found:
        out.append(element)
    return out


def _append_list(dst: list[Any], src: list[Any], keys: list[str]) -> list[Any]:
    """kyaml's appendListNode: lay each `src` element over `dst` by its key values."""
    for element in src:
        values: list[str] = []
        for key in keys:
            if not isinstance(element, dict) or key not in element:
                dst = dst + [element]
                continue
            values.append(scalar_text(element[key]))
        if len(keys) > 1:
            dst = _element_set(dst, None, keys, values)
        dst = _element_set(dst, element, keys, values)
    return dst


def merge_associative(dest: list[Any], patch: list[Any], keys: list[str], walk: Walk) -> list[Any]:
    """Merge the `patch` list into the `dest` list by merge `keys` (non-empty), kyaml's way with
    kustomize's prepend option; `walk` merges one pair of elements."""
    values_list = _element_values([patch, dest], keys)
    if len(keys) > 1:
        values_list = _merge_values(values_list)
    added: list[Any] = []
    dest = list(dest)
    valid_keys = keys
    for values in values_list:
        valid_keys, valid_values = _validate_keys(values_list, values, keys)
        find_keys, find_values = _validate_keys([valid_values], valid_values, valid_keys)
        di = _find(dest, find_keys, find_values)
        pi = _find(patch, find_keys, find_values)
        merged = walk(dest[di] if di is not None else None, patch[pi] if pi is not None else None)
        if merged is None or merged == {}:
            dest = _element_set(dest, None, valid_keys, valid_values)
            continue
        for key, value in zip(valid_keys, valid_values):
            if key not in merged and value != "":
                merged[key] = int(value) if value.isdigit() else value
        if di is not None:
            dest[di] = merged
        added = _element_set(added, merged, valid_keys, valid_values)
    if values_list:
        added = _append_list(added, dest, valid_keys)
    return added
