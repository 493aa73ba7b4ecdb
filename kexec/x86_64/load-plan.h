/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kexec_load(2) segment list for an x86_64 bzImage (normal and crash), planned from recorded system state. */
#ifndef SB_X86_64_LOAD_PLAN_H
#define SB_X86_64_LOAD_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "boot-params-efi.h"
#include "bzimage.h"
#include "crashdump.h"
#include "memory-ranges.h"

/*
 * Pure: everything the plan needs is passed in (kexec/kexec-load.c reads it from /proc and
 * /sys), so the unit tests plan on the recorded samples of tests/data/.
 *
 * Segments, in placement order (each page-aligned, as kexec_load's sanity_check_segment_list()
 * in kernel/kexec_core.c demands, none overlapping another):
 *   kernel   the protected-mode part of the bzImage (bufsz = syssize*16: no signature), memsz =
 *            init_size, at a kernel_alignment-aligned address, bottom-up from 16 MiB (normal);
 *   initrd   top-down below initrd_addr_max (above only when XLF_CAN_BE_LOADED_ABOVE_4G and
 *            nothing fits below);
 *   elfcorehdr (crash only) the ELF core header;
 *   setup    boot_params page | command line | SETUP_E820_EXT node | SETUP_EFI node (with
 *            the EFI runtime map), below 4 GiB when possible;
 *   purgatory the blob with its filled parameter block; the kexec_load entry is in it.
 * Normal: placed in System RAM of the e820 map given to the next kernel, above 1 MiB.
 * Crash: placed inside the "Crash kernel" ranges only (the kernel refuses anything else for
 * KEXEC_ON_CRASH), the e820 map is e820_for_crash() minus the ELF header, and
 * " elfcorehdr=0x<addr>" is appended to the command line.
 */

#define X86_PLAN_MAX_SEGS 5

/* kexec_load(2) flags (include/uapi/linux/kexec.h). */
#define X86_KEXEC_ON_CRASH          0x00000001
#define X86_KEXEC_UPDATE_ELFCOREHDR 0x00000004  /* 6.5+: the kernel may rewrite the ELF core header */
#define X86_KEXEC_ARCH_X86_64       (62 << 16)

struct x86_load_in {
	const struct bzimage_info *bz;
	const char *cmdline;                /* without elfcorehdr= (added here for crash) */
	const uint8_t *initrd;              /* NULL: none */
	size_t initrd_len;
	bool crash;
	const struct mem_map *iomem;        /* /proc/iomem, parsed (crash: required) */
	const struct mem_map *e820_src;     /* normal: the map the next kernel's e820 is built from */
	const uint8_t *running_bp;          /* /sys/kernel/boot_params/data, or NULL */
	size_t running_bp_len;
	const struct efi_rt_map *efi_map;   /* NULL or empty: no EFI state passed */
	const struct efi_setup_in *efi;
	const struct crash_elf_input *crash_in; /* crash: notes, vmcoreinfo, text; ram/exclude set here */
	const uint8_t *purgatory;           /* sb_purgatory_blob and its layout (tests may pass others) */
	size_t purgatory_len, purgatory_params_offset, purgatory_entry_offset, purgatory_mem_size;
	uint16_t serial_port;               /* purgatory console, 0: silent */
	/*
	 * Crash hotplug (probe.h): 0, or the kernel's crash_elfcorehdr_size. Then the ELF core
	 * header segment gets memsz = that size (page-rounded; at least the header built), the
	 * crash kernel's e820 leaves all of it out, the purgatory does not hash that one segment
	 * (the kernel rewrites it on CPU/memory hotplug; every other segment is still checked) and
	 * the flags include KEXEC_UPDATE_ELFCOREHDR, which x86 accepts from 6.5 on
	 * (arch/x86/kernel/crash.c arch_crash_hotplug_support(): this flag or the later
	 * KEXEC_CRASH_HOTPLUG_SUPPORT, which 6.5..6.9 refuse; kexec-tools 2.0.28+ --hotplug does the same).
	 */
	uint64_t hotplug_elfcorehdr_size;
};

struct x86_segment {
	const uint8_t *buf;
	size_t bufsz;
	uint64_t mem;
	uint64_t memsz;
	const char *what;                   /* "kernel", "initrd", ... for messages */
};

struct x86_load_plan {
	struct x86_segment seg[X86_PLAN_MAX_SEGS];
	size_t nseg;
	uint64_t entry;                     /* kexec_load entry: purgatory + entry offset */
	uint64_t kernel_addr, bp_addr, cmdline_addr, elfcorehdr_addr;
	size_t e820_entries, efi_descs;
	bool efi;                           /* EFI state (efi_info + SETUP_EFI) passed */
	bool hotplug;                       /* crash hotplug: elfcorehdr left out of the purgatory's table */
	unsigned long kexec_flags;          /* for kexec_load(2): arch | ON_CRASH | UPDATE_ELFCOREHDR */
	/* Owned buffers (free with x86_load_plan_free). */
	uint8_t *setup_buf, *elf_buf, *purg_buf;
	size_t elf_len;
};

enum x86_plan_error {
	PLAN_E_CMDLINE   = -700, /* command line (with elfcorehdr=) longer than the kernel's cmdline_size */
	PLAN_E_NO_ROOM   = -701, /* a segment fits nowhere in the allowed memory */
	PLAN_E_NO_RAM    = -702, /* no System RAM / no crash region in the maps */
	PLAN_E_NOMEM     = -703,
	PLAN_E_ARG       = -704,
};

/* Short stable name of a PLAN_E_* code ("plan-cmdline", ...); NULL for codes not ours. */
const char *x86_plan_strerror(int err);

/*
 * Whether a code x86_load_plan() returned means an allocation failed (PLAN_E_NOMEM or the
 * out-of-memory code of a module it called): no property of the image or the machine, so the
 * caller reports a failure, not "unsupported".
 */
int x86_plan_error_is_nomem(int err);

/* Plan; on failure returns a *_E_* code (of this or the module that failed), *out untouched. */
int x86_load_plan(const struct x86_load_in *in, struct x86_load_plan *out, char *why, size_t why_len);
void x86_load_plan_free(struct x86_load_plan *p);

#endif
