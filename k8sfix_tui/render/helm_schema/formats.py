"""The `format` checkers gojsonschema registers (Helm 4's santhosh-tekuri uses the same names; the
checks here are gojsonschema's): unknown formats pass, non-strings pass."""

from __future__ import annotations

import re
from typing import Any, Callable

from .re2 import go_regex

_FORMATS: dict[str, Callable[[str], bool]] = {}


def format_ok(fmt: str, value: Any) -> bool:
    if not isinstance(value, str):
        return True
    check = _FORMATS.get(fmt)
    return True if check is None else check(value)


def _ip(s: str, version: int) -> bool:
    """net.ParseIP (no zones) plus gojsonschema's `.`/`:` test."""
    import ipaddress

    if "%" in s or ("." if version == 4 else ":") not in s:
        return False
    try:
        ipaddress.ip_address(s)
        return True
    except ValueError:
        return False


_HOST = re.compile(r"^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9])(\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]))*$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIME = re.compile(r"^(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


def _date_ok(s: str) -> bool:
    import datetime

    m = _DATE.match(s)
    if not m:
        return False
    try:
        datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return True
    except ValueError:
        return False


def _time_ok(s: str, zone: str = "optional") -> bool:
    m = _TIME.match(s)
    if not m or (zone == "required" and not m.group(5)):
        return False
    hh, mm, ss = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if m.group(5) and m.group(5) != "Z":
        zh, zm = int(m.group(5)[1:3]), int(m.group(5)[4:6])
        if zh > 23 or zm > 59:
            return False
    return hh <= 23 and mm <= 59 and ss <= 59


def _date_time_ok(s: str) -> bool:
    """gojsonschema accepts a time, a date, or RFC 3339 (`T` separator, zone required)."""
    if _time_ok(s) or _date_ok(s):
        return True
    date, sep, rest = s.partition("T")
    return bool(sep) and _date_ok(date) and _time_ok(rest, "required")


_FORMATS.update({
    "ipv4": lambda s: _ip(s, 4),
    "ipv6": lambda s: _ip(s, 6),
    "hostname": lambda s: bool(_HOST.match(s)) and len(s) < 256,
    "date-time": _date_time_ok,
    "date": _date_ok,
    "time": _time_ok,
    "email": lambda s: bool(re.match(r"^(?:[^<>@\s]+@[^<>@\s]+|[^<>]*<[^<>@\s]+@[^<>@\s]+>)$", s.strip())),
    "idn-email": lambda s: bool(re.match(r"^(?:[^<>@\s]+@[^<>@\s]+|[^<>]*<[^<>@\s]+@[^<>@\s]+>)$", s.strip())),
    "uuid": lambda s: bool(_UUID.match(s)),
    "uri": lambda s: bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", s)) and "\\" not in s and not re.search(r"[\x00-\x20\x7f]", s),
    "iri": lambda s: bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", s)) and "\\" not in s and not re.search(r"[\x00-\x20\x7f]", s),
    "uri-reference": lambda s: "\\" not in s and not re.search(r"[\x00-\x20\x7f]", s),
    "iri-reference": lambda s: "\\" not in s and not re.search(r"[\x00-\x20\x7f]", s),
    "json-pointer": lambda s: bool(re.match(r"^(?:/(?:[^~/]|~0|~1)*)*$", s)),
    "relative-json-pointer": lambda s: bool(re.match(r"^(?:0|[1-9][0-9]*)(?:#|(?:/(?:[^~/]|~0|~1)*)*)$", s)),
    "regex": lambda s: s == "" or _regex_ok(s),
})


def _regex_ok(s: str) -> bool:
    try:
        go_regex(s)
        return True
    except ValueError:
        return False
