# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: with the explicit .options word shim-allowlist the carrier extends MokListRT, so shim admits (and the chain boots) a kernel signed only by a carried key.
DESCRIPTION="shim -> carrier --shim-allowlist -> probe + boot of a kernel signed only by a carried key: shim admits it; MokListRT variable extended"
. ovmf-tests/scenarios/shim-common.inc
TIMEOUT=240
GUEST_ENV="WANT_VAR"

EXPECT_IN_ORDER="carrier: shim-allowlist opt-in: extending the MokListRT variable, so shim trusts images signed by these certs for the rest of this boot
carrier: cert 2 'sbkexec test kernel signing' \(sha256 [0-9a-f]+\.\.\.\): published in MokListRT and the MOK config table
carrier: done: 2 published, 0 already present, 0 skipped; MOK config table rebuilt
carrier: chaining to .EFI.BOOT.chain.efi
chain: probe .EFI.BOOT.vmlinuz.ks.efi: LoadImage Success
chain: starting .EFI.BOOT.linux.efi
SBK-STAGE: 1
SBK-OK: the MokListRT variable is shim.s list \+ the carried certs
SBK-GUEST-DONE stage=1 rc=0"
FORBID="Verification failed
nothing published"

prepare() {
	carrier_build "$SCEN_DIR/carrier.efi" '\EFI\BOOT\chain.efi' "unused" \
		"$CERTS_DIR/kexec-ca.der" "$CERTS_DIR/kernel-signing.der" --shim-allowlist
	sign_with db "$SCEN_DIR/carrier.efi" "$SCEN_DIR/carrier.signed.efi"
	shim_boot "$SCEN_DIR/carrier.signed.efi"
	esp_add "$CHAIN_EFI" '\EFI\BOOT\chain.efi'
	# The kernel the chain boots is signed by the carried kernel-signing key and nothing else.
	sign_with kernel-signing "$UNSIGNED_KERNEL" "$SCEN_DIR/vmlinuz.ks.efi"
	LINUX_EFI=$SCEN_DIR/vmlinuz.ks.efi
	# What makes this boot mean something: \EFI\BOOT\linux.efi carries exactly one signature,
	# by the kernel-signing key (not in db, not shim's vendor cert: only the carrier has it).
	sbverify --list "$LINUX_EFI" >"$SCEN_DIR/linux.sigs" 2>&1
	[ "$(grep -c '^signature ' "$SCEN_DIR/linux.sigs")" = 1 ] &&
		grep -q 'CN=sbkexec test kernel signing' "$SCEN_DIR/linux.sigs" ||
		finish FAIL "linux.efi is not signed by the kernel-signing key alone: $(cat "$SCEN_DIR/linux.sigs")"
	note "linux.efi: one signature, by /CN=sbkexec test kernel signing"
	esp_add "$SCEN_DIR/vmlinuz.ks.efi" '\EFI\BOOT\vmlinuz.ks.efi'
	printf '%s\n' '\EFI\BOOT\vmlinuz.ks.efi' >"$SCEN_DIR/probe"
	esp_add "$SCEN_DIR/probe" '\sbkexec\probe'
	WANT_VAR=$(shim_moklist_hex)$(esl_hex "$SBKEXEC_GUID_HEX" "$CERTS_DIR/kexec-ca.der")$(esl_hex "$SBKEXEC_GUID_HEX" "$CERTS_DIR/kernel-signing.der")
}

guest() {
	show sh -c 'dmesg | grep -E "UEFI:MokListRT|Loaded X.509 cert"'
	check "the MokListRT variable is shim's list + the carried certs" \
		[ "$(efivar_hex MokListRT-$EFI_SHIM_LOCK)" = "$WANT_VAR" ]
}
