"""wrong-command: a command the document tells the reader to run would not work in this repository.

Checks `make` targets (must exist in the Makefile), scripts (must exist, and be executable when run as
`./scripts/x.sh`), `helm install/upgrade/template` commands (chart path, `-f` values files, `--set` keys
that the chart's values.yaml defines, namespace and release as the repo's own invocations use them),
`kubectl -n NS` (a namespace the repository uses somewhere), `kubectl apply -f/-k PATH` (paths exist),
(paths named inside commands are reported by wrong-path).

Severity: error.

Wrong (the Makefile has `deploy`, not `deploy-all`; the chart's values have no `api.replicaCount`):

    make deploy-all
    helm upgrade --install larkspur deploy/helm/larkspur --set api.replicaCount=3

Right:

    make deploy
    helm upgrade --install larkspur deploy/helm/larkspur --set api.replicas=3
"""

from __future__ import annotations

import difflib
import os
import posixpath
import re
import shlex
import stat
from typing import Iterator

from ...model import Claim, Evidence, Finding
from ..context import Context, DocView
from ..localfiles import locally_made
from ..values import clean
from . import value_mismatch as VM
from . import wrong_path as WP

ID = "wrong-command"
SEVERITY = "error"

HELM_VALUE_FLAGS = ("--set", "--set-string", "--set-file", "--set-json", "--set-literal")


def check(ctx: Context) -> Iterator[Finding]:
    for doc in ctx.docs:
        for claim in doc.claims:
            f = claim.field
            if f == "make-target":
                yield from _make_target(ctx, claim)
            elif f == "script":
                yield from _script(ctx, doc, claim)
            elif f == "command":
                yield from _command(ctx, doc, claim)
            elif claim.form == "bash" and f in ("namespace", "release") and _published_chart(ctx, claim):
                continue  # release name and namespace of a published chart are the reader's choice
            elif claim.form == "bash" and f == "namespace":
                yield from VM.check_namespace(ctx, claim, ID)
            elif claim.form == "bash" and f == "release":
                yield from VM.check_release(ctx, claim, ID)
            elif claim.form == "bash" and f == "values-key":
                yield from VM.check_values_key(ctx, claim, ID)


def _is_make_claim(ctx: Context, claim: Claim, target: str) -> bool:
    """Only targets that the text really runs or lists as make targets (not any table 'Target' cell)."""
    if not re.fullmatch(r"[A-Za-z0-9_.%][A-Za-z0-9_.%/-]*", target) or target.startswith("/"):
        return False
    if claim.form == "bash":
        return True
    text = claim.text or ""
    if re.search(r"\bmake\s+(?:-\S+\s+)*`?" + re.escape(target), text):
        return True
    doc = ctx.doc_view(claim.doc.path)
    titles = " ".join(doc.section_titles(claim.doc.line)[:2]) if doc else (claim.doc.section or "")
    header = str((claim.extra or {}).get("header") or "")
    return bool(re.search(r"make|target|automation", titles + " " + header, re.I)) and not re.search(
        r"probe|health", titles, re.I)


