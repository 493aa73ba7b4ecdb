#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# key-loader links the verifier and lib/ only: nm finds no purgatory, load-plan or kexec CLI symbol in it (and finds them in kexec, so the names are right).
set -u
BUILD=${BUILD:-build}
KL=$BUILD/key-loader/key-loader
K=$BUILD/kexec/kexec
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

for b in "$KL" "$K"; do
	[ -x "$b" ] || { echo "not ok - $b is built"; exit 1; }
done
nm "$KL" >"$T/kl" && nm "$K" >"$T/k" || { echo "not ok - nm reads both binaries"; exit 1; }

failed=0
# what ERE: a family of kexec symbols, by the names its sources define.
family() {
	what=$1 re=$2
	if ! grep -Eq " [TtDdRrBb] ($re)" "$T/k"; then
		echo "not ok - $what: kexec has no symbol matching '$re' (the check would prove nothing)"
		failed=$((failed + 1))
	elif grep -E " [TtDdRrBb] ($re)" "$T/kl" >"$T/hits"; then
		echo "not ok - $what: key-loader contains $(wc -l <"$T/hits") of them:"
		sed 's/^/#   /' "$T/hits" | head -20
		failed=$((failed + 1))
	else
		echo "ok - $what: in kexec ($(grep -Ec " [TtDdRrBb] ($re)" "$T/k") symbols), none in key-loader"
	fi
}
family "the purgatory blob (purgatory/)" 'sb_purgatory_'
family "the x86_64 load planner (kexec/x86_64/)" 'x86_load_plan|bzimage_|e820_|purgatory_params_|crashdump_|memory_ranges_|bootparams_'
family "kexec's CLI, load paths and own code (kexec/*.c)" 'kx_'
# And the other way round: key-loader verifies with the verifier library.
if grep -Eq ' T vf_verify_pe$' "$T/kl" && grep -Eq ' T vf_verify_image$' "$T/k"; then
	echo "ok - both link the verifier (vf_verify_pe in key-loader, vf_verify_image in kexec)"
else
	echo "not ok - both link the verifier"
	failed=$((failed + 1))
fi
[ "$failed" -eq 0 ]
