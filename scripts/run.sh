#!/usr/bin/env bash
# Builds OffreAPI and its browser app, then runs it on the embedded SQLite default
# (./data/offreapi.db) with demo accounts and offers: the app at /, the API at /api/v1.
# Any flag or environment variable of `offreapi --help` applies.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/offreapi/target}"

# The app is rebuilt only when its sources are newer than the last build.
if [[ ! -f frontend/dist/index.html ]] ||
    [[ -n "$(find frontend/src frontend/index.html frontend/style.css frontend/Cargo.toml crates/types/src \
        -newer frontend/dist/index.html -print -quit)" ]]; then
    bash scripts/build_frontend.sh
fi
export OFFREAPI_STATIC_DIR="${OFFREAPI_STATIC_DIR:-$PWD/frontend/dist}"

cargo build --release --locked -p offreapi-api
offreapi="$CARGO_TARGET_DIR/release/offreapi"
"$offreapi" "$@" seed --demo
exec "$offreapi" "$@" serve
