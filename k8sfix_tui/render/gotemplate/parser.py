"""Parser for Go text/template: tokens into `nodes` trees, with Go's checks and error wording.

`parse(name, text, has_func)` returns the file's own tree and the `{{define}}`/`{{block}}` trees it
contains. Errors raise `GoTemplateError` reading like Go's: `template: NAME:LINE: MESSAGE`.
"""

from __future__ import annotations

import math
import re
from typing import Callable

from . import lexer as L
from .errors import GoTemplateError
from .nodes import (
    ActionNode,
    BoolNode,
    BreakNode,
    ChainNode,
    CommandNode,
    ContinueNode,
    DotNode,
    ElseNode,
    EndNode,
    FieldNode,
    IdentifierNode,
    IfNode,
    ListNode,
    NilNode,
    Node,
    NumberNode,
    PipeNode,
    RangeNode,
    StringNode,
    TemplateNode,
    TextNode,
    Tree,
    VariableNode,
    WithNode,
    is_empty_tree,
)
from .values import go_quote

_OPERAND_START = {
    L.BOOL,
    L.CHARCONST,
    L.DOT,
    L.FIELD,
    L.IDENT,
    L.NUMBER,
    "nil",
    L.RAWSTRING,
    L.STRING,
    L.VARIABLE,
    L.LPAREN,
}


