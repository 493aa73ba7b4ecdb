# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: a db-signed key carrier publishes the kexec CA and kernel-signing certs and chains to Linux.
DESCRIPTION="carrier (db-signed) -> db-signed kernel: carried certs in MokListRT, the kernel's keyrings, KeyCarrierRT"
. ovmf-tests/scenarios/carrier-common.inc
TIMEOUT=180

EXPECT="carrier: SecureBoot=1 SetupMode=0: Secure Boot enforcing
carrier: cert 1 'sbkexec test kexec CA' \(sha256 [0-9a-f]+\.\.\.\): published in MokListRT
carrier: cert 2 'sbkexec test kernel signing' \(sha256 [0-9a-f]+\.\.\.\): published in MokListRT
carrier: done: 2 published, 0 already present, 0 skipped
carrier: chaining to .EFI.BOOT.linux.efi
SBK-OUT: .*Loading X.509 certificate: UEFI:MokListRT
SBK-OUT: .*Loaded X.509 cert 'sbkexec test kexec CA
SBK-OUT: .*Loaded X.509 cert 'sbkexec test kernel signing
SBK-GUEST-DONE stage=1 rc=0"
FORBID="nothing published"

prepare() {
	carrier_build "$SCEN_DIR/carrier.efi" '\EFI\BOOT\linux.efi' "$(carrier_cmdline)" \
		"$CERTS_DIR/kexec-ca.der" "$CERTS_DIR/kernel-signing.crt"
	sign_with db "$SCEN_DIR/carrier.efi" "$SCEN_DIR/carrier.signed.efi"
	BOOTX64=$SCEN_DIR/carrier.signed.efi
	carrier_guest_certs "$CERTS_DIR/kexec-ca.der" "$CERTS_DIR/kernel-signing.der"
	carrier_guest_keyctl
}

guest() {
	sbk_guid=5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301
	show sh -c 'dmesg | grep -E "UEFI:MokListRT|Loaded X.509 cert|Secure boot"'
	check "kernel logged the MokListRT import" sh -c 'dmesg | grep -q "Loading X.509 certificate: UEFI:MokListRT"'
	show keyctl show %:.platform
	show keyctl show %:.machine
	for cn in "sbkexec test kexec CA" "sbkexec test kernel signing"; do
		# Debian's 6.1 kernel puts plain-variable MokListRT keys in .machine, not .platform
		# (NOTES.md): assert exactly that, so a kernel that behaves otherwise is noticed.
		check "'$cn' in .machine" sh -c "keyctl show %:.machine | grep -q 'asymmetric: $cn:'"
		check "'$cn' not in .platform" sh -c "! keyctl show %:.platform | grep -q 'asymmetric: $cn:'"
	done
	# Why it matters: .machine is linked into .secondary_trusted_keys, so the carried keys are
	# trusted by kexec_file_load (and module loading), like a MOK enrolled through shim.
	show keyctl show %:.secondary_trusted_keys
	check ".machine is linked into .secondary_trusted_keys" sh -c \
		"keyctl show %:.secondary_trusted_keys | grep -q 'keyring: .machine'"
	moklist=$(efivar_hex MokListRT-$EFI_SHIM_LOCK)
	record=$(efivar_hex KeyCarrierRT-$sbk_guid)
	check "MokListRT readable from efivarfs" [ -n "$moklist" ]
	check "KeyCarrierRT readable from efivarfs" [ -n "$record" ]
	check "KeyCarrierRT header: SBKC v1, 16-byte header, 1 carrier" \
		[ "$(echo "$record" | cut -c1-32)" = "53424b43010010000100000000000000" ]
	for der in /sbk-carrier/*.der; do
		h=$(od -An -v -tx1 "$der" | tr -d ' \n')
		check "$der in MokListRT" sh -c "echo '$moklist' | grep -q '$h'"
		check "$der in KeyCarrierRT" sh -c "echo '$record' | grep -q '$h'"
	done
	attrs=$(od -An -tx1 -N4 $EFIVARS/MokListRT-$EFI_SHIM_LOCK | tr -d ' \n')
	check "MokListRT is volatile BS|RT (attributes 06000000)" [ "$attrs" = 06000000 ]
}
