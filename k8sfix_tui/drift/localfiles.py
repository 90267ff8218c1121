"""Files a reader makes locally: a path a document names is not drift when it could never be in the repository.

Three shapes, all generic:
- the repository ignores it (`.gitignore` in the repository root or in any directory above the path or the
  document): `.env`, `.venv/bin/activate`, `values.local.yaml`;
- the document itself creates it before use (`cat > my-values.yaml <<EOF`, `python -m venv .venv`,
  `touch x`, `tee x`, `curl -o x`, `helm pull --untar`, "Create a `podinfo-values.yaml` file");
- its name says the reader chooses it (`my-values.yaml`, `your-config.cue`, `custom-values.yaml`).
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re

_USER_NAMED = re.compile(r"^(my|your|custom|local|override|overrides)[-_.]|^(my|your)[a-z]*?(values|conf|config|"
                         r"configuration|settings|overrides?|release|app|cluster|secrets?|env|chart|cert|key)[-_.]", re.I)
_CREATE_WORDS = re.compile(r"\b(create|creating|created|generate|generates|generated|write|writes|save|saves|"
                           r"download|downloads|copy|copies|make a|add a|new file|produces|is created|will be created)\b",
                           re.I)


_CMD = r"(?:^|[;&|(]\s*|\$\s+|sudo\s+)"
# "Given a file named `x.yaml` containing ...": the document introduces the file the reader writes.
_FILE_NAMED = re.compile(r"\b(a|an|the)\s+(\w+\s+)?file\s+(named|called)\b|\bgiv(en|ing)\s+a\s+file\b", re.I)


def _creates_in_line(line: str, name: str, dirs_only: bool = False) -> bool:
    """True when a shell line writes `name` (or a path ending in it); `dirs_only`: only directory makers."""
    esc = re.escape(name)
    end = r"(?=$|[\s;|&)'\"`])"
    dir_pats = (
        rf"\b(?:venv|virtualenv)\s+(?:-\S+\s+)*['\"]?(?:\./)?{esc}{end}",
        rf"{_CMD}mkdir\s+(?:-\S+\s+)*(?:\S+\s+)*?['\"]?(?:\./)?{esc}{end}",
        rf"{_CMD}git\s+clone\s+(?:-\S+\s+)*\S+\s+['\"]?(?:\./)?{esc}{end}",
        rf"--untardir[\s=]+['\"]?(?:\./)?{esc}{end}",
    )
    if dirs_only:
        return any(re.search(p, line) for p in dir_pats)
    pats = dir_pats + (
        rf">>?\s*['\"]?(?:\S*/)?{esc}{end}",                          # > file, >> file
        rf"{_CMD}(?:tee|touch)\b(?:\s+-\S+)*\s+(?:\S+\s+)*?['\"]?(?:\S*/)?{esc}{end}",
        rf"\s(?:-o|-O|--output|--output-file|--out)[\s=]+['\"]?(?:\S*/)?{esc}{end}",
        rf"{_CMD}(?:cp|mv|ln)\b(?:\s+-\S+)*\s+\S+\s+['\"]?(?:\S*/)?{esc}{end}",
    )
    return any(re.search(p, line) for p in pats)


_GENERATE_CONTENT = re.compile(r"\b(generate|create|write|save)\s+(the\s+)?(content|contents|file|output)\b", re.I)


def doc_creates(doc_lines: list[str], path: str) -> bool:
    """The document makes `path` itself (a shell line writes it, or prose says to create it)."""
    p = path.strip().strip("`'\"").rstrip("/")
    while p.startswith("./"):
        p = p[2:]
    if not p:
        return False
    parts = p.split("/")
    files = {p, parts[-1]}
    top = parts[0] if len(parts) > 1 else None  # .venv/bin/activate comes from creating .venv
    named = re.compile(r"(?<![\w./-])" + re.escape(p) + r"(?![\w/-])") if "." in parts[-1] else None
    for line in doc_lines:
        for c in files:
            if c in line and _creates_in_line(line, c):
                return True
        if top and top in line and _creates_in_line(line, top, dirs_only=True):
            return True
        if ("`" + p + "`") in line and (_CREATE_WORDS.search(line) or _FILE_NAMED.search(line)):
            return True
        if named is not None and p in line and named.search(line) and _GENERATE_CONTENT.search(line):
            return True  # "use --dry-run to generate the content for the dynamicconfigmap.yaml"
    return False


def user_named(path: str) -> bool:
    """`my-values.yaml`, `your-overrides.cue`: a file name the reader picks."""
    base = path.strip().rstrip("/").rsplit("/", 1)[-1]
    return bool(_USER_NAMED.match(base))


def _read_ignore(root: str, rel_dir: str, cache: dict) -> list[tuple[str, bool, bool, bool]]:
    key = rel_dir
    if key in cache:
        return cache[key]
    rules: list[tuple[str, bool, bool, bool]] = []
    full = os.path.join(root, rel_dir, ".gitignore") if rel_dir else os.path.join(root, ".gitignore")
    try:
        with open(full, encoding="utf-8", errors="replace") as fh:
            lines = fh.read(200_000).splitlines()
    except OSError:
        lines = []
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        neg = line.startswith("!")
        if neg:
            line = line[1:]
        dir_only = line.endswith("/")
        line = line.strip("/") if dir_only else line
        anchored = "/" in line.lstrip("/") or raw.strip().lstrip("!").startswith("/")
        line = line.lstrip("/")
        if line:
            rules.append((line, neg, dir_only, anchored))
    cache[key] = rules
    return rules


def _match(rule: tuple[str, bool, bool, bool], rel: str) -> bool:
    pat, _neg, dir_only, anchored = rule
    parts = rel.split("/")
    if anchored:
        for i in range(1, len(parts) + 1):
            prefix = "/".join(parts[:i])
            if fnmatch.fnmatchcase(prefix, pat):
                return True  # dir-only patterns too: the doc cannot tell a file from a directory
        return False
    return any(fnmatch.fnmatchcase(part, pat) for part in parts)


def ignored(root: str | None, path: str, doc_path: str = "", cache: dict | None = None) -> bool:
    """The repository's .gitignore files ignore `path` (as named from the root or from the document's folder)."""
    if not root or not os.path.isdir(root):
        return False
    cache = {} if cache is None else cache
    p = path.strip().strip("`'\"")
    while p.startswith("./"):
        p = p[2:]
    p = p.strip("/")
    if not p or p.startswith(".."):
        return False
    options = [p]
    doc_dir = posixpath.dirname(doc_path)
    if doc_dir:
        options.append(posixpath.normpath(posixpath.join(doc_dir, p)))
    for rel in options:
        if rel.startswith(".."):
            continue
        parts = rel.split("/")
        verdict = None
        for depth in range(0, len(parts)):  # .gitignore of root, then of each directory down the path
            base = "/".join(parts[:depth])
            sub = "/".join(parts[depth:])
            for rule in _read_ignore(root, base, cache):
                if _match(rule, sub):
                    verdict = not rule[1]
        if verdict:
            return True
    return False


def locally_made(ctx, doc, path: str) -> bool:
    """Any of the three shapes above."""
    if user_named(path):
        return True
    cache = ctx.__dict__.setdefault("_gitignore_cache", {})
    if ignored(getattr(ctx.facts, "repo", None), path, doc.path if doc is not None else "", cache):
        return True
    return doc is not None and doc_creates(doc.lines, path)
