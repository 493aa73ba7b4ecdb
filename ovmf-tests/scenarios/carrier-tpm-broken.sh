# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: a TPM that is there but stops answering before the carrier is loaded: OVMF refuses to load any further image, so nothing can publish unmeasured.
DESCRIPTION="TPM present, then broken (swtpm stopped mid-boot): OVMF's LoadImage of the carrier fails (Unsupported), twice; the carrier never runs"
. ovmf-tests/scenarios/carrier-common.inc
TIMEOUT=120
TPM=1
# firmware -> chain.efi (pauses 5 s, the harness stops swtpm) -> probe + LoadImage of the
# carrier. What this shows: OVMF 2022.11 measures every image it loads (PCR 4) and, once the
# TPM fails, refuses the load (EFI_UNSUPPORTED) every time, so the carrier's own fail-closed
# path for a failing measurement (tests/test-carrier.c) cannot be reached in OVMF: a TPM that
# fails before the carrier stops the boot instead.
TPM_STOP_ON='chain: pausing'

EXPECT_IN_ORDER="chain: pausing 5 s
chain: probe .EFI.BOOT.linux.efi: LoadImage Unsupported
chain: FAILED LoadImage .EFI.BOOT.linux.efi: Unsupported"
FORBID="carrier: 
SBK-STAGE"

prepare() {
	carrier_build "$SCEN_DIR/carrier.efi" '\EFI\BOOT\vmlinuz.efi' "$(carrier_cmdline)" \
		"$CERTS_DIR/kexec-ca.der"
	sign_with db "$SCEN_DIR/carrier.efi" "$SCEN_DIR/carrier.signed.efi"
	# chain.efi (BOOTX64.EFI) starts \EFI\BOOT\linux.efi: here that is the carrier; it probes
	# it once first, so a second LoadImage shows the refusal is not a one-off.
	LINUX_EFI=$SCEN_DIR/carrier.signed.efi
	esp_add "$SIGNED_KERNEL" '\EFI\BOOT\vmlinuz.efi'
	echo 5 >"$SCEN_DIR/pause"
	esp_add "$SCEN_DIR/pause" '\sbkexec\pause'
	printf '%s\n' '\EFI\BOOT\linux.efi' >"$SCEN_DIR/probe"
	esp_add "$SCEN_DIR/probe" '\sbkexec\probe'
}
