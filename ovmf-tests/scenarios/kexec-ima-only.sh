# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: kernels with an IMA signature and no PE signature (Secure Boot off): without lockdown they load (ours and kexec-tools 2.0.25), both refuse an untrusted or tampered one, and the kexec'd kernel, locked down from its command line, refuses every one of them whatever the IMA policy (no trusted .ima keyring on Debian 6.1).
DESCRIPTION="IMA-only kernels, Secure Boot off: no lockdown + 'appraise func=KEXEC_KERNEL_CHECK appraise_type=imasig': ours and kexec-tools load one, untrusted key (12) / tampered (13) refused by ours and by IMA (--verify=off: 20); kexec -e into it with lockdown=integrity: the same kernel refused (EPERM, 20) under the same policy, kexec-tools too"
. ovmf-tests/scenarios/kexec-common.inc
. ovmf-tests/scenarios/kexec-ima-common.inc
TIMEOUT=480
MEMORY=1024
VARS=setup
GUEST_KERNEL=1
RULE="appraise func=KEXEC_KERNEL_CHECK appraise_type=imasig"
GUEST_ENV="RULE"

EXPECT_IN_ORDER="SBK-STAGE: 1
SBK-OK: no lockdown, Secure Boot off
SBK-OK: IMA policy written
SBK-OK: ours loads the IMA-only kernel through its own descriptor: exit 0
SBK-OK: kexec-tools 2.0.25 loads it too: exit 0
SBK-OK: IMA signature by a key nobody trusts: ours refuses it: exit 12
SBK-OK: the same with --verify=off: the kernel's IMA appraisal refuses it: exit 20
SBK-OK: tampered after signing: ours rejects it: exit 13
SBK-OK: the same with --verify=off: the kernel's IMA appraisal refuses it: exit 20
SBK-OK: the IMA-only kernel loaded again, to boot it locked down: exit 0
SBK-MARK: kexec -e
SBK-STAGE: locked
SBK-OK: booted the IMA-only kernel, lockdown=integrity from its command line
SBK-OK: IMA policy written
SBK-OK: locked down: the same kernel, same policy: warned, then refused \\(EPERM\\): exit 20
SBK-OK: kexec-tools 2.0.25, locked down: refused too: exit 255
SBK-OK: the policy is in force: a kernel without security.ima is refused by IMA: exit 20
SBK-GUEST-DONE stage=locked rc=0"
EXPECT="SBK-OUT: .*audit: type=1800 .*op=appraise_data cause=invalid-signature .*name=\"/boot/k.untrusted\"
SBK-OUT: .*audit: type=1800 .*op=appraise_data cause=invalid-signature .*name=\"/boot/k.flip\"
SBK-OUT: .*Lockdown: kexec: kexec of unsigned images is restricted; see man kernel_lockdown.7"

prepare() {
	need_file "$BUILD/kexec/kexec"
	carrier_guest_keyctl
	kexec_prepare_kexec_tools
	kexec_ima_prepare
	# In the inner archive (the kexec'd kernel's initrd), so both stages have it.
	initramfs_add "$UNSIGNED_KERNEL" /sbk-ima/vmlinuz.unsigned 0644
	kexec_ima_sign "$UNSIGNED_KERNEL" unsigned
	kexec_ima_sign "$UNSIGNED_KERNEL" untrusted untrusted
}

# Both stages: the keys (kexec keyring for ours, _ima for the kernel's IMA), the policy, the file.
guest_ima_only_setup() {
	guest_keyring_add /sbk-ima/ima-key.der
	guest_ima_keyring
	guest_ima_policy "$RULE"
	cp /sbk-ima/vmlinuz.unsigned /boot/k.imaonly && guest_ima_set /boot/k.imaonly unsigned
}

