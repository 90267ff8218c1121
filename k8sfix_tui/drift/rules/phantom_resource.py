"""phantom-resource: the document describes something the repository does not deploy.

Fires for component/technology mentions (Kafka, Istio, Elasticsearch...) that appear nowhere in the
repository's objects (names, labels, images, annotations), charts (dependencies, values), files or
commands; for Kubernetes kinds the repository has no object of (a ServiceMonitor, a VirtualService, an
HPA...); and for YAML objects quoted in the document that match no real object.

Not a phantom: a mention in a negation or an aside ("we do not use Istio", "instead of Kafka",
"e.g. Redis"), in a section about alternatives, future work, prerequisites or references, kinds the
cluster creates on its own (ReplicaSet, Pod, Endpoints, PersistentVolume for a PVC, Job for a
CronJob), and Secrets/ConfigMaps the workloads reference (they may be created out of band).

Severity: error.

Wrong (no Istio object in the repository):

    ## Service mesh
    Traffic is routed by an Istio VirtualService.

Right: remove the section, or say "We do not use a service mesh."
"""

from __future__ import annotations

import os
import re
from typing import Any, Iterator

from ...model import Claim, Evidence, Finding
from .. import fields as F
from ..context import Context, DocView
from ..matcher import singular, tokens
from ..values import clean
from . import value_mismatch as VM

ID = "phantom-resource"
SEVERITY = "error"

NEGATION = re.compile(
    r"\b(not|no|never|without|don't|doesn't|isn't|aren't|won't|instead|rather than|replac\w*|removed?|deprecated|"
    r"future|planned|roadmap|consider\w*|could|might|may|optional\w*|alternatives?|e\.g\.|such as|for example|"
    r"if you|unless|external|managed|outside|hosted|nor|neither|previously|formerly|legacy|migrat\w*|"
    r"like|compatible|similar|whether|eventually|someday|later|todo)\b",
    re.I,
)
CONTEXT_SECTIONS = re.compile(
    r"(alternative|future|roadmap|not used|out of scope|non-goal|comparison|faq|history|changelog|reference|"
    r"further reading|see also|related|prerequisite|requirement|before you begin|limitation|known issue|"
    r"troubleshoot|cleanup|clean up|tear ?down|appendix|glossary|acknowledg|credits|license|background|"
    r"what'?s next|next steps|learn more|considerations|optional|extension|bonus)",
    re.I,
)
TOOLS = frozenset(
    "kubernetes k8s kubectl helm docker minikube kind k3s k3d kustomize git github gitlab make bash shell linux "
    "macos windows python node nodejs go golang java yaml json terraform ansible curl jq openssl aws gcp azure "
    "gke eks aks openshift podman containerd cri-o etcd coredns kube-proxy kubelet skaffold tilt".split()
)
IMPLIED_KINDS = {
    "Pod": ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "ReplicationController"),
    "ReplicaSet": ("Deployment",),
    "Job": ("CronJob",),
    "Endpoints": ("Service",),
    "EndpointSlice": ("Service",),
    "PersistentVolume": ("PersistentVolumeClaim", "StatefulSet"),
    "PersistentVolumeClaim": ("StatefulSet",),
    "Container": ("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod", "ReplicationController"),
    "Namespace": (),
    "Node": (),
    "ServiceAccount": (),
    "Event": (),
    "Volume": ("Deployment", "StatefulSet", "Pod"),
}
KIND_ALIASES = {
    "hpa": "HorizontalPodAutoscaler", "pdb": "PodDisruptionBudget", "pvc": "PersistentVolumeClaim",
    "pv": "PersistentVolume", "crd": "CustomResourceDefinition", "netpol": "NetworkPolicy",
    "sts": "StatefulSet", "ds": "DaemonSet", "deploy": "Deployment", "svc": "Service", "cm": "ConfigMap",
    "ing": "Ingress", "sa": "ServiceAccount", "rc": "ReplicationController", "ns": "Namespace",
    "horizontalpodautoscaler": "HorizontalPodAutoscaler", "poddisruptionbudget": "PodDisruptionBudget",
    "persistentvolumeclaim": "PersistentVolumeClaim", "persistentvolume": "PersistentVolume",
    "networkpolicy": "NetworkPolicy", "statefulset": "StatefulSet", "daemonset": "DaemonSet",
    "deployment": "Deployment", "service": "Service", "configmap": "ConfigMap", "secret": "Secret",
    "ingress": "Ingress", "cronjob": "CronJob", "job": "Job", "pod": "Pod", "servicemonitor": "ServiceMonitor",
    "podmonitor": "PodMonitor", "virtualservice": "VirtualService", "destinationrule": "DestinationRule",
    "gateway": "Gateway", "httproute": "HTTPRoute", "prometheusrule": "PrometheusRule",
    "certificate": "Certificate", "issuer": "Issuer", "clusterissuer": "ClusterIssuer",
    "replicaset": "ReplicaSet", "replicationcontroller": "ReplicationController", "namespace": "Namespace",
    "serviceaccount": "ServiceAccount", "role": "Role", "rolebinding": "RoleBinding",
    "clusterrole": "ClusterRole", "clusterrolebinding": "ClusterRoleBinding", "storageclass": "StorageClass",
    "ingressclass": "IngressClass", "verticalpodautoscaler": "VerticalPodAutoscaler", "vpa":
    "VerticalPodAutoscaler", "scaledobject": "ScaledObject", "sealedsecret": "SealedSecret",
    "externalsecret": "ExternalSecret", "limitrange": "LimitRange", "resourcequota": "ResourceQuota",
}
TECH_ALIASES = {
    "postgresql": ("postgres", "postgresql", "pg", "psql", "pgsql"),
    "postgres": ("postgres", "postgresql", "pg", "psql"),
    "elasticsearch": ("elasticsearch", "elastic", "opensearch"),
    "mongodb": ("mongodb", "mongo"),
    "rabbitmq": ("rabbitmq", "rabbit", "amqp"),
    "argocd": ("argocd", "argo-cd", "argo"),
    "argo": ("argo", "argoproj", "argocd"),
    "flux": ("flux", "fluxcd"),
    "vault": ("vault",),
    "nginx": ("nginx", "ingress-nginx"),
    "cert-manager": ("cert-manager", "certmanager", "cert-manager.io"),
    "prometheus": ("prometheus", "prometheus.io", "servicemonitor", "monitoring.coreos.com"),
    "istio": ("istio", "istio.io"),
    "linkerd": ("linkerd", "linkerd.io"),
    "redis": ("redis", "valkey"),
    "memcached": ("memcached",),
}


