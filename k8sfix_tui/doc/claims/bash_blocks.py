"""Claims in shell blocks: each command -> `command` (argv via shlex), plus derived claims:

- `make X Y` -> make-target; `./scripts/x.sh`, `bash scripts/x.sh` -> script
- `helm install|upgrade|template RELEASE CHART -f F --set k=v -n NS` -> release, chart path (or
  chart-name for `repo/name`), path per values file, values-key per --set key, namespace
- `kubectl ... -n NS` -> namespace; `kubectl apply -k DIR / -f FILE`, `kustomize build DIR` -> path;
  `kubectl port-forward svc/api 8080:80` -> service-port; `deployment/api` refs -> kind
- `minikube start --cpus 4 --memory 8192` -> minikube-flag; `minikube addons enable X` -> minikube-addon
- `echo "$(minikube ip) api.x.local" | sudo tee -a /etc/hosts` -> hosts-entry

Continuation lines are joined, `$ ` prompts and comments stripped, console output and heredoc
bodies skipped, and `VAR=value` assignments earlier in the block expanded.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import Any

from ...model import Claim
from ..markdown import CodeBlock, Document
from .common import looks_like_path, new_claim, section_subject

SHELL_LANGS = {"bash", "sh", "shell", "console", "zsh", "shell-session", "shellsession", "terminal", "bash-session",
               "sh-session", "cmd", "ksh", "fish", "powershell", "pwsh", "ps1", "ps", "bat", "dosbatch"}
MAKE_LANGS = {"make", "makefile", "mk", "gnumake"}
TOOLS = ("kubectl", "helm", "make", "minikube", "kustomize", "docker", "kind", "k3d", "skaffold", "tilt", "git",
         "curl", "echo", "export", "sudo", "cd", "bash", "sh", "source", "./", "scripts/", "gmake", "podman",
         "kubens", "kubectx", "helmfile", "argocd", "flux", "terraform", "watch", "open", "printf")

_PROMPT_RE = re.compile(r"^\s*(?:\$|%|❯|➜)\s+|^\s*[\w@.\-]+(?::[~\w/.\-]*)?[$#]\s+")
_HEREDOC_RE = re.compile(r"<<-?\s*['\"]?(\w+)['\"]?")
_VAR_RE = re.compile(r"\$\{(\w+)\}|\$(\w+)")
_ASSIGN_RE = re.compile(r"^(?:export\s+)?([A-Za-z_]\w*)=(\"[^\"]*\"|'[^']*'|\S*)\s*$")
_HOST_RE = re.compile(r"(?<![\w.\-/])((?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+[a-z][a-z0-9\-]*[a-z0-9])(?![\w.\-/])", re.I)

HELM_VALUE_FLAGS = {
    "-f", "--values", "--set", "--set-string", "--set-file", "--set-json", "--set-literal", "-n", "--namespace",
    "--version", "--kube-context", "--kubeconfig", "--timeout", "--repo", "-o", "--output", "--post-renderer",
    "--post-renderer-args", "--description", "--history-max", "--output-dir", "--api-versions", "-a",
    "--kube-version", "--name-template", "--username", "--password", "--ca-file", "--cert-file", "--key-file",
    "--keyring", "--wait-for", "--max-history", "--registry-config", "--repository-cache", "--repository-config",
    "-s", "--show-only", "--kube-apiserver", "--kube-token", "--kube-as-user", "--kube-as-group", "--burst-limit",
    "--release-name", "--labels", "-l",
}
KUBECTL_VALUE_FLAGS = {
    "-n", "--namespace", "-f", "--filename", "-k", "--kustomize", "-l", "--selector", "-o", "--output", "-c",
    "--container", "--context", "--kubeconfig", "--field-selector", "--for", "--timeout", "-p", "--patch",
    "--type", "--replicas", "--image", "--port", "--address", "--from-literal", "--from-file", "--from-env-file",
    "--sort-by", "--tail", "--since", "-L", "--label-columns", "--cluster", "--user", "--as", "--request-timeout",
    "--server", "-s", "--token", "--docker-server", "--docker-username", "--docker-password", "--docker-email",
    "--cert", "--key", "--target-port", "--name", "--selector", "--dry-run", "--grace-period", "--revision",
    "--to-revision", "--min", "--max", "--cpu-percent", "--overrides", "--restart", "--env", "--field-manager",
}
MINIKUBE_FLAG_NAMES = {"--cpus", "--memory", "--disk-size", "--driver", "--vm-driver", "--kubernetes-version", "--nodes",
                       "--container-runtime", "--addons", "--profile", "-p", "--cni", "--network-plugin",
                       "--extra-config", "--insecure-registry", "--mount-string", "--ports", "--listen-address",
                       "--apiserver-names", "--image-mirror-country", "--base-image", "--iso-url", "--cache-images",
                       "--mount", "--force", "--container-runtime", "--feature-gates", "--ha", "-n"}
KIND_REFS = {"deployment": "Deployment", "deployments": "Deployment", "deploy": "Deployment",
             "statefulset": "StatefulSet", "statefulsets": "StatefulSet", "sts": "StatefulSet",
             "daemonset": "DaemonSet", "daemonsets": "DaemonSet", "ds": "DaemonSet", "cronjob": "CronJob",
             "cronjobs": "CronJob", "cj": "CronJob", "job": "Job", "jobs": "Job"}

REF_KINDS = {**KIND_REFS, "svc": "Service", "service": "Service", "services": "Service", "ing": "Ingress",
             "ingress": "Ingress", "pvc": "PersistentVolumeClaim", "cm": "ConfigMap", "configmap": "ConfigMap",
             "secret": "Secret", "hpa": "HorizontalPodAutoscaler", "pdb": "PodDisruptionBudget",
             "netpol": "NetworkPolicy", "networkpolicy": "NetworkPolicy", "servicemonitor": "ServiceMonitor"}


@dataclass
class Command:
    """One simple command of a logical shell line."""

    text: str
    argv: list[str]
    line: int
    end_line: int
    logical: str


def is_shell_block(block: CodeBlock) -> bool:
    if block.lang in SHELL_LANGS:
        return True
    if block.lang in ("", "text", "txt", "plain", "none", "plaintext"):
        for raw in block.text.splitlines():
            s = raw.strip()
            if not s or s.startswith("#"):
                continue
            s = _PROMPT_RE.sub("", s, count=1) if s.startswith(("$", "%")) else s
            return s.split(" ", 1)[0].startswith(TOOLS) and not re.search(r"[├└│]", block.text)
    return False


def _split_ops(text: str) -> list[tuple[int, str]]:
    """Split a command line on && || ; | & outside quotes and $( )."""
    out: list[tuple[int, str]] = []
    depth = 0
    quote = ""
    start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "\\":
            i += 2
            continue
        elif ch == "$" and i + 1 < n and text[i + 1] == "(":
            depth += 1
            i += 2
            continue
        elif ch == "(" and depth:
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif ch == "#" and not depth and (i == 0 or text[i - 1].isspace()):
            out.append((start, text[start:i]))
            return [(s, t) for s, t in out if t.strip()]
        elif not depth and ch in "&|;":
            out.append((start, text[start:i]))
            j = i + 1
            while j < n and text[j] in "&|":
                j += 1
            start = i = j
            continue
        i += 1
    out.append((start, text[start:]))
    return [(s, t) for s, t in out if t.strip()]


def _argv(text: str) -> list[str]:
    try:
        return shlex.split(text, comments=True)
    except ValueError:
        return text.split()


def commands_of(lines: list[tuple[int, str]], console: bool | None = None) -> list[Command]:
    """Logical commands of shell lines [(line_no, text)]."""
    if console is None:
        body = [t for _, t in lines if t.strip() and not t.lstrip().startswith("#")]
        prompted = [t for t in body if re.match(r"^\s*(?:\$|%)\s", t)]
        console = bool(prompted) and len(prompted) * 2 >= len(body)
    out: list[Command] = []
    i = 0
    heredoc: str | None = None
    while i < len(lines):
        ln, raw = lines[i]
        i += 1
        if heredoc is not None:
            if raw.strip() == heredoc:
                heredoc = None
            continue
        text = raw
        if console:
            m = _PROMPT_RE.match(text)
            if not m:
                continue
            text = text[m.end():]
        else:
            m = re.match(r"^\s*(?:\$|%)\s+", text)
            if m:
                text = text[m.end():]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        end = ln
        parts = [text]
        while (parts[-1].rstrip().endswith("\\") or re.search(r"(?:&&|\|\||\|)\s*$", parts[-1])) and i < len(lines):
            if parts[-1].rstrip().endswith("\\"):
                parts[-1] = parts[-1].rstrip()[:-1]
            nxt_ln, nxt = lines[i]
            i += 1
            if console:
                nxt = re.sub(r"^\s*>\s?", "", nxt)
            parts.append(nxt)
            end = nxt_ln
        logical = " ".join(p.strip() for p in parts)
        hd = _HEREDOC_RE.search(logical)
        if hd:
            heredoc = hd.group(1)
        for _off, seg in _split_ops(logical):
            seg = seg.strip()
            if not seg or seg in ("(", ")", "{", "}"):
                continue
            argv = _argv(seg)
            if argv:
                out.append(Command(seg, argv, ln, end, logical))
    return out


# ---------------------------------------------------------------------------------------------


class _Emitter:
    """Builds claims for one command, locating each token in the command's physical lines."""

    def __init__(self, doc: Document, cmd: Command, form: str, subject: str | None, col: int | None) -> None:
        self.doc = doc
        self.cmd = cmd
        self.form = form
        self.subject = subject
        self.col = col
        self.claims: list[Claim] = []
        self.cursor: tuple[int, int] = (cmd.line, col or 0)
        self.env: dict[str, str] = {}

    def locate(self, token: str) -> tuple[int, tuple[int, int] | None]:
        if not token:
            return self.cmd.line, None
        for whole, (line0, col0) in ((True, self.cursor), (True, (self.cmd.line, self.col or 0)),
                                     (False, self.cursor), (False, (self.cmd.line, self.col or 0))):
            for ln in range(line0, self.cmd.end_line + 1):
                raw = self.doc.line(ln)
                start = col0 if ln == line0 else 0
                pos = _find_token(raw, token, start, whole)
                if pos >= 0:
                    self.cursor = (ln, pos + len(token))
                    return ln, (pos, pos + len(token))
        return self.cmd.line, None

    def add(self, field: str, value: Any, token: str | None = None, extra: dict[str, Any] | None = None,
            subject: str | None = None) -> None:
        if isinstance(value, str) and (not value.strip() or re.search(r"<[^>]*>", value)):
            return  # a <placeholder> is no claim (the placeholder extractor reports it)
        token = token if token is not None else str(value)
        if isinstance(value, str) and "$" in value:
            value = _VAR_RE.sub(lambda m: self.env.get(m.group(1) or m.group(2), m.group(0)), value)
            if "$" in value:
                return
        if extra:
            extra = {k: (_VAR_RE.sub(lambda m: self.env.get(m.group(1) or m.group(2), m.group(0)), v)
                         if isinstance(v, str) else v) for k, v in extra.items()}
        token, _, part = token.partition("\0")
        line, span = self.locate(token)
        if span is not None and part and part in token:
            off = token.index(part)
            span = (span[0] + off, span[0] + off + len(part))
        elif span is not None and "$" in token:
            span = None  # a variable in the text: the line is right, the value is not written there
        elif span is not None and token != value and isinstance(value, str) and value.lower() in token.lower():
            off = token.lower().index(value.lower())
            span = (span[0] + off, span[0] + off + len(value))
        ex = {"command": self.cmd.text}
        ex.update(extra or {})
        self.claims.append(new_claim(self.doc, line, self.form, field, value, span=span,
                                     subject=subject if subject is not None else self.subject, extra=ex))

    def path(self, token: str, kind: str | None = None, **extra: Any) -> None:
        if not token or token.startswith("-") or "://" in token or token.startswith("$"):
            return
        guessed = looks_like_path(token) or ("dir" if re.fullmatch(r"\.{1,2}", token) else None)
        if kind is None:
            kind = "dir" if (guessed or "").startswith("dir") else "file" if guessed else ("dir" if "." not in token.rsplit("/", 1)[-1] else "file")
        if token.endswith((".sh", ".bash")):
            self.add("script", token, token, {"kind": "file", **extra})
        else:
            self.add("path", token, token, {"kind": kind, **extra})


