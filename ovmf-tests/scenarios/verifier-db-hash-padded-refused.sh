# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: db lists only the padded digest of an unsigned odd-length carrier (what hash-to-efi-sig-list and signing tools compute): OVMF refuses to start it.
DESCRIPTION="db lists only the padded (hash-to-efi-sig-list) digest of an unsigned odd-length carrier: the firmware refuses it (Access Denied), so key-loader must not count that entry either"
. ovmf-tests/scenarios/verifier-common.inc
TIMEOUT=120
STOP_ON="BdsDxe: No bootable option or device was found"
EXPECT="BdsDxe: failed to load Boot[0-9A-F]{4} \"UEFI Non-Block Boot Device\".*: Access Denied
BdsDxe: No bootable option or device was found"
FORBID="EFI stub
Linux version
SBK-STAGE"

prepare() {
	verifier_odd_carrier "$SCEN_DIR/carrier-odd.efi"
	padded=$(hash-to-efi-sig-list "$SCEN_DIR/carrier-odd.efi" /dev/null | sed -n 's/^HASH IS //p')
	[ -n "$padded" ] || finish FAIL "hash-to-efi-sig-list printed no digest"
	note "carrier-odd.efi ($(stat -c %s "$SCEN_DIR/carrier-odd.efi") bytes): db lists only its padded sha256 $padded"
	verifier_vars_db_hash "$padded"
	BOOTX64=$SCEN_DIR/carrier-odd.efi
	LINUX_EFI=
}