class _Parser:
    def __init__(self, name: str, text: str, tokens: list[L.Token], has_func: Callable[[str], bool]) -> None:
        self.name = name
        self.text = text
        self.toks = tokens
        self.last = len(tokens) - 1
        self.i = 0
        self.has_func = has_func
        self.vars: list[str] = ["$"]
        self.range_depth = 0
        self.action_line = 0
        self.trees: dict[str, Tree] = {}
        self.open: list[tuple[str, int]] = []  # (keyword, line) of unclosed constructs

    # -- token access ---------------------------------------------------------------------------
    def next(self) -> L.Token:
        """Consume a token; past the end, the final EOF/ERROR token repeats."""
        i = self.i
        self.i = i + 1
        return self.toks[i] if i < self.last else self.toks[self.last]

    def peek(self) -> L.Token:
        i = self.i
        return self.toks[i] if i < self.last else self.toks[self.last]

    def next_non_space(self) -> L.Token:
        t = self.next()
        while t.kind == L.SPACE:
            t = self.next()
        return t

    def peek_non_space(self) -> L.Token:
        toks, last = self.toks, self.last
        while self.i < last and toks[self.i].kind == L.SPACE:
            self.i += 1
        return self.peek()

    def backup(self) -> None:
        self.i -= 1

    # -- errors -----------------------------------------------------------------------------------
    def error(self, msg: str, line: int) -> None:
        raise GoTemplateError(f"template: {self.name}:{line}: {msg}", template=self.name, line=line)

    def unexpected(self, tok: L.Token, context: str) -> None:
        if tok.kind == L.ERROR:
            extra = ""
            if self.action_line and self.action_line != tok.line:
                extra = f" in action started at {self.name}:{self.action_line}"
                if tok.val.endswith(" action"):
                    extra = extra[len(" in action") :]
            self.error(f"{tok}{extra}", tok.line)
        self.error(f"unexpected {tok} in {context}", tok.line)

    def expect(self, kind: str, context: str) -> L.Token:
        t = self.next_non_space()
        if t.kind != kind:
            self.unexpected(t, context)
        return t

    def unexpected_eof(self, tok: L.Token) -> None:
        if self.open:
            kw, line = self.open[-1]
            self.error(
                f"unexpected EOF: {{{{{kw}}}}} started at {self.name}:{line} has no matching {{{{end}}}}", tok.line
            )
        self.error("unexpected EOF", tok.line)

    # -- top level ----------------------------------------------------------------------------------
    def parse(self) -> Tree:
        root = ListNode(self.peek().pos)
        while self.peek().kind != L.EOF:
            if self.peek().kind == L.LEFT:
                save = self.i
                left = self.next()
                t = self.next_non_space()
                if t.kind == "define":
                    self.action_line = 0  # Go parses a definition as a new tree: no action line
                    self.parse_definition(left)
                    continue
                self.i = save
            n = self.text_or_action()
            if isinstance(n, (EndNode, ElseNode)):
                self.error(f"unexpected {n}", self._line_of(n))
            root.nodes.append(n)
        own = self.trees.get(self.name)
        if own is not None and not is_empty_tree(own.root) and not is_empty_tree(root):
            self.error(f"template: multiple definition of template {go_quote(self.name)}", self.peek().line)
        return Tree(self.name, self.name, self.text, root)

    def _line_of(self, n: Node) -> int:
        return getattr(n, "line", None) or 1 + self.text.count("\n", 0, n.pos)

    def add_tree(self, tree: Tree, line: int) -> None:
        old = self.trees.get(tree.name)
        if old is None or is_empty_tree(old.root):
            self.trees[tree.name] = tree
            return
        if not is_empty_tree(tree.root):
            self.error(f"template: multiple definition of template {go_quote(tree.name)}", line)

    def parse_definition(self, left: L.Token) -> None:
        context = "define clause"
        t = self.next_non_space()
        if t.kind not in (L.STRING, L.RAWSTRING):
            self.unexpected(t, context)
        name = self.unquote(t)
        self.expect(L.RIGHT, context)
        saved = (self.vars, self.range_depth)
        self.vars, self.range_depth = ["$"], 0
        self.open.append(("define", left.line))
        lst, end = self.item_list()
        self.open.pop()
        self.vars, self.range_depth = saved
        if not isinstance(end, EndNode):
            self.error(f"unexpected {end} in {context}", self._line_of(end))
        self.add_tree(Tree(name, self.name, self.text, lst), self._last_line())

    def _last_line(self) -> int:
        """Line of the last token read (Go reports definition clashes there)."""
        return self.toks[min(self.i, self.last) - 1].line if self.i > 0 else 1

    def item_list(self) -> tuple[ListNode, Node]:
        lst = ListNode(self.peek_non_space().pos)
        while self.peek_non_space().kind != L.EOF:
            n = self.text_or_action()
            if isinstance(n, (EndNode, ElseNode)):
                return lst, n
            lst.nodes.append(n)
        self.unexpected_eof(self.peek())
        raise AssertionError("unreachable")

    def text_or_action(self) -> Node:
        t = self.next_non_space()
        if t.kind == L.TEXT:
            return TextNode(t.pos, t.line, t.val)
        if t.kind == L.LEFT:
            self.action_line = t.line
            try:
                return self.action(t)
            finally:
                self.action_line = 0
        self.unexpected(t, "input")
        raise AssertionError("unreachable")

    def action(self, left: L.Token) -> Node:
        t = self.next_non_space()
        k = t.kind
        if k == "block":
            return self.block_control(left)
        if k == "break":
            return self.break_control(t, "break")
        if k == "continue":
            return self.break_control(t, "continue")
        if k == "else":
            return self.else_control(t)
        if k == "end":
            self.expect(L.RIGHT, "end")
            return EndNode(t.pos)
        if k == "if":
            return self.control(IfNode, "if", left)
        if k == "range":
            return self.control(RangeNode, "range", left)
        if k == "with":
            return self.control(WithNode, "with", left)
        if k == "template":
            return self.template_control(t)
        self.backup()
        tok = self.peek()
        pipe = self.pipeline("command", L.RIGHT)
        return ActionNode(tok.pos, left.line, pipe)

    def break_control(self, t: L.Token, word: str) -> Node:
        nt = self.next_non_space()
        if nt.kind != L.RIGHT:
            self.unexpected(nt, "{{" + word + "}}")
        if self.range_depth == 0:
            self.error("{{" + word + "}} outside {{range}}", t.line)
        return BreakNode(t.pos, t.line) if word == "break" else ContinueNode(t.pos, t.line)

    def else_control(self, t: L.Token) -> Node:
        pk = self.peek_non_space()
        if pk.kind in ("if", "with"):
            return ElseNode(pk.pos, pk.line)
        tok = self.expect(L.RIGHT, "else")
        return ElseNode(tok.pos, tok.line)

    def control(self, cls: type, context: str, left: L.Token) -> Node:
        nvars = len(self.vars)
        self.open.append((context, left.line))
        try:
            pipe = self.pipeline(context, L.RIGHT)
            if context == "range":
                self.range_depth += 1
            lst, nxt = self.item_list()
            if context == "range":
                self.range_depth -= 1
            else_list = None
            if isinstance(nxt, ElseNode):
                pk = self.peek()
                if context in ("if", "with") and pk.kind == context:
                    kw = self.next()
                    else_list = ListNode(nxt.pos)
                    else_list.nodes.append(self.control(cls, context, kw))
                else:
                    else_list, nxt = self.item_list()
                    if not isinstance(nxt, EndNode):
                        self.error(f"expected end; found {nxt}", self._line_of(nxt))
            return cls(pipe.pos, pipe.line, pipe, lst, else_list)
        finally:
            self.open.pop()
            del self.vars[nvars:]

    def block_control(self, left: L.Token) -> Node:
        context = "block clause"
        t = self.next_non_space()
        name = self.template_name(t, context)
        pipe = self.pipeline(context, L.RIGHT)
        header_line = self._last_line()  # Go reports a bad block end on the block's header line
        saved = (self.vars, self.range_depth, self.action_line)
        self.vars, self.range_depth, self.action_line = ["$"], 0, 0  # a new tree in Go
        self.open.append(("block", left.line))
        lst, end = self.item_list()
        self.open.pop()
        self.vars, self.range_depth, self.action_line = saved
        if not isinstance(end, EndNode):
            self.error(f"unexpected {end} in {context}", header_line)
        self.add_tree(Tree(name, self.name, self.text, lst), self._last_line())
        return TemplateNode(t.pos, t.line, name, pipe)

    def template_control(self, kw: L.Token) -> Node:
        context = "template clause"
        t = self.next_non_space()
        name = self.template_name(t, context)
        pipe = None
        if self.next_non_space().kind != L.RIGHT:
            self.backup()
            pipe = self.pipeline(context, L.RIGHT)
        return TemplateNode(t.pos, t.line, name, pipe)

    def template_name(self, t: L.Token, context: str) -> str:
        if t.kind in (L.STRING, L.RAWSTRING):
            return self.unquote(t)
        self.unexpected(t, context)
        raise AssertionError("unreachable")

    # -- pipelines ----------------------------------------------------------------------------------
    def pipeline(self, context: str, end: str) -> PipeNode:
        tok = self.peek_non_space()
        pipe = PipeNode(tok.pos, tok.line)
        while True:  # declarations
            v = self.peek_non_space()
            if v.kind != L.VARIABLE:
                break
            save = self.i
            self.next()
            nxt = self.peek_non_space()
            if nxt.kind in (L.ASSIGN, L.DECLARE):
                pipe.is_assign = nxt.kind == L.ASSIGN
                self.next_non_space()
                pipe.decl.append(VariableNode(v.pos, [v.val]))
                self.vars.append(v.val)
                break
            if nxt.kind == L.CHAR and nxt.val == ",":
                self.next_non_space()
                pipe.decl.append(VariableNode(v.pos, [v.val]))
                self.vars.append(v.val)
                if context == "range" and len(pipe.decl) < 2:
                    if self.peek_non_space().kind in (L.VARIABLE, L.RIGHT, L.RPAREN):
                        continue
                    self.error("range can only initialize variables", nxt.line)
                self.error(f"too many declarations in {context}", nxt.line)
            self.i = save
            break
        while True:
            t = self.next_non_space()
            if t.kind == end:
                self.check_pipeline(pipe, context, t)
                return pipe
            if t.kind in _OPERAND_START:
                self.backup()
                pipe.cmds.append(self.command())
                continue
            self.unexpected(t, context)

    def check_pipeline(self, pipe: PipeNode, context: str, t: L.Token) -> None:
        if not pipe.cmds:
            self.error(f"missing value for {context}", t.line)
        for i, c in enumerate(pipe.cmds[1:]):
            if isinstance(c.args[0], (BoolNode, DotNode, NilNode, NumberNode, StringNode)):
                self.error(f"non executable command in pipeline stage {i + 2}", t.line)

    def command(self) -> CommandNode:
        cmd = CommandNode(self.peek_non_space().pos)
        while True:
            self.peek_non_space()
            op = self.operand()
            if op is not None:
                cmd.args.append(op)
            t = self.next()
            if t.kind == L.SPACE:
                continue
            if t.kind in (L.RIGHT, L.RPAREN):
                self.backup()
            elif t.kind == L.PIPE:
                pass
            else:
                self.unexpected(t, "operand")
            break
        if not cmd.args:
            self.error("empty command", self.peek().line)
        return cmd

    def operand(self) -> Node | None:
        node = self.term()
        if node is None:
            return None
        if self.peek().kind == L.FIELD:
            first = self.peek()
            fields: list[str] = []
            while self.peek().kind == L.FIELD:
                fields.append(self.next().val[1:])
            if isinstance(node, FieldNode):
                return FieldNode(first.pos, node.ident + fields)
            if isinstance(node, VariableNode):
                return VariableNode(first.pos, node.ident + fields)
            if isinstance(node, (BoolNode, StringNode, NumberNode, NilNode, DotNode)):
                self.error(f"unexpected . after term {go_quote(str(node))}", first.line)
            return ChainNode(first.pos, node, fields)
        return node

    def term(self) -> Node | None:
        t = self.next_non_space()
        k = t.kind
        if k == L.IDENT:
            if not self.has_func(t.val):
                self.error(f"function {go_quote(t.val)} not defined", t.line)
            return IdentifierNode(t.pos, t.val)
        if k == L.DOT:
            return DotNode(t.pos)
        if k == "nil":
            return NilNode(t.pos)
        if k == L.VARIABLE:
            if t.val not in self.vars:
                self.error(f"undefined variable {go_quote(t.val)}", t.line)
            return VariableNode(t.pos, [t.val])
        if k == L.FIELD:
            return FieldNode(t.pos, [t.val[1:]])
        if k == L.BOOL:
            return BoolNode(t.pos, t.val == "true")
        if k in (L.CHARCONST, L.NUMBER):
            return NumberNode(t.pos, t.val, self.number(t))
        if k == L.LPAREN:
            return self.pipeline("parenthesized pipeline", L.RPAREN)
        if k in (L.STRING, L.RAWSTRING):
            return StringNode(t.pos, t.val, self.unquote(t))
        self.backup()
        return None

    # -- literals -----------------------------------------------------------------------------------
    def unquote(self, t: L.Token) -> str:
        try:
            return unquote(t.val)
        except ValueError as e:
            self.error(str(e), t.line)
            raise AssertionError("unreachable") from e

    def number(self, t: L.Token) -> int | float:
        try:
            return parse_number(t.val, t.kind == L.CHARCONST)
        except ValueError as e:
            self.error(str(e), t.line)
            raise AssertionError("unreachable") from e


