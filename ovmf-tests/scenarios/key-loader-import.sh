# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: key-loader fills the kexec keyring from KeyCarrierRT (no keyctl padd), kexec verifies with it; carrier files verified against efivarfs db; planting KeyCarrierRT from Linux.
DESCRIPTION="key-loader: import-firmware -> kexec keyring -> kexec -s -p verifies; verify carrier files against db; rollback on a kernel refusal; OS cannot plant KeyCarrierRT"
. ovmf-tests/scenarios/kexec-common.inc
TIMEOUT=300
MEMORY=1024
KERNEL_CMDLINE="crashkernel=256M"

EXPECT="SBK-OK: status sees KeyCarrierRT from the carrier: exit 0
SBK-OK:   status: no false alarm: both recorded certs are in the MokListRT variable and .machine
SBK-OK:   status: no TPM, and it says so
SBK-OUT: carried 2 +/CN=sbkexec test kernel signing/O=sbkexec test PKI: in the kernel: in the MokListRT variable \(no MOK config table entry\), key [0-9]+ in \.machine
SBK-OK: import-firmware fills the kexec keyring: exit 0
SBK-OK: key-loader list shows the kernel-signing cert
SBK-OK: kexec --verify-only of the kernel-signing-signed kernel with the imported key: exit 0
SBK-OK: verify of the db-signed carrier file against efivarfs db: exit 0
SBK-OK: verify of the untrusted-signed carrier file: exit 12
SBK-OK: KeyCarrierRT unchanged after the planting attempts
SBK-GUEST-DONE stage=1 rc=0"

# The kernel-signing cert's SKID, read from this build's PKI (certs are generated per machine).
GUEST_ENV="KS_SKID"

prepare() {
	need_file "$BUILD/key-loader/key-loader"
	KS_SKID=$(openssl x509 -in "$CERTS_DIR/kernel-signing.crt" -noout -ext subjectKeyIdentifier |
		tail -n1 | tr -d ' :' | tr 'A-F' 'a-f')
	[ -n "$KS_SKID" ] || finish FAIL "no subjectKeyIdentifier in $CERTS_DIR/kernel-signing.crt"
	kexec_prepare_carrier
	# The carrier files themselves, for `key-loader verify` in the guest.
	sign_with untrusted "$SCEN_DIR/carrier.efi" "$SCEN_DIR/carrier.untrusted.efi"
	initramfs_add "$SCEN_DIR/carrier.signed.efi" /sbk-kl/carrier.db.efi 0644
	initramfs_add "$SCEN_DIR/carrier.untrusted.efi" /sbk-kl/carrier.untrusted.efi 0644
	# A db-signed carrier whose 2nd cert no trusted key vouches for: the kernel refuses it in
	# .secondary_trusted_keys after accepting the 1st (issued by kexec-ca, in .machine).
	carrier_build "$SCEN_DIR/refused.efi" '\EFI\BOOT\linux.efi' "$(carrier_cmdline)" \
		"$CERTS_DIR/revoked.der" "$CERTS_DIR/untrusted.der"
	sign_with db "$SCEN_DIR/refused.efi" "$SCEN_DIR/refused.db.efi"
	initramfs_add "$SCEN_DIR/refused.db.efi" /sbk-kl/refused.db.efi 0644
	# chattr, to lift efivarfs' immutable flag for the planting attempts.
	_ca=$(command -v chattr) || skip "chattr not installed on the host (package e2fsprogs)"
	initramfs_add "$_ca" /usr/bin/chattr 0755
	initramfs_add "$(dirname "$_ca")/lsattr" /usr/bin/lsattr 0755
	for lib in $(ldd "$_ca" | awk '/=> \// { print $3 }'); do
		initramfs_add "$lib" "$lib" 0755
	done
}

# guest_plant DESC FILE ATTR-OCTAL DATA-FILE: one efivarfs write (attributes + data), result as a marker.
guest_plant() {
	{ printf "\\$3\\000\\000\\000"; cat "$4"; } >/tmp/plant.bin
	dd if=/tmp/plant.bin of="$2" bs=65536 conv=notrunc 2>/tmp/plant.err
	mark "plant: $1: dd exit $? $(grep -v records /tmp/plant.err | tr '\n' ' ')"
}

