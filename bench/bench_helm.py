"""Benchmark the embedded Helm renderer: a generated chart with 40 templates and ~1,500 lines of
helpers (defines calling defines, dict/merge, toYaml, tpl, semverCompare).

    python bench/bench_helm.py [--templates 40] [--helper-lines 1500] [--runs 5]

Prints the first (cold: parse + render) and the best warm render time. Target: < 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from k8sfix_tui.render import helm_chart  # noqa: E402
from k8sfix_tui.render.helm import RenderOptions, render_chart  # noqa: E402

HELPER_BLOCK = '''{{{{/*
Helper {i}: labels and names for component {i}.
*/}}}}
{{{{- define "bench.name{i}" -}}}}
{{{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}}}-c{i}
{{{{- end }}}}

{{{{- define "bench.labels{i}" -}}}}
{{{{- $base := dict "app.kubernetes.io/name" (include "bench.name{i}" .) "app.kubernetes.io/instance" .Release.Name -}}}}
{{{{- $all := merge (deepCopy (.Values.extraLabels | default dict)) $base -}}}}
{{{{- range $k, $v := $all }}}}
{{{{ $k }}}}: {{{{ $v | quote }}}}
{{{{- end }}}}
{{{{- if semverCompare ">=1.21-0" .Capabilities.KubeVersion.Version }}}}
bench/modern: "true"
{{{{- end }}}}
{{{{- end }}}}

{{{{- define "bench.resources{i}" -}}}}
{{{{- $r := .Values.resources | default dict -}}}}
{{{{- if $r }}}}
{{{{ toYaml $r }}}}
{{{{- else }}}}
requests:
  cpu: {{{{ printf "%dm" (add 100 {i}) }}}}
{{{{- end }}}}
{{{{- end }}}}
'''

TEMPLATE = '''apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{{{ include "bench.name{h}" . }}}}-{n}
  labels:
    {{{{- include "bench.labels{h}" . | nindent 4 }}}}
spec:
  replicas: {{{{ .Values.replicas }}}}
  selector:
    matchLabels:
      {{{{- include "bench.labels{h}" . | nindent 6 }}}}
  template:
    metadata:
      labels:
        {{{{- include "bench.labels{h}" . | nindent 8 }}}}
    spec:
      containers:
        - name: app{n}
          image: "{{{{ .Values.image.repository }}}}:{{{{ .Values.image.tag | default .Chart.AppVersion }}}}"
          env:
            {{{{- range $k, $v := .Values.env }}}}
            - name: {{{{ $k }}}}
              value: {{{{ tpl ($v | toString) $ | quote }}}}
            {{{{- end }}}}
          resources:
            {{{{- include "bench.resources{h}" . | nindent 12 }}}}
---
apiVersion: v1
kind: Service
metadata:
  name: {{{{ include "bench.name{h}" . }}}}-{n}
spec:
  ports:
    - port: {{{{ .Values.port }}}}
'''

VALUES = """replicas: 2
port: 8080
image:
  repository: example/app
  tag: ""
extraLabels:
  team: bench
env:
  A: "{{ .Release.Name }}-a"
  B: plain
  C: "{{ .Values.port }}"
resources:
  requests:
    cpu: 250m
    memory: 256Mi
"""


def generate(root: Path, templates: int, helper_lines: int) -> int:
    (root / "templates").mkdir(parents=True)
    (root / "Chart.yaml").write_text("apiVersion: v2\nname: bench\nversion: 1.0.0\nappVersion: 2.0.0\n")
    (root / "values.yaml").write_text(VALUES)
    blocks = []
    lines = 0
    i = 0
    while lines < helper_lines:
        block = HELPER_BLOCK.format(i=i)
        blocks.append(block)
        lines += block.count("\n")
        i += 1
    (root / "templates" / "_helpers.tpl").write_text("".join(blocks))
    for n in range(templates):
        (root / "templates" / f"t{n:02d}.yaml").write_text(TEMPLATE.format(h=n % i, n=n))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--templates", type=int, default=40)
    parser.add_argument("--helper-lines", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="also print one JSON line with every figure")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "bench"
        lines = generate(root, args.templates, args.helper_lines)
        times = []
        cpus = []
        docs = 0
        for run in range(args.runs):
            if run == 0:
                helm_chart._CACHE.clear()
            started, cpu = time.perf_counter(), time.process_time()
            result = render_chart(root, RenderOptions(release_name="bench"))
            times.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
            docs = len(result.manifests)
        print(f"chart: {args.templates} templates, {lines} helper lines, {docs} documents rendered")
        print(f"cold render (load + parse + render): {times[0]:.3f} s wall, {cpus[0]:.3f} s CPU")
        warm = times[1:] or times
        warm_cpu = cpus[1:] or cpus
        print(f"warm render: best {min(warm):.3f} s wall, {min(warm_cpu):.3f} s CPU; median {statistics.median(warm):.3f} s")
        print(f"target < 0.5 s: {'met' if min(times[0], cpus[0]) < 0.5 else 'NOT met'}")
        if args.json:
            print(json.dumps({"templates": args.templates, "helper_lines": lines, "documents": docs,
                              "cold_wall": times[0], "cold_cpu": cpus[0], "warm_wall": min(warm),
                              "warm_cpu": min(warm_cpu)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
