#!/usr/bin/env bash
# Runs each cargo-fuzz target of fuzz/ for SECONDS (60 unless given) on the committed corpus.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]; last line "fuzz: N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
    targets=(pdf_intake text_pipeline request_bodies)
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/offreapi/target}"
fuzz_target_dir="$CARGO_TARGET_DIR/fuzz"
cargo_fuzz_version=0.13.1

# cargo fuzz needs nightly Rust (sanitizer-coverage flags); rustup fetches it from its mirror.
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "==> installing the nightly toolchain (rustup, minimal profile)"
    rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version 2>/dev/null | grep -q "$cargo_fuzz_version"; then
    echo "==> installing cargo-fuzz $cargo_fuzz_version"
    cargo install cargo-fuzz --version "$cargo_fuzz_version" --locked \
        || cargo install cargo-fuzz --version "$cargo_fuzz_version"
fi

passed=0
failed=0
for target in "${targets[@]}"; do
    echo "==> fuzz $target for ${seconds} s"
    # libFuzzer writes new inputs into its first corpus directory: a scratch copy, so the
    # committed corpus only changes when someone adds a finding on purpose.
    scratch="$(mktemp -d)"
    rm -rf "fuzz/artifacts/$target"
    seeds=("fuzz/corpus/$target")
    # A fixed seed makes the short run repeatable: what it finds, it finds every time.
    flags=(-seed=1 -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10
        -print_final_stats=1)
    if [ "$target" = pdf_intake ]; then
        seeds+=(crates/api/tests/fixtures/pdf)
        # In the API, extraction runs in a child with time and memory limits (intake/sandbox.rs):
        # a file that spins or allocates without end is stopped there and answered with a 422.
        # Here such inputs are counted and kept in fuzz/artifacts, but only crashes (a panic
        # escaping `extract`, a stack overflow, an abort) fail the run.
        flags+=(-fork=1 -ignore_timeouts=1 -ignore_ooms=1 -ignore_crashes=0)
    fi
    log="$(mktemp)"
    # No sanitizer: the code under test is safe Rust, and a plain build runs twice as fast.
    if cargo +nightly fuzz run --sanitizer none --target-dir "$fuzz_target_dir" \
        --fuzz-dir fuzz "$target" "$scratch" "${seeds[@]}" -- "${flags[@]}" >"$log" 2>&1; then
        grep -E '^(#[0-9]+|Done|stat::|INFO: fuzzed)' "$log" | tail -n 8
        echo "fuzz $target: ok"
        passed=$((passed + 1))
    else
        grep -v '^"' "$log" | tail -n 40
        echo "fuzz $target: FAILED; the input is in fuzz/artifacts/$target/: add it to" \
            "fuzz/corpus/$target/ and a regression test beside the code it broke"
        failed=$((failed + 1))
    fi
    left=$(find "fuzz/artifacts/$target" -type f \( -name 'timeout-*' -o -name 'oom-*' \) 2>/dev/null | wc -l)
    if ((left > 0)); then
        echo "fuzz $target: $left input(s) left to the sandbox's limits, in fuzz/artifacts/$target/"
    fi
    rm -f "$log"
    rm -rf "$scratch"
done
echo "fuzz: $passed passed, $failed failed"
