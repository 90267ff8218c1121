"""Named components and Kubernetes kinds mentioned anywhere in prose, lists, headings and tables.

- `component`: a known technology (Redis, PostgreSQL/Postgres, Kafka, Istio, cert-manager...).
  value = as written, extra.canonical = the canonical name, extra.role when the text says what it
  is for ("uses Redis for caching" -> role "caching"), extra.negated for "no Redis", "without Istio".
- `object-kind`: a Kubernetes/CRD kind or feature, abbreviations included (HPA, PDB, PVC, CRD...).
  value = the canonical kind, extra.written = as written.

Code blocks are left to the block extractors.
"""

from __future__ import annotations

import re

from ...model import Claim
from ..markdown import Document
from .common import heading_area, in_history, new_claim, section_subject, section_titles

_I = re.IGNORECASE
TECHNOLOGIES: list[tuple[str, str, int, str]] = [
    # (canonical, pattern, flags, default area)
    ("PostgreSQL", r"\bpostgres(?:ql)?\b|\bpg(?:bouncer)?\b(?=\s+(?:database|db|pool))", _I, "workloads"),
    ("MySQL", r"\bmysql\b", _I, "workloads"),
    ("MariaDB", r"\bmariadb\b", _I, "workloads"),
    ("MongoDB", r"\bmongo(?:db)?\b", _I, "workloads"),
    ("Redis", r"\bredis\b", _I, "workloads"),
    ("Memcached", r"\bmemcached?\b", _I, "workloads"),
    ("Kafka", r"\bkafka\b", _I, "workloads"),
    ("RabbitMQ", r"\brabbit\s?mq\b", _I, "workloads"),
    ("NATS", r"\bNATS\b", 0, "workloads"),
    ("Zookeeper", r"\bzoo\s?keeper\b", _I, "workloads"),
    ("Elasticsearch", r"\belastic\s?search\b", _I, "workloads"),
    ("OpenSearch", r"\bopen\s?search\b", _I, "workloads"),
    ("Cassandra", r"\bcassandra\b", _I, "workloads"),
    ("ClickHouse", r"\bclick\s?house\b", _I, "workloads"),
    ("CockroachDB", r"\bcockroach\s?db\b", _I, "workloads"),
    ("MinIO", r"\bminio\b", _I, "storage"),
    ("etcd", r"\betcd\b", 0, "workloads"),
    ("Nginx", r"\bnginx\b", _I, "exposure"),
    ("Traefik", r"\btraefik\b", _I, "exposure"),
    ("HAProxy", r"\bhaproxy\b", _I, "exposure"),
    ("Envoy", r"\benvoy\b", _I, "networking"),
    ("Istio", r"\bistio\b", _I, "networking"),
    ("Linkerd", r"\blinkerd\b", _I, "networking"),
    ("Consul", r"\bConsul\b", 0, "networking"),
    ("MetalLB", r"\bmetal\s?lb\b", _I, "exposure"),
    ("cert-manager", r"\bcert-?manager\b", _I, "exposure"),
    ("Let's Encrypt", r"\blet'?s\s?encrypt\b", _I, "exposure"),
    ("external-dns", r"\bexternal-?dns\b", _I, "exposure"),
    ("Prometheus", r"\bprometheus\b", _I, "monitoring"),
    ("Grafana", r"\bgrafana\b", _I, "monitoring"),
    ("Alertmanager", r"\balert\s?manager\b", _I, "monitoring"),
    ("Loki", r"\bLoki\b", 0, "monitoring"),
    ("Tempo", r"\bGrafana Tempo\b|\bTempo\b(?=\s+(?:for|tracing|traces))", 0, "monitoring"),
    ("Jaeger", r"\bjaeger\b", _I, "monitoring"),
    ("Zipkin", r"\bzipkin\b", _I, "monitoring"),
    ("OpenTelemetry", r"\bopen\s?telemetry\b|\bOTel\b", _I, "monitoring"),
    ("Fluentd", r"\bfluentd\b", _I, "monitoring"),
    ("Fluent Bit", r"\bfluent[\s\-]?bit\b", _I, "monitoring"),
    ("Datadog", r"\bdatadog\b", _I, "monitoring"),
    ("ArgoCD", r"\bargo\s?-?cd\b", _I, "automation"),
    ("Argo Rollouts", r"\bargo\s+rollouts\b", _I, "workloads"),
    ("Flux", r"\bFlux(?:CD)?\b|\bfluxcd\b", 0, "automation"),
    ("Vault", r"\b(?:HashiCorp\s+)?Vault\b", 0, "config"),
    ("External Secrets", r"\bexternal[\s\-]secrets?(?:\s+operator)?\b", _I, "config"),
    ("Sealed Secrets", r"\bsealed[\s\-]secrets?\b", _I, "config"),
    ("Keycloak", r"\bkeycloak\b", _I, "workloads"),
    ("KEDA", r"\bKEDA\b", 0, "autoscaling"),
    ("Knative", r"\bknative\b", _I, "workloads"),
    ("Velero", r"\bvelero\b", _I, "storage"),
    ("Kyverno", r"\bkyverno\b", _I, "networking"),
    ("OPA Gatekeeper", r"\bgatekeeper\b|\bOPA\b", 0, "networking"),
    ("Falco", r"\bfalco\b", _I, "monitoring"),
    ("Celery", r"\bcelery\b", _I, "workloads"),
    ("Sidekiq", r"\bsidekiq\b", _I, "workloads"),
    ("Tekton", r"\btekton\b", _I, "automation"),
    ("Jenkins", r"\bjenkins\b", _I, "automation"),
    ("Longhorn", r"\blonghorn\b", _I, "storage"),
    ("Ceph", r"\bceph\b|\brook\b(?=-ceph|\s+ceph)", _I, "storage"),
    ("CoreDNS", r"\bcore\s?dns\b", _I, "networking"),
    ("Calico", r"\bcalico\b", _I, "networking"),
    ("Cilium", r"\bcilium\b", _I, "networking"),
    ("Kong", r"\bKong\b", 0, "exposure"),
    ("Temporal", r"\bTemporal\b(?=\s+(?:server|workers?|cluster|workflow))", 0, "workloads"),
]
_TECH_RES = [(c, re.compile(p, f), a) for c, p, f, a in TECHNOLOGIES]