def _make_target(ctx: Context, claim: Claim) -> Iterator[Finding]:
    target = clean(claim.value)
    if not target or "$" in target or "=" in target or target.startswith("-"):
        return
    if not _is_make_claim(ctx, claim, target):
        return
    targets = {t.name: t for t in ctx.facts.make_targets}
    makefiles = [f for f in ctx.files if os.path.basename(f) in ("Makefile", "makefile", "GNUmakefile")
                 or f.endswith(".mk")]
    if target in targets:
        t = targets[target]
        ctx.verify(claim, target, [Evidence(t.source.path, t.source.line, f"target {target}")],
                   f"make target {target} exists", area="automation")
        return
    for name, t in targets.items():
        if "%" in name and re.fullmatch(re.escape(name).replace("%", ".+"), target):
            ctx.verify(claim, target, [Evidence(t.source.path, t.source.line, f"pattern rule {name}")],
                       f"make target {target} matches {name}", area="automation")
            return
    if not targets and not makefiles:
        yield ctx.finding(ID, SEVERITY, "automation", claim=claim, field_name="make-target", actual=None,
                          message=f"The doc runs `make {target}`, but the repository has no Makefile.")
        return
    if not targets:
        return
    close = difflib.get_close_matches(target, sorted(targets), n=1, cutoff=0.5)
    near = close[0] if close else None
    ev = [Evidence(targets[near].source.path, targets[near].source.line, f"target {near}")] if near else []
    msg = f"The doc runs `make {target}`, but the Makefile has no target '{target}'"
    msg += f"; did you mean `make {near}`?" if near else f" (targets: {', '.join(sorted(targets)[:10])})."
    yield ctx.finding(ID, SEVERITY, "automation", claim=claim, field_name="make-target", actual=near,
                      evidence=ev, message=msg, fix=f"change `{target}` to `{near}`" if near else None)


def _cd_before(doc: DocView, claim: Claim) -> str | None:
    """The folder of the last `cd DIR` above the claim in the same code block (None when there is none)."""
    line = claim.doc.line if claim.doc else 0
    for n in range(line - 1, max(0, line - 40), -1):
        text = doc.line_text(n).strip()
        if text.startswith(("```", "~~~")):
            return None
        m = re.match(r"^(?:\$\s*)?cd\s+['\"]?([^\s;&|'\"]+)", text)
        if m:
            target = m.group(1)
            return None if target.startswith(("/", "~", "$", "-")) or target in (".", "..") else target
    return None


def _script(ctx: Context, doc: DocView, claim: Claim) -> Iterator[Finding]:
    raw = clean(claim.value)
    if WP.skippable(raw):
        return
    found, how = WP.resolve(ctx, doc.path, raw)
    if not found and locally_made(ctx, doc, raw):
        return  # ignored by git, created by the document itself, or named by the reader
    if not found:
        cwd = _cd_before(doc, claim)
        if cwd is not None:
            inside, _how = WP.resolve(ctx, doc.path, posixpath.join(cwd, raw))
            if inside:
                found, how = inside, f"after `cd {cwd}`"
            elif not WP.resolve(ctx, doc.path, cwd)[0]:
                return  # run inside a folder the repository does not have (generated, cloned): not ours to check
    if not found:
        close = WP.closest(ctx, raw)
        yield ctx.finding(ID, SEVERITY, "automation", claim=claim, field_name="script", actual=close,
                          evidence=[Evidence(close, 0, "closest existing path")] if close else [],
                          message=f"The doc runs `{raw}`, which does not exist"
                                  + (f"; did you mean `{close}`?" if close else "."),
                          fix=f"change `{raw}` to `{close}`" if close else None)
        return
    direct = _run_directly(claim, raw)
    full = os.path.join(ctx.facts.repo, found) if ctx.facts.repo else None
    if direct and full and os.path.isfile(full):
        try:
            mode = os.stat(full).st_mode
        except OSError:
            mode = 0
        if not mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH):
            yield ctx.finding(ID, SEVERITY, "automation", claim=claim, field_name="script", actual=found,
                              evidence=[Evidence(found, 1, "mode " + oct(mode & 0o777))],
                              message=f"The doc runs `{raw}` directly, but {found} is not executable "
                                      f"(run `chmod +x {found}` or write `bash {raw}`).",
                              fix=f"bash {raw}", key="exec")
            return
    ctx.verify(claim, found, [Evidence(found, 1, "script")], f"script {found} exists ({how})", area="automation")


def _run_directly(claim: Claim, raw: str) -> bool:
    text = claim.text or ""
    idx = text.find(raw)
    if idx < 0:
        return raw.startswith("./")
    before = text[:idx].rstrip().split()
    if before and os.path.basename(before[-1]) in ("bash", "sh", "zsh", "source", ".", "python", "python3"):
        return False
    return raw.startswith("./") or "/" in raw


