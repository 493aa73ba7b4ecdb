#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Times the phases of `make check` and prints their wall-time split at the end.
#
# Usage: tools/check-time.sh FILE PHASE CMD...   run CMD, append "PHASE SECONDS" to FILE, exit as CMD
#        tools/check-time.sh --report FILE        print the split of every phase recorded in FILE
# The report names the phases in a fixed order (build, unit, ovmf, then fuzz and lint for the
# phases still to come; "-" when a phase did not run), then the total, e.g.
#   check: wall time: build 14 s, unit 9 s, ovmf 612 s, fuzz -, lint - (total 635 s)
set -u
PHASES="build unit ovmf fuzz lint"

if [ "${1:-}" = --report ]; then
	file=$2
	line= total=0
	for p in $PHASES; do
		s=$(awk -v p="$p" '$1 == p { t += $2; seen = 1 } END { if (seen) print t }' "$file" 2>/dev/null)
		if [ -n "$s" ]; then line="$line${line:+, }$p $s s"; else line="$line${line:+, }$p -"; fi
		total=$((total + ${s:-0}))
	done
	echo "check: wall time: $line (total $total s)"
	exit 0
fi

file=$1 phase=$2
shift 2
start=$(date +%s)
"$@"
rc=$?
echo "$phase $(($(date +%s) - start))" >>"$file"
exit "$rc"
