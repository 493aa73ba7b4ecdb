# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: a MokList as large as OVMF's NV store takes (~33 KB, dozens of MOKs) behind shim: the carrier appends to shim's table and Linux imports every cert.
DESCRIPTION="shim with a ~33 KB MokList (as many MOKs as one NV variable holds) -> carrier -> Debian kernel: table = shim's whole list + carried certs, every cert imported"
. ovmf-tests/scenarios/shim-common.inc
TIMEOUT=300
GUEST_ENV="WANT_VAR WANT_TABLE NMOKS"

# OVMF 2022.11 (4 MiB build) takes variables of at most 33732 bytes (NV) and 262084 bytes
# (volatile, QueryVariableInfo as enroll-keys prints it). So the largest MokList it stores
# becomes ONE MokListRT: shim 16.1 splits into MokListRT1, ... only when the list exceeds
# min(max variable size, remaining storage) for volatile variables (mok.c mirror_mok_db),
# which no MokList OVMF accepts can do. The split itself is covered by tests/test-carrier.c.
MOK_BUDGET=33600

EXPECT_IN_ORDER="carrier: shim is verifying this boot: publishing through its MOK config table only
carrier: done: 2 published, 0 already present, 0 skipped; MOK config table rebuilt; MokListRT variable not extended
SBK-STAGE: 1
SBK-OK: the MOK table's MokListRT is shim's whole list followed by the carried certs
SBK-OK: every MOK, the vendor cert and both carried certs were loaded from the table
SBK-GUEST-DONE stage=1 rc=0"
FORBID="nothing published
Verification failed"

# make_large_moklist DIR: self-signed RSA-2048 certs "sbkexec test large MOK NN" whose
# one-cert lists add up to at most MOK_BUDGET bytes; made once, kept in DIR (build output).
make_large_moklist() {
	[ -f "$1/done" ] && return 0
	rm -rf "$1.tmp" && mkdir -p "$1.tmp"
	_total=0 _i=0
	while :; do
		_i=$((_i + 1))
		_n=$(printf '%02d' "$_i")
		openssl req -new -x509 -sha256 -days 3650 -newkey rsa:2048 -nodes -keyout /dev/null \
			-subj "/CN=sbkexec test large MOK $_n" -out "$1.tmp/mok-$_n.crt" 2>/dev/null
		_sz=$(( $(openssl x509 -in "$1.tmp/mok-$_n.crt" -outform DER | wc -c) + 44 ))
		if [ $((_total + _sz)) -gt "$MOK_BUDGET" ]; then
			rm -f "$1.tmp/mok-$_n.crt"
			break
		fi
		_total=$((_total + _sz))
	done
	echo "$_total" >"$1.tmp/done"
	rm -rf "$1" && mv "$1.tmp" "$1"
}

prepare() {
	make_large_moklist "$BUILD/ovmf/large-moklist"
	MOKLIST=$(ls "$BUILD"/ovmf/large-moklist/mok-*.crt | tr '\n' ' ')
	NMOKS=$(echo $MOKLIST | wc -w)
	note "MokList: $NMOKS MOKs, $(cat "$BUILD/ovmf/large-moklist/done") bytes"
	carrier_build "$SCEN_DIR/carrier.efi" '\EFI\BOOT\linux.efi' "$(carrier_cmdline)" \
		"$CERTS_DIR/kexec-ca.der" "$CERTS_DIR/kernel-signing.der"
	sign_with db "$SCEN_DIR/carrier.efi" "$SCEN_DIR/carrier.signed.efi"
	shim_boot "$SCEN_DIR/carrier.signed.efi"
	carrier_guest_keyctl
	WANT_VAR=$(shim_moklist_hex)
	for c in $MOKLIST; do
		openssl x509 -in "$c" -outform DER -out "$SCEN_DIR/mok.der"
		WANT_VAR=$WANT_VAR$(esl_hex "$SHIM_LOCK_GUID_HEX" "$SCEN_DIR/mok.der")
	done
	WANT_TABLE=$WANT_VAR$(esl_hex "$SBKEXEC_GUID_HEX" "$CERTS_DIR/kexec-ca.der")$(esl_hex "$SBKEXEC_GUID_HEX" "$CERTS_DIR/kernel-signing.der")
}

guest() {
	mark "MokListRT variable: $(($(wc -c <$EFIVARS/MokListRT-$EFI_SHIM_LOCK) - 4)) bytes; MokListRT1: $([ -e $EFIVARS/MokListRT1-$EFI_SHIM_LOCK ] && echo present || echo absent)"
	check "shim mirrored the whole list into one MokListRT variable (no MokListRT1 on OVMF)" \
		[ "$(efivar_hex MokListRT-$EFI_SHIM_LOCK)" = "$WANT_VAR" ]
	check "the MOK table's MokListRT is shim's whole list followed by the carried certs" \
		[ "$(guest_mok_table_moklist)" = "$WANT_TABLE" ]
	n=$(dmesg | grep -c 'integrity: Loading X.509 certificate: UEFI:MokListRT (MOKvar table)')
	mark "kernel: $n certificates loaded from the MOK table (want $NMOKS MOKs + vendor cert + 2 carried)"
	check "every MOK, the vendor cert and both carried certs were loaded from the table" \
		[ "$n" -eq $((NMOKS + 3)) ]
	m=$(keyctl show %:.machine | grep -c 'asymmetric: sbkexec test large MOK ')
	check "all $NMOKS large-list MOKs are in .machine" [ "$m" -eq "$NMOKS" ]
	for cn in "Debian Secure Boot CA" "sbkexec test kexec CA" "sbkexec test kernel signing"; do
		check "'$cn' in .machine" sh -c "keyctl show %:.machine | grep -q 'asymmetric: $cn:'"
	done
}
