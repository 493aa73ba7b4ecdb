# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: two db-signed carriers chained (carrier1 -> carrier2 -> kernel): both carriers' certs are published.
DESCRIPTION="carrier1 (kexec CA) -> carrier2 (kernel signing) -> kernel: both certs imported, KeyCarrierRT counts 2"
. ovmf-tests/scenarios/carrier-common.inc
TIMEOUT=180

EXPECT_IN_ORDER="carrier: cert 1 'sbkexec test kexec CA' .*: published in MokListRT
carrier: chaining to .EFI.BOOT.carrier2.efi
carrier: cert 1 'sbkexec test kernel signing' .*: published in MokListRT
carrier: chaining to .EFI.BOOT.linux.efi
SBK-OUT: .*Loaded X.509 cert 'sbkexec test kexec CA
SBK-OUT: .*Loaded X.509 cert 'sbkexec test kernel signing
SBK-GUEST-DONE stage=1 rc=0"
FORBID="nothing published"

prepare() {
	carrier_build "$SCEN_DIR/carrier1.efi" '\EFI\BOOT\carrier2.efi' "carrier2 ignores these options" \
		"$CERTS_DIR/kexec-ca.der"
	carrier_build "$SCEN_DIR/carrier2.efi" '\EFI\BOOT\linux.efi' "$(carrier_cmdline)" \
		"$CERTS_DIR/kernel-signing.der"
	sign_with db "$SCEN_DIR/carrier1.efi" "$SCEN_DIR/carrier1.signed.efi"
	sign_with db "$SCEN_DIR/carrier2.efi" "$SCEN_DIR/carrier2.signed.efi"
	BOOTX64=$SCEN_DIR/carrier1.signed.efi
	esp_add "$SCEN_DIR/carrier2.signed.efi" '\EFI\BOOT\carrier2.efi'
	carrier_guest_certs "$CERTS_DIR/kexec-ca.der" "$CERTS_DIR/kernel-signing.der"
	carrier_guest_keyctl
}

guest() {
	sbk_guid=5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301
	show sh -c 'dmesg | grep -E "UEFI:MokListRT|Loaded X.509 cert"'
	record=$(efivar_hex KeyCarrierRT-$sbk_guid)
	moklist=$(efivar_hex MokListRT-$EFI_SHIM_LOCK)
	check "KeyCarrierRT counts 2 carriers" \
		[ "$(echo "$record" | cut -c1-32)" = "53424b43010010000200000000000000" ]
	for der in /sbk-carrier/*.der; do
		h=$(od -An -v -tx1 "$der" | tr -d ' \n')
		check "$der in MokListRT" sh -c "echo '$moklist' | grep -q '$h'"
		check "$der in KeyCarrierRT" sh -c "echo '$record' | grep -q '$h'"
	done
	for cn in "sbkexec test kexec CA" "sbkexec test kernel signing"; do
		# Debian's 6.1 kernel puts plain-variable MokListRT keys in .machine, not .platform
		# (NOTES.md): assert exactly that, so a kernel that behaves otherwise is noticed.
		check "'$cn' in .machine" sh -c "keyctl show %:.machine | grep -q 'asymmetric: $cn:'"
		check "'$cn' not in .platform" sh -c "! keyctl show %:.platform | grep -q 'asymmetric: $cn:'"
	done
}
