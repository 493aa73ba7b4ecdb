#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs the rows of a policy corpus manifest (tests/gen-policy-corpus.sh) in one anchor mode; prints "ok"/"not ok" per row.
#
# Usage: tests/run-policy-corpus.sh CORPUS_DIR MODE   (MODE: trust | keyring | none)
# Environment: KEXEC, KEY_LOADER (the binaries; default: on $PATH). POSIX sh: it also runs in
# the OVMF guest (busybox ash), where MODE keyring uses the real kernel keyring. Every run is
# --no-system-revocation: only the row's own lists count. Exit status: the number of failed rows.
set -u

D=${1:?corpus dir}
MODE=${2:?trust, keyring or none}
KEXEC=${KEXEC:-kexec}
KEY_LOADER=${KEY_LOADER:-key-loader}
LOG=${TMPDIR:-/tmp}/policy-row.$$
failed=0
n=0

# keyring_with ANCHORS: a fresh keyring under @u holding ANCHORS' DER certificates; prints its id.
keyring_with() {
	_ring=$(keyctl newring "sbk-policy-$$-$n" @u) || return 1
	for _a in $1; do
		keyctl padd asymmetric '' "$_ring" <"$D/$_a.der" >/dev/null || { keyctl unlink "$_ring" @u >/dev/null; return 1; }
	done
	echo "$_ring"
}

while IFS=';' read -r modes want tool image anchors args match desc; do
	case $modes in '#'*|'') continue ;; esac
	case "$MODE:$modes" in
	trust:trust|trust:both|keyring:keyring|keyring:both|none:none) ;;
	*) continue ;;
	esac
	n=$((n + 1))
	ring=
	opts=
	case $MODE in
	trust) for a in $anchors; do opts="$opts --trust $D/$a.crt"; done ;;
	keyring)
		if ! ring=$(keyring_with "$anchors"); then
			echo "not ok - [$MODE] $desc: cannot put $anchors into a keyring"
			failed=$((failed + 1))
			continue
		fi
		opts="--keyring $ring" ;;
	esac
	# shellcheck disable=SC2086 # options are word lists by design
	args=$(echo "$args" | sed "s|@/|$D/|g")
	if [ "$tool" = kexec ]; then
		"$KEXEC" --verify-only --no-system-revocation $opts $args "$D/$image" >"$LOG" 2>&1
	else
		"$KEY_LOADER" --no-system-revocation $opts $args verify "$D/$image" >"$LOG" 2>&1
	fi
	got=$?
	[ -z "$ring" ] || keyctl unlink "$ring" @u >/dev/null 2>&1
	if [ "$got" -ne "$want" ]; then
		echo "not ok - [$MODE] $desc: exit $got, expected $want"
		sed 's/^/#   /' "$LOG"
		failed=$((failed + 1))
	elif [ -n "$match" ] && ! grep -Eq -- "$match" "$LOG"; then
		echo "not ok - [$MODE] $desc: exit $got as expected, but the output does not match '$match'"
		sed 's/^/#   /' "$LOG"
		failed=$((failed + 1))
	else
		echo "ok - [$MODE] $desc (exit $got)"
	fi
done <"$D/manifest"
rm -f "$LOG"
[ "$n" -gt 0 ] || { echo "not ok - [$MODE] no row of $D/manifest ran"; failed=1; }
exit "$failed"
