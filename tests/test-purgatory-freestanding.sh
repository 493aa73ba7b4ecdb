#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Checks the linked purgatory is freestanding: no undefined symbols, SSE only in .text.sse and only after entry.S enabled it, no x87, no relocations, sane blob.
set -u
BUILD=${BUILD:-build}
elf=$BUILD/purgatory/purgatory.elf
bin=$BUILD/purgatory/purgatory.bin
offsets=$BUILD/purgatory/purgatory-offsets.h

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; failed=1; }
failed=0

check_built() {
	echo "# checking $elf and $bin exist (make purgatory)"
	if [ -s "$elf" ] && [ -s "$bin" ] && [ -s "$offsets" ]; then ok "purgatory built"; else
		not_ok "purgatory not built: $elf"; exit 1; fi
}

check_no_undefined() {
	echo "# checking nm -u lists nothing (no hidden libc or compiler runtime)"
	undef=$(nm -u "$elf")
	if [ -z "$undef" ]; then ok "no undefined symbols"; else not_ok "undefined symbols: $undef"; fi
}

# Code sections of the ELF (flag X in readelf -S), one per line.
code_sections() { readelf -SW "$elf" | awk '$0 ~ /\] \./ { sub(/.*\] /, ""); if ($7 ~ /X/) print $1 }'; }

check_no_simd() {
	echo "# checking x87/MMX nowhere, and xmm/ymm/zmm only in .text.sse (lib/x86_64/sha256-ni.c, the SHA-NI engine)"
	secs=$(code_sections | tr '\n' ' ')
	if [ "$secs" = ".text .text.sse " ]; then ok "code sections are .text and .text.sse"; else
		not_ok "unexpected code sections: $secs"; fi
	hits=$(objdump -d --no-show-raw-insn "$elf" | grep -E '%mm[0-7]|%st\(|[[:space:]]f(ld|st|add|mul|init|xsave|xrstor)' || true)
	if [ -z "$hits" ]; then ok "no MMX/x87 instructions"; else not_ok "MMX/x87 found:"; echo "$hits" | head -5 | sed 's/^/#   /'; fi
	hits=$(objdump -d --no-show-raw-insn -j .text "$elf" | grep -E '%[xyz]mm[0-9]' || true)
	if [ -z "$hits" ]; then ok "no SSE register in .text"; else not_ok "SSE in .text:"; echo "$hits" | head -5 | sed 's/^/#   /'; fi
	n=$(objdump -d --no-show-raw-insn -j .text.sse "$elf" | grep -cE 'sha256rnds2' || true)
	if [ "$n" -eq 32 ]; then ok ".text.sse holds the SHA-NI rounds (32 sha256rnds2: 64 rounds, unrolled)"; else
		not_ok ".text.sse has $n sha256rnds2 (expected 32)"; fi
	# objdump -t: "ADDR FLAGS SECTION SIZE NAME"; functions (F) in .text.sse.
	syms=$(objdump -t "$elf" | awk 'NF >= 5 && $(NF - 2) == ".text.sse" && / F / { print $NF }' | sort | tr '\n' ' ')
	if [ "$syms" = "sha256_ni_blocks sha256_ni_layout_check " ]; then ok ".text.sse holds only sha256-ni.c's functions"; else
		not_ok ".text.sse symbols: $syms"; fi
}

