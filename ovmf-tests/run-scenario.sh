#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs one OVMF scenario: prepare, build initramfs/ESP/VARS, boot QEMU, judge serial.log; writes result.
#
# Usage: ovmf-tests/run-scenario.sh NAME   (from the top directory; see ovmf-tests/README.md)
#   SCENARIO_FILE=PATH runs a scenario file kept elsewhere under the name NAME (tools/bench-vm.sh)
# Prints its steps (also to build/ovmf-tests/NAME/run.log); the last line of
# build/ovmf-tests/NAME/result is PASS, FAIL or SKIP. Exit status 0 pass, 1 fail, 77 skip.
set -eu
HERE=$(dirname "$0")
. "$HERE/lib.sh"

NAME=${1:?usage: run-scenario.sh NAME}
SCENARIO_FILE=${SCENARIO_FILE:-$HERE/scenarios/$NAME.sh}
[ -f "$SCENARIO_FILE" ] || die "no scenario $SCENARIO_FILE"
SCEN_DIR=$BUILD/ovmf-tests/$NAME
OVMF_OUT=$BUILD/ovmf
rm -rf "$SCEN_DIR"
mkdir -p "$SCEN_DIR"
RESULT=$SCEN_DIR/result
exec > >(tee "$SCEN_DIR/run.log") 2>&1
TEE_PID=$!

# What scenarios may use (README: "Variables available in prepare()").
SIGNED_KERNEL=$OVMF_OUT/vmlinuz.db.efi
UNSIGNED_KERNEL=$OVMF_OUT/vmlinuz.unsigned.efi
DEBIAN_KERNEL=$KERNEL_DIR/vmlinuz
CHAIN_EFI=$OVMF_OUT/chain-linux.efi
CHAIN_EFI_UNSIGNED=$BUILD/efi/chain-linux.efi
ENROLLED_VARS=$OVMF_OUT/vars-enrolled.fd
SHIM_DIR=${SHIM_DIR:-$BUILD/shim}
MS_UEFI_CA=$OVMF_OUT/shim/ms-uefi-ca-2011.der
KVER=$(cat "$KERNEL_DIR/version")
KROOT=$KERNEL_DIR/root
INITRD_ESP_PATH='\EFI\BOOT\initrd.img'

# Scenario defaults.
DESCRIPTION=$NAME
TIMEOUT=120
MEMORY=1024
VARS=enrolled
DBX=
DB_EXTRA=
MOKLIST=
SBAT_LEVEL=
SHIM_VERBOSE=0
TPM=0
TPM_STOP_ON=
REBOOTS=0
BOOTX64=$CHAIN_EFI
LINUX_EFI=$SIGNED_KERNEL
KERNEL_CMDLINE=
LOGLEVEL=4
GUEST_MODULES=
GUEST_KERNEL=0
GUEST_ENV=
EXPECT=
EXPECT_IN_ORDER=
FORBID=
STOP_ON=
EXPECT_TIMEOUT=0
DISK_TREE=
DISK_LABEL=sbk-root
DISK_SIZE_MIB=2048
QEMU_CPU=
QEMU_ACCEL=tcg

ESP_TREE=$SCEN_DIR/esp
INNER_TREE=$SCEN_DIR/initramfs
OUTER_TREE=$SCEN_DIR/initramfs-outer
mkdir -p "$ESP_TREE/EFI/BOOT" "$ESP_TREE/sbkexec" "$INNER_TREE" "$OUTER_TREE"

finish() { # finish VERDICT REASON...
	verdict=$1
	shift
	{ for r in "$@"; do echo "$r"; done; echo "$verdict"; } >"$RESULT"
	# Let tee write the last lines of run.log before the caller reads it.
	exec >&- 2>&-
	wait "$TEE_PID" 2>/dev/null || true
	case $verdict in
	PASS) exit 0 ;;
	SKIP) exit 77 ;;
	*) exit 1 ;;
	esac
}
skip() { note "skip: $*"; finish SKIP "skip: $*"; }
# host_check DESC CMD... (in after_vm): a host-side check of what the VM left behind; a failure
# is one of the scenario's reasons to fail.
host_check() {
	_desc=$1
	shift
	echo "  HOST-CHECK: $_desc"
	if "$@"; then
		echo "  HOST-OK: $_desc"
	else
		echo "  HOST-FAIL: $_desc (exit $?)"
		host_reasons+=("host check failed: $_desc")
	fi
}
host_reasons=()
need_file() { [ -e "$1" ] || skip "$1 not built"; }
note() { echo "  $NAME: $*"; }

