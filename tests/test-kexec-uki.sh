#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Verdict matrix of UKIs and signed initrds (issue #12) over tests/gen-uki-corpus.sh's corpus: each row asserts an exit code and what the output says.
#
# As tests/test-kexec-verify.sh: --trust certificates, --no-system-revocation plus --dbx /
# --blacklist files, fake Secure Boot and lockdown state, --dry-run for everything that would
# load; and --config with the corpus' own files, so no /etc/sbkexec/kexec.conf of the host leaks in.
set -u

BUILD=${BUILD:-build}
K=$BUILD/kexec/kexec
D=$BUILD/tests/uki-corpus
C=build/certs
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

if [ ! -x "$K" ] || [ ! -f "$D/.made" ]; then
	echo "not ok - kexec binary or UKI corpus missing ($K, $D): run make check-unit"
	exit 1
fi
failed=0

# row NAME EXPECTED_EXIT [ERE[@@ERE...]] -- ARGS...: every ERE must match the output
# (stdout and stderr together); an ERE starting with ! must not.
row() {
	name=$1 want=$2; shift 2
	res=
	if [ "$1" != -- ]; then res=$1; shift; fi
	shift   # --
	"$K" "$@" >"$LOG" 2>&1
	got=$?
	bad=
	if [ "$got" -ne "$want" ]; then
		bad="exit $got, expected $want"
	else
		rest=$res
		while [ -n "$rest" ]; do
			re=${rest%%@@*}
			case $rest in *@@*) rest=${rest#*@@} ;; *) rest= ;; esac
			case $re in
			!*) if grep -Eq -- "${re#!}" "$LOG"; then bad="output has '${re#!}'"; break; fi ;;
			*) if ! grep -Eq -- "$re" "$LOG"; then bad="output lacks '$re'"; break; fi ;;
			esac
		done
	fi
	if [ -n "$bad" ]; then
		echo "not ok - $name: $bad"
		sed 's/^/#   /' "$LOG"
		failed=$((failed + 1))
	else
		echo "ok - $name (exit $got)"
	fi
}

CONF="--config $D/conf/empty.conf"
ISO="--no-system-revocation $CONF"
V="--verify-only $ISO"
CA="--trust $C/kexec-ca.crt"
# IMA signatures carry no chain: the signer's own certificate must be trusted.
KS="--trust $C/kexec-ca.crt --trust $C/kernel-signing.crt"
OFF="--efivars $D/efivars-sb-off --lockdown-file $D/lockdown-none"
ON="--efivars $D/efivars-sb-on --lockdown-file $D/lockdown-none"
LOCK="--efivars $D/efivars-sb-off --lockdown-file $D/lockdown-integrity"
P="--dry-run $ISO"
SIGNED_CMDLINE='"console=ttyS0 panic=-1 sbk.uki.cookie=4713"'

echo "# UKI verdicts (--verify-only: the UKI's Authenticode signature, VF_AUTHENTICODE_ONLY)"
row "UKI signed by kernel-signing, via the CA"        0  "OK: signed by /CN=sbkexec test kernel signing" -- $V $CA $D/uki.efi
row "--explain lists each section's role" 0 \
	'section +[0-9]+ \.linux .*kernel \(the inner bzImage\) -> loaded as the kernel@@section +[0-9]+ \.initrd .*initrd -> the initrd, unless --initrd replaces it@@section +[0-9]+ \.cmdline .*kernel command line -> the command line@@section +[0-9]+ \.osrel .*OS release.*\(not loaded\)@@section +[0-9]+ \.uname .*\(not loaded\)@@section +[0-9]+ \.sbat .*SBAT.*\(not loaded\)@@section +[0-9]+ \.text .*stub code or data \(systemd-stub; not loaded\)@@\.uname: 6\.1\.0-sbkexec-test' \
	-- $V --explain $CA $D/uki.efi
row "--explain: all sections covered by the one signature" 0 \
	'UKI: .*uki\.efi is a unified kernel image \(it has a \.linux section@@the headers and all 13 sections \(every byte up to the certificate table\) are covered by the one Authenticode signature verified above: signed by /CN=sbkexec test kernel signing' \
	-- $V --explain $CA $D/uki.efi
