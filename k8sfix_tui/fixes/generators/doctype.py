"""Which documents describe deploying this repository, and so owe operations sections.

A *deployment document* describes deploying this repository's workloads: it runs deploy commands
(`kubectl`, `helm`, `kustomize`, `oc`, `skaffold`, `minikube`, or a `make` target of the repository) or
shows Kubernetes objects in YAML blocks, or — prose only — names the repository's workloads, Services,
Ingresses, charts or releases under a heading about deploying (deploy, install, apply, rollout, upgrade,
quick start, Helm...); and it talks about deploying
(deploy/install/apply/cluster/Kubernetes/Helm/...).
Two kinds of documents are not, whatever they mention:

- a *pointer*: no code block, no table, no deploy command, at most two short paragraphs (a README
  that sends the reader to the real guide);
- a chart's *parameter README*: five or more rows of a parameters table (`Parameter`/`Key`/`Value`
  with `Default`/`Description`) that either fill 40% of the document or sit in the chart's own
  directory.

Only hand-written lines count (`k8sfix_tui.doc.written`: text between `k8sfix:begin`/`k8sfix:end`
markers, front matter, headings over generated-only sections and License/Contributing-style sections
are ignored), so accepting generated sections never changes the verdict (fixes converge in one round).

- `is_deployment_document(view, facts) -> bool`
- `count_written(lines) -> int`: hand-written non-blank lines (for "substantial document" thresholds;
  `k8sfix_tui.doc.written.count_written`, the definition drift's `DocView.substantial` uses too).
- `deployment_score(view, facts) -> tuple[int, int, int, int]` (deploy commands, real names, YAML
  objects, written lines) orders candidates after `is_guide(view)` (file name or title says deploy,
  Kubernetes, install, operations...); `main_document(views, facts)` picks the best one.

The operations findings (`operations.findings`) and validate's "Troubleshooting covers real issues"
criterion both use this predicate, so `fix` inserts a section exactly where `validate` asks for one.
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass
from typing import Iterable

from ...doc.written import count_written as _count_written
from ...doc.written import written_lines
from ...model import Facts
from ..docview import DocView

HELM_SUBCOMMANDS = ("install|upgrade|template|repo|dependency|dep|rollback|history|uninstall|delete|list|ls|status|"
                    "get|lint|package|pull|push|search|show|test|plugin|registry|version|create|diff")
COMMAND_RE = re.compile(r"\b(?:kubectl(?:\.sh)?|kustomize|oc|skaffold)\s+(?:--?)?[a-z]"
                        r"|\bhelm\s+(?:--?[a-z]|(?:" + HELM_SUBCOMMANDS + r")\b)"
                        r"|\bminikube\s+(?:start|addons|image|tunnel|service|kubectl|mount)\b")
MAKE_RE = re.compile(r"\bmake\s+([A-Za-z0-9_.][A-Za-z0-9_.-]*)")
DEPLOY_WORDS = re.compile(
    r"\b(deploy(s|ed|ing|ment|ments)?|install(s|ed|ing|ation)?|apply|applies|roll(ing)?[ -]?outs?|upgrad\w*|"
    r"kubernetes|k8s|cluster|helm|charts?|manifests?|kustomiz\w*|namespaces?|minikube|openshift)\b", re.I)
DEPLOY_HEADING = re.compile(r"\b(deploy\w*|install\w*|apply(ing)?|roll(ing)?[ -]?outs?|upgrad\w*|getting started|"
                            r"quick ?start|helm|kustomiz\w*|minikube|openshift)\b", re.I)
# a file name or title that says "this is the deployment guide"
GUIDE_NAME = re.compile(r"deploy|kubernetes|\bk8s\b|install|operat|runbook|\bhelm\b|getting.started|quick.?start",
                        re.I)
PARAM_HEAD = re.compile(r"^\s*\|?\s*(parameters?|keys?|values?|options?|settings?|name)\s*\|", re.I)
PARAM_COLS = re.compile(r"\|\s*(default( value)?|description)\s*(\||$)", re.I)
K8S_YAML = re.compile(r"^\s*apiVersion:\s*\S+", re.M)
K8S_KIND = re.compile(r"^\s*kind:\s*[A-Z]\w+", re.M)
NOT_NAMES = frozenset({"default", "app", "api", "web", "db", "main", "test", "data", "config", "server", "service"})


@dataclass
class Written:
    """The hand-written part of a document (`doc.written`) with its blank lines: line numbers and texts."""

    lines: list[tuple[int, str]]
    fences: int
    yaml_objects: int
    table_lines: int
    param_rows: int
    paragraphs: int

    @property
    def numbers(self) -> set[int]:
        return {n for n, _t in self.lines}

    @property
    def text(self) -> str:
        return "\n".join(t for _n, t in self.lines)


def written(view: DocView) -> Written:
    """Split `view` into hand-written lines and count its blocks (see module doc)."""
    mine = set(written_lines(view.lines))
    # written lines plus blank lines (which only separate paragraphs)
    out = [(n, view.line(n)) for n in range(1, len(view.lines) + 1) if n in mine or not view.line(n).strip()]
    kept = {n for n, _t in out}
    fences = [f for f in view.fences if f.start in kept]
    yaml_objects = 0
    for f in fences:
        body = view.chunk(f.start + 1, f.end - 1)
        if f.lang in ("yaml", "yml", "") and K8S_YAML.search(body) and K8S_KIND.search(body):
            yaml_objects += 1
    table_lines = param_rows = 0
    for start_, end in view.tables:
        if start_ not in kept:
            continue
        table_lines += end - start_ + 1
        head = view.line(start_)
        if PARAM_HEAD.search(head) and PARAM_COLS.search(head):
            param_rows += max(0, end - start_ - 1)
    paragraphs, inside = 0, False
    for n, text in out:
        prose = bool(text.strip()) and not text.lstrip().startswith("#") and view.fence_at(n) is None \
            and view.table_at(n) is None
        if prose and not inside:
            paragraphs += 1
        inside = prose
    return Written(out, len(fences), yaml_objects, table_lines, param_rows, paragraphs)


def count_written(lines: Iterable[str]) -> int:
    """Non-blank hand-written lines of a Markdown text, for "is this a substantial document" thresholds:
    the one definition in `k8sfix_tui.doc.written` (front matter, generated blocks, headings over
    generated-only sections and boilerplate sections like License/Contributing do not count)."""
    return _count_written(lines)


def real_names(facts: Facts) -> set[str]:
    """Names a deployment document would mention: workloads, Services, Ingresses, charts, releases."""
    names = {w.name for w in facts.workloads} | {s.name for s in facts.services} | {i.name for i in facts.ingresses}
    names |= {c.name for c in facts.charts} | {h.release for h in facts.helm_invocations if h.release}
    return {n for n in names if isinstance(n, str) and len(n) >= 3 and n.lower() not in NOT_NAMES}


def mentioned(text: str, name: str) -> bool:
    """`name` appears in `text` as a whole word (hyphens count as part of a word)."""
    if _WORD.fullmatch(name):  # the common case: one set lookup instead of a regex scan per name
        return name in _words(text)
    return re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text) is not None


_WORD = re.compile(r"[\w-]+")


@functools.lru_cache(maxsize=8)
def _words(text: str) -> frozenset[str]:
    """The whole words of `text` (runs of word characters and hyphens), computed once per text: a long
    document checked against thousands of object names would otherwise be scanned once per name."""
    return frozenset(_WORD.findall(text))


def _commands(text: str, facts: Facts) -> int:
    targets = {t.name for t in facts.make_targets}
    return len(COMMAND_RE.findall(text)) + sum(1 for m in MAKE_RE.finditer(text) if m.group(1) in targets)


def _in_chart_dir(path: str, facts: Facts) -> bool:
    folder = posixpath.dirname(path.replace("\\", "/"))
    for c in facts.charts:
        chart_dir = str(getattr(c, "path", "") or "").strip("/")
        if chart_dir and chart_dir != "." and (folder == chart_dir or folder.startswith(chart_dir + "/")):
            return True
    return False


def is_pointer(w: Written, facts: Facts) -> bool:
    """No code block, no table, no deploy command, at most two paragraphs of at most six lines in all."""
    prose = [t for _n, t in w.lines if t.strip() and not t.lstrip().startswith("#")]
    return (w.fences == 0 and w.table_lines == 0 and w.paragraphs <= 2 and len(prose) <= 6
            and not _commands(w.text, facts))


def is_parameter_readme(view: DocView, facts: Facts, w: Written | None = None) -> bool:
    """A chart's parameter README: a long parameters table dominating the text or inside the chart dir."""
    w = w or written(view)
    if w.param_rows < 5:
        return False
    non_blank = sum(1 for _n, t in w.lines if t.strip())
    return w.param_rows * 10 >= non_blank * 4 or _in_chart_dir(view.path, facts)