def check(ctx: Context) -> Iterator[Finding]:
    hay = ctx.__dict__.get("_haystack")
    if hay is None:
        hay = ctx.__dict__["_haystack"] = Haystack(ctx)
    for doc in ctx.docs:
        seen_names: set[str] = set()
        for claim in doc.claims:
            name = object_name_subject(ctx, claim)
            kinds = F.kinds_for(claim.field) or frozenset()
            if name and name not in seen_names and kinds and kinds <= NAMED_KINDS:
                seen_names.add(name)
                yield from _named_object(ctx, doc, claim, name)
            if claim.field == "component":
                yield from _component(ctx, doc, claim, hay)
            elif claim.field == "object-kind":
                yield from _kind(ctx, doc, claim, hay)
            elif claim.field == "yaml-object":
                yield from _yaml_object(ctx, doc, claim, hay)


def in_aside(doc: DocView, claim: Claim) -> bool:
    """Negation, hedge or aside around the mention, or a section about alternatives/future/prereqs."""
    text = claim.text or ""
    if NEGATION.search(text):
        return True
    if (claim.extra or {}).get("negated") or (claim.extra or {}).get("context") in ("negated", "future",
                                                                                      "alternative"):
        return True
    return any(CONTEXT_SECTIONS.search(t or "") for t in doc.section_titles(claim.doc.line)[:3])


