"""Phase 3: validate documents after fixing. `validate(repo, doc_paths, facts=None) -> ValidationReport`.

Document checks (each pass/fail/skip with a `path:line`): YAML blocks parse; Kubernetes objects in
them validate against the Kubernetes JSON schema of `kube_version` (`schema.check_block`, strict,
excerpt-aware, custom resources noted as not checked); bash blocks pass `bash -n`; named paths, make
targets, scripts and chart values keys exist; relative links and heading anchors resolve; no
placeholder content; the repository's own sources parse and render (facts.errors empty); a fresh
drift check (when `k8sfix_tui.drift` is available) lists what remains.

Then the success-criteria checklist (all deployments documented, configurations match, Helm
structure accurate, PVCs, resource limits, health checks, autoscaling, ConfigMaps/Secrets,
deployment commands, minikube workflow, troubleshooting covers real issues, no generic content),
each pass/fail/skip with its reason. Nothing here writes files.
"""

from __future__ import annotations

import os
import posixpath
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..model import Facts, Finding
from .docview import DocView
from .schema import check_block

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

YAML_LANGS = ("yaml", "yml")
SHELL_LANGS = ("bash", "sh", "shell", "zsh", "console", "shell-session")
PLACEHOLDER_RE = re.compile(
    r"(?<![\w.-])(example\.com|example\.org|your[-_](?:org|registry|domain|namespace|cluster|project|repo|name|"
    r"username|user|image|company)|<your[^>]*>|CHANGEME|CHANGE_ME|REPLACE_ME|TODO|TBD|FIXME|XXX+|"
    r"lorem ipsum)(?![\w-])",
    re.I,
)
LATEST_RE = re.compile(r"(?:image:\s*|\s)[\w./-]+:latest\b")
LINK_RE = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
SCRIPT_RE = re.compile(r"(?:^|\s)(?:\./|bash\s+|sh\s+)((?:[\w.-]+/)*[\w.-]+\.sh)\b")
CODE_PATH_RE = re.compile(r"`((?:\.{0,2}/)?(?:[\w.-]+/)+[\w.-]*|[\w.-]+\.(?:ya?ml|sh|md|json|tpl|toml|txt|mk|env))`")


@dataclass
class Check:
    """One validation result. `status` is pass, fail or skip; `category` is document or criteria."""

    id: str
    title: str
    status: str
    detail: str = ""
    location: str | None = None
    category: str = "document"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "status": self.status, "detail": self.detail,
                "location": self.location, "category": self.category}


@dataclass
class ValidationReport:
    repo: str
    docs: list[str]
    checks: list[Check] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)  # findings of a fresh drift check

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if c.status == "fail"]

    @property
    def passed(self) -> bool:
        return not self.failures

    def summary(self) -> dict[str, int]:
        out = {"pass": 0, "fail": 0, "skip": 0}
        for c in self.checks:
            out[c.status] = out.get(c.status, 0) + 1
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "repo": self.repo,
            "docs": self.docs,
            "passed": self.passed,
            "summary": self.summary(),
            "checks": [c.to_json() for c in self.checks],
            "remaining_findings": [f.to_json() for f in self.remaining],
        }

    def to_text(self) -> str:
        lines = []
        for cat, title in (("document", "Document checks"), ("criteria", "Success criteria")):
            items = [c for c in self.checks if c.category == cat]
            if not items:
                continue
            lines.append(title)
            for c in items:
                mark = {"pass": "PASS", "fail": "FAIL", "skip": "SKIP"}[c.status]
                where = f" {c.location}" if c.location else ""
                lines.append(f"  {mark} {c.title}{where}" + (f": {c.detail}" if c.detail else ""))
        if self.remaining:
            lines.append(f"Remaining findings ({len(self.remaining)})")
            for f in self.remaining:
                where = f"{f.doc.path}:{f.doc.line}" if f.doc else "-"
                lines.append(f"  {f.severity} {f.rule} {where}: {f.message}")
        s = self.summary()
        lines.append(f"{'PASSED' if self.passed else 'FAILED'}: {s['pass']} passed, {s['fail']} failed, "
                     f"{s['skip']} skipped")
        return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------


