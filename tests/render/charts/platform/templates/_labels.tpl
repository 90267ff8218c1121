{{- define "platform.labels" -}}
{{ include "common.labels" (dict "ctx" . "component" "core") }}
env: {{ .Values.global.env }}
{{- end -}}
