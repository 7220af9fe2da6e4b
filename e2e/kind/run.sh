#!/usr/bin/env bash
# End-to-end check of predump on a real Kubernetes cluster made with kind: builds the jars and
# both images, installs the chart, runs a workload pod and a PreDump, waits for Succeeded, then
# verifies the chain against the live workload from the agent on the workload's node.
#
# Needs: docker, kind, kubectl, helm, JDK 17. It cannot run where no Docker engine runs (the
# project's CI machines); the local suite (e2e/ tests with the mock API server) covers the same
# scenario there. Usage: e2e/kind/run.sh [--keep]   (--keep leaves the cluster running)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cluster="predump-e2e"
keep=false
[[ "${1:-}" == "--keep" ]] && keep=true

for tool in docker kind kubectl helm java; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 2; }
done

version="$(cd "$root" && ./mvnw -q -B help:evaluate -Dexpression=project.version -DforceStdout)"

echo "==> Building the jars"
(cd "$root" && ./mvnw -B -q package -DskipTests)

echo "==> Building the images (tag $version)"
docker build -q -f "$root/images/operator/Dockerfile" -t "predump/predump-operator:$version" "$root"
docker build -q -f "$root/images/agent/Dockerfile" -t "predump/predump-agent:$version" "$root"

cleanup() {
  local status=$?
  if [[ $status -ne 0 ]] && kubectl get predump predump-e2e >/dev/null 2>&1; then
    # What a failed run needs for a diagnosis: the PreDump's status and both components' logs.
    echo "==> Failed (exit $status): the PreDump and the last log lines" >&2
    kubectl get predump predump-e2e -o yaml >&2 || true
    kubectl -n predump-system logs -l app.kubernetes.io/component=operator --tail=50 >&2 || true
    kubectl -n predump-system logs -l app.kubernetes.io/component=agent --tail=50 >&2 || true
  fi
  if [[ "$keep" == false ]]; then kind delete cluster --name "$cluster" >/dev/null 2>&1 || true; fi
}
# Set before the cluster exists, so that a half-created cluster is deleted too.
trap cleanup EXIT

echo "==> Creating kind cluster $cluster"
kind create cluster --name "$cluster" --config "$here/kind-config.yaml" --wait 120s
kind load docker-image --name "$cluster" "predump/predump-operator:$version" "predump/predump-agent:$version"

echo "==> Installing the chart"
# The tags are set explicitly: the chart's appVersion need not match the Maven version.
helm install predump "$root/helm/predump" --namespace predump-system --create-namespace \
  --set storage.type=hostPath \
  --set operator.image.tag="$version" --set operator.image.pullPolicy=Never \
  --set agent.image.tag="$version" --set agent.image.pullPolicy=Never --wait --timeout 3m

echo "==> Starting the workload"
sed "s|predump/predump-agent:[^[:space:]]*|predump/predump-agent:$version|" \
  "$here/workload-pod.yaml" | kubectl apply -f -
kubectl wait --for=condition=Ready pod/predump-e2e-workload --timeout=120s

echo "==> Applying the PreDump"
kubectl apply -f "$here/predump.yaml"
kubectl wait predump/predump-e2e --for=jsonpath='{.status.phase}'=Succeeded --timeout=300s
kubectl get predump predump-e2e -o wide

echo "==> Verifying the chain against the live workload"
node="$(kubectl get pod predump-e2e-workload -o jsonpath='{.spec.nodeName}')"
agent="$(kubectl -n predump-system get pod -l app.kubernetes.io/component=agent \
  --field-selector spec.nodeName="$node" -o jsonpath='{.items[0].metadata.name}')"
image_path="$(kubectl get predump predump-e2e -o jsonpath='{.status.imagePath}')"
# The agent shares the host's pid namespace: find the workload's host pid by its command line.
pid="$(kubectl -n predump-system exec "$agent" -- sh -c \
  'for p in /proc/[0-9]*; do
     if tr "\0" " " < "$p/cmdline" 2>/dev/null | grep -q "predump-agent.jar workload"; then
       echo "${p#/proc/}"; break
     fi
   done')"
[[ -n "$pid" ]] || { echo "run.sh: workload process not found from the agent" >&2; exit 1; }
# A small heap: this JVM shares the agent container's memory limit with the agent (and inherits
# its JAVA_TOOL_OPTIONS, whose MaxRAMPercentage would size it for the whole container).
kubectl -n predump-system exec "$agent" -- \
  java -XX:+UseSerialGC -Xmx128m -jar /app/predump-agent.jar verify "$image_path/workload" \
  --against "$pid"

echo "==> Deleting the PreDump (retention Retain keeps the images)"
kubectl delete predump predump-e2e --timeout=60s
kubectl -n predump-system exec "$agent" -- test -d "$image_path/workload/latest"
echo "==> predump end-to-end on kind: OK"
