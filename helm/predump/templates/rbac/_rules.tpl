{{/*
RBAC rules, each granting exactly the API calls a component makes (RbacCoverageTest compares
them with operator/src/main/resources/META-INF/predump/operator-api-calls.txt and
helm/src/test/resources/agent-api-calls.txt). No wildcards anywhere.
"Watched" rules apply where PreDumps live: cluster-wide, or in each of watchNamespaces.
"Release" rules apply in the release namespace only (the agents' Leases, leader election).
*/}}

{{- define "predump.operator.watchedRules" -}}
# Reconcile PreDumps: read, watch, patch (its finalizer, the node label), delete (TTL).
- apiGroups: ["predump.dev"]
  resources: ["predumps"]
  verbs: ["get", "list", "watch", "patch", "delete"]
# Its own status fields, by JSON merge patch.
- apiGroups: ["predump.dev"]
  resources: ["predumps/status"]
  verbs: ["patch"]
# Target resolution (pod -> node, containers -> container IDs), from an informer.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end }}

{{- define "predump.operator.releaseRules" -}}
# The agents' Leases (is each node's agent alive?), from an informer.
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["list", "watch"]
{{- if eq (include "predump.operator.leaderElection" .) "true" }}
# Leader election: the replicas compete for one Lease.
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "create", "update"]
{{- end }}
{{- end }}

{{- define "predump.agent.watchedRules" -}}
# PreDumps of its own node (label selector predump.dev/node=<node>); patch adds and removes the
# agent's finalizer.
- apiGroups: ["predump.dev"]
  resources: ["predumps"]
  verbs: ["get", "list", "watch", "patch"]
# Its own status fields (heartbeat, rounds, outcome), by JSON Patch.
- apiGroups: ["predump.dev"]
  resources: ["predumps/status"]
  verbs: ["patch"]
{{- end }}

{{- define "predump.agent.releaseRules" -}}
# Its own Lease predump-agent-<node>, renewed while it is alive.
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["create", "get", "update"]
{{- end }}
