# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: dbx holds a malformed list (accepted by OVMF) before a list that revokes a carried cert: the carrier publishes nothing, Linux boots.
DESCRIPTION="dbx = malformed X.509 list + TBS hash of the kernel-signing cert: carrier publishes nothing (fail closed), Linux still boots"
. ovmf-tests/scenarios/carrier-common.inc
TIMEOUT=180
# OVMF's format check of a dbx append parses only the first entry of an X.509 list (seen:
# a structurally broken list, or trailing bytes, get "Invalid Parameter"; this one is accepted),
# so a KEK-signed update can leave dbx malformed by the carrier's rules. The second list is
# well-formed and revokes cert 2: a scan that stopped at the bad list would publish cert 2.
DBX="--malformed-x509 $CERTS_DIR/untrusted.crt --tbs $CERTS_DIR/kernel-signing.crt"

EXPECT_IN_ORDER="carrier: SecureBoot=1 SetupMode=0: Secure Boot enforcing
carrier: dbx is malformed: its revocations cannot be trusted, publishing nothing \(der\)
carrier: nothing published \(der\)
carrier: chaining to .EFI.BOOT.linux.efi
SBK-STAGE: 1
SBK-GUEST-DONE stage=1 rc=0"
FORBID="published in MokListRT
REVOKED by dbx
SBK-OUT: .*Loaded X.509 cert 'sbkexec test kexec CA"

# SHA-256 of the kernel-signing cert's TBSCertificate, as the second dbx list holds it.
GUEST_ENV="KS_TBS"

prepare() {
	cert-to-efi-hash-list -s 256 "$CERTS_DIR/kernel-signing.crt" "$SCEN_DIR/tbs.esl" >/dev/null
	KS_TBS=$(od -An -v -tx1 -j44 -N32 "$SCEN_DIR/tbs.esl" | tr -d ' \n')
	carrier_build "$SCEN_DIR/carrier.efi" '\EFI\BOOT\linux.efi' "$(carrier_cmdline)" \
		"$CERTS_DIR/kexec-ca.der" "$CERTS_DIR/kernel-signing.der"
	sign_with db "$SCEN_DIR/carrier.efi" "$SCEN_DIR/carrier.signed.efi"
	BOOTX64=$SCEN_DIR/carrier.signed.efi
	carrier_guest_keyctl
}

guest() {
	sbk_guid=5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301
	# What Linux made of the same dbx (it parses entry by entry and logs the junk one).
	show sh -c 'dmesg | grep -iE "dbx|blacklist|UEFI:MokListRT|Loaded X.509 cert|Problem loading"'
	check "dbx has the two lists of the update (X.509 + X509_SHA256)" \
		[ -n "$(efivar_hex dbx-$EFI_IMAGE_SECURITY)" ]
	# Linux reads dbx entry by entry: it took the well-formed 2nd list (a tbs: blacklist key).
	show keyctl show %:.blacklist
	check "the kernel blacklisted tbs:<kernel-signing TBS hash> from the 2nd list" sh -c \
		"keyctl show %:.blacklist | grep -q 'blacklist: tbs:$KS_TBS'"
	check "no MokListRT variable" [ ! -e $EFIVARS/MokListRT-$EFI_SHIM_LOCK ]
	check "no KeyCarrierRT variable" [ ! -e $EFIVARS/KeyCarrierRT-$sbk_guid ]
	check "kernel imported nothing from MokListRT" sh -c '! dmesg | grep -q "UEFI:MokListRT"'
	check "no carried cert in .machine or .platform" sh -c \
		"! { keyctl show %:.platform; keyctl show %:.machine; } | grep -q 'asymmetric: sbkexec test k'"
}
