# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: the wrong install position: firmware -> carrier A -> shim -> carrier B -> kernel. shim rewrites MokListRT and installs its own table, so A's cert reaches no keyring; KeyCarrierRT still lists it, B names it, and key-loader reports it and does not import it.
DESCRIPTION="firmware -> carrier A (kexec CA) -> shim -> carrier B (kernel signing) -> Debian kernel: A's cert lost (shim replaced MokListRT), B's kept; KeyCarrierRT lists both; key-loader status/import-firmware name the lost cert (exit 18) and import B's only"
. ovmf-tests/scenarios/shim-common.inc
TIMEOUT=240
GUEST_ENV="WANT_TABLE WANT_VAR CA_HEX KS_HEX"

EXPECT_IN_ORDER="carrier: cert 1 'sbkexec test kexec CA' \(sha256 [0-9a-f]+\.\.\.\): published in MokListRT
carrier: chaining to .EFI.BOOT.shimx64.efi
carrier: shim is verifying this boot: publishing through its MOK config table only
carrier: cert 1 'sbkexec test kexec CA' \(sha256 [0-9a-f]+\.\.\.\): recorded in KeyCarrierRT but not in the MOK config table: replaced after an earlier carrier ran \(before shim\?\)
carrier: cert 1 'sbkexec test kernel signing' \(sha256 [0-9a-f]+\.\.\.\): published in the MOK config table only
carrier: starting .EFI.BOOT.linux.efi
SBK-STAGE: 1
SBK-OK: KeyCarrierRT counts 2 carriers and lists both certs
SBK-OK: the kexec CA \(carrier A, before shim\) is in no kernel keyring
SBK-OK: key-loader status reports the cert the kernel did not get: exit 18
SBK-OK:   status: carrier B's cert is in the kernel \(the table's MokListRT and .machine\)
SBK-OK: import-firmware withholds the lost cert and imports the other: exit 18
SBK-OK: the kexec keyring holds the kernel-signing cert, not the kexec CA
SBK-GUEST-DONE stage=1 rc=0"
# key-loader's own lines (guest_run_expect prints them as SBK-OUT).
EXPECT="SBK-OUT: carried 1 +/CN=sbkexec test kexec CA/O=sbkexec test PKI: NOT in the kernel: not in the MOK config table's MokListRT
SBK-OUT: key-loader: import-firmware: 1 recorded certificate\(s\) the kernel did not get are not imported"
FORBID="nothing published"

prepare() {
	need_file "$SHIM_EFI"
	need_file "$MS_UEFI_CA"
	carrier_build "$SCEN_DIR/carrier-a.efi" '\EFI\BOOT\shimx64.efi' "unused" "$CERTS_DIR/kexec-ca.der"
	carrier_build "$SCEN_DIR/carrier-b.efi" '\EFI\BOOT\linux.efi' "$(carrier_cmdline)" \
		"$CERTS_DIR/kernel-signing.der"
	sign_with db "$SCEN_DIR/carrier-a.efi" "$SCEN_DIR/carrier-a.signed.efi"
	sign_with db "$SCEN_DIR/carrier-b.efi" "$SCEN_DIR/carrier-b.signed.efi"
	BOOTX64=$SCEN_DIR/carrier-a.signed.efi
	esp_add "$SHIM_EFI" '\EFI\BOOT\shimx64.efi'
	esp_add "$SCEN_DIR/carrier-b.signed.efi" '\EFI\BOOT\grubx64.efi'
	DB_EXTRA=$MS_UEFI_CA
	LINUX_EFI=$DEBIAN_KERNEL
	carrier_guest_keyctl
	need_file "$BUILD/key-loader/key-loader"
	WANT_VAR=$(shim_moklist_hex)
	WANT_TABLE=$WANT_VAR$(esl_hex "$SBKEXEC_GUID_HEX" "$CERTS_DIR/kernel-signing.der")
	CA_HEX=$(od -An -v -tx1 "$CERTS_DIR/kexec-ca.der" | tr -d ' \n')
	KS_HEX=$(od -An -v -tx1 "$CERTS_DIR/kernel-signing.der" | tr -d ' \n')
}

