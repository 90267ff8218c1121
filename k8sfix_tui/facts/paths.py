"""Dotted field paths (`spec.template.spec.containers[0].image`) into parsed objects."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_MISSING = object()


@lru_cache(maxsize=65536)
def split_path(path: str) -> tuple[str | int, ...]:
    """`a.b[0].c` -> ("a", "b", 0, "c")."""
    return tuple(int(m.group(2)) if m.group(2) is not None else m.group(1) for m in _PART.finditer(path))


def get_path(data: Any, path: str, default: Any = None) -> Any:
    """Value at a dotted path, or `default` when any step is missing."""
    cur = data
    for part in split_path(path):
        if isinstance(part, int):
            if not isinstance(cur, list) or part >= len(cur):
                return default
            cur = cur[part]
        else:
            if not isinstance(cur, dict):
                return default
            if part in cur:
                cur = cur[part]
            elif part in ("true", "false", "on", "off", "yes", "no") and _bool_key(part) in cur:
                cur = cur[_bool_key(part)]
            else:
                return default
    return cur


def _bool_key(part: str) -> bool:
    return part in ("true", "on", "yes")


def same_at(a: Any, b: Any, path: str) -> bool:
    """True when both objects hold the same value at `path` (scalars) or both hold a container."""
    va, vb = get_path(a, path, _MISSING), get_path(b, path, _MISSING)
    if va is _MISSING or vb is _MISSING:
        return False
    if isinstance(va, (dict, list)) or isinstance(vb, (dict, list)):
        return type(va) is type(vb)
    return va == vb


def parse_location(value: object, root: object, default: object) -> object:
    """A `model.Location` from an error's `location` (a Location or a 'path:line[:col]' string),
    made repo-relative against `root`; `default` when it cannot be read."""
    import os

    from ..model import Location

    if isinstance(value, Location):
        path, line = value.path, value.line
    elif isinstance(value, str) and value:
        m = re.match(r"^(.*?):(\d+)(?::\d+)?$", value)
        path, line = (m.group(1), int(m.group(2))) if m else (value, 0)
    else:
        return default
    if os.path.isabs(path):
        rel = os.path.relpath(path, str(root))
        if rel.startswith(".."):
            return default
        path = rel.replace(os.sep, "/")
    return Location(path, line or 1)
