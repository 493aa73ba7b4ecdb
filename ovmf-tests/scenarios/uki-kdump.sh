# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: UKIs under Secure Boot: Debian's kexec-tools beside ours, refusals before the syscall, signed initrds required by kexec.conf, then kdump of a UKI whose kernel, initrd and command line the one signature covers.
DESCRIPTION="UKI kdump (Secure Boot): kexec-tools 2.0.25 on a UKI; tampered .cmdline refused (13) before any syscall; inner kernel unsigned: the kernel refuses (20); kexec.conf initrd-signature=required: unsigned initrd refused (11), .p7s and IMA .sig accepted; kexec -s -p UKI -> panic -> crash kernel has the UKI's .cmdline + kdump's words, its .initrd, and the vmcore"
. ovmf-tests/scenarios/kexec-common.inc
. ovmf-tests/scenarios/uki-common.inc
TIMEOUT=420
MEMORY=1024
KERNEL_CMDLINE="crashkernel=256M"
kexec_vmcore_marker
UKI_CMDLINE="console=ttyS0 panic=-1 loglevel=4 sbk.uki.cookie=$UKI_COOKIE"
GUEST_ENV="$GUEST_ENV UKI_COOKIE UKI_INITRD_MARK UKI_CMDLINE"

EXPECT_IN_ORDER="SBK-STAGE: 1
SBK-OK: UKI verified with --explain: exit 0
SBK-OK: --explain: .linux is the kernel, .initrd and .cmdline are loaded, stub sections are not
SBK-OK: --explain: all sections covered by the one Authenticode signature
SBK-OK: Debian kexec-tools 2.0.25, kexec -s -p UKI: exit 255
SBK-OK: UKI with a modified .cmdline refused before any system call: exit 13
SBK-OK: UKI signed, inner .linux unsigned: our check passes, the kernel refuses it: exit 20
SBK-OK: initrd-signature = required: an initrd without signature is refused, naming it: exit 11
SBK-OK: initrd-signature = required: an initrd with a detached PKCS#7 loads: exit 0
SBK-OK: initrd-signature = required: an initrd with an IMA .sig loads: exit 0
SBK-OK: UKI loaded as the crash kernel with kdump's --append: exit 0
SBK-MARK: marker written to tmpfs, triggering a panic
SBK-STAGE: crash
SBK-OK: crash: its initramfs is the UKI's .initrd \\(marker file from the UKI only\\)
SBK-OK: crash: its command line holds the UKI's signed .cmdline \\(cookie\\)
SBK-OK: crash: the words kdump appended follow the signed command line
SBK-OK: the marker written before the panic is in /proc/vmcore
SBK-GUEST-DONE stage=crash rc=0"

# The kernels and UKIs go into the stage-1-only archive: the inner one is the UKI's .initrd
# and the crash kernel's initramfs, and the ESP (128 MiB) holds both archives.
prepare() {
	kexec_prepare_carrier_boot
	kexec_prepare_kexec_tools
}

# After the inner archive is packed: the UKIs (their .initrd is that archive) and the initrds.
prepare_late() {
	initramfs_add_outer "$SCEN_DIR/vmlinuz.ks.efi" /boot/vmlinuz.ks 0644
	uki_build "$SCEN_DIR/uki.efi" "$SCEN_DIR/vmlinuz.ks.efi" "$UKI_CMDLINE"
	initramfs_add_outer "$SCEN_DIR/uki.efi" /boot/uki.efi 0644
	uki_build "$SCEN_DIR/uki-cmdline-modified.efi" "$SCEN_DIR/vmlinuz.ks.efi" "$UKI_CMDLINE" small
	uki_flip_cmdline "$SCEN_DIR/uki-cmdline-modified.efi"
	initramfs_add_outer "$SCEN_DIR/uki-cmdline-modified.efi" /boot/uki-cmdline-modified.efi 0644
	uki_build "$SCEN_DIR/uki-inner-unsigned.efi" "$UNSIGNED_KERNEL" "$UKI_CMDLINE" small
	initramfs_add_outer "$SCEN_DIR/uki-inner-unsigned.efi" /boot/uki-inner-unsigned.efi 0644
	# Initrds for the required rows (any bytes will do: the kernel does not look into them at load).
	initramfs_add_outer "$SCEN_DIR/uki-marker.img" /boot/initrd-unsigned.img 0644
	initramfs_add_outer "$SCEN_DIR/uki-marker.img" /boot/initrd-p7s.img 0644
	openssl cms -sign -binary -outform DER -noattr -in "$SCEN_DIR/uki-marker.img" \
		-signer "$CERTS_DIR/kernel-signing.crt" -inkey "$CERTS_DIR/kernel-signing.key" \
		-out "$SCEN_DIR/initrd-p7s.img.p7s" || die "openssl cms -sign failed"
	initramfs_add_outer "$SCEN_DIR/initrd-p7s.img.p7s" /boot/initrd-p7s.img.p7s 0644
	cp "$SCEN_DIR/uki-marker.img" "$SCEN_DIR/initrd-ima.img"
	evmctl ima_sign --sigfile --key "$CERTS_DIR/kernel-signing.key" "$SCEN_DIR/initrd-ima.img" \
		>/dev/null 2>&1 || die "evmctl ima_sign failed"
	initramfs_add_outer "$SCEN_DIR/initrd-ima.img" /boot/initrd-ima.img 0644
	initramfs_add_outer "$SCEN_DIR/initrd-ima.img.sig" /boot/initrd-ima.img.sig 0644
	printf '# sbkexec site policy (uki-kdump scenario)\ninitrd-signature = required\n' >"$SCEN_DIR/kexec.conf"
	initramfs_add_outer "$SCEN_DIR/kexec.conf" /etc/sbkexec/kexec.conf 0644
}

