#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fault injection: every read of every file kexec and key-loader open, and every allocation, failed in turn; each run must end in a clean refusal or the unfaulted result.
#
# The binaries are build/tests/fault/{kexec,key-loader}-fault (tests/fault/fault-inject.c: the
# shipped objects relinked with an ld --wrap seam). Each scenario runs once unfaulted (its
# reference, with an asserted exit code), then once per fault: read N failing with EIO, with
# EINTR, or short (half), for N = 1 .. the reads the reference made, and allocation N failing,
# for N = 1 .. its allocations (every FAULT_ALLOC_STRIDE-th: `make check` takes a sample, 61 for
# the static build and 401 under ASan, `make check-faults` takes every one). A faulted run passes when
#   - it is identical to the reference: exit code, stdout, and what it would have changed
#     (kexec_file_load/kexec_load with the SHA-256 of every byte handed over, keys left in the
#     fake keyrings); or
#   - it is a clean refusal: exit 255 (the I/O / out-of-memory code), a message on stderr
#     naming the program, no load and no key left behind;
# and never a crash, a sanitizer report, another exit code (a verdict an I/O error must not
# produce: an unreadable dbx is no "untrusted"), a partial load or a key added.
# /proc and /sys are fixtures below a root (SBK_FAULT_ROOT): memory maps and kdump inputs from
# tests/data, efivarfs with db/dbx/SecureBoot/KeyCarrierRT, /proc/keys with a .blacklist ring.
set -u
. tests/bytes-lib.sh
BUILD=${BUILD:-build}
FK=$BUILD/tests/fault/kexec-fault
FL=$BUILD/tests/fault/key-loader-fault
KC=$BUILD/tests/kexec-corpus
CERTS=build/certs
STUB=$BUILD/efi/carrier-stub.efi
STRIDE=${FAULT_ALLOC_STRIDE:-1}
# Under ASan (SANITIZE=1): memory errors and UB fail a run; leaks do after a failed read, not after a
# failed allocation, where OpenSSL 3.0 leaks by itself (OSSL_DECODER_CTX_new_for_pkey() loses its
# name list when one of its allocations fails, seen with ASAN_OPTIONS=fast_unwind_on_malloc=0).
# The leak check of every other path is the sanitized unit tests' and the fuzzers'.
NOLEAKS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failed=0

for f in "$FK" "$FL" "$KC/.made" "$STUB"; do
	[ -e "$f" ] || { echo "not ok - $f missing (make check-unit builds it)"; exit 1; }
done

GLOBAL=8be4df61-93ca-11d2-aa0d-00e098032b8c
IMGSEC=d719b2cb-3d3a-4596-a3bc-dad00e67656f
SHIM=605dab50-e046-4300-abb6-3dd810dd8b23
SBKEXEC=5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301

# --- fixtures ---
efivar() { # DIR NAME-GUID ATTR-BYTE DATA-FILE
	mkdir -p "$1"
	{ printf "\\$(printf '%03o' "$3")\\000\\000\\000"; cat "$4"; } >"$1/$2"
}
u8file() { printf "\\$(printf '%03o' "$2")" >"$1"; }
put() { mkdir -p "$(dirname "$1")"; cat >"$1"; }

skid() { openssl x509 -in "$CERTS/$1.crt" -noout -ext subjectKeyIdentifier | tail -n1 | tr -d ' :' | tr A-F a-f; }
cert-to-efi-sig-list "$CERTS/kexec-ca.crt" "$T/ca.esl" >/dev/null
cert-to-efi-sig-list "$CERTS/kernel-signing.crt" "$T/ks.esl" >/dev/null

