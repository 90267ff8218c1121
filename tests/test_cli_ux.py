"""The CLI as a first-time user meets it: help, usage errors, exit codes, one-line diagnostics.

Tables of (command line, expected exit code, expected stderr fragment) on a tiny git repository;
every case also asserts that no traceback reaches the user and that the document is left alone when
the command refuses."""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from k8sfix_tui import cli
from k8sfix_tui.cli import EPILOGS, SUBCOMMANDS, main

MANIFEST = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.0
          ports:
            - containerPort: 8080
"""
DOC = "# Deploy\n\nThe `api` Deployment runs 5 replicas and listens on port 8080.\n\nApply `k8s/app.yaml`.\n"
CHART = {
    "Chart.yaml": "apiVersion: v2\nname: demo\nversion: 0.1.0\nkubeVersion: '>=1.20.0-0'\n",
    "values.yaml": "replicas: 1\n",
    "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  kube: {{ .Capabilities.KubeVersion.Version | quote }}\n",
}


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A committed git repository: one Deployment and a document with two fixable findings."""
    root = tmp_path / "repo"
    (root / "k8s").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "k8s/api.yaml").write_text(MANIFEST)
    (root / "docs/deploy.md").write_text(DOC)
    _git(root, "init", "-q")
    _git(root, "config", "user.name", "Test")
    _git(root, "config", "user.email", "test@example.org")
    _git(root, "config", "commit.gpgsign", "false")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "init")
    return root


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    return code, out, err


# -- help -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_every_command_help_has_examples_and_exit_codes(name, capsys):
    code, out, _ = _run([name, "--help"], capsys)
    assert code == 0
    assert "examples:" in out and "exit codes:" in out
    assert f"k8sfix {name}" in out.split("examples:")[1] or name == "tui"


def test_top_level_help_has_examples_exit_codes_and_the_default_command(capsys):
    code, out, _ = _run(["--help"], capsys)
    assert code == 0
    assert "examples:" in out and "exit codes:" in out and "With no command" in out


def test_every_command_has_an_epilog():
    assert set(EPILOGS) == set(SUBCOMMANDS)


@pytest.mark.parametrize("columns", ["1", "20", "200"])
def test_help_at_any_terminal_width(columns, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", columns)
    code, out, _ = _run(["fix", "--help"], capsys)
    assert code == 0 and "--accept" in out
    assert "  k8sfix fix . --accept all --dry-run" in out  # example lines are kept as written


# -- usage errors: suggestions, the right parser's usage ---------------------------------------------


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["chek", "."], "invalid choice: 'chek' (did you mean 'check'?)"),
        (["check", "--formt", "json"], "k8sfix check: error: unrecognized arguments: --formt (did you mean '--format'?)"),
        (["check", "--bogus"], "k8sfix check: error: unrecognized arguments: --bogus"),
        (["check", "--format", "jsn"], "invalid choice: 'jsn' (did you mean 'json'?)"),
        (["check", "--fail-on", "eror"], "invalid choice: 'eror' (did you mean 'error'?)"),
        (["fix", "--acept", "all"], "k8sfix fix: error: unrecognized arguments: --acept (did you mean '--accept'?)"),
        (["template"], "the following arguments are required: chart"),
    ],
)
def test_usage_errors_exit_2_with_a_suggestion(argv, fragment, capsys):
    code, _, err = _run(argv, capsys)
    assert code == 2
    assert fragment in err


def test_unknown_option_shows_the_subcommand_usage(capsys):
    code, _, err = _run(["validate", "--bogus"], capsys)
    assert code == 2 and err.startswith("usage: k8sfix validate")


def test_a_directory_given_as_command_points_at_tui(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "myrepo").mkdir()
    code, _, err = _run(["myrepo"], capsys)
    assert code == 2 and "k8sfix tui myrepo" in err


# -- last line of defence ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "exc, code, fragment",
    [
        (KeyboardInterrupt(), 130, "k8sfix: interrupted"),
        (RuntimeError("boom"), 2, "k8sfix: internal error: RuntimeError: boom"),
        (RecursionError(), 2, "nested too deeply"),
    ],
)
def test_unexpected_exceptions_are_one_line(exc, code, fragment, monkeypatch, capsys):
    def explode(args):
        raise exc

    real = cli.build_parser

    def parser_with_exploding_run(only=None):
        parser = real(only)
        parser.subcommand_parsers["facts"].set_defaults(_run=explode)
        return parser

    monkeypatch.setattr(cli, "build_parser", parser_with_exploding_run)
    got, _, err = _run(["facts", "."], capsys)
    assert got == code and fragment in err
    assert len(err.strip().splitlines()) == 1


