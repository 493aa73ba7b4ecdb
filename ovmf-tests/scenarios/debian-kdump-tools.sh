# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: Debian 12 on a disk: our .deb, sbkexec-import-keys.service, Debian's kdump-tools loading Debian's kernel through our kexec, a crash, the dump on disk read by the host.
DESCRIPTION="Debian root: carrier (token-signed) -> systemd -> import unit -> kdump-tools via our kexec (verified line); tampered kernel refused; kexec-tools comparison after dpkg -r; crash -> kdump-tools-dump -> /var/crash read with debugfs + makedumpfile"
. ovmf-tests/scenarios/debian-common.inc
MARK=SBK-KMSG-MARKER-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
# IMA under systemd (guest_ima_systemd): only files owned by this uid are appraised.
IMA_POLICY="appraise func=BPRM_CHECK fowner=4242 appraise_type=imasig"
GUEST_ENV="MARK KVER IMA_POLICY"

EXPECT_IN_ORDER="Finished .*into the kexec keyring\.
$KDUMP_VERIFIED_RE
SBK-STAGE: 1
SBK-OK: sbkexec-import-keys.service is active
SBK-OK: /sbin/kexec carries the package's IMA signature as security.ima, written by the postinst, kept on the disk
SBK-OK: kdump-tools.service loaded the crash kernel through our kexec
SBK-OK: tampered crash kernel: refused with our message, kdump-tools says it failed to load
SBK-OK: tampered crash kernel: nothing loaded
SBK-OK: tampered crash kernel: kdump-config status says not ready
SBK-OK: after dpkg -r sbkexec, /sbin/kexec is kexec-tools
SBK-OK: kexec-tools: kdump-tools.service loads the same crash kernel
SBK-OK: after dpkg -i again, kdump-tools loads through our kexec
SBK-OK: from a systemd service with KeyringMode=private: key-loader import-firmware --keyring _ima: exit 0
SBK-OK: IMA policy written: $IMA_POLICY
integrity: no _ima keyring: -126
SBK-OK: a service with KeyringMode=private, before any lookup found _ima: the signed kexec is refused
SBK-OK: a service with KeyringMode=shared: the signed kexec runs, the kernel keeps _ima
SBK-OK: a service with KeyringMode=private, after that: the signed kexec runs
SBK-MARK: marker written to the kernel log, triggering a panic
Kernel panic - not syncing: sysrq triggered crash
Starting .*kdump-tools-dump\.
kdump-tools\[[0-9]+\]: .*saved vmcore in /var/crash/"
FORBID="SBK-GUEST-DONE"

prepare() {
	debian_root_prepare
	# The IMA signing cert too: guest_ima_systemd imports it into _ima.
	debian_carrier_prepare "$CERTS_DIR/ima.der"
	debian_tampered_kernel
	command -v makedumpfile >/dev/null || skip "makedumpfile not installed on the host (make deps)"
}

