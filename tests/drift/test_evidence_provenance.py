"""Evidence names the values keys behind a chart field even when the field is built from several keys
(`repository:tag`) or computed from one (`lower`), so the writer sees which line of values.yaml to read."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from k8sfix_tui.cli import main

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: {image}
"""


def _repo(tmp_path: Path, image_expr: str, values: str) -> Path:
    chart = tmp_path / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: web\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text(textwrap.dedent(values))
    (chart / "templates" / "deployment.yaml").write_text(DEPLOYMENT.replace("{image}", image_expr))
    (tmp_path / "README.md").write_text("# Web\n\nThe `web` Deployment runs the image `ghcr.io/acme/web:9.9`.\n")
    return tmp_path


def _image_evidence(tmp_path: Path, capsys) -> list[str]:
    main(["check", str(tmp_path), "--doc", "README.md", "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    image = [f for f in findings if f.get("field") == "image"]
    assert len(image) == 1, findings
    return [e["note"] for e in image[0]["evidence"] if e["path"] == "chart/values.yaml"]


def test_a_field_built_from_several_keys_names_each(tmp_path: Path, capsys) -> None:
    repo = _repo(tmp_path, '"{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
                 """
                 image:
                   repository: ghcr.io/acme/web
                   tag: "1.0"
                 """)
    notes = _image_evidence(repo, capsys)
    assert notes == ["image.repository (part of the value)", "image.tag (part of the value)"], notes


def test_a_field_computed_from_a_key_says_through_which_function(tmp_path: Path, capsys) -> None:
    repo = _repo(tmp_path, "{{ .Values.image | lower }}", "image: GHCR.IO/ACME/WEB:1.0\n")
    notes = _image_evidence(repo, capsys)
    assert notes == ["image (through lower)"], notes
