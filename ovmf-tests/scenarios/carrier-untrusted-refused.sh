# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: a key carrier signed by a key outside db is refused by the firmware; it never runs.
DESCRIPTION="carrier signed by the untrusted key: firmware refuses it (Access Denied)"
. ovmf-tests/scenarios/carrier-common.inc
TIMEOUT=120
STOP_ON="BdsDxe: No bootable option or device was found"
EXPECT="BdsDxe: failed to load .*Access Denied"
FORBID="carrier: sbkexec key carrier
SBK-STAGE"

prepare() {
	carrier_build "$SCEN_DIR/carrier.efi" '\EFI\BOOT\linux.efi' "$(carrier_cmdline)" \
		"$CERTS_DIR/kexec-ca.der"
	sign_with untrusted "$SCEN_DIR/carrier.efi" "$SCEN_DIR/carrier.untrusted.efi"
	BOOTX64=$SCEN_DIR/carrier.untrusted.efi
}