# esp_add SRC DEST: DEST is an ESP path, \ or / separated.
esp_add() {
	dest=$(echo "$2" | tr '\\' '/')
	mkdir -p "$ESP_TREE/$(dirname "$dest")"
	cp "$1" "$ESP_TREE/$dest"
}

# tree_add TREE SRC DEST [MODE]: one file into an initramfs tree.
tree_add() {
	mkdir -p "$1/$(dirname "$3")"
	rm -f "$1/$3"
	cp "$2" "$1/$3"
	[ -z "${4:-}" ] || chmod "$4" "$1/$3"
}
# initramfs_add SRC DEST [MODE]: into the guest initramfs (every stage: inner archive).
initramfs_add() { tree_add "$INNER_TREE" "$@"; }
# initramfs_add_outer SRC DEST [MODE]: into the stage-1-only archive (e.g. from prepare_late(),
# after the inner archive, $SCEN_DIR/initrd-inner.img, exists).
initramfs_add_outer() { tree_add "$OUTER_TREE" "$@"; }

# Module names to paths in dependency order (deps first), from build/kernel's modules.dep.
module_paths() {
	dep=$KROOT/lib/modules/$KVER/modules.dep
	[ -f "$dep" ] || die "$dep missing (make deps runs depmod)"
	for m in "$@"; do
		line=$(grep -E "(^|/)${m//_/[-_]}\.ko(\.[a-z]+)?:" "$dep" | head -n1)
		[ -n "$line" ] || die "module $m not in $dep"
		path=${line%%:*}
		# shellcheck disable=SC2086
		for d in $(echo "${line#*:}" | tr ' ' '\n' | tac); do echo "$d"; done
		echo "$path"
	done | awk '!seen[$0]++'
}

# The base initramfs: busybox, /init, guest library + this scenario's guest functions, modules,
# the project's ELF executables from OVMF_DEPS.
build_inner_initramfs() {
	t=$INNER_TREE
	mkdir -p "$t/bin" "$t/sbin" "$t/usr/bin" "$t/usr/sbin" "$t/dev" "$t/proc" "$t/sys" \
		"$t/tmp" "$t/run" "$t/mnt" "$t/sbk" "$t/boot"
	cp /bin/busybox "$t/bin/busybox"
	for applet in $(/bin/busybox --list-full); do
		[ -e "$t/$applet" ] || ln -s /bin/busybox "$t/$applet"
	done
	cp "$HERE/guest/init" "$t/init"
	cp "$HERE/guest/guest-lib.sh" "$t/sbk/guest-lib.sh"
	{
		echo "# Generated from $SCENARIO_FILE"
		for v in $GUEST_ENV; do
			printf "%s='%s'\n" "$v" "$(printf '%s' "${!v}" | sed "s/'/'\\\\''/g")"
		done
		for f in $(compgen -A function guest); do declare -f "$f"; done
	} >"$t/sbk/scenario.sh"
	# shellcheck disable=SC2086
	module_paths efivarfs $GUEST_MODULES >"$t/sbk/modules"
	while read -r m; do
		mkdir -p "$t/lib/modules/$KVER/$(dirname "$m")"
		cp "$KROOT/lib/modules/$KVER/$m" "$t/lib/modules/$KVER/$m"
	done <"$t/sbk/modules"
	for f in ${OVMF_DEPS:-}; do
		if [ -f "$f" ] && [ -x "$f" ] && head -c4 "$f" | grep -q 'ELF'; then
			# rm first: the name may be a busybox applet symlink, and cp would follow it.
			rm -f "$t/usr/sbin/$(basename "$f")"
			cp "$f" "$t/usr/sbin/$(basename "$f")"
		fi
	done
	( cd "$t" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 ) | gzip -1 >"$SCEN_DIR/initrd-inner.img"
}

