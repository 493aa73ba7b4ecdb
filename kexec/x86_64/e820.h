/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The e820 table for the next kernel: from the firmware map or /proc/iomem (normal), or the crash policy. */
#ifndef SB_X86_64_E820_H
#define SB_X86_64_E820_H

#include <stddef.h>
#include <stdint.h>
#include "memory-ranges.h"

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

#endif
