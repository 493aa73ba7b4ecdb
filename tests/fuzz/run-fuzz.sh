#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs libFuzzer targets for N seconds each, J at a time; fails on any crash, leak, timeout or sanitizer report.
#
# Usage: tests/fuzz/run-fuzz.sh SECONDS JOBS TARGET...   (from the top directory, after make fuzz-build)
# Each target starts from its working corpus (build/fuzz/corpus/NAME, kept between runs and
# grown by libFuzzer), its seeds (build/fuzz/seeds/NAME) and its regression corpus
# (tests/fuzz/regress/NAME, which libFuzzer runs first: a regression there fails at once).
# Prints one line per target with its executions, then "fuzz: N targets, N failed"; a failure
# names the reproducer libFuzzer wrote (build/fuzz/artifacts/NAME/) and the log.
set -u
SECONDS_EACH=${1:?seconds}
JOBS=${2:?jobs}
shift 2
FUZZ_DIR=${FUZZ_DIR:-build/fuzz}
LOGS=$FUZZ_DIR/logs
mkdir -p "$LOGS"

run_one() { # NAME
	name=$1
	bin=$FUZZ_DIR/fuzz-$name
	corpus=$FUZZ_DIR/corpus/$name
	art=$FUZZ_DIR/artifacts/$name
	log=$LOGS/$name.log
	mkdir -p "$corpus" "$art"
	set -- "$corpus"
	[ -d "$FUZZ_DIR/seeds/$name" ] && set -- "$@" "$FUZZ_DIR/seeds/$name"
	[ -d "tests/fuzz/regress/$name" ] && set -- "$@" "tests/fuzz/regress/$name"
	# -timeout: one input taking 10 s is a hang, reported as a failure like a crash.
	# -close_fd_mask=1: the targets' own stdout is noise; libFuzzer and the sanitizers still report.
	"$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-close_fd_mask=1 -artifact_prefix="$art/" "$@" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
	cov=$(grep -E '^#[0-9]+.*(DONE|pulse|INITED)' "$log" | tail -n1 | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	if [ "$rc" -eq 0 ] && ! grep -qE '^(==[0-9]+==ERROR|SUMMARY: (Address|Undefined|Leak)Sanitizer|.*runtime error:)' "$log"; then
		printf '  %-18s ok: %s executions in %s s, coverage %s, corpus %s inputs\n' "$name" "${execs:-?}" \
			"$SECONDS_EACH" "${cov:-?}" "$(ls "$corpus" | wc -l)" >"$LOGS/$name.result"
	else
		{
			printf '  %-18s FAILED (exit %s) after %s executions; log %s; reproducer:%s\n' "$name" "$rc" \
				"${execs:-?}" "$log" "$(ls "$art" | sed 's/^/ /' | tr -d '\n')"
			grep -E 'ERROR|SUMMARY|runtime error|invariant|Test unit written' "$log" | head -8 | sed 's/^/      /'
		} >"$LOGS/$name.result"
	fi
}

echo "== fuzz: $# target(s), ${SECONDS_EACH} s each, $JOBS at a time =="
start=$(date +%s)
running=0
for name in "$@"; do
	[ -x "$FUZZ_DIR/fuzz-$name" ] || { echo "fuzz: $FUZZ_DIR/fuzz-$name not built (make fuzz-build)"; exit 1; }
	rm -f "$LOGS/$name.result"
	if [ "$running" -ge "$JOBS" ]; then
		wait
		running=0
	fi
	run_one "$name" &
	running=$((running + 1))
done
wait

failed=0
for name in "$@"; do
	cat "$LOGS/$name.result" 2>/dev/null || echo "  $name: no result"
	grep -q ' ok: ' "$LOGS/$name.result" 2>/dev/null || failed=$((failed + 1))
done
echo "fuzz: $# targets, $failed failed ($(($(date +%s) - start)) s)"
[ "$failed" -eq 0 ]
