# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: under Secure Boot the static kexec refuses untrusted, tampered and unsigned kernels before any syscall; with --verify=off the kernel refuses the untrusted one itself; -c is refused under lockdown.
DESCRIPTION="kexec -p refusals: untrusted (12), tampered (13), unsigned (11) before the syscall; --verify=off -> the kernel refuses (20, no -a fallback); ENOEXEC -> -a fallback refused under lockdown (3); -c under lockdown (3)"
. ovmf-tests/scenarios/kexec-common.inc
TIMEOUT=300
MEMORY=1024
KERNEL_CMDLINE="crashkernel=256M"

EXPECT="SBK-GUEST-DONE stage=1 rc=0"

prepare() {
	kexec_prepare_carrier
	sign_with untrusted "$UNSIGNED_KERNEL" "$SCEN_DIR/vmlinuz.untrusted.efi"
	initramfs_add "$SCEN_DIR/vmlinuz.untrusted.efi" /boot/vmlinuz.untrusted 0644
	initramfs_add "$UNSIGNED_KERNEL" /boot/vmlinuz.unsigned 0644
	# One byte flipped in the middle of the kernel-signing-signed image (in a section).
	cp "$SCEN_DIR/vmlinuz.ks.efi" "$SCEN_DIR/vmlinuz.tampered.efi"
	off=$(($(stat -c %s "$SCEN_DIR/vmlinuz.ks.efi") / 2))
	b=$(od -An -tu1 -j "$off" -N1 "$SCEN_DIR/vmlinuz.tampered.efi" | tr -d ' ')
	printf "\\$(printf '%03o' $((b ^ 0x01)))" |
		dd of="$SCEN_DIR/vmlinuz.tampered.efi" bs=1 seek="$off" conv=notrunc status=none
	initramfs_add "$SCEN_DIR/vmlinuz.tampered.efi" /boot/vmlinuz.tampered 0644
	# Two signature entries (sbsign appends): trusted first / untrusted first.
	sbsign --key "$CERTS_DIR/untrusted.key" --cert "$CERTS_DIR/untrusted.crt" \
		--output "$SCEN_DIR/vmlinuz.two.efi" "$SCEN_DIR/vmlinuz.ks.efi" >/dev/null 2>&1
	initramfs_add "$SCEN_DIR/vmlinuz.two.efi" /boot/vmlinuz.two 0644
	sbsign --key "$CERTS_DIR/kernel-signing.key" --cert "$CERTS_DIR/kernel-signing.crt" \
		--output "$SCEN_DIR/vmlinuz.two-second.efi" "$SCEN_DIR/vmlinuz.untrusted.efi" >/dev/null 2>&1
	initramfs_add "$SCEN_DIR/vmlinuz.two-second.efi" /boot/vmlinuz.two-second 0644
	# A signed PE that is no kernel: kexec_file_load answers ENOEXEC, the -a fallback case.
	sign_with kernel-signing /usr/lib/efitools/x86_64-linux-gnu/HelloWorld.efi "$SCEN_DIR/hello.ks.efi"
	initramfs_add "$SCEN_DIR/hello.ks.efi" /boot/hello.ks.efi 0644
}

guest_nothing_loaded() {
	check_grep "$1: nothing loaded (kexec_crash_loaded 0)" '^0$' /sys/kernel/kexec_crash_loaded
}

guest() {
	guest_keyring_add /sbk-kexec/kexec-ca.der
	guest_kexec_expect "untrusted-signed crash kernel refused" 12 "untrusted: .*nothing was loaded" \
		-s -p /boot/vmlinuz.untrusted
	guest_nothing_loaded untrusted
	guest_kexec_expect "tampered crash kernel refused" 13 "rejected: image-digest" \
		-s -p /boot/vmlinuz.tampered
	guest_nothing_loaded tampered
	guest_kexec_expect "unsigned crash kernel refused" 11 "unsigned: .*Secure Boot on" \
		-s -p /boot/vmlinuz.unsigned
	guest_nothing_loaded unsigned
	guest_kexec_expect "--verify=off: the kernel itself refuses the untrusted kernel" 20 \
		"the kernel refused the image" -s -p --verify=off /boot/vmlinuz.untrusted
	guest_nothing_loaded "--verify=off untrusted"
	show sh -c 'dmesg | grep -iE "kexec|PKCS7|PEFILE|Lockdown" | tail -5'
	guest_kexec_expect "-a, --verify=off, untrusted: no fallback after a key error" 20 \
		"the kernel refused the image" -a -p --verify=off /boot/vmlinuz.untrusted
	guest_kexec_expect "-a, signed non-kernel: ENOEXEC, fallback refused under lockdown" 3 \
		"Exec format error.*refused under lockdown" -p /boot/hello.ks.efi
	guest_kexec_expect "-s, signed non-kernel: ENOEXEC, no fallback" 255 \
		"kexec_file_load failed: Exec format error" -s -p /boot/hello.ks.efi
	guest_nothing_loaded "non-kernel"
	# The kernel checks only the first entry (Debian 6.1): both sides accept trusted-first...
	guest_kexec_expect "two entries, trusted first: loaded" 0 "" -s -p /boot/vmlinuz.two
	guest_kexec_expect "unload it" 0 "" -s -p -u
	# ...and with the trusted entry second we accept, warn, and the kernel refuses.
	guest_kexec_expect "two entries, trusted second: warned, then the kernel refuses" 20 \
		"checks only the first entry" -s -p /boot/vmlinuz.two-second
	guest_nothing_loaded "two signatures"
	guest_kexec_expect "-c refused under lockdown" 3 "lockdown=integrity.*-s" \
		-c -p /boot/vmlinuz.ks
	guest_kexec_expect "-c -p -u refused under lockdown" 3 "lockdown" -c -p -u
	guest_nothing_loaded "-c"
	# The same good kernel is accepted, so the refusals above were about the images.
	guest_kexec_expect "the good kernel still loads" 0 "" -s -p /boot/vmlinuz.ks
	check_grep "good kernel: kexec_crash_loaded 1" '^1$' /sys/kernel/kexec_crash_loaded
	guest_kexec_expect "kexec -s -p -u unloads it" 0 "" -s -p -u
	guest_nothing_loaded "after -u"
}
