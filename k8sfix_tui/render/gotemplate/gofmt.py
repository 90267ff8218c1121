"""Go's fmt package for template values: `Sprint`, `Sprintln`, `Sprintf`.

Supported verbs: %v %+v %#v %s %q %d %b %o %O %x %X %c %U %e %E %f %F %g %G %t %T %%, with flags
`+ - # space 0`, width, precision, `*` and explicit argument indexes `%[2]d`. Bad verbs print like Go:
`%!d(string=x)`, missing arguments `%!d(MISSING)`, extra ones `%!(EXTRA int=1)`.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from typing import Any

from .values import MISSING, format_float_g, format_v, go_quote, go_type, is_list, is_map, map_key_order, utf8


@dataclass
class _Spec:
    minus: bool = False
    plus: bool = False
    sharp: bool = False
    space: bool = False
    zero: bool = False
    width: int | None = None
    prec: int | None = None
    sharp_v: bool = False  # %#v: Go syntax
    plus_v: bool = False  # %+v: field names (no sign)

    def for_verb(self, verb: str) -> "_Spec":
        """Go moves # and + into sharpV/plusV for the verb v."""
        if verb == "v" and (self.sharp or self.plus):
            return _Spec(self.minus, False, False, self.space, self.zero, self.width, self.prec, self.sharp, self.plus)
        return self


def sprint(args: list[Any]) -> str:
    """fmt.Sprint: spaces between operands when neither side is a string."""
    out: list[str] = []
    prev_str = True
    for i, a in enumerate(args):
        is_str = isinstance(a, str)
        if i > 0 and not is_str and not prev_str:
            out.append(" ")
        out.append(format_v(None if a is MISSING else a))
        prev_str = is_str
    return "".join(out)


def sprintln(args: list[Any]) -> str:
    """fmt.Sprintln: spaces between all operands and a final newline."""
    return " ".join(format_v(None if a is MISSING else a) for a in args) + "\n"


def _pad(s: str, spec: _Spec, zero_ok: bool = True, signed: bool = False) -> str:
    """Pad to the width: right with spaces for '-', else left with zeros for '0' (after the sign
    of a number when `signed`) or spaces. Go pads strings with zeros too; integers never here."""
    if spec.width is None or len(s) >= spec.width:
        return s
    fill = spec.width - len(s)
    if spec.minus:
        return s + " " * fill
    if spec.zero and zero_ok:
        sign = s[0] if signed and s and s[0] in "+- " else ""
        return sign + "0" * fill + s[len(sign):]
    return " " * fill + s


def _bad(verb: str, v: Any, spec: _Spec | None = None, depth: int = 0) -> str:
    """%!verb(type=value): the value printed with %v and the same flags, as fmt's badVerb does."""
    if v is None or v is MISSING:
        return f"%!{verb}(<nil>)"
    return f"%!{verb}({go_type(v)}={format_arg(v, 'v', spec, depth, inner=True)})"


def _fmt_int(n: int, verb: str, spec: _Spec) -> str:
    if verb == "c":
        try:
            return _pad(chr(n), spec)
        except (ValueError, OverflowError):
            return _pad("\ufffd", spec)
    if verb == "q":
        try:
            ch = chr(n)
        except (ValueError, OverflowError):
            ch = "\ufffd"
        return _pad(go_quote(ch, "'", ascii_only=spec.plus), spec)
    if verb == "U":
        width = max(4, spec.prec or 0)
        s = f"U+{(n if n >= 0 else n & 0xFFFFFFFFFFFFFFFF):0{width}X}"
        if spec.sharp and 0 <= n <= 0x10FFFF and chr(n).isprintable():
            s += f" '{chr(n)}'"
        return _pad(s, spec, zero_ok=False)
    base = {"d": 10, "v": 10, "b": 2, "o": 8, "O": 8, "x": 16, "X": 16}[verb]
    neg = n < 0
    a = -n if neg else n
    digits = {10: str(a), 2: format(a, "b"), 8: format(a, "o"), 16: format(a, "x")}[base]
    if verb == "X":
        digits = digits.upper()
    if spec.prec is not None:
        if spec.prec == 0 and a == 0:
            return " " * (spec.width or 0)
        digits = digits.rjust(spec.prec, "0")
    sign = "-" if neg else ("+" if spec.plus else (" " if spec.space else ""))
    if spec.zero and not spec.minus and spec.prec is None and spec.width is not None:
        # Go turns zero padding into a precision: the digits fill the width, the prefix comes on top
        digits = digits.rjust(spec.width - len(sign), "0")
    prefix = ""
    if verb == "O":
        prefix = "0o"
        if spec.sharp and not digits.startswith("0"):
            digits = "0" + digits
    elif spec.sharp:
        prefix = {2: "0b", 8: "0", 16: "0x" if verb != "X" else "0X"}.get(base, "")
        if base == 8 and digits.startswith("0"):
            prefix = ""
    return _pad(sign + prefix + digits, spec, zero_ok=False)


