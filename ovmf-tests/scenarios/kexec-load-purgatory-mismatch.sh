# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: a kexec_load segment changed after the purgatory's digests were taken is caught: the purgatory prints its mismatch line and halts, the new kernel never starts.
DESCRIPTION="kexec -c -l with one kernel byte flipped after the digest (test-only kexec-testhooks build): purgatory reports the SHA-256 mismatch on serial and halts; no second kernel"
. ovmf-tests/scenarios/kexec-common.inc
TIMEOUT=300
MEMORY=1024
VARS=setup
GUEST_KERNEL=1
# The purgatory halts with interrupts off: the VM never powers off by itself.
STOP_ON="sbkexec purgatory: (SHA-256 mismatch|bad parameter block)"

EXPECT_IN_ORDER="SBK-STAGE: 1
SBK-OK: shipped kexec has no test hook
SBK-OK: corrupted load accepted by the kernel \\(it checks nothing\\): exit 0
SBK-OK: the test hook reported the flipped byte
SBK-MARK: kexec -e into the corrupted image
sbkexec purgatory: SHA-256 mismatch in region 0 \\(0x[0-9a-f]+\\+0x[0-9a-f]+\\), halting"
FORBID="SBK-STAGE: kexec
regions verified, entering"

prepare() {
	need_file "$BUILD/kexec/kexec"
	need_file "$BUILD/kexec/kexec-testhooks"
	initramfs_add "$BUILD/kexec/kexec-testhooks" /usr/sbin/kexec-testhooks 0755
	sign_with kernel-signing "$UNSIGNED_KERNEL" "$SCEN_DIR/vmlinuz.ks.efi"
	initramfs_add "$SCEN_DIR/vmlinuz.ks.efi" /boot/vmlinuz.ks 0644
	initramfs_add "$CERTS_DIR/kernel-signing.der" /sbk-kexec/kernel-signing.der 0644
}

guest() {
	# The switch exists only in the test build: the shipped binary has neither code nor name.
	check "shipped kexec has no test hook" sh -c '! strings /usr/sbin/kexec | grep -q SBK_TEST_CORRUPT'
	guest_run_expect "corrupted load accepted by the kernel (it checks nothing)" 0 "" \
		env SBK_TEST_CORRUPT_SEGMENT=0 kexec-testhooks -d -c -l --trust /sbk-kexec/kernel-signing.der \
		--initrd=/boot/initrd.img --command-line="console=ttyS0 panic=-1 sbk.stage=kexec" \
		/boot/vmlinuz.ks
	check_grep "the test hook reported the flipped byte" 'TEST HOOK: segment 0 \(kernel\)' /tmp/run.out
	mark "kexec -e into the corrupted image"
	kexec -e
	echo "SBK-FAIL: kexec -e returned (exit $?)"
	return 1
}

guest_kexec() {
	echo "SBK-FAIL: the corrupted kernel was started"
	return 1
}
