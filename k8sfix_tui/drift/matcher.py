"""Resolve a component as a document writes it ("the API server", "Postgres") to real objects.

The index holds, for every object of every origin, the names a writer might use for it: the object
name, the name without the release / Kustomize prefix or suffix (`larkspur-api` -> `api`,
`dev-api-server` -> `api-server`), its `app` / `app.kubernetes.io/name|component` labels, container
names, image names (`ghcr.io/org/api-server` -> `api-server`), chart values sections that feed it
(`api:`), and, for HPAs, PDBs, Services and NetworkPolicies, the workload they target. Names are
tokenised (camelCase and punctuation split, lower-cased, singular) and synonyms folded
(postgres/postgresql/pg, redis/cache, api/backend, web/frontend/ui, worker/bot/runner, ...).

`Matcher(facts).resolve("API server", kinds={"Deployment"})` returns a `Match` whose `how` explains the
resolution: "'API server' -> Deployment larkspur-api via name without prefix 'larkspur-' (api)".
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from typing import Iterable

from ..model import Facts, K8sObject
from .fields import containers, get

STOPWORDS = frozenset(
    "the a an our your its this that these those their service services svc deployment deployments deploy "
    "statefulset statefulsets sts daemonset pod pods container containers app apps application component "
    "components k8s kubernetes instance instances cluster main primary tier layer and of for on in each every "
    "all side node is are runs run which with liveness readiness startup probe health check healthcheck "
    "object objects resource resources workload workloads".split()
)
WEAK = frozenset({"server", "srv", "svc", "service", "deployment", "job", "cronjob", "store", "engine", "daemon"})
SYNONYMS: dict[str, tuple[str, ...]] = {
    "postgres": ("postgres", "database"),
    "postgresql": ("postgres", "database"),
    "pg": ("postgres", "database"),
    "psql": ("postgres", "database"),
    "pgsql": ("postgres", "database"),
    "mysql": ("mysql", "database"),
    "mariadb": ("mariadb", "mysql", "database"),
    "mongo": ("mongo", "database"),
    "mongodb": ("mongo", "database"),
    "db": ("database",),
    "database": ("database",),
    "redis": ("redis", "cache"),
    "valkey": ("redis", "cache"),
    "memcached": ("memcached", "cache"),
    "cache": ("cache",),
    "api": ("api",),
    "apiserver": ("api",),
    "backend": ("api", "backend"),
    "rest": ("api",),
    "web": ("web",),
    "frontend": ("web",),
    "ui": ("web",),
    "webapp": ("web",),
    "website": ("web",),
    "site": ("web",),
    "front": ("web",),
    "worker": ("worker",),
    "bot": ("worker",),
    "runner": ("worker",),
    "consumer": ("worker",),
    "background": ("worker",),
    "celery": ("worker",),
    "sidekiq": ("worker",),
    "ws": ("websocket",),
    "websocket": ("websocket",),
    "websockets": ("websocket",),
    "socket": ("websocket",),
    "realtime": ("websocket",),
    "gw": ("gateway",),
    "gateway": ("gateway",),
    "rabbitmq": ("rabbitmq", "queue"),
    "rabbit": ("rabbitmq", "queue"),
    "amqp": ("rabbitmq", "queue"),
    "kafka": ("kafka", "queue"),
    "elasticsearch": ("elasticsearch",),
    "elastic": ("elasticsearch",),
    "es": ("elasticsearch",),
    "cron": ("cronjob",),
    "cronjob": ("cronjob",),
    "scheduler": ("cronjob", "scheduler"),
    "report": ("report",),
    "nightly": ("nightly",),
}
LABEL_KEYS = ("app.kubernetes.io/component", "app.kubernetes.io/name", "app", "component", "k8s-app", "name",
              "tier", "role")

NAMING_KINDS = frozenset({"Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job", "Service", "ReplicaSet",
                          "ReplicationController", "Pod"})

_HASH_SUFFIX = re.compile(r"^(.+)-[bcdfghkmt2-9]{10}$")  # kustomize configMapGenerator/secretGenerator
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLIT = re.compile(r"[^A-Za-z0-9]+")


NOT_PLURAL = frozenset({"postgres", "kubernetes", "status", "https", "dns", "aws", "gcs", "redis", "mongos",
                        "series", "species", "canvas", "alias", "analysis", "kafkas"})


@functools.lru_cache(maxsize=65536)
def singular(token: str) -> str:
    if token in NOT_PLURAL:
        return token
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is", "os")):
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    """Words of a name: camelCase and punctuation split, lower case, singular."""
    return list(_tokens(str(text)))


@functools.lru_cache(maxsize=262144)
def _tokens(text: str) -> tuple[str, ...]:
    words = [w for w in _SPLIT.split(_CAMEL.sub(" ", text)) if w]
    return tuple(singular(w.lower()) for w in words)


def content_tokens(text: str) -> list[str]:
    return list(_content_tokens(str(text)))


@functools.lru_cache(maxsize=262144)
def _content_tokens(text: str) -> tuple[str, ...]:
    toks = list(_tokens(text))
    kept = [t for t in toks if t not in STOPWORDS]
    strong = [t for t in kept if t not in WEAK]
    if strong:
        return tuple(strong)
    return tuple(kept or toks)


@functools.lru_cache(maxsize=65536)
def canon(token: str) -> frozenset[str]:
    return frozenset(SYNONYMS.get(token, (token,))) | {token}


def normal(text: str) -> str:
    return "-".join(tokens(text))


@dataclass(slots=True)
class Entry:
    """One way of naming one object."""

    obj: K8sObject
    variant: str  # the name as indexed ("api")
    via: str  # how it was derived ("label app=api")
    toks: frozenset[str]
    norm: str


@dataclass
class Match:
    """Objects a mention resolved to, how, and how sure (0..1). Empty `objects` = no match."""

    objects: list[K8sObject] = field(default_factory=list)
    how: str = ""
    score: float = 0.0
    components: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.objects)


def component_key(obj: K8sObject, stripped: str) -> str:
    return normal(stripped) or normal(obj.name)


class Matcher:
    """Index of the names of every object in `facts` (all origins, profiles included)."""

    def __init__(self, facts: Facts, objects: Iterable[K8sObject] | None = None) -> None:
        self.facts = facts
        self.objects: list[K8sObject] = list(objects) if objects is not None else all_objects(facts)
        self.entries: list[Entry] = []
        self.by_token: dict[str, list[int]] = {}
        self.by_norm: dict[str, list[int]] = {}
        self.component: dict[int, str] = {}  # id(obj) -> component key
        self.by_obj: dict[int, list[int]] = {}  # id(obj) -> entry indexes
        self._own_cache: dict[int, list[str]] = {}
        self._cache: dict[tuple, Match] = {}
        self.common: frozenset[str] = frozenset()
        self._build()
        self._find_common_tokens()

    # -- index ------------------------------------------------------------------------------
    def _prefixes(self) -> dict[str, list[tuple[str, str]]]:
        """origin -> [(prefix, suffix)] to strip from names of that origin."""
        out: dict[str, list[tuple[str, str]]] = {}
        for ov in self.facts.overlays:
            for origin in (f"overlay {ov.path}", f"kustomize {ov.path}"):
                out.setdefault(origin, []).append((ov.name_prefix or "", ov.name_suffix or ""))
        for chart in self.facts.charts:
            out.setdefault(f"chart {chart.path} (default values)", []).append((f"{chart.name}-", ""))
        for prof in self.facts.profiles:
            if prof.release:
                out.setdefault(prof.name, []).append((f"{prof.release}-", ""))
        instances = _instance_labels(self.objects)
        by_origin: dict[str, set[str]] = {}
        for obj in self.objects:
            if obj.kind in NAMING_KINDS:
                by_origin.setdefault(obj.origin, set()).add(obj.name)
        for origin, names in by_origin.items():
            common = _common_dash_prefix(names)
            if common:
                out.setdefault(origin, []).append((common, ""))
            for release in instances.get(origin, ()):
                out.setdefault(origin, []).append((f"{release}-", ""))
        return out

    def _shared_value_keys(self) -> set[tuple[str, str]]:
        """(origin, values top key) pairs that feed most objects of an origin (global settings, not components)."""
        users: dict[tuple[str, str], set[int]] = {}
        per_origin: dict[str, int] = {}
        for obj in self.objects:
            per_origin[obj.origin] = per_origin.get(obj.origin, 0) + 1
            for ref in (obj.provenance or {}).values():
                users.setdefault((obj.origin, ref.key.split(".", 1)[0]), set()).add(id(obj))
        return {k for k, objs in users.items() if len(objs) >= 3 and len(objs) * 2 > per_origin.get(k[0], 0)}

    def _build(self) -> None:
        prefixes = self._prefixes()
        shared = self._shared_value_keys()
        for obj in self.objects:
            stripped = obj.name
            variants: list[tuple[str, str]] = [(obj.name, "name")]
            for prefix, suffix in prefixes.get(obj.origin, []):
                name = obj.name
                if prefix and name.startswith(prefix) and len(name) > len(prefix):
                    name = name[len(prefix) :]
                if suffix and name.endswith(suffix) and len(name) > len(suffix):
                    name = name[: -len(suffix)]
                if name != obj.name:
                    what = " and ".join(
                        x for x in (f"prefix '{prefix}'" if prefix and obj.name.startswith(prefix) else "",
                                    f"suffix '{suffix}'" if suffix and obj.name.endswith(suffix) else "") if x
                    )
                    variants.append((name, f"name without {what}"))
                    if len(name) < len(stripped):
                        stripped = name
            if obj.kind in ("ConfigMap", "Secret"):
                m = _HASH_SUFFIX.match(stripped)
                if m:
                    variants.append((m.group(1), "name without the generator hash suffix"))
            body = obj.body if isinstance(obj.body, dict) else {}
            labels = get(body, "metadata.labels") or {}
            pod_labels = get(body, "spec.template.metadata.labels") or {}
            for source in (labels, pod_labels):
                if isinstance(source, dict):
                    for key in LABEL_KEYS:
                        value = source.get(key)
                        if isinstance(value, str) and value:
                            variants.append((value, f"label {key}={value}"))
            for _path, c in _containers(obj):
                if isinstance(c.get("name"), str):
                    variants.append((c["name"], f"container name {c['name']}"))
                image = c.get("image")
                if isinstance(image, str) and image:
                    base = image.split("@")[0].rsplit("/", 1)[-1].split(":")[0]
                    variants.append((base, f"image {image}"))
            for target in _targets(obj):
                variants.append((target, f"target {target}"))
            for ref in (obj.provenance or {}).values():
                top = ref.key.split(".", 1)[0]
                if top and (obj.origin, top) not in shared and top not in (
                        "global", "image", "resources", "replicaCount", "service", "ingress", "nameOverride",
                        "fullnameOverride", "serviceAccount", "podAnnotations", "podLabels", "commonLabels"):
                    variants.append((top, f"values key {top}"))
            key = component_key(obj, stripped)
            self.component[id(obj)] = key
            seen: set[str] = set()
            for variant, via in variants:
                norm = normal(variant)
                if not norm or norm in seen:
                    continue
                seen.add(norm)
                toks: set[str] = set()
                for t in content_tokens(variant):
                    toks |= canon(t)
                entry = Entry(obj, variant, via, frozenset(toks), norm)
                idx = len(self.entries)
                self.entries.append(entry)
                self.by_obj.setdefault(id(obj), []).append(idx)
                self.by_norm.setdefault(norm, []).append(idx)
                for t in toks:
                    self.by_token.setdefault(t, []).append(idx)

    def _find_common_tokens(self) -> None:
        """Tokens shared by most components (the product/release name, `larkspur`) do not tell them apart."""
        per_component: dict[str, set[str]] = {}
        for entry in self.entries:
            if entry.obj.kind in NAMING_KINDS and not entry.via.startswith(("values key", "image", "target")):
                per_component.setdefault(self.component[id(entry.obj)], set()).update(tokens(entry.variant))
        if len(per_component) < 3:
            return
        counts: dict[str, int] = {}
        for toks in per_component.values():
            for t in toks:
                counts[t] = counts.get(t, 0) + 1
        limit = max(3, int(len(per_component) * 0.6))
        self.common = frozenset(t for t, n in counts.items() if n >= limit)

    def _own_tokens(self, idx: int) -> list[str]:
        own = self._own_cache.get(idx)
        if own is None:
            variant = self.entries[idx].variant
            own = [t for t in content_tokens(variant) if t not in self.common] or content_tokens(variant)
            self._own_cache[idx] = own
        return own

    # -- queries ----------------------------------------------------------------------------
    def resolve(self, subject: str | None, kinds: Iterable[str] | None = None, threshold: float = 0.6) -> Match:
        """Best objects for a mention, restricted to `kinds` when given."""
        if not subject or not str(subject).strip():
            return Match()
        kind_set = frozenset(kinds) if kinds else None
        cache_key = (str(subject), kind_set, threshold)
        if cache_key in self._cache:
            return self._cache[cache_key]
        match = self._resolve(str(subject), kind_set, threshold)
        self._cache[cache_key] = match
        return match

    def _resolve(self, subject: str, kinds: frozenset[str] | None, threshold: float) -> Match:
        norm = normal(subject)
        scored: dict[int, tuple[float, Entry]] = {}

        def consider(idx: int, score: float) -> None:
            entry = self.entries[idx]
            if kinds is not None and entry.obj.kind not in kinds:
                return
            key = id(entry.obj)
            if key not in scored or scored[key][0] < score:
                scored[key] = (score, entry)

        for idx in self.by_norm.get(norm, []):
            entry = self.entries[idx]
            if entry.via != "name" and self.common and all(t in self.common for t in tokens(entry.variant)):
                continue  # `larkspur` (the product name on every object) names none of them in particular
            consider(idx, 1.0)
        if scored:
            exact = [(sc, e) for sc, e in scored.values()]
            return self._result(subject, exact)
        subj = [t for t in content_tokens(subject) if t not in self.common]
        if subj:
            groups = [canon(t) for t in subj]
            hits: dict[int, int] = {}
            for g in groups:
                seen: set[int] = set()
                for t in g:
                    seen.update(self.by_token.get(t, ()))
                for idx in seen:
                    hits[idx] = hits.get(idx, 0) + 1
            if hits:
                top = max(hits.values())
                floor = top - 1 if len(groups) >= 3 else top
                for idx, hit in hits.items():
                    if hit < floor:
                        continue
                    entry = self.entries[idx]
                    if kinds is not None and entry.obj.kind not in kinds:
                        continue
                    cover_s = hit / len(groups)
                    own = self._own_tokens(idx)
                    cover_v = sum(1 for t in own if any(canon(t) & g for g in groups)) / max(1, len(own))
                    score = 0.7 * cover_s + 0.3 * cover_v
                    if cover_s == 1.0 and cover_v == 1.0:
                        score = 0.95
                    consider(idx, score)
        if not scored and self.common and all(t in self.common for t in tokens(subject)):
            return Match()
        if not scored and len(norm) >= 4 and len(self.by_norm) <= 20000:
            close = difflib.get_close_matches(norm, list(self.by_norm), n=3, cutoff=0.8)
            for name in close:
                ratio = difflib.SequenceMatcher(None, norm, name).ratio()
                for idx in self.by_norm[name]:
                    consider(idx, 0.8 * ratio)
        if not scored:
            return Match()
        best = max(s for s, _ in scored.values())
        if best < threshold:
            return Match()
        return self._result(subject, list(scored.values()))

    def _result(self, subject: str, scored: list[tuple[float, Entry]]) -> Match:
        best = max(s for s, _ in scored)
        winners = [(s, e) for s, e in scored if s >= best - 1e-9]
        winners.sort(key=lambda se: (se[1].obj.origin, se[1].obj.kind, se[1].obj.name))
        objs = [e.obj for _, e in winners]
        comps = sorted({self.component[id(o)] for o in objs})
        first = winners[0][1]
        how = f"'{subject}' -> {first.obj.kind} {first.obj.name} via {first.via}"
        if len(comps) > 1:
            how += f" (also {', '.join(c for c in comps if c != self.component[id(first.obj)])})"
        return Match(objs, how, round(best, 3), comps)

    def component_of(self, obj: K8sObject) -> str:
        return self.component.get(id(obj), normal(obj.name))

    def names_of(self, obj: K8sObject) -> list[str]:
        """Every indexed name variant of an object."""
        return [self.entries[i].variant for i in self.by_obj.get(id(obj), [])]


def all_objects(facts: Facts) -> list[K8sObject]:
    """facts.objects plus every profile's objects (and typed-view objects when `objects` is empty)."""
    objs: list[K8sObject] = list(facts.objects)
    seen = {id(o) for o in objs}
    if not objs:
        for coll in (facts.workloads, facts.services, facts.ingresses, facts.pvcs, facts.configmaps, facts.secrets,
                     facts.hpas, facts.pdbs, facts.network_policies):
            for view in coll:
                obj = getattr(view, "obj", None)
                if obj is not None and id(obj) not in seen:
                    seen.add(id(obj))
                    objs.append(obj)
    for prof in facts.profiles:
        for obj in prof.objects:
            if id(obj) not in seen:
                seen.add(id(obj))
                objs.append(obj)
    return objs


