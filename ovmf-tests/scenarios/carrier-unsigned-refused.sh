# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: an unsigned key carrier is refused by the firmware under Secure Boot; it never runs.
DESCRIPTION="unsigned carrier: firmware refuses it (Access Denied), nothing runs"
. ovmf-tests/scenarios/carrier-common.inc
TIMEOUT=120
STOP_ON="BdsDxe: No bootable option or device was found"
EXPECT="BdsDxe: failed to load .*Access Denied"
FORBID="carrier: sbkexec key carrier
SBK-STAGE"

prepare() {
	carrier_build "$SCEN_DIR/carrier.efi" '\EFI\BOOT\linux.efi' "$(carrier_cmdline)" \
		"$CERTS_DIR/kexec-ca.der"
	BOOTX64=$SCEN_DIR/carrier.efi
}