KINDS: list[tuple[str, str, int, str]] = [
    ("HorizontalPodAutoscaler", r"\bHorizontalPodAutoscalers?\b|\bHPAs?\b|\bhorizontal\s+pod\s+autoscal(?:er|ers|ing)\b", 0, "autoscaling"),
    ("PodDisruptionBudget", r"\bPodDisruptionBudgets?\b|\bPDBs?\b|\bpod\s+disruption\s+budgets?\b", _I, "resources"),
    ("PersistentVolumeClaim", r"\bPersistentVolumeClaims?\b|\bPVCs?\b|\bpersistent\s+volume\s+claims?\b", _I, "storage"),
    ("PersistentVolume", r"\bPersistentVolumes?\b(?!Claim)|\bPVs\b", 0, "storage"),
    ("CustomResourceDefinition", r"\bCustomResourceDefinitions?\b|\bCRDs?\b", 0, "structure"),
    ("NetworkPolicy", r"\bNetworkPolic(?:y|ies)\b|\bnetwork\s+polic(?:y|ies)\b", _I, "networking"),
    ("ServiceMonitor", r"\bServiceMonitors?\b", 0, "monitoring"),
    ("PodMonitor", r"\bPodMonitors?\b", 0, "monitoring"),
    ("PrometheusRule", r"\bPrometheusRules?\b", 0, "monitoring"),
    ("VirtualService", r"\bVirtualServices?\b", 0, "networking"),
    ("DestinationRule", r"\bDestinationRules?\b", 0, "networking"),
    ("Gateway", r"`Gateway`|\bGateway\s+API\b|\bGateway\s+(?:resource|object)s?\b", 0, "networking"),
    ("HTTPRoute", r"\bHTTPRoutes?\b", 0, "exposure"),
    ("IngressRoute", r"\bIngressRoutes?\b", 0, "exposure"),
    ("Ingress", r"\bIngress(?:es)?\b(?!\s*-?(?:[Cc]ontroller|[Cc]lass|[Rr]oute|NGINX|nginx))", 0, "exposure"),
    ("StatefulSet", r"\bStatefulSets?\b", 0, "workloads"),
    ("DaemonSet", r"\bDaemonSets?\b", 0, "workloads"),
    ("CronJob", r"\bCronJobs?\b", 0, "workloads"),
    ("ConfigMap", r"\bConfigMaps?\b", 0, "config"),
    ("Secret", r"`Secrets?`|\bKubernetes\s+Secrets?\b|\bSecret\s+(?:object|resource)s?\b", 0, "config"),
    ("ServiceAccount", r"\bServiceAccounts?\b", 0, "config"),
    ("ClusterRoleBinding", r"\bClusterRoleBindings?\b", 0, "config"),
    ("ClusterRole", r"\bClusterRoles?\b(?!Binding)", 0, "config"),
    ("RoleBinding", r"(?<!Cluster)\bRoleBindings?\b", 0, "config"),
    ("ResourceQuota", r"\bResourceQuotas?\b", 0, "resources"),
    ("LimitRange", r"\bLimitRanges?\b", 0, "resources"),
    ("StorageClass", r"\bStorageClass(?:es)?\b", 0, "storage"),
    ("ClusterIssuer", r"\bClusterIssuers?\b", 0, "exposure"),
    ("Certificate", r"`Certificate`|\bCertificate\s+(?:resource|object|CR)s?\b", 0, "exposure"),
    ("VerticalPodAutoscaler", r"\bVerticalPodAutoscalers?\b|\bVPAs?\b", 0, "autoscaling"),
    ("ScaledObject", r"\bScaledObjects?\b", 0, "autoscaling"),
]
_KIND_RES = [(c, re.compile(p, f), a) for c, p, f, a in KINDS]
_NEGATION = re.compile(r"\b(?:no|not|without|don'?t|doesn'?t|isn'?t|aren'?t|never|instead\s+of|rather\s+than|"
                       r"replaced|removed|deprecated|no\s+longer|nor|neither)\b[^.;:]*$", _I)