guest() {
	sbk_guid=5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301
	show sh -c 'dmesg | grep -E "UEFI:MokListRT|Loaded X.509 cert"'
	record=$(efivar_hex KeyCarrierRT-$sbk_guid)
	check "KeyCarrierRT counts 2 carriers and lists both certs" sh -c \
		"[ '$(echo "$record" | cut -c1-32)' = 53424b43010010000200000000000000 ] &&
		 echo '$record' | grep -q '$CA_HEX' && echo '$record' | grep -q '$KS_HEX'"
	check "shim's MOK table holds shim's list + carrier B's cert only" \
		[ "$(guest_mok_table_moklist)" = "$WANT_TABLE" ]
	moklist=$(efivar_hex MokListRT-$EFI_SHIM_LOCK)
	check "the MokListRT variable is shim's own (it deleted carrier A's and made its own)" \
		[ "$moklist" = "$WANT_VAR" ]
	show keyctl show %:.machine
	check "the kexec CA (carrier A, before shim) is in no kernel keyring" sh -c \
		"! { keyctl show %:.platform; keyctl show %:.machine; } | grep -q 'asymmetric: sbkexec test kexec CA:'"
	check "the kernel-signing cert (carrier B, behind shim) is in .machine" sh -c \
		"keyctl show %:.machine | grep -q 'asymmetric: sbkexec test kernel signing:'"
	# What root can read of the kernel's keyrings: both list and describe (search is refused).
	show keyctl rlist %:.platform
	# key-loader's cross-check: the record is authentic (volatile, made before ExitBootServices)
	# but partly undone: the kernel read shim's table, which lacks carrier A's cert.
	guest_kl_expect "key-loader status reports the cert the kernel did not get" 18 \
		"^carried 1 +/CN=sbkexec test kexec CA/O=sbkexec test PKI: NOT in the kernel: not in the MOK config table's MokListRT \(/sys/firmware/efi/mok-variables/MokListRT\), in no kernel keyring: its MokListRT was made after the carrier ran \(a carrier started before shim\?\)$" \
		status
	check "  status: the record still counts 2 carriers and 2 certs" \
		grep -Eq "^KeyCarrierRT +2 carrier\(s\), 2 certificate\(s\), attributes 0x00000006" /tmp/run.out
	check "  status: carrier B's cert is in the kernel (the table's MokListRT and .machine)" grep -Eq \
		"^carried 2 +/CN=sbkexec test kernel signing/O=sbkexec test PKI: in the kernel: in the MOK config table's MokListRT \(/sys/firmware/efi/mok-variables/MokListRT\), key [0-9]+ in \.machine$" \
		/tmp/run.out
	check "  status: .machine and .platform were listed" \
		grep -Eq "^kernel keys +\.machine 2 key\(s\), \.platform [1-9][0-9]* key\(s\)$" /tmp/run.out
	check "  status: 2 recorded, 1 not in the kernel" \
		grep -Eq "^carried +2 recorded: 1 in the kernel, 1 NOT in the kernel$" /tmp/run.out
	guest_kl_expect "import-firmware withholds the lost cert and imports the other" 18 \
		"^withheld \(not in the kernel\): /CN=sbkexec test kexec CA/O=sbkexec test PKI$" import-firmware
	check "  import-firmware: the kernel-signing cert added" \
		grep -Eq "^added to keyring 'kexec' \([0-9]+\) as key [0-9]+: /CN=sbkexec test kernel signing" /tmp/run.out
	ring=$(keyctl search @u keyring kexec)
	show keyctl show "$ring"
	check "the kexec keyring holds the kernel-signing cert, not the kexec CA" sh -c \
		"keyctl show $ring | grep -q 'asymmetric: sbkexec test kernel signing:' && ! keyctl show $ring | grep -q 'sbkexec test kexec CA'"
	guest_kl_expect "with --include-unconfirmed the lost cert is imported too" 0 \
		"warning: importing 1 recorded certificate\(s\) the kernel did not get \(--include-unconfirmed\)" \
		import-firmware --include-unconfirmed
	check "  and it is in the kexec keyring now" sh -c "keyctl show $ring | grep -q 'asymmetric: sbkexec test kexec CA:'"
}
