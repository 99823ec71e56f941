#!/usr/bin/env bash
# The README's test command: sets up every tool the tests need (protoc, Terraform 1.0.3, a
# current terraform, a Python venv with the clouds' official clients), builds once, and runs
# every test: unit, SDK against wiremock and the emulator, fidelity, and end to end with both
# terraform versions.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-tools.sh
# shellcheck source=/dev/null
. .tools/env.sh
export RUST_LIB_BACKTRACE=0

echo "== build"
cargo build --workspace --all-targets

echo "== test"
cargo test --workspace --no-fail-fast -- --test-threads="${SOVEREIGN_TEST_THREADS:-4}"
