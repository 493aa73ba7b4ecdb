#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make bench-vm`: kdump in one VM benchmark run: kexec -p load times (ours -s/-c, kexec-tools -s/-c) and panic -> "vmcore ready" (ours -s, ours -c, kexec-tools -c).
#
# Usage: tools/bench-vm.sh OUT.md   (from the top directory, after `make ovmf-prereqs`; make passes
#        BUILD, CERTS_DIR, KERNEL_DIR, OVMF_DEPS)
#   BENCH_VM_LOADS=N  rounds of the four loads in the first boot (default 5); the median counts
# Three boots of tools/bench-vm-kdump.sh through ovmf-tests/run-scenario.sh, one after the other
# (never two VMs at once), each ending in a panic with another loader's crash kernel; the first
# also times the loads. Numbers come from the guest's "SBK-BENCH:" lines. Panic -> vmcore is the
# TSC delta from just before `echo c > /proc/sysrq-trigger` to the crash kernel's init seeing
# /proc/vmcore (the counter runs on through the crash: no CPU reset), checked against the
# RTC-backed date within 2 s. Writes a BENCHMARKS.md section to OUT.md; fails when a boot fails.
set -eu

OUT=${1:?usage: tools/bench-vm.sh OUT.md}
BUILD=${BUILD:-build}
LOADS=${BENCH_VM_LOADS:-5}
export BUILD CERTS_DIR=${CERTS_DIR:-build/certs} KERNEL_DIR=${KERNEL_DIR:-build/kernel} OVMF_DEPS=${OVMF_DEPS:-}

die() { echo "bench-vm: error: $*" >&2; exit 1; }

# boot PANIC LOADS: one VM run; prints its serial.log path.
boot() {
	name=bench-kdump-$1
	echo "bench-vm: boot $name (loads: $2 rounds)" >&2
	if ! SCENARIO_FILE=tools/bench-vm-kdump.sh BENCH_PANIC=$1 BENCH_LOADS=$2 \
		ovmf-tests/run-scenario.sh "$name" >"$BUILD/bench/$name.out" 2>&1; then
		tail -n 30 "$BUILD/bench/$name.out" >&2
		die "$name failed (log: $BUILD/ovmf-tests/$name/serial.log)"
	fi
	echo "$BUILD/ovmf-tests/$name/serial.log"
}

# bench LOG KEY...: the value of the SBK-BENCH line "KEY... value" (last field).
bench() {
	log=$1
	shift
	tr -d '\r' <"$log" | awk -v k="SBK-BENCH: $*" 'index($0, k " ") == 1 { v = $NF } END { print v }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# panic_s LOG: seconds from the panic to "vmcore ready", by TSC; dies when the date disagrees.
panic_s() {
	hz=$(bench "$1" tsc-hz) t0=$(bench "$1" panic tsc) t1=$(bench "$1" vmcore tsc)
	d0=$(bench "$1" panic date) d1=$(bench "$1" vmcore date)
	[ -n "$hz" ] && [ -n "$t0" ] && [ -n "$t1" ] || die "$1: TSC lines missing"
	s=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" 'BEGIN { printf "%.2f", (b - a) / hz }')
	awk -v s="$s" -v d=$((d1 - d0)) 'BEGIN { exit !(s - d <= 2 && d - s <= 2) }' ||
		die "$1: TSC says $s s, the date $((d1 - d0)) s: the counter did not run on through the panic"
	echo "$s"
}

mkdir -p "$BUILD/bench"
[ -f "$BUILD/ovmf/vars-enrolled.fd" ] || die "OVMF prerequisites missing (make ovmf-prereqs)"
start=$(date +%s)
log_s=$(boot ours-s "$LOADS")
log_c=$(boot ours-c 0)
log_k=$(boot kt-c 0)

# load_ms LOADER: median of the timed loads of the first boot.
load_ms() { tr -d '\r' <"$log_s" | awk -v k="SBK-BENCH: load $1 " 'index($0, k) == 1 { print $NF }' | median; }
load_ours_s=$(load_ms ours-s) load_ours_c=$(load_ms ours-c) load_kt_s=$(load_ms kt-s) load_kt_c=$(load_ms kt-c)
n_loads=$(tr -d '\r' <"$log_s" | grep -c '^SBK-BENCH: load ours-c ' || true)
[ "$n_loads" -eq "$LOADS" ] || die "expected $LOADS timed loads per loader, saw $n_loads"
p_s=$(panic_s "$log_s")
p_c=$(panic_s "$log_c")
p_k=$(panic_s "$log_k")
engine=$(tr -d '\r' <"$log_c" | grep -m1 'sbkexec purgatory: SHA-256 engine' || echo "(no engine line)")
verified=$(tr -d '\r' <"$log_c" | grep -m1 'sbkexec purgatory: .*regions verified' || echo "(no verdict line)")
sizes=$(tr -d '\r' <"$log_s" | sed -n 's/^SBK-BENCH: initrd bytes \([0-9]*\) kernel bytes \([0-9]*\).*/initrd \1 bytes, kernel \2 bytes/p')
secs=$(($(date +%s) - start))

{
	echo "## kdump in a VM: load time and panic to dump"
	echo
	echo "QEMU $(qemu-system-x86_64 --version | awk 'NR == 1 { print $4 }') TCG, q35 + OVMF (Secure Boot off: \`-c\` needs it off), 1 GiB, \`crashkernel=256M\`,"
	echo "Debian $(cat "$KERNEL_DIR/version") as both kernels ($sizes; the crash kernel's initrd is the"
	echo "test initramfs). Three boots in one run of \`make bench-vm\` ($secs s), one VM at a time. Ours verifies"
	echo "the kernel (\`--trust\`, kernel-signing) before loading; kexec-tools verifies nothing."
	echo
	echo "| what | ours | kexec-tools | ours/kexec-tools |"
	echo "|---|---:|---:|---:|"
	echo "| \`kexec -s -p\` load (kexec_file_load), median of $LOADS | $load_ours_s ms | $load_kt_s ms | $(ratio "$load_ours_s" "$load_kt_s") |"
	echo "| \`kexec -c -p\` load (kexec_load + purgatory), median of $LOADS | $load_ours_c ms | $load_kt_c ms | $(ratio "$load_ours_c" "$load_kt_c") |"
	echo "| panic → \`vmcore ready\`, \`-c\` (our purgatory vs kexec-tools') | $p_c s | $p_k s | $(ratio "$p_c" "$p_k") |"
	echo "| panic → \`vmcore ready\`, ours \`-s\` (the kernel's purgatory) vs kexec-tools \`-c\` | $p_s s | $p_k s | $(ratio "$p_s" "$p_k") |"
	echo
	echo "Our purgatory in the \`-c\` boot said: \`$engine\` / \`$verified\`."
	echo "TCG emulates no SHA-NI, so the purgatory row shows the scalar engine; the SHA-NI speed-up is"
	echo "measured on the host (section \"Purgatory SHA-256\")."
	echo
	echo "Reproduce: \`make bench-vm\` (\`BENCH_VM_LOADS=$LOADS\`; logs in \`$BUILD/ovmf-tests/bench-kdump-*/serial.log\`)."
} >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "bench-vm: wrote $OUT"
cat "$OUT"
