#!/usr/bin/env bash
# Checks the Helm chart deploy/helm/gfs-backup (run by `mvn verify` in this module, or by hand):
#  1. files/prometheus-rules.yaml in the chart equals deploy/monitoring/prometheus-rules.yaml (the source);
#  2. every value is commented in values.yaml and listed in the chart's README.md;
#  3. helm lint --strict, with the default values and with values-production.yaml;
#  4. helm template of both, and every rendered manifest validated by kubeconform -strict against JSON schemas of
#     Kubernetes and of the Prometheus Operator's CRDs (no kind may lack a schema).
# Nothing is downloaded outside the package registries: helm and kubeconform are built with `go install`, the
# schemas are made from Go modules (the OpenAPI document of k8s.io/kubernetes, the CRDs of the Prometheus Operator)
# with a converter from PyPI and kubeconform's own CRD script. All of it is kept in a cache outside the repository
# ($GFS_HELM_CHECK_CACHE, default ~/.cache/gfs-helm-check) and made only when missing. Needs Go (on PATH or in
# /usr/local/go/bin) and Python 3 with venv.
# Usage: check-chart.sh [--install-only]   (--install-only: fill the cache, check nothing)
set -euo pipefail

HELM_VERSION=v3.22.0
KUBECONFORM_VERSION=v0.8.0
# the Kubernetes release whose API the manifests are checked against; Helm 3.22.0 is built on its client 0.37
KUBERNETES_VERSION=1.37.2
KUBERNETES_MINOR=${KUBERNETES_VERSION%.*}
PROMETHEUS_OPERATOR_VERSION=v0.85.0
# PyPI: a fork of instrumenta's openapi2jsonschema on PyYAML 6 and jsonref 1 (openapi2jsonschema 0.9.1 pins PyYAML 5,
# which no longer builds on Python 3.11)
CONVERTER=openapi2jsonschema-ng
CONVERTER_VERSION=0.9.0

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CHART=$HERE/gfs-backup
OUT=$HERE/target/check-chart
CACHE=${GFS_HELM_CHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gfs-helm-check}
PYTHON=${GFS_PYTHON:-python3}

HELM=$CACHE/tools/helm-$HELM_VERSION-k8s$KUBERNETES_MINOR/helm
KUBECONFORM=$CACHE/tools/kubeconform-$KUBECONFORM_VERSION/kubeconform
VENV=$CACHE/venv-$CONVERTER-$CONVERTER_VERSION
K8S_SCHEMAS=$CACHE/schemas/kubernetes
K8S_SCHEMA_DIR=$K8S_SCHEMAS/v$KUBERNETES_VERSION-standalone-strict
CRD_SCHEMAS=$CACHE/schemas/prometheus-operator-$PROMETHEUS_OPERATOR_VERSION

START=$SECONDS
log() { printf '[check-chart %4ds] %s\n' "$((SECONDS - START))" "$*"; }
fail() { printf '[check-chart] FAILED: %s\n' "$*" >&2; exit 1; }

go_binary() {
  if [[ -n "${GO:-}" ]]; then echo "$GO"
  elif command -v go >/dev/null 2>&1; then command -v go
  elif [[ -x /usr/local/go/bin/go ]]; then echo /usr/local/go/bin/go
  else fail "Go is needed to build helm and kubeconform (go install) and to fetch the schemas' modules"
  fi
}

# go_in_cache ARGS...: runs go outside any module or workspace (the cache directory has no go.mod)
go_in_cache() {
  local go
  go=$(go_binary)
  (cd "$CACHE" && GOWORK=off "$go" "$@")
}

# module_dir MODULE@VERSION: downloads a module through the Go module proxy into the module cache; prints its directory
module_dir() {
  go_in_cache mod download -json "$1" | "$PYTHON" -c 'import json, sys
m = json.load(sys.stdin)
if m.get("Error"): sys.exit("go mod download: " + m["Error"])
print(m["Dir"])'
}

# install_go_tool BINARY PACKAGE VERSION LDFLAGS: go install into the binary's directory unless it is there
install_go_tool() {
  local binary=$1 package=$2 version=$3 ldflags=$4
  local dir name
  dir=$(dirname "$binary") name=$(basename "$binary")
  [[ -x $binary ]] && return 0
  log "installing $name $version: go install $package@$version"
  rm -rf "$dir.partial" && mkdir -p "$dir.partial"
  GOBIN=$dir.partial go_in_cache install -ldflags="$ldflags" "$package@$version"
  rm -rf "$dir" && mv "$dir.partial" "$dir"
}