def _find_token(raw: str, token: str, start: int, whole: bool) -> int:
    """Position of `token` in `raw` at or after `start` (only whole-word occurrences when `whole`)."""
    pos = raw.find(token, start)
    if not whole:
        return pos
    while pos >= 0:
        before = raw[pos - 1] if pos > 0 else " "
        after = raw[pos + len(token)] if pos + len(token) < len(raw) else " "
        if not (before.isalnum() or before in "_-./") and not (after.isalnum() or after in "_-/"):
            return pos
        pos = raw.find(token, pos + 1)
    return -1


def _expand(argv: list[str], env: dict[str, str]) -> list[str]:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(2)
        return env.get(name, m.group(0))

    return [_VAR_RE.sub(sub, a) for a in argv]


def _strip_prefix(argv: list[str]) -> list[str]:
    i = 0
    while i < len(argv) and (re.match(r"^[A-Za-z_]\w*=", argv[i]) or argv[i] in ("sudo", "time", "env", "command", "exec", "nohup", "-E")):
        i += 1
    return argv[i:]


def _flag_value(argv: list[str], i: int) -> tuple[str, str | None, int]:
    """(flag, value, next_index) for argv[i] that is a flag taking a value."""
    a = argv[i]
    if "=" in a and a.startswith("--"):
        flag, val = a.split("=", 1)
        return flag, val, i + 1
    if re.match(r"^-[a-zA-Z]\S", a) and not a.startswith("--"):
        return a[:2], a[2:], i + 1
    return a, argv[i + 1] if i + 1 < len(argv) else None, i + 2


