#!/usr/bin/env bash
# The real tools the deploy checks (tests/deploy) run, installed once and cached under .cache/:
#   helm v3.22.0       built from source with `go install` into .cache/bin (a few minutes the first time)
#   prometheus,        Debian's `prometheus` package (apt-get), only when promtool is missing;
#   promtool           the package's service is never left running
#   checkov            in its own venv (.cache/checkov-venv; its pins conflict with ours), linked as .cache/bin/checkov
#   kubernetes-validate  in the project venv (dev extras of pyproject.toml)
# Idempotent; a second run takes about a second. Each step prints how long it took.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cache=$root/.cache
bin=$cache/bin
HELM_VERSION=${HELM_VERSION:-v3.22.0}
CHECKOV_SPEC=${CHECKOV_SPEC:-checkov>=3.2,<4}
PYTHON=${PYTHON:-python3}
mkdir -p "$bin"

step() {  # step NAME FUNCTION: run it in a fresh shell (so that set -e holds inside), report the time
  local name=$1 t0 rc=0
  t0=$(date +%s)
  "$0" __run "$2" || rc=$?
  echo "tools: $name $( ((rc == 0)) && echo ok || echo "FAILED ($rc)") in $(($(date +%s) - t0)) s" >&2
  return "$rc"
}

install_helm() {
  # `go install` leaves helm's own version string without the patch level; the module version is exact.
  if [ -x "$bin/helm" ] && command -v go >/dev/null &&
    go version -m "$bin/helm" 2>/dev/null | grep -qE "^[[:space:]]+mod[[:space:]]+helm.sh/helm/v3[[:space:]]+$HELM_VERSION([[:space:]]|$)"; then
    return 0
  fi
  command -v go >/dev/null || { echo "tools: go is needed to build helm" >&2; return 1; }
  GOPATH=$cache/go GOMODCACHE=$cache/go/mod GOBIN=$bin GOFLAGS=-modcacherw \
    go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  "$bin/helm" version --short >&2
}

install_prometheus() {
  if command -v promtool >/dev/null && command -v prometheus >/dev/null; then
    return 0
  fi
  local sudo=() added_policy=""
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  # Keep the package's postinst from starting a Prometheus that would hold port 9090.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${sudo[@]}" chmod 755 /usr/sbin/policy-rc.d
    added_policy=1
  fi
  local rc=0
  { "${sudo[@]}" apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends prometheus \
      >/dev/null; } || rc=$?
  [ -z "$added_policy" ] || "${sudo[@]}" rm -f /usr/sbin/policy-rc.d
  # Belt and braces: stop a service the package may still have started.
  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    "${sudo[@]}" systemctl disable --now prometheus >/dev/null 2>&1 || true
  elif [ -x /etc/init.d/prometheus ]; then
    "${sudo[@]}" /etc/init.d/prometheus stop >/dev/null 2>&1 || true
  fi
  [ "$rc" -eq 0 ] || return "$rc"
  promtool --version 2>&1 | head -1 >&2
}

install_checkov() {
  local venv=$cache/checkov-venv
  if [ -x "$venv/bin/checkov" ] && [ -f "$venv/.installed" ]; then
    ln -sf "$venv/bin/checkov" "$bin/checkov"
    return 0
  fi
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --upgrade pip
  "$venv/bin/python" -m pip install -q "$CHECKOV_SPEC"
  touch "$venv/.installed"
  ln -sf "$venv/bin/checkov" "$bin/checkov"
  "$bin/checkov" --version >&2
}

install_kubernetes_validate() {
  local py=$root/.venv/bin/python
  [ -x "$py" ] || { echo "tools: no project venv at $root/.venv (run make setup)" >&2; return 1; }
  if "$py" -c 'import kubernetes_validate' 2>/dev/null; then
    return 0
  fi
  "$py" -m pip install -q "kubernetes-validate>=1.30"
}

if [ "${1:-}" = __run ]; then
  "$2"
  exit 0
fi

step helm install_helm
step prometheus install_prometheus
step checkov install_checkov
step kubernetes-validate install_kubernetes_validate
