"""Normalising and comparing claimed values with real ones.

Documents write values loosely ("512 MiB", "0.5 cores", "10s", "`3`", "HTTP GET"); manifests hold them
strictly. `same(field, claimed, actual)` decides whether a claim agrees with a real value for a given
claim field, comparing quantities as quantities (1Gi == 1024Mi, 0.5 == 500m, but 512M != 512Mi).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

QUANTITY_FIELDS = frozenset({"cpu-request", "cpu-limit", "memory-request", "memory-limit", "storage-size"})
INT_FIELDS = frozenset(
    {
        "replicas",
        "container-port",
        "service-port",
        "node-port",
        "hpa-min",
        "hpa-max",
        "hpa-cpu-target",
        "hpa-memory-target",
    }
)
CASELESS_FIELDS = frozenset({"kind", "strategy", "service-type", "ingress-class", "access-mode", "object-kind"})
PROBE_INT_ATTRS = frozenset(
    {"initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold", "successThreshold"}
)

_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL = {"n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "": Decimal(1), "k": Decimal(10**3),
            "M": Decimal(10**6), "G": Decimal(10**9), "T": Decimal(10**12), "P": Decimal(10**15),
            "E": Decimal(10**18)}
_QUANTITY_RE = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*([KMGTPE]i|[numkMGTPE]?)$")
_WORD_UNITS = (
    (re.compile(r"\s*(?:vcpus?|cpus?|cores?)$", re.I), ""),
    (re.compile(r"\s*millicores?$", re.I), "m"),
    (re.compile(r"\s*([KMGTPE])iB$"), r"\1i"),
    (re.compile(r"\s*([KMGTPE])B$"), r"\1"),
    (re.compile(r"\s*kB$"), "k"),
    (re.compile(r"\s*bytes?$", re.I), ""),
)
_ACCESS_MODES = {"rwo": "readwriteonce", "rox": "readonlymany", "rwx": "readwritemany", "rwop": "readwriteoncepod"}
_PROBE_TYPES = {
    "httpget": "httpget", "http": "httpget", "http get": "httpget", "https": "httpget", "get": "httpget",
    "tcpsocket": "tcpsocket", "tcp": "tcpsocket", "tcp socket": "tcpsocket", "socket": "tcpsocket",
    "exec": "exec", "command": "exec", "cmd": "exec", "shell": "exec",
    "grpc": "grpc",
}


def clean(value: Any) -> str:
    """A claimed value as plain text: no surrounding quotes, backticks, bold markers or trailing dots."""
    text = str(value).strip()
    for _ in range(3):
        stripped = text.strip("`*_\"' ").rstrip(".,;:")
        if stripped == text:
            break
        text = stripped
    return text


def parse_quantity(value: Any) -> Decimal | None:
    """Kubernetes resource quantity -> Decimal in base units, or None if it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    text = clean(value).replace(",", "")
    for pattern, repl in _WORD_UNITS:
        text = pattern.sub(repl, text)
    m = _QUANTITY_RE.match(text.strip())
    if not m:
        return None
    try:
        number = Decimal(m.group(1))
    except InvalidOperation:
        return None
    suffix = m.group(2)
    if suffix in _BINARY:
        return number * _BINARY[suffix]
    return number * _DECIMAL[suffix]


