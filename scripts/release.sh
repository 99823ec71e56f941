#!/usr/bin/env bash
# Release packaging: builds the provider in release mode and writes to dist/ what a Terraform
# registry or a filesystem mirror serves:
#
#   terraform-provider-sovereign_{version}_{os}_{arch}.zip   the binary, named
#                                                            terraform-provider-sovereign_v{version}
#   terraform-provider-sovereign_{version}_manifest.json     {"version":1,"metadata":{"protocol_versions":["6.0"]}}
#   terraform-provider-sovereign_{version}_SHA256SUMS        sha256 of the zips and the manifest
#
# Usage: scripts/release.sh [--target TRIPLE]... [--binary PATH] [--out DIR]
#   --target TRIPLE  a Rust target to build for (repeatable; default: this machine). Cross
#                    targets need their toolchain (rustup target add TRIPLE, a linker).
#   --binary PATH    package this already built binary for this machine instead of building
#   --out DIR        where to write (default: dist/)
# The zips are reproducible: fixed timestamps and permissions, so the same binary gives the
# same SHA256SUMS. Needs cargo and python3 (its zipfile module writes the zips).
set -euo pipefail
CALLER=$(pwd -P)
cd "$(dirname "$0")/.."
ROOT=$(pwd -P)

NAME=terraform-provider-sovereign
OUT="$ROOT/dist"
BINARY=""
TARGETS=()
# absolute PATH: a path given relative to where the script was called from.
absolute() { case $1 in /*) echo "$1" ;; *) echo "$CALLER/$1" ;; esac; }
while [ $# -gt 0 ]; do
	case $1 in
	--target) TARGETS+=("$2"); shift 2 ;;
	--binary) BINARY=$(absolute "$2"); shift 2 ;;
	--out) OUT=$(absolute "$2"); shift 2 ;;
	*) echo "usage: $0 [--target TRIPLE]... [--binary PATH] [--out DIR]" >&2; exit 2 ;;
	esac
done

VERSION=$(cargo pkgid -p "$NAME" | sed 's/.*[#@]//')
[ -n "$VERSION" ] || { echo "cannot read the version of $NAME" >&2; exit 1; }

# platform TRIPLE: Terraform's os_arch for a Rust target triple.
platform() {
	local os arch
	case $1 in
	x86_64-*) arch=amd64 ;;
	aarch64-*) arch=arm64 ;;
	i686-*) arch=386 ;;
	arm-* | armv7-*) arch=arm ;;
	*) echo "unknown architecture in $1" >&2; return 1 ;;
	esac
	case $1 in
	*-linux-*) os=linux ;;
	*-apple-darwin) os=darwin ;;
	*-windows-*) os=windows ;;
	*-freebsd) os=freebsd ;;
	*) echo "unknown OS in $1" >&2; return 1 ;;
	esac
	echo "${os}_$arch"
}

host=$(rustc -vV | sed -n 's/^host: //p')
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd -P)
rm -f "$OUT/${NAME}_${VERSION}_"*

# package BINARY OS_ARCH: writes the zip for one platform.
package() {
	local binary=$1 os_arch=$2 inner="${NAME}_v$VERSION"
	case $os_arch in windows_*) inner="$inner.exe" ;; esac
	python3 - "$binary" "$inner" "$OUT/${NAME}_${VERSION}_$os_arch.zip" <<'EOF'
import sys, zipfile
binary, inner, target = sys.argv[1:]
info = zipfile.ZipInfo(inner, date_time=(1980, 1, 1, 0, 0, 0))
info.external_attr = 0o100755 << 16  # a regular file, rwxr-xr-x
info.compress_type = zipfile.ZIP_DEFLATED
with open(binary, "rb") as src, zipfile.ZipFile(target, "w") as zf:
    zf.writestr(info, src.read())
EOF
	echo "wrote $OUT/${NAME}_${VERSION}_$os_arch.zip"
}

if [ -n "$BINARY" ]; then
	[ ${#TARGETS[@]} -eq 0 ] || { echo "--binary and --target exclude each other" >&2; exit 2; }
	package "$BINARY" "$(platform "$host")"
else
	[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("$host")
	for target in "${TARGETS[@]}"; do
		os_arch=$(platform "$target")
		target_dir=$(cargo metadata --format-version 1 --no-deps |
			python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
		if [ "$target" = "$host" ]; then
			# Without --target: shares target/release with other release builds (the emulator's).
			cargo build --release --locked -p "$NAME"
			exe="$target_dir/release/$NAME"
		else
			cargo build --release --locked -p "$NAME" --target "$target"
			exe="$target_dir/$target/release/$NAME"
		fi
		case $os_arch in windows_*) exe="$exe.exe" ;; esac
		package "$exe" "$os_arch"
	done
fi

printf '{"version":1,"metadata":{"protocol_versions":["6.0"]}}\n' >"$OUT/${NAME}_${VERSION}_manifest.json"
(cd "$OUT" && sha256sum "${NAME}_${VERSION}_"*.zip "${NAME}_${VERSION}_manifest.json" >"${NAME}_${VERSION}_SHA256SUMS")
echo "wrote $OUT/${NAME}_${VERSION}_manifest.json and ${NAME}_${VERSION}_SHA256SUMS"
