"""The builtin functions of Go text/template: and or not len index slice print printf println html js
urlquery call eq ne lt le gt ge.

Each takes Python values (nil is None, no value at all is MISSING) and raises `ValueError` with Go's
message on failure;
the executor reports it as `error calling NAME: MESSAGE`. `and`/`or` are short-circuited by the
executor itself; the functions here are their non-lazy equivalents (for `call`).
"""

from __future__ import annotations

import urllib.parse
from typing import Any, Callable

from .gofmt import format_arg, sprint, sprintf, sprintln
from .values import MISSING, byte_len, format_v, go_type, is_list, is_map, truth, utf8


class ArgTypeError(ValueError):
    """A wrong-typed argument that Go reports without the `error calling X:` prefix."""


def _and(first: Any, *rest: Any) -> Any:
    v = first
    for v in (first, *rest):
        if not truth(v):
            return v
    return v


def _or(first: Any, *rest: Any) -> Any:
    v = first
    for v in (first, *rest):
        if truth(v):
            return v
    return v


def _not(v: Any) -> bool:
    return not truth(v)


def _len(v: Any) -> int:
    if v is MISSING:
        # what Go's reflect says (and Helm users see) for len of no value at all
        raise ValueError("reflect: call of reflect.Value.Type on zero Value")
    if v is None:
        raise ValueError("len of nil pointer")
    if isinstance(v, str):
        return byte_len(v)
    if isinstance(v, (list, tuple, bytes, bytearray)) or is_map(v):
        return len(v)
    raise ValueError(f"len of type {go_type(v)}")


class Byte(int):
    """A byte taken out of a string by `index`: Go's uint8."""

    __go_type__ = "uint8"


class BoxedIndex:
    """A `slice` index that Go holds as an interface value (read from a map): refused as an index."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def _index_arg(i: Any, cap: int) -> int:
    if i.__class__ is BoxedIndex:
        raise ValueError("cannot index slice/array with type interface {}")
    if i is None or i is MISSING:
        raise ValueError("cannot index slice/array with nil")
    if isinstance(i, bool) or not isinstance(i, int):
        raise ValueError(f"cannot index slice/array with type {go_type(i)}")
    if i < 0 or i > cap:
        raise ValueError(f"index out of range: {i}")
    return int(i)


def _as_bytes(s: str) -> bytes:
    return utf8(s)


def _index(item: Any, *indexes: Any) -> Any:
    if item is None or item is MISSING:
        raise ValueError("index of untyped nil")
    for idx in indexes:
        if item is None:
            raise ValueError("index of nil pointer")
        if isinstance(item, str) or isinstance(item, (bytes, bytearray)):
            data = _as_bytes(item) if isinstance(item, str) else item
            x = _index_arg(idx, len(data))
            if x >= len(data):
                raise ValueError("reflect: string index out of range")
            item = Byte(data[x])
        elif is_list(item):
            x = _index_arg(idx, len(item))
            if x >= len(item):
                raise ValueError("reflect: slice index out of range")
            item = item[x]
        elif is_map(item):
            if idx is None or idx is MISSING:
                raise ValueError("value is nil; should be of type string")
            try:
                if idx in item:
                    item = item[idx]
                    continue
            except TypeError:
                raise ValueError(f"value has type {go_type(idx)}; should be string") from None
            if not isinstance(idx, str) and all(isinstance(k, str) for k in item):
                raise ValueError(f"value has type {go_type(idx)}; should be string")
            item = None
        else:
            raise ValueError(f"can't index item of type {go_type(item)}")
    return item


def _slice(item: Any, *indexes: Any) -> Any:
    if item is None or item is MISSING:
        raise ValueError("slice of untyped nil")
    if len(indexes) > 3:
        raise ValueError(f"too many slice indexes: {len(indexes)}")
    if isinstance(item, str):
        if len(indexes) == 3:
            raise ValueError("cannot 3-index slice a string")
        data = _as_bytes(item)
        cap = len(data)
    elif is_list(item) or isinstance(item, (bytes, bytearray)):
        data = item
        cap = len(item)
    else:
        raise ValueError(f"can't slice item of type {go_type(item)}")
    idx = [0, len(data)]
    for i, x in enumerate(indexes):
        v = _index_arg(x, cap)
        if i < 2:
            idx[i] = v
    if idx[0] > idx[1]:
        raise ValueError(f"invalid slice index: {idx[0]} > {idx[1]}")
    if len(indexes) == 3:
        k = _index_arg(indexes[2], cap)
        if idx[1] > k:
            raise ValueError(f"invalid slice index: {idx[1]} > {k}")
    out = data[idx[0] : idx[1]]
    if isinstance(item, str):
        return out.decode("utf-8", "replace")
    if isinstance(item, tuple):
        return list(out)
    return out


def _printf(fmt: Any = None, *args: Any) -> str:
    if not isinstance(fmt, str):
        raise ArgTypeError(f"wrong type for value; expected string; got {go_type(fmt)}")
    return sprintf(fmt, list(args))


def _print(*args: Any) -> str:
    return sprint(list(args))


def _println(*args: Any) -> str:
    return sprintln(list(args))


def _eval_args(args: tuple) -> str:
    """text/template's evalArgs: one string as is, else fmt.Sprint with nil shown as <no value>."""
    if len(args) == 1 and isinstance(args[0], str):
        return args[0]
    # printableValue turns nil into the *string* "<no value>" before fmt.Sprint sees it
    return sprint(["<no value>" if a is None or a is MISSING else a for a in args])


