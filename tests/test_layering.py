"""The core never imports the UI: importing any core module must not load textual."""

import pkgutil
import subprocess
import sys

import k8sfix_tui

CORE_PACKAGES = ("model", "errors", "render", "facts", "doc", "drift", "fixes", "pitfalls")


def _core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(k8sfix_tui.__path__, "k8sfix_tui."):
        top = info.name.split(".")[1]
        if top in CORE_PACKAGES:
            names.append(info.name)
    return names


def test_core_modules_do_not_import_textual():
    modules = _core_modules()
    assert "k8sfix_tui.model" in modules
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = [m for m in ('textual', 'rich') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"core imported UI packages: {out.stdout}"


def test_cli_help_and_version():
    from k8sfix_tui.cli import main

    assert main(["--version"]) == 0
    assert main(["facts", "--help"]) == 0
    assert main(["no-such-command"]) == 2
