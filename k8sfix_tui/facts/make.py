"""Makefiles: targets (with `## help`), prerequisites, recipes, `.PHONY`, variables, commands.

A line-based reader of GNU make syntax good enough for deployment Makefiles: continuation
lines, `define`/`endef`, conditionals (all branches are read), target-specific variables
(ignored), `=`, `:=`, `::=`, `?=`, `+=`, `!=` assignments, and a `$(VAR)`/`${VAR}` expander that
leaves functions and unknown variables as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from ..model import HostsEntry, Location, MakeTarget, MakeVariable, ShellCommand
from .shell import local_hostnames, scan_shell

_VAR_ASSIGN = re.compile(r"^(?:(?:export|override|private)\s+)*([A-Za-z_.][A-Za-z0-9_.-]*)\s*(\?=|::=|:::=|:=|\+=|!=|=)\s*(.*)$")
_RULE = re.compile(r"^([^:=#\t][^:=#]*?)\s*(::?)(?!=)\s*(.*)$")
_DIRECTIVES = ("ifeq", "ifneq", "ifdef", "ifndef", "else", "endif", "include", "-include", "sinclude",
               "vpath", "unexport", "export", "undefine")
_FUNCS = frozenset({"shell", "call", "wildcard", "patsubst", "subst", "strip", "filter", "filter-out", "sort",
                    "word", "words", "firstword", "lastword", "dir", "notdir", "suffix", "basename",
                    "addsuffix", "addprefix", "join", "realpath", "abspath", "if", "or", "and", "foreach",
                    "origin", "flavor", "value", "eval", "info", "warning", "error", "file", "findstring"})
MAX_EXPAND_DEPTH = 20


@dataclass
class MakeFile:
    """Everything one Makefile yields."""

    targets: list[MakeTarget] = field(default_factory=list)
    variables: list[MakeVariable] = field(default_factory=list)
    commands: list[ShellCommand] = field(default_factory=list)
    hosts: list[HostsEntry] = field(default_factory=list)
    cwd: dict[int, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)  # final (expanded) variable values
    included: list[tuple[str, "MakeFile"]] = field(default_factory=list)  # (path, parsed) of `include`d files


def expand(text: str, values: dict[str, str], depth: int = 0) -> str:
    """Expand make variable references; `$$` -> `$`; unknown names and functions stay as written."""
    if "$" not in text or depth > MAX_EXPAND_DEPTH:
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c != "$" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "$":
            out.append("$")
            i += 2
            continue
        if nxt in "({":
            close = ")" if nxt == "(" else "}"
            level, j = 1, i + 2
            while j < n and level:
                if text[j] == nxt:
                    level += 1
                elif text[j] == close:
                    level -= 1
                j += 1
            inner = text[i + 2 : j - 1]
            name = inner.strip()
            head = name.split(None, 1)[0] if name else ""
            if head in _FUNCS and " " in name:
                out.append(text[i:j])
            elif ":" in name and "=" in name.split(":", 1)[1]:  # $(VAR:a=b)
                var, _, spec = name.partition(":")
                a, _, b = spec.partition("=")
                if var in values:
                    val = expand(values[var], values, depth + 1)
                    out.append(" ".join(w[: -len(a)] + b if a and w.endswith(a) else w for w in val.split()))
                else:
                    out.append(text[i:j])
            elif name in values:
                out.append(expand(values[name], values, depth + 1))
            else:
                out.append(text[i:j])
            i = j
            continue
        if nxt.isalnum() or nxt == "_":
            if nxt in values:
                out.append(expand(values[nxt], values, depth + 1))
            else:
                out.append(text[i : i + 2])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(first line number, text) with backslash-newline continuations joined."""
    out: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for no, raw in enumerate(text.splitlines(), 1):
        if not pending:
            start = no
        if raw.endswith("\\") and not raw.endswith("\\\\"):
            pending.append(raw[:-1])
            continue
        pending.append(raw)
        if len(pending) == 1:
            out.append((start, pending[0]))
        else:
            first, rest = pending[0], [p.strip() for p in pending[1:]]
            out.append((start, " ".join([first.rstrip(), *rest])))
        pending = []
    if pending:
        out.append((start, " ".join(p.strip() for p in pending)))
    return out


def _strip_comment(line: str) -> tuple[str, str | None]:
    """Split `text # comment` (a `#` not escaped); return (text, comment or None)."""
    idx = 0
    while True:
        idx = line.find("#", idx)
        if idx < 0:
            return line, None
        if idx > 0 and line[idx - 1] == "\\":
            idx += 1
            continue
        return line[:idx], line[idx:]


IncludeLoader = Callable[[str], "tuple[str, str] | None"]


