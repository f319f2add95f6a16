#!/usr/bin/env bash
# Builds the browser app into frontend/dist/: release wasm, wasm-bindgen glue, wasm-opt -Oz,
# content-hashed file names and an index.html that points at them. Used by run.sh, the test
# command and Dockerfile.web alike, so one green test run proves the image's build step.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# The CLI must match the `wasm-bindgen` crate pinned in frontend/Cargo.toml.
wasm_bindgen_version=0.2.130
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/offreapi/target}"
frontend_target="$CARGO_TARGET_DIR/frontend"
dist="${OFFREAPI_DIST_DIR:-$root/frontend/dist}"

say() { echo "frontend: $*"; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the rustup target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
fi
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wasm_bindgen_version" ]]; then
    # Without --locked: the CLI's own lock file wants releases the crates mirror may lack.
    say "installing wasm-bindgen-cli $wasm_bindgen_version (a few minutes, once)"
    cargo install wasm-bindgen-cli --version "$wasm_bindgen_version"
fi
# Debian's binaryen is too old for this wasm-bindgen (it breaks the externref table); the npm
# package pinned in frontend/package-lock.json is the one to use.
if [[ ! -x frontend/node_modules/.bin/wasm-opt ]]; then
    say "installing the npm tools of frontend/package-lock.json"
    (cd frontend && npm ci --no-audit --no-fund)
fi
wasm_opt="$root/frontend/node_modules/.bin/wasm-opt"

say "cargo build (wasm32, release)"
# From inside frontend/ so that its .cargo/config.toml (build flags) applies.
(cd frontend && cargo build --locked --release --target wasm32-unknown-unknown \
    --target-dir "$frontend_target")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
    --out-dir "$work" --out-name offreapi-web \
    "$frontend_target/wasm32-unknown-unknown/release/offreapi-web.wasm"
"$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types \
    --enable-sign-ext --enable-mutable-globals \
    "$work/offreapi-web_bg.wasm" -o "$work/offreapi-web_bg.opt.wasm"

hash_of() { sha256sum "$1" | cut -c1-16; }
rm -rf "$dist"
mkdir -p "$dist"
wasm="offreapi-web-$(hash_of "$work/offreapi-web_bg.opt.wasm").wasm"
cp "$work/offreapi-web_bg.opt.wasm" "$dist/$wasm"
glue="offreapi-web-$(hash_of "$work/offreapi-web.js").js"
cp "$work/offreapi-web.js" "$dist/$glue"
style="style-$(hash_of frontend/style.css).css"
cp frontend/style.css "$dist/$style"
# A module file rather than an inline script, so a Content-Security-Policy can say script-src 'self'.
printf "import init from './%s';\ninit({ module_or_path: '/%s' });\n" "$glue" "$wasm" >"$work/boot.js"
boot="boot-$(hash_of "$work/boot.js").js"
cp "$work/boot.js" "$dist/$boot"
sed -e "s|__STYLE__|$style|" -e "s|__WASM__|$wasm|" -e "s|__GLUE__|$glue|" -e "s|__BOOT__|$boot|" \
    frontend/index.html >"$dist/index.html"

total=0
for file in "$dist"/*; do
    total=$((total + $(gzip -9 -c "$file" | wc -c)))
done
say "built $dist: $(du -sb "$dist" | cut -f1) bytes, $total bytes gzip -9"
