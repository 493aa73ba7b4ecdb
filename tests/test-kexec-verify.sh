#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Verdict matrix of the static kexec over the generated corpus: each row asserts one exit code.
#
# Rows use --trust certificates (the CI host refuses keyring pkey operations, DESIGN.md) and
# --no-system-revocation plus --dbx/--mokx/--blacklist files, so the host's own state never
# leaks in. Policy rows use --dry-run: verification runs, no system call is made.
set -u

BUILD=${BUILD:-build}
K=$BUILD/kexec/kexec
D=$BUILD/tests/kexec-corpus
C=build/certs
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

if [ ! -x "$K" ] || [ ! -f "$D/.made" ]; then
	echo "not ok - kexec binary or corpus missing ($K, $D): run make check-unit"
	exit 1
fi

ISOLATE="--no-system-revocation"
failed=0

# row NAME EXPECTED_EXIT [EXPECTED_STDERR_SUBSTRING] -- ARGS...
row() {
	name=$1 want=$2; shift 2
	msg=
	if [ "$1" != -- ]; then msg=$1; shift; fi
	shift   # --
	"$K" "$@" >"$LOG" 2>&1
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "not ok - $name: exit $got, expected $want"
		sed 's/^/#   /' "$LOG"
		failed=$((failed + 1))
	elif [ -n "$msg" ] && ! grep -q -- "$msg" "$LOG"; then
		echo "not ok - $name: exit $got as expected but output lacks '$msg'"
		sed 's/^/#   /' "$LOG"
		failed=$((failed + 1))
	else
		echo "ok - $name (exit $got)"
	fi
}

V="--verify-only $ISOLATE"
KS="--trust $C/kernel-signing.crt"
CA="--trust $C/kexec-ca.crt"
KSDER="--trust $C/kernel-signing.der"