def _argv(claim: Claim) -> list[str]:
    argv = (claim.extra or {}).get("argv")
    if isinstance(argv, list) and all(isinstance(a, str) for a in argv):
        return argv
    try:
        return shlex.split(str(claim.value or claim.text or ""), comments=True)
    except ValueError:
        return []


def _command(ctx: Context, doc: DocView, claim: Claim) -> Iterator[Finding]:
    end = int((claim.extra or {}).get("end_line") or claim.doc.end_line or claim.doc.line)
    by_line = doc.__dict__.setdefault("_claims_by_line", {})
    if not by_line:
        for c in doc.claims:
            by_line.setdefault(c.doc.line, []).append(c)
    derived = {(c.field, clean(str(c.value)).lstrip("./")) for line in range(claim.doc.line, min(end, claim.doc.line + 200) + 1)
               for c in by_line.get(line, ()) if c is not claim and c.field != "command"}
    for finding in _command_checks(ctx, doc, claim):
        key = (finding.field, clean(str(finding.doc_value)).lstrip("./"))
        if key not in derived:
            yield finding


def _command_checks(ctx: Context, doc: DocView, claim: Claim) -> Iterator[Finding]:
    argv = _argv(claim)
    while argv and ("=" in argv[0] and not argv[0].startswith("-") or argv[0] in ("sudo", "env", "time", "$")):
        argv = argv[1:]
    if not argv:
        return
    tool = os.path.basename(argv[0])
    if tool == "helm" and len(argv) > 1 and argv[1] in ("install", "upgrade", "template", "lint"):
        yield from _helm(ctx, doc, claim, argv)
    elif tool == "kubectl":
        yield from _kubectl(ctx, doc, claim, argv)
    elif tool == "make" and ctx.facts.make_targets:
        for arg in argv[1:]:
            if arg.startswith("-") or "=" in arg:
                continue
            sub = _derived(claim, "make-target", arg)
            yield from _make_target(ctx, sub)


def _derived(claim: Claim, field: str, value: str) -> Claim:
    text = claim.text or ""
    idx = text.find(value)
    span = (idx, idx + len(value)) if idx >= 0 and "\n" not in text[:idx] else None
    return Claim(claim.doc, claim.form, claim.area, claim.subject, field, value, claim.text, span,
                 dict(claim.extra or {}))


def _positional(argv: list[str], with_value: set[str]) -> list[str]:
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg.startswith("-"):
            if "=" not in arg and arg in with_value:
                skip = True
            continue
        out.append(arg)
    return out