def load_facts(repo: str) -> Facts:
    """Facts from `k8sfix_tui.facts.collect`, or a files-only Facts when that is unavailable."""
    try:
        from ..facts import collect  # type: ignore[attr-defined]
    except ImportError:
        collect = None
    if collect is not None:
        return collect(repo)
    return Facts(repo=str(Path(repo).resolve()), files=list_files(repo))


def list_files(repo: str) -> list[str]:
    out = []
    root = Path(repo)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in (".git", "node_modules", ".venv", "__pycache__")]
        for name in filenames:
            out.append(Path(dirpath, name).relative_to(root).as_posix())
    return sorted(out)


def _values_keys(values: Any, prefix: str = "") -> set[str]:
    keys: set[str] = set()
    if isinstance(values, dict):
        for k, v in values.items():
            dotted = f"{prefix}.{k}" if prefix else str(k)
            keys.add(dotted)
            keys |= _values_keys(v, dotted)
    elif isinstance(values, list):
        for i, v in enumerate(values):
            keys |= _values_keys(v, f"{prefix}[{i}]")
    return keys


def make_targets_of(command: str) -> list[str]:
    """Targets named by `make ...` in one shell line (options and VAR=value skipped; -C/-f lines skipped)."""
    try:
        argv = shlex.split(command, comments=True)
    except ValueError:
        argv = command.split()
    out: list[str] = []
    for i, tok in enumerate(argv):
        if tok != "make" or (i > 0 and argv[i - 1] not in ("&&", "||", ";", "then", "do", "sudo", "time")
                             and "=" not in argv[i - 1]):
            continue
        rest = argv[i + 1:]
        if any(t in ("-C", "-f", "--directory", "--file") or t.startswith(("-C", "-f", "--directory=", "--file="))
               for t in rest):
            return []
        skip = False
        for t in rest:
            if skip:
                skip = False
                continue
            if t in ("&&", "||", ";", "|"):
                break
            if t in ("-j", "-l", "-o", "-W"):
                skip = True
                continue
            if t.startswith("-") or "=" in t:
                continue
            if re.fullmatch(r"[A-Za-z0-9_./-]+", t):
                out.append(t)
    return out


