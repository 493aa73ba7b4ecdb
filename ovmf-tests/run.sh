#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs OVMF scenarios (all, or those named) in parallel and prints "ovmf: N passed, N failed, N skipped".
#
# Usage: ovmf-tests/run.sh [NAME...]   (from the top directory, after `make ovmf-prereqs`)
# OVMF_JOBS limits how many VMs run at once (default: nproc). Each scenario's steps go to
# build/ovmf-tests/NAME/run.log and are printed here when it ends.
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

echo "== OVMF Secure Boot scenarios ($# scenario(s), up to $JOBS VM(s) at a time) =="
mkdir -p "$BUILD/ovmf-tests"
start=$(date +%s)
running=0
for name in "$@"; do
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