def deployment_score(view: DocView, facts: Facts) -> tuple[int, int, int, int]:
    """(deploy commands, real names mentioned, Kubernetes objects in YAML blocks, written lines)."""
    w = written(view)
    text = w.text
    names = sum(1 for n in real_names(facts) if mentioned(text, n))
    return _commands(text, facts), names, w.yaml_objects, sum(1 for _n, t in w.lines if t.strip())


def is_deployment_document(view: DocView, facts: Facts) -> bool:
    """Whether `view` describes deploying this repository's workloads (see module doc)."""
    w = written(view)
    if is_pointer(w, facts) or is_parameter_readme(view, facts, w):
        return False
    text = w.text
    commands = _commands(text, facts)
    names = any(mentioned(text, n) for n in real_names(facts))
    if not DEPLOY_WORDS.search(text):
        return False
    if commands or w.yaml_objects:
        return True
    # prose only: it must name the repository's objects under a heading about deploying them
    return names and any(DEPLOY_HEADING.search(h.bare_title) for h in view.headings if h.line in w.numbers)


def is_guide(view: DocView) -> bool:
    """The file name or the title says it is the deployment guide (deploy, Kubernetes, install, ops...)."""
    stem = posixpath.splitext(posixpath.basename(view.path))[0]
    title = view.headings[0].bare_title if view.headings else ""
    return bool(GUIDE_NAME.search(stem.replace("_", " ").replace("-", " ")) or GUIDE_NAME.search(title))


def main_document(views: Iterable[DocView], facts: Facts) -> DocView | None:
    """The deployment document that should hold missing operations sections: a guide by name or title
    (`is_guide`) first, then most deploy commands, most real names, YAML objects and written lines;
    earlier documents win ties."""
    views = list(views)
    candidates = [((is_guide(v),) + deployment_score(v, facts), -i, v) for i, v in enumerate(views)
                  if is_deployment_document(v, facts)]
    if not candidates:
        return None
    return max(candidates, key=lambda c: (c[0], c[1]))[2]