def test_ctrl_c_while_the_parser_is_built(monkeypatch, capsys):
    """Ctrl-C during the imports that build the parser (the first ~0.2 s) used to print a traceback."""
    def interrupted(only=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_parser", interrupted)
    code, _, err = _run(["check", "."], capsys)
    assert code == 130 and err.strip() == "k8sfix: interrupted"


def test_closed_pipe_is_not_an_error(monkeypatch, capsys):
    def closed(args):
        raise BrokenPipeError

    real = cli.build_parser

    def parser(only=None):
        p = real(only)
        p.subcommand_parsers["facts"].set_defaults(_run=closed)
        return p

    monkeypatch.setattr(cli, "build_parser", parser)
    code, _, err = _run(["facts", "."], capsys)
    assert code == 0 and err == ""


# -- the REPO and --doc arguments, the same way in every command --------------------------------------


@pytest.mark.parametrize("command", ["facts", "check", "fix", "validate"])
@pytest.mark.parametrize(
    "target, fragment",
    [
        ("missing", "missing: no such directory"),
        ("k8s/api.yaml", "k8s/api.yaml: not a directory (REPO is the repository root)"),
        ("docs/deploy.md", "pass the repository and --doc docs/deploy.md"),
    ],
)
def test_repo_argument_errors(command, target, fragment, repo, capsys, monkeypatch):
    monkeypatch.chdir(repo)
    code, out, err = _run([command, target], capsys)
    assert code == 2 and out == ""
    assert fragment in err and err.startswith("k8sfix: ")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["check", "fix", "validate"])
@pytest.mark.parametrize(
    "doc, fragment",
    [
        ("nope.md", "nope.md: "),
        ("docs", "docs: is a directory; --doc takes a Markdown file"),
    ],
)
def test_doc_argument_errors(command, doc, fragment, repo, capsys):
    code, _, err = _run([command, str(repo), "--doc", doc], capsys)
    assert code == 2 and fragment in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["check", "fix", "validate"])
def test_doc_relative_to_the_current_directory(command, repo, capsys, monkeypatch):
    """`k8sfix CMD repo --doc repo/docs/deploy.md` from the parent: the path names a file from here."""
    monkeypatch.chdir(repo.parent)
    code, _, err = _run([command, "repo", "--doc", "repo/docs/deploy.md"], capsys)
    assert code in (0, 1) and "not found" not in err and "no such document" not in err


def test_check_doc_outside_the_repository_is_named_by_its_real_path(repo, tmp_path, capsys):
    outside = tmp_path / "outside.md"
    outside.write_text(DOC)
    code, out, _ = _run(["check", str(repo), "--doc", "../outside.md", "--format", "json"], capsys)
    # relative to the repository first: ../outside.md from repo/ is tmp_path/outside.md
    assert code == 1
    data = json.loads(out)
    assert data["docs"] == [outside.as_posix()]
    assert all("/../" not in f["doc"]["path"] for f in data["findings"])


def test_check_without_documents_says_so_and_reports_pitfalls_only(tmp_path, capsys):
    (tmp_path / "api.yaml").write_text(MANIFEST)
    code, _, err = _run(["check", str(tmp_path)], capsys)
    assert code == 0 and "no deployment document found" in err and "--doc PATH" in err


@pytest.mark.parametrize("command", ["fix", "validate"])
def test_fix_and_validate_without_documents_are_usage_errors(command, tmp_path, capsys):
    (tmp_path / "api.yaml").write_text(MANIFEST)
    code, out, err = _run([command, str(tmp_path)], capsys)
    assert code == 2 and out == "" and "no deployment document found" in err


# -- check output formats are valid -------------------------------------------------------------------


