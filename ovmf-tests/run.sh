#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs OVMF scenarios (all, or those named) in parallel and prints "ovmf: N passed, N failed, N skipped".
#
# Usage: ovmf-tests/run.sh [NAME...]   (from the top directory, after `make ovmf-prereqs`)
# OVMF_JOBS limits how many VMs run at once (default: nproc); the longest scenarios start first
# (ovmf-tests/durations). Each scenario's steps go to build/ovmf-tests/NAME/run.log and are
# printed here when it ends.
set -eu
HERE=$(dirname "$0")
BUILD=${BUILD:-build}
JOBS=${OVMF_JOBS:-$(nproc)}

if [ $# -eq 0 ]; then
	set -- $(cd "$HERE/scenarios" && ls -- *.sh | sed 's/\.sh$//')
fi
for name in "$@"; do
	[ -f "$HERE/scenarios/$name.sh" ] || { echo "ovmf: no scenario '$name' in $HERE/scenarios" >&2; exit 2; }
done

# Longest first: with a few long scenarios (the Debian root, kdump) among many short ones, the
# run ends soonest when the long ones start first and the short ones fill the gaps. The weight of
# a scenario is its time in the last run here (build/ovmf-tests/NAME/seconds), else the one
# recorded in ovmf-tests/durations (a fresh checkout, CI), else 30 s. The summary keeps the
# order the scenarios were given in.
weight() {
	w=$(cat "$BUILD/ovmf-tests/$1/seconds" 2>/dev/null ||
		awk -v n="$1" '$1 == n { print $2 }' "$HERE/durations" 2>/dev/null)
	echo "${w:-30}"
}
order=$(for name in "$@"; do echo "$(weight "$name") $name"; done | sort -k1,1nr -k2 | cut -d' ' -f2)

echo "== OVMF Secure Boot scenarios ($# scenario(s), up to $JOBS VM(s) at a time, longest first) =="
mkdir -p "$BUILD/ovmf-tests"
start=$(date +%s)
running=0
for name in $order; do
	if [ "$running" -ge "$JOBS" ]; then
		wait -n || true
		running=$((running - 1))
	fi
	"$HERE/run-scenario.sh" "$name" >"$BUILD/ovmf-tests/$name.out" 2>&1 &
	running=$((running + 1))
done
wait || true

passed=0 failed=0 skipped=0
for name in "$@"; do
	res=$BUILD/ovmf-tests/$name/result
	verdict=$(tail -n1 "$res" 2>/dev/null || echo FAIL)
	case $verdict in
	PASS) passed=$((passed + 1)) ;;
	SKIP) skipped=$((skipped + 1)) ;;
	*) failed=$((failed + 1)) ;;
	esac
	if [ "$verdict" = PASS ]; then
		printf '  %-36s PASS (%ss)\n' "$name" "$(cat "$BUILD/ovmf-tests/$name/seconds" 2>/dev/null || echo ?)"
	else
		printf '  %-36s %s\n' "$name" "$verdict"
		sed 's/^/    /' "$BUILD/ovmf-tests/$name.out" | tail -n 40
	fi
done
echo "  (${#}) scenario(s) in $(($(date +%s) - start))s"
echo "ovmf: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
