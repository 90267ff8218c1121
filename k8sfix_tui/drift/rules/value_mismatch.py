"""value-mismatch: a value the document states differs from what the repository deploys.

Covers every field claim (replicas, images and tags, ports, resources, probes, env names, strategy,
schedule, Services, Ingresses, storage, HPA/PDB settings, ConfigMap/Secret names and keys, namespaces,
chart metadata, values keys), YAML objects quoted in the document (compared field by field with the
real object), values.yaml excerpts (against the chart's values) and Chart.yaml excerpts.
Quantities compare as quantities: `1Gi` == `1024Mi`, `0.5` == `500m`, but `512M` != `512Mi`.

Which deployment is compared: an environment or overlay the claim or its section names ("In
production...", `kubectl apply -k k8s/overlays/prod`), otherwise the chart rendered with default values,
otherwise the plain manifests. A value that only matches another origin is reported as `info`.

Severity: error (info when only a non-default origin matches).

Wrong (values.yaml sets `api.replicas: 2`):

    The API runs **3 replicas**.

Right:

    The API runs **2 replicas**.
"""

from __future__ import annotations

import os
import re
from typing import Any, Iterator

import yaml

from ...model import Claim, DocRef, Evidence, Finding, K8sObject
from .. import fields as F
from .. import minikube as MK
from ..context import Context, DocView, origin_phrase
from ..matcher import STOPWORDS, tokens
from ..values import clean, same, scalar_equal, show

ID = "value-mismatch"
SEVERITY = "error"

OBJECT_FIELDS = frozenset(F.FIELD_KINDS) | {"namespace-object"}
NAME_FIELDS = {"configmap": "ConfigMap", "secret": "Secret"}
YAML_COMPARE_FIELDS = (
    "replicas", "image", "container-port", "env", "strategy", "schedule",
    "cpu-request", "cpu-limit", "memory-request", "memory-limit",
    "service-type", "service-port", "target-port", "node-port",
    "ingress-host", "ingress-path", "ingress-class", "tls-secret",
    "storage-size", "access-mode", "storage-class",
    "hpa-min", "hpa-max", "hpa-cpu-target", "hpa-memory-target", "pdb-min-available", "pdb-max-unavailable",
    *(f"probe.{w}.{a}" for w in ("liveness", "readiness", "startup")
      for a in ("type", "path", "port", "initialDelaySeconds", "periodSeconds", "timeoutSeconds",
                "failureThreshold", "successThreshold", "command")),
)
COMMAND_FORMS = frozenset({"bash"})


def handles(claim: Claim) -> bool:
    f = claim.field
    if claim.form in COMMAND_FORMS and f in ("namespace", "values-key", "release"):
        return False
    return (
        f in F.FIELD_KINDS
        or f.startswith("probe.")
        or f in NAME_FIELDS
        or f in ("namespace", "release", "chart-name", "chart-version", "app-version", "chart-dependency",
                 "values-key", "hosts-entry", "overlay", "yaml-object", "values-excerpt", "chart-yaml",
                 "minikube-flag", "minikube-addon", "configmap-value")
    )


def check(ctx: Context) -> Iterator[Finding]:
    for doc in ctx.docs:
        # a parameters-table row keyed by a values key (`| server.extensions.image.tag | v1.0.1 |`) is checked
        # against values.yaml; the object fields the row's words suggest would guess the wrong component
        keyed_rows = {c.doc.line for c in doc.claims if c.field == "values-key" and c.form == "table"}
        for claim in doc.claims:
            if not handles(claim) or _unusable(claim.value) and claim.field not in ("yaml-object", "values-excerpt",
                                                                                      "chart-yaml"):
                continue
            f = claim.field
            if claim.form == "table" and f != "values-key" and claim.doc.line in keyed_rows and f in F.FIELD_KINDS:
                continue
            if f == "yaml-object":
                yield from _yaml_object(ctx, doc, claim)
            elif f == "values-excerpt":
                yield from _values_excerpt(ctx, doc, claim)
            elif f == "chart-yaml":
                yield from _chart_yaml(ctx, doc, claim)
            elif f == "env" and (claim.extra or {}).get("value") is not None:
                yield from _configmap_value(ctx, doc, claim)
            elif f in F.FIELD_KINDS or f.startswith("probe."):
                yield from _object_field(ctx, doc, claim)
            elif f in NAME_FIELDS:
                yield from _named(ctx, claim, NAME_FIELDS[f])
            elif f == "namespace":
                yield from check_namespace(ctx, claim, ID)
            elif f == "release":
                yield from check_release(ctx, claim, ID)
            elif f in ("chart-name", "chart-version", "app-version", "chart-dependency"):
                yield from _chart_field(ctx, claim)
            elif f == "values-key":
                yield from check_values_key(ctx, claim, ID)
            elif f == "hosts-entry":
                yield from _hosts_entry(ctx, claim)
            elif f == "overlay":
                yield from _overlay(ctx, claim)
            elif f == "minikube-flag":
                yield from MK.check_flag(ctx, claim, ID)
            elif f == "minikube-addon":
                yield from MK.check_addon(ctx, claim, ID)
            elif f == "configmap-value":
                yield from _configmap_value(ctx, doc, claim)


PLACEHOLDER = re.compile(r"(example\.(com|org|net)|your[-_]|<[^>]*>|\bchangeme\b|\bTODO\b|\bTBD\b|xxx)", re.I)


def _unusable(value: Any) -> bool:
    """Values that cannot be compared: templates, shell variables, placeholders (the placeholder rule
    reports those)."""
    if value is None or isinstance(value, (dict, list)):
        return True
    text = str(value)
    return (not text.strip() or "{{" in text or "$(" in text or "${" in text or text.strip().startswith(("$", "<"))
            or bool(PLACEHOLDER.search(text)))


# ---------------------------------------------------------------------------------------------
# Field claims about objects
# ---------------------------------------------------------------------------------------------


def local_objects(ctx: Context, doc_path: str) -> set[int] | None:
    """In a repository of independent samples (`ai-ml/x/README.md` next to `ai-ml/x/k8s/*.yaml`), the objects
    under the document's nearest folder (below the root) that holds any: ids of those objects, or None when the
    document's folders hold none (a `docs/` guide about the whole repository)."""
    cache = ctx.__dict__.setdefault("_local_objects", {})
    folder = doc_path.rsplit("/", 1)[0] if "/" in doc_path else ""
    if folder in cache:
        return cache[folder]
    found: set[int] | None = None
    parts = folder.split("/") if folder else []
    for depth in range(len(parts), 0, -1):
        prefix = "/".join(parts[:depth]) + "/"
        ids = {id(o) for o in ctx.objects if (o.source.path or "").startswith(prefix)}
        if ids:
            found = ids
            break
    cache[folder] = found
    return found


def _candidates(ctx: Context, claim: Claim, kinds: frozenset[str] | None) -> tuple[list[K8sObject], str, bool]:
    """Objects the claim is about, how they were found, and whether the subject resolved."""
    if claim.subject:
        match = ctx.matcher.resolve(claim.subject, kinds)
        if match:
            return match.objects, match.how, True
        from .phantom_resource import object_name_subject

        if object_name_subject(ctx, claim):
            return [], "", False  # a named object that does not exist: phantom-resource reports it
    cache = ctx.__dict__.setdefault("_pools", {})
    if kinds not in cache:
        cache[kinds] = [o for o in ctx.objects if kinds is None or o.kind in kinds]
    pool = cache[kinds]
    if len(pool) > 300:
        return [], "", False  # no subject and hundreds of candidates: nothing to say
    return pool, "", False


_PER_UNIT = re.compile(r"\b(?:per|for each|for every|each)\s+(?:node|core|cpu|vcpu|host|machine|cluster)\b|"
                       r"\b(?:is|are)\s+(?:equivalent|equal)\s+to\b|\bequivalent to\b", re.I)


def _not_an_object_value(doc: DocView, claim: Claim) -> bool:
    """Quantities that describe something else than an object's field ("2 MB of memory for each node", "One cpu
    is equivalent to 1 vCPU"), a bare registry host given as an image (`k8s.gcr.io`), a probe sentence naming
    several probe kinds ("a `tcpSocket` readinessProbe ... opt into a gRPC probe")."""
    field = claim.field
    value = clean(claim.value)
    text = doc.paragraph_text(claim.doc.line) if claim.doc else (claim.text or "")
    if field.startswith(("cpu-", "memory-")) and claim.form in ("prose", "list") and _PER_UNIT.search(text):
        return True
    if field == "image" and "/" not in value and ":" not in value and re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", value):
        return True
    if field.startswith("probe.") and field.endswith(".type") and claim.form in ("prose", "list"):
        kinds = {k for k in ("httpget", "tcpsocket", "grpc", "exec") if k in re.sub(r"[^a-z]", "", text.lower())}
        if len(kinds) > 1:
            return True
    if field == "env" and claim.form == "table" and claim.doc and _OPTIONAL_SETTINGS.search(_table_lead_in(doc, claim.doc.line)):
        return True  # "The following environment variables may be used to override the defaults": what the
        # program reads, not what the manifests set
    return False


_OPTIONAL_SETTINGS = re.compile(r"\b(?:may|can|could)\s+(?:also\s+)?be\s+(?:used|set|passed|given|provided)\b|"
                                r"\boverrid\w*|\boptional(?:ly)?\b|\bsupported\b", re.I)


def _table_lead_in(doc: DocView, line: int) -> str:
    """The few prose lines just above the table holding `line` (up to the previous heading)."""
    n = line
    while n > 1 and doc.line_text(n - 1).lstrip().startswith("|"):
        n -= 1
    out: list[str] = []
    n -= 1
    while n >= 1 and len(out) < 4:
        text = doc.line_text(n).strip()
        if text.startswith("#") or text.startswith("```"):
            break
        if text:
            out.append(text)
        elif out:
            break
        n -= 1
    return " ".join(reversed(out))


