"""Lexer for Go text/template: text and `{{ }}` actions into tokens carrying offset and line.

Trim markers (`{{- ` and ` -}}`) are handled here and only here: the adjacent text tokens arrive
already trimmed. A lexing error ends the token list with an ERROR token (value = Go's message).
"""

from __future__ import annotations

import re
from operator import itemgetter

# token kinds
TEXT = "text"
LEFT = "{{"
RIGHT = "}}"
SPACE = "space"
PIPE = "|"
LPAREN = "("
RPAREN = ")"
STRING = "string"
RAWSTRING = "rawstring"
CHARCONST = "charconst"
NUMBER = "number"
BOOL = "bool"
DOT = "."
FIELD = "field"
VARIABLE = "variable"
IDENT = "identifier"
DECLARE = ":="
ASSIGN = "="
CHAR = "char"
EOF = "EOF"
ERROR = "error"

KEYWORDS = {"block", "break", "continue", "define", "else", "end", "if", "range", "nil", "template", "with"}
# token kinds that print as <word> in error messages (Go's item.String for keywords)
KEYWORD_KINDS = KEYWORDS | {DOT}

_SPACE_CHARS = " \t\r\n"
_TERMINATORS = set(" \t\r\n.,|:)(")


class Token(tuple):
    """One lexical item: kind, source text, byte-ish offset in the template text, 1-based line.

    A tuple underneath: the lexer builds tokens with `_mk(Token, (kind, val, pos, line))`, which
    runs no Python code (token construction was most of the lexing time)."""

    __slots__ = ()

    def __new__(cls, kind: str, val: str, pos: int, line: int) -> "Token":
        return tuple.__new__(cls, (kind, val, pos, line))

    kind = property(itemgetter(0))
    val = property(itemgetter(1))
    pos = property(itemgetter(2))
    line = property(itemgetter(3))

    def __repr__(self) -> str:
        return f"Token(kind={self.kind!r}, val={self.val!r}, pos={self.pos!r}, line={self.line!r})"

    def __str__(self) -> str:
        if self.kind == EOF:
            return "EOF"
        if self.kind == ERROR:
            return self.val
        if self.kind in KEYWORD_KINDS:
            return f"<{self.val}>"
        from .values import go_quote

        if len(self.val) > 10:
            return go_quote(self.val[:10]) + "..."
        return go_quote(self.val)


_TERM = r"(?=[ \t\r\n.,|:)(]|\}\}|\Z)"
# the common ASCII tokens of an action in one regex (the fast path of _action); anything it does
# not match (numbers, raw strings, errors, non-ASCII names) goes through the exact scanner
_FAST = re.compile(
    r"(?P<rt>\}\}|[ \t\r\n]-\}\})"
    r"|(?P<sp>[ \t\r\n]+)"
    r"|(?P<fld>\.[A-Za-z_][A-Za-z0-9_]*" + _TERM + ")"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_]*" + _TERM + ")"
    r"|(?P<var>\$[A-Za-z0-9_]*" + _TERM + ")"
    r'|(?P<str>"(?:[^"\\\n]|\\[^\n])*")'
    r"|(?P<pipe>\|)"
)


_mk = tuple.__new__
_FAST_KINDS = {"fld": FIELD, "var": VARIABLE, "str": STRING, "pipe": PIPE}
_WORD_KINDS = {**{k: k for k in KEYWORDS}, "true": BOOL, "false": BOOL}


def _is_alnum(c: str) -> bool:
    return c == "_" or c.isalpha() or c.isdecimal()