def _fmt_float(f: float, verb: str, spec: _Spec) -> str:
    if math.isnan(f) or math.isinf(f):
        s = "NaN" if math.isnan(f) else ("+Inf" if f > 0 else "-Inf")
        if s == "NaN" and (spec.plus or spec.space):
            s = ("+" if spec.plus else " ") + s
        return _pad(s, spec, zero_ok=False)
    if verb in ("v", "g", "G") and spec.prec is None:
        s = format_float_g(f, upper=verb == "G")
        if spec.sharp:
            s = _sharp_g(s, 6)
    elif verb in ("g", "G", "v"):
        s = ("%" + ("#" if spec.sharp else "") + "." + str(spec.prec) + ("G" if verb == "G" else "g")) % f
    elif verb in ("e", "E", "f", "F"):
        p = 6 if spec.prec is None else spec.prec
        s = ("%" + ("#" if spec.sharp else "") + "." + str(p) + verb) % f
    elif verb == "b":
        s = _binary_float(f)
    elif verb in ("x", "X"):
        s = _hex_float(f, spec.prec, spec.sharp)
        if spec.sharp and spec.prec is None and verb == "x":
            # Go's # pads %x to 6 "digits", counting every mantissa character after the leading 0 (x included);
            # %#X only forces the point (which _hex_float did)
            mant, _, exp = s.partition("p")
            body = mant.lstrip("-")
            missing = 6 - (len(body.replace(".", "")) - 1)
            if "." not in body:
                mant += "."
            s = mant + "0" * max(missing, 0) + "p" + exp
        if verb == "X":
            s = s.upper()
    else:
        return _bad(verb, f)
    if spec.plus and not s.startswith("-"):
        s = "+" + s
    elif spec.space and not s.startswith("-"):
        s = " " + s
    return _pad(s, spec, signed=True)


def _sharp_g(num: str, digits: int) -> str:
    """Go's # flag on shortest %g: force a decimal point and pad to `digits` significant digits."""
    mant, tail = num, ""
    for i, c in enumerate(num):
        if c in "eE":
            mant, tail = num[:i], num[i:]
            break
    body = mant.lstrip("+-")
    seen = False
    for c in body:
        if c == ".":
            continue
        if c != "0":
            seen = True
        if seen:
            digits -= 1
    if "." not in body:
        if body == "0":
            digits -= 1
        mant += "."
    return mant + "0" * max(digits, 0) + tail


def _binary_float(f: float) -> str:
    """Go's %b for floats: decimal mantissa and power-of-two exponent (4503599627370496p-52)."""
    bits = struct.unpack(">Q", struct.pack(">d", f))[0]
    sign = "-" if bits >> 63 else ""
    exp = (bits >> 52) & 0x7FF
    mant = bits & ((1 << 52) - 1)
    if exp == 0:
        exp = 1
    else:
        mant |= 1 << 52
    e = exp - 1075
    return f"{sign}{mant}p{'+' if e >= 0 else ''}{e}"