row "UKI signed, inner .linux unsigned: the UKI verifies" 0 "OK" -- $V $CA $D/uki-inner-unsigned.efi
row "UKI unsigned"                                     11 "unsigned: signature: no Authenticode signature" -- $V $CA $D/uki.unsigned.efi
row "UKI with only an IMA .sig: no Authenticode, unsigned" 11 "an IMA signature does not count" -- $V $KS $D/uki-ima.efi
row "UKI signed by an untrusted key"                   12 "untrusted" -- $V $CA $D/uki-untrusted.efi
row "UKI signer revoked (dbx X.509)"                   14 "revoked" -- $V $CA --dbx $D/dbx-revoked-cert.esl $D/uki-revoked.efi
row "the same UKI without the dbx entry"               0  -- $V $CA $D/uki-revoked.efi
row "UKI image hash in dbx"                            14 "image digest .*listed in dbx" -- $V $CA --dbx $D/dbx-uki-hash.esl $D/uki.efi
row "one byte of .cmdline changed"                     13 "rejected: image-digest" -- $V $CA $D/uki-flip-cmdline.efi
row "one byte of .initrd changed"                      13 "rejected: image-digest" -- $V $CA $D/uki-flip-initrd.efi
row "one byte of .linux changed"                       13 "rejected: image-digest" -- $V $CA $D/uki-flip-linux.efi
row "two .cmdline sections: malformed"                 10 "malformed: uki: .*uki-duplicate-section" -- $V $CA $D/uki-dup.efi
row ".cmdline overlapping .initrd in memory: malformed" 10 "uki-section-overlap" -- $V $CA $D/uki-overlap.efi
row ".linux VirtualSize past its raw data: malformed"  10 "uki-virtual-size" -- $V $CA $D/uki-vsize.efi
row "malformed beats unsigned"                         10 "uki-duplicate-section" -- $V $CA $D/uki-dup.unsigned.efi
row "multi-profile UKI: unsupported"                   15 "uki-multi-profile" -- $V $CA $D/uki-profile.efi
row ".ucode section: unsupported"                      15 "uki-ucode" -- $V $CA $D/uki-ucode.efi
row "non-ASCII .cmdline: unsupported"                  15 "uki-cmdline-not-ascii" -- $V $CA $D/uki-utf8.efi
row "--verify=off still refuses a malformed UKI"       10 "uki-duplicate-section.*nothing was loaded" -- -p -s $P $OFF --verify=off $D/uki-dup.efi
echo "# the inner kernel's length is VirtualSize, not SizeOfRawData"
row ".linux cut at VirtualSize: the inner signature verifies" 0 "OK" -- $V $CA $D/linux-by-virtual-size.efi
row ".linux cut at SizeOfRawData: padding after the certificate table" 10 "pe-cert-table" -- $V $CA $D/linux-by-raw-size.efi

echo "# loading a UKI (--dry-run -s: what kexec_file_load would get)"
row "-p -s: kernel, initrd and command line from the UKI" 0 \
	"would call kexec_file_load\(a sealed memfd copy of UKI \.linux of [^ ]*uki\.efi, a sealed memfd copy of UKI \.initrd of [^ ]*uki\.efi, $SIGNED_CMDLINE@@!warning" \
	-- -p -s $P $OFF $CA $D/uki.efi
row "--explain: every part covered" 0 "UKI: kernel, initrd and command line are all covered by the one signature" \
	-- -p -s $P $OFF $CA --explain $D/uki.efi
row "Secure Boot on: unsigned UKI refused"             11 "Secure Boot on" -- -p -s $P $ON $CA $D/uki.unsigned.efi
row "Secure Boot on: untrusted UKI refused"            12 "nothing was loaded" -- -p -s $P $ON $CA $D/uki-untrusted.efi
row "Secure Boot off: unsigned UKI loads with a warning, nothing covered" 0 \
	"unsigned image accepted@@UKI: its signature did not verify" -- -p -s $P $OFF $CA --explain $D/uki.unsigned.efi
row "kdump-tools' --command-line and --initrd replace .cmdline and .initrd" 0 \
	'would call kexec_file_load\(a sealed memfd copy of UKI \.linux of [^ ]*, the descriptor of [^ ]*initrd-other\.img, "root=/dev/vda1 ro nr_cpus=1"@@warning: [^ ]*uki\.efi: UKI: --initrd replaces \.initrd, --command-line replaces \.cmdline: its signature does not cover the initrd and command line loaded' \
	-- -p -s $P $OFF $CA --command-line="root=/dev/vda1 ro nr_cpus=1" --initrd=$D/initrd-other.img $D/uki.efi