class _DocChecker:
    def __init__(self, repo: Path, facts: Facts, view: DocView, report: ValidationReport,
                 kube_version: str | None = None) -> None:
        self.repo = repo
        self.kube_version = kube_version or getattr(facts, "kube_version", None)
        self.facts = facts
        self.view = view
        self.report = report
        self.files = set(facts.files) if facts.files else set(list_files(str(repo)))
        self.dirs = {posixpath.dirname(f) for f in self.files}
        for d in list(self.dirs):
            while d:
                d = posixpath.dirname(d)
                self.dirs.add(d)

    def add(self, id_: str, title: str, problems: list[tuple[int, str]], detail_ok: str = "",
            skip: str | None = None) -> None:
        path = self.view.path
        if skip is not None:
            self.report.checks.append(Check(id_, title, "skip", skip, path))
            return
        if not problems:
            self.report.checks.append(Check(id_, title, "pass", detail_ok, path))
            return
        for line, msg in problems:
            self.report.checks.append(Check(id_, title, "fail", msg, f"{path}:{line}"))

    # -- individual checks -----------------------------------------------------------------

    def yaml_blocks(self) -> None:
        parse_problems: list[tuple[int, str]] = []
        schema_problems: list[tuple[int, str]] = []
        notes: list[str] = []
        n_blocks = n_objects = n_templated = 0
        version = None
        fallback = False
        for fence in self.view.fences:
            if fence.lang not in YAML_LANGS:
                continue
            body = self.view.chunk(fence.start + 1, fence.end - 1)
            if "{{" in body:  # a Helm template excerpt is not YAML
                n_templated += 1
                continue
            n_blocks += 1
            try:
                docs = list(yaml.load_all(body, Loader=_Loader))
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line = fence.start + 1 + (mark.line if mark is not None else 0)
                problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
                parse_problems.append((line, f"YAML does not parse: {problem}"))
                continue
            block = check_block(body, docs, self.kube_version)
            n_objects += block.objects
            version = version or block.schema_version
            fallback = fallback or bool(block.version_note)
            schema_problems += [(fence.start + 1 + line, msg) for line, msg in block.problems]
            notes += [n for n in block.notes if n not in notes]
        if n_templated:
            notes.append(f"{n_templated} Helm-templated block(s) not checked")
        if fallback and version:  # the requested version has no schema set: say so on every failure too
            schema_problems = [(line, f"{msg} [Kubernetes {version} schema]") for line, msg in schema_problems]
        detail = f"{n_objects} object(s)" + (f" against the Kubernetes {version} schema" if version else "")
        if len(notes) > 6:
            notes = notes[:5] + [f"{len(notes) - 5} more note(s)"]
        self.add("yaml-parse", "YAML blocks parse", parse_problems, f"{n_blocks} block(s)")
        self.add("k8s-schema", "Kubernetes objects are structurally valid", schema_problems,
                 "; ".join([detail] + notes))

    def bash_blocks(self) -> None:
        bash = shutil.which("bash")
        fences = [f for f in self.view.fences if f.lang in SHELL_LANGS]
        if bash is None:
            self.add("bash-syntax", "Shell blocks pass bash -n", [], skip="bash is not installed")
            return
        problems = []
        for fence in fences:
            lines = [self.view.line(n) for n in range(fence.start + 1, fence.end)]
            if fence.lang in ("console", "shell-session") or any(line.startswith("$ ") for line in lines):
                lines = [line[2:] for line in lines if line.startswith("$ ")]
            script = "\n".join(lines) + "\n"
            try:
                out = subprocess.run([bash, "-n"], input=script, capture_output=True, text=True, timeout=10)
            except (OSError, subprocess.TimeoutExpired) as exc:
                problems.append((fence.start, f"bash -n could not run: {exc}"))
                continue
            if out.returncode != 0:
                msg = (out.stderr.strip().splitlines() or ["syntax error"])[0]
                m = re.search(r"line (\d+):", msg)
                line = fence.start + int(m.group(1)) if m else fence.start
                problems.append((line, re.sub(r"^.*?line \d+:\s*", "", msg)))
        self.add("bash-syntax", "Shell blocks pass bash -n", problems, f"{len(fences)} block(s)")

    def _exists(self, path: str) -> bool:
        p = path.strip().rstrip("/")
        if p.startswith("./"):
            p = p[2:]
        candidates = [p, posixpath.normpath(posixpath.join(posixpath.dirname(self.view.path), p))]
        if "/" not in p and any(posixpath.basename(f) == p for f in self.files):
            return True  # a bare file name (values.yaml) named in the context of its directory
        return any(c in self.files or c in self.dirs for c in candidates) or any(
            (self.repo / c).exists() for c in candidates)

    def paths(self) -> None:
        problems = []
        count = 0
        for n in range(1, len(self.view.lines) + 1):
            text = self.view.line(n)
            fence = self.view.fence_at(n)
            if fence is not None:
                continue
            for m in CODE_PATH_RE.finditer(text):
                path = m.group(1)
                if "://" in path or path.startswith(("/", "~", "$")) or "<" in path or "*" in path:
                    continue
                if path.count("/") == 0 and "." not in path:
                    continue
                if path.startswith(("http", "www.")) or re.match(r"^[\w.-]+/[\w.-]+:\S+$", path):
                    continue
                if re.match(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}/", path):  # an image/registry ref
                    continue
                if "/" in path and not self._looks_like_repo_path(path):
                    continue
                count += 1
                if not self._exists(path):
                    problems.append((n, f"path `{path}` does not exist in the repository"))
        self.add("paths", "Every path named exists", problems, f"{count} path(s)")

    def _looks_like_repo_path(self, path: str) -> bool:
        head = path.lstrip("./").split("/", 1)[0]
        return head in {p.split("/", 1)[0] for p in self.files} or path.startswith(("./", "../"))

    def commands(self) -> None:
        targets = {t.name for t in self.facts.make_targets}
        has_make = bool(self.facts.make_targets) or any(posixpath.basename(f) in ("Makefile", "makefile",
                                                                                   "GNUmakefile")
                                                        for f in self.files)
        values_keys: set[str] = set()
        for ch in self.facts.charts:
            values_keys |= _values_keys(ch.values)
        problems = []
        n_cmd = 0
        for n, text in self._command_lines():
            for target in make_targets_of(text) if has_make else []:
                n_cmd += 1
                if targets and target not in targets:
                    problems.append((n, f"make target `{target}` does not exist"))
            for m in SCRIPT_RE.finditer(" " + text):
                n_cmd += 1
                if not self._exists(m.group(1)):
                    problems.append((n, f"script `{m.group(1)}` does not exist"))
            if text.startswith("helm ") and values_keys:
                try:
                    argv = shlex.split(text.rstrip("\\"))
                except ValueError:
                    continue
                for i, arg in enumerate(argv):
                    sets = []
                    if arg in ("--set", "--set-string") and i + 1 < len(argv):
                        sets = argv[i + 1].split(",")
                    elif arg.startswith(("--set=", "--set-string=")):
                        sets = arg.split("=", 1)[1].split(",")
                    for item in sets:
                        key = item.split("=", 1)[0]
                        n_cmd += 1
                        if key and key not in values_keys and not any(k.startswith(key + ".") for k in values_keys):
                            problems.append((n, f"values key `{key}` is not in any chart's values.yaml"))
        self.add("commands", "Make targets, scripts and values keys exist", problems, f"{n_cmd} reference(s)")

    def _command_lines(self) -> list[tuple[int, str]]:
        """(line, command) for every line of a shell block and every inline `make ...`/`./x.sh` span."""
        out = []
        pending: tuple[int, str] | None = None  # a command continued with a trailing backslash
        for n in range(1, len(self.view.lines) + 1):
            fence = self.view.fence_at(n)
            text = self.view.line(n)
            if fence is not None:
                if fence.lang in SHELL_LANGS and fence.start < n < fence.end:
                    text = text.strip()
                    if text.startswith("$ "):
                        text = text[2:]
                    if pending is not None:
                        text = pending[1] + " " + text
                        start = pending[0]
                        pending = None
                    else:
                        start = n
                    if text.endswith("\\"):
                        pending = (start, text[:-1].rstrip())
                        continue
                    if text and not text.startswith("#"):
                        out.append((start, text))
                continue
            for m in re.finditer(r"`([^`]+)`", text):
                code = m.group(1).strip()
                if code.startswith(("make ", "./", "bash ", "sh ", "helm ")):
                    out.append((n, code))
        return out

    def links(self) -> None:
        anchors = _anchors(self.view)
        problems = []
        count = 0
        for n in range(1, len(self.view.lines) + 1):
            if self.view.fence_at(n) is not None:
                continue
            for m in LINK_RE.finditer(self.view.line(n)):
                target = m.group(1).strip("<>")
                if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
                    continue  # http:, mailto:, ...
                count += 1
                path, _, anchor = target.partition("#")
                if not path:
                    if anchor and anchor.lower() not in anchors:
                        problems.append((n, f"anchor #{anchor} matches no heading"))
                    continue
                rel = posixpath.normpath(posixpath.join(posixpath.dirname(self.view.path), path))
                full = self.repo / rel
                if not full.exists():
                    problems.append((n, f"link target {path} does not exist"))
                elif anchor and full.suffix.lower() in (".md", ".markdown") and full.is_file():
                    try:
                        other = DocView.parse(rel, full.read_text(encoding="utf-8", errors="replace"))
                    except Exception:  # a linked file we cannot parse: do not fail the link on that
                        continue
                    if anchor.lower() not in _anchors(other):
                        problems.append((n, f"anchor #{anchor} matches no heading in {path}"))
        self.add("links", "Relative links and anchors resolve", problems, f"{count} link(s)")

    def placeholders(self) -> None:
        problems = []
        for n in range(1, len(self.view.lines) + 1):
            text = self.view.line(n)
            if "k8sfix: ignore" in text:
                continue
            for m in PLACEHOLDER_RE.finditer(text):
                problems.append((n, f"placeholder `{m.group(1)}`"))
            if self.view.fence_at(n) is not None and LATEST_RE.search(text) and self._repo_pins():
                problems.append((n, "image tag `latest` (the repository pins a tag)"))
        self.add("placeholders", "No placeholder content", problems)

    def _repo_pins(self) -> bool:
        tags = [c.image_tag for w in self.facts.workloads for c in w.containers]
        return bool(tags) and all(t and t != "latest" for t in tags)


