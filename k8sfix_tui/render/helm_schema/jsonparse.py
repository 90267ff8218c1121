"""Reading values.schema.json like Go's json.Decoder (UseNumber): the first JSON value, trailing data
ignored, numbers exact (Decimal), errors worded like Go's where they can be told."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from .schema import SchemaProblem

_GO_JSON_ERRORS = (
    ("Expecting property name enclosed in double quotes", "invalid character {c} looking for beginning of object key string"),
    ("Expecting value", "invalid character {c} looking for beginning of value"),
    ("Expecting ':' delimiter", "invalid character {c} after object key"),
    ("Expecting ',' delimiter", "invalid character {c} after {where}"),
    ("Invalid control character", "invalid character {c} in string literal"),
    ("Invalid \\escape", "invalid character {c} in string escape code"),
)


def _go_char(c: str) -> str:
    if c == "'":
        return "'\\''"
    if c == '"':
        return "'\"'"
    if c.isprintable():
        return f"'{c}'"
    return "'" + json.dumps(c)[1:-1] + "'"


def parse_json(text: str) -> Any:
    """Decode like Go's json.Decoder (UseNumber): the first JSON value; trailing data ignored.
    Numbers are kept exact (Decimal); errors worded like Go's where they can be told."""
    stripped = text.lstrip(" \t\r\n")
    if not stripped:
        raise SchemaProblem("EOF", 1)
    decoder = json.JSONDecoder(parse_float=Decimal, parse_constant=_no_constant)
    try:
        value, _end = decoder.raw_decode(stripped)
    except json.JSONDecodeError as exc:
        line = exc.lineno + text[: len(text) - len(stripped)].count("\n")
        if exc.pos >= len(stripped) or (exc.msg.startswith("Unterminated string")):
            raise SchemaProblem("unexpected EOF", line) from None
        c = _go_char(stripped[exc.pos])
        for py, go in _GO_JSON_ERRORS:
            if exc.msg.startswith(py):
                where = "array element" if _in_array(stripped, exc.pos) else "object key:value pair"
                raise SchemaProblem(go.format(c=c, where=where), line) from None
        raise SchemaProblem(f"{exc.msg} (line {exc.lineno} column {exc.colno})", line) from None
    except (ValueError, RecursionError) as exc:
        raise SchemaProblem(str(exc) or "invalid JSON", 0) from None
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"invalid character '{name[0]}' looking for beginning of value")


def _in_array(text: str, pos: int) -> bool:
    depth = []
    in_str = esc = False
    for ch in text[:pos]:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth.append(ch)
        elif ch in "]}" and depth:
            depth.pop()
    return bool(depth) and depth[-1] == "["


_COMPILED: dict[tuple[bytes, bool], CompiledSchema | SchemaProblem] = {}
