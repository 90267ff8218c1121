"""wrong-path: a file or directory the document names does not exist in the repository.

Checks path claims (backticked paths in prose, tables, captions and `# path/to/file.yaml` comments above
YAML blocks) and every entry of directory trees (`├──` / indented listings). A path is looked up from the
repository root, from the document's own directory, and from chart/overlay directories (trees and
chart-relative paths such as `templates/deployment.yaml`). The finding suggests the closest real path,
by file name first and then by similarity. URLs, absolute system paths (`/etc/hosts`), globs and
placeholders are not checked.

Severity: error.

Wrong (the chart lives in `deploy/helm/larkspur`):

    The chart is in `charts/larkspur/`.

Right:

    The chart is in `deploy/helm/larkspur/`.
"""

from __future__ import annotations

import difflib
import os
import posixpath
import re
from typing import Iterator

from ...model import Claim, DocRef, Finding
from ..context import Context, DocView
from ..localfiles import locally_made

ID = "wrong-path"
SEVERITY = "error"

_SKIP = re.compile(r"(://|^~|^\$|[*?{}<>$]|^/(etc|usr|var|tmp|dev|proc|home|opt|bin|sys|root|run)\b|\.\.\.|…)")


def check(ctx: Context) -> Iterator[Finding]:
    for doc in ctx.docs:
        named = {(c.doc.line, _norm(str(c.value))) for c in doc.claims if c.field == "path"}
        for claim in doc.claims:
            if claim.field == "path":
                yield from check_path(ctx, doc, claim, ID)
            elif claim.field == "tree":
                yield from _tree(ctx, doc, claim)
            elif claim.field == "workflow":
                yield from _workflow(ctx, doc, claim)
            elif claim.field == "yaml-object":
                pc = (claim.extra or {}).get("path_comment")
                if isinstance(pc, str) and pc.strip() and not any(v == _norm(pc) for _, v in named):
                    line = int((claim.extra or {}).get("path_comment_line") or claim.doc.line)
                    ref = DocRef(claim.doc.path, line, line, claim.doc.section)
                    sub = Claim(ref, claim.form, "structure", claim.subject, "path", pc, doc.line_text(line),
                                None, {"kind": "file"})
                    named.add((line, _norm(pc)))
                    yield from check_path(ctx, doc, sub, ID)


def _norm(path: str) -> str:
    text = path.strip().strip("`'\"").rstrip(".,;:)")
    while text.startswith("./"):
        text = text[2:]
    return text


_BARE_EXT = re.compile(r"^\.(ya?ml|json|md|sh|tgz|tar\.gz|txt|toml|ini|env|conf|py|go|js|ts|tf|hcl|tsx|jsx|java|rb|rs|kt|"
                       r"c|h|cc|cpp|cs|php|sql|proto|tpl|cue|jsonnet|libsonnet|xml|html|css|png|svg|lock)$", re.I)


_TEMPLATE_REF = re.compile(r"^\.(Values|Release|Chart|Capabilities|Files|Template)\b")
_HOST_TLD = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.(io|com|org|net|dev|cloud|ai|app|co|gov|edu|info|us|eu|de)$", re.I)
# All-caps words that are real file names; any other all-caps stem part (`TESTNAME_test.yaml`) is a metavariable.
_CAPS_FILES = frozenset("README LICENSE LICENCE CHANGELOG CONTRIBUTING OWNERS AUTHORS NOTICE SECURITY MAINTAINERS VERSION "
                        "TODO MAKEFILE DOCKERFILE NOTES VALUES AGENTS CLAUDE CODEOWNERS PROJECT RELEASE RELEASES "
                        "UPGRADING MIGRATION FAQ GOVERNANCE SUPPORT INSTALL USAGE HACKING TESTING DEVELOPMENT API "
                        "CRD CRDS CI CD".split())


def skippable(path: str) -> bool:
    p = path.strip()
    if _BARE_EXT.match(p) or (p.endswith("/") and re.fullmatch(r"[A-Z0-9_]+/|s/", p)):
        return True  # "the manifest (`.yaml`)": a file type; `s/`, `SUFFIX/`: pieces of a sed expression
    if _TEMPLATE_REF.match(p) or ("/" not in p.rstrip("/") and _HOST_TLD.match(p.rstrip("/"))):
        return True  # `.Values.env`: a template reference; `prow.k8s.io`: a host
    return not path or bool(_SKIP.search(path)) or " " in path.strip() or path in (".", "/")


