# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: Debian root without a carrier: the import unit is skipped, kdump-tools' crash kernel is refused at boot (tampered) and after a planted KeyCarrierRT (fail closed); kexec-tools fails at the same step.
DESCRIPTION="Debian root, no carrier: import unit skipped; tampered crash kernel refused at boot, system boots on; planted NV KeyCarrierRT refused by the unit, kdump then refuses Debian's kernel; kexec-tools: ENOKEY at the same step"
. ovmf-tests/scenarios/debian-common.inc
TIMEOUT=400
GUEST_ENV="KVER"

EXPECT_IN_ORDER="kdump-tools\[[0-9]+\]: kexec: /boot/vmlinuz-[^ ]+\.tampered: rejected: image-digest: .*nothing was loaded
kdump-tools\[[0-9]+\]: failed to load kdump kernel
SBK-STAGE: 1
SBK-OK: no carrier: sbkexec-import-keys.service was skipped at boot, systemd says why
SBK-OK: the system booted on: kdump-tools refused the tampered kernel, nothing loaded
SBK-OK: planted KeyCarrierRT: sbkexec-import-keys.service fails
SBK-OK: planted KeyCarrierRT: key-loader says why
SBK-OK: planted KeyCarrierRT: no kexec keyring: exit 255
SBK-OK: kdump-tools refuses Debian's kernel: no trusted key
SBK-OK: kexec-tools: kdump-tools fails at the same step: the kernel refuses the image
SBK-GUEST-DONE stage=1 rc=0"

prepare() {
	debian_root_prepare
	debian_tampered_kernel
	debian_kdump_config "KDUMP_KERNEL=/boot/vmlinuz-$KVER.tampered"
	# The record an attacker would plant: a "carrier" vouching for Debian's signer, in the
	# KeyCarrierRT format (lib/keycarrier.h), written from Linux as NV|BS|RT (efivarfs).
	sbattach --detach "$SCEN_DIR/debian-kernel.p7" "$DEBIAN_BASE/vmlinuz" >/dev/null
	openssl pkcs7 -inform DER -in "$SCEN_DIR/debian-kernel.p7" -print_certs >"$SCEN_DIR/debian-signer.pem"
	cert-to-efi-sig-list "$SCEN_DIR/debian-signer.pem" "$SCEN_DIR/debian-signer.esl" >/dev/null
	{ printf '\007\000\000\000SBKC\001\000\020\000\001\000\000\000\000\000\000\000'; cat "$SCEN_DIR/debian-signer.esl"; } \
		>"$DISK_TREE/root/planted.var"
}

guest() {
	kc=$EFIVARS/KeyCarrierRT-5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301
	guest_journal sbkexec-import-keys.service
	guest_journal kdump-tools.service
	journalctl -b -u sbkexec-import-keys.service -o cat >/tmp/boot-import.out 2>&1
	check "no carrier: sbkexec-import-keys.service was skipped at boot, systemd says why" grep -qF \
		"sbkexec-import-keys.service - Import the key carrier's certificates into the kexec keyring was skipped because of an unmet condition check (ConditionPathExists=$kc)" \
		/tmp/boot-import.out
	journalctl -b -u kdump-tools.service -o cat >/tmp/boot-kdump.out 2>&1
	check "the system booted on: kdump-tools refused the tampered kernel, nothing loaded" sh -c \
		"grep -Eq '^kexec: /boot/vmlinuz-$KVER.tampered: rejected: image-digest: .*nothing was loaded' /tmp/boot-kdump.out && [ \"\$(cat /sys/kernel/kexec_crash_loaded)\" = 0 ]"
	# Back to Debian's default crash kernel (its conffile's value).
	sed -i 's|^KDUMP_KERNEL=.*|KDUMP_KERNEL=/var/lib/kdump/vmlinuz|' /etc/default/kdump-tools

	# Root plants a non-volatile KeyCarrierRT vouching for exactly the right certificate.
	dd if=/root/planted.var of="$kc" bs=65536 2>/dev/null
	show sh -c "od -An -tx1 -N4 $kc"
	systemctl restart sbkexec-import-keys.service
	check "planted KeyCarrierRT: sbkexec-import-keys.service fails" [ "$(guest_unit_state sbkexec-import-keys.service)" = failed ]
	guest_journal sbkexec-import-keys.service
	check "planted KeyCarrierRT: key-loader says why" sh -c \
		"journalctl -b -u sbkexec-import-keys.service -o cat | grep -q 'attributes 0x00000007, not volatile BS|RT'"
	guest_run_expect "planted KeyCarrierRT: no kexec keyring" 255 "keyring 'kexec' not found" key-loader list
	guest_kdump_restart
	check "kdump-tools refuses Debian's kernel: no trusted key" sh -c \
		"grep -Eq '^kexec: /var/lib/kdump/vmlinuz: untrusted: trust: no trusted key: .*nothing was loaded' /tmp/kdump.out && [ \"\$(cat /sys/kernel/kexec_crash_loaded)\" = 0 ]"

	# The comparison: Debian's kexec-tools with no carrier and the same kernel.
	systemctl stop kdump-tools.service
	dpkg -r sbkexec 2>&1 | sed 's/^/SBK-OUT: dpkg -r: /'
	guest_kdump_restart
	check "kexec-tools: kdump-tools fails at the same step: the kernel refuses the image" sh -c \
		"grep -q 'kexec_file_load failed: Required key not available' /tmp/kdump.out && [ \"\$(cat /sys/kernel/kexec_crash_loaded)\" = 0 ]"
	chattr -i "$kc" 2>/dev/null
	rm -f "$kc"
	return 0
}
