#!/usr/bin/env bash
# The README's main job: build the provider and the emulator, start the emulator (unless
# SOVEREIGN_CLOUD and credentials for a real cloud are set), apply examples/quickstart with
# terraform/tofu, show the result, and destroy it again.
# QUICKSTART_EMULATED_CLOUD picks the emulated cloud: plusserver (default), otc, ionos or stackit.
#
# `quickstart.sh multi-cloud` applies examples/multi-cloud instead: one module on all four
# emulated clouds at once (a clouds.yaml for plusserver and OTC, the IONOS and STACKIT variables).
set -euo pipefail
EXAMPLE=${1:-quickstart}
case $EXAMPLE in
quickstart | multi-cloud) ;;
*) echo "usage: $0 [multi-cloud]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
ROOT=$(pwd -P)

scripts/setup-tools.sh >/dev/null
# shellcheck source=/dev/null
. .tools/env.sh

echo "== build"
cargo build --bins -p terraform-provider-sovereign -p sovereign-emulator
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug"

WORK=$(mktemp -d)
EMULATOR_PID=""
cleanup() {
  if [ -n "$EMULATOR_PID" ]; then kill "$EMULATOR_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ "$EXAMPLE" = multi-cloud ] || [ -z "${SOVEREIGN_CLOUD:-}" ]; then
  if [ "$EXAMPLE" = multi-cloud ]; then
    echo "== start the emulator (it serves all four clouds)"
  else
    echo "== start the emulator (set SOVEREIGN_CLOUD and the cloud's credentials to use a real cloud)"
  fi
  "$BIN/sovereign-emulator" --listen 127.0.0.1:0 >"$WORK/emulator.out" 2>"$WORK/emulator.err" &
  EMULATOR_PID=$!
  for _ in $(seq 1 100); do
    grep -q "listening on" "$WORK/emulator.out" 2>/dev/null && break
    sleep 0.1
  done
  URL=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$WORK/emulator.out" | head -n 1)
  [ -n "$URL" ] || { cat "$WORK/emulator.err" >&2; echo "the emulator did not start" >&2; exit 1; }
  echo "emulator at $URL"
  if [ "$EXAMPLE" = multi-cloud ]; then
    "$BIN/sovereign-emulator" clouds-yaml --endpoint "$URL" >"$WORK/clouds.yaml"
    eval "$("$BIN/sovereign-emulator" env ionos --endpoint "$URL")"
    eval "$("$BIN/sovereign-emulator" env stackit --endpoint "$URL")"
  else
    eval "$("$BIN/sovereign-emulator" env "${QUICKSTART_EMULATED_CLOUD:-plusserver}" --endpoint "$URL")"
  fi
fi

cat >"$WORK/dev.tfrc" <<TFRC
provider_installation {
  dev_overrides {
    "sovereign-cloud/sovereign" = "$BIN"
  }
  direct {}
}
TFRC
export TF_CLI_CONFIG_FILE="$WORK/dev.tfrc" TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
cp -r "examples/$EXAMPLE/." "$WORK/"
cd "$WORK"
# Local modules are installed by `get` (with dev_overrides, `init` would ask the registry).
"$TF_BINARY" get -no-color >/dev/null

echo "== apply examples/$EXAMPLE with $("$TF_BINARY" version | head -n 1)"
"$TF_BINARY" apply -auto-approve -input=false -no-color
echo "== result"
"$TF_BINARY" output -no-color
if [ -n "$EMULATOR_PID" ]; then
  echo "== what the emulator holds"
  "$SOVEREIGN_PYTHON" "$ROOT/scripts/lib/show_inventory.py" "$URL/_emulator/inventory"
fi
echo "== destroy"
"$TF_BINARY" destroy -auto-approve -input=false -no-color
echo "== done"
