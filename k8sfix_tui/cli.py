"""Command-line entry point: `k8sfix SUBCOMMAND ...`.

Each subcommand lives in `k8sfix_tui/commands/<name>.py` with `configure(parser)` and
`run(args) -> int`. Exit codes: 0 ok, 1 findings at or above --fail-on (check), a failed check
(validate) or a render error (template, render), 2 usage or fatal error, 130 interrupted.
Results go to stdout, diagnostics (one line each) to stderr; no Python traceback reaches the user.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import os
import re
import sys
import textwrap
from typing import Sequence

from . import __version__
from .errors import K8sfixError

SUBCOMMANDS: dict[str, str] = {
    "facts": "List what the repository really deploys (manifests, overlays, charts, Makefiles, scripts, CI).",
    "render": "Render a Kustomize directory to one YAML stream, like `kustomize build`.",
    "template": "Render a Helm chart exactly as `helm template` prints it.",
    "check": "Report every claim of a deployment document that is wrong, missing or invented.",
    "fix": "Propose fixes for a document's findings, apply the accepted ones, optionally commit.",
    "validate": "Validate a document: snippets, paths, targets, links, placeholders, remaining drift.",
    "tui": "Open the interactive app (analysis, updates, validation and commit).",
    "demo": "Copy the bundled sample repository into a temporary git repo and open the app there.",
}

MAIN_EPILOG = """\
With no command, k8sfix opens the app on the current directory, like `k8sfix tui`.

examples:
  k8sfix demo                           # the app on a copy of the sample
  k8sfix check .                        # findings of the discovered docs
  k8sfix check . --doc docs/deploy.md --format github
  k8sfix fix . --accept all --dry-run   # the fixes as a patch
  k8sfix fix . --accept all --commit --branch auto
  k8sfix validate . --doc docs/deploy.md

exit codes: 0 ok; 1 findings at or above --fail-on (check), a failed check (validate) or a render \
error (template, render); 2 usage or fatal error; 130 interrupted. Results go to stdout, diagnostics \
to stderr. Run `k8sfix COMMAND --help` for a command's options."""

EPILOGS: dict[str, str] = {
    "facts": """\
examples:
  k8sfix facts .                      # counts per area, workloads, profiles
  k8sfix facts . --json > facts.json  # everything (never Secret values)
  k8sfix facts . --renderer embedded  # Kustomize without kubectl/kustomize

Source errors (unparsable YAML, templates that fail) are listed on stderr as `path:line: message` and \
are not fatal.

exit codes: 0 done, 2 usage or fatal error.""",
    "render": """\
examples:
  k8sfix render k8s/overlays/prod
  k8sfix render k8s/overlays/prod --renderer embedded --show-renderer

exit codes: 0 rendered, 1 a helmCharts chart could not be inflated (left out of the stream), 2 usage \
error or the build failed.""",
    "template": """\
examples:
  k8sfix template deploy/helm/app
  k8sfix template deploy/helm/app my-release -n prod -f prod.yaml --set tag=1.2
  k8sfix template deploy/helm/app -s templates/deployment.yaml

exit codes: 0 rendered, 1 render error (one `Error: ...` line on stderr, as helm), 2 usage error.""",
    "check": """\
examples:
  k8sfix check .                          # discovered documents, text report
  k8sfix check . --doc docs/deploy.md --fail-on warning
  k8sfix check . --format json > findings.json
  k8sfix check . --format sarif > k8sfix.sarif     # code scanning
  k8sfix check . --format github          # GitHub Actions annotations

exit codes: 0 no finding at or above --fail-on, 1 findings at or above --fail-on (waived findings and \
pitfalls do not count), 2 usage or fatal error. Nothing is written to the repository.""",
    "fix": """\
examples:
  k8sfix fix .                            # list the proposals, write nothing
  k8sfix fix . --accept all --dry-run     # a patch `git apply` accepts
  k8sfix fix . --accept fix-001,fix-004   # apply two fixes
  k8sfix fix . --accept rule:value-mismatch --reject fix-007
  k8sfix fix . --accept all --commit --branch auto

--accept all leaves out fixes that would overwrite a generated section edited by hand (accept those \
by id). With --commit nothing is written when git would refuse (not a repository, detached HEAD without \
--branch, merge in progress, uncommitted edits to the document, no user.name/user.email).

exit codes: \
0 done or nothing to do, 2 usage error or refused.""",
    "validate": """\
examples:
  k8sfix validate .
  k8sfix validate . --doc docs/deploy.md --kube-version 1.29
  k8sfix validate . --format json

exit codes: 0 every check passes (skips allowed), 1 a check fails, 2 usage or fatal error.""",
    "tui": """\
examples:
  k8sfix                              # the app on the current directory
  k8sfix tui ../platform --doc docs/deploy.md

Keys: 1/2/3 phase, ? help, ctrl+p palette, ctrl+r re-analyse, q quit.

exit codes: 0 closed, 2 usage \
error.""",
    "demo": """\
examples:
  k8sfix demo                 # a new temporary copy, then the app
  k8sfix demo /tmp/larkspur   # the copy in an absent or empty directory
  k8sfix demo --no-app        # only create the copy and print its path

On exit the app prints where the copy is.

exit codes: 0 done, 2 usage error (destination not empty).""",
}


