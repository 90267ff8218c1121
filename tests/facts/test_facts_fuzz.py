"""Property tests: the readers never raise on arbitrary text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from k8sfix_tui.facts.helmcmd import parse_helm
from k8sfix_tui.facts.make import parse_makefile
from k8sfix_tui.facts.manifests import parse_manifest_text
from k8sfix_tui.facts.shell import scan_shell
from k8sfix_tui.facts.workflows import parse_workflow
from k8sfix_tui.model import Location, ShellCommand

ALPHABET = st.sampled_from(list("abc -=:;|&$(){}[]'\"`\\#\n\t*&!<>.,/@%") + ["helm ", "kubectl ", "apiVersion: v1\n",
                                                                          "kind: Pod\n", "---\n", "  - ", "run: |\n"])
TEXT = st.lists(ALPHABET, max_size=60).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXT)
def test_shell_never_raises(text):
    scan_shell(text, "s.sh", "script")


@SETTINGS
@given(TEXT)
def test_makefile_never_raises(text):
    parse_makefile(text, "Makefile")


@SETTINGS
@given(TEXT)
def test_workflow_and_manifest_never_raise(text):
    parse_workflow(text, ".github/workflows/x.yml")
    parse_manifest_text(text, "x.yaml")
    parse_manifest_text(text, "x.json")


@SETTINGS
@given(st.lists(st.sampled_from(["install", "upgrade", "template", "-f", "--set", "-n", "a=b", "./c", "--", "x",
                                 "--values=v.yaml", "-g"]), max_size=10))
def test_helm_parse_never_raises(words):
    parse_helm(ShellCommand("helm", ["helm", *words], " ".join(words), Location("M", 1)), Path("/nonexistent"))
