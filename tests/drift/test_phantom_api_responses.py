"""Command output the API server answers (`kubectl get --raw /apis/custom.metrics.k8s.io/v1beta1`) shows kinds
like APIResourceList: nobody deploys those, so they are not phantom objects. A real kind is still reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from k8sfix_tui.cli import main

DEPLOY = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.27}]}
"""


@pytest.mark.parametrize("kind, reported", [("APIResourceList", False), ("MetricValueList", False),
                                            ("CronJob", True)])
def test_api_responses_are_not_phantoms(tmp_path: Path, capsys, kind: str, reported: bool) -> None:
    (tmp_path / "web.yaml").write_text(DEPLOY)
    body = json.dumps({"kind": kind, "apiVersion": "v1" if kind != "CronJob" else "batch/v1",
                       "metadata": {"name": "nightly"}}, indent=2)
    (tmp_path / "README.md").write_text(
        "# Web\n\nThe web Deployment serves the site. The platform also has this object:\n\n"
        f"```json\n{body}\n```\n")
    main(["check", str(tmp_path), "--doc", "README.md", "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    phantoms = [f for f in findings if f["rule"] == "phantom-resource" and kind in f["message"]]
    assert bool(phantoms) is reported, findings
