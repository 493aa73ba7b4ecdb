# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: kexec -c -l (kexec_load + the built-in purgatory) + kexec -e, Secure Boot off: the second kernel boots with the command line and keeps EFI runtime services.
DESCRIPTION="kexec -c -l of a kernel-signing-signed kernel (--trust cert) + kexec -e, Secure Boot off: purgatory verifies the segments, second kernel has the command line, /sys/firmware/efi and efivarfs"
. ovmf-tests/scenarios/kexec-common.inc
TIMEOUT=300
MEMORY=1024
VARS=setup
GUEST_KERNEL=1

EXPECT_IN_ORDER="SBK-STAGE: 1
SBK-OK: unsigned kernel refused by -c with the default policy: exit 11
SBK-OK: kernel verified in userspace and loaded with kexec_load: exit 0
SBK-OK: /sys/kernel/kexec_loaded is 1
SBK-MARK: kexec -e
sbkexec purgatory: SHA-256 engine: scalar \\(CPU without SHA extensions: CPUID\\.\\(EAX=7,ECX=0\\):EBX\\[29\\] = 0\\)
sbkexec purgatory: 3 regions verified, entering kernel at 0x[0-9a-f]+
SBK-STAGE: kexec
SBK-OK: second kernel got the command line kexec -c -l passed
SBK-OK: second kernel sees /sys/firmware/efi
SBK-OK: second kernel has EFI runtime services \\(efivarfs lists variables\\)
SBK-OK: SecureBoot variable readable through efivarfs
SBK-GUEST-DONE stage=kexec rc=0"
# QEMU's default CPU (qemu64) has neither SHA nor SSSE3: the layout self-check does not run.
FORBID="SHA-256 mismatch
SHA-256 engine: sha-ni
layout check"

prepare() {
	need_file "$BUILD/kexec/kexec"
	sign_with kernel-signing "$UNSIGNED_KERNEL" "$SCEN_DIR/vmlinuz.ks.efi"
	initramfs_add "$SCEN_DIR/vmlinuz.ks.efi" /boot/vmlinuz.ks 0644
	initramfs_add "$CERTS_DIR/kernel-signing.der" /sbk-kexec/kernel-signing.der 0644
}

guest() {
	show cat /sys/kernel/security/lockdown
	# The runtime map the kexec_load path passes on (recorded for tests/data/ too).
	for d in /sys/firmware/efi/runtime-map/*; do
		echo "SBK-OUT: rtmap $(cat $d/type) $(cat $d/phys_addr) $(cat $d/virt_addr) $(cat $d/num_pages) $(cat $d/attribute)"
	done
	guest_run_expect "unsigned kernel refused by -c with the default policy" 11 "" \
		kexec -c -l --initrd=/boot/initrd.img --append=x /boot/vmlinuz.unsigned
	guest_run_expect "kernel verified in userspace and loaded with kexec_load" 0 "" \
		kexec -d -c -l --trust /sbk-kexec/kernel-signing.der --initrd=/boot/initrd.img \
		--command-line="console=ttyS0 panic=-1 loglevel=4 sbk.stage=kexec sbk.kexec.cookie=4712" \
		/boot/vmlinuz.ks
	check_grep "/sys/kernel/kexec_loaded is 1" '^1$' /sys/kernel/kexec_loaded
	guest_kexec_exec
}

guest_kexec() {
	show cat /proc/cmdline
	show sh -c 'dmesg | grep -iE "efi:|setup_data|e820" | head -20'
	check_grep "second kernel got the command line kexec -c -l passed" 'sbk\.kexec\.cookie=4712' /proc/cmdline
	check "second kernel sees /sys/firmware/efi" [ -d /sys/firmware/efi ]
	check "second kernel has EFI runtime services (efivarfs lists variables)" \
		sh -c "ls $EFIVARS | grep -q ."
	sb=$(efivar_hex SecureBoot-$EFI_GLOBAL)
	show echo "SecureBoot-$EFI_GLOBAL data: $sb"
	check "SecureBoot variable readable through efivarfs" [ -n "$sb" ]
	check "second kernel is not a crash kernel" [ ! -e /proc/vmcore ]
}