def _anchors(view: DocView) -> set[str]:
    """Heading anchors as GitHub makes them (with -1, -2 for duplicates), plus, leniently, the anchor of
    the heading without its emoji (many documents link `#prerequisites` for `## ⚙️ Prerequisites`)."""
    from ..doc.markdown import github_slug, strip_emoji
    seen: dict[str, int] = {}
    out = set()
    for h in view.headings:
        title = re.sub(r"`", "", h.title)
        for i, base in enumerate((github_slug(title), github_slug(strip_emoji(title)))):
            k = seen.get(base, 0) if i == 0 else 0
            out.add(base if k == 0 else f"{base}-{k}")
            if i == 0:
                seen[base] = k + 1
    for n in range(1, len(view.lines) + 1):
        for m in re.finditer(r"<a\s+(?:name|id)=\"([^\"]+)\"", view.line(n)):
            out.add(m.group(1).lower())
    return out


# ---------------------------------------------------------------------------------------------
# fresh drift check and success criteria
# ---------------------------------------------------------------------------------------------


def fresh_findings(repo: str, facts: Facts, doc_paths: list[str]) -> tuple[list[Finding] | None, str]:
    """Findings of a fresh drift check of `doc_paths`, or (None, reason) when drift is unavailable."""
    try:
        from ..doc import parse_document  # type: ignore[attr-defined]
        from ..drift import check  # type: ignore[attr-defined]
    except ImportError as exc:
        return None, f"drift check unavailable ({exc})"
    documents = []
    for rel in doc_paths:
        text = (Path(repo) / rel).read_text(encoding="utf-8", errors="replace")
        documents.append(parse_document(rel, text))
    report = check(facts, documents)
    findings = [f for f in getattr(report, "findings", []) if not getattr(f, "waived", False)]
    from .markers import stale_findings

    for doc in documents:
        ids = {f.id for f in findings}
        findings += [f for f in stale_findings(doc, facts) if f.id not in ids]
    return findings, ""


