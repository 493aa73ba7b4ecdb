# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: with a TPM (swtpm) the carrier measures every cert decision and its outcome into PCR 14; the log replays to the PCR; same certs, same PCR on another boot; other certs, another PCR; key-loader status shows the events and the replay.
DESCRIPTION="TPM: carrier X / carrier Y / carrier X on three boots: events in the log as documented, replay = tpm2_pcrread, X twice the same PCR 14, Y another; key-loader status: events, replay matches, each recorded cert measured"
. ovmf-tests/scenarios/kexec-common.inc
. ovmf-tests/scenarios/tpm-common.inc
TIMEOUT=300
TPM=1
REBOOTS=1
# The guest rewrites \EFI\BOOT\BOOTX64.EFI between boots.
GUEST_MODULES="virtio_pci virtio_blk vfat nls_cp437 nls_ascii"
GUEST_ENV="PCR_X PCR_Y EVENTS_X"

EXPECT_IN_ORDER="carrier: measured into PCR 14: 2 certificate event\(s\) and the outcome \(EV_EVENT_TAG 'SBKM'\)
SBK-MARK: boot 1 \(carrier X\)
SBK-OK: the replay of PCR 14 from the event log equals tpm2_pcrread
SBK-OK: the log holds carrier X's three events, byte for byte as lib/carrier-event.h lays them out
SBK-OK: PCR 14 is what the host computes from carrier X's certs
SBK-OK: key-loader status: the carrier's events, replay matches: exit 0
SBK-OK:   status: its replay is tpm2_pcrread's PCR 14
SBK-OK:   status: both recorded certs measured, published, in a run with result 0
SBK-OK:   status: the outcome decoded
SBK-OK:   status: both certs in the kernel
carrier: measured into PCR 14: 1 certificate event\(s\) and the outcome
SBK-MARK: boot 2 \(carrier Y\)
SBK-OK: the replay of PCR 14 from the event log equals tpm2_pcrread
SBK-OK: PCR 14 is what the host computes from carrier Y's cert
SBK-OK: different certs, different PCR 14 than boot 1
SBK-OK: key-loader status on boot 2: replay matches, the one recorded cert measured: exit 0
carrier: measured into PCR 14: 2 certificate event\(s\) and the outcome
SBK-MARK: boot 3 \(carrier X again\)
SBK-OK: the replay of PCR 14 from the event log equals tpm2_pcrread
SBK-OK: same certs, the same PCR 14 as boot 1
SBK-GUEST-DONE stage=1 rc=0"
FORBID="no TPM
TPM measurement failed
nothing published"

prepare() {
	carrier_build "$SCEN_DIR/carrier-x.efi" '\EFI\BOOT\linux.efi' "$(carrier_cmdline)" \
		"$CERTS_DIR/kexec-ca.der" "$CERTS_DIR/kernel-signing.der"
	carrier_build "$SCEN_DIR/carrier-y.efi" '\EFI\BOOT\linux.efi' "$(carrier_cmdline)" \
		"$CERTS_DIR/kexec-ca.der"
	sign_with db "$SCEN_DIR/carrier-x.efi" "$SCEN_DIR/carrier-x.signed.efi"
	sign_with db "$SCEN_DIR/carrier-y.efi" "$SCEN_DIR/carrier-y.signed.efi"
	BOOTX64=$SCEN_DIR/carrier-x.signed.efi
	initramfs_add "$SCEN_DIR/carrier-x.signed.efi" /sbk-tpm/carrier-x.efi 0644
	initramfs_add "$SCEN_DIR/carrier-y.signed.efi" /sbk-tpm/carrier-y.efi 0644
	tpm_guest_tools
	# What the carrier measures, written out on the host from the documented layout: each
	# cert published (decision 1) into MokListRT and KeyCarrierRT (dest 5), then the outcome.
	_x1=$(tpm_cert_event 1 1 0 5 "$CERTS_DIR/kexec-ca.der")
	_x2=$(tpm_cert_event 2 1 0 5 "$CERTS_DIR/kernel-signing.der")
	_x3=$(tpm_outcome_event 0 2 0 0 5)
	EVENTS_X="$_x1 $_x2 $_x3"
	PCR_X=$(tpm_replay $EVENTS_X)
	PCR_Y=$(tpm_replay "$(tpm_cert_event 1 1 0 5 "$CERTS_DIR/kexec-ca.der")" "$(tpm_outcome_event 0 1 0 0 5)")
	note "expected PCR 14: carrier X $PCR_X, carrier Y $PCR_Y"
}

# guest_tpm_next_boot N PCR CARRIER: remember this boot's PCR 14 in a new NV variable (the OS
# may create NV|BS|RT variables; NOTES.md), make CARRIER the next BOOTX64.EFI and reboot.
guest_tpm_next_boot() {
	printf '\007\000\000\000%s' "$2" >"$EFIVARS/SbkTpmBoot$1-5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301"
	mount -t vfat /dev/vda /mnt || { echo "SBK-FAIL: cannot mount the ESP"; return 1; }
	cp "$3" /mnt/EFI/BOOT/BOOTX64.EFI && sync && umount /mnt
	mark "boot $1 done, next: $(basename "$3"); rebooting"
	reboot -f
}

