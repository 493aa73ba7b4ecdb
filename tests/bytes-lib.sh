# SPDX-License-Identifier: GPL-2.0-or-later
# Raw little-endian bytes from shell (sourced): integers, and the small binary structures the fuzz seeds and fault fixtures share.
# shellcheck shell=sh

byte() { printf "\\$(printf '%03o' $(($1 & 255)))"; }
le16() { byte "$1"; byte $(($1 >> 8)); }
le32() { le16 $(($1 & 65535)); le16 $((($1 >> 16) & 65535)); }
le64() { le32 $(($1 & 4294967295)); le32 $((($1 >> 32) & 4294967295)); }

# The first bytes of a /proc/kcore as fs/proc/kcore.c writes them, reduced to what
# crash_page_offset_from_kcore() reads: an ELF64 ET_CORE header and one KCORE_RAM PT_LOAD
# (p_vaddr = direct map 0xffff888000000000 + p_paddr 1 MiB).
kcore_header() {
	printf '\177ELF'; byte 2; byte 1; byte 1; head -c 9 /dev/zero
	le16 4; le16 62; le32 1; le64 0; le64 64; le64 0; le32 0; le16 64; le16 56; le16 1; le16 0; le16 0; le16 0
	le32 1; le32 7; le64 4096; le64 $((0xffff888000100000)); le64 $((0x100000)); le64 4096; le64 4096; le64 4096
}
