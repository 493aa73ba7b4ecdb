# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: with the same raised SbatLevel, a carrier whose .sbat says sbkexec,2 (make carrier SBAT=...) is admitted by shim again and publishes.
DESCRIPTION="SbatLevel with sbkexec,2: a carrier rebuilt with SBAT=sbkexec,2 boots through shim and publishes"
. ovmf-tests/scenarios/shim-common.inc
TIMEOUT=240
SBAT_LEVEL='sbat,1,2030010100\nshim,4\ngrub,5\nsbkexec,2\n'

EXPECT_IN_ORDER="carrier: sbkexec key carrier
carrier: cert 1 'sbkexec test kexec CA' \(sha256 [0-9a-f]+\.\.\.\): published in the MOK config table only
carrier: starting .EFI.BOOT.linux.efi
SBK-STAGE: 1
SBK-OK: SbatLevelRT is the raised level shim kept
SBK-GUEST-DONE stage=1 rc=0"
FORBID="Verification failed
nothing published"
GUEST_ENV="WANT_SBAT"

prepare() {
	printf '%s\n%s\n' 'sbat,1,SBAT Version,sbat,1,https://github.com/rhboot/shim/blob/main/SBAT.md' \
		'sbkexec,2,sbkexec,sbkexec,0.2,none' >"$SCEN_DIR/sbat.csv"
	# The documented interface (efi/README.md): make carrier ... SBAT=file.
	make --no-print-directory carrier CERTS="$CERTS_DIR/kexec-ca.der" CHAIN='\EFI\BOOT\linux.efi' \
		CMDLINE="$(carrier_cmdline)" SBAT="$SCEN_DIR/sbat.csv" OUT="$SCEN_DIR/carrier.efi" >/dev/null
	sign_with db "$SCEN_DIR/carrier.efi" "$SCEN_DIR/carrier.signed.efi"
	shim_boot "$SCEN_DIR/carrier.signed.efi"
	WANT_SBAT=$(printf '%b' "$SBAT_LEVEL" | od -An -v -tx1 | tr -d ' \n')
}

guest() {
	show sh -c 'tr "\n" " " </sys/firmware/efi/mok-variables/SbatLevelRT; echo'
	check "SbatLevelRT is the raised level shim kept" \
		[ "$(od -An -v -tx1 /sys/firmware/efi/mok-variables/SbatLevelRT | tr -d ' \n')" = "$WANT_SBAT" ]
}
