"""Directory trees in code blocks -> one `tree` claim (value = [{"path", "line", "dir"}], extra.root).

Understands `tree`-style drawings (`├──`, `└──`, `│`, also ASCII `|--`, `` `-- ``, `+--`) and plain
indented trees (`k8s/` then `  base/` then `    deployment.yaml`). Paths are full and relative to
the tree's root line (`extra.root`, e.g. "larkspur" or "k8s"; None when the drawing has no root).
Trailing comments (`# ...`, `<- ...`, `← ...`) are dropped.
"""

from __future__ import annotations

import re
from typing import Any

from ...model import Claim
from ..markdown import CodeBlock, Document
from .common import new_claim, section_subject

TREE_LANGS = {"", "text", "txt", "plain", "plaintext", "tree", "none", "console", "bash", "sh", "shell", "ascii",
              "output", "dir", "directory", "files", "md", "markdown"}
_CONNECTOR = re.compile(r"(├──|└──|├─|└─|\|--|`--|\+--|\\--|\|──|├|└)\s*")
_PIPES = re.compile(r"^[\s│|]*$")
_COMMENT = re.compile(r"\s+(?:#|<-+|←|//|-->|—|–|-\s).*$|\s{2,}\S.*$")
_NAME = re.compile(r"^[\w.\-@+{}$*~()\[\]]+(?:/[\w.\-@+{}$*~()\[\]]+)*(?: [\w.\-@+]+)*/?$")
_INDENTED = re.compile(r"^(\s*)([\w.\-@+]+(?:/[\w.\-@+]+)*/?)\s*(?:#.*)?$")


def _clean(name: str) -> str:
    name = _COMMENT.sub("", name.strip()).strip().strip("`*")
    return name


def is_tree_block(block: CodeBlock) -> bool:
    if block.lang not in TREE_LANGS:
        return False
    text = block.text
    if re.search(r"├──|└──|├─|└─", text):
        return True
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if block.lang not in ("", "text", "txt", "plain", "plaintext", "tree", "none") or len(lines) < 2:
        return False
    if sum(1 for ln in lines if re.match(r"^\s*(?:\||`|\+|\\)--", ln)) >= 2:
        return True
    if not all(_INDENTED.match(ln) for ln in lines):
        return False
    return any(ln.rstrip().endswith("/") for ln in lines) and any(ln[:1] in (" ", "\t") for ln in lines)


def parse_tree(block: CodeBlock) -> tuple[str | None, list[dict[str, Any]]]:
    lines = block.text.splitlines()
    drawn = bool(re.search(r"├|└|\|--|`--|\+--", block.text))
    entries: list[tuple[int, str, int]] = []  # (depth, name, line)
    root: str | None = None
    if drawn:
        cols = []
        for raw in lines:
            m = _CONNECTOR.search(raw)
            if m:
                cols.append(m.start())
        positive = sorted({c for c in cols if c > 0})
        base = min(cols) if cols else 0
        unit = (positive[0] - base) if positive and positive[0] > base else 4
        unit = unit if unit > 0 else 4
        for i, raw in enumerate(lines):
            ln = block.content_start_line + i
            if not raw.strip() or _PIPES.match(raw):
                continue
            m = _CONNECTOR.search(raw)
            if m is None:
                if not entries and root is None:
                    name = _clean(raw)
                    if _NAME.match(name) or name == ".":
                        root = name.rstrip("/") or "."
                continue
            prefix = raw[: m.start()]
            if prefix.strip(" │|\t"):
                continue
            depth = (m.start() - base) // unit + 1
            name = _clean(raw[m.end():])
            if not name or not _NAME.match(name) or name in ("...", "…"):
                continue
            entries.append((depth, name, ln))
    else:
        indents = [len(raw) - len(raw.lstrip()) for raw in lines if raw.strip()]
        positive = sorted({i for i in indents if i > 0})
        base = min(indents) if indents else 0
        unit = (positive[0] - base) if positive and positive[0] > base else 2
        first = True
        for i, raw in enumerate(lines):
            m = _INDENTED.match(raw)
            if not raw.strip() or not m:
                continue
            depth = (len(m.group(1)) - base) // max(unit, 1)
            name = m.group(2)
            if first and depth == 0 and name.endswith("/") and all(
                (len(r) - len(r.lstrip()) > base) for r in lines[i + 1:] if r.strip()
            ):
                root = name.rstrip("/")
                first = False
                continue
            first = False
            entries.append((depth + (1 if root is None else 0), name, block.content_start_line + i))
        if root is not None:
            entries = [(d, n, ln) for d, n, ln in entries]
    out: list[dict[str, Any]] = []
    stack: list[str] = []
    min_depth = min((d for d, _, _ in entries), default=1)
    for idx, (depth, name, ln) in enumerate(entries):
        level = max(0, depth - min_depth)
        stack = stack[:level]
        is_dir = name.endswith("/") or (idx + 1 < len(entries) and entries[idx + 1][0] > depth)
        clean = name.rstrip("/")
        path = "/".join(stack + [clean])
        out.append({"path": path, "line": ln, "dir": is_dir})
        if is_dir:
            stack.append(clean)
        else:
            stack.append(clean)  # keeps depth bookkeeping even for files
    if root in (".", "./"):
        root = None
    return root, out


def extract(doc: Document) -> list[Claim]:
    out: list[Claim] = []
    for block in doc.blocks:
        if not is_tree_block(block):
            continue
        root, entries = parse_tree(block)
        if not entries:
            continue
        out.append(new_claim(doc, block.fence_line, "tree", "tree", entries, subject=section_subject(doc, block.fence_line),
                             extra={"root": root, "end_line": block.end_line}, end_line=block.end_line))
    return out