# root DIR: lockdown, crash size, cmdline, efivarfs (Secure Boot on, db = our db cert, dbx
# revoking the test PKI's `revoked` cert), /proc/keys with the kernel's .blacklist ring (holding
# an unrelated bin: hash), and the recorded q35/OVMF crash sample for kexec -c -p.
make_root() {
	r=$1
	e=$r/sys/firmware/efi/efivars
	echo 'none [integrity] confidentiality' | put "$r/sys/kernel/security/lockdown"
	echo 268435456 | put "$r/sys/kernel/kexec_crash_size"
	echo 'BOOT_IMAGE=/vmlinuz root=/dev/vda ro crashkernel=256M quiet' | put "$r/proc/cmdline"
	u8file "$T/one" 1
	u8file "$T/zero" 0
	efivar "$e" "SecureBoot-$GLOBAL" 6 "$T/one"
	efivar "$e" "SetupMode-$GLOBAL" 6 "$T/zero"
	efivar "$e" "db-$IMGSEC" 39 "$CERTS/db.esl"
	efivar "$e" "dbx-$IMGSEC" 39 "$KC/dbx-revoked-cert.esl"
	# The kernel's keyrings, seen only through /proc/keys: .blacklist, and .machine holding the
	# two certificates KeyCarrierRT records (as the kernel describes them, "<CN>: <SKID>"), in
	# the MokListRT variable the kernel read too (key-loader import-firmware checks both).
	printf '%s\n' '1b2c3d4e I------     1 perm 1f030000     0     0 keyring   .blacklist: 2' \
		'2a2a2a2a I------     1 perm 1f0b0000     0     0 keyring   .machine: 2' \
		'3b3b3b3b I------     1 perm 1f0b0000     0     0 keyring   .platform: empty' | put "$r/proc/keys"
	{
		printf 'ring 0x1b2c3d4e .blacklist 0\nkey 0x1b2c3d4e blacklist bin:%064d\n' 0
		printf 'ring 0x2a2a2a2a .machine 0\nring 0x3b3b3b3b .platform 0\n'
		printf 'key 0x2a2a2a2a asymmetric sbkexec test kexec CA: %s\n' "$(skid kexec-ca)"
		printf 'key 0x2a2a2a2a asymmetric sbkexec test kernel signing: %s\n' "$(skid kernel-signing)"
	} >"$r/fake-keyring"
	cat "$T/ca.esl" "$T/ks.esl" >"$T/moklist.esl"
	efivar "$e" "MokListRT-$SHIM" 6 "$T/moklist.esl"
	# The crash sample (tests/data, as tests/test-probe.c lays it out).
	d=tests/data/q35-ovmf-1g-crash256m
	put "$r/proc/iomem" <"$d.iomem"
	grep ' [TDB] ' "$d.kdump" | put "$r/proc/kallsyms"
	sed -n 's/^vmcoreinfo //p' "$d.kdump" | put "$r/sys/kernel/vmcoreinfo"
	sed -n 's/^crash_notes \(cpu[0-9]*\) \([0-9a-f]*\) \([0-9]*\)$/\1 \2 \3/p' "$d.kdump" |
		while read -r cpu addr size; do
			echo "$addr" | put "$r/sys/devices/system/cpu/$cpu/crash_notes"
			echo "$size" | put "$r/sys/devices/system/cpu/$cpu/crash_notes_size"
		done
	# boot_params with "EL64" in efi_info (0x1c0: loaded by a 64-bit EFI loader), the EFI
	# tables and the recorded runtime map: the EFI state kexec -c passes on.
	{ head -c 448 /dev/zero; printf 'EL64'; head -c $((4096 - 452)) /dev/zero; } |
		put "$r/sys/kernel/boot_params/data"
	echo 0x3e5f0018 | put "$r/sys/firmware/efi/fw_vendor"
	echo 0x3e5ef018 | put "$r/sys/firmware/efi/runtime"
	echo 0x3e5ee018 | put "$r/sys/firmware/efi/config_table"
	printf 'SMBIOS=0x3e5ed000\nACPI20=0x3e5fe014\n' | put "$r/sys/firmware/efi/systab"
	i=0
	while read -r ty ph vi np at; do
		m=$r/sys/firmware/efi/runtime-map/$i
		echo "$ty" | put "$m/type"; echo "$ph" | put "$m/phys_addr"; echo "$vi" | put "$m/virt_addr"
		echo "$np" | put "$m/num_pages"; echo "$at" | put "$m/attribute"
		i=$((i + 1))
	done <tests/data/q35-ovmf-1g.efi-runtime-map
	echo 1048576 | put "$r/sys/kernel/crash_elfcorehdr_size"
	kcore_header | put "$r/proc/kcore"
}