def resolve(ctx: Context, doc_path: str, path: str) -> tuple[str | None, str]:
    """(repo-relative existing path or None, how it was resolved)."""
    p = _norm(path)
    if p.startswith("/"):
        p = p.lstrip("/")
    if ctx.exists(p):
        return p, "from the repository root"
    doc_dir = posixpath.dirname(doc_path)
    if doc_dir:
        rel = posixpath.normpath(posixpath.join(doc_dir, p))
        if not rel.startswith("..") and ctx.exists(rel):
            return rel, f"relative to {doc_dir}/"
    for base in _bases(ctx):
        cand = posixpath.normpath(posixpath.join(base, p))
        if ctx.exists(cand):
            return cand, f"relative to {base}/"
    parts = [x for x in p.split("/") if x]
    if len(parts) > 1 and not ctx.exists(parts[0]):
        for i in range(1, len(parts)):
            tail = "/".join(parts[i:])
            kind = ctx.exists(tail)
            if kind == "file" and "." in parts[-1] or kind == "dir" and len(parts) - i >= 2:
                return tail, f"as {tail} (the leading '{'/'.join(parts[:i])}/' is another checkout's root)"
    if "/" not in p and "." in p:
        hits = [f for f in ctx.files if f.rsplit("/", 1)[-1] == p]
        if hits:
            return sorted(hits)[0], "by file name"
    if len(parts) >= 2:
        suffix = "/" + "/".join(parts)
        pool = ctx.dirs if path.rstrip().endswith("/") or "." not in parts[-1] else ctx.files
        hits = [f for f in pool if f.endswith(suffix)]
        if len(hits) >= 2:  # `db/mysql/` "of each microservice": a layout every component repeats
            return sorted(hits)[0], f"under each of {len(hits)} components"
    return None, ""


def _bases(ctx: Context) -> list[str]:
    bases = [c.path for c in ctx.facts.charts if c.path]
    bases += [o.path for o in ctx.facts.overlays if o.path]
    return bases


def closest(ctx: Context, path: str) -> str | None:
    p = _norm(path).rstrip("/").lstrip("/")
    while p.startswith("../"):
        p = p[3:]
    base = p.rsplit("/", 1)[-1]
    want_dir = path.rstrip().endswith("/") or "." not in base
    pool = sorted(ctx.dirs) if want_dir else sorted(ctx.files)
    same_base = [f for f in pool if f.rsplit("/", 1)[-1] == base]
    if same_base:
        return max(same_base, key=lambda f: difflib.SequenceMatcher(None, p, f).ratio())
    parent = p.rsplit("/", 1)[0] if "/" in p else ""
    top = p.split("/", 1)[0] if "/" in p else ""

    def related(f: str) -> bool:
        """A suggestion must stay in the same part of the repository: the same parent directory, the same
        top-level directory, or anywhere when the doc gave a bare name. A file of another component with a
        similar name (`svc-a/.../application.properties` for `config-server/.../application.yml`) would turn a
        broken link into a wrong one."""
        if not top:
            return True
        return f.rsplit("/", 1)[0] == parent or f.split("/", 1)[0] == top

    stem = base.rsplit(".", 1)[0]
    same_stem = [f for f in pool if f.rsplit("/", 1)[-1].rsplit(".", 1)[0] == stem and related(f)] if stem else []
    if same_stem:
        return max(same_stem, key=lambda f: difflib.SequenceMatcher(None, p, f).ratio())
    siblings = [f for f in pool if f.rsplit("/", 1)[0] == parent] if parent and ctx.exists(parent) else []
    ext = base.rsplit(".", 1)[-1] if "." in base else None
    same_kind = [f for f in siblings if ext and f.endswith("." + ext)]
    if len(same_kind) == 1 and not want_dir:
        return same_kind[0]  # the only file of its kind in the folder the doc names (a renamed workflow, values file)
    for candidates in (siblings[:3000], [f for f in pool if related(f)] if len(pool) <= 3000 else []):
        got = difflib.get_close_matches(p, candidates, n=1, cutoff=0.6)
        if got and difflib.SequenceMatcher(None, base, got[0].rsplit("/", 1)[-1]).ratio() >= 0.6:
            return got[0]
    bases = sorted({f.rsplit("/", 1)[-1] for f in pool})
    by_base = difflib.get_close_matches(base, bases, n=1, cutoff=0.75) if len(bases) <= 3000 else []
    if by_base:
        cands = [f for f in pool if f.rsplit("/", 1)[-1] == by_base[0] and related(f)]
        if cands:
            return max(cands, key=lambda f: difflib.SequenceMatcher(None, p, f).ratio())
    return None


