"""minikube claims: `minikube start` flags and addons compared with the repository's own setup.

Used by the value-mismatch rule. The repo's commands come from `facts.commands` (scripts, Makefile
recipes, CI steps); `${VAR:-default}` flag values are expanded to their default.
"""

from __future__ import annotations

import os
import re
from typing import Iterator

from ..model import Claim, Evidence, Finding
from .context import Context
from .values import clean


def _flag_values(argv: list[str], names: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for i, arg in enumerate(argv):
        for name in names:
            if arg == name and i + 1 < len(argv):
                out.append(argv[i + 1])
            elif arg.startswith(name + "="):
                out.append(arg.split("=", 1)[1])
    return out

def _minikube_commands(ctx: Context, sub: str):
    out = []
    for cmd in ctx.facts.commands:
        argv = cmd.argv
        if cmd.tool == "minikube" or (argv and os.path.basename(argv[0]) == "minikube"):
            if sub in argv[1:]:
                out.append(cmd)
    return out


def _minikube_value(flag: str, value: str) -> str:
    v = clean(value).lower()
    if flag in ("--memory", "--disk-size"):
        m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(g|gb|gib|m|mb|mib|)", v)
        if m:
            n = float(m.group(1)) * (1024 if m.group(2).startswith("g") else 1)
            return str(int(n))
    if flag == "--kubernetes-version":
        return v.lstrip("v")
    return v


def check_flag(ctx: Context, claim: Claim, rule: str) -> Iterator[Finding]:
    flag = str((claim.extra or {}).get("flag") or "")
    if not flag.startswith("-"):
        return
    starts = _minikube_commands(ctx, "start")
    if not starts:
        return
    claimed = _minikube_value(flag, str(claim.value))
    seen: list[tuple[str, Evidence]] = []
    for cmd in starts:
        for val in _flag_values(cmd.argv, (flag,)):
            ev = Evidence(cmd.source.path, cmd.source.line, cmd.text[:100])
            if "$" in val:
                val = _expand_shell_default(val)
                if val is None:
                    continue
            seen.append((val, ev))
            if _minikube_value(flag, val) == claimed:
                ctx.verify(claim, val, [ev], f"minikube start {flag} {val} in {cmd.source.path}",
                           area="minikube", field_name="minikube-flag")
                return
    if not seen:
        return
    val, ev = seen[0]
    yield ctx.finding(rule, "error", "minikube", claim=claim, field_name="minikube-flag",
                      doc_value=claim.value, actual=val, evidence=[ev],
                      message=f"The doc starts minikube with {flag} {claim.value}; the repo's setup uses "
                              f"{flag} {val} ({ev.path}:{ev.line}).", fix=f"change {claim.value} to {val}")


def _expand_shell_default(val: str) -> str | None:
    m = re.fullmatch(r"\$\{\w+:?-([^}]*)\}", val.strip("\"'"))
    return m.group(1) if m else None


KNOWN_ADDONS = frozenset(
    "ambassador auto-pause cloud-spanner csi-hostpath-driver dashboard default-storageclass efk freshpod gcp-auth "
    "gvisor headlamp helm-tiller inaccel ingress ingress-dns inspektor-gadget istio istio-provisioner kong kubeflow "
    "kubevirt logviewer metallb metrics-server nvidia-device-plugin nvidia-driver-installer nvidia-gpu-device-plugin "
    "amd-gpu-device-plugin olm pod-security-policy portainer registry registry-aliases registry-creds "
    "storage-provisioner storage-provisioner-gluster storage-provisioner-rancher volcano volumesnapshots yakd".split()
)


def check_addon(ctx: Context, claim: Claim, rule: str) -> Iterator[Finding]:
    addon = clean(claim.value).lower()
    addons: dict[str, Evidence] = {}
    any_minikube = False
    for cmd in ctx.facts.commands:
        argv = cmd.argv
        if not (cmd.tool == "minikube" or (argv and os.path.basename(argv[0]) == "minikube")):
            continue
        any_minikube = True
        ev = Evidence(cmd.source.path, cmd.source.line, cmd.text[:100])
        if "addons" in argv:
            i = argv.index("addons")
            if i + 2 < len(argv) and argv[i + 1] == "enable":
                name = argv[i + 2]
                if "$" in name:
                    return  # addons enabled from a variable: cannot tell which
                addons.setdefault(name, ev)
        for val in _flag_values(argv, ("--addons",)):
            for a in val.split(","):
                addons.setdefault(a.strip(), ev)
    if not any_minikube or (addon not in KNOWN_ADDONS and addon not in addons):
        return
    if addon in addons:
        ctx.verify(claim, addon, [addons[addon]], f"addon {addon} is enabled by {addons[addon].path}",
                   area="minikube")
        return
    names = sorted(addons)
    yield ctx.finding(rule, "error", "minikube", claim=claim, field_name="minikube-addon", actual=names,
                      evidence=list(addons.values())[:3],
                      message=f"The doc enables minikube addon '{addon}', which the repo's setup never enables"
                              + (f" (it enables {', '.join(names)})." if names else "."))

