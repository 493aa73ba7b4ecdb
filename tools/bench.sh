#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make bench`: times sbkexec's verification, Authenticode digest and SHA-256, and sizes its static kexec, against peers measured in the same run.
#
# Usage: tools/bench.sh   (from the top directory; make passes BUILD, CERTS_DIR, KERNEL_DIR)
#   BENCH_RUNS=N   runs per command (default 21; one untimed warm-up run first); the median counts.
#   BENCH_MD=FILE  also write the table as a BENCHMARKS.md section (make bench does).
# A script, not a test: the numbers depend on the machine and its load (printed first). It fails
# only when a command it times fails or two tools disagree on the digest: the time of a
# failed run means nothing. Ratios are ours/peer of the cost (time or bytes): below 1, ours is cheaper.
set -eu

BUILD=${BUILD:-build}
CERTS_DIR=${CERTS_DIR:-build/certs}
KERNEL_DIR=${KERNEL_DIR:-build/kernel}
RUNS=${BENCH_RUNS:-21}
KEXEC=$BUILD/kexec/kexec
PE_DIGEST=$BUILD/tests/pe-digest
BENCH_SHA256=$BUILD/tools/bench-sha256
BENCH_DIGEST=$BUILD/tools/bench-digest
DEBIAN_KEXEC=/usr/sbin/kexec
OUT=$BUILD/bench

die() { echo "bench: error: $*" >&2; exit 1; }

for f in "$KEXEC" "$PE_DIGEST" "$BENCH_SHA256" "$BENCH_DIGEST" "$KERNEL_DIR/vmlinuz" "$CERTS_DIR/kernel-signing.key"; do
	[ -e "$f" ] || die "$f missing (run make bench, which builds it, after make deps)"
done
for tool in sbattach sbsign sbverify osslsigncode hash-to-efi-sig-list sha256sum strip; do
	command -v "$tool" >/dev/null || die "$tool not installed (run make deps)"
done
[ "$RUNS" -ge 1 ] 2>/dev/null || die "BENCH_RUNS must be a positive number"

# The measured file: Debian's vmlinuz with its signature removed, signed by our kernel-signing
# key only (as tests/gen-kexec-corpus.sh makes vmlinuz-ks.efi); every verifier trusts the kexec CA.
mkdir -p "$OUT"
IMG=$OUT/vmlinuz-ks.efi
CA=$CERTS_DIR/kexec-ca.crt
cp "$KERNEL_DIR/vmlinuz" "$OUT/vmlinuz.unsigned"
sbattach --remove "$OUT/vmlinuz.unsigned" >/dev/null
sbsign --key "$CERTS_DIR/kernel-signing.key" --cert "$CERTS_DIR/kernel-signing.crt" \
	--output "$IMG" "$OUT/vmlinuz.unsigned" >/dev/null 2>&1 || die "sbsign failed"

