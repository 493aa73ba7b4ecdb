#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make bench-purgatory`: the purgatory's SHA-256 (the linked blob, SHA-NI and scalar) in MB/s and instructions per byte, against OpenSSL and portable C.
#
# Usage: tools/bench-purgatory.sh OUT.md   (from the top directory; make passes BUILD)
#   BENCH_MIB (default 64) and BENCH_ROUNDS (default 11): buffer size and best-of count
# MB/s from $(BUILD)/tools/bench-purgatory (tools/bench-purgatory.c), all variants in one process.
# Instructions per byte: callgrind where valgrind can run the code (valgrind 3.19 emulates no
# SHA-NI, and its CPUID hides it, so OpenSSL there takes its SSSE3/AVX path), as the difference
# of two runs (5 MiB - 1 MiB) counted only inside the variant (--toggle-collect); and for both
# purgatory engines the static length of the per-block loop in the linked ELF (straight-line,
# unrolled: executed once per 64-byte block), which callgrind's scalar figure cross-checks.
# perf stat would count on hardware, but this VM exposes no hardware counters (<not supported>).
set -eu

OUT=${1:?usage: tools/bench-purgatory.sh OUT.md}
BUILD=${BUILD:-build}
BIN=$BUILD/tools/bench-purgatory
ELF=$BUILD/purgatory/purgatory.elf
MIB=${BENCH_MIB:-64}
ROUNDS=${BENCH_ROUNDS:-11}

die() { echo "bench-purgatory: error: $*" >&2; exit 1; }
[ -x "$BIN" ] && [ -f "$ELF" ] || die "$BIN or $ELF missing (make bench-purgatory builds them)"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# 1. Throughput.
res=$("$BIN" "$MIB" "$ROUNDS") || die "bench-purgatory failed"
val() { echo "$res" | awk -v k="$1" '$1 == k { print $2 }'; }
ni=$(val purgatory-sha-ni) sc=$(val purgatory-scalar) ossl=$(val openssl) host=$(val lib-host-scalar)
[ -n "$sc" ] && [ -n "$ossl" ] || die "cannot read: $res"

# 2. callgrind: instructions inside run_variant, 5 MiB minus 1 MiB, per byte.
cg_ipb() {
	command -v valgrind >/dev/null || { echo "-"; return; }
	a=$(valgrind --tool=callgrind --toggle-collect=run_variant --callgrind-out-file=/dev/null \
		"$BIN" --once "$1" 1 2>&1 | sed -n 's/.*Collected : //p')
	b=$(valgrind --tool=callgrind --toggle-collect=run_variant --callgrind-out-file=/dev/null \
		"$BIN" --once "$1" 5 2>&1 | sed -n 's/.*Collected : //p')
	[ -n "$a" ] && [ -n "$b" ] || { echo "-"; return; }
	awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (b - a) / (4 * 1048576) }'
}
cg_sc=$(cg_ipb purgatory-scalar) cg_ossl=$(cg_ipb openssl) cg_host=$(cg_ipb lib-host-scalar)

# 3. Static per-block loop length (instructions from the target of the function's longest
#    backward branch to that branch) of both engines in the linked purgatory.
loop_len() {
	objdump -d --no-show-raw-insn "$ELF" | awk -v f="<$1>:" '$2 == f { on = 1; next } on && /^$/ { exit } on' |
	awk 'function hex(s,  i, c, v) { sub(/:$/, "", s); v = 0
		for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)); if (!c) break; v = v * 16 + c - 1 }
		return v }
	/^ *[0-9a-f]+:\t/ { a = hex($1); n++; at[n] = a
		if ($2 ~ /^j/ && $3 ~ /^[0-9a-f]+$/) { t = hex($3); if (t < a && a - t > best) { best = a - t; lo = t; hi = a } } }
	END { c = 0; for (i = 1; i <= n; i++) if (at[i] >= lo && at[i] <= hi) c++; print c }'
}
st_ni=$(loop_len sha256_ni_blocks) st_sc=$(loop_len blocks)
ipb() { awk -v n="$1" 'BEGIN { printf "%.2f", n / 64 }'; }

cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
has_ni=$(grep -qw sha_ni /proc/cpuinfo && echo yes || echo no)
{
	echo "## Purgatory SHA-256"
	echo
	echo "The purgatory blob as kexec loads it (\`sb_purgatory_blob\`, mapped, its parameter block filled,"
	echo "\`purgatory_main()\` called: the freestanding code and its region walk), hashing $MIB MiB, best of"
	echo "$ROUNDS rounds in which the variants take turns, in one process. CPU: $cpu, SHA-NI: $has_ni."
	echo
	echo "| code | MB/s | instructions/byte | how counted |"
	echo "|---|---:|---:|---|"
	echo "| purgatory, SHA-NI engine (\`lib/x86_64/sha256-ni.c\`, -O2) | ${ni:--} | $(ipb "$st_ni") | static: $st_ni-instruction loop per 64-byte block |"
	echo "| purgatory, scalar engine (\`lib/sha256.c\`, -Os) | $sc | $(ipb "$st_sc") / $cg_sc | static: $st_sc per block / callgrind |"
	echo "| OpenSSL \`EVP_Digest\` (Debian libcrypto, SHA-NI) | $ossl | $cg_ossl | callgrind (valgrind's CPU has no SHA-NI: its SSSE3/AVX code) |"
	echo "| portable C: \`lib/sha256.c\` host build (-O2) | $host | $cg_host | callgrind |"
	echo
	echo "Ratios (same run): SHA-NI purgatory / OpenSSL $(ratio "${ni:-0}" "$ossl"), SHA-NI / scalar purgatory"
	echo "$(ratio "${ni:-0}" "$sc"), SHA-NI purgatory / portable C $(ratio "${ni:-0}" "$host")."
	if [ -n "${ni:-}" ]; then
		goal=$(awk -v v="$ni" 'BEGIN { print (v >= 1500) ? "met" : "missed" }')
		echo "Goal ≥ 1500 MB/s for the purgatory's code on SHA-NI hardware: **$goal** ($ni MB/s)."
	else
		echo "This CPU has no SHA-NI: the SHA-NI row and the 1500 MB/s goal cannot be measured here."
	fi
	echo "Against kexec-tools' own purgatory SHA-256 see \"Measured by hand\" below (its code is not built by \`make bench\`)."
	echo
	echo "Reproduce: \`make bench-purgatory\` (\`$BIN $MIB $ROUNDS\`; instructions: \`valgrind --tool=callgrind"
	echo "--toggle-collect=run_variant $BIN --once VARIANT 1\` and \`... 5\`, difference / 4 MiB)."
} >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "bench-purgatory: wrote $OUT"
cat "$OUT"
