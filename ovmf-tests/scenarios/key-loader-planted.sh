# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: no carrier ran; root plants a non-volatile KeyCarrierRT through efivarfs; key-loader import-firmware refuses it.
DESCRIPTION="key-loader: a KeyCarrierRT planted from Linux (NV|BS|RT) is refused by import-firmware (exit 17), into kexec and into _ima; none at all: exit 16"
. ovmf-tests/scenarios/kexec-common.inc
TIMEOUT=180

EXPECT="SBK-OK: no KeyCarrierRT without a carrier: exit 16
SBK-OK: root can create KeyCarrierRT as NV\|BS\|RT through efivarfs
SBK-OK: import-firmware refuses the planted KeyCarrierRT: exit 17
SBK-OK: the planted record's cert is not in any keyring named kexec
SBK-OK: import-firmware --keyring _ima refuses the planted KeyCarrierRT: exit 17
SBK-OK: no _ima keyring was created, the planted cert is in no keyring
SBK-GUEST-DONE stage=1 rc=0"

prepare() {
	need_file "$BUILD/key-loader/key-loader"
	_ca=$(command -v chattr) || skip "chattr not installed on the host (package e2fsprogs)"
	initramfs_add "$_ca" /usr/bin/chattr 0755
	for lib in $(ldd "$_ca" | awk '/=> \// { print $3 }'); do
		initramfs_add "$lib" "$lib" 0755
	done
	# The record an attacker would plant: the untrusted cert, in the KeyCarrierRT format.
	cert-to-efi-sig-list "$CERTS_DIR/untrusted.crt" "$SCEN_DIR/untrusted.esl" >/dev/null
	{ printf 'SBKC\001\000\020\000\001\000\000\000\000\000\000\000'; cat "$SCEN_DIR/untrusted.esl"; } \
		>"$SCEN_DIR/planted.bin"
	initramfs_add "$SCEN_DIR/planted.bin" /sbk-kl/planted.bin 0644
}

guest() {
	kc=$EFIVARS/KeyCarrierRT-5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301
	guest_kl_expect "no KeyCarrierRT without a carrier" 16 "no KeyCarrierRT" import-firmware
	{ printf '\007\000\000\000'; cat /sbk-kl/planted.bin; } >/tmp/planted.var
	dd if=/tmp/planted.var of="$kc" bs=65536 2>/tmp/dd.err
	sed 's/^/SBK-OUT: /' /tmp/dd.err
	check "root can create KeyCarrierRT as NV|BS|RT through efivarfs" \
		[ "$(od -An -tx1 -N4 "$kc" | tr -d ' \n')" = 07000000 ]
	guest_kl_expect "status shows the planted record" 0 "NOT volatile BS\|RT" status
	guest_kl_expect "import-firmware refuses the planted KeyCarrierRT" 17 "attributes 0x00000007, not volatile BS\|RT" import-firmware
	check "the planted record's cert is not in any keyring named kexec" sh -c \
		"! grep -q 'sbkexec test untrusted' /proc/keys"
	# The same refusal when the target is the IMA keyring (an IMA key decides what may run).
	guest_kl_expect "import-firmware --keyring _ima refuses the planted KeyCarrierRT" 17 \
		"attributes 0x00000007, not volatile BS\|RT" import-firmware --keyring _ima
	check "no _ima keyring was created, the planted cert is in no keyring" sh -c \
		"! grep -q ' keyring  *_ima: ' /proc/keys && ! grep -q 'sbkexec test untrusted' /proc/keys"
	# Leave the VARS as found (it is this scenario's copy anyway).
	chattr -i "$kc" 2>/dev/null
	rm -f "$kc" 2>/tmp/rm.err
	mark "cleanup: deleting the planted NV KeyCarrierRT: rm exit $? $(cat /tmp/rm.err)"
	return 0
}
