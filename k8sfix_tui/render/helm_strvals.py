"""Helm's `--set` / `--set-string` / `--set-json` syntax (pkg/strvals semantics).

`a.b=c,d[0].e=f,list={x,y},esc\\.aped=1`: dots nest maps, `[i]` indexes lists (growing them with
nulls), `{a,b}` is a list, a backslash escapes the next character, `null` sets nil (which later
deletes the key when values are coalesced). `--set` types values: true/false (any case), null,
0, and integers without a leading zero become int64; everything else stays a string.
`--set-string` keeps strings; `--set-json` parses each value as JSON.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from .sprig_conv import INT64_MAX, INT64_MIN, Int64

MAX_INDEX = 65536
MAX_NESTED_NAME_LEVEL = 30


class StrvalsError(Exception):
    pass


class _EOF(Exception):
    pass


class _NotList(Exception):
    pass


def typed_value(text: str, as_string: bool) -> Any:
    """strvals typedVal."""
    if as_string:
        return text
    low = text.lower()
    if low == "true":
        return True
    if low == "false":
        return False
    if low == "null":
        return None
    if text == "0":
        return Int64(0)
    if text and text[0] != "0":
        body = text[1:] if text[0] in "+-" else text
        if body.isdigit() and body.isascii():
            n = int(text)
            if INT64_MIN <= n <= INT64_MAX:
                return Int64(n)
    return text


class _Parser:
    def __init__(self, text: str, data: dict, reader: Callable[[str], Any] | None, json_values: bool) -> None:
        self.s = text
        self.pos = 0
        self.data = data
        self.reader = reader
        self.json_values = json_values

    # -- low level ---------------------------------------------------------------------------
    def until(self, stop: str) -> tuple[str, str | None]:
        """Read runes until one in `stop` (consumed, returned) or EOF (None); `\\x` escapes."""
        out: list[str] = []
        s = self.s
        while self.pos < len(s):
            ch = s[self.pos]
            self.pos += 1
            if ch in stop:
                return "".join(out), ch
            if ch == "\\":
                if self.pos >= len(s):
                    return "".join(out), None
                out.append(s[self.pos])
                self.pos += 1
                continue
            out.append(ch)
        return "".join(out), None

    def parse(self) -> None:
        while True:
            try:
                self.key(self.data, 0)
            except _EOF:
                return

    # -- grammar -----------------------------------------------------------------------------
    def key(self, data: dict, level: int) -> None:
        while True:
            k, last = self.until("=[,.")
            if last is None:
                if not k:
                    raise _EOF
                raise StrvalsError(f'key "{k}" has no value')
            if last == "[":
                index = self.key_index()
                existing = data.get(k)
                lst = existing if isinstance(existing, list) else []
                if k in data and not isinstance(existing, list) and existing is not None:
                    raise StrvalsError(f'unable to parse key: interface conversion: interface {{}} is {type(existing).__name__}, not []interface {{}}')
                lst = self.list_item(lst, index, level)
                if k:
                    data[k] = lst
                return
            if last == "=":
                if self.json_values:
                    value = self.json_value()
                    if k:
                        data[k] = value
                    return
                try:
                    value = self.val_list()
                except _EOF:
                    if k:
                        data[k] = ""
                    raise
                except _NotList:
                    raw, _ = self.until(",")
                    value = self.reader(raw) if self.reader else raw
                if k:
                    data[k] = value
                return
            if last == ",":
                if k:
                    data[k] = ""
                raise StrvalsError(f'key "{k}" has no value (cannot end with ,)')
            # last == "."
            level += 1
            if level > MAX_NESTED_NAME_LEVEL:
                raise StrvalsError(
                    f"value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
                )
            existing = data.get(k)
            inner = existing if isinstance(existing, dict) else {}
            try:
                self.key(inner, level)
            except _EOF:
                if inner and k:
                    data[k] = inner
                raise
            if not inner:
                raise StrvalsError(f'key map "{k}" has no value')
            if k:
                data[k] = inner
            return

    def key_index(self) -> int:
        text, last = self.until("]")
        if last is None:
            raise StrvalsError("error parsing index: EOF")
        try:
            return int(text)
        except ValueError:
            raise StrvalsError(f'error parsing index: strconv.Atoi: parsing "{text}": invalid syntax') from None

    def set_index(self, lst: list, index: int, value: Any) -> list:
        if index < 0:
            raise StrvalsError(f"negative {index} index not allowed")
        if index > MAX_INDEX:
            raise StrvalsError(f"index of {index} is greater than maximum supported index of {MAX_INDEX}")
        if len(lst) <= index:
            lst = lst + [None] * (index + 1 - len(lst))
        lst[index] = value
        return lst

    def list_item(self, lst: list, index: int, level: int) -> list:
        if index < 0:
            raise StrvalsError(f"negative {index} index not allowed")
        k, last = self.until("[.=")
        if k:
            raise StrvalsError(f'unexpected data at end of array index: "{k}"')
        if last is None:
            raise _EOF
        if last == "=":
            if self.json_values:
                return self.set_index(lst, index, self.json_value())
            try:
                value = self.val_list()
            except _EOF:
                return self.set_index(lst, index, "")
            except _NotList:
                raw, _ = self.until(",")
                value = self.reader(raw) if self.reader else raw
            return self.set_index(lst, index, value)
        if last == "[":
            nxt = self.key_index()
            current = lst[index] if len(lst) > index and isinstance(lst[index], list) else []
            return self.set_index(lst, index, self.list_item(current, nxt, level))
        # last == "."
        inner = lst[index] if len(lst) > index and isinstance(lst[index], dict) else {}
        lst = self.set_index(lst, index, inner)
        self.key(inner, level)
        return self.set_index(lst, index, inner)

    def val_list(self) -> list:
        if self.pos >= len(self.s):
            raise _EOF
        if self.s[self.pos] != "{":
            raise _NotList
        self.pos += 1
        out: list = []
        while True:
            raw, last = self.until(",}")
            if last is None:
                raise StrvalsError("list must terminate with '}'")
            out.append(self.reader(raw) if self.reader else raw)
            if last == "}":
                if self.pos < len(self.s) and self.s[self.pos] == ",":
                    self.pos += 1
                return out

    def empty_val(self) -> bool:
        while self.pos < len(self.s):
            ch = self.s[self.pos]
            if ch == ",":
                self.pos += 1
                return True
            if not ch.isspace():
                return False
            self.pos += 1
        return True

    def json_value(self) -> Any:
        if self.empty_val():
            return None
        decoder = json.JSONDecoder()
        try:
            value, end = decoder.raw_decode(self.s, self.pos)
        except ValueError as exc:
            raise StrvalsError(str(exc)) from None
        self.pos = end
        self.empty_val()
        return _json_floats(value)


def _json_floats(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, dict):
        return {k: _json_floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_floats(v) for v in value]
    return value


def parse_into(text: str, dest: dict, *, as_string: bool = False) -> dict:
    """strvals.ParseInto / ParseIntoString: merge one `--set` argument into `dest`."""
    parser = _Parser(text, dest, lambda raw: typed_value(raw, as_string), json_values=False)
    try:
        parser.parse()
    except RecursionError:
        raise StrvalsError("value is nested too deeply") from None
    return dest


def parse_file_into(text: str, dest: dict, read: Callable[[str], str]) -> dict:
    """strvals.ParseIntoFile (--set-file): each value is a path whose content becomes the string."""
    parser = _Parser(text, dest, read, json_values=False)
    try:
        parser.parse()
    except RecursionError:
        raise StrvalsError("value is nested too deeply") from None
    return dest


def parse_json_into(text: str, dest: dict) -> dict:
    """Helm's --set-json handling: a JSON object is merged whole, else key=jsonval pairs."""
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            value = json.loads(stripped)
        except ValueError:
            raise StrvalsError(f"failed parsing --set-json data JSON: {text}") from None
        if not isinstance(value, dict):
            raise StrvalsError(f"failed parsing --set-json data JSON: {text}")
        from .helm_yaml import merge_maps

        merged = merge_maps(dest, _json_floats(value))
        dest.clear()
        dest.update(merged)
        return dest
    parser = _Parser(text, dest, None, json_values=True)
    try:
        parser.parse()
    except StrvalsError:
        raise StrvalsError(f"failed parsing --set-json data {text}") from None
    return dest


def parse(text: str, *, as_string: bool = False) -> dict:
    return parse_into(text, {}, as_string=as_string)
