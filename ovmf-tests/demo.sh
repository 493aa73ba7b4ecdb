#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make run-demo`: shows the Secure Boot chain step by step with the real firmware, one readable line per step.
#
# Every claim printed is checked on the spot (openssl, sbverify, or an OVMF scenario's markers);
# a step that does not hold prints "FAILED" and the demo exits non-zero.
set -eu
HERE=$(dirname "$0")
. "$HERE/lib.sh"

# Scenarios the demo runs, in order (append yours; each prints its DESCRIPTION when it passes).
DEMO_SCENARIOS="
secure-boot-enabled
unsigned-image-refused
untrusted-image-refused
chain-unsigned-kernel-refused
"

step=0
ok() { step=$((step + 1)); printf '  [%2d] ok      %s\n' "$step" "$*"; }
failed() { step=$((step + 1)); printf '  [%2d] FAILED  %s\n' "$step" "$*"; exit 1; }
subject() { openssl x509 -in "$1" -noout -subject -nameopt oneline | sed 's/^subject= *//'; }

echo "== sbkexec demo: UEFI Secure Boot with the project's own keys (OVMF, TCG) =="

# claim TEXT CMD...: the step holds when CMD succeeds.
claim() {
	text=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$text"; else failed "$text"; fi
}

claim "test PKI: PK -> KEK -> db chain verifies ($(subject "$CERTS_DIR/db.crt"))" \
	openssl verify -CAfile "$CERTS_DIR/pk.crt" -untrusted "$CERTS_DIR/kek.crt" "$CERTS_DIR/db.crt"

enrol_log=$BUILD/ovmf/vars-enrolled.fd.d/serial.log
claim "firmware: PK, KEK, db enrolled by efi/enroll-keys.efi in setup mode, firmware now in user mode (SetupMode=0)" \
	grep -aq '^enroll: SetupMode=0' "$enrol_log"

claim "kernel: Debian $(cat "$KERNEL_DIR/version") re-signed with the db key only (sbverify OK)" \
	sbverify --cert "$CERTS_DIR/db.crt" "$BUILD/ovmf/vmlinuz.db.efi"

claim "loader: test chain loader signed with the db key (sbverify OK)" \
	sbverify --cert "$CERTS_DIR/db.crt" "$BUILD/ovmf/chain-linux.efi"

echo "  booting VMs (OVMF_CODE_4M.secboot.fd, Secure Boot enforcing; ~15-40 s each under TCG)..."
# shellcheck disable=SC2086
if ! "$HERE/run.sh" $DEMO_SCENARIOS >"$BUILD/ovmf-tests/demo.log" 2>&1; then
	cat "$BUILD/ovmf-tests/demo.log"
fi
for name in $DEMO_SCENARIOS; do
	res=$BUILD/ovmf-tests/$name/result
	desc=$(sed -n 's/^DESCRIPTION="\(.*\)"$/\1/p' "$HERE/scenarios/$name.sh")
	if [ "$(tail -n1 "$res" 2>/dev/null)" = PASS ]; then
		ok "$desc ($(cat "$BUILD/ovmf-tests/$name/seconds")s)"
		# The guest's own checks, as it printed them.
		grep -a '^SBK-OK: ' "$BUILD/ovmf-tests/$name/serial.log" | tr -d '\r' |
			sed 's/^SBK-OK: /         guest: /'
	else
		failed "$desc (see $BUILD/ovmf-tests/$name/serial.log)"
	fi
done
echo "== demo: all $step steps hold =="
