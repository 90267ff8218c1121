"""Generated-section markers: `<!-- k8sfix:begin NAME sha256=XXXXXXXX -->` ... `<!-- k8sfix:end NAME -->`.

The checksum is the first 8 hex digits of the SHA-256 of the body between the markers as it was
generated (line endings normalised to LF). A body whose checksum no longer matches was edited by
hand; one whose content differs from what the facts generate today is stale. `stale_sections()`
reports both so drift or the engine can turn them into findings.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from ..model import Facts, Finding
from .docview import DocView

BEGIN_RE = re.compile(r"^\s*<!--\s*k8sfix:begin\s+([A-Za-z0-9_.:/-]+)(?:\s+sha256=([0-9a-fA-F]+))?\s*-->\s*$")
END_RE = re.compile(r"^\s*<!--\s*k8sfix:end\s+([A-Za-z0-9_.:/-]+)\s*-->\s*$")


def checksum(body: str) -> str:
    """First 8 hex digits of SHA-256 of `body` with CRLF normalised to LF."""
    return hashlib.sha256(body.replace("\r\n", "\n").encode("utf-8")).hexdigest()[:8]


def wrap(name: str, body: str) -> str:
    """Wrap generated `body` (ending in a newline) in begin/end markers carrying its checksum."""
    if body and not body.endswith("\n"):
        body += "\n"
    return f"<!-- k8sfix:begin {name} sha256={checksum(body)} -->\n{body}<!-- k8sfix:end {name} -->\n"


@dataclass
class MarkedSection:
    """A generated section found in a document. Lines are 1-based: `begin`/`end` are the marker lines."""

    name: str
    begin: int
    end: int
    recorded: str | None  # checksum written in the begin marker
    body: str  # text between the markers, as in the file

    @property
    def hand_edited(self) -> bool:
        return self.recorded is not None and checksum(self.body) != self.recorded.lower()


@dataclass
class StaleSection:
    """A generated section whose content no longer matches what the facts generate."""

    name: str
    path: str
    begin: int
    end: int
    hand_edited: bool
    current: str
    expected: str

    @property
    def message(self) -> str:
        why = " (and it was edited by hand since generation)" if self.hand_edited else ""
        return f"generated section '{self.name}' no longer matches the repository{why}"

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": self.path,
            "begin": self.begin,
            "end": self.end,
            "hand_edited": self.hand_edited,
        }


def find_sections(document: Any) -> list[MarkedSection]:
    """Every well-formed begin/end pair in the document (unmatched markers are ignored)."""
    view = DocView.of(document)
    out: list[MarkedSection] = []
    open_: tuple[str, int, str | None] | None = None
    for n in range(1, len(view.lines) + 1):
        text = view.line(n)
        if view.fence_at(n) is not None:
            continue
        m = BEGIN_RE.match(text)
        if m:
            open_ = (m.group(1), n, m.group(2))
            continue
        m = END_RE.match(text)
        if m and open_ and m.group(1) == open_[0]:
            name, begin, recorded = open_
            out.append(MarkedSection(name, begin, n, recorded, view.chunk(begin + 1, n - 1)))
            open_ = None
    return out


def stale_sections(document: Any, facts: Facts) -> list[StaleSection]:
    """Generated sections whose body differs from what `content.generate(name, facts)` gives now.

    Sections with an unknown NAME are skipped (they were written by another tool version).
    """
    from .content import GENERATORS, generate

    view = DocView.of(document)
    aligned = view.aligned_tables()
    out: list[StaleSection] = []
    for sec in find_sections(view):
        if sec.name not in GENERATORS:
            continue
        expected = generate(sec.name, facts, aligned=aligned)
        if expected.replace("\r\n", "\n") != sec.body.replace("\r\n", "\n"):
            out.append(StaleSection(sec.name, view.path, sec.begin, sec.end, sec.hand_edited, sec.body, expected))
    return out


def stale_id(path: str, name: str, begin: int) -> str:
    """The id of the finding for a stale generated section (shared by markers and the generators)."""
    return f"stale:{path}:{name}:{begin}"


def stale_findings(document: Any, facts: Facts) -> list[Finding]:
    """`stale_sections()` as value-mismatch findings (id `stale:<doc>:<name>`), for drift or the engine."""
    from ..model import DocRef, Evidence

    view = DocView.of(document)
    out = []
    for sec in stale_sections(view, facts):
        head = view.section_at(sec.begin)
        out.append(Finding(
            id=stale_id(view.path, sec.name, sec.begin),
            rule="value-mismatch",
            severity="warning" if sec.hand_edited else "error",
            area=_AREA_OF.get(sec.name, "structure"),
            doc=DocRef(view.path, sec.begin, sec.end, head.title if head else ""),
            subject=sec.name,
            field="generated-section",
            doc_value=checksum(sec.current),
            actual_value=checksum(sec.expected),
            evidence=[Evidence(view.path, sec.begin, "generated by k8sfix; the repository changed since")],
            message=sec.message,
            fix=f"regenerate the '{sec.name}' section",
        ))
    return out


_AREA_OF = {
    "workloads": "workloads", "resources": "resources", "exposure": "exposure", "storage": "storage",
    "probes": "probes", "config": "config", "autoscaling": "autoscaling", "chart": "helm",
    "network-policies": "networking", "monitoring": "monitoring",
    "make-targets": "automation", "minikube": "minikube", "deploy-commands": "automation",
    "troubleshooting": "workloads", "rollout": "automation",
}