install_venv() {
  [[ -f $VENV/.installed ]] && return 0
  log "installing $CONVERTER $CONVERTER_VERSION into a virtualenv: $VENV"
  "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null || fail "$PYTHON needs the venv module (python3-venv)"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "$CONVERTER==$CONVERTER_VERSION"
  touch "$VENV/.installed"
}

# The Kubernetes schemas in kubeconform's layout: <kind>-<group>-<version>.json, strict (no property the API does not
# define), from api/openapi-spec/swagger.json of the k8s.io/kubernetes module
make_kubernetes_schemas() {
  [[ -f $K8S_SCHEMA_DIR/.complete ]] && return 0
  log "making the Kubernetes $KUBERNETES_VERSION schemas (go mod download k8s.io/kubernetes@v$KUBERNETES_VERSION, $CONVERTER)"
  local module work
  module=$(module_dir "k8s.io/kubernetes@v$KUBERNETES_VERSION")
  [[ -f $module/api/openapi-spec/swagger.json ]] || fail "no api/openapi-spec/swagger.json in $module"
  work=$K8S_SCHEMAS/.partial
  rm -rf "$work" && mkdir -p "$work"
  # the converter prints one line per type, and an error line for the few types it cannot make stand-alone (CRD
  # and recursive alpha types: none of them is a kind the chart renders); the files checked below must be there
  (cd "$work" && "$VENV/bin/openapi2jsonschema" --kubernetes --strict --stand-alone --expanded \
      -o "v$KUBERNETES_VERSION-standalone-strict" "$module/api/openapi-spec/swagger.json" > "$work/converter.log" 2>&1) \
    || { tail -20 "$work/converter.log"; fail "$CONVERTER failed"; }
  local kind
  for kind in deployment-apps-v1 service-v1 serviceaccount-v1 poddisruptionbudget-policy-v1 job-batch-v1 \
      configmap-v1 secret-v1; do
    [[ -s $work/v$KUBERNETES_VERSION-standalone-strict/$kind.json ]] || fail "the converter made no $kind.json"
  done
  rm -rf "$K8S_SCHEMA_DIR"
  mv "$work/v$KUBERNETES_VERSION-standalone-strict" "$K8S_SCHEMA_DIR"
  rm -rf "$work"
  touch "$K8S_SCHEMA_DIR/.complete"
}

# The Prometheus Operator's CRDs (example/prometheus-operator-crd of its module) as schemas, made by
# scripts/openapi2jsonschema.py of the kubeconform module (used from the module cache); strict at every level
make_crd_schemas() {
  [[ -f $CRD_SCHEMAS/.complete ]] && return 0
  log "making the Prometheus Operator $PROMETHEUS_OPERATOR_VERSION CRD schemas (kubeconform's openapi2jsonschema.py)"
  local operator kubeconform work
  operator=$(module_dir "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION")
  kubeconform=$(module_dir "github.com/yannh/kubeconform@$KUBECONFORM_VERSION")
  work=$CRD_SCHEMAS.partial
  rm -rf "$work" && mkdir -p "$work"
  (cd "$work" && FILENAME_FORMAT='{kind}-{group}-{version}' DENY_ROOT_ADDITIONAL_PROPERTIES=1 \
      "$VENV/bin/python" "$kubeconform/scripts/openapi2jsonschema.py" \
      "$operator"/example/prometheus-operator-crd/monitoring.coreos.com_*.yaml > "$work/converter.log" 2>&1) \
    || { tail -20 "$work/converter.log"; fail "openapi2jsonschema.py failed"; }
  local kind
  for kind in servicemonitor-monitoring-v1 prometheusrule-monitoring-v1; do
    [[ -s $work/$kind.json ]] || fail "openapi2jsonschema.py made no $kind.json"
  done
  rm -f "$work/converter.log"
  rm -rf "$CRD_SCHEMAS" && mv "$work" "$CRD_SCHEMAS"
  touch "$CRD_SCHEMAS/.complete"
}

