# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: OVMF hashes an unsigned image of odd length without padding: its unpadded Authenticode SHA-256 in db (and nothing else) lets it run; key-loader computes the same digest from the live db.
DESCRIPTION="db lists only the unpadded digest of an unsigned odd-length carrier: the firmware starts it (EDK2 does not pad); key-loader verify accepts it by that db entry, as the firmware did"
. ovmf-tests/scenarios/verifier-common.inc
TIMEOUT=240
MEMORY=1024

EXPECT="carrier: cert 1 'sbkexec test kexec CA' .*: published in MokListRT
carrier: starting .EFI.BOOT.linux.efi
SBK-OUT: .*integrity: Loading X.509 certificate: UEFI:MokListRT
SBK-OK: KeyCarrierRT exists: the firmware started the unsigned carrier
SBK-OUT: explain: db: image digest sha256:[0-9a-f]{64} listed
SBK-OK: key-loader verify of the carrier against the live db: exit 0: output matches 'Authenticode SHA-256 is listed in db'
SBK-OK: key-loader verify of a copy with other trailing bytes: exit 11
SBK-GUEST-DONE stage=1 rc=0"
FORBID="BdsDxe: failed to load Boot[0-9A-F]{4} \"UEFI Non-Block Boot Device\""

prepare() {
	need_file "$BUILD/key-loader/key-loader"
	need_file "$BUILD/tests/pe-digest"
	verifier_odd_carrier "$SCEN_DIR/carrier-odd.efi"
	firmware=$("$BUILD/tests/pe-digest" --firmware "$SCEN_DIR/carrier-odd.efi")
	padded=$(hash-to-efi-sig-list "$SCEN_DIR/carrier-odd.efi" /dev/null | sed -n 's/^HASH IS //p')
	note "carrier-odd.efi ($(stat -c %s "$SCEN_DIR/carrier-odd.efi") bytes): unpadded sha256 $firmware, padded (hash-to-efi-sig-list) $padded"
	[ "$firmware" != "$padded" ] || finish FAIL "the two digests agree: the scenario would prove nothing"
	verifier_vars_db_hash "$firmware"
	BOOTX64=$SCEN_DIR/carrier-odd.efi
	initramfs_add "$SCEN_DIR/carrier-odd.efi" /sbk-db/carrier-odd.efi 0644
	cp "$SCEN_DIR/carrier-odd.efi" "$SCEN_DIR/carrier-odd-b.efi"
	printf 'x' >>"$SCEN_DIR/carrier-odd-b.efi"
	initramfs_add "$SCEN_DIR/carrier-odd-b.efi" /sbk-db/carrier-odd-b.efi 0644
}

guest() {
	check "KeyCarrierRT exists: the firmware started the unsigned carrier" \
		[ -f "$EFIVARS/KeyCarrierRT-5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301" ]
	check "SecureBoot is on" [ "$(efivar_u8 SecureBoot-$EFI_GLOBAL)" = 01 ]
	show sh -c 'dmesg | grep "Loading X.509 certificate: UEFI:MokListRT"'
	guest_run_expect "key-loader verify of the carrier against the live db" 0 \
		"Authenticode SHA-256 is listed in db" key-loader --explain verify /sbk-db/carrier-odd.efi
	guest_run_expect "key-loader verify of a copy with other trailing bytes" 11 \
		"no Authenticode signature" key-loader verify /sbk-db/carrier-odd-b.efi
}
