"""How Go sees Python values: type names, truthiness, `%v` printing and quoting.

Go nil is Python `None`. `MISSING` stands for Go's *invalid* `reflect.Value` (what a template gets
for a missing map key under the default option, or for any nil interface once a pipeline finishes);
it prints as `<no value>` in an action. Functions never see it: it is turned into `None` first.
"""

from __future__ import annotations

import functools
import math
import types
from collections.abc import Mapping
from typing import Any


class _Missing:
    """Singleton for Go's invalid reflect.Value ("no value")."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


def is_map(v: Any) -> bool:
    """A Go map: any Python mapping."""
    return isinstance(v, Mapping)


def is_list(v: Any) -> bool:
    """A Go slice: list or tuple (bytes and str are not)."""
    return isinstance(v, (list, tuple))


def go_type(v: Any) -> str:
    """The Go type name Helm would show for `v` (`%T`, error messages)."""
    if v is None or v is MISSING:
        return "<nil>"
    explicit = getattr(type(v), "__go_type__", None)
    if isinstance(explicit, str):
        return explicit
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float64"
    if isinstance(v, str):
        return "string"
    if isinstance(v, (bytes, bytearray)):
        return "[]uint8"
    if is_list(v):
        return "[]interface {}"
    if is_map(v):
        return "map[string]interface {}"
    if isinstance(v, (types.FunctionType, types.MethodType, types.BuiltinFunctionType, functools.partial)):
        return "func"
    return type(v).__name__


def truth(v: Any) -> bool:
    """Go template truth: false, 0, nil, empty string/list/map are false; everything else true."""
    if v is None or v is MISSING:
        return False
    if isinstance(v, (bool, int, float, str, bytes, bytearray, list, tuple)):
        return bool(v)
    if is_map(v):
        return len(v) > 0
    return True


def map_key_order(keys: Any) -> list:
    """Keys in Go's fmtsort order: numbers numerically, strings lexically (by bytes), types grouped."""

    def key(k: Any) -> tuple:
        if isinstance(k, bool):
            return (0, int(k), "")
        if isinstance(k, (int, float)):
            return (1, k, "")
        if isinstance(k, str):
            return (2, 0, utf8(k))
        return (3, 0, utf8(str(k)))

    try:
        return sorted(keys, key=key)
    except TypeError:
        return sorted(keys, key=lambda k: str(k))


# -- floats -------------------------------------------------------------------------------------


def _shortest_digits(f: float) -> tuple[str, int]:
    """Shortest round-trip decimal digits of abs(f) and the decimal point position (Go's digs.dp)."""
    r = repr(abs(f))
    mant, _, exp = r.partition("e")
    e = int(exp) if exp else 0
    ip, _, fp = mant.partition(".")
    full = ip + fp
    dp = len(ip) + e
    stripped = full.lstrip("0")
    dp -= len(full) - len(stripped)
    digits = stripped.rstrip("0")
    if not digits:
        return "0", 1
    return digits, dp


def format_float_g(f: float, upper: bool = False) -> str:
    """Go's `%v` / `%g` with the shortest precision: `3`, `0.5`, `1e+06`, `1.5e-07`."""
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    sign = "-" if math.copysign(1.0, f) < 0 else ""
    if f == 0:
        return sign + "0"
    digits, dp = _shortest_digits(f)
    x = dp - 1
    if x < -4 or x >= 6:
        body = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        e = "E" if upper else "e"
        return f"{sign}{body}{e}{'-' if x < 0 else '+'}{abs(x):02d}"
    if dp <= 0:
        return f"{sign}0.{'0' * (-dp)}{digits}"
    if dp >= len(digits):
        return sign + digits + "0" * (dp - len(digits))
    return f"{sign}{digits[:dp]}.{digits[dp:]}"


# -- quoting ------------------------------------------------------------------------------------

_ESC = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def go_quote(s: str, quote: str = '"', ascii_only: bool = False) -> str:
    """strconv.Quote (or QuoteRune with quote="'"; QuoteToASCII with ascii_only)."""
    out = [quote]
    for ch in s:
        o = ord(ch)
        if ch == quote or ch == "\\":
            out.append("\\" + ch)
        elif ch in _ESC:
            out.append(_ESC[ch])
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\x{o:02x}")
        elif o < 0x80:
            out.append(ch)
        elif 0xDC80 <= o <= 0xDCFF:  # a raw byte smuggled in by surrogateescape
            out.append(f"\\x{o - 0xDC00:02x}")
        elif ascii_only or not ch.isprintable() or 0xD800 <= o <= 0xDFFF:
            out.append(f"\\u{o:04x}" if o < 0x10000 else f"\\U{o:08x}")
        else:
            out.append(ch)
    out.append(quote)
    return "".join(out)


# -- %v -----------------------------------------------------------------------------------------


def format_v(v: Any) -> str:
    """fmt's `%v` of a value, as Go prints it."""
    if v is None:
        return "<nil>"
    if v is MISSING:
        return "<no value>"
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return int.__repr__(v)
    if isinstance(v, float):
        return format_float_g(v)
    if isinstance(v, (bytes, bytearray)):
        return "[" + " ".join(str(b) for b in v) + "]"
    if is_list(v):
        return "[" + " ".join(format_v(e) for e in v) + "]"
    if is_map(v):
        return "map[" + " ".join(f"{format_v(k)}:{format_v(v[k])}" for k in map_key_order(list(v.keys()))) + "]"
    if isinstance(v, complex):
        return f"({format_float_g(v.real)}{'+' if v.imag >= 0 else ''}{format_float_g(v.imag)}i)"
    if go_type(v) == "func":
        return f"{id(v):#x}"
    sprint = getattr(type(v), "__go_sprint__", None)
    if sprint is not None:
        return sprint(v)
    if type(v).__str__ is object.__str__:
        # a Go struct prints as {field field ...}
        fields = getattr(v, "__dict__", None) or {}
        return "{" + " ".join(format_v(x) for k, x in fields.items() if not k.startswith("_")) + "}"
    return str(v)


def utf8(s: str) -> bytes:
    """The UTF-8 bytes of s (raw bytes smuggled as surrogates come back; lone surrogates never fail)."""
    try:
        return s.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogatepass")


def byte_len(s: str) -> int:
    """Length of a string in UTF-8 bytes, as Go's `len` counts it."""
    if s.isascii():
        return len(s)
    return len(utf8(s))
