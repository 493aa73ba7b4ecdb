#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make bench`'s last step: BENCHMARKS.md from the sections the benchmarks wrote, with machine, date and commit.
#
# Usage: tools/bench-report.sh OUT.md SECTIONS_DIR
# Sections, in this order (a missing one is named as not measured in this run):
#   verification-io   10-verification-io.md tools/bench-verify-io.sh (make bench-verify-io):
#                     kexec --verify-only against sbverify, osslsigncode and openssl dgst on
#                     the 8 MB kernel and a 64 MB synthetic PE (issue #13 point 1)
#   kexec-peers       20-kexec-peers.md     tools/bench.sh (make bench-kexec)
#   purgatory-sha256  30-purgatory-sha256.md tools/bench-purgatory.sh (make bench-purgatory)
#   by hand           tools/bench-manual.md  measurements make bench cannot repeat (kept in git)
#   vm-kdump          50-vm-kdump.md        tools/bench-vm.sh (make bench-vm)
# To add a section: write it as SECTIONS_DIR/NN-name.md from a make target run by `bench`,
# and name it in the list below.
set -eu
OUT=${1:?usage: tools/bench-report.sh OUT.md SECTIONS_DIR}
DIR=${2:?usage: tools/bench-report.sh OUT.md SECTIONS_DIR}

section() { # FILE TITLE WHAT-MAKES-IT
	if [ -s "$1" ]; then
		sed "/^<!-- SPDX/d" "$1"
	else
		echo "## $2"
		echo
		echo "Not measured in this run: $3."
	fi
	echo
}

{
	echo "<!-- SPDX-License-Identifier: GPL-2.0-or-later -->"
	echo "# sbkexec benchmarks"
	echo
	echo "Written by \`make bench\` (tools/bench-report.sh); do not edit by hand, except"
	echo "\`tools/bench-manual.md\`, which is copied in. Only ratios measured in the same run are compared."
	echo
	echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- Commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
	echo "- Machine: $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), SHA-NI $(grep -qw sha_ni /proc/cpuinfo && echo yes || echo no), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
	echo "- System: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r), $(gcc --version | head -n1), $(openssl version | cut -d' ' -f1-2)"
	echo "- Load average when the report was written: $(cut -d' ' -f1-3 /proc/loadavg) (other jobs share this machine: numbers move between runs)"
	echo
	section "$DIR/10-verification-io.md" "Verification I/O (issue #13 point 1)" "make bench-verify-io"
	section "$DIR/20-kexec-peers.md" "kexec against its peers" "make bench-kexec"
	section "$DIR/30-purgatory-sha256.md" "Purgatory SHA-256" "make bench-purgatory"
	section tools/bench-manual.md "Measured by hand" "tools/bench-manual.md is missing"
	section "$DIR/50-vm-kdump.md" "kdump in a VM" "make bench-vm"
} >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "bench: wrote $OUT"
