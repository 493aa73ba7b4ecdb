# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: the purgatory's SHA-NI engine in a real boot: kexec -c -l + kexec -e on a guest CPU with SHA-NI (needs KVM: QEMU 7.2's TCG does not emulate SHA-NI).
DESCRIPTION="kexec -c -l + kexec -e with -cpu host under KVM, Secure Boot off: the purgatory says 'SHA-256 engine: sha-ni', verifies the segments with it, the second kernel boots"
. ovmf-tests/scenarios/kexec-common.inc
TIMEOUT=300
MEMORY=1024
VARS=setup
GUEST_KERNEL=1
QEMU_ACCEL=kvm
# arch-capabilities off: QEMU 7.2 -cpu host under nested KVM fails to set MSR 0x10a otherwise.
QEMU_CPU=host,-arch-capabilities

EXPECT_IN_ORDER="SBK-STAGE: 1
SBK-OK: the guest CPU has SHA-NI
SBK-OK: kernel verified in userspace and loaded with kexec_load: exit 0
SBK-MARK: kexec -e
sbkexec purgatory: SHA-256 engine: sha-ni
sbkexec purgatory: 3 regions verified, entering kernel at 0x[0-9a-f]+
SBK-STAGE: kexec
SBK-OK: second kernel got the command line kexec -c -l passed
SBK-GUEST-DONE stage=kexec rc=0"
FORBID="SHA-256 mismatch
SHA-256 engine: scalar"

prepare() {
	# Opt-in: this machine has a /dev/kvm whose guests do not run (DESIGN.md, NOTES.md), so a
	# plain check of /dev/kvm is not enough; SBK_KVM=1 says KVM works here.
	[ "${SBK_KVM:-0}" = 1 ] ||
		skip "needs SBK_KVM=1 (working KVM): QEMU 7.2's TCG does not emulate SHA-NI (\"TCG doesn't support requested feature: CPUID.07H:EBX.sha-ni [bit 29]\"); the SHA-NI engine is tested on the host (test-purgatory runs the linked blob)"
	[ -w /dev/kvm ] || skip "SBK_KVM=1 but /dev/kvm is not writable"
	grep -qw sha_ni /proc/cpuinfo || skip "this host CPU has no SHA-NI (no sha_ni in /proc/cpuinfo)"
	need_file "$BUILD/kexec/kexec"
	sign_with kernel-signing "$UNSIGNED_KERNEL" "$SCEN_DIR/vmlinuz.ks.efi"
	initramfs_add "$SCEN_DIR/vmlinuz.ks.efi" /boot/vmlinuz.ks 0644
	initramfs_add "$CERTS_DIR/kernel-signing.der" /sbk-kexec/kernel-signing.der 0644
}

guest() {
	check_grep "the guest CPU has SHA-NI" 'sha_ni' /proc/cpuinfo
	guest_run_expect "kernel verified in userspace and loaded with kexec_load" 0 "" \
		kexec -d -c -l --trust /sbk-kexec/kernel-signing.der --initrd=/boot/initrd.img \
		--command-line="console=ttyS0 panic=-1 loglevel=4 sbk.stage=kexec sbk.kexec.cookie=4713" \
		/boot/vmlinuz.ks
	guest_kexec_exec
}

guest_kexec() {
	check_grep "second kernel got the command line kexec -c -l passed" 'sbk\.kexec\.cookie=4713' /proc/cmdline
}
