"""A wrong path whose folder holds exactly one file of the same kind is suggested that file (a renamed CI
workflow, values file); with two or more candidates and no similar name, nothing is guessed."""

from __future__ import annotations

import json

import pytest

from k8sfix_tui.cli import main

DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: web, image: ghcr.io/acme/web:1.0}
"""


@pytest.mark.parametrize("workflows, expected", [
    (["deploy.yml"], ".github/workflows/deploy.yml"),
    (["deploy.yml", "lint.sh"], ".github/workflows/deploy.yml"),  # other kinds of file do not compete
    (["deploy.yml", "nightly-e2e.yml"], None),  # two workflows, neither named like release: no guess
])
def test_only_file_of_its_kind_is_suggested(tmp_path, capsys, workflows, expected):
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "web.yaml").write_text(DEPLOY)
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    for name in workflows:
        (tmp_path / ".github" / "workflows" / name).write_text("on: push\n")
    (tmp_path / "README.md").write_text(
        "# Web\n\nThe web Deployment runs 2 replicas.\n\n"
        "Every push to `main` runs `.github/workflows/release.yml`, which deploys the web app.\n")
    main(["check", str(tmp_path), "--doc", "README.md", "--format", "json"])
    found = [f for f in json.loads(capsys.readouterr().out)["findings"]
             if f["rule"] == "wrong-path" and f["doc"] and f["doc"]["line"] == 5]
    assert len(found) == 1, found
    assert found[0]["actual_value"] == expected
