# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: the firmware refuses a BOOTX64.EFI signed by a key that is not in db (the "untrusted" test key).
DESCRIPTION="kernel signed by the untrusted key is refused by the firmware (Access Denied)"
TIMEOUT=90
LINUX_EFI=
STOP_ON="BdsDxe: No bootable option or device was found"
EXPECT="BdsDxe: failed to load Boot[0-9A-F]{4} \"UEFI Non-Block Boot Device\".*: Access Denied
BdsDxe: No bootable option or device was found"
FORBID="EFI stub
Linux version
SBK-STAGE"

prepare() {
	sign_with untrusted "$UNSIGNED_KERNEL" "$SCEN_DIR/vmlinuz.untrusted.efi"
	note "signed the kernel with $CERTS_DIR/untrusted.key (not in db)"
	BOOTX64=$SCEN_DIR/vmlinuz.untrusted.efi
}
