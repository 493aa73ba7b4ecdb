# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: with the project's PK/KEK/db enrolled, a kernel signed by db boots and Linux sees Secure Boot on.
DESCRIPTION="db-signed kernel boots under Secure Boot; guest sees SecureBoot=1, SetupMode=0, lockdown=integrity"
TIMEOUT=180
EXPECT="chain: starting \\\\EFI\\\\BOOT\\\\linux.efi
EFI stub: UEFI Secure Boot is enabled
SBK-STAGE: 1
SBK-GUEST-DONE stage=1 rc=0"
FORBID="Access Denied
Security Violation
chain: FAILED"

guest() {
	check "SecureBoot variable is 1" [ "$(efivar_u8 SecureBoot-$EFI_GLOBAL)" = 01 ]
	check "SetupMode variable is 0 (user mode)" [ "$(efivar_u8 SetupMode-$EFI_GLOBAL)" = 00 ]
	check "PK is enrolled" [ -n "$(efivar_hex PK-$EFI_GLOBAL)" ]
	check_grep "kernel lockdown is [integrity]" '\[integrity\]' /sys/kernel/security/lockdown
	dmesg >/tmp/dmesg
	check_grep "kernel says Secure Boot is enabled" 'secureboot: Secure boot enabled' /tmp/dmesg
	check_grep "the kernel read UEFI:db" 'integrity: Loading X.509 certificate: UEFI:db' /tmp/dmesg
	check_grep "the project db cert is in the platform keyring" "integrity: Loaded X.509 cert 'sbkexec test db: " /tmp/dmesg
}
