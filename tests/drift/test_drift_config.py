"""Config loading: pyproject [tool.k8sfix], .k8sfix.toml, errors."""

import pytest

from k8sfix_tui.config import load_config
from k8sfix_tui.errors import UsageError


def test_defaults(tmp_path):
    cfg = load_config(str(tmp_path))
    assert cfg.docs == [] and cfg.severity == {} and cfg.source is None


def test_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.k8sfix]\ndocs = ["docs/a.md"]\nignore_paths = ["docs/old/"]\n'
        '[tool.k8sfix.severity]\nplaceholder = "info"\nmissing_topic = "off"\n')
    cfg = load_config(str(tmp_path))
    assert cfg.docs == ["docs/a.md"] and cfg.ignore_paths == ["docs/old/"]
    assert cfg.severity == {"placeholder": "info", "missing-topic": "off"}


def test_dotfile_wins(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.k8sfix]\ndocs = ["a.md"]\n')
    (tmp_path / ".k8sfix.toml").write_text('docs = ["b.md"]\nprofiles = ["make deploy-prod"]\n')
    cfg = load_config(str(tmp_path))
    assert cfg.docs == ["b.md"] and cfg.profiles == ["make deploy-prod"]


@pytest.mark.parametrize("text,needle", [
    ("docs = 3\n", "docs must be a list"),
    ('[severity]\nbogus = "error"\n', "unknown rule"),
    ('[severity]\nplaceholder = "loud"\n', "not one of"),
    ("docs = [\n", "invalid TOML"),
])
def test_errors(tmp_path, text, needle):
    (tmp_path / ".k8sfix.toml").write_text(text)
    with pytest.raises(UsageError) as exc:
        load_config(str(tmp_path))
    assert needle in str(exc.value) and ".k8sfix.toml" in str(exc.value)
