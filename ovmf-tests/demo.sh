#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make run-demo`: the Secure Boot kdump story in QEMU (OVMF, TCG), step by step, one readable line per step.
#
# Every claim printed is checked on the spot: host-side with openssl/sbverify/objcopy, guest-side
# from the lines the OVMF scenarios leave in their serial logs (ovmf-tests/scenarios/*.sh, above
# all kdump-signed.sh). A step that does not hold prints "FAILED" and where to look, and the
# demo exits non-zero. The VMs run first (OVMF_JOBS at a time, default nproc), then the story
# is told from their logs in the order it happened.
set -eu
HERE=$(dirname "$0")
. "$HERE/lib.sh"

# Firmware-level scenarios (one line each), then the kdump story and the kexec refusals.
FIRMWARE_SCENARIOS="secure-boot-enabled unsigned-image-refused untrusted-image-refused chain-unsigned-kernel-refused"
KDUMP=kdump-signed
REFUSALS=kexec-refusals
OUT=$BUILD/ovmf-tests
KDIR=$OUT/$KDUMP
KLOG=$KDIR/serial.log
RLOG=$OUT/$REFUSALS/serial.log

step=0
ok() { step=$((step + 1)); printf '  [%2d] ok      %s\n' "$step" "$*"; }
failed() { step=$((step + 1)); printf '  [%2d] FAILED  %s\n' "$step" "$*"; exit 1; }
section() { printf -- '-- %s\n' "$*"; }
subject_cn() { openssl x509 -in "$1" -noout -subject -nameopt multiline | sed -n 's/^ *commonName *= *//p'; }

# claim TEXT CMD...: the step holds when CMD succeeds.
claim() {
	text=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$text"; else failed "$text"; fi
}

# claim_not TEXT CMD...: the step holds when CMD fails (a refusal that must happen).
claim_not() {
	text=$1
	shift
	if "$@" >/dev/null 2>&1; then failed "$text"; else ok "$text"; fi
}

# seen LOG ERE: sets $ev to the first line of LOG matching ERE (CR and the SBK-*: prefix
# stripped); false when there is none.
seen() {
	ev=$(tr -d '\r' <"$1" | grep -aE -m1 -- "$2" | sed -E 's/^SBK-[A-Z]+: //') || true
	[ -n "$ev" ]
}

# need LOG ERE WHAT: like seen, but a missing line fails the step WHAT.
need() {
	seen "$1" "$2" || failed "$3 (no line matching '$2' in $1)"
}

# passed NAME: the scenario's harness verdict is PASS.
passed() { [ "$(tail -n1 "$OUT/$1/result" 2>/dev/null)" = PASS ]; }
secs() { cat "$OUT/$1/seconds" 2>/dev/null || echo '?'; }

# hex FILE: the file's bytes as one line of hex.
hex() { od -An -v -tx1 "$1" | tr -d ' \n'; }

demo_start=$(date +%s)
echo "== sbkexec demo: kdump under UEFI Secure Boot with the project's own keys (OVMF, TCG) =="

section "1. project PKI and firmware"
claim "test PKI: PK -> KEK -> db verifies ('$(subject_cn "$CERTS_DIR/db.crt")' signs what the firmware boots)" \
	openssl verify -CAfile "$CERTS_DIR/pk.crt" -untrusted "$CERTS_DIR/kek.crt" "$CERTS_DIR/db.crt"
claim "test PKI: kexec CA -> '$(subject_cn "$CERTS_DIR/kernel-signing.crt")' verifies (signs crash kernels)" \
	openssl verify -CAfile "$CERTS_DIR/kexec-ca.crt" "$CERTS_DIR/kernel-signing.crt"
claim_not "the kernel-signing cert does not chain to PK/KEK/db: the firmware alone does not trust it" \
	openssl verify -CAfile "$CERTS_DIR/pk.crt" -untrusted "$CERTS_DIR/kek.crt" \
	-untrusted "$CERTS_DIR/db.crt" "$CERTS_DIR/kernel-signing.crt"