def _mentioned(text: str, name: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text) is not None


def criteria(facts: Facts, views: list[DocView], remaining: list[Finding] | None) -> list[Check]:
    """The success-criteria checklist, each pass/fail/skip with a reason."""
    from .content import _primary

    text = "\n".join(v.text for v in views)
    low = text.lower()
    out: list[Check] = []
    workloads_p = _primary(facts, facts.workloads)
    pvcs_p = _primary(facts, facts.pvcs)
    config_p = _primary(facts, facts.configmaps) + _primary(facts, facts.secrets)
    hpas_p = _primary(facts, facts.hpas)

    from .generators.doctype import is_deployment_document

    # Coverage ("X documented") is owed by a deployment guide, not by a pointer README or a chart's
    # parameter README: the same decision `check` (missing-topic) and `fix` (inserted sections) make.
    owed = any(is_deployment_document(v, facts) for v in views)

    def add(id_: str, title: str, ok: bool | None, detail: str, gap: bool = False) -> None:
        """`gap`: the check fails only because the document does not mention something."""
        if gap and not owed:
            ok, detail = None, f"not owed by a document that is not a deployment guide ({detail})"
        status = "skip" if ok is None else ("pass" if ok else "fail")
        out.append(Check(id_, title, status, detail, None, "criteria"))

    def open_in(*areas: str, rules: tuple[str, ...] = ()) -> list[Finding]:
        if remaining is None:
            return []
        return [f for f in remaining if f.severity == "error" and (f.area in areas or f.rule in rules)]

    def missing(names: Iterable[str]) -> list[str]:
        # a Kustomize hash suffix (larkspur-config-h5h498mt2f) is not part of the name people write;
        # a volumeClaimTemplate's claims are written data-<statefulset>-0
        return sorted({n for n in names if n and not _mentioned(text, n)
                       and not _mentioned(text, re.sub(r"-[a-z0-9]{10}$", "", n))
                       and not re.search(re.escape(n) + r"-\d+\b", text)})

    workloads = {w.name for w in workloads_p}
    miss = missing(workloads)
    add("all-deployments", "All deployments documented", not miss if workloads else None,
        f"not mentioned: {', '.join(miss)}" if miss else (f"{len(workloads)} workload(s) named"
                                                          if workloads else "the repository defines no workloads"),
        gap=bool(miss))
    bad = open_in(rules=("value-mismatch",))
    add("configurations-match", "Configurations match", None if remaining is None else not bad,
        "no fresh drift check available" if remaining is None else
        (f"{len(bad)} value mismatch(es) remain" if bad else "no value mismatches remain"))
    if facts.charts:
        miss = missing(c.name for c in facts.charts)
        bad = open_in("helm")
        add("helm-structure", "Helm structure accurate", not miss and not bad,
            f"chart not named: {', '.join(miss)}" if miss else
            (f"{len(bad)} helm finding(s) remain" if bad else f"{len(facts.charts)} chart(s) documented"),
            gap=bool(miss) and not bad)
    else:
        add("helm-structure", "Helm structure accurate", None, "the repository has no Helm chart")
    for id_, title, items, area, names in (
        ("pvcs", "PVCs documented", pvcs_p, "storage",
         [p.name if not p.owner else f"{p.name}-{p.owner.split('/')[-1]}" for p in pvcs_p]),
        ("config", "ConfigMaps and Secrets documented", config_p, "config", [c.name for c in config_p]),
    ):
        if not items:
            add(id_, title, None, f"the repository defines no {title.split(' documented')[0]}")
            continue
        miss = missing(names)
        bad = open_in(area)
        add(id_, title, not miss and not bad, f"not mentioned: {', '.join(miss)}" if miss else
            (f"{len(bad)} {area} finding(s) remain" if bad else f"{len(set(names))} documented"), gap=bool(miss) and not bad)
    limits = sorted({v for w in workloads_p for c in w.containers for part in c.resources.values()
                     for v in (part or {}).values()})
    if limits:
        miss = [v for v in limits if str(v) not in text]
        bad = open_in("resources")
        add("resource-limits", "Resource limits documented", not miss and not bad,
            f"values not stated: {', '.join(map(str, miss))}" if miss else
            (f"{len(bad)} resources finding(s) remain" if bad else f"{len(limits)} value(s) stated"),
            gap=bool(miss) and not bad)
    else:
        add("resource-limits", "Resource limits documented", None, "no container sets requests or limits")
    probes = sorted({str(p.get("httpGet", {}).get("path")) for w in workloads_p for c in w.containers
                     for p in (c.liveness_probe, c.readiness_probe, c.startup_probe)
                     if p and isinstance(p.get("httpGet"), dict) and p["httpGet"].get("path")})
    has_probes = any(p for w in workloads_p for c in w.containers
                     for p in (c.liveness_probe, c.readiness_probe, c.startup_probe))
    if has_probes:
        miss = [p for p in probes if p not in text]
        bad = open_in("probes")
        mentioned = "probe" in low or "health" in low
        add("health-checks", "Health checks documented", not miss and not bad and mentioned,
            f"probe paths not stated: {', '.join(miss)}" if miss else
            (f"{len(bad)} probes finding(s) remain" if bad else
             ("probes documented" if mentioned else "the document never mentions probes or health checks")),
            gap=(bool(miss) or not mentioned) and not bad)
    else:
        add("health-checks", "Health checks documented", None, "no container defines a probe")
    bad = open_in("autoscaling")
    if hpas_p:
        miss = missing(h.target_name for h in hpas_p)
        add("autoscaling", "Autoscaling documented", not bad and not miss and ("autoscal" in low or "hpa" in low),
            f"{len(bad)} autoscaling finding(s) remain" if bad else f"{len(hpas_p)} HPA(s); targets named"
            if not miss else f"HPA targets not named: {', '.join(miss)}",
            gap=not bad and (bool(miss) or not ("autoscal" in low or "hpa" in low)))
    else:
        add("autoscaling", "Autoscaling documented", not bad,
            f"{len(bad)} autoscaling finding(s) remain (the repository has no HPA)" if bad else
            "no HPA in the repository and the document claims none")
    helm_cmds = facts.helm_invocations
    bad = open_in("automation", rules=("wrong-command",))
    if helm_cmds or facts.make_targets:
        releases = [h.release for h in helm_cmds if h.release]
        miss = missing(releases)
        add("deploy-commands", "Deployment commands are real", not bad and not miss,
            f"{len(bad)} command finding(s) remain" if bad else
            (f"releases not named: {', '.join(miss)}" if miss else "commands match the repository"),
            gap=bool(miss) and not bad)
    else:
        add("deploy-commands", "Deployment commands are real", not bad if remaining is not None else None,
            "the repository has no deploy commands of its own")
    mk = [c for c in facts.commands if c.tool == "minikube"]
    if mk:
        bad = open_in("minikube")
        add("minikube", "Minikube workflow documented", "minikube" in low and not bad,
            f"{len(bad)} minikube finding(s) remain" if bad else
            ("minikube workflow documented" if "minikube" in low else "the document never mentions minikube"),
            gap="minikube" not in low and not bad)
    else:
        add("minikube", "Minikube workflow documented", None, "the repository has no minikube workflow")
    from .generators.operations import troubleshooting_criterion  # the same decision as `fix` (doctype)

    ok, detail = troubleshooting_criterion(facts, views)
    add("troubleshooting", "Troubleshooting covers real issues", ok, detail)
    generic = open_in("structure", rules=("placeholder", "phantom-resource"))
    placeholder_hits = [v.path for v in views if any(PLACEHOLDER_RE.search(v.line(n)) for n in range(1, len(v.lines) + 1))]
    add("no-generic-content", "No generic content", not generic and not placeholder_hits,
        f"{len(generic)} placeholder/phantom finding(s) remain" if generic else
        (f"placeholders in {', '.join(placeholder_hits)}" if placeholder_hits else "no placeholders or invented parts"))
    return out


