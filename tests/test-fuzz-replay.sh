#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Replays every fuzz target (tests/fuzz/fuzz-*.c, built with gcc and tests/fuzz/replay.c) over its regression corpus and its seeds.
#
# Per target: tests/fuzz/regress/NAME/* (inputs that once broke something: each as is, its
# prefixes and 200 deterministic mutations) and build/fuzz/seeds/NAME/* (tests/fuzz/gen-seeds.sh:
# real inputs, with FUZZ_REPLAY_MUTATIONS mutations, default 200). A crash, sanitizer report
# (SANITIZE=1) or broken invariant aborts the replay: a "not ok" line.
set -u
BUILD=${BUILD:-build}
SEEDS=${FUZZ_SEEDS_DIR:-build/fuzz/seeds}
M=${FUZZ_REPLAY_MUTATIONS:-200}
failed=0

[ -f "$SEEDS/.made" ] || { echo "not ok - $SEEDS not generated (make check-unit builds it)"; exit 1; }
for src in tests/fuzz/fuzz-*.c; do
	name=$(basename "$src" .c)
	name=${name#fuzz-}
	replay=$BUILD/tests/fuzz-$name-replay
	if [ ! -x "$replay" ]; then
		echo "not ok - $replay not built"
		failed=$((failed + 1))
		continue
	fi
	for set in regress seeds; do
		if [ "$set" = regress ]; then dir=tests/fuzz/regress/$name m=200; else dir=$SEEDS/$name m=$M; fi
		[ -d "$dir" ] || continue
		files=$(find "$dir" -type f | sort)
		[ -n "$files" ] || continue
		# One "ok - replay FILE" line per input from the replay itself; the unit runner counts them.
		# shellcheck disable=SC2086
		if ! "$replay" -m "$m" $files 2>"$BUILD/tests/fuzz-$name-$set.err"; then
			echo "not ok - $name: $set replay aborted"
			tail -n 15 "$BUILD/tests/fuzz-$name-$set.err" | sed 's/^/#   /'
			failed=$((failed + 1))
		fi
	done
done
[ "$failed" -eq 0 ]