# median_ms CMD...: runs CMD (output discarded) once untimed, then RUNS times; prints the median
# wall time in milliseconds. "{}" in an argument becomes the run number (for tools that refuse
# to overwrite their output). Timed with bash's $EPOCHREALTIME: no process for the clock.
# Any failing run stops the benchmark.
median_ms() {
	times=()
	for i in $(seq 0 "$RUNS"); do
		args=("${@//\{\}/$i}")
		t0=$EPOCHREALTIME
		"${args[@]}" >/dev/null 2>&1 || die "'${args[*]}' failed (exit $?)"
		t1=$EPOCHREALTIME
		[ "$i" -eq 0 ] || times+=("$t0 $t1")
	done
	printf '%s\n' "${times[@]}" | awk '{ print ($2 - $1) * 1000 }' | sort -g | awk '{ v[NR] = $1 }
		END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f\n", m }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

rows=()
md=()
# row WHAT OURS-LABEL OURS-VALUE PEER-LABEL PEER-VALUE UNIT [RATIO]: one table line, ratio
# ours/peer unless given (throughput rows give the cost ratio).
row() {
	r=${7:-$(ratio "$3" "$5")}
	rows+=("$(printf '%-22s %-27s %10s %-4s  %-36s %10s %-4s  %6s' "$1" "$2" "$3" "$6" "$4" "$5" "$6" "$r")")
	md+=("| $1 | $2 | $3 $6 | $4 | $5 $6 | $r |")
}

echo "== make bench: sbkexec against peers, same machine, same run =="
echo "  $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  image: $IMG ($(stat -c %s "$IMG") bytes, Debian $(cat "$KERNEL_DIR/version") signed by kernel-signing); trust anchor: kexec CA"
echo "  median of $RUNS runs each (one warm-up run first); timing overhead (/bin/true): $(median_ms /bin/true) ms"

# (a) Verifying the signed kernel: our whole verifier (read, parse, Authenticode digest, PKCS#7,
# chain to the --trust cert, revocation lists absent on the host) against sbverify and osslsigncode.
ours=$(median_ms "$KEXEC" --verify-only --trust "$CA" "$IMG")
peer=$(median_ms sbverify --cert "$CA" "$IMG")
row "verify signed kernel" "kexec --verify-only --trust" "$ours" "sbverify --cert" "$peer" ms
# Debian 12's osslsigncode 2.5 refuses sbsign-made signatures ("Invalid signature"; 2.9 accepts
# them), so osslsigncode verifies the same kernel signed by itself with the same key.
IMG_OSSL=$OUT/vmlinuz-ks.osslsigned.efi
rm -f "$IMG_OSSL"
osslsigncode sign -certs "$CERTS_DIR/kernel-signing.crt" -key "$CERTS_DIR/kernel-signing.key" \
	-h sha256 -in "$OUT/vmlinuz.unsigned" -out "$IMG_OSSL" >/dev/null 2>&1 || die "osslsigncode sign failed"
peer=$(median_ms osslsigncode verify -CAfile "$CA" -in "$IMG_OSSL")
row "" "" "$ours" "osslsigncode verify -CAfile (own sig)" "$peer" ms

# (b) The Authenticode digest alone, as commands: lib/ (pe_parse + authenticode_sha256 with
# lib/sha256.c, the EFI/purgatory path) against efitools' hash-to-efi-sig-list and osslsigncode
# extract-data (both OpenSSL SHA-256), and sha256sum of the whole file (no PE parsing).
d_ours=$("$PE_DIGEST" "$IMG")
d_peer=$(hash-to-efi-sig-list "$IMG" "$OUT/hash.esl" | sed -n 's/^HASH IS //p')
[ "$d_ours" = "$d_peer" ] || die "digests differ: lib/ $d_ours, hash-to-efi-sig-list $d_peer"
ours=$(median_ms "$PE_DIGEST" "$IMG")
peer=$(median_ms hash-to-efi-sig-list "$IMG" "$OUT/hash.esl")
row "Authenticode SHA-256" "tests/pe-digest (lib/sha256)" "$ours" "hash-to-efi-sig-list (efitools)" "$peer" ms
# extract-data exists from osslsigncode 2.6 on (Debian 12 ships 2.5).
if osslsigncode --help 2>&1 | grep -q extract-data; then
	rm -f "$OUT"/extract.*.p7
	peer=$(median_ms osslsigncode extract-data -in "$IMG" -out "$OUT/extract.{}.p7")
	row "" "" "$ours" "osslsigncode extract-data" "$peer" ms
fi
peer=$(median_ms sha256sum "$IMG")
row "" "" "$ours" "sha256sum (whole file, no PE)" "$peer" ms

# ...and in process, without start-up and file reading (tools/bench-digest.c, best of 10): the
# kexec's path (lib/ walk + OpenSSL) and the EFI/purgatory path (lib/ walk + lib/sha256.c)
# against OpenSSL's SHA-256 of the flat file (the cost of the walk itself shows as ratio > 1).
line=$("$BENCH_DIGEST" "$IMG" 10) || die "bench-digest failed"
val() { echo "$line" | sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
row "digest, in process" "lib/ walk + OpenSSL (kexec)" "$(val evp_ms)" "OpenSSL SHA-256 of the flat file" "$(val flat_ms)" ms
row "" "lib/ walk + lib/sha256.c" "$(val lib_ms)" "OpenSSL SHA-256 of the flat file" "$(val flat_ms)" ms

# (c) SHA-256 throughput on 64 MiB in memory (tools/bench-sha256.c, best of 3): cost = 1/MB/s.
line=$("$BENCH_SHA256") || die "bench-sha256 failed"
lib_mbs=$(echo "$line" | sed -n 's/.*lib\/sha256.c \([0-9.]*\) MB\/s.*/\1/p')
ossl_mbs=$(echo "$line" | sed -n 's/.*OpenSSL \([0-9.]*\) MB\/s.*/\1/p')
if [ -z "$lib_mbs" ] || [ -z "$ossl_mbs" ]; then die "cannot read bench-sha256's output: $line"; fi
row "SHA-256, 64 MiB" "lib/sha256.c (scalar)" "$lib_mbs" "OpenSSL EVP_Digest" "$ossl_mbs" "MB/s" "$(ratio "$ossl_mbs" "$lib_mbs")"

# (d) What a kdump initramfs has to carry: our static kexec (stripped, as make install puts it)
# against Debian's kexec-tools binary plus every shared library it loads.
strip -o "$OUT/kexec.stripped" "$KEXEC"
ours_kib=$(($(stat -c %s "$OUT/kexec.stripped") / 1024))
if [ -x "$DEBIAN_KEXEC" ]; then
	deb_bin=$(stat -c %s "$DEBIAN_KEXEC")
	libs=$(ldd "$DEBIAN_KEXEC" | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }' | xargs -r readlink -f | sort -u)
	deb_libs=0
	nlibs=0
	for l in $libs; do
		deb_libs=$((deb_libs + $(stat -c %s "$l")))
		nlibs=$((nlibs + 1))
	done
	row "kexec binary size" "static, stripped" "$ours_kib" "Debian kexec-tools $($DEBIAN_KEXEC --version 2>&1 | awk '{ print $2 }') alone" "$((deb_bin / 1024))" KiB
	row "" "" "$ours_kib" "... + its $nlibs shared libraries" "$(((deb_bin + deb_libs) / 1024))" KiB
	# Start-up cost of a static binary against a dynamic one that maps those libraries.
	ours=$(median_ms "$KEXEC" --version)
	peer=$(median_ms "$DEBIAN_KEXEC" --version)
	row "start-up (--version)" "kexec (static)" "$ours" "Debian kexec (dynamic)" "$peer" ms
else
	echo "  ($DEBIAN_KEXEC not installed: no size comparison; package kexec-tools)"
fi

echo
printf '%-22s %-27s %15s  %-36s %15s  %6s\n' "what" "ours" "" "peer" "" "ours/peer"
for r in "${rows[@]}"; do echo "$r"; done
echo
echo "ratio: ours/peer of the cost (time, bytes, or 1/throughput); below 1 means ours is cheaper."

if [ -n "${BENCH_MD:-}" ]; then
	{
		echo "## kexec against its peers (verification, digest, sizes, start-up)"
		echo
		echo "\`tools/bench.sh\`: median of $RUNS runs per command after a warm-up, wall time with bash's"
		echo "\`\$EPOCHREALTIME\` (process start-up and file reading included; \`/bin/true\` costs $(median_ms /bin/true) ms here)."
		echo "Image: Debian's vmlinuz re-signed by the test kernel-signing key ($(stat -c %s "$IMG") bytes);"
		echo "every verifier trusts the kexec CA. Ratio: ours/peer of the cost; below 1, ours is cheaper."
		echo
		echo "| what | ours | | peer | | ours/peer |"
		echo "|---|---|---:|---|---:|---:|"
		for r in "${md[@]}"; do echo "$r"; done
		echo
		echo "Reproduce: \`make bench-kexec\` (\`BENCH_RUNS=$RUNS tools/bench.sh\`)."
	} >"$BENCH_MD.tmp"
	mv "$BENCH_MD.tmp" "$BENCH_MD"
fi
