# SPDX-License-Identifier: GPL-2.0-or-later
# Host-side helpers of the OVMF harness: signing, ESP and initramfs assembly, running QEMU (sourced by bash).
# shellcheck shell=bash

BUILD=${BUILD:-build}
CERTS_DIR=${CERTS_DIR:-build/certs}
KERNEL_DIR=${KERNEL_DIR:-build/kernel}
OVMF_CODE=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.secboot.fd}
OVMF_VARS_EMPTY=${OVMF_VARS_EMPTY:-/usr/share/OVMF/OVMF_VARS_4M.fd}
OVMF_VARS_SNAKEOIL=${OVMF_VARS_SNAKEOIL:-/usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd}
ESP_SIZE_KIB=${ESP_SIZE_KIB:-131072}

die() { echo "ovmf: error: $*" >&2; exit 1; }

# strip_signature IN OUT: OUT is IN without any Authenticode signature.
strip_signature() {
	cp "$1" "$2.tmp"
	if sbverify --list "$2.tmp" 2>/dev/null | grep -q '^signature 1'; then
		sbattach --remove "$2.tmp" >/dev/null
	fi
	mv "$2.tmp" "$2"
}

# sign_with KEY IN OUT: OUT is IN signed only by $CERTS_DIR/KEY.{key,crt}.
sign_with() {
	[ -f "$CERTS_DIR/$1.key" ] || die "sign_with: $CERTS_DIR/$1.key missing"
	strip_signature "$2" "$3.unsigned"
	sbsign --key "$CERTS_DIR/$1.key" --cert "$CERTS_DIR/$1.crt" --output "$3" "$3.unsigned" \
		>/dev/null 2>&1 || die "sign_with: sbsign $1 $2 failed"
	rm -f "$3.unsigned"
}

# make_esp IMG DIR: a raw FAT image (no partition table; OVMF finds it as a
# "Non-Block Boot Device") holding the tree DIR. mformat -F refuses small images, mkfs.fat not.
make_esp() {
	rm -f "$1"
	mkfs.fat -C -n SBKESP "$1" "$ESP_SIZE_KIB" >/dev/null
	( cd "$2" && find . -mindepth 1 -type d | sort ) | while read -r d; do
		mmd -i "$1" "::/${d#./}"
	done
	( cd "$2" && find . -type f | sort ) | while read -r f; do
		mcopy -i "$1" "$2/${f#./}" "::/${f#./}"
	done
}

# qemu_run VARS ESP LOG TIMEOUT MEMORY STOP_ON CMDFILE [DISK]: boots OVMF (Secure Boot build)
# with VARS (modified in place) and the ESP, and DISK (a raw image, modified in place) as a
# second virtio disk when given; serial console to LOG. QEMU_CPU (empty: QEMU's default model,
# qemu64) and QEMU_ACCEL (default tcg) come from the scenario. Returns QEMU's status, 124 on
# timeout; when STOP_ON (an ERE) shows up in LOG the VM is stopped 2 s later (status 0).
# QEMU_EXTRA_ARGS (words) are added (e.g. a TPM); QEMU_NO_REBOOT=0 lets a guest reboot (a
# reset restarts the firmware) instead of ending the VM. When ON_SERIAL (an ERE) shows up in
# LOG, the command ON_SERIAL_DO is run once (e.g. stop the software TPM mid-boot).
qemu_run() {
	vars=$1 esp=$2 log=$3 limit=$4 mem=$5 stop_on=$6 cmdfile=$7 disk=${8:-}
	set -- qemu-system-x86_64 -machine q35,smm=on -accel "${QEMU_ACCEL:-tcg}" ${QEMU_CPU:+-cpu "$QEMU_CPU"} \
		-m "$mem" -smp 1 \
		-global driver=cfi.pflash01,property=secure,value=on \
		-drive "if=pflash,format=raw,unit=0,file=$OVMF_CODE,readonly=on" \
		-drive "if=pflash,format=raw,unit=1,file=$vars" \
		-drive "if=none,id=esp,format=raw,file=$esp" -device virtio-blk-pci,drive=esp \
		-net none -nographic -monitor none -serial "file:$log"
	[ "${QEMU_NO_REBOOT:-1}" = 0 ] || set -- "$@" -no-reboot
	[ -z "$disk" ] || set -- "$@" -drive "if=none,id=disk,format=raw,file=$disk" \
		-device virtio-blk-pci,drive=disk
	# shellcheck disable=SC2086
	set -- "$@" ${QEMU_EXTRA_ARGS:-}
	echo "$*" >"$cmdfile"
	: >"$log"
	nice timeout --kill-after=5 "$limit" "$@" </dev/null >"$log.qemu" 2>&1 &
	qpid=$!
	stopped=0
	done_on_serial=0
	while kill -0 "$qpid" 2>/dev/null; do
		if [ -n "${ON_SERIAL:-}" ] && [ "$done_on_serial" = 0 ] && grep -aEq -- "$ON_SERIAL" "$log"; then
			eval "$ON_SERIAL_DO"
			done_on_serial=1
		fi
		if [ -n "$stop_on" ] && grep -aEq -- "$stop_on" "$log"; then
			sleep 2
			kill "$qpid" 2>/dev/null || true
			stopped=1
			break
		fi
		sleep 0.2
	done
	qrc=0
	wait "$qpid" || qrc=$?
	[ "$stopped" -eq 1 ] && qrc=0
	return "$qrc"
}

# make_disk IMG DIR LABEL SIZE_MIB: an ext4 filesystem (no partition table) holding the tree DIR,
# owners, modes and xattrs as they are there (mke2fs -d), so no mount is needed.
make_disk() {
	rm -f "$1"
	mkfs.ext4 -q -F -L "$3" -d "$2" "$1" "${4}M"
}
