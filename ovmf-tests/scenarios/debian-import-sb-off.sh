# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: Debian root with Secure Boot off (setup mode): the carrier ran, yet sbkexec-import-keys.service is skipped and systemd says why.
DESCRIPTION="Debian root, Secure Boot off (empty VARS): carrier published KeyCarrierRT, sbkexec-import-keys.service skipped (ConditionSecurity=uefi-secureboot), no kexec keyring"
. ovmf-tests/scenarios/debian-common.inc
VARS=setup
TIMEOUT=300

EXPECT_IN_ORDER="SBK-STAGE: 1
SBK-OK: Secure Boot is off
SBK-OK: the carrier ran: KeyCarrierRT exists
SBK-OK: sbkexec-import-keys.service was skipped, systemd names ConditionSecurity=uefi-secureboot
SBK-OK: no kexec keyring: exit 255
SBK-GUEST-DONE stage=1 rc=0"

prepare() {
	debian_root_prepare
	debian_carrier_prepare
}

guest() {
	guest_journal sbkexec-import-keys.service
	check "Secure Boot is off" [ "$(efivar_u8 SecureBoot-$EFI_GLOBAL)" != 01 ]
	check "the carrier ran: KeyCarrierRT exists" [ -e "$EFIVARS/KeyCarrierRT-5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301" ]
	journalctl -b -u sbkexec-import-keys.service -o cat >/tmp/import.out 2>&1
	check "sbkexec-import-keys.service was skipped, systemd names ConditionSecurity=uefi-secureboot" grep -qF \
		"sbkexec-import-keys.service - Import the key carrier's certificates into the kexec keyring was skipped because of an unmet condition check (ConditionSecurity=uefi-secureboot)" \
		/tmp/import.out
	guest_run_expect "no kexec keyring" 255 "keyring 'kexec' not found" key-loader list
	guest_journal kdump-tools.service
	mark "kdump-tools with Secure Boot off: $(cat /sys/kernel/kexec_crash_loaded) crash kernel loaded, lockdown $(cat /sys/kernel/security/lockdown)"
	return 0
}
