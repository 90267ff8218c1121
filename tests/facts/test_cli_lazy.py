"""The CLI imports only the subcommand it runs (start-up time of `k8sfix check`)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from k8sfix_tui.cli import SUBCOMMANDS, _chosen, build_parser, main


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["check", "repo"], "check"),
        (["--version"], None),
        (["-h"], None),
        (["facts", "--json", "."], "facts"),
        (["bogus"], None),
        (["--", "check"], None),
        ([], None),
    ],
)
def test_chosen(argv, expected):
    assert _chosen(argv) == expected


PROBE = """
import json, sys
from k8sfix_tui.cli import build_parser
parser = build_parser(only=sys.argv[1])
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("k8sfix_tui.commands.", "textual", "rich")))))
"""


@pytest.mark.parametrize("name", ["check", "facts", "template"])
def test_only_the_chosen_command_module_is_imported(name):
    out = subprocess.run([sys.executable, "-c", PROBE, name], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [f"k8sfix_tui.commands.{name}"]


def test_full_parser_still_configures_every_command():
    parser = build_parser()
    for name in SUBCOMMANDS:
        assert parser.parse_args([name] if name not in ("template",) else [name, "chart"]).command == name


def test_help_lists_every_command_without_importing_them(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in SUBCOMMANDS)


def test_unknown_command_is_a_usage_error(capsys):
    assert main(["bogus"]) == 2
    assert "invalid choice" in capsys.readouterr().err