guest() {
	guest_keyring_import
	# What --explain says: every section, its role, and the one signature over all of them.
	guest_kexec_expect "UKI verified with --explain" 0 "" --verify-only --explain /boot/uki.efi
	check "--explain: .linux is the kernel, .initrd and .cmdline are loaded, stub sections are not" sh -c \
		'grep -Eq "section +[0-9]+ \.linux .*kernel \(the inner bzImage\) -> loaded as the kernel" /tmp/run.out &&
		 grep -Eq "section +[0-9]+ \.initrd .*-> the initrd" /tmp/run.out &&
		 grep -Eq "section +[0-9]+ \.cmdline .*-> the command line" /tmp/run.out &&
		 grep -Eq "section +[0-9]+ \.text .*systemd-stub; not loaded" /tmp/run.out'
	check_grep "--explain: all sections covered by the one Authenticode signature" \
		"all [0-9]+ sections .* are covered by the one Authenticode signature" /tmp/run.out

	# Debian's kexec-tools (2.0.25: no UKI support) on the same file.
	show /opt/kexec-tools/kexec --version
	guest_run_expect "Debian kexec-tools 2.0.25, kexec -s -p UKI" 255 "Cannot determine the file type" \
		/opt/kexec-tools/kexec -s -p /boot/uki.efi
	guest_uki_nothing_loaded "kexec-tools"

	# Refused before any system call: -d would print the kexec_file_load call.
	guest_kexec_expect "UKI with a modified .cmdline refused before any system call" 13 \
		"rejected: image-digest.*nothing was loaded" -d -s -p /boot/uki-cmdline-modified.efi
	check "no kexec_file_load call was made for it" sh -c '! grep -q "kexec_file_load(" /tmp/run.out'
	guest_uki_nothing_loaded "modified .cmdline"

	# The kernel checks the inner image's own signature, not the UKI's.
	guest_kexec_expect "UKI signed, inner .linux unsigned: our check passes, the kernel refuses it" 20 \
		"UKI .linux of /boot/uki-inner-unsigned.efi: kexec_file_load: the kernel refused" \
		-s -p /boot/uki-inner-unsigned.efi
	show sh -c 'dmesg | grep -iE "kexec|PEFILE|PKCS7|restricted" | tail -4'
	guest_uki_nothing_loaded "inner unsigned"

	# /etc/sbkexec/kexec.conf (from prepare_late) requires signed initrds.
	show cat /etc/sbkexec/kexec.conf
	guest_kexec_expect "initrd-signature = required: an initrd without signature is refused, naming it" 11 \
		"/boot/initrd-unsigned.img: initrd: unsigned: .*nothing was loaded" \
		-s -p --initrd=/boot/initrd-unsigned.img /boot/vmlinuz.ks
	guest_uki_nothing_loaded "unsigned initrd"
	guest_kexec_expect "initrd-signature = required: an initrd with a detached PKCS#7 loads" 0 \
		"initrd verified: detached PKCS#7" -s -p --initrd=/boot/initrd-p7s.img /boot/vmlinuz.ks
	check_grep "p7s initrd: kexec_crash_loaded 1" '^1$' /sys/kernel/kexec_crash_loaded
	guest_kexec_expect "unload it" 0 "" -s -p -u
	guest_kexec_expect "initrd-signature = required: an initrd with an IMA .sig loads" 0 \
		"initrd verified: IMA signature" -s -p --initrd=/boot/initrd-ima.img /boot/vmlinuz.ks
	guest_kexec_expect "unload it" 0 "" -s -p -u

	# kdump of the UKI: no --initrd (its .initrd, covered, meets initrd-signature = required),
	# kdump's words added with --append after the signed .cmdline.
	guest_kexec_expect "UKI loaded as the crash kernel with kdump's --append" 0 \
		"UKI: loading kernel = \.linux \(covered\), initrd = UKI \.initrd of /boot/uki\.efi \(covered\)" \
		-s -p --explain --append="nr_cpus=1 sbk.kdump.appended=1" /boot/uki.efi
	check_grep "one warning line names what the signature no longer covers" \
		"warning: /boot/uki.efi: UKI: \.cmdline \+ --append extends \.cmdline" /tmp/run.out
	check_grep "UKI crash kernel: kexec_crash_loaded 1" '^1$' /sys/kernel/kexec_crash_loaded
	guest_panic_with_marker
}

guest_crash() {
	guest_uki_parts_check crash
	check "crash: the words kdump appended follow the signed command line" \
		grep -q "$UKI_CMDLINE nr_cpus=1 sbk.kdump.appended=1" /proc/cmdline
	check_grep "crash: the kernel added elfcorehdr=" 'elfcorehdr=' /proc/cmdline
	guest_crash_marker
}
