#!/usr/bin/env bash
# Removes what deploy/kind/up.sh made: the whole kind cluster, or with --keep-cluster only GlassCache's namespace
# (the demo's snapshot volumes go with it). Not run in this repository's CI (no Docker engine there).
#
# Environment: KIND_CLUSTER (default glasscache).
set -euo pipefail

cluster="${KIND_CLUSTER:-glasscache}"
case "${1:-}" in
  --keep-cluster)
    kubectl --context "kind-$cluster" delete namespace glasscache --ignore-not-found --wait=true
    ;;
  "")
    command -v kind >/dev/null || { echo "down.sh: kind is not installed" >&2; exit 1; }
    kind delete cluster --name "$cluster"
    ;;
  *)
    echo "usage: $0 [--keep-cluster]" >&2
    exit 2
    ;;
esac