class Haystack:
    """Every name-ish string in the repository, tokenised once."""

    def __init__(self, ctx: Context) -> None:
        strings: list[str] = []
        for obj in ctx.objects:
            strings.append(obj.name)
            strings.append(obj.kind)
            strings.append(obj.api_version or "")
            body = obj.body if isinstance(obj.body, dict) else {}
            for key in ("metadata.labels", "metadata.annotations", "spec.template.metadata.labels",
                        "spec.template.metadata.annotations"):
                meta = F.get(body, key)
                if isinstance(meta, dict):
                    for k, v in meta.items():
                        strings.append(str(k))
                        if isinstance(v, str) and len(v) < 200:
                            strings.append(v)
            for _path, c in F.containers(obj.kind, body, include_init=True):
                strings.append(str(c.get("name", "")))
                strings.append(str(c.get("image", "")))
                for e in c.get("env") or []:
                    if isinstance(e, dict):
                        strings.append(str(e.get("name", "")))
                        if isinstance(e.get("value"), str) and len(e["value"]) < 200:
                            strings.append(e["value"])
                strings.extend(str(x) for x in (c.get("command") or []) + (c.get("args") or [])
                               if isinstance(x, str) and len(x) < 200)
            spec = body.get("spec") if isinstance(body.get("spec"), dict) else {}
            for k in ("ingressClassName", "storageClassName", "serviceName", "externalName"):
                if isinstance(spec.get(k), str):
                    strings.append(spec[k])
            if obj.kind == "Ingress":
                for fv in F.field_values("Ingress", body, "ingress-host"):
                    strings.append(str(fv.value))
            if obj.kind == "ConfigMap" and isinstance(body.get("data"), dict):
                strings.extend(str(k) for k in body["data"])
                strings.extend(v[:2000] for v in body["data"].values() if isinstance(v, str))
        for chart in ctx.facts.charts:
            strings.append(chart.name)
            strings.extend(d.name for d in chart.dependencies)
            strings.extend(chart.values_lines)
            strings.extend(str(v) for _k, v in _leaves(chart.values) if isinstance(v, str) and len(v) < 200)
        strings.extend(ctx.files)
        strings.extend(c.text for c in ctx.facts.commands)
        strings.extend(t.name for t in ctx.facts.make_targets)
        strings.extend(v.value for v in ctx.facts.make_variables)
        strings.extend(h.hostname for h in ctx.facts.hosts_entries)
        self.text = "\n".join(s for s in strings if s).lower()
        words = set(w for w in re.split(r"[^a-z0-9]+", self.text) if w)
        camel = {t for s in set(strings) if s and len(s) <= 100 and s != s.lower() for t in tokens(s)}
        self.tokens: set[str] = words | {singular(w) for w in words} | camel
        self.kinds = {o.kind for o in ctx.objects}
        self._root = getattr(ctx.facts, "repo", None)
        self._files = sorted(ctx.files)
        self._file_text: str | None = None
        self._file_tokens: set[str] | None = None
        self._file_kinds: set[str] | None = None

    def _load_files(self) -> None:
        """Text of the repository's non-Markdown source files (templates behind conditions, compose files,
        CI, CUE/Jsonnet modules...), read once on first need and bounded in size."""
        chunks: list[str] = []
        kinds: set[str] = set()
        total = 0
        root = self._root
        if root and os.path.isdir(root):
            for rel in self._files:
                low = rel.lower()
                base = low.rsplit("/", 1)[-1]
                if any(part in _VENDOR_DIRS for part in low.split("/")[:-1]):
                    continue
                ext = base.rsplit(".", 1)[-1] if "." in base else ""
                if ext not in _TEXT_EXTS and base not in _TEXT_NAMES and not base.startswith("dockerfile"):
                    continue
                try:
                    with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as fh:
                        text = fh.read(_MAX_FILE)
                except OSError:
                    continue
                if ext in ("yaml", "yml", "tpl", "json"):
                    kinds.update(_KIND_LINE.findall(text))
                chunks.append(text.lower())
                total += len(text)
                if total > _MAX_TOTAL:
                    break
        self._file_text = "\n".join(chunks)
        words = set(w for w in re.split(r"[^a-z0-9]+", self._file_text) if w)
        self._file_tokens = words | {singular(w) for w in words}
        self._file_kinds = kinds

    def kind_in_files(self, kind: str) -> bool:
        """A `kind: X` line in any YAML/template file (a chart template behind a condition counts)."""
        if self._file_kinds is None:
            self._load_files()
        return kind in (self._file_kinds or set())

    def _in_files(self, variants: set[str]) -> bool:
        if self._file_text is None:
            self._load_files()
        text, toks = self._file_text or "", self._file_tokens or set()
        for v in variants:
            parts = [t for t in re.split(r"[^a-z0-9]+", v) if t]
            if not parts:
                continue
            if re.search(r"[^a-z0-9]", v):
                if v in text or all(t in toks or singular(t) in toks for t in parts):
                    return True
            elif v in toks or (len(v) >= 5 and v in text):
                return True
        return False

    def has(self, name: str) -> bool:
        low = clean(name).lower()
        variants = set(TECH_ALIASES.get(low, ())) | {low}
        compact = low.replace(" ", "")
        variants.add(compact)
        variants.add(compact.replace("-", ""))  # argo-cd / argocd
        for v in variants:
            if not v:
                continue
            if re.search(r"[^a-z0-9]", v):
                if v in self.text:
                    return True
                toks = [t for t in re.split(r"[^a-z0-9]+", v) if t]
                if toks and all(t in self.tokens or singular(t) in self.tokens
                                or any(a in self.tokens for a in TECH_ALIASES.get(t, ())) for t in toks):
                    return True
            elif v in self.tokens or (len(v) >= 5 and v in self.text):
                return True
        return self._in_files(variants)


