"""plaintext-credential: credentials written as literals in the repository (key names only reported).

Wrong: `env: [{name: DB_PASSWORD, value: hunter2}]`, a committed Secret manifest with `data`/
`stringData`, or `values.yaml` `postgresPassword: changeme` (anyone with read access to the repo has
the password, and it ends up in `helm get values`).

Right: `valueFrom.secretKeyRef`, Secrets created out of band (`kubectl create secret`, sealed or
external secrets), empty values defaults filled with `--set` at deploy time. The VALUE is never
printed by this rule.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from ...model import Evidence, Facts, Finding
from ..context import Context, as_list, containers, finding, subject

ID = "plaintext-credential"
SECRET_NAME = re.compile(r"(password|passwd|passphrase|pwd|secret|token|apikey|accesskey|secretkey|privatekey|"
                         r"clientsecret|credentials?|authkey)$")
NOT_SECRET_SUFFIX = ("name", "ref", "file", "path", "enabled", "mount", "length", "policy", "type", "format",
                     "header", "id")
NOT_SECRET_PREFIX = ("existing", "use", "enable", "create", "generate", "auto")
PLACEHOLDER_WORDS = re.compile(r"^\s*$|^<.*>$|\{\{|\$\{|^\$\(|^(true|false|null|none|~|x+|\.+|\*+|todo|tbd|"
                               r"replace[-_ ]?me|changeit|your[-_].*)$", re.I)
PLACEHOLDER_TOKEN = re.compile(r"^(?=[A-Z0-9_]*[A-Z])(?=[A-Z0-9_]*_)[A-Z0-9_]+$")  # GOOGLE_API_KEY_VAL


class _Placeholder:
    """A value that is a template token or an empty default, not a credential."""

    @staticmethod
    def search(value: str) -> bool:
        return bool(PLACEHOLDER_WORDS.search(value) or PLACEHOLDER_TOKEN.match(value.strip()))


PLACEHOLDER = _Placeholder()


def secret_like(name: str) -> bool:
    """Whether a key or env var name looks like it holds a credential (`DB_PASSWORD`, `apiKey`)."""
    leaf = re.sub(r"\[\d+\]$", "", name.rsplit(".", 1)[-1])
    low = re.sub(r"[-_]", "", leaf.lower())
    if low.endswith(NOT_SECRET_SUFFIX) or low.startswith(NOT_SECRET_PREFIX):
        return False
    return bool(SECRET_NAME.search(low))


def _flatten(values: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(values, dict):
        for k, v in values.items():
            key = f"{prefix}.{k}" if prefix else str(k)
            yield key, v
            yield from _flatten(v, key)


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for w in facts.workloads:
        if w.obj is None:
            continue
        for path, c in containers(w.obj, include_init=True):
            for i, env in enumerate(as_list(c.get("env"))):
                if not isinstance(env, dict) or "value" not in env or not isinstance(env.get("name"), str):
                    continue
                if not secret_like(env["name"]) or PLACEHOLDER.search(str(env.get("value") or "")):
                    continue
                ref = subject(ctx, w.obj)
                cname = c.get("name")
                yield finding(ID, "warning", "config", ref, f"{cname}.env.{env['name']}", env["name"],
                              f"{ref} container '{cname}' sets {env['name']} as a literal env value: the credential "
                              "is in the repository and readable by anyone who can read the pod spec.",
                              ctx.evidence(w.obj, f"{path}.env[{i}].value", f"env {env['name']}"),
                              f"move {env['name']} to a Secret and use valueFrom.secretKeyRef")
    for sec in facts.secrets:
        obj = sec.obj
        if obj is None or not sec.keys:
            continue
        if obj.origin.startswith("chart ") or ctx.chart_of(obj) is not None \
                or str(sec.type or "") == "kubernetes.io/service-account-token":
            continue  # chart Secrets come from values (reported below)
        ref = f"Secret/{ctx.base_name(sec.name, sec.origin)}"
        field = "stringData" if isinstance(obj.body.get("stringData"), dict) else "data"
        evidence = []
        for k in sorted(sec.keys)[:5]:
            evidence.extend(ctx.evidence(obj, f"{field}.{k}", f"key {k}"))
        yield finding(ID, "warning", "config", ref, "data", ",".join(sorted(sec.keys)),
                      f"{ref} is committed with literal values for {', '.join(sorted(sec.keys))}: every clone of the "
                      "repository carries the credentials.", evidence,
                      "create the Secret out of band (kubectl create secret, sealed/external secrets)")
    for ch in facts.charts:
        values_path = f"{ch.path.rstrip('/')}/values.yaml"
        for key, value in _flatten(ch.values):
            if not isinstance(value, str) or isinstance(value, bool) or PLACEHOLDER.search(value):
                continue
            if not secret_like(key) or ".env" in key.lower() or "extraenv" in key.lower():
                continue
            line = ch.values_lines.get(key, 0)
            yield finding(ID, "warning", "helm", f"Chart/{ch.name}", key, key,
                          f"values key {key} of chart {ch.name} holds a literal credential by default: it is "
                          "committed and every install that does not override it uses the same secret.",
                          [Evidence(values_path, line, f"values key {key}")],
                          f"default {key} to empty and pass it with --set or an existing Secret")
