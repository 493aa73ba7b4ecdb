# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: a db-signed loader's LoadImage() of an unsigned kernel is refused, proving the boot path of the other scenarios verifies the kernel.
DESCRIPTION="chain loader (db-signed) cannot LoadImage() an unsigned kernel"
TIMEOUT=90
LINUX_EFI=$UNSIGNED_KERNEL
EXPECT="chain: FAILED LoadImage \\\\EFI\\\\BOOT\\\\linux.efi: (Access Denied|Security Violation)"
FORBID="chain: starting
EFI stub
Linux version
SBK-STAGE"
