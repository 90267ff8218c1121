"""invalid-snippet: a code block in the document does not parse.

The claim extractor records a `snippet` claim for every YAML/JSON block that fails to parse (Helm
template excerpts with `{{ }}` are not parse errors). A reader who copies it gets an error.

Severity: error.

Wrong:

    ```yaml
    spec:
      replicas: 2
        template:
    ```

Right: a block that parses (`yaml.safe_load` accepts it), indented consistently.
"""

from __future__ import annotations

import re
from typing import Iterator

from ...model import DocRef, Finding
from ..context import Context

ID = "invalid-snippet"
SEVERITY = "error"


_SHELL = re.compile(r"^\s*(\$\s+|#!|(sudo\s+)?(kubectl|helm|curl|wget|cat|echo|docker|podman|export|git|make|minikube|kind|"
                    r"cd|oc|kustomize|envsubst|jq|yq|sed|awk|bash|sh|source|printf|for|if|while)\s)")


def _heredoc_first(doc, claim) -> bool:
    """A block labelled yaml that starts with `kubectl apply -f - <<EOF`: a shell command with YAML inside."""
    for n in range(claim.doc.line + 1, min(claim.doc.line + 6, len(doc.lines) + 1)):
        text = doc.line_text(n)
        if text.strip():
            return "<<" in text and bool(_SHELL.match(text))
    return False


def _shell_first(doc, claim) -> bool:
    """The first line is a command, or a fence (a fenced block indented inside a tab/admonition that Markdown
    read as an indented code block)."""
    if re.match(r"^( {4,}|\t)(```|~~~)", doc.line_text(claim.doc.line)):
        return True
    for n in range(claim.doc.line + 1, min(claim.doc.line + 6, len(doc.lines) + 1)):
        text = doc.line_text(n)
        if text.strip():
            return bool(_SHELL.match(text)) or text.strip().startswith(("```", "~~~"))
    return False


def check(ctx: Context) -> Iterator[Finding]:
    for doc in ctx.docs:
        for claim in doc.claims:
            if claim.field != "snippet":
                continue
            extra = claim.extra or {}
            if extra.get("template") or extra.get("elided") or "undefined alias" in str(extra.get("error") or ""):
                continue  # Helm templates, excerpts with `...` elisions, `field: *int32` type notation
            if (not extra.get("lang") or _heredoc_first(doc, claim)) and _shell_first(doc, claim):
                continue  # an unlabelled block that starts with a command (`kubectl apply -f - <<EOF`) is shell
            error = str(extra.get("error") or "does not parse").splitlines()[0][:300]
            line = extra.get("error_line")
            ref = claim.doc
            if isinstance(line, int) and line > 0:
                end = int(extra.get("end_line") or claim.doc.end_line or line)
                ref = DocRef(claim.doc.path, line, max(end, line), claim.doc.section)
            lang = str(claim.value or "code")
            where = f" at line {line}" if isinstance(line, int) and line > 0 else ""
            yield ctx.finding(ID, SEVERITY, claim.area or "structure", claim=claim, doc=ref, field_name="snippet",
                              doc_value=lang, actual=error,
                              message=f"The {lang} block starting at line {claim.doc.line} does not parse{where}: "
                                      f"{error}",
                              fix="fix the block so it parses")
