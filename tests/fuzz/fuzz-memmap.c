/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: /sys/firmware/memmap entries and /sys/firmware/efi/runtime-map entries, then the e820 and SETUP_EFI node built from them. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "kexec/x86_64/boot-params-efi.h"
#include "kexec/x86_64/e820.h"
#include "kexec/x86_64/memory-ranges.h"
#include "fuzz-util.h"

/*
 * Input: lines. "m <start> <end> <type...>" is one /sys/firmware/memmap/N (the three files'
 * contents, each given as the line's fields; the type may hold spaces); "e <type> <phys> <virt>
 * <pages> <attr>" is one runtime-map/N entry. Fields are passed as the sysfs files hold them
 * (with a trailing newline when the field ends the line), as probe.c reads them.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem_map mm = { 0 }, e820 = { 0 };
	struct efi_rt_map rt = { 0 };
	struct efi_setup_in in = { 0x3e000000, 0x3e001000, 0x3e002000, 0 };
	char *text = fz_str(data, size), *line, *save = NULL;
	uint8_t *node;
	size_t i, map_off = 0, need;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[6] = { 0 }, *p = line + 1, *sp;
		int k;

		if (line[0] != 'm' && line[0] != 'e')
			continue;
		for (k = 0; k < (line[0] == 'm' ? 3 : 5) && p; k++) {
			while (*p == ' ')
				p++;
			f[k] = p;
			sp = (line[0] == 'm' && k == 2) ? NULL : strchr(p, ' ');
			if (sp)
				*sp++ = '\0';
			p = sp;
		}
		if (line[0] == 'm' && f[2])
			mr_add_firmware_entry(&mm, f[0], f[1], f[2]);
		else if (line[0] == 'e' && f[4])
			efi_rt_map_add(&rt, f[0], f[1], f[2], f[3], f[4]);
	}
	for (i = 0; i < mm.n; i++)
		FZ_ASSERT(mm.r[i].start <= mm.r[i].end);
	FZ_ASSERT(rt.n <= EFI_RT_MAX_DESC);
	for (i = 0; i < rt.n; i++)
		FZ_ASSERT(rt.d[i].num_pages && (rt.d[i].phys_addr & 0xfff) == 0);
	if (e820_from_map(&mm, &e820) == 0)
		for (i = 0; i < e820.n; i++)
			FZ_ASSERT(mr_is_e820_type(e820.r[i].type) && e820.r[i].start <= e820.r[i].end);
	need = efi_setup_node_size(rt.n);
	node = malloc(need);
	if (!node)
		fz_die("out of memory");
	FZ_ASSERT(need < 1 || efi_setup_build(&rt, &in, node, need - 1, &map_off) == EFIBP_E_SPACE);
	FZ_ASSERT(efi_setup_build(&rt, &in, node, need, &map_off) == 0 && map_off <= need);
	free(node);
	mr_free(&mm);
	mr_free(&e820);
	efi_rt_map_free(&rt);
	free(text);
	return 0;
}
