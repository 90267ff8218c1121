"""Minimal in-place value fixes: replace just the wrong value inside its line.

Handles value-mismatch, wrong-path, wrong-command and placeholder findings whose repository value
is a scalar: a replica count inside a sentence, a path in a comment, an image tag in a YAML
snippet, a `--set` key in a command, a table cell. Uses `claim.span` when it still points at the
claimed value, else finds the claimed value in the claim's lines. Several findings on one line
become one fix (their spans never overlap).

Info-level findings are notes (`common.is_note`): the document's value is real for another route
(an overlay, a profile), so it is never replaced. A wrong chart default edits the Default/Value cell
of its row (`defaults.default_edit`), never the key.
"""

from __future__ import annotations

import re

from ...model import Facts, Finding, Fix
from ..docview import DocView
from .common import claim_lines, is_note, make_fix, value_text
from .defaults import default_edit, is_default_mismatch

RULES = ("value-mismatch", "wrong-path", "wrong-command", "placeholder")


def handles(finding: Finding) -> bool:
    if finding.rule not in RULES or is_note(finding):
        return False
    if finding.claim is not None and finding.claim.field in ("yaml-object", "values-excerpt", "chart-yaml", "tree",
                                                             "generated-section"):
        return False
    return claim_lines(finding) is not None


def closest(old: str, candidates: list[object]) -> str | None:
    """The one candidate clearly closest to what the document wrote (a typo, a renamed key), else None."""
    import difflib

    values = [str(c) for c in candidates if isinstance(c, (str, int, float)) and not isinstance(c, bool)]
    if not values or not old:
        return None
    scored = sorted(((difflib.SequenceMatcher(None, old, v).ratio(), v) for v in set(values)), reverse=True)
    best = scored[0]
    if best[0] < 0.6 or (len(scored) > 1 and scored[1][0] > best[0] - 0.1):
        return None
    return best[1]


_PLACEHOLDER_FIELDS = ("namespace", "release")


def placeholder_value(text: str, facts: Facts, line: str = "") -> str | None:
    """A real value for a `<your-namespace>`-style placeholder: the one the repository's own helm
    commands use (those with the same action as the document's command line first)."""
    low = text.lower()
    if re.fullmatch(r"<?your[-_](org|organi[sz]ation|user|username|account)>?", low) and "github.com/" in line:
        # a GitHub owner: the one the repository's own ghcr.io images are published under
        owners = {c.image.split("/")[1] for w in facts.workloads for c in w.containers + w.init_containers
                  if c.image.startswith("ghcr.io/") and c.image.count("/") >= 2}
        return owners.pop() if len(owners) == 1 else None
    attr = "namespace" if "namespace" in low else "release" if "release" in low else None
    if attr is None:
        return None
    m = re.search(r"\bhelm\s+(install|upgrade|template)\b", line)
    pools = [[h for h in facts.helm_invocations if m and h.action == m.group(1)], facts.helm_invocations]
    for pool in pools:
        values = {getattr(h, attr) for h in pool if getattr(h, attr) and "$" not in getattr(h, attr)}
        if len(values) == 1:
            return values.pop()
    return None


def _closer_sibling(old: str, suggested: str, facts: Facts) -> str | None:
    """A file next to `suggested` whose name is clearly closer to what the document wrote
    (`values-prod.yaml` -> `values-production.yaml`, not `values.yaml`); None to keep the suggestion."""
    import difflib
    import posixpath

    folder, name = posixpath.split(suggested.rstrip("/"))
    want = posixpath.basename(old.rstrip("/"))
    ext = posixpath.splitext(name)[1]
    if not ext or not want:
        return None
    siblings = [f for f in facts.files if posixpath.dirname(f) == folder and f.endswith(ext)]
    stem = posixpath.splitext(want)[0]

    def key(f: str) -> tuple[int, float]:
        other = posixpath.splitext(posixpath.basename(f))[0]
        prefix = len(posixpath.commonprefix([stem, other]))
        return prefix, difflib.SequenceMatcher(None, stem, other).ratio()

    score = {f: key(f) for f in siblings}
    if suggested not in score:
        return None
    best = max(score, key=lambda f: (score[f], f))
    # clearly closer: a longer shared prefix (values-prod -> values-production) and no worse similarity
    if best != suggested and score[best][0] > score[suggested][0] + 2 and score[best][1] >= score[suggested][1] - 0.1:
        prefix = old[: len(old) - len(want)] if old.endswith(want) else ""
        return (prefix + posixpath.basename(best)) if "/" not in old else posixpath.join(posixpath.dirname(old), posixpath.basename(best))
    return None