need "$BUILD/ovmf/vars-enrolled.fd.d/serial.log" '^enroll: SetupMode=0' "firmware: keys enrolled"
ok "firmware: PK, KEK, db enrolled by efi/enroll-keys.efi in setup mode, now user mode ($ev)"

all="$FIRMWARE_SCENARIOS $KDUMP $REFUSALS"
echo "  booting $(echo "$all" | wc -w) VMs (OVMF_CODE_4M.secboot.fd, Secure Boot enforcing; 10-60 s each under TCG)..."
# DEMO_NO_BOOT=1 tells the story from the logs the last run left (for editing this script).
# shellcheck disable=SC2086
if [ "${DEMO_NO_BOOT:-0}" = 1 ]; then
	echo "  DEMO_NO_BOOT=1: no VM booted, reading the logs of the last run"
elif ! "$HERE/run.sh" $all >"$OUT/demo.log" 2>&1; then
	sed 's/^/    /' "$OUT/demo.log"
fi
for name in $FIRMWARE_SCENARIOS; do
	desc=$(sed -n 's/^DESCRIPTION="\(.*\)"$/\1/p' "$HERE/scenarios/$name.sh")
	passed "$name" || failed "$desc (see $OUT/$name/serial.log)"
	ok "$desc ($name, $(secs "$name")s)"
done

section "2. key carrier ($KDIR)"
passed "$KDUMP" || failed "scenario $KDUMP did not pass: $(head -n1 "$KDIR/result" 2>/dev/null) (see $KLOG)"
objcopy -O binary -j .chain "$KDIR/carrier.efi" "$KDIR/demo-chain"
objcopy -O binary -j .cmdline "$KDIR/carrier.efi" "$KDIR/demo-cmdline"
objcopy -O binary -j .keylist "$KDIR/carrier.efi" "$KDIR/demo-keylist"
# kdump-signed.sh's carrier, re-assembled from the same inputs (make-carrier adds no timestamps).
reassemble_carrier() {
	tools/make-carrier --stub "$BUILD/efi/carrier-stub.efi" --cert "$CERTS_DIR/kexec-ca.der" \
		--cert "$CERTS_DIR/kernel-signing.der" --chain "$(cat "$KDIR/demo-chain")" \
		--cmdline "$(cat "$KDIR/demo-cmdline")" --output "$KDIR/demo-carrier.efi" &&
		cmp "$KDIR/demo-carrier.efi" "$KDIR/carrier.efi"
}
claim "carrier assembled by tools/make-carrier: stub + kexec CA + kernel-signing cert, chain '$(cat "$KDIR/demo-chain")' (re-assembled here: byte-identical)" \
	reassemble_carrier
keylist_hex=$(hex "$KDIR/demo-keylist")
claim "its .keylist ($(wc -c <"$KDIR/demo-keylist") bytes of EFI_SIGNATURE_LISTs) holds the kernel-signing cert's exact DER" \
	grep -q "$(hex "$CERTS_DIR/kernel-signing.der")" <<<"$keylist_hex"
claim "carrier signed with the db key (sbverify --cert db.crt: OK)" \
	sbverify --cert "$CERTS_DIR/db.crt" "$KDIR/carrier.signed.efi"
need "$KLOG" '^carrier: SecureBoot=1 SetupMode=0' "firmware started the carrier"
ok "firmware verified it against db and started it: \"$ev\""
need "$KLOG" "^carrier: cert [0-9]+ 'sbkexec test kernel signing' .*published in MokListRT" "carrier published the cert"
ok "carrier published the cert: \"$ev\""
need "$KLOG" '^carrier: chaining to ' "carrier chained to Linux"
chain=$ev
need "$KLOG" '^EFI stub: UEFI Secure Boot is enabled' "kernel EFI stub under Secure Boot"
ok "carrier chained to the db-signed Debian kernel (LoadImage: verified by the firmware): \"${chain%% with options*}\", \"$ev\""

