# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: behind shim the carrier does not widen shim's allow-list by default: a kernel signed only by a carried key is refused by shim, while Linux still gets the carried certs through the MOK table.
DESCRIPTION="shim -> carrier (default) -> probe: shim refuses a kernel signed by a carried key; Debian kernel boots; MokListRT variable = shim's, certs in the table and .machine"
. ovmf-tests/scenarios/shim-common.inc
TIMEOUT=240
GUEST_ENV="WANT_VAR WANT_TABLE"

EXPECT_IN_ORDER="carrier: shim is verifying this boot: publishing through its MOK config table only
carrier: done: 2 published, 0 already present, 0 skipped; MOK config table rebuilt; MokListRT variable not extended
carrier: chaining to .EFI.BOOT.chain.efi
Verification failed: Security Policy Violation
chain: probe .EFI.BOOT.vmlinuz.ks.efi: LoadImage Security Policy Violation
chain: starting .EFI.BOOT.linux.efi
SBK-STAGE: 1
SBK-OK: the MokListRT variable is shim's list alone
SBK-GUEST-DONE stage=1 rc=0"
FORBID="chain: probe .*: LoadImage Success
nothing published"

prepare() {
	carrier_build "$SCEN_DIR/carrier.efi" '\EFI\BOOT\chain.efi' "unused" \
		"$CERTS_DIR/kexec-ca.der" "$CERTS_DIR/kernel-signing.der"
	sign_with db "$SCEN_DIR/carrier.efi" "$SCEN_DIR/carrier.signed.efi"
	shim_boot "$SCEN_DIR/carrier.signed.efi"
	# chain.efi: the db-signed test chain loader; it first LoadImage()s the kernel signed only
	# by the carried kernel-signing key (through shim's hook), then starts Debian's kernel.
	esp_add "$CHAIN_EFI" '\EFI\BOOT\chain.efi'
	sign_with kernel-signing "$UNSIGNED_KERNEL" "$SCEN_DIR/vmlinuz.ks.efi"
	esp_add "$SCEN_DIR/vmlinuz.ks.efi" '\EFI\BOOT\vmlinuz.ks.efi'
	printf '%s\n' '\EFI\BOOT\vmlinuz.ks.efi' >"$SCEN_DIR/probe"
	esp_add "$SCEN_DIR/probe" '\sbkexec\probe'
	carrier_guest_keyctl
	WANT_VAR=$(shim_moklist_hex)
	WANT_TABLE=$WANT_VAR$(esl_hex "$SBKEXEC_GUID_HEX" "$CERTS_DIR/kexec-ca.der")$(esl_hex "$SBKEXEC_GUID_HEX" "$CERTS_DIR/kernel-signing.der")
}

guest() {
	show sh -c 'dmesg | grep -E "UEFI:MokListRT|Loaded X.509 cert"'
	check "the MokListRT variable is shim's list alone" \
		[ "$(efivar_hex MokListRT-$EFI_SHIM_LOCK)" = "$WANT_VAR" ]
	check "the MOK table's MokListRT is shim's list + the carried certs" \
		[ "$(guest_mok_table_moklist)" = "$WANT_TABLE" ]
	for cn in "sbkexec test kexec CA" "sbkexec test kernel signing"; do
		check "'$cn' in .machine (Linux read the table)" \
			sh -c "keyctl show %:.machine | grep -q 'asymmetric: $cn:'"
	done
}
