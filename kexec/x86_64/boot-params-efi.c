/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Builds the SETUP_EFI node (efi_setup_data + runtime map) and copies EFI/console fields from the running boot_params. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "boot-params-efi.h"

void efi_rt_map_free(struct efi_rt_map *m)
{
	free(m->d);
	m->d = NULL;
	m->n = m->cap = 0;
}

/* A whole sysfs number: "0x..." or decimal, one optional trailing newline, nothing else. */
static int parse_num(const char *s, uint64_t *v)
{
	char *e;
	unsigned long long x;

	if (!s || !(*s >= '0' && *s <= '9'))
		return EFIBP_E_SYNTAX;
	errno = 0;
	x = strtoull(s, &e, 0);
	if (errno || e == s || !(*e == '\0' || (e[0] == '\n' && e[1] == '\0')))
		return EFIBP_E_SYNTAX;
	*v = x;
	return 0;
}

int efi_rt_map_add(struct efi_rt_map *m, const char *type, const char *phys, const char *virt,
		   const char *pages, const char *attr)
{
	struct efi_rt_desc d;
	uint64_t t, bytes, last;

	if (parse_num(type, &t) || parse_num(phys, &d.phys_addr) || parse_num(virt, &d.virt_addr) ||
	    parse_num(pages, &d.num_pages) || parse_num(attr, &d.attribute))
		return EFIBP_E_SYNTAX;
	if (t > UINT32_MAX || d.num_pages == 0 || (d.phys_addr & 0xfff) || (d.virt_addr & 0xfff) ||
	    d.num_pages > (UINT64_MAX >> EFI_PAGE_SHIFT))
		return EFIBP_E_DESC;
	bytes = d.num_pages << EFI_PAGE_SHIFT;
	if (__builtin_add_overflow(d.phys_addr, bytes - 1, &last) ||
	    __builtin_add_overflow(d.virt_addr, bytes - 1, &last))
		return EFIBP_E_DESC;
	d.type = (uint32_t)t;
	if (m->n >= EFI_RT_MAX_DESC)
		return EFIBP_E_TOO_MANY;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		struct efi_rt_desc *nd = realloc(m->d, cap * sizeof(*nd));

		if (!nd)
			return EFIBP_E_NOMEM;
		m->d = nd;
		m->cap = cap;
	}
	m->d[m->n++] = d;
	return 0;
}

size_t efi_setup_node_size(size_t n)
{
	return SETUP_DATA_HEADER_SIZE + EFI_SETUP_DATA_SIZE + n * EFI_DESC_SIZE;
}

int efi_setup_build(const struct efi_rt_map *map, const struct efi_setup_in *in, uint8_t *node,
		    size_t node_len, size_t *map_offset)
{
	size_t need, i;
	uint8_t *esd, *p;

	if (map->n > EFI_RT_MAX_DESC)
		return EFIBP_E_TOO_MANY;
	need = efi_setup_node_size(map->n);
	if (!node || need > node_len)
		return EFIBP_E_SPACE;
	memset(node, 0, need);
	setup_data_header(node, SETUP_EFI, (uint32_t)(need - SETUP_DATA_HEADER_SIZE));
	esd = node + SETUP_DATA_HEADER_SIZE;
	bp_put(esd + 0, in->fw_vendor, 8);
	bp_put(esd + 8, in->runtime, 8);     /* "__unused" since 5.7; older kernels read runtime here */
	bp_put(esd + 16, in->tables, 8);
	bp_put(esd + 24, in->smbios, 8);
	p = esd + EFI_SETUP_DATA_SIZE;
	for (i = 0; i < map->n; i++, p += EFI_DESC_SIZE) {
		bp_put(p + 0, map->d[i].type, 4);
		bp_put(p + 4, 0, 4);
		bp_put(p + 8, map->d[i].phys_addr, 8);
		bp_put(p + 16, map->d[i].virt_addr, 8);
		bp_put(p + 24, map->d[i].num_pages, 8);
		bp_put(p + 32, map->d[i].attribute, 8);
	}
	*map_offset = SETUP_DATA_HEADER_SIZE + EFI_SETUP_DATA_SIZE;
	return 0;
}

int bootparams_copy_running(uint8_t bp[BP_SIZE], const uint8_t *running, size_t running_len)
{
	if (!running || running_len < BP_SIZE)
		return EFIBP_E_RUNNING;
	memcpy(bp + BP_OFF_SCREEN_INFO, running + BP_OFF_SCREEN_INFO, BP_SCREEN_INFO_SIZE);
	memcpy(bp + BP_OFF_ACPI_RSDP_ADDR, running + BP_OFF_ACPI_RSDP_ADDR, 8);
	memcpy(bp + BP_OFF_HARDWARE_SUBARCH, running + BP_OFF_HARDWARE_SUBARCH, 4);
	memcpy(bp + BP_OFF_HARDWARE_SUBARCH_DATA, running + BP_OFF_HARDWARE_SUBARCH_DATA, 8);
	bp[BP_OFF_SECURE_BOOT] = running[BP_OFF_SECURE_BOOT];
	return 0;
}

/* struct efi_info (bootparam.h): loader_signature, systab, memdesc_size, memdesc_version,
   memmap, memmap_size, systab_hi, memmap_hi: eight u32 at 0x1c0. */
#define EI_SIGNATURE 0x00
#define EI_SYSTAB    0x04
#define EI_DESC_SIZE 0x08
#define EI_DESC_VER  0x0c
#define EI_MEMMAP    0x10
#define EI_MAP_SIZE  0x14
#define EI_SYSTAB_HI 0x18
#define EI_MEMMAP_HI 0x1c

int bootparams_set_efi(uint8_t bp[BP_SIZE], const uint8_t *running, size_t running_len,
		       uint64_t map_addr, size_t n)
{
	const uint8_t *ri;
	uint8_t *ei = bp + BP_OFF_EFI_INFO;
	uint64_t size;

	if (!running || running_len < BP_SIZE)
		return EFIBP_E_RUNNING;
	ri = running + BP_OFF_EFI_INFO;
	if (memcmp(ri + EI_SIGNATURE, "EL64", 4) != 0)
		return EFIBP_E_RUNNING;
	if (n > EFI_RT_MAX_DESC)
		return EFIBP_E_TOO_MANY;
	size = (uint64_t)n * EFI_DESC_SIZE;
	memset(ei, 0, BP_EFI_INFO_SIZE);
	memcpy(ei + EI_SIGNATURE, "EL64", 4);
	memcpy(ei + EI_SYSTAB, ri + EI_SYSTAB, 4);
	memcpy(ei + EI_SYSTAB_HI, ri + EI_SYSTAB_HI, 4);
	memcpy(ei + EI_DESC_VER, ri + EI_DESC_VER, 4);
	bp_put(ei + EI_DESC_SIZE, EFI_DESC_SIZE, 4);
	bp_put(ei + EI_MEMMAP, map_addr & 0xffffffffu, 4);
	bp_put(ei + EI_MEMMAP_HI, map_addr >> 32, 4);
	bp_put(ei + EI_MAP_SIZE, size, 4);
	return 0;
}

const char *efibp_strerror(int err)
{
	switch (err) {
	case EFIBP_E_SYNTAX:   return "efi-syntax";
	case EFIBP_E_DESC:     return "efi-descriptor";
	case EFIBP_E_TOO_MANY: return "efi-too-many";
	case EFIBP_E_SPACE:    return "efi-no-space";
	case EFIBP_E_RUNNING:  return "efi-running-boot-params";
	case EFIBP_E_NOMEM:    return "efi-no-memory";
	default:               return NULL;
	}
}
