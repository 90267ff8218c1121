"""`kubectl port-forward svc/NAME` names one Service exactly: a Service of the repository with a similar name is
not it (the doc port-forwards to a Prometheus installed by Helm, the repo ships only prometheus-adapter)."""

from __future__ import annotations

import json
from pathlib import Path

from k8sfix_tui.cli import main

SERVICE = """\
apiVersion: v1
kind: Service
metadata: {name: prometheus-adapter}
spec:
  selector: {app: prometheus-adapter}
  ports: [{port: 443, targetPort: 6443}]
"""


def _port_findings(tmp_path: Path, capsys, command: str) -> list[dict]:
    (tmp_path / "adapter.yaml").write_text(SERVICE)
    (tmp_path / "README.md").write_text(f"# Adapter\n\nCheck the metrics:\n\n```bash\n{command}\n```\n")
    main(["check", str(tmp_path), "--doc", "README.md", "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    return [f for f in findings if f.get("field") == "service-port"]


def test_a_similar_name_is_not_the_service(tmp_path: Path, capsys) -> None:
    got = _port_findings(tmp_path, capsys, "kubectl port-forward svc/prometheus-kube-prometheus-prometheus 9090:9090")
    assert got == []


def test_the_exact_service_is_still_checked(tmp_path: Path, capsys) -> None:
    got = _port_findings(tmp_path, capsys, "kubectl port-forward svc/prometheus-adapter 8443:8443")
    assert len(got) == 1 and got[0]["rule"] == "value-mismatch" and got[0]["actual_value"] in (443, "443"), got
