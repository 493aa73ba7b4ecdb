# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: the same signed kernel loaded with Debian's kexec-tools (`kexec -c`), then, from that kernel, with ours (`kexec -c`): both boot, both keep EFI.
DESCRIPTION="compare with Debian's kexec-tools: its kexec -c -l boots the kernel; from there our kexec -c -l boots it again; both have the command line and EFI runtime services"
. ovmf-tests/scenarios/kexec-common.inc
TIMEOUT=400
MEMORY=1024
VARS=setup
GUEST_KERNEL=1

EXPECT_IN_ORDER="SBK-STAGE: 1
SBK-OK: kexec-tools kexec -c -l: exit 0
SBK-MARK: kexec-tools kexec -e
SBK-STAGE: kt
SBK-OK: kernel loaded by kexec-tools got its command line
SBK-OK: kernel loaded by kexec-tools has EFI runtime services
SBK-OK: initrd packed from this kernel's rootfs
SBK-OK: sbkexec kexec -c -l from the kexec-tools-booted kernel: exit 0
SBK-MARK: sbkexec kexec -e
sbkexec purgatory: 3 regions verified, entering kernel at 0x[0-9a-f]+
SBK-STAGE: ours
SBK-OK: kernel loaded by sbkexec got its command line
SBK-OK: kernel loaded by sbkexec has EFI runtime services
SBK-GUEST-DONE stage=ours rc=0"

prepare() {
	kexec_prepare_kexec_tools
	sign_with kernel-signing "$UNSIGNED_KERNEL" "$SCEN_DIR/vmlinuz.ks.efi"
	initramfs_add "$SCEN_DIR/vmlinuz.ks.efi" /boot/vmlinuz.ks 0644
	initramfs_add "$CERTS_DIR/kernel-signing.der" /sbk-kexec/kernel-signing.der 0644
}

guest() {
	show /opt/kexec-tools/kexec --version
	/opt/kexec-tools/kexec -d -c -l --initrd=/boot/initrd.img \
		--command-line="console=ttyS0 panic=-1 loglevel=4 sbk.stage=kt sbk.kt.cookie=81" \
		/boot/vmlinuz.ks >/tmp/run.out 2>&1
	rc=$?
	grep -vE '^ *(sym|Symbol|R_X86|Relocation)' /tmp/run.out | tail -40 | sed 's/^/SBK-OUT: /'
	check "kexec-tools kexec -c -l: exit 0" [ "$rc" -eq 0 ]
	mark "kexec-tools kexec -e"
	/opt/kexec-tools/kexec -e
	echo "SBK-FAIL: kexec-tools kexec -e returned (exit $?)"
	return 1
}

guest_kt() {
	show cat /proc/cmdline
	check_grep "kernel loaded by kexec-tools got its command line" 'sbk\.kt\.cookie=81' /proc/cmdline
	sb=$(efivar_hex SecureBoot-$EFI_GLOBAL)
	check "kernel loaded by kexec-tools has EFI runtime services" [ -d /sys/firmware/efi -a -n "$sb" ]
	# /boot/initrd.img lives only in stage 1's outer archive: pack this kernel's own root
	# (the inner archive as unpacked; mounts like /proc and /tmp stay out) as the next initrd.
	check "initrd packed from this kernel's rootfs" sh -c 'cd / && find . -xdev | cpio -o -H newc >/tmp/initrd.img 2>/dev/null && [ -s /tmp/initrd.img ]'
	show ls -l /tmp/initrd.img
	guest_run_expect "sbkexec kexec -c -l from the kexec-tools-booted kernel" 0 "" \
		kexec -d -c -l --trust /sbk-kexec/kernel-signing.der --initrd=/tmp/initrd.img \
		--command-line="console=ttyS0 panic=-1 loglevel=4 sbk.stage=ours sbk.ours.cookie=82" \
		/boot/vmlinuz.ks
	mark "sbkexec kexec -e"
	kexec -e
	echo "SBK-FAIL: sbkexec kexec -e returned (exit $?)"
	return 1
}

guest_ours() {
	show cat /proc/cmdline
	check_grep "kernel loaded by sbkexec got its command line" 'sbk\.ours\.cookie=82' /proc/cmdline
	sb=$(efivar_hex SecureBoot-$EFI_GLOBAL)
	check "kernel loaded by sbkexec has EFI runtime services" [ -d /sys/firmware/efi -a -n "$sb" ]
}
