# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: carrier1 (machine-keyring opt-in) creates the MOK config table, carrier2 rebuilds it; Linux reads the table.
DESCRIPTION="carrier1 --machine-keyring creates the MOK config table, carrier2 extends it: kernel imports both from the table"
. ovmf-tests/scenarios/carrier-common.inc
TIMEOUT=180

EXPECT_IN_ORDER="carrier: cert 1 'sbkexec test kexec CA' .*: published in MokListRT and the MOK config table
carrier: done: 1 published, 0 already present, 0 skipped; MOK config table created with MokListTrustedRT \(opt-in\)
carrier: chaining to .EFI.BOOT.carrier2.efi
carrier: cert 1 'sbkexec test kernel signing' .*: published in MokListRT and the MOK config table
carrier: done: 1 published, 0 already present, 0 skipped; MOK config table rebuilt
SBK-OUT: .*Loading X.509 certificate: UEFI:MokListRT \(MOKvar table\)
SBK-GUEST-DONE stage=1 rc=0"
EXPECT="SBK-OUT: .*Loaded X.509 cert 'sbkexec test kexec CA
SBK-OUT: .*Loaded X.509 cert 'sbkexec test kernel signing"
FORBID="nothing published"

prepare() {
	carrier_build "$SCEN_DIR/carrier1.efi" '\EFI\BOOT\carrier2.efi' "ignored" \
		"$CERTS_DIR/kexec-ca.der" --machine-keyring
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
	mv=/sys/firmware/efi/mok-variables
	show sh -c 'dmesg | grep -E "UEFI:MokListRT|Loaded X.509 cert|mokvar"'
	show ls -l $mv
	check "the kernel found the MOK config table" [ -d $mv ]
	check "table has MokListRT" [ -f $mv/MokListRT ]
	check "table has MokListTrustedRT = 01" [ "$(od -An -tx1 $mv/MokListTrustedRT | tr -d ' \n')" = 01 ]
	table=$(od -An -v -tx1 $mv/MokListRT | tr -d ' \n')
	for der in /sbk-carrier/*.der; do
		h=$(od -An -v -tx1 "$der" | tr -d ' \n')
		check "$der in the table's MokListRT" sh -c "echo '$table' | grep -q '$h'"
	done
	show keyctl show %:.machine
	for cn in "sbkexec test kexec CA" "sbkexec test kernel signing"; do
		check "'$cn' in .machine" sh -c "keyctl show %:.machine | grep -q 'asymmetric: $cn:'"
	done
}