R=$T/root
make_root "$R"
# Variants: the image's hash in the kernel's .blacklist; the image's hash in efivarfs dbx;
# Secure Boot off and no lockdown (for -c, whose policy is `required` anyway).
cp -a "$R" "$T/root-bl"
cat "$KC/blacklist-ks-bin.txt" | sed 's/^/key 0x1b2c3d4e blacklist /' >>"$T/root-bl/fake-keyring"
cp -a "$R" "$T/root-dbx"
efivar "$T/root-dbx/sys/firmware/efi/efivars" "dbx-$IMGSEC" 39 "$KC/dbx-ks-hash.esl"
cp -a "$R" "$T/root-sb-nolock"
echo '[none] integrity confidentiality' >"$T/root-sb-nolock/sys/kernel/security/lockdown"
cp -a "$T/root-sb-nolock" "$T/root-nolock"
efivar "$T/root-nolock/sys/firmware/efi/efivars" "SecureBoot-$GLOBAL" 6 "$T/zero"

# Carriers (tools/make-carrier, signed by db) and a KeyCarrierRT naming two certs.
tools/make-carrier --stub "$STUB" --cert "$CERTS/kexec-ca.der" --cert "$CERTS/kernel-signing.der" \
	--output "$T/c.efi" >/dev/null
tools/make-carrier --stub "$STUB" --cert "$CERTS/kexec-ca.der" --cert "$CERTS/revoked.der" \
	--output "$T/c2.efi" >/dev/null
sbsign --key "$CERTS/db.key" --cert "$CERTS/db.crt" --output "$T/c.db.efi" "$T/c.efi" >/dev/null 2>&1
sbsign --key "$CERTS/db.key" --cert "$CERTS/db.crt" --output "$T/c2.db.efi" "$T/c2.efi" >/dev/null 2>&1
{ printf 'SBKC\001\000\020\000\001\000\000\000\000\000\000\000'; cat "$T/ca.esl" "$T/ks.esl"; } >"$T/kc"
efivar "$R/sys/firmware/efi/efivars" "KeyCarrierRT-$SBKEXEC" 6 "$T/kc"
head -c 300000 /dev/urandom >"$T/initrd.img"
# A signed initrd (detached PKCS#7 by the kernel-signing key, verifier/pkcs7-detached.h).
cp "$T/initrd.img" "$T/signed-initrd.img"
openssl cms -sign -binary -outform DER -noattr -signer "$CERTS/kernel-signing.crt" \
	-inkey "$CERTS/kernel-signing.key" -in "$T/signed-initrd.img" -out "$T/signed-initrd.img.p7s" 2>/dev/null

# --- one run, and the sweep ---
# run DIR ROOT PROG ARGS...: one run into DIR/{out,err,log,report,rc} with SBK_FAULT as set
# (shell builtins only around the program: a sweep is thousands of runs).
run() {
	dir=$1 root=$2; shift 2
	: >"$dir/log"
	: >"$dir/report"
	SBK_FAULT_ROOT=$root SBK_FAULT_LOG=$dir/log SBK_FAULT_REPORT=$dir/report "$@" >"$dir/out" 2>"$dir/err"
	echo $? >"$dir/rc"
}

# value FILE KEY: sets $v to the number after "KEY " in a report ("" when absent).
value() {
	v=
	while read -r _key _num; do [ "$_key" = "$2" ] && v=$_num; done <"$1"
}

