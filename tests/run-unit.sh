#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs every host test program given as arguments (one line each: passed, failed, seconds) and prints one "unit: N passed, N failed" line.
set -u
logdir=${UNIT_LOG_DIR:-build/tests/logs}
mkdir -p "$logdir"
passed=0
failed=0
for t in "$@"; do
	name=$(basename "$t")
	log="$logdir/$name.log"
	start=$(date +%s)
	if "$t" >"$log" 2>&1; then rc=0; else rc=$?; fi
	secs=$(($(date +%s) - start))
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		# A crash or an early exit is a failure even if it printed no "not ok".
		f=1
		echo "not ok - $name exited with status $rc" >>"$log"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -eq 0 ]; then
		printf '  %-28s %4d passed  %4d s\n' "$name" "$p" "$secs"
	else
		printf '  %-28s %4d passed, %d FAILED  %d s (log: %s)\n' "$name" "$p" "$f" "$secs" "$log"
		grep -B3 '^not ok ' "$log" | sed 's/^/    /' | head -40
	fi
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
