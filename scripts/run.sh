#!/usr/bin/env bash
# Builds OffreAPI and runs it on the embedded SQLite default (./data/offreapi.db), with demo
# accounts and offers. Any flag or environment variable of `offreapi --help` applies.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/offreapi/target}"

cargo build --release --locked -p offreapi-api
offreapi="$CARGO_TARGET_DIR/release/offreapi"
"$offreapi" "$@" seed --demo
exec "$offreapi" "$@" serve
