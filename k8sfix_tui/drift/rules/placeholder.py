"""placeholder: generic template content left in the document.

Fires for placeholder hosts and names (`example.com`, `your-org`, `yourdomain`), `TODO`/`TBD`/`FIXME`,
angle-bracket placeholders (`<your-namespace>`), "latest" given as a version, lorem ipsum and invented
e-mail addresses. Angle placeholders for values that only exist at run time in commands
(`kubectl logs <pod-name>`) are normal documentation and are not reported.

Severity: warning.

Wrong:

    The app is served at https://app.example.com in namespace `<your-namespace>`.

Right:

    The app is served at https://larkspur.local in namespace `larkspur`.
"""

from __future__ import annotations

import re
from typing import Iterator

from ...model import Finding
from ..context import Context
from ..values import clean

ID = "placeholder"
SEVERITY = "warning"

RUNTIME = re.compile(
    r"^<\s*(pod|pod[-_ ]?name|pod[-_ ]?id|node|node[-_ ]?name|node[-_ ]?ip|container|container[-_ ]?(name|id)|"
    r"external[-_ ]?ip|cluster[-_ ]?ip|ip|minikube[-_ ]?ip|job[-_ ]?name|replicaset|rs|hash|id|pid|revision|"
    r"token|timestamp|date|port|local[-_ ]?port|random|suffix|none|unknown|pending|invalid|nil)\s*>$",
    re.I,
)

# Values only the reader can supply: credentials, cloud accounts, a version to pick from a registry. The repository
# has no "real value" for them, so the angle placeholder is the right way to document them.
USER_ONLY = re.compile(
    r"(?<![a-z])(key|secret|password|passwd|pass|token|credential|cert|subscription|tenant|resource[-_ ]?group|"
    r"location|region|zone|account|project|client[-_ ]?id|app[-_ ]?id|e-?mail|user(name)?|version|ip|ip[-_ ]?address|"
    r"kubeconfig|context|path|file|dir(ectory)?|gsa|service[-_ ]?account|bucket|billing|org[-_ ]?id)(?![a-z])",
    re.I,
)
# Commands of cloud and infrastructure CLIs: their placeholders name cloud resources, not the repository's.
CLOUD_CLI = re.compile(r"(?:^|\$\(|`|[;&|]\s*)\s*(?:\$\s*)?(?:sudo\s+)?(az|aws|gcloud|gsutil|doctl|eksctl|oci|ibmcloud|linode-cli|"
                       r"terraform|azd|pulumi|scw|hcloud|vault|op|gh)\s")
# Release names Helm's own docs use by convention (`helm install my-release repo/chart`).
CONVENTIONAL = re.compile(r"^my-(release|app)$", re.I)


def _masked(claim, value: str) -> bool:
    """`arn:aws:acm:XX-XXXX-X:XXXXXXXXX:certificate/...`: a masked identifier inside a longer value."""
    return bool(re.search(r"[:@/=]" + re.escape(value) + r"|" + re.escape(value) + r"[:@/]", claim.text or ""))


def _chart_readme(ctx: Context, claim) -> bool:
    doc_dir = (claim.doc.path.rsplit("/", 1)[0] if "/" in claim.doc.path else "") if claim.doc else None
    def norm(path: str | None) -> str:
        path = (path or "").strip().rstrip("/")
        return "" if path in ("", ".") else path.removeprefix("./")

    return doc_dir is not None and any(norm(c.path) == norm(doc_dir) for c in ctx.facts.charts)


def _line_text(claim) -> str:
    return (claim.text or "").strip()


def _cloud_cli(claim) -> bool:
    return bool(CLOUD_CLI.search(_line_text(claim)))


def _helm_line(claim) -> bool:
    return bool(re.search(r"\bhelm\s+(install|upgrade|uninstall|delete|status|test|get|history|rollback)\b",
                          _line_text(claim)))


def check(ctx: Context) -> Iterator[Finding]:
    for doc in ctx.docs:
        for claim in doc.claims:
            if claim.field != "placeholder":
                continue
            value = clean(claim.value)
            if not value:
                continue
            if value.startswith("<") and (RUNTIME.match(value) or _metavariable(claim, value)
                                          or USER_ONLY.search(re.sub(r"([a-z])([A-Z])", r"\1-\2", value))
                                          or _cloud_cli(claim)):
                continue
            if value.startswith("<") and "</" + value[1:] in (claim.text or ""):
                continue  # `<walkthrough-trophy></walkthrough-trophy>`: a custom element, not a placeholder
            if (claim.extra or {}).get("kind") in ("host", "email") and _chart_readme(ctx, claim):
                continue  # a published chart's README: example.com hosts are the reader's to choose
            if value.lower().startswith("xxx") and (_metavariable(claim, value) or _masked(claim, value)):
                continue  # `XXX.affinity`: a pattern over components, not leftover text
            if CONVENTIONAL.match(value) and (_helm_line(claim) or ctx.facts.charts):
                continue
            if _repo_uses(ctx, value):
                continue  # the document is right: the repository itself uses it (a pitfall, not a doc problem)
            yield ctx.finding(ID, SEVERITY, claim.area or "structure", claim=claim, field_name="placeholder",
                              doc_value=value, actual=None,
                              message=f"Placeholder content `{value}`: replace it with this repository's real value.",
                              fix=f"replace `{value}` with the real value")


def _repo_uses(ctx: Context, value: str) -> bool:
    low = value.lower()
    if low == "latest":
        from .. import fields as F

        for obj in ctx.objects:
            for fv in F.field_values(obj.kind, obj.body, "image-tag"):
                if fv.value == "latest":
                    return True
        return False
    if low.startswith("<") or low in ("todo", "tbd", "fixme", "xxx"):
        return False
    cache = ctx.__dict__.get("_haystack")
    if cache is None:
        from .phantom_resource import Haystack

        cache = ctx.__dict__["_haystack"] = Haystack(ctx)
    return low in cache.text


def _metavariable(claim, value: str) -> bool:
    """`services/<name>/Dockerfile`, `<component>.livenessProbe`: a pattern, not a value to fill in."""
    text = claim.text or ""
    start = claim.span[0] if claim.span and text[claim.span[0]:claim.span[1]] == value else text.find(value)
    if start < 0:
        return False
    end = start + len(value)
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before in "/.-_" or after in "/.-_" or before.isalnum() or after.isalnum()