_OCTAL_OLD = re.compile(r"^[+-]?0[0-7_]+$")


def parse_number(text: str, is_char: bool = False) -> int | float:
    """Go's NumberNode + idealConstant: the int or float a literal denotes, or ValueError (Go wording)."""
    if is_char:
        body = text[1:]
        try:
            ch, rest = _unquote_char(body, "'")
        except ValueError:
            raise ValueError("invalid syntax") from None
        if rest != "'":
            raise ValueError(f"malformed character constant: {text}")
        return ord(ch) if isinstance(ch, str) else ch
    if text.endswith("i"):
        raise ValueError(f"illegal number syntax: {go_quote(text)}")
    low = text.lower()
    is_hex = low.lstrip("+-").startswith("0x")
    value: int | None = None
    try:
        if _OCTAL_OLD.match(text) and text.strip("+-_0") != "":
            sign = -1 if text.startswith("-") else 1
            value = sign * int(text.lstrip("+-")[1:].replace("_", "") or "0", 8)
        else:
            value = int(text, 0)
    except ValueError:
        value = None
    if value is not None:
        if -(2**63) <= value < 2**63:
            return value
        if 0 <= value < 2**64:
            raise ValueError(f"{text} overflows int")
        raise ValueError(f"integer overflow: {go_quote(text)}")
    try:
        if is_hex:
            if "p" not in low:  # Go: a hexadecimal mantissa requires a 'p' exponent
                raise ValueError
            f = float.fromhex(text.replace("_", ""))
        else:
            if "_" in text and not _valid_underscores(text):
                raise ValueError
            f = float(text.replace("_", ""))
    except (ValueError, OverflowError):
        raise ValueError(f"illegal number syntax: {go_quote(text)}") from None
    if math.isinf(f) or math.isnan(f):
        raise ValueError(f"illegal number syntax: {go_quote(text)}")
    if not any(c in text for c in ".eEpP"):
        raise ValueError(f"integer overflow: {go_quote(text)}")
    return f


