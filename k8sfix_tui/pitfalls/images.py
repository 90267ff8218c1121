"""Images the repository builds (docker/podman/buildah/nerdctl `build -t`, `minikube image build -t`,
GitHub `docker/build-push-action` tags, skaffold artifacts, Tiltfile `docker_build`), as name patterns
with unresolved variables as wildcards."""

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
    retagged: bool = False  # built by a tool (skaffold, Tilt) that rewrites image refs at deploy time

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile("".join(".+?" if ch == WILD else re.escape(ch) for ch in canon(self.name)))

    def deploys_as(self, name: str) -> bool:
        """Whether deployed image `name` is this build (also under a registry when built without one)."""
        name = canon(name)
        if self.pattern.fullmatch(name) or self.base_pattern.fullmatch(name):
            return True
        return not has_registry(self.name) and has_registry(name) and bool(
            self.pattern.fullmatch(name.split("/", 1)[1]))

    @property
    def base_pattern(self) -> re.Pattern[str]:
        """The pattern without a trailing variable suffix (`app-$(ARCH)` also builds `app` via a manifest list)."""
        name = re.sub(r"[-_.]" + WILD + r"$", "", canon(self.name))
        return re.compile("".join(".+?" if ch == WILD else re.escape(ch) for ch in name))

    @property
    def prefix(self) -> str:
        return canon(self.name).rpartition("/")[0]

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


def _command_substitutions(text: str) -> str:
    """`$(shell ...)`, `$(git rev-parse HEAD)` and backtick spans (balanced parentheses) -> WILD."""
    out, i = [], 0
    while i < len(text):
        if text.startswith("$(", i) and not re.match(r"\$\([A-Za-z_][A-Za-z0-9_]*\)", text[i:]):
            depth, j = 0, i + 1
            while j < len(text):
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                if depth == 0:
                    break
                j += 1
            out.append(WILD)
            i = j + 1
        elif text[i] == "`" and "`" in text[i + 1:]:
            i = text.index("`", i + 1) + 1
            out.append(WILD)
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def canon(name: str) -> str:
    """Comparison form of an image name: no docker.io/library prefix, lower case, `_` as `-`
    (registries such as gcr.io serve `google_samples` and `google-samples` alike)."""
    return normalize(name).lower().replace("_", "-")


def has_registry(name: str) -> bool:
    first = name.split("/", 1)[0]
    return "/" in name and ("." in first or ":" in first or first == "localhost")


def expand(text: str, variables: dict[str, str], depth: int = 0) -> str:
    text = _command_substitutions(text)

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


def _operands(argv: list[str], after: str) -> list[str]:
    rest = argv[argv.index(after) + 1:]
    return [a for a in rest if not a.startswith("-")]


def _produced(argv: list[str]) -> list[str]:
    """Image references a docker-like command produces: `build -t X`, `tag SRC X`, `push X`,
    `manifest create X ...`, `buildx imagetools create -t X`."""
    if "build" in argv or ("imagetools" in argv and "create" in argv):
        return list(_tags(argv))
    if "manifest" in argv and "create" in argv:
        return _operands(argv, "create")[:1]
    if "tag" in argv:
        ops = _operands(argv, "tag")
        return ops[1:2]
    if "push" in argv and "manifest" not in argv:
        return _operands(argv, "push")[:1]
    return []


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


TILT_BUILD = re.compile(r"""\b(?:docker_build|custom_build|docker_build_with_restart)\(\s*(?:ref\s*=\s*)?['"]([^'"]+)['"]""")


def _read(facts: Facts, path: str) -> str:
    try:
        with open(os.path.join(facts.repo, path), encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError:
        return ""


def _line_of(text: str, needle: str) -> int:
    for i, line in enumerate(text.split("\n"), 1):
        if needle in line:
            return i
    return 1


def _skaffold_and_tilt(facts: Facts) -> Iterator[BuiltImage]:
    """Artifacts of skaffold.yaml files (build and profiles) and Tiltfile docker_build() calls."""
    for path in sorted(facts.files):
        base = path.rsplit("/", 1)[-1]
        if base.startswith("skaffold") and base.endswith((".yaml", ".yml")):
            text = _read(facts, path)
            try:
                docs = list(yaml.load_all(text, Loader=Loader))
            except yaml.YAMLError:
                continue
            for doc in docs:
                if not isinstance(doc, dict) or not str(doc.get("apiVersion", "")).startswith("skaffold/"):
                    continue
                builds = [doc.get("build")] + [p.get("build") for p in doc.get("profiles") or []
                                               if isinstance(p, dict)]
                for build in builds:
                    arts = build.get("artifacts") if isinstance(build, dict) else None
                    for art in arts if isinstance(arts, list) else []:
                        image = art.get("image") if isinstance(art, dict) else None
                        if isinstance(image, str) and image:
                            yield BuiltImage(image, split_image(image)[0], Location(path, _line_of(text, image)), True)
        elif base == "Tiltfile" or base.endswith(".tiltfile"):
            text = _read(facts, path)
            for m in TILT_BUILD.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                yield BuiltImage(m.group(1), split_image(m.group(1))[0], Location(path, line), True)


def built_images(facts: Facts) -> list[BuiltImage]:
    variables = {v.name: v.value for v in facts.make_variables}
    out: list[BuiltImage] = []
    for cmd in facts.commands:
        if cmd.tool not in BUILDERS:
            continue
        if cmd.tool == "minikube" and "image" not in cmd.argv:
            continue
        for tag in _produced(cmd.argv):
            out.append(BuiltImage(tag, split_image(expand(tag, variables))[0], cmd.source))
    for tag, loc, env in _workflow_tags(facts):
        out.append(BuiltImage(tag, split_image(expand(tag, {**variables, **env}))[0], loc))
    seen: set[tuple[str, str]] = set()
    for b in _skaffold_and_tilt(facts):
        if (b.name, str(b.location)) not in seen:
            seen.add((b.name, str(b.location)))
            out.append(b)
    return out


def loaded_images(facts: Facts) -> list[BuiltImage]:
    """Images the repository loads straight into a local cluster (`kind load docker-image`,
    `minikube image load|build`, `k3d image import`): their tags are local by design."""
    variables = {v.name: v.value for v in facts.make_variables}
    out: list[BuiltImage] = []
    for cmd in facts.commands:
        argv = cmd.argv
        args: list[str] = []
        if cmd.tool == "kind" and "load" in argv:
            args = argv[argv.index("load") + 2:]
        elif cmd.tool == "minikube" and "image" in argv and ("load" in argv or "build" in argv):
            args = list(_tags(argv)) if "build" in argv else argv[argv.index("load") + 1:]
        elif cmd.tool == "k3d" and "image" in argv and "import" in argv:
            args = argv[argv.index("import") + 1:]
        skip = False
        for a in args:
            if skip:
                skip = False
                continue
            if a.startswith("-"):
                skip = "=" not in a and a in ("-p", "--profile", "-n", "--name", "-c", "--cluster", "--nodes")
                continue
            out.append(BuiltImage(a, split_image(expand(a, variables))[0], cmd.source, True))
    return out


def deployed_images(facts: Facts) -> dict[str, list[Any]]:
    """Normalised image name -> workloads deploying it (every origin)."""
    out: dict[str, list[Any]] = {}
    for w in facts.workloads:
        for c in list(w.containers) + list(w.init_containers):
            if c.image and "{{" not in c.image:
                out.setdefault(normalize(c.image_name), []).append((w, c))
    return out