_ROLE = re.compile(r"^\W{0,2}\s*(?:\([^)]*\)\s*)?(?:as\s+(?:an?\s+|the\s+|our\s+)?([\w\- ]{2,40}?)|for\s+([\w\- ]{2,40}?))"
                   r"(?=[,.;:)]|$|\s+(?:and|with|while|which|that|so|to|in|on|at|via)\b)", _I)
_CODE_SPAN = re.compile(r"`[^`]*`")
_NAMED = re.compile(r"`?\s+(?:named\s+|called\s+)?`([a-z0-9][\w.\-]*)`")
_POLICY = re.compile(r"\b(?:default-deny|deny-all|allow-\w+|egress|ingress|network)\s+(polic(?:y|ies))\s+(?:named\s+|called\s+)?`([a-z0-9][\w.\-]*)`", _I)


def _prose_lines(doc: Document) -> list[tuple[int, int, int]]:
    """(line, start_col, end_col) of every prose, heading and table line outside code blocks."""
    spans: dict[int, tuple[int, int]] = {}
    for para in doc.paragraphs:
        for ln, s, e in para.segments:
            if ln not in doc.html_lines:
                spans[ln] = (s, e)
    for table in doc.tables:
        for row in [table.header] + table.rows:
            spans[row.line] = (0, len(doc.line(row.line)))
    return [(ln, s, e) for ln, (s, e) in sorted(spans.items())]




def _triggers(pattern: str) -> set[str]:
    """Lowercase literals one of which must occur in a line for `pattern` to match (a cheap pre-filter)."""
    src = re.sub(r"\(\?<?[=!][^()]*\)", "", pattern)  # lookarounds
    src = re.sub(r"\(\?:[^()]*\)\?", "", src)  # optional groups
    src = re.sub(r"\((?:\?:)?[^()]*\)", " ", src)  # other groups
    src = re.sub(r"[A-Za-z]\?", "", src)  # optional letters (plural s?)
    out = set()
    for alt in src.split("|"):
        alt = re.sub(r"\\[bsSwWdD]", " ", alt)
        m = re.search(r"[A-Za-z]{2,}", alt)
        if m:
            out.add(m.group(0).lower())
    return out


