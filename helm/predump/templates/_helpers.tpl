{{/* Names, labels and small decisions shared by the templates. */}}

{{- define "predump.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* "<release>-<chart>", or the release name alone when it already contains the chart name. */}}
{{- define "predump.fullname" -}}
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

{{- define "predump.operator.fullname" -}}
{{- printf "%s-operator" (include "predump.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "predump.agent.fullname" -}}
{{- printf "%s-agent" (include "predump.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "predump.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "predump.labels" -}}
helm.sh/chart: {{ include "predump.chart" . }}
app.kubernetes.io/name: {{ include "predump.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: predump
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Labels of a component's objects; call with (dict "root" $ "component" "operator"). */}}
{{- define "predump.componentLabels" -}}
{{ include "predump.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Selector labels of a component: stable across upgrades (no version, no chart). */}}
{{- define "predump.selectorLabels" -}}
app.kubernetes.io/name: {{ include "predump.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "predump.operator.serviceAccountName" -}}
{{- if .Values.operator.serviceAccount.create }}
{{- default (include "predump.operator.fullname" .) .Values.operator.serviceAccount.name }}
{{- else }}
{{- required "operator.serviceAccount.name is required when operator.serviceAccount.create is false" .Values.operator.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "predump.agent.serviceAccountName" -}}
{{- if .Values.agent.serviceAccount.create }}
{{- default (include "predump.agent.fullname" .) .Values.agent.serviceAccount.name }}
{{- else }}
{{- required "agent.serviceAccount.name is required when agent.serviceAccount.create is false" .Values.agent.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* An image reference; call with (dict "root" $ "image" .Values.operator.image). */}}
{{- define "predump.image" -}}
{{- $repository := .image.repository }}
{{- with .root.Values.imageRegistry }}
{{- $repository = printf "%s/%s" (trimSuffix "/" .) $repository }}
{{- end }}
{{- if .image.digest }}
{{- printf "%s@%s" $repository .image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (default .root.Chart.AppVersion .image.tag) }}
{{- end }}
{{- end }}

{{/* "true" when the operator replicas elect a leader. */}}
{{- define "predump.operator.leaderElection" -}}
{{- $setting := .Values.operator.leaderElection.enabled }}
{{- if kindIs "bool" $setting }}
{{- ternary "true" "false" $setting }}
{{- else }}
{{- ternary "true" "false" (gt (int .Values.operator.replicas) 1) }}
{{- end }}
{{- end }}

{{- define "predump.operator.leaseName" -}}
{{- default (include "predump.operator.fullname" .) .Values.operator.leaderElection.leaseName }}
{{- end }}

{{/* The watched namespaces as QOSDK and the agent read them: a comma list, or all. */}}
{{- define "predump.watchNamespacesEnv" -}}
{{- if .Values.watchNamespaces }}
{{- join "," .Values.watchNamespaces }}
{{- else }}
{{- "JOSDK_ALL_NAMESPACES" }}
{{- end }}
{{- end }}

{{- define "predump.storage.claimName" -}}
{{- if eq .Values.storage.type "existingClaim" }}
{{- required "storage.existingClaim must name a ReadWriteMany PersistentVolumeClaim when storage.type is existingClaim" .Values.storage.existingClaim }}
{{- else }}
{{- printf "%s-storage" (include "predump.fullname" .) }}
{{- end }}
{{- end }}