class _Lexer:
    def __init__(self, text: str, break_ok: bool, continue_ok: bool) -> None:
        self.text = text
        self.n = len(text)
        self.tokens: list[Token] = []
        self.break_ok = break_ok
        self.continue_ok = continue_ok
        self.paren_depth = 0

    def run(self) -> list[Token]:
        text, n = self.text, self.n
        pos, line = 0, 1
        toks = self.tokens
        while True:
            i = text.find("{{", pos)
            if i < 0:
                if pos < n:
                    toks.append(_mk(Token, (TEXT, text[pos:], pos, line)))
                    line += text.count("\n", pos, n)
                toks.append(_mk(Token, (EOF, "", n, line)))
                return toks
            trim_left = i + 3 < n and text[i + 2] == "-" and text[i + 3] in _SPACE_CHARS
            end_text = i
            if trim_left:
                while end_text > pos and text[end_text - 1] in _SPACE_CHARS:
                    end_text -= 1
            if end_text > pos:
                toks.append(_mk(Token, (TEXT, text[pos:end_text], pos, line)))
            line += text.count("\n", pos, i)
            p = i + 2 + (2 if trim_left else 0)
            if trim_left:
                line += text.count("\n", i + 2, p)
            if text.startswith("/*", p):
                res = self._comment(p, line, i)
                if res is None:
                    return toks
                p, line, trim_right = res
            else:
                toks.append(_mk(Token, (LEFT, "{{", i, line)))
                res2 = self._action(p, line, i)
                if res2 is None:
                    return toks
                p, line, trim_right = res2
            if trim_right:
                q = p
                while q < n and text[q] in _SPACE_CHARS:
                    q += 1
                line += text.count("\n", p, q)
                p = q
            pos = p

    def _error(self, msg: str, pos: int, line: int) -> None:
        self.tokens.append(Token(ERROR, msg, pos, line))

    def _at_right(self, p: int) -> tuple[bool, bool]:
        """(at right delimiter, with trim marker) at offset p."""
        text = self.text
        if text.startswith("}}", p):
            return True, False
        if p + 1 < self.n and text[p] in _SPACE_CHARS and text[p + 1] == "-" and text.startswith("}}", p + 2):
            return True, True
        return False, False

    def _comment(self, p: int, line: int, start: int) -> tuple[int, int, bool] | None:
        text = self.text
        end = text.find("*/", p + 2)
        if end < 0:
            self._error("unclosed comment", p, line)
            return None
        line += text.count("\n", p, end + 2)
        q = end + 2
        at, trim = self._at_right(q)
        if not at:
            self._error("comment ends before closing delimiter", q, line)
            return None
        if trim:
            line += text.count("\n", q, q + 1)
            q += 2
        return q + 2, line, trim

    def _action(self, p: int, line: int, start: int) -> tuple[int, int, bool] | None:
        text, n, toks = self.text, self.n, self.tokens
        fast = _FAST.match
        self.paren_depth = 0
        while True:
            m = fast(text, p)
            if m is not None:
                kind = m.lastgroup
                q = m.end()
                if kind == "sp":
                    # a space directly before "-}}" belongs to the delimiter
                    if q < n and text[q] == "-" and text.startswith("}}", q + 1):
                        q -= 1  # never back to p: the delimiter check above would have matched
                    toks.append(_mk(Token, (SPACE, text[p:q], p, line)))
                    line += text.count("\n", p, q)
                elif kind == "word":
                    word = text[p:q]
                    wkind = _WORD_KINDS.get(word, IDENT)
                    if (wkind == "break" and not self.break_ok) or (wkind == "continue" and not self.continue_ok):
                        wkind = IDENT
                    toks.append(_mk(Token, (wkind, word, p, line)))
                elif kind == "rt":
                    if self.paren_depth != 0:
                        self._error("unclosed left paren", p, line)
                        return None
                    trim = q - p == 4
                    if trim:
                        line += text.count("\n", p, p + 1)
                        p += 2
                    toks.append(_mk(Token, (RIGHT, "}}", p, line)))
                    return p + 2, line, trim
                else:
                    toks.append(_mk(Token, (_FAST_KINDS[kind], text[p:q], p, line)))
                p = q
                continue
            at, trim = self._at_right(p)
            if at:
                if self.paren_depth != 0:
                    self._error("unclosed left paren", p, line)
                    return None
                if trim:
                    line += text.count("\n", p, p + 1)
                    p += 2
                toks.append(_mk(Token, (RIGHT, "}}", p, line)))
                return p + 2, line, trim
            if p >= n:
                self._error("unclosed action", p, line)
                return None
            c = text[p]
            if c in _SPACE_CHARS:
                q = p
                while q < n and text[q] in _SPACE_CHARS:
                    q += 1
                # a space directly before "-}}" belongs to the delimiter
                if q < n and text[q] == "-" and text.startswith("}}", q + 1):
                    q -= 1  # never back to p: the delimiter check above would have matched
                toks.append(_mk(Token, (SPACE, text[p:q], p, line)))
                line += text.count("\n", p, q)
                p = q
                continue
            if c == "=":
                toks.append(_mk(Token, (ASSIGN, "=", p, line)))
                p += 1
            elif c == ":":
                if text.startswith(":=", p):
                    toks.append(_mk(Token, (DECLARE, ":=", p, line)))
                    p += 2
                else:
                    self._error("expected :=", p, line)
                    return None
            elif c == "|":
                toks.append(_mk(Token, (PIPE, "|", p, line)))
                p += 1
            elif c == '"':
                q = p + 1
                while True:
                    if q >= n or text[q] == "\n":
                        self._error("unterminated quoted string", p, line)
                        return None
                    ch = text[q]
                    if ch == "\\":
                        if q + 1 >= n or text[q + 1] == "\n":
                            self._error("unterminated quoted string", p, line)
                            return None
                        q += 2
                        continue
                    q += 1
                    if ch == '"':
                        break
                toks.append(_mk(Token, (STRING, text[p:q], p, line)))
                p = q
            elif c == "`":
                q = text.find("`", p + 1)
                if q < 0:
                    self._error("unterminated raw quoted string", p, line)
                    return None
                toks.append(_mk(Token, (RAWSTRING, text[p : q + 1], p, line)))
                line += text.count("\n", p, q)
                p = q + 1
            elif c == "'":
                q = p + 1
                while True:
                    if q >= n or text[q] == "\n":
                        self._error("unterminated character constant", p, line)
                        return None
                    ch = text[q]
                    if ch == "\\":
                        if q + 1 >= n or text[q + 1] == "\n":
                            self._error("unterminated character constant", p, line)
                            return None
                        q += 2
                        continue
                    q += 1
                    if ch == "'":
                        break
                toks.append(_mk(Token, (CHARCONST, text[p:q], p, line)))
                p = q
            elif c == "$":
                q = p + 1
                while q < n and _is_alnum(text[q]):
                    q += 1
                if not self._at_terminator(q):
                    self._error(f"bad character {_u(text[q])}", q, line)
                    return None
                toks.append(_mk(Token, (VARIABLE, text[p:q], p, line)))
                p = q
            elif c == "." and not (p + 1 < n and text[p + 1].isdigit()):
                q = p + 1
                if self._at_terminator(q):
                    toks.append(_mk(Token, (DOT, ".", p, line)))
                    p = q
                    continue
                while q < n and _is_alnum(text[q]):
                    q += 1
                if not self._at_terminator(q):
                    self._error(f"bad character {_u(text[q])}", q, line)
                    return None
                toks.append(_mk(Token, (FIELD, text[p:q], p, line)))
                p = q
            elif c in "+-." or c.isdigit():
                q = self._scan_number(p)
                if q >= 0 and q < n and text[q] in "+-":
                    # Go tries a complex literal (1+2i); anything else is bad syntax
                    q2 = self._scan_number(q)
                    if q2 < 0 or text[q2 - 1] != "i":
                        q = -abs(q2)
                    else:
                        q = q2
                if q < 0:
                    q = -q
                    self._error(f"bad number syntax: {_goq(text[p:q])}", p, line)
                    return None
                toks.append(_mk(Token, (NUMBER, text[p:q], p, line)))
                p = q
            elif _is_alnum(c):
                q = p + 1
                while q < n and _is_alnum(text[q]):
                    q += 1
                if not self._at_terminator(q):
                    self._error(f"bad character {_u(text[q])}", q, line)
                    return None
                word = text[p:q]
                if word in KEYWORDS:
                    kind = word
                    if (word == "break" and not self.break_ok) or (word == "continue" and not self.continue_ok):
                        kind = IDENT
                elif word in ("true", "false"):
                    kind = BOOL
                else:
                    kind = IDENT
                toks.append(_mk(Token, (kind, word, p, line)))
                p = q
            elif c == "(":
                self.paren_depth += 1
                toks.append(Token(LPAREN, "(", p, line))
                p += 1
            elif c == ")":
                self.paren_depth -= 1
                toks.append(Token(RPAREN, ")", p, line))
                if self.paren_depth < 0:  # like Go: the paren is emitted, then the error
                    self._error("unexpected right paren U+0029 ')'", p, line)
                    return None
                p += 1
            elif ord(c) < 0x80 and c.isprintable():
                toks.append(_mk(Token, (CHAR, c, p, line)))
                p += 1
            else:
                self._error(f"unrecognized character in action: {_u(c)}", p, line)
                return None

    def _at_terminator(self, q: int) -> bool:
        if q >= self.n:
            return True
        c = self.text[q]
        if c in _TERMINATORS:
            return True
        return self.text.startswith("}}", q)

    def _scan_number(self, p: int) -> int:
        """End offset of the number at p, or -(end) when the syntax is bad."""
        text, n = self.text, self.n
        q = p
        if q < n and text[q] in "+-":
            q += 1
        digits = "0123456789_"
        if q < n and text[q] == "0":
            q += 1
            if q < n and text[q] in "xX":
                q += 1
                digits = "0123456789abcdefABCDEF_"
            elif q < n and text[q] in "oO":
                q += 1
                digits = "01234567_"
            elif q < n and text[q] in "bB":
                q += 1
                digits = "01_"
        while q < n and text[q] in digits:
            q += 1
        if q < n and text[q] == ".":
            q += 1
            while q < n and text[q] in digits:
                q += 1
        if len(digits) == 11 and q < n and text[q] in "eE":
            q += 1
            if q < n and text[q] in "+-":
                q += 1
            while q < n and text[q] in "0123456789_":
                q += 1
        if len(digits) == 23 and q < n and text[q] in "pP":
            q += 1
            if q < n and text[q] in "+-":
                q += 1
            while q < n and text[q] in "0123456789_":
                q += 1
        if q < n and text[q] == "i":
            q += 1
        if q < n and _is_alnum(text[q]):
            return -(q + 1)
        return q


def _u(c: str) -> str:
    """Go's %#U: U+0040 '@'."""
    o = ord(c)
    if c.isprintable():
        return f"U+{o:04X} '{c}'"
    return f"U+{o:04X}"


def _goq(s: str) -> str:
    from .values import go_quote

    return go_quote(s)


def lex(text: str, *, break_ok: bool = True, continue_ok: bool = True) -> list[Token]:
    """All tokens of `text`; the last one is EOF or ERROR."""
    return _Lexer(text, break_ok, continue_ok).run()
