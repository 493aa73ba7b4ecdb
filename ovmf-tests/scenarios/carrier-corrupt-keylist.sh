# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: a validly signed carrier whose .keylist is malformed publishes nothing and still boots Linux.
DESCRIPTION="carrier with a corrupted 2nd .keylist entry (signed after corruption): nothing published, Linux boots"
. ovmf-tests/scenarios/carrier-common.inc
TIMEOUT=180

EXPECT_IN_ORDER="carrier: SecureBoot=1 SetupMode=0: Secure Boot enforcing
carrier: .keylist is malformed: publishing nothing \(der\)
carrier: chaining to .EFI.BOOT.linux.efi
SBK-GUEST-DONE stage=1 rc=0"
FORBID="published in MokListRT
SBK-OUT: .*Loaded X.509 cert 'sbkexec test kexec CA"

prepare() {
	carrier_build "$SCEN_DIR/carrier.efi" '\EFI\BOOT\linux.efi' "$(carrier_cmdline)" \
		"$CERTS_DIR/kexec-ca.der" "$CERTS_DIR/kernel-signing.der"
	# The first list stays valid: all-or-nothing means it must not be published either.
	carrier_corrupt_list "$SCEN_DIR/carrier.efi" 2
	sign_with db "$SCEN_DIR/carrier.efi" "$SCEN_DIR/carrier.signed.efi"
	BOOTX64=$SCEN_DIR/carrier.signed.efi
}

guest() {
	sbk_guid=5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301
	show sh -c 'dmesg | grep -E "UEFI:MokListRT|Loaded X.509 cert"'
	check "no MokListRT variable" [ ! -e $EFIVARS/MokListRT-$EFI_SHIM_LOCK ]
	check "no KeyCarrierRT variable" [ ! -e $EFIVARS/KeyCarrierRT-$sbk_guid ]
	check "kernel imported nothing from MokListRT" sh -c '! dmesg | grep -q "UEFI:MokListRT"'
}
