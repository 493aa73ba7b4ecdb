# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: -a falls back to kexec_load(2) when kexec_file_load(2) is missing (ENOSYS via seccomp), only for a verified image; the fallback-loaded kernel boots.
DESCRIPTION="kexec -a on a 'kernel without kexec_file_load' (seccomp ENOSYS), Secure Boot off: -s fails, unsigned image not loaded by the fallback (11), verified image falls back to kexec_load and boots"
. ovmf-tests/scenarios/kexec-common.inc
TIMEOUT=300
MEMORY=1024
VARS=setup
GUEST_KERNEL=1

EXPECT_IN_ORDER="SBK-STAGE: 1
SBK-OK: -s: kexec_file_load fails with ENOSYS, no fallback: exit 255
SBK-OK: -a, unsigned image: the kexec_load fallback refuses it: exit 11
SBK-OK: -a, verified image: falls back to kexec_load: exit 0
SBK-OK: -a, verified image: output says it fell back
SBK-MARK: kexec -e
sbkexec purgatory: 3 regions verified, entering kernel at 0x[0-9a-f]+
SBK-STAGE: kexec
SBK-OK: fallback-loaded kernel got its command line
SBK-GUEST-DONE stage=kexec rc=0"

prepare() {
	need_file "$BUILD/kexec/kexec"
	cc -static -O2 -Wall -o "$SCEN_DIR/no-file-syscall" ovmf-tests/scenarios/kexec-load-no-file-syscall.c
	initramfs_add "$SCEN_DIR/no-file-syscall" /usr/bin/no-file-syscall 0755
	sign_with kernel-signing "$UNSIGNED_KERNEL" "$SCEN_DIR/vmlinuz.ks.efi"
	initramfs_add "$SCEN_DIR/vmlinuz.ks.efi" /boot/vmlinuz.ks 0644
	initramfs_add "$CERTS_DIR/kernel-signing.der" /sbk-kexec/kernel-signing.der 0644
}


guest() {
	guest_run_expect "-s: kexec_file_load fails with ENOSYS, no fallback" 255 'Function not implemented' \
		no-file-syscall kexec -s -l --trust /sbk-kexec/kernel-signing.der --initrd=/boot/initrd.img \
		--append=x /boot/vmlinuz.ks
	guest_run_expect "-a, unsigned image: the kexec_load fallback refuses it" 11 'fallback needs an image verified' \
		no-file-syscall kexec -l --trust /sbk-kexec/kernel-signing.der --initrd=/boot/initrd.img \
		--append=x /boot/vmlinuz.unsigned
	check "nothing loaded after the refusal" grep -q '^0$' /sys/kernel/kexec_loaded
	guest_run_expect "-a, verified image: falls back to kexec_load" 0 "" \
		no-file-syscall kexec -d -l --trust /sbk-kexec/kernel-signing.der --initrd=/boot/initrd.img \
		--command-line="console=ttyS0 panic=-1 loglevel=4 sbk.stage=kexec sbk.fallback.cookie=93" \
		/boot/vmlinuz.ks
	check "-a, verified image: output says it fell back" grep -q 'falling back to kexec_load(2)' /tmp/run.out
	guest_kexec_exec
}

guest_kexec() {
	show cat /proc/cmdline
	check_grep "fallback-loaded kernel got its command line" 'sbk\.fallback\.cookie=93' /proc/cmdline
}
