/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The e820 table for the next kernel (normal and crash) and the boot_params ("zero page") it lives in. */
#ifndef SB_X86_64_E820_H
#define SB_X86_64_E820_H

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
 * The next kernel's memory map from a firmware map (/sys/firmware/memmap, preferred: it is the
 * map the firmware gave, before the running kernel's own edits) or from /proc/iomem: the
 * e820-typed ranges, sorted, adjacent same-type ranges merged, nested duplicates (an iomem
 * "Reserved" inside "PCI MMCONFIG") dropped. Partial overlaps are MR_E_OVERLAP.
 */
int e820_from_map(const struct mem_map *in, struct mem_map *out);

/*
 * The crash kernel's memory map, the policy of the kernel's own kexec_file path
 * (arch/x86/kernel/crash.c, crash_setup_memmap_entries()), so `kexec -c -p` and `kexec -s -p`
 * boot the crash kernel with the same view:
 *   - System RAM below 1 MiB, as RAM (the first kernel never allocates there: arch/x86/realmode
 *     reserves it, so the crash kernel may use it without destroying dump data);
 *   - ACPI Tables, ACPI Non-volatile Storage and Reserved ranges, with their types (ACPI tables
 *     must stay readable, reserved ranges keep the crash kernel off firmware/MMIO areas);
 *   - every "Crash kernel" range (high and low) as RAM, minus `exclude` (the ELF core header
 *     and anything else the crash kernel must not reuse), pieces smaller than a page dropped.
 * Not passed: the rest of System RAM (the dump itself), Persistent Memory, Soft Reserved.
 * Returns MR_E_NO_FIT when iomem has no "Crash kernel" range.
 */
int e820_for_crash(const struct mem_map *iomem, const struct mem_map *exclude, struct mem_map *out);

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