_VENDOR_DIRS = frozenset({"node_modules", "vendor", ".git", "third_party", "dist", "build", "target", "__pycache__",
                          ".venv", "venv"})
_TEXT_EXTS = frozenset({"yaml", "yml", "tpl", "json", "cue", "jsonnet", "libsonnet", "toml", "tf", "hcl", "sh", "bash",
                        "env", "conf", "cfg", "ini", "properties", "mk", "nix", "star", "example", "sample",
                        "txt", "xml", "gotmpl", "j2"})
_TEXT_NAMES = frozenset({"makefile", "tiltfile", "procfile", "justfile", "taskfile", ".env"})
_MAX_FILE = 256 * 1024
_MAX_TOTAL = 32 * 1024 * 1024
_KIND_LINE = re.compile(r"^\s*-?\s*kind:\s*[\"']?([A-Z][A-Za-z0-9]+)", re.M)


def _leaves(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value[:50]):
            yield from _leaves(v, f"{prefix}[{i}]")
    else:
        yield prefix, value


TECHNOLOGIES = frozenset(
    "kafka zookeeper rabbitmq nats pulsar activemq redis valkey memcached postgres postgresql mysql mariadb mongodb "
    "mongo cassandra couchdb couchbase cockroachdb clickhouse influxdb timescaledb neo4j elasticsearch opensearch "
    "solr kibana logstash fluentd fluent-bit fluentbit loki promtail tempo jaeger zipkin opentelemetry otel "
    "prometheus alertmanager grafana thanos cortex mimir victoriametrics datadog newrelic sentry nginx traefik "
    "haproxy envoy contour kong ambassador istio linkerd consul cilium calico cert-manager external-dns "
    "argocd argo flux fluxcd vault sealed-secrets external-secrets keda knative velero minio keycloak "
    "celery sidekiq airflow spark flink hadoop jenkins tekton harbor nexus sonarqube".split()
)


def is_technology(claim: Claim, name: str) -> bool:
    """A named technology (from the extractor's known list or ours), not any capitalised word."""
    extra = claim.extra or {}
    if extra.get("canonical") or extra.get("technology"):
        return True
    low = name.lower()
    return low in TECHNOLOGIES or any(t in TECHNOLOGIES for t in re.split(r"[^a-z0-9]+", low) if t)


def _component(ctx: Context, doc: DocView, claim: Claim, hay: Haystack) -> Iterator[Finding]:
    name = clean(claim.value)
    if not name or name.lower() in TOOLS or not ctx.objects or not is_technology(claim, name):
        return
    if hay.has(name):
        ctx.verify(claim, name, [], f"{name} appears in the repository", field_name="component")
        return
    written = str((claim.extra or {}).get("written") or name)
    if in_link_text(claim, written):
        return
    sentence = _sentence(doc, claim, written)
    if NEGATION.search(sentence) or PREREQUISITE.search(sentence):
        return  # "When KEDA brings its own ScaledObject": a hedge or a prerequisite in the same sentence
    titles = doc.section_titles(claim.doc.line)[:1] if claim.doc else []
    if any(re.search(r"\b(with|using|via|into|for|and)\s+(the\s+)?" + re.escape(written), t or "", re.I) for t in titles):
        return  # "## Install with Argo Rollouts": a guide to using this project next to another tool
    match = ctx.matcher.resolve(name, threshold=0.9)
    if match:
        ctx.verify(claim, name, ctx.evidence_for(match.objects[0]), match.how, field_name="component")
        return
    if in_aside(doc, claim):
        return
    yield ctx.finding(ID, SEVERITY, claim.area or "workloads", claim=claim, field_name="component",
                      doc_value=name, actual=None,
                      message=f"The doc describes {name}, but nothing in the repository deploys or configures it "
                              f"(no object, image, label, chart dependency, values key or file mentions it).",
                      fix=f"remove the {name} content or mark it as not part of this deployment")


NAMED_KINDS = F.WORKLOAD_KINDS | {"Service", "Ingress"}
_DNS = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")


def object_name_subject(ctx: Context, claim: Claim) -> str | None:
    """A subject written as an object name carrying the product/release prefix (`larkspur-grafana`)."""
    subject = clean(claim.subject or "")
    if not subject or not _DNS.match(subject) or "-" not in subject or not ctx.matcher.common:
        return None
    parts = subject.split("-")
    if not any(p in ctx.matcher.common for p in parts) or all(p in ctx.matcher.common for p in parts):
        return None
    return subject


