"""`k8sfix template CHART [NAME]`: render a Helm chart exactly as `helm template` prints it.

The embedded renderer (`k8sfix_tui.render.helm`) is the default; `--renderer helm` runs the real
`helm` binary instead, and `--renderer auto` uses it when it is on PATH. Like helm, errors are one
`Error: ...` line on stderr and exit code 1. Helm's own argument order `NAME CHART` is accepted
too: when the first positional is not a chart path and the second is, they are swapped.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys

from ..errors import RenderError
from . import write_utf8

# what helm's --kube-version accepts (a semantic version, minor and patch optional): `1.x` or `latest`
# would otherwise reach the chart's kubeVersion check and fail as "incompatible with Kubernetes v1.x"
_KUBE_VERSION = re.compile(r"^v?\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("chart", help="chart directory or .tgz archive")
    parser.add_argument("name", nargs="?", default=None, help="release name (default: release-name)")
    parser.add_argument("-n", "--namespace", default="default", help="namespace (default: default)")
    parser.add_argument("-f", "--values", action="append", default=[], metavar="FILE", help="values file (repeatable)")
    parser.add_argument("--set", action="append", default=[], metavar="K=V", help="set values (repeatable)")
    parser.add_argument("--set-string", action="append", default=[], metavar="K=V", help="set string values")
    parser.add_argument("--set-json", action="append", default=[], metavar="K=JSON", help="set JSON values")
    parser.add_argument("--set-file", action="append", default=[], metavar="K=PATH", help="set values from files")
    parser.add_argument("--kube-version", default=None, metavar="VERSION",
                        help="Kubernetes version for .Capabilities.KubeVersion and the chart's kubeVersion check "
                             "(e.g. 1.31 or v1.31.2)")
    parser.add_argument("-a", "--api-versions", action="append", default=[], help="extra API versions (comma-separated)")
    parser.add_argument("--include-crds", action="store_true", help="include CRDs in the output")
    parser.add_argument("-s", "--show-only", action="append", default=[], metavar="TEMPLATE", help="only these templates (globs)")
    parser.add_argument("--skip-tests", action="store_true", help="skip test hooks")
    parser.add_argument("--is-upgrade", action="store_true", help="set .Release.IsUpgrade instead of .Release.IsInstall")
    parser.add_argument("--name-template", default=None, help="template for the release name")
    parser.add_argument("--helm-major", type=int, choices=(3, 4), default=3,
                        help="reproduce helm 3 (each document trimmed, default) or helm 4 output (trailing whitespace kept)")
    parser.add_argument("--skip-schema-validation", action="store_true",
                        help="do not check values against the charts' values.schema.json (helm >= 3.16)")
    parser.add_argument("--renderer", choices=("auto", "embedded", "helm"), default="embedded", help="renderer (default: embedded)")


def _looks_like_chart(path: str | None) -> bool:
    if not path:
        return False
    if os.path.isdir(path):
        return os.path.isfile(os.path.join(path, "Chart.yaml"))
    return os.path.isfile(path) and path.endswith((".tgz", ".tar.gz"))


def _positionals(args: argparse.Namespace) -> tuple[str, str | None]:
    chart, name = args.chart, args.name
    if name is not None and not _looks_like_chart(chart) and _looks_like_chart(name):
        chart, name = name, chart
    return chart, name


def _run_helm(args: argparse.Namespace, chart: str, name: str | None) -> int:
    helm = shutil.which("helm")
    if helm is None:
        print("Error: the helm binary is not on PATH (use --renderer embedded)", file=sys.stderr)
        return 1
    argv = [helm, "template"]
    if name:
        argv.append(name)
    argv += [chart, "--namespace", args.namespace]
    for flag, items in (("--values", args.values), ("--set", args.set), ("--set-string", args.set_string),
                        ("--set-json", args.set_json), ("--set-file", args.set_file), ("--api-versions", args.api_versions), ("--show-only", args.show_only)):
        for item in items:
            argv += [flag, item]
    if args.kube_version:
        argv += ["--kube-version", args.kube_version]
    if args.include_crds:
        argv.append("--include-crds")
    if args.skip_tests:
        argv.append("--skip-tests")
    if args.is_upgrade:
        argv.append("--is-upgrade")
    if args.name_template:
        argv += ["--name-template", args.name_template]
    if args.skip_schema_validation:
        argv.append("--skip-schema-validation")
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        print(f"Error: running helm failed: {exc}", file=sys.stderr)
        return 1
    write_utf8(proc.stdout)
    sys.stderr.write(proc.stderr)
    return 0 if proc.returncode == 0 else 1


def run(args: argparse.Namespace) -> int:
    chart, name = _positionals(args)
    if args.renderer == "helm" or (args.renderer == "auto" and shutil.which("helm")):
        return _run_helm(args, chart, name)
    from ..render.helm import RenderOptions, render_chart

    if args.kube_version and not _KUBE_VERSION.match(args.kube_version.strip()):
        print(f"Error: invalid kube version '{args.kube_version}': could not parse \"{args.kube_version}\" as version",
              file=sys.stderr)
        return 1

    opts = RenderOptions(
        release_name=name or "release-name",
        namespace=args.namespace,
        values_files=list(args.values),
        set_values=list(args.set),
        set_string_values=list(args.set_string),
        set_json_values=list(args.set_json),
        set_file_values=list(args.set_file),
        kube_version=args.kube_version,
        api_versions=list(args.api_versions),
        include_crds=args.include_crds,
        show_only=list(args.show_only),
        skip_tests=args.skip_tests,
        name_template=args.name_template if not name else None,
        is_upgrade=args.is_upgrade,
        helm_major=args.helm_major,
        skip_schema_validation=args.skip_schema_validation,
    )
    try:
        result = render_chart(chart, opts)
    except RenderError as exc:
        if getattr(exc, "violations", None) is not None:  # schema errors are multi-line in helm too
            message = str(exc.message).rstrip("\n")
        else:
            message = " ".join(str(exc.message).split("\n"))
        print(f"Error: {message}", file=sys.stderr)
        if getattr(exc, "debug_hint", False):
            print("\nUse --debug flag to render out invalid YAML", file=sys.stderr)
        return 1
    except RecursionError:
        print("Error: templates nested too deeply", file=sys.stderr)
        return 1
    write_utf8(result.text)
    return 0
