/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The ELF64 core header ("elfcorehdr") a crash kernel turns into /proc/vmcore, built from recorded inputs. */
#ifndef SB_X86_64_CRASHDUMP_H
#define SB_X86_64_CRASHDUMP_H

#include <stddef.h>
#include <stdint.h>
#include "memory-ranges.h"

/*
 * Format: ELF-64 Object File Format (ET_CORE, program headers only) as the kernel's own
 * kexec_file path builds it (kernel/crash_core.c crash_prepare_elf64_headers(), called from
 * arch/x86/kernel/crash.c) and fs/proc/vmcore.c reads it; Documentation/admin-guide/kdump/kdump.rst.
 * Program headers, in this order:
 *   one PT_NOTE per possible CPU: its crash_notes buffer (p_offset = p_paddr = address);
 *   one PT_NOTE for VMCOREINFO;
 *   one PT_LOAD for the kernel text mapping (p_vaddr = _text, p_paddr = its physical address),
 *     when text_size != 0;
 *   one PT_LOAD per System RAM range minus the excluded ranges (p_vaddr = page_offset + paddr).
 * p_offset holds the physical address: the crash kernel's vmcore code rewrites offsets.
 */
struct crash_cpu_note {
	uint64_t addr;            /* /sys/devices/system/cpu/cpuN/crash_notes */
	uint64_t size;            /* .../crash_notes_size */
};

struct crash_elf_input {
	const struct crash_cpu_note *notes;
	size_t nnotes;
	uint64_t vmcoreinfo_addr;         /* /sys/kernel/vmcoreinfo: "addr size" */
	uint64_t vmcoreinfo_size;
	uint64_t text_paddr;              /* /proc/iomem "Kernel code" start */
	uint64_t text_vaddr;              /* /proc/kallsyms _text */
	uint64_t text_size;               /* _end - _text; 0: no kernel text PT_LOAD */
	uint64_t page_offset;             /* direct-map base (page_offset_base; /proc/kcore tells it) */
	const struct mem_map *ram;        /* System RAM ranges (depth 0 of /proc/iomem) */
	const struct mem_map *exclude;    /* ranges not dumped: crash_exclusions() */
};

/* Error codes, distinct from the other x86_64 planning modules. */
enum crash_error {
	CRASH_E_NO_CPUS     = -640, /* no crash_notes given */
	CRASH_E_NOTE        = -641, /* a note (CPU or vmcoreinfo) with size 0 or wrapping */
	CRASH_E_NO_RAM      = -642, /* nothing left to dump */
	CRASH_E_TOO_MANY    = -643, /* more program headers than ELF's 16-bit e_phnum allows */
	CRASH_E_NOMEM       = -644,
	CRASH_E_SYNTAX      = -645, /* a sysfs value did not parse */
	CRASH_E_NO_REGION   = -646, /* /proc/iomem has no "Crash kernel" range */
};

/* Short stable name of a CRASH_E_* code ("crash-no-cpus", ...); NULL for codes not ours. */
const char *crash_strerror(int err);

/*
 * What the first kernel's dump must not describe, as the kernel's elf_header_exclude_ranges():
 * the low 1 MiB (always reserved by the first kernel since 5.13, and reused by the crash
 * kernel as RAM) and every "Crash kernel" range (the crash kernel's own memory).
 */
int crash_exclusions(const struct mem_map *iomem, struct mem_map *out);

/* Build the header into a malloc'ed buffer; on success *out and *out_len are set (free() it). */
int crash_elf_build(const struct crash_elf_input *in, uint8_t **out, size_t *out_len);

/*
 * sysfs values (formats from kernel/ksysfs.c and drivers/base/cpu.c): /sys/kernel/vmcoreinfo is
 * "%pa %x\n" (both hex: "0x000000003dc62000 1024" is 0x1024 bytes), cpuN/crash_notes is "%llx\n"
 * (hex, no prefix), cpuN/crash_notes_size is "%zu\n" (decimal).
 */
int crash_parse_vmcoreinfo(const char *text, uint64_t *addr, uint64_t *size);
int crash_parse_hex(const char *text, uint64_t *value);
int crash_parse_dec(const char *text, uint64_t *value);

/*
 * The direct-map base (page_offset_base, randomised by KASLR) from the first bytes of
 * /proc/kcore: fs/proc/kcore.c gives each KCORE_RAM PT_LOAD p_paddr = __pa(p_vaddr), the text
 * map p_paddr = __pa_symbol() (vaddr in the top 2 GiB) and everything else p_paddr = -1; so the
 * first PT_LOAD with a real p_paddr below the kernel image map tells p_vaddr - p_paddr.
 * CRASH_E_SYNTAX for a header that is not ELF64 or whose program headers leave buf;
 * CRASH_E_NO_RAM when no such PT_LOAD exists. *page_offset untouched on failure.
 */
int crash_page_offset_from_kcore(const uint8_t *buf, size_t len, uint64_t *page_offset);

/* The crash kernel's command-line addition that points at the header: "elfcorehdr=0x<addr>". */
int crash_elfcorehdr_arg(uint64_t addr, char *buf, size_t len);

#endif