def test_check_formats_are_valid(repo, capsys):
    base = ["check", str(repo), "--doc", "docs/deploy.md", "--format"]
    assert _run(base + ["json"], capsys)[0] == 1
    code, out, _ = _run(base + ["json"], capsys)
    data = json.loads(out)
    assert data["summary"]["error"] >= 2 and data["docs"] == ["docs/deploy.md"]

    code, out, _ = _run(base + ["sarif"], capsys)
    sarif = json.loads(out)
    assert code == 1 and sarif["version"] == "2.1.0" and "sarif-2.1.0" in sarif["$schema"]
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "k8sfix" and run["results"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note", "none")
        assert result["message"]["text"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1

    code, out, _ = _run(base + ["junit"], capsys)
    root = ET.fromstring(out)
    assert code == 1 and root.tag == "testsuites" and int(root.get("failures")) >= 2

    code, out, _ = _run(base + ["github"], capsys)
    lines = [ln for ln in out.splitlines() if ln.startswith("::")]
    assert code == 1 and lines
    assert all(re.match(r"^::(error|warning|notice) file=[^,]+,line=\d+", ln) for ln in lines)
    assert any(ln.startswith("::error file=docs/deploy.md,line=3") for ln in lines)


# -- fix: combinations refused before anything is written ----------------------------------------------


@pytest.mark.parametrize(
    "extra, fragment",
    [
        (["--commit"], "--commit needs --accept"),
        (["--accept", "all", "--dry-run", "--commit"], "--dry-run writes nothing"),
        (["--accept", "all", "--branch", "x"], "--branch needs --commit"),
        (["--accept", "all", "--message-file", "m.txt"], "--message-file needs --commit"),
        (["--accept", "all", "--include-user-changes"], "--include-user-changes needs --commit"),
        (["--accept", "rule:value-mismatc"], "unknown rule 'value-mismatc' (did you mean rule:value-mismatch?)"),
        (["--accept", "fix-999"], "no fix 'fix-999': the proposals are fix-001, fix-002"),
        (["--accept", "all", "--reject", "fix-999"], "no fix 'fix-999'"),
        (["--accept", "all", "--commit", "--branch", "bad..name"], "is not a valid git branch name"),
        (["--accept", "all", "--commit", "--message-file", "EMPTY"], "the commit message is empty"),
        (["--accept", "all", "--commit", "--message-file", "MISSING"], "cannot read"),
    ],
)
def test_fix_refusals_write_nothing(extra, fragment, repo, tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n")
    extra = [str(empty) if e == "EMPTY" else str(tmp_path / "missing.txt") if e == "MISSING" else e for e in extra]
    before = (repo / "docs/deploy.md").read_text()
    code, _, err = _run(["fix", str(repo), *extra], capsys)
    assert code == 2 and fragment in err and len(err.strip().splitlines()) == 1
    assert (repo / "docs/deploy.md").read_text() == before
    assert _git(repo, "status", "--porcelain") == ""


def test_fix_commit_to_an_existing_branch_is_refused_before_writing(repo, capsys):
    _git(repo, "branch", "docs/sync")
    before = _git(repo, "rev-parse", "HEAD")
    code, _, err = _run(["fix", str(repo), "--accept", "all", "--commit", "--branch", "docs/sync"], capsys)
    assert code == 2 and "branch docs/sync already exists" in err
    assert _git(repo, "status", "--porcelain") == "" and _git(repo, "rev-parse", "HEAD") == before


def test_fix_commit_on_the_current_branch_by_name_is_allowed(repo, capsys):
    current = _git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip()
    code, out, _ = _run(["fix", str(repo), "--accept", "all", "--commit", "--branch", current], capsys)
    assert code == 0 and "committed" in out


def test_fix_dry_run_without_accept_explains_the_empty_patch(repo, capsys):
    code, out, err = _run(["fix", str(repo), "--dry-run"], capsys)
    assert code == 0 and out == "" and "--accept all" in err


def test_fix_then_validate_then_check_is_clean(repo, capsys):
    code, out, _ = _run(["fix", str(repo), "--accept", "all", "--commit"], capsys)
    assert code == 0 and "committed" in out
    assert _run(["check", str(repo), "--doc", "docs/deploy.md"], capsys)[0] == 0
    code, out, _ = _run(["validate", str(repo), "--doc", "docs/deploy.md"], capsys)
    assert code == 0 and "PASSED" in out


# -- template --kube-version ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "version, code, fragment",
    [
        ("1.x", 1, "Error: invalid kube version '1.x'"),
        ("latest", 1, "Error: invalid kube version 'latest'"),
        ("1.30", 0, 'kube: "v1.30'),
        ("v1.29.3", 0, 'kube: "v1.29.3"'),
        ("1.30.0-gke.1", 0, 'kube: "v1.30.0-gke.1"'),
        ("", 0, 'kube: "v1.'),  # empty: the default, as helm
    ],
)
def test_template_kube_version(version, code, fragment, tmp_path, capsys):
    for rel, text in CHART.items():
        (tmp_path / "demo" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "demo" / rel).write_text(text)
    got, out, err = _run(["template", str(tmp_path / "demo"), "--kube-version", version], capsys)
    assert got == code
    assert fragment in (out if code == 0 else err)
    if code:
        assert "incompatible" not in err and len(err.strip().splitlines()) == 1


# -- a terminal whose encoding is not UTF-8 (LANG=C, PYTHONIOENCODING=ascii) ---------------------------


@contextlib.contextmanager
def ascii_stdout():
    """stdout encoded as ASCII for the duration (set in the test body: pytest's capture re-installs its own
    streams around fixtures)."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", errors="strict", write_through=True)
    saved, sys.stdout = sys.stdout, stream
    try:
        yield raw
    finally:
        sys.stdout = saved
        stream.detach()


def test_text_output_on_an_ascii_terminal_escapes_instead_of_failing(repo, capsys):
    (repo / "docs/deploy.md").rename(repo / "docs/déploiement.md")
    with ascii_stdout() as raw:
        code = main(["check", str(repo), "--doc", "docs/déploiement.md"])
    assert code == 1
    text = raw.getvalue().decode("ascii")
    assert "docs/d\\xe9ploiement.md:3:" in text
    assert "internal error" not in capsys.readouterr().err


def test_patch_on_an_ascii_terminal_keeps_the_documents_bytes(repo, capsys):
    doc = repo / "docs/deploy.md"
    doc.write_text(DOC.replace("# Deploy", "# 🚀 Déploiement"), encoding="utf-8")
    _git(repo, "commit", "-qam", "emoji")
    with ascii_stdout() as raw:
        assert main(["fix", str(repo), "--accept", "all", "--dry-run"]) == 0
        patch = raw.getvalue()
    assert "🚀 Déploiement".encode("utf-8") in patch
    (repo.parent / "fix.patch").write_bytes(patch)
    _git(repo, "apply", "--check", str(repo.parent / "fix.patch"))


# -- explicit renderers, demo destinations ----------------------------------------------------------------


@pytest.mark.parametrize("command", ["facts", "check"])
@pytest.mark.parametrize("renderer", ["kubectl", "kustomize"])
def test_an_explicit_renderer_that_is_not_installed_is_a_usage_error(command, renderer, repo, monkeypatch, capsys):
    import shutil

    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == renderer else real(name, *a, **k))
    code, out, err = _run([command, str(repo), "--renderer", renderer], capsys)
    assert code == 2 and out == ""
    assert err.strip() == f"k8sfix: --renderer {renderer}: '{renderer}' is not on PATH (use --renderer auto or embedded)"


@pytest.mark.parametrize(
    "dest, fragment",
    [
        ("FILE/sub", "cannot create the demo repository"),
        ("NONEMPTY", "already exists and is not an empty directory"),
    ],
)
def test_demo_destination_errors_are_one_line(dest, fragment, tmp_path, capsys):
    (tmp_path / "FILE").write_text("x")
    (tmp_path / "NONEMPTY").mkdir()
    (tmp_path / "NONEMPTY/keep").write_text("x")
    code, out, err = _run(["demo", str(tmp_path / dest), "--no-app"], capsys)
    assert code == 2 and out == "" and fragment in err and len(err.strip().splitlines()) == 1


def test_demo_no_app_prints_the_new_repository(tmp_path, capsys):
    code, out, _ = _run(["demo", str(tmp_path / "d"), "--no-app"], capsys)
    assert code == 0 and out.strip() == str(tmp_path / "d")
    assert _git(tmp_path / "d", "status", "--porcelain") == ""


# -- facts text summary ------------------------------------------------------------------------------------


def test_facts_summary_counts_distinct_objects_and_lists_the_sources(repo, capsys):
    (repo / "k8s/kustomization.yaml").write_text("resources: [api.yaml]\nnamespace: prod\n")
    (repo / "Makefile").write_text(
        "deploy: ## Deploy the chart\n\thelm upgrade --install web charts/web -n web -f charts/web/values.yaml\n")
    (repo / "charts/web/templates").mkdir(parents=True)
    (repo / "charts/web/Chart.yaml").write_text("apiVersion: v2\nname: web\nversion: 1.2.3\n")
    (repo / "charts/web/values.yaml").write_text("replicas: 1\n")
    (repo / "charts/web/templates/cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n")
    code, out, _ = _run(["facts", str(repo), "--renderer", "embedded"], capsys)
    assert code == 0
    # the Deployment is rendered twice (plain manifest, kustomization): two rows, one object
    assert re.search(r"^  workloads +2  \(1 distinct\)$", out, re.M)
    assert "Charts:\n  charts/web: web 1.2.3 (1 templates)  charts/web/Chart.yaml:1" in out
    assert "Kustomize directories:\n  k8s: namespace=prod renderer=embedded  k8s/kustomization.yaml:1" in out
    assert "Make targets:\n  deploy - Deploy the chart  Makefile:1" in out
    assert "Helm commands:\n  helm upgrade web charts/web -n web -f charts/web/values.yaml  Makefile:2" in out


@pytest.mark.parametrize("command", ["check", "fix", "validate"])
def test_the_same_document_named_twice_is_analysed_once(command, repo, capsys):
    once = _run([command, str(repo), "--doc", "docs/deploy.md", "--format", "json"], capsys)
    twice = _run([command, str(repo), "--doc", "docs/deploy.md", "--doc", "./docs/deploy.md", "--format", "json"],
                 capsys)
    assert once[0] == twice[0]
    assert json.loads(once[1]) == json.loads(twice[1])


def test_fix_accept_all_when_nothing_is_left_says_so(repo, capsys):
    assert _run(["fix", str(repo), "--accept", "all"], capsys)[0] == 0
    code, out, err = _run(["fix", str(repo), "--accept", "all"], capsys)
    assert code == 0 and out == "" and err.strip() == "No fixes to propose; nothing written."


# -- the app without a terminal (CI, pipes): refuse instead of waiting for keys forever ----------------------


def test_plain_k8sfix_without_a_terminal_says_what_to_run(monkeypatch, capsys):
    import k8sfix_tui.commands as commands

    monkeypatch.setattr(commands, "has_terminal", lambda: False)
    code, out, err = _run([], capsys)
    assert code == 2 and out == "" and "k8sfix check ." in err and len(err.strip().splitlines()) == 1


def test_demo_without_a_terminal_creates_nothing(tmp_path, monkeypatch, capsys):
    import k8sfix_tui.commands as commands

    monkeypatch.setattr(commands, "has_terminal", lambda: False)
    code, _, err = _run(["demo", str(tmp_path / "d")], capsys)
    assert code == 2 and "--no-app" in err and not (tmp_path / "d").exists()
    assert _run(["demo", str(tmp_path / "d"), "--no-app"], capsys)[0] == 0  # --no-app needs no terminal


def test_has_terminal_is_false_under_a_pipe():
    import k8sfix_tui

    out = subprocess.run([sys.executable, "-c", "from k8sfix_tui.commands import has_terminal; print(has_terminal())"],
                         stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
                         cwd=str(Path(k8sfix_tui.__file__).parents[1]))
    assert out.stdout.strip() == "False"


def test_fix_dry_run_with_no_fixes_at_all_does_not_ask_for_accept(repo, capsys):
    (repo / "docs/deploy.md").write_text("# Deploy\n\nThe `api` Deployment runs 2 replicas.\n")
    _git(repo, "commit", "-qam", "clean")
    code, out, err = _run(["fix", str(repo), "--doc", "docs/deploy.md", "--accept", "all", "--dry-run"], capsys)
    assert code == 0 and out == "" and "no fixes to propose" in err and "add --accept" not in err


# -- run from a subfolder of the repository ----------------------------------------------------------------


@pytest.mark.parametrize("command", ["facts", "check", "fix", "validate"])
def test_a_subfolder_without_kubernetes_sources_points_at_the_repository_root(command, repo, capsys, monkeypatch):
    monkeypatch.chdir(repo / "docs")
    argv = [command, "."] + (["--doc", "deploy.md"] if command != "facts" else [])
    _, _, err = _run(argv, capsys)
    assert "k8sfix: note: . has no manifests, charts or Kustomize directories" in err
    assert f"inside the git repository {repo}" in err and "pass its root (..)" in err


def test_a_subfolder_with_its_own_manifests_is_a_fine_repo(repo, capsys):
    code, _, err = _run(["check", str(repo / "k8s")], capsys)
    assert code == 0 and "note:" not in err and "no deployment document found" in err


def test_no_note_outside_git(tmp_path, capsys):
    (tmp_path / "sub").mkdir()
    code, _, err = _run(["facts", str(tmp_path / "sub")], capsys)
    assert code == 0 and "note:" not in err