guest() {
	show cat /sys/kernel/security/lockdown
	sb=$(efivar_u8 "SecureBoot-$EFI_GLOBAL")
	check "no lockdown, Secure Boot off" sh -c \
		"grep -q '\[none\]' /sys/kernel/security/lockdown && [ '$sb' != 01 ]"
	guest_ima_only_setup
	cl="console=ttyS0 panic=-1"
	guest_kexec_expect "ours loads the IMA-only kernel through its own descriptor" 0 \
		"verified: IMA signature \(security.ima\) verified by key" \
		-d -s -l --initrd=/boot/initrd.img --command-line="$cl" /boot/k.imaonly
	check_grep "it was the file's own descriptor" "kexec_file_load\(kernel fd [0-9]+ \(/boot/k.imaonly\)" /tmp/run.out
	guest_kexec_expect "unload" 0 "" -s -l -u
	guest_kt_expect "kexec-tools 2.0.25 loads it too" 0 "" -s -l --initrd=/boot/initrd.img --command-line="$cl" /boot/k.imaonly
	guest_kt_expect "kexec-tools 2.0.25: unload" 0 "" -s -l -u
	# Both sides of the line: what our IMA check refuses, the kernel's IMA refuses too.
	cp /sbk-ima/vmlinuz.unsigned /boot/k.untrusted && guest_ima_set /boot/k.untrusted untrusted
	guest_kexec_expect "IMA signature by a key nobody trusts: ours refuses it" 12 "untrusted: .*nothing was loaded" \
		-s -l --initrd=/boot/initrd.img --command-line="$cl" /boot/k.untrusted
	guest_kexec_expect "the same with --verify=off: the kernel's IMA appraisal refuses it" 20 \
		"the kernel's IMA appraisal refused the file .*does not satisfy IMA" \
		-s -l --verify=off --initrd=/boot/initrd.img --command-line="$cl" /boot/k.untrusted
	cp /sbk-ima/vmlinuz.unsigned /boot/k.flip && guest_ima_set /boot/k.flip unsigned
	printf Z | dd of=/boot/k.flip bs=1 seek=100000 conv=notrunc 2>/dev/null
	guest_kexec_expect "tampered after signing: ours rejects it" 13 "rejected: .*nothing was loaded" \
		-s -l --initrd=/boot/initrd.img --command-line="$cl" /boot/k.flip
	guest_kexec_expect "the same with --verify=off: the kernel's IMA appraisal refuses it" 20 \
		"the kernel's IMA appraisal refused the file" \
		-s -l --verify=off --initrd=/boot/initrd.img --command-line="$cl" /boot/k.flip
	show sh -c 'dmesg | grep -E "cause=" | tail -4'
	check_grep "nothing loaded after the refusals" '^0$' /sys/kernel/kexec_loaded
	guest_kexec_expect "the IMA-only kernel loaded again, to boot it locked down" 0 "" \
		-s -l --initrd=/boot/initrd.img \
		--command-line="console=ttyS0 panic=-1 lockdown=integrity sbk.stage=locked sbk.imaonly=1" /boot/k.imaonly
	guest_kexec_exec
}

guest_locked() {
	show cat /proc/cmdline
	show cat /sys/kernel/security/lockdown
	check "booted the IMA-only kernel, lockdown=integrity from its command line" sh -c \
		"grep -q 'sbk.imaonly=1' /proc/cmdline && grep -q '\[integrity\]' /sys/kernel/security/lockdown"
	guest_ima_only_setup
	# No initrd here (/boot/initrd.img was stage 1's outer archive): the kernel decides before it.
	cl="console=ttyS0 panic=-1"
	# kimage_validate_signature(): no PE signature, not enforced, locked down, and
	# ima_appraise_signature() false: Debian's 6.1 lacks CONFIG_INTEGRITY_TRUSTED_KEYRING.
	guest_kexec_expect "locked down: the same kernel, same policy: warned, then refused (EPERM)" 20 \
		"Operation not permitted. Under lockdown=integrity .*no trusted .ima keyring \(CONFIG_INTEGRITY_TRUSTED_KEYRING unset\)" \
		-s -l --command-line="$cl" /boot/k.imaonly
	check_grep "the warning came before the call" \
		"warning: /boot/k.imaonly: it has no PE signature, only an IMA one, and this kernel is locked down" /tmp/run.out
	show sh -c 'dmesg | grep -E "Lockdown: kexec|PEFILE" | tail -2'
	guest_kt_expect "kexec-tools 2.0.25, locked down: refused too" 255 "Operation not permitted" \
		-s -l --command-line="$cl" /boot/k.imaonly
	guest_kexec_expect "the policy is in force: a kernel without security.ima is refused by IMA" 20 \
		"the kernel's IMA appraisal refused it .*the file has no security.ima" \
		-s -l --verify=off --command-line="$cl" /sbk-ima/vmlinuz.unsigned
	check_grep "nothing loaded" '^0$' /sys/kernel/kexec_loaded
}
