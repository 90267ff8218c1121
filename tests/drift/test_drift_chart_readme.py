"""A Helm chart README (install commands + parameters table) against a real chart (tests/render/charts/webapp)."""

import json
import os
import shutil

import pytest

from k8sfix_tui.cli import main

CHART = os.path.join(os.path.dirname(os.path.dirname(__file__)), "render", "charts", "webapp")
README = """# webapp Helm chart

Deploys the webapp API, a background worker and Redis on Kubernetes.

## Install

```bash
helm install my-release ./chart --namespace web --set api.replicas=3
helm upgrade my-release ./chart -f chart/values-prod.yaml --set api.replicaCount=2
kubectl -n web get pods
```

## Parameters

| Parameter | Description | Default |
|-----------|-------------|---------|
| `image.repository` | API image repository | `webapp/api` |
| `image.pullPolicy` | Image pull policy | `Always` |
| `api.replicas` | Number of API replicas | `2` |
| `api.port` | API container port | `8080` |
| `api.resources.limits.memory` | API memory limit | `512Mi` |
| `worker.replicas` | Worker replicas | `1` |
| `worker.concurrency` | Worker concurrency | `4` |
| `ingress.className` | Ingress class | `nginx` |
| `podDisruptionBudget.minAvailable` | PDB minAvailable | `1` |

The API runs 2 replicas and listens on port 8080. The worker runs 1 replica. A PodDisruptionBudget keeps at
least one API pod available. TLS certificates are issued by cert-manager. Data is cached in Redis.

Monitoring uses a Prometheus ServiceMonitor.

Line one of filler.
Line two of filler.
Line three of filler.
Line four of filler.
Line five of filler.
Line six of filler.
"""


@pytest.mark.skipif(not os.path.isdir(CHART), reason="webapp test chart not present")
def test_chart_readme(tmp_path, capsys):
    shutil.copytree(CHART, tmp_path / "chart")
    (tmp_path / "README.md").write_text(README)
    code = main(["check", str(tmp_path), "--doc", "README.md", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    got = {(f["rule"], f["doc"]["line"]) for f in data["findings"] if f["doc"] and f["severity"] != "info"}
    assert code == 1
    expected = {
        ("wrong-command", 9),     # --set api.replicaCount: not a values key
        ("wrong-path", 9),        # -f chart/values-prod.yaml does not exist
        ("value-mismatch", 18),   # image.pullPolicy default is IfNotPresent
        ("value-mismatch", 21),   # api memory limit is 256Mi
        ("value-mismatch", 23),   # worker.concurrency is not a values key
        ("phantom-resource", 30), # no ServiceMonitor
    }
    assert expected <= got, got
    # right: --set api.replicas=3 (an override), the install namespace, api.replicas 2, port 8080, worker 1,
    # ingress class nginx, PDB minAvailable 1, Redis, cert-manager
    for line in (8, 10, 19, 20, 22, 24, 25, 27):
        assert not any(l == line and r not in ("placeholder",) for r, l in got), (line, got)