def not_a_path(ctx: Context, raw: str) -> bool:
    """`autoscaling/v2`, `Europe/Lisbon`, `app.kubernetes.io/name`: slashes, but not repository paths."""
    p = _norm(raw)
    if p.endswith("/"):
        return False
    parts = [x for x in p.split("/") if x]
    if not parts:
        return True
    if re.fullmatch(r"[a-z0-9.-]*/v\d+(alpha\d+|beta\d+)?", p) or re.fullmatch(r"v\d+", parts[-1]):
        return True  # an apiVersion
    if "." in parts[0] and "." not in parts[-1] and not ctx.exists(parts[0]):
        return True  # a label/annotation key or a host/path
    if "." not in parts[-1] and not ctx.exists(parts[0]):
        return True  # no extension, no trailing slash, first segment unknown: not clearly a path
    return False


def check_path(ctx: Context, doc: DocView, claim: Claim, rule: str) -> Iterator[Finding]:
    raw = str(claim.value or "")
    if skippable(_norm(raw)) or not_a_path(ctx, raw):
        return
    found, how = resolve(ctx, doc.path, raw)
    if not found:
        found, how = _under_named_dir(ctx, doc, _norm(raw))
    if found:
        ctx.verify(claim, found, [], f"{_norm(raw)} exists ({how})", area=claim.area or "structure")
        return
    if not ctx.facts.files and not ctx.facts.repo:
        return
    if locally_made(ctx, doc, _norm(raw)):
        return  # ignored by git, created by the document itself, or named by the reader
    if _elsewhere(ctx, doc, claim, _norm(raw)):
        return
    close = closest(ctx, raw)
    msg = f"The doc names `{_norm(raw)}`, which does not exist in the repository"
    msg += f"; the closest real path is `{close}`." if close else "."
    doc_dir = posixpath.dirname(doc.path)
    if close and doc_dir and re.search(r"\]\(\s*<?" + re.escape(raw.strip()), claim.text or "") and not raw.strip().startswith("/"):
        close = posixpath.relpath(close, doc_dir)  # a Markdown link resolves from the document's folder
        msg = msg.rstrip(".") + f" (`{close}` from this document)."
    from ...model import Evidence

    yield ctx.finding(rule, SEVERITY, claim.area or "structure", claim=claim, field_name="path", actual=close,
                      evidence=[Evidence(close, 0, "closest existing path")] if close else [],
                      message=msg, fix=f"change `{_norm(raw)}` to `{close}`" if close else None)


def _under_named_dir(ctx: Context, doc: DocView, path: str) -> tuple[str | None, str]:
    """"Translations are in `modules/web/i18n/` ... edit `i18n/ja/messages.ja.xlf`": a path the document names
    relative to a directory it named before (or to that directory's parent)."""
    if not path or path.startswith(".."):
        return None, ""
    dirs = doc.__dict__.get("_named_dirs")
    if dirs is None:
        dirs = []
        for c in doc.claims:
            if c.field == "path":
                d = _norm(str(c.value or "")).rstrip("/")
                if d and "/" in d and ctx.exists(d) == "dir":
                    dirs.append(d)
        dirs = doc.__dict__["_named_dirs"] = list(dict.fromkeys(dirs))
    for d in dirs:
        for base in (d, posixpath.dirname(d)):
            cand = posixpath.normpath(posixpath.join(base, path)) if base else path
            if ctx.exists(cand):
                return cand, f"relative to {base}/, which the document names"
    return None, ""


def _helm_repos(ctx: Context) -> set[str]:
    """Chart repository aliases the documents add (`helm repo add traefik https://...`)."""
    cached = ctx.__dict__.get("_doc_helm_repos")
    if cached is None:
        cached = set()
        for d in ctx.docs:
            for line in d.lines:
                cached.update(m.group(1) for m in re.finditer(r"\bhelm\s+repo\s+add\s+(?:--?\S+\s+)*([\w.-]+)", line))
        ctx.__dict__["_doc_helm_repos"] = cached
    return cached


