"""The CLI subcommands: one module each with `configure(parser)` and `run(args) -> int`.

Shared argument checks live here so every command words the same mistake the same way:
`repo_dir(path)` (the REPO argument), `doc_arg(repo, path)`/`doc_args(repo, paths)` (--doc arguments); `write_utf8(text)`
prints output that must keep its exact bytes (patches, rendered YAML) whatever the locale.
"""

from __future__ import annotations

import os
import sys

from ..errors import UsageError

_DOC_SUFFIXES = (".md", ".markdown", ".mdx")


def repo_dir(path: str) -> str:
    """`path` as an absolute directory; UsageError (one line) when it is missing or is a file.

    A document given where the repository belongs gets a hint to pass it with --doc."""
    if os.path.isdir(path):
        return os.path.abspath(path)
    if os.path.exists(path):
        hint = ""
        if path.lower().endswith(_DOC_SUFFIXES):
            hint = f"; to check one document, pass the repository and --doc {path}"
        raise UsageError(f"not a directory (REPO is the repository root{hint})", path)
    raise UsageError("no such directory", path)


def doc_arg(repo: str, doc: str) -> str:
    """A --doc argument as the path the analysis reads: repo-relative when inside `repo`, else absolute.

    A relative path is taken relative to the repository, or to the current directory when only that
    interpretation names a file (`k8sfix check ../platform --doc ../platform/docs/x.md`).
    UsageError when neither names a file."""
    repo = os.path.abspath(repo)
    if os.path.isabs(doc):
        full = doc
    else:
        in_repo = os.path.join(repo, doc)
        full = doc if os.path.exists(doc) and not os.path.exists(in_repo) else in_repo
    full = os.path.abspath(full)
    if os.path.isdir(full):
        raise UsageError("is a directory; --doc takes a Markdown file", doc)
    if not os.path.isfile(full):
        raise UsageError("document not found", doc)
    rel = os.path.relpath(full, repo)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return full.replace(os.sep, "/")
    return rel.replace(os.sep, "/")


def doc_args(repo: str, docs: list[str] | None) -> list[str] | None:
    """Every --doc argument through doc_arg(), each document once (`docs/x.md` and `./docs/x.md` are one
    document: analysed twice it would get every fix twice). None when no --doc was given."""
    if not docs:
        return None
    return list(dict.fromkeys(doc_arg(repo, d) for d in docs))


def enclosing_repo_note(repo: str, facts: object, shown: str | None = None) -> str | None:
    """A one-line note when `repo` holds no Kubernetes sources (objects, charts, Kustomize directories) but
    lies below the top of a git repository: the user probably ran k8sfix from a subfolder such as docs/,
    so every claim would look invented. None otherwise (a subfolder with its own manifests is a fine REPO).
    `shown` is the REPO argument as typed (for the message)."""
    if getattr(facts, "objects", None) or getattr(facts, "charts", None) or getattr(facts, "overlays", None):
        return None
    here = os.path.abspath(repo)
    for parent in [os.path.dirname(here), *_parents(os.path.dirname(here))]:
        if os.path.exists(os.path.join(parent, ".git")):
            if os.path.exists(os.path.join(here, ".git")):
                return None
            rel = os.path.relpath(parent)
            return (f"k8sfix: note: {shown or repo} has no manifests, charts or Kustomize directories but is inside the git "
                    f"repository {parent}; to check against the whole repository pass its root ({rel})")
    return None


def _parents(path: str):
    """The ancestors of `path`, nearest first."""
    while True:
        up = os.path.dirname(path)
        if up == path:
            return
        yield up
        path = up


def has_terminal() -> bool:
    """Whether the app can run here: keys come from stdin and Textual draws on stderr, so both must be a
    terminal. Without one (CI, a pipe, `< /dev/null`) the app would wait for keys forever."""
    try:
        return bool(sys.stdin and sys.stdin.isatty() and sys.__stderr__ and sys.__stderr__.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def renderer_available(renderer: str) -> str:
    """`renderer` when it can run here; UsageError for an explicit `kubectl`/`kustomize` that is not on PATH
    (otherwise every overlay would fail one by one and the analysis would miss their objects)."""
    import shutil

    if renderer in ("kubectl", "kustomize") and shutil.which(renderer) is None:
        raise UsageError(f"--renderer {renderer}: {renderer!r} is not on PATH (use --renderer auto or embedded)")
    return renderer


def write_utf8(text: str) -> None:
    """Write `text` to stdout as UTF-8 even when the locale's encoding is not (LANG=C, PYTHONIOENCODING=ascii):
    a patch or a rendered manifest must keep the file's exact bytes, not replacement characters."""
    stream = sys.stdout
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    buffer = getattr(stream, "buffer", None)
    if encoding == "utf8" or buffer is None:
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()
