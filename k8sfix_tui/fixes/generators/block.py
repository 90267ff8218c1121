"""Replace a YAML snippet that describes an object with a trimmed excerpt of the real object.

Handles findings on `yaml-object` claims (the snippet as a whole differs from the repository) and
`invalid-snippet` findings whose snippet names an object the repository defines (by kind and
name, or by a `# path/to/file.yaml` comment). The excerpt keeps the keys the document showed,
with the real values, under a `# Source: <file>` comment. A snippet holding a value drift only
notes (info: right for another route, e.g. an overlay) is never replaced.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ...model import Facts, Finding, Fix
from ..docview import DocView
from ..excerpt import excerpt, find_object
from .common import claim_lines, is_note, make_fix

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KIND_RE = re.compile(r"^\s*kind:\s*['\"]?([A-Za-z]+)", re.M)
_NAME_RE = re.compile(r"^\s{2}name:\s*['\"]?([A-Za-z0-9.-]+)", re.M)
_COMMENT_RE = re.compile(r"^\s*#\s*(?:source:\s*)?(\S+\.ya?ml)\s*$", re.I)


def handles(finding: Finding) -> bool:
    claim = finding.claim
    if claim is None or is_note(finding):
        return False
    if finding.rule == "invalid-snippet":
        return True
    return finding.rule == "value-mismatch" and claim.field == "yaml-object"


def _target(finding: Finding, facts: Facts, body_text: str) -> Any:
    claim = finding.claim
    value = claim.value if isinstance(claim.value, dict) else {}
    kind = value.get("kind") if isinstance(value.get("kind"), str) else None
    meta = value.get("metadata") if isinstance(value.get("metadata"), dict) else {}
    name = meta.get("name") if isinstance(meta.get("name"), str) else None
    if kind is None:
        m = _KIND_RE.search(body_text)
        kind = m.group(1) if m else None
    if name is None:
        m = _NAME_RE.search(body_text)
        name = m.group(1) if m else None
    path = claim.extra.get("path_comment") if isinstance(claim.extra.get("path_comment"), str) else None
    if path is None:
        for ev in finding.evidence:
            if ev.path.endswith((".yaml", ".yml")):
                path = ev.path
                break
    return find_object(facts.objects, kind, name, path), (value if value else None)


def _parses(text: str) -> bool:
    try:
        list(yaml.load_all(text, Loader=_Loader))
    except yaml.YAMLError:
        return False
    return True


def repair_indentation(text: str) -> str | None:
    """Fix YAML that fails only because lines are misindented: align each bad line with a sibling.

    Tries, line by line from the error, the indentation of the previous non-blank line (a sibling
    key) and of its children; returns the repaired text or None when that does not make it parse.
    """
    if _parses(text):
        return None
    lines = text.splitlines(keepends=True)
    for _ in range(len(lines)):
        try:
            list(yaml.load_all("".join(lines), Loader=_Loader))
            return "".join(lines)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            if mark is None:
                return None
            bad = mark.line
        fixed = False
        for n in (bad, bad - 1):
            if not (0 <= n < len(lines)) or not lines[n].strip():
                continue
            prev = next((lines[k] for k in range(n - 1, -1, -1) if lines[k].strip()), None)
            if prev is None:
                continue
            cur_indent = len(lines[n]) - len(lines[n].lstrip(" "))
            prev_indent = len(prev) - len(prev.lstrip(" "))
            for indent in (prev_indent, prev_indent + 2, max(prev_indent - 2, 0)):
                if indent == cur_indent:
                    continue
                trial = lines[:n] + [" " * indent + lines[n].lstrip(" ")] + lines[n + 1:]
                head = "".join(trial[: n + 1])
                if _parses(head) or _parses("".join(trial)):
                    lines = trial
                    fixed = True
                    break
            if fixed:
                break
        if not fixed:
            return None
    return "".join(lines) if _parses("".join(lines)) else None


_SECRET_LINE = re.compile(r"^(\s*(?:-\s+)?[\w.-]*(?:pass(?:word|wd)?|secret|token|api[-_]?key|apikey|"
                          r"private[-_]?key|credential)[\w.-]*\s*:\s+)(?![<{*$])(\S.*?)\s*$", re.I)


def mask_secret_values(text: str) -> str:
    """Replace literal values of secret-looking YAML keys with `<redacted>` (references stay)."""
    out = []
    for line in text.splitlines(keepends=True):
        ending = line[len(line.rstrip("\r\n")):]
        m = _SECRET_LINE.match(line.rstrip("\r\n"))
        if m and m.group(2) not in ("|", ">", "''", '""'):
            line = m.group(1) + "<redacted>" + ending
        out.append(line)
    return "".join(out)


def generate(findings: list[Finding], facts: Facts, view: DocView) -> list[Fix]:
    by_range: dict[tuple[int, int], list[Finding]] = {}
    for f in findings:
        if not handles(f):
            continue
        rng = claim_lines(f)
        if rng is None:
            continue
        fence = view.fence_at(rng[0])
        if fence is None or fence.lang not in ("yaml", "yml", ""):
            continue
        start = max(rng[0], fence.start + 1)
        end = min(rng[1], fence.end - 1) if fence.end > fence.start else rng[1]
        if f.rule == "invalid-snippet" or start == fence.start:
            start, end = fence.start + 1, fence.end - 1
        if end < start:
            continue
        by_range.setdefault((start, end), []).append(f)
    # lines where drift noted a value that is right for another route (an overlay, a profile): a snippet
    # holding one shows that route's object, and an excerpt of the primary object would make it wrong
    noted = {n for f in findings if is_note(f) and claim_lines(f) is not None
             for n in range(claim_lines(f)[0], claim_lines(f)[1] + 1)}
    fixes = []
    for (start, end), group in sorted(by_range.items()):
        if any(start <= n <= end for n in noted):
            continue
        body_text = view.chunk(start, end)
        obj, shape = _target(group[0], facts, body_text)
        if obj is None:
            if group[0].rule == "invalid-snippet":
                repaired = repair_indentation(body_text)
                if repaired is not None:
                    masked = mask_secret_values(repaired)
                    why = "snippet does not parse: re-indented the misaligned line(s) so it is valid YAML"
                    if masked != repaired:
                        why += "; masked a secret value"
                    fixes.append(make_fix(view, "replace-block", start, end, masked, why, [f.id for f in group]))
            continue
        # a `# path/file.yaml` comment right above (inside the fence) is replaced too
        fence = view.fence_at(start)
        if fence is not None and start - 1 > fence.start and _COMMENT_RE.match(view.line(start - 1)):
            start -= 1
        lines = excerpt(obj, shape=shape if group[0].rule != "invalid-snippet" else None)
        if view.chunk(start, end).replace("\r\n", "\n") == lines:
            continue
        why = ("snippet does not parse" if group[0].rule == "invalid-snippet" else "snippet differs from the repository")
        fixes.append(make_fix(view, "replace-block", start, end, lines,
                              f"{why}: replaced by an excerpt of {obj.kind}/{obj.name} from {obj.source.path}",
                              [f.id for f in group]))
    return fixes