section "3. the first kernel takes the cert"
need "$KLOG" '^SBK-MARK: first kernel: ' "first kernel up"
first=$ev
case $first in
*"lockdown: integrity"*) ok "$first (Secure Boot => lockdown)" ;;
*) failed "$first: expected lockdown integrity" ;;
esac
need "$KLOG" "Loaded X.509 cert 'sbkexec test kernel signing" "kernel imported the carried cert"
ok "kernel read MokListRT: \"${ev#*] }\""
ring=
for r in .platform .machine; do
	if seen "$KLOG" "^SBK-MARK: kernel-signing cert found in the kernel's \\$r keyring"; then
		ring="$ring${ring:+ and }$r"
	fi
done
[ -n "$ring" ] || failed "kernel-signing cert in neither .platform nor .machine (see keyctl show in $KLOG)"
if [ "$ring" = .machine ]; then
	seen "$KLOG" '^SBK-MARK: \.machine is linked into \.secondary_trusted_keys' ||
		failed "kernel-signing cert in .machine, but .machine not linked into .secondary_trusted_keys"
	ok "keyctl show: the cert is in .machine, not .platform; .machine is linked into .secondary_trusted_keys (Debian 6.1 with a plain MokListRT: NOTES.md)"
else
	ok "keyctl show: the cert is in $ring"
fi

section "4. crash kernel verified by our kexec and loaded"
claim "crash kernel: Debian $(cat "$KERNEL_DIR/version") re-signed with the kernel-signing key (sbverify --cert kernel-signing.crt: OK)" \
	sbverify --cert "$CERTS_DIR/kernel-signing.crt" "$KDIR/vmlinuz.ks.efi"
claim_not "...and not with db (sbverify --cert db.crt: fails), so only the carried key vouches for it" \
	sbverify --cert "$CERTS_DIR/db.crt" "$KDIR/vmlinuz.ks.efi"
need "$KLOG" '^SBK-OK: key-loader import-firmware filled the kexec keyring from KeyCarrierRT' "cert in the kexec keyring"
need "$KLOG" "^SBK-OUT: +[0-9]+: asymmetric 'sbkexec test kernel signing: " "key-loader list names the kernel-signing cert"
ok "guest: key-loader import-firmware put the carried certs (KeyCarrierRT, volatile: written before ExitBootServices) into the kexec keyring"
need "$KLOG" 'explain: +signer: ' "kexec names the signer"
signer=${ev#*signer: }
need "$KLOG" 'explain: +signed digest .* matches the image' "kexec checked the digest"
ok "kexec -s -p --explain /boot/vmlinuz.ks: Authenticode ${ev#*signed digest }"
need "$KLOG" 'explain: +KEYCTL_PKEY_VERIFY\(key [0-9]+, .*\): good signature' "keyring key verified the signature"
need "$KLOG" "explain: +trusted: chain ends at keyring 'kexec'" "kexec found the key in the kexec keyring"
ok "signer ${signer%%, *}); ${ev#*trusted: }: KEYCTL_PKEY_VERIFY says good signature"
need "$KLOG" '^SBK-OK: crash kernel verified in userspace and loaded with kexec_file_load: exit 0$' "crash kernel loaded"
need "$KLOG" '^SBK-OK: kexec -S says the crash kernel is loaded: exit 1$' "kexec -S"
need "$KLOG" '^SBK-OK: /sys/kernel/kexec_crash_loaded is 1$' "kexec_crash_loaded"
ok "loaded with kexec_file_load (exit 0): kexec -S exit 1 = loaded, /sys/kernel/kexec_crash_loaded = 1"

section "5. panic, crash kernel, vmcore"
# The marker the guest wrote: the scenario drew it at random on the host, in two halves.
marker=$(sed -n "s/^MARK_A='\(.*\)'$/\1/p; s/^MARK_B='\(.*\)'$/\1/p" "$KDIR/initramfs/sbk/scenario.sh" | tr -d '\n')
[ -n "$marker" ] || failed "marker: no MARK_A/MARK_B in $KDIR/initramfs/sbk/scenario.sh"
need "$KLOG" '^SBK-MARK: marker written to tmpfs, triggering a panic' "marker written"
need "$KLOG" 'Kernel panic - not syncing: sysrq triggered crash' "panic"
panic=${ev#*] }
need "$KLOG" 'CPU: .* Kdump: loaded' "panic with kdump loaded"
ok "marker $marker written to tmpfs; echo c >/proc/sysrq-trigger: \"$panic\" (Kdump: loaded)"
need "$KLOG" '^SBK-MARK: crash kernel up: ' "crash kernel up"
case $ev in
*elfcorehdr=*) ok "${ev%%, command line*}: elfcorehdr=$(echo "$ev" | sed 's/.*elfcorehdr=\([^ ]*\).*/\1/') on its command line" ;;
*) failed "$ev: no elfcorehdr= on the crash kernel's command line" ;;
esac
need "$KLOG" '^SBK-MARK: vmcore: [0-9]+ bytes' "vmcore size"
size=$(echo "$ev" | sed 's/[^0-9]*\([0-9]*\).*/\1/')
ok "/proc/vmcore captured: $size bytes ($((size >> 20)) MiB)"
need "$KLOG" '^SBK-OK: the marker written before the panic is in /proc/vmcore$' "marker in vmcore"
seen "$KLOG" "^SBK-MARK: marker $marker found in /proc/vmcore" ||
	failed "the guest found a marker, but not $marker"
