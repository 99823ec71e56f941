#!/usr/bin/env bash
# Runs a terraform module against the emulator, as a CI job does: installs the provider from
# the release zip through a filesystem mirror (`terraform init` fetches other providers as
# usual), starts sovereign-emulator, points the provider at the emulated CLOUD, then runs
# `init`, `apply`, a re-plan that must be empty, `destroy`, and checks that nothing is left.
# The README's "The emulator in your own CI" calls it; tests/e2e/emulator_ci.rs runs it.
#
# Usage: scripts/emulator-ci.sh MODULE_DIR [CLOUD]
#   CLOUD: plusserver (default), otc, ionos, stackit, or all: every cloud at once, for a
#   configuration with one provider alias per cloud (a clouds.yaml with entries `plusserver`
#   and `otc` is written into MODULE_DIR; examples/multi-cloud shows the provider blocks).
# Environment:
#   SOVEREIGN_DIST      the release files (default: dist/ of this repository; scripts/release.sh)
#   SOVEREIGN_EMULATOR  the emulator binary (default: target/release/sovereign-emulator;
#                       cargo build --release -p sovereign-emulator)
#   EMULATOR_ADDR       where it listens (default 127.0.0.1:8787)
#   TERRAFORM           terraform or tofu (default: terraform)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
MODULE=${1:?usage: $0 MODULE_DIR [plusserver|otc|ionos|stackit|all]}
CLOUD=${2:-plusserver}
DIST=${SOVEREIGN_DIST:-$ROOT/dist}
EMULATOR=${SOVEREIGN_EMULATOR:-$ROOT/target/release/sovereign-emulator}
ADDR=${EMULATOR_ADDR:-127.0.0.1:8787}
TERRAFORM=${TERRAFORM:-terraform}
# `sovereign-cloud/sovereign` means this on Terraform's default registry and on OpenTofu's.
SOURCES=(registry.terraform.io/sovereign-cloud/sovereign registry.opentofu.org/sovereign-cloud/sovereign)

case "$(uname -s)_$(uname -m)" in
Linux_x86_64) PLATFORM=linux_amd64 ;;
Linux_aarch64) PLATFORM=linux_arm64 ;;
Darwin_x86_64) PLATFORM=darwin_amd64 ;;
Darwin_arm64) PLATFORM=darwin_arm64 ;;
*) echo "no release platform for $(uname -s) $(uname -m)" >&2; exit 1 ;;
esac

WORK=$(mktemp -d)
EMULATOR_PID=""
cleanup() {
	if [ -n "$EMULATOR_PID" ]; then kill "$EMULATOR_PID" 2>/dev/null || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT

echo "== the provider from $DIST, through a filesystem mirror"
zips=("$DIST"/terraform-provider-sovereign_*_"$PLATFORM".zip)
[ -f "${zips[0]}" ] || { echo "no $PLATFORM zip in $DIST: run scripts/release.sh" >&2; exit 1; }
for source in "${SOURCES[@]}"; do
	mkdir -p "$WORK/mirror/$source"
	cp "${zips[@]}" "$WORK/mirror/$source/"
done
listed="\"${SOURCES[0]}\", \"${SOURCES[1]}\""
export TF_CLI_CONFIG_FILE="$WORK/terraformrc"
cat >"$TF_CLI_CONFIG_FILE" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$WORK/mirror"
    include = [$listed]
  }
  direct {
    exclude = [$listed]
  }
}
EOF

echo "== the emulator on $ADDR"
"$EMULATOR" --listen "$ADDR" >"$WORK/emulator.log" 2>&1 &
EMULATOR_PID=$!
for _ in $(seq 1 100); do
	curl -sf "http://$ADDR/_emulator/health" >/dev/null && break
	sleep 0.1
done
curl -sf "http://$ADDR/_emulator/health" >/dev/null || { cat "$WORK/emulator.log" >&2; exit 1; }
if [ "$CLOUD" = all ]; then
	"$EMULATOR" clouds-yaml --endpoint "http://$ADDR" >"$MODULE/clouds.yaml"
	eval "$("$EMULATOR" env ionos --endpoint "http://$ADDR")"
	eval "$("$EMULATOR" env stackit --endpoint "http://$ADDR")"
else
	eval "$("$EMULATOR" env "$CLOUD" --endpoint "http://$ADDR")"
fi
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1

cd "$MODULE"
echo "== init, apply, re-plan, destroy in $MODULE"
"$TERRAFORM" init -input=false -no-color
"$TERRAFORM" apply -auto-approve -input=false -no-color
"$TERRAFORM" plan -input=false -no-color -detailed-exitcode
"$TERRAFORM" destroy -auto-approve -input=false -no-color
left=$(curl -sf "http://$ADDR/_emulator/inventory" | grep -o '"total":[0-9]*' | cut -d: -f2)
[ "$left" = 0 ] || { echo "destroy left $left objects in the emulator" >&2; exit 1; }
echo "== nothing left in the emulator"
