# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: the IMA key arrives through the carrier (key-loader import-firmware --keyring _ima); under an appraisal policy the kernel runs the kexec make install signed and refuses a changed copy.
DESCRIPTION="IMA: carrier -> key-loader import-firmware --keyring _ima; policy 'appraise func=BPRM_CHECK fowner=4242 appraise_type=imasig'; the kexec with make install's security.ima runs, one byte changed or no signature: EACCES (audit appraise_data); how the kernel finds _ima (request_key from the appraised process, kept once found)"
. ovmf-tests/scenarios/kexec-common.inc
TIMEOUT=240
MEMORY=1024
# Only files owned by this uid are appraised, so busybox and the tools keep working.
IMA_UID=4242
IMA_POLICY="appraise func=BPRM_CHECK fowner=$IMA_UID appraise_type=imasig"
GUEST_ENV="KEXEC_IMA IMA_UID IMA_POLICY MOD_OFFSET"

# The kernel's own lines (quoted in the log by `show dmesg`): the lookup that fails from a
# private session, and the audit records of the two refusals (AUDIT_INTEGRITY_DATA, 1800).
EXPECT_IN_ORDER="SBK-OK: import-firmware --keyring _ima from a private session keyring: exit 0
SBK-OK: policy written: $IMA_POLICY
integrity: no _ima keyring: -126
SBK-OK: signed kexec from a private session, before any lookup found _ima: refused by the kernel: exit 1
SBK-OK: signed kexec from /init's keyrings \(the user-session keyring, which links @u\): runs: exit 0
SBK-OK: signed kexec from a private session, now that the kernel keeps _ima: runs: exit 0
SBK-OK: one byte changed, same security.ima: refused by the kernel \(EACCES\): exit 126
SBK-OK: no security.ima: refused by the kernel \(EACCES\): exit 126
SBK-OUT: .*audit: type=1800 .*op=appraise_data cause=invalid-signature .*name=\"/tmp/ima/kexec.first\" dev=\"tmpfs\".* res=0
SBK-OUT: .*audit: type=1800 .*op=appraise_data cause=invalid-signature .*name=\"/tmp/ima/kexec.modified\" dev=\"tmpfs\".* res=0
SBK-OUT: .*audit: type=1800 .*op=appraise_data cause=IMA-signature-required .*name=\"/tmp/ima/kexec.unsigned\" dev=\"tmpfs\".* res=0
SBK-GUEST-DONE stage=1 rc=0"
EXPECT="SBK-OK: the kexec CA is not an IMA key: skipped
SBK-OK: key-loader, started in a private session, joins one that links @u \(possessor of the rings under it\)
SBK-OK: key-loader warns that its private session does not reach _ima
SBK-OK: the changed copy runs before the policy \(nothing is appraised yet\)
SBK-OK: a file of another owner runs unappraised under the policy
SBK-OK: _ima holds the IMA signing key \(id:KEYID as the kernel looks it up\)
SBK-OK: the copy refused at the failed lookup runs now: the kernel did not keep that failure"
FORBID="audit: .*name=\"/tmp/ima/kexec(\.later)?\""