guest() {
	check "SecureBoot is on" [ "$(efivar_u8 SecureBoot-$EFI_GLOBAL)" = 01 ]
	mark "lockdown: $(cat /sys/kernel/security/lockdown)"
	guest_journal sbkexec-import-keys.service
	check "sbkexec-import-keys.service is active" [ "$(guest_unit_state sbkexec-import-keys.service)" = active ]
	show getfattr -n security.ima -e hex /sbin/kexec
	check "/sbin/kexec carries the package's IMA signature as security.ima, written by the postinst, kept on the disk" sh -c \
		"[ \"\$(getfattr -n security.ima -e hex /sbin/kexec 2>/dev/null | sed -n 's/^security.ima=0x//p')\" = \"\$(od -An -v -tx1 /usr/lib/sbkexec/ima/kexec.sig | tr -d ' \\n')\" ]"
	guest_journal kdump-tools.service
	journalctl -b -u kdump-tools.service -o cat >/tmp/boot-kdump.out 2>&1
	check "kdump-tools.service loaded the crash kernel through our kexec" sh -c \
		"grep -q '^kexec: /var/lib/kdump/vmlinuz: verified: signed by /CN=Debian Secure Boot Signer 2022 - linux, trusted via keyring .kexec.' /tmp/boot-kdump.out && grep -q 'loaded kdump kernel' /tmp/boot-kdump.out && [ \"\$(cat /sys/kernel/kexec_crash_loaded)\" = 1 ]"

	# A crash kernel that does not verify (a byte of Debian's kernel flipped), keys present.
	cp /etc/default/kdump-tools /tmp/kdump-tools.orig
	echo "KDUMP_KERNEL=/boot/vmlinuz-$KVER.tampered" >>/etc/default/kdump-tools
	guest_kdump_restart
	check "tampered crash kernel: refused with our message, kdump-tools says it failed to load" sh -c \
		"grep -Eq '^kexec: /boot/vmlinuz-$KVER.tampered: rejected: image-digest: image digest .* differs from the signed digest .*nothing was loaded' /tmp/kdump.out && grep -q '^failed to load kdump kernel' /tmp/kdump.out"
	check "tampered crash kernel: nothing loaded" [ "$(cat /sys/kernel/kexec_crash_loaded)" = 0 ]
	# Seen: Debian's init script exits 0 whatever `kdump-config load` did, so systemd keeps
	# the unit active; kdump-config status is what tells.
	check "tampered crash kernel: kdump-config status says not ready (the unit stays active: Debian's init script exits 0)" \
		sh -c "kdump-config status | grep -q 'Not ready to kdump' && [ \"\$(systemctl is-active kdump-tools.service)\" = active ]"
	cp /tmp/kdump-tools.orig /etc/default/kdump-tools

	# The comparison: Debian's kexec-tools, our package removed, the same crash kernel.
	systemctl stop kdump-tools.service
	dpkg -r sbkexec 2>&1 | sed 's/^/SBK-OUT: dpkg -r: /'
	show /sbin/kexec --version
	check "after dpkg -r sbkexec, /sbin/kexec is kexec-tools" sh -c "/sbin/kexec --version | grep -q '^kexec-tools 2'"
	guest_kdump_restart
	check "kexec-tools: kdump-tools.service loads the same crash kernel" sh -c \
		"grep -q 'loaded kdump kernel' /tmp/kdump.out && ! grep -q 'verified:' /tmp/kdump.out && [ \"\$(cat /sys/kernel/kexec_crash_loaded)\" = 1 ]"
	# Why: the kernel imported the carried cert from MokListRT (into .machine on Debian 6.1).
	show sh -c "dmesg | grep -E 'UEFI:MokListRT|Loaded X.509 cert .Debian Secure Boot Signer'"
	mark "kexec-tools loaded it too: the kernel itself trusts the carried Debian signer (MokListRT -> .machine)"
	systemctl stop kdump-tools.service
	dpkg -i /root/sbkexec.deb 2>&1 | sed 's/^/SBK-OUT: dpkg -i: /'
	guest_kdump_restart
	check "after dpkg -i again, kdump-tools loads through our kexec" sh -c \
		"grep -q '^kexec: /var/lib/kdump/vmlinuz: verified: ' /tmp/kdump.out && [ \"\$(cat /sys/kernel/kexec_crash_loaded)\" = 1 ]"
	show sh -c 'dpkg-divert --list | grep sbkexec'

	guest_ima_systemd

	echo "$MARK" >/dev/kmsg
	sync
	mark "marker written to the kernel log, triggering a panic"
	sleep 1
	echo 1 >/proc/sys/kernel/sysrq
	echo c >/proc/sysrq-trigger
	echo "SBK-FAIL: still running after the panic trigger"
	return 1
}

# guest_ima_systemd: the IMA keyring under systemd. This function runs in sbk-guest.service,
# which has systemd's default KeyringMode=private (a session keyring of its own, root's user
# keyring not linked); the kernel looks _ima up with request_key from the appraised process.
# Copies of /sbin/kexec owned by 4242 with the package's signature as security.ima, each run by
# a oneshot service with either KeyringMode; last in the boot (the policy stays).
guest_ima_systemd() {
	guest_run_expect "from a systemd service with KeyringMode=private: key-loader import-firmware --keyring _ima" 0 \
		"added to keyring '_ima' \([0-9]+\) as key [0-9]+: /CN=sbkexec test IMA signing" \
		key-loader import-firmware --keyring _ima
	check_grep "  key-loader joined a session keyring that links root's user keyring" \
		"joined a session keyring of its own that links it" /tmp/run.out
	check_grep "  and warns that a session like its caller's does not reach _ima" \
		"which the session key-loader was started in does not link" /tmp/run.out
	_sig=$(od -An -v -tx1 /usr/lib/sbkexec/ima/kexec.sig | tr -d ' \n')
	for _u in first:private shared:shared later:private; do
		_f=/var/tmp/ima-${_u%%:*}
		cp /sbin/kexec "$_f"
		setfattr -n security.ima -v "0x$_sig" "$_f"
		chown 4242 "$_f"
		printf '[Service]\nType=oneshot\nKeyringMode=%s\nExecStart=%s --version\n' "${_u#*:}" "$_f" \
			>"/run/systemd/system/sbk-ima-${_u%%:*}.service"
	done
	systemctl daemon-reload
	echo "$IMA_POLICY" >/sys/kernel/security/ima/policy
	check "IMA policy written: $IMA_POLICY" [ $? -eq 0 ]
	guest_ima_unit first
	check "a service with KeyringMode=private, before any lookup found _ima: the signed kexec is refused" sh -c \
		"[ \$(systemctl show -p ExecMainStatus --value sbk-ima-first.service) = 203 ] && grep -q 'Failed to execute /var/tmp/ima-first: Permission denied' /tmp/unit.out"
	guest_ima_unit shared
	check "a service with KeyringMode=shared: the signed kexec runs, the kernel keeps _ima" sh -c \
		"[ \$(systemctl show -p ExecMainStatus --value sbk-ima-shared.service) = 0 ] && grep -q '^sbkexec kexec 0.1' /tmp/unit.out"
	guest_ima_unit later
	check "a service with KeyringMode=private, after that: the signed kexec runs" sh -c \
		"[ \$(systemctl show -p ExecMainStatus --value sbk-ima-later.service) = 0 ] && grep -q '^sbkexec kexec 0.1' /tmp/unit.out"
	show sh -c "dmesg | grep -E 'no _ima keyring|audit: type=1800'"
}

