"""ingress-tls-secret-missing: an Ingress TLS secretName that nothing creates.

Wrong: `tls: [{secretName: app-tls}]` with no Secret `app-tls` in the repository, no cert-manager
annotation or Certificate, and no `kubectl create secret tls` (the controller serves its fake
default certificate).

Right: a cert-manager `cert-manager.io/cluster-issuer` annotation or Certificate for that secret, or
the documented command that creates it.
"""

from __future__ import annotations

from typing import Iterator

from ...model import Facts, Finding
from ..context import Context, finding
from .env_ref_missing import created_by_commands, created_by_resources

ID = "ingress-tls-secret-missing"
ISSUER = ("cert-manager.io/cluster-issuer", "cert-manager.io/issuer", "certmanager.k8s.io/cluster-issuer",
          "certmanager.k8s.io/issuer", "kubernetes.io/tls-acme", "acme.cert-manager.io/http01-edit-in-place")


def check(facts: Facts, ctx: Context) -> Iterator[Finding]:
    created = created_by_commands(facts)
    secrets = {ctx.base_name(s.name, s.origin) for s in facts.secrets} | {s.name for s in facts.secrets}
    certs = created_by_resources(facts)
    for ing in facts.ingresses:
        if ing.obj is None or any(a in ing.annotations for a in ISSUER):
            continue
        for i, tls in enumerate(ing.tls):
            name = tls.get("secretName") if isinstance(tls, dict) else None
            if not name or "{{" in str(name):
                continue
            name = str(name)
            base = ctx.base_name(name, ing.origin)
            if {name, base} & (secrets | certs) or ("Secret", name) in created or ("Secret", base) in created:
                continue
            ref = f"Ingress/{ctx.base_name(ing.name, ing.origin)}"
            yield finding(ID, "warning", "exposure", ref, "tls.secretName", base,
                          f"{ref} serves TLS from Secret '{name}', which nothing in the repository creates (no Secret, "
                          "cert-manager Certificate or annotation): the controller falls back to its self-signed "
                          "default certificate.",
                          ctx.evidence(ing.obj, f"spec.tls[{i}].secretName", f"secretName {name}", name),
                          f"create Secret '{name}' (kubectl create secret tls) or let cert-manager issue it")