def validate(repo: str | os.PathLike[str], doc_paths: Iterable[str], facts: Facts | None = None,
             kube_version: str | None = None) -> ValidationReport:
    """Validate `doc_paths` (repo-relative) against the repository at `repo`; YAML objects against the
    Kubernetes schema of `kube_version` (default: `facts.kube_version`, else the pitfalls' default)."""
    root = Path(repo).resolve()
    docs = list(doc_paths)
    report = ValidationReport(repo=str(root), docs=docs)
    if facts is None:
        facts = load_facts(str(root))
    views = []
    for rel in docs:
        full = root / rel
        try:
            text = full.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            report.checks.append(Check("read", "Document is readable", "fail", exc.strerror or str(exc), rel))
            continue
        view = DocView.parse(rel, text)
        views.append(view)
        checker = _DocChecker(root, facts, view, report, kube_version)
        checker.yaml_blocks()
        checker.bash_blocks()
        checker.paths()
        checker.commands()
        checker.links()
        checker.placeholders()
    if facts.errors:
        for err in facts.errors:
            report.checks.append(Check("repo-sources", "Repository manifests, templates and values parse and render",
                                       "fail", err.message, str(err.location)))
    else:
        report.checks.append(Check("repo-sources", "Repository manifests, templates and values parse and render",
                                   "pass", f"{len(facts.objects)} object(s)"))
    try:
        remaining, why = fresh_findings(str(root), facts, [v.path for v in views])
    except Exception as exc:  # another module's failure must not hide the other results
        remaining, why = None, f"drift check failed: {type(exc).__name__}: {exc}"
    if remaining is None:
        report.checks.append(Check("drift", "No error findings remain", "skip", why))
    else:
        report.remaining = remaining
        errors = [f for f in remaining if f.severity == "error"]
        report.checks.append(Check("drift", "No error findings remain", "fail" if errors else "pass",
                                   f"{len(errors)} error(s), {len(remaining) - len(errors)} warning/info"))
    report.checks.extend(criteria(facts, views, remaining))
    return report