# guest_ima_unit NAME: start sbk-ima-NAME.service; its journal goes to /tmp/unit.out and the log.
guest_ima_unit() {
	systemctl start "sbk-ima-$1.service" >/dev/null 2>&1
	journalctl -b -u "sbk-ima-$1.service" -o cat --no-pager >/tmp/unit.out 2>&1
	sed "s/^/SBK-OUT: sbk-ima-$1: /" /tmp/unit.out
}

# The crash kernel's kdump-tools-dump.service rebooted (QEMU -no-reboot: the VM ended). Read
# /var/crash from the disk image with debugfs (no mount), check the dmesg kdump-tools saved and
# that makedumpfile on the host reproduces it from the dump.
after_vm() {
	img=$SCEN_DIR/disk.img
	debugfs -R 'ls -p /var/crash' "$img" 2>/dev/null | awk -F/ '{ print $6 }' | grep -E '^[0-9]{12}$' >"$SCEN_DIR/stamps"
	stamp=$(tail -n1 "$SCEN_DIR/stamps")
	host_check "one /var/crash/<stamp> directory on the disk ($stamp)" [ "$(wc -l <"$SCEN_DIR/stamps")" -eq 1 ]
	[ -n "$stamp" ] || return 0
	debugfs -R "ls -l /var/crash/$stamp" "$img" 2>/dev/null | sed 's/^/    debugfs: /'
	debugfs -R "dump /var/crash/$stamp/dmesg.$stamp $SCEN_DIR/dmesg.$stamp" "$img" >/dev/null 2>&1
	debugfs -R "dump /var/crash/$stamp/dump.$stamp $SCEN_DIR/dump.$stamp" "$img" >/dev/null 2>&1
	host_check "dmesg.$stamp holds the panic line" grep -q 'Kernel panic - not syncing: sysrq triggered crash' "$SCEN_DIR/dmesg.$stamp"
	host_check "dmesg.$stamp holds the marker $MARK" grep -qF "$MARK" "$SCEN_DIR/dmesg.$stamp"
	grep -F -e "$MARK" -e 'Kernel panic' -e 'sysrq: Trigger a crash' "$SCEN_DIR/dmesg.$stamp" | sed 's/^/    dmesg in the dump: /'
	# kdump-tools runs makedumpfile -F (flattened format, for piping): -R rearranges it into a
	# kdump-compressed file, which --dump-dmesg reads.
	rm -f "$SCEN_DIR/dump.kdump" "$SCEN_DIR/dmesg.host"
	makedumpfile -R "$SCEN_DIR/dump.kdump" <"$SCEN_DIR/dump.$stamp" >"$SCEN_DIR/makedumpfile.log" 2>&1
	makedumpfile --dump-dmesg "$SCEN_DIR/dump.kdump" "$SCEN_DIR/dmesg.host" >>"$SCEN_DIR/makedumpfile.log" 2>&1
	host_check "makedumpfile --dump-dmesg on the host reproduces dmesg.$stamp byte for byte" \
		cmp "$SCEN_DIR/dmesg.$stamp" "$SCEN_DIR/dmesg.host"
	grep -F -e "$MARK" -e 'Kernel panic' "$SCEN_DIR/dmesg.host" | sed 's/^/    makedumpfile --dump-dmesg: /'
}