def parse_makefile(
    text: str,
    path: str,
    *,
    cwd: str = ".",
    env: dict[str, str] | None = None,
    include: IncludeLoader | None = None,
    _depth: int = 0,
) -> MakeFile:
    """Parse one Makefile. `cwd` is its directory (repo-relative), for resolving recipe paths.

    `include(name)` returns `(repo-relative path, text)` of an `include`d file (or None); its
    variables become visible here and its contents are returned in `included`."""
    mf = MakeFile()
    values: dict[str, str] = {"MAKE": "make", "CURDIR": "."}
    if env:
        values.update(env)
    phony: set[str] = set()
    targets: dict[str, MakeTarget] = {}
    order: list[str] = []
    current: list[MakeTarget] = []
    prev_comment: str | None = None
    define: tuple[str, str, int, list[str]] | None = None
    recipes: list[tuple[MakeTarget, int, str]] = []
    for no, line in _logical_lines(text):
        if define is not None:
            if line.strip() == "endef":
                name, op, dline, body = define
                value = "\n".join(body)
                mf.variables.append(MakeVariable(name, value, op, Location(path, dline)))
                values[name] = value
                define = None
            else:
                define[3].append(line)
            continue
        if line.startswith("\t") and current:
            cmd = line[1:]
            if cmd.strip() and not cmd.lstrip().startswith("#"):
                for t in current:
                    t.commands.append(cmd.strip())
                    recipes.append((t, no, cmd.strip()))
            continue
        stripped = line.strip()
        if not stripped:
            prev_comment = None
            continue
        if stripped.startswith("#"):
            prev_comment = stripped.lstrip("#").strip() or None
            continue
        comment_above, prev_comment = prev_comment, None
        m = re.match(r"^define\s+([A-Za-z_.][A-Za-z0-9_.-]*)\s*(\?=|:=|::=|\+=|=)?\s*$", stripped)
        if m:
            define = (m.group(1), m.group(2) or "=", no, [])
            current = []
            continue
        word = stripped.split(None, 1)[0]
        if word in ("include", "-include", "sinclude") and include is not None and _depth < 5:
            for name in expand(stripped.split(None, 1)[1] if " " in stripped else "", values).split():
                loaded = include(name)
                if loaded is None:
                    continue
                rel, inc_text = loaded
                sub = parse_makefile(inc_text, rel, cwd=cwd, env=dict(values), include=include, _depth=_depth + 1)
                values.update(sub.values)
                mf.included.append((rel, sub))
            continue
        if word in _DIRECTIVES and word not in ("export", "override"):
            continue
        code, comment = _strip_comment(line)
        m = _VAR_ASSIGN.match(code.strip())
        if m:
            name, op, value = m.group(1), m.group(2), m.group(3).strip()
            mf.variables.append(MakeVariable(name, value, op, Location(path, no)))
            if op == "?=":
                values.setdefault(name, value)
            elif op in (":=", "::=", ":::="):
                values[name] = expand(value, values)
            elif op == "+=":
                values[name] = f"{values[name]} {value}".strip() if name in values else value
            elif op == "!=":
                values[name] = f"$(shell {value})"
            else:
                values[name] = value
            current = []
            continue
        m = _RULE.match(code.rstrip())
        if m and not code.startswith("\t"):
            names = expand(m.group(1), values).split()
            rest = m.group(3)
            if ";" in rest:
                rest, inline = rest.split(";", 1)
            else:
                inline = ""
            if "=" in rest and _VAR_ASSIGN.match(rest.strip()):
                continue  # target-specific variable
            prereqs = [p for p in expand(rest, values).split() if p != "|"]
            help_text = None
            if comment and comment.startswith("##"):
                help_text = comment.lstrip("#").strip() or None
            elif comment_above:
                help_text = comment_above
            current = []
            for name in names:
                if name == ".PHONY":
                    phony.update(prereqs)
                    continue
                if name.startswith("."):  # special targets; pattern rules (deploy-%) are kept
                    continue
                if name in targets:
                    t = targets[name]
                    t.prerequisites.extend(p for p in prereqs if p not in t.prerequisites)
                    if help_text and not t.help:
                        t.help = help_text
                else:
                    t = MakeTarget(name, help_text, prereqs, [], Location(path, no))
                    targets[name] = t
                    order.append(name)
                current.append(t)
            if inline.strip():
                for t in current:
                    t.commands.append(inline.strip())
                    recipes.append((t, no, inline.strip()))
            continue
        current = []
    for name in order:
        t = targets[name]
        t.phony = name in phony
        mf.targets.append(t)
    mf.values = values
    for target, no, cmd in recipes:
        body = cmd.lstrip("@-+ \t")
        expanded = expand(body, values)
        scan = scan_shell(expanded, path, f"make:{target.name}", first_line=no, cwd=cwd)
        mf.commands.extend(scan.commands)
        mf.cwd.update(scan.cwd)
        mf.hosts.extend(scan.hosts)
    if ".local" in text:
        mf.hosts.extend(local_hostnames(text, path))
    return mf
