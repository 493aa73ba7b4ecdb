# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: Microsoft-signed shim -> db-signed carrier -> Debian's signed kernel; the carried certs reach .machine through shim's MOK table; key-loader; kdump with a kernel signed by a carried key.
DESCRIPTION="shim 16.1 (MS-signed) -> carrier (db) -> Debian kernel: MOK table = shim's list + carried certs, .machine, key-loader import-firmware, kexec -s -p, panic, vmcore"
. ovmf-tests/scenarios/shim-common.inc
TIMEOUT=420
MEMORY=1024
KERNEL_CMDLINE="crashkernel=256M"
GUEST_KERNEL=1
MARK_A=SBK-VMCORE-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
MARK_B=-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')-END
GUEST_ENV="MARK_A MARK_B WANT_TABLE WANT_VAR"

EXPECT_IN_ORDER="carrier: sbkexec key carrier
carrier: SecureBoot=1 SetupMode=0: Secure Boot enforcing
carrier: shim is verifying this boot: publishing through its MOK config table only
carrier: no TPM \(EFI_TCG2_PROTOCOL not found\): publishing unmeasured
carrier: cert 1 'sbkexec test kexec CA' \(sha256 [0-9a-f]+\.\.\.\): published in the MOK config table only
carrier: cert 2 'sbkexec test kernel signing' \(sha256 [0-9a-f]+\.\.\.\): published in the MOK config table only
carrier: done: 2 published, 0 already present, 0 skipped; MOK config table rebuilt; MokListRT variable not extended
carrier: chaining to .EFI.BOOT.linux.efi
carrier: starting .EFI.BOOT.linux.efi
SBK-STAGE: 1
SBK-OK: the MOK table's MokListRT is shim's list followed by the carried certs, byte for byte
SBK-OK: key-loader import-firmware filled the kexec keyring from KeyCarrierRT
SBK-OK: key-loader status: both recorded certs in the kernel \(the table's MokListRT, .machine\): exit 0
SBK-OK: crash kernel verified in userspace and loaded with kexec_file_load: exit 0
SBK-MARK: marker written to tmpfs, triggering a panic
SBK-STAGE: crash
SBK-OK: the marker written before the panic is in /proc/vmcore
SBK-GUEST-DONE stage=crash rc=0"
EXPECT="SBK-OUT: .*integrity: Loading X.509 certificate: UEFI:MokListRT \(MOKvar table\)
SBK-OUT: .*Loaded X.509 cert 'Debian Secure Boot CA: 
SBK-OUT: .*Loaded X.509 cert 'sbkexec test kexec CA: 
SBK-OUT: .*Loaded X.509 cert 'sbkexec test kernel signing: "
FORBID="nothing published
FAILED LoadImage"

prepare() {
	kexec_prepare_carrier
	need_file "$BUILD/key-loader/key-loader"
	shim_boot "$SCEN_DIR/carrier.signed.efi"
	WANT_VAR=$(shim_moklist_hex)
	WANT_TABLE=$WANT_VAR$(esl_hex "$SBKEXEC_GUID_HEX" "$CERTS_DIR/kexec-ca.der")$(esl_hex "$SBKEXEC_GUID_HEX" "$CERTS_DIR/kernel-signing.der")
}

guest() {
	mv=/sys/firmware/efi/mok-variables
	show sh -c 'dmesg | grep -E "Secure boot|UEFI:MokListRT|UEFI:db|Loaded X.509 cert|mokvar|MOK"'
	show ls $mv
	check "the kernel found shim's MOK config table" [ -d $mv ]
	# sysfs holds one file per name: a second MokListRT entry would make the kernel warn
	# "cannot create duplicate filename" (drivers/firmware/efi/mokvar-table.c creates one per entry).
	check "exactly one MokListRT entry in the table" [ "$(ls $mv | grep -cx MokListRT)" = 1 ]
	check "the kernel had nothing to say against the table" \
		sh -c '! dmesg | grep -qiE "mokvar.*(invalid|fail|error)|duplicate filename"'
	check "the MOK table's MokListRT is shim's list followed by the carried certs, byte for byte" \
		[ "$(guest_mok_table_moklist)" = "$WANT_TABLE" ]
	check "the MokListRT variable is shim's list alone (the carrier did not widen shim's allow-list)" \
		[ "$(efivar_hex MokListRT-$EFI_SHIM_LOCK)" = "$WANT_VAR" ]
	check "MokListTrustedRT = 01 (shim's decision, kept)" [ "$(od -An -tx1 $mv/MokListTrustedRT | tr -d ' \n')" = 01 ]
	show keyctl show %:.machine
	for cn in "Debian Secure Boot CA" "sbkexec test kexec CA" "sbkexec test kernel signing"; do
		check "'$cn' in .machine" sh -c "keyctl show %:.machine | grep -q 'asymmetric: $cn:'"
	done
	guest_keyring_import
	guest_kl_expect "key-loader status: both recorded certs in the kernel (the table's MokListRT, .machine)" 0 \
		"^carried +2 recorded: 2 in the kernel, 0 NOT in the kernel$" status
	check "  status: what the kernel read is the table's entry, not the variable" grep -Eq \
		"^kernel MOKs +the kernel read the MOK config table's MokListRT \(/sys/firmware/efi/mok-variables/MokListRT\): 3 entries$" \
		/tmp/run.out
	guest_kexec_expect "crash kernel verified in userspace and loaded with kexec_file_load" 0 \
		"trusted: chain ends at keyring 'kexec'" \
		-s -p --explain --initrd=/boot/initrd.img --reuse-cmdline --append="nr_cpus=1" /boot/vmlinuz.ks
	check_grep "/sys/kernel/kexec_crash_loaded is 1" '^1$' /sys/kernel/kexec_crash_loaded
	guest_panic_with_marker
}

guest_crash() {
	mark "crash kernel up: $(uname -r)"
	check "/proc/vmcore exists" [ -e /proc/vmcore ]
	if check "the marker written before the panic is in /proc/vmcore" \
		sh -c "strings -n 24 /proc/vmcore | grep -qF '$MARK_A$MARK_B'"; then
		mark "marker $MARK_A$MARK_B found in /proc/vmcore"
	fi
}
