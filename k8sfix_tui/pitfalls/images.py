"""Images the repository builds (docker/podman/buildah/nerdctl `build -t`, `minikube image build -t`,
GitHub `docker/build-push-action` tags), as name patterns with unresolved variables as wildcards."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any, Iterator

import yaml

from ..model import Facts, Location, split_image

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BUILDERS = frozenset({"docker", "podman", "buildah", "nerdctl", "minikube", "img", "kaniko"})
VAR = re.compile(r"\$\{\{[^}]*\}\}|\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|"
                 r"\$([A-Za-z_][A-Za-z0-9_]*)")
WILD = "\x00"


@dataclass
class BuiltImage:
    text: str  # as written
    name: str  # name part with variables expanded where known, WILD where not
    location: Location

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile("".join(".+?" if ch == WILD else re.escape(ch) for ch in normalize(self.name)))

    @property
    def prefix(self) -> str:
        return normalize(self.name).rpartition("/")[0]

    @property
    def resolved(self) -> bool:
        """At least the last path segment has some literal text."""
        leaf = self.name.rpartition("/")[2]
        return bool(leaf.replace(WILD, "").strip("-_."))


def normalize(name: str) -> str:
    for prefix in ("docker.io/library/", "docker.io/", "index.docker.io/library/", "index.docker.io/"):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def expand(text: str, variables: dict[str, str], depth: int = 0) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(2) or m.group(3)
        if m.group(0).startswith("${{"):
            inner = m.group(0)[3:-2].strip()
            name = inner.split(".", 1)[1] if inner.startswith("env.") else None
        if name and name in variables and depth < 5:
            return expand(variables[name], variables, depth + 1)
        return WILD

    return VAR.sub(sub, text.strip("\"'"))


def _tags(argv: list[str]) -> Iterator[str]:
    for i, arg in enumerate(argv):
        if arg in ("-t", "--tag") and i + 1 < len(argv):
            yield argv[i + 1]
        elif arg.startswith("--tag="):
            yield arg.split("=", 1)[1]
        elif arg.startswith("-t") and len(arg) > 2 and not arg.startswith("--"):
            yield arg[2:]


def _workflow_tags(facts: Facts) -> Iterator[tuple[str, Location, dict[str, str]]]:
    for wf in facts.workflows:
        try:
            with open(os.path.join(facts.repo, wf.path), encoding="utf-8") as fh:
                data = yaml.load(fh, Loader=Loader)
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            continue
        if not isinstance(data, dict):
            continue
        env = {str(k): str(v) for k, v in (data.get("env") or {}).items()} if isinstance(data.get("env"), dict) else {}
        lines = []
        try:
            with open(os.path.join(facts.repo, wf.path), encoding="utf-8") as fh:
                lines = fh.read().split("\n")
        except OSError:
            pass
        for job in (data.get("jobs") or {}).values() if isinstance(data.get("jobs"), dict) else []:
            if not isinstance(job, dict):
                continue
            for step in job.get("steps") if isinstance(job.get("steps"), list) else []:
                if not isinstance(step, dict) or "build-push-action" not in str(step.get("uses") or ""):
                    continue
                tags = (step.get("with") or {}).get("tags") if isinstance(step.get("with"), dict) else None
                for tag in re.split(r"[\n,]", str(tags or "")):
                    tag = tag.strip()
                    if not tag:
                        continue
                    line = next((i for i, ln in enumerate(lines, 1) if tag in ln), wf.source.line)
                    yield tag, Location(wf.path, line), env


def built_images(facts: Facts) -> list[BuiltImage]:
    variables = {v.name: v.value for v in facts.make_variables}
    out: list[BuiltImage] = []
    for cmd in facts.commands:
        if cmd.tool not in BUILDERS or "build" not in cmd.argv:
            continue
        if cmd.tool == "minikube" and "image" not in cmd.argv:
            continue
        for tag in _tags(cmd.argv):
            out.append(BuiltImage(tag, split_image(expand(tag, variables))[0], cmd.source))
    for tag, loc, env in _workflow_tags(facts):
        out.append(BuiltImage(tag, split_image(expand(tag, {**variables, **env}))[0], loc))
    return out


def deployed_images(facts: Facts) -> dict[str, list[Any]]:
    """Normalised image name -> workloads deploying it (every origin)."""
    out: dict[str, list[Any]] = {}
    for w in facts.workloads:
        for c in list(w.containers) + list(w.init_containers):
            if c.image and "{{" not in c.image:
                out.setdefault(normalize(c.image_name), []).append((w, c))
    return out
