{{/*
Expand the name of the chart.
*/}}
{{- define "larkspur.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "larkspur.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "larkspur.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "larkspur.labels" -}}
helm.sh/chart: {{ include "larkspur.chart" . }}
{{ include "larkspur.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: larkspur
{{- end }}

{{/*
Selector labels.
*/}}
{{- define "larkspur.selectorLabels" -}}
app.kubernetes.io/name: {{ include "larkspur.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Labels of one component. Call with (dict "root" $ "component" "api").
*/}}
{{- define "larkspur.componentLabels" -}}
{{ include "larkspur.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Selector labels of one component. Call with (dict "root" $ "component" "api").
*/}}
{{- define "larkspur.componentSelectorLabels" -}}
{{ include "larkspur.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Full image reference of a Larkspur application image. Call with (dict "root" $ "image" .Values.api.image).
The tag falls back to .Values.image.tag and then to the chart appVersion.
*/}}
{{- define "larkspur.image" -}}
{{- $tag := .image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- printf "%s/%s:%s" .root.Values.global.imageRegistry .image.repository $tag -}}
{{- end }}

{{/*
Name of the service account to use.
*/}}
{{- define "larkspur.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "larkspur.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Name of the shared ConfigMap and Secret.
*/}}
{{- define "larkspur.configName" -}}
{{- printf "%s-config" (include "larkspur.fullname" .) }}
{{- end }}

{{- define "larkspur.secretName" -}}
{{- printf "%s-secrets" (include "larkspur.fullname" .) }}
{{- end }}
