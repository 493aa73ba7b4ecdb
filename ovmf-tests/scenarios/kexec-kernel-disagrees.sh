# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: without the carrier the kernel does not trust kernel-signing: our keyring check passes, kexec_file_load refuses, and kexec says which side refused.
DESCRIPTION="no carrier: kexec keyring trusts kernel-signing, the kernel does not -> userspace OK, kexec_file_load ENOKEY (exit 20) reported as the kernel's refusal"
. ovmf-tests/scenarios/kexec-common.inc
TIMEOUT=240
MEMORY=1024
KERNEL_CMDLINE="crashkernel=256M"

EXPECT="SBK-GUEST-DONE stage=1 rc=0"

prepare() {
	# The kexec-common setup minus the carrier: the firmware boots the db-signed kernel directly.
	need_file "$BUILD/kexec/kexec"
	carrier_guest_keyctl
	initramfs_add "$CERTS_DIR/kernel-signing.der" /sbk-kexec/kernel-signing.der 0644
	sign_with kernel-signing "$UNSIGNED_KERNEL" "$SCEN_DIR/vmlinuz.ks.efi"
	initramfs_add "$SCEN_DIR/vmlinuz.ks.efi" /boot/vmlinuz.ks 0644
}

guest() {
	check "kernel-signing is in none of the kernel's keyrings" \
		sh -c '! dmesg | grep -q "Loaded X.509 cert .sbkexec test kernel signing"'
	guest_keyring_add /sbk-kexec/kernel-signing.der
	guest_kexec_expect "userspace verification passes" 0 "OK: signed by .*kernel signing" \
		--verify-only /boot/vmlinuz.ks
	guest_kexec_expect "kexec -s -p: the kernel refuses (ENOKEY), named as the kernel's refusal" 20 \
		"ENOKEY.*our userspace verification accepted it" -s -p /boot/vmlinuz.ks
	check_grep "nothing loaded" '^0$' /sys/kernel/kexec_crash_loaded
}