def _split_set(value: str) -> list[tuple[str, str | None]]:
    out = []
    depth = 0
    cur = ""
    for ch in value + ",":
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
        if ch == "," and depth <= 0 and not cur.endswith("\\"):
            if cur:
                k, sep, v = cur.partition("=")
                out.append((k.strip(), v if sep else None))
            cur = ""
        else:
            cur += ch
    return out


def claims_for_command(doc: Document, cmd: Command, form: str, subject: str | None, col: int | None = None,
                       env: dict[str, str] | None = None) -> list[Claim]:
    """The `command` claim of one command plus everything derived from it."""
    em = _Emitter(doc, cmd, form, subject, col)
    em.env = dict(env or {})
    argv = _strip_prefix(cmd.argv)  # raw tokens: values are expanded (and located) by the emitter
    if not argv:
        return []
    expanded = _expand(argv, em.env)
    tool = argv[0].rsplit("/", 1)[-1]
    line, span = em.locate(cmd.text) if cmd.line == cmd.end_line else (cmd.line, None)
    em.cursor = (cmd.line, span[0] if span else (col or 0))
    extra = {"argv": expanded, "tool": tool}
    if cmd.end_line != cmd.line:
        extra["end_line"] = cmd.end_line
    em.claims.append(new_claim(doc, cmd.line, form, "command", cmd.text, span=span, subject=subject, extra=extra,
                               end_line=cmd.end_line))
    if "/etc/hosts" in cmd.logical and tool in ("echo", "printf", "tee", "sudo", "cat"):
        _hosts(em, cmd)
    if tool in ("make", "gmake"):
        _make(em, argv)
    elif tool == "helm":
        _helm(em, argv)
    elif tool in ("kubectl", "oc", "k"):
        _kubectl(em, argv)
    elif tool == "kustomize":
        if len(argv) > 2 and argv[1] == "build":
            em.path(argv[2], "dir")
    elif tool == "minikube":
        _minikube(em, argv)
    elif tool in ("bash", "sh", "zsh", "source", ".") and len(argv) > 1 and not argv[1].startswith("-"):
        em.add("script", argv[1], argv[1], {"kind": "file"})
    elif argv[0].endswith((".sh", ".bash")) or (argv[0].startswith(("./", "scripts/", "hack/", "bin/")) and "/" in argv[0]):
        em.add("script", argv[0], argv[0], {"kind": "file"})
    return em.claims


