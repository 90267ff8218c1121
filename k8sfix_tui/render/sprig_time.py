"""Sprig's date functions with Go's reference-time layouts (`2006-01-02T15:04:05Z07:00`).

`now`, `date`, `dateInZone`, `htmlDate`, `htmlDateInZone`, `ago`, `duration`, `durationRound`,
`unixEpoch`, `toDate`, `mustToDate`, `dateModify`, `mustDateModify`. Dates are Python
`datetime` objects (timezone-aware); integers are Unix seconds, as in Sprig.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from .sprig_conv import Int64, strval, to_int64

try:  # zoneinfo needs tzdata on some systems; UTC/Local always work
    from zoneinfo import ZoneInfo
except ImportError:  # pragma: no cover
    ZoneInfo = None  # type: ignore[assignment]


class TimeError(Exception):
    pass


_LAYOUT_TOKENS = [
    "January", "Monday", "2006", "-07:00:00", "-070000", "Z07:00:00", "Z070000", "Z07:00", "Z0700", "-07:00",
    "-0700", "Z07", "-07", "Jan", "Mon", "MST", "002", "__2", "_2", "01", "02", "03", "04", "05", "06", "15",
    "PM", "pm", "1", "2", "3", "4", "5",
]
_FRACTION = re.compile(r"[.,](0+|9+)")
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _offset(dt: datetime, colon: bool, seconds: bool, z: bool, hours_only: bool = False) -> str:
    off = dt.utcoffset() or timedelta(0)
    total = int(off.total_seconds())
    if z and total == 0:
        return "Z"
    sign = "-" if total < 0 else "+"
    total = abs(total)
    h, m, s = total // 3600, (total % 3600) // 60, total % 60
    if hours_only:
        return f"{sign}{h:02d}"
    sep = ":" if colon else ""
    out = f"{sign}{h:02d}{sep}{m:02d}"
    if seconds:
        out += f"{sep}{s:02d}"
    return out


def go_format(dt: datetime, layout: str) -> str:
    """time.Time.Format with a Go layout string."""
    out: list[str] = []
    i = 0
    n = len(layout)
    while i < n:
        fm = _FRACTION.match(layout, i)
        if fm and (i + len(fm.group(0)) >= n or not layout[i + len(fm.group(0))].isdigit()):
            digits = fm.group(1)
            frac = f"{dt.microsecond:06d}000"[: len(digits)]
            if digits[0] == "9":
                frac = frac.rstrip("0")
                if frac:
                    out.append(layout[i] + frac)
            else:
                out.append(layout[i] + frac)
            i += len(fm.group(0))
            continue
        for tok in _LAYOUT_TOKENS:
            if layout.startswith(tok, i):
                out.append(_render_token(dt, tok))
                i += len(tok)
                break
        else:
            out.append(layout[i])
            i += 1
    return "".join(out)


def _render_token(dt: datetime, tok: str) -> str:
    hour12 = dt.hour % 12 or 12
    table: dict[str, Callable[[], str]] = {
        "January": lambda: _MONTHS[dt.month - 1],
        "Jan": lambda: _MONTHS[dt.month - 1][:3],
        "Monday": lambda: _DAYS[dt.weekday()],
        "Mon": lambda: _DAYS[dt.weekday()][:3],
        "2006": lambda: f"{dt.year:04d}",
        "06": lambda: f"{dt.year % 100:02d}",
        "01": lambda: f"{dt.month:02d}",
        "1": lambda: str(dt.month),
        "02": lambda: f"{dt.day:02d}",
        "2": lambda: str(dt.day),
        "_2": lambda: f"{dt.day:2d}",
        "002": lambda: f"{dt.timetuple().tm_yday:03d}",
        "__2": lambda: f"{dt.timetuple().tm_yday:3d}",
        "15": lambda: f"{dt.hour:02d}",
        "03": lambda: f"{hour12:02d}",
        "3": lambda: str(hour12),
        "04": lambda: f"{dt.minute:02d}",
        "4": lambda: str(dt.minute),
        "05": lambda: f"{dt.second:02d}",
        "5": lambda: str(dt.second),
        "PM": lambda: "PM" if dt.hour >= 12 else "AM",
        "pm": lambda: "pm" if dt.hour >= 12 else "am",
        "MST": lambda: dt.tzname() or _offset(dt, False, False, False),
        "Z07:00:00": lambda: _offset(dt, True, True, True),
        "Z070000": lambda: _offset(dt, False, True, True),
        "Z07:00": lambda: _offset(dt, True, False, True),
        "Z0700": lambda: _offset(dt, False, False, True),
        "Z07": lambda: _offset(dt, False, False, True, hours_only=True),
        "-07:00:00": lambda: _offset(dt, True, True, False),
        "-070000": lambda: _offset(dt, False, True, False),
        "-07:00": lambda: _offset(dt, True, False, False),
        "-0700": lambda: _offset(dt, False, False, False),
        "-07": lambda: _offset(dt, False, False, False, hours_only=True),
    }
    return table[tok]()


def _zone(name: str) -> timezone | Any:
    if name in ("", "UTC"):
        return timezone.utc
    if name == "Local":
        return datetime.now().astimezone().tzinfo
    if ZoneInfo is not None:
        try:
            return ZoneInfo(name)
        except Exception:  # noqa: BLE001 - unknown zone: Sprig falls back to UTC
            return timezone.utc
    return timezone.utc


def _as_time(value: Any, zone: Any = None) -> datetime:
    if isinstance(value, datetime):
        dt = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        dt = datetime.fromtimestamp(int(value), tz=timezone.utc)
    else:
        dt = datetime.now(timezone.utc)
    if zone is not None:
        dt = dt.astimezone(zone)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        dt = dt.astimezone(_zone("Local"))
    return dt


def date(layout: Any, value: Any) -> str:
    return go_format(_as_time(value), strval(layout))


def date_in_zone(layout: Any, value: Any, zone: Any) -> str:
    return go_format(_as_time(value, _zone(strval(zone))), strval(layout))


def go_parse(layout: str, text: str, zone: Any = timezone.utc) -> datetime:
    """time.ParseInLocation for the common layouts: translate to a regex and read the fields."""
    pattern = []
    fields: list[str] = []
    i = 0
    while i < len(layout):
        fm = _FRACTION.match(layout, i)
        if fm:
            pattern.append(r"(?:[.,](\d+))?")
            fields.append("frac")
            i += len(fm.group(0))
            continue
        for tok in _LAYOUT_TOKENS:
            if layout.startswith(tok, i):
                regex = {
                    "2006": r"(\d{4})", "06": r"(\d{2})", "01": r"(\d{2})", "1": r"(\d{1,2})", "02": r"(\d{2})",
                    "2": r"(\d{1,2})", "_2": r"\s?(\d{1,2})", "15": r"(\d{2})", "03": r"(\d{2})", "3": r"(\d{1,2})",
                    "04": r"(\d{2})", "4": r"(\d{1,2})", "05": r"(\d{2})", "5": r"(\d{1,2})", "PM": r"(AM|PM)",
                    "pm": r"(am|pm)", "Jan": r"([A-Za-z]{3})", "January": r"([A-Za-z]+)", "Mon": r"[A-Za-z]{3}",
                    "Monday": r"[A-Za-z]+", "MST": r"([A-Z]{3,4}|[+-]\d{2,4})",
                }.get(tok, r"(Z|[+-]\d{2}(?::?\d{2})?(?::?\d{2})?)")
                pattern.append(regex)
                if regex.startswith("(") or regex.startswith(r"\s?("):
                    fields.append(tok)
                i += len(tok)
                break
        else:
            pattern.append(re.escape(layout[i]))
            i += 1
    m = re.fullmatch("".join(pattern), text)
    if not m:
        raise TimeError(f'parsing time "{text}" as "{layout}": cannot parse')
    parts = dict(zip(fields, m.groups()))
    year = int(parts.get("2006") or (2000 + int(parts["06"]) if parts.get("06") else 0) or 0)
    month = 1
    if parts.get("01") or parts.get("1"):
        month = int(parts.get("01") or parts.get("1"))
    elif parts.get("Jan") or parts.get("January"):
        name = (parts.get("Jan") or parts.get("January") or "")[:3].title()
        month = [m_[:3] for m_ in _MONTHS].index(name) + 1
    day = int(parts.get("02") or parts.get("2") or parts.get("_2") or 1)
    hour = int(parts.get("15") or parts.get("03") or parts.get("3") or 0)
    if (parts.get("PM") or parts.get("pm") or "").upper() == "PM" and hour < 12:
        hour += 12
    minute = int(parts.get("04") or parts.get("4") or 0)
    second = int(parts.get("05") or parts.get("5") or 0)
    micro = int((parts.get("frac") or "0")[:6].ljust(6, "0"))
    tz = zone
    off = next((parts[k] for k in parts if k.startswith(("Z0", "-0")) and parts[k]), None)
    if off:
        if off == "Z":
            tz = timezone.utc
        else:
            sign = -1 if off[0] == "-" else 1
            digits = off[1:].replace(":", "")
            hours_, mins = int(digits[:2]), int(digits[2:4] or 0)
            tz = timezone(sign * timedelta(hours=hours_, minutes=mins))
    try:
        return datetime(year or 1, month, day, hour, minute, second, micro, tzinfo=tz)
    except ValueError as exc:
        raise TimeError(f'parsing time "{text}": {exc}') from None


def to_date(layout: Any, text: Any) -> datetime:
    return go_parse(strval(layout), strval(text), _zone("Local"))


_DURATION_PART = re.compile(r"([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)")
_UNIT_NS = {"ns": 1, "us": 1_000, "µs": 1_000, "ms": 1_000_000, "s": 10**9, "m": 60 * 10**9, "h": 3600 * 10**9}


def parse_duration(text: str) -> int:
    """time.ParseDuration -> nanoseconds."""
    s = text.strip()
    if s in ("0", "+0", "-0"):
        return 0
    sign = -1 if s.startswith("-") else 1
    s = s.lstrip("+-")
    pos = 0
    total = 0.0
    if not s:
        raise TimeError(f'time: invalid duration "{text}"')
    for m in _DURATION_PART.finditer(s):
        if m.start() != pos:
            raise TimeError(f'time: invalid duration "{text}"')
        total += float(m.group(1)) * _UNIT_NS[m.group(2)]
        pos = m.end()
    if pos != len(s):
        raise TimeError(f'time: invalid duration "{text}"')
    return sign * int(total)


def format_duration(ns: int) -> str:
    """time.Duration.String: `1h2m3.5s`, `1.5s`, `150ms`, `0s`."""
    if ns == 0:
        return "0s"
    neg = ns < 0
    u = abs(ns)
    if u < 10**9:
        if u < 1_000:
            out = f"{u}ns"
        elif u < 1_000_000:
            out = _trim_frac(u, 1_000) + "µs"
        else:
            out = _trim_frac(u, 1_000_000) + "ms"
    else:
        hours, rem = divmod(u, 3600 * 10**9)
        minutes, rem = divmod(rem, 60 * 10**9)
        secs = _trim_frac(rem, 10**9) + "s"
        out = ""
        if hours:
            out += f"{hours}h"
        if hours or minutes:
            out += f"{minutes}m"
        out += secs
    return ("-" if neg else "") + out


def _trim_frac(value: int, unit: int) -> str:
    whole, frac = divmod(value, unit)
    if not frac:
        return str(whole)
    width = len(str(unit)) - 1
    return f"{whole}.{str(frac).zfill(width).rstrip('0')}"


def duration(seconds: Any) -> str:
    if isinstance(seconds, str):
        n = to_int64(seconds)
    else:
        n = to_int64(seconds)
    return format_duration(n * 10**9)


def duration_round(value: Any) -> str:
    if isinstance(value, str):
        try:
            ns = parse_duration(value)
        except TimeError:
            ns = 0
    elif isinstance(value, datetime):
        ns = int((datetime.now(timezone.utc) - _as_time(value)).total_seconds() * 10**9)
    else:
        ns = to_int64(value)
    u = abs(ns)
    sec = u // 10**9
    year, month, day, hour, minute = 31536000, 2592000, 86400, 3600, 60
    if sec > year:
        return f"{sec // year}y"
    if sec > month:
        return f"{sec // month}mo"
    if sec > day:
        return f"{sec // day}d"
    if sec > hour:
        return f"{sec // hour}h"
    if sec > minute:
        return f"{sec // minute}m"
    if sec > 0:
        return f"{sec}s"
    return "0s"


def ago(value: Any) -> str:
    dt = _as_time(value)
    delta = datetime.now(timezone.utc) - dt
    return format_duration(int(delta.total_seconds()) * 10**9)


def date_modify(modifier: Any, value: Any) -> datetime:
    ns = parse_duration(strval(modifier))
    return _as_time(value) + timedelta(microseconds=ns / 1000)


def _lenient(fn: Callable[..., Any], fallback: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any) -> Any:
        try:
            return fn(*args)
        except TimeError:
            return fallback(*args)

    return wrapper


def time_functions() -> dict[str, Callable[..., Any]]:
    return {
        "now": lambda: datetime.now().astimezone(),
        "date": date,
        "dateInZone": date_in_zone,
        "date_in_zone": date_in_zone,
        "htmlDate": lambda v: date("2006-01-02", v),
        "htmlDateInZone": lambda v, z: date_in_zone("2006-01-02", v, z),
        "ago": ago,
        "duration": duration,
        "durationRound": duration_round,
        "unixEpoch": lambda v: str(int(_as_time(v).timestamp())),
        "toDate": _lenient(to_date, lambda *_a: datetime(1, 1, 1, tzinfo=timezone.utc)),
        "mustToDate": to_date,
        "dateModify": _lenient(date_modify, lambda _m, v: _as_time(v)),
        "date_modify": _lenient(date_modify, lambda _m, v: _as_time(v)),
        "mustDateModify": date_modify,
        "durationSeconds": lambda v: _dur_ns(v) / 10**9,
        "durationMilliseconds": lambda v: Int64(_dur_ns(v) // 10**6),
        "durationMinutes": lambda v: _dur_ns(v) / (60 * 10**9),
        "durationHours": lambda v: _dur_ns(v) / (3600 * 10**9),
    }


def _dur_ns(value: Any) -> int:
    if isinstance(value, str):
        try:
            return parse_duration(value)
        except TimeError:
            try:
                return int(float(value) * 10**9)
            except ValueError:
                return 0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value * 10**9)
    return 0