row "--explain says what the signature no longer covers" 0 \
	'initrd = [^ ]*initrd-other\.img \(NOT covered by the UKI.s signature\), command line = --command-line \(NOT covered\)@@initrd: [^ ]*initrd-other\.img: NOT verified \(initrd-signature = off' \
	-- -p -s $P $OFF $CA --explain --command-line="root=/dev/vda1 ro nr_cpus=1" --initrd=$D/initrd-other.img $D/uki.efi
row "--append adds to the signed .cmdline" 0 \
	'"console=ttyS0 panic=-1 sbk.uki.cookie=4713 nr_cpus=1 irqpoll"@@warning: .*UKI: \.cmdline \+ --append extends \.cmdline: its signature does not cover the command line loaded' \
	-- -p -s $P $OFF $CA --append="nr_cpus=1 irqpoll" $D/uki.efi
row "--reuse-cmdline starts from /proc/cmdline instead" 0 "--reuse-cmdline replaces \.cmdline" \
	-- -p -s $P $OFF $CA --reuse-cmdline $D/uki.efi
row "a .cmdline ending in newline and NUL is passed as systemd-stub passes it" 0 \
	'"console=ttyS0 sbk\.uki\.cookie=4714"' -- -p -s $P $OFF $CA $D/uki-messy.efi
row "a UKI with only .linux: no initrd, empty command line" 0 \
	'kexec_file_load\(a sealed memfd copy of UKI \.linux of [^ ]*uki-bare\.efi, \(no initrd\), ""' \
	-- -p -s $P $OFF $CA $D/uki-bare.efi
row "-s under lockdown, inner .linux unsigned: warned that the kernel will check it" 0 \
	"warning: .*uki-inner-unsigned\.efi: UKI: its \.linux has no Authenticode signature of its own: kexec_file_load checks that one" \
	-- -p -s $P $LOCK $CA $D/uki-inner-unsigned.efi
row "-c: segments from the verified UKI, its initrd included" 0 \
	"would call kexec_load\(entry=purgatory, 5 segments: kernel [0-9]+ bytes, .*, initrd, ELF core header" \
	-- -c -p $P $OFF $CA $D/uki.efi
row "-c: inner kernel unsigned, the UKI signed: verified, goes on" 0 "would call kexec_load" \
	-- -c -l $P $OFF $CA $D/uki-inner-unsigned.efi
row "-c, Secure Boot off: unsigned UKI refused (-c requires verification)" 11 "kexec_load: nothing else checks" \
	-- -c -l $P $OFF $CA $D/uki.unsigned.efi
row "-c refused under lockdown, UKI or not"            3  "lockdown" -- -c -p $P $LOCK $CA $D/uki.efi

echo "# uki-overrides = strict: nothing the signature does not cover"
S="--uki-overrides=strict"
row "strict, no override: loads"                       0  "$SIGNED_CMDLINE" -- -p -s $P $OFF $CA $S $D/uki.efi
row "strict: a different --command-line is refused"    11 "unsigned: uki-overrides: the command line given \(--command-line: \"root=/dev/vda1\"\) differs from the UKI's signed \.cmdline .*uki-overrides = strict \(from --uki-overrides\)" \
	-- -p -s $P $OFF $CA $S --command-line="root=/dev/vda1" $D/uki.efi
row "strict: --command-line equal after normalisation loads the signed bytes" 0 \
	"equals the signed \.cmdline after systemd-stub's normalisation@@$SIGNED_CMDLINE@@!warning" \
	-- -p -s $P $OFF $CA $S --explain --command-line="  console=ttyS0 panic=-1 sbk.uki.cookie=4713 " $D/uki.efi
row "strict: the stub's normalisation on both sides"   0  '"console=ttyS0 sbk\.uki\.cookie=4714"' \
	-- -p -s $P $OFF $CA $S --command-line="console=ttyS0 sbk.uki.cookie=4714" $D/uki-messy.efi