def _named_object(ctx: Context, doc: DocView, claim: Claim, name: str) -> Iterator[Finding]:
    if any(ctx.named(kind, name) for kind in NAMED_KINDS):
        return
    match = ctx.matcher.resolve(name, threshold=0.8)
    if match or in_aside(doc, claim):
        return
    names = sorted({o.name for o in ctx.objects if o.kind in ("Deployment", "StatefulSet", "Service")})
    yield ctx.finding(ID, SEVERITY, claim.area or "workloads", claim=claim, field_name="object-name",
                      doc_value=name, actual=None, key=f"name:{name}",
                      evidence=[Evidence(o.source.path, o.source.line, o.ref) for o in ctx.objects
                                if o.kind == "Service"][:3],
                      message=f"The doc refers to '{name}', but the repository deploys no object by that name "
                              f"(its workloads and Services: {', '.join(names[:10])}).",
                      fix=f"remove the '{name}' content")


def _kind_with_name(ctx: Context, claim: Claim, kind: str) -> str | None:
    """`HPA `larkspur-gateway``: a kind mention followed (or preceded) by a backticked object name."""
    written = str((claim.extra or {}).get("written") or claim.value)
    text = claim.text or ""
    for pattern in (re.escape(written) + r"s?\s+(?:named\s+|called\s+)?`([a-z0-9][a-z0-9.-]*)`",
                    r"`([a-z0-9][a-z0-9.-]*)`\s+" + re.escape(written) + r"\b"):
        m = re.search(pattern, text)
        if m:
            return m.group(1)
    return None


def canonical_kind(value: str) -> str | None:
    text = clean(value)
    text = re.sub(r"\s+", "", text)
    low = text.lower()
    if low in KIND_ALIASES:
        return KIND_ALIASES[low]
    if low.endswith("s") and low[:-1] in KIND_ALIASES:
        return KIND_ALIASES[low[:-1]]
    if re.fullmatch(r"[A-Z][A-Za-z0-9]+", text):
        return text
    return None


def crd_kinds(ctx: Context) -> set[str]:
    """Kinds defined by the repository's CustomResourceDefinitions."""
    cached = ctx.__dict__.get("_crd_kinds")
    if cached is not None:
        return cached
    out: set[str] = set()
    for obj in ctx.objects:
        if obj.kind == "CustomResourceDefinition" and isinstance(obj.body, dict):
            kind = F.get(obj.body, "spec.names.kind")
            if isinstance(kind, str):
                out.add(kind)
    ctx.__dict__["_crd_kinds"] = out
    return out


def _plural(kind: str) -> str:
    low = kind.lower()
    if low.endswith("y") and low[-2:-1] not in "aeiou":
        return low[:-1] + "ies"
    if low.endswith(("s", "x", "ch", "sh")):
        return low + "es"
    return low + "s"


def rbac_resources(ctx: Context) -> set[str]:
    """Resources the repository's Roles/ClusterRoles grant access to: a controller that handles Ingresses
    works with Ingress objects even when it ships none."""
    cached = ctx.__dict__.get("_rbac_resources")
    if cached is not None:
        return cached
    out: set[str] = set()
    for obj in ctx.objects:
        if obj.kind in ("ClusterRole", "Role") and isinstance(obj.body, dict):
            for rule in obj.body.get("rules") or []:
                if isinstance(rule, dict):
                    out.update(str(r).split("/")[0].lower() for r in rule.get("resources") or [] if r)
    ctx.__dict__["_rbac_resources"] = out
    return out


def kind_present(ctx: Context, kind: str, hay: Haystack) -> bool:
    if (kind in hay.kinds or hay.kind_in_files(kind) or _plural(kind) in rbac_resources(ctx)
            or kind in crd_kinds(ctx)):
        return True
    implied = IMPLIED_KINDS.get(kind)
    if implied is not None:
        if not implied:
            return True
        return any(k in hay.kinds for k in implied)
    if kind == "Secret" and VM.referenced_names(ctx, "Secret"):
        return True
    if kind == "ConfigMap" and VM.referenced_names(ctx, "ConfigMap"):
        return True
    return False


def in_link_text(claim: Claim, written: str) -> bool:
    """`[Canary deployments with Gateway API](https://...)`: the title of an outside page, not a claim."""
    for m in re.finditer(r"\[([^\]]*)\]\((?:https?:)?//", claim.text or ""):
        if written.lower() in m.group(1).lower():
            return True
    return False