guest() {
	kc=$EFIVARS/KeyCarrierRT-5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301
	guest_kl_expect "status sees KeyCarrierRT from the carrier" 0 \
		"KeyCarrierRT +1 carrier\(s\), 2 certificate\(s\), attributes 0x00000006" status
	check "  status: no false alarm: both recorded certs are in the MokListRT variable and .machine" sh -c \
		"grep -Eq '^kernel MOKs +the kernel read the MokListRT variable \(no MOK config table entry\): 2 entries$' /tmp/run.out &&
		 grep -Eq '^kernel keys +\.machine 2 key\(s\), \.platform 1 key\(s\)$' /tmp/run.out &&
		 grep -Eq '^carried +2 recorded: 2 in the kernel, 0 NOT in the kernel$' /tmp/run.out"
	check "  status: no TPM, and it says so" grep -Eq \
		"^tpm +no TPM event log \(/sys/kernel/security/tpm0/binary_bios_measurements absent\)" /tmp/run.out
	guest_kl_expect "list before anything was imported: no keyring" 255 "keyring 'kexec' not found" list

	guest_kl_expect "import-firmware fills the kexec keyring" 0 "load: 2 added, 0 already present" import-firmware
	guest_kl_expect "key-loader list shows the kernel-signing cert" 0 \
		"asymmetric 'sbkexec test kernel signing: $KS_SKID'" list
	show keyctl show %:kexec
	guest_kl_expect "import-firmware again adds nothing (idempotent)" 0 "load: 0 added, 2 already present" --explain import-firmware

	# What the kernel itself does with a second add_key of the same cert (for the report).
	ring=$(keyctl search @u keyring kexec)
	before=$(keyctl rlist "$ring" | wc -w)
	old=$(keyctl search "$ring" asymmetric "ex:$KS_SKID")
	new=$(keyctl padd asymmetric '' "$ring" </sbk-kexec/kernel-signing.der)
	after=$(keyctl rlist "$ring" | wc -w)
	mark "kernel dedup: add_key of a cert already in the ring: key $old -> $new, keys in ring $before -> $after"
	show keyctl show "$ring"
	guest_kl_expect "import-firmware after the raw add_key: still nothing added" 0 "load: 0 added, 2 already present" import-firmware

	guest_kexec_expect "kexec --verify-only of the kernel-signing-signed kernel with the imported key" 0 \
		"trusted: chain ends at keyring 'kexec'" -s -p --verify-only --explain /boot/vmlinuz.ks
	guest_kexec_expect "kexec -s -p loads it (kernel checks it too)" 0 "" \
		-s -p --append="console=ttyS0 nr_cpus=1" /boot/vmlinuz.ks
	check_grep "/sys/kernel/kexec_crash_loaded is 1" '^1$' /sys/kernel/kexec_crash_loaded

	guest_kl_expect "verify of the db-signed carrier file against efivarfs db" 0 \
		"trusted via db/MokListRT certificate /CN=sbkexec test db" verify /sbk-kl/carrier.db.efi
	guest_kl_expect "verify of the untrusted-signed carrier file" 12 "carrier.untrusted.efi: chain" \
		verify /sbk-kl/carrier.untrusted.efi
	guest_kl_expect "load of the untrusted-signed carrier adds nothing" 12 "" load /sbk-kl/carrier.untrusted.efi
	guest_kl_expect "load of the db-signed carrier: its certs are already there" 0 \
		"load: 0 added, 2 already present" load /sbk-kl/carrier.db.efi

	# All or nothing against a kernel-restricted keyring.
	show keyctl show %:.secondary_trusted_keys
	guest_kl_expect "load into .secondary_trusted_keys: 2nd cert refused by the kernel" 20 \
		"the kernel refused /CN=sbkexec test untrusted.*ENOKEY" \
		load --keyring .secondary_trusted_keys /sbk-kl/refused.db.efi
	check "  the 1st cert (accepted) is unlinked again" sh -c \
		"! keyctl show %:.secondary_trusted_keys | grep -q 'sbkexec test revoked signer'"
	show keyctl show %:.secondary_trusted_keys

	# Planting KeyCarrierRT from Linux (efivarfs). Expected from UEFI 2.10 §8.2 and OVMF's
	# variable driver: volatile variables are read-only after ExitBootServices; an OS can
	# create only NV|BS|RT ones.
	od -An -v -tx1 "$kc" | tr -d ' \n' >/tmp/kc.before
	dd if="$kc" of=/tmp/kc.full bs=65536 2>/dev/null
	dd if=/tmp/kc.full of=/tmp/kc.data bs=1 skip=4 2>/dev/null
	show lsattr "$kc"
	chattr -i "$kc" 2>&1 | sed 's/^/SBK-OUT: /'
	guest_plant "overwrite volatile KeyCarrierRT, attributes BS|RT" "$kc" 006 /tmp/kc.data
	guest_plant "overwrite volatile KeyCarrierRT, attributes NV|BS|RT" "$kc" 007 /tmp/kc.data
	guest_plant "append to KeyCarrierRT (APPEND_WRITE|BS|RT)" "$kc" 106 /tmp/kc.data
	rm "$kc" 2>/tmp/plant.err
	mark "plant: delete KeyCarrierRT: rm exit $? $(cat /tmp/plant.err)"
	t=$EFIVARS/SbkPlantTest-5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301
	guest_plant "create a new variable, attributes BS|RT (volatile)" "$t" 006 /tmp/kc.data
	mark "plant: after that, the new volatile variable exists: $([ -s "$t" ] && echo yes || echo no)"
	# The failed create leaves an empty, immutable inode behind.
	chattr -i "$t" 2>/dev/null
	rm -f "$t" 2>/dev/null
	guest_plant "create a new variable, attributes NV|BS|RT" "$t" 007 /tmp/kc.data
	mark "plant: after that, the new NV variable exists: $([ -s "$t" ] && echo yes || echo no), attributes $(od -An -tx1 -N4 "$t" 2>/dev/null | tr -d ' \n')"
	chattr -i "$t" 2>/dev/null
	rm -f "$t" 2>/dev/null
	check "KeyCarrierRT unchanged after the planting attempts" \
		[ "$(od -An -v -tx1 "$kc" | tr -d ' \n')" = "$(cat /tmp/kc.before)" ]
	guest_kl_expect "status after the planting attempts" 0 "attributes 0x00000006 \(volatile BS\|RT\)" status
}