ok "marker $marker found in /proc/vmcore (strings | grep in the crash kernel)"

section "6. refusals: kexec checks before the syscall ($OUT/$REFUSALS)"
passed "$REFUSALS" || failed "scenario $REFUSALS did not pass: $(head -n1 "$OUT/$REFUSALS/result" 2>/dev/null) (see $RLOG)"
# refusal WHAT FILE EXIT: kexec's message for /boot/vmlinuz.FILE, its exit code, and nothing
# loaded afterwards (the scenario's check names: "WHAT crash kernel refused", "FILE: nothing loaded").
refusal() {
	need "$RLOG" "^SBK-OK: $1 crash kernel refused: exit $3$" "$1 refused"
	need "$RLOG" "^SBK-OK: $2: nothing loaded \\(kexec_crash_loaded 0\\)" "$2: nothing loaded"
	need "$RLOG" "^SBK-OUT: kexec: /boot/vmlinuz.$2: " "$1: kexec's message"
	msg=${ev#*: }
	msg=${msg#*: }
	ok "$1 crash kernel: exit $3, \"${msg%%; nothing was loaded*}\"; nothing loaded"
}
refusal untrusted-signed untrusted 12
refusal tampered tampered 13
refusal unsigned unsigned 11
need "$RLOG" '^SBK-OK: --verify=off: the kernel itself refuses the untrusted kernel: exit 20$' "--verify=off"
# Only the --verify=off attempt reached kexec_file_load: the kernel logged one refusal.
n=$(grep -ac 'kexec_file: Enforced kernel signature verification failed' "$RLOG" || true)
[ "$n" -eq 1 ] || failed "the kernel logged $n kexec_file signature failures, expected 1 (--verify=off only)"
ok "--verify=off on the untrusted kernel: the kernel refuses it too (exit 20, ENOKEY); its log holds exactly that one refusal"

echo "== demo: all $step steps hold: PKI -> firmware -> carrier -> $ring -> kexec verified + loaded -> panic -> crash kernel -> vmcore ($((size >> 20)) MiB, marker found); $(($(date +%s) - demo_start))s =="
