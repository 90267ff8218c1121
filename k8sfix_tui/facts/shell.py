"""A small shell reader: simple commands (with lines) out of scripts, recipes and CI `run:` blocks.

Not a shell: it splits text into simple commands at `;`, `&&`, `||`, `|`, `&`, newlines and
subshell parentheses (respecting quotes, `$(...)`, backticks, line continuations and comments),
skips here-document bodies, descends into `$(...)` / backticks / `sh -c '...'` / `eval`, drops
`sudo`, environment prefixes and redirections, and expands shell variables it has seen assigned
(`NAME=value`, `${NAME:-default}`). Commands whose tool is of interest become `ShellCommand`s;
`/etc/hosts` edits become `HostsEntry`s.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass, field

from ..model import HostsEntry, Location, ShellCommand

INTERESTING_TOOLS = frozenset(
    {
        "minikube", "kubectl", "helm", "docker", "docker-compose", "podman", "kind", "k3d", "k3s",
        "skaffold", "make", "kustomize", "tilt", "helmfile", "kubens", "kubectx", "kubeseal", "curl",
        "oc", "envsubst", "stern", "kubeconform", "kubeval", "ct", "minikube.exe", "kubectl.exe", "eval",
    }
)
_KEYWORDS = frozenset({"if", "then", "else", "elif", "do", "while", "until", "!", "time", "exec", "command",
                       "builtin", "{", "}", "fi", "done", "esac"})
_HEREDOC_RX = re.compile(r"(?<!<)<<-?\s*(['\"]?)([A-Za-z_][\w.-]*)\1")
_ASSIGN_RX = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\+?=(.*)$", re.S)
_VAR_RX = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*|[0-9])(?:(:?[-=+?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)")
_REDIRECT_RX = re.compile(r"^(?:\d*|&)(?:>>?|<|&>>?)\S+$")
_REDIRECT_OPS = frozenset({"<", ">", ">>", "2>", "2>>", "1>", "&>", "&>>", "<<<", ">|"})
_IP_RX = re.compile(r"^(?:\d{1,3}\.){3}\d{1,3}$|^[0-9a-fA-F:]+:[0-9a-fA-F:]*$")
_HOST_RX = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9*](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")
_LOCAL_RX = re.compile(r"(?<![\w.-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+local)(?![\w-])", re.I)
_ARRAY_RX = re.compile(r"^\s*(?:declare\s+-a\s+|local\s+)?([A-Za-z_]\w*)=\((.*)\)\s*$", re.S)
_SUDO_VALUE_OPTS = frozenset({"-u", "-g", "-h", "-p", "-C", "-U", "-r", "-t"})


@dataclass
class RawCommand:
    """One simple command as written: its text, 1-based line and pipeline number."""

    text: str
    line: int
    pipeline: int
    heredoc: list[tuple[int, str]] = field(default_factory=list)  # (line, text) of its here-document body


def split_commands(text: str, first_line: int = 1) -> list[RawCommand]:
    """Split shell text into simple commands (top level only; see `inner_substitutions`)."""
    out: list[RawCommand] = []
    buf: list[str] = []
    line = first_line
    start_line: int | None = None
    stack: list[str] = []  # open contexts: ' " ` $(
    pipeline = 0
    heredocs: list[tuple[str, RawCommand]] = []
    i, n = 0, len(text)

    def flush(new_pipeline: bool) -> None:
        nonlocal buf, start_line, pipeline
        cmd = "".join(buf).strip()
        if cmd:
            raw = RawCommand(cmd, start_line or line, pipeline)
            out.append(raw)
            heredocs.extend((m.group(2), raw) for m in _HEREDOC_RX.finditer(cmd))
        buf = []
        start_line = None
        if new_pipeline:
            pipeline += 1

    while i < n:
        c = text[i]
        top = stack[-1] if stack else None
        if c == "\n":
            line += 1
            if top is None:
                flush(True)
                if heredocs:  # skip here-document bodies
                    delims = heredocs[:]
                    heredocs.clear()
                    j = i + 1
                    for delim, owner in delims:
                        while j < n:
                            end = text.find("\n", j)
                            end = n if end < 0 else end
                            body_line = text[j:end]
                            j = end + 1
                            if body_line.strip() == delim:
                                line += 1
                                break
                            owner.heredoc.append((line, body_line))
                            line += 1
                    i = j
                    continue
                i += 1
                continue
            buf.append(c)
            i += 1
            continue
        if start_line is None and not c.isspace():
            start_line = line
        if top == "'":
            buf.append(c)
            if c == "'":
                stack.pop()
            i += 1
            continue
        if c == "\\" and i + 1 < n:
            if text[i + 1] == "\n":
                line += 1
                buf.append(" ")
            else:
                buf.append(text[i : i + 2])
            i += 2
            continue
        if top == '"':
            if c == '"':
                stack.pop()
            elif c == "$" and text.startswith("$(", i):
                stack.append("$(")
                buf.append("$(")
                i += 2
                continue
            elif c == "`":
                stack.append("`")
            buf.append(c)
            i += 1
            continue
        if top == "`":
            if c == "`":
                stack.pop()
            buf.append(c)
            i += 1
            continue
        # top level or inside $( ... )
        if c == "#" and (not buf or buf[-1][-1:].isspace() or buf[-1][-1:] in ";&|("):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if c in "'\"`":
            stack.append(c)
            buf.append(c)
            i += 1
            continue
        if c == "$" and text.startswith("$(", i):
            stack.append("$(")
            buf.append("$(")
            i += 2
            continue
        if top == "$(":
            if c == "(":
                stack.append("(")
            elif c == ")":
                stack.pop()
            buf.append(c)
            i += 1
            continue
        if top == "(":
            if c == "(":
                stack.append("(")
            elif c == ")":
                stack.pop()
            buf.append(c)
            i += 1
            continue
        if c in ";&|()":
            prev = buf[-1][-1:] if buf else ""
            nxt = text[i + 1] if i + 1 < n else ""
            if c == "&" and (prev in "<>" or nxt == ">"):
                buf.append(c)
                i += 1
                continue
            if c == "|" and prev == ">":
                buf.append(c)
                i += 1
                continue
            if c == "(" and "".join(buf).strip():
                buf.append(c)  # e.g. function definitions `f() {`, arrays `a=(x y)`
                stack.append("(")
                i += 1
                continue
            pipe = c == "|" and nxt != "|"
            flush(not pipe)
            i += 2 if text.startswith(("&&", "||", ";;"), i) else 1
            continue
        buf.append(c)
        i += 1
    flush(True)
    return out


def inner_substitutions(cmd: str) -> list[str]:
    """Texts of the top-level `$(...)` and backtick substitutions inside one command."""
    found: list[str] = []
    i, n = 0, len(cmd)
    quote = None
    while i < n:
        c = cmd[i]
        if quote == "'":
            if c == "'":
                quote = None
            i += 1
            continue
        if c == "\\":
            i += 2
            continue
        if c == "'" and quote is None:
            quote = "'"
        elif c == '"':
            quote = None if quote == '"' else '"'
        elif cmd.startswith("$(", i) and not cmd.startswith("$((", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if cmd[j] == "(":
                    depth += 1
                elif cmd[j] == ")":
                    depth -= 1
                j += 1
            found.append(cmd[i + 2 : j - 1])
            i = j
            continue
        elif c == "`":
            j = cmd.find("`", i + 1)
            if j < 0:
                break
            found.append(cmd[i + 1 : j])
            i = j + 1
            continue
        i += 1
    return found


def split_words(cmd: str) -> list[str]:
    """shlex-split one simple command, keeping `$(...)` / backticks as text inside their word."""
    subs = inner_substitutions(cmd)
    protected = cmd
    for k, sub in enumerate(subs):
        for form in (f"$({sub})", f"`{sub}`"):
            if form in protected:
                protected = protected.replace(form, f"\x01{k}\x01", 1)
                break
    try:
        lexer = shlex.shlex(protected, posix=True)
        lexer.whitespace_split = True
        lexer.commenters = ""
        words = list(lexer)
    except ValueError:
        words = protected.split()
    if subs:
        restored = []
        for w in words:
            for k, sub in enumerate(subs):
                w = w.replace(f"\x01{k}\x01", f"$({sub})")
            restored.append(w)
        words = restored
    return words


def expand_vars(word: str, env: dict[str, str]) -> str:
    """Expand `$NAME`, `${NAME}`, `${NAME:-default}` (known names or given defaults only)."""
    if "$" not in word:
        return word

    def sub(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(4)
        op, default = m.group(2), m.group(3)
        if name in env and env[name] != "":
            if op and op.endswith("+"):
                return default or ""
            return env[name]
        if op and op.endswith(("-", "=")):
            return default or ""
        return m.group(0)

    return _VAR_RX.sub(sub, word)


@dataclass
class ShellScan:
    """What one scan of shell text found."""

    commands: list[ShellCommand] = field(default_factory=list)
    hosts: list[HostsEntry] = field(default_factory=list)
    cwd: dict[int, str] = field(default_factory=dict)  # id(command) -> working dir (repo-relative) when known


def strip_prefixes(words: list[str]) -> list[str]:
    """Drop keywords, `sudo`/`env` and their options, `VAR=value` prefixes and redirections."""
    out = list(words)
    changed = True
    while out and changed:
        changed = False
        head = out[0]
        if head in _KEYWORDS:
            out.pop(0)
            changed = True
        elif _ASSIGN_RX.match(head) and len(out) > 1:
            out.pop(0)
            changed = True
        elif head in ("sudo", "env", "doas"):
            out.pop(0)
            while out and out[0].startswith("-"):
                opt = out.pop(0)
                if opt in _SUDO_VALUE_OPTS and out:
                    out.pop(0)
                if opt == "--":
                    break
            changed = True
        elif head in ("timeout",) and len(out) > 2:
            out = out[2:]
            while out and out[0].startswith("-"):
                out.pop(0)
            changed = True
        elif head in ("watch", "xargs", "nohup", "stdbuf", "nice") and len(out) > 1:
            out.pop(0)
            while out and out[0].startswith("-"):
                opt = out.pop(0)
                if opt in ("-n", "-d", "-I", "-P", "-L", "-s", "-E") and out and not out[0].startswith("-"):
                    out.pop(0)
            changed = True
    cleaned: list[str] = []
    skip_next = False
    for w in out:
        if skip_next:
            skip_next = False
            continue
        if w in _REDIRECT_OPS:
            skip_next = True
            continue
        if w.startswith("<<"):
            skip_next = w in ("<<", "<<-")
            continue
        if _REDIRECT_RX.match(w):
            continue
        cleaned.append(w)
    return cleaned


def scan_shell(
    text: str,
    path: str,
    context: str,
    *,
    first_line: int = 1,
    env: dict[str, str] | None = None,
    cwd: str = ".",
    keep_all: bool = False,
    _depth: int = 0,
) -> ShellScan:
    """Scan shell text for commands of interest and /etc/hosts edits.

    `env` holds known variables (updated by assignments seen); `cwd` is the repo-relative working
    directory (updated by static `cd DIR`). With `keep_all`, every command is kept."""
    env = {} if env is None else env
    arrays: dict[str, list[str]] = env.setdefault("\x00arrays", {})  # type: ignore[assignment]
    loops: dict[str, list[str]] = {}
    result = ShellScan()
    raws = split_commands(text, first_line)
    pipelines: dict[int, list[tuple[RawCommand, list[str]]]] = {}
    for raw in raws:
        am = _ARRAY_RX.match(raw.text)
        if am:
            arrays[am.group(1)] = [expand_vars(w, env) for w in split_words(am.group(2))]
            continue
        words = [expand_vars(w, env) for w in split_words(raw.text)]
        if len(words) >= 3 and words[0] == "for" and words[2] == "in":
            items: list[str] = []
            for w in words[3:]:
                m = re.fullmatch(r"\$\{([A-Za-z_]\w*)\[[@*]\]\}", w)
                items.extend(arrays.get(m.group(1), [w]) if m else w.split())
            loops[words[1]] = items
            continue
        if words and all(_ASSIGN_RX.match(w) for w in words if w not in ("export", "local", "readonly", "declare")):
            for w in words:
                m = _ASSIGN_RX.match(w)
                if m:
                    env[m.group(1)] = m.group(2)
        elif words and words[0] in ("export", "local", "readonly", "declare"):
            for w in words[1:]:
                m = _ASSIGN_RX.match(w)
                if m:
                    env[m.group(1)] = m.group(2)
        elif words and words[0] == ":" and len(words) > 1:
            for m in _VAR_RX.finditer(" ".join(words[1:])):
                if m.group(2) in (":=", "=") and m.group(1) not in env:
                    env[m.group(1)] = m.group(3) or ""
        words = strip_prefixes(words)
        pipelines.setdefault(raw.pipeline, []).append((raw, words))
        is_eval = bool(words) and os.path.basename(words[0]) == "eval"
        if _depth < 4 and not is_eval:
            for sub in inner_substitutions(raw.text):
                inner = scan_shell(sub, path, context, first_line=raw.line, env=dict(env), cwd=cwd,
                                   keep_all=keep_all, _depth=_depth + 1)
                result.commands.extend(inner.commands)
                result.cwd.update(inner.cwd)
        if not words:
            continue
        tool = os.path.basename(words[0])
        if tool == "cd" and len(words) > 1 and "$" not in words[1] and not words[1].startswith("-"):
            cwd = os.path.normpath(os.path.join(cwd, words[1])).replace(os.sep, "/")
            continue
        if tool in ("sh", "bash", "zsh") and "-c" in words[1:] and _depth < 4:
            idx = words.index("-c")
            if idx + 1 < len(words):
                inner = scan_shell(words[idx + 1], path, context, first_line=raw.line, env=env, cwd=cwd,
                                   keep_all=keep_all, _depth=_depth + 1)
                result.commands.extend(inner.commands)
                result.hosts.extend(inner.hosts)
                result.cwd.update(inner.cwd)
            continue
        if tool == "eval" and _depth < 4:
            inner_text = " ".join(words[1:])
            subs = inner_substitutions(inner_text)
            if subs:  # eval $(minikube docker-env): the substituted command is the one that matters
                for sub in subs:
                    sw = strip_prefixes(split_words(sub))
                    if sw and (keep_all or os.path.basename(sw[0]) in INTERESTING_TOOLS):
                        cmd = ShellCommand(os.path.basename(sw[0]), sw, raw.text, Location(path, raw.line), context)
                        result.commands.append(cmd)
                        result.cwd[id(cmd)] = cwd
                continue
        if keep_all or tool in INTERESTING_TOOLS:
            cmd = ShellCommand(tool, [tool, *words[1:]] if tool != words[0] else words, raw.text,
                               Location(path, raw.line), context)
            result.commands.append(cmd)
            result.cwd[id(cmd)] = cwd
    for members in pipelines.values():
        result.hosts.extend(_hosts_from_pipeline(members, path, loops))
    return result


def _hosts_from_pipeline(members: list[tuple[RawCommand, list[str]]], path: str,
                         loops: dict[str, list[str]] | None = None) -> list[HostsEntry]:
    if not any("/etc/hosts" in raw.text for raw, _ in members):
        return []
    out: list[HostsEntry] = []
    for raw, words in members:
        for body_line_no, body in raw.heredoc:
            tokens = _hosts_tokens(body)
            if len(tokens) >= 2 and _is_ip_like(tokens[0]):
                for host in tokens[1:]:
                    if _HOST_RX.match(host) and "." in host or host == "localhost":
                        out.append(HostsEntry(host, tokens[0], Location(path, body_line_no)))
        if not words or words[0] not in ("echo", "printf"):
            continue
        args = [w for w in words[1:] if "/etc/hosts" not in w]
        if words[0] == "echo":
            while args and re.fullmatch(r"-[neE]+", args[0]):
                args.pop(0)
            content = " ".join(args)
        else:
            fmt, rest = (args[0], args[1:]) if args else ("", [])
            for val in rest:
                fmt = fmt.replace("%s", val, 1)
            content = fmt
        content = content.replace("\\n", "\n").replace("\\t", " ")
        for entry_line in content.splitlines():
            tokens = _hosts_tokens(entry_line)
            if not tokens:
                continue
            ip = None
            if _is_ip_like(tokens[0]):
                ip, tokens = tokens[0], tokens[1:]
            expanded: list[str] = []
            for tok in tokens:
                m = re.fullmatch(r"\$\{?([A-Za-z_]\w*)\}?", tok)
                expanded.extend(loops[m.group(1)] if m and loops and m.group(1) in loops else [tok])
            for host in expanded:
                if _HOST_RX.match(host) and "." in host or host == "localhost":
                    out.append(HostsEntry(host, ip, Location(path, raw.line)))
    return out


def _hosts_tokens(line: str) -> list[str]:
    # keep `$(minikube ip)` as one token
    tokens: list[str] = []
    for sub in inner_substitutions(line):
        line = line.replace(f"$({sub})", f"$({sub.replace(' ', chr(1))})")
    for tok in line.split():
        tok = tok.replace(chr(1), " ").strip("'\"")
        if tok.startswith("#"):
            break
        if tok in (">", ">>") or tok.startswith((">", "|")):
            break
        tokens.append(tok)
    return tokens


def _is_ip_like(token: str) -> bool:
    return bool(_IP_RX.match(token)) or token.startswith("$")


def local_hostnames(text: str, path: str, first_line: int = 1) -> list[HostsEntry]:
    """Every `*.local` hostname mentioned in shell text (ip unknown)."""
    out: list[HostsEntry] = []
    seen: set[str] = set()
    for offset, line_text in enumerate(text.splitlines()):
        if ".local" not in line_text.lower():
            continue
        for m in _LOCAL_RX.finditer(line_text):
            host = m.group(1).lower()
            if host not in seen:
                seen.add(host)
                out.append(HostsEntry(host, None, Location(path, first_line + offset)))
    return out
