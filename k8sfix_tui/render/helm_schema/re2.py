"""RE2 (Go's regexp, which both Helm validators use for `pattern` and `patternProperties`) read by
Python's re: the translation of what differs, a refusal for what RE2 itself refuses.

    go_regex("^[[:alpha:]]+\\z")   # compiled Python pattern; ValueError (RE2 refuses); None (re cannot)
"""

from __future__ import annotations

import re
import warnings

_PERL_CLASSES = {"d": "0-9", "s": "\\t\\n\\f\\r ", "w": "0-9A-Za-z_"}
_POSIX_CLASSES = {
    "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "ascii": "\\x00-\\x7f", "blank": "\\t ", "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9", "graph": "!-~", "lower": "a-z", "print": " -~", "punct": "!-/:-@[-`{-~", "space": "\\t\\n\\v\\f\\r ",
    "upper": "A-Z", "word": "0-9A-Za-z_", "xdigit": "0-9A-Fa-f",
}


class _Unsupported(Exception):
    """RE2 syntax Python's re cannot express here; the pattern is then not checked."""


def _translate_re2(src: str) -> str:
    """RE2 -> Python re: ASCII \\d \\s \\w (RE2's are ASCII), POSIX classes, \\Q..\\E, \\z, `$` as
    end of text, `(?<name>`, inline flags in mid-pattern scoped to their group. Raises ValueError
    for what RE2 refuses (lookaround, backreferences), _Unsupported for what re cannot do."""
    out: list[str] = []
    i, n = 0, len(src)
    in_class = False
    multiline = False
    closers: list[int] = [0]  # per open group: how many scoped-flag groups to close with it
    while i < n:
        c = src[i]
        if c == "\\" and i + 1 < n:
            e = src[i + 1]
            if e in "1234567890" and e != "0":
                raise ValueError("backreference")
            if e == "Q":
                j = src.find("\\E", i + 2)
                lit = src[i + 2:] if j < 0 else src[i + 2:j]
                out.append("".join("\\" + ch if not ch.isalnum() else ch for ch in lit))
                i = n if j < 0 else j + 2
                continue
            if e.lower() in _PERL_CLASSES:
                body = _PERL_CLASSES[e.lower()]
                if in_class:
                    if e.isupper():
                        raise _Unsupported("negated class inside a class")
                    out.append(body)
                else:
                    out.append(("[^" if e.isupper() else "[") + body + "]")
                i += 2
                continue
            if e in "pP":
                m = re.match(r"[pP](?:\{(\^?)(\w+)\}|(\w))", src[i + 1:])
                name = (m.group(2) or m.group(3)) if m else ""
                negate = (e == "P") != bool(m and m.group(1))
                if name != "L" or in_class:
                    raise _Unsupported("unicode class")
                out.append("[\\W\\d_]" if negate else "[^\\W\\d_]")
                i += 1 + m.end()
                continue
            if e == "x" and src.startswith("{", i + 2):
                m = re.match(r"\{([0-9A-Fa-f]{1,6})\}", src[i + 2:])
                if not m or int(m.group(1), 16) > 0x10FFFF:
                    raise ValueError("bad escape")
                out.append(f"\\U{int(m.group(1), 16):08x}")
                i += 2 + m.end()
                continue
            out.append("\\Z" if e == "z" else src[i:i + 2])
            i += 2
            continue
        if in_class:
            if c == "[" and src.startswith("[:", i):
                j = src.find(":]", i + 2)
                name = src[i + 2:j] if j > 0 else ""
                neg = name.startswith("^")
                body = _POSIX_CLASSES.get(name.lstrip("^"))
                if body is None or neg:
                    raise _Unsupported("posix class")
                out.append(body)
                i = j + 2
                continue
            if c == "]" and not (out and out[-1] in ("[", "[^")):
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            if src.startswith("[^", i):
                out.append("[^")
                i += 2
            else:
                out.append("[")
                i += 1
            if i < n and src[i] == "]":
                out.append("\\]")
                i += 1
            continue
        if c == "(":
            if src.startswith("(?=", i) or src.startswith("(?!", i) or src.startswith("(?<=", i) or src.startswith("(?<!", i):
                raise ValueError("lookaround")
            m = re.match(r"\(\?([imsU-]+)\)", src[i:])
            if m:
                flags = m.group(1)
                if "U" in flags:
                    raise _Unsupported("ungreedy flag")
                if "m" in flags.split("-")[0]:
                    multiline = True
                out.append(f"(?{flags}:")
                closers[-1] += 1
                i += m.end()
                continue
            closers.append(0)
            if src.startswith("(?<", i) and not src.startswith("(?<=", i) and not src.startswith("(?<!", i):
                out.append("(?P<")
                i += 3
                continue
            out.append(c)
            i += 1
            continue
        if c == ")":
            out.append(")" * closers.pop() if len(closers) > 1 else "")
            if not closers:
                closers.append(0)
            out.append(")")
            i += 1
            continue
        if c == "$" and not multiline:
            out.append("\\Z")
            i += 1
            continue
        out.append(c)
        i += 1
    out.append(")" * closers[0] if closers else "")
    return "".join(out)


def go_regex(src: str) -> re.Pattern[str] | None:
    """Compile an RE2 pattern with Python's re (translated, see _translate_re2). ValueError for
    patterns RE2 refuses; None when only Python cannot read it (the pattern is then not checked)."""
    try:
        py = _translate_re2(src)
    except _Unsupported:
        return None
    try:
        with warnings.catch_warnings():  # re's FutureWarnings about nested sets mean nothing in RE2
            warnings.simplefilter("ignore")
            return re.compile(py)
    except (re.error, RecursionError, OverflowError):
        raise ValueError("invalid") from None

