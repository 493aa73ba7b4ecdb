#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Checks the linked purgatory is freestanding: no undefined symbols, no SIMD/x87, no relocations, sane blob.
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

check_no_simd() {
	echo "# checking the disassembly uses no xmm/ymm/zmm/mmx registers or x87 instructions"
	hits=$(objdump -d --no-show-raw-insn "$elf" | grep -E '%[xyz]mm[0-9]|%mm[0-7]|%st\(|[[:space:]]f(ld|st|add|mul|init|xsave|xrstor)' || true)
	if [ -z "$hits" ]; then ok "no SSE/MMX/x87 instructions"; else not_ok "SIMD/x87 found:"; echo "$hits" | head -5 | sed 's/^/#   /'; fi
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
check_no_relocations
check_entry_and_params
check_entry_code
exit $failed
