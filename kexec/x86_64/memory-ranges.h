/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Physical memory ranges: parsing /proc/iomem and /sys/firmware/memmap, interval arithmetic, hole finding. */
#ifndef SB_X86_64_MEMORY_RANGES_H
#define SB_X86_64_MEMORY_RANGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Types are the e820 numbers (arch/x86/include/asm/e820/types.h) so a range list maps 1:1 to a
 * boot_params e820 table; MR_CRASH and MR_OTHER never reach an e820 table.
 */
enum mr_type {
	MR_RAM            = 1,   /* "System RAM" */
	MR_RESERVED       = 2,   /* "Reserved" / "reserved" */
	MR_ACPI           = 3,   /* "ACPI Tables" */
	MR_NVS            = 4,   /* "ACPI Non-volatile Storage" */
	MR_UNUSABLE       = 5,   /* "Unusable memory" */
	MR_PMEM           = 7,   /* "Persistent Memory" */
	MR_PRAM           = 12,  /* "Persistent Memory (legacy)" */
	MR_SOFT_RESERVED  = 0xefffffff, /* "Soft Reserved" */
	MR_CRASH          = 0x10000, /* "Crash kernel" (nested in System RAM in /proc/iomem) */
	MR_KERNEL         = 0x10001, /* "Kernel code" / "Kernel rodata" / "Kernel data" / "Kernel bss" */
	MR_OTHER          = 0x1ffff, /* anything else (PCI windows, ROMs, device BARs) */
};

/* Inclusive end, as in /proc/iomem and the kernel's struct resource: [start, end]. */
struct mem_range {
	uint64_t start;
	uint64_t end;
	uint32_t type;
	uint8_t depth;           /* /proc/iomem nesting level (leading spaces / 2); 0 for memmap */
};

/* A growable list; zero-initialise, release with mr_free(). */
struct mem_map {
	struct mem_range *r;
	size_t n, cap;
};

/* Error codes (class "malformed" / resources), distinct from other parts' ranges. */
enum mr_error {
	MR_E_SYNTAX      = -620, /* a line that is not "start-end : name" (iomem) or a bad number */
	MR_E_RANGE       = -621, /* end < start */
	MR_E_NOMEM       = -622,
	MR_E_NO_FIT      = -623, /* no hole of that size/alignment within the bounds */
	MR_E_OVERLAP     = -624, /* ranges of one map overlap where they must not */
	MR_E_TOO_MANY    = -625, /* more ranges than MR_MAX_RANGES */
	MR_E_ARG         = -626, /* invalid argument (alignment not a power of two, min > max) */
};

#define MR_MAX_RANGES 8192   /* far above any real machine; bounds memory use on hostile input */

/* Short stable name of an MR_E_* code ("mr-syntax", ...); NULL for codes not ours. */
const char *mr_strerror(int err);

void mr_free(struct mem_map *m);
int mr_add(struct mem_map *m, uint64_t start, uint64_t end, uint32_t type, uint8_t depth);
/* Sort by start (then by depth), stable for equal keys. */
void mr_sort(struct mem_map *m);

/* Name in /proc/iomem or /sys/firmware/memmap/N/type -> MR_* (exact, case-sensitive except "reserved"). */
uint32_t mr_type_from_name(const char *name, size_t len);
/* e820/iomem name for an e820 type ("System RAM", ...), for messages. */
const char *mr_type_name(uint32_t type);
/* True for the types a boot_params e820 table may carry (not MR_CRASH, MR_KERNEL, MR_OTHER). */
bool mr_is_e820_type(uint32_t type);

/*
 * Parse the whole text of /proc/iomem: every line, with its depth and classified type.
 * Lines must be "<hex>-<hex> : <name>" after 2*depth spaces; a trailing line without '\n' is
 * accepted. On failure *out is untouched and *bad_line (if not NULL) is the 1-based line.
 * Note: /proc/iomem shows zeros instead of addresses to readers without CAP_SYS_ADMIN; such a
 * file parses but has no usable ranges (callers must check).
 */
int mr_parse_iomem(const char *text, size_t len, struct mem_map *out, size_t *bad_line);

/*
 * One /sys/firmware/memmap/N entry: the contents of its start, end and type files
 * ("0x100000\n", "0x805fff\n", "System RAM\n"). Appends to *m.
 */
int mr_add_firmware_entry(struct mem_map *m, const char *start, const char *end, const char *type);

/* Copy the ranges of `in` with type `type` (and depth <= max_depth) to *out (appended). */
int mr_select(const struct mem_map *in, uint32_t type, unsigned max_depth, struct mem_map *out);

/*
 * Remove [start, end] from every range of *m, splitting where needed (crash_exclude_mem_range()
 * in kernel/crash_core.c does the same for the kernel's own ELF header).
 */
int mr_exclude(struct mem_map *m, uint64_t start, uint64_t end);

/*
 * Find `size` bytes aligned to `align` (power of two) inside one range of `allowed`, within
 * [min, max] (max inclusive: the last byte), not overlapping any range of `used` (may be NULL).
 * top_down picks the highest fit (kexec-tools and the kernel place the crash kernel's pieces
 * bottom-up, the initrd top-down). On success *addr is set.
 */
int mr_find_hole(const struct mem_map *allowed, const struct mem_map *used, uint64_t size,
		 uint64_t align, uint64_t min, uint64_t max, bool top_down, uint64_t *addr);

#endif