def _object_field(ctx: Context, doc: DocView, claim: Claim) -> Iterator[Finding]:
    field = claim.field
    kinds = F.kinds_for(field)
    if any(values_lookup(c.values, clean(claim.value))[0] for c in ctx.facts.charts if "." in clean(claim.value)):
        return  # the doc names the values key that sets it, not a value
    if _not_an_object_value(doc, claim):
        return
    objs, how, resolved = _candidates(ctx, claim, kinds)
    if (claim.extra or {}).get("via") == "port-forward" and not any(o.name == claim.subject for o in objs):
        return  # `svc/NAME` names one object exactly: a similar name is another Service (a Helm-installed add-on)
    local = local_objects(ctx, claim.doc.path if claim.doc else "") if resolved else None
    if local is not None:
        objs = [o for o in objs if id(o) in local]  # a sample collection: this document's own sample only
    if not objs:
        return
    scope = ctx.scope(claim, doc)
    by_origin: dict[str, list[tuple[K8sObject, F.FieldValue]]] = {}
    holders: dict[str, list[K8sObject]] = {}
    for obj in objs:
        holders.setdefault(obj.origin, []).append(obj)
        for fv in F.field_values(obj.kind, obj.body, field):
            by_origin.setdefault(obj.origin, []).append((obj, fv))
    if field == "env":
        _add_env_from(ctx, objs, by_origin)
    if field == "target-port":
        _resolve_named_ports(ctx, by_origin)
    if field == "storage-class" and clean(claim.value).lower() in DEFAULT_WORDS:
        for origin, holders_ in holders.items():
            for obj in holders_:
                if not F.field_values(obj.kind, obj.body, "storage-class"):
                    by_origin.setdefault(origin, []).append((obj, F.FieldValue(claim.value, "spec.storageClassName",
                                                                               True)))
    if field == "image" and not re.search(r"[/:.]", clean(claim.value)):
        word = clean(claim.value).lower()
        for origin, lst in list(by_origin.items()):
            for obj, fv in list(lst):
                base = str(fv.value).split("@")[0].rsplit("/", 1)[-1].split(":")[0].lower()
                if word in base.split("-") or word == base:
                    lst.append((obj, F.FieldValue(claim.value, fv.path, container=fv.container)))
    primary = next((o for o in scope.order if o in holders), None)
    if primary is None:
        return
    components = {ctx.matcher.component_of(o) for o in holders[primary]}
    pvals = by_origin.get(primary, [])
    hits = [(o, fv) for o, fv in pvals if same(field, claim.value, fv.value)]
    if hits:
        obj, fv = hits[0]
        ctx.verify(claim, fv.value, ctx.evidence_for(obj, fv), _verified_text(claim, obj, fv, how))
        return
    others = [(origin, o, fv) for origin, lst in by_origin.items() if origin != primary
              for o, fv in lst if same(field, claim.value, fv.value)]
    if field.startswith("probe.") and _other_probe_matches(claim, holders[primary], doc):
        return  # the sentence talks about two probes and the value belongs to the other one
    named_other = _sentence_names_other(ctx, claim, kinds, holders[primary])
    if named_other is not None:
        obj, fv = named_other
        ctx.verify(claim, fv.value, ctx.evidence_for(obj, fv),
                   f"{F.label(field)} {show(fv.value)} matches {obj.kind} {obj.name}, which the sentence names")
        return
    if not resolved and len(components) > 1:
        if others:
            origin, obj, fv = others[0]
            ctx.verify(claim, fv.value, ctx.evidence_for(obj, fv), _verified_text(claim, obj, fv, how))
        return  # cannot tell which component an unattributed value is about
    if resolved and len(components) > 2:
        return  # too ambiguous to call it wrong
    if not pvals:
        if not resolved or field in ("replicas", "strategy", "service-type", "kind"):
            return
        if field in ("env",) or field.startswith(("cpu-", "memory-", "probe.", "storage-", "node-port", "hpa-")):
            obj = holders[primary][0]
            msg = (f"The doc says {_subject(claim, obj)} has {F.label(field)} {show(claim.value)}; "
                   f"{origin_phrase(primary)} {obj.kind} {obj.name} without one.")
            yield ctx.finding(ID, "error", claim.area or "workloads", claim=claim, actual=None,
                              evidence=[*ctx.evidence_for(obj), Evidence(obj.source.path, obj.source.line, how)]
                              if how else ctx.evidence_for(obj), message=msg,
                              fix=f"remove the {F.label(field)} claim or set it in the repository")
        return
    other_port = _other_port_of_named(ctx, claim, field)
    if other_port is not None:
        obj, fv = other_port
        ctx.verify(claim, fv.value, ctx.evidence_for(obj, fv),
                   f"port {show(fv.value)} is a port of {obj.kind} {obj.name}, which the text names")
        return
    actual_vals = _distinct([fv.value for _, fv in pvals])
    obj, fv = pvals[0]
    evidence: list[Evidence] = []
    for o, v in pvals[:3]:
        evidence.extend(ctx.evidence_for(o, v))
    if how:
        evidence.append(Evidence(obj.source.path, obj.source.line, how))
    actual = actual_vals[0] if len(actual_vals) == 1 else actual_vals
    if others and not _says_default(claim, doc):
        origin, oobj, ofv = others[0]
        msg = (f"The doc says {_subject(claim, obj)} has {F.label(field)} {show(claim.value)}: that is what "
               f"{origin_phrase(origin)}, but {origin_phrase(primary)} {show(actual)}{_prov(obj, fv)}.")
        evidence.extend(ctx.evidence_for(oobj, ofv))
        yield ctx.finding(ID, "info", claim.area or "workloads", claim=claim, actual=actual, evidence=evidence,
                          message=msg, fix=f"say which environment this value applies to ({origin})")
        return
    msg = (f"The doc says {_subject(claim, obj)} has {F.label(field)} {show(claim.value)}; "
           f"{origin_phrase(primary)} {show(actual)}{_prov(obj, fv)}.")
    yield ctx.finding(ID, SEVERITY, claim.area or "workloads", claim=claim, actual=actual, evidence=evidence,
                      message=msg, fix=f"change {show(claim.value)} to {show(actual)}")


_PORT_FIELDS = ("container-port", "service-port", "target-port", "node-port")


_NAME_RUN = re.compile(r"[\w-]+")
_PLAIN_NAME = re.compile(r"[\w-]+\Z")


def _port_owner_names(ctx: Context) -> tuple[dict[str, list[int]], list[tuple[int, str, re.Pattern[str]]]]:
    """Workloads and Services of `ctx.objects` by lower-cased name (indexes into ctx.objects), built once per
    check; names with other characters ('.') keep a compiled whole-word pattern."""
    cached = getattr(ctx, "_port_owner_names", None)
    if cached is not None:
        return cached
    by_name: dict[str, list[int]] = {}
    odd: list[tuple[int, str, re.Pattern[str]]] = []
    for i, obj in enumerate(ctx.objects):
        if obj.kind not in F.WORKLOAD_KINDS and obj.kind != "Service":
            continue
        name = obj.name.lower()
        if not name:
            continue
        if _PLAIN_NAME.match(name):
            by_name.setdefault(name, []).append(i)
        else:
            odd.append((i, name, re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])")))
    ctx._port_owner_names = (by_name, odd)  # type: ignore[attr-defined]
    return by_name, odd


def _other_port_of_named(ctx: Context, claim: Claim, field: str):
    """"available on port 31000": prose rarely says which port of a component it means. A number that is some
    port (containerPort, Service port, targetPort, nodePort) of an object the text names is not a mismatch.
    A claim that says "Service" keeps its strict meaning."""
    if field not in _PORT_FIELDS:
        return None
    text = claim.text or ""
    if field != "container-port" and re.search(r"\b(service|svc)\b", text, re.I):
        return None
    if (claim.extra or {}).get("via") == "kubectl-get-output":
        return None  # the PORT(S) column of `kubectl get svc` is the Service port, nothing else
    try:
        want = int(clean(claim.value))
    except (TypeError, ValueError):
        return None
    low = text.lower()
    subject = clean(claim.subject or "").lower()
    by_name, odd = _port_owner_names(ctx)
    hits: set[int] = set(by_name.get(subject, ()))
    for word in set(_NAME_RUN.findall(low)):  # a [\w-] name bounded by non-[\w-] is a whole run
        hits.update(by_name.get(word, ()))
    for i, name, pattern in odd:
        if name == subject or pattern.search(low):
            hits.add(i)
    for i in sorted(hits):  # ctx.objects order, as before
        obj = ctx.objects[i]
        for pf in _PORT_FIELDS:
            for fv in F.field_values(obj.kind, obj.body, pf):
                try:
                    if int(fv.value) == want:
                        return obj, fv
                except (TypeError, ValueError):
                    continue
    return None


DEFAULT_WORDS = frozenset({"default", "cluster", "cluster default", "(default)", "none", "-", "—", "unset",
                           "standard default", "default storageclass", "default storage class"})


def _resolve_named_ports(ctx: Context, by_origin: dict) -> None:
    """A Service targetPort given by name ("http") also counts as the container port number it names."""
    for origin, lst in list(by_origin.items()):
        for svc, fv in list(lst):
            if not isinstance(fv.value, str):
                continue
            selector = F.get(svc.body, "spec.selector")
            if not isinstance(selector, dict) or not selector:
                continue
            for obj in ctx.objects:
                if obj.origin != origin or obj.kind not in F.WORKLOAD_KINDS:
                    continue
                prefix = F.pod_spec_path(obj.kind) or ""
                labels = F.get(obj.body, prefix.rsplit(".spec", 1)[0] + ".metadata.labels") if prefix != "spec" \
                    else F.get(obj.body, "metadata.labels")
                if not isinstance(labels, dict) or any(labels.get(k) != v for k, v in selector.items()):
                    continue
                for _path, c in F.containers(obj.kind, obj.body):
                    for p in c.get("ports") or []:
                        if isinstance(p, dict) and p.get("name") == fv.value and p.get("containerPort"):
                            lst.append((svc, F.FieldValue(p["containerPort"], fv.path, fv.default)))


