#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The trust-policy corpus (tests/gen-policy-corpus.sh) on the host: --trust rows, key-loader rows, and the keyring rows where the kernel allows pkey operations.
set -u
BUILD=${BUILD:-build}
D=$BUILD/tests/policy-corpus
export KEXEC=$BUILD/kexec/kexec KEY_LOADER=$BUILD/key-loader/key-loader

if [ ! -f "$D/.made" ] || [ ! -x "$KEXEC" ] || [ ! -x "$KEY_LOADER" ]; then
	echo "not ok - policy corpus or binaries missing ($D, $KEXEC, $KEY_LOADER): run make check-unit"
	exit 1
fi
failed=0
tests/run-policy-corpus.sh "$D" trust || failed=$((failed + 1))
tests/run-policy-corpus.sh "$D" none || failed=$((failed + 1))

# Keyring rows need the kernel to take an X.509 key and verify with it (KEYCTL_PKEY_VERIFY).
# NOTES.md: the CI host refuses pkey operations; the OVMF scenario verifier-keyring-policy runs
# the same rows against Debian's kernel keyring.
probe() {
	command -v keyctl >/dev/null || { why="keyctl is not installed"; return 1; }
	ring=$(keyctl newring sbk-policy-probe @u 2>&1) || { why="keyctl newring: $ring"; return 1; }
	out=$(keyctl padd asymmetric '' "$ring" <"$D/kexec-ca.der" 2>&1) &&
		out=$(keyctl pkey_query "$out" 0 2>&1) || why="this kernel refuses X.509 keys or pkey operations ($out)"
	keyctl unlink "$ring" @u >/dev/null 2>&1
	[ -z "${why:-}" ]
}
if probe; then
	tests/run-policy-corpus.sh "$D" keyring || failed=$((failed + 1))
else
	echo "# SKIP keyring rows on this host: $why; they run in the OVMF scenario verifier-keyring-policy"
fi
[ "$failed" -eq 0 ]
