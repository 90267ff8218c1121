"""An environment-variable table introduced as optional settings ("may be used to override the defaults") lists
what the program reads, not what the manifests set: no value-mismatch. The same table introduced as what the
Deployment sets is still checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from k8sfix_tui.cli import main

DEPLOY = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: cassandra}
spec:
  selector: {matchLabels: {app: cassandra}}
  template:
    metadata: {labels: {app: cassandra}}
    spec:
      containers:
        - name: cassandra
          image: cassandra:4.1
          env: [{name: MAX_HEAP_SIZE, value: 512M}]
"""


@pytest.mark.parametrize("lead_in, reported", [
    ("The following environment variables may be used to override the default configuration:", False),
    ("Optional settings of the seed provider:", False),
    ("The cassandra Deployment sets these environment variables:", True),
    ("These environment variables are available in the container:", True),  # set by the manifest: still checked
])
def test_env_table_lead_in(tmp_path: Path, capsys, lead_in: str, reported: bool) -> None:
    (tmp_path / "cassandra.yaml").write_text(DEPLOY)
    (tmp_path / "README.md").write_text(
        "# Cassandra\n\nThe cassandra Deployment runs the database.\n\n## Configuration\n\n"
        f"{lead_in}\n\n| ENV VAR | DEFAULT VALUE |\n|---|---|\n| CASSANDRA_SERVICE | cassandra |\n")
    main(["check", str(tmp_path), "--doc", "README.md", "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    env = [f for f in findings if f.get("field") == "env" and f["rule"] == "value-mismatch"]
    assert bool(env) is reported, findings
