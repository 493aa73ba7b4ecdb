# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark "scenario" for tools/bench-vm.sh (run by ovmf-tests/run-scenario.sh, never by make check): kdump load times and panic -> vmcore.
#
# BENCH_PANIC says which loader's crash kernel the panic boots: ours-s (kexec -s -p), ours-c
# (kexec -c -p) or kt-c (Debian's kexec-tools kexec -c -p). BENCH_LOADS=N (0: none) first times
# N rounds of `-p` loads with all four loaders (ours -s/-c, kexec-tools -s/-c), in turn, each
# followed by an unload. Every number is printed as an "SBK-BENCH:" line; tools/bench-vm.sh reads
# them from serial.log. Secure Boot off (VARS=setup), so -c is allowed; the same kernel-signing
# kernel and initrd for every loader; ours verifies it (--trust), kexec-tools checks nothing.
DESCRIPTION="bench: kexec -p load times (ours -s/-c, kexec-tools -s/-c) and panic -> vmcore with $BENCH_PANIC"
. ovmf-tests/scenarios/kexec-common.inc
TIMEOUT=900
MEMORY=1024
VARS=setup
KERNEL_CMDLINE="crashkernel=256M"
GUEST_KERNEL=1
GUEST_ENV="BENCH_PANIC BENCH_LOADS"
BENCH_LOADS=${BENCH_LOADS:-0}

EXPECT_IN_ORDER="SBK-STAGE: 1
SBK-BENCH: tsc-hz [0-9]+
SBK-OK: crash kernel loaded by $BENCH_PANIC
SBK-BENCH: panic tsc [0-9]+
SBK-STAGE: crash
SBK-MARK: vmcore ready
SBK-BENCH: vmcore tsc [0-9]+
SBK-GUEST-DONE stage=crash rc=0"

prepare() {
	case $BENCH_PANIC in ours-s|ours-c|kt-c) ;; *) skip "BENCH_PANIC must be ours-s, ours-c or kt-c" ;; esac
	need_file "$BUILD/kexec/kexec"
	kexec_prepare_kexec_tools
	cc -static -O2 -Wall -o "$SCEN_DIR/bench-vm-clock" tools/bench-vm-clock.c
	initramfs_add "$SCEN_DIR/bench-vm-clock" /usr/bin/bench-vm-clock 0755
	sign_with kernel-signing "$UNSIGNED_KERNEL" "$SCEN_DIR/vmlinuz.ks.efi"
	initramfs_add "$SCEN_DIR/vmlinuz.ks.efi" /boot/vmlinuz.ks 0644
	initramfs_add "$CERTS_DIR/kernel-signing.der" /sbk-kexec/kernel-signing.der 0644
}

# guest_bench_load LOADER: load the crash kernel with one loader, timed: prints "ms status"
# (output in /tmp/load.out). Named guest_* so the harness copies it into the guest.
guest_bench_load() {
	_app="console=ttyS0 panic=-1 loglevel=4 nr_cpus=1 sbk.bench=$1"
	case $1 in
	ours-s) set -- kexec -s -p --trust /sbk-kexec/kernel-signing.der ;;
	ours-c) set -- kexec -c -p --trust /sbk-kexec/kernel-signing.der ;;
	kt-s) set -- /opt/kexec-tools/kexec -s -p ;;
	kt-c) set -- /opt/kexec-tools/kexec -c -p ;;
	esac
	bench-vm-clock ms /tmp/load.out "$@" --initrd=/boot/initrd.img --append="$_app" /boot/vmlinuz.ks
}

guest() {
	echo "SBK-BENCH: tsc-hz $(bench-vm-clock tsc-hz)"
	echo "SBK-BENCH: initrd bytes $(stat -c %s /boot/initrd.img) kernel bytes $(stat -c %s /boot/vmlinuz.ks)"
	i=0
	while [ "$i" -lt "$BENCH_LOADS" ]; do
		for l in ours-s ours-c kt-s kt-c; do
			set -- $(guest_bench_load "$l")
			if [ "${2:-1}" -eq 0 ]; then
				echo "SBK-BENCH: load $l $1"
			else
				echo "SBK-FAIL: $l load failed (exit ${2:-?})"
				sed 's/^/SBK-OUT: /' /tmp/load.out
			fi
			case $l in ours-s|kt-s) kexec -s -p -u ;; *) kexec -c -p -u ;; esac
		done
		i=$((i + 1))
	done
	set -- $(guest_bench_load "$BENCH_PANIC")
	rc=${2:-1}
	echo "SBK-BENCH: panic-load $BENCH_PANIC ${1:-?}"
	sed 's/^/SBK-OUT: /' /tmp/load.out | tail -5
	check "crash kernel loaded by $BENCH_PANIC" [ "$rc" -eq 0 ]
	check_grep "/sys/kernel/kexec_crash_loaded is 1" '^1$' /sys/kernel/kexec_crash_loaded
	echo 1 >/proc/sys/kernel/sysrq
	echo "SBK-BENCH: panic date $(date +%s)"
	echo "SBK-BENCH: panic tsc $(bench-vm-clock tsc)"
	echo c >/proc/sysrq-trigger
	echo "SBK-FAIL: still running after the panic trigger"
	return 1
}

guest_crash() {
	if [ -e /proc/vmcore ]; then
		mark "vmcore ready"
		echo "SBK-BENCH: vmcore tsc $(bench-vm-clock tsc)"
		echo "SBK-BENCH: vmcore date $(date +%s)"
	fi
	check "/proc/vmcore exists" [ -e /proc/vmcore ]
	show grep -o 'sbk\.bench=[^ ]*' /proc/cmdline
}
