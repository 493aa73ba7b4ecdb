# SPDX-License-Identifier: GPL-2.0-or-later
# Shell helpers that read and patch PE32+ files byte by byte, for the corpus generators (sourced, POSIX sh).
#
# Little-endian field access with od/dd (no python on the build host needed). PE32+ layout (PE
# format spec): e_lfanew at 0x3c; the optional header after the 20-byte COFF header; CheckSum at
# +64, SizeOfImage at +56, the certificate-table directory at +144; section headers of 40 bytes
# (VirtualSize +8, VirtualAddress +12, SizeOfRawData +16, PointerToRawData +20).

u16() { od -An -tu2 -j "$2" -N2 "$1" | tr -d ' '; }
u32() { od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '; }
put_byte() { printf "$(printf '\\%03o' "$3")" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }
put_u32() {
	put_byte "$1" "$2" $(($3 & 255)); put_byte "$1" $(($2 + 1)) $((($3 >> 8) & 255))
	put_byte "$1" $(($2 + 2)) $((($3 >> 16) & 255)); put_byte "$1" $(($2 + 3)) $((($3 >> 24) & 255))
}
flip_byte() {
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	put_byte "$1" "$2" $((b ^ 0x5a))
}

pe_opt() { echo $(($(u32 "$1" 60) + 24)); }
pe_checksum_off() { echo $(($(pe_opt "$1") + 64)); }
pe_certdir_off() { echo $(($(pe_opt "$1") + 144)); }
pe_cert_offset() { u32 "$1" "$(pe_certdir_off "$1")"; }
pe_nsections() { u16 "$1" $(($(u32 "$1" 60) + 6)); }
pe_section_header() {   # file index -> file offset of that section header
	lf=$(u32 "$1" 60); optsz=$(u16 "$1" $((lf + 20)))
	echo $((lf + 24 + optsz + 40 * $2))
}
pe_section_raw() {   # file index -> "ptr size"
	sh=$(pe_section_header "$1" "$2")
	echo "$(u32 "$1" $((sh + 20))) $(u32 "$1" $((sh + 16)))"
}
pe_section_index() {   # file name -> index of the section called name (first one), or fails
	n=$(pe_nsections "$1"); i=0
	while [ "$i" -lt "$n" ]; do
		sh=$(pe_section_header "$1" "$i")
		[ "$(dd if="$1" bs=1 skip="$sh" count=8 status=none | tr -d '\000')" = "$2" ] && { echo "$i"; return 0; }
		i=$((i + 1))
	done
	return 1
}
pe_end_of_sections() {
	n=$(pe_nsections "$1"); end=0; i=0
	while [ "$i" -lt "$n" ]; do
		set -- "$1" $(pe_section_raw "$1" "$i")
		[ $(($2 + $3)) -gt "$end" ] && end=$(($2 + $3))
		i=$((i + 1))
	done
	echo "$end"
}
