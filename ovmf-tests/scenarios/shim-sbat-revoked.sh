# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: an SbatLevel that raises sbkexec's generation above the carrier's: shim refuses the carrier, nothing is published.
DESCRIPTION="SbatLevel with sbkexec,2 (newer datestamp than shim's own): shim refuses the sbkexec,1 carrier; the carrier never runs"
. ovmf-tests/scenarios/shim-common.inc
TIMEOUT=120
# shim 16.1 (sbat.c set_sbat_uefi_variable): without SbatPolicy it proposes its built-in
# "automatic" level (sbat,1,2025021800 ...) and keeps an existing SbatLevel (NV|BS, written
# only before ExitBootServices) whose datestamp is not older; then every image it loads is
# checked against the kept level (verify_sbat). A revocation update raises the level this way.
SBAT_LEVEL='sbat,1,2030010100\nshim,4\ngrub,5\nsbkexec,2\n'
# shim's debug lines say why it refuses (SHIM_VERBOSE, set before the boot like SbatLevel).
# After refusing grubx64.efi shim tries MokManager (absent here) and returns to the firmware,
# which finds nothing else to boot and waits for a key: stop the VM there.
SHIM_VERBOSE=1
STOP_ON='start_image\(\) returned'

EXPECT_IN_ORDER="set_sbat_uefi_variable\(\) preserving SbatLevel variable it is 42 bytes, attributes are 0x00000003
parse_sbat_var\(\) sbkexec, 2
verify_sbat_section\(\) sbkexec, 1, sbkexec, sbkexec, 0.1, none
component sbkexec, generation 1, was revoked by SbatLevel variable
^Verification failed: Security Policy Violation
^Failed to load image: Security Policy Violation
start_image\(\) returned"
FORBID="carrier: 
SBK-STAGE"

prepare() {
	carrier_build "$SCEN_DIR/carrier.efi" '\EFI\BOOT\linux.efi' "$(carrier_cmdline)" \
		"$CERTS_DIR/kexec-ca.der"
	sign_with db "$SCEN_DIR/carrier.efi" "$SCEN_DIR/carrier.signed.efi"
	objcopy -O binary --only-section=.sbat "$SCEN_DIR/carrier.signed.efi" "$SCEN_DIR/carrier.sbat"
	grep -qx 'sbkexec,1,sbkexec,sbkexec,0.1,none' "$SCEN_DIR/carrier.sbat" ||
		finish FAIL "the carrier's .sbat does not say sbkexec,1: $(cat "$SCEN_DIR/carrier.sbat")"
	shim_boot "$SCEN_DIR/carrier.signed.efi"
}