# Stage-1 only extras appended as a second archive (the kernel unpacks concatenated cpios).
build_initramfs() {
	build_inner_initramfs
	# A scenario that packs the inner archive into something stage 1 loads (a UKI's .initrd).
	if declare -F prepare_late >/dev/null; then prepare_late; fi
	if [ "$GUEST_KERNEL" = 1 ]; then
		mkdir -p "$OUTER_TREE/boot"
		cp "$SIGNED_KERNEL" "$OUTER_TREE/boot/vmlinuz"
		cp "$UNSIGNED_KERNEL" "$OUTER_TREE/boot/vmlinuz.unsigned"
		cp "$DEBIAN_KERNEL" "$OUTER_TREE/boot/vmlinuz.debian"
		cp "$SCEN_DIR/initrd-inner.img" "$OUTER_TREE/boot/initrd.img"
	fi
	cp "$SCEN_DIR/initrd-inner.img" "$SCEN_DIR/initrd.img"
	if [ -n "$(ls -A "$OUTER_TREE")" ]; then
		( cd "$OUTER_TREE" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 ) |
			gzip -1 >>"$SCEN_DIR/initrd.img"
	fi
}

# The enrolment inputs of a VARS variant (DBX, DB_EXTRA, MOKLIST, SBAT_LEVEL) as files in
# $SCEN_DIR/vars-in, and the make-vars.sh arguments that apply them.
vars_inputs() {
	in=$SCEN_DIR/vars-in
	mkdir -p "$in"
	VARS_ARGS=()
	if [ -n "$DB_EXTRA" ]; then
		set --
		for c in $DB_EXTRA; do set -- "$@" --cert "$c"; done
		# Owner: Microsoft's GUID, as in a real db (it is only a label; nobody checks it).
		SBKEXEC_OWNER_GUID=77fa9abd-0359-4d32-bd60-28f4e78f784b CERTS_DIR=$CERTS_DIR \
			certs/make-dbx-auth.sh -V db "$@" "$in/db-append.auth"
		VARS_ARGS+=(--db-append "$in/db-append.auth")
	fi
	if [ -n "$MOKLIST" ]; then
		# One list per cert, owner shim's GUID, as MokManager enrols them.
		: >"$in/MokList"
		for c in $MOKLIST; do
			# PEM first: given DER, cert-to-efi-sig-list writes an empty entry (and exits 0).
			openssl x509 -in "$c" -out "$in/mok.pem" 2>/dev/null ||
				openssl x509 -inform DER -in "$c" -out "$in/mok.pem"
			cert-to-efi-sig-list -g 605dab50-e046-4300-abb6-3dd810dd8b23 "$in/mok.pem" "$in/mok.esl"
			cat "$in/mok.esl" >>"$in/MokList"
		done
		rm -f "$in/mok.esl" "$in/mok.pem"
		VARS_ARGS+=(--moklist "$in/MokList")
	fi
	if [ -n "$SBAT_LEVEL" ]; then
		printf '%b' "$SBAT_LEVEL" >"$in/SbatLevel"
		VARS_ARGS+=(--sbatlevel "$in/SbatLevel")
	fi
	[ "$SHIM_VERBOSE" = 0 ] || VARS_ARGS+=(--shim-verbose)
	if [ -n "$DBX" ]; then
		# shellcheck disable=SC2086
		CERTS_DIR=$CERTS_DIR certs/make-dbx-auth.sh $DBX "$in/dbx.auth"
		VARS_ARGS+=("$in/dbx.auth")
	fi
}

# VARS variants are enrolled once and cached in $OVMF_OUT/vars-cache, keyed by the SHA-256 of
# everything that goes into them (the .auth files are reproducible: fixed timestamps).
build_vars() {
	case $VARS in
	enrolled) cp "$ENROLLED_VARS" "$SCEN_DIR/vars.fd" ;;
	setup) cp "$OVMF_VARS_EMPTY" "$SCEN_DIR/vars.fd" ;;
	snakeoil) cp "$OVMF_VARS_SNAKEOIL" "$SCEN_DIR/vars.fd" ;;
	*) cp "$VARS" "$SCEN_DIR/vars.fd" ;;
	esac
	[ -n "$DBX$DB_EXTRA$MOKLIST$SBAT_LEVEL" ] || [ "$SHIM_VERBOSE" != 0 ] || return 0
	[ "$VARS" = enrolled ] || die "DBX/DB_EXTRA/MOKLIST/SBAT_LEVEL need VARS=enrolled"
	vars_inputs
	key=$({ printf '%s\n' "${VARS_ARGS[@]}" | sed "s|$SCEN_DIR/||"
		cat "$BUILD/efi/enroll-keys.efi" "$CERTS_DIR/pk.auth" "$CERTS_DIR/kek.auth" \
			"$CERTS_DIR/db.auth" "$HERE/make-vars.sh"
		for a in "${VARS_ARGS[@]}"; do [ ! -f "$a" ] || cat "$a"; done
	} | sha256sum | cut -c1-16)
	cached=$OVMF_OUT/vars-cache/$key.fd
	if [ -f "$cached" ]; then
		note "VARS variant $key from the cache"
	else
		mkdir -p "$OVMF_OUT/vars-cache"
		"$HERE/make-vars.sh" "$cached.$$.tmp" "${VARS_ARGS[@]}"
		mv "$cached.$$.tmp.log" "$cached.log"
		mv "$cached.$$.tmp" "$cached"
		rm -rf "$cached.$$.tmp.d"
	fi
	cp "$cached" "$SCEN_DIR/vars.fd"
	cp "$cached.log" "$SCEN_DIR/vars.log"
	sed 's/^/    /' "$SCEN_DIR/vars.log"
}