echo "# verdicts (--verify-only)"
row "sbsign kernel-signing, leaf trusted"            0  -- $V $KS $D/ks.efi
row "sbsign kernel-signing, leaf trusted as DER"     0  -- $V $KSDER $D/ks.efi
row "sbsign kernel-signing, trusted via kexec CA"    0  -- $V $CA $D/ks.efi
row "sbsign with CA embedded (--addcert), via CA"    0  -- $V $CA $D/ks-addcert.efi
row "sbsign --detached + sbattach, via CA"           0  -- $V $CA $D/sbattach.efi
row "osslsigncode sha256, via CA"                    0  -- $V $CA $D/ossl-sha256.efi
row "osslsigncode sha384, via CA"                    0  -- $V $CA $D/ossl-sha384.efi
row "osslsigncode sha1: unsupported"                 15 "sha1" -- $V $CA $D/ossl-sha1.efi
row "signed by untrusted key, CA trusted"            12 "untrusted" -- $V $CA $D/untrusted.efi
row "signed by untrusted key, leaf trusted"          12 -- $V $KS $D/untrusted.efi
row "signed, trust only an unrelated cert"           12 -- $V --trust $C/untrusted.crt $D/ks.efi
row "signed, no trust file and no keyring"           12 "no trusted key" -- $V --keyring sbkexec-test-none $D/ks.efi
row "unsigned"                                       11 "unsigned" -- $V $CA $D/unsigned.efi
row "one byte flipped in a section"                  13 "image-digest" -- $V $CA $D/flip-section.efi
row "one byte flipped in the header (DOS stub)"      13 "image-digest" -- $V $CA $D/flip-header.efi
row "one byte flipped in trailing data"              13 "image-digest" -- $V $CA $D/flip-trailing.efi
row "CheckSum changed (excluded from the digest)"    0  -- $V $CA $D/flip-checksum.efi
row "one byte flipped in the RSA signature"          13 "signature" -- $V $CA $D/flip-signature.efi
row "signature blob truncated"                       10 "pkcs7" -- $V $CA $D/sig-truncated.efi
row "file truncated (cert table past the end)"       10 "pe" -- $V $CA $D/file-truncated.efi
row "not a PE file"                                  10 -- $V $CA $D/not-pe.bin
row "e_lfanew outside the file"                      10 "pe-lfanew" -- $V $CA $D/bad-lfanew.efi
row "two signatures, trusted one first"              0  --  $V $KS $D/two-good-first.efi
row "two signatures, trusted one second"             0  "checks only the first entry" -- $V $KS $D/two-good-second.efi
row "two signatures, none trusted"                   12 -- $V $KS $D/two-untrusted.efi
row "revoked by image hash (dbx EFI_CERT_SHA256)"    14 "listed in dbx" -- $V $CA --dbx $D/dbx-ks-hash.esl $D/ks.efi
row "revoked image hash beats unsigned"              14 -- $V $CA --dbx $D/dbx-ks-hash.esl $D/flip-checksum.efi
row "revoked by image hash (MokListXRT)"             14 "MokListXRT" -- $V $CA --mokx $D/dbx-ks-hash.esl $D/ks.efi
row "revoked by image hash (.blacklist bin:)"        14 "bin:" -- $V $CA --blacklist $D/blacklist-ks-bin.txt $D/ks.efi
row "revoked signer cert (dbx X.509)"                14 "revoked by dbx" -- $V $CA --dbx $D/dbx-revoked-cert.esl $D/revoked.efi
row "revoked signer cert (MokListXRT X.509)"         14 -- $V $CA --mokx $D/dbx-revoked-cert.esl $D/revoked.efi
row "revoked signer cert (.blacklist tbs:)"          14 "tbs:" -- $V $CA --blacklist $D/blacklist-revoked-tbs.txt $D/revoked.efi
row "revoked CA in the chain (dbx X.509)"            14 -- $V $CA --dbx $D/dbx-kexec-ca.esl $D/ks.efi
row "revoked signer, no trust at all: still revoked" 14 -- $V --keyring sbkexec-test-none --dbx $D/dbx-revoked-cert.esl $D/revoked.efi
row "same key not revoked without the dbx entry"     0  -- $V $CA $D/revoked.efi
row "other dbx entries do not affect a good image"   0  -- $V $CA --dbx $D/dbx-revoked-cert.esl $D/ks.efi
row "malformed dbx fails closed"                     10 "dbx" -- $V $CA --dbx $D/dbx-malformed.esl $D/ks.efi
row "IMA v2 .sig by kernel-signing, leaf trusted"   0  "IMA signature (detached .sig)" -- $V $KS $D/ima-ks.efi
row "IMA v2 .sig, only the CA trusted (no chains)"   12 "IMA key id:" -- $V $CA $D/ima-ks.efi
row "IMA v2 .sig by untrusted key"                   12 -- $V $KS $D/ima-untrusted.efi
row "IMA v2 .sig, one byte flipped in the file"      13 "does not verify" -- $V $KS $D/ima-flip.efi
row "IMA v2 .sig with sha1: unsupported"             15 -- $V $KS $D/ima-sha1.efi
row "IMA v2 .sig truncated"                          10 "sig_size" -- $V $KS $D/ima-badsize.efi
row "IMA-signed file hash in .blacklist bin:"        14 -- $V $KS --blacklist $D/blacklist-ima-ks-bin.txt $D/ima-ks.efi
row "Debian kernel re-signed by kernel-signing"      0  -- $V $CA $D/vmlinuz-ks.efi
row "Debian kernel with Debian's signature"          12 -- $V $CA $D/vmlinuz-debian.efi
row "Debian kernel, signature stripped"              11 -- $V $CA $D/vmlinuz-unsigned.efi
row "Debian kernel, one byte flipped"                13 -- $V $CA $D/vmlinuz-flip.efi