def _html(*args: Any) -> str:
    s = _eval_args(args)
    out = []
    for ch in s:
        if ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch == "&":
            out.append("&amp;")
        elif ch == '"':
            out.append("&#34;")
        elif ch == "'":
            out.append("&#39;")
        elif ch == "\x00":
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


_JS = {"\\": "\\\\", "'": "\\'", '"': '\\"', "<": "\\u003C", ">": "\\u003E", "&": "\\u0026", "=": "\\u003D"}


def _js(*args: Any) -> str:
    s = _eval_args(args)
    out = []
    for ch in s:
        o = ord(ch)
        if ch in _JS:
            out.append(_JS[ch])
        elif o < 0x20:
            out.append(f"\\u00{o:02X}")
        elif o < 0x80:
            out.append(ch)
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(f"\\u{o:04X}")
    return "".join(out)


def _urlquery(*args: Any) -> str:
    return urllib.parse.quote_plus(utf8(_eval_args(args)), safe="-_.~")


def _call(fn: Any = None, *args: Any) -> Any:
    if fn is None or fn is MISSING:
        raise ValueError("call of nil")
    if not callable(fn):
        raise ValueError(f"non-function of type {go_type(fn)}")
    return fn(*[None if a is MISSING else a for a in args])


# -- comparisons --------------------------------------------------------------------------------

_BAD_TYPE = "invalid type for comparison"
_INCOMPATIBLE = "incompatible types for comparison"


def _kind(v: Any) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, complex):
        return "complex"
    if isinstance(v, str):
        return "string"
    return "invalid"


_BASIC = {"bool", "int", "float", "complex", "string"}


def _eq(a: Any, *others: Any) -> bool:
    if not others:
        raise ValueError("missing argument for comparison")
    if a is MISSING:
        a = None
    k1 = _kind(a)
    for b in others:
        if b is MISSING:
            b = None
        k2 = _kind(b)
        if k1 != k2:
            if a is not None and b is not None:
                raise ValueError(_INCOMPATIBLE)
            continue
        if k1 in _BASIC:
            if a == b:
                return True
            continue
        if a is None or b is None:
            if (a is None) == (b is None):
                return True
            continue
        if is_list(a) != is_list(b) or is_map(a) != is_map(b):
            raise ValueError(f"non-comparable types {format_arg(a, 's')}: {go_type(a)}, {go_type(b)}: {format_v(b)}")
        if is_list(b) or is_map(b) or isinstance(b, (bytes, bytearray)):
            raise ValueError(f"non-comparable type {format_arg(b, 's')}: {go_type(b)}")
        if a == b:
            return True
    return False


def _ne(a: Any, b: Any) -> bool:
    return not _eq(a, b)


def _lt(a: Any, b: Any) -> bool:
    k1 = _kind(a)
    if k1 not in _BASIC:
        raise ValueError(_BAD_TYPE)
    k2 = _kind(b)
    if k2 not in _BASIC:
        raise ValueError(_BAD_TYPE)
    if k1 != k2:
        raise ValueError(_INCOMPATIBLE)
    if k1 in ("bool", "complex"):
        raise ValueError(_BAD_TYPE)
    return bool(a < b)


def _le(a: Any, b: Any) -> bool:
    if _lt(a, b):
        return True
    return _eq(a, b)


def _gt(a: Any, b: Any) -> bool:
    return not _le(a, b)


def _ge(a: Any, b: Any) -> bool:
    return not _lt(a, b)


BUILTINS: dict[str, Callable[..., Any]] = {
    "and": _and,
    "call": _call,
    "html": _html,
    "index": _index,
    "slice": _slice,
    "js": _js,
    "len": _len,
    "not": _not,
    "or": _or,
    "print": _print,
    "printf": _printf,
    "println": _println,
    "urlquery": _urlquery,
    "eq": _eq,
    "ge": _ge,
    "gt": _gt,
    "le": _le,
    "lt": _lt,
    "ne": _ne,
}

# (minimum, maximum or None) argument counts, as Go's signatures imply
BUILTIN_ARITY: dict[str, tuple[int, int | None]] = {
    "and": (1, None),
    "or": (1, None),
    "call": (1, None),
    "html": (0, None),
    "js": (0, None),
    "urlquery": (0, None),
    "print": (0, None),
    "println": (0, None),
    "printf": (1, None),
    "index": (1, None),
    "slice": (1, None),
    "len": (1, 1),
    "not": (1, 1),
    "eq": (1, None),
    "ne": (2, 2),
    "lt": (2, 2),
    "le": (2, 2),
    "gt": (2, 2),
    "ge": (2, 2),
}