def _sentence_names_other(ctx: Context, claim: Claim, kinds, current: list[K8sObject]):
    """The sentence names another component ("the Redis master ... (REPLICAS = 1)") whose value matches."""
    text = claim.text or ""
    if not text or not kinds:
        return None
    mine = {ctx.matcher.component_of(o) for o in current}
    if claim.subject:
        mine |= set(ctx.matcher.resolve(claim.subject).components)
    words = tokens(text)
    seen: set[int] = set()
    for size in (4, 3, 2, 1):
        for i in range(0, max(0, len(words) - size + 1)):
            gram = words[i : i + size]
            hits = ctx.matcher.by_norm.get("-".join(gram))
            if not hits or all(t in ctx.matcher.common or t in STOPWORDS for t in gram):
                continue
            for idx in hits:
                obj = ctx.matcher.entries[idx].obj
                if id(obj) in seen or obj.kind not in kinds or ctx.matcher.component_of(obj) in mine:
                    continue
                seen.add(id(obj))
                for fv in F.field_values(obj.kind, obj.body, claim.field):
                    if same(claim.field, claim.value, fv.value):
                        return obj, fv
    return None


def _says_default(claim: Claim, doc: DocView) -> bool:
    """'by default' / a 'Default' column: the claim is about the default deployment, not any environment."""
    text = f"{claim.text or ''} {(claim.extra or {}).get('header') or ''}"
    return bool(re.search(r"\bdefaults?\b", text, re.I))


def _other_probe_matches(claim: Claim, objs: list[K8sObject], doc: DocView) -> bool:
    _p, which, attr = claim.field.split(".", 2) if claim.field.count(".") == 2 else ("", "", "")
    text = ((claim.text or "") + " " + doc.paragraph_text(claim.doc.line)).lower()
    for other in ("liveness", "readiness", "startup"):
        if other == which or other not in text:
            continue
        for obj in objs:
            if any(same(f"probe.{other}.{attr}", claim.value, fv.value)
                   for fv in F.field_values(obj.kind, obj.body, f"probe.{other}.{attr}")):
                return True
    return False


def _add_env_from(ctx: Context, objs: list[K8sObject], by_origin: dict) -> None:
    """env names that come in through envFrom ConfigMaps/Secrets count as set."""
    for obj in objs:
        for path, c in F.containers(obj.kind, obj.body):
            for j, ref in enumerate(c.get("envFrom") or []):
                if not isinstance(ref, dict):
                    continue
                for key, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
                    name = F.get(ref, f"{key}.name")
                    if not name:
                        continue
                    for src in ctx.objects:
                        if src.kind == kind and src.name == name and src.origin == obj.origin:
                            field = "configmap-key" if kind == "ConfigMap" else "secret-key"
                            for fv in F.field_values(kind, src.body, field):
                                prefix = ref.get("prefix") or ""
                                by_origin.setdefault(obj.origin, []).append(
                                    (obj, F.FieldValue(prefix + str(fv.value), f"{path}.envFrom[{j}]")))


def _verified_text(claim: Claim, obj: K8sObject, fv: F.FieldValue, how: str) -> str:
    text = f"{F.label(claim.field)} {show(fv.value)} matches {obj.kind} {obj.name} ({obj.origin})"
    return f"{text}; {how}" if how else text


def _subject(claim: Claim, obj: K8sObject | None) -> str:
    if claim.subject:
        return f"'{claim.subject}'"
    return f"{obj.kind} {obj.name}" if obj is not None else "it"


def _prov(obj: K8sObject, fv: F.FieldValue) -> str:
    ref = (obj.provenance or {}).get(fv.path)
    if ref is not None:
        return f" ({os.path.basename(ref.location.path)}:{ref.location.line} `{ref.key}`)"
    line = obj.line_of(fv.path)
    where = f"{obj.source.path}:{line}" if line else obj.source.path
    default = ", Kubernetes default" if fv.default else ""
    return f" ({where}{default})"