install_all() {
  mkdir -p "$CACHE/tools" "$CACHE/schemas"
  # one installer at a time (two Maven builds, or CI's install step and a build)
  exec 9>"$CACHE/.lock"
  flock 9
  # as Helm's Makefile builds it: its version, and the Kubernetes version of its default capabilities (else 1.20)
  local major=${KUBERNETES_MINOR%%.*} minor=${KUBERNETES_MINOR#*.}
  local flags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" package
  for package in chartutil lint/rules; do
    flags+=" -X helm.sh/helm/v3/pkg/$package.k8sVersionMajor=$major -X helm.sh/helm/v3/pkg/$package.k8sVersionMinor=$minor"
  done
  install_go_tool "$HELM" helm.sh/helm/v3/cmd/helm "$HELM_VERSION" "$flags"
  install_go_tool "$KUBECONFORM" github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION" \
    "-s -w -X main.version=$KUBECONFORM_VERSION"
  install_venv
  make_kubernetes_schemas
  make_crd_schemas
  flock -u 9
}

# count_kind FILE KIND: how many documents of that kind a rendered file has
count_kind() { grep -c "^kind: $2\$" "$1" || true; }

expect_kinds() {
  local file=$1; shift
  local pair kind want have
  for pair in "$@"; do
    kind=${pair%=*} want=${pair#*=}
    have=$(count_kind "$file" "$kind")
    [[ $have == "$want" ]] || fail "$(basename "$file"): $have $kind, expected $want"
  done
}

check() {
  log "1. the chart's alerting rules equal deploy/monitoring/prometheus-rules.yaml"
  cmp -s "$ROOT/deploy/monitoring/prometheus-rules.yaml" "$CHART/files/prometheus-rules.yaml" \
    || fail "deploy/helm/gfs-backup/files/prometheus-rules.yaml differs from deploy/monitoring/prometheus-rules.yaml (the source): cp deploy/monitoring/prometheus-rules.yaml deploy/helm/gfs-backup/files/"

  log "2. every value commented in values.yaml and listed in README.md"
  "$VENV/bin/python" "$HERE/check_values_docs.py" "$CHART/values.yaml" "$CHART/README.md"

  rm -rf "$OUT" && mkdir -p "$OUT"
  local name values
  for name in default production; do
    values=()
    [[ $name == production ]] && values=(--values "$CHART/values-production.yaml")
    log "3. helm lint --strict ($name values)"
    "$HELM" lint --strict --kube-version "$KUBERNETES_VERSION" "$CHART" ${values[@]+"${values[@]}"}
    log "4. helm template ($name values)"
    "$HELM" template gfs-backup "$CHART" --namespace gfs-backup --kube-version "$KUBERNETES_VERSION" \
      ${values[@]+"${values[@]}"} > "$OUT/$name.yaml"
  done
  # what each render must hold, so that a value that turns a resource off cannot skip its validation
  expect_kinds "$OUT/default.yaml" Deployment=5 Service=5 PodDisruptionBudget=5 ServiceAccount=5 Job=1 \
    ServiceMonitor=0 PrometheusRule=0
  expect_kinds "$OUT/production.yaml" Deployment=5 Service=5 PodDisruptionBudget=5 ServiceAccount=5 Job=1 \
    ServiceMonitor=1 PrometheusRule=1
  local rules_in_source rules_rendered
  rules_in_source=$(grep -c '^ *- alert: ' "$CHART/files/prometheus-rules.yaml")
  rules_rendered=$(grep -c '^ *- alert: ' "$OUT/production.yaml")
  [[ $rules_in_source == "$rules_rendered" ]] \
    || fail "the PrometheusRule has $rules_rendered alerts, deploy/monitoring/prometheus-rules.yaml $rules_in_source"

  log "5. kubeconform -strict: Kubernetes $KUBERNETES_VERSION, Prometheus Operator $PROMETHEUS_OPERATOR_VERSION"
  "$KUBECONFORM" -strict -summary -kubernetes-version "$KUBERNETES_VERSION" \
    -schema-location "$K8S_SCHEMAS" \
    -schema-location "$CRD_SCHEMAS/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
    "$OUT/default.yaml" "$OUT/production.yaml"
  log "chart check passed: helm $HELM_VERSION, kubeconform $KUBECONFORM_VERSION; rendered manifests in $OUT"
}

install_all
if [[ ${1:-} == --install-only ]]; then
  log "installed: $HELM, $KUBECONFORM, $VENV, schemas in $CACHE/schemas"
  exit 0
fi
check
