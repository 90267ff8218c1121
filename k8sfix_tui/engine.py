"""The engine facade used by both the TUI and the CLI: analyse, propose fixes, preview, apply, validate, commit.

```python
s = Session(repo, docs=None, config=None)
report = s.analyse(progress=None)         # facts, documents, drift report; records each doc's sha256
                                          # progress(stage, done, total) as drift.analyse calls it
s.fixes                                   # list[Fix] proposed for every analysed document
s.preview(doc_path, decisions) -> str     # decisions: {fix_id: "accept" | "reject" | ("edit", new_text)}
s.apply(decisions) -> list[str]           # writes the documents atomically; returns the changed paths
s.validate() -> ValidationReport
s.check_commit(decisions, branch=None)     # GitRefusal before anything is written, when a commit is wanted
s.commit(message=None, branch=None) -> str
s.default_commit_message(decisions) -> str
```

Fixes in one `Fix.group` are decided together: rejecting one rejects the group, accepting one accepts
it. `auto_accept_ids()` is what `--accept all` means: every fix except those that would overwrite a
generated section edited by hand. A fix whose finding is waived is never proposed.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from .errors import ApplyError, K8sfixError, UsageError
from .fixes import apply as _apply
from .fixes.docview import DocView
from .fixes.generators import generate_fixes, is_auto_acceptable
from .fixes.markers import stale_findings
from .model import Facts, Finding, Fix

Decision = Any  # "accept" | "reject" | ("edit", str)
Progress = Callable[[str, int, int], None] | None

_SKIP_DIRS = {".git", "node_modules", "vendor", ".venv", "venv", "__pycache__", ".tox", "dist", "build", "charts"}
_DOC_HINT = re.compile(r"\b(kubectl|helm|kubernetes|minikube|kustomiz|deployment)\b", re.I)


def discover_docs(repo: str | os.PathLike[str]) -> list[str]:
    """Deployment documents in `repo`: Markdown files that talk about Kubernetes, repo-relative."""
    try:
        from .drift import discover_documents  # type: ignore[attr-defined]
    except ImportError:
        discover_documents = None
    if discover_documents is not None:
        return list(discover_documents(str(repo)))
    root = Path(repo)
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if not name.lower().endswith((".md", ".markdown")):
                continue
            if name.upper().startswith(("CHANGELOG", "LICENSE", "CONTRIBUTING", "CODE_OF_CONDUCT", "SECURITY")):
                continue
            full = Path(dirpath, name)
            try:
                text = full.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if len(_DOC_HINT.findall(text)) >= 3:
                out.append(full.relative_to(root).as_posix())
    return out


@dataclass
class SimpleReport:
    """Stand-in for drift's Report when `k8sfix_tui.drift` is not available: findings only."""

    findings: list[Finding] = field(default_factory=list)
    verified: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"findings": [f.to_json() for f in self.findings], "verified": []}