def _containers(obj: K8sObject):
    return containers(obj.kind, obj.body, include_init=False)


def _targets(obj: K8sObject) -> list[str]:
    body = obj.body if isinstance(obj.body, dict) else {}
    out: list[str] = []
    if obj.kind == "HorizontalPodAutoscaler":
        name = get(body, "spec.scaleTargetRef.name")
        if isinstance(name, str):
            out.append(name)
    for path in ("spec.selector", "spec.selector.matchLabels", "spec.podSelector.matchLabels"):
        if obj.kind in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"):
            break
        sel = get(body, path)
        if isinstance(sel, dict):
            for key in LABEL_KEYS:
                if isinstance(sel.get(key), str):
                    out.append(sel[key])
    return out


def _common_dash_prefix(names: set[str]) -> str:
    if len(names) < 2:
        return ""
    first = min(names)
    parts = first.split("-")
    best = ""
    for i in range(1, len(parts)):
        prefix = "-".join(parts[:i]) + "-"
        if all(n.startswith(prefix) and len(n) > len(prefix) for n in names):
            best = prefix
        else:
            break
    return best


def _instance_labels(objects: list[K8sObject]) -> dict[str, set[str]]:
    """origin -> `app.kubernetes.io/instance` label values (release names) found on its objects."""
    out: dict[str, set[str]] = {}
    for obj in objects:
        meta = obj.body.get("metadata") if isinstance(obj.body, dict) else None
        labels = meta.get("labels") if isinstance(meta, dict) else None
        if isinstance(labels, dict) and isinstance(labels.get("app.kubernetes.io/instance"), str):
            out.setdefault(obj.origin, set()).add(labels["app.kubernetes.io/instance"])
    return out
