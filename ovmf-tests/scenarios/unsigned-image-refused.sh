# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: the firmware refuses an unsigned BOOTX64.EFI (the kernel with its signature removed) and Linux never starts.
DESCRIPTION="unsigned BOOTX64.EFI is refused by the firmware (Access Denied); Linux does not start"
TIMEOUT=90
BOOTX64=$UNSIGNED_KERNEL
LINUX_EFI=
STOP_ON="BdsDxe: No bootable option or device was found"
EXPECT="BdsDxe: failed to load Boot[0-9A-F]{4} \"UEFI Non-Block Boot Device\".*: Access Denied
BdsDxe: No bootable option or device was found"
FORBID="EFI stub
Linux version
SBK-STAGE"
