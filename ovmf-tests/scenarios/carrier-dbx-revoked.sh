# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: one carried cert is revoked in dbx (TBS hash, KEK-signed update): the carrier drops it, publishes the other.
DESCRIPTION="carrier with the kernel-signing cert's TBS hash in dbx: that cert not published, kexec CA is"
. ovmf-tests/scenarios/carrier-common.inc
TIMEOUT=180
DBX="--tbs $CERTS_DIR/kernel-signing.crt"

EXPECT="carrier: cert 2 'sbkexec test kernel signing' \(sha256 [0-9a-f]+\.\.\.\): REVOKED by dbx \(X509_SHA256 of its TBSCertificate\), not published
carrier: cert 1 'sbkexec test kexec CA' \(sha256 [0-9a-f]+\.\.\.\): published in MokListRT
carrier: done: 1 published, 0 already present, 1 skipped
SBK-OUT: .*Loaded X.509 cert 'sbkexec test kexec CA
SBK-GUEST-DONE stage=1 rc=0"
FORBID="published in MokListRT.*kernel signing
cert 2 .*: published"

prepare() {
	carrier_build "$SCEN_DIR/carrier.efi" '\EFI\BOOT\linux.efi' "$(carrier_cmdline)" \
		"$CERTS_DIR/kexec-ca.der" "$CERTS_DIR/kernel-signing.der"
	sign_with db "$SCEN_DIR/carrier.efi" "$SCEN_DIR/carrier.signed.efi"
	BOOTX64=$SCEN_DIR/carrier.signed.efi
	carrier_guest_certs "$CERTS_DIR/kexec-ca.der" "$CERTS_DIR/kernel-signing.der"
	carrier_guest_keyctl
}

guest() {
	sbk_guid=5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301
	show sh -c 'dmesg | grep -E "UEFI:MokListRT|UEFI:dbx|Loaded X.509 cert|blacklist"'
	moklist=$(efivar_hex MokListRT-$EFI_SHIM_LOCK)
	record=$(efivar_hex KeyCarrierRT-$sbk_guid)
	ca=$(od -An -v -tx1 /sbk-carrier/kexec-ca.der | tr -d ' \n')
	leaf=$(od -An -v -tx1 /sbk-carrier/kernel-signing.der | tr -d ' \n')
	check "kexec CA in MokListRT" sh -c "echo '$moklist' | grep -q '$ca'"
	check "kexec CA in KeyCarrierRT" sh -c "echo '$record' | grep -q '$ca'"
	check "revoked kernel-signing cert NOT in MokListRT" sh -c "! echo '$moklist' | grep -q '$leaf'"
	check "revoked kernel-signing cert NOT in KeyCarrierRT" sh -c "! echo '$record' | grep -q '$leaf'"
	check "kexec CA in a kernel keyring" sh -c \
		"{ keyctl show %:.platform; keyctl show %:.machine; } | grep -q 'asymmetric: sbkexec test kexec CA:'"
	check "kernel-signing cert in no kernel keyring" sh -c \
		"! { keyctl show %:.platform; keyctl show %:.machine; } | grep -q 'asymmetric: sbkexec test kernel signing:'"
}
