#!/usr/bin/env bash
# Set up a local minikube cluster for Larkspur:
#   - start minikube with enough resources for the whole platform,
#   - enable the ingress and metrics-server addons,
#   - build every service image inside minikube's Docker daemon,
#   - map the *.larkspur.local host names to the minikube IP in /etc/hosts.
#
# Usage: scripts/minikube-setup.sh            # set up
#        scripts/minikube-setup.sh --teardown # stop minikube and clean /etc/hosts
set -euo pipefail

PROFILE="${MINIKUBE_PROFILE:-larkspur}"
CPUS="${MINIKUBE_CPUS:-4}"
MEMORY="${MINIKUBE_MEMORY:-8192}"
DRIVER="${MINIKUBE_DRIVER:-docker}"
K8S_VERSION="${MINIKUBE_K8S_VERSION:-v1.30.4}"
REGISTRY="ghcr.io/larkspur-tickets"
TAG="${TAG:-dev}"
SERVICES=(web api worker gateway notifier)
HOSTS=(larkspur.local api.larkspur.local)
HOSTS_MARKER="# larkspur-minikube"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

remove_hosts() {
  if grep -q "$HOSTS_MARKER" /etc/hosts; then
    log "Removing Larkspur entries from /etc/hosts (sudo)"
    sudo sed -i.bak "/$HOSTS_MARKER/d" /etc/hosts
  fi
}

if [[ "${1:-}" == "--teardown" ]]; then
  remove_hosts
  minikube stop -p "$PROFILE"
  exit 0
fi

for tool in minikube kubectl docker; do
  command -v "$tool" >/dev/null || { echo "error: $tool is not installed" >&2; exit 1; }
done

log "Starting minikube profile $PROFILE"
minikube start -p "$PROFILE" \
  --cpus="$CPUS" \
  --memory="$MEMORY" \
  --driver="$DRIVER" \
  --kubernetes-version="$K8S_VERSION" \
  --disk-size=40g

log "Enabling addons"
minikube -p "$PROFILE" addons enable ingress
minikube -p "$PROFILE" addons enable metrics-server

log "Building images inside minikube's Docker daemon"
eval "$(minikube -p "$PROFILE" docker-env)"
for svc in "${SERVICES[@]}"; do
  docker build -t "$REGISTRY/larkspur-$svc:$TAG" "$ROOT/services/$svc"
done

MINIKUBE_IP="$(minikube -p "$PROFILE" ip)"
log "Mapping ${HOSTS[*]} to $MINIKUBE_IP in /etc/hosts (sudo)"
remove_hosts
for host in "${HOSTS[@]}"; do
  echo "$MINIKUBE_IP $host $HOSTS_MARKER" | sudo tee -a /etc/hosts >/dev/null
done

log "Done. Next: make deploy   (or: make deploy-dev for the Kustomize overlay)"