echo "# policy (--dry-run: verify, then print the syscall instead of making it)"
OFF="--efivars $D/efivars-sb-off --lockdown-file $D/lockdown-none"
ON="--efivars $D/efivars-sb-on --lockdown-file $D/lockdown-none"
LOCK="--efivars $D/efivars-sb-off --lockdown-file $D/lockdown-integrity"
P="--dry-run $ISOLATE"
row "auto, SB off: good image loads"                 0  "would call kexec_file_load" -- -p $P $OFF $CA $D/ks.efi
row "auto, SB off: unsigned loads with a warning"    0  "unsigned image accepted for loading" -- -p $P $OFF $CA $D/unsigned.efi
row "auto, SB off: bad signature refused"            13 "nothing was loaded" -- -p $P $OFF $CA $D/flip-section.efi
row "auto, SB off: untrusted signer refused"         12 -- -p $P $OFF $CA $D/untrusted.efi
row "auto, SB off, no keys: signed loads with warning" 0 "no trusted key" -- -p $P $OFF --keyring sbkexec-test-none $D/untrusted.efi
row "auto, SB off: revoked refused"                  14 -- -p $P $OFF $CA --dbx $D/dbx-ks-hash.esl $D/ks.efi
row "auto, SB on: unsigned refused"                  11 "Secure Boot on" -- -p $P $ON $CA $D/unsigned.efi
row "auto, lockdown: unsigned refused"               11 "lockdown integrity" -- -p $P $LOCK $CA $D/unsigned.efi
row "auto, lockdown, no keys: signed refused"        12 -- -p $P $LOCK --keyring sbkexec-test-none $D/ks.efi
row "required, SB off: unsigned refused"             11 -- -p $P $OFF --verify=required $CA $D/unsigned.efi
row "required, SB off: good loads"                   0  -- -p $P $OFF --verify=required $CA $D/ks.efi
row "off: untrusted image goes to the kernel"        0  "not verified in userspace" -- -p $P $ON --verify=off $D/untrusted.efi
row "-l with initrd and command line"                0  '"root=/dev/vda ro"' -- -l $P $OFF $CA --initrd=$D/ks.p7 --append="root=/dev/vda ro" $D/ks.efi
row "-c refused under lockdown"                      3  "lockdown" -- -c -p $P $LOCK $CA $D/ks.efi
row "-c, SB off: verified kernel, would call kexec_load" 0 "would call kexec_load" -- -c -p $P $OFF $CA $D/vmlinuz-ks.efi
row "-c, SB off, auto is required: unsigned refused"  11 "kexec_load: nothing else checks" -- -c -l $P $OFF $CA $D/unsigned.efi
row "-c, SB off, auto is required: untrusted refused" 12 -- -c -l $P $OFF $CA $D/untrusted.efi
row "-c, auto is required: unsigned kernel refused"   11 "nothing was loaded" -- -c -l $P $OFF $CA $D/vmlinuz-unsigned.efi
row "-c --verify=off: unsigned kernel goes on"         0  "would call kexec_load" -- -c -l $P $OFF --verify=off $D/vmlinuz-unsigned.efi
row "-c, PE but not a bzImage: unsupported by this path" 2 "bzimage-boot-flag" -- -c -l $P $OFF $CA $D/ks.efi
row "-c, not a bzImage: unsupported by this path"     2  "not a bzImage" -- -c -l $P $OFF --verify=off $D/ks.p7
# The kernel segment is setup + syssize*16 and ends where the certificate table starts.
ks_cert=$(od -An -tu4 -j $(($(od -An -tu4 -j 60 -N4 $D/vmlinuz-ks.efi) + 24 + 144)) -N4 $D/vmlinuz-ks.efi | tr -d ' ')
ks_setup=$((($(od -An -tu1 -j $((0x1f1)) -N1 $D/vmlinuz-ks.efi | tr -d ' ') + 1) * 512))
row "header past the signed end, its signature valid: --verify-only passes" 0 -- $V $CA $D/vmlinuz-past-signed.efi
row "-c, header claims bytes past the signed end: malformed" 10 "bzimage-past-signed-end" -- -c -p $P $OFF $CA $D/vmlinuz-past-signed.efi
row "-c --verify=off, header past the signed end: malformed" 10 "certificate table is never loaded" -- -c -l $P $OFF --verify=off $D/vmlinuz-past-signed.efi
row "-c, kernel segment = setup end .. certificate table" 0 "kernel $((ks_cert - ks_setup)) bytes" -- -c -l $P $OFF $CA $D/vmlinuz-ks.efi
row "-c -p -u without lockdown: kexec_load unload"    0  "KEXEC_ON_CRASH" -- -c -p -u $P $OFF
row "-c -p -u under lockdown"                        3  "-s" -- -c -p -u $LOCK
row "unknown option: usage error"                    1  -- --no-such-option
row "-l without a kernel: usage error"               1  "No kernel specified" -- -l
row "missing kernel file"                            255 "Cannot open" -- -l $P $OFF $CA $D/does-not-exist.efi
row "--help documents the exit codes"                0  "revoked" -- --help

