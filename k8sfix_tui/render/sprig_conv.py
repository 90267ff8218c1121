"""Go-flavoured value conversions shared by the Sprig and Helm function libraries.

Templates see plain Python values (None, bool, int, float, str, list, dict, objects). These
helpers reproduce how Go's fmt, strconv and spf13/cast (which Sprig uses) treat them:
`go_str` is fmt's `%v`, `to_int64`/`to_float64` are cast's lenient conversions, `is_empty` is
Sprig's notion of an empty value, `go_quote` is strconv.Quote.
"""

from __future__ import annotations

import math
import re
from typing import Any

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


class Int64(int):
    """An integer that Go would type as int64 (Sprig arithmetic results, `--set` numbers)."""

    __slots__ = ()
    __go_type__ = "int64"


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def go_float(value: float) -> str:
    """Go's `%v` / `strconv.FormatFloat(f, 'g', -1, 64)` of a float64: shortest digits, exponent
    form when the decimal exponent is < -4 or >= 6 (so 1000000.0 prints `1e+06`, as in Helm)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    mantissa, _, exp_text = repr(float(value)).partition("e")
    negative = mantissa.startswith("-")
    int_part, _, frac_part = mantissa.lstrip("-").partition(".")
    if frac_part == "0":
        frac_part = ""
    raw = int_part + frac_part
    lead = len(raw) - len(raw.lstrip("0"))
    digits = raw.lstrip("0").rstrip("0") or "0"
    exponent = len(int_part) - 1 - lead + (int(exp_text) if exp_text else 0)
    if exponent < -4 or exponent >= 6:
        body = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        out = f"{body}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
        return ("-" if negative else "") + out
    if exponent >= 0:
        if len(digits) <= exponent + 1:
            out = digits + "0" * (exponent + 1 - len(digits))
        else:
            out = digits[: exponent + 1] + "." + digits[exponent + 1 :]
    else:
        out = "0." + "0" * (-exponent - 1) + digits
    return ("-" if negative else "") + out


go_float_g = go_float


def go_str(value: Any) -> str:
    """fmt.Sprint / `%v` of a template value, as Go prints it."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return go_float(value)
    if isinstance(value, bytes):
        return _bytes_text(value)
    if isinstance(value, bytearray):
        return "[" + " ".join(map(_BYTE_TEXT.__getitem__, value)) + "]"
    if isinstance(value, (list, tuple)):
        return "[" + " ".join(go_str(v) for v in value) + "]"
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: _sort_key(kv[0]))
        return "map[" + " ".join(f"{go_str(k)}:{go_str(v)}" for k, v in items) + "]"
    sprint = getattr(type(value), "__go_sprint__", None)
    if sprint is not None:
        return sprint(value)
    return str(value)


_BYTE_TEXT = [str(i) for i in range(256)]
_BYTES_CACHE: dict[int, tuple[bytes, str]] = {}


def _bytes_text(value: bytes) -> str:
    """`%v` of a []byte (chart files can be megabytes; memoised, bytes are immutable)."""
    if len(value) < 4096:
        return "[" + " ".join(map(_BYTE_TEXT.__getitem__, value)) + "]"
    hit = _BYTES_CACHE.get(id(value))
    if hit is not None and hit[0] is value:
        return hit[1]
    text = "[" + " ".join(map(_BYTE_TEXT.__getitem__, value)) + "]"
    if len(_BYTES_CACHE) > 256:
        _BYTES_CACHE.clear()
    _BYTES_CACHE[id(value)] = (value, text)
    return text


def _sort_key(key: Any) -> tuple:
    if is_number(key):
        return (0, key, "")
    return (1, 0, str(key))


def strval(value: Any) -> str:
    """Sprig's strval: strings as they are, bytes decoded, everything else `%v`."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    return go_str(value)


def strslice(value: Any) -> list[str]:
    """Sprig's strslice: lists become lists of strings (nil items dropped), a scalar a 1-list."""
    if isinstance(value, (list, tuple)):
        return [strval(v) for v in value if v is not None]
    if value is None:
        return []
    return [strval(value)]


_ZERO_DECIMAL = re.compile(r"^([-+]?\d+)\.0*$")


def to_int64(value: Any) -> int:
    """spf13/cast ToInt64: lenient, 0 on failure."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return INT64_MIN
        return int(value)
    if isinstance(value, str):
        text = value
        m = _ZERO_DECIMAL.match(text)
        if m:
            text = m.group(1)
        return parse_go_int(text, 0)
    return 0


def parse_go_int(text: str, default: int = 0) -> int:
    """strconv.ParseInt(s, 0, 64): base prefixes 0x/0o/0b and a leading 0 for octal."""
    t = text.strip() if False else text
    if not t:
        return default
    sign = 1
    body = t
    if body[0] in "+-":
        sign = -1 if body[0] == "-" else 1
        body = body[1:]
    try:
        low = body.lower()
        if low.startswith("0x"):
            n = int(body[2:].replace("_", ""), 16)
        elif low.startswith("0o"):
            n = int(body[2:].replace("_", ""), 8)
        elif low.startswith("0b"):
            n = int(body[2:].replace("_", ""), 2)
        elif len(body) > 1 and body[0] == "0":
            n = int(body[1:], 8)
        else:
            if "_" in body or not body.isdigit():
                return default
            n = int(body)
    except ValueError:
        return default
    n *= sign
    if n < INT64_MIN or n > INT64_MAX:
        return default
    return n


def to_float64(value: Any) -> float:
    """spf13/cast ToFloat64: lenient, 0 on failure."""
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return 0.0
    return 0.0


def is_empty(value: Any) -> bool:
    """Sprig's `empty`: Go zero values (nil, false, 0, "", empty list/map) are empty."""
    if value is None:
        return True
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value == 0
    if isinstance(value, (str, bytes, list, tuple, dict, set)):
        return len(value) == 0
    return False


def go_quote(text: str) -> str:
    """strconv.Quote: double-quoted Go string literal."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\a":
            out.append("\\a")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\v":
            out.append("\\v")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\\ufffd")
        elif code > 0x7E and not ch.isprintable():
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def type_name(value: Any) -> str:
    """Go's `%T` of a template value as Helm would see it (a class names its type in `__go_type__`)."""
    if value is None:
        return "<nil>"
    explicit = getattr(type(value), "__go_type__", None)
    if isinstance(explicit, str):
        return explicit
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (bytes, bytearray)):
        return "[]uint8"
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, str) for v in value):
            return "[]string"
        return "[]interface {}"
    if isinstance(value, dict):
        return "map[string]interface {}"
    return "*" + type(value).__name__


def kind_name(value: Any) -> str:
    """Go's reflect Kind name of a template value."""
    if value is None:
        return "invalid"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, Int64):
        return "int64"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (bytes, bytearray, list, tuple)):
        return "slice"
    if isinstance(value, dict):
        return "map"
    go_kind = getattr(value, "go_kind", None)
    if isinstance(go_kind, str):
        return go_kind
    return "ptr"
