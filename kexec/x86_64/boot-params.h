/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writers of the next kernel's boot_params ("zero page"): setup header, command line, initrd, e820 table, setup_data list. */
#ifndef SB_X86_64_BOOT_PARAMS_H
#define SB_X86_64_BOOT_PARAMS_H

#include <stddef.h>
#include <stdint.h>
#include "bzimage.h"
#include "memory-ranges.h"

/*
 * Layout: arch/x86/include/uapi/asm/bootparam.h (struct boot_params, 4096 bytes) and
 * Documentation/arch/x86/zero-page.rst. Written byte by byte (little-endian), so the host
 * compiler's struct packing never matters.
 */
#define BP_SIZE                 4096
#define BP_E820_MAX_ZEROPAGE    128    /* E820_MAX_ENTRIES_ZEROPAGE */
#define BP_E820_ENTRY_SIZE      20     /* struct boot_e820_entry { u64 addr; u64 size; u32 type; } packed */
#define SETUP_DATA_HEADER_SIZE  16     /* struct setup_data { u64 next; u32 type; u32 len; u8 data[]; } */
#define SETUP_E820_EXT          1
#define SETUP_EFI               4

/* Field offsets in struct boot_params used here and by the loader. */
#define BP_OFF_ACPI_RSDP_ADDR    0x070
#define BP_OFF_EXT_RAMDISK_IMAGE 0x0c0
#define BP_OFF_EXT_RAMDISK_SIZE  0x0c4
#define BP_OFF_EXT_CMD_LINE_PTR  0x0c8
#define BP_OFF_EFI_INFO          0x1c0
#define BP_OFF_E820_ENTRIES      0x1e8
#define BP_OFF_SENTINEL          0x1ef
#define BP_OFF_HDR               0x1f1
#define BP_OFF_TYPE_OF_LOADER    0x210
#define BP_OFF_RAMDISK_IMAGE     0x218
#define BP_OFF_RAMDISK_SIZE      0x21c
#define BP_OFF_CMD_LINE_PTR      0x228
#define BP_OFF_HARDWARE_SUBARCH  0x23c
#define BP_OFF_SETUP_DATA        0x250
#define BP_OFF_E820_TABLE        0x2d0

/*
 * Start a boot_params page for a parsed bzImage: zeroed, the file's setup header copied to 0x1f1
 * (boot.rst: "copy the setup header into the zero page"), type_of_loader 0xff ("undefined":
 * no boot-loader ID is assigned to sbkexec), setup_data 0.
 */
void bootparams_init(uint8_t bp[BP_SIZE], const struct bzimage_info *bz);

void bootparams_set_cmdline(uint8_t bp[BP_SIZE], uint64_t addr);
void bootparams_set_initrd(uint8_t bp[BP_SIZE], uint64_t addr, uint64_t size);
void bootparams_set_acpi_rsdp(uint8_t bp[BP_SIZE], uint64_t addr);
void bootparams_set_hardware_subarch(uint8_t bp[BP_SIZE], uint32_t subarch);

/* Size of the SETUP_E820_EXT node needed for n entries (0 when n <= 128). */
size_t e820_ext_size(size_t n);

/*
 * Write the map into boot_params.e820_table (up to 128 entries, e820_entries set) and the rest
 * into a SETUP_E820_EXT setup_data node in ext[0..ext_len) (arch/x86/kernel/e820.c,
 * e820__memory_setup_extended(), appends those). *ext_used is the node's size (0: none needed);
 * the caller places it and calls bootparams_link_setup_data(). Fails with MR_E_TOO_MANY when
 * ext_len is too small; then bp and ext are untouched. Types above 32 bits or MR_CRASH/MR_OTHER
 * entries are MR_E_ARG: only e820 types reach the kernel.
 */
int bootparams_set_e820(uint8_t bp[BP_SIZE], const struct mem_map *e820, uint8_t *ext, size_t ext_len,
			size_t *ext_used);

/* Build a setup_data node header in node[0..16) (next = 0) for `len` payload bytes. */
void setup_data_header(uint8_t *node, uint32_t type, uint32_t len);

/* Push a node (already in its buffer, to be loaded at node_addr) on the boot_params setup_data list. */
void bootparams_link_setup_data(uint8_t bp[BP_SIZE], uint8_t *node, uint64_t node_addr);

/* Little-endian accessors for the loader and the tests. */
uint64_t bp_get(const uint8_t *p, unsigned bytes);
void bp_put(uint8_t *p, uint64_t v, unsigned bytes);

#endif