class _HelpFormatter(argparse.HelpFormatter):
    """Wraps prose paragraphs to the terminal; keeps indented example lines as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        width = max(width, 11)
        blocks = []
        for block in text.split("\n\n"):
            lines = block.splitlines()
            if any(line.startswith("  ") for line in lines):
                blocks.append("\n".join(indent + line for line in lines))
            else:
                blocks.append(textwrap.fill(" ".join(block.split()), width, initial_indent=indent,
                                            subsequent_indent=indent, break_on_hyphens=False))
        return "\n\n".join(blocks)


def _suggest(word: str, choices: Sequence[str]) -> str:
    """' (did you mean X?)' when one choice is close to `word`, else ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _Parser(argparse.ArgumentParser):
    """argparse with suggestions in usage errors: a mistyped command, option or choice names the close one."""

    def error(self, message: str):  # type: ignore[override]
        m = re.match(r"argument (\S+): invalid choice: '([^']*)' \(choose from (.*)\)$", message)
        if m:
            choices = re.findall(r"'([^']*)'", m.group(3))
            hint = _suggest(m.group(2), choices)
            if not hint and m.group(1) == "COMMAND" and os.path.isdir(m.group(2)):
                hint = f" (to open the app on that repository: k8sfix tui {m.group(2)})"
            message = f"argument {m.group(1)}: invalid choice: {m.group(2)!r}{hint} (choose from {m.group(3)})"
        elif message.startswith("unrecognized arguments: "):
            words = message[len("unrecognized arguments: "):].split()
            options = [s for a in self._actions for s in a.option_strings]
            hints = [_suggest(w.split("=", 1)[0], options) for w in words if w.startswith("-")]
            message += next((h for h in hints if h), "")
        super().error(message)


def _chosen(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line (the first non-option word), if any."""
    for word in argv:
        if word == "--":
            return None
        if not word.startswith("-"):
            return word if word in SUBCOMMANDS else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser. With `only`, just that subcommand's module is imported and configured
    (the others are listed with their help line): `k8sfix check` never pays for the app's imports.
    `parser.subcommand_parsers` maps each name to its subparser."""
    parser = _Parser(
        prog="k8sfix",
        description="Fix Kubernetes deployment documents that have drifted from the repository they describe.",
        epilog=MAIN_EPILOG,
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"k8sfix {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    parser.subcommand_parsers = {}  # type: ignore[attr-defined]
    for name, help_text in SUBCOMMANDS.items():
        sp = sub.add_parser(name, help=help_text, description=help_text, epilog=EPILOGS.get(name),
                            formatter_class=_HelpFormatter)
        parser.subcommand_parsers[name] = sp  # type: ignore[attr-defined]
        if only is not None and name != only:
            continue
        module = importlib.import_module(f".commands.{name}", __package__)
        module.configure(sp)
        sp.set_defaults(_run=module.run)
    return parser


def _parse(argv: list[str]) -> argparse.Namespace:
    """Parse `argv`; unknown options are reported by the subcommand they were given to (its usage)."""
    parser = build_parser(only=_chosen(argv) or "")
    args, extras = parser.parse_known_args(argv)
    if extras:
        target = parser.subcommand_parsers.get(getattr(args, "command", None) or "", parser)  # type: ignore[attr-defined]
        target.error("unrecognized arguments: " + " ".join(extras))
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        raise SystemExit(2)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; returns its exit code (never raises, never prints a traceback)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    _tolerant_streams()
    if not argv:
        from .commands import has_terminal

        if not has_terminal():  # plain `k8sfix` in a script or CI job: say what to run instead of hanging
            print("k8sfix: no terminal for the app (stdin and stderr are not one here); in scripts and CI run a "
                  "command such as `k8sfix check .` (see `k8sfix --help`)", file=sys.stderr)
            return 2
        argv = ["tui"]
    try:
        try:
            args = _parse(argv)
        except SystemExit as exc:  # argparse: --help/--version exit 0, usage errors exit 2
            return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        return int(args._run(args) or 0)
    except K8sfixError as exc:
        print(f"k8sfix: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nk8sfix: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except RecursionError:
        print("k8sfix: input nested too deeply to process", file=sys.stderr)
        return 2
    except MemoryError:
        print("k8sfix: out of memory", file=sys.stderr)
        return 2
    except Exception as exc:  # last line of defence: one line, never a traceback
        print(f"k8sfix: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


def _tolerant_streams() -> None:
    """On a terminal or file whose encoding is not UTF-8 (LANG=C, PYTHONIOENCODING=ascii), characters the
    encoding lacks (emoji headings, arrows) print as escapes instead of failing the whole command."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


def _silence_stdout() -> None:
    """After a closed pipe (`k8sfix facts --json | head`), point stdout at devnull so the interpreter's
    final flush does not print 'Exception ignored ... BrokenPipeError'."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