prepare() {
	need_file "$BUILD/key-loader/key-loader"
	need_file "$CERTS_DIR/ima.der"
	# make install into this scenario's tree, on the host's filesystem (xattrs): the kexec
	# and the security.ima that make install wrote. cpio carries no xattrs, so the guest
	# copies the file into its tmpfs and sets the value again with setfattr.
	_dest=$SCEN_DIR/destdir
	rm -rf "$_dest"
	make --no-print-directory -s install DESTDIR="$_dest" PREFIX=/usr BUILD="$BUILD" \
		>"$SCEN_DIR/install.log" 2>&1 || finish FAIL "make install DESTDIR=$_dest failed: $(tail -n 3 "$SCEN_DIR/install.log")"
	grep '^ima-apply' "$SCEN_DIR/install.log" | sed 's/^/    install: /'
	KEXEC_IMA=$(getfattr --absolute-names -n security.ima -e hex "$_dest/usr/sbin/kexec" 2>/dev/null |
		sed -n 's/^security.ima=0x//p')
	[ -n "$KEXEC_IMA" ] && [ "$KEXEC_IMA" = "$(od -An -v -tx1 "$BUILD/install/ima/kexec.sig" | tr -d ' \n')" ] ||
		finish FAIL "make install left security.ima '${KEXEC_IMA:-absent}' on $_dest/usr/sbin/kexec, not $BUILD/install/ima/kexec.sig"
	note "make install: getfattr -n security.ima usr/sbin/kexec = $BUILD/install/ima/kexec.sig (0x$(echo "$KEXEC_IMA" | cut -c1-18)...)"
	initramfs_add "$_dest/usr/sbin/kexec" /sbk-ima/kexec 0755
	# The byte the guest changes: in .comment (the compiler's name), so the changed copy would
	# still run if the kernel let it: the refusal is IMA's, not a crash.
	MOD_OFFSET=$(grep -obUa 'GCC: (' "$_dest/usr/sbin/kexec" | head -n1 | cut -d: -f1)
	[ -n "$MOD_OFFSET" ] || finish FAIL "no .comment string in the installed kexec"
	# The carrier publishes the kexec CA and the IMA signing cert it issued; the CA is not fit
	# to be an IMA key, so key-loader skips it for _ima.
	carrier_build "$SCEN_DIR/carrier.efi" '\EFI\BOOT\linux.efi' "$(carrier_cmdline)" \
		"$CERTS_DIR/kexec-ca.der" "$CERTS_DIR/ima.der"
	sign_with db "$SCEN_DIR/carrier.efi" "$SCEN_DIR/carrier.signed.efi"
	BOOTX64=$SCEN_DIR/carrier.signed.efi
	carrier_guest_keyctl
	for _t in setfattr getfattr; do
		_p=$(command -v $_t) || skip "$_t not installed on the host (package attr)"
		initramfs_add "$_p" "/usr/bin/$_t" 0755
		for lib in $(ldd "$_p" | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }'); do
			initramfs_add "$lib" "$lib" 0755
		done
	done
}

# guest_ima_file NAME SRC XATTR-HEX: /tmp/ima/NAME, a copy of SRC owned by IMA_UID, with that
# security.ima ("" for none).
guest_ima_file() {
	cp "$2" "/tmp/ima/$1"
	chown "$IMA_UID" "/tmp/ima/$1"
	chmod 0755 "/tmp/ima/$1"
	[ -z "$3" ] || setfattr -n security.ima -v "0x$3" "/tmp/ima/$1"
}

