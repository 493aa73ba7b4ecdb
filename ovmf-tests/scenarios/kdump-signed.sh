# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: kdump under Secure Boot: the static kexec verifies and loads a crash kernel signed by the carried key; a panic boots it and /proc/vmcore holds a marker.
DESCRIPTION="kexec -p of a kernel-signing-signed crash kernel (carrier + kexec keyring) -> panic -> crash kernel -> marker found in /proc/vmcore"
. ovmf-tests/scenarios/kexec-common.inc
TIMEOUT=400
MEMORY=1024
KERNEL_CMDLINE="crashkernel=256M"
GUEST_KERNEL=1
kexec_vmcore_marker

EXPECT_IN_ORDER="SBK-STAGE: 1
SBK-OK: crash kernel verified in userspace and loaded with kexec_file_load: exit 0
SBK-OK: kexec -S says the crash kernel is loaded: exit 1
SBK-MARK: marker written to tmpfs, triggering a panic
SBK-STAGE: crash
SBK-OK: /proc/vmcore exists
SBK-OK: the marker written before the panic is in /proc/vmcore
SBK-GUEST-DONE stage=crash rc=0"

prepare() {
	kexec_prepare_carrier
}

guest() {
	show cat /sys/kernel/security/lockdown
	# For `make demo`: what the kernel did with the carried cert, reported as observed (on
	# Debian's 6.1 it lands in .machine, linked into .secondary_trusted_keys: NOTES.md).
	mark "first kernel: $(uname -r), lockdown: $(sed -n 's/.*\[\(.*\)\].*/\1/p' /sys/kernel/security/lockdown)"
	show sh -c 'dmesg | grep -E "UEFI:MokListRT|Loaded X.509 cert .sbkexec"'
	for ring in .platform .machine .secondary_trusted_keys; do
		show keyctl show "%:$ring"
	done
	for ring in .platform .machine; do
		if keyctl show "%:$ring" 2>/dev/null | grep -q 'asymmetric: sbkexec test kernel signing:'; then
			mark "kernel-signing cert found in the kernel's $ring keyring"
		fi
	done
	if keyctl show %:.secondary_trusted_keys 2>/dev/null | grep -q 'keyring: \.machine$'; then
		mark ".machine is linked into .secondary_trusted_keys"
	fi
	guest_keyring_import
	guest_kexec_expect "crash kernel verified in userspace and loaded with kexec_file_load" 0 \
		"trusted: chain ends at keyring 'kexec'" \
		-s -p --explain --initrd=/boot/initrd.img --reuse-cmdline --append="nr_cpus=1" /boot/vmlinuz.ks
	guest_kexec_expect "kexec -S says the crash kernel is loaded" 1 "" -S
	check_grep "/sys/kernel/kexec_crash_loaded is 1" '^1$' /sys/kernel/kexec_crash_loaded
	guest_panic_with_marker
}

guest_crash() {
	mark "crash kernel up: $(uname -r), command line: $(cat /proc/cmdline)"
	show sh -c 'dmesg | grep -iE "crashkernel|elfcorehdr|Command line" | head -5'
	guest_crash_marker
}