def _hosts(em: _Emitter, cmd: Command) -> None:
    if not cmd.text.lstrip().startswith(("echo", "printf", "sudo sh", "sudo bash", "sudo -E", "cat")):
        return
    for m in _HOST_RE.finditer(cmd.text.replace("/etc/hosts", " ")):
        host = m.group(1)
        if re.fullmatch(r"[\d.]+", host) or host.endswith((".sh", ".yaml", ".yml")):
            continue
        em.add("hosts-entry", host, host)


def _make(em: _Emitter, argv: list[str]) -> None:
    i = 1
    directory = None
    while i < len(argv):
        a = argv[i]
        if a in ("-C", "--directory", "-f", "--file", "--makefile", "-j", "--jobs", "-I", "-o", "-W"):
            val = argv[i + 1] if i + 1 < len(argv) else None
            if a in ("-C", "--directory") and val:
                directory = val
                em.path(val, "dir")
            elif a in ("-f", "--file", "--makefile") and val:
                em.path(val, "file")
            i += 2
            continue
        if a.startswith("-"):
            i += 1
            continue
        if "=" in a:
            i += 1
            continue
        extra = {"directory": directory} if directory else {}
        em.add("make-target", a, a, extra)
        i += 1


def _helm(em: _Emitter, argv: list[str]) -> None:
    positional: list[str] = []
    i = 1
    namespace = None
    flags: dict[str, list[str]] = {}
    bools: set[str] = set()
    while i < len(argv):
        a = argv[i]
        if a.startswith("-") and a != "-":
            flag, val, nxt = _flag_value(argv, i)
            if flag in HELM_VALUE_FLAGS or "=" in a:
                if val is not None:
                    flags.setdefault(flag, []).append(val)
                i = nxt if (flag in HELM_VALUE_FLAGS or "=" in a) else i + 1
                continue
            bools.add(a)
            i += 1
            continue
        positional.append(a)
        i += 1
    if not positional:
        return
    action = positional[0]
    rest = positional[1:]
    if action == "upgrade" and "--install" in bools or action == "upgrade" and "-i" in bools:
        action = "upgrade"
    chart = None
    release = None
    if action in ("install", "upgrade", "template", "diff"):
        if action == "diff" and rest and rest[0] == "upgrade":
            rest = rest[1:]
        if "--generate-name" in bools or "-g" in bools or (action == "template" and len(rest) == 1):
            chart = rest[0] if rest else None
        elif len(rest) >= 2:
            release, chart = rest[0], rest[1]
        elif rest:
            chart = rest[0]
    # the chart the command installs rides along, so checks can tell a published chart from the repository's
    on_chart = {"chart": chart} if chart else {}
    if flags.get("--repo"):
        on_chart["chart_repo"] = flags["--repo"][0]
    for flag in ("-n", "--namespace"):
        for ns in flags.get(flag, []):
            namespace = ns
            em.add("namespace", ns, ns, {"tool": "helm", **on_chart})
    if release:
        em.add("release", release, release, {"action": action, **on_chart})
    elif action in ("lint", "package", "show", "inspect", "dependency", "dep", "pull"):
        if action in ("dependency", "dep", "show", "inspect") and rest:
            rest = rest[1:]
        chart = rest[0] if rest else None
    if chart:
        if chart.startswith("oci://") or "://" in chart:
            em.add("chart-name", chart.rsplit("/", 1)[-1], chart, {"ref": chart})
        else:
            kind = looks_like_path(chart)
            local = chart.startswith((".", "/")) or chart.count("/") >= 2 or kind == "dir" or chart.rstrip("/").split("/")[0] in (
                "charts", "chart", "helm", "deploy", "deployment", "k8s", "kubernetes", "infra", "ops")
            if local or kind == "file":
                em.path(chart, "dir" if not chart.endswith(".tgz") else "file", role="chart")
            elif "/" in chart:
                em.add("chart-name", chart.split("/", 1)[1], chart, {"repo": chart.split("/", 1)[0], "ref": chart})
            else:
                em.path(chart, "dir", role="chart", maybe_ref=True)
    for flag in ("-f", "--values"):
        for f in flags.get(flag, []):
            for part in f.split(","):
                em.path(part, "file", role="values")
    for flag in ("--set", "--set-string", "--set-json", "--set-literal", "--set-file"):
        for val in flags.get(flag, []):
            for key, v in _split_set(val):
                extra: dict[str, Any] = {"flag": flag}
                if v is not None:
                    extra["value"] = v
                if chart:
                    extra["chart"] = chart
                em.add("values-key", key, key, extra)
    for v in flags.get("--version", []):
        em.add("chart-version", v, v, {"chart": chart} if chart else {})
    del namespace