def _kind(ctx: Context, doc: DocView, claim: Claim, hay: Haystack) -> Iterator[Finding]:
    kind = canonical_kind(str(claim.value))
    if kind is None or not ctx.objects:
        return
    written = str((claim.extra or {}).get("written") or claim.value)
    if kind in ("ConfigMap", "Secret"):
        named = re.search(r"`([a-z0-9][a-z0-9.-]*)`\s+" + re.escape(written), claim.text or "")
        if named and VM.system_owned(ctx, named.group(1)):
            return  # "the `argocd-cm` ConfigMap": an add-on's own object, not one the repository claims to ship
    alt = r"`?[A-Z]\w+`?,?\s+(?:or|and/or)\s+`?" + re.escape(written) + r"\b|\b" + re.escape(written) + r"`?,?\s+or\s+`?[A-Z]"
    if re.search(alt, claim.text or ""):
        return  # "Either `Issuer` or `ClusterIssuer`": the options of a setting, not an object the repo ships
    if (in_link_text(claim, written) or re.search(re.escape(written) + r"\s+API\b", claim.text or "")
            or re.search(r"\sAPIs?$", written.strip())):
        return  # a linked page's title, or the name of an API ("Gateway API HTTPRoute")
    if not kind_present(ctx, kind, hay) and _generic_kind_mention(doc, claim, written):
        return
    if kind_present(ctx, kind, hay):
        name = _kind_with_name(ctx, claim, kind) if kind not in ("ConfigMap", "Secret") else None
        if name and kind in hay.kinds and not any(o.kind == kind and o.name == name for o in ctx.objects):
            if not ctx.matcher.resolve(name, {kind}, threshold=0.95) and not in_aside(doc, claim):
                names = sorted({o.name for o in ctx.objects if o.kind == kind})
                yield ctx.finding(ID, SEVERITY, claim.area or _kind_area(kind), claim=claim,
                                  field_name="object-kind", doc_value=clean(str((claim.extra or {}).get("written")
                                                                                or claim.value)),
                                  actual=names, key=f"{kind}/{name}",
                                  evidence=[Evidence(o.source.path, o.source.line, f"{o.ref} ({o.origin})")
                                            for o in ctx.objects if o.kind == kind][:3],
                                  message=f"The doc describes {kind} '{name}', but the repository has no such "
                                          f"{kind} (it has: {', '.join(names[:8])}).",
                                  fix=f"remove the {kind} '{name}' content")
                return
        ctx.verify(claim, kind, [], f"the repository has {kind} objects", field_name="object-kind")
        return
    if in_aside(doc, claim):
        return
    yield ctx.finding(ID, SEVERITY, claim.area or _kind_area(kind), claim=claim, field_name="object-kind",
                      doc_value=clean(claim.value), actual=None,
                      message=f"The doc describes a {kind}, but the repository defines no {kind} "
                              f"(in any manifest, overlay or chart rendering).",
                      fix=f"remove the {kind} content or add the {kind} to the repository")


PREREQUISITE = re.compile(r"\b(needs?|requires?|required|prerequisites?|a working|an existing|your own|brings? its own|"
                          r"in your (?:kubernetes |k8s )?cluster|on your cluster|"
                          r"when using|in this example|this example|example)\b", re.I)


def _sentence(doc: DocView, claim: Claim, written: str) -> str:
    """The sentence of the paragraph (or table row) that holds the mention."""
    para = doc.paragraph_text(claim.doc.line) if claim.doc else ""
    para = para + " " + (claim.text or "")
    for sent in re.split(r"(?<=[.!?])\s+(?=[A-Z`*_])", para.replace("\n", " ")):
        if written in sent:
            return sent
    return claim.text or ""


def _generic_kind_mention(doc: DocView, claim: Claim, written: str) -> bool:
    """A kind named as a concept rather than as an object of this repository: a plural without a name
    ("CRDs are registered", "network policies, sharding", "Deployments with HPAs"), a prerequisite or a hedge in
    the sentence ("needs a working `StorageClass`", "e.g. when using VPA", "brings its own `ScaledObject`"),
    a mention in a section about integrating another tool ("Install with an external scaler")."""
    w = written.strip("`*_ ")
    if re.search(r"(?<=[A-Za-z])s$", w) and not re.search(r"(?i)(ingress|status|class|endpoints)$", w):
        if not _kind_with_name_text(claim.text or "", written):
            return True
    line = doc.line_text(claim.doc.line).strip() if claim.doc else ""
    if re.fullmatch(r"(?:[-*+]|\d+[.)])?\s*`?" + re.escape(w) + r"s?`?\s*[,.;]?", line):
        return True  # "6. PVC": an item of a list of kinds (what a cache or a UI handles), not an object
    sentence = _sentence(doc, claim, written)
    return bool(NEGATION.search(sentence) or PREREQUISITE.search(sentence))