# judge REF RUN PROG-NAME [ALSO]: sets $why: empty when the faulted run is acceptable, else why not.
judge() {
	ref=$1 got=$2 prog=$3 alsorc=${4:-}
	why=
	read -r rc <"$got/rc"
	read -r refrc <"$ref/rc"
	# The common case first, at the cost of two cmp.
	if [ "$rc" -eq "$refrc" ] && [ -s "$got/report" ] && cmp -s "$ref/out" "$got/out" &&
	   cmp -s "$ref/log" "$got/log"; then
		return
	fi
	[ -n "$alsorc" ] && [ "$rc" -eq "$alsorc" ] && rc=255
	if [ "$rc" -ge 128 ] && [ "$rc" -ne 255 ]; then
		why="crashed (exit $rc): $(tail -n 3 "$got/err" | tr '\n' ' ')"
	elif grep -qE 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer' "$got/err"; then
		why="sanitizer report: $(grep -m1 -E 'ERROR|runtime error' "$got/err")"
	elif [ ! -s "$got/report" ]; then
		why="no report (exit $rc): it did not exit normally"
	elif [ "$rc" -eq 255 ]; then
		if grep -qE '^(kexec_file_load|kexec_load|final:)' "$got/log"; then
			why="refused (255) but left a load or a key behind: $(grep -E '^(kexec|final)' "$got/log" | head -2 | tr '\n' ' ')"
		elif ! grep -q "^$prog: " "$got/err"; then
			why="refused (255) without a message naming $prog"
		fi
	elif [ "$rc" -eq "$refrc" ]; then
		why="exit $rc as unfaulted, but a different result: $(diff "$ref/out" "$got/out" | head -3 | tr '\n' ' ') $(diff "$ref/log" "$got/log" | head -3 | tr '\n' ' ')"
	else
		why="exit $rc (unfaulted $refrc, a fault must give that or 255): $(grep "^$prog: " "$got/err" | head -1)"
	fi
}

