# shellcheck shell=bash
# A Python venv holding a pinned requirements file, reinstalled only when that file changes.
# Sourced by scripts that need PyPI tools (contract tests, deployment checks).

# ensure_venv PREFIX VENV REQUIREMENTS PYTHON VARIABLE
#   PREFIX names the caller in messages; VARIABLE is the environment variable that moves VENV.
ensure_venv() {
    local prefix=$1 venv=$2 requirements=$3 python=$4 variable=$5
    if ! "$venv/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$prefix: $python is missing or older than 3.11 (set PYTHON)" >&2
            exit 1
        fi
        if [[ -e $venv && ! -f $venv/pyvenv.cfg && -n "$(ls -A "$venv")" ]]; then
            echo "$prefix: $venv exists and is not a venv; set $variable elsewhere" >&2
            exit 1
        fi
        echo "$prefix: creating $venv"
        "$python" -m venv --clear "$venv"
    fi
    local stamp wanted
    stamp=$venv/.$(basename "$requirements" .txt).sha256
    wanted=$(sha256sum "$requirements" | cut -d' ' -f1)
    if [[ "$(cat "$stamp" 2>/dev/null || true)" != "$wanted" ]]; then
        echo "$prefix: installing ${requirements#"$PWD"/} into $venv"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
        echo "$wanted" >"$stamp"
    fi
}
