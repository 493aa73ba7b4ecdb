/* SPDX-License-Identifier: GPL-2.0-or-later */
/* EFI state for the next kernel: SETUP_EFI setup_data with the runtime memory map, and boot_params fields copied from the running kernel. */
#ifndef SB_X86_64_BOOT_PARAMS_EFI_H
#define SB_X86_64_BOOT_PARAMS_EFI_H

#include <stddef.h>
#include <stdint.h>
#include "boot-params.h"

/*
 * Why: after SetVirtualAddressMap() the firmware's system table holds virtual pointers and
 * cannot be called again, so a kexec'd kernel keeps EFI runtime services only if it is told
 * (1) the physical fw_vendor and config-table addresses (struct efi_setup_data in a SETUP_EFI
 * setup_data node: arch/x86/include/asm/efi.h, read by efi_systab_init() in
 * arch/x86/platform/efi/efi.c), and (2) the runtime regions with the virtual addresses already
 * assigned (efi_info.efi_memmap; kexec_enter_virtual_mode() maps them there instead of calling
 * SetVirtualAddressMap again). Sources: /sys/firmware/efi/{fw_vendor,runtime,config_table,systab}
 * and /sys/firmware/efi/runtime-map/N/ (drivers/firmware/efi/runtime-map.c), and the running
 * kernel's own boot_params (/sys/kernel/boot_params/data) for efi_info, screen_info,
 * acpi_rsdp_addr, hardware_subarch and secure_boot: the fields the kernel's kexec_file path
 * (arch/x86/kernel/kexec-bzimage64.c) carries over.
 */

/* EFI_MEMORY_DESCRIPTOR (UEFI 2.10 section 7.2, GetMemoryMap()) as the kernel's efi_memory_desc_t. */
struct efi_rt_desc {
	uint32_t type;
	uint64_t phys_addr;
	uint64_t virt_addr;
	uint64_t num_pages;
	uint64_t attribute;
};

#define EFI_DESC_SIZE           40     /* sizeof(efi_memory_desc_t): u32 type, u32 pad, 4 x u64 */
#define EFI_SETUP_DATA_SIZE     96     /* struct efi_setup_data: fw_vendor, __unused (runtime), tables, smbios, reserved[8] */
#define EFI_RT_MAX_DESC         1024   /* bounds memory on hostile sysfs input; real maps have tens */
#define EFI_PAGE_SHIFT          12

#define BP_OFF_SCREEN_INFO      0x000
#define BP_SCREEN_INFO_SIZE     0x40
#define BP_OFF_SECURE_BOOT      0x1ec
#define BP_EFI_INFO_SIZE        32
#define BP_OFF_HARDWARE_SUBARCH_DATA 0x240

enum efi_bp_error {
	EFIBP_E_SYNTAX   = -680, /* a runtime-map attribute that is not a number */
	EFIBP_E_DESC     = -681, /* a descriptor with 0 pages, a size that overflows, or an unaligned address */
	EFIBP_E_TOO_MANY = -682, /* more than EFI_RT_MAX_DESC descriptors */
	EFIBP_E_SPACE    = -683, /* output buffer too small */
	EFIBP_E_RUNNING  = -684, /* running boot_params shorter than a page, or without an EFI signature */
	EFIBP_E_NOMEM    = -685,
};

/* Short stable name of an EFIBP_E_* code ("efi-syntax", ...); NULL for codes not ours. */
const char *efibp_strerror(int err);

struct efi_rt_map {
	struct efi_rt_desc *d;
	size_t n, cap;
};

void efi_rt_map_free(struct efi_rt_map *m);

/*
 * One /sys/firmware/efi/runtime-map/N entry from the contents of its type, phys_addr, virt_addr,
 * num_pages and attribute files ("0x%x\n" / "0x%llx\n"). Checked: numbers whole, pages != 0,
 * phys/virt page-aligned, phys + pages * 4 KiB without overflow. Appends to *m.
 */
int efi_rt_map_add(struct efi_rt_map *m, const char *type, const char *phys, const char *virt,
		   const char *pages, const char *attr);

/* Physical addresses for struct efi_setup_data (0 when the file is absent, as the kernel allows for smbios). */
struct efi_setup_in {
	uint64_t fw_vendor;      /* /sys/firmware/efi/fw_vendor */
	uint64_t runtime;        /* /sys/firmware/efi/runtime (kept for older kernels' layout) */
	uint64_t tables;         /* /sys/firmware/efi/config_table */
	uint64_t smbios;         /* /sys/firmware/efi/systab SMBIOS= */
};

/* Bytes of the SETUP_EFI node for n descriptors: header + efi_setup_data + n * EFI_DESC_SIZE. */
size_t efi_setup_node_size(size_t n);

/*
 * Write the SETUP_EFI node into node[0..node_len): setup_data header (next = 0, type SETUP_EFI,
 * len = efi_setup_data + map), struct efi_setup_data, then the runtime map. The map rides in
 * the node's payload on purpose: the decompressor's KASLR avoids every setup_data node
 * (arch/x86/boot/compressed/kaslr.c mem_avoid_init) and the kernel reserves them
 * (e820__reserve_setup_data), so the map cannot be overwritten before efi_memmap_init_early()
 * reads it. *map_offset is where the map starts inside the node.
 */
int efi_setup_build(const struct efi_rt_map *map, const struct efi_setup_in *in, uint8_t *node,
		    size_t node_len, size_t *map_offset);

/*
 * Copy what the next kernel needs from the running kernel's boot_params (`running`, as read
 * from /sys/kernel/boot_params/data): screen_info, acpi_rsdp_addr, hardware_subarch(+data),
 * secure_boot. Does not touch the setup header (that comes from the new image) or efi_info.
 */
int bootparams_copy_running(uint8_t bp[BP_SIZE], const uint8_t *running, size_t running_len);

/*
 * efi_info for the next kernel: loader signature ("EL64"), systab (lo/hi) and memdesc_version
 * from the running kernel's efi_info; memdesc_size = EFI_DESC_SIZE, memmap = map_addr (lo/hi),
 * memmap_size = n * EFI_DESC_SIZE. EFIBP_E_RUNNING when the running kernel was not booted by
 * a 64-bit EFI loader (no "EL64"): then nothing is written.
 */
int bootparams_set_efi(uint8_t bp[BP_SIZE], const uint8_t *running, size_t running_len,
		       uint64_t map_addr, size_t n);

#endif