def _kubectl(em: _Emitter, argv: list[str]) -> None:
    positional: list[str] = []
    i = 1
    verb = next((a for a in argv[1:] if not a.startswith("-")), "")
    while i < len(argv):
        a = argv[i]
        if a.startswith("-") and a != "-" and not re.match(r"^-\d", a):
            flag, val, nxt = _flag_value(argv, i)
            takes = flag in KUBECTL_VALUE_FLAGS and not (flag == "-f" and verb in ("logs", "attach", "log"))
            if flag == "-f" and verb in ("logs", "attach", "log"):
                i += 1
                continue
            if takes or "=" in a:
                if val is not None:
                    if flag in ("-n", "--namespace"):
                        em.add("namespace", val, val, {"tool": "kubectl"})
                    elif flag in ("-f", "--filename"):
                        em.path(val)
                    elif flag in ("-k", "--kustomize"):
                        em.path(val, "dir", **({"overlay": True} if "overlay" in val else {}))
                i = nxt if takes else i + 1
                continue
            i += 1
            continue
        positional.append(a)
        i += 1
    if not positional:
        return
    verb = positional[0]
    if verb in ("kustomize",) and len(positional) > 1:
        em.path(positional[1], "dir")
    if verb == "create" and len(positional) > 2 and positional[1] in ("namespace", "ns"):
        em.add("namespace", positional[2], positional[2], {"tool": "kubectl", "created": True})
    if verb == "port-forward" and len(positional) >= 3:
        ref = positional[1]
        kind, _, name = ref.partition("/")
        for spec in positional[2:]:
            m = re.fullmatch(r"(?:(\d+)?:)?(\d+)", spec)
            if not m or not name:
                continue
            remote = m.group(2)
            fld = "service-port" if kind in ("svc", "service", "services") else "container-port"
            em.add(fld, remote, spec, {"local_port": m.group(1) or remote, "via": "port-forward"}, subject=name)
    for p in positional[1:]:
        kind, sep, name = p.partition("/")
        if not sep or not re.fullmatch(r"[a-z0-9][\w.\-]*", name or ""):
            continue
        if kind.lower() in KIND_REFS:
            em.add("kind", KIND_REFS[kind.lower()], p + "\0" + kind, {"written": kind, "ref": p}, subject=name)
        if kind.lower() in REF_KINDS:
            em.add("component", name, p, {"kind": REF_KINDS[kind.lower()], "ref": p, "via": "kubectl"}, subject=name)
    if verb in ("get", "describe", "rollout", "logs", "delete", "scale", "edit", "exec", "wait") and len(positional) > 2:
        kind = positional[1].split(",")[0].lower()
        if verb == "rollout":
            return
        if kind in KIND_REFS and "/" not in positional[1] and re.fullmatch(r"[a-z0-9][\w.\-]*", positional[2]):
            em.add("kind", KIND_REFS[kind], positional[1], {"written": positional[1], "ref": f"{positional[1]} {positional[2]}"},
                   subject=positional[2])


