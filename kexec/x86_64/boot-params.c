/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writes the next kernel's boot_params: setup header, pointers, the e820 table (+ SETUP_E820_EXT), setup_data links. */
#include <string.h>
#include "boot-params.h"

uint64_t bp_get(const uint8_t *p, unsigned bytes)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < bytes; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

void bp_put(uint8_t *p, uint64_t v, unsigned bytes)
{
	unsigned i;

	for (i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void bootparams_init(uint8_t bp[BP_SIZE], const struct bzimage_info *bz)
{
	memset(bp, 0, BP_SIZE);
	/* setup_header_len <= 0x202 + 255 - 0x1f1, checked by bzimage_parse(): fits in the page. */
	memcpy(bp + BP_OFF_HDR, bz->setup_header, bz->setup_header_len);
	bp[BP_OFF_TYPE_OF_LOADER] = 0xff;
	bp_put(bp + BP_OFF_SETUP_DATA, 0, 8);
	bp_put(bp + BP_OFF_CMD_LINE_PTR, 0, 4);
	bp_put(bp + BP_OFF_RAMDISK_IMAGE, 0, 4);
	bp_put(bp + BP_OFF_RAMDISK_SIZE, 0, 4);
}

/* 64-bit addresses are split: low 32 bits in the header field, high 32 in the ext_ field (2.12). */
void bootparams_set_cmdline(uint8_t bp[BP_SIZE], uint64_t addr)
{
	bp_put(bp + BP_OFF_CMD_LINE_PTR, addr & 0xffffffffu, 4);
	bp_put(bp + BP_OFF_EXT_CMD_LINE_PTR, addr >> 32, 4);
}

void bootparams_set_initrd(uint8_t bp[BP_SIZE], uint64_t addr, uint64_t size)
{
	bp_put(bp + BP_OFF_RAMDISK_IMAGE, addr & 0xffffffffu, 4);
	bp_put(bp + BP_OFF_EXT_RAMDISK_IMAGE, addr >> 32, 4);
	bp_put(bp + BP_OFF_RAMDISK_SIZE, size & 0xffffffffu, 4);
	bp_put(bp + BP_OFF_EXT_RAMDISK_SIZE, size >> 32, 4);
}

void bootparams_set_acpi_rsdp(uint8_t bp[BP_SIZE], uint64_t addr)
{
	bp_put(bp + BP_OFF_ACPI_RSDP_ADDR, addr, 8);
}

void bootparams_set_hardware_subarch(uint8_t bp[BP_SIZE], uint32_t subarch)
{
	bp_put(bp + BP_OFF_HARDWARE_SUBARCH, subarch, 4);
}

size_t e820_ext_size(size_t n)
{
	if (n <= BP_E820_MAX_ZEROPAGE)
		return 0;
	return SETUP_DATA_HEADER_SIZE + (n - BP_E820_MAX_ZEROPAGE) * BP_E820_ENTRY_SIZE;
}

void setup_data_header(uint8_t *node, uint32_t type, uint32_t len)
{
	bp_put(node, 0, 8);
	bp_put(node + 8, type, 4);
	bp_put(node + 12, len, 4);
}

static void put_entry(uint8_t *p, const struct mem_range *r)
{
	bp_put(p, r->start, 8);
	bp_put(p + 8, r->end - r->start + 1, 8);
	bp_put(p + 16, r->type, 4);
}

int bootparams_set_e820(uint8_t bp[BP_SIZE], const struct mem_map *e820, uint8_t *ext, size_t ext_len,
			size_t *ext_used)
{
	size_t i, need = e820_ext_size(e820->n), in_page;

	if (e820->n > MR_MAX_RANGES)
		return MR_E_TOO_MANY;
	for (i = 0; i < e820->n; i++) {
		/* e820 sizes are end - start + 1: a range covering all 2^64 bytes cannot be encoded. */
		if (!mr_is_e820_type(e820->r[i].type) || (e820->r[i].start == 0 && e820->r[i].end == UINT64_MAX))
			return MR_E_ARG;
	}
	if (need > ext_len || (need && !ext))
		return MR_E_TOO_MANY;

	in_page = e820->n < BP_E820_MAX_ZEROPAGE ? e820->n : BP_E820_MAX_ZEROPAGE;
	memset(bp + BP_OFF_E820_TABLE, 0, (size_t)BP_E820_MAX_ZEROPAGE * BP_E820_ENTRY_SIZE);
	for (i = 0; i < in_page; i++)
		put_entry(bp + BP_OFF_E820_TABLE + (size_t)i * BP_E820_ENTRY_SIZE, &e820->r[i]);
	bp[BP_OFF_E820_ENTRIES] = (uint8_t)in_page;
	if (need) {
		setup_data_header(ext, SETUP_E820_EXT, (uint32_t)(need - SETUP_DATA_HEADER_SIZE));
		for (i = in_page; i < e820->n; i++)
			put_entry(ext + SETUP_DATA_HEADER_SIZE + (i - in_page) * BP_E820_ENTRY_SIZE, &e820->r[i]);
	}
	*ext_used = need;
	return 0;
}

void bootparams_link_setup_data(uint8_t bp[BP_SIZE], uint8_t *node, uint64_t node_addr)
{
	bp_put(node, bp_get(bp + BP_OFF_SETUP_DATA, 8), 8);
	bp_put(bp + BP_OFF_SETUP_DATA, node_addr, 8);
}