row "strict: --append is refused"                      11 "differs from the UKI's signed \.cmdline" -- -p -s $P $OFF $CA $S --append=nr_cpus=1 $D/uki.efi
row "strict: --reuse-cmdline is refused"               11 "--reuse-cmdline" -- -p -s $P $OFF $CA $S --reuse-cmdline $D/uki.efi
row "strict: a different --initrd is refused"          11 "unsigned: uki-overrides: --initrd [^ ]*initrd-other\.img \(512 bytes\) differs from the UKI's signed \.initrd \(its bytes differ\)" \
	-- -p -s $P $OFF $CA $S --initrd=$D/initrd-other.img $D/uki.efi
row "strict: --initrd with the same bytes loads the signed section" 0 \
	"equals the signed \.initrd byte for byte@@a sealed memfd copy of UKI \.initrd of [^ ]*uki\.efi," \
	-- -p -s $P $OFF $CA $S --explain --initrd=$D/initrd.img $D/uki.efi
row "strict: --initrd for a UKI without .initrd"       11 "the UKI has none" -- -p -s $P $OFF $CA $S --initrd=$D/initrd.img $D/uki-bare.efi
row "strict: --command-line for a UKI without .cmdline" 11 "signed \.cmdline \(none\)" -- -p -s $P $OFF $CA $S --command-line=x $D/uki-bare.efi
row "strict from kexec.conf"                           11 "uki-overrides = strict \(from [^ ]*strict\.conf:2\)" \
	-- -p -s $P $OFF $CA --config $D/conf/strict.conf --command-line=x $D/uki.efi
row "kexec.conf strict, --uki-overrides=replace: refused" 1 "may tighten the configuration, not loosen it" \
	-- -p -s $P $OFF $CA --config $D/conf/strict.conf --uki-overrides=replace $D/uki.efi
row "strict with --verify=off: contradiction"          1  "--verify=off contradicts uki-overrides = strict" -- -p -s $P $OFF --verify=off $S $D/uki.efi

echo "# initrd-signature = required (kernel + initrd pairs; the kernel is a small signed PE, dry runs)"
R="--initrd-signature=required"
H=$D/hello.efi
row "default off: --explain says the initrd is not verified" 0 "initrd: [^ ]*none/initrd\.img: NOT verified \(initrd-signature = off, from default\)" \
	-- -p -s $P $OFF $CA --explain --initrd=$D/none/initrd.img $H
row "required, IMA .sig (evmctl)"                      0  "initrd verified: IMA signature \(detached \.sig\)@@a sealed memfd copy of [^ ]*ima/initrd\.img," \
	-- -p -s $P $OFF $KS $R --initrd=$D/ima/initrd.img $H
row "required, detached PKCS#7 without attributes (-noattr)" 0 "initrd verified: detached PKCS#7 \([^ ]*p7s/initrd\.img\.p7s\) signed by /CN=sbkexec test kernel signing.*via --trust certificate /CN=sbkexec test kexec CA" \
	-- -p -s $P $OFF $CA $R --initrd=$D/p7s/initrd.img $H
row "required, detached PKCS#7 with signed attributes" 0 "messageDigest attribute matches@@initrd verified: detached PKCS#7" \
	-- -p -s $P $OFF $CA $R --explain --initrd=$D/p7s-attrs/initrd.img $H
row "required, both forms, both good"                  0  "also IMA-signed" -- -p -s $P $OFF $KS $R --explain --initrd=$D/both/initrd.img $H
row "required, no signature: refused, naming the initrd" 11 "[^ ]*none/initrd\.img: initrd: unsigned: signature: no signature: no IMA signature \(security\.ima, [^ ]*\.sig\) and no detached PKCS#7 \([^ ]*\.p7s\); nothing was loaded \(initrd-signature = required\)" \
	-- -p -s $P $OFF $KS $R --initrd=$D/none/initrd.img $H
