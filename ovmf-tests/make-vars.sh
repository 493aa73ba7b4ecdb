#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Makes an OVMF VARS file with the project's PK/KEK/db enrolled (and optional db/dbx appends, shim's MokList/SbatLevel) by booting efi/enroll-keys.c.
#
# Usage: ovmf-tests/make-vars.sh OUT.fd [--db-append DB.auth]... [--moklist ESL-FILE]
#                                [--sbatlevel TEXT-FILE] [--shim-verbose] [DBX.auth ...]
# Starts from Debian's empty OVMF_VARS_4M.fd (setup mode), so nothing else is in it. The
# enrolment's console lines (with the variable store limits it prints) are kept in OUT.fd.log.
set -eu
. "$(dirname "$0")/lib.sh"

usage() { sed -n 's/^# \{0,1\}//; 4,8p' "$0" >&2; exit 2; }
out=${1:-}
[ -n "$out" ] || usage
shift
dbs= moklist= sbatlevel= shim_verbose=0
while [ $# -gt 0 ]; do
	case $1 in
	--db-append) dbs="$dbs $2"; shift 2 ;;
	--moklist) moklist=$2; shift 2 ;;
	--sbatlevel) sbatlevel=$2; shift 2 ;;
	--shim-verbose) shim_verbose=1; shift ;;
	--*) usage ;;
	*) break ;;
	esac
done
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
ndb=0
for auth in $dbs; do
	ndb=$((ndb + 1))
	cp "$auth" "$work/esp/sbkexec/$(printf 'db-%02d.auth' "$ndb")"
done
[ -z "$moklist" ] || cp "$moklist" "$work/esp/sbkexec/MokList"
[ -z "$sbatlevel" ] || cp "$sbatlevel" "$work/esp/sbkexec/SbatLevel"
[ "$shim_verbose" = 0 ] || printf '\001' >"$work/esp/sbkexec/SHIM_VERBOSE"
make_esp "$work/esp.img" "$work/esp"
cp "$OVMF_VARS_EMPTY" "$work/vars.fd"

rc=0
qemu_run "$work/vars.fd" "$work/esp.img" "$work/serial.log" 60 512 "" "$work/qemu.cmd" || rc=$?
if [ "$rc" -ne 0 ] || ! grep -aq '^enroll: done' "$work/serial.log"; then
	grep -a '^enroll:' "$work/serial.log" >&2 || true
	die "enrolment failed (QEMU status $rc), see $work/serial.log"
fi
tr -d '\r' <"$work/serial.log" | grep -a '^enroll:' >"$out.log.tmp" || true
mv "$out.log.tmp" "$out.log"
mv "$work/vars.fd" "$out"
echo "ovmf: enrolled PK, KEK, db$( [ "$n" -eq 0 ] || echo ", $n dbx update(s)")$( [ "$ndb" -eq 0 ] || echo ", $ndb db update(s)")$( [ -z "$moklist" ] || echo ", MokList")$( [ -z "$sbatlevel" ] || echo ", SbatLevel")$( [ "$shim_verbose" = 0 ] || echo ", SHIM_VERBOSE") into $out"
