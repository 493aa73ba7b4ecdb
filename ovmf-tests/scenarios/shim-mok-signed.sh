# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: shim admits a carrier signed by a Machine Owner Key (pre-seeded NV|BS MokList), not by db; the carried certs follow shim's list (vendor cert + MOK) in the MOK table.
DESCRIPTION="shim -> carrier signed by a MOK (MokList pre-seeded) -> Debian kernel: shim admits it, the MOK table = vendor cert + MOK + carried certs"
. ovmf-tests/scenarios/shim-common.inc
. ovmf-tests/scenarios/tpm-common.inc
TIMEOUT=240
MOKLIST="$CERTS_DIR/mok.crt"
# With a TPM: shim logs its MOK state into PCR 14 too; the replay must still hold.
TPM=1
GUEST_ENV="WANT_VAR WANT_TABLE"

EXPECT_IN_ORDER="carrier: sbkexec key carrier
carrier: shim is verifying this boot: publishing through its MOK config table only
carrier: cert 1 'sbkexec test kexec CA' \(sha256 [0-9a-f]+\.\.\.\): published in the MOK config table only
carrier: done: 1 published, 0 already present, 0 skipped; MOK config table rebuilt; MokListRT variable not extended
carrier: measured into PCR 14: 1 certificate event\(s\) and the outcome
carrier: starting .EFI.BOOT.linux.efi
SBK-STAGE: 1
SBK-OK: the MOK table's MokListRT is shim's list \(vendor cert, MOK\) followed by the carried cert
SBK-OK: the replay of PCR 14 from the event log equals tpm2_pcrread
SBK-OK: PCR 14 holds shim's MOK events \(EV_IPL\) before the carrier's \(EV_EVENT_TAG\)
SBK-GUEST-DONE stage=1 rc=0"
EXPECT="SBK-OUT: .*Loaded X.509 cert 'sbkexec test MOK: 
SBK-OUT: .*Loaded X.509 cert 'sbkexec test kexec CA: "
FORBID="Verification failed
nothing published"

prepare() {
	carrier_build "$SCEN_DIR/carrier.efi" '\EFI\BOOT\linux.efi' "$(carrier_cmdline)" \
		"$CERTS_DIR/kexec-ca.der"
	# Signed by the MOK only: db does not vouch for this carrier, MokList does.
	sign_with mok "$SCEN_DIR/carrier.efi" "$SCEN_DIR/carrier.mok.efi"
	if sbverify --cert "$CERTS_DIR/db.crt" "$SCEN_DIR/carrier.mok.efi" >/dev/null 2>&1; then
		finish FAIL "the MOK-signed carrier verifies against db: the scenario would prove nothing"
	fi
	shim_boot "$SCEN_DIR/carrier.mok.efi"
	carrier_guest_keyctl
	tpm_guest_tools
	WANT_VAR=$(shim_moklist_hex)$(esl_hex "$SHIM_LOCK_GUID_HEX" "$CERTS_DIR/mok.der")
	WANT_TABLE=$WANT_VAR$(esl_hex "$SBKEXEC_GUID_HEX" "$CERTS_DIR/kexec-ca.der")
}

guest() {
	show sh -c 'dmesg | grep -E "UEFI:MokListRT|Loaded X.509 cert"'
	check "MokList itself is not visible to the OS (NV|BS, no RT)" [ ! -e $EFIVARS/MokList-$EFI_SHIM_LOCK ]
	check "the MokListRT variable is shim's mirror: vendor cert + MOK" \
		[ "$(efivar_hex MokListRT-$EFI_SHIM_LOCK)" = "$WANT_VAR" ]
	check "the MOK table's MokListRT is shim's list (vendor cert, MOK) followed by the carried cert" \
		[ "$(guest_mok_table_moklist)" = "$WANT_TABLE" ]
	for cn in "sbkexec test MOK" "sbkexec test kexec CA"; do
		check "'$cn' in .machine" sh -c "keyctl show %:.machine | grep -q 'asymmetric: $cn:'"
	done
	guest_tpm_check_replay
	# The PCR 14 event types in log order: shim's first, ours after (the carrier runs later).
	types=$(awk '/PCRIndex: 14/ { p = 1; next } p && /EventType:/ { print $2; p = 0 }' /tmp/eventlog.yaml | tr '\n' ' ')
	mark "PCR 14 events: $types"
	check "PCR 14 holds shim's MOK events (EV_IPL) before the carrier's (EV_EVENT_TAG)" \
		sh -c "echo '$types' | grep -Eq '^(EV_IPL )+(EV_EVENT_TAG )+\$'"
}