guest() {
	check "SecureBoot is on" [ "$(efivar_u8 SecureBoot-$EFI_GLOBAL)" = 01 ]
	check_grep "lockdown is integrity" '\[integrity\]' /sys/kernel/security/lockdown
	check "no _ima keyring before the import" sh -c "! grep -q ' keyring  *_ima: ' /proc/keys"

	# As sbkexec-import-keys.service would run it under systemd: a session keyring of its own
	# with nothing linked (KeyringMode=private, systemd's default: KEYCTL_JOIN_SESSION_KEYRING).
	guest_run_expect "import-firmware --keyring _ima from a private session keyring" 0 \
		"added to keyring '_ima' \([0-9]+\) as key [0-9]+: /CN=sbkexec test IMA signing" \
		keyctl session - key-loader import-firmware --keyring _ima
	check_grep "the kexec CA is not an IMA key: skipped" \
		'skipped \(not an IMA key: a CA \(basicConstraints CA:TRUE\).*\): /CN=sbkexec test kexec CA' /tmp/run.out
	check_grep "key-loader, started in a private session, joins one that links @u (possessor of the rings under it)" \
		"session keyring did not link the user keyring .*joined a session keyring of its own that links it" /tmp/run.out
	check_grep "key-loader warns that its private session does not reach _ima" \
		"under root's user keyring, which the session key-loader was started in does not link" /tmp/run.out
	guest_kl_expect "import-firmware --keyring _ima again, from /init's keyrings: nothing new, found by request_key" 0 \
		"is what request_key finds from this process's keyrings" import-firmware --keyring _ima
	show keyctl show %:_ima
	guest_kl_expect "status names the IMA keyring" 0 "IMA keyring +'_ima' \(id [0-9]+, 1 key\(s\)\), found by request_key" status
	_keyid=$(echo "$KEXEC_IMA" | cut -c7-14)
	check "_ima holds the IMA signing key (id:KEYID as the kernel looks it up)" \
		keyctl search %:_ima asymmetric "id:$_keyid"

	mkdir -p /tmp/ima
	# One copy per exec below: IMA keeps an inode's appraisal result (ima_get_cache_status()),
	# so each lookup case gets a file the kernel has not appraised yet.
	for _f in kexec kexec.first kexec.later; do
		guest_ima_file "$_f" /sbk-ima/kexec "$KEXEC_IMA"
	done
	cp /tmp/ima/kexec /tmp/kexec.tmp
	printf 'g' | dd of=/tmp/kexec.tmp bs=1 seek="$MOD_OFFSET" conv=notrunc 2>/dev/null
	check "the changed copy differs from the signed one in one byte" sh -c "[ \"\$(cmp -l /tmp/ima/kexec /tmp/kexec.tmp | wc -l)\" = 1 ]"
	guest_ima_file kexec.modified /tmp/kexec.tmp "$KEXEC_IMA"
	guest_ima_file kexec.unsigned /sbk-ima/kexec ""
	cp /sbk-ima/kexec /tmp/ima/kexec.root
	show getfattr -n security.ima -e hex /tmp/ima/kexec /tmp/ima/kexec.modified
	check "tmpfs keeps the security.ima make install wrote" sh -c \
		"[ \"\$(getfattr -n security.ima -e hex /tmp/ima/kexec 2>/dev/null | sed -n 's/^security.ima=0x//p')\" = '$KEXEC_IMA' ]"
	guest_run_expect "the changed copy runs before the policy (nothing is appraised yet)" 0 "sbkexec kexec" \
		/tmp/ima/kexec.modified --version

	# Debian 6.1 has no CONFIG_IMA_WRITE_POLICY: this one write is the policy for the boot.
	echo "$IMA_POLICY" >/sys/kernel/security/ima/policy
	check "policy written: $IMA_POLICY" [ $? -eq 0 ]

	# The kernel looks _ima up from the appraised process (request_key): a private session
	# does not reach root's user keyring, so this first lookup fails (and is not kept).
	guest_run_expect "signed kexec from a private session, before any lookup found _ima: refused by the kernel" 1 \
		"/tmp/ima/kexec.first: Permission denied" keyctl session - /tmp/ima/kexec.first --version
	show sh -c "dmesg | grep -E 'no _ima keyring' | tail -n 2"
	# /init has no session keyring: the user-session keyring is searched, which links @u.
	guest_run_expect "signed kexec from /init's keyrings (the user-session keyring, which links @u): runs" 0 \
		"^sbkexec kexec 0.1" /tmp/ima/kexec --version
	guest_run_expect "signed kexec from a private session, now that the kernel keeps _ima: runs" 0 \
		"^sbkexec kexec 0.1" keyctl session - /tmp/ima/kexec.later --version
	guest_run_expect "the copy refused at the failed lookup runs now: the kernel did not keep that failure" 0 \
		"^sbkexec kexec 0.1" /tmp/ima/kexec.first --version

	guest_run_expect "one byte changed, same security.ima: refused by the kernel (EACCES)" 126 "Permission denied" \
		/tmp/ima/kexec.modified --version
	guest_run_expect "no security.ima: refused by the kernel (EACCES)" 126 "Permission denied" \
		/tmp/ima/kexec.unsigned --version
	guest_run_expect "a file of another owner runs unappraised under the policy" 0 "sbkexec kexec" \
		/tmp/ima/kexec.root --version
	show sh -c "dmesg | grep -E 'audit: type=1800|integrity:'"
}
