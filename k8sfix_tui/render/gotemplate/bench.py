"""A tiny benchmark: parse and execute a synthetic Helm-style helper library.

    python -m k8sfix_tui.render.gotemplate.bench [N_HELPERS]

Prints lines of template text, parse time (cold and cached) and execution time.
"""

from __future__ import annotations

import sys
import time

from . import _PARSE_CACHE, TemplateSet

_HELPER = '''\
{{/*
Helper number %(i)d: a name, labels and a container block.
*/}}
{{- define "lib.name%(i)d" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "lib.labels%(i)d" -}}
app.kubernetes.io/name: {{ include "lib.name%(i)d" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- if .Values.extraLabels }}
{{- range $k, $v := .Values.extraLabels }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end }}
{{- end }}

{{- define "lib.container%(i)d" -}}
- name: {{ include "lib.name%(i)d" . }}
  image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default "latest" }}"
  {{- with .Values.resources }}
  resources:
    limits:
      cpu: {{ .limits.cpu }}
  {{- end }}
  ports:
  {{- range $i, $p := .Values.ports }}
    - containerPort: {{ $p }}
      name: {{ printf "p%%d" $i }}
  {{- end }}
{{- end }}
'''

_MAIN = '''\
{{- range $i := until %(n)d }}
---
metadata:
  labels:
    {{- include (printf "lib.labels%%d" $i) $ | nindent 4 }}
spec:
  containers:
    {{- include (printf "lib.container%%d" $i) $ | nindent 4 }}
{{- end }}
'''


def build(n: int) -> tuple[str, str]:
    """(helpers text, main template text) for n helper groups (~33 lines each)."""
    return "".join(_HELPER % {"i": i} for i in range(n)), _MAIN % {"n": n}


def make_set() -> TemplateSet:
    ts = TemplateSet(no_value="")
    ts.funcs.update(
        include=lambda name, data: ts.execute(name, data),
        default=lambda d, v=None: v if v else d,
        trunc=lambda n, s: s[:n],
        trimSuffix=lambda suf, s: s[: -len(suf)] if suf and s.endswith(suf) else s,
        quote=lambda v: '"' + str(v) + '"',
        until=lambda n: list(range(n)),
        nindent=lambda n, s: "\n" + "\n".join(" " * n + line for line in s.split("\n")),
    )
    return ts


DATA = {
    "Chart": {"Name": "demo"},
    "Release": {"Name": "rel"},
    "Values": {
        "nameOverride": "",
        "extraLabels": {"team": "core", "tier": "web"},
        "image": {"repository": "nginx", "tag": "1.27"},
        "resources": {"limits": {"cpu": "500m"}},
        "ports": [80, 443],
    },
}


def run(n: int = 45) -> dict[str, float]:
    """Measure; returns figures in seconds plus the line counts."""
    helpers, main = build(n)
    _PARSE_CACHE.clear()
    t0 = time.perf_counter()
    ts = make_set()
    ts.add("_helpers.tpl", helpers)
    ts.add("main.yaml", main)
    t1 = time.perf_counter()
    ts2 = make_set()
    ts2.add("_helpers.tpl", helpers)
    ts2.add("main.yaml", main)
    t2 = time.perf_counter()
    out = ts.execute("main.yaml", DATA)
    t3 = time.perf_counter()
    return {
        "template_lines": helpers.count("\n") + main.count("\n"),
        "output_lines": out.count("\n"),
        "parse_s": t1 - t0,
        "parse_cached_s": t2 - t1,
        "execute_s": t3 - t2,
    }


if __name__ == "__main__":  # pragma: no cover
    res = run(int(sys.argv[1]) if len(sys.argv) > 1 else 45)
    for k, v in res.items():
        print(f"{k:16} {v:.4f}" if isinstance(v, float) else f"{k:16} {v}")