def parse_int(value: Any) -> int | None:
    """`"3"`, `3`, `"70%"`, `"10s"`, `"3 replicas"` -> int; None otherwise."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = clean(value)
    m = re.match(r"^(\d+)\s*(?:%|s|sec|secs|seconds?|replicas?|pods?|instances?|copies)?$", text, re.I)
    return int(m.group(1)) if m else None


def normalise_image(value: Any) -> str:
    """Drop docker.io/library/ prefixes so `nginx:1.25` == `docker.io/library/nginx:1.25`."""
    text = clean(value)
    for prefix in ("docker.io/library/", "index.docker.io/library/", "docker.io/", "registry.hub.docker.com/library/"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    return text


def image_parts(value: Any) -> tuple[str, str | None]:
    text = normalise_image(value).split("@", 1)[0]
    slash = text.rfind("/")
    colon = text.rfind(":")
    if colon > slash:
        return text[:colon], text[colon + 1 :]
    return text, None


def normalise_probe_type(value: Any) -> str:
    text = clean(value).lower().replace("-", " ").replace("_", " ").strip()
    text = re.sub(r"\s*probes?$", "", text)
    return _PROBE_TYPES.get(text, _PROBE_TYPES.get(text.replace(" ", ""), text.replace(" ", "")))


def normalise_access_mode(value: Any) -> str:
    text = clean(value).lower().replace("-", "").replace(" ", "")
    return _ACCESS_MODES.get(text, text)


def same(field: str, claimed: Any, actual: Any) -> bool:
    """Does the claimed value agree with the actual one for this claim field?"""
    if actual is None:
        return False
    leaf = field.rsplit(".", 1)[-1]
    if field in QUANTITY_FIELDS:
        a, b = parse_quantity(claimed), parse_quantity(actual)
        if a is not None and b is not None:
            return a == b
        return clean(claimed) == clean(actual)
    if field in INT_FIELDS or (field.startswith("probe.") and leaf in PROBE_INT_ATTRS):
        a, b = parse_int(claimed), parse_int(actual)
        if a is not None and b is not None:
            return a == b
        return clean(claimed).lower() == clean(actual).lower()
    if field in ("pdb-min-available", "pdb-max-unavailable", "target-port") or (
        field.startswith("probe.") and leaf == "port"
    ):
        a, b = parse_int(claimed), parse_int(actual)
        if a is not None and b is not None:
            return a == b
        return clean(claimed).lower() == clean(actual).lower()
    if field.startswith("probe.") and leaf == "type":
        return normalise_probe_type(claimed) == normalise_probe_type(actual)
    if field.startswith("probe.") and leaf == "command":
        c, a = " ".join(clean(claimed).split()), " ".join(clean(actual).split())
        return bool(c) and (c == a or c in a)  # docs name the program (`pg_isready`), not every flag
    if field == "image":
        c_name, c_tag = image_parts(claimed)
        a_name, a_tag = image_parts(actual)
        if c_name != a_name:
            return False
        return c_tag is None or (c_tag or "latest") == (a_tag or "latest")
    if field == "image-tag":
        return clean(claimed) == (clean(actual) if actual else "latest")
    if field == "access-mode":
        return normalise_access_mode(claimed) == normalise_access_mode(actual)
    if field in CASELESS_FIELDS:
        return clean(claimed).lower().replace(" ", "") == clean(actual).lower().replace(" ", "")
    if field == "ingress-path":
        return clean(claimed).rstrip("/") == clean(actual).rstrip("/")
    if field == "schedule":
        return schedule_equal(claimed, actual)
    return scalar_equal(claimed, actual)


def scalar_equal(claimed: Any, actual: Any) -> bool:
    """Loose equality of YAML scalars: 3 == "3", True == "true", 0.5 == "0.5", quantities as quantities."""
    if claimed == actual:
        return True
    if isinstance(claimed, (dict, list)) or isinstance(actual, (dict, list)):
        return False
    a, b = clean(claimed), clean(actual)
    if a == b or a.lower() == b.lower() and a.lower() in ("true", "false", "null", "none"):
        return True
    qa, qb = parse_quantity(a), parse_quantity(b)
    return qa is not None and qb is not None and qa == qb and _has_digits(a) and _has_digits(b)


def _has_digits(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def show(value: Any) -> str:
    """A value as a writer would want it quoted in a message."""
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(show(v) for v in value)
    return str(value)


_CRON_MACROS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
                "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}
_CRON = re.compile(r"^(@\w+|[\d*/,\-?LW#A-Za-z]+(\s+[\d*/,\-?LW#A-Za-z]+){4,5})$")
_DAYS = {"sunday": "0", "monday": "1", "tuesday": "2", "wednesday": "3", "thursday": "4", "friday": "5",
         "saturday": "6"}


def _cron_fields(text: str) -> list[str] | None:
    t = " ".join(text.split())
    t = _CRON_MACROS.get(t.lower(), t)
    parts = t.split()
    if len(parts) == 6:
        parts = parts[1:] if not re.fullmatch(r"\d{4}|\*", parts[5]) else parts[:5]  # seconds or year field
    return parts if len(parts) == 5 else None


def _prose_matches(text: str, cron: list[str]) -> bool | None:
    """Does an English schedule ("every 10 min", "daily at midnight", "hourly") fit the cron fields?
    None when the words say nothing checkable."""
    low = text.lower()
    minute, hour, dom, month, dow = cron
    checks: list[bool] = []
    m = re.search(r"every\s+(\d+)\s*(?:min|minutes?|mins?)\b", low)
    if m:
        checks.append(minute in (f"*/{m.group(1)}", f"0/{m.group(1)}") and hour == "*")
    elif re.search(r"every\s+minute|each\s+minute", low):
        checks.append(minute == "*" and hour == "*")
    m = re.search(r"every\s+(\d+)\s*(?:h|hours?|hrs?)\b", low)
    if m:
        checks.append(hour in (f"*/{m.group(1)}", f"0/{m.group(1)}"))
    elif re.search(r"\bhourly\b|every\s+hour|each\s+hour", low):
        checks.append(hour == "*" and not minute.startswith("*"))
    if re.search(r"\b(daily|nightly|every\s+day|each\s+day|every\s+night|once\s+a\s+day)\b", low):
        checks.append(dom == "*" and dow in ("*", "?") and "*" not in hour and "/" not in hour)
    if re.search(r"\bweekly\b|every\s+week|once\s+a\s+week", low):
        checks.append(dow not in ("*", "?"))
    if re.search(r"\bmonthly\b|every\s+month|once\s+a\s+month", low):
        checks.append(dom not in ("*", "?"))
    if "midnight" in low:
        checks.append(minute == "0" and hour == "0")
    if re.search(r"\bnoon\b|midday", low):
        checks.append(minute == "0" and hour == "12")
    m = re.search(r"\bat\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\b", low)
    if m and not re.search(r"at\s+\d+\s*(?:min|minutes?|past)", low):
        h = int(m.group(1)) % 12 + (12 if m.group(3) == "pm" else 0) if m.group(3) else int(m.group(1))
        checks.append(hour == str(h) and (m.group(2) is None or minute == str(int(m.group(2)))))
    for name, num in _DAYS.items():
        if re.search(rf"\b{name}s?\b", low):
            checks.append(num in re.split(r"[,\-]", dow) or name[:3] in dow.lower())
    if not checks:
        return None
    return all(checks)


def schedule_equal(claimed: Any, actual: Any) -> bool:
    """Cron expressions compared field by field (macros expanded); a schedule written in words is checked
    against the cron fields it describes, and words that say nothing checkable are not a mismatch."""
    a, b = (str(x).strip().strip("`\"'").strip() for x in (claimed, actual))  # clean() would eat the `*`s
    if " ".join(a.split()) == " ".join(b.split()) or " ".join(clean(a).split()) == " ".join(clean(b).split()):
        return True
    real = _cron_fields(b)
    if real is None:
        return False
    if _CRON.match(" ".join(a.split())):
        doc = _cron_fields(a)
        return doc is not None and [x.lower() for x in doc] == [x.lower() for x in real]
    verdict = _prose_matches(a, real)
    return True if verdict is None else verdict
