#!/usr/bin/env bash
# Validates everything that deploys OffreAPI without a cluster or a Docker engine: kustomize
# builds, Kubernetes schemas, YAML style, Dockerfiles, scripts, policies and the local ingress.
set -euo pipefail

usage() {
    cat >&2 <<'EOF'
usage: scripts/check_deploy.sh

Renders deploy/base and every overlay (kubectl kustomize, and scripts/deploy.sh render at a
test tag), validates them against the Kubernetes schemas of the oldest supported (1.30) and the
newest bundled (1.37) versions in strict mode, runs yamllint over the repository's YAML, hadolint
over both Dockerfiles, shellcheck over the deployment scripts, scripts/check_manifests.py (and
its self-test), and scripts/check_local_ingress.py against Debian's nginx.
Last line: `deploy: N passed, M failed`; exits 1 when anything failed.

The prod overlay reads git-ignored secret files; it is rendered from a copy of deploy/ in which
the committed *.env.example files stand in for them.

Environment:
  OFFREAPI_DEPLOY_VENV  venv of the pinned tools (default: ~/.cache/offreapi/deploy-venv)
  PYTHON                interpreter that creates the venv (default: python3, 3.11 or newer)
EOF
    exit 2
}
[[ $# -eq 0 ]] || usage

cd "$(dirname "$0")/.."
root=$PWD
source scripts/lib/venv.sh
venv=${OFFREAPI_DEPLOY_VENV:-$HOME/.cache/offreapi/deploy-venv}
python=${PYTHON:-python3}
requirements=$root/scripts/requirements-deploy.txt
# The oldest version the manifests need (preStop `sleep` is on by default from 1.30) and the
# newest whose schemas kubernetes-validate bundles.
k8s_versions=(1.30.0 1.37.0)
test_tag=0123456789abcdef0123456789abcdef01234567

passed=0
failed=0
ok() {
    passed=$((passed + 1))
    echo "deploy: ok   $1"
}
not_ok() {
    failed=$((failed + 1))
    echo "deploy: FAIL $1" >&2
}
# Runs a command quietly; its output is shown only when it fails.
step() {
    local name=$1
    shift
    local output
    if output=$("$@" 2>&1); then
        ok "$name"
    else
        [[ -z $output ]] || printf '%s\n' "$output" >&2
        not_ok "$name"
    fi
}
# Adds the `<prefix>: N passed, M failed` line of a sub-check to the totals.
add_counts() {
    local line
    line=$(grep -E "^$1: [0-9]+ passed, [0-9]+ failed$" "$2" | tail -n1 || true)
    if [[ -z $line ]]; then
        not_ok "$1 reported no result"
        return
    fi
    read -r _ p _ f _ <<<"$line"
    passed=$((passed + p))
    failed=$((failed + f))
}

work=$(mktemp -d "${TMPDIR:-/tmp}/offreapi-deploy.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- Tools: a venv with the pinned requirements, reinstalled only when the file changes ---

ensure_venv deploy "$venv" "$requirements" "$python" OFFREAPI_DEPLOY_VENV
if ! command -v kubectl >/dev/null 2>&1; then
    echo "deploy: kubectl is needed for its built-in kustomize (https://kubernetes.io/docs/tasks/tools/)" >&2
    exit 1
fi

# --- Render: base, overlays, and the release kustomization scripts/deploy.sh writes ---

copy=$work/repo
mkdir -p "$copy/scripts"
cp -r deploy "$copy/deploy"
rm -rf "$copy"/deploy/.release-*
cp scripts/deploy.sh "$copy/scripts/deploy.sh"
for example in "$copy"/deploy/overlays/*/*.env.example; do
    [[ -e $example ]] || continue
    target=${example%.example}
    [[ -e $target ]] || cp "$example" "$target"
done
# Only the copy may use the examples: the real prod overlay must fail without real secrets.
for example in deploy/overlays/*/*.env.example; do
    [[ -e $example ]] || continue
    [[ -e ${example%.example} ]] && continue
    if kubectl kustomize "$(dirname "$example")" >/dev/null 2>&1; then
        not_ok "$(dirname "$example") builds without its $(basename "${example%.example}")"
    else
        ok "$(dirname "$example") refuses to build without its $(basename "${example%.example}")"
    fi
done

rendered=()
for dir in "$copy"/deploy/base "$copy"/deploy/overlays/*/; do
    dir=${dir%/}
    name=$(basename "$dir")
    if kubectl kustomize "$dir" >"$work/$name.yaml" 2>"$work/$name.err"; then
        ok "kubectl kustomize ${dir#"$copy"/}"
        rendered+=("$name")
    else
        cat "$work/$name.err" >&2
        not_ok "kubectl kustomize ${dir#"$copy"/}"
    fi
done
overlays=()
for name in "${rendered[@]}"; do
    [[ $name == base ]] || overlays+=("$name")
done

for name in "${overlays[@]}"; do
    if bash "$copy/scripts/deploy.sh" render "$name" "$test_tag" >"$work/$name.release.yaml" 2>"$work/$name.release.err" &&
        [[ $(grep -cE "^[[:space:]-]*image: .*offreapi-(api|web):$test_tag\$" "$work/$name.release.yaml") -eq 2 ]]; then
        ok "scripts/deploy.sh render $name sets both images to the commit tag"
    else
        cat "$work/$name.release.err" >&2
        not_ok "scripts/deploy.sh render $name sets both images to the commit tag"
    fi
    if bash "$copy/scripts/deploy.sh" render "$name" latest >/dev/null 2>&1; then
        not_ok "scripts/deploy.sh refuses the tag latest"
    else
        ok "scripts/deploy.sh refuses the tag latest ($name)"
    fi
done

# --- Kubernetes schemas (strict: unknown fields are errors) ---

validate_args=()
for version in "${k8s_versions[@]}"; do
    validate_args+=(-k "$version")
done
for name in "${rendered[@]}"; do
    file=$work/$name.yaml
    [[ -f $work/$name.release.yaml ]] && file=$work/$name.release.yaml
    if output=$("$venv/bin/kubernetes-validate" --strict --quiet "${validate_args[@]}" "$file" 2>&1); then
        status=0
    else
        status=$?
    fi
    # Custom resources have no bundled schema; the Prometheus Operator's ServiceMonitor is the
    # only one expected, and scripts/check_manifests.py checks its fields. Any other is a typo.
    unexpected=$(grep "Couldn't find schema" <<<"$output" | grep -v "kind ServiceMonitor with api version monitoring.coreos.com/v1" || true)
    if [[ $status -eq 0 && -z $unexpected ]]; then
        ok "kubernetes-validate --strict $name (Kubernetes ${k8s_versions[*]})"
    else
        printf '%s\n' "$output" >&2
        not_ok "kubernetes-validate --strict $name (Kubernetes ${k8s_versions[*]})"
    fi
done

# --- Style and lint ---

step "yamllint --strict (every YAML file, .yamllint)" "$venv/bin/yamllint" --strict .
for dockerfile in Dockerfile.api Dockerfile.web; do
    step "hadolint $dockerfile (threshold info, no ignores)" "$venv/bin/hadolint" --no-color --failure-threshold info "$dockerfile"
done
step "shellcheck of the deployment scripts" "$venv/bin/shellcheck" -x \
    scripts/check_deploy.sh scripts/deploy.sh scripts/local_ingress.sh scripts/build_release.sh

# --- Policies the schemas cannot express ---

manifests_args=()
for name in "${overlays[@]}"; do
    manifests_args+=("$name=$work/$name.release.yaml")
done
if ((${#manifests_args[@]})); then
    "$venv/bin/python" scripts/check_manifests.py "${manifests_args[@]}" 2>&1 | tee "$work/manifests.log" || true
    add_counts manifests "$work/manifests.log"
fi
for name in "${overlays[@]}"; do
    step "check_manifests.py --self-test on $name (every broken policy is caught)" \
        "$venv/bin/python" scripts/check_manifests.py --self-test "$work/$name.release.yaml"
done

# --- The local ingress-like topology against a stand-in API ---

"$venv/bin/python" scripts/check_local_ingress.py 2>&1 | tee "$work/local-ingress.log" || true
add_counts local-ingress "$work/local-ingress.log"

echo "deploy: $passed passed, $failed failed"
((failed == 0))