def _distinct(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        if not any(scalar_equal(v, o) and str(v) == str(o) for o in out):
            out.append(v)
    return out


# ---------------------------------------------------------------------------------------------
# Named things: ConfigMaps, Secrets, namespaces, releases, charts, hosts, overlays
# ---------------------------------------------------------------------------------------------


def referenced_names(ctx: Context, kind: str) -> dict[str, K8sObject]:
    """Names of ConfigMaps/Secrets the workloads/Ingresses reference (they may be created outside the repo)."""
    cache = ctx.__dict__.setdefault("_refnames", {})
    if kind in cache:
        return cache[kind]
    out: dict[str, K8sObject] = {}
    cache[kind] = out
    for obj in ctx.objects:
        body = obj.body if isinstance(obj.body, dict) else {}
        if obj.kind == "Ingress" and kind == "Secret":
            for tls in F.get(body, "spec.tls") or []:
                if isinstance(tls, dict) and isinstance(tls.get("secretName"), str):
                    out.setdefault(tls["secretName"], obj)
        prefix = F.pod_spec_path(obj.kind)
        if not prefix:
            continue
        spec = F.get(body, prefix) or {}
        ref_key = "configMapRef" if kind == "ConfigMap" else "secretRef"
        key_ref = "configMapKeyRef" if kind == "ConfigMap" else "secretKeyRef"
        for _path, c in F.containers(obj.kind, body, include_init=True):
            for ref in c.get("envFrom") or []:
                name = F.get(ref, f"{ref_key}.name")
                if isinstance(name, str):
                    out.setdefault(name, obj)
            for env in c.get("env") or []:
                name = F.get(env, f"valueFrom.{key_ref}.name")
                if isinstance(name, str):
                    out.setdefault(name, obj)
        for vol in (spec.get("volumes") or []) if isinstance(spec, dict) else []:
            if not isinstance(vol, dict):
                continue
            name = F.get(vol, "configMap.name") if kind == "ConfigMap" else F.get(vol, "secret.secretName")
            if isinstance(name, str):
                out.setdefault(name, obj)
            for src in F.get(vol, "projected.sources") or []:
                name = F.get(src, "configMap.name" if kind == "ConfigMap" else "secret.name")
                if isinstance(name, str):
                    out.setdefault(name, obj)
        for ips in (spec.get("imagePullSecrets") or []) if isinstance(spec, dict) and kind == "Secret" else []:
            if isinstance(ips, dict) and isinstance(ips.get("name"), str):
                out.setdefault(ips["name"], obj)
    return out


def system_owned(ctx: Context, name: str) -> bool:
    """A ConfigMap/Secret name led by a known add-on (`argocd-`, `istio-`, `prometheus-`) that no object of the
    repository carries: the document tells the reader to edit that add-on's own object."""
    from .phantom_resource import TECHNOLOGIES

    head = name.split("-", 1)[0].lower()
    if head not in TECHNOLOGIES and head not in ("kube", "coredns", "aws", "azure", "gke", "eks"):
        return False
    return not any(o.name.lower().startswith(head) for o in ctx.objects if o.kind not in ("Namespace",))


METASYNTACTIC = re.compile(r"(?i)(foo|bar|baz|qux|quux|foobar|example|sample|test|demo)")


def _named(ctx: Context, claim: Claim, kind: str) -> Iterator[Finding]:
    name = clean(claim.value)
    real = [o for o in ctx.objects if o.kind == kind]
    local = local_objects(ctx, claim.doc.path if claim.doc else "")
    if local is not None and not any(id(o) in local for o in ctx.objects if o.kind == kind) and not any(
            o.name == name for o in real):
        return  # this sample defines no such object at all; another sample's names say nothing about it
    for obj in real:
        if obj.name == name:
            ctx.verify(claim, obj.name, ctx.evidence_for(obj), f"{kind} {obj.name} exists ({obj.origin})")
            return
    match = ctx.matcher.resolve(name, {kind}, threshold=0.9)
    if match and match.score >= 0.95:
        obj = match.objects[0]
        ctx.verify(claim, obj.name, ctx.evidence_for(obj), match.how)
        return
    refs = referenced_names(ctx, kind)
    if name in refs:
        obj = refs[name]
        ctx.verify(claim, name, ctx.evidence_for(obj), f"{kind} {name} is referenced by {obj.kind} {obj.name}")
        return
    names = sorted({o.name for o in real} | set(refs))
    if not names and not ctx.objects:
        return
    if system_owned(ctx, name):
        return  # `argocd-cm`, `istio-ca-root-cert`: an object of an add-on the repository does not deploy
    if METASYNTACTIC.fullmatch(name) or re.search(r"`?" + re.escape(name) + r"`?\s*/\s*`|`\s*/\s*`?" + re.escape(name),
                                                   claim.text or ""):
        return  # "a secret called `foo`": an illustration; "`temporal-cloud`/`api-key` Secret": a key of a Secret
    close = _closest(name, names)
    actual = close or (names if len(names) <= 8 else names[:8])
    evidence = [e for o in real[:3] for e in ctx.evidence_for(o)]
    msg = f"The doc names {kind} '{name}', but the repository has no {kind} by that name"
    msg += f"; did you mean '{close}'?" if close else (f" (it has: {', '.join(names[:8])})." if names else ".")
    yield ctx.finding(ID, SEVERITY, claim.area or "config", claim=claim, actual=actual, evidence=evidence,
                      message=msg, fix=f"change '{name}' to '{close}'" if close else None)


def known_namespaces(ctx: Context) -> dict[str, Evidence]:
    cached = getattr(ctx, "_known_ns", None)
    if cached is not None:
        return cached
    out: dict[str, Evidence] = {}
    ctx._known_ns = out  # type: ignore[attr-defined]
    from ..context import test_fixture

    for obj in ctx.objects:
        if test_fixture(obj) or (obj.namespace and not re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", obj.namespace)):
            continue  # test fixtures and quoted/templated namespaces say nothing about where the repo deploys
        if obj.namespace:
            out.setdefault(obj.namespace, Evidence(obj.source.path, obj.source.line, f"{obj.ref} ({obj.origin})"))
        if obj.kind == "Namespace":
            out.setdefault(obj.name, Evidence(obj.source.path, obj.source.line, f"Namespace {obj.name}"))
    if any(not o.namespace for o in ctx.objects) or ctx.facts.charts:
        out.setdefault("default", Evidence("", 0, "objects without a namespace land in 'default'"))
    for ov in ctx.facts.overlays:
        if ov.namespace:
            out.setdefault(ov.namespace, Evidence(ov.source.path, ov.source.line, f"namespace of {ov.path}"))
    for inv in ctx.facts.helm_invocations:
        if inv.namespace:
            out.setdefault(inv.namespace, Evidence(inv.found_at.path, inv.found_at.line, inv.text[:80]))
    for prof in ctx.facts.profiles:
        if prof.namespace:
            loc = prof.found_at
            out.setdefault(prof.namespace, Evidence(loc.path if loc else "", loc.line if loc else 0, prof.name))
    for cmd in ctx.facts.commands:
        ns = _flag(cmd.argv, ("-n", "--namespace"))
        if ns and "$" not in ns:
            out.setdefault(ns, Evidence(cmd.source.path, cmd.source.line, cmd.text[:80]))
    for var in ctx.facts.make_variables:
        if "NAMESPACE" in var.name.upper() or var.name.upper() in ("NS", "K8S_NS", "KUBE_NS"):
            value = var.value.strip()
            if value and "$" not in value:
                out.setdefault(value, Evidence(var.source.path, var.source.line, f"{var.name} {var.operator} {value}"))
    return out


def own_namespaces(ctx: Context) -> set[str]:
    """Namespaces the repository itself chooses (overlays, helm invocations, commands, Make variables)."""
    cached = getattr(ctx, "_own_ns", None)
    if cached is not None:
        return cached
    ctx._own_ns = _own_namespaces(ctx)  # type: ignore[attr-defined]
    return ctx._own_ns  # type: ignore[attr-defined]


def _own_namespaces(ctx: Context) -> set[str]:
    out = {o.namespace for o in ctx.objects if o.namespace and o.kind in F.WORKLOAD_KINDS}
    out |= {ov.namespace for ov in ctx.facts.overlays if ov.namespace}
    out |= {i.namespace for i in ctx.facts.helm_invocations if i.namespace}
    out |= {p.namespace for p in ctx.facts.profiles if p.namespace}
    for cmd in ctx.facts.commands:
        ns = _flag(cmd.argv, ("-n", "--namespace"))
        if ns:
            out.add(ns)
    for var in ctx.facts.make_variables:
        if "NAMESPACE" in var.name.upper():
            out.add(var.value.strip())
    return {n for n in out if n}


def _has_unnamespaced_workloads(ctx: Context) -> bool:
    cached = getattr(ctx, "_unns", None)
    if cached is None:
        cached = any(o.namespace is None for o in ctx.objects if o.kind in F.WORKLOAD_KINDS)
        ctx._unns = cached  # type: ignore[attr-defined]
    return cached


def _published(ctx: Context, extra: dict) -> bool:
    chart = extra.get("chart")
    if not isinstance(chart, str) or not chart:
        return False
    from .wrong_command import _remote_chart

    return _remote_chart(ctx, chart)


def doc_created_namespaces(ctx: Context) -> set[str]:
    """`kubectl create namespace X` / `kind: Namespace` in the documents themselves."""
    if getattr(ctx, "_doc_ns", None) is not None:
        return ctx._doc_ns  # type: ignore[attr-defined]
    out: set[str] = set()
    for doc in ctx.docs:
        for m in re.finditer(r"kubectl\s+create\s+(?:namespace|ns)\s+([a-z0-9][a-z0-9-]*)", doc.text_lower):
            out.add(m.group(1))
        for m in re.finditer(r"kubectl\s+(?:apply|create)\b[^\n]*?(?:-f|--filename)[ =](?:-|https?://)[^\n]*", doc.text_lower):
            ns = re.search(r"(?:-n|--namespace)[ =]([a-z0-9][a-z0-9-]*)", m.group(0))
            if ns:  # objects from stdin or a URL applied into a namespace of the reader's choice
                out.add(ns.group(1))
        for m in re.finditer(r"helm\s+(?:upgrade|install)\b[^\n]*?--create-namespace\b", doc.text_lower):
            ns = re.search(r"(?:-n|--namespace)[ =]([a-z0-9][a-z0-9-]*)", m.group(0))
            if ns:
                out.add(ns.group(1))
        for c in doc.claims:  # the namespace a published chart is installed into is the reader's own
            extra = c.extra or {}
            if c.field == "namespace" and c.form == "bash" and (extra.get("chart_repo") or _published(ctx, extra)):
                out.add(clean(c.value))
        for c in doc.claims:
            if c.field == "yaml-object" and isinstance(c.value, dict) and c.value.get("kind") == "Namespace":
                name = F.get(c.value, "metadata.name")
                if isinstance(name, str):
                    out.add(name)
    ctx._doc_ns = out  # type: ignore[attr-defined]
    return out


def _flag(argv: list[str], names: tuple[str, ...]) -> str | None:
    for i, arg in enumerate(argv):
        for name in names:
            if arg == name and i + 1 < len(argv):
                return argv[i + 1]
            if name.startswith("--") and arg.startswith(name + "="):
                return arg.split("=", 1)[1]
            if not name.startswith("--") and arg.startswith(name) and len(arg) > len(name) and arg[len(name)] != "-":
                return arg[len(name):]
    return None


def check_namespace(ctx: Context, claim: Claim, rule: str) -> Iterator[Finding]:
    ns = clean(claim.value).rstrip(")'\";,")
    if _unusable(ns) or re.search(r"[A-Z]", ns) or ns in ("all", "any", "none", "single", "multiple", "every"):
        return  # `-n LOKI_NAMESPACE`: an upper-case word is a variable for the reader, never a namespace name
    text = claim.text or ""
    if (claim.form not in COMMAND_FORMS and claim.form not in ("yaml", "table") and re.fullmatch(r"[a-z]+", ns)
            and f"`{ns}`" not in text
            and not re.search(r"(-n|--namespace)[ =]" + re.escape(ns) + r"\b", text)):
        return  # "pods in the namespace matched by ...": a plain word in running text, not a namespace name
    if ns in doc_created_namespaces(ctx):
        ctx.verify(claim, ns, [], f"namespace {ns} is created by the document itself")
        return
    own = own_namespaces(ctx)
    if not own and _has_unnamespaced_workloads(ctx):
        return  # namespace-agnostic manifests and no deploy command of the repo's own: any namespace works
    known = known_namespaces(ctx)
    if (not known or ns in ("kube-system", "kube-public", "kube-node-lease", "ingress-nginx") or ns.startswith("$")
            or ns in SYSTEM_NAMESPACES or ns.endswith("-system")):
        return
    known = {k: v for k, v in known.items() if not _unusable(k) and "{" not in k}
    if not known:
        return
    if ns in known:
        ev = known[ns]
        ctx.verify(claim, ns, [ev] if ev.path else [], f"namespace {ns} is used by the repository ({ev.note})")
        return
    real = sorted(n for n in known if n != "default") or sorted(known)
    close = _closest(ns, real)
    actual = close or (real[0] if len(real) == 1 else real)
    evidence = [known[n] for n in real[:3] if known[n].path]
    msg = (f"The doc uses namespace '{ns}', but the repository deploys to {', '.join(repr(n) for n in real[:5])}.")
    yield ctx.finding(rule, "error", claim.area or "structure", claim=claim, field_name="namespace", actual=actual,
                      evidence=evidence, message=msg,
                      fix=f"change '{ns}' to '{actual}'" if isinstance(actual, str) else None)


def _chart_key(chart: str | None) -> str:
    """`./charts/temporal-proxy`, `acme/temporal-proxy`, `oci://r/x/temporal-proxy:1.0` -> `temporal-proxy`."""
    text = (chart or "").strip().rstrip("/")
    return re.sub(r"[:@].*$", "", text.rsplit("/", 1)[-1]).removesuffix(".tgz").lower() if text else ""


def check_release(ctx: Context, claim: Claim, rule: str) -> Iterator[Finding]:
    rel = clean(claim.value)
    if _unusable(rel) or re.match(r"^v?\d+(\.\d+)+", rel) or re.fullmatch(r"(?i)my-(release|app)", rel):
        return  # `my-release`: Helm's conventional example name, the reader picks their own
    want = _chart_key(str((claim.extra or {}).get("chart") or ""))
    known: dict[str, Evidence] = {}
    other: set[str] = set()
    for inv in ctx.facts.helm_invocations:
        if want and _chart_key(inv.chart_path or inv.chart) != want:
            other.add(inv.release or "")
            continue  # the repository's release of another chart (`cert-manager`) says nothing about this one
        if inv.release and "$" not in inv.release:
            known.setdefault(inv.release, Evidence(inv.found_at.path, inv.found_at.line, inv.text[:80]))
    for prof in ctx.facts.profiles:
        if prof.release and prof.release not in other:
            loc = prof.found_at
            known.setdefault(prof.release, Evidence(loc.path if loc else "", loc.line if loc else 0, prof.name))
    for var in ctx.facts.make_variables:
        if "RELEASE" in var.name.upper() and var.value.strip() and "$" not in var.value:
            known.setdefault(var.value.strip(), Evidence(var.source.path, var.source.line, f"{var.name}"))
    if not known:
        return
    if rel in known:
        ev = known[rel]
        ctx.verify(claim, rel, [ev], f"release {rel} is used by the repository ({ev.note})")
        return
    names = sorted(known)
    actual = names[0] if len(names) == 1 else names
    yield ctx.finding(rule, "error", claim.area or "helm", claim=claim, field_name="release", actual=actual,
                      evidence=[known[n] for n in names[:3]],
                      message=f"The doc installs release '{rel}', but the repository's own commands use "
                              f"{', '.join(repr(n) for n in names)}.",
                      fix=f"change '{rel}' to '{actual}'" if isinstance(actual, str) else None)


def _pick_chart(ctx: Context, claim: Claim):
    charts = ctx.facts.charts
    if not charts:
        return None
    if len(charts) == 1:
        return charts[0]
    hint = " ".join(str(x) for x in (claim.subject, (claim.extra or {}).get("path_comment"),
                                      (claim.extra or {}).get("chart"), claim.text) if x)
    want = _chart_key(str((claim.extra or {}).get("chart") or ""))
    if want:
        named = [c for c in charts if c.name.lower() == want or _chart_key(c.path) == want]
        if len(named) == 1:
            return named[0]
    doc = claim.doc.path if claim.doc else ""
    own = [c for c in charts if c.path and c.path.strip("/") not in ("", ".") and doc.startswith(c.path.strip("/") + "/")]
    if own and not (claim.extra or {}).get("chart"):  # a document inside a chart's folder is about that chart
        return max(own, key=lambda c: len(c.path))
    for chart in charts:
        if chart.path and chart.path in hint:
            return chart
    for chart in charts:
        if chart.name and chart.name in hint:
            return chart
    return None


def _chart_field(ctx: Context, claim: Claim) -> Iterator[Finding]:
    value = clean(claim.value)
    f = claim.field
    if f == "chart-name":
        names = {c.name: c for c in ctx.facts.charts}
        if not names or "/" in value:  # a chart path, not a name: wrong-path checks paths
            return
        if (re.fullmatch(r"v?\d+(\.[\dxX]+)*", value) or value.lower() in ("version", "name", "values", "latest", "chart")
                or re.search(r"(?<![\w-])" + re.escape(value) + r"\s+[\w.-]+/" + re.escape(value) + r"\b", claim.text or "")):
            return  # `v27` (a major version), `version` (a field), `cert-manager jetstack/cert-manager` (a published chart)
        if value in names:
            c = names[value]
            ctx.verify(claim, value, [Evidence(c.source.path, c.source.line, "Chart.yaml name")], f"chart {value}")
            return
        chart = _pick_chart(ctx, claim) or ctx.facts.charts[0]
        yield ctx.finding(ID, SEVERITY, "helm", claim=claim, actual=chart.name,
                          evidence=[Evidence(chart.source.path, chart.source.line, "Chart.yaml name")],
                          message=f"The doc names the chart '{value}'; Chart.yaml says '{chart.name}'.",
                          fix=f"change '{value}' to '{chart.name}'")
        return
    chart = _pick_chart(ctx, claim)
    if chart is None:
        return
    if f == "chart-dependency":
        deps = [d.name for d in chart.dependencies] + [d.alias for d in chart.dependencies if d.alias]
        if value in deps:
            ctx.verify(claim, value, [Evidence(chart.source.path, chart.source.line, "dependencies")],
                       f"chart dependency {value}")
            return
        yield ctx.finding(ID, SEVERITY, "helm", claim=claim, actual=deps,
                          evidence=[Evidence(chart.source.path, chart.source.line, "Chart.yaml dependencies")],
                          message=f"The doc says the chart depends on '{value}'; Chart.yaml lists "
                                  f"{', '.join(deps) if deps else 'no dependencies'}.")
        return
    if f == "chart-version" and (re.search(r"[<>=~^*|]|\s-\s", value) or re.fullmatch(r"v?\d+", value) or (claim.form == "bash" and ((claim.extra or {}).get("chart_repo") or _published(ctx, claim.extra or {})))):
        return  # a version range, or the version a reader pins when installing the published chart
    actual = chart.version if f == "chart-version" else chart.app_version
    key = "version" if f == "chart-version" else "appVersion"
    ev = [Evidence(chart.source.path, chart.source.line, f"Chart.yaml {key}")]
    if actual is None:
        return
    if clean(value).lstrip("v") == str(actual).lstrip("v"):
        ctx.verify(claim, actual, ev, f"Chart.yaml {key} {actual}")
        return
    yield ctx.finding(ID, SEVERITY, "helm", claim=claim, actual=actual, evidence=ev,
                      message=f"The doc says the chart {key} is {value}; Chart.yaml says {actual}.",
                      fix=f"change {value} to {actual}")


def values_lookup(values: Any, key: str) -> tuple[bool, Any]:
    """Dotted key (with `[i]` or `.i` list indexes) in a values tree -> (found, value)."""
    cur = values
    for part in _key_parts(key):
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        elif isinstance(cur, dict) and isinstance(part, int) and str(part) in cur:
            cur = cur[str(part)]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            cur = cur[part]
        else:
            return False, None
    return True, cur


def _key_parts(key: str) -> list[Any]:
    parts: list[Any] = []
    buf = ""
    i = 0
    while i < len(key):
        ch = key[i]
        if ch == "\\" and i + 1 < len(key):
            buf += key[i + 1]
            i += 2
            continue
        if ch == '"' and not buf:
            end = key.find('"', i + 1)
            buf = key[i + 1 : end if end > 0 else len(key)]  # `configs.cm."admin.enabled"`: a key with dots
            i = end + 1 if end > 0 else len(key)
            continue
        if ch == ".":
            parts.append(buf)
            buf = ""
        elif ch == "[":
            if buf:
                parts.append(buf)
            end = key.find("]", i)
            idx = key[i + 1 : end if end > 0 else len(key)]
            parts.append(int(idx) if idx.isdigit() else idx)
            buf = ""
            i = end if end > 0 else len(key)
        else:
            buf += ch
        i += 1
    if buf:
        parts.append(buf)
    return [int(p) if isinstance(p, str) and p.isdigit() else p for p in parts if p != ""]


def _commented_key(ctx: Context, chart, key: str) -> bool:
    """The key's last segment is written, commented out, in the chart's values.yaml."""
    root = getattr(ctx.facts, "repo", None)
    if not root:
        return False
    cache = ctx.__dict__.setdefault("_values_text", {})
    path = os.path.join(root, chart.path or "", "values.yaml")
    if path not in cache:
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                cache[path] = fh.read(2_000_000)
        except OSError:
            cache[path] = ""
    last = key.rsplit(".", 1)[-1]
    return bool(last) and bool(re.search(r"^\s*#+\s*-?\s*" + re.escape(last) + r"\s*:", cache[path], re.M))


def _in_chart_dir(chart, claim: Claim) -> bool:
    """The claim's document lives in the chart's own directory (its README, docs under it)."""
    doc = claim.doc.path if claim.doc else ""
    base = (chart.path or "").strip("/").removeprefix("./")
    return not base or base == "." or doc.startswith(base + "/")


def check_values_key(ctx: Context, claim: Claim, rule: str) -> Iterator[Finding]:
    key = clean(claim.value)
    chart = _pick_chart(ctx, claim)
    if chart is None or not key or re.match(r"(Release|Chart|Capabilities|Template|Files|Values)\.", key):
        return  # Helm's built-in objects are not values keys
    if re.fullmatch(r"v?[\dxX]+\.[\dyYxX]+(\.[\dzZxX]+)?(-\S+)?", key):
        return  # `vX.Y.Z`: a version, not a key
    found, value = values_lookup(chart.values, key)
    values_path = f"{chart.path}/values.yaml" if chart.path else "values.yaml"
    if found:
        line = chart.values_lines.get(key, 0)
        ev = [Evidence(values_path, line, key)]
        claimed = (claim.extra or {}).get("value")
        if claim.form == "bash" or claim.field == "command":
            claimed = None  # `--set key=value` overrides the value: only the key has to exist
        elif claim.form == "prose" and not DEFAULT_TALK.search(claim.text or ""):
            claimed = None  # "set `metrics.enabled=true` to ...": an instruction, not a statement of the default
        if isinstance(claimed, str) and CAPS_PLACEHOLDER.fullmatch(claimed.strip()):
            claimed = None  # `REGISTRY_NAME`, `REPOSITORY_NAME/nginx`: a value for the reader to fill in
        if isinstance(claimed, str):
            note = re.search(r"\s*\((.*)\)\s*$", claimed)
            if re.match(r"(?i)see\b|refer\b|check\b", claimed.strip()) or (note and "default" in note.group(1).lower()):
                claimed = None  # "See values.yaml", "nil (follows subchart default)": a description, not the value
            elif note and note.start() > 0:
                claimed = claimed[: note.start()]  # "false (only with X)": the value before the remark
        if isinstance(claimed, str) and isinstance(value, str) and "\n" in value.strip() and "\n" not in claimed:
            claimed = None  # a multi-line default (a `tpl` string) summarised in one table cell ("Hard node anti-affinity")
        if (isinstance(claimed, str) and isinstance(value, str) and "\\n" in claimed
                and claimed.replace("\\n", "\n").strip() == value.strip()):
            claimed = None  # `"backend: x\n"`: the same string with its newline escaped (helm-docs tables)
        if (isinstance(claimed, str) and isinstance(value, str) and len(value) > len(claimed)
                and value.startswith(claimed) and value in (claim.text or "")):
            claimed = None  # `"Host(`{{ x }}`)"`: a code span cut short by the backticks inside the value
        if (claimed is not None and not _unusable(claimed) and value not in ("", None)
                and not isinstance(value, (dict, list)) and not scalar_equal(claimed, value)):
            yield ctx.finding(rule, "error", "helm", claim=claim, field_name="values-key", doc_value=f"{key}={claimed}",
                              actual=value, evidence=ev,
                              message=f"The doc says `{key}` is {show(claimed)}; values.yaml sets {show(value)} "
                                      f"({os.path.basename(values_path)}:{line}).", fix=f"change {claimed} to {value}")
            return
        ctx.verify(claim, value if not isinstance(value, (dict, list)) else key, ev, f"values key {key} exists")
        return
    if _schema_allows(chart, key) or _history_section(ctx, claim):
        return
    if _commented_key(ctx, chart, key):
        return  # `# leaderElectionID: "x"` in values.yaml: an optional key the chart documents, unset by default
    if re.search(r"(^|\.)[A-Z][a-z]", key) and not _in_chart_dir(chart, claim):
        return  # `client.Interface`, `HelmRelease.spec.chart`: a Go type or an object field outside the chart's docs
    close = _closest(key, sorted(chart.values_lines))
    parent = key.rpartition(".")[0]
    ev = [Evidence(values_path, chart.values_lines.get(close or parent, 0), close or parent or "values.yaml")]
    msg = f"The doc uses values key `{key}`, which {chart.name}'s values.yaml does not define"
    msg += f"; did you mean `{close}`?" if close else "."
    yield ctx.finding(rule, "error", "helm", claim=claim, field_name="values-key", actual=close, evidence=ev,
                      message=msg, fix=f"change `{key}` to `{close}`" if close else None)


DEFAULT_TALK = re.compile(r"\bdefault(s|ed)?\b|\bout of the box\b|\bships with\b|\bis set to\b", re.I)
CAPS_PLACEHOLDER = re.compile(r"(?:[\w.-]*/)?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?:/[\w.-]+)?")
HISTORY_SECTION = re.compile(r"\bupgrad|\bmigrat|\bbreaking\b|\bchangelog\b|\bdeprecat|\bnotable changes\b|"
                             r"^to\s+v?\d+(\.\d+)*|^v?\d+\.\d+(\.\d+)?\b|release notes", re.I)


INSTRUCTION = re.compile(r"\b(set|change|modify|edit|add|override|update|replace|enable|disable|use|create|include|"
                         r"your|custom|own|example)\b", re.I)
# Namespaces of well-known cluster add-ons: a doc that installs or inspects them names them, the repo need not.
SYSTEM_NAMESPACES = frozenset({"cert-manager", "monitoring", "prometheus", "argocd", "argo", "argo-rollouts",
                               "observability", "logging", "olm", "operators", "kubernetes-dashboard", "linkerd",
                               "knative-serving", "knative-eventing", "tekton-pipelines", "velero", "vault", "keda",
                               "tigera-operator", "opentelemetry", "jaeger", "grafana", "loki", "traefik", "kong",
                               "external-dns", "external-secrets", "sealed-secrets", "kyverno", "falco", "minio"})


def _history_section(ctx: Context, claim: Claim) -> bool:
    """Upgrade notes name keys of older chart versions ("`service.port` was renamed to `service.ports`")."""
    doc = ctx.doc_view(claim.doc.path) if claim.doc else None
    if doc is None:
        return False
    return any(HISTORY_SECTION.search((t or "").strip()) for t in doc.section_titles(claim.doc.line)[:3])


def _states_defaults(ctx: Context, doc: DocView, claim: Claim) -> bool:
    """A values excerpt states the chart's defaults when it is labelled as a values file or introduced as
    defaults; otherwise it is an example override ("to use an external master, set:")."""
    pc = str((claim.extra or {}).get("path_comment") or "")
    start = claim.doc.line
    before = next((doc.line_text(n) for n in range(start - 1, max(0, start - 4), -1)
                   if doc.line_text(n).strip() and not doc.line_text(n).strip().startswith(("```", "~~~"))), "")
    if pc and re.search(r"(^|/)values[^/]*\.ya?ml$", pc) and (DEFAULT_TALK.search(before)
                                                            or not INSTRUCTION.search(before)):
        return True  # `# values.yaml` over the excerpt, unless the text says to put it in your own file
    seen = 0
    for n in range(start - 1, max(0, start - 8), -1):
        text = doc.line_text(n).strip()
        if not text or text.startswith("```") or text.startswith("~~~"):
            continue
        seen += 1
        if DEFAULT_TALK.search(text) or (re.search(r"\bvalues\.ya?ml\b", text) and not INSTRUCTION.search(text)):
            return True
        if seen >= 2:
            break
    return any(DEFAULT_TALK.search(t or "") for t in doc.section_titles(claim.doc.line)[:1])


def _schema_allows(chart: Any, key: str) -> bool:
    """Keys under a map that is empty in values.yaml (`podAnnotations: {}`) are legitimate to set, and so are
    keys of a subchart (`redis.auth.password` for a `redis` dependency) and `global.*`."""
    if any("." in str(p) for p in _key_parts(key)):
        return True  # `configs.params."server.insecure"`: a literal dotted key of a pass-through config map
    parts = key.split(".")
    for i in range(len(parts) - 1, 0, -1):
        found, value = values_lookup(chart.values, ".".join(parts[:i]))
        if found:
            if isinstance(value, dict) and any("." in str(k) for k in value):
                return True  # a map whose keys are dotted settings passes any key through
            break
    deps = {d.name for d in getattr(chart, "dependencies", None) or []}
    deps |= {d.alias for d in getattr(chart, "dependencies", None) or [] if d.alias}
    if parts[0] in deps or parts[0] == "global":
        return True
    for i in range(len(parts) - 1, 0, -1):
        found, value = values_lookup(chart.values, ".".join(parts[:i]))
        if found:
            return value == {} or value is None
    return False


def _hosts_entry(ctx: Context, claim: Claim) -> Iterator[Finding]:
    host = clean(claim.value).lower()
    known: dict[str, Evidence] = {}
    for h in ctx.facts.hosts_entries:
        known.setdefault(h.hostname.lower(), Evidence(h.source.path, h.source.line, f"hosts entry {h.hostname}"))
    for obj in ctx.objects:
        for fv in F.field_values(obj.kind, obj.body, "ingress-host"):
            if isinstance(fv.value, str):
                known.setdefault(fv.value.lower(), ctx.evidence_for(obj, fv)[-1])
    if not known:
        return
    if host in known:
        ctx.verify(claim, host, [known[host]], f"host {host} is configured ({known[host].note})")
        return
    close = _closest(host, sorted(known))
    yield ctx.finding(ID, SEVERITY, claim.area or "minikube", claim=claim, actual=close or sorted(known),
                      evidence=[known[close]] if close else list(known.values())[:3],
                      message=f"The doc maps host '{host}', but neither the repo's scripts nor its Ingresses use it"
                              + (f"; they use '{close}'." if close else "."),
                      fix=f"change '{host}' to '{close}'" if close else None)


_OVERLAY_STOP = frozenset("to the a an this that each any one your our its which same other new another from into "
                          "of per every".split())


def _overlay(ctx: Context, claim: Claim) -> Iterator[Finding]:
    value = clean(claim.value).rstrip("/")
    overlays = ctx.facts.overlays
    if not overlays or re.fullmatch(r"[A-Z][a-z]+", value):
        return  # "This overlay...": a capitalised word is prose, overlay directories are lower-case names
    if value.lower() in _OVERLAY_STOP and f"`{value}`" not in (claim.text or ""):
        return  # "switch to overlay `x`": the word before "overlay" is prose
    for ov in overlays:
        if ov.path == value or ov.path.rsplit("/", 1)[-1] == value or ov.path.endswith("/" + value):
            ctx.verify(claim, ov.path, [Evidence(ov.source.path, ov.source.line, "kustomization")], f"overlay {ov.path}")
            return
    names = [ov.path for ov in overlays]
    close = _closest(value, names) or _closest(value, [n.rsplit("/", 1)[-1] for n in names])
    yield ctx.finding(ID, SEVERITY, "structure", claim=claim, actual=close or names,
                      evidence=[Evidence(ov.source.path, ov.source.line, ov.path) for ov in overlays[:3]],
                      message=f"The doc names overlay '{value}', which does not exist; overlays: {', '.join(names)}.")


def _closest(value: str, options: list[str]) -> str | None:
    import difflib

    if not options:
        return None
    got = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    return got[0] if got else None


# ---------------------------------------------------------------------------------------------
# Blocks: YAML objects, values excerpts, Chart.yaml excerpts
# ---------------------------------------------------------------------------------------------


def _field_line(claim: Claim, path: str) -> int:
    lines = (claim.extra or {}).get("field_lines") or {}
    probe = path
    while probe:
        if probe in lines:
            return int(lines[probe])
        if "[" in probe and probe.endswith("]"):
            probe = probe[: probe.rfind("[")]
            continue
        probe = probe.rpartition(".")[0]
    return claim.doc.line


def _sub_claim(doc: DocView, claim: Claim, line: int, field: str, value: Any) -> Claim:
    """A single-line claim for one field of a block, with the span of the value on that line."""
    text = doc.line_text(line)
    span = None
    sval = str(value)
    if sval and text:
        idx = text.rfind(sval)
        if idx >= 0 and (":" in text[:idx] or "-" in text[:idx]):
            span = (idx, idx + len(sval))
    ref = DocRef(claim.doc.path, line, line, claim.doc.section)
    return Claim(ref, claim.form, claim.area, claim.subject, field, value, text, span, dict(claim.extra or {}))


def find_real_object(ctx: Context, kind: str, name: str | None, path_comment: str | None,
                     claim: Claim | None = None) -> list[K8sObject]:
    same_kind = ctx.of_kind(kind)
    if not same_kind:
        return []
    if path_comment:
        pc = path_comment.lstrip("./")
        by_file = [o for o in same_kind if o.source.path == pc or o.source.path.endswith("/" + pc)]
        if name:
            exact = [o for o in by_file if o.name == name]
            if exact:
                return exact
        if len(by_file) == 1 and not name:
            return by_file
    if name:
        exact = ctx.named(kind, name)
        if exact:
            return exact
        match = ctx.matcher.resolve(name, {kind})
        if match and match.score >= 0.85:
            return match.objects
        return []
    if len(same_kind) == 1:
        return same_kind
    return []


def _yaml_object(ctx: Context, doc: DocView, claim: Claim) -> Iterator[Finding]:
    body = claim.value
    if not isinstance(body, dict) or not isinstance(body.get("kind"), str):
        return
    kind = body["kind"]
    name = F.get(body, "metadata.name")
    name = name if isinstance(name, str) and "{{" not in name else None
    extra = claim.extra or {}
    reals = find_real_object(ctx, kind, name, extra.get("path_comment"), claim)
    if not reals:
        return
    scope = ctx.scope(claim, doc)
    if extra.get("path_comment"):
        pc = str(extra["path_comment"]).lstrip("./")
        from_file = [o for o in reals if o.source.path == pc or o.source.path.endswith("/" + pc)]
        if from_file:
            scope.order = _dedupe_list([from_file[0].origin, *scope.order])
    by_origin: dict[str, K8sObject] = {}
    for obj in reals:
        by_origin.setdefault(obj.origin, obj)
    primary = next((o for o in scope.order if o in by_origin), None)
    if primary is None:
        return
    real = by_origin[primary]
    fields_checked = 0
    for field in YAML_COMPARE_FIELDS:
        doc_vals = [fv for fv in F.field_values(kind, body, field) if not fv.default]
        if not doc_vals:
            continue
        real_vals = F.field_values(real.kind, real.body, field)
        for dv in doc_vals:
            if _unusable(dv.value):
                continue
            fields_checked += 1
            candidates = _aligned(dv, real_vals, body, real.body) or ([] if field in ("env",) else real_vals)
            if field == "env":
                candidates = real_vals
            line = _field_line(claim, dv.path)
            sub = _sub_claim(doc, claim, line, field, dv.value)
            label = f"{kind} {name or real.name}"
            if any(same(field, dv.value, rv.value) for rv in candidates):
                rv = next(rv for rv in candidates if same(field, dv.value, rv.value))
                ctx.verify(sub, rv.value, ctx.evidence_for(real, rv), f"{label} {dv.path} matches {real.source.path}")
                continue
            other = _other_origin_match(ctx, reals, primary, field, dv)
            if not candidates:
                if field in ("replicas", "strategy", "service-type"):
                    continue
                msg = (f"The doc's {label} sets {dv.path} = {show(dv.value)}; {origin_phrase(primary)} "
                       f"{real.kind} {real.name} without it ({real.source.path}:{real.source.line}).")
                sev = "info" if other else SEVERITY
                yield ctx.finding(ID, sev, claim.area or "workloads", claim=sub, field_name=field,
                                  doc_value=dv.value, actual=None, evidence=ctx.evidence_for(real), message=msg,
                                  key=dv.path)
                continue
            rv = candidates[0]
            actual = rv.value if len(candidates) == 1 else [c.value for c in candidates]
            evidence = ctx.evidence_for(real, rv)
            if other:
                oobj, ofv = other
                msg = (f"The doc's {label} sets {dv.path} = {show(dv.value)}: that is what "
                       f"{origin_phrase(oobj.origin)}, but {origin_phrase(primary)} {show(actual)}"
                       f"{_prov(real, rv)}.")
                yield ctx.finding(ID, "info", claim.area or "workloads", claim=sub, field_name=field,
                                  doc_value=dv.value, actual=actual, evidence=evidence + ctx.evidence_for(oobj, ofv),
                                  message=msg, key=dv.path)
                continue
            msg = (f"The doc's {label} sets {dv.path} = {show(dv.value)}; {origin_phrase(primary)} "
                   f"{show(actual)}{_prov(real, rv)}.")
            yield ctx.finding(ID, SEVERITY, claim.area or _area_of(field), claim=sub, field_name=field,
                              doc_value=dv.value, actual=actual, evidence=evidence, message=msg,
                              fix=f"change {show(dv.value)} to {show(actual)}", key=dv.path)
    yield from _volumes(ctx, doc, claim, body, real, primary)


def _area_of(field: str) -> str:
    if field.startswith("probe."):
        return "probes"
    if field.startswith(("cpu-", "memory-")):
        return "resources"
    if field.startswith(("service-", "node-", "target-", "ingress-", "tls-")):
        return "exposure"
    if field.startswith(("storage-", "access-")):
        return "storage"
    if field.startswith(("hpa-", "pdb-")):
        return "autoscaling"
    return "workloads"


def _aligned(dv: F.FieldValue, real_vals: list[F.FieldValue], doc_body: Any, real_body: Any) -> list[F.FieldValue]:
    """Real values at the same place: same container (by name), same port index..."""
    if dv.container:
        same_c = [rv for rv in real_vals if rv.container == dv.container]
        if same_c:
            exact = [rv for rv in same_c if rv.path.split(".")[-1] == dv.path.split(".")[-1]
                     and _strip_container(rv.path) == _strip_container(dv.path)]
            return exact or same_c
        return []
    exact = [rv for rv in real_vals if rv.path == dv.path]
    return exact or real_vals


def _strip_container(path: str) -> str:
    import re

    return re.sub(r"containers\[\d+\]", "containers[]", path)


def _other_origin_match(ctx: Context, reals: list[K8sObject], primary: str, field: str, dv: F.FieldValue):
    for obj in reals:
        if obj.origin == primary:
            continue
        for fv in F.field_values(obj.kind, obj.body, field):
            if same(field, dv.value, fv.value):
                return obj, fv
    return None


def _volumes(ctx: Context, doc: DocView, claim: Claim, body: dict, real: K8sObject, primary: str) -> Iterator[Finding]:
    prefix = F.pod_spec_path(real.kind)
    if not prefix:
        return
    doc_vols = F.get(body, f"{prefix}.volumes")
    real_vols = F.get(real.body, f"{prefix}.volumes") or []
    if not isinstance(doc_vols, list):
        return
    real_names = {v.get("name") for v in real_vols if isinstance(v, dict)}
    for i, vol in enumerate(doc_vols):
        if not isinstance(vol, dict) or not isinstance(vol.get("name"), str):
            continue
        path = f"{prefix}.volumes[{i}]"
        line = _field_line(claim, f"{path}.name")
        sub = _sub_claim(doc, claim, line, "volume", vol["name"])
        if vol["name"] in real_names:
            ctx.verify(sub, vol["name"], ctx.evidence_for(real), f"volume {vol['name']} exists in {real.ref}",
                       field_name="volume")
            continue
        yield ctx.finding(ID, SEVERITY, "storage", claim=sub, field_name="volume", doc_value=vol["name"],
                          actual=sorted(n for n in real_names if n), evidence=ctx.evidence_for(real),
                          message=f"The doc's {real.kind} {real.name} mounts volume '{vol['name']}'; "
                                  f"{origin_phrase(primary)} volumes "
                                  f"{', '.join(sorted(n for n in real_names if n)) or '(none)'}.",
                          key=path)


def _dedupe_list(items: list[str]) -> list[str]:
    out: list[str] = []
    for i in items:
        if i not in out:
            out.append(i)
    return out


def _flatten(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        if not value and prefix:
            yield prefix, value
        for k, v in value.items():
            name = str(k).replace(".", "\\.")  # `server.insecure:` is one key, not two levels
            key = f"{prefix}.{name}" if prefix else name
            yield from _flatten(v, key)
    else:
        yield prefix, value


def _values_source(ctx: Context, claim: Claim):
    """(values tree, lines, file path, chart) the excerpt should be compared with."""
    chart = _pick_chart(ctx, claim)
    pc = (claim.extra or {}).get("path_comment")
    if pc and ctx.facts.repo:
        pc = str(pc).lstrip("./")
        base = os.path.basename(pc)
        if base not in ("values.yaml", "values.yml") or "/" in pc:
            candidates = [pc] + ([f"{c.path}/{pc}" for c in ctx.facts.charts])
            for cand in candidates:
                full = os.path.join(ctx.facts.repo, cand)
                if os.path.isfile(full) and os.path.basename(cand) not in ("values.yaml", "values.yml"):
                    try:
                        with open(full, encoding="utf-8") as fh:
                            text = fh.read()
                        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
                    except (OSError, yaml.YAMLError, UnicodeDecodeError):
                        return None
                    if isinstance(data, dict):
                        return data, _line_scan(text), cand, chart
    if chart is None:
        return None
    return chart.values, chart.values_lines, f"{chart.path}/values.yaml" if chart.path else "values.yaml", chart


def _line_scan(text: str) -> dict[str, int]:
    """Rough dotted key -> line map of a YAML mapping file by indentation."""
    out: dict[str, int] = {}
    stack: list[tuple[int, str]] = []
    for n, raw in enumerate(text.splitlines(), 1):
        stripped = raw.lstrip()
        if not stripped or stripped.startswith(("#", "-")) or ":" not in stripped:
            continue
        indent = len(raw) - len(stripped)
        key = stripped.split(":", 1)[0].strip().strip("'\"")
        while stack and stack[-1][0] >= indent:
            stack.pop()
        dotted = ".".join([k for _, k in stack] + [key])
        out.setdefault(dotted, n)
        stack.append((indent, key))
    return out


def _values_excerpt(ctx: Context, doc: DocView, claim: Claim) -> Iterator[Finding]:
    if not isinstance(claim.value, dict):
        return
    source = _values_source(ctx, claim)
    if source is None:
        return
    values, lines, vpath, chart = source
    defaults = _states_defaults(ctx, doc, claim)
    history = _history_section(ctx, claim)
    for key, dval in _flatten(claim.value):
        if not key:
            continue
        raw_key, key = key, key.replace("\\.", ".")  # display and line lookups use the plain dotted form
        line = _field_line(claim, key)
        sub = _sub_claim(doc, claim, line, "values-key", dval if not isinstance(dval, (dict, list)) else key)
        found, rval = values_lookup(values, raw_key)
        ev = [Evidence(vpath, lines.get(key, 0), key)]
        if not found:
            if (chart is not None and _schema_allows(chart, raw_key)) or history:
                continue
            close = _closest(key, sorted(lines))
            yield ctx.finding(ID, SEVERITY, "helm", claim=sub, field_name="values-key", doc_value=key, actual=close,
                              evidence=[Evidence(vpath, lines.get(close, 0) if close else 0, close or "")],
                              message=f"The doc's values excerpt sets `{key}`, which {os.path.basename(vpath)} "
                                      f"does not define" + (f"; did you mean `{close}`?" if close else "."),
                              key=key)
            continue
        if isinstance(dval, str) and ("{{" in dval or dval.strip().startswith("<")):
            continue
        if not defaults:
            ctx.verify(sub, key, ev, f"values key {key} exists (the excerpt is an example override)")
            continue
        if isinstance(dval, list) or isinstance(rval, list):
            if isinstance(dval, list) and isinstance(rval, list) and len(dval) == len(rval) and all(
                    scalar_equal(a, b) for a, b in zip(dval, rval)):
                ctx.verify(sub, rval, ev, f"values {key}")
            continue
        if isinstance(dval, dict) or isinstance(rval, dict):
            continue
        if scalar_equal(dval, rval) or (dval is None and rval in ("", None)):
            ctx.verify(sub, rval, ev, f"values {key} = {show(rval)}")
            continue
        yield ctx.finding(ID, SEVERITY, _values_area(key), claim=sub, field_name="values-key",
                          doc_value=f"{key}: {show(dval)}", actual=rval, evidence=ev,
                          message=f"The doc's values excerpt sets `{key}: {show(dval)}`; "
                                  f"{os.path.basename(vpath)}:{lines.get(key, 0)} sets {show(rval)}.",
                          fix=f"change {show(dval)} to {show(rval)}", key=key)


def _values_area(key: str) -> str:
    low = key.lower()
    for words, area in ((("probe",), "probes"), (("resources", "cpu", "memory"), "resources"),
                        (("autoscaling", "hpa", "replicas"), "autoscaling" if "autoscal" in low else "workloads"),
                        (("persistence", "storage", "pvc", "volume"), "storage"),
                        (("service", "ingress", "port", "host"), "exposure"),
                        (("image",), "workloads"), (("networkpolic",), "networking")):
        if any(w in low for w in words):
            return area
    return "helm"


def _chart_yaml(ctx: Context, doc: DocView, claim: Claim) -> Iterator[Finding]:
    data = claim.value
    if not isinstance(data, dict) or not ctx.facts.charts:
        return
    chart = None
    if isinstance(data.get("name"), str):
        chart = next((c for c in ctx.facts.charts if c.name == data["name"]), None)
    chart = chart or _pick_chart(ctx, claim)
    if chart is None:
        return
    real = {"name": chart.name, "version": chart.version, "appVersion": chart.app_version,
            "apiVersion": chart.api_version, "type": chart.type, "description": chart.description}
    for key in ("name", "version", "appVersion", "apiVersion", "type"):
        if key not in data or real.get(key) is None:
            continue
        line = _field_line(claim, key)
        field = {"name": "chart-name", "version": "chart-version", "appVersion": "app-version"}.get(key, key)
        sub = _sub_claim(doc, claim, line, field, data[key])
        ev = [Evidence(chart.source.path, chart.source.line, f"Chart.yaml {key}")]
        if scalar_equal(data[key], real[key]) or clean(data[key]) == clean(real[key]):
            ctx.verify(sub, real[key], ev, f"Chart.yaml {key}")
            continue
        yield ctx.finding(ID, SEVERITY, "helm", claim=sub, field_name=field, doc_value=data[key], actual=real[key],
                          evidence=ev, message=f"The doc's Chart.yaml says {key}: {show(data[key])}; the chart's "
                                               f"Chart.yaml says {show(real[key])}.",
                          fix=f"change {show(data[key])} to {show(real[key])}", key=key)
    deps = data.get("dependencies")
    if isinstance(deps, list):
        real_deps = {d.name: d for d in chart.dependencies}
        for i, dep in enumerate(deps):
            if not isinstance(dep, dict) or not isinstance(dep.get("name"), str):
                continue
            line = _field_line(claim, f"dependencies[{i}].name")
            sub = _sub_claim(doc, claim, line, "chart-dependency", dep["name"])
            ev = [Evidence(chart.source.path, chart.source.line, "Chart.yaml dependencies")]
            rd = real_deps.get(dep["name"])
            if rd is None:
                yield ctx.finding(ID, SEVERITY, "helm", claim=sub, field_name="chart-dependency",
                                  doc_value=dep["name"], actual=sorted(real_deps), evidence=ev,
                                  message=f"The doc's Chart.yaml lists dependency '{dep['name']}'; the chart has "
                                          f"{', '.join(sorted(real_deps)) or 'no dependencies'}.", key=f"dep{i}")
            elif dep.get("version") is not None and rd.version and clean(dep["version"]) != clean(rd.version):
                yield ctx.finding(ID, SEVERITY, "helm", claim=sub, field_name="chart-dependency",
                                  doc_value=f"{dep['name']} {dep['version']}", actual=f"{rd.name} {rd.version}",
                                  evidence=ev, message=f"The doc's Chart.yaml pins {dep['name']} {dep['version']}; "
                                                       f"the chart pins {rd.version}.", key=f"depv{i}")
            else:
                ctx.verify(sub, rd.name, ev, f"dependency {rd.name}")


# ---------------------------------------------------------------------------------------------
# Configuration values: ConfigMap data and literal env values
# ---------------------------------------------------------------------------------------------


def _config_values(ctx: Context) -> dict[str, list[tuple[K8sObject, str, Any]]]:
    """key -> [(object, path, value)] for ConfigMap data and literal container env values (built once)."""
    cached = getattr(ctx, "_config_values", None)
    if cached is not None:
        return cached
    out: dict[str, list[tuple[K8sObject, str, Any]]] = {}
    for obj in ctx.objects:
        body = obj.body if isinstance(obj.body, dict) else {}
        if obj.kind == "ConfigMap" and isinstance(body.get("data"), dict):
            for key, value in body["data"].items():
                out.setdefault(str(key), []).append((obj, f"data.{key}", value))
        for path, c in F.containers(obj.kind, body):
            for j, env in enumerate(c.get("env") or []):
                if isinstance(env, dict) and env.get("name") and "value" in env:
                    out.setdefault(str(env["name"]), []).append((obj, f"{path}.env[{j}].value", env.get("value")))
    ctx._config_values = out  # type: ignore[attr-defined]
    return out


def _configmap_value(ctx: Context, doc: DocView, claim: Claim) -> Iterator[Finding]:
    """`LOG_LEVEL` is `info`: compare with ConfigMap data (and literal container env values)."""
    extra = claim.extra or {}
    if claim.field == "env":
        key, value = clean(claim.value), extra.get("value")
    else:
        key = extra.get("key") or extra.get("configmap-key") or extra.get("name") or claim.subject
        value = claim.value
    if not key or value is None or _unusable(value):
        return
    key = clean(key)
    cm_name = extra.get("configmap")
    found = list(_config_values(ctx).get(key, []))
    if not found:
        return
    if cm_name:  # prefer the named ConfigMap when it exists (a wrong name is reported on its own)
        named = [x for x in found if x[0].kind != "ConfigMap" or x[0].name == cm_name
                 or ctx.matcher.resolve(str(cm_name), {"ConfigMap"}, threshold=0.95)]
        found = named or found
    scope = ctx.scope(claim, doc)
    primary = next((o for o in scope.order if any(obj.origin == o for obj, _p, _v in found)), None)
    pvals = [(o, p, v) for o, p, v in found if o.origin == primary]
    fv = lambda p, v: F.FieldValue(v, p)  # noqa: E731
    hit = next(((o, p, v) for o, p, v in pvals if scalar_equal(value, v)), None)
    if hit:
        ctx.verify(claim, hit[2], ctx.evidence_for(hit[0], fv(hit[1], hit[2])),
                   f"{key} = {show(hit[2])} in {hit[0].kind} {hit[0].name}", field_name="configmap-value")
        return
    other = next(((o, p, v) for o, p, v in found if o.origin != primary and scalar_equal(value, v)), None)
    if _says_default(claim, doc):
        other = None
    obj, path, actual = pvals[0]
    evidence = ctx.evidence_for(obj, fv(path, actual))
    if other:
        evidence += ctx.evidence_for(other[0], fv(other[1], other[2]))
        yield ctx.finding(ID, "info", claim.area or "config", claim=claim, field_name="configmap-value",
                          doc_value=value, actual=actual, evidence=evidence, key=key,
                          message=f"The doc says {key} is {show(value)}: that is what {origin_phrase(other[0].origin)},"
                                  f" but {origin_phrase(primary)} {show(actual)}{_prov(obj, fv(path, actual))}.")
        return
    yield ctx.finding(ID, SEVERITY, claim.area or "config", claim=claim, field_name="configmap-value",
                      doc_value=value, actual=actual, evidence=evidence, key=key,
                      message=f"The doc says {key} is {show(value)}; {origin_phrase(primary)} {show(actual)}"
                              f"{_prov(obj, fv(path, actual))}.", fix=f"change {show(value)} to {show(actual)}")
