# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: kdump through kexec -c -p (kexec_load + the built-in purgatory), Secure Boot off: panic -> crash kernel -> /proc/vmcore with the expected PT_LOADs and the marker.
DESCRIPTION="kexec -c -p of a kernel-signing-signed crash kernel (--trust cert), Secure Boot off -> panic -> purgatory verifies -> crash kernel: vmcore PT_LOADs = System RAM minus crash region (+ text), marker found"
. ovmf-tests/scenarios/kexec-common.inc
TIMEOUT=400
MEMORY=1024
VARS=setup
KERNEL_CMDLINE="crashkernel=256M"
GUEST_KERNEL=1
# TCG's richest CPU: SSSE3, SSE4.1 (and LA57) but no SHA-NI (QEMU 7.2's TCG does not emulate it):
# the purgatory enables SSE, runs the SHA-NI engine's SSE-only layout check at ring 0 after
# the panic, and hashes with the scalar engine. kexec-load-syscall-exec keeps QEMU's default.
QEMU_CPU=max
# The marker exists joined only in the first kernel's memory (the halves are in the initramfs).
MARK_A=SBK-VMCORE-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
MARK_B=-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')-END
GUEST_ENV="MARK_A MARK_B"

EXPECT_IN_ORDER="SBK-STAGE: 1
SBK-OK: crash kernel verified in userspace and loaded with kexec_load: exit 0
SBK-OK: /sys/kernel/kexec_crash_loaded is 1
SBK-MARK: marker written to tmpfs, triggering a panic
sbkexec purgatory: SHA-256 engine: scalar \\(CPU without SHA extensions: CPUID\\.\\(EAX=7,ECX=0\\):EBX\\[29\\] = 0\\); SSE on, SSE4.1 layout check ok
sbkexec purgatory: 4 regions verified, entering crash kernel at 0x[0-9a-f]+
SBK-STAGE: crash
SBK-OK: /proc/vmcore exists
SBK-OK: vmcore PT_LOADs are the first kernel's System RAM minus the crash region, plus kernel text
SBK-OK: crash kernel's RAM is confined to the crash region \\(and the low 1 MiB\\)
SBK-OK: the marker written before the panic is in /proc/vmcore
SBK-GUEST-DONE stage=crash rc=0"
FORBID="SHA-256 mismatch"

prepare() {
	need_file "$BUILD/kexec/kexec"
	sign_with kernel-signing "$UNSIGNED_KERNEL" "$SCEN_DIR/vmlinuz.ks.efi"
	initramfs_add "$SCEN_DIR/vmlinuz.ks.efi" /boot/vmlinuz.ks 0644
	initramfs_add "$CERTS_DIR/kernel-signing.der" /sbk-kexec/kernel-signing.der 0644
	cc -static -O2 -Wall -o "$SCEN_DIR/vmcore-check" ovmf-tests/scenarios/kdump-load-vmcore-check.c
	initramfs_add "$SCEN_DIR/vmcore-check" /usr/bin/vmcore-check 0755
}

guest() {
	show sh -c 'grep -E "System RAM|Crash kernel|Kernel code" /proc/iomem'
	# What the dump must cover, computed here by the independent checker; it travels to the
	# crash kernel on its command line.
	exp=$(vmcore-check expect)
	check "expected dump ranges computed from /proc/iomem" [ -n "$exp" ]
	show echo "expected: $exp"
	# "ram=... text=... crash=..." -> sbk.exp.ram=... sbk.exp.text=... sbk.exp.crash=...
	guest_run_expect "crash kernel verified in userspace and loaded with kexec_load" 0 "" \
		kexec -d -c -p --trust /sbk-kexec/kernel-signing.der --initrd=/boot/initrd.img --reuse-cmdline \
		--append="nr_cpus=1 $(echo "$exp" | sed 's/\([a-z]*=\)/sbk.exp.\1/g')" /boot/vmlinuz.ks
	check_grep "/sys/kernel/kexec_crash_loaded is 1" '^1$' /sys/kernel/kexec_crash_loaded
	guest_panic_with_marker
}

guest_crash() {
	show cat /proc/cmdline
	check "/proc/vmcore exists" [ -e /proc/vmcore ]
	mark "vmcore: $(stat -c %s /proc/vmcore) bytes"
	ram=$(sed -n 's/.*sbk\.exp\.ram=\([^ ]*\).*/\1/p' /proc/cmdline)
	text=$(sed -n 's/.*sbk\.exp\.text=\([^ ]*\).*/\1/p' /proc/cmdline)
	vmcore-check check /proc/vmcore "$ram" "$text" >/tmp/v.out 2>&1
	rc=$?
	sed 's/^/SBK-OUT: /' /tmp/v.out
	check "vmcore PT_LOADs are the first kernel's System RAM minus the crash region, plus kernel text" \
		[ "$rc" -eq 0 ]
	crash=$(sed -n 's/.*sbk\.exp\.crash=\([^ ]*\).*/\1/p' /proc/cmdline)
	vmcore-check confined "$crash" >/tmp/v.out 2>&1
	rc=$?
	sed 's/^/SBK-OUT: /' /tmp/v.out
	check "crash kernel's RAM is confined to the crash region (and the low 1 MiB)" [ "$rc" -eq 0 ]
	show sh -c 'ls /sys/firmware/efi >/dev/null 2>&1 && echo "crash kernel: /sys/firmware/efi present" || echo "crash kernel: no /sys/firmware/efi"' 
	# busybox grep reads whole "lines" (megabytes of binary) and runs out of memory; strings streams.
	if check "the marker written before the panic is in /proc/vmcore" \
		sh -c "strings -n 24 /proc/vmcore | grep -qF '$MARK_A$MARK_B'"; then
		mark "marker $MARK_A$MARK_B found in /proc/vmcore"
	fi
}