# All C code runs between entry.S's SSE enable and its restore: SSE there is declared and enabled.
check_sse_region() {
	echo "# checking entry.S sets CR0/CR4 for SSE before the only call of purgatory_main and restores them after it"
	body=$(objdump -d --no-show-raw-insn -j .text "$elf" | awk '/<purgatory_start>:/ { on = 1; next } on && /^$/ { exit } on')
	cr4_set=$(echo "$body" | grep -n 'or     \$0x600,%rax' | head -n1 | cut -d: -f1)
	cr4_write=$(echo "$body" | grep -n 'mov    %rax,%cr4' | head -n1 | cut -d: -f1)
	cr0_write=$(echo "$body" | grep -n 'mov    %rax,%cr0' | head -n1 | cut -d: -f1)
	call=$(echo "$body" | grep -n 'call .*<purgatory_main>' | head -n1 | cut -d: -f1)
	r4=$(echo "$body" | grep -n 'mov    %r13,%cr4' | head -n1 | cut -d: -f1)
	r0=$(echo "$body" | grep -n 'mov    %r12,%cr0' | head -n1 | cut -d: -f1)
	calls=$(objdump -d --no-show-raw-insn "$elf" | grep -c 'call .*<purgatory_main>' || true)
	entry=$(readelf -hW "$elf" | awk '/Entry point/ { print $4 }')
	start=$(nm "$elf" | awk '$3 == "purgatory_start" { print "0x" $1 }')
	if [ -n "$cr4_set" ] && [ -n "$cr4_write" ] && [ -n "$cr0_write" ] && [ -n "$call" ] && [ -n "$r4" ] && [ -n "$r0" ] &&
	   [ "$cr4_set" -lt "$cr4_write" ] && [ "$cr0_write" -lt "$call" ] && [ "$cr4_write" -lt "$call" ] &&
	   [ "$call" -lt "$r4" ] && [ "$r4" -lt "$r0" ] && [ "$calls" -eq 1 ] && [ "$((entry))" -eq "$((start))" ]; then
		ok "CR4.OSFXSR|OSXMMEXCPT and CR0 set before the one call of purgatory_main (from the ELF entry), restored after"
	else
		not_ok "SSE enable/restore order (or10=$cr4_set cr4=$cr4_write cr0=$cr0_write call=$call restore=$r4,$r0 calls=$calls entry=$entry start=$start)"
		echo "$body" | head -40 | sed 's/^/#   /'
	fi
}

check_no_relocations() {
	echo "# checking readelf -r: a flat blob loaded anywhere must need no run-time relocation"
	if readelf -rW "$elf" | grep -q 'There are no relocations in this file.'; then ok "no relocations"; else
		not_ok "relocations present"; readelf -rW "$elf" | head -5 | sed 's/^/#   /'; fi
}

check_entry_and_params() {
	echo "# checking the exported offsets match the ELF symbols and the parameter block magic is in the blob"
	entry=$(awk '/PURGATORY_ENTRY_OFFSET/ { print $3 }' "$offsets")
	params=$(awk '/PURGATORY_PARAMS_OFFSET/ { print $3 }' "$offsets")
	sym_entry=$(nm "$elf" | awk '$3 == "purgatory_start" { print "0x" $1 }')
	sym_params=$(nm "$elf" | awk '$3 == "purgatory_params" { print "0x" $1 }')
	if [ "$((entry))" -eq "$((sym_entry))" ] && [ "$((params))" -eq "$((sym_params))" ]; then
		ok "offsets header matches symbols (entry $entry, params $params)"
	else
		not_ok "offsets header ($entry, $params) differs from symbols ($sym_entry, $sym_params)"
	fi
	magic=$(od -An -tx1 -j "$((params))" -N 8 "$bin" | tr -d ' \n')
	# "SBKPURG1" in ASCII
	if [ "$magic" = "53424b5055524731" ]; then ok "parameter block magic at its offset"; else
		not_ok "magic at params offset is $magic"; fi
}

check_entry_code() {
	echo "# checking the entry stub loads its own GDT before touching segments and never uses absolute addresses"
	first=$(objdump -d --no-show-raw-insn "$elf" | awk '/<purgatory_start>:/ { on = 1; next } on && NF { print; n++ } n == 6 { exit }')
	if echo "$first" | grep -q 'lgdt' && ! echo "$first" | sed -n '1,5p' | grep -q 'mov.*%[dsefg]s'; then
		ok "lgdt comes before the segment loads"
	else
		not_ok "entry stub order unexpected"; echo "$first" | sed 's/^/#   /'
	fi
}

check_built
check_no_undefined
check_no_simd
check_sse_region
check_no_relocations
check_entry_and_params
check_entry_code
exit $failed