# sweep DIR NAME WANT[/ALSO] ROOT PROG ARGS...: one scenario in its own DIR. WANT is the
# unfaulted exit code; ALSO another refusal a fault may give (a stricter policy: the scenario
# says why). Prints "ok"/"not ok" and the first few faults that broke the rules.
sweep() {
	dir=$1 name=$2 want=${3%/*} root=$4 bin=$5
	also=
	case $3 in */*) also=${3#*/} ;; esac
	shift 5
	prog=$(basename "$bin" -fault)
	ref=$dir/ref got=$dir/got
	mkdir -p "$ref" "$got"
	SBK_FAULT= run "$ref" "$root" "$bin" "$@"
	if [ "$(cat "$ref/rc")" -ne "$want" ]; then
		echo "not ok - $name: unfaulted exit $(cat "$ref/rc"), expected $want"
		sed 's/^/#   /' "$ref/out" "$ref/err" | head -20
		return
	fi
	value "$ref/report" reads
	reads=$v
	value "$ref/report" allocs
	allocs=$v
	runs=0 bad=0
	for kind in eio eintr short alloc; do
		n=1
		while :; do
			if [ "$kind" = alloc ]; then spec=alloc:$n; else spec=read:$n:$kind; fi
			if [ "$kind" = alloc ]; then
				SBK_FAULT=$spec ASAN_OPTIONS=$NOLEAKS run "$got" "$root" "$bin" "$@"
			else
				SBK_FAULT=$spec run "$got" "$root" "$bin" "$@"
			fi
			runs=$((runs + 1))
			judge "$ref" "$got" "$prog" "$also"
			if [ -n "$why" ]; then
				bad=$((bad + 1))
				[ "$bad" -le 8 ] && echo "#   $name: $spec: $why"
			fi
			# Until a run completes with nothing left to fail.
			value "$got/report" injected
			[ "$v" = 1 ] || [ -n "$why" ] || break
			if [ "$kind" = alloc ]; then n=$((n + STRIDE)); else n=$((n + 1)); fi
			if [ "$kind" = alloc ] && [ "$n" -gt "$((allocs + STRIDE))" ]; then break; fi
			if [ "$kind" != alloc ] && [ "$n" -gt "$((reads + 1))" ]; then break; fi
		done
	done
	if [ "$bad" -eq 0 ]; then
		echo "ok - $name: exit $want; $reads reads x {EIO, EINTR, short}, $allocs allocations (every $STRIDE.): $runs faulted runs, each identical or a clean refusal"
	else
		echo "not ok - $name: $bad of $runs faulted runs broke the rules (first ones above)"
	fi
}

# scenario ARGS...: sweep ARGS in the background, FAULT_JOBS (default 2) at a time; `finish`
# prints every scenario's lines in order.
JOBS=${FAULT_JOBS:-2}
count=0 running=0
scenario() {
	count=$((count + 1))
	mkdir -p "$T/s$count"
	if [ "$running" -ge "$JOBS" ]; then
		wait
		running=0
	fi
	sweep "$T/s$count" "$@" >"$T/s$count/result" 2>&1 &
	running=$((running + 1))
}
finish() {
	wait
	i=1
	while [ "$i" -le "$count" ]; do
		cat "$T/s$i/result"
		grep -q '^not ok' "$T/s$i/result" && failed=$((failed + 1))
		i=$((i + 1))
	done
}

CA="--trust $CERTS/kexec-ca.crt"
scenario "kexec --verify-only, revocation from files" 0 "$R" "$FK" --verify-only --no-system-revocation $CA \
	--dbx "$KC/dbx-revoked-cert.esl" --blacklist "$KC/blacklist-revoked-tbs.txt" "$KC/ks.efi"
scenario "kexec --verify-only, image hash in a --dbx file: revoked" 14 "$R" "$FK" --verify-only \
	--no-system-revocation $CA --dbx "$KC/dbx-ks-hash.esl" "$KC/ks.efi"
scenario "kexec --verify-only, system revocation (efivarfs dbx, /proc/keys .blacklist)" 0 "$R" "$FK" \
	--verify-only $CA "$KC/ks.efi"
scenario "kexec --verify-only, image hash in the kernel's .blacklist: revoked" 14 "$T/root-bl" "$FK" \
	--verify-only $CA "$KC/ks.efi"
scenario "kexec --verify-only, image hash in efivarfs dbx: revoked" 14 "$T/root-dbx" "$FK" \
	--verify-only $CA "$KC/ks.efi"
scenario "kexec --verify-only, IMA signature (detached .sig)" 0 "$R" "$FK" --verify-only \
	--no-system-revocation --trust "$CERTS/kernel-signing.crt" "$KC/ima-ks.efi"
scenario "kexec -p -s: Secure Boot on, kexec_file_load with initrd and --reuse-cmdline" 0 "$R" "$FK" \
	-p -s $CA --initrd="$T/initrd.img" --reuse-cmdline --append=nr_cpus=1 "$KC/ks.efi"
scenario "kexec -p -s --initrd-signature=required: the initrd read, verified (PKCS#7) and handed over" 0 \
	"$R" "$FK" -p -s $CA --initrd-signature=required --initrd="$T/signed-initrd.img" "$KC/ks.efi"
scenario "kexec -p -s: Secure Boot on, unsigned image refused" 11 "$R" "$FK" -p -s $CA "$KC/unsigned.efi"
scenario "kexec -p -s: Secure Boot on, lockdown none: unsigned image refused" 11 "$T/root-sb-nolock" "$FK" \
	-p -s $CA "$KC/unsigned.efi"
# --verify=auto without Secure Boot or lockdown loads an unsigned image with a warning; when
# SecureBoot or the lockdown file cannot be read it fails closed to `required`: 11 is right too.
scenario "kexec -p -s: Secure Boot off, lockdown none: unsigned image loads with a warning" 0/11 \
	"$T/root-nolock" "$FK" -p -s $CA "$KC/unsigned.efi"
scenario "kexec -c -p: kexec_load of the signed Debian kernel with initrd, crash sample" 0 "$T/root-nolock" "$FK" \
	-c -p $CA --initrd="$T/initrd.img" --append="root=/dev/vda nr_cpus=1" "$KC/vmlinuz-ks.efi"
scenario "key-loader load --trust: keyring made, two keys added" 0 "$R" "$FL" load --no-system-revocation \
	--trust "$CERTS/db.crt" "$T/c.db.efi"
scenario "key-loader load, db and dbx from efivarfs: one cert revoked, one added" 0 "$R" "$FL" load "$T/c2.db.efi"
scenario "key-loader import-firmware: KeyCarrierRT's two certs added" 0 "$R" "$FL" import-firmware
scenario "key-loader status" 0 "$R" "$FL" status
finish
[ "$failed" -eq 0 ]
