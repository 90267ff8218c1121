"""Shared helpers of the claim extractors: areas, subjects, label->field mapping, claim building.

Every extractor builds claims with `new_claim`, so DocRef/section/area/waiver handling is uniform.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ...model import AREAS, Claim, DocRef
from ..markdown import Document, Section, strip_emoji

AREA_BY_FIELD: dict[str, str] = {
    "replicas": "workloads",
    "kind": "workloads",
    "image": "workloads",
    "image-tag": "workloads",
    "container-port": "workloads",
    "env": "config",
    "strategy": "workloads",
    "schedule": "workloads",
    "cpu-request": "resources",
    "cpu-limit": "resources",
    "memory-request": "resources",
    "memory-limit": "resources",
    "pdb-min-available": "resources",
    "pdb-max-unavailable": "resources",
    "service-type": "exposure",
    "service-port": "exposure",
    "target-port": "exposure",
    "node-port": "exposure",
    "ingress-host": "exposure",
    "ingress-path": "exposure",
    "ingress-class": "exposure",
    "tls-secret": "exposure",
    "storage-size": "storage",
    "access-mode": "storage",
    "storage-class": "storage",
    "configmap": "config",
    "configmap-key": "config",
    "secret": "config",
    "secret-key": "config",
    "hpa-min": "autoscaling",
    "hpa-max": "autoscaling",
    "hpa-cpu-target": "autoscaling",
    "hpa-memory-target": "autoscaling",
    "path": "structure",
    "namespace": "structure",
    "overlay": "structure",
    "chart-name": "helm",
    "chart-version": "helm",
    "app-version": "helm",
    "values-key": "helm",
    "release": "helm",
    "chart-dependency": "helm",
    "values-excerpt": "helm",
    "chart-yaml": "helm",
    "minikube-flag": "minikube",
    "minikube-addon": "minikube",
    "hosts-entry": "minikube",
    "make-target": "automation",
    "script": "automation",
    "command": "automation",
    "workflow": "automation",
    "tree": "structure",
    "component": "workloads",
}

# Heading words -> area (checked in order; first hit wins).
HEADING_AREAS: list[tuple[str, str]] = [
    (r"minikube|local (?:cluster|dev|setup)|kind cluster|k3d|/etc/hosts|hosts file", "minikube"),
    (r"autoscal|\bhpa\b|horizontal ?pod|scaling", "autoscaling"),
    (r"probe|health ?check|liveness|readiness|startup", "probes"),
    (r"storage|volume|persisten|\bpvcs?\b|disk|backup", "storage"),
    (r"network ?polic|networking|service mesh|istio|linkerd|egress|firewall", "networking"),
    (r"monitor|observab|metric|prometheus|grafana|logging|alert|tracing|dashboards?", "monitoring"),
    (r"resource|\bcpu\b|memory|limits|requests|sizing|capacity|quota", "resources"),
    (r"helm|chart|values", "helm"),
    (r"ingress|expos|\bservices?\b|networking|\bports?\b|\burls?\b|endpoint|\bdns\b|access|tls|certificat", "exposure"),
    (r"config|environment|\benv\b|secret|settings|variables", "config"),
    (r"\bmake\b|makefile|script|\bci\b|pipeline|workflow|automation|github actions|ci/cd|release process", "automation"),
    (r"structure|layout|repositor|director|files|tree", "structure"),
    (r"workload|deployment|component|architecture|statefulset|daemonset|cron|jobs?\b|replica", "workloads"),
]
_HEADING_AREA_RES = [(re.compile(p, re.IGNORECASE), a) for p, a in HEADING_AREAS]

# Sections whose numbers/versions are history, not claims about the current deployment.
HISTORY_RE = re.compile(r"change ?log|changes|history|release notes|what'?s new|migration from|upgrade notes", re.I)

# Label/header words -> field. Used by tables, key/value lists ("Replicas: 3") and front matter.
LABELS: list[tuple[str, str]] = [
    (r"^(?:min(?:imum)?\s*replicas|minreplicas|hpa\s*min|min)$", "hpa-min"),
    (r"^(?:max(?:imum)?\s*replicas|maxreplicas|hpa\s*max|max)$", "hpa-max"),
    (r"^(?:(?:target\s*)?cpu\s*(?:target|utili[sz]ation)(?:\s*target)?|cpu\s*%|target\s*cpu(?:\s*%)?)$", "hpa-cpu-target"),
    (r"^(?:(?:target\s*)?memory\s*(?:target|utili[sz]ation)(?:\s*target)?|target\s*memory)$", "hpa-memory-target"),
    (r"^(?:min\s*available|minavailable)$", "pdb-min-available"),
    (r"^(?:max\s*unavailable|maxunavailable)$", "pdb-max-unavailable"),
    (r"^(?:replicas?|replica\s*count|replicacount|instances|pods|#\s*replicas|count|scale)$", "replicas"),
    (r"^(?:kind|workload(?:\s*(?:kind|type))?|controller|resource\s*kind|object\s*kind)$", "kind"),
    (r"^(?:image\s*tag|tag|image\s*version)$", "image-tag"),
    (r"^(?:(?:container\s*)?image|docker\s*image|image\s*(?:name|ref(?:erence)?|repository))$", "image"),
    (r"^(?:node\s*-?ports?)$", "node-port"),
    (r"^(?:target\s*-?ports?)$", "target-port"),
    (r"^(?:service\s*ports?|svc\s*port)$", "service-port"),
    (r"^(?:container\s*ports?|app\s*port|listen(?:s|ing)?\s*(?:on|port)?)$", "container-port"),
    (r"^(?:ports?)$", "port"),
    (r"^(?:service\s*type|svc\s*type|exposure|exposed\s*(?:as|via))$", "service-type"),
    (r"^(?:type)$", "type"),
    (r"^(?:cpu\s*requests?|requests?\s*cpu|cpu\s*req(?:uest)?)$", "cpu-request"),
    (r"^(?:cpu\s*limits?|limits?\s*cpu|cpu\s*lim)$", "cpu-limit"),
    (r"^(?:memory\s*requests?|requests?\s*memory|mem(?:ory)?\s*req(?:uest)?)$", "memory-request"),
    (r"^(?:memory\s*limits?|limits?\s*memory|mem(?:ory)?\s*lim(?:it)?)$", "memory-limit"),
    (r"^(?:cpu(?:\s*\(.*\))?|cpu\s*requests?\s*/\s*limits?|cpu\s*req(?:uest)?\s*/\s*lim(?:it)?)$", "cpu"),
    (r"^(?:mem(?:ory)?(?:\s*\(.*\))?|memory\s*requests?\s*/\s*limits?|mem(?:ory)?\s*req(?:uest)?\s*/\s*lim(?:it)?|ram)$", "memory"),
    (r"^(?:requests?|resource\s*requests?)$", "requests"),
    (r"^(?:limits?|resource\s*limits?)$", "limits"),
    (r"^(?:resources?)$", "resources"),
    (r"^(?:storage(?:\s*size)?|size|capacity|volume(?:\s*size)?|pvc(?:\s*size)?|disk(?:\s*size)?|persistence(?:\s*size)?)$", "storage-size"),
    (r"^(?:access\s*modes?|accessmodes?)$", "access-mode"),
    (r"^(?:storage\s*class(?:\s*name)?|storageclass(?:name)?)$", "storage-class"),
    (r"^(?:liveness(?:\s*probe)?(?:\s*path)?)$", "probe.liveness.path"),
    (r"^(?:readiness(?:\s*probe)?(?:\s*path)?)$", "probe.readiness.path"),
    (r"^(?:startup(?:\s*probe)?(?:\s*path)?)$", "probe.startup.path"),
    (r"^(?:probes?(?:\s*path)?|health\s*(?:check|endpoint)s?|health)$", "probe-path"),
    (r"^(?:initial\s*delay(?:\s*\(s\))?(?:\s*seconds)?|initialdelayseconds)$", "probe-initialDelaySeconds"),
    (r"^(?:period(?:\s*\(s\))?(?:\s*seconds)?|periodseconds|interval)$", "probe-periodSeconds"),
    (r"^(?:timeout(?:\s*\(s\))?(?:\s*seconds)?|timeoutseconds)$", "probe-timeoutSeconds"),
    (r"^(?:failure\s*threshold|failurethreshold|failures)$", "probe-failureThreshold"),
    (r"^(?:hosts?(?:\s*name)?|hostnames?|domains?|urls?|ingress(?:\s*host)?|address|external\s*url)$", "ingress-host"),
    (r"^(?:ingress\s*path|route|path\s*prefix)$", "ingress-path"),
    (r"^(?:ingress\s*class(?:\s*name)?|ingressclass(?:name)?|class)$", "ingress-class"),
    (r"^(?:tls\s*secret|certificate\s*secret|tls)$", "tls-secret"),
    (r"^(?:env(?:ironment)?\s*var(?:iable)?s?|variables?|env)$", "env"),
    (r"^(?:config\s*map|configmap)$", "configmap"),
    (r"^(?:secrets?(?:\s*name)?)$", "secret"),
    (r"^(?:keys?|config\s*keys?|secret\s*keys?)$", "key"),
    (r"^(?:source|from|value\s*from|valuefrom|provided\s*by)$", "source"),
    (r"^(?:namespaces?|ns)$", "namespace"),
    (r"^(?:schedule|cron(?:\s*schedule)?)$", "schedule"),
    (r"^(?:(?:update\s*|deployment\s*|rollout\s*)?strategy)$", "strategy"),
    (r"^(?:chart(?:\s*name)?|helm\s*chart)$", "chart-name"),
    (r"^(?:chart\s*version|version)$", "chart-version"),
    (r"^(?:app\s*version|appversion)$", "app-version"),
    (r"^(?:release(?:\s*name)?)$", "release"),
    (r"^(?:parameter|values?\s*key|key\s*path|setting|option)$", "values-key"),
    (r"^(?:default(?:\s*value)?|value)$", "value"),
    (r"^(?:make\s*targets?|targets?)$", "make-target"),
    (r"^(?:commands?)$", "command"),
    (r"^(?:scripts?)$", "script"),
    (r"^(?:paths?|files?|locations?|manifests?|directory|dir|folder)$", "path"),
    (r"^(?:overlays?|environment|env(?:ironment)?\s*name)$", "overlay"),
    (r"^(?:workflows?|pipeline)$", "workflow"),
    (r"^(?:addons?|add-ons?)$", "minikube-addon"),
    (r"^(?:object\s*name|resource\s*name|k8s\s*name|kubernetes\s*name|(?:deployment|statefulset|service|workload)\s*name|name\s*in\s*(?:the\s*)?cluster|object)$", "object-name"),
    (r"^(?:component|service|name|app(?:lication)?|workload\s*name|deployment|microservice|module|resource)$", "subject"),
]
_LABEL_RES = [(re.compile(p, re.IGNORECASE), f) for p, f in LABELS]


@functools.lru_cache(maxsize=4096)
def label_field(label: str) -> str | None:
    """Map a table header / key-value label ("CPU request", "Node Port", "Replicas") to a field
    or a pseudo-field (port, type, cpu, memory, requests, limits, key, source, subject, value...)."""
    text = re.sub(r"[`*_]", "", label).strip().lower()
    text = re.sub(r"\s+", " ", text.replace("-", " ").replace(".", " ")).strip(" :")
    if not text:
        return None
    for rx, fld in _LABEL_RES:
        if rx.match(text):
            return fld
    return None


@functools.lru_cache(maxsize=4096)
def header_field(label: str) -> str | None:
    """`label_field` for table headers and list labels, also understanding qualified headers:
    "Port(s)", "Replicas (prod)", "Prod replicas", "Memory limit, dev"."""
    fld = label_field(label)
    if fld is not None:
        return fld
    text = re.sub(r"[`*_]", "", label).strip().lower()
    text = re.sub(r"\s+", " ", text.replace("-", " ").replace(".", " ")).strip(" :")
    bare = re.sub(r"\(.*?\)|\[.*?\]", " ", text)
    bare = _ENV_WORDS_RE.sub(" ", bare)
    bare = re.sub(r"\s+", " ", bare).strip(" ,:/")
    if bare and bare != text:
        for rx, fld in _LABEL_RES:
            if rx.match(bare):
                return fld
    return None


_ENV_WORDS = ("dev", "development", "staging", "stage", "prod", "production", "local", "minikube", "test", "qa",
              "preview", "sandbox", "default", "defaults", "per", "env", "environment")
_ENV_WORDS_RE = re.compile(r"\b(?:" + "|".join(_ENV_WORDS) + r")\b", re.IGNORECASE)


def label_environment(label: str) -> str | None:
    """The environment a header/label is qualified with: "Replicas (prod)" -> "prod", "Dev CPU" -> "dev"."""
    for m in re.finditer(r"\b(dev|development|staging|stage|prod|production|local|minikube|test|qa|preview|sandbox)\b",
                         label, re.IGNORECASE):
        return m.group(1).lower()
    return None


def heading_area(titles: list[str]) -> str | None:
    """Area suggested by section titles (deepest first)."""
    for title in titles:
        for rx, area in _HEADING_AREA_RES:
            if rx.search(title):
                return area
    return None


def section_titles(doc: Document, line: int) -> list[str]:
    """Titles of the sections containing `line`, deepest first."""
    sec = doc.section_at(line)
    if sec is None or sec.index < 0:
        return []
    cache = doc.cache.setdefault("titles", {})
    if sec.index not in cache:
        cache[sec.index] = [s.title for s in reversed(sec.path(doc))]
    return cache[sec.index]


def area_for(field: str, doc: Document, line: int, default: str | None = None) -> str:
    """Area of a claim: fixed by the field when it belongs to one, else from the headings."""
    if field.startswith("probe."):
        return "probes"
    area = AREA_BY_FIELD.get(field)
    if area and field != "component":
        return area
    guess = heading_area_at(doc, line)
    if guess in AREAS:
        return guess
    if area:
        return area
    return default if default in AREAS else "structure"


_GENERIC_WORDS = {
    "overview", "introduction", "intro", "deployment", "deployments", "deploying", "deploy", "kubernetes",
    "k8s", "configuration", "config", "configuring", "setup", "set", "up", "settings", "details", "the",
    "a", "an", "and", "of", "to", "for", "in", "on", "with", "how", "guide", "step", "steps", "local",
    "storage", "probes", "probe", "health", "checks", "check", "resources", "resource", "limits", "requests",
    "autoscaling", "scaling", "exposure", "exposing", "networking", "network", "services", "ingress",
    "helm", "chart", "charts", "values", "minikube", "automation", "make", "makefile", "scripts", "ci",
    "monitoring", "observability", "structure", "layout", "repository", "architecture", "components",
    "prerequisites", "requirements", "install", "installation", "installing", "usage", "quick", "start",
    "quickstart", "troubleshooting", "faq", "notes", "appendix", "summary", "reference", "environment",
    "variables", "secrets", "volumes", "persistence", "workloads", "policies", "policy", "operations",
    "upgrading", "upgrade", "rollback", "verification", "verify", "verifying", "testing", "cleanup",
    "teardown", "dns", "tls", "access", "accessing", "running", "cluster", "building", "build", "images",
    "image", "ports", "port", "files", "table", "contents", "toc", "what", "is", "are", "you", "need",
    "getting", "started", "next", "appendices", "known", "issues", "limitations", "security", "backup",
    "backups", "restore", "database", "overlays", "kustomize", "manifests", "manual", "production", "staging",
    "development", "dev", "prod", "sizing", "capacity", "pdb", "hpa", "disruption", "budgets", "budget",
    "namespaces", "namespace", "workflow", "workflows", "pipeline", "pipelines", "release", "releases",
    "service", "app", "application", "applications", "system", "platform", "stack", "all", "our", "your",
    "continuous", "delivery", "integration", "cd", "useful", "commands", "command", "alerts", "alerting", "runbook",
    "runbooks", "day", "2", "operations", "ops", "maintenance", "appendix:", "local", "remote", "canary", "routing",
    "purpose", "learn", "detailed", "explanation", "seeing", "work", "further", "reading", "customization",
    "customizing", "customize", "background", "concepts", "introduction", "conclusion", "cleaning", "clean",
    "deleting", "delete", "uninstall", "uninstalling", "debug", "debugging", "tips", "tricks", "example", "examples",
    "demo", "tutorial", "walkthrough", "optional", "advanced", "basic", "basics", "manual", "automatic", "it", "works",
    "kind", "k3d", "k3s", "microk8s", "docker", "compose", "development", "developing", "developer", "environments",
    "cloud", "aws", "gcp", "azure", "eks", "gke", "aks", "openshift", "on", "from", "into", "using", "via", "by",
}
_LEADING_VERB_RE = re.compile(
    r"^(?:deploying|configuring|installing|running|scaling|exposing|building|setting up|managing|"
    r"monitoring|upgrading|accessing|testing|debugging|the|deploy|configure|install|run|scale|expose|build|"
    r"set up|manage|upgrade|access|test|debug|create|creating|enable|enabling|apply|applying|verify|verifying|"
    r"check|checking|add|adding|update|updating|connect(?:ing)? to|about|for|a|an)\s+", re.IGNORECASE
)
_TRAILING_GENERIC_RE = re.compile(
    r"\s+(?:deployment|deployments|statefulset|daemonset|configuration|config|setup|settings|details|"
    r"overview|pods?|containers?|workload|resources|probes)$", re.IGNORECASE
)


def clean_title(title: str) -> str:
    """A section title reduced to a subject noun phrase: no numbering, emoji, 'Step 2:' or verbs."""
    t = strip_emoji(title)
    t = re.sub(r"^(?:step\s+)?\d+(?:\.\d+)*[.):]?\s*", "", t, flags=re.IGNORECASE)
    t = re.sub(r"^(?:step|part|phase)\s+\w+\s*[:.\-–—]\s*", "", t, flags=re.IGNORECASE)
    t = re.sub(r"\s*\(.*?\)\s*$", "", t)
    t = t.replace("`", "").strip(" :-–—")
    prev = None
    while prev != t:
        prev = t
        t = _LEADING_VERB_RE.sub("", t).strip()
        t = _TRAILING_GENERIC_RE.sub("", t).strip()
    return t


def title_subject(title: str) -> str | None:
    """The subject a section title names, or None for generic headings ('Storage', 'Quick start')."""
    t = clean_title(title)
    if not t or len(t) > 40 or len(t.split()) > 4 or re.search(r"[/&?!:]|'", t):
        return None
    words = [w.lower() for w in re.findall(r"[\w\-]+", t)]
    if not words or all(w in _GENERIC_WORDS or w.isdigit() for w in words):
        return None
    if re.search(r"\b(?:and|&|vs\.?|or)\b", t, re.IGNORECASE) and len(words) > 2:
        return None
    return t


def section_subject(doc: Document, line: int) -> str | None:
    """Best subject from the headings around `line`: the deepest non-generic title."""
    sec = doc.section_at(line)
    if sec is None or sec.index < 0:
        return None
    cache = doc.cache.setdefault("subjects", {})
    if sec.index not in cache:
        cache[sec.index] = _section_subject(doc, sec)
    return cache[sec.index]


def _section_subject(doc: Document, sec: Section) -> str | None:
    h1 = [s for s in doc.sections if s.level == 1]
    for s in reversed(sec.path(doc)):
        if s.level == 1 and len(h1) == 1 and s.index == h1[0].index and s.index == doc.sections[0].index:
            continue  # the document's title, not a component
        subj = title_subject(s.title)
        if subj:
            return subj
    return None


def section_name(doc: Document, line: int) -> str:
    sec = doc.section_at(line)
    return sec.title if sec is not None else ""


def new_claim(
    doc: Document,
    line: int,
    form: str,
    field: str,
    value: Any,
    text: str | None = None,
    span: tuple[int, int] | None = None,
    subject: str | None = None,
    extra: dict[str, Any] | None = None,
    end_line: int | None = None,
    area: str | None = None,
) -> Claim:
    """Build a Claim with its DocRef, section, area and any waiver covering its line."""
    extra = dict(extra or {})
    env = section_environment(doc, line)
    if env and "overlay" not in extra:
        extra["environment"] = env
    waiver = doc.waiver_for(line)
    if waiver is not None:
        extra.setdefault("waiver", {"rules": list(waiver[0]), "reason": waiver[1]})
    return Claim(
        doc=DocRef(doc.path, line, end_line if end_line is not None else line, section_name(doc, line)),
        form=form,
        area=area or area_for(field, doc, line),
        subject=subject,
        field=field,
        value=value,
        text=doc.line(line) if text is None else text,
        span=span,
        extra=extra,
    )


def section_environment(doc: Document, line: int) -> str | None:
    """"prod" inside "## Production" or "### Deploying to staging": the environment a section is about."""
    sec = doc.section_at(line)
    if sec is None or sec.index < 0:
        return None
    cache = doc.cache.setdefault("envs", {})
    if sec.index not in cache:
        found = None
        for s in reversed(sec.path(doc)):
            words = re.findall(r"[\w\-]+", clean_title(s.title))
            if 0 < len(words) <= 4:
                env = label_environment(s.title)
                if env:
                    found = {"production": "prod", "development": "dev", "stage": "staging"}.get(env, env)
                    break
        cache[sec.index] = found
    return cache[sec.index]


def in_history(doc: Document, line: int) -> bool:
    """True inside a changelog / release-notes section, where numbers are history, not claims."""
    return any(HISTORY_RE.search(t) for t in section_titles(doc, line))


def heading_area_at(doc: Document, line: int) -> str | None:
    """`heading_area` of the sections around `line` (cached per section)."""
    sec = doc.section_at(line)
    key = sec.index if sec is not None else -1
    cache = doc.cache.setdefault("areas", {})
    if key not in cache:
        cache[key] = heading_area(section_titles(doc, line))
    return cache[key]


# ---------------------------------------------------------------------------------------------
# Shared value recognisers
# ---------------------------------------------------------------------------------------------

CPU_Q = r"\d+(?:\.\d+)?m?"
MEM_Q = r"\d+(?:\.\d+)?\s?(?:[KMGTP]i?B?|[KMGTP]i)"
QUANTITY_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s?(m|[KMGTPE]i?|[kKMGTPE]B|[KMGTPE]iB)?\s*$")
MEM_UNIT_RE = re.compile(r"^\d+(?:\.\d+)?\s?(?:[KMGTPE]i|[KMGTPE]i?B|[KMGTPE])$")
CPU_RE = re.compile(r"^\d+(?:\.\d+)?m?$")
IMAGE_RE = re.compile(
    r"^(?:[a-z0-9.\-]+(?::\d+)?/)?[a-z0-9._\-]+(?:/[a-z0-9._\-]+)*(?::[\w.\-]{1,128})?(?:@sha256:[a-f0-9]{16,})?$"
)
ACCESS_MODES = {
    "rwo": "ReadWriteOnce", "readwriteonce": "ReadWriteOnce", "rwx": "ReadWriteMany",
    "readwritemany": "ReadWriteMany", "rox": "ReadOnlyMany", "readonlymany": "ReadOnlyMany",
    "rwop": "ReadWriteOncePod", "readwriteoncepod": "ReadWriteOncePod",
}
WORKLOAD_KINDS = {
    "deployment": "Deployment", "statefulset": "StatefulSet", "daemonset": "DaemonSet", "cronjob": "CronJob",
    "job": "Job", "replicaset": "ReplicaSet", "pod": "Pod",
}
SERVICE_TYPES = {
    "clusterip": "ClusterIP", "nodeport": "NodePort", "loadbalancer": "LoadBalancer", "externalname": "ExternalName",
    "headless": "ClusterIP",
}
FILE_EXTS = (
    ".yaml", ".yml", ".json", ".sh", ".bash", ".md", ".tpl", ".txt", ".toml", ".env", ".conf", ".ini", ".py",
    ".tf", ".cfg", ".properties", ".sql", ".tgz", ".j2", ".jsonnet", ".libsonnet", ".cue", ".rego", ".mk",
)
EXTENSIONLESS = {"Makefile", "Dockerfile", "Chart.yaml", "Taskfile", "Justfile", "Tiltfile", "Containerfile",
                 ".helmignore", ".gitignore", ".dockerignore", "kustomization", "OWNERS", "LICENSE", "Procfile"}


REPO_DIRS = {
    "k8s", "kube", "kubernetes", "charts", "chart", "helm", "deploy", "deployment", "deployments", "manifests",
    "config", "configs", "scripts", "script", "docs", "doc", "base", "overlays", "overlay", "apps", "app", "services",
    "service", "src", "infra", "infrastructure", "ops", "hack", "environments", "envs", "env", "clusters", "cluster",
    "kustomize", "templates", "examples", "example", "dev", "prod", "production", "staging", "tests", "test", "tools",
    "bin", "build", "ci", ".github", "platform", "terraform", "ansible", "monitoring", "dashboards", "secrets",
    "components", "modules", "packages", "cmd", "internal", "pkg", "web", "api", "frontend", "backend", "worker",
    "data", "db", "database", "migrations", "sql", "etc", "conf", "values", "crds", "operators", "addons", "argocd",
    "flux", "gitops", "releases", "stacks",
}


def is_memory(value: str) -> bool:
    return bool(MEM_UNIT_RE.match(value.strip()))


def is_cpu(value: str) -> bool:
    return bool(CPU_RE.match(value.strip()))


_PATH_RE = re.compile(r"^(?:\./|\.\./)*[\w.\-@+]+(?:/[\w.\-@+{}$]*)*/?$")


def looks_like_path(token: str) -> str | None:
    """'file' or 'dir' when `token` reads as a repository path (`k8s/base/`, `scripts/x.sh`,
    `Makefile`), else None. Absolute paths, URLs, hosts, images, and API paths are not repo paths."""
    t = token.strip()
    if not t or " " in t or t.startswith(("/", "~", "-", "$", "http:", "https:", "oci:", "git@")) or "://" in t:
        return None
    if "=" in t or "," in t or t.count(":") or t.endswith(".") or "*" in t:
        return None
    if not _PATH_RE.match(t):
        return None
    name = t.rstrip("/").rsplit("/", 1)[-1]
    if t.endswith("/") and name and name not in (".", ".."):
        return "dir"
    if name in EXTENSIONLESS:
        return "file"
    if name.lower().endswith(FILE_EXTS):
        return "file"
    if "/" in t.strip("/") and not re.search(r"\.(?:com|org|net|io|dev|local|internal)(?:/|$)", t):
        # a/b/c with no extension: a directory (or an image / model / chart ref; callers exclude those first)
        first = t.lstrip("./").split("/", 1)[0].lower()
        if first not in REPO_DIRS and not t.startswith("."):
            return None if t.count("/") == 1 else "dir?"
        return "dir"
    return None


def canonical_kind(word: str) -> str | None:
    return WORKLOAD_KINDS.get(word.lower().replace(" ", ""))
