# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: dbx revocation: a kernel whose hash is in dbx and one signed by a revoked cert are refused by the static kexec (14); the kernel alone does not check bin: hashes for kexec.
DESCRIPTION="dbx (image hash + revoked cert) read from efivarfs: kexec -p refuses both (exit 14); the good kernel still loads"
. ovmf-tests/scenarios/kexec-common.inc
TIMEOUT=300
MEMORY=1024
KERNEL_CMDLINE="crashkernel=256M"
DBX="--image $SCEN_DIR/vmlinuz.revoked-hash.efi --cert $CERTS_DIR/revoked.crt"

EXPECT="SBK-GUEST-DONE stage=1 rc=0"

prepare() {
	kexec_prepare_carrier
	# A different image (4 KiB of zeros appended before signing), so only it is revoked by hash.
	cp "$UNSIGNED_KERNEL" "$SCEN_DIR/vmlinuz.padded.efi"
	head -c 4096 /dev/zero >>"$SCEN_DIR/vmlinuz.padded.efi"
	sign_with kernel-signing "$SCEN_DIR/vmlinuz.padded.efi" "$SCEN_DIR/vmlinuz.revoked-hash.efi"
	initramfs_add "$SCEN_DIR/vmlinuz.revoked-hash.efi" /boot/vmlinuz.revoked-hash 0644
	sign_with revoked "$UNSIGNED_KERNEL" "$SCEN_DIR/vmlinuz.revoked-cert.efi"
	initramfs_add "$SCEN_DIR/vmlinuz.revoked-cert.efi" /boot/vmlinuz.revoked-cert 0644
}

guest() {
	show sh -c "od -An -tx1 $EFIVARS/dbx-$EFI_IMAGE_SECURITY | head -3"
	guest_keyring_add /sbk-kexec/kexec-ca.der
	guest_kexec_expect "kernel whose hash is in dbx refused" 14 "revoked: .*listed in dbx" \
		-s -p --explain /boot/vmlinuz.revoked-hash
	check_grep "nothing loaded" '^0$' /sys/kernel/kexec_crash_loaded
	guest_kexec_expect "kernel signed by a cert listed in dbx refused" 14 "revoked: .*revoked by dbx" \
		-s -p /boot/vmlinuz.revoked-cert
	check_grep "nothing loaded" '^0$' /sys/kernel/kexec_crash_loaded
	# Without efivarfs' dbx, the kernel's .blacklist (filled from dbx at boot) still revokes it.
	mkdir -p /tmp/no-efivars
	guest_kexec_expect "hash found in the kernel's .blacklist (bin:) when dbx is not read" 14 \
		"bin:[0-9a-f]+ is in the kernel .blacklist keyring" \
		-s -p --efivars /tmp/no-efivars /boot/vmlinuz.revoked-hash
	guest_kexec_expect "the good kernel (not listed) loads" 0 "" -s -p /boot/vmlinuz.ks
	guest_kexec_expect "unload" 0 "" -s -p -u
	# What the kernel alone does with the same images (facts for DESIGN.md, logged).
	kexec -s -p --verify=off /boot/vmlinuz.revoked-hash >/tmp/k.out 2>&1
	mark "kernel alone, image hash in dbx: kexec exit $?, loaded=$(cat /sys/kernel/kexec_crash_loaded)"
	show cat /tmp/k.out
	kexec -s -p -u >/dev/null 2>&1
	kexec -s -p --verify=off /boot/vmlinuz.revoked-cert >/tmp/k.out 2>&1
	mark "kernel alone, signer cert in dbx: kexec exit $?, loaded=$(cat /sys/kernel/kexec_crash_loaded)"
	show cat /tmp/k.out
	kexec -s -p -u >/dev/null 2>&1
	return 0
}