# TPM=1: a software TPM 2.0 (swtpm) for QEMU's tpm-tis device, state in $SCEN_DIR/tpm. It ends
# with QEMU (--terminate: when the control channel closes), and survives guest reboots.
start_swtpm() {
	command -v swtpm >/dev/null || skip "swtpm not installed (make deps)"
	mkdir -p "$SCEN_DIR/tpm"
	swtpm socket --tpm2 --tpmstate "dir=$SCEN_DIR/tpm" \
		--ctrl "type=unixio,path=$SCEN_DIR/tpm/sock" --terminate \
		--log "file=$SCEN_DIR/tpm/swtpm.log,level=2" >"$SCEN_DIR/tpm/swtpm.out" 2>&1 &
	SWTPM_PID=$!
	for _ in $(seq 50); do [ -S "$SCEN_DIR/tpm/sock" ] && break; sleep 0.1; done
	[ -S "$SCEN_DIR/tpm/sock" ] || die "swtpm did not create its socket ($SCEN_DIR/tpm/swtpm.out)"
	QEMU_EXTRA_ARGS="-chardev socket,id=chrtpm,path=$SCEN_DIR/tpm/sock -tpmdev emulator,id=tpm0,chardev=chrtpm -device tpm-tis,tpmdev=tpm0"
}

# A disk root (DISK_TREE): the stage runner and this scenario's guest functions go into the tree
# (/sbk, as in the initramfs), started by sbk-guest.service once the system is up; then the
# tree becomes an ext4 image, the VM's second disk.
build_disk() {
	t=$DISK_TREE
	mkdir -p "$t/sbk" "$t/etc/systemd/system/multi-user.target.wants"
	cp "$HERE/guest/guest-lib.sh" "$INNER_TREE/sbk/scenario.sh" "$t/sbk/"
	install -m 0755 "$HERE/guest/systemd-stage" "$t/sbk/systemd-stage"
	cp "$HERE/guest/sbk-guest.service" "$t/etc/systemd/system/sbk-guest.service"
	ln -sfn ../sbk-guest.service "$t/etc/systemd/system/multi-user.target.wants/sbk-guest.service"
	make_disk "$SCEN_DIR/disk.img" "$t" "$DISK_LABEL" "$DISK_SIZE_MIB"
	DISK_IMG=$SCEN_DIR/disk.img
}
DISK_IMG=

# Each non-empty line of $1 is an ERE; report those that do not match serial.log.
judge() {
	log=$SCEN_DIR/serial.log
	reasons=()
	while IFS= read -r re; do
		[ -n "$re" ] || continue
		grep -aEq -- "$re" "$log" || reasons+=("expected marker missing: $re")
	done <<<"$EXPECT"
	from=1
	while IFS= read -r re; do
		[ -n "$re" ] || continue
		n=$(tail -n "+$from" "$log" | grep -anE -- "$re" | head -n1 | cut -d: -f1)
		if [ -z "$n" ]; then
			reasons+=("expected (in order) marker missing after line $from: $re")
		else
			from=$((from + n))
		fi
	done <<<"$EXPECT_IN_ORDER"
	while IFS= read -r re; do
		[ -n "$re" ] || continue
		! grep -aEq -- "$re" "$log" || reasons+=("forbidden marker present: $(grep -aE -- "$re" "$log" | head -n1 | tr -d '\r')")
	done <<<"$FORBID"
	if grep -aq 'SBK-FAIL' "$log"; then
		reasons+=("guest check failed: $(grep -a 'SBK-FAIL' "$log" | head -n1 | tr -d '\r')")
	fi
}