def _kind_with_name_text(text: str, written: str) -> bool:
    return bool(re.search(re.escape(written) + r"\s+(?:named\s+|called\s+)?`[a-z0-9][a-z0-9.-]*`", text)
                or re.search(r"`[a-z0-9][a-z0-9.-]*`\s+" + re.escape(written) + r"\b", text))


CORE_GROUPS = frozenset({"", "apps", "batch", "networking.k8s.io", "rbac.authorization.k8s.io", "policy", "autoscaling",
                         "storage.k8s.io", "apiextensions.k8s.io", "admissionregistration.k8s.io", "scheduling.k8s.io",
                         "coordination.k8s.io", "discovery.k8s.io", "node.k8s.io", "certificates.k8s.io",
                         "extensions", "apiregistration.k8s.io", "flowcontrol.apiserver.k8s.io"})


def _group(api_version: Any) -> str:
    text = str(api_version or "")
    return text.rsplit("/", 1)[0] if "/" in text else ""


def _foreign_group(ctx: Context, body: dict, hay: Haystack) -> bool:
    """An object of another project's API (cert-manager `Issuer`, Flux `HelmRelease`, Gateway API `HTTPRoute`,
    Knative `Service`) that the repository neither ships the CRD of nor uses anywhere: the reader's own
    object for a tool installed next to this one."""
    group = _group(body.get("apiVersion"))
    if group in CORE_GROUPS or not group:
        return False
    if body.get("kind") in crd_kinds(ctx):
        return False
    groups = ctx.__dict__.get("_api_groups")
    if groups is None:
        groups = ctx.__dict__["_api_groups"] = {_group(o.api_version) for o in ctx.objects}
    if group in groups:
        return False
    if hay.kind_in_files(str(body.get("kind"))) and group in (hay._file_text or ""):
        return False  # a template behind a condition renders objects of that API
    return True


def _charts_only(ctx: Context) -> bool:
    """The repository's Kubernetes sources are Helm charts only (no plain manifests, no overlays): its
    documents tell readers how to install the chart next to their own objects."""
    return bool(ctx.facts.charts) and not ctx.facts.overlays and all(o.origin.startswith("chart") for o in ctx.objects)


def _images(body: dict, kind: str) -> list[str]:
    return [str(c.get("image") or "") for _p, c in F.containers(kind, body, include_init=True) if c.get("image")]


def _image_name(ref: str) -> str:
    last = ref.split("@")[0].rsplit("/", 1)[-1]
    return last.split(":")[0].lower()


def _example_object(ctx: Context, doc: DocView, claim: Claim, body: dict, name: str | None) -> bool:
    """A demo workload of the document (`whoami` running `traefik/whoami`): none of its images is one the
    repository uses. Its Service/Ingress/route of the same name in the same document go with it."""
    examples = doc.__dict__.get("_example_workloads")
    if examples is None:
        repo_images = {_image_name(str(fv.value)) for o in ctx.objects for fv in F.field_values(o.kind, o.body, "image")}
        for chart in ctx.facts.charts:
            for _k, v in _leaves(chart.values):
                if isinstance(v, str) and "/" in v and len(v) < 200:
                    repo_images.add(_image_name(v))
        examples = set()
        for c in doc.claims:
            b = c.value if c.field == "yaml-object" and isinstance(c.value, dict) else None
            if b is None or b.get("kind") not in F.WORKLOAD_KINDS:
                continue
            imgs = _images(b, str(b.get("kind")))
            n = F.get(b, "metadata.name")
            if imgs and isinstance(n, str) and not any(_image_name(i) in repo_images for i in imgs):
                examples.add(n)
        doc.__dict__["_example_workloads"] = examples
    return bool(name) and name in examples


_CREATE_INTRO = re.compile(r"(?i)^(create|apply|save|add|deploy|write|define|use)\b|\b(create|apply|save|add)\b.*\b(following|"
                           r"this|these|below|file|manifest)\b|\blike this\b|\bsuch as\b|\bfor example\b|\be\.g\.")
_CREATE_SECTION = re.compile(r"(?i)\b(creat|sample|example|demo|tutorial|walkthrough)")


