"""The Sprig template function library (Masterminds/sprig v3), as Helm ships it.

`sprig_functions()` returns a fresh dict name -> callable for a `TemplateSet`. Functions take
plain Python values and raise `SprigError` where Go's version returns an error or panics; the
template engine turns that into a Helm-style `error calling NAME: ...` message. Helm removes
`env` and `expandenv`, so they are absent here too; functions needing key material or a
network (genCA, genSelfSignedCert, derivePassword, encryptAES, bcrypt, htpasswd...) fail with a
clear message instead of producing wrong output.

Dates, durations and semantic versions live in `sprig_time.py` and `sprig_semver.py`; keys,
certificates, bcrypt, derivePassword and AES in `sprig_crypto.py` (via the `openssl` command).
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import posixpath
import random
import re
import string
import uuid
import zlib
from decimal import Decimal, InvalidOperation
from typing import Any, Callable
from urllib.parse import urlsplit, urlunsplit

from .sprig_conv import (
    Int64,
    go_quote,
    go_str,
    is_empty,
    is_int,
    kind_name,
    strslice,
    strval,
    to_float64,
    to_int64,
    type_name,
)
from .sprig_crypto import crypto_functions
from .sprig_semver import semver, semver_compare
from .sprig_time import time_functions

MAX_LIST_ITEMS = 1_000_000


class SprigError(Exception):
    """A Sprig function failed (Go would return an error or panic)."""


def _cap(count: int, name: str) -> None:
    if count > MAX_LIST_ITEMS:
        raise SprigError(f"{name}: refusing to build a list of {count} items (limit {MAX_LIST_ITEMS})")


def _as_list(value: Any, what: str) -> list:
    if isinstance(value, (list, tuple)):
        return list(value)
    raise SprigError(f"Cannot {what} on type {kind_name(value) if value is not None else 'invalid'}")


def _as_dict(value: Any, name: str) -> dict:
    """A map argument; Go passes nil as an empty (nil) map, so None reads as {}."""
    if isinstance(value, dict):
        return value
    if value is None:
        return {}
    raise SprigError(f"{name}: expected a dict, got {type_name(value)}")


# ---------------------------------------------------------------------------------------------
# strings
# ---------------------------------------------------------------------------------------------


def _is_go_separator(ch: str) -> bool:
    if ch.isalnum() or ch == "_":
        return False
    if ord(ch) < 0x80:
        return True
    return ch.isspace()


def title(text: Any) -> str:
    """strings.Title: upper-case the first letter of each word."""
    s = strval(text)
    out = []
    prev_sep = True
    for ch in s:
        out.append(ch.upper() if prev_sep and ch.isalpha() else ch)
        prev_sep = _is_go_separator(ch)
    return "".join(out)


def untitle(text: Any) -> str:
    s = strval(text)
    out = []
    prev_space = True
    for ch in s:
        out.append(ch.lower() if prev_space else ch)
        prev_space = ch.isspace()
    return "".join(out)


def substr(start: Any, end: Any, text: Any) -> str:
    s = strval(text)
    a, b = to_int64(start), to_int64(end)
    if a < 0:
        return s[: max(b, 0)] if b <= len(s) else s
    if b < 0 or b > len(s):
        return s[a:]
    if a > b:
        raise SprigError(f"slice bounds out of range [{a}:{b}]")
    return s[a:b]


def trunc(count: Any, text: Any) -> str:
    c = to_int64(count)
    s = strval(text)
    if c < 0 and len(s) + c > 0:
        return s[len(s) + c :]
    if c >= 0 and len(s) > c:
        return s[:c]
    return s


def abbrev(width: Any, text: Any) -> str:
    w = to_int64(width)
    s = strval(text)
    if w < 4 or len(s) <= w:
        return s
    return s[: w - 3] + "..."


def abbrevboth(left: Any, right: Any, text: Any) -> str:
    offset, width = to_int64(left), to_int64(right)
    s = strval(text)
    if width < 4 or (offset > 0 and width < 7):
        return s
    if len(s) <= width:
        return s
    offset = min(offset, len(s))
    if len(s) - offset < width - 3:
        offset = len(s) - (width - 3)
    if offset <= 4:
        return s[: width - 3] + "..."
    if width < 7:
        return s
    if offset + width - 3 < len(s):
        return "..." + abbrev(width - 3, s[offset:])
    return "..." + s[len(s) - (width - 3) :]


def initials(text: Any) -> str:
    return "".join(word[0] for word in strval(text).split())


def _wrap(text: str, width: int, newline: str, wrap_long: bool) -> str:
    if width < 1:
        width = 1
    if newline == "":
        newline = "\n"
    n = len(text)
    offset = 0
    out: list[str] = []
    while n - offset > width:
        if text[offset] == " ":
            offset += 1
            continue
        window = text[offset : width + offset + 1]
        space = window.rfind(" ")
        if space >= 0:
            out.append(text[offset : offset + space] + newline)
            offset += space + 1
        elif wrap_long:
            out.append(text[offset : offset + width] + newline)
            offset += width
        else:
            nxt = text.find(" ", offset + width)
            if nxt >= 0:
                out.append(text[offset:nxt] + newline)
                offset = nxt + 1
            else:
                out.append(text[offset:])
                offset = n
    out.append(text[offset:])
    return "".join(out)


def wrap(width: Any, text: Any) -> str:
    return _wrap(strval(text), to_int64(width), "\n", False)


def wrap_with(width: Any, sep: Any, text: Any) -> str:
    return _wrap(strval(text), to_int64(width), strval(sep), True)


def quote(*args: Any) -> str:
    return " ".join(go_quote(strval(a)) for a in args if a is not None)


def squote(*args: Any) -> str:
    return " ".join("'" + strval(a) + "'" for a in args if a is not None)


def cat(*args: Any) -> str:
    return " ".join(go_str(a) for a in args if a is not None)


def indent(spaces: Any, text: Any) -> str:
    pad = " " * max(to_int64(spaces), 0)
    return pad + strval(text).replace("\n", "\n" + pad)


def nindent(spaces: Any, text: Any) -> str:
    return "\n" + indent(spaces, text)


def plural(one: Any, many: Any, count: Any) -> str:
    return strval(one) if to_int64(count) == 1 else strval(many)


_WORD_SPLIT = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+|[0-9]+")


def _words(text: str) -> list[str]:
    words: list[str] = []
    for chunk in re.split(r"[\s_\-.]+", text):
        words.extend(_WORD_SPLIT.findall(chunk))
    return words


def snakecase(text: Any) -> str:
    return "_".join(w.lower() for w in _words(strval(text)))


def kebabcase(text: Any) -> str:
    return "-".join(w.lower() for w in _words(strval(text)))


def camelcase(text: Any) -> str:
    """xstrings.ToCamelCase: `foo_bar` -> `FooBar` (underscore-separated words capitalised)."""
    s = strval(text)
    out = []
    upper_next = True
    for ch in s:
        if ch == "_":
            upper_next = True
            continue
        out.append(ch.upper() if upper_next else ch)
        upper_next = False
    return "".join(out)


def swapcase(text: Any) -> str:
    return strval(text).swapcase()


def shuffle(text: Any) -> str:
    chars = list(strval(text))
    random.shuffle(chars)
    return "".join(chars)


def _rand(chars: str, count: Any) -> str:
    n = to_int64(count)
    _cap(n, "rand")
    rng = random.SystemRandom()
    return "".join(rng.choice(chars) for _ in range(max(n, 0)))


def nospace(text: Any) -> str:
    return "".join(ch for ch in strval(text) if not ch.isspace())


def split_list(sep: Any, text: Any) -> list[str]:
    s, sp = strval(text), strval(sep)
    if sp == "":
        return list(s)
    return s.split(sp)


def split_dict(sep: Any, text: Any) -> dict[str, str]:
    return {f"_{i}": part for i, part in enumerate(split_list(sep, text))}


def splitn_dict(sep: Any, count: Any, text: Any) -> dict[str, str]:
    n = to_int64(count)
    s, sp = strval(text), strval(sep)
    if n == 0:
        return {}
    parts = list(s) if sp == "" else (s.split(sp) if n < 0 else s.split(sp, n - 1))
    return {f"_{i}": part for i, part in enumerate(parts)}


def join(sep: Any, value: Any) -> str:
    return strval(sep).join(strslice(value))


def sort_alpha(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return sorted(strslice(value))
    return [strval(value)]


def to_decimal(value: Any) -> int:
    try:
        return Int64(int(strval(value), 8))
    except ValueError:
        return Int64(0)


def atoi(value: Any) -> int:
    s = strval(value)
    try:
        if s.strip() != s or "_" in s:
            return 0
        return int(s)
    except ValueError:
        return 0


# ---------------------------------------------------------------------------------------------
# regular expressions (Go RE2 syntax is close to Python's `re`)
# ---------------------------------------------------------------------------------------------

_RE_CACHE: dict[str, re.Pattern] = {}


def _compile(pattern: Any) -> re.Pattern:
    p = strval(pattern)
    cached = _RE_CACHE.get(p)
    if cached is not None:
        return cached
    py = p.replace(r"\z", r"\Z").replace("(?P<", "(?P<")
    py = re.sub(r"\\p\{?L\}?", "[^\\\\W\\\\d_]", py)
    try:
        compiled = re.compile(py)
    except re.error as exc:
        raise SprigError(f"error parsing regexp: {exc}: `{p}`") from None
    if len(_RE_CACHE) > 512:
        _RE_CACHE.clear()
    _RE_CACHE[p] = compiled
    return compiled


def regex_match(pattern: Any, text: Any) -> bool:
    return _compile(pattern).search(strval(text)) is not None


def regex_find_all(pattern: Any, text: Any, count: Any) -> list[str]:
    n = to_int64(count)
    found = [m.group(0) for m in _compile(pattern).finditer(strval(text))]
    return found if n < 0 else found[:n]


def regex_find(pattern: Any, text: Any) -> str:
    m = _compile(pattern).search(strval(text))
    return m.group(0) if m else ""


_EXPAND = re.compile(r"\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))")


def _go_expand(template: str, match: re.Match) -> str:
    def repl(m: re.Match) -> str:
        if m.group(1) == "$":
            return "$"
        name = m.group(2) or m.group(3)
        try:
            if name.isdigit():
                return match.group(int(name)) or ""
            return match.group(name) or ""
        except (IndexError, re.error):
            return ""

    return _EXPAND.sub(repl, template)


def regex_replace_all(pattern: Any, text: Any, repl: Any) -> str:
    r = strval(repl)
    return _compile(pattern).sub(lambda m: _go_expand(r, m), strval(text))


def regex_replace_all_literal(pattern: Any, text: Any, repl: Any) -> str:
    r = strval(repl)
    return _compile(pattern).sub(lambda m: r, strval(text))


def regex_split(pattern: Any, text: Any, count: Any) -> list[str]:
    n = to_int64(count)
    s = strval(text)
    if n == 0:
        return []
    rx = _compile(pattern)
    if rx.pattern and s == "":
        return [""]
    out: list[str] = []
    beg = 0
    for m in rx.finditer(s):
        if n > 0 and len(out) == n - 1:
            break
        end = m.start()
        if m.end() == 0:
            continue
        out.append(s[beg:end])
        beg = m.end()
    out.append(s[beg:])
    return out


def regex_quote_meta(text: Any) -> str:
    special = set("\\.+*?()|[]{}^$")
    return "".join("\\" + ch if ch in special else ch for ch in strval(text))


# ---------------------------------------------------------------------------------------------
# lists
# ---------------------------------------------------------------------------------------------


def first(value: Any) -> Any:
    items = _as_list(value, "find first")
    return items[0] if items else None


def rest(value: Any) -> Any:
    items = _as_list(value, "find rest")
    return items[1:] if items else None


def last(value: Any) -> Any:
    items = _as_list(value, "find last")
    return items[-1] if items else None


def initial(value: Any) -> Any:
    items = _as_list(value, "find initial")
    return items[:-1] if items else None


def append_(value: Any, item: Any) -> list:
    if value is None:
        return [item]
    return _as_list(value, "push") + [item]


def prepend(value: Any, item: Any) -> list:
    if value is None:
        return [item]
    return [item] + _as_list(value, "prepend")


def concat(*lists: Any) -> list:
    out: list = []
    for value in lists:
        if value is None:
            continue
        out.extend(_as_list(value, "concat"))
    return out


def reverse(value: Any) -> list:
    return list(reversed(_as_list(value, "find reverse")))


def uniq(value: Any) -> list:
    out: list = []
    for item in _as_list(value, "find uniq"):
        if not any(deep_equal(item, seen) for seen in out):
            out.append(item)
    return out


def without(value: Any, *omit: Any) -> list:
    return [v for v in _as_list(value, "find without") if not any(deep_equal(v, o) for o in omit)]


def has(needle: Any, haystack: Any) -> bool:
    if haystack is None:
        return False
    return any(deep_equal(needle, v) for v in _as_list(haystack, "find has"))


def compact(value: Any) -> list:
    return [v for v in _as_list(value, "compact") if not is_empty(v)]


def slice_(value: Any, *indices: Any) -> Any:
    if isinstance(value, str):
        items: Any = value
    else:
        items = _as_list(value, "slice")
    n = len(items)
    lo = to_int64(indices[0]) if len(indices) > 0 else 0
    hi = to_int64(indices[1]) if len(indices) > 1 else n
    if lo < 0 or hi > n or lo > hi:
        raise SprigError(f"slice bounds out of range [{lo}:{hi}] with length {n}")
    return items[lo:hi]


def chunk(size: Any, value: Any) -> list:
    n = to_int64(size)
    items = _as_list(value, "chunk")
    if n <= 0:
        raise SprigError("chunk size must be positive")
    return [items[i : i + n] for i in range(0, len(items), n)]


def until(count: Any) -> list[int]:
    n = to_int64(count)
    return until_step(0, n, 1 if n >= 0 else -1)


def until_step(start: Any, stop: Any, step: Any) -> list[int]:
    a, b, s = to_int64(start), to_int64(stop), to_int64(step)
    if s == 0 or (s > 0 and a >= b) or (s < 0 and a <= b):
        return []
    _cap(abs((b - a) // s), "untilStep")
    return list(range(a, b, s))


def seq(*params: Any) -> str:
    nums = [to_int64(p) for p in params]
    if len(nums) == 0:
        return ""
    if len(nums) == 1:
        start, end, step = 1, nums[0], 1
        if end < 1:
            step = -1
    elif len(nums) == 2:
        start, end = nums
        step = 1 if end >= start else -1
    elif len(nums) == 3:
        start, step, end = nums
        if end == start:
            return str(start)
        if (end > start and step <= 0) or (end < start and step >= 0):
            return ""
    else:
        raise SprigError("seq: too many arguments")
    if step == 0:
        return ""
    _cap(abs((end - start) // step) + 1, "seq")
    stop = end + (1 if step > 0 else -1)
    return " ".join(str(v) for v in range(start, stop, step))


# ---------------------------------------------------------------------------------------------
# dicts
# ---------------------------------------------------------------------------------------------


def dict_(*pairs: Any) -> dict:
    out: dict = {}
    for i in range(0, len(pairs), 2):
        key = strval(pairs[i])
        out[key] = pairs[i + 1] if i + 1 < len(pairs) else ""
    return out


def get(d: Any, key: Any) -> Any:
    d = _as_dict(d, "get")
    k = strval(key)
    return d[k] if k in d else ""


def set_(d: Any, key: Any, value: Any) -> dict:
    if d is None:
        raise SprigError("assignment to entry in nil map")
    d = _as_dict(d, "set")
    d[strval(key)] = value
    return d


def unset(d: Any, key: Any) -> dict:
    d = _as_dict(d, "unset")
    d.pop(strval(key), None)
    return d


def has_key(d: Any, key: Any) -> bool:
    return strval(key) in _as_dict(d, "hasKey")


def pluck(key: Any, *dicts: Any) -> list:
    k = strval(key)
    return [d[k] for d in dicts if isinstance(d, dict) and k in d]


def dig(*args: Any) -> Any:
    if len(args) < 3:
        raise SprigError(f"dig needs at least three arguments, got {len(args)}")
    keys, default, d = args[:-2], args[-2], args[-1]
    current: Any = _as_dict(d, "dig")
    for i, key in enumerate(keys):
        k = strval(key)
        if not isinstance(current, dict) or k not in current:
            return default
        current = current[k]
        if i < len(keys) - 1 and not isinstance(current, dict):
            return default
    return current


def _merge_into(dst: dict, src: dict, overwrite: bool) -> None:
    for key, sval in src.items():
        if key in dst:
            dval = dst[key]
            if isinstance(dval, dict) and isinstance(sval, dict):
                _merge_into(dval, sval, overwrite)
            elif overwrite:
                if not is_empty(sval) or isinstance(sval, bool):
                    dst[key] = copy.deepcopy(sval)
            elif is_empty(dval) and not isinstance(dval, dict):
                dst[key] = copy.deepcopy(sval)
        else:
            dst[key] = copy.deepcopy(sval)


def merge(dst: Any, *srcs: Any) -> dict:
    d = _as_dict(dst, "merge")
    for src in srcs:
        if src is None:
            continue
        _merge_into(d, _as_dict(src, "merge"), overwrite=False)
    return d


def merge_overwrite(dst: Any, *srcs: Any) -> dict:
    d = _as_dict(dst, "mergeOverwrite")
    for src in srcs:
        if src is None:
            continue
        _merge_into(d, _as_dict(src, "mergeOverwrite"), overwrite=True)
    return d


def keys(*dicts: Any) -> list[str]:
    out: list[str] = []
    for d in dicts:
        out.extend(_as_dict(d, "keys").keys())
    return out


def pick(d: Any, *names: Any) -> dict:
    d = _as_dict(d, "pick")
    wanted = [strval(n) for n in names]
    return {k: d[k] for k in wanted if k in d}


def omit(d: Any, *names: Any) -> dict:
    d = _as_dict(d, "omit")
    drop = {strval(n) for n in names}
    return {k: v for k, v in d.items() if k not in drop}


def values(d: Any) -> list:
    return list(_as_dict(d, "values").values())


def deep_copy(value: Any) -> Any:
    if value is None:
        raise SprigError("deepCopy: cannot copy nil")
    return copy.deepcopy(value)


# ---------------------------------------------------------------------------------------------
# math
# ---------------------------------------------------------------------------------------------


def _i64(n: int) -> Int64:
    n = ((n + 2**63) % 2**64) - 2**63
    return Int64(n)


def add(*args: Any) -> int:
    return _i64(sum(to_int64(a) for a in args))


def add1(value: Any) -> int:
    return _i64(to_int64(value) + 1)


def sub(a: Any, b: Any) -> int:
    return _i64(to_int64(a) - to_int64(b))


def _go_div(a: int, b: int) -> int:
    if b == 0:
        raise SprigError("runtime error: integer divide by zero")
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def div(a: Any, b: Any) -> int:
    return _i64(_go_div(to_int64(a), to_int64(b)))


def mod(a: Any, b: Any) -> int:
    x, y = to_int64(a), to_int64(b)
    if y == 0:
        raise SprigError("runtime error: integer divide by zero")
    return _i64(x - _go_div(x, y) * y)


def mul(a: Any, *rest_: Any) -> int:
    out = to_int64(a)
    for v in rest_:
        out *= to_int64(v)
    return _i64(out)


def max_(a: Any, *rest_: Any) -> int:
    return _i64(max([to_int64(a)] + [to_int64(v) for v in rest_]))


def min_(a: Any, *rest_: Any) -> int:
    return _i64(min([to_int64(a)] + [to_int64(v) for v in rest_]))


def _dec(value: Any) -> Decimal:
    f = to_float64(value)
    try:
        return Decimal(repr(f))
    except InvalidOperation:
        return Decimal(0)


def _decimal_fold(values_: tuple, op: Callable[[Decimal, Decimal], Decimal], start: Decimal | None = None) -> float:
    items = list(values_)
    acc = start if start is not None else _dec(items.pop(0) if items else 0)
    for v in items:
        acc = op(acc, _dec(v))
    return float(acc)


def addf(*args: Any) -> float:
    return _decimal_fold(args, lambda a, b: a + b, Decimal(0))


def add1f(value: Any) -> float:
    return float(_dec(value) + 1)


def subf(a: Any, *rest_: Any) -> float:
    return _decimal_fold((a,) + rest_, lambda x, y: x - y)


def mulf(a: Any, *rest_: Any) -> float:
    return _decimal_fold((a,) + rest_, lambda x, y: x * y)


def divf(a: Any, *rest_: Any) -> float:
    def op(x: Decimal, y: Decimal) -> Decimal:
        if y == 0:
            raise SprigError("decimal division by 0")
        return x / y

    return _decimal_fold((a,) + rest_, op)


def maxf(a: Any, *rest_: Any) -> float:
    return max([to_float64(a)] + [to_float64(v) for v in rest_])


def minf(a: Any, *rest_: Any) -> float:
    return min([to_float64(a)] + [to_float64(v) for v in rest_])


def floor(value: Any) -> float:
    import math

    return float(math.floor(to_float64(value)))


def ceil(value: Any) -> float:
    import math

    return float(math.ceil(to_float64(value)))


def round_(value: Any, places: Any, *round_on: Any) -> float:
    import math

    on = to_float64(round_on[0]) if round_on else 0.5
    val = to_float64(value)
    pow_ = math.pow(10, to_float64(places))
    digit = pow_ * val
    frac = math.modf(digit)[0]
    rounded = math.ceil(digit) if frac >= on else math.floor(digit)
    return rounded / pow_


def rand_int(lo: Any, hi: Any) -> int:
    a, b = to_int64(lo), to_int64(hi)
    if b <= a:
        raise SprigError("invalid argument to Intn")
    return random.randrange(a, b)


# ---------------------------------------------------------------------------------------------
# defaults, flow, reflection
# ---------------------------------------------------------------------------------------------


def default(fallback: Any, *given: Any) -> Any:
    if not given or is_empty(given[0]):
        return fallback
    return given[0]


def coalesce(*args: Any) -> Any:
    for v in args:
        if not is_empty(v):
            return v
    return None


def all_(*args: Any) -> bool:
    return all(not is_empty(v) for v in args)


def any_(*args: Any) -> bool:
    return any(not is_empty(v) for v in args)


def ternary(true_value: Any, false_value: Any, condition: Any) -> Any:
    if not isinstance(condition, bool):
        raise SprigError(f"wrong type for value; expected bool; got {type_name(condition)}")
    return true_value if condition else false_value


def deep_equal(a: Any, b: Any) -> bool:
    if type_name(a) != type_name(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(deep_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(deep_equal(x, y) for x, y in zip(a, b))
    return a == b


def type_is(name: Any, value: Any) -> bool:
    return strval(name) == type_name(value)


def type_is_like(name: Any, value: Any) -> bool:
    t = type_name(value)
    n = strval(name)
    return n == t or "*" + n == t


def kind_is(name: Any, value: Any) -> bool:
    return strval(name) == kind_name(value)


# ---------------------------------------------------------------------------------------------
# encoding, hashes, JSON
# ---------------------------------------------------------------------------------------------


def _bytes(value: Any) -> bytes:
    return strval(value).encode("utf-8")


def b64dec(value: Any) -> str:
    try:
        return base64.b64decode(_bytes(value), validate=True).decode("utf-8", "replace")
    except (ValueError, TypeError) as exc:
        return f"illegal base64 data: {exc}"


def b32dec(value: Any) -> str:
    try:
        return base64.b32decode(_bytes(value)).decode("utf-8", "replace")
    except (ValueError, TypeError) as exc:
        return f"illegal base32 data: {exc}"


def to_go_json(value: Any, *, indent: str | None = None, escape_html: bool = True) -> str:
    """encoding/json Marshal(Indent): sorted map keys, Go number format, HTML-escaped <, >, &
    (unless escape_html=False, as `toRawJson`)."""
    out: list[str] = []
    _json_encode(value, out, indent, "", escape_html)
    return "".join(out)


def go_json_float(f: float) -> str:
    """encoding/json float64: shortest 'f' form, 'e' form below 1e-6 or from 1e21 (e-07 -> e-7)."""
    import math

    if math.isnan(f) or math.isinf(f):
        raise SprigError(f"json: unsupported value: {go_str(f)}")
    a = abs(f)
    if a != 0 and (a < 1e-6 or a >= 1e21):
        mant, _, exp = repr(float(f)).partition("e")
        if not exp:
            mant, _, exp = f"{f:e}".partition("e")
        if mant.endswith(".0"):
            mant = mant[:-2]
        sign = "-" if exp.startswith("-") else "+"
        digits = exp.lstrip("+-").lstrip("0") or "0"
        if sign == "+" and len(digits) < 2:
            digits = digits.zfill(2)
        return f"{mant}e{sign}{digits}"
    if f == int(f):
        return str(int(f))
    text = repr(float(f))
    if "e" in text:
        text = format(f, "f").rstrip("0").rstrip(".")
    return text


_JSON_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _json_string(text: str, escape_html: bool) -> str:
    out = ['"']
    for ch in text:
        if ch in _JSON_ESCAPES:
            out.append(_JSON_ESCAPES[ch])
        elif ord(ch) < 0x20 or ch in "\u2028\u2029" or (escape_html and ch in "<>&"):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


class GoStruct(dict):
    """The JSON object of a Go struct: fields keep their declaration (insertion) order."""


def _json_encode(value: Any, out: list[str], indent: str | None, prefix: str, escape_html: bool) -> None:
    if value is None:
        out.append("null")
    elif isinstance(value, bool):
        out.append("true" if value else "false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(go_json_float(value))
    elif isinstance(value, str):
        out.append(_json_string(str.__str__(value), escape_html))
    elif isinstance(value, (bytes, bytearray)):
        out.append('"' + base64.b64encode(bytes(value)).decode() + '"')
    elif isinstance(value, dict):
        items = [(strval(k), v) for k, v in value.items()]
        if type(value) is not GoStruct:
            items.sort(key=lambda kv: kv[0].encode("utf-8"))
        if not items:
            out.append("{}")
            return
        inner = prefix + (indent or "")
        out.append("{")
        for i, (k, v) in enumerate(items):
            if i:
                out.append(",")
            if indent is not None:
                out.append("\n" + inner)
            out.append(_json_string(k, escape_html))
            out.append(": " if indent is not None else ":")
            _json_encode(v, out, indent, inner, escape_html)
        if indent is not None:
            out.append("\n" + prefix)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = prefix + (indent or "")
        out.append("[")
        for i, v in enumerate(value):
            if i:
                out.append(",")
            if indent is not None:
                out.append("\n" + inner)
            _json_encode(v, out, indent, inner, escape_html)
        if indent is not None:
            out.append("\n" + prefix)
        out.append("]")
    else:
        to_json = getattr(value, "to_go_json", None)
        if callable(to_json):
            _json_encode(to_json(), out, indent, prefix, escape_html)
        else:
            out.append(_json_string(str(value), escape_html))


def _json_or_empty(fn: Callable[[Any], str]) -> Callable[[Any], str]:
    def wrapper(value: Any) -> str:
        try:
            return fn(value)
        except (SprigError, ValueError, TypeError):
            return ""

    return wrapper


def _must_json(fn: Callable[[Any], str]) -> Callable[[Any], str]:
    def wrapper(value: Any) -> str:
        try:
            return fn(value)
        except (ValueError, TypeError) as exc:
            raise SprigError(str(exc)) from None

    return wrapper


def _to_json(value: Any) -> str:
    return to_go_json(value)


def _to_pretty_json(value: Any) -> str:
    return to_go_json(value, indent="  ")


def _to_raw_json(value: Any) -> str:
    return to_go_json(value, escape_html=False)


def from_json_sprig(value: Any) -> Any:
    try:
        return _numbers_to_float(json.loads(strval(value)))
    except ValueError:
        return None


def must_from_json(value: Any) -> Any:
    try:
        return _numbers_to_float(json.loads(strval(value)))
    except ValueError as exc:
        raise SprigError(str(exc)) from None


def _numbers_to_float(value: Any) -> Any:
    """encoding/json into interface{}: every number is a float64."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, dict):
        return {k: _numbers_to_float(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers_to_float(v) for v in value]
    return value


# ---------------------------------------------------------------------------------------------
# paths and URLs
# ---------------------------------------------------------------------------------------------


def path_base(value: Any) -> str:
    p = strval(value)
    if p == "":
        return "."
    p = p.rstrip("/")
    if p == "":
        return "/"
    return p.rsplit("/", 1)[-1]


def path_dir(value: Any) -> str:
    p = strval(value)
    head = p[: p.rfind("/") + 1] if "/" in p else ""
    return path_clean(head)


def path_clean(value: Any) -> str:
    p = strval(value)
    if p == "":
        return "."
    cleaned = posixpath.normpath(p)
    if cleaned.startswith("//"):
        cleaned = "/" + cleaned.lstrip("/")
    return cleaned


def path_ext(value: Any) -> str:
    p = strval(value)
    for i in range(len(p) - 1, -1, -1):
        if p[i] == "/":
            break
        if p[i] == ".":
            return p[i:]
    return ""


def url_parse(value: Any) -> dict:
    text = strval(value)
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        raise SprigError(f"unable to parse url: {exc}") from None
    userinfo = ""
    if "@" in parts.netloc:
        userinfo = parts.netloc.rsplit("@", 1)[0]
    host = parts.netloc.rsplit("@", 1)[-1]
    return {
        "scheme": parts.scheme,
        "host": host,
        "hostname": parts.hostname or "",
        "path": parts.path,
        "query": parts.query,
        "opaque": "",
        "fragment": parts.fragment,
        "userinfo": userinfo,
    }


def url_join(d: Any) -> str:
    d = _as_dict(d, "urlJoin")
    netloc = strval(d.get("host", ""))
    if d.get("userinfo"):
        netloc = strval(d["userinfo"]) + "@" + netloc
    return urlunsplit(
        (strval(d.get("scheme", "")), netloc, strval(d.get("path", "")), strval(d.get("query", "")), strval(d.get("fragment", "")))
    )


def sprig_functions() -> dict[str, Callable[..., Any]]:
    """A fresh Sprig function map (Helm's flavour: no env/expandenv)."""
    f: dict[str, Callable[..., Any]] = {
        # strings
        "hello": lambda: "Hello!",
        "upper": lambda s: strval(s).upper(),
        "lower": lambda s: strval(s).lower(),
        "title": title,
        "untitle": untitle,
        "substr": substr,
        "repeat": lambda count, s: _repeat(count, s),
        "trim": lambda s: strval(s).strip(" \t\n\r\v\f\u0085\u00a0"),
        "trimAll": lambda cut, s: strval(s).strip(strval(cut)),
        "trimall": lambda cut, s: strval(s).strip(strval(cut)),
        "trimSuffix": lambda suf, s: strval(s)[: -len(strval(suf))] if strval(suf) and strval(s).endswith(strval(suf)) else strval(s),
        "trimPrefix": lambda pre, s: strval(s)[len(strval(pre)) :] if strval(s).startswith(strval(pre)) else strval(s),
        "nospace": nospace,
        "initials": initials,
        "randAlphaNum": lambda n: _rand(string.ascii_letters + string.digits, n),
        "randAlpha": lambda n: _rand(string.ascii_letters, n),
        "randAscii": lambda n: _rand("".join(chr(c) for c in range(32, 127)), n),
        "randNumeric": lambda n: _rand(string.digits, n),
        "swapcase": swapcase,
        "shuffle": shuffle,
        "snakecase": snakecase,
        "camelcase": camelcase,
        "kebabcase": kebabcase,
        "wrap": wrap,
        "wrapWith": wrap_with,
        "contains": lambda sub_, s: strval(sub_) in strval(s),
        "hasPrefix": lambda pre, s: strval(s).startswith(strval(pre)),
        "hasSuffix": lambda suf, s: strval(s).endswith(strval(suf)),
        "quote": quote,
        "squote": squote,
        "cat": cat,
        "indent": indent,
        "nindent": nindent,
        "replace": lambda old, new, s: strval(s).replace(strval(old), strval(new)),
        "plural": plural,
        "sha1sum": lambda s: hashlib.sha1(_bytes(s)).hexdigest(),
        "sha256sum": lambda s: hashlib.sha256(_bytes(s)).hexdigest(),
        "sha512sum": lambda s: hashlib.sha512(_bytes(s)).hexdigest(),
        "adler32sum": lambda s: str(zlib.adler32(_bytes(s))),
        "toString": strval,
        "atoi": atoi,
        "int64": lambda v: Int64(to_int64(v)),
        "int": lambda v: int(to_int64(v)),
        "float64": to_float64,
        "seq": seq,
        "toDecimal": to_decimal,
        "split": split_dict,
        "splitList": split_list,
        "splitn": splitn_dict,
        "toStrings": strslice,
        "until": until,
        "untilStep": until_step,
        "abbrev": abbrev,
        "abbrevboth": abbrevboth,
        "trunc": trunc,
        "join": join,
        "sortAlpha": sort_alpha,
        # math
        "add1": add1,
        "add": add,
        "sub": sub,
        "div": div,
        "mod": mod,
        "mul": mul,
        "randInt": rand_int,
        "add1f": add1f,
        "addf": addf,
        "subf": subf,
        "divf": divf,
        "mulf": mulf,
        "biggest": max_,
        "max": max_,
        "min": min_,
        "maxf": maxf,
        "minf": minf,
        "ceil": ceil,
        "floor": floor,
        "round": round_,
        # defaults and flow
        "default": default,
        "empty": is_empty,
        "coalesce": coalesce,
        "all": all_,
        "any": any_,
        "compact": compact,
        "mustCompact": compact,
        "fromJson": from_json_sprig,
        "toJson": _json_or_empty(_to_json),
        "toPrettyJson": _json_or_empty(_to_pretty_json),
        "toRawJson": _json_or_empty(_to_raw_json),
        "mustFromJson": must_from_json,
        "mustToJson": _must_json(_to_json),
        "mustToPrettyJson": _must_json(_to_pretty_json),
        "mustToRawJson": _must_json(_to_raw_json),
        "ternary": ternary,
        "deepCopy": deep_copy,
        "mustDeepCopy": deep_copy,
        # reflection
        "typeOf": type_name,
        "typeIs": type_is,
        "typeIsLike": type_is_like,
        "kindOf": kind_name,
        "kindIs": kind_is,
        "deepEqual": deep_equal,
        # paths
        "base": path_base,
        "dir": path_dir,
        "clean": path_clean,
        "ext": path_ext,
        "isAbs": lambda p: strval(p).startswith("/"),
        "osBase": path_base,
        "osClean": path_clean,
        "osDir": path_dir,
        "osExt": path_ext,
        "osIsAbs": lambda p: strval(p).startswith("/"),
        # encoding
        "b64enc": lambda s: base64.b64encode(_bytes(s)).decode(),
        "b64dec": b64dec,
        "b32enc": lambda s: base64.b32encode(_bytes(s)).decode(),
        "b32dec": b32dec,
        # lists
        "tuple": lambda *items: list(items),
        "list": lambda *items: list(items),
        "dict": dict_,
        "get": get,
        "set": set_,
        "unset": unset,
        "hasKey": has_key,
        "pluck": pluck,
        "keys": keys,
        "pick": pick,
        "omit": omit,
        "merge": merge,
        "mergeOverwrite": merge_overwrite,
        "mustMerge": merge,
        "mustMergeOverwrite": merge_overwrite,
        "values": values,
        "dig": dig,
        "append": append_,
        "push": append_,
        "mustAppend": append_,
        "mustPush": append_,
        "prepend": prepend,
        "mustPrepend": prepend,
        "first": first,
        "mustFirst": first,
        "rest": rest,
        "mustRest": rest,
        "last": last,
        "mustLast": last,
        "initial": initial,
        "mustInitial": initial,
        "reverse": reverse,
        "mustReverse": reverse,
        "uniq": uniq,
        "mustUniq": uniq,
        "without": without,
        "mustWithout": without,
        "has": has,
        "mustHas": has,
        "slice": slice_,
        "mustSlice": slice_,
        "concat": concat,
        "chunk": chunk,
        "mustChunk": chunk,
        # network
        "getHostByName": lambda _name: "",
        # semver
        "semver": semver,
        "semverCompare": semver_compare,
        # flow control
        "fail": _fail,
        # regex
        "regexMatch": regex_match,
        "mustRegexMatch": regex_match,
        "regexFindAll": regex_find_all,
        "mustRegexFindAll": regex_find_all,
        "regexFind": regex_find,
        "mustRegexFind": regex_find,
        "regexReplaceAll": regex_replace_all,
        "mustRegexReplaceAll": regex_replace_all,
        "regexReplaceAllLiteral": regex_replace_all_literal,
        "mustRegexReplaceAllLiteral": regex_replace_all_literal,
        "regexSplit": regex_split,
        "mustRegexSplit": regex_split,
        "regexQuoteMeta": regex_quote_meta,
        # urls
        "urlParse": url_parse,
        "urlJoin": url_join,
        # misc
        "uuidv4": lambda: str(uuid.uuid4()),
        "randBytes": lambda n: base64.b64encode(random.randbytes(max(to_int64(n), 0))).decode(),
    }
    f.update(time_functions())
    f.update(crypto_functions())
    return f


def _repeat(count: Any, text: Any) -> str:
    n = to_int64(count)
    s = strval(text)
    if n < 0:
        raise SprigError("strings: negative Repeat count")
    _cap(n * max(len(s), 1) // 64, "repeat")
    return s * n


def _fail(message: Any) -> str:
    raise SprigError(strval(message))


__all__ = ["GoStruct", "SprigError", "sprig_functions", "MAX_LIST_ITEMS", "deep_equal", "to_go_json", "is_int"]