echo "# robustness: one byte of the signature blob changed at a time (ASan build: SANITIZE=1)"
# Every verdict must be a clean one; a crash or an unexpected exit code fails. Bytes that no
# check covers (e.g. the PKCS#7 version) may still verify; those offsets are listed.
cert=$(od -An -tu4 -j $(($(od -An -tu4 -j 60 -N4 $D/ks.efi) + 24 + 144)) -N4 $D/ks.efi | tr -d ' ')
size=$(stat -c %s $D/ks.efi)
mut=$(mktemp)
bad=0 still_ok=
off=$((cert + 8))
while [ "$off" -lt "$size" ]; do
	cp $D/ks.efi "$mut"
	b=$(od -An -tu1 -j "$off" -N1 "$mut" | tr -d ' ')
	printf "\\$(printf '%03o' $((b ^ 0x5a)))" | dd of="$mut" bs=1 seek="$off" conv=notrunc status=none
	"$K" $V $CA "$mut" >/dev/null 2>&1
	rc=$?
	case $rc in
	0) still_ok="$still_ok $((off - cert - 8))" ;;
	10|12|13|15) ;;
	*) bad=$((bad + 1)); echo "#   offset $((off - cert - 8)) of the blob: exit $rc" ;;
	esac
	off=$((off + 23))
done
rm -f "$mut"
if [ "$bad" -eq 0 ]; then
	echo "ok - every mutated signature blob gives a clean verdict (still verifying at blob offsets:${still_ok:- none})"
else
	echo "not ok - $bad mutated signature blobs crashed or gave an unexpected exit code"
	failed=$((failed + 1))
fi

echo "# the command lines distribution kdump services build, run as they run them"
# Debian kdump-tools (kdump-config kdump_load): KDUMP_KEXEC_ARGS, then
# --command-line=\"...\" and --initrd=..., assembled into a string and eval'ed.
distro_row() {
	name=$1 want=$2
	shift 2
	"$@" >"$LOG" 2>&1
	got=$?
	if [ "$got" -eq 0 ] && grep -q "$want" "$LOG"; then
		echo "ok - $name"
	else
		echo "not ok - $name: exit $got, expected 0 and '$want'"
		sed 's/^/#   /' "$LOG"
		failed=$((failed + 1))
	fi
}
kdump_tools_load() {
	KDUMP_KEXEC_ARGS="$P $OFF $CA"
	KDUMP_CMDLINE="root=/dev/vda1 ro irqpoll nr_cpus=1 systemd.unit=kdump-tools-dump.service"
	KEXEC_CMD="$K -p -s $KDUMP_KEXEC_ARGS --command-line=\"$KDUMP_CMDLINE\" --initrd=$D/ks.p7 $D/ks.efi"
	eval $KEXEC_CMD
}
distro_row "kdump-tools: kexec -p -s ARGS --command-line=\"...\" --initrd=... KERNEL (eval)" \
	'"root=/dev/vda1 ro irqpoll nr_cpus=1 systemd.unit=kdump-tools-dump.service"' kdump_tools_load
# Fedora kdumpctl: $KEXEC $KEXEC_ARGS $standard_kexec_args --command-line="..." --initrd=... kernel
kdumpctl_load() {
	KEXEC_ARGS="-s $P $OFF $CA"
	standard_kexec_args="-d -p"
	KDUMP_COMMANDLINE="ro console=ttyS0 irqpoll nr_cpus=1 reset_devices"
	$K $KEXEC_ARGS $standard_kexec_args --command-line="$KDUMP_COMMANDLINE" --initrd=$D/ks.p7 $D/ks.efi
}
distro_row "kdumpctl: kexec -s -d -p --command-line=\"...\" --initrd=... KERNEL" \
	'KEXEC_FILE_ON_CRASH' kdumpctl_load
distro_row "kdump-tools/kdumpctl unload: kexec -s -p -u" 'KEXEC_FILE_UNLOAD|KEXEC_FILE_ON_CRASH' \
	"$K" -s -p -u --dry-run

[ "$failed" -eq 0 ]
