# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers the key-loader host tests share (sourced; $KL the binary, $T a scratch directory, $CERTS the PKI): TAP lines, exit-code and output checks, a fake efivarfs.
# shellcheck shell=sh

ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; }

# expect DESC EXIT ERE ARGS...: key-loader ARGS exits with EXIT and its output matches ERE.
expect() {
	d=$1 want=$2 re=$3
	shift 3
	"$KL" "$@" >"$T/out" 2>&1
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		notok "$d (exit $rc, want $want)"; sed 's/^/#   /' "$T/out"
	elif [ -n "$re" ] && ! grep -Eq -- "$re" "$T/out"; then
		notok "$d (output does not match '$re')"; sed 's/^/#   /' "$T/out"
	else
		ok "$d"
	fi
}
# absent DESC ERE: the last run's output does not match ERE.
absent() {
	if grep -Eq -- "$2" "$T/out"; then notok "$1"; sed 's/^/#   /' "$T/out"; else ok "$1"; fi
}

# efivar DIR NAME-GUID ATTR-BYTE DATA-FILE: an efivarfs-style file (4 attribute bytes, data).
efivar() {
	{ printf "\\$(printf '%03o' "$3")\\000\\000\\000"; cat "$4"; } >"$1/$2"
}
GLOBAL=8be4df61-93ca-11d2-aa0d-00e098032b8c
IMGSEC=d719b2cb-3d3a-4596-a3bc-dad00e67656f
SHIM=605dab50-e046-4300-abb6-3dd810dd8b23
SBKEXEC=5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301
# fake_efivars DIR SECUREBOOT SETUPMODE: SecureBoot/SetupMode and db (our db cert, NV|BS|RT|AT).
fake_efivars() {
	mkdir -p "$1"
	printf "\\$(printf '%03o' "$2")" >"$T/u8"; efivar "$1" "SecureBoot-$GLOBAL" 6 "$T/u8"
	printf "\\$(printf '%03o' "$3")" >"$T/u8"; efivar "$1" "SetupMode-$GLOBAL" 6 "$T/u8"
	efivar "$1" "db-$IMGSEC" 39 "$CERTS/db.esl"
}