guest_tpm_saved() { # N: the PCR 14 value boot N saved ("" if there was no boot N)
	_h=$(efivar_hex "SbkTpmBoot$1-5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301")
	# The variable holds the PCR as text: hex pairs back to characters.
	[ -z "$_h" ] || printf "$(echo "$_h" | sed 's/\(..\)/\\x\1/g')"
}

guest() {
	pcr1=$(guest_tpm_saved 1)
	pcr2=$(guest_tpm_saved 2)
	if [ -z "$pcr1" ]; then
		mark "boot 1 (carrier X)"
		guest_tpm_check_replay
		ok=1
		for e in $EVENTS_X; do grep -q "Event: \"$e\"" /tmp/eventlog.yaml || ok=0; done
		check "the log holds carrier X's three events, byte for byte as lib/carrier-event.h lays them out" [ "$ok" = 1 ]
		check "PCR 14 is what the host computes from carrier X's certs" [ "$PCR14" = "$PCR_X" ]
		guest_kl_expect "key-loader status: the carrier's events, replay matches" 0 \
			"^tpm replay +PCR 14 \(sha256\) from 3 event\(s\): [0-9a-f]{64}; the TPM's \(/sys/class/tpm/tpm0/pcr-sha256/14\) is the same: replay matches$" \
			status
		check "  status: its replay is tpm2_pcrread's PCR 14" grep -q "from 3 event(s): $PCR14; " /tmp/run.out
		check "  status: both recorded certs measured, published, in a run with result 0" sh -c \
			"grep -Eq '^tpm cert 1 +/CN=sbkexec test kexec CA/O=sbkexec test PKI: measured: event #[0-9]+ \(published\), outcome #[0-9]+ with result 0$' /tmp/run.out &&
			 grep -Eq '^tpm cert 2 +/CN=sbkexec test kernel signing/O=sbkexec test PKI: measured: event #[0-9]+ \(published\), outcome #[0-9]+ with result 0$' /tmp/run.out"
		check "  status: the outcome decoded" grep -Eq \
			"^tpm event +#[0-9]+ PCR 14: sbkexec outcome: result 0 \(its certificate events took effect\): 2 published, 0 already present, 0 skipped; wrote MokListRT variable, KeyCarrierRT$" \
			/tmp/run.out
		check "  status: both certs in the kernel" grep -Eq "^carried +2 recorded: 2 in the kernel, 0 NOT in the kernel$" /tmp/run.out
		# The log and the TPM's PCR 14, for tests/data (after_vm writes them to $SCEN_DIR).
		od -An -v -tx1 /sys/kernel/security/tpm0/binary_bios_measurements | tr -d ' ' | sed 's/^/SBK-EVENTLOG: /'
		sed 's/^/SBK-PCR14: /' /sys/class/tpm/tpm0/pcr-sha256/14
		guest_tpm_next_boot 1 "$PCR14" /sbk-tpm/carrier-y.efi
	elif [ -z "$pcr2" ]; then
		mark "boot 2 (carrier Y)"
		guest_tpm_check_replay
		check "PCR 14 is what the host computes from carrier Y's cert" [ "$PCR14" = "$PCR_Y" ]
		check "different certs, different PCR 14 than boot 1" [ "$PCR14" != "$pcr1" ]
		guest_kl_expect "key-loader status on boot 2: replay matches, the one recorded cert measured" 0 \
			"^tpm cert 1 +/CN=sbkexec test kexec CA/O=sbkexec test PKI: measured: event #[0-9]+ \(published\)" status
		check "  status on boot 2: replay matches" grep -q "from 2 event(s): $PCR14; .* replay matches$" /tmp/run.out
		guest_tpm_next_boot 2 "$PCR14" /sbk-tpm/carrier-x.efi
	else
		mark "boot 3 (carrier X again)"
		guest_tpm_check_replay
		mark "PCR 14: boot 1 $pcr1, boot 2 $pcr2, boot 3 $PCR14"
		check "same certs, the same PCR 14 as boot 1" [ "$PCR14" = "$pcr1" ]
	fi
}

# Boot 1's event log and PCR 14 as files (the provenance of tests/data/q35-ovmf-swtpm-carrier-x.*),
# and key-loader on the host reading them as the guest did.
after_vm() {
	grep -a '^SBK-EVENTLOG: ' "$SCEN_DIR/serial.log" | tr -d '\r' | sed 's/^SBK-EVENTLOG: //' |
		xxd -r -p >"$SCEN_DIR/binary_bios_measurements"
	grep -a '^SBK-PCR14: ' "$SCEN_DIR/serial.log" | tr -d '\r' | sed 's/^SBK-PCR14: //' >"$SCEN_DIR/pcr-sha256-14"
	host_check "boot 1's saved log replays to its saved PCR 14 (key-loader status on the host)" sh -c \
		"$BUILD/key-loader/key-loader status --efivars $SCEN_DIR/no-efivars --tpm-log $SCEN_DIR/binary_bios_measurements \
		 --tpm-pcr $SCEN_DIR/pcr-sha256-14 | grep -q 'replay matches'"
}