class Session:
    """One analysis of a repository and its deployment documents, and what the user decides about it."""

    def __init__(self, repo: str | os.PathLike[str], docs: Iterable[str] | None = None, config: Any = None,
                 kube_version: str | None = None) -> None:
        root = Path(repo)
        if not root.is_dir():
            raise UsageError(f"{repo}: not a directory")
        self.kube_version = check_kube_version(kube_version)
        self.repo = str(root.resolve())
        # each document once: `docs/x.md` and `./docs/x.md` analysed twice would get every fix twice
        self.docs = list(dict.fromkeys(self._rel(d) for d in docs)) if docs else None
        self.config = config
        self.facts: Facts | None = None
        self.documents: list[Any] = []
        self.report: Any = None
        self.findings: list[Finding] = []
        self.texts: dict[str, str] = {}  # doc path -> text at analysis time
        self.hashes: dict[str, str] = {}  # doc path -> sha256 of the file at analysis time
        self._fixes: list[Fix] = []
        self.applied: dict[str, list[Fix]] = {}  # doc path -> fixes written by apply()
        self.applied_decisions: dict[str, Decision] = {}
        self.not_utf8: set[str] = set()  # documents apply() refuses to rewrite (bytes would be lost)

    def _rel(self, doc: str) -> str:
        p = Path(doc)
        if p.is_absolute():
            try:
                return p.resolve().relative_to(Path(self.repo)).as_posix()
            except ValueError:
                raise UsageError(f"{doc}: document is outside the repository") from None
        rel = p.as_posix().removeprefix("./")
        try:
            (Path(self.repo) / rel).resolve().relative_to(Path(self.repo))
        except ValueError:
            raise UsageError(f"{doc}: document is outside the repository") from None
        return rel

    # -- phase 1 ---------------------------------------------------------------------------------

    def analyse(self, progress: Progress = None) -> Any:
        """Collect facts, read documents, run the drift check and propose fixes. Returns the report."""
        docs = self.docs
        if docs is not None:
            for d in docs:
                if not (Path(self.repo) / d).is_file():
                    raise UsageError(f"{d}: no such document in {self.repo}")
        facts, documents, report = self._run_analysis(docs, progress)
        if self.kube_version:  # the generated troubleshooting section reports pitfalls for this version
            facts.kube_version = self.kube_version  # type: ignore[attr-defined]
        self.facts, self.documents, self.report = facts, documents, report
        self.findings = list(getattr(report, "findings", []) or [])
        paths = [self._doc_path(d) for d in documents]
        self.docs = paths
        self.texts.clear()
        self.hashes.clear()
        for rel in paths:
            data = (Path(self.repo) / rel).read_bytes()
            self.hashes[rel] = hashlib.sha256(data).hexdigest()
            try:
                self.texts[rel] = data.decode("utf-8")
            except UnicodeDecodeError:
                self.texts[rel] = data.decode("utf-8", errors="replace")
                self.not_utf8.add(rel)
        # generated sections that drifted: drift reports them when it integrates markers; else we do
        for rel in paths:
            view = DocView.parse(rel, self.texts[rel])
            if not any(f.field == "generated-section" and f.doc and f.doc.path == rel for f in self.findings):
                extra = stale_findings(view, facts)
                self.findings.extend(extra)
                if hasattr(report, "findings") and isinstance(report.findings, list):
                    report.findings.extend(extra)
        # hand-written Troubleshooting/Rollout/Monitoring sections: generic advice, missing topics
        from .fixes.generators import operations

        views = [DocView.parse(rel, self.texts[rel]) for rel in paths]
        config = self.config
        if config is None:
            try:
                from .config import load_config

                config = load_config(self.repo)
            except K8sfixError:
                config = None  # drift reported the broken config already
        known = {f.id for f in self.findings}  # drift's check reports them already
        extra = [f for f in operations.findings(views, facts, self.findings, config) if f.id not in known]
        self.findings.extend(extra)
        if hasattr(report, "findings") and isinstance(report.findings, list):
            report.findings.extend(extra)
        self._fixes = []
        for n, rel in enumerate(paths):
            if progress:
                progress("fixes", n, len(paths))
            view = DocView.parse(rel, self.texts[rel])
            mine = [f for f in self.findings if f.doc is not None and f.doc.path == rel]
            self._fixes.extend(generate_fixes(mine, facts, view))
        for i, fx in enumerate(self._fixes, 1):  # ids unique across documents, in document order
            fx.id = f"fix-{i:03d}"
        if progress:
            progress("fixes", len(paths), len(paths))
        return report

    def _run_analysis(self, docs: list[str] | None, progress: Progress) -> tuple[Facts, list[Any], Any]:
        try:
            from .drift import analyse  # type: ignore[attr-defined]
        except ImportError:
            analyse = None
        if analyse is not None:
            if self.kube_version:
                return analyse(self.repo, docs=docs, progress=progress, config=self.config,
                               kube_version=self.kube_version)
            return analyse(self.repo, docs=docs, progress=progress, config=self.config)
        # drift not available: facts (when possible) and documents, no findings but stale sections
        from .fixes.validate import load_facts

        if progress:
            progress("facts", 0, 1)
        facts = load_facts(self.repo)
        paths = docs if docs is not None else discover_docs(self.repo)
        documents = [DocView.parse(p, (Path(self.repo) / p).read_text(encoding="utf-8", errors="replace"))
                     for p in paths]
        return facts, documents, SimpleReport()

    @staticmethod
    def _doc_path(document: Any) -> str:
        path = getattr(document, "path", None)
        if path is None and isinstance(document, tuple):
            path = document[0]
        return str(path)

    # -- phase 2 ---------------------------------------------------------------------------------

    @property
    def fixes(self) -> list[Fix]:
        """Proposed fixes (after analyse), in document then line order."""
        return list(self._fixes)

    def fix(self, fix_id: str) -> Fix:
        for fx in self._fixes:
            if fx.id == fix_id:
                return fx
        raise UsageError(f"no fix {fix_id!r}; the proposals are {', '.join(f.id for f in self._fixes) or 'none'}")

    def finding(self, finding_id: str) -> Finding | None:
        return next((f for f in self.findings if f.id == finding_id), None)

    def auto_accept_ids(self) -> list[str]:
        """What `--accept all` accepts: every fix except those overwriting hand-edited generated sections."""
        return [f.id for f in self._fixes if is_auto_acceptable(f)]

    def resolve(self, decisions: Mapping[str, Decision]) -> list[Fix]:
        """The fixes to apply for `decisions`, groups decided together, edits applied to copies."""
        for key in decisions:
            self.fix(key)  # unknown ids are a usage error
        by_group: dict[str, list[Fix]] = {}
        for fx in self._fixes:
            if fx.group:
                by_group.setdefault(fx.group, []).append(fx)
        verdict: dict[str, Decision] = {}
        for fx in self._fixes:
            d = decisions.get(fx.id)
            if d is None and fx.group:
                members = [decisions.get(m.id) for m in by_group[fx.group]]
                if any(m == "reject" for m in members):
                    d = "reject"
                elif any(m == "accept" or _is_edit(m) for m in members):
                    d = "accept"
            elif d == "accept" and fx.group and any(decisions.get(m.id) == "reject" for m in by_group[fx.group]):
                d = "reject"
            if d is not None:
                verdict[fx.id] = d
        chosen = []
        for fx in self._fixes:
            d = verdict.get(fx.id)
            if d == "accept":
                chosen.append(fx)
            elif _is_edit(d):
                edited = copy.copy(fx)
                text = str(d[1])
                edited.new_text = text if (not text or text.endswith("\n")) else text + "\n"
                chosen.append(edited)
            elif d not in (None, "reject"):
                raise UsageError(f"decision for {fx.id} must be 'accept', 'reject' or ('edit', text), not {d!r}")
        return chosen

    def preview(self, doc_path: str, decisions: Mapping[str, Decision]) -> str:
        """The document's text with the accepted fixes applied (nothing is written)."""
        rel = self._rel(doc_path)
        if rel not in self.texts:
            raise UsageError(f"{doc_path}: not an analysed document")
        fixes = [f for f in self.resolve(decisions) if f.doc_path == rel]
        return _apply.apply_fixes(self.texts[rel], fixes)

    def apply(self, decisions: Mapping[str, Decision]) -> list[str]:
        """Write every document with accepted fixes (atomically, refusing if changed since analysis)."""
        chosen = self.resolve(decisions)
        changed = []
        new_texts = {}
        for rel in self.texts:
            fixes = [f for f in chosen if f.doc_path == rel]
            if not fixes:
                continue
            if rel in self.not_utf8:
                raise ApplyError("document is not valid UTF-8; refusing to rewrite it (bytes would be lost)", rel)
            new = _apply.apply_fixes(self.texts[rel], fixes)
            if new != self.texts[rel]:
                new_texts[rel] = (new, fixes)
        for rel, (new, fixes) in new_texts.items():  # all fixes computed before anything is written
            _apply.write_document(self.repo, rel, new, self.hashes.get(rel))
            self.applied[rel] = fixes
            changed.append(rel)
        for fx in chosen:
            self.applied_decisions[fx.id] = decisions.get(fx.id, "accept")
        return changed

    # -- phase 3 ---------------------------------------------------------------------------------

    def validate(self) -> Any:
        from .fixes.validate import validate

        if self.facts is None:
            raise K8sfixError("analyse() first")
        return validate(self.repo, self.docs or [], self.facts, kube_version=self.kube_version)

    def default_commit_message(self, decisions: Mapping[str, Decision] | None = None) -> str:
        """Summary line plus one line per resolved finding group."""
        if decisions is None:
            fixes = [f for fs in self.applied.values() for f in fs]
        else:
            fixes = self.resolve(decisions)
        docs = sorted({f.doc_path for f in fixes}) or sorted(self.applied) or list(self.docs or [])
        n_findings = len({r for f in fixes for r in f.resolves})
        summary = f"docs: sync {', '.join(docs) if len(docs) <= 2 else f'{len(docs)} documents'} with the repository"
        lines = [summary, "", f"k8sfix applied {len(fixes)} fix(es) resolving {n_findings} finding(s):", ""]
        seen: set[str] = set()
        for fx in fixes:
            key = fx.group or fx.id
            if key in seen:
                continue
            seen.add(key)
            members = [f for f in fixes if (f.group or f.id) == key]
            resolves = sorted({r for f in members for r in f.resolves})
            rules = sorted({(self.finding(r).rule if self.finding(r) else "") or "" for r in resolves} - {""})
            text = members[0].rationale
            if len(text) > 110:
                text = text[:107] + "..."
            line = f"- {fx.doc_path}:{fx.start_line} {text}"
            if rules:
                line += f" [{', '.join(rules)}]"
            lines.append(line)
        return "\n".join(lines) + "\n"

    def check_commit(self, decisions: Mapping[str, Decision], branch: str | None = None,
                     include_user_changes: bool = False) -> None:
        """Raise GitRefusal now if committing the documents `decisions` would change must be refused
        (call before apply() so nothing is written when the commit cannot happen)."""
        from .fixes.git import preflight

        docs = sorted({f.doc_path for f in self.resolve(decisions)})
        if docs:
            preflight(self.repo, docs, branch, self.hashes, include_user_changes)

    def commit(self, message: str | None = None, branch: str | None = None, include_user_changes: bool = False) -> str:
        """Commit the documents apply() changed, on `branch` (new) or the current branch. Returns the sha."""
        from .fixes.git import commit_documents

        if not self.applied:
            raise ApplyError("nothing to commit: no fix was applied")
        return commit_documents(self.repo, sorted(self.applied), message or self.default_commit_message(),
                                branch=branch, original_hashes=self.hashes, include_user_changes=include_user_changes)


def check_kube_version(version: str | None) -> str | None:
    """`version` normalised ("v1.29.3" stays as given) or None; UsageError when it is not like "1.31"."""
    if version is None or str(version).strip() == "":
        return None
    from .pitfalls.apis import parse_version

    try:
        parse_version(str(version))
    except ValueError as exc:
        raise UsageError(f"--kube-version: {exc}") from None
    return str(version).strip()


def _is_edit(d: Any) -> bool:
    return isinstance(d, (tuple, list)) and len(d) == 2 and d[0] == "edit"
