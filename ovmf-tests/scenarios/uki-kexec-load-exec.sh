# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: kexec -c -l of a signed UKI whose inner kernel is unsigned, Secure Boot off: segments from the verified UKI, the purgatory checks them, the kernel boots with the UKI's .initrd and exactly its .cmdline; Debian's kexec-tools beside it.
DESCRIPTION="UKI with kexec_load (-c -l, Secure Boot off): Debian kexec-tools 2.0.25 -c on a UKI; ours verifies the UKI (inner kernel unsigned), the purgatory checks the segments, the second kernel has exactly the signed .cmdline and the UKI's .initrd"
. ovmf-tests/scenarios/kexec-common.inc
. ovmf-tests/scenarios/uki-common.inc
TIMEOUT=300
MEMORY=1024
VARS=setup
GUEST_KERNEL=1
UKI_CMDLINE="console=ttyS0 panic=-1 loglevel=4 sbk.stage=ukiexec sbk.uki.cookie=$UKI_COOKIE"
GUEST_ENV="UKI_COOKIE UKI_INITRD_MARK UKI_CMDLINE"

EXPECT_IN_ORDER="SBK-STAGE: 1
SBK-OK: Debian kexec-tools 2.0.25, kexec -c -l UKI: exit 255
SBK-OK: unsigned UKI refused by -c: exit 11
SBK-OK: UKI \\(inner kernel unsigned\\) verified and loaded with kexec_load: exit 0
SBK-OK: --explain: all three parts covered by the one signature
SBK-MARK: kexec -e
sbkexec purgatory: 3 regions verified, entering kernel at 0x[0-9a-f]+
SBK-STAGE: ukiexec
SBK-OK: ukiexec: its initramfs is the UKI's .initrd \\(marker file from the UKI only\\)
SBK-OK: ukiexec: its command line holds the UKI's signed .cmdline \\(cookie\\)
SBK-OK: ukiexec: /proc/cmdline is exactly the signed .cmdline
SBK-GUEST-DONE stage=ukiexec rc=0"
FORBID="SHA-256 mismatch"

prepare() {
	need_file "$BUILD/kexec/kexec"
	kexec_prepare_kexec_tools
	initramfs_add "$CERTS_DIR/kernel-signing.der" /sbk-kexec/kernel-signing.der 0644
}

prepare_late() {
	uki_build "$SCEN_DIR/uki-inner-unsigned.efi" "$UNSIGNED_KERNEL" "$UKI_CMDLINE"
	initramfs_add_outer "$SCEN_DIR/uki-inner-unsigned.efi" /boot/uki-inner-unsigned.efi 0644
	initramfs_add_outer "$SCEN_DIR/uki-inner-unsigned.efi.raw" /boot/uki-unsigned.efi 0644
}

guest() {
	show cat /sys/kernel/security/lockdown
	show /opt/kexec-tools/kexec --version
	guest_run_expect "Debian kexec-tools 2.0.25, kexec -c -l UKI" 255 "Cannot determine the file type" \
		/opt/kexec-tools/kexec -c -l /boot/uki-inner-unsigned.efi
	guest_kexec_expect "unsigned UKI refused by -c" 11 "no Authenticode signature.*nothing was loaded" \
		-c -l /boot/uki-unsigned.efi
	guest_kexec_expect "UKI (inner kernel unsigned) verified and loaded with kexec_load" 0 \
		"kexec: /boot/uki-inner-unsigned.efi: verified: signed by /CN=sbkexec test kernel signing" \
		-d -c -l --explain --trust /sbk-kexec/kernel-signing.der /boot/uki-inner-unsigned.efi
	check_grep "--explain: all three parts covered by the one signature" \
		"kernel, initrd and command line are all covered by the one signature" /tmp/run.out
	check_grep "/sys/kernel/kexec_loaded is 1" '^1$' /sys/kernel/kexec_loaded
	guest_kexec_exec
}

guest_ukiexec() {
	guest_uki_parts_check ukiexec
	check "ukiexec: /proc/cmdline is exactly the signed .cmdline" [ "$(cat /proc/cmdline)" = "$UKI_CMDLINE" ]
	check "ukiexec: not a crash kernel" [ ! -e /proc/vmcore ]
}