def _valid_underscores(text: str) -> bool:
    return "__" not in text and not text.endswith("_") and "_." not in text and "._" not in text


_SIMPLE_ESC = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}


def _unquote_char(s: str, quote: str) -> tuple[str | int, str]:
    """strconv.UnquoteChar: first (char or byte value) of s and the rest."""
    if not s:
        raise ValueError("invalid syntax")
    c = s[0]
    if c == quote and quote in "'\"":
        raise ValueError("invalid syntax")
    if c != "\\":
        return c, s[1:]
    if len(s) < 2:
        raise ValueError("invalid syntax")
    e = s[1]
    if e in _SIMPLE_ESC:
        return _SIMPLE_ESC[e], s[2:]
    if e in "'\"":
        if e != quote:
            raise ValueError("invalid syntax")
        return e, s[2:]
    if e in "xuU":
        n = {"x": 2, "u": 4, "U": 8}[e]
        h = s[2 : 2 + n]
        if len(h) < n or any(ch not in "0123456789abcdefABCDEF" for ch in h):
            raise ValueError("invalid syntax")
        v = int(h, 16)
        if e == "x":
            return (v if quote != "'" else chr(v)), s[2 + n :]
        if v > 0x10FFFF or 0xD800 <= v <= 0xDFFF:
            raise ValueError("invalid syntax")
        return chr(v), s[2 + n :]
    if e in "01234567":
        o = s[1:4]
        if len(o) < 3 or any(ch not in "01234567" for ch in o):
            raise ValueError("invalid syntax")
        v = int(o, 8)
        if v > 255:
            raise ValueError("invalid syntax")
        return (v if quote != "'" else chr(v)), s[4:]
    raise ValueError("invalid syntax")