_HELM_CHART_CMD = re.compile(r"\bhelm\s+(install|upgrade|template|pull|fetch|show|inspect|dependency|search)\b")


def _elsewhere(ctx: Context, doc: DocView, claim: Claim, path: str) -> bool:
    """Names that are not this repository's paths although they look like one: a published chart
    (`traefik/traefik` after `helm repo add traefik`), the values file of a published-chart install (the reader
    writes it), the text of a link into another repository, a path with an all-caps metavariable."""
    text = claim.text or ""
    parts = path.rstrip("/").split("/")
    if _HELM_CHART_CMD.search(text):
        if len(parts) == 2 and parts[0] in _helm_repos(ctx) and re.search(r"(?<![\w./-])" + re.escape(path) + r"(?![\w./-])",
                                                                          text):
            return True  # `helm install traefik traefik/traefik`
        published = (re.search(r"--repo\b|oci://", text)
                     or any(re.search(r"(?<![\w./-])" + re.escape(a) + r"/[\w.-]+", text) for a in _helm_repos(ctx)))
        if published and re.search(r"(?:-f|--values)[\s=]+['\"]?(?:\./)?" + re.escape(path) + r"(?![\w./-])", text):
            return True  # `helm install --repo https://... -f mysql.values.yaml`: the reader's own values file
    if ("/" not in path and re.search(r"\.(ya?ml|json)$", path)
            and re.search(r"\bkubectl\s+(?:\S+\s+)*?(apply|create|delete|replace)\b.*\s-f\s*['\"]?" + re.escape(path), text)
            and _yaml_block_before(doc, claim)):
        return True  # a tutorial shows a manifest, then `kubectl apply -f nginx.yaml`: the reader saved it
    esc = re.escape(path)
    if re.search(r"\[`?(?:\./)?" + esc + r"/?`?\]\((?:https?:)?//", text):
        return True  # `[docs/design.md](https://github.com/other/repo/...)`: a file of the linked repository
    if "/" not in path and re.search(r"\[[^\]]*\b(?:repo|repository)\b[^\]]*\]", text, re.I):
        return True  # "the `application.yml` of the [Configuration repository]": a file of another repository
    if re.fullmatch(r"[a-z]+/", path) and "`" + path not in text and "](" not in text:
        return True  # "a short summary/ details page": a slash in running text, not a directory
    for part in parts:
        for word in re.findall(r"(?<![A-Za-z])[A-Z][A-Z0-9]{3,}(?![A-Za-z])", part):
            if word not in _CAPS_FILES and re.search(r"[a-z]", part):
                return True  # `tests/TESTNAME_test.yaml`
    return False


def _yaml_block_before(doc: DocView, claim: Claim) -> bool:
    """The document shows a YAML manifest (a block with `kind:`) above the claim's line."""
    line = claim.doc.line if claim.doc else 0
    for block in getattr(doc.document, "blocks", None) or []:
        end = int(getattr(block, "end_line", 0) or 0)
        lang = str(getattr(block, "lang", "") or "")
        if 0 < end < line and (lang in ("yaml", "yml", "") or "yaml" in lang):
            body = "\n".join(doc.lines[int(getattr(block, "fence_line", end)):end])
            if re.search(r"^\s*kind:\s*\w", body, re.M):
                return True
    return False


