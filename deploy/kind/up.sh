#!/usr/bin/env bash
# GlassCache on a local kind cluster: the scaled-out shape (a 3-node memcached ring under two or more demo replicas)
# with Prometheus, Alertmanager and Grafana. From anywhere:
#
#   GRAFANA_ADMIN_PASSWORD=... deploy/kind/up.sh
#
# Needs docker (an engine), kind and kubectl. Creates the cluster (or reuses it), installs metrics-server for the
# HorizontalPodAutoscaler, builds GlassCache's two images from source and loads them into the nodes, applies
# deploy/k8s/overlays/kind, waits for every workload and prints the port-forwards. Running it again updates the
# stack in place. deploy/kind/down.sh removes it. Not run in this repository's CI (no Docker engine there): see
# docs/deploy.md for what is checked instead.
#
# Environment: GRAFANA_ADMIN_PASSWORD (required, no default), KIND_CLUSTER (default glasscache).
set -euo pipefail

: "${GRAFANA_ADMIN_PASSWORD:?set GRAFANA_ADMIN_PASSWORD to the Grafana admin password (there is no default)}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cluster="${KIND_CLUSTER:-glasscache}"
context="kind-$cluster"
namespace=glasscache
version=0.1.0-SNAPSHOT
demo_image="glasscache/inference-demo:$version"
exporter_image="glasscache/cache-exporter:$version"
metrics_server=https://github.com/kubernetes-sigs/metrics-server/releases/download/v0.7.2/components.yaml

for tool in docker kind kubectl; do
  command -v "$tool" >/dev/null || { echo "up.sh: $tool is not installed" >&2; exit 1; }
done
docker info >/dev/null 2>&1 || { echo "up.sh: no Docker engine answers (docker info failed)" >&2; exit 1; }
k() { kubectl --context "$context" "$@"; }

if kind get clusters 2>/dev/null | grep -qx "$cluster"; then
  echo "== kind cluster $cluster exists"
else
  echo "== creating kind cluster $cluster"
  kind create cluster --name "$cluster" --config "$root/deploy/kind/cluster.yaml" --wait 180s
fi

echo "== metrics-server (for the HorizontalPodAutoscaler)"
k apply -f "$metrics_server"
# kind's kubelets serve self-signed certificates: let metrics-server accept them (added once).
if ! k -n kube-system get deployment metrics-server -o jsonpath='{.spec.template.spec.containers[0].args}' \
    | grep -q -- --kubelet-insecure-tls; then
  k -n kube-system patch deployment metrics-server --type=json \
    -p '[{"op":"add","path":"/spec/template/spec/containers/0/args/-","value":"--kubelet-insecure-tls"}]'
fi

echo "== building $demo_image and $exporter_image from source"
docker build -f "$root/deploy/compose/Dockerfile.demo" -t "$demo_image" "$root"
docker build -f "$root/deploy/compose/Dockerfile.exporter" -t "$exporter_image" "$root"
kind load docker-image --name "$cluster" "$demo_image" "$exporter_image"

echo "== applying deploy/k8s/overlays/kind"
k create namespace "$namespace" --dry-run=client -o yaml | k apply -f -
k -n "$namespace" create secret generic grafana-admin --from-literal=password="$GRAFANA_ADMIN_PASSWORD" \
  --dry-run=client -o yaml | k apply -f -
# Server-side apply: the dashboards ConfigMap is larger than client-side apply's last-applied annotation allows.
k apply --server-side --force-conflicts -k "$root/deploy/k8s/overlays/kind"
# Pods built from an image that was just rebuilt under the same tag pick it up.
k -n "$namespace" rollout restart statefulset/inference-demo deployment/cache-exporter deployment/loadgen

echo "== waiting for the workloads"
k -n kube-system rollout status deployment/metrics-server --timeout=180s
for workload in statefulset/memcached statefulset/inference-demo deployment/cache-exporter deployment/loadgen \
    deployment/prometheus deployment/alertmanager deployment/grafana; do
  k -n "$namespace" rollout status "$workload" --timeout=300s
done

cat <<INFO

GlassCache runs in kind cluster $cluster, namespace $namespace. Forward the ports you want (one terminal each):
  kubectl --context $context -n $namespace port-forward svc/inference-demo 8080:8080
  kubectl --context $context -n $namespace port-forward pod/inference-demo-0 8081:8081
  kubectl --context $context -n $namespace port-forward svc/cache-exporter 9150:9150
  kubectl --context $context -n $namespace port-forward svc/prometheus 9090:9090
  kubectl --context $context -n $namespace port-forward svc/alertmanager 9093:9093
  kubectl --context $context -n $namespace port-forward svc/grafana 3000:3000
then: curl 'http://localhost:8080/api/v1/recommendations?userId=u1&scene=home'
      Prometheus http://localhost:9090/targets  Grafana http://localhost:3000 (admin / \$GRAFANA_ADMIN_PASSWORD)
Remove it all with deploy/kind/down.sh.
INFO
