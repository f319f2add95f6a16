#!/usr/bin/env bash
# Builds the release binaries (`offreapi` and its PDF extractor `offreapi-pdf`) with the locked
# dependencies and copies both into OUT_DIR: Dockerfile.api's build step, runnable natively.
set -euo pipefail

if [[ $# -ne 1 || $1 == -h || $1 == --help ]]; then
    cat >&2 <<'USAGE'
usage: scripts/build_release.sh OUT_DIR

Runs `cargo build --release --locked -p offreapi-api` and copies offreapi and offreapi-pdf into
OUT_DIR (created if needed). The API starts offreapi-pdf from its own directory, so the two
must stay side by side wherever they are installed.

Environment:
  CARGO_TARGET_DIR     build directory (default: ~/.cache/offreapi/target)
  OFFREAPI_GIT_COMMIT  commit recorded in the offreapi_build_info metric (default: git rev-parse;
                       builds without .git, such as container builds, must set it)
USAGE
    exit 2
fi

mkdir -p "$1"
out=$(realpath "$1")
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/offreapi/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

cargo build --release --locked -p offreapi-api
for binary in offreapi offreapi-pdf; do
    install -m 0755 "$CARGO_TARGET_DIR/release/$binary" "$out/$binary"
done
echo "build_release: $out/offreapi and $out/offreapi-pdf ($(du -ch "$out/offreapi" "$out/offreapi-pdf" | tail -n1 | cut -f1))"