def _hex_float(f: float, prec: int | None, sharp: bool = False) -> str:
    """Go's %x for floats: -0x1.8p+01 (shortest mantissa unless a precision is given)."""
    if f == 0:
        sign = "-" if math.copysign(1.0, f) < 0 else ""
        return f"{sign}0x0{'.' + '0' * prec if prec else ('.' if sharp else '')}p+00"
    sign = "-" if f < 0 else ""
    m, e = math.frexp(abs(f))  # abs(f) = m * 2**e, 0.5 <= m < 1
    m, e = m * 2, e - 1  # 1 <= m < 2
    if prec is None:
        h = float.hex(m)  # 0x1.xxxxp+0
        frac = h.split(".", 1)[1].split("p")[0].rstrip("0") if "." in h else ""
        ip = "1"
    else:
        scale = 16**prec
        v = round(m * scale)
        if v >= 2 * scale:  # rounding reached 2: renormalise
            v //= 2
            e += 1
        ip = str(v // scale)
        frac = f"{v % scale:0{prec}x}" if prec else ""
    dot = "." + frac if frac else ("." if sharp else "")
    return f"{sign}0x{ip}{dot}p{'-' if e < 0 else '+'}{abs(e):02d}"


def _can_backquote(s: str) -> bool:
    """strconv.CanBackquote: no control characters but tab, no backquote, DEL or BOM."""
    for c in s:
        o = ord(c)
        if o >= 0x80:
            if c == "\ufeff" or 0xD800 <= o <= 0xDFFF:
                return False
        elif (o < 0x20 and c != "\t") or c == "`" or o == 0x7F:
            return False
    return True


def _fmt_str(s: str, verb: str, spec: _Spec) -> str:
    if verb in ("v", "s"):
        if spec.prec is not None:
            s = s[: spec.prec]
        return _pad(s, spec)
    if verb == "q":
        if spec.prec is not None:
            s = s[: spec.prec]
        if spec.sharp and _can_backquote(s):
            return _pad("`" + s + "`", spec)
        return _pad(go_quote(s, ascii_only=spec.plus), spec)
    if verb in ("x", "X"):
        data = utf8(s)
        if spec.prec is not None:
            data = data[: spec.prec]
        parts = [format(b, "02x" if verb == "x" else "02X") for b in data]
        pre = ("0x" if verb == "x" else "0X") if spec.sharp else ""
        if spec.space:
            out = " ".join(pre + p for p in parts)
        else:
            out = pre + "".join(parts) if parts else ""
        return _pad(out, spec)
    return _bad(verb, s)


def format_arg(v: Any, verb: str, spec: _Spec | None = None, depth: int = 0, inner: bool = False) -> str:
    """Format one operand with one verb, the way fmt's printArg does (depth > 0: inside a slice/map;
    `inner`: the %v inside a bad-verb report, which keeps + and #)."""
    spec = spec or _Spec()
    if not inner:
        spec = spec.for_verb(verb)
    if v is MISSING:
        v = None
    if verb == "T":
        t = go_type(v)
        if v is None:  # padString: no truncation for <nil>
            return _pad(t, spec)
        return _pad(t[: spec.prec] if spec.prec is not None else t, spec)
    if v is None:
        if depth > 0:  # a nil element prints <nil>, unpadded, whatever the verb
            return "interface {}(nil)" if verb == "v" and spec.sharp_v else "<nil>"
        if verb == "v":
            return _pad("<nil>", spec)
        return _bad(verb, v, spec)
    if isinstance(v, bool):
        if verb in ("t", "v"):
            return _pad("true" if v else "false", spec)
        return _bad(verb, v, spec, depth)
    if isinstance(v, int):
        if verb in ("d", "v", "b", "o", "O", "x", "X", "c", "q", "U"):
            return _fmt_int(int(v), "d" if verb == "v" else verb, spec)
        return _bad(verb, v, spec, depth)
    if isinstance(v, float):
        if verb in ("v", "g", "G", "e", "E", "f", "F", "x", "X", "b"):
            return _fmt_float(float(v), "g" if verb == "v" else verb, spec)
        return _bad(verb, v, spec, depth)
    if isinstance(v, str):
        if verb == "v" and spec.sharp_v:
            return _pad(go_quote(v[: spec.prec] if spec.prec is not None else v), spec)
        if verb in ("v", "s", "q", "x", "X"):
            return _fmt_str(v, verb, spec)
        return _bad(verb, v, spec, depth)
    if isinstance(v, (bytes, bytearray)):
        if verb in ("s", "q", "x", "X"):
            return _fmt_str(bytes(v).decode("utf-8", "replace"), verb, spec)
        if verb == "v":
            return "[" + " ".join(_fmt_int(b, "d", spec) for b in v) + "]"
        return _bad(verb, v, spec, depth)
    d = depth + 1
    if is_list(v):
        if verb == "v" and spec.sharp_v:
            return "[]interface {}{" + ", ".join(format_arg(e, verb, spec, d, True) for e in v) + "}"
        return "[" + " ".join(format_arg(e, verb, spec, d, True) for e in v) + "]"
    if is_map(v):
        keys = map_key_order(list(v.keys()))
        sep = ", " if verb == "v" and spec.sharp_v else " "
        body = sep.join(f"{format_arg(k, verb, spec, d, True)}:{format_arg(v[k], verb, spec, d, True)}" for k in keys)
        if verb == "v" and spec.sharp_v:
            return "map[string]interface {}{" + body + "}"
        return "map[" + body + "]"
    if verb in ("v", "s"):
        return _fmt_str(format_v(v), "s", spec)
    if verb == "q":
        return _fmt_str(format_v(v), "q", spec)
    return _bad(verb, v, spec, depth)


_FLAGS = "+-# 0"
_TOO_LARGE = 10_000_000  # Go refuses widths and precisions above 1e6 (%!(BADWIDTH))


_COMPILED: dict[str, list] = {}


def _compile(fmt: str) -> list | None:
    """A simple format (no `*`, no `[n]`) as [literal or (verb, spec)], or None."""
    if "*" in fmt or "[" in fmt:
        return None
    prog: list = []
    n = len(fmt)
    i = 0
    while i < n:
        j = fmt.find("%", i)
        if j < 0:
            prog.append(fmt[i:])
            break
        if j > i:
            prog.append(fmt[i:j])
        i = j + 1
        spec = _Spec()
        while i < n and fmt[i] in _FLAGS:
            c = fmt[i]
            if c == "+":
                spec.plus = True
            elif c == "-":
                spec.minus, spec.zero = True, False
            elif c == "#":
                spec.sharp = True
            elif c == " ":
                spec.space = True
            else:
                spec.zero = not spec.minus
            i += 1
        start = i
        while i < n and fmt[i].isdigit():
            i += 1
        if i > start:
            if i - start > 7:
                return None
            spec.width = int(fmt[start:i])
        if i < n and fmt[i] == ".":
            i += 1
            start = i
            while i < n and fmt[i].isdigit():
                i += 1
            if i - start > 7:
                return None
            spec.prec = int(fmt[start:i]) if i > start else 0
        if (spec.width or 0) > 1_000_000 or (spec.prec or 0) > 1_000_000 or i >= n:
            return None
        verb = fmt[i]
        i += 1
        prog.append("%" if verb == "%" else (verb, spec))
    return prog


def sprintf(fmt: str, args: list[Any]) -> str:
    """fmt.Sprintf with Go's verbs and its error notation for bad verbs and argument counts."""
    prog = _COMPILED.get(fmt)
    if prog is None and len(fmt) < 512:
        prog = _compile(fmt)
        if prog is not None:
            if len(_COMPILED) > 2048:
                _COMPILED.clear()
            _COMPILED[fmt] = prog
    if prog is not None:
        out: list[str] = []
        argi = 0
        nargs = len(args)
        for op in prog:
            if op.__class__ is str:
                out.append(op)
                continue
            verb, spec = op
            if argi >= nargs:
                out.append(f"%!{verb}(MISSING)")
                continue
            out.append(format_arg(args[argi], verb, spec))
            argi += 1
        if argi < nargs:
            extra = ", ".join(
                "<nil>" if a is None or a is MISSING else f"{go_type(a)}={format_v(a)}" for a in args[argi:]
            )
            out.append(f"%!(EXTRA {extra})")
        return "".join(out)
    return _sprintf_slow(fmt, args)


def _sprintf_slow(fmt: str, args: list[Any]) -> str:
    out: list[str] = []
    n = len(fmt)
    i = 0
    argi = 0
    reordered = False
    while i < n:
        j = fmt.find("%", i)
        if j < 0:
            out.append(fmt[i:])
            break
        out.append(fmt[i:j])
        i = j + 1
        spec = _Spec()
        while i < n and fmt[i] in _FLAGS:
            c = fmt[i]
            if c == "+":
                spec.plus = True
            elif c == "-":
                spec.minus = True
                spec.zero = False
            elif c == "#":
                spec.sharp = True
            elif c == " ":
                spec.space = True
            elif c == "0":
                spec.zero = not spec.minus
            i += 1
        i, argi, ok = _arg_index(fmt, i, argi, len(args))
        reordered = reordered or not ok or (i > 0 and fmt[i - 1 : i] == "]")
        bad_width = False
        if i < n and fmt[i] == "*":
            i += 1
            if argi < len(args) and isinstance(args[argi], int) and not isinstance(args[argi], bool):
                w = int(args[argi])
                if abs(w) > 1_000_000:
                    bad_width, w = True, 0
                if w < 0:
                    spec.minus, spec.zero, w = True, False, -w
                spec.width = w
            else:
                bad_width = True
            argi += 1
        else:
            start = i
            while i < n and fmt[i].isdigit():
                i += 1
            if i > start:
                spec.width = int(fmt[start:i]) if i - start <= 7 else _TOO_LARGE
                if spec.width > 1_000_000:
                    spec.width = None
                    bad_width = True
        bad_prec = False
        if i < n and fmt[i] == ".":
            i += 1
            i, argi, _ = _arg_index(fmt, i, argi, len(args))
            if i < n and fmt[i] == "*":
                i += 1
                if argi < len(args) and isinstance(args[argi], int) and not isinstance(args[argi], bool):
                    p = int(args[argi])
                    spec.prec = p if 0 <= p <= 1_000_000 else None
                    bad_prec = p > 1_000_000
                else:
                    bad_prec = True
                argi += 1
            else:
                start = i
                while i < n and fmt[i].isdigit():
                    i += 1
                spec.prec = (int(fmt[start:i]) if i - start <= 7 else _TOO_LARGE) if i > start else 0
                if spec.prec > 1_000_000:
                    spec.prec = None
                    bad_prec = True
        i, argi, ok = _arg_index(fmt, i, argi, len(args))
        if bad_width:
            out.append("%!(BADWIDTH)")
        if bad_prec:
            out.append("%!(BADPREC)")
        if i >= n:
            out.append("%!(NOVERB)")
            break
        verb = fmt[i]
        i += 1
        if verb == "%":
            out.append("%")
            continue
        if not ok:
            out.append(f"%!{verb}(BADINDEX)")
            continue
        if argi >= len(args):
            out.append(f"%!{verb}(MISSING)")
            continue
        arg = args[argi]
        argi += 1
        out.append(format_arg(arg, verb, spec))
    if not reordered and argi < len(args):
        extra = ", ".join(
            "<nil>" if a is None or a is MISSING else f"{go_type(a)}={format_v(a)}" for a in args[argi:]
        )
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)


def _arg_index(fmt: str, i: int, argi: int, nargs: int) -> tuple[int, int, bool]:
    """Parse an explicit `[n]` argument index at fmt[i]; returns (new i, new argi, ok)."""
    if i >= len(fmt) or fmt[i] != "[":
        return i, argi, True
    end = fmt.find("]", i)
    if end < 0:
        return i, argi, False
    num = fmt[i + 1 : end]
    if not num.isdigit() or not 1 <= int(num) <= nargs:
        return end + 1, argi, False
    return end + 1, int(num) - 1, True