def _minikube(em: _Emitter, argv: list[str]) -> None:
    positional: list[str] = []
    i = 1
    while i < len(argv):
        a = argv[i]
        if a.startswith("-"):
            flag, val, nxt = _flag_value(argv, i)
            if "=" not in a and (val is None or val.startswith("-")):
                i += 1
                continue
            if flag == "--addons" and val:
                for addon in val.split(","):
                    em.add("minikube-addon", addon, addon)
            elif flag in ("-n", "--namespace") and val:
                em.add("namespace", val, val, {"tool": "minikube"})
            elif val is not None and (flag in MINIKUBE_FLAG_NAMES or flag.startswith("--")):
                if flag in ("-p", "--profile"):
                    em.add("minikube-flag", val, val, {"flag": "--profile"})
                else:
                    em.add("minikube-flag", val, val, {"flag": "--driver" if flag == "--vm-driver" else flag})
            i = nxt if (flag in MINIKUBE_FLAG_NAMES or "=" in a or flag.startswith("--")) else i + 1
            continue
        positional.append(a)
        i += 1
    if len(positional) >= 3 and positional[0] == "addons" and positional[1] == "enable":
        for addon in positional[2:]:
            em.add("minikube-addon", addon, addon)


# ---------------------------------------------------------------------------------------------


def command_claims_from_text(doc: Document, line: int, code: str, col: int | None = None, *, form: str = "prose",
                             subject: str | None = None) -> list[Claim]:
    """Claims for a one-line command written inline (`make deploy` in a sentence or table cell)."""
    out: list[Claim] = []
    for cmd in commands_of([(line, code)], console=False):
        out.extend(claims_for_command(doc, cmd, form, subject, col))
    return out


