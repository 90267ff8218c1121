"""Regenerate the real-helm goldens under charts/ (never by hand, never with k8sfix).

    python tests/data/helm_golden/regenerate.py /path/to/helm

Runs every case of charts/cases.yaml with the given helm binary from tests/render/charts/ and
writes helm's exact stdout. The sample-chart goldens (cases.yaml here) were made the same way
from sample_repo/.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CHARTS = HERE.parents[1] / "render" / "charts"


def main(helm: str) -> int:
    cases = yaml.safe_load((HERE / "charts" / "cases.yaml").read_text())["cases"]
    for case in cases:
        proc = subprocess.run([helm, "template", *case["args"]], cwd=CHARTS, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            print(f"{case['expected']}: helm failed: {proc.stderr.strip()}", file=sys.stderr)
            return 1
        (HERE / "charts" / case["expected"]).write_text(proc.stdout)
        print(f"wrote {case['expected']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "helm"))