def _flag_values(argv: list[str], names: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for i, arg in enumerate(argv):
        for name in names:
            if arg == name and i + 1 < len(argv):
                out.append(argv[i + 1])
            elif arg.startswith(name + "="):
                out.append(arg.split("=", 1)[1])
    return out


HELM_WITH_VALUE = {"-f", "--values", "--set", "--set-string", "--set-file", "--set-json", "--set-literal", "-n",
                   "--namespace", "--version", "--timeout", "--kube-context", "--kubeconfig", "--repo",
                   "--post-renderer", "--description", "--output-dir", "-o", "--output", "--name-template",
                   "--api-versions", "-a", "--kube-version", "--history-max", "--username", "--password"}


def _helm(ctx: Context, doc: DocView, claim: Claim, argv: list[str]) -> Iterator[Finding]:
    action = argv[1]
    pos = _positional(argv[2:], HELM_WITH_VALUE)
    if action == "lint":
        chart = pos[0] if pos else None
        release = None
    elif action == "template" and len(pos) == 1:
        chart, release = pos[0], None
    else:
        release = pos[0] if pos else None
        chart = pos[1] if len(pos) > 1 else None
    if chart and not _remote_chart(ctx, chart):
        yield from WP.check_path(ctx, doc, _derived(claim, "path", chart), WP.ID)
    for vf in _flag_values(argv, ("-f", "--values")):
        yield from WP.check_path(ctx, doc, _derived(claim, "path", vf), WP.ID)
    if chart and not _remote_chart(ctx, chart):
        for setting in _flag_values(argv, HELM_VALUE_FLAGS):
            for item in _split_set(setting):
                key = item.split("=", 1)[0].strip()
                if key and "$" not in key and "{" not in key:
                    sub = _derived(claim, "values-key", key)
                    sub.extra["chart"] = chart  # the chart this command installs decides which values.yaml
                    yield from VM.check_values_key(ctx, sub, ID)
    if chart and _remote_chart(ctx, chart):
        return  # a published chart: release name and namespace are the reader's choice, not the repository's
    for ns in _flag_values(argv, ("-n", "--namespace")):
        yield from VM.check_namespace(ctx, _derived(claim, "namespace", ns), ID)
    if release and "$" not in release and action in ("install", "upgrade"):
        sub = _derived(claim, "release", release)
        if chart:
            sub.extra["chart"] = chart  # releases of other charts the repository installs are not comparable
        yield from VM.check_release(ctx, sub, ID)


def _published_chart(ctx: Context, claim: Claim) -> bool:
    extra = claim.extra or {}
    chart = extra.get("chart")
    return bool(extra.get("chart_repo")) or (isinstance(chart, str) and bool(chart) and _remote_chart(ctx, chart))


def _remote_chart(ctx: Context, chart: str) -> bool:
    if chart.startswith(("oci://", "http://", "https://")):
        return True
    if chart.startswith((".", "/")) or chart.endswith((".tgz", "/")):
        return False
    first = chart.split("/", 1)[0]
    if "/" in chart and not ctx.exists(first):
        return True  # repo/chart from a chart repository
    return "/" not in chart and not ctx.exists(chart)


def _split_set(value: str) -> list[str]:
    parts, buf, depth, esc = [], "", 0, False
    for ch in value:
        if esc:
            buf += ch
            esc = False
            continue
        if ch == "\\":
            buf += ch
            esc = True
            continue
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
        if ch == "," and depth <= 0:
            parts.append(buf)
            buf = ""
        else:
            buf += ch
    if buf:
        parts.append(buf)
    return [p for p in parts if "=" in p]


KUBECTL_WITH_VALUE = {"-n", "--namespace", "-f", "--filename", "-k", "--kustomize", "-l", "--selector", "-o",
                      "--output", "-c", "--container", "--context", "--kubeconfig", "--type", "--image", "--port",
                      "--replicas", "--timeout", "--from-literal", "--from-file", "--for"}


def _kubectl(ctx: Context, doc: DocView, claim: Claim, argv: list[str]) -> Iterator[Finding]:
    outside = any(f == "-" or "://" in f for f in _flag_values(argv, ("-f", "--filename", "-k", "--kustomize")))
    for ns in _flag_values(argv, ("-n", "--namespace")) if not outside else []:  # stdin/URL objects: not ours
        if ns and not ns.startswith(("$", "<")):
            yield from VM.check_namespace(ctx, _derived(claim, "namespace", ns), ID)
    verb = next((a for a in argv[1:] if not a.startswith("-")), "")
    if verb in ("apply", "create", "delete", "replace", "diff", "kustomize"):
        for path in _flag_values(argv, ("-f", "--filename", "-k", "--kustomize")):
            if path != "-":
                yield from WP.check_path(ctx, doc, _derived(claim, "path", path), WP.ID)
        if verb == "kustomize":
            rest = _positional(argv[2:], KUBECTL_WITH_VALUE)
            for path in rest[:1]:
                yield from WP.check_path(ctx, doc, _derived(claim, "path", path), WP.ID)


