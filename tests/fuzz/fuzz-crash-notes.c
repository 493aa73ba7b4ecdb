/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the kdump inputs (crash_notes, vmcoreinfo, /proc/kcore headers) and the ELF core header built from them. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "kexec/x86_64/crashdump.h"
#include "kexec/x86_64/memory-ranges.h"
#include "fuzz-util.h"

/*
 * Input: a u16-length-prefixed chunk taken as the first bytes of /proc/kcore (binary ELF), then
 * text lines: "vmcoreinfo <file contents>", "note <crash_notes> <crash_notes_size>",
 * "ram <start> <end>" (hex), "text <paddr> <vaddr> <size>" (hex). The parsed values feed
 * crash_elf_build(), whose header must describe exactly what it was given.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crash_cpu_note notes[64];
	struct mem_map ram = { 0 }, excl = { 0 };
	struct crash_elf_input in = { 0 };
	const uint8_t *kcore;
	size_t kcore_len = fz_chunk(&data, &size, 65536, &kcore), n = 0, hdr_len = 0;
	char *text, *line, *save = NULL, arg[64];
	uint8_t *hdr = NULL;
	uint64_t po = 0;

	/* A direct-map base lies in the kernel half (at or above __PAGE_OFFSET_BASE_L5). */
	if (crash_page_offset_from_kcore(kcore, kcore_len, &po) == 0)
		FZ_ASSERT(po >= 0xff11000000000000ull && po < 0xffffffff80000000ull);
	text = fz_str(data, size);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned long long a, b, c;
		char x[64], y[64];

		if (strncmp(line, "vmcoreinfo ", 11) == 0) {
			crash_parse_vmcoreinfo(line + 11, &in.vmcoreinfo_addr, &in.vmcoreinfo_size);
		} else if (sscanf(line, "note %63s %63s", x, y) == 2 && n < 64) {
			if (crash_parse_hex(x, &notes[n].addr) == 0 && crash_parse_dec(y, &notes[n].size) == 0)
				n++;
		} else if (sscanf(line, "ram %llx %llx", &a, &b) == 2) {
			mr_add(&ram, a, b, MR_RAM, 0);
		} else if (sscanf(line, "text %llx %llx %llx", &a, &b, &c) == 3) {
			in.text_paddr = a, in.text_vaddr = b, in.text_size = c;
		}
	}
	in.notes = notes;
	in.nnotes = n;
	in.page_offset = po ? po : 0xffff888000000000ull;
	in.ram = &ram;
	in.exclude = &excl;
	crash_exclusions(&ram, &excl);
	if (crash_elf_build(&in, &hdr, &hdr_len) == 0) {
		/* An ELF64 core file header: magic, ET_CORE, program headers inside the buffer. */
		FZ_ASSERT(hdr_len >= 64 && memcmp(hdr, "\177ELF", 4) == 0 && hdr[16] == 4);
		FZ_ASSERT(64 + (size_t)(hdr[56] | hdr[57] << 8) * 56 <= hdr_len);
		FZ_ASSERT(crash_elfcorehdr_arg(0x7f000000, arg, sizeof(arg)) == 0 && strcmp(arg, "elfcorehdr=0x7f000000") == 0);
		free(hdr);
	}
	mr_free(&ram);
	mr_free(&excl);
	free(text);
	return 0;
}
