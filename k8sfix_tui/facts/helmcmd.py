"""`helm install|upgrade|template` commands -> `HelmInvocation` (release, chart, namespace, values, sets).

Flags are read the way Helm's CLI reads them: `--flag value` and `--flag=value`, value-taking
flags listed in `_VALUE_FLAGS` (everything else is taken as boolean), `--set a=b,c=d` split at
top-level commas, global flags before the subcommand; `--skip-schema-validation` is kept (the
render then skips values.schema.json, as that command does). The chart path is resolved against the
command's working directory, the file's directory and the repository root.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..model import HelmInvocation, ShellCommand

_VALUE_FLAGS = frozenset({
    "-f", "--values", "-n", "--namespace", "--set", "--set-string", "--set-file", "--set-json", "--set-literal",
    "--version", "--repo", "--kube-context", "--kubeconfig", "--kube-apiserver", "--kube-token", "--kube-as-user",
    "--kube-as-group", "--kube-ca-file", "--kube-tls-server-name", "--timeout", "-o", "--output", "--output-dir",
    "--post-renderer", "--post-renderer-args", "--description", "--name-template", "-a", "--api-versions",
    "--kube-version", "--ca-file", "--cert-file", "--key-file", "--keyring", "--username", "--password",
    "--registry-config", "--repository-config", "--repository-cache", "-s", "--show-only", "--history-max",
    "--burst-limit", "--qps", "--release-name", "--labels", "-l", "--wait-for", "--namespace-selector",
})
ACTIONS = ("install", "upgrade", "template")


def split_set(value: str) -> list[str]:
    """`a=b,c={x,y},d=e` -> ["a=b", "c={x,y}", "d=e"] (commas inside braces or escaped stay)."""
    parts: list[str] = []
    buf: list[str] = []
    depth = 0
    i = 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value):
            buf.append(value[i : i + 2])
            i += 2
            continue
        if c in "{[":
            depth += 1
        elif c in "}]":
            depth = max(0, depth - 1)
        if c == "," and depth == 0:
            # a comma followed by something without `=` belongs to the previous value (list)
            rest = value[i + 1 :]
            nxt = rest.split(",", 1)[0]
            if "=" in nxt:
                parts.append("".join(buf))
                buf = []
                i += 1
                continue
        buf.append(c)
        i += 1
    if buf:
        parts.append("".join(buf))
    return [p for p in parts if p]


def parse_helm(cmd: ShellCommand, repo: Path, cwd: str = ".") -> HelmInvocation | None:
    """A HelmInvocation for a `helm install/upgrade/template` command, else None."""
    argv = cmd.argv
    if not argv or cmd.tool != "helm":
        return None
    i = 1
    action = None
    positionals: list[str] = []
    values_files: list[str] = []
    sets: list[str] = []
    set_strings: list[str] = []
    namespace: str | None = None
    generate_name = False
    skip_schema = False
    while i < len(argv):
        word = argv[i]
        i += 1
        if word == "--":
            positionals.extend(argv[i:])
            break
        if word.startswith("-") and word != "-":
            name, eq, inline = word.partition("=")
            if not eq and name in _VALUE_FLAGS:
                if i < len(argv):
                    inline = argv[i]
                    i += 1
                else:
                    inline = ""
            elif not eq and name.startswith("-") and not name.startswith("--") and len(name) > 2 and name[:2] in ("-f", "-n"):
                name, inline = name[:2], name[2:]  # -fvalues.yaml, -nprod
            if name in ("-f", "--values"):
                values_files.extend(v for v in inline.split(",") if v)
            elif name in ("-n", "--namespace"):
                namespace = inline or namespace
            elif name == "--set":
                sets.extend(split_set(inline))
            elif name in ("--set-string",):
                set_strings.extend(split_set(inline))
            elif name in ("-g", "--generate-name"):
                generate_name = True
            elif name == "--skip-schema-validation":  # a bool flag: `=false` (ParseBool) turns it off
                skip_schema = not eq or inline.strip().lower() not in ("0", "f", "false")
            continue
        if action is None:
            if word not in ACTIONS:
                return None
            action = word
            continue
        positionals.append(word)
    if action is None:
        return None
    if action == "template":
        if len(positionals) >= 2:
            release, chart = positionals[0], positionals[1]
        elif positionals:
            release, chart = None, positionals[0]
        else:
            return None
    else:
        if generate_name and positionals:
            release, chart = None, positionals[0]
        elif len(positionals) >= 2:
            release, chart = positionals[0], positionals[1]
        else:
            return None
    base = cmd.source.path.rpartition("/")[0] or "."
    chart_path = resolve_chart(chart, repo, [cwd, base, "."])
    return HelmInvocation(action, release, chart, chart_path, namespace, values_files, sets, set_strings,
                          cmd.source, cmd.text, skip_schema_validation=skip_schema)


def resolve_chart(chart: str, repo: Path, bases: list[str]) -> str | None:
    """Repo-relative chart directory for `chart` tried against each base dir, when one exists."""
    if "$" in chart or "://" in chart or chart.startswith("oci:"):
        return None
    seen = set()
    for base in bases:
        cand = os.path.normpath(os.path.join(base, chart)).replace(os.sep, "/")
        if cand in seen or cand.startswith("../") or cand == "..":
            continue
        seen.add(cand)
        full = repo / cand
        if (full / "Chart.yaml").is_file():
            return cand
    return None


def resolve_file(path: str, repo: Path, bases: list[str]) -> str | None:
    """Repo-relative path of a file (values file) tried against each base dir."""
    if "$" in path or "://" in path:
        return None
    for base in bases:
        cand = os.path.normpath(os.path.join(base, path)).replace(os.sep, "/")
        if cand.startswith(".."):
            continue
        if (repo / cand).is_file():
            return cand
    return None
