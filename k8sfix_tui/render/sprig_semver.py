"""Masterminds/semver v3 as Sprig exposes it: `semver` and `semverCompare`.

Constraint syntax: comparisons (`=`, `!=`, `>`, `<`, `>=`, `<=`, `=>`, `=<`), tilde `~1.2`,
caret `^1.2`, wildcards (`1.2.x`, `*`), hyphen ranges (`1.2 - 1.4.5`), AND by space or comma,
OR by `||`. As in Masterminds/semver, a pre-release version only satisfies a constraint whose
own version carries a pre-release (so `>=1.19-0` accepts `v1.20.0-gke.1`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .sprig_conv import Int64, strval

_VERSION = re.compile(
    r"^v?(?P<major>0|[1-9]\d*|\d+)(?:\.(?P<minor>\d+))?(?:\.(?P<patch>\d+))?"
    r"(?:-(?P<pre>[0-9A-Za-z\-.]+))?(?:\+(?P<meta>[0-9A-Za-z\-.]+))?$"
)


class SemverError(Exception):
    pass


@dataclass(frozen=True)
class Version:
    """A parsed semantic version; template fields Major, Minor, Patch, Prerelease, Metadata."""

    major: int
    minor: int
    patch: int
    pre: str
    meta: str
    original: str

    __go_type__ = "*semver.Version"

    @property
    def Major(self) -> int:  # noqa: N802 - Go field names
        return Int64(self.major)

    @property
    def Minor(self) -> int:  # noqa: N802
        return Int64(self.minor)

    @property
    def Patch(self) -> int:  # noqa: N802
        return Int64(self.patch)

    @property
    def Prerelease(self) -> str:  # noqa: N802
        return self.pre

    @property
    def Metadata(self) -> str:  # noqa: N802
        return self.meta

    def Original(self) -> str:  # noqa: N802
        return self.original

    def String(self) -> str:  # noqa: N802
        return str(self)

    def Compare(self, other: Any) -> int:  # noqa: N802
        return compare(self, other if isinstance(other, Version) else parse_version(strval(other)))

    def LessThan(self, other: Any) -> bool:  # noqa: N802
        return self.Compare(other) < 0

    def GreaterThan(self, other: Any) -> bool:  # noqa: N802
        return self.Compare(other) > 0

    def Equal(self, other: Any) -> bool:  # noqa: N802
        return self.Compare(other) == 0

    def __str__(self) -> str:
        out = f"{self.major}.{self.minor}.{self.patch}"
        if self.pre:
            out += "-" + self.pre
        if self.meta:
            out += "+" + self.meta
        return out


def parse_version(text: str) -> Version:
    m = _VERSION.match(text.strip())
    if not m:
        raise SemverError("Invalid Semantic Version")
    return Version(
        int(m.group("major")),
        int(m.group("minor") or 0),
        int(m.group("patch") or 0),
        m.group("pre") or "",
        m.group("meta") or "",
        text,
    )


def _cmp_pre(a: str, b: str) -> int:
    if a == b:
        return 0
    if not a:
        return 1
    if not b:
        return -1
    pa, pb = a.split("."), b.split(".")
    for x, y in zip(pa, pb):
        if x == y:
            continue
        xd, yd = x.isdigit(), y.isdigit()
        if xd and yd:
            return -1 if int(x) < int(y) else 1
        if xd:
            return -1
        if yd:
            return 1
        return -1 if x < y else 1
    return (len(pa) > len(pb)) - (len(pa) < len(pb))


def compare(a: Version, b: Version) -> int:
    for x, y in ((a.major, b.major), (a.minor, b.minor), (a.patch, b.patch)):
        if x != y:
            return -1 if x < y else 1
    return _cmp_pre(a.pre, b.pre)


_CONSTRAINT = re.compile(
    r"^\s*(?P<op>!=|>=|=>|<=|=<|>|<|=|~>|~|\^)?\s*v?(?P<ver>(?:\d+|[xX*])(?:\.(?:\d+|[xX*]))?(?:\.(?:\d+|[xX*]))?"
    r"(?:-[0-9A-Za-z\-.]+)?(?:\+[0-9A-Za-z\-.]+)?)\s*$"
)


@dataclass
class _Term:
    op: str
    version: Version
    wild_minor: bool
    wild_patch: bool
    wild_major: bool
    given_parts: int


def _parse_term(text: str) -> _Term:
    m = _CONSTRAINT.match(text)
    if not m:
        raise SemverError(f"improper constraint: {text}")
    op = m.group("op") or ""
    ver = m.group("ver")
    core, sep, tail = ver.partition("-")
    if not sep:
        core, sep2, meta = ver.partition("+")
        tail = ""
    parts = core.split(".")
    wild = [p in ("x", "X", "*") for p in parts]
    given = len(parts)
    nums = [0 if w else int(p) for p, w in zip(parts, wild)]
    while len(nums) < 3:
        nums.append(0)
        wild.append(True)
    pre = tail.split("+", 1)[0] if tail else ""
    version = Version(nums[0], nums[1], nums[2], pre, "", ver)
    return _Term(op, version, wild[1], wild[2], wild[0], given)


def _check(term: _Term, v: Version) -> bool:
    c = term.version
    op = term.op
    if v.pre and not c.pre and op not in ("!=",):
        return False
    if term.wild_major:
        return op in ("", "=", ">=", "=>", "<=", "=<", "~", "~>", "^")
    if op in ("", "="):
        if term.wild_minor:
            return v.major == c.major
        if term.wild_patch:
            return v.major == c.major and v.minor == c.minor
        return compare(v, c) == 0
    if op == "!=":
        if term.wild_minor:
            return v.major != c.major
        if term.wild_patch:
            return not (v.major == c.major and v.minor == c.minor)
        return compare(v, c) != 0
    if op == ">":
        if term.wild_minor:
            return v.major > c.major
        if term.wild_patch:
            return (v.major, v.minor) > (c.major, c.minor)
        return compare(v, c) > 0
    if op in (">=", "=>"):
        return compare(v, c) >= 0
    if op == "<":
        return compare(v, c) < 0
    if op in ("<=", "=<"):
        if term.wild_minor:
            return v.major <= c.major
        if term.wild_patch:
            return (v.major, v.minor) <= (c.major, c.minor)
        return compare(v, c) <= 0
    if op in ("~", "~>"):
        if compare(v, c) < 0:
            return False
        if c.major == 0 and c.minor == 0 and term.given_parts == 1 or term.wild_minor:
            return v.major == c.major
        return v.major == c.major and v.minor == c.minor
    if op == "^":
        if compare(v, c) < 0:
            return False
        if c.major > 0 or term.wild_minor:
            return v.major == c.major
        if c.minor > 0 or term.wild_patch:
            return v.major == 0 and v.minor == c.minor
        return v.major == 0 and v.minor == 0 and v.patch == c.patch
    raise SemverError(f"improper constraint operator: {op}")


def _split_and(group: str) -> list[str]:
    text = group.strip()
    # hyphen ranges: "1.2 - 1.4"
    text = re.sub(r"(\S+)\s+-\s+(\S+)", r">=\1 <=\2", text)
    text = re.sub(r"(!=|>=|=>|<=|=<|~>|>|<|=|~|\^)\s+", r"\1", text)
    return [t for t in re.split(r"[\s,]+", text) if t]


def satisfies(constraint: str, version: Version) -> bool:
    groups = constraint.split("||")
    for group in groups:
        terms = [_parse_term(t) for t in _split_and(group)]
        if not terms:
            raise SemverError(f"improper constraint: {constraint}")
        if all(_check(t, version) for t in terms):
            return True
    return False


def semver(text: Any) -> Version:
    try:
        return parse_version(strval(text))
    except SemverError as exc:
        raise SemverError(str(exc)) from None


def semver_compare(constraint: Any, version: Any) -> bool:
    try:
        v = parse_version(strval(version))
    except SemverError:
        raise SemverError("Invalid Semantic Version") from None
    c = strval(constraint)
    for group in c.split("||"):
        for t in _split_and(group):
            _parse_term(t)
    return satisfies(c, v)
