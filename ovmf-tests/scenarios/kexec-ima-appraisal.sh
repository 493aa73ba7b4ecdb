# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: kexec_file_load under an IMA appraisal policy for kexec images (Secure Boot on, lockdown integrity): ours passes the file's own descriptor under a read lease, refusals are explained, a file changed after verification is refused, kexec-tools 2.0.25 beside; then panic -> vmcore.
DESCRIPTION="IMA appraise func=KEXEC_KERNEL_CHECK appraise_type=imasig: IMA+PE-signed kernel loads (file descriptor, -d retry without KEXEC_FILE_DEBUG), no security.ima -> IMA refusal explained (20), IMA-only kernel -> refused under Secure Boot (20, PE signature enforced), changed after verification -> 4, busy file -> memfd -> IMA refusal; kexec-tools 2.0.25 on the same files; panic -> marker in /proc/vmcore"
. ovmf-tests/scenarios/kexec-common.inc
. ovmf-tests/scenarios/kexec-ima-common.inc
TIMEOUT=720
MEMORY=1024
KERNEL_CMDLINE="crashkernel=256M"
GUEST_KERNEL=1
RULE="appraise func=KEXEC_KERNEL_CHECK appraise_type=imasig"
GUEST_ENV="RULE"
kexec_vmcore_marker

