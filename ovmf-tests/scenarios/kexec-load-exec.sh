# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: kexec -l + kexec -e under Secure Boot: a kernel signed by kernel-signing, trusted through the kexec CA in the keyring, boots with the given command line.
DESCRIPTION="kexec -l (chain kernel-signing -> kexec CA key in the kexec keyring) + kexec -e: second kernel boots with the expected command line"
. ovmf-tests/scenarios/kexec-common.inc
TIMEOUT=300
MEMORY=1024
GUEST_KERNEL=1

EXPECT_IN_ORDER="SBK-STAGE: 1
SBK-OK: kernel verified in userspace and loaded: exit 0
SBK-OK: /sys/kernel/kexec_loaded is 1
SBK-MARK: kexec -e
SBK-STAGE: kexec
SBK-OK: second kernel got the command line kexec -l passed
SBK-GUEST-DONE stage=kexec rc=0"

prepare() {
	kexec_prepare_carrier
}

guest() {
	# Only the CA: the signer (kernel-signing) is found through its AKID, and the kernel
	# checks the leaf's certificate signature with KEYCTL_PKEY_VERIFY.
	guest_keyring_add /sbk-kexec/kexec-ca.der
	guest_kexec_expect "kernel verified in userspace and loaded" 0 \
		"keyring lookup AKID ex:[0-9a-f]+: found" \
		-l --explain --initrd=/boot/initrd.img \
		--command-line="console=ttyS0 panic=-1 loglevel=4 sbk.stage=kexec sbk.kexec.cookie=4711" \
		/boot/vmlinuz.ks
	check_grep "/sys/kernel/kexec_loaded is 1" '^1$' /sys/kernel/kexec_loaded
	guest_kexec_expect "kexec -S -l says the kexec kernel is loaded" 1 "" -S -l
	guest_kexec_exec
}

guest_kexec() {
	show cat /proc/cmdline
	check_grep "second kernel got the command line kexec -l passed" 'sbk\.kexec\.cookie=4711' /proc/cmdline
	check "second kernel is not a crash kernel" [ ! -e /proc/vmcore ]
}
