"""env-ref-missing: env/envFrom/volumes referring to a ConfigMap, Secret or key nothing defines.

Wrong: `secretKeyRef: {name: db, key: password}` with no Secret `db` in the manifests, chart or the
repo's own `kubectl create secret` commands (the pod stays in CreateContainerConfigError).

Right: the object is defined (or created by a script/Makefile the docs tell you to run). References
marked `optional: true` are reported as info only.
"""

from __future__ import annotations

import re
from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, as_dict, as_list, containers, finding, pod_spec, pod_spec_path, subject

ID = "env-ref-missing"
CREATE = re.compile(r"\bkubectl\b.*\bcreate\s+(secret|configmap)\s+(?:generic\s+|tls\s+|docker-registry\s+)?"
                    r"([A-Za-z0-9.$(){}_-]+)")


def created_by_commands(facts: Facts) -> dict[tuple[str, str], str]:
    """(kind, name) -> where, for `kubectl create secret|configmap NAME` the repository runs."""
    out: dict[tuple[str, str], str] = {}
    for cmd in facts.commands:
        m = CREATE.search(cmd.text)
        if m:
            kind = "Secret" if m.group(1) == "secret" else "ConfigMap"
            out.setdefault((kind, m.group(2)), str(cmd.source))
    return out


def created_by_resources(facts: Facts) -> set[str]:
    """Secret names that other resources create: cert-manager Certificates (spec.secretName),
    SealedSecrets and ExternalSecrets (target name or own name)."""
    out: set[str] = set()
    for o in facts.objects:
        spec = o.body.get("spec") if isinstance(o.body.get("spec"), dict) else {}
        if o.kind == "Certificate" and spec.get("secretName"):
            out.add(str(spec["secretName"]))
        elif o.kind == "SealedSecret":
            out.add(str(as_dict(as_dict(spec.get("template")).get("metadata")).get("name") or o.name))
        elif o.kind in ("ExternalSecret", "ClusterExternalSecret", "VaultStaticSecret", "VaultDynamicSecret",
                        "OnePasswordItem", "InfisicalSecret"):
            out.add(str(as_dict(spec.get("target")).get("name") or as_dict(spec.get("destination")).get("name")
                        or o.name))
    return out


def _refs(obj) -> Iterator[tuple[str, str, str | None, bool, str]]:
    """(kind, name, key, optional, path) of every ConfigMap/Secret reference of a workload."""
    for path, c in containers(obj, include_init=True):
        for i, env in enumerate(as_list(c.get("env"))):
            vf = env.get("valueFrom") if isinstance(env, dict) else None
            if not isinstance(vf, dict):
                continue
            for key, kind in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
                r = vf.get(key)
                if isinstance(r, dict) and r.get("name"):
                    yield (kind, str(r["name"]), str(r["key"]) if r.get("key") is not None else None,
                           r.get("optional") is True, f"{path}.env[{i}].valueFrom.{key}.name")
        for i, ef in enumerate(as_list(c.get("envFrom"))):
            if not isinstance(ef, dict):
                continue
            for key, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
                r = ef.get(key)
                if isinstance(r, dict) and r.get("name"):
                    yield kind, str(r["name"]), None, r.get("optional") is True, f"{path}.envFrom[{i}].{key}.name"
    prefix = pod_spec_path(obj.kind)
    for i, vol in enumerate(as_list(pod_spec(obj).get("volumes"))):
        if not isinstance(vol, dict):
            continue
        cm, sec = vol.get("configMap"), vol.get("secret")
        if isinstance(cm, dict) and cm.get("name"):
            yield "ConfigMap", str(cm["name"]), None, cm.get("optional") is True, f"{prefix}.volumes[{i}].configMap.name"
        if isinstance(sec, dict) and sec.get("secretName"):
            yield ("Secret", str(sec["secretName"]), None, sec.get("optional") is True,
                   f"{prefix}.volumes[{i}].secret.secretName")


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    created = created_by_commands(facts)
    for name in created_by_resources(facts):
        created.setdefault(("Secret", name), "resource")
    defined: dict[tuple[str, str, str], list[str]] = {}
    anywhere: set[tuple[str, str]] = set()
    for cd in list(facts.configmaps) + list(facts.secrets):
        defined[(cd.origin, cd.kind, cd.name)] = list(cd.keys)
        anywhere.add((cd.kind, ctx.base_name(cd.name, cd.origin)))
    for w in facts.workloads:
        if w.obj is None:
            continue
        for kind, name, key, optional, path in _refs(w.obj):
            if "{{" in name or "$" in name:
                continue
            ref = subject(ctx, w.obj)
            keys = defined.get((w.origin, kind, name))
            base = ctx.base_name(name, w.origin)
            if keys is None:
                if (kind, name) in created or (kind, base) in created or (kind, base) in anywhere:
                    continue  # created by a command, or by another route (e.g. a configMapGenerator)
                sev = "info" if optional else "error"
                also = ""
                dep = ctx.missing_dependency(w.obj, name)
                if dep:
                    sev, also = "info", f" (probably created by the chart dependency '{dep}', which is not vendored)"
                consequence = ("it is optional, so the pod starts without it" if optional else
                               "run `helm dependency build` to check it" if dep else
                               "the pod cannot start (CreateContainerConfigError) until someone creates it")
                yield finding(ID, sev, "config", ref, f"{kind}/{base}", key,
                              f"{ref} uses {kind} '{name}'{f' key {key!r}' if key else ''}, which no manifest or "
                              f"repository command creates{also}: {consequence}.",
                              ctx.evidence(w.obj, path, f"{kind} {name}"),
                              f"define {kind} '{name}' or document the command that creates it")
            elif key is not None and keys and key not in keys:
                sev = "info" if optional else "error"
                yield finding(ID, sev, "config", ref, f"{kind}/{base}", key,
                              f"{ref} uses key '{key}' of {kind} '{name}', which defines only "
                              f"{', '.join(sorted(keys))}: the pod cannot start until the key exists.",
                              ctx.evidence(w.obj, path, f"{kind} {name} key {key}"),
                              f"add key '{key}' to {kind} '{name}' or fix the reference")