EXPECT_IN_ORDER="SBK-STAGE: 1
SBK-OK: shipped kexec has no test hook
SBK-OK: before any custom policy: the file's own descriptor would be passed \\(IMA state unknown, security.ima present\\): exit 0
SBK-OK: IMA policy written
SBK-OK: kexec-tools 2.0.25, IMA- and PE-signed kernel \\(its own descriptor\\): exit 0
SBK-OK: kexec-tools 2.0.25, no security.ima: the kernel refuses: exit 255
SBK-OK: kexec-tools 2.0.25, IMA-only kernel: the kernel refuses: exit 255
SBK-OK: no security.ima: the kernel's IMA appraisal refuses, and kexec says so: exit 20
SBK-OK: the kernel's audit line names the sealed memfd copy
SBK-OK: IMA-only kernel under Secure Boot: verified by kexec, refused by the kernel \\(PE signature enforced\\): exit 20
SBK-OK: written after verification \\(test hook\\): refused before kexec_file_load: exit 4
SBK-OK: the writer waited for kexec's lease and wrote after kexec let go
SBK-OK: inode changed right after kexec_file_load \\(test hook\\): unloaded again: exit 4
SBK-OK: after the unload: nothing loaded \\(kexec_crash_loaded 0\\)
SBK-OK: held open for writing elsewhere: no lease, the memfd, IMA refuses it, and kexec says why: exit 20
SBK-OK: kexec-tools 2.0.25 on the same busy file: ETXTBSY from the kernel: exit 255
SBK-OK: ours, IMA- and PE-signed kernel, -d: loads through the file's own descriptor: exit 0
SBK-OK: -d: the kernel refused KEXEC_FILE_DEBUG \\(EINVAL\\) and kexec retried without it
SBK-OK: -d: with the initrd's own descriptor and the command line
SBK-OK: IMA measured the file itself \\(its path in the measurement list\\)
SBK-MARK: marker written to tmpfs, triggering a panic
SBK-STAGE: crash
SBK-OK: /proc/vmcore exists
SBK-OK: the marker written before the panic is in /proc/vmcore
SBK-GUEST-DONE stage=crash rc=0"
# The kernel's own words, quoted from its log (dmesg shown with SBK-OUT:).
EXPECT="SBK-OUT: .*ima: policy update completed
SBK-OUT: .*audit: type=1800 .*op=appraise_data cause=IMA-signature-required .*name=\"memfd:kexec-verified-kernel\"
SBK-OUT: .*Enforced kernel signature verification failed \\(-61\\)
SBK-OUT: kexec: warning: kexec_file_load: the kernel refused the KEXEC_FILE_DEBUG flag \\(EINVAL"

prepare() {
	kexec_prepare_carrier
	kexec_prepare_kexec_tools
	kexec_ima_prepare
	need_file "$BUILD/kexec/kexec-testhooks"
	initramfs_add "$BUILD/kexec/kexec-testhooks" /usr/sbin/kexec-testhooks 0755
	# IMA signatures of the kernel-signing-signed kernel (both signatures) and of the
	# unsigned one (IMA only: /boot/vmlinuz.unsigned, which GUEST_KERNEL=1 provides).
	kexec_ima_sign "$SCEN_DIR/vmlinuz.ks.efi" ks
	kexec_ima_sign "$UNSIGNED_KERNEL" unsigned
}

guest() {
	crash_args="--initrd=/boot/initrd.img --reuse-cmdline --append=nr_cpus=1"
	check "shipped kexec has no test hook" sh -c '! strings /usr/sbin/kexec | grep -q SBK_TEST_AFTER'
	show cat /sys/kernel/security/lockdown
	show ls -l /sys/kernel/security/ima/
	guest_keyring_import
	guest_ima_keyring
	# Copies made here are root's, 0644, on tmpfs: the file's descriptor may be passed.
	cp /boot/vmlinuz.ks /boot/k.dual && guest_ima_set /boot/k.dual ks
	cp /boot/vmlinuz.ks /boot/k.noima
	cp /boot/vmlinuz.unsigned /boot/k.imaonly && guest_ima_set /boot/k.imaonly unsigned
	show getfattr -d -m security -e hex /boot/k.dual

	guest_kexec_expect "before any custom policy: the file's own descriptor would be passed (IMA state unknown, security.ima present)" 0 \
		"kexec_file_load\(the descriptor of /boot/k.dual" -s -p --dry-run --explain $crash_args /boot/k.dual
	guest_ima_policy "$RULE"

	# Debian's kexec-tools beside ours, same files, same policy.
	show /opt/kexec-tools/kexec --version
	guest_kt_expect "kexec-tools 2.0.25, IMA- and PE-signed kernel (its own descriptor)" 0 "" \
		-s -p $crash_args /boot/k.dual
	guest_kt_expect "kexec-tools 2.0.25: unload" 0 "" -s -p -u
	guest_kt_expect "kexec-tools 2.0.25, no security.ima: the kernel refuses" 255 "Permission denied" \
		-s -p $crash_args /boot/k.noima
	guest_kt_expect "kexec-tools 2.0.25, IMA-only kernel: the kernel refuses" 255 "No data available" \
		-s -p $crash_args /boot/k.imaonly

	# (b) No security.ima: IMA refuses; our message names IMA and what is missing.
	guest_kexec_expect "no security.ima: the kernel's IMA appraisal refuses, and kexec says so" 20 \
		"Permission denied: the kernel's IMA appraisal refused it .*the file has no security.ima" \
		-s -p $crash_args /boot/k.noima
	show sh -c 'dmesg | grep -E "cause=IMA" | tail -3'
	check "the kernel's audit line names the sealed memfd copy" \
		sh -c 'dmesg | grep -q "cause=IMA-signature-required.*memfd:kexec-verified-kernel"'
	check_grep "(b) nothing loaded" '^0$' /sys/kernel/kexec_crash_loaded

	# (c) IMA signature, no PE signature: our IMA verification accepts it; this kernel
	# enforces PE signatures under Secure Boot (IMA arch policy: set_kexec_sig_enforced()).
	guest_kexec_expect "IMA-only kernel under Secure Boot: verified by kexec, refused by the kernel (PE signature enforced)" 20 \
		"ENODATA: it requires a signature.*only the IMA signature kexec verified.*enforces PE signatures" \
		-s -p $crash_args /boot/k.imaonly
	check_grep "(c) kexec's own IMA verification accepted it first" \
		"verified: IMA signature \(security.ima\) verified by key [0-9]+ of keyring 'kexec'" /tmp/run.out
	show sh -c 'dmesg | grep -E "Enforced kernel signature|PEFILE|Unsigned PE" | tail -3'
	check_grep "(c) nothing loaded" '^0$' /sys/kernel/kexec_crash_loaded

	# (d) The file changes between our verification and kexec_file_load: a writer (it waits
	# on our read lease), caught before the call.
	cp /boot/k.dual /boot/k.chg && guest_ima_set /boot/k.chg ks
	SBK_TEST_AFTER_VERIFY="(printf Z | dd of=/boot/k.chg bs=1 seek=4096 conv=notrunc 2>/dev/null) & sleep 1" \
		guest_run_expect "written after verification (test hook): refused before kexec_file_load" 4 \
		"before kexec_file_load: it was opened for writing or truncated after kexec opened it .*nothing was loaded" \
		kexec-testhooks -s -p $crash_args /boot/k.chg
	sleep 1
	check "the writer waited for kexec's lease and wrote after kexec let go" \
		sh -c '[ "$(dd if=/boot/k.chg bs=1 skip=4096 count=1 2>/dev/null)" = Z ]'
	check_grep "(d) nothing loaded" '^0$' /sys/kernel/kexec_crash_loaded
	# ...and a change right after the call (impossible under the lease but for a bug): the
	# check after kexec_file_load unloads what was loaded.
	cp /boot/k.dual /boot/k.chg2 && guest_ima_set /boot/k.chg2 ks
	SBK_TEST_AFTER_LOAD="chmod 0600 /boot/k.chg2" \
		guest_run_expect "inode changed right after kexec_file_load (test hook): unloaded again" 4 \
		"after kexec_file_load: its owner or mode changed after kexec opened it.*unloaded again" \
		kexec-testhooks -s -p $crash_args /boot/k.chg2
	check_grep "after the unload: nothing loaded (kexec_crash_loaded 0)" '^0$' /sys/kernel/kexec_crash_loaded
	# Held open for writing by another process: no lease, so the sealed copy, which IMA refuses.
	cp /boot/k.dual /boot/k.busy && guest_ima_set /boot/k.busy ks
	sh -c 'exec 3>>/boot/k.busy; sleep 120' &
	holder=$!
	sleep 1
	guest_kexec_expect "held open for writing elsewhere: no lease, the memfd, IMA refuses it, and kexec says why" 20 \
		"IMA appraisal refused the sealed memfd copy .*was not passed because another process has it open for writing" \
		-s -p $crash_args /boot/k.busy
	guest_kt_expect "kexec-tools 2.0.25 on the same busy file: ETXTBSY from the kernel" 255 "Text file busy" \
		-s -p $crash_args /boot/k.busy
	kill "$holder"

	# (a) Both signatures, file descriptor: loads; -d shows the KEXEC_FILE_DEBUG retry.
	guest_kexec_expect "ours, IMA- and PE-signed kernel, -d: loads through the file's own descriptor" 0 \
		"kexec_file_load\(kernel fd [0-9]+ \(/boot/k.dual\)" -d -s -p $crash_args /boot/k.dual
	check_grep "-d: the kernel refused KEXEC_FILE_DEBUG (EINVAL) and kexec retried without it" \
		"refused the KEXEC_FILE_DEBUG flag \(EINVAL.*retrying without it" /tmp/run.out
	check_grep "-d: with the initrd's own descriptor and the command line" \
		"kexec_file_load\(kernel fd [0-9]+ \(/boot/k.dual\), initrd fd [0-9]+ \(/boot/initrd.img\), cmdline_len [1-9]" /tmp/run.out
	check_grep "crash kernel loaded (kexec_crash_loaded 1)" '^1$' /sys/kernel/kexec_crash_loaded
	show sh -c 'grep -E "k\.(dual|imaonly|noima)|kexec-verified" /sys/kernel/security/ima/ascii_runtime_measurements | cut -c1-160'
	check_grep "IMA measured the file itself (its path in the measurement list)" " /boot/k\.dual( |$)" \
		/sys/kernel/security/ima/ascii_runtime_measurements
	guest_panic_with_marker
}

guest_crash() {
	mark "crash kernel up: $(uname -r)"
	guest_crash_marker
}
