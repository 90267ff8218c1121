"""Parse-tree nodes of Go text/template. `str(node)` gives back template source, as Go's parse/node.go.

Every node has `pos` (offset in the text of the template file it came from); nodes that start an
output-producing construct also carry `line` (1-based).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .values import go_quote, utf8


class Node:
    """Base of all nodes."""

    __slots__ = ()
    pos: int


@dataclass(slots=True, eq=False)
class ListNode(Node):
    pos: int
    nodes: list[Node] = field(default_factory=list)

    def __str__(self) -> str:
        return "".join(str(n) for n in self.nodes)


@dataclass(slots=True, eq=False)
class TextNode(Node):
    pos: int
    line: int
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(slots=True, eq=False)
class IdentifierNode(Node):
    pos: int
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(slots=True, eq=False)
class VariableNode(Node):
    pos: int
    ident: list[str]

    def __str__(self) -> str:
        return ".".join(self.ident)


@dataclass(slots=True, eq=False)
class DotNode(Node):
    pos: int

    def __str__(self) -> str:
        return "."


@dataclass(slots=True, eq=False)
class NilNode(Node):
    pos: int

    def __str__(self) -> str:
        return "nil"


@dataclass(slots=True, eq=False)
class FieldNode(Node):
    pos: int
    ident: list[str]

    def __str__(self) -> str:
        return "".join("." + i for i in self.ident)


@dataclass(slots=True, eq=False)
class ChainNode(Node):
    pos: int
    node: Node
    fields: list[str]

    def __str__(self) -> str:
        base = f"({self.node})" if isinstance(self.node, PipeNode) else str(self.node)
        return base + "".join("." + f for f in self.fields)


@dataclass(slots=True, eq=False)
class BoolNode(Node):
    pos: int
    value: bool

    def __str__(self) -> str:
        return "true" if self.value else "false"


@dataclass(slots=True, eq=False)
class NumberNode(Node):
    pos: int
    text: str
    value: Any  # int or float (Go's ideal constant, already resolved)

    def __str__(self) -> str:
        return self.text


@dataclass(slots=True, eq=False)
class StringNode(Node):
    pos: int
    quoted: str
    text: str

    def __str__(self) -> str:
        return self.quoted


@dataclass(slots=True, eq=False)
class CommandNode(Node):
    pos: int
    args: list[Node] = field(default_factory=list)

    def __str__(self) -> str:
        return " ".join(f"({a})" if isinstance(a, PipeNode) else str(a) for a in self.args)


@dataclass(slots=True, eq=False)
class PipeNode(Node):
    pos: int
    line: int
    is_assign: bool = False
    decl: list[VariableNode] = field(default_factory=list)
    cmds: list[CommandNode] = field(default_factory=list)

    def __str__(self) -> str:
        s = ""
        if self.decl:
            s = ", ".join(str(v) for v in self.decl) + (" = " if self.is_assign else " := ")
        return s + " | ".join(str(c) for c in self.cmds)


@dataclass(slots=True, eq=False)
class ActionNode(Node):
    pos: int
    line: int
    pipe: PipeNode

    def __str__(self) -> str:
        return "{{" + str(self.pipe) + "}}"


@dataclass(slots=True, eq=False)
class _BranchNode(Node):
    pos: int
    line: int
    pipe: PipeNode
    list: ListNode
    else_list: ListNode | None = None

    keyword = ""

    def __str__(self) -> str:
        s = "{{" + self.keyword + " " + str(self.pipe) + "}}" + str(self.list)
        if self.else_list is not None:
            s += "{{else}}" + str(self.else_list)
        return s + "{{end}}"


@dataclass(slots=True, eq=False)
class IfNode(_BranchNode):
    keyword = "if"


@dataclass(slots=True, eq=False)
class RangeNode(_BranchNode):
    keyword = "range"


@dataclass(slots=True, eq=False)
class WithNode(_BranchNode):
    keyword = "with"


@dataclass(slots=True, eq=False)
class BreakNode(Node):
    pos: int
    line: int

    def __str__(self) -> str:
        return "{{break}}"


@dataclass(slots=True, eq=False)
class ContinueNode(Node):
    pos: int
    line: int

    def __str__(self) -> str:
        return "{{continue}}"


@dataclass(slots=True, eq=False)
class TemplateNode(Node):
    pos: int
    line: int
    name: str
    pipe: PipeNode | None = None

    def __str__(self) -> str:
        if self.pipe is None:
            return "{{template " + go_quote(self.name) + "}}"
        return "{{template " + go_quote(self.name) + " " + str(self.pipe) + "}}"


@dataclass(slots=True, eq=False)
class EndNode(Node):
    """Parser-internal: an {{end}}."""

    pos: int

    def __str__(self) -> str:
        return "{{end}}"


@dataclass(slots=True, eq=False)
class ElseNode(Node):
    """Parser-internal: an {{else}} (possibly followed by a pending if/with)."""

    pos: int
    line: int

    def __str__(self) -> str:
        return "{{else}}"


@dataclass(slots=True, eq=False)
class Tree:
    """One parsed template: `name` (file or define name), `parse_name` (the file it came from),
    the full `text` of that file (for error positions) and its `root` list."""

    name: str
    parse_name: str
    text: str
    root: ListNode

    def location(self, pos: int) -> tuple[int, int]:
        """(line, column) of an offset, Go-style: column is the 0-based byte offset in its line."""
        text = self.text
        pos = max(0, min(pos, len(text)))
        line = 1 + text.count("\n", 0, pos)
        nl = text.rfind("\n", 0, pos)
        seg = text[nl + 1 : pos]
        col = len(seg) if seg.isascii() else len(utf8(seg))
        return line, col


def is_empty_tree(n: Node | None) -> bool:
    """Go's parse.IsEmptyTree: nothing but white space (and comments)."""
    if n is None:
        return True
    if isinstance(n, ListNode):
        return all(is_empty_tree(x) for x in n.nodes)
    if isinstance(n, TextNode):
        return n.text.strip(" \t\r\n\v\f\x85\xa0") == ""
    return False
