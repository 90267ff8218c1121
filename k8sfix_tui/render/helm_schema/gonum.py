"""Go-compatible printing of numbers, JSON and quoted strings, as the two validators' messages show them.

gojsonschema (Helm 3) prints bounds as a `*big.Float` (`%v`, shortest `%g`) and enum/const values
as encoding/json text with every number a float64; santhosh-tekuri (Helm 4) prints through
golang.org/x/text/message (digit grouping `65,535`, exponent `1E6`) and quotes with `%q`-like
single quotes. Exact schema numbers travel as Decimal, validated numbers as Fraction.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any


def rat(value: Any) -> Fraction:
    """A JSON/YAML number as an exact Fraction (non-finite floats as 0: they never reach a check)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(repr(value)) if math.isfinite(value) else Fraction(0)
    if isinstance(value, Decimal):
        return Fraction(value) if value.is_finite() else Fraction(0)
    return Fraction(int(value))


def _digits(f: float) -> tuple[str, int, bool]:
    """Shortest round-trip digits of |f| and the decimal point position (Go's digs.d, digs.dp)."""
    d = Decimal(repr(abs(f))).normalize()
    sign, digits, exp = d.as_tuple()
    s = "".join(map(str, digits)).lstrip("0") or "0"
    if s == "0":
        return "0", 1, f < 0
    return s, len(digits) + int(exp), f < 0


def _fmt_e(s: str, dp: int, neg: bool, two_digit_exp: bool = True) -> str:
    mant = s[0] + ("." + s[1:] if len(s) > 1 else "")
    exp = dp - 1
    es = f"{abs(exp):02d}" if two_digit_exp else str(abs(exp))
    return ("-" if neg else "") + mant + "e" + ("-" if exp < 0 else "+") + es


def _fmt_f(s: str, dp: int, neg: bool) -> str:
    if dp <= 0:
        out = "0." + "0" * (-dp) + s
    elif dp >= len(s):
        out = s + "0" * (dp - len(s))
    else:
        out = s[:dp] + "." + s[dp:]
    return ("-" if neg else "") + out


def go_json_float(f: float) -> str:
    """encoding/json's float64: positional unless |f| < 1e-6 or >= 1e21 (then `1e+21`, `1e-7`)."""
    if f == 0:
        return "-0" if math.copysign(1, f) < 0 else "0"
    s, dp, neg = _digits(f)
    if abs(f) < 1e-6 or abs(f) >= 1e21:
        out = _fmt_e(s, dp, neg)
        return re.sub(r"e-0(\d)$", r"e-\1", out)
    return _fmt_f(s, dp, neg)


def go_v_float(f: float) -> str:
    """Go's shortest %g, which fmt's %v and big.Float's %v print: exponent form (`1e+06`) when the
    decimal exponent is < -4 or >= 6 (strconv's `eprec = 6` for the shortest precision)."""
    if f == 0:
        return "0"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    s, dp, neg = _digits(f)
    exp = dp - 1
    if exp < -4 or exp >= 6:
        return _fmt_e(s, dp, neg)
    return _fmt_f(s, dp, neg)


def big_float_text(r: Fraction) -> str:
    """How gojsonschema's messages print a *big.Float (`{{.min}}` -> Format 'v' -> shortest %g)."""
    try:
        return go_v_float(float(r))
    except OverflowError:
        return "+Inf" if r > 0 else "-Inf"


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    return ",".join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


def tekuri_int(n: int) -> str:
    """golang.org/x/text/message's %d in English (santhosh-tekuri's messages): digit grouping."""
    return ("-" if n < 0 else "") + _group(str(abs(n)))


def tekuri_float(f: float) -> str:
    """golang.org/x/text/message's %v of a float64 in English: shortest digits, the %g choice of
    form (exponent when exp < -4 or >= 6), decimal form grouped (`65,535`), exponent form `1E6`."""
    if f == 0:
        return "0"
    if math.isinf(f):
        return "∞" if f > 0 else "-∞"
    s, dp, neg = _digits(f)
    sign = "-" if neg else ""
    exp = dp - 1
    if exp < -4 or exp >= 6:
        return sign + s[0] + ("." + s[1:] if len(s) > 1 else "") + "E" + str(exp)
    text = _fmt_f(s, dp, False)
    whole, _, frac = text.partition(".")
    return sign + _group(whole) + ("." + frac if frac else "")


def _json_str(s: str) -> str:
    out = json.dumps(s, ensure_ascii=False)
    return (out.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def canonical_json(value: Any) -> str:
    """gojsonschema's marshalWithoutNumber: JSON with every number as a float64, sorted keys."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _json_str(value)
    if isinstance(value, (int, float, Fraction, Decimal)):
        try:
            f = float(value)
        except OverflowError:
            return "null"
        return go_json_float(f) if math.isfinite(f) else "null"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_json_str(str(k))}:{canonical_json(value[k])}" for k in sorted(value, key=str)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(canonical_json(v) for v in value) + "]"
    return _json_str(str(value))


def tekuri_quote(s: str) -> str:
    """santhosh-tekuri's quote(): a JSON string in single quotes (`'a\\'b'`)."""
    q = json.dumps(s, ensure_ascii=False)[1:-1].replace('\\"', '"').replace("'", "\\'")
    return "'" + q + "'"


def tekuri_display(v: Any) -> str:
    """How santhosh-tekuri shows a value in `value must be ...` / `... is not valid <format>`."""
    if isinstance(v, str):
        return tekuri_quote(v)
    if isinstance(v, (dict, list)):
        return "value"
    if v is None:
        return "<nil>"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, Decimal)):
        return str(v)  # the schema's json.Number, printed as written
    return go_v_float(float(v))