# shellcheck disable=SC1090
. "$SCENARIO_FILE"
echo "== $NAME: $DESCRIPTION"
if declare -F prepare >/dev/null; then prepare; fi
BASE_CMDLINE="console=ttyS0 panic=-1 loglevel=$LOGLEVEL"
CMDLINE="initrd=$INITRD_ESP_PATH $BASE_CMDLINE${KERNEL_CMDLINE:+ $KERNEL_CMDLINE}"

build_initramfs
[ -z "$DISK_TREE" ] || build_disk
[ -e "$ESP_TREE/EFI/BOOT/BOOTX64.EFI" ] || cp "$BOOTX64" "$ESP_TREE/EFI/BOOT/BOOTX64.EFI"
[ -e "$ESP_TREE/EFI/BOOT/linux.efi" ] || [ -z "$LINUX_EFI" ] || cp "$LINUX_EFI" "$ESP_TREE/EFI/BOOT/linux.efi"
[ -e "$ESP_TREE/EFI/BOOT/initrd.img" ] || cp "$SCEN_DIR/initrd.img" "$ESP_TREE/EFI/BOOT/initrd.img"
echo "$CMDLINE" >"$ESP_TREE/sbkexec/cmdline"
make_esp "$SCEN_DIR/esp.img" "$ESP_TREE"
build_vars
QEMU_EXTRA_ARGS=
SWTPM_PID=
[ "$TPM" != 1 ] || start_swtpm
ON_SERIAL= ON_SERIAL_DO=
if [ -n "$TPM_STOP_ON" ]; then
	# The TPM stops answering at that point of the boot (swtpm killed; QEMU's TPM then fails
	# every command): a TPM that is present but broken.
	ON_SERIAL=$TPM_STOP_ON
	ON_SERIAL_DO='kill "$SWTPM_PID" 2>/dev/null; echo "  $NAME: swtpm stopped ($ON_SERIAL seen)"'
fi
[ "$REBOOTS" = 0 ] || QEMU_NO_REBOOT=0
note "booting (VARS=$VARS${DBX:+ +dbx}${DB_EXTRA:+ +db}${MOKLIST:+ +MokList}${SBAT_LEVEL:+ +SbatLevel}$( [ "$SHIM_VERBOSE" = 0 ] || echo " +SHIM_VERBOSE")${SWTPM_PID:+, swtpm}, BOOTX64=$(basename "$BOOTX64"), ${QEMU_ACCEL}${QEMU_CPU:+ -cpu $QEMU_CPU}, timeout ${TIMEOUT}s)"
start=$(date +%s)
qrc=0
qemu_run "$SCEN_DIR/vars.fd" "$SCEN_DIR/esp.img" "$SCEN_DIR/serial.log" "$TIMEOUT" "$MEMORY" \
	"$STOP_ON" "$SCEN_DIR/qemu.cmd" "$DISK_IMG" || qrc=$?
secs=$(($(date +%s) - start))
if [ -n "$SWTPM_PID" ]; then
	kill "$SWTPM_PID" 2>/dev/null || true
	wait "$SWTPM_PID" 2>/dev/null || true
fi
echo "$secs" >"$SCEN_DIR/seconds"
judge
if declare -F after_vm >/dev/null; then
	after_vm
	reasons+=("${host_reasons[@]}")
fi
if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
	[ "$EXPECT_TIMEOUT" = 1 ] || reasons+=("VM did not finish within ${TIMEOUT}s")
elif [ "$qrc" -ne 0 ]; then
	reasons+=("QEMU exited with status $qrc: $(tail -n1 "$SCEN_DIR/serial.log.qemu" 2>/dev/null)")
fi
grep -a 'SBK-CHECK\|SBK-OK\|SBK-FAIL\|SBK-MARK\|SBK-STAGE\|SBK-GUEST-DONE' "$SCEN_DIR/serial.log" |
	tr -d '\r' | sed 's/^/    /' || true
if [ "${#reasons[@]}" -eq 0 ]; then
	note "PASS (${secs}s)"
	finish PASS "boot took ${secs}s"
fi
for r in "${reasons[@]}"; do note "$r"; done
note "FAIL (${secs}s, serial log: $SCEN_DIR/serial.log)"
finish FAIL "${reasons[@]}"