row "required, IMA-signed initrd changed after signing" 13 "ima-tampered/initrd\.img: initrd: rejected" -- -p -s $P $OFF $KS $R --initrd=$D/ima-tampered/initrd.img $H
row "required, PKCS#7-signed initrd changed after signing" 13 "initrd: rejected: signature: .*over the file .*does not verify" -- -p -s $P $OFF $CA $R --initrd=$D/p7s-tampered/initrd.img $H
row "required, IMA by an untrusted key"                12 "initrd: untrusted" -- -p -s $P $OFF $KS $R --initrd=$D/ima-untrusted/initrd.img $H
row "required, PKCS#7 by an untrusted key"             12 "initrd: untrusted" -- -p -s $P $OFF $CA $R --initrd=$D/p7s-untrusted/initrd.img $H
row "required, PKCS#7 signer revoked (dbx X.509)"      14 "initrd: revoked" -- -p -s $P $OFF $CA $R --dbx $D/dbx-revoked-cert.esl --initrd=$D/p7s-revoked/initrd.img $H
row "required, the same signer without the dbx entry"  0  "initrd verified" -- -p -s $P $OFF $CA $R --initrd=$D/p7s-revoked/initrd.img $H
row "required, initrd digest in .blacklist bin:"       14 "initrd: revoked: .*file digest" -- -p -s $P $OFF $CA $R --blacklist $D/blacklist-initrd-bin.txt --initrd=$D/p7s/initrd.img $H
row "required, PKCS#7 with SHA-1: unsupported"         15 "digest algorithm sha1 not accepted" -- -p -s $P $OFF $CA $R --initrd=$D/p7s-sha1/initrd.img $H
row "required, CMS signer by subjectKeyIdentifier: unsupported" 15 "subjectKeyIdentifier \(openssl cms -keyid\)" -- -p -s $P $OFF $CA $R --initrd=$D/p7s-keyid/initrd.img $H
row "required, PKCS#7 carrying its content: unsupported" 15 "carries its content" -- -p -s $P $OFF $CA $R --initrd=$D/p7s-nodetach/initrd.img $H
row "required, PEM .p7s: malformed"                    10 "not one DER SEQUENCE" -- -p -s $P $OFF $CA $R --initrd=$D/p7s-pem/initrd.img $H
row "required, truncated .p7s: malformed"              10 "initrd: malformed" -- -p -s $P $OFF $CA $R --initrd=$D/p7s-garbage/initrd.img $H
row "required, one good and one untrusted signature: refused" 12 "initrd: untrusted" -- -p -s $P $OFF $KS $R --initrd=$D/both-one-bad/initrd.img $H
row "required from kexec.conf"                         11 "initrd: unsigned.*initrd-signature = required" -- -p -s $P $OFF $CA --config $D/conf/required.conf --initrd=$D/none/initrd.img $H
row "kexec.conf required, --initrd-signature=off: refused" 1 "may tighten the configuration" -- -p -s $P $OFF $CA --config $D/conf/required.conf --initrd-signature=off $H
row "kexec.conf required, --verify=off: contradiction" 1  "--verify=off contradicts initrd-signature = required" -- -p -s $P $OFF --config $D/conf/required.conf --verify=off $H
row "required, -c: the verified bytes become the initrd segment" 0 "initrd verified@@would call kexec_load\(.*initrd" \
	-- -c -l $P $OFF $CA $R --initrd=$D/p7s/initrd.img $D/vmlinuz-ks.efi
row "required, UKI without override: .initrd covered by the UKI" 0 "initrd: covered by the UKI's Authenticode signature" \
	-- -p -s $P $OFF $CA $R --explain $D/uki.efi
row "required, unsigned UKI allowed with Secure Boot off: its .initrd is not covered" 11 "UKI \.initrd of [^ ]*uki\.unsigned\.efi: initrd: unsigned: not covered" \
	-- -p -s $P $OFF $CA $R $D/uki.unsigned.efi
row "required, UKI with an unsigned --initrd: refused" 11 "none/initrd\.img: initrd: unsigned" -- -p -s $P $OFF $CA $R --initrd=$D/none/initrd.img $D/uki.efi
row "required, UKI with a signed --initrd: loads (the override warned about)" 0 "initrd verified: detached PKCS#7@@--initrd replaces \.initrd" \
	-- -p -s $P $OFF $CA $R --initrd=$D/p7s/initrd.img $D/uki.efi

echo "# the configuration file itself"
row "unknown key: refused, nothing done"               1  "unknown key 'initrd-signatures'" -- -p -s $P $OFF $CA --config $D/conf/unknown.conf $H
row "world-writable kexec.conf: refused"               1  "writable by everyone" -- -p -s $P $OFF $CA --config $D/conf/writable.conf $H
row "--config naming a missing file"                   1  "cannot open" -- -p -s $P $OFF $CA --config $D/conf/missing.conf $H
row "--help documents UKIs and signed initrds"         0  "uki-overrides@@initrd-signature@@\.p7s" -- --help

[ "$failed" -eq 0 ]
