#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs Secure Boot kdump scenarios N times, one VM at a time, and prints the success rate, the slowest run and every failure's log.
#
# Usage: ovmf-tests/soak.sh N [SCENARIO...]   (default: kdump-signed; `make soak N=20
#        [SOAK_SCENARIOS="kdump-signed debian-kdump-tools"]`, after make ovmf-prereqs)
# Run i of scenario S is ovmf-tests/run-scenario.sh with SCENARIO_FILE=scenarios/S.sh under the
# name soak-S-i: its files are in build/ovmf-tests/soak-S-i/. A pass means the scenario's own
# verdict (kdump-signed: the crash kernel booted and the marker written before the panic is in
# /proc/vmcore; debian-kdump-tools: kdump-tools saved a dump holding it); the images of a passing
# run are deleted (serial.log, run.log and result stay), a failing run is kept whole.
# Not part of `make check`. Exit status 0 only when every run passed.
set -u
HERE=$(dirname "$0")
BUILD=${BUILD:-build}
N=${1:?usage: soak.sh N [SCENARIO...]}
shift
[ $# -gt 0 ] || set -- kdump-signed
for s in "$@"; do
	[ -f "$HERE/scenarios/$s.sh" ] || { echo "soak: no scenario '$s' in $HERE/scenarios" >&2; exit 2; }
done

echo "== soak: $N run(s) of: $* (one VM at a time) =="
total_fail=0
for s in "$@"; do
	pass=0 fail=0 slowest=0 slowest_run= failures=
	for i in $(seq 1 "$N"); do
		name=$(printf 'soak-%s-%02d' "$s" "$i")
		dir=$BUILD/ovmf-tests/$name
		start=$(date +%s)
		SCENARIO_FILE=$HERE/scenarios/$s.sh "$HERE/run-scenario.sh" "$name" >"$BUILD/ovmf-tests/$name.out" 2>&1
		wall=$(($(date +%s) - start))
		verdict=$(tail -n1 "$dir/result" 2>/dev/null || echo FAIL)
		vm=$(cat "$dir/seconds" 2>/dev/null || echo '?')
		if [ "$wall" -gt "$slowest" ]; then slowest=$wall slowest_run=$name; fi
		if [ "$verdict" = PASS ]; then
			pass=$((pass + 1))
			rm -f "$dir"/*.img "$dir"/*.fd
			rm -rf "$dir/esp" "$dir/initramfs" "$dir/initramfs-outer" "$dir/root"
			printf '  %s PASS (%s s, VM %s s)\n' "$name" "$wall" "$vm"
		else
			fail=$((fail + 1))
			failures="$failures $dir/serial.log"
			printf '  %s %s (%s s, VM %s s): %s\n' "$name" "$verdict" "$wall" "$vm" \
				"$(grep -v '^\(PASS\|FAIL\|SKIP\)$' "$dir/result" 2>/dev/null | head -n 2 | tr '\n' ' ')"
		fi
	done
	echo "soak: $s: $pass/$N passed ($((100 * pass / N))%), slowest run $slowest s ($slowest_run)"
	[ "$fail" -eq 0 ] || echo "soak: $s: failed runs' logs:$failures (and run.log, result beside them)"
	total_fail=$((total_fail + fail))
done
[ "$total_fail" -eq 0 ]
