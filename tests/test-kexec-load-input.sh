#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kexec's load path on the host, up to (never into) kexec_file_load: which descriptor the kernel would get, and the refusal (exit 4) when the file changes between verification and load (test-only kexec-testhooks).
#
# The host kernel is never asked to load anything: every row either stops at --dry-run or is
# refused by kexec's own checks before the system call (the OVMF scenario kexec-ima-appraisal
# makes the calls on Debian's kernel). Needs root and security.* xattrs on $TMPDIR (IMA
# signatures are set with evmctl); otherwise the rows that need them are skipped.
set -u

BUILD=${BUILD:-build}
K=$BUILD/kexec/kexec
KT=$BUILD/kexec/kexec-testhooks
C=build/certs
KS=$BUILD/tests/kexec-corpus/ks.efi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/tap-lib.sh

for f in "$K" "$KT" "$KS"; do
	[ -e "$f" ] || { notok "$f missing (make check-unit builds it)"; exit 1; }
done
TRUST="--no-system-revocation --trust $C/kexec-ca.crt"

# A kernel signed by kernel-signing (Authenticode) that also carries an IMA signature.
fresh() {
	rm -f "$T/k" "$T/k.new"
	cp "$KS" "$T/k"
	chmod 0644 "$T/k"
	evmctl ima_sign --key "$C/kernel-signing.key" -a sha256 "$T/k" >/dev/null 2>&1
}
fresh
if [ "$(id -u)" -ne 0 ] || ! getfattr -n security.ima "$T/k" >/dev/null 2>&1; then
	echo "ok - IMA rows # SKIP need root and security.* xattrs in $T"
	exit 0
fi

# Which descriptor: the file itself when it has security.ima (no readable IMA policy here).
expect "security.ima present: the kernel would get the file's own descriptor" 0 \
	"kexec_file_load\(the descriptor of $T/k," "$K" -s -l --dry-run $TRUST "$T/k"
cp "$KS" "$T/plain"
expect "no security.ima: a sealed memfd copy" 0 "kexec_file_load\(a sealed memfd copy of $T/plain," \
	"$K" -s -l --dry-run $TRUST "$T/plain"
chmod 0664 "$T/k"
expect "group-writable: a warning, and the sealed copy" 0 \
	"warning: .*passing a sealed memfd copy, not the file's own descriptor .*writable by its group" \
	"$K" -s -l --dry-run $TRUST "$T/k"
chmod 0644 "$T/k"
# Held open for writing by another process: no read lease, so no descriptor.
sh -c 'exec 3>>"$1"; sleep 3' sh "$T/k" &
holder=$!
sleep 0.3
expect "open for writing elsewhere: no lease, the sealed copy, and why" 0 \
	"another process has it open for writing" "$K" -s -l --dry-run $TRUST "$T/k"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

# Changed between the verification and kexec_file_load: refused (4) before the call.
fresh
before=$(od -An -tx1 -j 4096 -N1 "$T/k" | tr -d ' ')
expect "written after verification: refused, exit 4" 4 \
	"before kexec_file_load: it was opened for writing or truncated after kexec opened it .*nothing was loaded" \
	env SBK_TEST_AFTER_VERIFY="(printf Z | dd of='$T/k' bs=1 seek=4096 conv=notrunc 2>/dev/null) & sleep 1" \
	"$KT" -s -l $TRUST "$T/k"
sleep 0.5
after=$(od -An -tx1 -j 4096 -N1 "$T/k" | tr -d ' ')
if [ "$after" = 5a ] && [ "$before" != 5a ]; then
	ok "the writer waited for kexec's lease and wrote once kexec let go ($before -> $after)"
else
	notok "the writer's byte: $before -> $after, expected -> 5a"
fi
fresh
expect "renamed over after verification: refused, exit 4" 4 "link count changed" \
	env SBK_TEST_AFTER_VERIFY="cp '$T/k' '$T/k.new' && mv '$T/k.new' '$T/k'" "$KT" -s -l $TRUST "$T/k"
fresh
expect "security.ima replaced after verification: refused, exit 4" 4 \
	"(its inode changed .*|its security.ima changed )after kexec opened it" \
	env SBK_TEST_AFTER_VERIFY="evmctl ima_sign --key '$C/untrusted.key' -a sha256 '$T/k' >/dev/null 2>&1" \
	"$KT" -s -l $TRUST "$T/k"

# Not a regular file: refused at the open, a FIFO without hanging.
expect "a device is not a kernel file" 255 "Cannot open \`/dev/null': not a regular file" \
	"$K" -s -l --dry-run $TRUST /dev/null
mkfifo "$T/fifo"
expect "a FIFO is refused, not waited on" 255 "not a regular file" \
	timeout 10 "$K" -s -l --dry-run $TRUST "$T/fifo"
# The shipped binary has no test hook.
if strings "$K" | grep -q SBK_TEST_AFTER; then notok "the shipped kexec has the test hook"; else ok "the shipped kexec has no test hook"; fi