def _tree(ctx: Context, doc: DocView, claim: Claim) -> Iterator[Finding]:
    entries = claim.value if isinstance(claim.value, list) else []
    entries = [e for e in entries if isinstance(e, dict) and isinstance(e.get("path"), str)]
    if not entries:
        return
    raw_root = str((claim.extra or {}).get("root") or "").strip()
    if raw_root.startswith(("/", "~", "$")) or "://" in raw_root:
        return  # a tree of some other file system (a volume, a bucket), not of the repository
    root = _norm(raw_root).rstrip("/")
    bases = [""]
    if root and not skippable(root):
        bases = [root]
        rb = root.rsplit("/", 1)[-1]
        bases += sorted(d for d in ctx.dirs if d.rsplit("/", 1)[-1] == rb and d != root)
        bases += [""]
    bases += [c.path for c in ctx.facts.charts] + [posixpath.dirname(doc.path)]
    checkable = [e for e in entries if not skippable(_norm(e["path"]))]
    if not checkable:
        return

    def rel(base: str, entry: str) -> str:
        e = _norm(entry)
        if root and (e == root or e.startswith(root + "/")) and base != root:
            e = e[len(root):].lstrip("/")
            return posixpath.join(base, e) if base else e
        if root and base == root and (e == root or e.startswith(root + "/")):
            return e
        return posixpath.join(base, e) if base else e

    best_base, best_hits = bases[0], -1
    for base in dict.fromkeys(bases):
        hits = sum(1 for e in checkable if ctx.exists(rel(base, e["path"])))
        if hits > best_hits:
            best_base, best_hits = base, hits
    if best_hits == 0 and len(checkable) > 1:
        if root and not ctx.exists(root) and not any(d.rsplit("/", 1)[-1] == root.rsplit("/", 1)[-1]
                                                      for d in ctx.dirs):
            close = closest(ctx, root + "/")
            from ...model import Evidence

            yield ctx.finding(ID, SEVERITY, "structure", claim=claim, field_name="path", doc_value=root + "/",
                              actual=close, evidence=[Evidence(close, 0, "closest existing path")] if close else [],
                              message=f"The doc's tree shows `{root}/`, which does not exist in the repository, "
                                      f"nor does any entry under it" + (f"; closest: `{close}`." if close else "."),
                              key=f"tree:{root}")
        return  # nothing of the tree exists: it describes something else (an image, a volume, a bucket)
    for entry in checkable:
        line = int(entry.get("line") or claim.doc.line)
        ref = DocRef(claim.doc.path, line, line, claim.doc.section)
        text = doc.line_text(line)
        name = entry["path"].rstrip("/").rsplit("/", 1)[-1]
        idx = text.find(name) if name else -1
        span = (idx, idx + len(name)) if idx >= 0 else None
        sub = Claim(ref, "tree", claim.area or "structure", claim.subject, "path", entry["path"], text, span,
                    {"kind": "dir" if entry["path"].endswith("/") else "file", "tree_root": best_base})
        target = rel(best_base, entry["path"])
        if ctx.exists(target):
            ctx.verify(sub, target, [], f"tree entry {target} exists", area="structure")
            continue
        close = closest(ctx, target)
        msg = f"The doc's tree lists `{target}`, which does not exist"
        msg += f"; the closest real path is `{close}`." if close else "."
        from ...model import Evidence

        yield ctx.finding(ID, SEVERITY, "structure", claim=sub, field_name="path", doc_value=entry["path"],
                          actual=close, evidence=[Evidence(close, 0, "closest existing path")] if close else [],
                          message=msg, fix=f"rename to `{close.rsplit('/', 1)[-1]}` or drop the entry" if close else
                          "drop the entry", key=target)


def _workflow(ctx: Context, doc: DocView, claim: Claim) -> Iterator[Finding]:
    value = _norm(str(claim.value or ""))
    if not value or skippable(value):
        return
    flows = ctx.facts.workflows
    if "/" in value or value.endswith((".yml", ".yaml")):
        found, _how = resolve(ctx, doc.path, value)
        if found is None and "/" not in value:
            found, _how = resolve(ctx, doc.path, f".github/workflows/{value}")
        if found:
            ctx.verify(claim, found, [], f"workflow {found} exists", area="automation")
            return
        close = closest(ctx, value if "/" in value else f".github/workflows/{value}")
        yield ctx.finding(ID, SEVERITY, "automation", claim=claim, field_name="workflow", actual=close,
                          message=f"The doc names workflow `{value}`, which does not exist"
                                  + (f"; did you mean `{close}`?" if close else "."))
        return
    names = {(w.name or "").lower(): w for w in flows}
    if not flows:
        return
    if value.lower() in names or any(os.path.basename(w.path).rsplit(".", 1)[0] == value for w in flows):
        ctx.verify(claim, value, [], f"workflow {value} exists", area="automation")
        return
    yield ctx.finding(ID, SEVERITY, "automation", claim=claim, field_name="workflow",
                      actual=sorted(w.name or w.path for w in flows),
                      message=f"The doc names CI workflow '{value}'; the repository's workflows are "
                              f"{', '.join(sorted(w.name or w.path for w in flows))}.")
