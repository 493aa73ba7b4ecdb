#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Makes an OVMF VARS file with the project's PK/KEK/db enrolled (and optional dbx appends) by booting efi/enroll-keys.c.
#
# Usage: ovmf-tests/make-vars.sh OUT.fd [DBX.auth ...]
# Starts from Debian's empty OVMF_VARS_4M.fd (setup mode), so nothing else is in it.
set -eu
. "$(dirname "$0")/lib.sh"

out=${1:?usage: make-vars.sh OUT.fd [DBX.auth ...]}
shift
app=$BUILD/efi/enroll-keys.efi
work=$out.d
[ -f "$app" ] || die "$app missing (make $app)"
for v in pk kek db; do
	[ -f "$CERTS_DIR/$v.auth" ] || die "$CERTS_DIR/$v.auth missing (make certs)"
done

rm -rf "$work"
mkdir -p "$work/esp/EFI/BOOT" "$work/esp/sbkexec"
cp "$app" "$work/esp/EFI/BOOT/BOOTX64.EFI"
cp "$CERTS_DIR/db.auth" "$work/esp/sbkexec/db.auth"
cp "$CERTS_DIR/kek.auth" "$work/esp/sbkexec/KEK.auth"
cp "$CERTS_DIR/pk.auth" "$work/esp/sbkexec/PK.auth"
n=0
for auth in "$@"; do
	n=$((n + 1))
	cp "$auth" "$work/esp/sbkexec/$(printf 'dbx-%02d.auth' "$n")"
done
make_esp "$work/esp.img" "$work/esp"
cp "$OVMF_VARS_EMPTY" "$work/vars.fd"

rc=0
qemu_run "$work/vars.fd" "$work/esp.img" "$work/serial.log" 60 512 "" "$work/qemu.cmd" || rc=$?
if [ "$rc" -ne 0 ] || ! grep -aq '^enroll: done' "$work/serial.log"; then
	grep -a '^enroll:' "$work/serial.log" >&2 || true
	die "enrolment failed (QEMU status $rc), see $work/serial.log"
fi
mv "$work/vars.fd" "$out"
echo "ovmf: enrolled PK, KEK, db$( [ "$n" -eq 0 ] || echo " and $n dbx update(s)") into $out"