def unquote(q: str) -> str:
    """strconv.Unquote for "..." and `...` literals (ValueError "invalid syntax" when malformed)."""
    if len(q) < 2:
        raise ValueError("invalid syntax")
    if q[0] == "`":
        if q[-1] != "`" or "`" in q[1:-1]:
            raise ValueError("invalid syntax")
        return q[1:-1].replace("\r", "")
    if q[0] != '"' or q[-1] != '"':
        raise ValueError("invalid syntax")
    body = q[1:-1]
    if "\\" not in body:
        if '"' in body or "\n" in body:
            raise ValueError("invalid syntax")
        return body
    out = bytearray()
    s = body
    while s:
        if s[0] == '"' or s[0] == "\n":
            raise ValueError("invalid syntax")
        ch, s = _unquote_char(s, '"')
        if isinstance(ch, int):
            out.append(ch)
        else:
            out += ch.encode("utf-8", "surrogatepass")
    return out.decode("utf-8", "replace")


def parse(
    name: str, text: str, has_func: Callable[[str], bool], *, break_ok: bool = True, continue_ok: bool = True
) -> tuple[Tree, dict[str, Tree]]:
    """Parse one template file: its own tree plus the trees of the defines/blocks it contains."""
    toks = L.lex(text, break_ok=break_ok, continue_ok=continue_ok)
    p = _Parser(name, text, toks, has_func)
    try:
        tree = p.parse()
    except GoTemplateError:
        raise
    except RecursionError:
        raise GoTemplateError(f"template: {name}: template nesting too deep to parse", template=name) from None
    except Exception as e:  # safety net: never a traceback for bad input
        raise GoTemplateError(f"template: {name}: cannot parse: {type(e).__name__}: {e}", template=name) from e
    return tree, p.trees
