/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reads the running system's state the kexec_load planner needs: memory maps, boot_params, EFI, crash inputs. */
#ifndef SB_X86_64_PROBE_H
#define SB_X86_64_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "boot-params-efi.h"
#include "crashdump.h"
#include "memory-ranges.h"

/*
 * The only file of kexec/x86_64 that touches the file system; everything it reads goes through
 * the parsers of memory-ranges.c, boot-params-efi.c and crashdump.c, and the planner
 * (load-plan.c) sees only the parsed result. Every path is taken below `root` ("" on a live
 * system; the unit test points it at a tree built from the recorded samples of tests/data/).
 *
 * Sources (formats in the headers of the parsers):
 *   /proc/iomem                       always (crash: must show addresses: CAP_SYS_ADMIN)
 *   /sys/firmware/memmap/N/{start,end,type}   normal kexec, when /proc/iomem shows no addresses
 *   /sys/kernel/boot_params/data      optional (without it: no EFI state, no copied fields)
 *   /sys/firmware/efi/{fw_vendor,runtime,config_table,systab}, /sys/firmware/efi/runtime-map/N/
 *                                     optional (missing pieces: a warning, no EFI runtime services)
 *   crash only: /sys/devices/system/cpu/cpuN/crash_notes{,_size}, /sys/kernel/vmcoreinfo,
 *     /proc/kallsyms (_text, _end), /proc/kcore (the direct-map base), and for crash hotplug
 *     (Linux 6.5+, CONFIG_CRASH_HOTPLUG) /sys/kernel/crash_elfcorehdr_size (or the same name in
 *     /sys/kernel/kexec/, where newer kernels group the kexec attributes; "%u\n": the bytes
 *     the kernel needs to rewrite the ELF core header for the maximum CPUs and memory ranges,
 *     kernel/ksysfs.c) and /sys/devices/system/{cpu,memory}/crash_hotplug (drivers/base/cpu.c,
 *     drivers/base/memory.c; "1" once a crash image that allows updates is loaded)
 */
struct x86_sys_state {
	struct mem_map iomem;             /* empty when it showed no addresses (normal kexec) */
	struct mem_map memmap;            /* filled only as the fallback of a normal kexec */
	uint8_t *running_bp;              /* /sys/kernel/boot_params/data, or NULL */
	size_t running_bp_len;
	struct efi_rt_map efi_map;        /* empty: the next kernel gets no EFI state */
	struct efi_setup_in efi;
	struct crash_cpu_note *notes;     /* crash: one per cpuN/crash_notes */
	size_t nnotes;
	struct crash_elf_input crash;     /* crash: notes, vmcoreinfo, text, page_offset (ram and
	                                     exclude are set by the planner) */
	uint64_t hotplug_elfcorehdr_size; /* crash: crash_elfcorehdr_size; 0: no crash hotplug (the
	                                     file is absent, e.g. Debian 12's 6.1, or malformed: warned) */
	bool cpu_crash_hotplug;           /* /sys/devices/system/cpu/crash_hotplug exists */
	bool memory_crash_hotplug;        /* /sys/devices/system/memory/crash_hotplug exists */
};

/* Above this, crash_elfcorehdr_size is not believed (the kernel's own value is ~1 MiB for
   8192 CPUs + 8192 memory ranges: sizeof(Elf64_Ehdr) + (2 + CPUs + ranges) * sizeof(Elf64_Phdr)). */
#define PROBE_HOTPLUG_HDR_MAX (16u << 20)

/*
 * Where the probe reports. Conditions the load survives (EFI state missing, no kernel text
 * symbols) go to warn(); the trace to debug(); either may be NULL. A failure writes one
 * sentence naming the file and the reason into why[0..why_len).
 */
struct x86_probe_log {
	void (*warn)(const char *msg);
	void (*debug)(const char *msg);
	char *why;
	size_t why_len;
};

enum x86_probe_error {
	PROBE_E_IOMEM        = -720, /* /proc/iomem unreadable or a line that does not parse */
	PROBE_E_NO_ADDRESSES = -721, /* crash: /proc/iomem shows zeros (reader lacks CAP_SYS_ADMIN) */
	PROBE_E_NO_MAP       = -722, /* normal: neither /proc/iomem nor /sys/firmware/memmap gives a map */
	PROBE_E_CRASH_NOTES  = -723, /* crash: no cpuN/crash_notes, or one unreadable/malformed */
	PROBE_E_VMCOREINFO   = -724, /* crash: /sys/kernel/vmcoreinfo unreadable or malformed */
	PROBE_E_NOMEM        = -725,
	PROBE_E_READ         = -726, /* a file that is there could not be read (an I/O error): what it
	                                holds is unknown, so nothing is planned without it */
};

/*
 * Read everything for a normal (crash = false) or crash kexec_load. On failure returns a
 * PROBE_E_* code with log->why set; *s is then freed (x86_sys_state_free) and zeroed.
 * An optional source that is absent is warned about (see above); one that is there but fails
 * to read is PROBE_E_READ: a load planned without it would differ from the one asked for.
 */
int x86_probe(const char *root, bool crash, struct x86_sys_state *s, const struct x86_probe_log *log);
void x86_sys_state_free(struct x86_sys_state *s);

/* Short stable name of a PROBE_E_* code ("probe-iomem", ...); NULL for codes not ours. */
const char *x86_probe_strerror(int err);

#endif