def guess_path(old: str, line: str, facts: Facts) -> str | None:
    """For a directory that does not exist (`k8s/environments/`), the sibling directory whose
    children the same line names (`dev`, `staging`, `prod` -> `k8s/overlays/`), when exactly one fits."""
    path = old.strip().rstrip("/").removeprefix("./")
    if not path or "." in path.rsplit("/", 1)[-1]:
        return None
    parent = path.rsplit("/", 1)[0] if "/" in path else ""
    words = set(re.findall(r"[A-Za-z0-9_.-]+", line)) - set(path.split("/"))
    children: dict[str, set[str]] = {}
    for f in facts.files:
        if parent and not f.startswith(parent + "/"):
            continue
        rest = f[len(parent) + 1:] if parent else f
        parts = rest.split("/")
        if len(parts) >= 3:
            children.setdefault(parts[0], set()).add(parts[1])
    scored = sorted(((len(kids & words), d) for d, kids in children.items()), reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    best = (parent + "/" if parent else "") + scored[0][1]
    return best + "/" if old.endswith("/") else best


def _new_value(f: Finding, facts: Facts, line: str = "") -> tuple[str | None, str]:
    """(value to write, note for the rationale)."""
    new = value_text(f.actual_value)
    if new is not None and f.rule == "wrong-path" and isinstance(f.doc_value, str):
        better = _closer_sibling(f.doc_value, new, facts)
        if better is not None:
            return better, " (the closest file name in that directory)"
    if new is not None:
        return new, ""
    if isinstance(f.actual_value, (list, tuple)) and isinstance(f.doc_value, (str, int)):
        # candidates the line already names are taken ("… at `www.x` and the API at `api.x`")
        free = [c for c in f.actual_value if not re.search(r"(?<![\w.-])" + re.escape(str(c)) + r"(?![\w-])", line)]
        pick = closest(str(f.doc_value), free or list(f.actual_value))
        if pick is not None:
            return pick, f" (closest of {len(f.actual_value)} real values)"
    if f.rule == "wrong-path" and f.actual_value in (None, "") and isinstance(f.doc_value, str):
        pick = guess_path(f.doc_value, line, facts)
        if pick is not None:
            return pick, " (the sibling directory holding what the line names)"
    if f.rule == "placeholder" and f.actual_value in (None, "") and isinstance(f.doc_value, str):
        pick = placeholder_value(f.doc_value, facts, line)
        if pick is not None:
            why = (" (the GitHub owner of the repository's ghcr.io images)" if "github.com/" in line
                   else " (the only value the repository's helm commands use)")
            return pick, why
    return None, ""


def _locate(view: DocView, finding: Finding) -> tuple[int, int, int] | None:
    """(line, start_col, end_col) of the claimed value in the document, or None."""
    claim = finding.claim
    rng = claim_lines(finding)
    if rng is None:
        return None
    first, last = rng
    wanted = str(claim.value if claim is not None and isinstance(claim.value, (str, int, float)) else finding.doc_value)
    if claim is not None and claim.span and 0 <= claim.span[0] < claim.span[1]:
        text = view.line(first)
        start, end = claim.span
        if end <= len(text) and (not wanted or text[start:end].strip("`'\"") == wanted.strip("`'\"")
                                 or text[start:end] == str(finding.doc_value)):
            return first, start, end
    if not wanted:
        return None
    pattern = re.compile(r"(?<![\w.-])" + re.escape(wanted) + r"(?![\w-]|\.\w)")
    for n in range(first, min(last, len(view.lines)) + 1):
        m = pattern.search(view.line(n))
        if m:
            return n, m.start(), m.end()
    for n in range(first, min(last, len(view.lines)) + 1):
        col = view.line(n).find(wanted)
        if col >= 0:
            return n, col, col + len(wanted)
    return None


_UNIT = re.compile(r"^(\d+(?:\.\d+)?)\s?(s|sec|seconds?|%|ms)$")


def keep_style(old: str, new: str) -> str:
    """Write `new` the way the document wrote `old`: a unit suffix ("30s", "80%") is kept for a bare number."""
    if old.endswith("/") and not new.endswith("/") and "/" in new and "." not in new.rsplit("/", 1)[-1]:
        return new + "/"  # a directory written with its trailing slash
    if "/" not in old and "/" in new.rstrip("/") and "." in old and "." in new.rsplit("/", 1)[-1]:
        return new.rsplit("/", 1)[-1]  # the document names files relative to their directory
    m = _UNIT.match(old.strip())
    if m and re.fullmatch(r"\d+(?:\.\d+)?", new):
        return new + old.strip()[len(m.group(1)):]
    return new


def _drop_phrase(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Columns to delete so a value the repository does not have disappears from a sentence:
    "on `/healthz` port 9090" -> "on port 9090"; "checks `/healthz`." -> "checks."."""
    a, b = start, end
    if a > 0 and b < len(text) and text[a - 1] == "`" and text[b] == "`":
        a, b = a - 1, b + 1
    after = text[b:]
    if after.startswith(" ") and re.match(r" [A-Za-z0-9`]", after):
        return a, b + 1
    m = re.search(r" (?:on|at|with|in|to) $", text[:a])
    if m:
        return m.start(), b
    return (a - 1, b) if a > 0 and text[a - 1] == " " else (a, b)


def _article(before: str, new: str) -> str:
    """Keep "a"/"an" in agreement with the new word ("an httpGet" -> "a grpc")."""
    m = re.search(r"(?:^|\s)([Aa]n?) $", before)
    if not m or not new[:1].isalpha():
        return before
    want = "an" if new[:1].lower() in "aeiou" else "a"
    word = want if m.group(1)[0] == "a" else want.capitalize()
    return before[: m.start(1)] + word + " "


def _rationale(f: Finding, new: str, note: str = "") -> str:
    what = " ".join(x for x in (f.subject, f.field) if x) or (f.rule or "value")
    ev = f" ({f.evidence[0].path}:{f.evidence[0].line})" if f.evidence and f.evidence[0].line else ""
    if f.rule == "placeholder":
        return f"replace placeholder {f.doc_value!s} with {new}{ev}{note}"
    if note:  # a guess among candidates: say so
        return f"{what}: document says {f.doc_value!s}, which the repository does not have; {new}{note}{ev}"
    return f"{what}: document says {f.doc_value!s}, repository has {new}{ev}"


def generate(findings: list[Finding], facts: Facts, view: DocView) -> list[Fix]:
    edits: dict[int, list[tuple[int, int, str, Finding]]] = {}
    notes: dict[str, str] = {}
    for f in findings:
        if not handles(f):
            continue
        if f.rule == "value-mismatch" and f.actual_value is None and re.fullmatch(
                r"probe\.\w+\.path|ingress-path", f.field or ""):
            where = _locate(view, f)
            if where is not None and view.fence_at(where[0]) is None:
                cut = _drop_phrase(view.line(where[0]), where[1], where[2])
                if cut is not None:
                    edits.setdefault(where[0], []).append((cut[0], cut[1], "", f))
                    notes[f.id] = " (the repository's object has none)"
            continue
        if is_default_mismatch(f):  # a wrong default: the Default/Value cell changes, never the key
            edit = default_edit(view, f)
            if edit is not None:
                edits.setdefault(edit[0], []).append((edit[1], edit[2], edit[3], f))
                notes[f.id] = ""
            continue
        rng = claim_lines(f)
        new, notes[f.id] = _new_value(f, facts, view.line(rng[0]) if rng else "")
        where = _locate(view, f)
        if where is None or new is None:
            continue
        line, start, end = where
        old = view.line(line)[start:end]
        if f.field in ("values-key", "make-target", "configmap-key", "secret-key") and (
                re.fullmatch(r"[A-Za-z_][\w.\-\[\]]*", new) is None or not isinstance(f.actual_value, (str, list, tuple))
                or new.lower() in ("true", "false", "null", "nil", "none", "yes", "no", "on", "off")):
            continue  # a key/name was claimed; a value (`--set key=6` vs default 3, `false`) is not a key
        if "=" in old and "=" not in new:
            if f.field == "values-key":  # `--set key=value`: only the key can be wrong
                end = start + old.index("=")
            else:  # `name=value` claimed, a value given: replace only the value
                start += old.index("=") + 1
            old = view.line(line)[start:end]
        new = keep_style(old, new)
        if "port-forward" in view.line(line) and re.match(r":\d", view.line(line)[end:end + 2]):
            continue  # the LOCAL side of a port-forward mapping is the reader's choice, not a repository fact
        if ("/" in old.strip("`")) != ("/" in new) and f.field not in ("path", "script", "workflow", "command"):
            continue  # a path claimed, a name found (or the reverse): not the same kind of value
        if view.line(line)[start:end] == new:
            continue
        edits.setdefault(line, []).append((start, end, new, f))
    fixes = []
    for line, items in sorted(edits.items()):
        items.sort(key=lambda e: (e[0], e[1]))
        text = view.line(line)
        merged: list[tuple[int, int, str, list[Finding]]] = []
        for start, end, new, f in items:
            if merged and start < merged[-1][1]:
                if (start, end, new) == merged[-1][:3]:
                    merged[-1][3].append(f)
                continue  # a conflicting edit of the same characters: the first finding wins
            merged.append((start, end, new, [f]))
        out = text
        for start, end, new, _ in reversed(merged):
            before = _article(out[:start], new)
            out = before + new + out[end:]
        ending = view.lines[line - 1][len(text):]
        all_findings = [f for m in merged for f in m[3]]
        rationale = "; ".join(
            (f"{m[3][0].subject or ''} {m[3][0].field}: removed {m[3][0].doc_value!s}{notes.get(m[3][0].id, '')}".strip()
             if m[2] == "" else _rationale(m[3][0], m[2], notes.get(m[3][0].id, ""))) for m in merged)
        fixes.append(make_fix(view, "replace-value", line, line, out + ending, rationale,
                              [f.id for f in all_findings]))
    return fixes