def extract_block(doc: Document, block: CodeBlock) -> list[Claim]:
    lines = [(block.content_start_line + i, t) for i, t in enumerate(block.text.splitlines())]
    subject = section_subject(doc, block.fence_line)
    env: dict[str, str] = {}
    out: list[Claim] = []
    for cmd in commands_of(lines, console=True if block.lang in ("console", "shell-session", "shellsession",
                                                                  "bash-session", "sh-session", "terminal") else None):
        m = _ASSIGN_RE.match(cmd.text)
        if m and len(cmd.argv) == 1 or (m and cmd.argv and cmd.argv[0] == "export"):
            val = m.group(2).strip("\"'")
            if "$(" not in val and "`" not in val:
                env[m.group(1)] = _VAR_RE.sub(lambda v: env.get(v.group(1) or v.group(2), v.group(0)), val)
            continue
        out.extend(claims_for_command(doc, cmd, "bash", subject, None, env))
    out.extend(_get_svc_output(doc, lines))
    return out


_SVC_HEADER = re.compile(r"^\s*(?:NAMESPACE\s+)?NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\b")
_SVC_TYPES = ("ClusterIP", "NodePort", "LoadBalancer", "ExternalName")


def _get_svc_output(doc: Document, lines: list[tuple[int, str]]) -> list[Claim]:
    """Pasted `kubectl get svc` output: each row says a Service's type and ports (`80:32675/TCP` -> port 80;
    the node port is left alone, the cluster usually picks it)."""
    out: list[Claim] = []
    header: re.Match[str] | None = None
    for ln, raw in lines:
        if header is None:
            header = _SVC_HEADER.match(raw)
            continue
        cols = raw.split()
        if len(cols) < 6 or not raw.strip():
            header = None if not raw.strip() or raw.lstrip().startswith(("$", "#", "kubectl", "✗", "❯", ">")) else header
            continue
        if "NAMESPACE" in header.group(0):
            cols = cols[1:]
        name, type_, ports = cols[0], cols[1], cols[4]
        if type_ not in _SVC_TYPES or not re.fullmatch(r"[a-z0-9][a-z0-9.-]*", name):
            continue
        i = raw.find(type_, raw.find(name) + len(name))
        out.append(new_claim(doc, ln, "bash", "service-type", type_, raw, (i, i + len(type_)), subject=name,
                             extra={"via": "kubectl-get-output"}, area="exposure"))
        pos = raw.find(ports, i + len(type_))
        for m in re.finditer(r"(\d{1,5})(?::\d{1,5})?/(?:TCP|UDP|SCTP)", ports):
            s = pos + m.start(1)
            out.append(new_claim(doc, ln, "bash", "service-port", m.group(1), raw, (s, s + len(m.group(1))), subject=name,
                                 extra={"via": "kubectl-get-output"}, area="exposure"))
    return out


def extract_makefile_block(doc: Document, block: CodeBlock) -> list[Claim]:
    """A Makefile excerpt: each rule is a `make-target` claim (extra.defined: the doc shows its recipe),
    each recipe line a command."""
    subject = section_subject(doc, block.fence_line)
    out: list[Claim] = []
    recipe: list[tuple[int, str]] = []

    def flush() -> None:
        for cmd in commands_of(recipe, console=False):
            out.extend(claims_for_command(doc, cmd, "bash", subject, None, {}))
        recipe.clear()

    for i, raw in enumerate(block.text.splitlines()):
        ln = block.content_start_line + i
        if raw.startswith("\t") or (raw.startswith("    ") and recipe is not None and raw.strip()):
            text = raw.strip().lstrip("@-+").strip()
            if text and not text.startswith("#"):
                recipe.append((ln, text))
            continue
        flush()
        m = re.match(r"^([A-Za-z0-9_.\-/ ]+?)\s*::?(?!=)", raw)
        if m and not raw.lstrip().startswith(("#", ".PHONY", "export", "include", "ifeq", "ifdef", "ifndef")):
            for name in m.group(1).split():
                if "%" in name or "$" in name or name.startswith("."):
                    continue
                pos = doc.line(ln).find(name)
                out.append(new_claim(doc, ln, "bash", "make-target", name,
                                     span=(pos, pos + len(name)) if pos >= 0 else None, subject=subject,
                                     extra={"defined": True}))
    flush()
    return out


def extract(doc: Document) -> list[Claim]:
    out: list[Claim] = []
    for block in doc.blocks:
        if block.lang in MAKE_LANGS:
            out.extend(extract_makefile_block(doc, block))
        elif is_shell_block(block):
            out.extend(extract_block(doc, block))
    return out
