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
    r"kubeconfig|context|path|file|dir(ectory)?|gsa|service[-_ ]?account|bucket|billing|org[-_ ]?id|cluster|"
    r"year|month|day|author|owner)(?![a-z])",
    re.I,
)
# Commands of cloud and infrastructure CLIs: their placeholders name cloud resources, not the repository's.
CLOUD_CLI = re.compile(r"(?:^|\$\(|`|[;&|]\s*)\s*(?:\$\s*)?(?:sudo\s+)?(az|aws|gcloud|gsutil|doctl|eksctl|oci|ibmcloud|linode-cli|"
                       r"terraform|azd|pulumi|scw|hcloud|vault|op|gh)\s")
# Release names Helm's own docs use by convention (`helm install my-release repo/chart`).
CONVENTIONAL = re.compile(r"^my-(release|app)$", re.I)
# Generic metavariables of a syntax description (`Format: <scheme>://<host>:<port>`, `helm install <options>`):
# the shape of a value, not a value this repository has.
GENERIC = re.compile(
    r"^<\s*(options?|flags?|args?|arguments?|command|cmd|value|values|filter|digest|sha(256)?|scheme|protocol|host|"
    r"hostname|fqdn|endpoint|registry|server|address|uuid|uid|[a-z]+[-_]uuid|url|uri|query|string|number|n|x|y|duration|size|percent(age)?|label|selector|"
    r"expression|regex|pattern|field|item|entry|tag|key[-_]?name|source|target|destination|component|"
    r"deployment/statefulset|kind|resource|resource[-_]?type|type|snip|snipped|truncated|omitted|redacted|"
    r"[a-z]+[-_]?\d)\s*>$",
    re.I,
)
VALUES_ROW = re.compile(r"^\s*\|\s*`?[a-zA-Z][\w-]*(?:\.[\w-]+|\[\d+\])+`?\s*\|")
# Words of a placeholder about a live cluster's own objects (`<Name of node where pod runs>`, `<pod_namespace>`).
RUNTIME_WORDS = re.compile(r"(?<![a-z])(pod|pods|node|nodes|container|containers)(?![a-z])", re.I)
# Keys whose value is a secret the reader supplies (`password: changeme`, `api-token: XXX`).
CREDENTIAL_KEY = re.compile(r"(password|passwd|secret|token|api[-_]?key|credential|auth)[\w-]*[\"']?\s*[:=]", re.I)


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
            if value.startswith("<") and _syntax_metavariable(claim, value):
                continue
            if VALUES_ROW.match(claim.text or ""):
                continue  # a values reference row describes what a setting becomes (`storageClassName: <storageClass>`)
            if value.startswith("<") and _reader_chosen(ctx, value):
                continue
            kind = (claim.extra or {}).get("kind")
            if kind in ("host", "email") and (_chart_readme(ctx, claim) or not _repo_hosts(ctx)):
                continue  # example.com hosts are the reader's to choose (a chart README, or a repository with no host)
            if kind in ("org", "changeme", "todo") and _user_credential(claim, value):
                continue  # `password: changeme`, `your_password`, `api-token: XXX`: the reader's own secret
            if kind in ("org", "host") and _reader_owned(ctx, claim, value):
                continue  # `your-cluster`, `your-zone`, `{{your-email}}`, `yourdomain.com` with no host in the repo
            if kind == "org" and value.lower().startswith("my"):
                continue  # `my-registry-secret`: a name the reader picks, by the usual convention of examples
            if kind == "latest" and _foreign_image(ctx, claim):
                continue  # `busybox:latest` in a helper container: not one of the repository's images
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


def _syntax_metavariable(claim, value: str) -> bool:
    """Placeholders describing a syntax or a live cluster's objects rather than a value of this repository:
    `<scheme>://<host>:<port>`, `<options>`, `<service.port>` (a values key), "where `<NAME>` is the upstream's
    name", `<Name of node in your cluster>`, `<pod_namespace>`, `<target>` element."""
    inner = value[1:-1].strip()
    text = claim.text or ""
    if GENERIC.match(value) or RUNTIME_WORDS.search(inner.replace("_", " ").replace("-", " ")):
        return True
    if re.fullmatch(r"[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+", inner):
        return True  # `<service.port>`: a values key standing for its value
    if re.search(r"(?:where|with)\s+`?" + re.escape(value) + r"`?\s+(?:is|are|stands|being)\b", text, re.I):
        return True
    if re.search(re.escape(value) + r"`?\s*(?:element|tag|attribute|node|タグ|要素)", text, re.I):
        return True
    if re.search(r">(?::|://|@|:/)<|>\s*:\s*<", text) and re.search(re.escape(value) + r"(?::|://|@)<|>(?::|://|@)"
                                                                + re.escape(value), text):
        return True  # `<host>:<port>`: a format made of placeholders
    if re.search(r"\byour\s+(own\s+)?(cluster|environment|machine|node|app|application|workload)", inner, re.I):
        return True  # `<Name of node in your cluster>`: something only the reader's cluster has
    return False