def _reader_creates(doc: DocView, claim: Claim) -> bool:
    """The document tells the reader to make this object ("Create the following ServiceAccount:", a section
    "Creating a sample user", "ensure an IngressClass like this exists")."""
    start = claim.doc.line if claim.doc else 0
    block = getattr(doc.document, "block_at", None)
    fence = start
    try:
        b = block(start) if block else None
        if b is not None:
            fence = int(getattr(b, "fence_line", start) or start)
    except Exception:  # a foreign Document implementation must not break the check
        pass
    seen = 0
    for n in range(fence - 1, max(0, fence - 6), -1):
        text = doc.line_text(n).strip().lstrip(">").strip()
        if not text or text.startswith(("```", "~~~", "---")):
            continue
        if text.startswith("#"):
            break
        seen += 1
        if _CREATE_INTRO.search(text):
            return True
        if seen >= 2:
            break
    return any(_CREATE_SECTION.search(t or "") for t in doc.section_titles(start)[:2])


def _kind_area(kind: str) -> str:
    return {
        "HorizontalPodAutoscaler": "autoscaling", "PodDisruptionBudget": "autoscaling",
        "VerticalPodAutoscaler": "autoscaling", "NetworkPolicy": "networking", "ServiceMonitor": "monitoring",
        "PodMonitor": "monitoring", "PrometheusRule": "monitoring", "VirtualService": "networking",
        "DestinationRule": "networking", "Gateway": "networking", "Ingress": "exposure", "Service": "exposure",
        "PersistentVolumeClaim": "storage", "PersistentVolume": "storage", "StorageClass": "storage",
        "ConfigMap": "config", "Secret": "config",
    }.get(kind, "workloads")


# What the API server answers (`kubectl get --raw`, `-o json` of a list, discovery), shown as command output:
# never objects anybody deploys.
API_RESPONSES = frozenset({"APIResourceList", "APIGroupList", "APIGroup", "APIVersions", "Status", "TokenReview",
                           "SubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview",
                           "MetricValueList", "PodMetrics", "PodMetricsList", "NodeMetrics", "NodeMetricsList",
                           "ExternalMetricValueList", "Table", "WatchEvent", "Scale"})


def _yaml_object(ctx: Context, doc: DocView, claim: Claim, hay: Haystack) -> Iterator[Finding]:
    body = claim.value
    if not isinstance(body, dict) or not isinstance(body.get("kind"), str) or not ctx.objects:
        return
    kind = body["kind"]
    name = F.get(body, "metadata.name")
    if not isinstance(name, str) or "{{" in name or name.startswith("<"):
        name = None
    extra = claim.extra or {}
    if VM.find_real_object(ctx, kind, name, extra.get("path_comment")):
        return
    if in_aside(doc, claim) or kind in ("Namespace", "List", "Kustomization", "Component") or kind in API_RESPONSES:
        return
    if kind in crd_kinds(ctx):
        return  # an example of the repository's own API (it ships the CRD): the reader writes such objects
    if kind == "Secret" and (isinstance(body.get("data"), dict) or isinstance(body.get("stringData"), dict)):
        return  # a Secret with its credentials: the reader creates it, a repository never ships it
    ns = F.get(body, "metadata.namespace")
    if isinstance(ns, str) and ns and ns != "default" and ns not in VM.known_namespaces(ctx) and ns not in VM.doc_created_namespaces(ctx):
        return  # an object of another system's namespace (`argocd`, `istio-system`) that the doc tells you to edit
    if kind in ("Secret", "ConfigMap") and name and name in VM.referenced_names(ctx, kind):
        return
    if _example_object(ctx, doc, claim, body, name) or _reader_creates(doc, claim):
        return
    if _foreign_group(ctx, body, hay) and _charts_only(ctx):
        return  # a chart repository's doc showing an object of another tool's API: the reader writes it
    if kind not in hay.kinds:
        msg = (f"The doc shows a {kind}" + (f" '{name}'" if name else "") +
               f", but the repository defines no {kind} at all.")
        actual: Any = None
    else:
        names = sorted({o.name for o in ctx.objects if o.kind == kind})
        if name is None:
            return
        msg = (f"The doc shows {kind} '{name}', but the repository has no such {kind} "
               f"(it has: {', '.join(names[:8])}).")
        actual = names
    evidence = [Evidence(o.source.path, o.source.line, f"{o.ref} ({o.origin})")
                for o in ctx.objects if o.kind == kind][:3]
    yield ctx.finding(ID, SEVERITY, claim.area or _kind_area(kind), claim=claim, field_name="yaml-object",
                      doc_value=f"{kind}/{name}" if name else kind, actual=actual, evidence=evidence, message=msg,
                      fix="remove the block or replace it with the real object")
