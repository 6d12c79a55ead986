#!/usr/bin/env bash
# Copies into deploy/k8s/base/generated/ the files the kind manifests are built from that live elsewhere in deploy/
# (the observability module generates the rules, the dashboards and the Alertmanager configuration), and writes
# generated/kustomization.yaml to list them: kustomize reads no file outside its own tree and takes no wildcards,
# so this is what lets a plain `kubectl kustomize deploy/k8s/overlays/kind` build the stack.
#
# Run it after a change to deploy/grafana/dashboards/*.json, deploy/prometheus/rules/*.yml,
# deploy/alertmanager/alertmanager.yml or deploy/grafana/provisioning/*/*.yml; KubernetesManifestsTest fails while
# the built ConfigMaps differ from those files.
set -euo pipefail

deploy="$(cd "$(dirname "$0")/.." && pwd)"
out="$deploy/k8s/base/generated"

# generator name | source directory (under deploy/) | file pattern | directory under generated/
generators=(
  "prometheus-rules|prometheus/rules|*.yml|rules"
  "alertmanager-config|alertmanager|alertmanager.yml|alertmanager"
  "grafana-datasources|grafana/provisioning/datasources|*.yml|datasources"
  "grafana-dashboard-providers|grafana/provisioning/dashboards|*.yml|dashboard-providers"
  "grafana-dashboards|grafana/dashboards|*.json|dashboards"
)

rm -rf "$out"
mkdir -p "$out"
{
  echo "# Written by deploy/k8s/sync-generated.sh from the files it names: do not edit, run it again."
  echo "apiVersion: kustomize.config.k8s.io/v1beta1"
  echo "kind: Kustomization"
  echo "configMapGenerator:"
} >"$out/kustomization.yaml"

for generator in "${generators[@]}"; do
  IFS='|' read -r name source pattern target <<<"$generator"
  mkdir -p "$out/$target"
  files=()
  shopt -s nullglob
  for file in "$deploy/$source"/$pattern; do
    cp "$file" "$out/$target/"
    files+=("$target/$(basename "$file")")
  done
  shopt -u nullglob
  echo "  - name: $name" >>"$out/kustomization.yaml"
  if ((${#files[@]} == 0)); then
    echo "    files: []    # none in deploy/$source yet" >>"$out/kustomization.yaml"
    touch "$out/$target/.keep"
  else
    echo "    files:" >>"$out/kustomization.yaml"
    printf '      - %s\n' "${files[@]}" >>"$out/kustomization.yaml"
  fi
done
echo "synced into ${out#"$deploy/"}/:"
sed -n 's/^ *- \([a-z-]*\/.*\)$/  \1/p' "$out/kustomization.yaml"