READER_WORDS = re.compile(r"(?i)^(?:your|my)[-_]?(cluster|region|zone|project|account|bucket|e-?mail|username|user|"
                          r"password|token|secret|team|env|subscription|tenant|key)")


def _reader_owned(ctx: Context, claim, value: str) -> bool:
    """Placeholders for what only the reader has (their cluster, cloud zone, e-mail...), placeholders inside a
    link target (`(#...-your-cluster)` is a heading anchor), in a cloud CLI, and `yourdomain` when the
    repository has no host of its own."""
    text = claim.text or ""
    if READER_WORDS.match(value) or _cloud_cli(claim):
        return True
    if re.search(r"\]\([^)\s]*" + re.escape(value), text):
        return True
    if re.match(r"(?i)your-?domain", value) and not _repo_hosts(ctx):
        return True
    return False


def _reader_chosen(ctx: Context, value: str) -> bool:
    """`<namespace>` when the repository fixes no namespace of its own (a chart installed wherever the reader
    wants), `<release-name>` / `<instance-name>` of a chart: values the reader picks, not drift."""
    inner = value[1:-1].strip().lower().replace("_", "-").replace(" ", "-")
    if re.fullmatch(r"(the-)?(release|instance|helm-release)(-name)?", inner):
        return bool(ctx.facts.charts)
    if re.fullmatch(r"(the-)?(target-|chart-|release-)?(namespace|ns)(-name)?", inner):
        from . import value_mismatch as VM

        return not (VM.own_namespaces(ctx) - {"default"})
    return False


def _repo_hosts(ctx: Context) -> bool:
    """Whether the repository names a concrete host of its own (an Ingress host, a hosts-file entry)."""
    cached = ctx.__dict__.get("_placeholder_hosts")
    if cached is None:
        from .. import fields as F

        hosts = {h.hostname.lower() for h in ctx.facts.hosts_entries
                 if not re.search(r"(^|/)(tests?|e2e|hack|ci)(/|$)|test", h.source.path or "")}
        for obj in ctx.objects:
            for fv in F.field_values(obj.kind, obj.body, "ingress-host"):
                if isinstance(fv.value, str):
                    hosts.add(fv.value.lower())
        cached = ctx.__dict__["_placeholder_hosts"] = {h for h in hosts if h and "example." not in h and "{" not in h}
    return bool(cached)


def _user_credential(claim, value: str) -> bool:
    """A secret only the reader has: the placeholder is itself a credential word, or the value of a
    password/token key on its line."""
    if re.search(r"(?<![a-z])(password|passwd|secret|token|api[-_]?key|credential)(?![a-z])",
                 value.replace("_", "-"), re.I):
        return True
    text = claim.text or ""
    idx = text.find(value)
    if idx > 0 and CREDENTIAL_KEY.search(text[:idx]):
        return True
    # `# replace "changeme" password with a better one`: the comment names what the value is
    return bool(re.search(r"(?i)change[-_]?me|replace[-_]?me", value)
                and re.search(r"(?<![a-z])(password|passwd|secret|token|api[-_]?key|credential)s?(?![a-z])", text, re.I))


def _foreign_image(ctx: Context, claim) -> bool:
    """`image: busybox:latest`: the `latest` tag of an image the repository never uses."""
    text = claim.text or ""
    m = re.search(r"([\w./-]+):latest\b", text)
    if not m:
        return False
    name = m.group(1).rsplit("/", 1)[-1].lower()
    from .. import fields as F

    for obj in ctx.objects:
        for fv in F.field_values(obj.kind, obj.body, "image"):
            ref = str(fv.value).split("@")[0]
            repo = ref.rsplit(":", 1)[0] if ":" in ref.rsplit("/", 1)[-1] else ref
            if repo.rsplit("/", 1)[-1].lower() == name:
                return False
    for chart in ctx.facts.charts:
        if re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", str(chart.values).lower()):
            return False
    return True


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