_TRIGGERS = [(_triggers(p), c) for c, p, _f, _a in TECHNOLOGIES + KINDS]
_TRIGGER_OF = {c: t for t, c in _TRIGGERS}
_ALL_TRIGGERS = sorted(set().union(*(t for t, _c in _TRIGGERS)) | {"polic"})
_TRIGGER_RE = re.compile("|".join(re.escape(t) for t in _ALL_TRIGGERS))


def extract(doc: Document) -> list[Claim]:
    out: list[Claim] = []
    table_lines = {ln for t in doc.tables for ln in range(t.line, t.end_line + 1)}
    for ln, s, e in _prose_lines(doc):
        if in_history(doc, ln):
            continue  # "removed Kafka" in a changelog is history, not a claim
        raw = doc.line(ln)
        present = set(_TRIGGER_RE.findall(raw.lower()))
        if not present:
            continue
        text = re.sub(r"<!--.*?-->", lambda m: " " * len(m.group(0)), raw[:e])
        if s:
            text = " " * s + text[s:]
        titles = section_titles(doc, ln)
        hint = heading_area(titles)
        subject = section_subject(doc, ln)
        form = "table" if ln in table_lines else "mention"
        seen: set[str] = set()
        for canonical, rx, area in _TECH_RES:
            if not _TRIGGER_OF[canonical] & present:
                continue
            for m in rx.finditer(text):
                if _in_url_or_path(text, m.start(), m.end()):
                    continue
                if canonical in seen:
                    continue
                seen.add(canonical)
                extra: dict[str, object] = {"canonical": canonical}
                role = _ROLE.match(text[m.end():])
                if role:
                    extra["role"] = (role.group(1) or role.group(2)).strip()
                if _NEGATION.search(_sentence_before(text, m.start())):
                    extra["negated"] = True
                out.append(new_claim(doc, ln, form, "component", m.group(0), span=m.span(), subject=canonical,
                                     extra=extra, area=hint or area))
        for canonical, rx, area in _KIND_RES:
            if not _TRIGGER_OF[canonical] & present:
                continue
            for m in rx.finditer(text):
                if _in_url_or_path(text, m.start(), m.end()):
                    continue
                named = _NAMED.match(text, m.end())
                if canonical in seen and not named:
                    continue
                seen.add(canonical)
                extra = {"written": m.group(0).strip("`")}
                if named:
                    extra["name"] = named.group(1)
                if _NEGATION.search(_sentence_before(text, m.start())):
                    extra["negated"] = True
                out.append(new_claim(doc, ln, form, "object-kind", canonical, span=m.span(),
                                     subject=named.group(1) if named else subject, extra=extra, area=area))
        for m in _POLICY.finditer(text):
            if "NetworkPolicy" in seen:
                continue
            out.append(new_claim(doc, ln, form, "object-kind", "NetworkPolicy", span=m.span(1), subject=m.group(2),
                                 extra={"written": m.group(1), "name": m.group(2)}, area="networking"))
    return out


def _sentence_before(text: str, pos: int) -> str:
    head = text[:pos]
    cut = max(head.rfind(". "), head.rfind("! "), head.rfind("? "), head.rfind("|"))
    return head[cut + 1:] if cut >= 0 else head


def _in_url_or_path(text: str, start: int, end: int) -> bool:
    left = text[:start]
    token_start = max(left.rfind(" "), left.rfind("("), left.rfind("`"), left.rfind("["), left.rfind("<")) + 1
    right_end = len(text)
    for ch in " )`]>":
        p = text.find(ch, end)
        if p != -1:
            right_end = min(right_end, p)
    token = text[token_start:right_end]
    return "://" in token or "/" in token or token.endswith((".yaml", ".yml", ".sh", ".md", ".json")) or "." in text[end:end + 1] and text[end + 1:end + 2].isalpha()
